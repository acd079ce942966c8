//! The `/api/` endpoints, one module per route family, each with its `router()`, merged here.
//! Every route, its method and its JSON are those of the `poolgate-api` contract; every answer
//! is JSON, errors are [`crate::error::ApiError`], and none ever contains a token.
//!
//! - `session`: `GET /session`, `POST /sign-out`, `POST /sign-out-everywhere`
//! - `sign_in`: `POST /sign-in` (password); `passwordless`: `POST /sign-in-code`
//! - `challenge`: `POST /challenge`, `POST /challenge/authenticator`
//! - `admin`: `/admin/users…`, for members of `admins`
//!
//! Shared pieces: `extract` (the JSON body, the session and the signed-in user of a request),
//! `step` (the start and end of every sign-in step), `cookie`, `guard` (same-origin), `route`
//! (a route declared from its contract marker).

mod admin;
mod challenge;
mod cookie;
mod extract;
pub mod guard;
mod passwordless;
mod route;
mod session;
mod sign_in;
mod step;

use axum::{Router, middleware};

use crate::AppState;
use crate::error::ApiError;

/// Every `/api/` route (to be nested under `poolgate_api::API_PREFIX`), behind the
/// same-origin guard; unknown paths answer 404 in the API's error shape.
pub fn router(app: AppState) -> Router<AppState> {
    Router::new()
        .merge(session::router())
        .merge(sign_in::router())
        .merge(passwordless::router())
        .merge(challenge::router())
        .merge(admin::router())
        .fallback(|| async { ApiError::not_found() })
        .layer(middleware::from_fn_with_state(app, guard::same_origin))
}
