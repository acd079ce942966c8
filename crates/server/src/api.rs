//! The `/api/` endpoints. Every answer is JSON; none ever contains a token.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::App;
use crate::cognito::{AuthStep, IssuedTokens};
use crate::error::{ApiError, BAD_CREDENTIALS};
use crate::sessions::{PendingChallenge, SessionRecord, Tokens, new_session_id, store_key};
use crate::verify::Facts;

/// Roles an administrator may give (`custom:role`).
pub const ROLES: [&str; 3] = ["admin", "editor", "viewer"];
/// The group whose members may use `/api/admin/`.
pub const ADMIN_GROUP: &str = "admins";
/// How long an unanswered challenge is kept (Cognito's longest AuthSessionValidity).
const CHALLENGE_TTL_SECS: i64 = 15 * 60;

type ApiResult = Result<Response, ApiError>;

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Invalid request body: {e}")))
}

fn store_error(err: String) -> ApiError {
    tracing::error!(error = %err, "session store failed");
    ApiError::unavailable()
}

// ---- cookies -------------------------------------------------------------------------------

fn session_cookie(app: &App, headers: &HeaderMap) -> Option<String> {
    let name = app.cookie_name();
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

fn set_cookie(app: &App, value: &str, max_age: i64) -> HeaderValue {
    let secure = if app.settings.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        app.cookie_name()
    );
    HeaderValue::from_str(&cookie).expect("cookie is ASCII")
}

fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

// ---- session loading and refresh -----------------------------------------------------------

/// The session the request's cookie names, if any (store key and record).
async fn current(
    app: &App,
    headers: &HeaderMap,
) -> Result<Option<(String, SessionRecord)>, ApiError> {
    let Some(id) = session_cookie(app, headers) else {
        return Ok(None);
    };
    let key = store_key(&id);
    let record = app.store.get(&key, now()).await.map_err(store_error)?;
    Ok(record.map(|r| (key, r)))
}

/// Seconds before the access token's expiry at which it is refreshed.
fn refresh_margin(app: &App, facts: &Facts) -> i64 {
    app.settings.refresh_margin_secs.unwrap_or_else(|| {
        let lifetime = facts.access_expires_at - facts.issued_at;
        (lifetime / 5).min(60)
    })
}

fn needs_refresh(app: &App, facts: &Facts, at: i64) -> bool {
    let expires = facts.access_expires_at.min(facts.id_expires_at);
    at >= expires - refresh_margin(app, facts)
}

/// Refreshes a session's tokens with REFRESH_TOKEN_AUTH and stores them. When Cognito says the
/// refresh token is no longer valid the session is deleted.
async fn refresh_session(
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
                .map_err(store_error)?;
            tracing::debug!(username = %facts.username, "session refreshed");
            Ok(record)
        }
        Err(err) if err.ends_session() => {
            tracing::info!(username = %facts.username, reason = %err.kind, "session ended by the pool");
            app.store.delete(key).await.map_err(store_error)?;
            Err(ApiError::signed_out())
        }
        Err(err) => Err(err),
    }
}

/// The signed-in session of the request, refreshed first when its access token is about to
/// expire. A transient refresh failure keeps the session while its token is still valid.
async fn signed_in(
    app: &App,
    headers: &HeaderMap,
) -> Result<(String, SessionRecord, Facts), ApiError> {
    let (key, record) = current(app, headers)
        .await?
        .ok_or_else(ApiError::signed_out)?;
    let facts = record.facts.clone().ok_or_else(ApiError::signed_out)?;
    let now = now();
    if !needs_refresh(app, &facts, now) {
        return Ok((key, record, facts));
    }
    match refresh_session(app, &key, record.clone()).await {
        Ok(fresh) => {
            let facts = fresh.facts.clone().ok_or_else(ApiError::signed_out)?;
            Ok((key, fresh, facts))
        }
        Err(err) if err.status.is_server_error() && now < facts.access_expires_at => {
            tracing::warn!(reason = %err.kind, "refresh failed; keeping the current tokens");
            Ok((key, record, facts))
        }
        Err(err) => Err(err),
    }
}

/// One pass of the background sweep: refreshes every session whose token would need a refresh
/// before the next pass.
pub async fn sweep(app: &Arc<App>) {
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
async fn refresh_sessions_of(app: &App, username: &str) {
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

// ---- what the browser sees -----------------------------------------------------------------

fn session_view(record: &SessionRecord) -> Value {
    match (&record.facts, &record.challenge) {
        (Some(facts), _) => json!({
            "signedIn": true,
            "username": facts.username,
            "email": facts.email,
            "role": facts.role,
            "groups": facts.groups,
            "accessExpiresAt": facts.access_expires_at,
            "idExpiresAt": facts.id_expires_at,
            "sessionExpiresAt": record.expires_at,
        }),
        (None, Some(challenge)) => json!({
            "signedIn": false,
            // The username labels an authenticator app being set up (MFA_SETUP).
            "challenge": {
                "name": challenge.name,
                "parameters": challenge.parameters,
                "username": challenge.username,
            },
        }),
        (None, None) => json!({ "signedIn": false }),
    }
}

/// GET /api/session: the verified facts of the signed-in user, or `{"signedIn": false}`.
pub async fn session(State(app): State<Arc<App>>, headers: HeaderMap) -> ApiResult {
    match current(&app, &headers).await? {
        Some((_, record)) if record.facts.is_none() => {
            Ok(Json(session_view(&record)).into_response())
        }
        Some(_) => match signed_in(&app, &headers).await {
            Ok((_, record, _)) => Ok(Json(session_view(&record)).into_response()),
            Err(err) if err.status == axum::http::StatusCode::UNAUTHORIZED => Ok(with_cookie(
                Json(json!({ "signedIn": false })).into_response(),
                set_cookie(&app, "", 0),
            )),
            Err(err) => Err(err),
        },
        None => Ok(Json(json!({ "signedIn": false })).into_response()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignInBody {
    username: String,
    password: String,
}

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

/// The start of a sign-in attempt: the throttle's 429 (with `Retry-After`) when the username or
/// the client address is over its limit; otherwise whatever session this browser had is
/// replaced (no session fixation).
async fn start_attempt(
    app: &App,
    peer: SocketAddr,
    headers: &HeaderMap,
    username: &str,
) -> Result<Option<Response>, ApiError> {
    let address = client_address(app, peer, headers);
    if let Err(wait) = app.throttle.admit(username, &address) {
        tracing::info!(%address, "sign-in throttled");
        let mut response = ApiError::throttled(wait).into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Ok(Some(response));
    }
    if let Some((old_key, _)) = current(app, headers).await? {
        app.store.delete(&old_key).await.map_err(store_error)?;
    }
    Ok(None)
}

/// POST /api/sign-in `{"username", "password"}`: AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH.
pub async fn sign_in(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body: SignInBody = parse(&body)?;
    let username = body.username.trim();
    if username.is_empty() || body.password.is_empty() {
        return Err(ApiError::bad_request("Enter your username and password."));
    }
    if username.len() > 128 || body.password.len() > 256 {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "NotAuthorizedException",
            BAD_CREDENTIALS,
        ));
    }
    if let Some(throttled) = start_attempt(&app, peer, &headers, username).await? {
        return Ok(throttled);
    }
    match app.cognito.sign_in(username, &body.password).await {
        Ok(step) => {
            app.throttle.succeeded(username);
            finish_step(&app, step, username).await
        }
        Err(err) if err.ends_session() => {
            app.throttle.failed(username);
            Err(ApiError::new(
                err.status,
                "NotAuthorizedException",
                BAD_CREDENTIALS,
            ))
        }
        Err(err) => Err(err),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeSignInBody {
    username: String,
}

/// POST /api/sign-in-code `{"username"}`: AdminInitiateAuth CUSTOM_AUTH. The pool's custom
/// authentication triggers e-mail a one-time code and answer a CUSTOM_CHALLENGE, which
/// `/api/challenge` answers. Throttled per client address like a password sign-in.
pub async fn sign_in_code(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body: CodeSignInBody = parse(&body)?;
    let username = body.username.trim();
    if username.is_empty() {
        return Err(ApiError::bad_request("Enter your username."));
    }
    if username.len() > 128 {
        return Err(ApiError::new(
            axum::http::StatusCode::UNAUTHORIZED,
            "NotAuthorizedException",
            BAD_CREDENTIALS,
        ));
    }
    if let Some(throttled) = start_attempt(&app, peer, &headers, username).await? {
        return Ok(throttled);
    }
    let step = app.cognito.start_custom_auth(username).await?;
    finish_step(&app, step, username).await
}

/// Stores the outcome of a sign-in step under a new session id and sets the cookie.
async fn finish_step(app: &App, step: AuthStep, username: &str) -> ApiResult {
    let now = now();
    let (record, status) = match step {
        AuthStep::Tokens(IssuedTokens {
            access_token,
            id_token,
            refresh_token,
        }) => {
            let facts = app.verifier.facts(&access_token, &id_token).await?;
            let refresh_token = refresh_token
                .ok_or_else(|| ApiError::upstream("sign-in without a refresh token"))?;
            tracing::info!(username = %facts.username, "signed in");
            let record = SessionRecord {
                created_at: now,
                expires_at: now + app.settings.session_lifetime_secs,
                tokens: Some(Tokens {
                    access_token,
                    id_token,
                    refresh_token,
                }),
                facts: Some(facts),
                challenge: None,
            };
            (record, "signedIn")
        }
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
            let record = SessionRecord {
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
            };
            (record, "challenge")
        }
    };
    let id = new_session_id().map_err(ApiError::internal)?;
    app.store
        .put(&store_key(&id), &record, now)
        .await
        .map_err(store_error)?;
    let mut body = session_view(&record);
    body["status"] = status.into();
    Ok(with_cookie(
        Json(body).into_response(),
        set_cookie(app, &id, record.expires_at - now),
    ))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ChallengeBody {
    /// NEW_PASSWORD_REQUIRED.
    new_password: Option<String>,
    /// Required attributes missing from the user (NEW_PASSWORD_REQUIRED).
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    /// SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP.
    code: Option<String>,
    /// CUSTOM_CHALLENGE's answer, or SELECT_MFA_TYPE's choice.
    answer: Option<String>,
    /// CUSTOM_CHALLENGE only: `ClientMetadata` for the triggers (`{"action": "new-code"}`).
    #[serde(default)]
    client_metadata: BTreeMap<String, String>,
}

/// Bounds on the client metadata a browser may hand the triggers.
const MAX_METADATA_ENTRIES: usize = 8;
const MAX_METADATA_CHARS: usize = 256;

fn client_metadata(
    name: &str,
    metadata: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ApiError> {
    if metadata.is_empty() {
        return Ok(metadata);
    }
    if name != "CUSTOM_CHALLENGE" {
        return Err(ApiError::bad_request(
            "clientMetadata is only accepted with a CUSTOM_CHALLENGE answer.",
        ));
    }
    let too_long = |text: &String| text.chars().count() > MAX_METADATA_CHARS;
    if metadata.len() > MAX_METADATA_ENTRIES
        || metadata
            .iter()
            .any(|(k, v)| k.is_empty() || too_long(k) || too_long(v))
    {
        return Err(ApiError::bad_request(format!(
            "clientMetadata takes at most {MAX_METADATA_ENTRIES} entries of at most \
             {MAX_METADATA_CHARS} characters."
        )));
    }
    Ok(metadata)
}

fn challenge_responses(
    name: &str,
    body: ChallengeBody,
) -> Result<BTreeMap<String, String>, ApiError> {
    let need = |value: Option<String>, what: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad_request(format!("Missing {what}.")))
    };
    let mut responses = BTreeMap::new();
    match name {
        "NEW_PASSWORD_REQUIRED" => {
            responses.insert(
                "NEW_PASSWORD".into(),
                need(body.new_password, "newPassword")?,
            );
            for (attribute, value) in body.attributes {
                responses.insert(format!("userAttributes.{attribute}"), value);
            }
        }
        "SOFTWARE_TOKEN_MFA" => {
            responses.insert("SOFTWARE_TOKEN_MFA_CODE".into(), need(body.code, "code")?);
        }
        "SMS_MFA" => {
            responses.insert("SMS_MFA_CODE".into(), need(body.code, "code")?);
        }
        "EMAIL_OTP" => {
            responses.insert("EMAIL_OTP_CODE".into(), need(body.code, "code")?);
        }
        "CUSTOM_CHALLENGE" | "SELECT_MFA_TYPE" => {
            responses.insert("ANSWER".into(), need(body.answer, "answer")?);
        }
        // The code goes to VerifySoftwareToken first (see `challenge`); the answer itself is
        // the session VerifySoftwareToken returns.
        "MFA_SETUP" => {
            need(body.code, "code")?;
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "The {other} challenge cannot be answered in server mode."
            )));
        }
    }
    Ok(responses)
}

/// The request's pending challenge (store key, record, challenge).
async fn pending_challenge(
    app: &App,
    headers: &HeaderMap,
) -> Result<(String, SessionRecord, PendingChallenge), ApiError> {
    let (key, record) = current(app, headers)
        .await?
        .ok_or_else(ApiError::signed_out)?;
    let pending = record
        .challenge
        .clone()
        .ok_or_else(|| ApiError::bad_request("No challenge is waiting for an answer."))?;
    Ok((key, record, pending))
}

/// Keeps the challenge session Cognito renewed mid-challenge (AssociateSoftwareToken and
/// VerifySoftwareToken answer with a new one).
async fn renew_challenge_session(
    app: &App,
    key: &str,
    mut record: SessionRecord,
    session: Option<String>,
) -> Result<PendingChallenge, ApiError> {
    let challenge = record
        .challenge
        .as_mut()
        .ok_or_else(|| ApiError::bad_request("No challenge is waiting for an answer."))?;
    if let Some(session) = session {
        challenge.session = session;
    }
    let renewed = challenge.clone();
    app.store
        .put(key, &record, now())
        .await
        .map_err(store_error)?;
    Ok(renewed)
}

/// POST /api/challenge: answers the pending challenge with AdminRespondToAuthChallenge.
/// MFA_SETUP's `code` is first checked with VerifySoftwareToken, whose session is the answer.
pub async fn challenge(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body: ChallengeBody = parse(&body)?;
    let (key, record, mut pending) = pending_challenge(&app, &headers).await?;
    let metadata = client_metadata(&pending.name, body.client_metadata.clone())?;
    let setup_code = (pending.name == "MFA_SETUP").then(|| body.code.clone());
    let responses = challenge_responses(&pending.name, body)?;
    if let Some(Some(code)) = setup_code {
        let session = app
            .cognito
            .verify_software_token(&pending.session, code.trim())
            .await?;
        pending = renew_challenge_session(&app, &key, record, session).await?;
    }
    match app
        .cognito
        .respond(
            &pending.name,
            &pending.session,
            &pending.username,
            responses,
            metadata,
        )
        .await
    {
        Ok(step) => {
            // The pending record is replaced by a new session id either way.
            app.store.delete(&key).await.map_err(store_error)?;
            finish_step(&app, step, &pending.username).await
        }
        Err(err) if err.ends_session() => {
            // The challenge session expired or was used, or the triggers ended the attempt:
            // start again from sign-in. An attempt the triggers ended counts as a failure.
            if pending.name == "CUSTOM_CHALLENGE" {
                app.throttle.failed(&pending.username);
            }
            app.store.delete(&key).await.map_err(store_error)?;
            Ok(with_cookie(err.into_response(), set_cookie(&app, "", 0)))
        }
        // A wrong code or a refused password may be retried with the same session.
        Err(err) => Err(err),
    }
}

/// POST /api/challenge/authenticator: MFA_SETUP's first half. AssociateSoftwareToken with the
/// challenge's session; answers the key for the person's authenticator app (shown once, as a
/// QR code and as text) and the username to label it with.
pub async fn associate_authenticator(State(app): State<Arc<App>>, headers: HeaderMap) -> ApiResult {
    let (key, record, pending) = pending_challenge(&app, &headers).await?;
    if pending.name != "MFA_SETUP" {
        return Err(ApiError::bad_request(
            "No authenticator set-up is waiting (the pending step is not MFA_SETUP).",
        ));
    }
    let (secret, session) = app
        .cognito
        .associate_software_token(&pending.session)
        .await?;
    let pending = renew_challenge_session(&app, &key, record, session).await?;
    Ok(Json(json!({ "secretCode": secret, "username": pending.username })).into_response())
}

/// POST /api/sign-out: revokes the refresh token (RevokeToken) and ends the session.
pub async fn sign_out(State(app): State<Arc<App>>, headers: HeaderMap) -> ApiResult {
    if let Some((key, record)) = current(&app, &headers).await? {
        if let Some(tokens) = &record.tokens
            && let Err(err) = app.cognito.revoke(&tokens.refresh_token).await
        {
            // The local session ends anyway; the refresh token expires on its own.
            tracing::warn!(reason = %err.kind, "RevokeToken failed");
        }
        app.store.delete(&key).await.map_err(store_error)?;
    }
    Ok(with_cookie(
        Json(json!({ "signedIn": false })).into_response(),
        set_cookie(&app, "", 0),
    ))
}

/// POST /api/sign-out-everywhere: AdminUserGlobalSignOut, and every session of the user ends.
pub async fn sign_out_everywhere(State(app): State<Arc<App>>, headers: HeaderMap) -> ApiResult {
    let (_, _, facts) = signed_in(&app, &headers).await?;
    app.cognito.global_sign_out(&facts.username).await?;
    app.store
        .delete_all_of(&facts.username)
        .await
        .map_err(store_error)?;
    tracing::info!(username = %facts.username, "signed out everywhere");
    Ok(with_cookie(
        Json(json!({ "signedIn": false })).into_response(),
        set_cookie(&app, "", 0),
    ))
}

// ---- user administration -------------------------------------------------------------------

/// The signed-in administrator, from verified `cognito:groups`.
async fn administrator(app: &App, headers: &HeaderMap) -> Result<Facts, ApiError> {
    let (_, _, facts) = signed_in(app, headers).await?;
    if facts.groups.iter().any(|g| g == ADMIN_GROUP) {
        Ok(facts)
    } else {
        Err(ApiError::forbidden(
            "User administration is for members of admins.",
        ))
    }
}

fn done() -> ApiResult {
    Ok(Json(json!({ "ok": true })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Username prefix to search for.
    search: Option<String>,
    /// A ListUsers filter expression (e.g. `email ^= "ca"`), instead of `search`.
    filter: Option<String>,
    limit: Option<i32>,
    /// The `next` of the previous page.
    next: Option<String>,
}

/// GET /api/admin/users?search=&filter=&limit=&next=: ListUsers, with each user's groups.
pub async fn list_users(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult {
    administrator(&app, &headers).await?;
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let filter = match (query.search, query.filter) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request("Give search or filter, not both."));
        }
        (Some(search), None) if !search.trim().is_empty() => {
            // Quotes and backslashes cannot be part of a username; dropping them keeps the
            // expression well-formed.
            let clean: String = search
                .trim()
                .chars()
                .filter(|c| !matches!(c, '"' | '\\'))
                .collect();
            Some(format!("username ^= \"{clean}\""))
        }
        (_, filter) => filter.filter(|f| !f.trim().is_empty()),
    };
    let limit = query.limit.unwrap_or(60);
    if !(1..=60).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 60."));
    }
    let page = app
        .cognito
        .list_users(filter.as_deref(), limit, query.next.as_deref())
        .await?;
    Ok(Json(page).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role: String,
}

/// PUT /api/admin/users/{username}/role `{"role": "viewer"}`: AdminUpdateUserAttributes.
pub async fn set_role(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(username): Path<String>,
    body: Bytes,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    let body: RoleBody = parse(&body)?;
    if !ROLES.contains(&body.role.as_str()) {
        return Err(ApiError::bad_request(format!(
            "Unknown role {:?}; use one of {}.",
            body.role,
            ROLES.join(", ")
        )));
    }
    app.cognito.set_role(&username, &body.role).await?;
    tracing::info!(by = %admin.username, %username, role = %body.role, "role changed");
    refresh_sessions_of(&app, &username).await;
    done()
}

/// PUT /api/admin/users/{username}/groups/{group}: AdminAddUserToGroup.
pub async fn add_to_group(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((username, group)): Path<(String, String)>,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    app.cognito.add_to_group(&username, &group).await?;
    tracing::info!(by = %admin.username, %username, %group, "added to group");
    refresh_sessions_of(&app, &username).await;
    done()
}

/// DELETE /api/admin/users/{username}/groups/{group}: AdminRemoveUserFromGroup.
pub async fn remove_from_group(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((username, group)): Path<(String, String)>,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    app.cognito.remove_from_group(&username, &group).await?;
    tracing::info!(by = %admin.username, %username, %group, "removed from group");
    refresh_sessions_of(&app, &username).await;
    done()
}

/// POST /api/admin/users/{username}/disable: AdminDisableUser; their sessions here end too.
pub async fn disable_user(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(username): Path<String>,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    if admin.username.eq_ignore_ascii_case(&username) {
        return Err(ApiError::bad_request("You cannot disable yourself."));
    }
    app.cognito.set_enabled(&username, false).await?;
    app.store
        .delete_all_of(&username)
        .await
        .map_err(store_error)?;
    tracing::info!(by = %admin.username, %username, "user disabled");
    done()
}

/// POST /api/admin/users/{username}/enable: AdminEnableUser.
pub async fn enable_user(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(username): Path<String>,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    app.cognito.set_enabled(&username, true).await?;
    tracing::info!(by = %admin.username, %username, "user enabled");
    done()
}

/// POST /api/admin/users/{username}/reset-password: AdminResetUserPassword (the user gets a
/// code and must choose a new password at the next sign-in).
pub async fn reset_password(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(username): Path<String>,
) -> ApiResult {
    let admin = administrator(&app, &headers).await?;
    app.cognito.reset_password(&username).await?;
    tracing::info!(by = %admin.username, %username, "password reset");
    done()
}
