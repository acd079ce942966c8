//! CORS, so a browser app on any local origin can call the pool directly (as it would call
//! `cognito-idp.<region>.amazonaws.com`).

use std::time::Duration;

use axum::http::{HeaderName, Method};
use tower_http::cors::{AllowHeaders, Any, CorsLayer};

/// Response headers a browser script may read: the SDKs look at these to classify errors.
const EXPOSED_HEADERS: [&str; 4] = [
    "x-amzn-requestid",
    "x-amzn-errortype",
    "x-amzn-errormessage",
    "date",
];

pub fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        // Mirror what the preflight asks for: the SDKs send a changing set of headers
        // (content-type, x-amz-target, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request,
        // authorization, x-amz-date, x-amz-security-token, cache-control, ...).
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(Duration::from_secs(600))
}
