//! Non-Cognito endpoints: OIDC discovery (JWKS, openid-configuration) and the `/_local`
//! test endpoints (outbox, faults, stats, clock; only served in test mode).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::FaultRule;
use crate::ops;
use crate::ops::session::USER_ADMIN_SCOPE;
use crate::protocol::wire::{error_response, json_response, parse_body};
use crate::protocol::{ApiError, Operation};
use crate::server::AppState;

/// Runs blocking store work off the reactor.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(e)))
}

fn pool_not_found(pool_id: &str) -> Response {
    error_response(
        &ApiError::resource_not_found(format!("User pool {pool_id} does not exist."))
            .with_status(StatusCode::NOT_FOUND),
    )
}

pub async fn jwks(State(app): State<Arc<AppState>>, Path(pool_id): Path<String>) -> Response {
    let ctx = Arc::clone(&app.ctx);
    let id = pool_id.clone();
    let keys = blocking(move || {
        ctx.store
            .transaction(|tx| ctx.keys.pool_keys(tx, &id, ctx.now()))
    })
    .await;
    match keys {
        Ok(Some(keys)) => Json(json!({ "keys": keys.jwks() })).into_response(),
        Ok(None) => pool_not_found(&pool_id),
        Err(err) => error_response(&err),
    }
}

pub async fn openid_configuration(
    State(app): State<Arc<AppState>>,
    Path(pool_id): Path<String>,
) -> Response {
    let ctx = Arc::clone(&app.ctx);
    let id = pool_id.clone();
    match blocking(move || ctx.store.transaction(|tx| tx.pool(&id))).await {
        Ok(Some(_)) => {
            let issuer = app.ctx.issuer(&pool_id);
            Json(json!({
                "issuer": issuer,
                "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
                "response_types_supported": ["code", "token"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "phone", "profile", USER_ADMIN_SCOPE],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "claims_supported": [
                    "sub", "iss", "aud", "exp", "iat", "auth_time", "token_use",
                    "cognito:username", "cognito:groups", "email", "email_verified"
                ],
            }))
            .into_response()
        }
        Ok(None) => pool_not_found(&pool_id),
        Err(err) => error_response(&err),
    }
}

pub async fn outbox(
    State(app): State<Arc<AppState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let ctx = Arc::clone(&app.ctx);
    let username = query.get("username").cloned();
    match blocking(move || ctx.store.transaction(|tx| tx.outbox(username.as_deref()))).await {
        Ok(messages) => Json(json!({ "messages": messages })).into_response(),
        Err(err) => error_response(&err),
    }
}

/// `POST /_local/users`: AdminCreateUser's request and answer, for browser tests. Admin
/// operations are refused from pages; this test control (test mode only, loopback or allowed
/// origins only, like the outbox) lets a test page create the user it signs in as.
pub async fn create_user(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    let input = match parse_body(&body) {
        Ok(input) => input,
        Err(err) => return error_response(&err),
    };
    let ctx = Arc::clone(&app.ctx);
    match blocking(move || ops::dispatch(&ctx, Operation::AdminCreateUser, input)).await {
        Ok(output) => json_response(StatusCode::OK, &output),
        Err(err) => error_response(&err),
    }
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "message": message.into() })),
    )
        .into_response()
}

pub async fn add_fault(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    let rule: FaultRule = match serde_json::from_slice(&body) {
        Ok(rule) => rule,
        Err(err) => return bad_request(format!("invalid fault rule: {err}")),
    };
    match app.faults.add(rule) {
        Ok(id) => (StatusCode::CREATED, Json(json!({ "id": id }))).into_response(),
        Err(err) => bad_request(err),
    }
}

/// The armed and used-up rules, each with how many requests it answered (`fired`).
pub async fn list_faults(State(app): State<Arc<AppState>>) -> Response {
    Json(json!({ "rules": app.faults.report() })).into_response()
}

pub async fn clear_faults(State(app): State<Arc<AppState>>) -> Response {
    app.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

pub async fn stats(State(app): State<Arc<AppState>>) -> Response {
    Json(app.stats.snapshot()).into_response()
}

pub async fn reset_stats(State(app): State<Arc<AppState>>) -> Response {
    app.stats.reset();
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockAdvance {
    advance_secs: i64,
}

pub async fn advance_clock(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    match serde_json::from_slice::<ClockAdvance>(&body) {
        Ok(advance) => match app.ctx.clock.advance(advance.advance_secs) {
            Ok(now) => Json(json!({ "now": now })).into_response(),
            Err(err) => bad_request(err.to_string()),
        },
        Err(err) => bad_request(format!("invalid clock request: {err}")),
    }
}

/// `POST /_local/rotate-keys?pool_id=…` (test mode): new ID and access keys; the old ones stay
/// in the JWKS until every token they signed has expired.
pub async fn rotate_keys(
    State(app): State<Arc<AppState>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(pool_id) = query.get("pool_id").cloned() else {
        return bad_request("pool_id is required");
    };
    let ctx = Arc::clone(&app.ctx);
    let id = pool_id.clone();
    let rotated = blocking(move || {
        let now = ctx.now();
        let new_keys = crate::tokens::new_pool_keys(&id, now)?;
        ctx.store
            .transaction(|tx| ctx.keys.rotate(tx, &new_keys, now))
    })
    .await;
    match rotated {
        Ok(Some(keys)) => {
            Json(json!({ "id_kid": keys.id.kid, "access_kid": keys.access.kid })).into_response()
        }
        Ok(None) => pool_not_found(&pool_id),
        Err(err) => error_response(&err),
    }
}

pub async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": "Not found" })),
    )
        .into_response()
}
