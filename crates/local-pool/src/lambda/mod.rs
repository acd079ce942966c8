//! Lambda triggers, run where and as Cognito runs them.
//!
//! Each pool's seed section `[pool.triggers]` names, per trigger, either `"builtin"` (the
//! handlers of `crates/triggers`, in process) or a Lambda invoke endpoint
//! (`{ endpoint = "http://127.0.0.1:9000", function = "name" }`, called as
//! `POST <endpoint>/2015-03-31/functions/<name>/invocations`, which `cargo lambda watch` and
//! AWS's Lambda runtime interface emulator serve). At every trigger point the pool builds the
//! event JSON Cognito sends ([`events`]), invokes the trigger within the time limit
//! ([`invoke`]) and honours the response fields.
//!
//! Operations call triggers on their blocking thread, never inside a database transaction
//! (a trigger may take 5 s, and a Lambda function may call the pool back): pre token
//! generation runs when tokens are signed, code messages are sent after the operation
//! (`ops::common::send_pending_messages`), and the builtin handlers' admin calls and mails
//! are collected and written after the handler returns.

#[cfg(feature = "poolgate-triggers")]
mod builtin;
#[cfg(not(feature = "poolgate-triggers"))]
#[path = "no_builtin.rs"]
mod builtin;
mod events;
mod invoke;

use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::Attributes;
use crate::ops::Context;
use crate::protocol::ApiError;

pub use events::{
    ChallengeResult, CreateChallengeReply, CustomMessageReply, DefineChallengeReply,
    PreSignUpReply, TokenSource,
};

/// Cognito waits five seconds for a trigger ("Amazon Cognito invokes Lambda functions
/// synchronously ... the function must respond within 5 seconds": Developer Guide, "Customizing
/// user pool workflows with Lambda triggers").
pub const COGNITO_TRIGGER_TIMEOUT: Duration = Duration::from_secs(5);

/// Who and what a trigger is about.
#[derive(Debug, Clone)]
pub struct TriggerSubject<'a> {
    pub pool_id: &'a str,
    pub client_id: Option<&'a str>,
    pub username: &'a str,
    pub attributes: &'a Attributes,
}

/// Why a code message is being sent (the `triggerSource` suffix Cognito uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageSource {
    SignUp,
    ResendCode,
    ForgotPassword,
    UpdateUserAttribute,
    VerifyUserAttribute,
    AdminCreateUser,
    Authentication,
}

impl MessageSource {
    pub fn trigger_source(self) -> &'static str {
        match self {
            Self::SignUp => "CustomMessage_SignUp",
            Self::ResendCode => "CustomMessage_ResendCode",
            Self::ForgotPassword => "CustomMessage_ForgotPassword",
            Self::UpdateUserAttribute => "CustomMessage_UpdateUserAttribute",
            Self::VerifyUserAttribute => "CustomMessage_VerifyUserAttribute",
            Self::AdminCreateUser => "CustomMessage_AdminCreateUser",
            Self::Authentication => "CustomMessage_Authentication",
        }
    }
}

/// The triggers a pool can configure, with the name Cognito's error messages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trigger {
    PreSignUp,
    PostConfirmation,
    PreAuthentication,
    PostAuthentication,
    PreTokenGeneration,
    CustomMessage,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
}

impl Trigger {
    pub const ALL: [Trigger; 9] = [
        Self::PreSignUp,
        Self::PostConfirmation,
        Self::PreAuthentication,
        Self::PostAuthentication,
        Self::PreTokenGeneration,
        Self::CustomMessage,
        Self::DefineAuthChallenge,
        Self::CreateAuthChallenge,
        Self::VerifyAuthChallengeResponse,
    ];

    /// The trigger a `LambdaConfig` member names with a plain function ARN (CreateUserPool's
    /// `LambdaConfigType`, and CloudFormation's `LambdaConfig`, use the same names). Pre token
    /// generation is not among them: its plain member means the V1_0 event (see
    /// `crate::template`).
    pub fn from_lambda_config(member: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .filter(|t| *t != Self::PreTokenGeneration)
            .find(|t| t.error_name() == member)
    }

    /// The key of the seed's `[pool.triggers]` table.
    pub fn seed_key(self) -> &'static str {
        match self {
            Self::PreSignUp => "pre_sign_up",
            Self::PostConfirmation => "post_confirmation",
            Self::PreAuthentication => "pre_authentication",
            Self::PostAuthentication => "post_authentication",
            Self::PreTokenGeneration => "pre_token_generation",
            Self::CustomMessage => "custom_message",
            Self::DefineAuthChallenge => "define_auth_challenge",
            Self::CreateAuthChallenge => "create_auth_challenge",
            Self::VerifyAuthChallengeResponse => "verify_auth_challenge_response",
        }
    }

    /// The prefix of Cognito's messages: "PreSignUp failed with error …".
    pub fn error_name(self) -> &'static str {
        match self {
            Self::PreSignUp => "PreSignUp",
            Self::PostConfirmation => "PostConfirmation",
            Self::PreAuthentication => "PreAuthentication",
            Self::PostAuthentication => "PostAuthentication",
            Self::PreTokenGeneration => "PreTokenGeneration",
            Self::CustomMessage => "CustomMessage",
            Self::DefineAuthChallenge => "DefineAuthChallenge",
            Self::CreateAuthChallenge => "CreateAuthChallenge",
            Self::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
        }
    }
}

/// Where one trigger runs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum TriggerTarget {
    /// `"builtin"`: crates/triggers in process (feature `poolgate-triggers`).
    Builtin(BuiltinMarker),
    /// A Lambda invoke endpoint.
    Lambda { endpoint: String, function: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum BuiltinMarker {
    #[serde(rename = "builtin")]
    Builtin,
}

/// The seed's `[pool.triggers]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolTriggers {
    pub pre_sign_up: Option<TriggerTarget>,
    pub post_confirmation: Option<TriggerTarget>,
    pub pre_authentication: Option<TriggerTarget>,
    pub post_authentication: Option<TriggerTarget>,
    pub pre_token_generation: Option<TriggerTarget>,
    pub custom_message: Option<TriggerTarget>,
    pub define_auth_challenge: Option<TriggerTarget>,
    pub create_auth_challenge: Option<TriggerTarget>,
    pub verify_auth_challenge_response: Option<TriggerTarget>,
    /// Settings of the builtin handlers (crates/triggers `Settings`; ignored in a build
    /// without them).
    #[serde(default)]
    pub settings: Option<builtin::Settings>,
}

impl PoolTriggers {
    /// Where `trigger` runs, if the pool has it.
    pub fn target(&self, trigger: Trigger) -> Option<&TriggerTarget> {
        match trigger {
            Trigger::PreSignUp => self.pre_sign_up.as_ref(),
            Trigger::PostConfirmation => self.post_confirmation.as_ref(),
            Trigger::PreAuthentication => self.pre_authentication.as_ref(),
            Trigger::PostAuthentication => self.post_authentication.as_ref(),
            Trigger::PreTokenGeneration => self.pre_token_generation.as_ref(),
            Trigger::CustomMessage => self.custom_message.as_ref(),
            Trigger::DefineAuthChallenge => self.define_auth_challenge.as_ref(),
            Trigger::CreateAuthChallenge => self.create_auth_challenge.as_ref(),
            Trigger::VerifyAuthChallengeResponse => self.verify_auth_challenge_response.as_ref(),
        }
    }

    pub fn target_mut(&mut self, trigger: Trigger) -> &mut Option<TriggerTarget> {
        match trigger {
            Trigger::PreSignUp => &mut self.pre_sign_up,
            Trigger::PostConfirmation => &mut self.post_confirmation,
            Trigger::PreAuthentication => &mut self.pre_authentication,
            Trigger::PostAuthentication => &mut self.post_authentication,
            Trigger::PreTokenGeneration => &mut self.pre_token_generation,
            Trigger::CustomMessage => &mut self.custom_message,
            Trigger::DefineAuthChallenge => &mut self.define_auth_challenge,
            Trigger::CreateAuthChallenge => &mut self.create_auth_challenge,
            Trigger::VerifyAuthChallengeResponse => &mut self.verify_auth_challenge_response,
        }
    }
}

/// Every pool's trigger configuration and the time limit. Configured by the seed at start.
#[derive(Debug)]
pub struct TriggerRunner {
    pools: RwLock<HashMap<String, PoolTriggers>>,
    timeout: Duration,
}

impl TriggerRunner {
    pub fn new(timeout: Duration) -> Self {
        Self {
            pools: RwLock::new(HashMap::new()),
            timeout,
        }
    }

    /// Sets (replaces) a pool's triggers. Refuses `"builtin"` in a build without the builtin
    /// handlers (feature `poolgate-triggers`), so the mistake shows at start-up.
    pub fn configure(&self, pool_id: &str, triggers: PoolTriggers) -> Result<(), String> {
        if !builtin::AVAILABLE
            && let Some(trigger) = Trigger::ALL
                .into_iter()
                .find(|t| matches!(triggers.target(*t), Some(TriggerTarget::Builtin(_))))
        {
            return Err(format!(
                "trigger {} is \"builtin\", but this local-pool was built without the \
                 feature poolgate-triggers (use a Lambda endpoint, or rebuild with it)",
                trigger.seed_key()
            ));
        }
        self.pools
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pool_id.to_owned(), triggers);
        Ok(())
    }

    fn lookup(
        &self,
        pool_id: &str,
        trigger: Trigger,
    ) -> Option<(TriggerTarget, builtin::Settings)> {
        let pools = self.pools.read().unwrap_or_else(|e| e.into_inner());
        let pool = pools.get(pool_id)?;
        let target = pool.target(trigger)?.clone();
        Some((target, pool.settings.clone().unwrap_or_default()))
    }

    /// Whether the pool configures `trigger`.
    pub fn is_configured(&self, pool_id: &str, trigger: Trigger) -> bool {
        self.lookup(pool_id, trigger).is_some()
    }

    /// Invokes `trigger` with `event` when the pool configures it: `Ok(None)` when it does not.
    fn run(
        &self,
        ctx: &Context,
        trigger: Trigger,
        pool_id: &str,
        event: Value,
    ) -> Result<Option<Value>, ApiError> {
        let Some((target, settings)) = self.lookup(pool_id, trigger) else {
            return Ok(None);
        };
        invoke::invoke(ctx, trigger, &target, settings, event, self.timeout).map(Some)
    }
}

impl Default for TriggerRunner {
    fn default() -> Self {
        Self::new(COGNITO_TRIGGER_TIMEOUT)
    }
}

// ---- trigger points --------------------------------------------------------------------------

/// PreSignUp (`PreSignUp_SignUp` or `PreSignUp_AdminCreateUser`).
pub fn pre_sign_up(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    admin_create: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
    validation_data: &Attributes,
) -> Result<PreSignUpReply, ApiError> {
    let source = if admin_create {
        "PreSignUp_AdminCreateUser"
    } else {
        "PreSignUp_SignUp"
    };
    let event = events::pre_sign_up(tc, source, client_metadata, validation_data);
    match ctx
        .triggers
        .run(ctx, Trigger::PreSignUp, tc.pool_id, event)?
    {
        Some(reply) => Ok(events::read_pre_sign_up(&reply)),
        None => Ok(PreSignUpReply::default()),
    }
}

/// PostConfirmation (`PostConfirmation_ConfirmSignUp` / `_ConfirmForgotPassword`).
pub fn post_confirmation(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    forgot_password: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<(), ApiError> {
    let source = if forgot_password {
        "PostConfirmation_ConfirmForgotPassword"
    } else {
        "PostConfirmation_ConfirmSignUp"
    };
    let event = events::simple(tc, source, client_metadata, |_| {});
    ctx.triggers
        .run(ctx, Trigger::PostConfirmation, tc.pool_id, event)
        .map(drop)
}

/// PreAuthentication (`PreAuthentication_Authentication`). `validation_data` is the
/// InitiateAuth / AdminInitiateAuth `ClientMetadata` (API Reference, InitiateAuth,
/// "ClientMetadata": passed to pre authentication as `validationData`); `user_not_found` is
/// true for an unknown user of a client with PreventUserExistenceErrors ENABLED ("Pre
/// authentication Lambda trigger": it runs for unknown users only then).
pub fn pre_authentication(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    user_not_found: bool,
    validation_data: Option<&BTreeMap<String, String>>,
) -> Result<(), ApiError> {
    let event = events::simple(tc, "PreAuthentication_Authentication", None, |r| {
        r.insert("userNotFound".into(), Value::Bool(user_not_found));
        r.insert(
            "validationData".into(),
            events::request_metadata(validation_data),
        );
    });
    ctx.triggers
        .run(ctx, Trigger::PreAuthentication, tc.pool_id, event)
        .map(drop)
}

/// PostAuthentication (`PostAuthentication_Authentication`).
pub fn post_authentication(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<(), ApiError> {
    let event = events::simple(
        tc,
        "PostAuthentication_Authentication",
        client_metadata,
        |r| {
            r.insert("newDeviceUsed".into(), Value::Bool(false));
        },
    );
    ctx.triggers
        .run(ctx, Trigger::PostAuthentication, tc.pool_id, event)
        .map(drop)
}

/// Pre token generation, V2_0 event: may add, override or suppress claims of both tokens and
/// scopes of the access token, and override the groups.
pub fn pre_token_generation(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    source: TokenSource,
    groups: &[String],
    client_metadata: Option<&BTreeMap<String, String>>,
    id_claims: &mut Map<String, Value>,
    access_claims: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let event = events::pre_token_generation(tc, source, groups, client_metadata, access_claims);
    if let Some(reply) = ctx
        .triggers
        .run(ctx, Trigger::PreTokenGeneration, tc.pool_id, event)?
    {
        events::apply_token_overrides(&reply, id_claims, access_claims)?;
    }
    Ok(())
}

/// CustomMessage: the message text to send instead of the default (the code placeholder
/// `{####}` already replaced by the code), or `None`.
pub fn custom_message(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    source: MessageSource,
    code: &str,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<Option<CustomMessageReply>, ApiError> {
    let event = events::custom_message(tc, source, client_metadata);
    let Some(reply) = ctx
        .triggers
        .run(ctx, Trigger::CustomMessage, tc.pool_id, event)?
    else {
        return Ok(None);
    };
    Ok(Some(events::read_custom_message(&reply, code, source)?))
}

// ---- custom authentication -------------------------------------------------------------------

/// DefineAuthChallenge (`DefineAuthChallenge_Authentication`): what comes next, given the
/// challenge history. `None` when the pool has no Define trigger.
pub fn define_auth_challenge(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    history: &[ChallengeResult],
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<Option<DefineChallengeReply>, ApiError> {
    let event = events::define_auth_challenge(tc, history, user_not_found, client_metadata);
    Ok(ctx
        .triggers
        .run(ctx, Trigger::DefineAuthChallenge, tc.pool_id, event)?
        .map(|reply| events::read_define_auth_challenge(&reply)))
}

/// CreateAuthChallenge (`CreateAuthChallenge_Authentication`): the challenge's public and
/// private parameters and its metadata. A pool without the trigger presents an empty challenge.
pub fn create_auth_challenge(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    challenge_name: &str,
    history: &[ChallengeResult],
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<CreateChallengeReply, ApiError> {
    let event =
        events::create_auth_challenge(tc, challenge_name, history, user_not_found, client_metadata);
    match ctx
        .triggers
        .run(ctx, Trigger::CreateAuthChallenge, tc.pool_id, event)?
    {
        Some(reply) => events::read_create_auth_challenge(&reply),
        None => Ok(CreateChallengeReply::default()),
    }
}

/// VerifyAuthChallengeResponse (`VerifyAuthChallengeResponse_Authentication`): whether the
/// answer is right. Without the trigger no answer is right.
pub fn verify_auth_challenge_response(
    ctx: &Context,
    tc: &TriggerSubject<'_>,
    private_parameters: &BTreeMap<String, String>,
    answer: &str,
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<bool, ApiError> {
    let event = events::verify_auth_challenge(
        tc,
        private_parameters,
        answer,
        user_not_found,
        client_metadata,
    );
    Ok(ctx
        .triggers
        .run(ctx, Trigger::VerifyAuthChallengeResponse, tc.pool_id, event)?
        .is_some_and(|reply| reply["response"]["answerCorrect"].as_bool() == Some(true)))
}
