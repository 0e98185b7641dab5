// First paint and first activity card of /aktiviteter on a cheap phone on a
// slow mobile network, in Debian's Chromium through the DevTools protocol:
// 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, 4x CPU slowdown,
// 360x740 — each load cold (a new browser profile, nothing cached).
//
//   node bench/first_paint.mjs <base url> [runs]
//
// Prints, per run and as the median: first contentful paint, the first
// activity card on screen (no earlier than the first paint: a card in the
// HTML shows with it), the moment the app has drawn its own list and can
// filter and sign up ("app ready"), and the bytes that came over the
// network by then. The
// floor, measured the same way in the same run, is a plain text answer from
// the same server (/robots.txt): one round trip and nothing to run, the
// least any page can cost on this network.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'tests', 'package.json'));
const { chromium } = require('playwright-core');

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!base) throw new Error('usage: node bench/first_paint.mjs <base url> [runs]');

const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

async function load(path, waitFor) {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'fritid-paint-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 360, height: 740 },
    locale: 'nb-NO',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    // When the first card, and the app's own result count, are in the
    // page, by the page's own clock.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (window.__firstCard === undefined && document.querySelector('.results > li')) {
          window.__firstCard = performance.now();
        }
        if (document.getElementById('result-count')) {
          window.__appReady = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: 120_000 });
    if (waitFor) await page.waitForSelector(waitFor, { timeout: 120_000 });
    else await page.waitForLoadState('load');
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 120_000 });
    const [fcp, cardInDom, ready] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0].startTime,
      window.__firstCard ?? null,
      window.__appReady ?? null,
    ]);
    const card = cardInDom == null ? null : Math.max(cardInDom, fcp);
    return { fcp, card, ready, bytes };
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x == null ? '–' : `${Math.round(x)} ms`);

const app = [];
const floor = [];
for (let i = 1; i <= runs; i += 1) {
  const a = await load('/aktiviteter', '#result-count');
  const f = await load('/robots.txt', null);
  app.push(a);
  floor.push(f);
  console.log(`run ${i}: /aktiviteter first paint ${ms(a.fcp)}, first card ${ms(a.card)}, app ready ${ms(a.ready)}, ${a.bytes} bytes; floor (/robots.txt) first paint ${ms(f.fcp)}`);
}
console.log('');
console.log(`median of ${runs}: first paint ${ms(median(app.map((r) => r.fcp)))}, first card ${ms(median(app.map((r) => r.card)))}, ` +
  `app ready ${ms(median(app.map((r) => r.ready)))}, ${median(app.map((r) => r.bytes))} bytes; floor first paint ${ms(median(floor.map((r) => r.fcp)))}`);
