// The web app is built, served and rendered by real Chromium, at phone and
// desktop width, and its pages pass axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, SCREENSHOTS, VIEWPORTS, launch, assertAccessible, watchErrors } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  test(`front page renders from WebAssembly and is accessible (${name})`, async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.setViewportSize(viewport);
    await page.goto(`${BASE_URL}/`);
    // The heading is rendered by the wasm app, not present in index.html.
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    assert.equal(await heading.textContent(), 'Fritid i Asker');
    assert.equal(await page.getAttribute('html', 'lang'), 'nb');
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page, `/ (${name})`);
    await page.screenshot({ path: join(SCREENSHOTS, `front-${name}.png`), fullPage: true });
    // Nothing is wider than the screen (no sideways scrolling at 320 px).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${viewport.width}px viewport`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the skip link moves keyboard focus to the main content', async () => {
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  assert.equal(focused, 'Hopp til hovedinnhold');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.close();
});

test('a deep link loads the app instead of a server 404', async () => {
  const page = await context.newPage();
  const response = await page.goto(`${BASE_URL}/aktiviteter/123`);
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.close();
});

test('the API reference renders offline from embedded assets', async () => {
  const page = await context.newPage();
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(BASE_URL)) external.push(r.url()); });
  await page.goto(`${BASE_URL}/api/docs/`);
  await page.getByText('Fritid API').first().waitFor();
  await page.getByText('/api/v1/auth/login').first().waitFor();
  assert.deepEqual(external, [], 'the API reference must not fetch from the internet');
  await page.screenshot({ path: join(SCREENSHOTS, 'api-docs-desktop.png') });
  await page.close();
});
