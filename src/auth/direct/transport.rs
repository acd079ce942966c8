//! The browser's HTTP for the Cognito client: `fetch` through gloo-net, aborted after a timeout.

use cognito_session::client::{CONTENT_TYPE, TARGET_HEADER};
use cognito_session::{RawResponse, Transport, TransportError};
use gloo_net::http::Request;
use gloo_timers::callback::Timeout;

/// A request (including reading its body) that takes longer is aborted and counts as a network
/// failure, so a blackholed connection cannot stall renewal: Cognito answers in well under a
/// second, and the refresh lock is held no longer than this.
pub const REQUEST_TIMEOUT_MS: u32 = 10_000;

/// [`Transport`] over the browser's `fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn post(
        &self,
        url: &str,
        target: &str,
        body: String,
    ) -> Result<RawResponse, TransportError> {
        let controller = web_sys::AbortController::new()
            .map_err(|_| TransportError::new("no AbortController"))?;
        let abort = controller.clone();
        // Dropped (cancelled) when this function returns.
        let _deadline = Timeout::new(REQUEST_TIMEOUT_MS, move || abort.abort());
        let failed = |e: gloo_net::Error| TransportError::new(e.to_string());
        let response = Request::post(url)
            .header("Content-Type", CONTENT_TYPE)
            .header(TARGET_HEADER, target)
            // Tokens must never sit in the HTTP cache.
            .cache(web_sys::RequestCache::NoStore)
            .abort_signal(Some(&controller.signal()))
            .body(body)
            .map_err(failed)?
            .send()
            .await
            .map_err(failed)?;
        Ok(RawResponse {
            status: response.status(),
            // Only readable when the server exposes it to CORS (AWS does not); the body's
            // `__type` is the primary source.
            error_type: response.headers().get("x-amzn-ErrorType"),
            body: response.text().await.map_err(failed)?,
        })
    }
}
