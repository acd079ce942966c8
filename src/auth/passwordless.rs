//! Passwordless sign-in with a one-time code by e-mail: Cognito's `CUSTOM_AUTH` flow, run by
//! the pool's custom authentication triggers (`crates/triggers/src/custom_auth.rs` is the one
//! the local pool runs and `deploy/` installs).
//!
//! The protocol with those triggers: InitiateAuth `CUSTOM_AUTH` sends a code and answers a
//! `CUSTOM_CHALLENGE`; RespondToAuthChallenge with `ANSWER=<code>` signs in, or, for a wrong
//! code, answers the next `CUSTOM_CHALLENGE` (fewer attempts left); `ClientMetadata
//! {"action": "new-code"}` asks for a new code. The challenge's public parameters say
//! `codeLength`, `attemptsLeft` and `codesLeft`. When the triggers end the attempt (third wrong
//! code, one code too many asked for) Cognito answers `NotAuthorizedException`; when the
//! challenge session expires, `NotAuthorizedException` "Invalid session …".

use crate::auth::AuthError;
use crate::text::passwordless as text;
use cognito_session::wire::StringMap;
use cognito_session::{CognitoError, ErrorKind, UserAction};

/// The `ClientMetadata` entry with which the triggers are asked for a new code.
const ACTION_KEY: &str = "action";
const NEW_CODE_ACTION: &str = "new-code";
/// The `ANSWER` sent with a new-code request (Cognito wants one; the verify trigger never
/// accepts an answer that comes with a new-code request).
const NEW_CODE_ANSWER: &str = "new-code";

/// A code challenge as the triggers describe it in its public parameters. Any of them may be
/// missing (another pool's triggers): the page then leaves that detail out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CodeChallenge {
    /// Digits in the code.
    pub code_length: Option<u32>,
    /// Wrong codes still allowed before the attempt ends.
    pub attempts_left: Option<u32>,
    /// New codes that may still be asked for.
    pub codes_left: Option<u32>,
}

impl CodeChallenge {
    /// Reads `codeLength`, `attemptsLeft` and `codesLeft`.
    pub fn from_parameters(parameters: &StringMap) -> Self {
        let number = |key: &str| parameters.get(key).and_then(|v| v.trim().parse().ok());
        Self {
            code_length: number("codeLength"),
            attempts_left: number("attemptsLeft"),
            codes_left: number("codesLeft"),
        }
    }

    /// Whether "send a new code" can still succeed.
    pub fn can_send_new_code(&self) -> bool {
        self.codes_left != Some(0)
    }
}

/// What the person did when the pool refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRequest {
    /// Started: "e-mail me a sign-in code".
    Start,
    /// Typed a code.
    Answer,
    /// Asked for a new code.
    NewCode,
}

/// A refusal on the passwordless path in words. The triggers ending the attempt and an expired
/// challenge session send the person back to the start (`RestartSignIn`); everything else keeps
/// the classification's message (a trigger's own sentence, a lockout, the network).
pub fn passwordless_error(error: &CognitoError, request: CodeRequest) -> AuthError {
    let restart = |message: &str| AuthError {
        message: message.to_owned(),
        action: Some(UserAction::RestartSignIn),
    };
    match (error.kind(), request) {
        (ErrorKind::UserActionRequired(UserAction::RestartSignIn), _) => restart(text::EXPIRED),
        (ErrorKind::WrongCredentials, CodeRequest::Answer) => restart(text::ATTEMPT_ENDED),
        (ErrorKind::WrongCredentials, CodeRequest::NewCode) => restart(text::NO_MORE_CODES),
        _ => AuthError::from(error.clone()),
    }
}

/// The answer and `ClientMetadata` with which the triggers are asked for a new code.
pub(super) fn new_code_request() -> (&'static str, StringMap) {
    let metadata = StringMap::from([(ACTION_KEY.to_owned(), NEW_CODE_ACTION.to_owned())]);
    (NEW_CODE_ANSWER, metadata)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_session::Operation;

    fn pool_error(operation: Operation, body: &str) -> CognitoError {
        CognitoError::from_response(operation, false, 400, body, None)
    }

    #[test]
    fn the_triggers_public_parameters_are_read() {
        let parameters = StringMap::from([
            ("delivery".to_owned(), "EMAIL".to_owned()),
            ("codeLength".to_owned(), "6".to_owned()),
            ("attemptsLeft".to_owned(), "2".to_owned()),
            ("codesLeft".to_owned(), "0".to_owned()),
        ]);
        let challenge = CodeChallenge::from_parameters(&parameters);
        assert_eq!(
            challenge,
            CodeChallenge {
                code_length: Some(6),
                attempts_left: Some(2),
                codes_left: Some(0)
            }
        );
        assert!(!challenge.can_send_new_code());
        let other_triggers = CodeChallenge::from_parameters(&StringMap::new());
        assert_eq!(other_triggers, CodeChallenge::default());
        assert!(other_triggers.can_send_new_code());
    }

    #[test]
    fn the_end_of_an_attempt_sends_the_person_back_to_the_start() {
        let failed = pool_error(
            Operation::RespondToAuthChallenge,
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        );
        let after_codes = passwordless_error(&failed, CodeRequest::Answer);
        assert_eq!(after_codes.message, text::ATTEMPT_ENDED);
        assert_eq!(after_codes.action, Some(UserAction::RestartSignIn));
        let after_new_codes = passwordless_error(&failed, CodeRequest::NewCode);
        assert_eq!(after_new_codes.message, text::NO_MORE_CODES);

        let expired = pool_error(
            Operation::RespondToAuthChallenge,
            r#"{"__type":"NotAuthorizedException","message":"Invalid session for the user, session is expired."}"#,
        );
        let expired = passwordless_error(&expired, CodeRequest::Answer);
        assert_eq!(expired.message, text::EXPIRED);
        assert_eq!(expired.action, Some(UserAction::RestartSignIn));
    }

    // The triggers crate is a host-only dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_trigger_refusal_shows_the_triggers_sentence() {
        // As the pool words a PreAuthentication refusal (Cognito: "<Trigger> failed with error
        // <message>.").
        let body = format!(
            r#"{{"__type":"UserLambdaValidationException","message":"PreAuthentication failed with error {}."}}"#,
            triggers::authentication::SUSPENDED_MESSAGE
        );
        let refused = passwordless_error(
            &pool_error(Operation::InitiateAuth, &body),
            CodeRequest::Start,
        );
        assert_eq!(
            refused.message,
            format!("{}.", triggers::authentication::SUSPENDED_MESSAGE)
        );
        assert_eq!(refused.action, None);
    }
}
