//! The session of this browser: `GET /api/session`, `POST /api/sign-out` and
//! `POST /api/sign-out-everywhere`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::{Json, Router};
use poolgate_api::SessionView;
use poolgate_api::routes::{GetSession, SignOut, SignOutEverywhere};

use crate::AppState;
use crate::error::ApiError;

use super::cookie::SetCookie;
use super::extract::{SignedIn, current};
use super::route::RouterExt;

pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(GetSession, session)
        .endpoint(SignOut, sign_out)
        .endpoint(SignOutEverywhere, sign_out_everywhere)
}

/// A view, and the cookie to clear when the session it named has ended.
type ViewResult = Result<(Option<SetCookie>, Json<SessionView>), ApiError>;

/// The verified facts of the signed-in user (refreshed first when due), the pending
/// challenge, or signed out; a session the pool ended also clears the cookie.
async fn session(State(app): State<AppState>, headers: HeaderMap) -> ViewResult {
    let Some((_, record)) = current(&app, &headers).await? else {
        return Ok((None, Json(SessionView::SignedOut)));
    };
    if record.facts.is_none() {
        return Ok((None, Json(record.view())));
    }
    match SignedIn::load(&app, &headers).await {
        Ok(signed_in) => Ok((None, Json(signed_in.record.view()))),
        Err(err) if err.status == StatusCode::UNAUTHORIZED => {
            Ok((Some(SetCookie::clear(&app)), Json(SessionView::SignedOut)))
        }
        Err(err) => Err(err),
    }
}

/// Revokes the refresh token (RevokeToken) and ends the session.
async fn sign_out(State(app): State<AppState>, headers: HeaderMap) -> ViewResult {
    if let Some((key, record)) = current(&app, &headers).await? {
        if let Some(tokens) = &record.tokens
            && let Err(err) = app.cognito.revoke(&tokens.refresh_token).await
        {
            // The local session ends anyway; the refresh token expires on its own.
            tracing::warn!(reason = %err.kind, "RevokeToken failed");
        }
        app.store.delete(&key).await.map_err(ApiError::store)?;
    }
    Ok((Some(SetCookie::clear(&app)), Json(SessionView::SignedOut)))
}

/// AdminUserGlobalSignOut, and every session of the user here ends.
async fn sign_out_everywhere(
    State(app): State<AppState>,
    SignedIn { facts, .. }: SignedIn,
) -> ViewResult {
    app.cognito.global_sign_out(&facts.username).await?;
    app.store
        .delete_all_of(&facts.username)
        .await
        .map_err(ApiError::store)?;
    tracing::info!(username = %facts.username, "signed out everywhere");
    Ok((Some(SetCookie::clear(&app)), Json(SessionView::SignedOut)))
}
