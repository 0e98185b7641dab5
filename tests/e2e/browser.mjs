// Shared browser set-up: Debian's Chromium through playwright-core, and an
// axe-core check that fails on any violation.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
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

/** A browser whose user prefers `locale` (a Norwegian user unless told). */
export async function launch({ locale = 'nb-NO' } = {}) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fritid-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    locale,
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

/** Waits until the page has exactly one h1 and it says `text`; on timeout says what the page shows instead. */
export async function expectHeading(page, text) {
  try {
    // One h1 with the text, and the app running: the first view served
    // with the HTML (#boot, removed once the app has started) can show the
    // same heading, and a key pressed then lands in it (a clean-clone run
    // tabbed to its menu instead of the app's skip link).
    await page.waitForFunction(
      (t) => !document.getElementById('boot')
        && document.querySelectorAll('h1').length === 1 && document.querySelector('h1')?.textContent === t,
      text,
      { timeout: 10000 },
    );
  } catch (e) {
    const shown = await page.evaluate(() => [...document.querySelectorAll('h1, [role=alert], .field-error')].map((n) => n.textContent));
    throw new Error(`expected the heading "${text}"; the page shows ${JSON.stringify(shown)}`, { cause: e });
  }
  // (Counting the h1s again here raced a re-render when the login
  // resolved: the wait above already saw exactly one.)
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

export const MAIL_DIR = process.env.FRITID_E2E_MAIL_DIR;

/** The messages the SMTP server received for `address`, as a mail program shows them. */
export function mailTo(address) {
  assert.ok(MAIL_DIR, 'FRITID_E2E_MAIL_DIR names the SMTP server\'s folder (tests/run-system sets it)');
  let names = [];
  try { names = readdirSync(MAIL_DIR).filter((n) => n.endsWith('.json')); } catch { return []; }
  return names
    .map((n) => JSON.parse(readFileSync(join(MAIL_DIR, n), 'utf8')))
    .filter((m) => m.rcpt_to.includes(address));
}

/** Waits for the e-mail to `address` whose subject is `subject` (a string or a RegExp). */
export async function waitForMail(address, subject, timeoutMs = 20000) {
  const matches = (m) => (subject instanceof RegExp ? subject.test(m.subject) : m.subject === subject);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mailTo(address).find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      assert.fail(`no e-mail "${subject}" to ${address}; got ${JSON.stringify(mailTo(address).map((m) => m.subject))}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const CONFIRM_SUBJECT = /^(Bekreft e-postadressen din på Fritid|Confirm your e-mail address on Fritid)$/;

/**
 * The confirmation link e-mailed to `address`, as a path on the server under
 * test (`/bekreft-e-post#<token>`), read from the e-mail as its owner would.
 */
export async function confirmationPath(address) {
  const mail = await waitForMail(address, CONFIRM_SUBJECT);
  const link = mail.text.match(/https?:\/\/\S+\/bekreft-e-post#\S+/);
  assert.ok(link, `no confirmation link in ${mail.text}`);
  const url = new URL(link[0]);
  return `${url.pathname}${url.hash}`;
}

/**
 * Registers through the API and opens the e-mailed link, as the address's
 * owner does: answers the session (`access_token`, `user`).
 */
export async function registerConfirmed(email, password, displayName, extra = {}) {
  await api('POST', '/auth/register', { body: { email, password, display_name: displayName, ...extra } });
  const path = await confirmationPath(email);
  const token = path.split('#')[1];
  const confirmed = await api('POST', '/auth/confirm-email', { body: { token } });
  return confirmed.session;
}

/** The date `days` from today, as YYYY-MM-DD. */
export const isoDate = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
