// Finishes frontend/dist: gives the app's files content-hashed names under
// /assets/ (so the server can let browsers keep them for a year), writes the
// pages that load the four bundles — index.html (the citizens' app),
// fund.html (Bamsefondet for families), lending.html (BUA for families) and work.html (the work pages; see
// fritid_domain::bundles) — pointing at them,
// and writes brotli (quality 11) and gzip (level 9) copies of every asset,
// which the server sends to browsers that accept them. Node's own zlib.
//
//   node frontend/build/assets.mjs <dist dir>
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node assets.mjs <dist dir>');
mkdirSync(join(dist, 'assets'), { recursive: true });

/** Writes `bytes` as assets/<stem>-<hash>.<ext>; returns its URL. */
const store = (name, bytes) => {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dot = name.indexOf('.');
  const target = `${name.slice(0, dot)}-${hash}${name.slice(dot)}`;
  writeFileSync(join(dist, 'assets', target), bytes);
  return `/assets/${target}`;
};
/** Moves `name` from dist into assets/ under its hashed name. */
const move = (name) => {
  const url = store(name, readFileSync(join(dist, name)));
  unlinkSync(join(dist, name));
  return url;
};

const css = move('style.css');
const template = readFileSync(join(dist, 'index.html'), 'utf8');
const bootTemplate = readFileSync(join(dist, 'boot.js'), 'utf8');
unlinkSync(join(dist, 'boot.js'));
for (const [page, bundle] of [['index.html', 'fritid'], ['fund.html', 'fritid_fund'], ['lending.html', 'fritid_lending'], ['work.html', 'fritid_work']]) {
  const js = move(`${bundle}.js`);
  const wasm = move(`${bundle}_bg.wasm`);
  const boot = store(`${bundle}-boot.js`, bootTemplate
    .replaceAll("'/fritid.js'", `'${js}'`)
    .replaceAll("'/fritid_bg.wasm'", `'${wasm}'`));
  let html = template;
  // The page names the stylesheet, the app's JS (preloaded) and boot.js;
  // boot.js alone names the .wasm (fetched after the first paint).
  for (const [from, to] of [['/fritid.js', js], ['/style.css', css], ['/boot.js', boot]]) {
    if (!html.includes(`"${from}"`)) throw new Error(`index.html does not mention ${from}`);
    html = html.replaceAll(`"${from}"`, `"${to}"`);
  }
  const bootText = readFileSync(join(dist, boot), 'utf8');
  if (!bootText.includes(js) || !bootText.includes(wasm)) throw new Error(`${boot} does not load ${js} and ${wasm}`);
  writeFileSync(join(dist, page), html);
}

for (const name of readdirSync(join(dist, 'assets'))) {
  if (/\.(js|wasm|css)$/.test(name)) {
    const path = join(dist, 'assets', name);
    const bytes = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}
