//! The whole site: `/api/` (see [`crate::api`]), `/config.json`, the built app from `dist/`
//! with SPA fallback, and the security headers on every response.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use poolgate_api::{API_PREFIX, ServerMode, ServerModeConfig};
use tower_http::services::{ServeDir, ServeFile};

use crate::{AppState, api};

/// The page's policy as an HTTP header (a `<meta>` CSP cannot set `frame-ancestors`). Server
/// mode talks only to `/api/` on this origin, so `connect-src` is `'self'`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn router(app: AppState) -> Router {
    let dist = app.settings.dist.clone();
    let static_files = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    Router::new()
        .nest(API_PREFIX, api::router(Arc::clone(&app)))
        .route(ServerModeConfig::PATH, get(app_config))
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
async fn app_config(State(app): State<AppState>) -> impl IntoResponse {
    let config = ServerModeConfig {
        mode: ServerMode::Server,
        region: app.settings.region.clone(),
        user_pool_id: app.settings.pool_id.clone(),
    };
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

async fn security_headers(State(app): State<AppState>, request: Request, next: Next) -> Response {
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
