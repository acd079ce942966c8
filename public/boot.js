// Loads the WebAssembly app without inline script, so the page's CSP can forbid inline code.
// Trunk writes the hashed file names into the data attributes of the tag that loads this file.
// index.html's early sign-in form stays only where prerender.js showed it (module scripts run
// once the page is parsed): a hidden copy must not linger beside the app's own form.
if (!document.documentElement.dataset.prerendered) document.getElementById("prerendered")?.remove();
const tag = document.querySelector("script[data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
