//! The challenge state machine: what follows an accepted password (NEW_PASSWORD_REQUIRED, MFA
//! set-up, selection and codes), challenge sessions, and RespondToAuthChallenge /
//! AdminRespondToAuthChallenge.

use std::collections::BTreeMap;

use serde_json::json;

use crate::lambda::{MessageSource, TokenSource};
use crate::model::{AppClient, MfaFactor, MfaMode, User, UserPool, UserStatus};
use crate::ops::auth::{
    AdminRespondToAuthChallengeRequest, AuthResponse, Parameters, RespondToAuthChallengeRequest,
    required,
};
use crate::ops::common::{
    CodePurpose, Medium, check_code, check_secret_hash, commit_refusal, find_user, load_client,
    load_pool, load_pool_client, missing_required, send_code, trigger_context, username_key,
};
use crate::ops::session::{self, Family, UnsignedTokens};
use crate::ops::{Context, lockout};
use crate::protocol::ApiError;
use crate::random;
use crate::store::{AuthSession, Tx};
use crate::totp;

/// What comes after a step of authentication succeeded.
pub(super) enum Step {
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
    /// Answers the step: a challenge, or tokens (pre token generation, signing and post
    /// authentication run here, after the transaction, with the request's ClientMetadata).
    pub(super) fn finish(
        self,
        ctx: &Context,
        client: &AppClient,
        client_metadata: Option<&Parameters>,
    ) -> Result<AuthResponse, ApiError> {
        match self {
            Self::Challenge {
                name,
                session,
                parameters,
            } => Ok(AuthResponse {
                challenge_name: Some(name.into()),
                session: Some(session),
                challenge_parameters: Some(parameters),
                authentication_result: None,
                available_challenges: None,
            }),
            Self::Tokens { tokens, user } => {
                let authentication_result = tokens.sign(ctx, client_metadata)?;
                crate::lambda::post_authentication(
                    ctx,
                    &trigger_context(&user, Some(&client.client_id)),
                    client_metadata,
                )?;
                Ok(AuthResponse {
                    authentication_result: Some(authentication_result),
                    challenge_parameters: Some(BTreeMap::new()),
                    ..AuthResponse::default()
                })
            }
        }
    }
}

/// After the password (or a challenge) was accepted: another challenge, or tokens.
pub(super) fn next_step(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
    source: TokenSource,
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
                source,
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
            None,
        )?;
        // send_code fills in every member of the delivery details.
        parameters.insert(
            "CODE_DELIVERY_DELIVERY_MEDIUM".into(),
            delivery
                .delivery_medium
                .unwrap_or(medium.into())
                .to_string(),
        );
        parameters.insert(
            "CODE_DELIVERY_DESTINATION".into(),
            delivery.destination.unwrap_or_default(),
        );
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
        custom_state: None,
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
    // A custom challenge session is answered only with CUSTOM_CHALLENGE; refused before its
    // user is looked up, so the answer is the same whether the user exists or not.
    if session.challenge == super::custom::CUSTOM_CHALLENGE {
        return Err(ApiError::not_authorized("Invalid session for the user."));
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
        req.challenge_name.as_str(),
        req.session.as_deref(),
        &req.challenge_responses.unwrap_or_default(),
        req.client_metadata.as_ref(),
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
        req.challenge_name.as_str(),
        req.session.as_deref(),
        &req.challenge_responses.unwrap_or_default(),
        req.client_metadata.as_ref(),
    )
}

fn respond(
    ctx: &Context,
    client: &AppClient,
    challenge_name: &str,
    session_id: Option<&str>,
    responses: &Parameters,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    let session_id = session_id
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter("Missing required parameter Session"))?;
    if challenge_name == super::custom::CUSTOM_CHALLENGE {
        return super::custom::respond_custom(ctx, client, session_id, responses, client_metadata);
    }
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

    let step = commit_refusal(ctx.store.transaction(|tx| {
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

        // Wrong MFA codes count towards the user's lockout, like wrong passwords.
        let key = username_key(&pool, &user);
        if matches!(challenge_name, "SOFTWARE_TOKEN_MFA" | "SMS_MFA" | "EMAIL_OTP") {
            lockout::check_not_locked(tx, &pool.id, &key, ctx.now())?;
        }
        match challenge_name {
            "NEW_PASSWORD_REQUIRED" => {
                complete_new_password(ctx, tx, &pool, client, &mut user, responses, new_password_hash.clone())?;
            }
            "SOFTWARE_TOKEN_MFA" => {
                let code = required(responses, "SOFTWARE_TOKEN_MFA_CODE")?;
                let secret = user.mfa.totp_secret.as_deref().unwrap_or_default();
                if !totp::verify(secret, code, ctx.now()) {
                    lockout::record_failure(tx, &pool.id, &key, ctx.now())?;
                    return Ok(Err(mfa_code_mismatch()));
                }
            }
            "SMS_MFA" | "EMAIL_OTP" => {
                let field = format!("{challenge_name}_CODE");
                let code = required(responses, &field)?;
                if let Err(refusal) = check_code(ctx, tx, &pool, &user, &CodePurpose::SignInMfa, code)? {
                    if refusal.type_name != "CodeMismatchException" {
                        return Ok(Err(refusal));
                    }
                    lockout::record_failure(tx, &pool.id, &key, ctx.now())?;
                    return Ok(Err(mfa_code_mismatch()));
                }
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
                return mfa_challenge(ctx, tx, &pool, client, &user, factor).map(Ok);
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
            next_step(ctx, tx, &pool, client, &user, TokenSource::NewPasswordChallenge).map(Ok)
        } else {
            Ok(Ok(Step::Tokens {
                tokens: Box::new(session::issue_tokens(ctx, tx, &pool, client, &user, Family::New, TokenSource::Authentication)?),
                user: Box::new(user),
            }))
        }
    }))?;
    step.finish(ctx, client, client_metadata)
}

fn mfa_code_mismatch() -> ApiError {
    ApiError::new("CodeMismatchException", "Invalid code received for user")
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
