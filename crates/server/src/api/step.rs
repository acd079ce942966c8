//! What every sign-in step shares: the throttle at the start of an attempt, and storing the
//! outcome under a new session id at the end.

use std::net::SocketAddr;

use axum::Json;
use axum::http::HeaderMap;
use poolgate_api::StepAnswer;

use crate::cognito::{AuthStep, IssuedTokens};
use crate::error::ApiError;
use crate::sessions::{PendingChallenge, SessionRecord, Tokens, new_session_id, store_key};
use crate::{App, now};

use super::cookie::SetCookie;
use super::extract::current;

/// How long an unanswered challenge is kept (Cognito's longest AuthSessionValidity).
const CHALLENGE_TTL_SECS: i64 = 15 * 60;

/// What a sign-in step answers: the new session's view, and its cookie.
pub type StepResult = Result<(SetCookie, Json<StepAnswer>), ApiError>;

/// The client's address for throttling: the peer, or the last `X-Forwarded-For` hop when the
/// settings trust a proxy to set it.
fn client_address(app: &App, peer: SocketAddr, headers: &HeaderMap) -> String {
    if app.settings.trust_forwarded_for
        && let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
    {
        return forwarded.trim().to_owned();
    }
    peer.ip().to_string()
}

/// The start of a sign-in attempt: 429 (with `Retry-After`) when the username or the client
/// address is over its limit; otherwise whatever session this browser had is replaced (no
/// session fixation).
pub async fn start_attempt(
    app: &App,
    peer: SocketAddr,
    headers: &HeaderMap,
    username: &str,
) -> Result<(), ApiError> {
    let address = client_address(app, peer, headers);
    if let Err(wait) = app.throttle.admit(username, &address) {
        tracing::info!(%address, "sign-in throttled");
        return Err(ApiError::throttled(wait));
    }
    if let Some((old_key, _)) = current(app, headers).await? {
        app.store.delete(&old_key).await.map_err(ApiError::store)?;
    }
    Ok(())
}

/// Stores the outcome of a sign-in step under a new session id and sets the cookie.
pub async fn finish_step(app: &App, step: AuthStep, username: &str) -> StepResult {
    let now = now();
    let record = match step {
        AuthStep::Tokens(tokens) => signed_in_record(app, tokens, now).await?,
        AuthStep::Challenge {
            name,
            session,
            parameters,
        } => {
            // Cognito's own name for the user (the typed name may be an alias).
            let answer_as = parameters
                .get("USER_ID_FOR_SRP")
                .or_else(|| parameters.get("USERNAME"))
                .cloned()
                .unwrap_or_else(|| username.to_owned());
            SessionRecord {
                created_at: now,
                expires_at: now + CHALLENGE_TTL_SECS,
                tokens: None,
                facts: None,
                challenge: Some(PendingChallenge {
                    name,
                    session,
                    username: answer_as,
                    parameters,
                    expires_at: now + CHALLENGE_TTL_SECS,
                }),
            }
        }
    };
    let id = new_session_id().map_err(ApiError::internal)?;
    app.store
        .put(&store_key(&id), &record, now)
        .await
        .map_err(ApiError::store)?;
    Ok((
        SetCookie::session(app, &id, record.expires_at - now),
        Json(StepAnswer(record.view())),
    ))
}

/// A signed-in session from verified tokens.
async fn signed_in_record(
    app: &App,
    tokens: IssuedTokens,
    now: i64,
) -> Result<SessionRecord, ApiError> {
    let IssuedTokens {
        access_token,
        id_token,
        refresh_token,
    } = tokens;
    let facts = app.verifier.facts(&access_token, &id_token).await?;
    let refresh_token =
        refresh_token.ok_or_else(|| ApiError::upstream("sign-in without a refresh token"))?;
    tracing::info!(username = %facts.username, "signed in");
    Ok(SessionRecord {
        created_at: now,
        expires_at: now + app.settings.session_lifetime_secs,
        tokens: Some(Tokens {
            access_token,
            id_token,
            refresh_token,
        }),
        facts: Some(facts),
        challenge: None,
    })
}
