//! CUSTOM_AUTH: the challenge loop of the custom authentication triggers.
//!
//! As Cognito runs it (Developer Guide, "Custom authentication challenge Lambda triggers",
//! "Define Auth challenge Lambda trigger", "Create Auth challenge Lambda trigger", "Verify Auth
//! challenge response Lambda trigger"): InitiateAuth runs PreAuthentication, then Define with
//! an empty `session` history; Define answers `issueTokens` (tokens), `failAuthentication`
//! (NotAuthorizedException) or `challengeName` CUSTOM_CHALLENGE, which Create turns into
//! public parameters (returned as `ChallengeParameters`, with `USERNAME`), private parameters
//! and metadata (both kept here, server-side, in the challenge session).
//! RespondToAuthChallenge hands `ANSWER` and the private parameters to Verify, appends
//! `{challengeName, challengeResult, challengeMetadata}` to the history and asks Define again.
//!
//! Each answer uses up its session and a new one is issued, valid for the client's
//! `AuthSessionValidity` minutes (API Reference, CreateUserPoolClient, "AuthSessionValidity":
//! the lifetime of the session token of each API request in an authentication flow).
//! Wrong answers are the triggers' business: they do not count towards the password lockout.
//! Cognito documents no limit on the number of rounds; the pool sets none (the builtin Define
//! ends the attempt after three wrong answers).

use serde::{Deserialize, Serialize};

use crate::lambda::{self, ChallengeResult, TokenSource, Trigger, TriggerSubject};
use crate::model::{AppClient, Attributes, User, UserPool, UserStatus};
use crate::ops::Context;
use crate::ops::auth::challenges::Step;
use crate::ops::auth::{AuthResponse, Parameters, required};
use crate::ops::common::{
    check_secret_hash, commit_refusal, find_user, load_pool, trigger_context, username_key,
};
use crate::ops::session::{self, Family};
use crate::protocol::ApiError;
use crate::random;
use crate::store::AuthSession;

pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";

/// What a custom challenge session keeps between requests (the `custom_state` column).
#[derive(Debug, Serialize, Deserialize)]
struct CustomState {
    /// The name the caller signed in with (the only name of an unknown user).
    login: String,
    user_not_found: bool,
    history: Vec<ChallengeResult>,
    /// Create's private parameters and metadata for the challenge presented.
    private_parameters: Parameters,
    metadata: Option<String>,
}

/// Who is signing in: a user, or, under PreventUserExistenceErrors, a name that matches
/// nobody (the triggers run with `userNotFound` and the answers look the same).
struct Subject {
    user: Option<User>,
    login: String,
}

impl Subject {
    fn context<'a>(
        &'a self,
        pool: &'a UserPool,
        client: &'a AppClient,
        no_attributes: &'a Attributes,
    ) -> TriggerSubject<'a> {
        match &self.user {
            Some(user) => trigger_context(user, Some(&client.client_id)),
            None => TriggerSubject {
                pool_id: &pool.id,
                client_id: Some(&client.client_id),
                username: &self.login,
                attributes: no_attributes,
            },
        }
    }

    fn username(&self) -> &str {
        self.user.as_ref().map_or(&self.login, |u| &u.username)
    }
}

/// Cognito's answer to CUSTOM_AUTH in a pool without a Define auth challenge trigger. AWS does
/// not document it; this is the message developers report from real pools (and that
/// Amplify applications match on), with InvalidParameterException.
fn not_configured() -> ApiError {
    ApiError::invalid_parameter("Custom auth lambda trigger is not configured for the user pool.")
}

/// InitiateAuth / AdminInitiateAuth with CUSTOM_AUTH (ALLOW_CUSTOM_AUTH already checked).
/// `client_metadata` reaches PreAuthentication only, as its `validationData` (API Reference,
/// InitiateAuth, "ClientMetadata": Define and Create get no ClientMetadata from InitiateAuth).
pub(super) fn custom_sign_in(
    ctx: &Context,
    pool: &UserPool,
    client: &AppClient,
    params: &Parameters,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    let login = required(params, "USERNAME")?;
    if !ctx
        .triggers
        .is_configured(&pool.id, Trigger::DefineAuthChallenge)
    {
        return Err(not_configured());
    }
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
    if user.is_none() && !client.prevents_user_existence_errors() {
        return Err(ApiError::user_not_found());
    }
    let subject = Subject {
        user,
        login: login.to_owned(),
    };
    let no_attributes = Attributes::new();
    lambda::pre_authentication(
        ctx,
        &subject.context(pool, client, &no_attributes),
        subject.user.is_none(),
        client_metadata,
    )?;
    if let Some(user) = &subject.user {
        check_may_sign_in(user)?;
    }
    advance(ctx, pool, client, &subject, Vec::new(), None)
}

/// The refusals of the password flow that do not depend on a password.
fn check_may_sign_in(user: &User) -> Result<(), ApiError> {
    match user.status {
        UserStatus::Unconfirmed => Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        )),
        _ if !user.enabled => Err(ApiError::user_disabled()),
        UserStatus::ResetRequired => Err(ApiError::new(
            "PasswordResetRequiredException",
            "Password reset required for the user",
        )),
        _ => Ok(()),
    }
}

/// Asks Define what comes next and does it: tokens, a refusal, or a new challenge.
fn advance(
    ctx: &Context,
    pool: &UserPool,
    client: &AppClient,
    subject: &Subject,
    history: Vec<ChallengeResult>,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    let no_attributes = Attributes::new();
    let tc = subject.context(pool, client, &no_attributes);
    let user_not_found = subject.user.is_none();
    let next = lambda::define_auth_challenge(ctx, &tc, &history, user_not_found, client_metadata)?
        .ok_or_else(not_configured)?;
    // Cognito documents what each member means, not what a contradictory answer does: here a
    // failure wins over tokens, and tokens over another challenge.
    if next.fail_authentication {
        return Err(ApiError::incorrect_credentials());
    }
    if next.issue_tokens {
        // Tokens for nobody: the unknown user fails as a wrong answer would.
        let Some(user) = &subject.user else {
            return Err(ApiError::incorrect_credentials());
        };
        let step = ctx.store.transaction(|tx| {
            let current = tx
                .user(&pool.id, &username_key(pool, user))?
                .filter(|u| u.sub == user.sub)
                .ok_or_else(ApiError::incorrect_credentials)?;
            check_may_sign_in(&current)?;
            Ok(Step::Tokens {
                tokens: Box::new(session::issue_tokens(
                    ctx,
                    tx,
                    pool,
                    client,
                    &current,
                    Family::New,
                    TokenSource::Authentication,
                )?),
                user: Box::new(current),
            })
        })?;
        return step.finish(ctx, client, client_metadata);
    }
    match next.challenge_name.as_deref() {
        Some(CUSTOM_CHALLENGE) => {}
        // SRP_A / PASSWORD_VERIFIER in a custom flow need SRP, which the pool lacks.
        Some(other) => {
            return Err(ApiError::invalid_parameter(format!(
                "DefineAuthChallenge asked for {other}: local-pool supports only {CUSTOM_CHALLENGE} in CUSTOM_AUTH"
            )));
        }
        // Neither tokens, nor failure, nor a challenge: not documented; refused as an
        // unusable trigger answer.
        None => {
            return Err(ApiError::new(
                "InvalidLambdaResponseException",
                "DefineAuthChallenge returned neither issueTokens, failAuthentication nor a challengeName",
            ));
        }
    }
    let challenge = lambda::create_auth_challenge(
        ctx,
        &tc,
        CUSTOM_CHALLENGE,
        &history,
        user_not_found,
        client_metadata,
    )?;
    let state = CustomState {
        login: subject.login.clone(),
        user_not_found,
        history,
        private_parameters: challenge.private_parameters,
        metadata: challenge.metadata,
    };
    let state = serde_json::to_string(&state).map_err(ApiError::internal)?;
    let session_id = random::opaque_token()?;
    let key = pool.username_key(subject.username());
    ctx.store.transaction(|tx| {
        tx.insert_auth_session(&AuthSession {
            id: session_id.clone(),
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            username_key: key.clone(),
            challenge: CUSTOM_CHALLENGE.into(),
            expires_at: ctx.now() + client.auth_session_ttl(),
            consumed_at: None,
            custom_state: Some(state.clone()),
        })
    })?;
    // Cognito adds USERNAME to a custom challenge's public parameters.
    let mut parameters = challenge.public_parameters;
    parameters.insert("USERNAME".into(), subject.username().to_owned());
    Ok(AuthResponse {
        challenge_name: Some(CUSTOM_CHALLENGE.into()),
        session: Some(session_id),
        challenge_parameters: Some(parameters),
        authentication_result: None,
        available_challenges: None,
    })
}

/// RespondToAuthChallenge / AdminRespondToAuthChallenge with CUSTOM_CHALLENGE. The
/// request's `ClientMetadata` goes to Verify, Define, Create, pre token generation and post
/// authentication (API Reference, RespondToAuthChallenge, "ClientMetadata").
pub(super) fn respond_custom(
    ctx: &Context,
    client: &AppClient,
    session_id: &str,
    responses: &Parameters,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    let login = required(responses, "USERNAME")?;
    let answer = required(responses, "ANSWER")?;
    let now = ctx.now();
    let (pool, subject, state) = commit_refusal(ctx.store.transaction(|tx| {
        let expired =
            || ApiError::not_authorized("Invalid session for the user, session is expired.");
        let session = tx.auth_session(session_id)?.ok_or_else(expired)?;
        if session.consumed_at.is_some() {
            return Err(ApiError::not_authorized(
                "Invalid session for the user, session can only be used once.",
            ));
        }
        if session.expires_at <= now {
            return Err(expired());
        }
        if session.client_id != client.client_id {
            return Err(ApiError::not_authorized("Invalid session for the user."));
        }
        if session.challenge != CUSTOM_CHALLENGE {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid challenge name {CUSTOM_CHALLENGE}: the session expects {}",
                session.challenge
            )));
        }
        let state: CustomState = session
            .custom_state
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::internal("custom challenge session without state"))?;
        let pool = load_pool(tx, &session.pool_id)?;
        let invalid = || ApiError::not_authorized("Invalid session for the user.");
        let user = if state.user_not_found {
            if pool.username_key(login) != session.username_key {
                return Err(invalid());
            }
            None
        } else {
            let user = tx
                .user(&pool.id, &session.username_key)?
                .ok_or_else(invalid)?;
            let named = find_user(tx, &pool, login)?;
            if named.as_ref().map(|u| &u.sub) != Some(&user.sub) {
                return Err(invalid());
            }
            Some(user)
        };
        let hashed_names: Vec<&str> = [Some(login), user.as_ref().map(|u| u.username.as_str())]
            .into_iter()
            .flatten()
            .collect();
        check_secret_hash(
            client,
            &hashed_names,
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        // The session is used up whatever the answer.
        tx.consume_auth_session(&session.id, now)?;
        if let Some(user) = &user
            && !user.enabled
        {
            return Ok(Err(ApiError::user_disabled()));
        }
        let subject = Subject {
            user,
            login: state.login.clone(),
        };
        Ok(Ok((pool, subject, state)))
    }))?;

    let no_attributes = Attributes::new();
    let correct = lambda::verify_auth_challenge_response(
        ctx,
        &subject.context(&pool, client, &no_attributes),
        &state.private_parameters,
        answer,
        subject.user.is_none(),
        client_metadata,
    )?;
    let mut history = state.history;
    history.push(ChallengeResult {
        challenge_name: CUSTOM_CHALLENGE.into(),
        challenge_result: correct,
        challenge_metadata: state.metadata,
    });
    advance(ctx, &pool, client, &subject, history, client_metadata)
}
