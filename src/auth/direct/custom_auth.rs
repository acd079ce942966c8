//! Direct mode's passwordless sign-in: `CUSTOM_AUTH` with the pool's triggers (the protocol
//! is described in [`crate::auth::passwordless`]).

use super::Direct;
use crate::auth::passwordless::{CodeRequest, passwordless_error};
use crate::auth::{AuthError, SignInStep};
use cognito_session::wire::{AuthOutcome, StringMap};
use cognito_session::{CognitoError, Event, UserAction};
use leptos::prelude::Set;

impl Direct {
    /// Starts a passwordless sign-in: the pool e-mails a code (when the account has a verified
    /// address; the answer is the same either way) and answers a code challenge.
    pub async fn email_sign_in_code(self, username: &str) -> Result<SignInStep, AuthError> {
        self.ended.set(None);
        let outcome = self
            .client()
            .start_custom_auth(username)
            .await
            .map_err(|e| passwordless_error(&e, CodeRequest::Start))?;
        self.settle(Some(outcome)).await
    }

    /// Answers the pending code challenge; a wrong code comes back as the next challenge.
    pub(in crate::auth) async fn answer_code_challenge(
        self,
        answer: &str,
        metadata: StringMap,
        request: CodeRequest,
    ) -> Result<SignInStep, AuthError> {
        let challenge = self.pending_challenge()?;
        let outcome: Result<AuthOutcome, CognitoError> = self
            .client()
            .answer_custom_challenge(&challenge, answer, metadata)
            .await;
        match outcome {
            Ok(outcome) => self.settle(Some(outcome)).await,
            Err(error) => {
                let error = passwordless_error(&error, request);
                // The pool has forgotten this challenge: so does the session.
                if error.action == Some(UserAction::RestartSignIn) {
                    self.dispatch(Event::ChallengeCancelled);
                }
                Err(error)
            }
        }
    }
}
