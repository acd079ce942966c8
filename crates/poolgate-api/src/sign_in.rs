//! The bodies of the sign-in steps and of MFA_SETUP's first half.

use cognito_wire::StringMap;
use serde::{Deserialize, Serialize};

use crate::endpoint::Body;

/// `POST /api/sign-in`: `{"username", "password"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// The username or an alias (e-mail) the person typed.
    pub username: String,
    /// Their password.
    pub password: String,
}

impl Body for SignInRequest {}

/// `POST /api/sign-in-code`: `{"username"}`, passwordless sign-in (the pool e-mails a code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSignInRequest {
    /// The username or an alias the person typed.
    pub username: String,
}

impl Body for CodeSignInRequest {}

/// `POST /api/challenge`: the answer to the pending challenge. Which member it needs depends
/// on the challenge the server holds (its name is in [`crate::ChallengeView`]), so every
/// member is optional here and the constructors build the usual shapes; the server refuses a
/// missing one with a 400. Empty members are left out of the JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChallengeAnswer {
    /// NEW_PASSWORD_REQUIRED: the chosen password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_password: Option<String>,
    /// NEW_PASSWORD_REQUIRED: required attributes the user does not have yet.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    pub attributes: StringMap,
    /// SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP and MFA_SETUP: the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// CUSTOM_CHALLENGE's answer, or SELECT_MFA_TYPE's chosen factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// CUSTOM_CHALLENGE only: `ClientMetadata` for the pool's triggers (at most 8 entries of
    /// 256 characters), e.g. `{"action": "new-code"}`.
    #[serde(default, skip_serializing_if = "StringMap::is_empty")]
    pub client_metadata: StringMap,
}

impl Body for ChallengeAnswer {}

impl ChallengeAnswer {
    /// NEW_PASSWORD_REQUIRED: `{"newPassword", "attributes"?}`.
    pub fn new_password(password: impl Into<String>, attributes: StringMap) -> Self {
        Self {
            new_password: Some(password.into()),
            attributes,
            ..Self::default()
        }
    }

    /// A code (MFA, MFA_SETUP): `{"code"}`.
    pub fn code(code: impl Into<String>) -> Self {
        Self {
            code: Some(code.into()),
            ..Self::default()
        }
    }

    /// CUSTOM_CHALLENGE or SELECT_MFA_TYPE: `{"answer", "clientMetadata"?}`.
    pub fn answer(answer: impl Into<String>, client_metadata: StringMap) -> Self {
        Self {
            answer: Some(answer.into()),
            client_metadata,
            ..Self::default()
        }
    }
}

/// `POST /api/challenge/authenticator`: the key for the person's authenticator app (shown
/// once, as a QR code and as text) and the username to label it with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatorKey {
    /// AssociateSoftwareToken's `SecretCode` (base32).
    pub secret_code: String,
    /// The name Cognito knows the user by.
    pub username: String,
}
