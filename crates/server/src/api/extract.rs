//! What handlers take from a request: its JSON body (a bad one answers our 400, in Cognito's
//! shape), its session, and the signed-in user or administrator behind it.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use poolgate_api::groups;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::refresh::{needs_refresh, refresh_session};
use crate::sessions::{SessionRecord, store_key};
use crate::verify::Facts;
use crate::{App, AppState, now};

use super::cookie;

/// A JSON request body of type `T` (a contract type). Unlike axum's `Json` it does not insist
/// on a `Content-Type`, and a body that does not parse answers 400 InvalidParameterException.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        serde_json::from_slice(&bytes).map(Self).map_err(|e| {
            ApiError::bad_request(format!("Invalid request body: {e}")).into_response()
        })
    }
}

/// The session the request's cookie names, if any: its store key and record.
pub async fn current(
    app: &App,
    headers: &HeaderMap,
) -> Result<Option<(String, SessionRecord)>, ApiError> {
    let Some(id) = cookie::session_id(app, headers) else {
        return Ok(None);
    };
    let key = store_key(&id);
    let record = app.store.get(&key, now()).await.map_err(ApiError::store)?;
    Ok(record.map(|r| (key, r)))
}

/// The signed-in session of the request (401 without one), refreshed first when its access
/// token is about to expire. A transient refresh failure keeps the session while its token is
/// still valid.
pub struct SignedIn {
    pub record: SessionRecord,
    pub facts: Facts,
}

impl SignedIn {
    pub async fn load(app: &App, headers: &HeaderMap) -> Result<Self, ApiError> {
        let (key, record) = current(app, headers)
            .await?
            .ok_or_else(ApiError::signed_out)?;
        let facts = record.facts.clone().ok_or_else(ApiError::signed_out)?;
        let now = now();
        if !needs_refresh(app, &facts, now) {
            return Ok(Self { record, facts });
        }
        match refresh_session(app, &key, record.clone()).await {
            Ok(fresh) => {
                let facts = fresh.facts.clone().ok_or_else(ApiError::signed_out)?;
                Ok(Self {
                    record: fresh,
                    facts,
                })
            }
            Err(err) if err.status.is_server_error() && now < facts.access_expires_at => {
                tracing::warn!(reason = %err.kind, "refresh failed; keeping the current tokens");
                Ok(Self { record, facts })
            }
            Err(err) => Err(err),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        Self::load(app, &parts.headers).await
    }
}

/// The signed-in administrator: a member of `admins` by the verified `cognito:groups`
/// (401 when signed out, 403 otherwise).
pub struct Administrator(pub Facts);

impl FromRequestParts<AppState> for Administrator {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let SignedIn { facts, .. } = SignedIn::load(app, &parts.headers).await?;
        if facts.groups.iter().any(|g| g == groups::ADMINS) {
            Ok(Self(facts))
        } else {
            Err(ApiError::forbidden(format!(
                "User administration is for members of {}.",
                groups::ADMINS
            )))
        }
    }
}
