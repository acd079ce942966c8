//! `POST /api/sign-in-code`: passwordless sign-in (AdminInitiateAuth CUSTOM_AUTH). The pool's
//! custom authentication triggers e-mail a one-time code and answer a CUSTOM_CHALLENGE, which
//! `POST /api/challenge` answers. Throttled like a password sign-in.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use poolgate_api::CodeSignInRequest;
use poolgate_api::routes::SignInCode;

use crate::AppState;
use crate::error::ApiError;

use super::extract::JsonBody;
use super::route::RouterExt;
use super::step::{StepResult, finish_step, start_attempt};

pub fn router() -> Router<AppState> {
    Router::new().endpoint(SignInCode, sign_in_code)
}

async fn sign_in_code(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CodeSignInRequest>,
) -> StepResult {
    let username = body.username.trim();
    if username.is_empty() {
        return Err(ApiError::bad_request("Enter your username."));
    }
    if username.len() > 128 {
        return Err(ApiError::bad_credentials(StatusCode::UNAUTHORIZED));
    }
    start_attempt(&app, peer, &headers, username).await?;
    let step = app.cognito.start_custom_auth(username).await?;
    finish_step(&app, step, username).await
}
