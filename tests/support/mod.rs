//! Helpers for the browser tests: mounting into a fresh container and waiting on the DOM.
#![allow(dead_code)] // Each test file uses a different subset.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use poolgate::config::{AppConfig, DirectConfig};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The configuration the local pool's seed defines (dev/pool.toml, public/config.json).
pub fn local_config() -> AppConfig {
    AppConfig::from_json(include_str!("../../public/config.json")).expect("committed config")
}

/// [`local_config`]'s pool and app client (it is a direct-mode configuration).
pub fn local_pool() -> DirectConfig {
    match local_config() {
        AppConfig::Direct(config) => config,
        AppConfig::Server(_) => panic!("public/config.json is a direct-mode configuration"),
    }
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
    mount_with_storage(path, &[], view)
}

/// [`mount_at`] with `stored` (key, value) in localStorage before the app starts, as on a
/// returning visit.
pub fn mount_with_storage<F>(path: &str, stored: &[(&str, &str)], view: F) -> Mounted
where
    F: FnOnce() -> AnyView + 'static,
{
    let window = web_sys::window().unwrap();
    // Each test starts signed out: sessions persist in localStorage between mounts.
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    for (key, value) in stored {
        storage.set_item(key, value).unwrap();
    }
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let document = window.document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    Mounted {
        root,
        _handle: handle,
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    /// Waits up to `ms` for `selector` to match, yielding to the event loop meanwhile.
    pub async fn wait_for(&self, selector: &str, ms: u32) -> Element {
        let mut waited = 0;
        loop {
            leptos::task::tick().await;
            if let Some(found) = self.find(selector) {
                return found;
            }
            assert!(
                waited < ms,
                "`{selector}` did not appear within {ms} ms; page: {}",
                self.root.inner_html()
            );
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
            assert!(
                waited < ms,
                "`{selector}` never contained {needle:?}; it says {text:?}"
            );
            TimeoutFuture::new(20).await;
            waited += 20;
        }
    }
}

pub fn current_path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

/// Types `value` into the input matching `selector` the way a person would (input event).
pub fn type_into(page: &Mounted, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = page.find(selector).expect(selector).unchecked_into();
    input.set_value(value);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Clicks the element matching `selector`.
pub fn click(page: &Mounted, selector: &str) {
    let element: HtmlElement = page.find(selector).expect(selector).unchecked_into();
    element.click();
}

/// Creates a user on the local pool: AdminCreateUser's request and answer, through the pool's
/// test-mode control `POST /_local/users` (the pool refuses admin operations from browser
/// pages, as a page on any site could otherwise call them).
pub async fn create_user(body: serde_json::Value) -> serde_json::Value {
    let url = format!("{}_local/users", local_pool().endpoint);
    let response = gloo_net::http::Request::post(&url)
        .header("Content-Type", "application/x-amz-json-1.1")
        .body(body.to_string())
        .unwrap()
        .send()
        .await
        .expect("local pool reachable");
    let text = response.text().await.unwrap();
    assert!(response.ok(), "creating a user failed: {text}");
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}

/// A username no other test run uses.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e12) as u64)
}

/// Request counts from the local pool (`/_local/stats`, test mode).
pub async fn pool_stats() -> serde_json::Value {
    let url = format!("{}_local/stats", local_pool().endpoint);
    gloo_net::http::Request::get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
