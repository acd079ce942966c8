//! Sign-in: InitiateAuth / AdminInitiateAuth, the challenge state machine
//! (RespondToAuthChallenge / AdminRespondToAuthChallenge), refresh (GetTokensFromRefreshToken),
//! and sign-out (GlobalSignOut, AdminUserGlobalSignOut, RevokeToken).
//!
//! Password checks and token signing run outside the database transaction, so concurrent
//! sign-ins use every core; what was read is re-checked before anything is written.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::model::{AppClient, MfaFactor, MfaMode, User, UserPool, UserStatus};
use crate::ops::common::{
    CodePurpose, Medium, check_code, check_secret_hash, find_user, load_client, load_pool,
    load_pool_client, missing_required, require_user, send_code, trigger_context,
    unknown_user_error, username_key,
};
use crate::ops::session::{self, AuthenticationResult, Family, UnsignedTokens};
use crate::ops::{Context, Empty};
use crate::protocol::ApiError;
use crate::random;
use crate::store::{AuthSession, Tx};
use crate::totp;
use crate::triggers::MessageSource;

type Parameters = HashMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    #[serde(default)]
    pub auth_parameters: Parameters,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminInitiateAuthRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub auth_flow: String,
    #[serde(default)]
    pub auth_parameters: Parameters,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    pub client_id: String,
    pub challenge_name: String,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub challenge_responses: Parameters,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminRespondToAuthChallengeRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub challenge_name: String,
    #[serde(default)]
    pub session: Option<String>,
    #[serde(default)]
    pub challenge_responses: Parameters,
}

/// The response of every sign-in step: either a challenge or tokens.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    pub challenge_parameters: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
}

/// Which API family a sign-in came through; decides the flows it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Client,
    Admin,
}

pub fn initiate_auth(ctx: &Context, req: InitiateAuthRequest) -> Result<AuthResponse, ApiError> {
    let (pool, client) = ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        Ok((load_pool(tx, &client.user_pool_id)?, client))
    })?;
    start(
        ctx,
        Entry::Client,
        &pool,
        &client,
        &req.auth_flow,
        &req.auth_parameters,
    )
}

pub fn admin_initiate_auth(
    ctx: &Context,
    req: AdminInitiateAuthRequest,
) -> Result<AuthResponse, ApiError> {
    let (pool, client) = ctx
        .store
        .transaction(|tx| load_pool_client(tx, &req.user_pool_id, &req.client_id))?;
    start(
        ctx,
        Entry::Admin,
        &pool,
        &client,
        &req.auth_flow,
        &req.auth_parameters,
    )
}

fn start(
    ctx: &Context,
    entry: Entry,
    pool: &UserPool,
    client: &AppClient,
    flow: &str,
    params: &Parameters,
) -> Result<AuthResponse, ApiError> {
    match (entry, flow) {
        (Entry::Client, "USER_PASSWORD_AUTH") => {
            require_flow(client, "ALLOW_USER_PASSWORD_AUTH", flow)?;
            password_sign_in(ctx, pool, client, params)
        }
        (Entry::Admin, "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH") => {
            require_flow(client, "ALLOW_ADMIN_USER_PASSWORD_AUTH", flow)?;
            password_sign_in(ctx, pool, client, params)
        }
        (_, "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN") => refresh_sign_in(ctx, client, params),
        (_, "USER_SRP_AUTH" | "CUSTOM_AUTH" | "USER_AUTH") => {
            Err(ApiError::invalid_parameter(format!(
                "{flow} is not supported by local-pool; use USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH"
            )))
        }
        (_, "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH") => Err(
            ApiError::invalid_parameter("Initiate Auth method not supported."),
        ),
        _ => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy constraint: \
             Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, \
             CUSTOM_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, USER_AUTH]"
        ))),
    }
}

fn require_flow(client: &AppClient, allow_flag: &str, flow: &str) -> Result<(), ApiError> {
    if client.allows_flow(allow_flag) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "{flow} flow not enabled for this client"
        )))
    }
}

fn required<'a>(params: &'a Parameters, name: &str) -> Result<&'a str, ApiError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {name}")))
}

fn password_sign_in(
    ctx: &Context,
    pool: &UserPool,
    client: &AppClient,
    params: &Parameters,
) -> Result<AuthResponse, ApiError> {
    let login = required(params, "USERNAME")?;
    let password = required(params, "PASSWORD")?;
    let user = ctx.store.transaction(|tx| find_user(tx, pool, login))?;
    let hashed_names: Vec<&str> = [Some(login), user.as_ref().map(|u| u.username.as_str())]
        .into_iter()
        .flatten()
        .collect();
    check_secret_hash(
        client,
        &hashed_names,
        params.get("SECRET_HASH").map(String::as_str),
    )?;
    let user = user.ok_or_else(|| unknown_user_error(client))?;
    ctx.triggers
        .pre_authentication(&trigger_context(&user, Some(&client.client_id)))?;

    let password_ok = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| ctx.passwords.verify(password, hash));
    if !password_ok {
        return Err(ApiError::incorrect_credentials());
    }
    if !user.enabled {
        return Err(ApiError::user_disabled());
    }
    match user.status {
        UserStatus::Unconfirmed => {
            return Err(ApiError::new(
                "UserNotConfirmedException",
                "User is not confirmed.",
            ));
        }
        UserStatus::ResetRequired => {
            return Err(ApiError::new(
                "PasswordResetRequiredException",
                "Password reset required for the user",
            ));
        }
        UserStatus::ForceChangePassword => {
            let validity_days = i64::from(pool.password_policy().temporary_password_validity_days);
            if ctx.now() > user.password_set_at + validity_days * 86_400 {
                return Err(ApiError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
        }
        UserStatus::Confirmed => {}
    }

    let step = ctx.store.transaction(|tx| {
        // The password was checked against a snapshot: make sure it is still current.
        let current = tx
            .user(&pool.id, &username_key(pool, &user))?
            .filter(|u| u.sub == user.sub && u.password_hash == user.password_hash)
            .ok_or_else(ApiError::incorrect_credentials)?;
        next_step(ctx, tx, pool, client, &current)
    })?;
    step.finish(ctx, client)
}

fn refresh_sign_in(
    ctx: &Context,
    client: &AppClient,
    params: &Parameters,
) -> Result<AuthResponse, ApiError> {
    let refresh_token = required(params, "REFRESH_TOKEN")?;
    require_flow(client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH")?;
    if client.rotation_grace_secs().is_some() {
        return Err(ApiError::invalid_parameter(
            "Refresh token rotation is enabled for this client; use GetTokensFromRefreshToken",
        ));
    }
    let tokens = ctx.store.transaction(|tx| {
        let (_, user, tokens) =
            session::redeem_refresh_token(ctx, tx, client, refresh_token, false)?;
        let secret_hash = params.get("SECRET_HASH").map(String::as_str);
        check_secret_hash(client, &[&user.username, &user.sub], secret_hash)?;
        Ok(tokens)
    })?;
    Ok(AuthResponse {
        authentication_result: Some(tokens.sign()?),
        ..AuthResponse::default()
    })
}

/// What comes after a step of authentication succeeded.
enum Step {
    Challenge {
        name: &'static str,
        session: String,
        parameters: BTreeMap<String, String>,
    },
    Tokens {
        tokens: Box<UnsignedTokens>,
        user: Box<User>,
    },
}

impl Step {
    fn finish(self, ctx: &Context, client: &AppClient) -> Result<AuthResponse, ApiError> {
        match self {
            Self::Challenge {
                name,
                session,
                parameters,
            } => Ok(AuthResponse {
                challenge_name: Some(name.into()),
                session: Some(session),
                challenge_parameters: parameters,
                authentication_result: None,
            }),
            Self::Tokens { tokens, user } => {
                ctx.triggers
                    .post_authentication(&trigger_context(&user, Some(&client.client_id)))?;
                Ok(AuthResponse {
                    authentication_result: Some(tokens.sign()?),
                    ..AuthResponse::default()
                })
            }
        }
    }
}

/// After the password (or a challenge) was accepted: another challenge, or tokens.
fn next_step(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
) -> Result<Step, ApiError> {
    if user.status == UserStatus::ForceChangePassword {
        return new_password_challenge(ctx, tx, pool, client, user);
    }
    let enabled: Vec<MfaFactor> = match pool.mfa_mode() {
        MfaMode::Off => Vec::new(),
        MfaMode::Optional | MfaMode::Required => user.mfa.enabled.clone(),
    };
    if enabled.is_empty() && pool.mfa_mode() == MfaMode::Required {
        let parameters = BTreeMap::from([(
            "MFAS_CAN_SETUP".to_owned(),
            json!(["SOFTWARE_TOKEN_MFA"]).to_string(),
        )]);
        return challenge(ctx, tx, pool, client, user, "MFA_SETUP", parameters);
    }
    let chosen = user.mfa.preferred.filter(|f| enabled.contains(f));
    match (chosen, enabled.as_slice()) {
        (None, []) => Ok(Step::Tokens {
            tokens: Box::new(session::issue_tokens(
                ctx,
                tx,
                pool,
                client,
                user,
                Family::New,
            )?),
            user: Box::new(user.clone()),
        }),
        (Some(factor), _) | (None, &[factor]) => mfa_challenge(ctx, tx, pool, client, user, factor),
        (None, factors) => {
            let names: Vec<&str> = factors.iter().map(|f| f.challenge_name()).collect();
            let parameters =
                BTreeMap::from([("MFAS_CAN_CHOOSE".to_owned(), json!(names).to_string())]);
            challenge(ctx, tx, pool, client, user, "SELECT_MFA_TYPE", parameters)
        }
    }
}

fn new_password_challenge(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
) -> Result<Step, ApiError> {
    let current: BTreeMap<&str, &str> = user
        .attributes
        .iter()
        .filter(|(name, _)| name.as_str() != "sub")
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let required: Vec<String> = missing_required(pool, &user.attributes)
        .into_iter()
        .map(|name| format!("userAttributes.{name}"))
        .collect();
    let parameters = BTreeMap::from([
        ("userAttributes".to_owned(), json!(current).to_string()),
        ("requiredAttributes".to_owned(), json!(required).to_string()),
    ]);
    challenge(
        ctx,
        tx,
        pool,
        client,
        user,
        "NEW_PASSWORD_REQUIRED",
        parameters,
    )
}

fn mfa_challenge(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
    factor: MfaFactor,
) -> Result<Step, ApiError> {
    let mut parameters = BTreeMap::new();
    let medium = match factor {
        MfaFactor::SoftwareToken => None,
        MfaFactor::Sms => Some(Medium::Sms),
        MfaFactor::Email => Some(Medium::Email),
    };
    if let Some(medium) = medium {
        let delivery = send_code(
            ctx,
            tx,
            pool,
            user,
            CodePurpose::SignInMfa,
            medium,
            MessageSource::Authentication,
        )?;
        parameters.insert(
            "CODE_DELIVERY_DELIVERY_MEDIUM".into(),
            delivery.delivery_medium,
        );
        parameters.insert("CODE_DELIVERY_DESTINATION".into(), delivery.destination);
    }
    challenge(
        ctx,
        tx,
        pool,
        client,
        user,
        factor.challenge_name(),
        parameters,
    )
}

/// Opens a challenge session (single use, `AuthSessionValidity` minutes).
fn challenge(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
    name: &'static str,
    mut parameters: BTreeMap<String, String>,
) -> Result<Step, ApiError> {
    let session = new_session(ctx, tx, pool, client, user, name)?;
    parameters.insert("USER_ID_FOR_SRP".into(), user.username.clone());
    Ok(Step::Challenge {
        name,
        session,
        parameters,
    })
}

pub fn new_session(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
    challenge: &str,
) -> Result<String, ApiError> {
    let id = random::opaque_token()?;
    tx.insert_auth_session(&AuthSession {
        id: id.clone(),
        pool_id: pool.id.clone(),
        client_id: client.client_id.clone(),
        username_key: username_key(pool, user),
        challenge: challenge.into(),
        expires_at: ctx.now() + client.auth_session_ttl(),
        consumed_at: None,
    })?;
    Ok(id)
}

/// Loads a challenge session and its user, refusing used or expired sessions.
pub fn open_session(
    ctx: &Context,
    tx: &Tx<'_>,
    session_id: &str,
) -> Result<(AuthSession, UserPool, AppClient, User), ApiError> {
    let expired = || ApiError::not_authorized("Invalid session for the user, session is expired.");
    let session = tx.auth_session(session_id)?.ok_or_else(expired)?;
    if session.consumed_at.is_some() {
        return Err(ApiError::not_authorized(
            "Invalid session for the user, session can only be used once.",
        ));
    }
    if session.expires_at <= ctx.now() {
        return Err(expired());
    }
    let pool = load_pool(tx, &session.pool_id)?;
    let client = load_client(tx, &session.client_id)?;
    let user = tx
        .user(&session.pool_id, &session.username_key)?
        .ok_or_else(ApiError::user_not_found)?;
    Ok((session, pool, client, user))
}

pub fn respond_to_auth_challenge(
    ctx: &Context,
    req: RespondToAuthChallengeRequest,
) -> Result<AuthResponse, ApiError> {
    let client = ctx
        .store
        .transaction(|tx| load_client(tx, &req.client_id))?;
    respond(
        ctx,
        &client,
        &req.challenge_name,
        req.session.as_deref(),
        &req.challenge_responses,
    )
}

pub fn admin_respond_to_auth_challenge(
    ctx: &Context,
    req: AdminRespondToAuthChallengeRequest,
) -> Result<AuthResponse, ApiError> {
    let (_, client) = ctx
        .store
        .transaction(|tx| load_pool_client(tx, &req.user_pool_id, &req.client_id))?;
    respond(
        ctx,
        &client,
        &req.challenge_name,
        req.session.as_deref(),
        &req.challenge_responses,
    )
}

fn respond(
    ctx: &Context,
    client: &AppClient,
    challenge_name: &str,
    session_id: Option<&str>,
    responses: &Parameters,
) -> Result<AuthResponse, ApiError> {
    let session_id = session_id
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))?;
    let login = required(responses, "USERNAME")?;

    // NEW_PASSWORD_REQUIRED hashes a password: do that before taking the write lock.
    let new_password_hash = if challenge_name == "NEW_PASSWORD_REQUIRED" {
        let password = required(responses, "NEW_PASSWORD")?;
        let pool = ctx.store.transaction(|tx| {
            let (_, pool, ..) = open_session(ctx, tx, session_id)?;
            Ok(pool)
        })?;
        crate::password::check_policy(pool.password_policy(), password)?;
        Some(ctx.passwords.hash(password)?)
    } else {
        None
    };

    let step = ctx.store.transaction(|tx| {
        let (session, pool, session_client, mut user) = open_session(ctx, tx, session_id)?;
        if session_client.client_id != client.client_id {
            return Err(ApiError::not_authorized("Invalid session for the user."));
        }
        if session.challenge != challenge_name {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid challenge name {challenge_name}: the session expects {}",
                session.challenge
            )));
        }
        let named = find_user(tx, &pool, login)?;
        if named.as_ref().map(|u| &u.sub) != Some(&user.sub) {
            return Err(ApiError::not_authorized("Invalid session for the user."));
        }
        check_secret_hash(
            client,
            &[login, &user.username],
            responses.get("SECRET_HASH").map(String::as_str),
        )?;

        match challenge_name {
            "NEW_PASSWORD_REQUIRED" => {
                complete_new_password(ctx, tx, &pool, client, &mut user, responses, new_password_hash.clone())?;
            }
            "SOFTWARE_TOKEN_MFA" => {
                let code = required(responses, "SOFTWARE_TOKEN_MFA_CODE")?;
                let secret = user.mfa.totp_secret.as_deref().unwrap_or_default();
                if !totp::verify(secret, code, ctx.now()) {
                    return Err(ApiError::new("CodeMismatchException", "Invalid code received for user"));
                }
            }
            "SMS_MFA" | "EMAIL_OTP" => {
                let field = format!("{challenge_name}_CODE");
                let code = required(responses, &field)?;
                check_code(ctx, tx, &pool, &user, &CodePurpose::SignInMfa, code).map_err(|err| {
                    if err.type_name == "CodeMismatchException" {
                        ApiError::new("CodeMismatchException", "Invalid code received for user")
                    } else {
                        err
                    }
                })?;
            }
            "SELECT_MFA_TYPE" => {
                let answer = required(responses, "ANSWER")?;
                let factor = user
                    .mfa
                    .enabled
                    .iter()
                    .copied()
                    .find(|f| f.challenge_name() == answer)
                    .ok_or_else(|| ApiError::invalid_parameter(format!("Invalid ANSWER {answer}")))?;
                tx.consume_auth_session(&session.id, ctx.now())?;
                return mfa_challenge(ctx, tx, &pool, client, &user, factor);
            }
            "MFA_SETUP" => {
                if user.mfa.totp_secret.is_none() {
                    return Err(ApiError::invalid_parameter(
                        "Software token MFA has not been set up: call AssociateSoftwareToken and VerifySoftwareToken with this session",
                    ));
                }
            }
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "Challenge {other} is not supported by local-pool"
                )));
            }
        }
        tx.consume_auth_session(&session.id, ctx.now())?;
        if challenge_name == "NEW_PASSWORD_REQUIRED" {
            next_step(ctx, tx, &pool, client, &user)
        } else {
            Ok(Step::Tokens {
                tokens: Box::new(session::issue_tokens(ctx, tx, &pool, client, &user, Family::New)?),
                user: Box::new(user),
            })
        }
    })?;
    step.finish(ctx, client)
}

/// Applies NEW_PASSWORD_REQUIRED: the new password and any `userAttributes.*` responses.
fn complete_new_password(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &mut User,
    responses: &Parameters,
    password_hash: Option<String>,
) -> Result<(), ApiError> {
    let attributes: Vec<crate::model::AttributeType> = responses
        .iter()
        .filter_map(|(key, value)| {
            key.strip_prefix("userAttributes.")
                .map(|name| crate::model::AttributeType {
                    name: name.to_owned(),
                    value: Some(value.clone()),
                })
        })
        .collect();
    let changes = crate::ops::common::validate_attributes(
        pool,
        &attributes,
        crate::ops::common::Writer::User(client),
        false,
    )?;
    crate::ops::common::apply_attributes(&mut user.attributes, changes);
    let missing = missing_required(pool, &user.attributes);
    if let Some(name) = missing.first() {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid attributes given, {name} is missing"
        )));
    }
    user.set_password(password_hash, ctx.now());
    user.status = UserStatus::Confirmed;
    tx.update_user(user)
}

// ---- refresh and sign-out ------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    pub refresh_token: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    pub authentication_result: AuthenticationResult,
}

pub fn get_tokens_from_refresh_token(
    ctx: &Context,
    req: GetTokensFromRefreshTokenRequest,
) -> Result<GetTokensFromRefreshTokenResponse, ApiError> {
    let tokens = ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        check_client_secret(&client, req.client_secret.as_deref())?;
        require_flow(&client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH")?;
        let rotate = client.rotation_grace_secs().is_some();
        let (_, _, tokens) =
            session::redeem_refresh_token(ctx, tx, &client, &req.refresh_token, rotate)?;
        Ok(tokens)
    })?;
    Ok(GetTokensFromRefreshTokenResponse {
        authentication_result: tokens.sign()?,
    })
}

fn check_client_secret(client: &AppClient, given: Option<&str>) -> Result<(), ApiError> {
    match client.client_secret.as_deref() {
        Some(secret) if given != Some(secret) => Err(ApiError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.client_id
        ))),
        _ => Ok(()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOutRequest {
    pub access_token: String,
}

pub fn global_sign_out(ctx: &Context, req: GlobalSignOutRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let caller = session::authenticate(ctx, tx, &req.access_token)?;
        let key = username_key(&caller.pool, &caller.user);
        tx.revoke_user_token_families(&caller.pool.id, &key, ctx.now())
    })?;
    Ok(Empty {})
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserGlobalSignOutRequest {
    pub user_pool_id: String,
    pub username: String,
}

pub fn admin_user_global_sign_out(
    ctx: &Context,
    req: AdminUserGlobalSignOutRequest,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let user = require_user(tx, &pool, &req.username)?;
        tx.revoke_user_token_families(&pool.id, &username_key(&pool, &user), ctx.now())
    })?;
    Ok(Empty {})
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    pub token: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<String>,
}

/// Revokes a refresh token and every access token issued from the same sign-in.
pub fn revoke_token(ctx: &Context, req: RevokeTokenRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        check_client_secret(&client, req.client_secret.as_deref())?;
        if !client.revocation_enabled() {
            return Err(ApiError::new(
                "UnsupportedOperationException",
                "Token revocation is not enabled for this app client.",
            ));
        }
        if crate::tokens::UnverifiedJwt::parse(&req.token).is_some() {
            return Err(ApiError::new(
                "UnsupportedTokenTypeException",
                "Only refresh tokens can be revoked.",
            ));
        }
        // Like RFC 7009, an unknown token is not an error: there is nothing left to revoke.
        let Some(record) = tx.refresh_token(&random::sha256_hex(&req.token))? else {
            return Ok(());
        };
        if record.family.client_id != client.client_id {
            return Err(ApiError::new(
                "UnauthorizedException",
                "The refresh token was not issued to this client.",
            ));
        }
        tx.revoke_token_family(&record.origin_jti, ctx.now())
    })?;
    Ok(Empty {})
}
