//! What a sign-in step leads to ([`SignInStep`]) and why one failed ([`AuthError`]): the same
//! for both backends, so pages never know which one answered.

use cognito_session::wire::{Challenge, ChallengeName};
use cognito_session::{ClaimsError, CognitoError, ErrorKind, UserAction};

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
fn required_attributes(challenge: &Challenge) -> Vec<String> {
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
