//! Routing, the built app from `dist/` with SPA fallback, security headers on every response,
//! and the same-origin guard of `/api/`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use tower_http::services::{ServeDir, ServeFile};

use crate::App;
use crate::api;
use crate::error::ApiError;

/// The page's policy as an HTTP header (a `<meta>` CSP cannot set `frame-ancestors`). Server
/// mode talks only to `/api/` on this origin, so `connect-src` is `'self'`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The custom header every state-changing `/api/` request must carry. A cross-site form or
/// a simple request cannot set it, and setting it from script forces a CORS preflight, which
/// this server never grants.
pub const CSRF_HEADER: &str = "x-poolgate";

pub fn router(app: Arc<App>) -> Router {
    let dist = app.settings.dist.clone();
    let api = Router::new()
        .route("/session", get(api::session))
        .route("/sign-in", post(api::sign_in))
        .route("/sign-in-code", post(api::sign_in_code))
        .route("/challenge", post(api::challenge))
        .route(
            "/challenge/authenticator",
            post(api::associate_authenticator),
        )
        .route("/sign-out", post(api::sign_out))
        .route("/sign-out-everywhere", post(api::sign_out_everywhere))
        .route("/admin/users", get(api::list_users))
        .route("/admin/users/{username}/role", put(api::set_role))
        .route(
            "/admin/users/{username}/groups/{group}",
            put(api::add_to_group).delete(api::remove_from_group),
        )
        .route("/admin/users/{username}/disable", post(api::disable_user))
        .route("/admin/users/{username}/enable", post(api::enable_user))
        .route(
            "/admin/users/{username}/reset-password",
            post(api::reset_password),
        )
        .fallback(|| async { ApiError::not_found() })
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            same_origin_guard,
        ));
    let static_files = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .nest("/api", api)
        .route("/config.json", get(app_config))
        .route("/prerender.js", get(no_early_sign_in_form))
        .fallback_service(static_files)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            security_headers,
        ))
        .with_state(app)
}

/// The app's `/config.json` in server mode, generated from this server's settings instead of
/// the one in `dist/` (which names a Cognito endpoint and a public client for direct mode).
/// The pool id and region are shown in the page footer; nothing here is secret.
async fn app_config(State(app): State<Arc<App>>) -> impl IntoResponse {
    let config = serde_json::json!({
        "mode": "server",
        "region": app.settings.region,
        "userPoolId": app.settings.pool_id,
    });
    ([(header::CACHE_CONTROL, "no-cache")], axum::Json(config))
}

/// In place of `dist/prerender.js`, which shows index.html's copy of the sign-in form while the
/// app loads when no session is stored in the browser: here the session is an `HttpOnly` cookie
/// no script can see, so the form would flash before a signed-in person's page. Nothing is shown
/// early (`boot.js` removes the copy).
async fn no_early_sign_in_form() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        "// Server mode: the session is an HttpOnly cookie, so no sign-in form is shown early.\n",
    )
}

async fn security_headers(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if app.settings.is_https() {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    if is_api {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    response
}

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
async fn same_origin_guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
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
