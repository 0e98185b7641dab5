// Loads the WebAssembly app. A file of its own because the
// Content-Security-Policy allows no inline scripts.
import init from '/fritid.js';
init({ module_or_path: '/fritid_bg.wasm' });
