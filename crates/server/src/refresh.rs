//! Keeping sessions' tokens fresh: REFRESH_TOKEN_AUTH when the access token is about to
//! expire (lazily when a request uses the session, and by the background sweep), and at once
//! for every session of a user an administrator changed.

use crate::error::ApiError;
use crate::sessions::{SessionRecord, Tokens};
use crate::verify::Facts;
use crate::{App, now};

/// Seconds before the access token's expiry at which it is refreshed.
fn refresh_margin(app: &App, facts: &Facts) -> i64 {
    app.settings.refresh_margin_secs.unwrap_or_else(|| {
        let lifetime = facts.access_expires_at - facts.issued_at;
        (lifetime / 5).min(60)
    })
}

/// Whether a token of `facts` needs refreshing at `at`.
pub fn needs_refresh(app: &App, facts: &Facts, at: i64) -> bool {
    let expires = facts.access_expires_at.min(facts.id_expires_at);
    at >= expires - refresh_margin(app, facts)
}

/// Refreshes a session's tokens with REFRESH_TOKEN_AUTH and stores them. When Cognito says the
/// refresh token is no longer valid the session is deleted.
pub async fn refresh_session(
    app: &App,
    key: &str,
    mut record: SessionRecord,
) -> Result<SessionRecord, ApiError> {
    let (Some(tokens), Some(facts)) = (record.tokens.clone(), record.facts.clone()) else {
        return Err(ApiError::signed_out());
    };
    match app
        .cognito
        .refresh(&tokens.refresh_token, &facts.username)
        .await
    {
        Ok(issued) => {
            let new_facts = app
                .verifier
                .facts(&issued.access_token, &issued.id_token)
                .await?;
            record.tokens = Some(Tokens {
                access_token: issued.access_token,
                id_token: issued.id_token,
                refresh_token: issued.refresh_token.unwrap_or(tokens.refresh_token),
            });
            record.facts = Some(new_facts);
            app.store
                .put(key, &record, now())
                .await
                .map_err(ApiError::store)?;
            tracing::debug!(username = %facts.username, "session refreshed");
            Ok(record)
        }
        Err(err) if err.ends_session() => {
            tracing::info!(username = %facts.username, reason = %err.kind, "session ended by the pool");
            app.store.delete(key).await.map_err(ApiError::store)?;
            Err(ApiError::signed_out())
        }
        Err(err) => Err(err),
    }
}

/// One pass of the background sweep: refreshes every session whose token would need a refresh
/// before the next pass.
pub async fn sweep(app: &App) {
    let now = now();
    let horizon = now + app.settings.sweep_interval_secs as i64;
    let longest_margin = app.settings.refresh_margin_secs.unwrap_or(60);
    let keys = match app
        .store
        .expiring_before(horizon + longest_margin, now)
        .await
    {
        Ok(keys) => keys,
        Err(err) => {
            tracing::warn!(error = %err, "refresh sweep cannot read sessions");
            return;
        }
    };
    for key in keys {
        let Ok(Some(record)) = app.store.get(&key, now).await else {
            continue;
        };
        let due = record
            .facts
            .as_ref()
            .is_some_and(|f| needs_refresh(app, f, horizon));
        if due && let Err(err) = refresh_session(app, &key, record).await {
            tracing::debug!(reason = %err.kind, "sweep could not refresh a session");
        }
    }
}

/// Refreshes every session of `username` now, so a change an administrator made to their role
/// or groups shows in their `/api/session` without waiting for expiry.
pub async fn refresh_sessions_of(app: &App, username: &str) {
    let keys = match app.store.keys_of(username).await {
        Ok(keys) => keys,
        Err(err) => {
            tracing::warn!(error = %err, "cannot list sessions to refresh");
            return;
        }
    };
    for key in keys {
        if let Ok(Some(record)) = app.store.get(&key, now()).await
            && let Err(err) = refresh_session(app, &key, record).await
        {
            tracing::warn!(reason = %err.kind, "could not refresh a session after an admin change");
        }
    }
}
