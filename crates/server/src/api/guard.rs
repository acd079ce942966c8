//! The same-origin guard of `/api/`: a request from another origin is refused, and a
//! state-changing one must prove it comes from this origin's script.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{App, AppState};

/// The custom header every state-changing `/api/` request must carry. A cross-site form or
/// a simple request cannot set it, and setting it from script forces a CORS preflight, which
/// this server never grants.
pub const CSRF_HEADER: &str = "x-poolgate";

/// The origin browsers must send: the configured public URL's, else `http://<Host>`.
pub fn expected_origin(app: &App, headers: &HeaderMap) -> Option<String> {
    match &app.settings.public_url {
        Some(url) => {
            let (scheme, rest) = url.split_once("://")?;
            let host = rest.split('/').next()?;
            Some(format!("{scheme}://{host}"))
        }
        None => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}")),
    }
}

/// Refuses any `/api/` request from another origin, and state-changing requests that do not
/// prove they come from this origin's script (an `Origin` equal to ours and `X-Poolgate: 1`).
pub async fn same_origin(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    let expected = expected_origin(&app, headers);
    let same_origin = origin.is_some() && origin == expected.as_deref();
    if origin.is_some() && !same_origin {
        return ApiError::forbidden("Cross-origin request refused.").into_response();
    }
    let safe = matches!(*request.method(), Method::GET | Method::HEAD);
    if !safe {
        if !same_origin {
            return ApiError::forbidden("Request refused: missing Origin header.").into_response();
        }
        if headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) != Some("1") {
            return ApiError::forbidden("Request refused: missing X-Poolgate header.")
                .into_response();
        }
    }
    next.run(request).await
}
