//! The browser's HTTP for the Cognito client: `fetch` through gloo-net.

use cognito_session::client::{CONTENT_TYPE, TARGET_HEADER};
use cognito_session::{RawResponse, Transport, TransportError};
use gloo_net::http::Request;

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
        let response = Request::post(url)
            .header("Content-Type", CONTENT_TYPE)
            .header(TARGET_HEADER, target)
            // Tokens must never sit in the HTTP cache.
            .cache(web_sys::RequestCache::NoStore)
            .body(body)
            .map_err(|e| TransportError::new(e.to_string()))?
            .send()
            .await
            .map_err(|e| TransportError::new(e.to_string()))?;
        Ok(RawResponse {
            status: response.status(),
            // Only readable when the server exposes it to CORS (AWS does not); the body's
            // `__type` is the primary source.
            error_type: response.headers().get("x-amzn-ErrorType"),
            body: response
                .text()
                .await
                .map_err(|e| TransportError::new(e.to_string()))?,
        })
    }
}
