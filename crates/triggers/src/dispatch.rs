//! One entry point for every trigger: the local pool and the Lambda binary hand it the event
//! JSON exactly as Cognito sends it and get back the JSON Cognito expects.

use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::effects::{AuditSink, Mailer, UserAdmin};
use crate::{Settings, TriggerError, authentication, custom_auth, messaging, sign_up};

/// Everything a handler may need besides its event.
#[derive(Clone)]
pub struct TriggerContext {
    pub settings: Settings,
    pub admin: Arc<dyn UserAdmin>,
    pub mailer: Arc<dyn Mailer>,
    pub audit: Arc<dyn AuditSink>,
    /// The time PostAuthentication writes; a function so tests can fix it.
    pub clock: fn() -> SystemTime,
}

impl TriggerContext {
    pub fn new(
        settings: Settings,
        admin: Arc<dyn UserAdmin>,
        mailer: Arc<dyn Mailer>,
        audit: Arc<dyn AuditSink>,
    ) -> TriggerContext {
        TriggerContext {
            settings,
            admin,
            mailer,
            audit,
            clock: SystemTime::now,
        }
    }
}

/// Every `triggerSource` [`handle`] answers; other `CustomMessage_*` values pass unchanged.
pub const TRIGGER_SOURCES: [&str; 22] = [
    "PreSignUp_SignUp",
    "PreSignUp_AdminCreateUser",
    "PreSignUp_ExternalProvider",
    "PostConfirmation_ConfirmSignUp",
    "PostConfirmation_ConfirmForgotPassword",
    "PreAuthentication_Authentication",
    "PostAuthentication_Authentication",
    "TokenGeneration_HostedAuth",
    "TokenGeneration_Authentication",
    "TokenGeneration_NewPasswordChallenge",
    "TokenGeneration_AuthenticateDevice",
    "TokenGeneration_RefreshTokens",
    "DefineAuthChallenge_Authentication",
    "CreateAuthChallenge_Authentication",
    "VerifyAuthChallengeResponse_Authentication",
    "CustomMessage_SignUp",
    "CustomMessage_AdminCreateUser",
    "CustomMessage_ResendCode",
    "CustomMessage_ForgotPassword",
    "CustomMessage_UpdateUserAttribute",
    "CustomMessage_VerifyUserAttribute",
    "CustomMessage_Authentication",
];

/// Runs the handler for the event's `triggerSource` and returns the event with its
/// `response` filled in. The error's text is what Cognito reports in
/// `UserLambdaValidationException` ("<Trigger> failed with error <text>.").
pub async fn handle(event: Value, ctx: &TriggerContext) -> Result<Value, TriggerError> {
    let source = event
        .get("triggerSource")
        .and_then(Value::as_str)
        .ok_or_else(|| TriggerError::InvalidEvent("triggerSource is missing".to_owned()))?
        .to_owned();
    let settings = &ctx.settings;
    match source.as_str() {
        "PreSignUp_SignUp" | "PreSignUp_AdminCreateUser" | "PreSignUp_ExternalProvider" => {
            reply(sign_up::pre_sign_up(parse(event)?, settings)?)
        }
        "PostConfirmation_ConfirmSignUp" | "PostConfirmation_ConfirmForgotPassword" => {
            reply(sign_up::post_confirmation(parse(event)?, settings, ctx.admin.as_ref()).await?)
        }
        "PreAuthentication_Authentication" => {
            reply(authentication::pre_authentication(parse(event)?)?)
        }
        "PostAuthentication_Authentication" => reply(authentication::post_authentication(
            parse(event)?,
            ctx.audit.as_ref(),
            (ctx.clock)(),
        )?),
        s if s.starts_with("TokenGeneration_") => {
            // A V1_0 event (version "1") has no access-token part: the trigger must be
            // configured with LambdaVersion V2_0 for the role claim and group scopes.
            if event.get("version").and_then(Value::as_str) == Some("1") {
                return Err(TriggerError::Settings(
                    "pre token generation must be configured with event version V2_0".to_owned(),
                ));
            }
            reply(authentication::pre_token_generation(
                parse(event)?,
                settings,
            )?)
        }
        "DefineAuthChallenge_Authentication" => {
            reply(custom_auth::define_auth_challenge(parse(event)?)?)
        }
        "CreateAuthChallenge_Authentication" => reply(
            custom_auth::create_auth_challenge(parse(event)?, settings, ctx.mailer.as_ref())
                .await?,
        ),
        "VerifyAuthChallengeResponse_Authentication" => {
            reply(custom_auth::verify_auth_challenge(parse(event)?)?)
        }
        s if s.starts_with("CustomMessage_") => match parse(event.clone()) {
            Ok(typed) => reply(messaging::custom_message(typed, settings)?),
            // A message source newer than the event types: Cognito's default message stays.
            Err(_) if !TRIGGER_SOURCES.contains(&s) => Ok(event),
            Err(e) => Err(e),
        },
        _ => Err(TriggerError::UnknownTrigger(source)),
    }
}

fn parse<T: DeserializeOwned>(event: Value) -> Result<T, TriggerError> {
    serde_json::from_value(event).map_err(|e| {
        // A missing field is named; other messages may quote the offending value (a code, an
        // answer), so they are not repeated.
        let message = e.to_string();
        TriggerError::InvalidEvent(if message.starts_with("missing field") {
            message
        } else {
            "a field has an unexpected type or value".to_owned()
        })
    })
}

fn reply<T: Serialize>(event: T) -> Result<Value, TriggerError> {
    serde_json::to_value(event).map_err(|e| TriggerError::InvalidEvent(e.to_string()))
}
