// Loads the WebAssembly app. A file of its own because the
// Content-Security-Policy allows no inline scripts. Until the app has drawn
// the page, index.html shows its own header and a first view (#boot).
import init from '/fritid.js';

// The app's download starts once the first view has been painted, so it
// never competes with what the page shows first, and the app's copy of the
// first view (the same size) is never taken for the page's largest paint:
// with a warm cache the app could otherwise draw before the first view's
// paint was recorded.
const start = () => requestAnimationFrame(() => setTimeout(() => {
  init({ module_or_path: '/fritid_bg.wasm' }).then(() => document.getElementById('boot')?.remove());
}, 0));
const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
if (painted() || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
  start();
} else {
  // A page opened in a background tab paints (and starts) when shown.
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName('first-contentful-paint').length > 0) {
      observer.disconnect();
      start();
    }
  }).observe({ type: 'paint', buffered: true });
}
