//! Direct mode's sign-in flows: USER_PASSWORD_AUTH and the challenges that may follow (a new
//! password, a one-time code), signing out here or everywhere, and the user's attributes.
//! Errors carry the app's sentence for the person (from [`crate::text`]).

use super::Direct;
use crate::auth::steps::{AuthError, SignInStep, step_for};
use cognito_session::wire::{
    AccessTokenRequest, AttributeType, AuthOutcome, AuthResponseExt, Challenge, ChallengeAnswer,
    GlobalSignOutRequest, InitiateAuthRequest, RespondToAuthChallengeRequest,
};
use cognito_session::{Event, SessionState};
use leptos::prelude::*;

impl Direct {
    /// Signs in with USER_PASSWORD_AUTH.
    pub async fn sign_in(self, username: &str, password: &str) -> Result<SignInStep, AuthError> {
        self.ended.set(None);
        let request = InitiateAuthRequest::user_password(username, password);
        let response = self.client().initiate_auth(&request).await?;
        self.settle(response.into_outcome(username)).await
    }

    /// Answers NEW_PASSWORD_REQUIRED with the new password and any required attributes
    /// (names without the `userAttributes.` prefix).
    pub async fn choose_new_password(
        self,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInStep, AuthError> {
        let challenge = self.pending_challenge()?;
        let mut request = RespondToAuthChallengeRequest::new_password(&challenge, new_password);
        for (name, value) in attributes {
            request.insert_response(format!("userAttributes.{name}"), value.clone());
        }
        self.answer(challenge, request).await
    }

    /// Answers an MFA challenge with the one-time code.
    pub async fn submit_mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        let challenge = self.pending_challenge()?;
        let request = RespondToAuthChallengeRequest::mfa_code(&challenge, code);
        self.answer(challenge, request).await
    }

    /// Abandons a pending challenge and returns to the sign-in form.
    pub fn cancel_challenge(self) {
        self.dispatch(Event::ChallengeCancelled);
    }

    pub(super) fn pending_challenge(self) -> Result<Challenge, AuthError> {
        match self.state.get_untracked() {
            SessionState::ChallengePending(challenge) => Ok(challenge),
            _ => Err(AuthError::new(crate::text::STEP_EXPIRED)),
        }
    }

    pub(super) async fn answer(
        self,
        challenge: Challenge,
        request: RespondToAuthChallengeRequest,
    ) -> Result<SignInStep, AuthError> {
        let response = self.client().respond_to_auth_challenge(&request).await?;
        self.settle(response.into_outcome(&challenge.username))
            .await
    }

    /// Turns an InitiateAuth / RespondToAuthChallenge answer into the next step.
    pub(super) async fn settle(
        self,
        outcome: Option<AuthOutcome>,
    ) -> Result<SignInStep, AuthError> {
        match outcome {
            Some(AuthOutcome::Authenticated(result)) => {
                let session = self.accept(&result, None).await?;
                self.dispatch(Event::SignedIn(session));
                let _ = self.ready.try_set(true);
                Ok(SignInStep::Done)
            }
            Some(AuthOutcome::Challenge(challenge)) => {
                let step = step_for(&challenge);
                self.dispatch(Event::ChallengeIssued(challenge));
                Ok(step)
            }
            None => Err(AuthError::new(crate::text::UNKNOWN_ANSWER)),
        }
    }

    /// The user's attributes from the pool (GetUser), with a fresh access token.
    pub async fn user_attributes(self) -> Result<Vec<AttributeType>, AuthError> {
        let Some(access_token) = self.access_token().await else {
            return Err(AuthError::new(crate::text::SIGNED_OUT));
        };
        let user = self
            .client()
            .get_user(&AccessTokenRequest { access_token })
            .await?;
        Ok(user.user_attributes)
    }

    /// Signs out of this browser: forgets the tokens and revokes the refresh token.
    pub fn sign_out(self) {
        self.ended.set(None);
        self.dispatch(Event::SignOutRequested);
    }

    /// Signs out of every device (GlobalSignOut), then locally.
    pub async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        if let Some(token) = self.access_token().await {
            self.client()
                .global_sign_out(&GlobalSignOutRequest {
                    access_token: token,
                })
                .await?;
        }
        self.sign_out();
        Ok(())
    }
}
