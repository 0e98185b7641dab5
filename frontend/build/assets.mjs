// Finishes frontend/dist: gives the app's files content-hashed names under
// /assets/ (so the server can let browsers keep them for a year), points
// index.html and boot.js at them, and writes brotli (quality 11) and gzip
// (level 9) copies next to every text and WebAssembly file, which the server
// sends to browsers that accept them. Node's own zlib; no downloads.
//
//   node frontend/build/assets.mjs <dist dir>
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dist = process.argv[2];
if (!dist) throw new Error('usage: node assets.mjs <dist dir>');
mkdirSync(join(dist, 'assets'), { recursive: true });

const hashed = (name, bytes) => {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}-${hash}${name.slice(dot)}`;
};

/** Moves `name` to assets/<hashed name>, after `edit` (text files); returns its new URL. */
const place = (name, edit = (x) => x) => {
  const text = edit === null ? readFileSync(join(dist, name)) : edit(readFileSync(join(dist, name), 'utf8'));
  const target = hashed(name, text);
  writeFileSync(join(dist, 'assets', target), text);
  unlinkSync(join(dist, name));
  return `/assets/${target}`;
};

const wasm = place('fritid_bg.wasm', null);
const js = place('fritid.js');
const css = place('style.css');
const boot = place('boot.js', (text) => text.replaceAll("'/fritid.js'", `'${js}'`).replaceAll("'/fritid_bg.wasm'", `'${wasm}'`));

let index = readFileSync(join(dist, 'index.html'), 'utf8');
for (const [from, to] of [['/fritid_bg.wasm', wasm], ['/fritid.js', js], ['/style.css', css], ['/boot.js', boot]]) {
  if (!index.includes(`"${from}"`)) throw new Error(`index.html does not mention ${from}`);
  index = index.replaceAll(`"${from}"`, `"${to}"`);
}
writeFileSync(join(dist, 'index.html'), index);
const bootText = readFileSync(join(dist, boot), 'utf8');
if (!bootText.includes(js) || !bootText.includes(wasm)) throw new Error('boot.js does not load the hashed files');

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
const size = (name) => readFileSync(join(dist, name)).length;
console.log(`wasm ${size(wasm)} B, brotli ${size(`${wasm}.br`)} B, gzip ${size(`${wasm}.gz`)} B`);
