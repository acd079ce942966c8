//! `POST /api/sign-in`: a password sign-in (AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH).

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use poolgate_api::SignInRequest;
use poolgate_api::routes::SignIn;

use crate::AppState;
use crate::error::ApiError;

use super::extract::JsonBody;
use super::route::RouterExt;
use super::step::{StepResult, finish_step, start_attempt};

pub fn router() -> Router<AppState> {
    Router::new().endpoint(SignIn, sign_in)
}

/// A wrong username and a wrong password answer the same 401, and count against the username.
async fn sign_in(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<SignInRequest>,
) -> StepResult {
    let username = body.username.trim();
    if username.is_empty() || body.password.is_empty() {
        return Err(ApiError::bad_request("Enter your username and password."));
    }
    if username.len() > 128 || body.password.len() > 256 {
        return Err(ApiError::bad_credentials(StatusCode::UNAUTHORIZED));
    }
    start_attempt(&app, peer, &headers, username).await?;
    match app.cognito.sign_in(username, &body.password).await {
        Ok(step) => {
            app.throttle.succeeded(username);
            finish_step(&app, step, username).await
        }
        Err(err) if err.ends_session() => {
            app.throttle.failed(username);
            Err(ApiError::bad_credentials(err.status))
        }
        Err(err) => Err(err),
    }
}
