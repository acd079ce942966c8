//! CORS, so a browser app on a local origin can call the pool directly (as it would call
//! `cognito-idp.<region>.amazonaws.com`). Only loopback origins and those allowed with
//! `--allow-origin` get CORS headers; the server refuses other origins outright.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderName, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::protocol::guard::OriginPolicy;

/// Response headers a browser script may read: the SDKs look at these to classify errors.
const EXPOSED_HEADERS: [&str; 4] = [
    "x-amzn-requestid",
    "x-amzn-errortype",
    "x-amzn-errormessage",
    "date",
];

/// Request headers a page may send: what the app and the AWS JS SDKs (v2 and v3) put on
/// Cognito calls. `authorization`, `x-amz-date`, `x-amz-security-token` and
/// `x-amz-content-sha256` come with SigV4 signing (an SDK given credentials signs public
/// operations too); admin operations are refused from pages anyway. Anything else is refused
/// by the preflight, instead of mirroring whatever the page asks for.
pub const ALLOWED_HEADERS: [&str; 10] = [
    "content-type",
    "x-amz-target",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "cache-control",
];

pub fn layer(origins: Arc<OriginPolicy>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origins.allows(origin.as_bytes())
        }))
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers(ALLOWED_HEADERS.map(HeaderName::from_static))
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(Duration::from_secs(600))
}
