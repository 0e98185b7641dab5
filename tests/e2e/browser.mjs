// Shared browser set-up: Debian's Chromium through playwright-core, and an
// axe-core check that fails on any violation.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const BASE_URL = process.env.FRITID_E2E_URL ?? 'http://127.0.0.1:8080';
export const SCREENSHOTS = process.env.FRITID_SCREENSHOTS ?? join(here, '..', 'artifacts', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const VIEWPORTS = {
  phone: { width: 320, height: 640 },
  desktop: { width: 1280, height: 800 },
};

export async function launch() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fritid-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Runs axe-core on the page and fails with a readable list of violations. */
export async function assertAccessible(page, label) {
  // Evaluated through DevTools rather than a <script> tag, which the
  // app's Content-Security-Policy (rightly) blocks.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const summary = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(summary, [], `axe-core violations on ${label}:\n${summary.join('\n')}`);
}

/** Fails the test on any uncaught error or console error in the page. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

/** Waits for the page's one h1 to say `text`; on timeout says what the page shows instead. */
export async function expectHeading(page, text) {
  try {
    await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, text, { timeout: 10000 });
  } catch (e) {
    const shown = await page.evaluate(() => [...document.querySelectorAll('h1, [role=alert], .field-error')].map((n) => n.textContent));
    throw new Error(`expected the heading "${text}"; the page shows ${JSON.stringify(shown)}`, { cause: e });
  }
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
}

/** axe-core at phone and desktop width, no horizontal overflow, and a screenshot of each. */
export async function checkPage(page, name) {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await assertAccessible(page, `${name} (${width})`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than ${viewport.width}px`);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
}

/** A new page in `context` whose uncaught and console errors are collected in `page.errors`. */
export async function openPage(context) {
  const page = await context.newPage();
  page.errors = watchErrors(page);
  if (process.env.FRITID_E2E_DEBUG) {
    page.on('response', async (r) => {
      if (r.url().includes('/api/') && r.status() >= 400) console.log(r.status(), r.request().method(), r.url(), await r.text().catch(() => ''));
    });
  }
  return page;
}

/** Calls the API directly (set-up steps a test does not click through). */
export async function api(method, path, { token, body } = {}) {
  const response = await fetch(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function login(email, password) {
  return (await api('POST', '/auth/login', { body: { email, password } })).access_token;
}

/** The date `days` from today, as YYYY-MM-DD. */
export const isoDate = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
