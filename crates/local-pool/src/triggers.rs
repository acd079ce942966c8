//! Extension points where Cognito would invoke Lambda triggers.
//!
//! The server calls these hooks at the same points of the request pipeline as Cognito calls
//! its triggers. The default implementation does nothing; a future Lambda bridge implements
//! [`Triggers`] and is passed in [`crate::Config::triggers`]. A hook refuses a request by
//! returning an error, which is answered as `UserLambdaValidationException` like Cognito does.

use serde_json::{Map, Value};

use crate::model::Attributes;

/// Who and what a trigger is about.
#[derive(Debug, Clone)]
pub struct TriggerContext<'a> {
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

/// A refusal from a trigger.
#[derive(Debug, Clone)]
pub struct TriggerRejection(pub String);

pub type TriggerResult<T = ()> = Result<T, TriggerRejection>;

/// Lambda trigger hooks. Every method has a no-op default.
pub trait Triggers: Send + Sync + std::fmt::Debug {
    /// Before a SignUp creates the user. May auto-confirm: return `true` to confirm.
    fn pre_sign_up(&self, _ctx: &TriggerContext<'_>) -> TriggerResult<bool> {
        Ok(false)
    }

    /// After ConfirmSignUp / AdminConfirmSignUp / ConfirmForgotPassword confirmed the user.
    fn post_confirmation(&self, _ctx: &TriggerContext<'_>) -> TriggerResult {
        Ok(())
    }

    /// Before a password is checked in a sign-in.
    fn pre_authentication(&self, _ctx: &TriggerContext<'_>) -> TriggerResult {
        Ok(())
    }

    /// After a sign-in completed successfully (tokens are about to be returned).
    fn post_authentication(&self, _ctx: &TriggerContext<'_>) -> TriggerResult {
        Ok(())
    }

    /// Before tokens are signed; may add, change or remove claims.
    fn pre_token_generation(
        &self,
        _ctx: &TriggerContext<'_>,
        _id_claims: &mut Map<String, Value>,
        _access_claims: &mut Map<String, Value>,
    ) -> TriggerResult {
        Ok(())
    }

    /// May replace the text of a code message (the code itself is always delivered).
    fn custom_message(
        &self,
        _ctx: &TriggerContext<'_>,
        _source: MessageSource,
        _code: &str,
    ) -> TriggerResult<Option<String>> {
        Ok(None)
    }

    /// CUSTOM_AUTH: decides the next challenge (not reached yet: CUSTOM_AUTH is refused).
    fn define_auth_challenge(&self, _ctx: &TriggerContext<'_>) -> TriggerResult {
        Ok(())
    }

    /// CUSTOM_AUTH: creates a challenge (not reached yet: CUSTOM_AUTH is refused).
    fn create_auth_challenge(&self, _ctx: &TriggerContext<'_>) -> TriggerResult {
        Ok(())
    }

    /// CUSTOM_AUTH: verifies an answer (not reached yet: CUSTOM_AUTH is refused).
    fn verify_auth_challenge_response(&self, _ctx: &TriggerContext<'_>) -> TriggerResult<bool> {
        Ok(false)
    }
}

/// The default: no triggers configured.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoTriggers;

impl Triggers for NoTriggers {}

impl From<TriggerRejection> for crate::protocol::ApiError {
    fn from(rejection: TriggerRejection) -> Self {
        Self::new("UserLambdaValidationException", rejection.0)
    }
}
