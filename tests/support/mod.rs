//! Helpers for the browser tests: mounting into a fresh container and waiting on the DOM.
#![allow(dead_code)] // Each test file uses a different subset.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use poolgate::config::AppConfig;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The configuration the local pool's seed defines (dev/pool.toml, public/config.json).
pub fn local_config() -> AppConfig {
    AppConfig::from_json(include_str!("../../public/config.json")).expect("committed config")
}

/// A mounted view that is removed again when the test drops it.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts `view` into a new `<div>` appended to `<body>`, at the URL path `path`.
pub fn mount_at<F>(path: &str, view: F) -> Mounted
where
    F: FnOnce() -> AnyView + 'static,
{
    let window = web_sys::window().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
    let document = window.document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted { root, _handle: handle }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// Waits up to `ms` for `selector` to match, yielding to the event loop meanwhile.
    pub async fn wait_for(&self, selector: &str, ms: u32) -> Element {
        let mut waited = 0;
        loop {
            leptos::task::tick().await;
            if let Some(found) = self.find(selector) {
                return found;
            }
            assert!(waited < ms, "`{selector}` did not appear within {ms} ms; page: {}", self.root.inner_html());
            TimeoutFuture::new(20).await;
            waited += 20;
        }
    }

    /// Waits until `selector`'s text contains `needle`.
    pub async fn wait_for_text(&self, selector: &str, needle: &str, ms: u32) -> String {
        let mut waited = 0;
        loop {
            leptos::task::tick().await;
            let text = self.text(selector);
            if text.contains(needle) {
                return text;
            }
            assert!(waited < ms, "`{selector}` never contained {needle:?}; it says {text:?}");
            TimeoutFuture::new(20).await;
            waited += 20;
        }
    }
}

pub fn current_path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}
