//! Requests and responses, one pair per operation, grouped as the service groups them.
//! Checked against botocore's `cognito-idp/2016-04-18/service-2.json` (see the crate docs).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::StringMap;
use crate::types::*;
use crate::values::*;

// ---------------------------------------------------------------------------------------------
// Sign-in and tokens
// ---------------------------------------------------------------------------------------------

/// InitiateAuth request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// The authentication flow that you want to initiate.
    pub auth_flow: AuthFlowType,
    /// The authentication parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_parameters: Option<StringMap>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    /// The ID of the app client that your user wants to sign in to.
    pub client_id: String,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// The optional session ID from a ConfirmSignUp API request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// InitiateAuth response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthResponse {
    /// The name of an additional authentication challenge that you must respond to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<ChallengeNameType>,
    /// The session identifier that links a challenge response to the initial authentication
    /// request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The required parameters of the ChallengeName challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_parameters: Option<StringMap>,
    /// The result of a successful and complete authentication request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
    /// This response parameter lists the available authentication challenges that users can select
    /// from in choice-based authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<ChallengeNameType>>,
}

/// RespondToAuthChallenge request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// The ID of the app client where the user is signing in.
    pub client_id: String,
    /// The name of the challenge that you are responding to.
    pub challenge_name: ChallengeNameType,
    /// The session identifier that maintains the state of authentication requests and challenge
    /// responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The responses to the challenge that you received in the previous request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_responses: Option<StringMap>,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// RespondToAuthChallenge response: as [`InitiateAuthResponse`], never `AvailableChallenges`.
pub type RespondToAuthChallengeResponse = InitiateAuthResponse;

/// GetTokensFromRefreshToken request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    /// A valid refresh token that can authorize the request for new tokens.
    pub refresh_token: String,
    /// The app client that issued the refresh token to the user who wants to request new tokens.
    pub client_id: String,
    /// The client secret of the requested app client, if the client has a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// When you enable device remembering, Amazon Cognito issues a device key that you can use for
    /// device authentication that bypasses multi-factor authentication (MFA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// GetTokensFromRefreshToken response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    /// The object that your application receives after authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
}

/// Members shared by several operations: `AccessToken!`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    pub access_token: String,
}

/// GlobalSignOut request.
pub type GlobalSignOutRequest = AccessTokenRequest;

/// Members shared by several operations: none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyResponse {}

/// GlobalSignOut response.
pub type GlobalSignOutResponse = EmptyResponse;

/// RevokeToken request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token that you want to revoke.
    pub token: String,
    /// The ID of the app client where the token that you want to revoke was issued.
    pub client_id: String,
    /// The client secret of the requested app client, if the client has a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// RevokeToken response.
pub type RevokeTokenResponse = EmptyResponse;

// ---------------------------------------------------------------------------------------------
// Sign-up and password recovery
// ---------------------------------------------------------------------------------------------

/// SignUp request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    /// The ID of the app client where the user wants to sign up.
    pub client_id: String,
    /// A keyed-hash message authentication code (HMAC) calculated using the secret key of a user
    /// pool client and username plus the client ID in the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// The username of the user that you want to sign up.
    pub username: String,
    /// The user's proposed password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// An array of name-value pairs representing user attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Temporary user attributes that contribute to the outcomes of your pre sign-up Lambda
    /// trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<AttributeType>>,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// SignUp response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// Indicates whether the user was automatically confirmed.
    pub user_confirmed: bool,
    /// In user pools that automatically verify and confirm new users, Amazon Cognito sends users a
    /// message with a code or link that confirms ownership of the phone number or email address
    /// that they entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
    /// The unique identifier of the new user, for example a1b2c3d4-5678-90ab-cdef-EXAMPLE11111.
    pub user_sub: String,
    /// A session Id that you can pass to ConfirmSignUp when you want to immediately sign in your
    /// user with the USER_AUTH flow after they complete sign-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// ConfirmSignUp request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    /// The ID of the app client associated with the user pool.
    pub client_id: String,
    /// A keyed-hash message authentication code (HMAC) calculated using the secret key of a user
    /// pool client and username plus the client ID in the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// The confirmation code that your user pool sent in response to the SignUp request.
    pub confirmation_code: String,
    /// When true, forces user confirmation despite any existing aliases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    /// The optional session ID from a SignUp API request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// ConfirmSignUp response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpResponse {
    /// A session identifier that you can use to immediately sign in the confirmed user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// Members shared by several operations: `AnalyticsMetadata`, `ClientId!`, `ClientMetadata`,
/// `SecretHash`, `UserContextData`, `Username!`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameRequest {
    /// The ID of the user pool app client where the user signed up.
    pub client_id: String,
    /// A keyed-hash message authentication code (HMAC) calculated using the secret key of a user
    /// pool client and username plus the client ID in the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// ResendConfirmationCode request.
pub type ResendConfirmationCodeRequest = UsernameRequest;

/// Members shared by several operations: `CodeDeliveryDetails`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    /// Information about the phone number or email address that Amazon Cognito sent the
    /// confirmation code to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
}

/// ResendConfirmationCode response.
pub type ResendConfirmationCodeResponse = CodeDeliveryResponse;

/// ForgotPassword request.
pub type ForgotPasswordRequest = UsernameRequest;

/// ForgotPassword response.
pub type ForgotPasswordResponse = CodeDeliveryResponse;

/// ConfirmForgotPassword request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    /// The ID of the app client where the user wants to reset their password.
    pub client_id: String,
    /// A keyed-hash message authentication code (HMAC) calculated using the secret key of a user
    /// pool client and username plus the client ID in the message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// The confirmation code that your user pool delivered when your user requested to reset their
    /// password.
    pub confirmation_code: String,
    /// The new password that your user wants to set.
    pub password: String,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextDataType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// ConfirmForgotPassword response.
pub type ConfirmForgotPasswordResponse = EmptyResponse;

// ---------------------------------------------------------------------------------------------
// The signed-in user's own account
// ---------------------------------------------------------------------------------------------

/// GetUser request.
pub type GetUserRequest = AccessTokenRequest;

/// GetUser response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// The name of the user that you requested.
    pub username: String,
    /// An array of name-value pairs representing user attributes.
    pub user_attributes: Vec<AttributeType>,
    /// This response parameter is no longer supported.
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MFAOptionType>>,
    /// The user's preferred MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// The MFA options that are activated for the user.
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// UpdateUserAttributes request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    /// An array of name-value pairs representing user attributes.
    pub user_attributes: Vec<AttributeType>,
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    pub access_token: String,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// UpdateUserAttributes response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    /// When the attribute-update request includes an email address or phone number attribute,
    /// Amazon Cognito sends a message to users with a code that confirms ownership of the new value
    /// that they entered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details_list: Option<Vec<CodeDeliveryDetailsType>>,
}

/// GetUserAttributeVerificationCode request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    pub access_token: String,
    /// The name of the attribute that the user wants to verify, for example email.
    pub attribute_name: String,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// GetUserAttributeVerificationCode response.
pub type GetUserAttributeVerificationCodeResponse = CodeDeliveryResponse;

/// VerifyUserAttribute request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    pub access_token: String,
    /// The name of the attribute that you want to verify.
    pub attribute_name: String,
    /// The verification code that your user pool sent to the added or changed attribute, for
    /// example the user's email address.
    pub code: String,
}

/// VerifyUserAttribute response.
pub type VerifyUserAttributeResponse = EmptyResponse;

/// ChangePassword request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    /// The user's previous password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_password: Option<String>,
    /// A new password that you prompted the user to enter in your application.
    pub proposed_password: String,
    /// A valid access token that Amazon Cognito issued to the user whose password you want to
    /// change.
    pub access_token: String,
}

/// ChangePassword response.
pub type ChangePasswordResponse = EmptyResponse;

/// DeleteUser request.
pub type DeleteUserRequest = AccessTokenRequest;

/// DeleteUser response (no members).
pub type DeleteUserResponse = EmptyResponse;

// ---------------------------------------------------------------------------------------------
// Multi-factor authentication
// ---------------------------------------------------------------------------------------------

/// AssociateSoftwareToken request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The session identifier that maintains the state of authentication requests and challenge
    /// responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// AssociateSoftwareToken response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// A unique generated shared secret code that is used by the TOTP algorithm to generate a one-
    /// time code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_code: Option<String>,
    /// The session identifier that maintains the state of authentication requests and challenge
    /// responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// VerifySoftwareToken request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The session ID from an AssociateSoftwareToken request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// A TOTP that the user generated in their configured authenticator app.
    pub user_code: String,
    /// A friendly name for the device that's running the TOTP authenticator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// VerifySoftwareToken response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// Amazon Cognito can accept or reject the code that you provide.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VerifySoftwareTokenResponseType>,
    /// This session ID satisfies an MFA_SETUP challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// SetUserMFAPreference request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMFAPreferenceRequest {
    /// User preferences for SMS message MFA.
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<SMSMfaSettingsType>,
    /// User preferences for time-based one-time password (TOTP) MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<SoftwareTokenMfaSettingsType>,
    /// User preferences for email message MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<EmailMfaSettingsType>,
    /// User preferences for passkey MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettingsType>,
    /// A valid access token that Amazon Cognito issued to the currently signed-in user.
    pub access_token: String,
}

/// SetUserMFAPreference response.
pub type SetUserMFAPreferenceResponse = EmptyResponse;

// ---------------------------------------------------------------------------------------------
// Pool administration (IAM)
// ---------------------------------------------------------------------------------------------

/// CreateUserPool request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    /// A friendly name for your user pool.
    pub pool_name: String,
    /// The password policy and sign-in policy in the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicyType>,
    /// When active, DeletionProtection prevents accidental deletion of your user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<String>,
    /// A collection of user pool Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_config: Option<LambdaConfigType>,
    /// The attributes that you want your user pool to automatically verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_verified_attributes: Option<Vec<String>>,
    /// Attributes supported as an alias for this user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_attributes: Option<Vec<String>>,
    /// Specifies whether a user can use an email address or phone number as a username when they
    /// sign up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_attributes: Option<Vec<String>>,
    /// This parameter is no longer used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_verification_message: Option<String>,
    /// This parameter is no longer used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verification_message: Option<String>,
    /// This parameter is no longer used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verification_subject: Option<String>,
    /// The template for the verification message that your user pool delivers to users who set an
    /// email address or phone number attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_message_template: Option<Value>,
    /// The contents of the SMS message that your user pool sends to users in SMS OTP and MFA
    /// authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    /// Sets multi-factor authentication (MFA) to be on, off, or optional.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    /// The settings for updates to user attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attribute_update_settings: Option<Value>,
    /// The device-remembering configuration for a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<Value>,
    /// The email configuration of your user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_configuration: Option<Value>,
    /// The settings for your Amazon Cognito user pool to send SMS messages with Amazon Simple
    /// Notification Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<Value>,
    /// The tag keys and values to assign to the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tags: Option<StringMap>,
    /// The configuration for administrative creation of users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_create_user_config: Option<Value>,
    /// An array of attributes for the new user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Vec<SchemaAttributeType>>,
    /// Contains settings for activation of threat protection, including the operating mode and
    /// additional authentication types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_add_ons: Option<Value>,
    /// Sets the case sensitivity option for sign-in usernames.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<UsernameConfigurationType>,
    /// The available verified method a user can use to recover their password when they call
    /// ForgotPassword.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_recovery_setting: Option<Value>,
    /// The user pool feature plan, or tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tier: Option<String>,
    /// The key configuration for the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_configuration: Option<Value>,
    /// The issuer configuration for the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_configuration: Option<Value>,
}

/// Members shared by several operations: `UserPool`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolResponse {
    /// The details of the created user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool: Option<UserPoolType>,
}

/// CreateUserPool response.
pub type CreateUserPoolResponse = UserPoolResponse;

/// DescribeUserPool request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolRequest {
    /// The ID of the user pool you want to describe.
    pub user_pool_id: String,
}

/// DescribeUserPool response.
pub type DescribeUserPoolResponse = UserPoolResponse;

/// CreateUserPoolClient request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientRequest {
    /// The ID of the user pool where you want to create an app client.
    pub user_pool_id: String,
    /// A friendly name for the app client that you want to create.
    pub client_name: String,
    /// When true, generates a client secret for the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_secret: Option<bool>,
    /// A custom client secret that you want to use for the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The refresh token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i32>,
    /// The access token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i32>,
    /// The ID token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i32>,
    /// The units that validity times are represented in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnitsType>,
    /// The list of user attributes that you want your app client to have read access to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    /// The list of user attributes that you want your app client to have write access to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    /// The authentication flows that you want your user pool client to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    /// A list of provider names for the identity providers (IdPs) that are supported on this
    /// client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_identity_providers: Option<Vec<String>>,
    /// A list of allowed redirect, or callback, URLs for managed login authentication.
    #[serde(rename = "CallbackURLs", skip_serializing_if = "Option::is_none")]
    pub callback_urls: Option<Vec<String>>,
    /// A list of allowed logout URLs for managed login authentication.
    #[serde(rename = "LogoutURLs", skip_serializing_if = "Option::is_none")]
    pub logout_urls: Option<Vec<String>>,
    /// The default redirect URI.
    #[serde(rename = "DefaultRedirectURI", skip_serializing_if = "Option::is_none")]
    pub default_redirect_uri: Option<String>,
    /// The OAuth grant types that you want your app client to generate for clients in managed login
    /// authentication.
    #[serde(rename = "AllowedOAuthFlows", skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_flows: Option<Vec<String>>,
    /// The OAuth, OpenID Connect (OIDC), and custom scopes that you want to permit your app client
    /// to authorize access with.
    #[serde(rename = "AllowedOAuthScopes", skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    /// Set to true to use OAuth 2.0 authorization server features in your app client.
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    /// The user pool analytics configuration for collecting metrics and sending them to your Amazon
    /// Pinpoint campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_configuration: Option<Value>,
    /// When ENABLED, suppresses messages that might indicate a valid user exists when someone
    /// attempts sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
    /// Activates or deactivates token revocation in the target app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    /// When true, your application can include additional UserContextData in authentication
    /// requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    /// Amazon Cognito creates a session token for each API request in an authentication flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_session_validity: Option<i32>,
    /// The configuration of your app client for refresh token rotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotationType>,
}

/// Members shared by several operations: `UserPoolClient`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientResponse {
    /// The details of the new app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_client: Option<UserPoolClientType>,
}

/// CreateUserPoolClient response.
pub type CreateUserPoolClientResponse = UserPoolClientResponse;

/// DescribeUserPoolClient request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolClientRequest {
    /// The ID of the user pool that contains the app client you want to describe.
    pub user_pool_id: String,
    /// The ID of the app client that you want to describe.
    pub client_id: String,
}

/// DescribeUserPoolClient response.
pub type DescribeUserPoolClientResponse = UserPoolClientResponse;

/// UpdateUserPoolClient request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolClientRequest {
    /// The ID of the user pool where you want to update the app client.
    pub user_pool_id: String,
    /// The ID of the app client that you want to update.
    pub client_id: String,
    /// A friendly name for the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The refresh token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i32>,
    /// The access token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i32>,
    /// The ID token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i32>,
    /// The units that validity times are represented in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnitsType>,
    /// The list of user attributes that you want your app client to have read access to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    /// The list of user attributes that you want your app client to have write access to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    /// The authentication flows that you want your user pool client to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    /// A list of provider names for the identity providers (IdPs) that are supported on this
    /// client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_identity_providers: Option<Vec<String>>,
    /// A list of allowed redirect, or callback, URLs for managed login authentication.
    #[serde(rename = "CallbackURLs", skip_serializing_if = "Option::is_none")]
    pub callback_urls: Option<Vec<String>>,
    /// A list of allowed logout URLs for managed login authentication.
    #[serde(rename = "LogoutURLs", skip_serializing_if = "Option::is_none")]
    pub logout_urls: Option<Vec<String>>,
    /// The default redirect URI.
    #[serde(rename = "DefaultRedirectURI", skip_serializing_if = "Option::is_none")]
    pub default_redirect_uri: Option<String>,
    /// The OAuth grant types that you want your app client to generate.
    #[serde(rename = "AllowedOAuthFlows", skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_flows: Option<Vec<String>>,
    /// The OAuth, OpenID Connect (OIDC), and custom scopes that you want to permit your app client
    /// to authorize access with.
    #[serde(rename = "AllowedOAuthScopes", skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    /// Set to true to use OAuth 2.0 authorization server features in your app client.
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    /// The user pool analytics configuration for collecting metrics and sending them to your Amazon
    /// Pinpoint campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_configuration: Option<Value>,
    /// When ENABLED, suppresses messages that might indicate a valid user exists when someone
    /// attempts sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
    /// Activates or deactivates token revocation in the target app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    /// When true, your application can include additional UserContextData in authentication
    /// requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    /// Amazon Cognito creates a session token for each API request in an authentication flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_session_validity: Option<i32>,
    /// The configuration of your app client for refresh token rotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotationType>,
}

/// UpdateUserPoolClient response.
pub type UpdateUserPoolClientResponse = UserPoolClientResponse;

/// CreateGroup request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGroupRequest {
    /// A name for the group.
    pub group_name: String,
    /// The ID of the user pool where you want to create a user group.
    pub user_pool_id: String,
    /// A description of the group that you're creating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The Amazon Resource Name (ARN) for the IAM role that you want to associate with the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// A non-negative integer value that specifies the precedence of this group relative to the
    /// other groups that a user can belong to in the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i32>,
}

/// CreateGroup response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGroupResponse {
    /// The response object for a created group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupType>,
}

/// ListGroups request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsRequest {
    /// The ID of the user pool where you want to list user groups.
    pub user_pool_id: String,
    /// The maximum number of groups that you want Amazon Cognito to return in the response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// This API operation returns a limited number of results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Members shared by several operations: `Groups`, `NextToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupsPage {
    /// An array of groups and their details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupType>>,
    /// The identifier that Amazon Cognito returned with the previous request to this operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// ListGroups response.
pub type ListGroupsResponse = GroupsPage;

// ---------------------------------------------------------------------------------------------
// User administration (IAM)
// ---------------------------------------------------------------------------------------------

/// AdminCreateUser request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    /// The ID of the user pool where you want to create a user.
    pub user_pool_id: String,
    /// The value that you want to set as the username sign-in attribute.
    pub username: String,
    /// An array of name-value pairs that contain user attributes and attribute values to be set for
    /// the user to be created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Temporary user attributes that contribute to the outcomes of your pre sign-up Lambda
    /// trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<AttributeType>>,
    /// The user's temporary password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
    /// This parameter is used only if the phone_number_verified or email_verified attribute is set
    /// to True.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// Set to RESEND to resend the invitation message to a user that already exists, and to reset
    /// the temporary-password duration with a new temporary password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_action: Option<MessageActionType>,
    /// Specify EMAIL if email will be used to send the welcome message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desired_delivery_mediums: Option<Vec<DeliveryMediumType>>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// AdminCreateUser response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserResponse {
    /// The new user's profile details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserType>,
}

/// Members shared by several operations: `UserPoolId!`, `Username!`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserRequest {
    /// The ID of the user pool where you want to get information about the user.
    pub user_pool_id: String,
    /// The name of the user that you want to query or modify.
    pub username: String,
}

/// AdminGetUser request.
pub type AdminGetUserRequest = AdminUserRequest;

/// AdminGetUser response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetUserResponse {
    /// The username of the user that you requested.
    pub username: String,
    /// An array of name-value pairs of user attributes and their values, for example "email":
    /// "testuser@example.com".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// The date and time when the item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_create_date: Option<f64>,
    /// The date and time when the item was modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_last_modified_date: Option<f64>,
    /// Indicates whether the user is activated for sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The user's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_status: Option<UserStatusType>,
    /// This response parameter is no longer supported.
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MFAOptionType>>,
    /// The user's preferred MFA.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// The MFA options that are activated for the user.
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// AdminDeleteUser request.
pub type AdminDeleteUserRequest = AdminUserRequest;

/// AdminDeleteUser response (no members).
pub type AdminDeleteUserResponse = EmptyResponse;

/// Members shared by several operations: `ClientMetadata`, `UserPoolId!`, `Username!`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserWithMetadataRequest {
    /// The ID of the user pool where you want to confirm a user's sign-up request.
    pub user_pool_id: String,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// AdminConfirmSignUp request.
pub type AdminConfirmSignUpRequest = AdminUserWithMetadataRequest;

/// AdminConfirmSignUp response.
pub type AdminConfirmSignUpResponse = EmptyResponse;

/// ListUsers request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    /// The ID of the user pool where you want to display or search for users.
    pub user_pool_id: String,
    /// A JSON array of user attribute names, for example given_name, that you want Amazon Cognito
    /// to include in the response for each user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes_to_get: Option<Vec<String>>,
    /// The maximum number of users that you want Amazon Cognito to return in the response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// This API operation returns a limited number of results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
    /// A filter string of the form "AttributeName Filter-Type "AttributeValue".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// ListUsers response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersResponse {
    /// An array of user pool users who match your query, and their attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<UserType>>,
    /// The identifier that Amazon Cognito returned with the previous request to this operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// AdminSetUserPassword request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    /// The ID of the user pool where you want to set the user's password.
    pub user_pool_id: String,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// The new temporary or permanent password that you want to set for the user.
    pub password: String,
    /// Set to true to set a password that the user can immediately sign in with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
}

/// AdminSetUserPassword response.
pub type AdminSetUserPasswordResponse = EmptyResponse;

/// AdminUpdateUserAttributes request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateUserAttributesRequest {
    /// The ID of the user pool where you want to update user attributes.
    pub user_pool_id: String,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// An array of name-value pairs representing user attributes.
    pub user_attributes: Vec<AttributeType>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// AdminUpdateUserAttributes response.
pub type AdminUpdateUserAttributesResponse = EmptyResponse;

/// Members shared by several operations: `GroupName!`, `UserPoolId!`, `Username!`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGroupMembershipRequest {
    /// The ID of the user pool that contains the group that you want to add the user to.
    pub user_pool_id: String,
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// The name of the group that you want to add your user to.
    pub group_name: String,
}

/// AdminAddUserToGroup request.
pub type AdminAddUserToGroupRequest = AdminGroupMembershipRequest;

/// AdminAddUserToGroup response (no members).
pub type AdminAddUserToGroupResponse = EmptyResponse;

/// AdminRemoveUserFromGroup request.
pub type AdminRemoveUserFromGroupRequest = AdminGroupMembershipRequest;

/// AdminRemoveUserFromGroup response (no members).
pub type AdminRemoveUserFromGroupResponse = EmptyResponse;

/// AdminListGroupsForUser request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListGroupsForUserRequest {
    /// The name of the user that you want to query or modify.
    pub username: String,
    /// The ID of the user pool where you want to view a user's groups.
    pub user_pool_id: String,
    /// The maximum number of groups that you want Amazon Cognito to return in the response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// This API operation returns a limited number of results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// AdminListGroupsForUser response.
pub type AdminListGroupsForUserResponse = GroupsPage;

/// AdminDisableUser request.
pub type AdminDisableUserRequest = AdminUserRequest;

/// AdminDisableUser response.
pub type AdminDisableUserResponse = EmptyResponse;

/// AdminEnableUser request.
pub type AdminEnableUserRequest = AdminUserRequest;

/// AdminEnableUser response.
pub type AdminEnableUserResponse = EmptyResponse;

/// AdminResetUserPassword request.
pub type AdminResetUserPasswordRequest = AdminUserWithMetadataRequest;

/// AdminResetUserPassword response.
pub type AdminResetUserPasswordResponse = EmptyResponse;

/// AdminUserGlobalSignOut request.
pub type AdminUserGlobalSignOutRequest = AdminUserRequest;

/// AdminUserGlobalSignOut response.
pub type AdminUserGlobalSignOutResponse = EmptyResponse;

/// AdminInitiateAuth request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminInitiateAuthRequest {
    /// The ID of the user pool where the user wants to sign in.
    pub user_pool_id: String,
    /// The ID of the app client where the user wants to sign in.
    pub client_id: String,
    /// The authentication flow that you want to initiate.
    pub auth_flow: AuthFlowType,
    /// The authentication parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_parameters: Option<StringMap>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_data: Option<Value>,
    /// The optional session ID from a ConfirmSignUp API request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// AdminInitiateAuth response: the same members as [`InitiateAuthResponse`].
pub type AdminInitiateAuthResponse = InitiateAuthResponse;

/// AdminRespondToAuthChallenge request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminRespondToAuthChallengeRequest {
    /// The ID of the user pool where you want to respond to an authentication challenge.
    pub user_pool_id: String,
    /// The ID of the app client where you initiated sign-in.
    pub client_id: String,
    /// The name of the challenge that you are responding to.
    pub challenge_name: ChallengeNameType,
    /// The responses to the challenge that you received in the previous request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_responses: Option<StringMap>,
    /// The session identifier that maintains the state of authentication requests and challenge
    /// responses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Information that supports analytics outcomes with Amazon Pinpoint, including the user's
    /// endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_metadata: Option<AnalyticsMetadataType>,
    /// Contextual data about your user session like the device fingerprint, IP address, or
    /// location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_data: Option<Value>,
    /// A map of custom key-value pairs that you can provide as input for any custom workflows that
    /// this action triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// AdminRespondToAuthChallenge response: as [`InitiateAuthResponse`], never
/// `AvailableChallenges`.
pub type AdminRespondToAuthChallengeResponse = InitiateAuthResponse;

// ---------------------------------------------------------------------------------------------
// Conveniences for clients
// ---------------------------------------------------------------------------------------------

impl InitiateAuthRequest {
    /// A request for `auth_flow` with `auth_parameters`. `ClientId` is left empty for a client
    /// that fills it in from its configuration (cognito-session's does); set `client_id`
    /// otherwise.
    pub fn new(auth_flow: AuthFlowType, auth_parameters: StringMap) -> Self {
        Self {
            auth_flow,
            auth_parameters: Some(auth_parameters),
            client_metadata: None,
            client_id: String::new(),
            analytics_metadata: None,
            user_context_data: None,
            session: None,
        }
    }

    /// `USER_PASSWORD_AUTH` with `USERNAME` and `PASSWORD` (`ClientId` left empty).
    pub fn user_password(username: impl Into<String>, password: impl Into<String>) -> Self {
        let parameters = StringMap::from([
            ("USERNAME".to_owned(), username.into()),
            ("PASSWORD".to_owned(), password.into()),
        ]);
        Self::new(AuthFlowType::UserPasswordAuth, parameters)
    }

    /// `REFRESH_TOKEN_AUTH` with `REFRESH_TOKEN` (`ClientId` left empty).
    pub fn refresh_token(refresh_token: impl Into<String>) -> Self {
        let parameters = StringMap::from([("REFRESH_TOKEN".to_owned(), refresh_token.into())]);
        Self::new(AuthFlowType::RefreshTokenAuth, parameters)
    }

    /// Whether this request renews tokens rather than signing someone in.
    pub fn is_refresh(&self) -> bool {
        matches!(
            self.auth_flow,
            AuthFlowType::RefreshTokenAuth | AuthFlowType::RefreshToken
        )
    }
}

impl RespondToAuthChallengeRequest {
    /// An answer to `challenge_name` without responses yet (`ClientId` left empty).
    pub fn new(challenge_name: ChallengeNameType, session: Option<String>) -> Self {
        Self {
            client_id: String::new(),
            challenge_name,
            session,
            challenge_responses: None,
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
        }
    }

    /// Adds one `key = value` to `ChallengeResponses`, e.g. `USERNAME` or `NEW_PASSWORD`.
    pub fn with_response(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert_response(key, value);
        self
    }

    /// Adds one `key = value` to `ChallengeResponses`.
    pub fn insert_response(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.challenge_responses
            .get_or_insert_with(StringMap::new)
            .insert(key.into(), value.into());
    }
}

impl GetUserResponse {
    /// The value of attribute `name`, e.g. `email`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .and_then(|attribute| attribute.value.as_deref())
    }
}
