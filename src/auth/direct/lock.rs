//! One refresh per browser: refreshes run under a Web Lock (`navigator.locks.request`), named
//! per pool and app client, so tabs renew one after another and each re-reads storage once it
//! holds the lock (adopting what the previous holder stored instead of calling Cognito).
//!
//! Fallback where Web Locks are missing (old browsers, some embedded web views): a random delay
//! of up to [`FALLBACK_JITTER_MS`] before the same storage re-read. Tabs whose timers meet then
//! rarely refresh together, and when they do the later one finds the earlier one's tokens in
//! storage or, with rotation, a reuse answer that is first checked against storage before it
//! ends anything; correctness never depends on the lock, only the request count does.

use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// Upper bound of the random delay used instead of a lock.
pub const FALLBACK_JITTER_MS: f64 = 1_500.0;

/// `navigator.locks.request` bound to `navigator.locks`, when the browser has Web Locks.
fn lock_request() -> Option<(JsValue, Function)> {
    let window: JsValue = web_sys::window()?.into();
    let navigator = Reflect::get(&window, &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some((locks, request))
}

/// Whether this browser offers Web Locks.
pub fn has_web_locks() -> bool {
    lock_request().is_some()
}

/// Runs `work` while holding the exclusive lock `name` (released when `work` ends, or when the
/// tab closes). Without Web Locks, runs it after a random delay. `None` only if `work` started
/// under the lock but never finished.
pub async fn with_lock<T: 'static>(
    name: &str,
    work: impl Future<Output = T> + 'static,
) -> Option<T> {
    let work = Rc::new(RefCell::new(Some(work)));
    let result = Rc::new(RefCell::new(None));
    if let Some((locks, request)) = lock_request() {
        let (pending, slot) = (Rc::clone(&work), Rc::clone(&result));
        let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
            let work = pending.borrow_mut().take();
            future_to_promise(async move {
                if let Some(work) = work {
                    *slot.borrow_mut() = Some(work.await);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        if let Ok(granted) = request.call2(&locks, &JsValue::from_str(name), &callback) {
            // Rejects only when the lock cannot be requested at all (e.g. an opaque origin).
            let _ = JsFuture::from(Promise::from(granted)).await;
        }
    } else {
        let delay = (js_sys::Math::random() * FALLBACK_JITTER_MS) as u32;
        gloo_timers::future::TimeoutFuture::new(delay).await;
    }
    if let Some(value) = result.borrow_mut().take() {
        return Some(value);
    }
    // No lock was granted (or there is none): run unlocked rather than never.
    let work = work.borrow_mut().take();
    match work {
        Some(work) => Some(work.await),
        None => None,
    }
}
