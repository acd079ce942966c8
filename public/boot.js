// Loads the WebAssembly app without inline script, so the page's CSP can forbid inline code.
// Trunk writes the hashed file names into the data attributes of the tag that loads this file.
const early = () => document.getElementById("prerendered");
// index.html's early sign-in form stays only where prerender.js showed it (module scripts run
// once the page is parsed): a hidden copy must not linger beside the app's own form.
if (!document.documentElement.dataset.prerendered) early()?.remove();
const tag = document.querySelector("script[data-wasm]");
const failure = document.getElementById("start-failed");
try {
  const { default: init } = await import(tag.dataset.js);
  await init({ module_or_path: tag.dataset.wasm });
  failure?.remove();
} catch (error) {
  // The app could not start (a failed download, no WebAssembly): the early form would never
  // send anything, so it goes, and the page says what happened instead. The message becomes an
  // alert only now: a hidden one would be the page's first alert region.
  early()?.remove();
  delete document.documentElement.dataset.prerendered;
  failure?.setAttribute("role", "alert");
  failure?.removeAttribute("hidden");
  throw error;
}
