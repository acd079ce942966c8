//! The Cognito wire types, from the shared [`cognito_wire`] crate, plus what a signing-in
//! client adds on top: [`Challenge`] (a pending challenge with what its answer must echo) and
//! [`AuthOutcome`] (tokens or a challenge).
//!
//! Requests built here leave `ClientId` empty: [`CognitoClient`](crate::CognitoClient) fills
//! it from its configuration, so the app never repeats it.
//!
//! The short names this crate used before the shared crate existed (`AuthenticationResult`,
//! `ChallengeName`, ...) remain as aliases of the model's names.

use serde::{Deserialize, Serialize};

pub use cognito_wire::*;

/// `AuthenticationResultType`: the tokens of a completed sign-in or refresh.
pub type AuthenticationResult = AuthenticationResultType;
/// `NewDeviceMetadataType`.
pub type NewDeviceMetadata = NewDeviceMetadataType;
/// `CodeDeliveryDetailsType`: where a verification code went (masked).
pub type CodeDeliveryDetails = CodeDeliveryDetailsType;
/// `MFAOptionType` (legacy SMS MFA settings).
pub type MfaOption = MFAOptionType;
/// `AuthFlowType`.
pub type AuthFlow = AuthFlowType;
/// `ChallengeNameType`.
pub type ChallengeName = ChallengeNameType;
/// `DeliveryMediumType`.
pub type DeliveryMedium = DeliveryMediumType;
/// `VerifySoftwareTokenResponseType`.
pub type VerifySoftwareTokenStatus = VerifySoftwareTokenResponseType;
/// `SetUserMFAPreferenceRequest`.
pub type SetUserMfaPreferenceRequest = SetUserMFAPreferenceRequest;
/// InitiateAuth / RespondToAuthChallenge response: tokens or a further challenge.
pub type AuthResponse = InitiateAuthResponse;

/// What an [`AuthResponse`] means for the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthOutcome {
    /// Signed in (or refreshed).
    Authenticated(AuthenticationResult),
    /// The user must answer a challenge.
    Challenge(Challenge),
}

/// A challenge the user must answer, carrying what the answer needs to echo back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// Which challenge.
    pub name: ChallengeName,
    /// The opaque `Session`; Cognito accepts it for about three minutes.
    pub session: Option<String>,
    /// The challenge parameters.
    pub parameters: StringMap,
    /// The username sign-in started with, used when `USER_ID_FOR_SRP` is absent.
    pub username: String,
}

/// `ChallengeParameters` members Cognito itself adds (the user's canonical name), as opposed to
/// the ones a custom-auth trigger chose to show the app.
const COGNITO_PARAMETERS: [&str; 2] = ["USERNAME", "USER_ID_FOR_SRP"];

impl Challenge {
    /// The username to send as `USERNAME`: Cognito's canonical one when it gave it
    /// (`USER_ID_FOR_SRP` for password and MFA challenges, `USERNAME` for `CUSTOM_CHALLENGE`),
    /// otherwise the one sign-in started with.
    pub fn username(&self) -> &str {
        self.parameters
            .get("USER_ID_FOR_SRP")
            .or_else(|| self.parameters.get("USERNAME"))
            .map_or(&self.username, String::as_str)
    }

    /// The parameters meant for the page: for `CUSTOM_CHALLENGE`, the create-auth-challenge
    /// trigger's `publicChallengeParameters` (Cognito adds `USERNAME`, dropped here). What they
    /// mean is between the app and its triggers; this crate does not interpret them.
    pub fn public_parameters(&self) -> StringMap {
        self.parameters
            .iter()
            .filter(|(key, _)| !COGNITO_PARAMETERS.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }
}

/// Starts a `CUSTOM_AUTH` sign-in: the define-auth-challenge trigger decides what follows.
pub trait CustomAuthRequest {
    /// InitiateAuth `CUSTOM_AUTH` with `USERNAME` only (`ClientId` left empty).
    fn custom_auth(username: impl Into<String>) -> Self;
}

impl CustomAuthRequest for InitiateAuthRequest {
    fn custom_auth(username: impl Into<String>) -> Self {
        let parameters = StringMap::from([("USERNAME".to_owned(), username.into())]);
        InitiateAuthRequest::new(AuthFlowType::CustomAuth, parameters)
    }
}

/// Splits InitiateAuth / RespondToAuthChallenge responses into tokens or a challenge.
pub trait AuthResponseExt {
    /// `username` is the one the user typed, kept for answering the challenge. `None` if the
    /// response has neither tokens nor a challenge (malformed).
    fn into_outcome(self, username: &str) -> Option<AuthOutcome>;
}

impl AuthResponseExt for AuthResponse {
    fn into_outcome(self, username: &str) -> Option<AuthOutcome> {
        if let Some(result) = self.authentication_result {
            return Some(AuthOutcome::Authenticated(result));
        }
        let name = self.challenge_name?;
        Some(AuthOutcome::Challenge(Challenge {
            name,
            session: self.session,
            parameters: self.challenge_parameters.unwrap_or_default(),
            username: username.to_owned(),
        }))
    }
}

/// Answers to a pending [`Challenge`], as RespondToAuthChallenge requests (`ClientId` left
/// for the client to fill in).
pub trait ChallengeAnswer: Sized {
    /// Answer `challenge` with `USERNAME` and one extra `key = value` response.
    fn answer(challenge: &Challenge, key: &str, value: impl Into<String>) -> Self;

    /// `NEW_PASSWORD_REQUIRED`: set the new password.
    fn new_password(challenge: &Challenge, new_password: impl Into<String>) -> Self {
        Self::answer(challenge, "NEW_PASSWORD", new_password)
    }

    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP` or `SMS_OTP`: the one-time code.
    fn mfa_code(challenge: &Challenge, code: impl Into<String>) -> Self {
        let key = match challenge.name {
            ChallengeName::SmsMfa => "SMS_MFA_CODE",
            ChallengeName::EmailOtp => "EMAIL_OTP_CODE",
            ChallengeName::SmsOtp => "SMS_OTP_CODE",
            _ => "SOFTWARE_TOKEN_MFA_CODE",
        };
        Self::answer(challenge, key, code)
    }

    /// `SELECT_MFA_TYPE`: pick `SMS_MFA`, `EMAIL_OTP` or `SOFTWARE_TOKEN_MFA`.
    fn select_mfa_type(challenge: &Challenge, mfa: &ChallengeName) -> Self {
        Self::answer(challenge, "ANSWER", mfa.as_str())
    }

    /// `CUSTOM_CHALLENGE`: the answer the custom-auth Lambda triggers check.
    fn custom_answer(challenge: &Challenge, answer: impl Into<String>) -> Self {
        Self::answer(challenge, "ANSWER", answer)
    }

    /// `CUSTOM_CHALLENGE` with `ClientMetadata`, which Cognito hands to the define, create and
    /// verify auth challenge triggers (API Reference, RespondToAuthChallenge, "ClientMetadata"):
    /// how an app tells its triggers more than the answer, e.g. "send me a new code".
    fn custom_answer_with_metadata(
        challenge: &Challenge,
        answer: impl Into<String>,
        client_metadata: StringMap,
    ) -> Self;
}

impl ChallengeAnswer for RespondToAuthChallengeRequest {
    fn answer(challenge: &Challenge, key: &str, value: impl Into<String>) -> Self {
        RespondToAuthChallengeRequest::new(challenge.name.clone(), challenge.session.clone())
            .with_response("USERNAME", challenge.username())
            .with_response(key, value)
    }

    fn custom_answer_with_metadata(
        challenge: &Challenge,
        answer: impl Into<String>,
        client_metadata: StringMap,
    ) -> Self {
        let mut request = Self::custom_answer(challenge, answer);
        request.client_metadata = Some(client_metadata).filter(|m| !m.is_empty());
        request
    }
}
