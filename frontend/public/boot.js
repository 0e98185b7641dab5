// Loads the WebAssembly app. A file of its own because the
// Content-Security-Policy allows no inline scripts. Until the app has drawn
// the page, index.html shows its own header and a first view (#boot).
import init from '/fritid.js';
// The app's download starts once the first view is on screen, so it never
// competes with what the page shows first.
requestAnimationFrame(() => setTimeout(() => {
  init({ module_or_path: '/fritid_bg.wasm' }).then(() => document.getElementById('boot')?.remove());
}, 0));
