//! The sign-in flows: USER_PASSWORD_AUTH and the challenges that may follow (a new password,
//! a one-time code), signing out here or everywhere, and the user's attributes. Errors carry the
//! app's sentence for the person (from [`crate::text`]).

use super::Auth;
use cognito_session::wire::{
    AccessTokenRequest, AttributeType, AuthOutcome, AuthResponseExt, Challenge, ChallengeAnswer,
    ChallengeName, GlobalSignOutRequest, InitiateAuthRequest, RespondToAuthChallengeRequest,
};
use cognito_session::{ClaimsError, CognitoError, ErrorKind, Event, SessionState, UserAction};
use leptos::prelude::*;

/// What a sign-in step needs next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in.
    Done,
    /// The user must choose a new password (and fill these required attributes).
    NewPassword { required_attributes: Vec<String> },
    /// The user must type a one-time code (authenticator app, SMS or e-mail).
    MfaCode(ChallengeName),
    /// SELECT_MFA_TYPE: the person picks one of these factors.
    SelectMfa(Vec<ChallengeName>),
    /// MFA_SETUP: the pool requires MFA and the person has none yet (TOTP enrolment).
    MfaSetup,
    /// A `CUSTOM_CHALLENGE` from the pool's triggers, with its public parameters.
    CustomChallenge(cognito_session::wire::StringMap),
    /// A challenge this app does not handle.
    Unsupported(String),
}

/// A failed sign-in step, with a message for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    pub message: String,
    /// What the person must do first, when the pool says so (confirm the account, reset the
    /// password): the page moves them to that step.
    pub action: Option<UserAction>,
}

impl AuthError {
    /// An error the app itself reports (no pool answer behind it).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            action: None,
        }
    }
}

impl From<CognitoError> for AuthError {
    fn from(error: CognitoError) -> Self {
        Self {
            message: crate::text::cognito_error(&error),
            action: match error.kind() {
                ErrorKind::UserActionRequired(action) => Some(action),
                _ => None,
            },
        }
    }
}

impl From<ClaimsError> for AuthError {
    fn from(error: ClaimsError) -> Self {
        Self::new(crate::text::untrusted_answer(&error))
    }
}

impl Auth {
    /// Signs in with USER_PASSWORD_AUTH.
    pub async fn sign_in(self, username: &str, password: &str) -> Result<SignInStep, AuthError> {
        if self.server {
            return self.server_sign_in(username, password).await;
        }
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
        if self.server {
            return self.server_new_password(new_password, attributes).await;
        }
        let challenge = self.pending_challenge()?;
        let mut request = RespondToAuthChallengeRequest::new_password(&challenge, new_password);
        for (name, value) in attributes {
            request.insert_response(format!("userAttributes.{name}"), value.clone());
        }
        self.answer(challenge, request).await
    }

    /// Answers an MFA challenge with the one-time code.
    pub async fn submit_mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        if self.server {
            return self.server_mfa_code(code).await;
        }
        let challenge = self.pending_challenge()?;
        let request = RespondToAuthChallengeRequest::mfa_code(&challenge, code);
        self.answer(challenge, request).await
    }

    /// Abandons a pending challenge and returns to the sign-in form.
    pub fn cancel_challenge(self) {
        if self.server {
            return self.server_sign_out();
        }
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
        if self.server {
            return self.server_attributes();
        }
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
        if self.server {
            return self.server_sign_out();
        }
        self.ended.set(None);
        self.dispatch(Event::SignOutRequested);
    }

    /// Signs out of every device (GlobalSignOut), then locally.
    pub async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        if self.server {
            return self.server_sign_out_everywhere().await;
        }
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

/// The form a challenge needs (the same in direct and server mode).
pub(super) fn step_for(challenge: &Challenge) -> SignInStep {
    match &challenge.name {
        ChallengeName::NewPasswordRequired => SignInStep::NewPassword {
            required_attributes: required_attributes(challenge),
        },
        name @ (ChallengeName::SoftwareTokenMfa
        | ChallengeName::SmsMfa
        | ChallengeName::EmailOtp) => SignInStep::MfaCode(name.clone()),
        ChallengeName::SelectMfaType => {
            SignInStep::SelectMfa(listed_factors(challenge, "MFAS_CAN_CHOOSE"))
        }
        ChallengeName::MfaSetup => SignInStep::MfaSetup,
        ChallengeName::CustomChallenge => {
            SignInStep::CustomChallenge(challenge.public_parameters())
        }
        other => SignInStep::Unsupported(other.as_str().to_owned()),
    }
}

/// `requiredAttributes` of NEW_PASSWORD_REQUIRED: a JSON array of `userAttributes.<name>`.
pub(super) fn required_attributes(challenge: &Challenge) -> Vec<String> {
    challenge
        .parameters
        .get("requiredAttributes")
        .and_then(|json| serde_json::from_str::<Vec<String>>(json).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|name| name.trim_start_matches("userAttributes.").to_owned())
        .collect()
}

/// A challenge parameter holding a JSON array of factor names (`MFAS_CAN_CHOOSE`).
fn listed_factors(challenge: &Challenge, parameter: &str) -> Vec<ChallengeName> {
    challenge
        .parameters
        .get(parameter)
        .and_then(|json| serde_json::from_str::<Vec<String>>(json).ok())
        .unwrap_or_default()
        .iter()
        .map(|name| ChallengeName::from(name.as_str()))
        .collect()
}
