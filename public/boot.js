// Loads the WebAssembly app without inline script, so the page's CSP can forbid inline code.
// Trunk writes the hashed file names into the data attributes of the tag that loads this file.
const tag = document.querySelector("script[data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
