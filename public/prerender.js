// Shows the sign-in form that index.html carries (#prerendered) while the WebAssembly app loads,
// when that form is what the app will show: at / or /sign-in with no stored session. People can
// type at once; the app takes over what they typed and the focus, then removes the copy
// (src/prerendered.rs). A submit before then sends nothing: it is remembered, and the app signs
// in as soon as it runs.
// A classic script in <head>, so it runs before the first paint; not inline (the CSP forbids it).
try {
  const path = location.pathname;
  const stored = (storage) => Object.keys(storage).some((key) => key.startsWith("poolgate.session."));
  if ((path === "/" || path === "/sign-in") && !stored(localStorage) && !stored(sessionStorage)) {
    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!form.closest("#prerendered")) return;
      event.preventDefault();
      form.dataset.submitted = "true";
      form.querySelector("button[type=submit]").setAttribute("aria-busy", "true");
    });
    document.documentElement.dataset.prerendered = "sign-in";
  }
} catch (_) {
  // Storage blocked: nothing is shown early; the app renders as usual.
}
