//! Structures that several operations share (`AttributeType`, `UserType`, ...), named as in the
//! service model.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::StringMap;
use crate::values::*;

/// `AnalyticsMetadataType`: Information that your application adds to authentication requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AnalyticsMetadataType {
    /// The endpoint ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analytics_endpoint_id: Option<String>,
}

/// `AttributeType`: The name and value of a user attribute.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// The name of the attribute, for example email or custom:department.
    pub name: String,
    /// The value of the attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `AuthenticationResultType`: The object that your application receives after authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResultType {
    /// Your user's access token.
    ///
    /// Optional in the model, but every `AuthenticationResult` carries one (Cognito issues no
    /// tokens without it), so it is required here and its users need not unwrap it.
    pub access_token: String,
    /// The expiration period of the authentication result in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i32>,
    /// The intended use of the token, for example Bearer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Your user's refresh token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Your user's ID token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The new device metadata from an authentication result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadataType>,
}

/// `CodeDeliveryDetailsType`: The delivery details for an email or SMS message that Amazon Cognito
/// sent for authentication or verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetailsType {
    /// The email address or phone number destination where Amazon Cognito sent the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The method that Amazon Cognito used to send the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMediumType>,
    /// The name of the attribute that Amazon Cognito verifies with the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `EmailMfaSettingsType`: User preferences for multi-factor authentication with email messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EmailMfaSettingsType {
    /// Specifies whether email message MFA is active for a user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Specifies whether email message MFA is the user's preferred method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

/// `GroupType`: A user pool group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupType {
    /// The name of the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// The ID of the user pool that contains the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_id: Option<String>,
    /// A friendly description of the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The ARN of the IAM role associated with the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// A non-negative integer value that specifies the precedence of this group relative to the
    /// other groups that a user can belong to in the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i32>,
    /// The date and time when the item was modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// The date and time when the item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
}

/// `LambdaConfigType`: A collection of user pool Lambda triggers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LambdaConfigType {
    /// The configuration of a pre sign-up Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_sign_up: Option<String>,
    /// A custom message Lambda trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<String>,
    /// The configuration of a post confirmation Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_confirmation: Option<String>,
    /// The configuration of a pre authentication trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_authentication: Option<String>,
    /// The configuration of a post authentication Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_authentication: Option<String>,
    /// The configuration of a define auth challenge Lambda trigger, one of three triggers in the
    /// sequence of the custom authentication challenge triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub define_auth_challenge: Option<String>,
    /// The configuration of a create auth challenge Lambda trigger, one of three triggers in the
    /// sequence of the custom authentication challenge triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_auth_challenge: Option<String>,
    /// The configuration of a verify auth challenge Lambda trigger, one of three triggers in the
    /// sequence of the custom authentication challenge triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_auth_challenge_response: Option<String>,
    /// The legacy configuration of a pre token generation Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_token_generation: Option<String>,
    /// The configuration of a migrate user Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_migration: Option<String>,
    /// The detailed configuration of a pre token generation Lambda trigger in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_token_generation_config: Option<Value>,
    /// The configuration of a custom SMS sender Lambda trigger.
    #[serde(rename = "CustomSMSSender", skip_serializing_if = "Option::is_none")]
    pub custom_sms_sender: Option<Value>,
    /// The configuration of a custom email sender Lambda trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_email_sender: Option<Value>,
    /// The ARN of an KMS key.
    #[serde(rename = "KMSKeyID", skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// The configuration of an inbound federation Lambda trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_federation: Option<Value>,
}

/// `MFAOptionType`: This data type is no longer supported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MFAOptionType {
    /// The delivery medium to send the MFA code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMediumType>,
    /// The attribute name of the MFA option type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `RefreshTokenRotationType`: The configuration of your app client for refresh token rotation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RefreshTokenRotationType {
    /// The state of refresh token rotation for the current app client.
    pub feature: String,
    /// When you request a token refresh with GetTokensFromRefreshToken, the original refresh token
    /// that you're rotating out can remain valid for a period of time of up to 60 seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_grace_period_seconds: Option<i32>,
}

/// `SMSMfaSettingsType`: A user's preference for using SMS message multi-factor authentication
/// (MFA).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SMSMfaSettingsType {
    /// Specifies whether SMS message MFA is activated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Specifies whether SMS is the preferred MFA method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

/// `SchemaAttributeType`: A list of the user attributes and their properties in your user pool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttributeType {
    /// The name of your user pool attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The data format of the values for your attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_data_type: Option<String>,
    /// You should use WriteAttributes in the user pool client to control how attributes can be
    /// mutated for new use cases instead of using DeveloperOnlyAttribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub developer_only_attribute: Option<bool>,
    /// Specifies whether the value of the attribute can be changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mutable: Option<bool>,
    /// Specifies whether a user pool attribute is required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Specifies the constraints for an attribute of the number type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_attribute_constraints: Option<NumberAttributeConstraintsType>,
    /// Specifies the constraints for an attribute of the string type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_attribute_constraints: Option<StringAttributeConstraintsType>,
}

/// `SoftwareTokenMfaSettingsType`: A user's preference for using time-based one-time password
/// (TOTP) multi-factor authentication (MFA).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SoftwareTokenMfaSettingsType {
    /// Specifies whether software token MFA is activated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Specifies whether software token MFA is the preferred MFA method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
}

/// `TokenValidityUnitsType`: The time units that, with IdTokenValidity, AccessTokenValidity, and
/// RefreshTokenValidity, set and display the duration of ID, access, and refresh tokens for an app
/// client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnitsType {
    /// A time unit for the value that you set in the AccessTokenValidity parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// A time unit for the value that you set in the IdTokenValidity parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// A time unit for the value that you set in the RefreshTokenValidity parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `UserContextDataType`: Contextual data, such as the user's device fingerprint, IP address, or
/// location, used for evaluating the risk of an unexpected event by Amazon Cognito threat
/// protection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserContextDataType {
    /// The source IP address of your user's device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Encoded device-fingerprint details that your app collected with the Amazon Cognito context
    /// data collection library.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded_data: Option<String>,
}

/// `UserPoolClientType`: The configuration of a user pool client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientType {
    /// The ID of the user pool associated with the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_id: Option<String>,
    /// The name of the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The ID of the app client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The app client secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The date and time when the item was modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// The date and time when the item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
    /// The refresh token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i32>,
    /// The access token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i32>,
    /// The ID token time limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i32>,
    /// The time units that, with IdTokenValidity, AccessTokenValidity, and RefreshTokenValidity,
    /// set and display the duration of ID, access, and refresh tokens for an app client.
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
    /// A list of allowed redirect (callback) URLs for the IdPs.
    #[serde(rename = "CallbackURLs", skip_serializing_if = "Option::is_none")]
    pub callback_urls: Option<Vec<String>>,
    /// A list of allowed logout URLs for the IdPs.
    #[serde(rename = "LogoutURLs", skip_serializing_if = "Option::is_none")]
    pub logout_urls: Option<Vec<String>>,
    /// The default redirect URI.
    #[serde(rename = "DefaultRedirectURI", skip_serializing_if = "Option::is_none")]
    pub default_redirect_uri: Option<String>,
    /// The OAuth grant types that you want your app client to generate.
    #[serde(rename = "AllowedOAuthFlows", skip_serializing_if = "Option::is_none")]
    pub allowed_oauth_flows: Option<Vec<String>>,
    /// The OAuth 2.0 scopes that you want your app client to support.
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
    /// Indicates whether token revocation is activated for the user pool client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    /// When EnablePropagateAdditionalUserContextData is true, Amazon Cognito accepts an IpAddress
    /// value that you send in the UserContextData parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    /// Amazon Cognito creates a session token for each API request in an authentication flow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_session_validity: Option<i32>,
    /// The configuration of your app client for refresh token rotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotationType>,
}

/// `UserPoolPolicyType`: A list of user pool policies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicyType {
    /// The password policy settings for a user pool, including complexity, history, and length
    /// requirements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyType>,
    /// The policy for allowed types of authentication in a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in_policy: Option<Value>,
}

/// `UserPoolType`: The configuration of a user pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolType {
    /// The ID of the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name of the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A list of user pool policies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicyType>,
    /// When active, DeletionProtection prevents accidental deletion of your user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<String>,
    /// A collection of user pool Lambda triggers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lambda_config: Option<LambdaConfigType>,
    /// This parameter is no longer used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The date and time when the item was modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// The date and time when the item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
    /// A list of the user attributes and their properties in your user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_attributes: Option<Vec<SchemaAttributeType>>,
    /// The attributes that are auto-verified in a user pool.
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
    /// The contents of the SMS authentication message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    /// The settings for updates to user attributes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attribute_update_settings: Option<Value>,
    /// Can be one of the following values: OFF - MFA tokens aren't required and can't be specified
    /// during user registration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    /// The device-remembering configuration for a user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<Value>,
    /// A number estimating the size of the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_number_of_users: Option<i32>,
    /// The email configuration of your user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_configuration: Option<Value>,
    /// User pool configuration for delivery of SMS messages with Amazon Simple Notification
    /// Service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<Value>,
    /// The tags that are assigned to the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tags: Option<StringMap>,
    /// The reason why the SMS configuration can't send the messages to your users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_configuration_failure: Option<String>,
    /// Deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_configuration_failure: Option<String>,
    /// The domain prefix, if the user pool has a domain associated with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// A custom domain name that you provide to Amazon Cognito.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_domain: Option<String>,
    /// The configuration for AdminCreateUser requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_create_user_config: Option<Value>,
    /// Contains settings for activation of threat protection, including the operating mode and
    /// additional authentication types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_add_ons: Option<Value>,
    /// Case sensitivity of the username input for the selected sign-in option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<UsernameConfigurationType>,
    /// The Amazon Resource Name (ARN) of the user pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The available verified method a user can use to recover their password when they call
    /// ForgotPassword.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_recovery_setting: Option<Value>,
    /// The user pool feature plan, or tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_pool_tier: Option<String>,
    /// The key configuration for the user pool, including encryption settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_configuration: Option<Value>,
    /// The issuer configuration for the user pool, including token issuing settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_configuration: Option<Value>,
}

/// `UserType`: A user profile in a Amazon Cognito user pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserType {
    /// The user's username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Names and values of a user's attributes, for example email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<AttributeType>>,
    /// The date and time when the item was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_create_date: Option<f64>,
    /// The date and time when the item was modified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_last_modified_date: Option<f64>,
    /// Indicates whether the user's account is enabled or disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The user status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_status: Option<UserStatusType>,
    /// The user's MFA configuration.
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MFAOptionType>>,
}

/// `UsernameConfigurationType`: The configuration of a user pool for username case sensitivity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameConfigurationType {
    /// Specifies whether user name case sensitivity will be applied for all users in the user pool
    /// through Amazon Cognito APIs.
    pub case_sensitive: bool,
}

/// `WebAuthnMfaSettingsType`: A user's preference for using passkey, or WebAuthn, multi-factor
/// authentication (MFA).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAuthnMfaSettingsType {
    /// Specifies whether passkey MFA is activated for a user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `NewDeviceMetadataType`: Information that your user pool responds with in
/// AuthenticationResultwhen you configure it to remember devices and a user signs in with an
/// unrecognized device.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadataType {
    /// The device key, an identifier used in generating the DEVICE_PASSWORD_VERIFIER for device SRP
    /// authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// The device group key, an identifier used in generating the DEVICE_PASSWORD_VERIFIER for
    /// device SRP authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_group_key: Option<String>,
}

/// `NumberAttributeConstraintsType`: The minimum and maximum values of an attribute that is of the
/// number type, for example custom:age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NumberAttributeConstraintsType {
    /// The minimum value of an attribute that is of the number data type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<String>,
    /// The maximum length of a number attribute value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_value: Option<String>,
}

/// `PasswordPolicyType`: The password policy settings for a user pool, including complexity,
/// history, and length requirements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyType {
    /// The minimum length of the password in the policy that you have set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<i32>,
    /// The requirement in a password policy that users must include at least one uppercase letter
    /// in their password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_uppercase: Option<bool>,
    /// The requirement in a password policy that users must include at least one lowercase letter
    /// in their password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_lowercase: Option<bool>,
    /// The requirement in a password policy that users must include at least one number in their
    /// password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_numbers: Option<bool>,
    /// The requirement in a password policy that users must include at least one symbol in their
    /// password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_symbols: Option<bool>,
    /// The number of previous passwords that you want Amazon Cognito to restrict each user from
    /// reusing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_history_size: Option<i32>,
    /// The number of days a temporary password is valid in the password policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password_validity_days: Option<i32>,
}

/// `StringAttributeConstraintsType`: The minimum and maximum length values of an attribute that is
/// of the string type, for example custom:department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringAttributeConstraintsType {
    /// The minimum length of a string attribute value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<String>,
    /// The maximum length of a string attribute value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
}

impl AttributeType {
    /// An attribute with a value, e.g. `AttributeType::new("email", "a@example.com")`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}
