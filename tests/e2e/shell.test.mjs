// The web app shell in real Chromium: accounts, language, guards, keyboard
// use, and axe-core on every page at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_URL, SCREENSHOTS, launch, checkPage, expectHeading, openPage, confirmationPath } from './browser.mjs';

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const PASSWORD = 'lang-og-hemmelig-2026';
const heading = (page) => page.getByRole('heading', { level: 1 });

const newPage = () => openPage(context);

test('front page and the public pages render, in bokmål, accessibly', async () => {
  const page = await newPage();
  await page.goto(`${BASE_URL}/`);
  await expectHeading(page, 'Fritid i Asker');
  assert.equal(await page.getAttribute('html', 'lang'), 'nb');
  await checkPage(page, 'front');
  for (const [path, title, name] of [
    ['/aktiviteter', 'Aktiviteter', 'activities'],
    ['/bamsefondet', 'Bamsefondet', 'fund'],
    ['/utlan', 'Utlån fra BUA', 'lending'],
    ['/tilgjengelighet', 'Tilgjengelighetserklæring', 'accessibility'],
    ['/logg-inn', 'Logg inn', 'login'],
    ['/registrer', 'Registrer deg', 'register'],
    ['/finnes-ikke', 'Fant ikke siden', 'not-found'],
  ]) {
    await page.goto(`${BASE_URL}${path}`);
    await expectHeading(page, title);
    assert.match(await page.title(), new RegExp(`^${title} – Fritid$`));
    await checkPage(page, name);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('register → confirm by e-mail → logged in → reload keeps the session → English → log out', async () => {
  const page = await newPage();
  const email = `e2e-${Date.now()}@example.no`;
  await page.goto(`${BASE_URL}/registrer`);
  await expectHeading(page, 'Registrer deg');
  await page.getByLabel('Navn').fill('Kari Nordmann');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Opprett konto' }).click();
  const sent = page.locator('#register-sent');
  await sent.getByRole('heading', { name: 'Sjekk e-posten din' }).waitFor();
  assert.match(await sent.innerText(), new RegExp(`Vi har sendt en e-post til ${email}`));
  await checkPage(page, 'register-sent');

  // Logging in before the link is opened says what to do.
  await page.goto(`${BASE_URL}/logg-inn`);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.locator('#email-error').filter({ hasText: 'E-postadressen er ikke bekreftet ennå. Åpne lenken i e-posten vi sendte deg.' }).waitFor();

  // The link from the e-mail logs in; opened twice, it explains itself.
  const link = await confirmationPath(email);
  await page.goto(`${BASE_URL}${link}`);
  await expectHeading(page, 'Min side');
  assert.equal(new URL(page.url()).pathname, '/min-side');
  assert.ok((await page.locator('dd').allTextContents()).includes(email));
  // Focus moves to the new page's heading, so screen readers start there.
  // The app moves it just after drawing the page: wait for it (up to 5 s)
  // rather than read it once, which raced the move in a clean-clone run.
  await page.waitForFunction(() => document.activeElement?.id === 'page-title', null, { timeout: 5000 });
  await checkPage(page, 'account');

  // Registration time, in Norwegian, in Oslo time.
  assert.match((await page.locator('dd').allTextContents()).join(' '), /\d{1,2}\. [a-zæøå]+ \d{4}.*\d{2}[:.]\d{2}/);

  // Change the password. The first attempt meets an expired access token
  // (a 401 injected here): the app refreshes from the cookie once and retries.
  let attempts = 0;
  const refreshes = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/auth/refresh')) refreshes.push(r.url()); });
  await page.route('**/api/v1/me/password*', async (route) => {
    attempts += 1;
    if (attempts === 1) {
      await route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/api/problems#token_expired', title: 'Authentication required', status: 401, code: 'token_expired' }),
      });
    } else {
      await route.continue();
    }
  });
  await page.getByLabel('Nåværende passord').fill(PASSWORD);
  await page.getByLabel('Nytt passord').fill('et-helt-nytt-passord');
  await page.getByRole('button', { name: 'Lagre nytt passord' }).click();
  await page.getByRole('status').filter({ hasText: 'Passordet er byttet' }).waitFor();
  assert.equal(attempts, 2, 'retried once after the 401');
  assert.equal(refreshes.length, 1, 'refreshed once');
  assert.equal(await page.getByLabel('Nåværende passord').inputValue(), '');
  await page.unroute('**/api/v1/me/password*');

  // The refresh token is an HttpOnly cookie: scripts cannot see it, a reload can use it.
  assert.equal(await page.evaluate(() => document.cookie), '');
  await page.reload();
  await expectHeading(page, 'Min side');
  assert.ok((await page.locator('dd').allTextContents()).includes('Kari Nordmann'));

  await page.getByRole('button', { name: 'English' }).click();
  await expectHeading(page, 'My page');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await checkPage(page, 'account-en');
  await page.reload();
  await expectHeading(page, 'My page'); // the choice is remembered

  await page.getByRole('button', { name: 'Log out' }).click();
  await expectHeading(page, 'You are logged out');
  await checkPage(page, 'logged-out-en');
  await page.goto(`${BASE_URL}/min-side`);
  await expectHeading(page, 'Please log in');
  await checkPage(page, 'login-required-en');
  await page.getByRole('button', { name: 'Norsk' }).click();
  await expectHeading(page, 'Du må logge inn');
  // The 401 injected above and the 403 of the login before confirming are expected.
  assert.deepEqual(page.errors.filter((e) => !e.includes('401') && !e.includes('403')), []);

  // The link works once; opened again it says why and what to do.
  await page.goto(`${BASE_URL}${link}`);
  await expectHeading(page, 'Bekreft e-postadressen');
  await page.getByRole('alert').filter({ hasText: 'Lenken er brukt eller for gammel' }).waitFor();
  await page.getByRole('link', { name: 'Registrer deg på nytt' }).waitFor();
  await checkPage(page, 'confirm-email-spent');
  await page.close();
});

test('a wrong password is reported next to the password field', async () => {
  const page = await newPage();
  await page.goto(`${BASE_URL}/logg-inn`);
  await expectHeading(page, 'Logg inn');
  await page.getByLabel('E-post').fill('innbygger@fritid.test');
  await page.getByLabel('Passord').fill('feil-passord-123');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  const error = page.locator('#password-error');
  await error.waitFor();
  assert.equal(await error.textContent(), 'Feil e-post eller passord.');
  const input = page.locator('#password');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await input.getAttribute('aria-describedby'), /password-error/);
  assert.equal(await page.getByRole('alert').first().textContent(), 'Skjemaet har feil. Rett feltene som er merket.');
  await checkPage(page, 'login-error');
  await page.close();
});

test('a network failure is explained in words', async () => {
  const page = await newPage();
  await page.route('**/api/v1/auth/login*', (route) => route.abort('internetdisconnected'));
  await page.goto(`${BASE_URL}/logg-inn`);
  await expectHeading(page, 'Logg inn');
  await page.getByLabel('E-post').fill('innbygger@fritid.test');
  await page.getByLabel('Passord').fill('fritid-demo-2026');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(), 'Fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.');
  assert.equal(new URL(page.url()).pathname, '/logg-inn');
  await page.close();
});

test('forms check input with the shared rules before sending', async () => {
  const page = await newPage();
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/auth/register')) posts.push(r.url()); });
  await page.goto(`${BASE_URL}/registrer`);
  await expectHeading(page, 'Registrer deg');
  await page.getByLabel('E-post').fill('ikke-en-adresse');
  await page.getByLabel('Passord').fill('kort');
  await page.getByRole('button', { name: 'Opprett konto' }).click();
  await page.locator('#display_name-error').waitFor();
  assert.equal(await page.locator('#display_name-error').textContent(), 'Feltet må fylles ut.');
  assert.equal(await page.locator('#email-error').textContent(), 'Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.');
  assert.equal(await page.locator('#password-error').textContent(), 'Må ha minst 10 tegn.');
  assert.match(await page.locator('#password').getAttribute('aria-describedby'), /password-hint password-error/);
  assert.deepEqual(posts, [], 'nothing is sent while the form is invalid');
  await checkPage(page, 'register-errors');
  await page.close();
});

test('a citizen opening an admin page sees "no access"; the admin sees the page', async () => {
  const page = await newPage();
  await page.goto(`${BASE_URL}/logg-inn`);
  await page.getByLabel('E-post').fill('innbygger@fritid.test');
  await page.getByLabel('Passord').fill('fritid-demo-2026');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expectHeading(page, 'Min side');
  assert.equal(await page.getByRole('link', { name: 'Administrasjon' }).count(), 0, 'no admin entry in the menu');
  await page.goto(`${BASE_URL}/admin`);
  await expectHeading(page, 'Ingen tilgang');
  await checkPage(page, 'no-access');
  await page.getByRole('button', { name: 'Logg ut' }).click();
  await expectHeading(page, 'Du er logget ut');

  await page.goto(`${BASE_URL}/logg-inn`);
  await page.getByLabel('E-post').fill('admin@fritid.test');
  await page.getByLabel('Passord').fill('fritid-demo-2026');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  // Administrators land where their work is.
  await expectHeading(page, 'Administrasjon');
  assert.equal(new URL(page.url()).pathname, '/admin');
  await page.getByRole('link', { name: 'Min side' }).click();
  await expectHeading(page, 'Min side');
  await page.getByRole('link', { name: 'Administrasjon' }).click();
  await expectHeading(page, 'Administrasjon');
  await checkPage(page, 'admin');
  await page.close();
});

test('keyboard: the skip link is first and moves focus to the main content', async () => {
  const page = await newPage();
  await page.goto(`${BASE_URL}/`);
  await expectHeading(page, 'Fritid i Asker');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Hopp til hovedinnhold');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await page.close();
});

test('the API reference renders offline from embedded assets', async () => {
  const page = await newPage();
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(BASE_URL)) external.push(r.url()); });
  await page.goto(`${BASE_URL}/api/docs/`);
  await page.getByText('Fritid API').first().waitFor();
  await page.getByText('/api/v1/auth/login').first().waitFor();
  assert.deepEqual(external, [], 'the API reference must not fetch from the internet');
  await page.screenshot({ path: join(SCREENSHOTS, 'api-docs-desktop.png') });
  await page.close();
});

test('the files browsers and crawlers ask for are real, and the first view comes before the app', async () => {
  const icon = await fetch(`${BASE_URL}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/x-icon');
  const svg = await fetch(`${BASE_URL}/favicon.svg`);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  const robots = await fetch(`${BASE_URL}/robots.txt`);
  assert.match(robots.headers.get('content-type'), /^text\/plain/);
  assert.match(await robots.text(), /^Sitemap: .*\/sitemap\.xml$/m);
  const sitemap = await fetch(`${BASE_URL}/sitemap.xml`);
  assert.match(await sitemap.text(), /<loc>[^<]+\/aktiviteter\/[0-9a-f-]{36}<\/loc><lastmod>/);

  // Before any script runs, the page already shows the header and says it is loading.
  const page = await newPage();
  await page.route('**/assets/*-boot-*.js', (route) => route.abort());
  await page.goto(`${BASE_URL}/personvern`);
  await page.locator('#boot .site-header').getByText('Fritid').waitFor();
  await page.getByText('Laster … / Loading …').waitFor();
  // /aktiviteter comes with its first activities, as links that work
  // before (and without) the app.
  await page.goto(`${BASE_URL}/aktiviteter`);
  await page.locator('#boot h1', { hasText: 'Aktiviteter' }).waitFor();
  const firstCards = page.locator('#boot .results > li a');
  assert.ok(await firstCards.count() > 0, 'activities in the first view');
  assert.match(await firstCards.first().getAttribute('href'), /^\/aktiviteter\/[0-9a-f-]{36}$/);
  await page.unroute('**/assets/*-boot-*.js');
  // With the app, the first view is gone and the page is the app's. A
  // citizen's page loads the citizens' bundle only; the organizer area is
  // the work bundle, loaded when it is opened.
  const wasmRequests = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests.push(new URL(r.url()).pathname); });
  await page.goto(`${BASE_URL}/aktiviteter`);
  await expectHeading(page, 'Aktiviteter');
  assert.equal(await page.locator('#boot').count(), 0);
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(wasmRequests.length, 1);
  assert.match(wasmRequests[0], /^\/assets\/fritid_bg-[0-9a-f]{16}\.wasm$/);
  await page.getByRole('link', { name: 'For arrangører' }).click();
  await expectHeading(page, 'For arrangører');
  assert.equal(new URL(page.url()).pathname, '/arrangor');
  assert.equal(wasmRequests.length, 2);
  assert.match(wasmRequests[1], /^\/assets\/fritid_work_bg-[0-9a-f]{16}\.wasm$/);
  // And back to a citizen page: the citizens' bundle again, from the cache.
  await page.getByRole('link', { name: 'Aktiviteter' }).first().click();
  await expectHeading(page, 'Aktiviteter');

  // The app's files have content-hashed names, are kept for a year and
  // come brotli-compressed; index.html is checked every time.
  const index = await fetch(`${BASE_URL}/aktiviteter`);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  // The page names boot.js, which fetches the .wasm once the first view is on screen.
  const boot = (await index.text()).match(/\/assets\/fritid-boot-[0-9a-f]{16}\.js/)[0];
  const wasm = (await (await fetch(`${BASE_URL}${boot}`)).text()).match(/\/assets\/fritid_bg-[0-9a-f]{16}\.wasm/)[0];
  const asset = await fetch(`${BASE_URL}${wasm}`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(asset.headers.get('content-encoding'), 'br');
  assert.equal(asset.headers.get('content-type'), 'application/wasm');
  await page.close();
});

test('a first visit from a browser that prefers English is in English, and the choice sticks', async () => {
  const english = await launch({ locale: 'en-GB' });
  try {
    const page = await openPage(english);
    await page.goto(`${BASE_URL}/`);
    await expectHeading(page, 'Leisure in Asker');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('button', { name: 'Norsk' }).click();
    await expectHeading(page, 'Fritid i Asker');
    await page.reload();
    await expectHeading(page, 'Fritid i Asker'); // the person's own choice wins over the browser's
  } finally {
    await english.close();
  }
});
