// Runs Lighthouse's mobile preset (its default: Moto G Power, slow 4G,
// 4× CPU slowdown) on each page RUNS times in a fresh headless chromium
// (CHROME_PATH) and prints the median scores and vitals as a Markdown table.
//
//   node bench/lighthouse-npm/run.mjs <base url> <runs> <path> [<path> …]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const path of paths) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const { lhr } = await lighthouse(`${base}${path}`, { port: chrome.port, output: 'json', logLevel: 'error' });
      const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const audit = (a) => lhr.audits[a]?.numericValue ?? NaN;
      const findNode = (x) => (x && typeof x === 'object'
        ? (x.type === 'node' ? x : Object.values(x).map(findNode).find(Boolean)) : undefined);
      const element = findNode(lhr.audits['lcp-breakdown-insight']?.details);
      console.error(`${path} run ${i + 1}: performance ${score('performance')}, LCP ${Math.round(audit('largest-contentful-paint'))} ms `
        + `on ${element?.selector ?? '?'} ("${(element?.snippet ?? '').slice(0, 80)}")`);
      results.push({
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        lcp: audit('largest-contentful-paint'),
        cls: audit('cumulative-layout-shift'),
        tbt: audit('total-blocking-time'),
        fcp: audit('first-contentful-paint'),
      });
    } finally {
      await chrome.kill();
    }
  }
  const m = (k) => median(results.map((r) => r[k]));
  rows.push([path.replace(/[0-9a-f-]{36}/, '<id>'), m('performance'), m('accessibility'), m('bestPractices'), m('seo'),
    `${(m('fcp') / 1000).toFixed(1)} s`, `${(m('lcp') / 1000).toFixed(1)} s`, m('cls').toFixed(3), `${Math.round(m('tbt'))} ms`]);
}
console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile preset, median of ${runs}`);
console.log('| page | Performance | Accessibility | Best Practices | SEO | FCP | LCP | CLS | TBT |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
