//! Request and response bodies of the Cognito Identity Provider JSON API
//! (`application/x-amz-json-1.1`), with the service's exact PascalCase field names.
//!
//! Requests leave out `ClientId`: [`CognitoClient`](crate::CognitoClient) adds it from its
//! configuration, so the app never repeats it. Optional fields are omitted when `None`;
//! responses accept both absent and `null` fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// String-valued map used for `AuthParameters`, `ChallengeParameters`, `ClientMetadata`, ...
pub type StringMap = BTreeMap<String, String>;

/// Declares an enum that is a string on the wire and keeps values this crate does not
/// know yet in `Other`, so a new Cognito value never fails a whole response.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    };
}

wire_enum! {
    /// `AuthFlow` of InitiateAuth.
    AuthFlow {
        /// Username and password sent over TLS.
        UserPasswordAuth = "USER_PASSWORD_AUTH",
        /// Secure Remote Password.
        UserSrpAuth = "USER_SRP_AUTH",
        /// Choice-based sign-in.
        UserAuth = "USER_AUTH",
        /// New tokens from a refresh token.
        RefreshTokenAuth = "REFRESH_TOKEN_AUTH",
        /// Alias of `REFRESH_TOKEN_AUTH`.
        RefreshToken = "REFRESH_TOKEN",
        /// Lambda-driven custom challenges.
        CustomAuth = "CUSTOM_AUTH",
    }
}

wire_enum! {
    /// `ChallengeName` returned by InitiateAuth / RespondToAuthChallenge.
    ChallengeName {
        /// Code sent by SMS.
        SmsMfa = "SMS_MFA",
        /// Code sent by email.
        EmailOtp = "EMAIL_OTP",
        /// Code from an authenticator app.
        SoftwareTokenMfa = "SOFTWARE_TOKEN_MFA",
        /// The user picks one of several MFA methods.
        SelectMfaType = "SELECT_MFA_TYPE",
        /// MFA is required but the user has none set up yet.
        MfaSetup = "MFA_SETUP",
        /// SRP password proof.
        PasswordVerifier = "PASSWORD_VERIFIER",
        /// Lambda-defined challenge.
        CustomChallenge = "CUSTOM_CHALLENGE",
        /// Choice-based sign-in: pick a factor.
        SelectChallenge = "SELECT_CHALLENGE",
        /// Device SRP.
        DeviceSrpAuth = "DEVICE_SRP_AUTH",
        /// Device SRP proof.
        DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER",
        /// Server-side flow only.
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// The user signed in with a temporary password and must choose a new one.
        NewPasswordRequired = "NEW_PASSWORD_REQUIRED",
        /// Choice-based sign-in: SMS one-time password.
        SmsOtp = "SMS_OTP",
        /// Choice-based sign-in: password.
        Password = "PASSWORD",
        /// Choice-based sign-in: SRP password.
        PasswordSrp = "PASSWORD_SRP",
        /// Passkey.
        WebAuthn = "WEB_AUTHN",
    }
}

wire_enum! {
    /// `DeliveryMedium` of a verification code.
    DeliveryMedium {
        /// Text message.
        Sms = "SMS",
        /// Email.
        Email = "EMAIL",
    }
}

wire_enum! {
    /// `Status` of VerifySoftwareToken.
    VerifySoftwareTokenStatus {
        /// The authenticator app is registered.
        Success = "SUCCESS",
        /// The code did not verify.
        Error = "ERROR",
    }
}

/// Deserialises `null` like an absent field, into the type's default.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/// `AttributeType`: one user attribute such as `email` or `custom:role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// Attribute name, e.g. `email`.
    pub name: String,
    /// Attribute value; Cognito omits it for some attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl AttributeType {
    /// An attribute with a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// `AuthenticationResult`: the tokens of a completed sign-in or refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// The access token (JWT).
    pub access_token: String,
    /// Lifetime of the access token in seconds, as the server counts it. The session trusts
    /// the tokens' `exp` instead, which survives page reloads.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// The ID token (JWT).
    #[serde(default)]
    pub id_token: Option<String>,
    /// Absent on `REFRESH_TOKEN_AUTH` unless refresh-token rotation issued a new one.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Always `Bearer`.
    #[serde(default)]
    pub token_type: Option<String>,
    /// Set when the pool tracks devices and this is a new one.
    #[serde(default)]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `NewDeviceMetadataType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    /// Device key.
    #[serde(default)]
    pub device_key: Option<String>,
    /// Device group key.
    #[serde(default)]
    pub device_group_key: Option<String>,
}

/// `CodeDeliveryDetailsType`: where a verification code went (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    /// Masked destination, e.g. `a***@e***`.
    #[serde(default)]
    pub destination: Option<String>,
    /// SMS or email.
    #[serde(default)]
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute the code verifies, e.g. `email`.
    #[serde(default)]
    pub attribute_name: Option<String>,
}

/// `MFAOptionType` (legacy SMS MFA settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaOption {
    /// Delivery medium.
    #[serde(default)]
    pub delivery_medium: Option<DeliveryMedium>,
    /// Attribute name.
    #[serde(default)]
    pub attribute_name: Option<String>,
}

/// `SMSMfaSettingsType` / `SoftwareTokenMfaSettingsType` / `EmailMfaSettingsType`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// Turn this factor on or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Make it the preferred factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

/// A response without fields (`{}` or an empty body).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyResponse {}

// ---------------------------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------------------------

/// InitiateAuth request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// The flow.
    pub auth_flow: AuthFlow,
    /// Flow inputs, e.g. `USERNAME` and `PASSWORD`.
    pub auth_parameters: StringMap,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    /// Session from a previous challenge (choice-based sign-in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

impl InitiateAuthRequest {
    fn new(auth_flow: AuthFlow, auth_parameters: StringMap) -> Self {
        Self {
            auth_flow,
            auth_parameters,
            client_metadata: None,
            session: None,
        }
    }

    /// `USER_PASSWORD_AUTH` with `USERNAME` and `PASSWORD`.
    pub fn user_password(username: impl Into<String>, password: impl Into<String>) -> Self {
        let parameters = StringMap::from([
            ("USERNAME".to_owned(), username.into()),
            ("PASSWORD".to_owned(), password.into()),
        ]);
        Self::new(AuthFlow::UserPasswordAuth, parameters)
    }

    /// `REFRESH_TOKEN_AUTH` with `REFRESH_TOKEN`.
    pub fn refresh_token(refresh_token: impl Into<String>) -> Self {
        let parameters = StringMap::from([("REFRESH_TOKEN".to_owned(), refresh_token.into())]);
        Self::new(AuthFlow::RefreshTokenAuth, parameters)
    }

    /// Whether this request renews tokens rather than signing someone in; a
    /// `NotAuthorizedException` then means the session ended, not a wrong password.
    pub fn is_refresh(&self) -> bool {
        matches!(
            self.auth_flow,
            AuthFlow::RefreshTokenAuth | AuthFlow::RefreshToken
        )
    }
}

/// RespondToAuthChallenge request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// The challenge being answered.
    pub challenge_name: ChallengeName,
    /// The `Session` from the response that issued the challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Answers, e.g. `USERNAME` and `NEW_PASSWORD`.
    pub challenge_responses: StringMap,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

impl RespondToAuthChallengeRequest {
    /// Answer `challenge` for `username` with one extra `key = value` response.
    pub fn answer(challenge: &Challenge, key: &str, value: impl Into<String>) -> Self {
        let responses = StringMap::from([
            ("USERNAME".to_owned(), challenge.username().to_owned()),
            (key.to_owned(), value.into()),
        ]);
        Self {
            challenge_name: challenge.name.clone(),
            session: challenge.session.clone(),
            challenge_responses: responses,
            client_metadata: None,
        }
    }

    /// `NEW_PASSWORD_REQUIRED`: set the new password.
    pub fn new_password(challenge: &Challenge, new_password: impl Into<String>) -> Self {
        Self::answer(challenge, "NEW_PASSWORD", new_password)
    }

    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA` or `EMAIL_OTP`: the one-time code.
    pub fn mfa_code(challenge: &Challenge, code: impl Into<String>) -> Self {
        let key = match challenge.name {
            ChallengeName::SmsMfa => "SMS_MFA_CODE",
            ChallengeName::EmailOtp => "EMAIL_OTP_CODE",
            ChallengeName::SmsOtp => "SMS_OTP_CODE",
            _ => "SOFTWARE_TOKEN_MFA_CODE",
        };
        Self::answer(challenge, key, code)
    }

    /// `SELECT_MFA_TYPE`: pick `SMS_MFA`, `EMAIL_OTP` or `SOFTWARE_TOKEN_MFA`.
    pub fn select_mfa_type(challenge: &Challenge, mfa: &ChallengeName) -> Self {
        Self::answer(challenge, "ANSWER", mfa.as_str())
    }
}

/// InitiateAuth and RespondToAuthChallenge response: either tokens or a further challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// The next challenge, if sign-in is not complete.
    #[serde(default)]
    pub challenge_name: Option<ChallengeName>,
    /// Opaque session to echo back with the challenge answer.
    #[serde(default)]
    pub session: Option<String>,
    /// Challenge inputs, e.g. `USER_ID_FOR_SRP`, `CODE_DELIVERY_DESTINATION`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub challenge_parameters: StringMap,
    /// Tokens, when sign-in is complete.
    #[serde(default)]
    pub authentication_result: Option<AuthenticationResult>,
    /// Choice-based sign-in: the factors on offer.
    #[serde(default, deserialize_with = "null_as_default")]
    pub available_challenges: Vec<ChallengeName>,
}

/// InitiateAuth response.
pub type InitiateAuthResponse = AuthResponse;
/// RespondToAuthChallenge response.
pub type RespondToAuthChallengeResponse = AuthResponse;

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

impl Challenge {
    /// The username to send as `USERNAME`: Cognito's canonical one when it gave it.
    pub fn username(&self) -> &str {
        self.parameters
            .get("USER_ID_FOR_SRP")
            .map_or(&self.username, String::as_str)
    }
}

impl AuthResponse {
    /// Splits the response into tokens or a challenge. `username` is the one the user typed,
    /// kept for answering the challenge. `None` if the response has neither (malformed).
    pub fn into_outcome(self, username: &str) -> Option<AuthOutcome> {
        if let Some(result) = self.authentication_result {
            return Some(AuthOutcome::Authenticated(result));
        }
        let name = self.challenge_name?;
        Some(AuthOutcome::Challenge(Challenge {
            name,
            session: self.session,
            parameters: self.challenge_parameters,
            username: username.to_owned(),
        }))
    }
}

/// GetTokensFromRefreshToken request (without `ClientId`). With refresh-token rotation on,
/// the response carries a new refresh token that replaces the old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: String,
    /// Device key, when the pool remembers devices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// GetTokensFromRefreshToken response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    /// The new tokens.
    pub authentication_result: AuthenticationResult,
}

// ---------------------------------------------------------------------------------------------
// Signed-in user (access token)
// ---------------------------------------------------------------------------------------------

/// Request carrying only an `AccessToken`: GetUser, GlobalSignOut, DeleteUser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// The access token.
    pub access_token: String,
}

/// GetUser request.
pub type GetUserRequest = AccessTokenRequest;
/// GlobalSignOut request.
pub type GlobalSignOutRequest = AccessTokenRequest;
/// DeleteUser request.
pub type DeleteUserRequest = AccessTokenRequest;

/// GetUser response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// The username.
    pub username: String,
    /// The user's attributes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_attributes: Vec<AttributeType>,
    /// Legacy SMS MFA options.
    #[serde(rename = "MFAOptions", default, deserialize_with = "null_as_default")]
    pub mfa_options: Vec<MfaOption>,
    /// Preferred MFA, e.g. `SOFTWARE_TOKEN_MFA`.
    #[serde(default)]
    pub preferred_mfa_setting: Option<String>,
    /// Activated MFA methods.
    #[serde(
        rename = "UserMFASettingList",
        default,
        deserialize_with = "null_as_default"
    )]
    pub user_mfa_setting_list: Vec<String>,
}

impl GetUserResponse {
    /// The value of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .and_then(|attribute| attribute.value.as_deref())
    }
}

/// RevokeToken request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke, with the access tokens issued from it.
    pub token: String,
}

/// UpdateUserAttributes request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    /// The access token.
    pub access_token: String,
    /// Attributes to set.
    pub user_attributes: Vec<AttributeType>,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// UpdateUserAttributes response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    /// Where verification codes for changed email/phone went.
    #[serde(default, deserialize_with = "null_as_default")]
    pub code_delivery_details_list: Vec<CodeDeliveryDetails>,
}

/// GetUserAttributeVerificationCode request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    /// The access token.
    pub access_token: String,
    /// The attribute to verify, e.g. `email`.
    pub attribute_name: String,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// Response that only says where a code went: GetUserAttributeVerificationCode,
/// ResendConfirmationCode, ForgotPassword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    /// Where the code went.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// GetUserAttributeVerificationCode response.
pub type GetUserAttributeVerificationCodeResponse = CodeDeliveryResponse;
/// ResendConfirmationCode response.
pub type ResendConfirmationCodeResponse = CodeDeliveryResponse;
/// ForgotPassword response.
pub type ForgotPasswordResponse = CodeDeliveryResponse;

/// VerifyUserAttribute request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    /// The access token.
    pub access_token: String,
    /// The attribute being verified.
    pub attribute_name: String,
    /// The code the user received.
    pub code: String,
}

/// ChangePassword request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    /// The current password (optional only for passwordless users setting their first one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_password: Option<String>,
    /// The new password.
    pub proposed_password: String,
    /// The access token.
    pub access_token: String,
}

/// AssociateSoftwareToken request: with an access token when signed in, or the challenge
/// `Session` while answering `MFA_SETUP`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// The access token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The `MFA_SETUP` challenge session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// AssociateSoftwareToken response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// The TOTP secret to show as a QR code.
    #[serde(default)]
    pub secret_code: Option<String>,
    /// New session for VerifySoftwareToken (challenge flow).
    #[serde(default)]
    pub session: Option<String>,
}

/// VerifySoftwareToken request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// The access token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The `MFA_SETUP` challenge session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The code from the authenticator app.
    pub user_code: String,
    /// Name to show for the device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// VerifySoftwareToken response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// Whether the code verified.
    #[serde(default)]
    pub status: Option<VerifySoftwareTokenStatus>,
    /// Session to continue the `MFA_SETUP` challenge with.
    #[serde(default)]
    pub session: Option<String>,
}

/// SetUserMFAPreference request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SetUserMfaPreferenceRequest {
    /// The access token.
    #[serde(rename = "AccessToken")]
    pub access_token: String,
    /// SMS MFA.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// Authenticator-app MFA.
    #[serde(
        rename = "SoftwareTokenMfaSettings",
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// Email MFA.
    #[serde(rename = "EmailMfaSettings", skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
}

// ---------------------------------------------------------------------------------------------
// Sign-up and password reset (no token)
// ---------------------------------------------------------------------------------------------

/// SignUp request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    /// The username (or email, for pools that sign in by email).
    pub username: String,
    /// The password.
    pub password: String,
    /// Attributes such as `email`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_attributes: Vec<AttributeType>,
    /// Passed to the pre-sign-up trigger only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub validation_data: Vec<AttributeType>,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// SignUp response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// Whether the user is confirmed already (auto-confirm trigger).
    #[serde(default)]
    pub user_confirmed: bool,
    /// Where the confirmation code went.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The new user's `sub`.
    #[serde(rename = "UserSub")]
    pub user_sub: String,
    /// Session for signing in right after confirmation.
    #[serde(default)]
    pub session: Option<String>,
}

/// ConfirmSignUp request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    /// The username.
    pub username: String,
    /// The code the user received.
    pub confirmation_code: String,
    /// Move an alias (email/phone) from another user to this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// The `Session` from SignUp.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// ConfirmSignUp response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpResponse {
    /// Session for signing in without the password (choice-based sign-in).
    #[serde(default)]
    pub session: Option<String>,
}

/// Request carrying only a `Username` (without `ClientId`): ResendConfirmationCode,
/// ForgotPassword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameRequest {
    /// The username.
    pub username: String,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// ResendConfirmationCode request.
pub type ResendConfirmationCodeRequest = UsernameRequest;
/// ForgotPassword request.
pub type ForgotPasswordRequest = UsernameRequest;

/// ConfirmForgotPassword request (without `ClientId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    /// The username.
    pub username: String,
    /// The code the user received.
    pub confirmation_code: String,
    /// The new password.
    pub password: String,
    /// Passed to Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}
