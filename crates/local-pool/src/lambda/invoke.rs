//! Running one trigger: in process (`builtin`) or through a Lambda invoke endpoint, within the
//! time limit, with Cognito's error forms.
//!
//! Error forms (Amazon Cognito API Reference, errors of SignUp / InitiateAuth: a trigger's own
//! refusal is `UserLambdaValidationException`, an invalid answer
//! `InvalidLambdaResponseException`, a failed invocation `UnexpectedLambdaException`); the
//! texts "PreSignUp failed with error <message>." and "PreSignUp invocation failed due to
//! error <error>." are the forms AWS re:Post quotes ("How do I troubleshoot errors with
//! Amazon Cognito Lambda triggers?", repost.aws/knowledge-center/cognito-lambda-trigger-errors).
//! AWS does not document the text for a time-out; the pool answers
//! `UnexpectedLambdaException` "<Trigger> invocation failed due to error TimeoutException.".

use std::time::Duration;

use serde_json::Value;

use super::{Trigger, TriggerTarget};
use crate::ops::Context;
use crate::protocol::ApiError;

pub fn invoke(
    ctx: &Context,
    trigger: Trigger,
    target: &TriggerTarget,
    settings: super::builtin::Settings,
    event: Value,
    limit: Duration,
) -> Result<Value, ApiError> {
    let runtime = tokio::runtime::Handle::current();
    match target {
        TriggerTarget::Builtin(_) => {
            runtime.block_on(super::builtin::run(ctx, trigger, settings, event, limit))
        }
        TriggerTarget::Lambda { endpoint, function } => {
            let url = format!(
                "{}/2015-03-31/functions/{function}/invocations",
                endpoint.trim_end_matches('/')
            );
            let outcome = runtime
                .block_on(async { tokio::time::timeout(limit, call_lambda(&url, &event)).await });
            match outcome {
                Err(_) => Err(timed_out(trigger)),
                Ok(Err(error)) => Err(error.into_api_error(trigger)),
                Ok(Ok(reply)) => Ok(reply),
            }
        }
    }
}

pub(super) fn refused(trigger: Trigger, message: &str) -> ApiError {
    ApiError::new(
        "UserLambdaValidationException",
        format!("{} failed with error {message}.", trigger.error_name()),
    )
}

pub(super) fn timed_out(trigger: Trigger) -> ApiError {
    ApiError::new(
        "UnexpectedLambdaException",
        format!(
            "{} invocation failed due to error TimeoutException.",
            trigger.error_name()
        ),
    )
}

enum LambdaError {
    /// The function raised: Lambda's `{"errorMessage", "errorType"}`.
    Function(String),
    /// The endpoint could not be reached or answered an HTTP error.
    Invocation(String),
    /// Not JSON.
    Invalid,
}

impl LambdaError {
    fn into_api_error(self, trigger: Trigger) -> ApiError {
        match self {
            Self::Function(message) => refused(trigger, &message),
            Self::Invocation(error) => ApiError::new(
                "UnexpectedLambdaException",
                format!(
                    "{} invocation failed due to error {error}.",
                    trigger.error_name()
                ),
            ),
            Self::Invalid => ApiError::new(
                "InvalidLambdaResponseException",
                "Unrecognizable lambda output",
            ),
        }
    }
}

async fn call_lambda(url: &str, event: &Value) -> Result<Value, LambdaError> {
    let response = reqwest::Client::new()
        .post(url)
        .json(event)
        .send()
        .await
        .map_err(|_| LambdaError::Invocation("ServiceException".into()))?;
    let status = response.status();
    let function_error = response.headers().contains_key("x-amz-function-error");
    let body: Value = response.json().await.map_err(|_| LambdaError::Invalid)?;
    if function_error || body.get("errorMessage").is_some() {
        let message = body["errorMessage"].as_str().unwrap_or("Unhandled");
        return Err(LambdaError::Function(message.to_owned()));
    }
    if !status.is_success() {
        return Err(LambdaError::Invocation(
            if status.as_u16() == 404 {
                "ResourceNotFoundException"
            } else {
                "ServiceException"
            }
            .into(),
        ));
    }
    if !body.is_object() {
        return Err(LambdaError::Invalid);
    }
    Ok(body)
}
