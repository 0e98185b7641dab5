// Renders each category illustration (frontend/public/illustrations/*.svg)
// with the site's name into a 1200×630 JPEG for link previews of
// activities without a picture (chat apps and social media read no SVG).
// Run by hand after changing a drawing; the JPEGs are committed.
//
//   node frontend/build/og-images.mjs
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../public/', import.meta.url).pathname;
const require = createRequire(join(root, '../../tests/package.json'));
const { chromium } = require('playwright-core');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
for (const file of readdirSync(join(root, 'illustrations')).filter((f) => f.endsWith('.svg'))) {
  const svg = readFileSync(join(root, 'illustrations', file), 'utf8').replace(/width="\d+" height="\d+"/, 'width="1200" height="630" preserveAspectRatio="xMidYMid slice"');
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#ffffff">
    <div style="position:relative;width:1200px;height:630px;display:flex;align-items:center;justify-content:center;overflow:hidden">${svg}
    <p style="position:absolute;left:48px;bottom:24px;margin:0;font:700 44px system-ui,sans-serif;color:#00507a">Fritid · Asker kommune</p></div></body></html>`);
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 82 });
  writeFileSync(join(root, 'og', file.replace('.svg', '.jpg')), jpeg);
}
await browser.close();
