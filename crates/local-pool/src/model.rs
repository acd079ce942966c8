//! Domain types: the stored records. Pools, clients and groups serialise as the JSON of their
//! Cognito shapes (`UserPoolType`, `UserPoolClientType`, `GroupType`), with defaults filled in
//! and enumerations checked, which the all-optional wire types of `cognito-wire` do not do; the
//! operations convert them to those types when answering. Settings this server does not
//! interpret are kept in `other` so they round-trip through Create/Describe.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// User attributes by name (`email`, `custom:role`, ...). Includes `sub`.
pub type Attributes = BTreeMap<String, String>;

pub use cognito_wire::{AttributeType, UserType, UsernameConfigurationType};

pub fn attribute_list(attributes: &Attributes) -> Vec<AttributeType> {
    attributes
        .iter()
        .map(|(name, value)| AttributeType {
            name: name.clone(),
            value: Some(value.clone()),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unconfirmed => "UNCONFIRMED",
            Self::Confirmed => "CONFIRMED",
            Self::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Self::ResetRequired => "RESET_REQUIRED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        serde_json::from_value(Value::String(value.to_owned())).ok()
    }
}

/// An MFA factor, named as in `ChallengeNameType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub enum MfaFactor {
    #[serde(rename = "SMS_MFA")]
    Sms,
    #[serde(rename = "SOFTWARE_TOKEN_MFA")]
    SoftwareToken,
    #[serde(rename = "EMAIL_OTP")]
    Email,
}

impl MfaFactor {
    pub fn challenge_name(self) -> &'static str {
        match self {
            Self::Sms => "SMS_MFA",
            Self::SoftwareToken => "SOFTWARE_TOKEN_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }
}

/// A user's MFA configuration (stored as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaSettings {
    /// The verified TOTP secret (base32).
    #[serde(default)]
    pub totp_secret: Option<String>,
    /// Issued by AssociateSoftwareToken, not yet verified.
    #[serde(default)]
    pub pending_totp_secret: Option<String>,
    #[serde(default)]
    pub enabled: Vec<MfaFactor>,
    #[serde(default)]
    pub preferred: Option<MfaFactor>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub pool_id: String,
    pub username: String,
    pub sub: String,
    pub status: UserStatus,
    pub enabled: bool,
    pub password_hash: Option<String>,
    /// When the current password was set (temporary passwords expire from this).
    pub password_set_at: i64,
    pub attributes: Attributes,
    pub mfa: MfaSettings,
    pub created_at: i64,
    pub modified_at: i64,
}

impl User {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    pub fn is_verified(&self, attribute: &str) -> bool {
        self.attribute(&format!("{attribute}_verified")) == Some("true")
    }

    /// Replaces the password; `password_set_at` moves with it because temporary passwords
    /// expire relative to it.
    pub fn set_password(&mut self, hash: Option<String>, now: i64) {
        self.password_hash = hash;
        self.password_set_at = now;
        self.modified_at = now;
    }

    /// `UserType` as returned by AdminCreateUser / ListUsers.
    pub fn to_user_type(&self) -> UserType {
        UserType {
            username: Some(self.username.clone()),
            attributes: Some(attribute_list(&self.attributes)),
            user_create_date: Some(self.created_at as f64),
            user_last_modified_date: Some(self.modified_at as f64),
            enabled: Some(self.enabled),
            user_status: Some(self.status.as_str().into()),
            mfa_options: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    #[serde(default = "default_minimum_length")]
    pub minimum_length: u32,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default = "default_temporary_password_validity_days")]
    pub temporary_password_validity_days: u32,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

fn default_minimum_length() -> u32 {
    8
}

fn default_temporary_password_validity_days() -> u32 {
    7
}

impl Default for PasswordPolicy {
    /// The policy Cognito applies when CreateUserPool has no `Policies`.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
            other: Map::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policies {
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `SchemaAttributeType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttribute {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_data_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer_only_attribute: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `UserPoolType`, as stored and as returned by DescribeUserPool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPool {
    pub id: String,
    pub name: String,
    pub arn: String,
    pub policies: Policies,
    pub schema_attributes: Vec<SchemaAttribute>,
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alias_attributes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub username_attributes: Vec<String>,
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: String,
    pub username_configuration: UsernameConfigurationType,
    pub creation_date: i64,
    pub last_modified_date: i64,
    #[serde(default)]
    pub estimated_number_of_users: i64,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl UserPool {
    pub fn password_policy(&self) -> &PasswordPolicy {
        &self.policies.password_policy
    }

    pub fn schema_attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema_attributes.iter().find(|a| a.name == name)
    }

    /// The key usernames are stored and looked up by.
    pub fn username_key(&self, username: &str) -> String {
        if self.username_configuration.case_sensitive {
            username.to_owned()
        } else {
            username.to_lowercase()
        }
    }

    /// Whether alias look-ups ignore case. `CaseSensitive: false` "also enables both
    /// preferred_username and email alias to be case insensitive" (UsernameConfigurationType,
    /// Amazon Cognito API Reference); phone numbers have no case.
    pub fn alias_ignores_case(&self, alias: &str) -> bool {
        !self.username_configuration.case_sensitive
            && matches!(alias, "email" | "preferred_username")
    }

    /// Attributes users may also sign in with (`AliasAttributes` / `UsernameAttributes`).
    pub fn sign_in_aliases(&self) -> impl Iterator<Item = &str> {
        self.alias_attributes
            .iter()
            .chain(&self.username_attributes)
            .map(String::as_str)
            .filter(|a| *a != "preferred_username")
    }

    pub fn mfa_mode(&self) -> MfaMode {
        match self.mfa_configuration.as_str() {
            "ON" => MfaMode::Required,
            "OPTIONAL" => MfaMode::Optional,
            _ => MfaMode::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaMode {
    Off,
    Optional,
    Required,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    Seconds,
    Minutes,
    Hours,
    Days,
}

impl TimeUnit {
    pub fn seconds(self, amount: i64) -> i64 {
        amount.saturating_mul(match self {
            Self::Seconds => 1,
            Self::Minutes => 60,
            Self::Hours => 3_600,
            Self::Days => 86_400,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<TimeUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<TimeUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<TimeUnit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RefreshTokenRotation {
    /// `ENABLED` or `DISABLED`.
    pub feature: String,
    #[serde(default)]
    pub retry_grace_period_seconds: i64,
}

/// The settable part of an app client (CreateUserPoolClient / UpdateUserPoolClient members).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClientSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_session_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `UserPoolClientType`, as stored and as returned by DescribeUserPoolClient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AppClient {
    pub user_pool_id: String,
    pub client_name: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    pub creation_date: i64,
    pub last_modified_date: i64,
    #[serde(flatten)]
    pub settings: ClientSettings,
}

impl AppClient {
    pub fn access_token_ttl(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        let unit = units
            .and_then(|u| u.access_token)
            .unwrap_or(TimeUnit::Hours);
        unit.seconds(self.settings.access_token_validity.unwrap_or(1))
    }

    pub fn id_token_ttl(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        let unit = units.and_then(|u| u.id_token).unwrap_or(TimeUnit::Hours);
        unit.seconds(self.settings.id_token_validity.unwrap_or(1))
    }

    pub fn refresh_token_ttl(&self) -> i64 {
        let units = self.settings.token_validity_units.as_ref();
        let unit = units
            .and_then(|u| u.refresh_token)
            .unwrap_or(TimeUnit::Days);
        unit.seconds(self.settings.refresh_token_validity.unwrap_or(30))
    }

    /// Challenge sessions last `AuthSessionValidity` minutes (3 by default).
    pub fn auth_session_ttl(&self) -> i64 {
        self.settings
            .auth_session_validity
            .unwrap_or(3)
            .saturating_mul(60)
    }

    /// Whether `ALLOW_<flow>` (or its legacy spelling) is in ExplicitAuthFlows. A client
    /// created without ExplicitAuthFlows allows ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH
    /// and ALLOW_CUSTOM_AUTH (API Reference, CreateUserPoolClient, "ExplicitAuthFlows").
    pub fn allows_flow(&self, allow_flag: &str) -> bool {
        match self.settings.explicit_auth_flows.as_deref() {
            None => matches!(
                allow_flag,
                "ALLOW_REFRESH_TOKEN_AUTH" | "ALLOW_USER_SRP_AUTH" | "ALLOW_CUSTOM_AUTH"
            ),
            Some(flows) => flows
                .iter()
                .any(|flow| flow == allow_flag || legacy_flow_name(flow) == Some(allow_flag)),
        }
    }

    pub fn prevents_user_existence_errors(&self) -> bool {
        self.settings.prevent_user_existence_errors.as_deref() == Some("ENABLED")
    }

    /// The grace period if refresh token rotation is enabled.
    pub fn rotation_grace_secs(&self) -> Option<i64> {
        self.settings
            .refresh_token_rotation
            .as_ref()
            .filter(|rotation| rotation.feature == "ENABLED")
            .map(|rotation| rotation.retry_grace_period_seconds)
    }

    pub fn revocation_enabled(&self) -> bool {
        self.settings.enable_token_revocation.unwrap_or(true)
    }

    /// `ReadAttributes`. Unset (or empty), Cognito lets the client read the standard
    /// attributes, `email_verified` and `phone_number_verified` included, and no custom ones
    /// (UserPoolClientType.ReadAttributes, Amazon Cognito API Reference).
    pub fn can_read(&self, attribute: &str) -> bool {
        match self.settings.read_attributes.as_deref() {
            None | Some([]) => is_standard_attribute(attribute),
            Some(list) => list.iter().any(|a| a == attribute),
        }
    }

    /// `WriteAttributes`. Unset (or empty), Cognito lets the client write the standard
    /// attributes and no custom ones (UserPoolClientType.WriteAttributes, Amazon Cognito API
    /// Reference).
    pub fn can_write(&self, attribute: &str) -> bool {
        match self.settings.write_attributes.as_deref() {
            None | Some([]) => is_standard_attribute(attribute),
            Some(list) => list.iter().any(|a| a == attribute),
        }
    }
}

/// Standard attributes every pool has (OIDC claims plus Cognito's own).
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];

pub fn is_standard_attribute(name: &str) -> bool {
    STANDARD_ATTRIBUTES.contains(&name)
}

/// Maps pre-2019 flow names to their `ALLOW_*` equivalents.
fn legacy_flow_name(flow: &str) -> Option<&'static str> {
    match flow {
        "ADMIN_NO_SRP_AUTH" => Some("ALLOW_ADMIN_USER_PASSWORD_AUTH"),
        "USER_PASSWORD_AUTH" => Some("ALLOW_USER_PASSWORD_AUTH"),
        "CUSTOM_AUTH_FLOW_ONLY" => Some("ALLOW_CUSTOM_AUTH"),
        _ => None,
    }
}

/// `GroupType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Group {
    pub group_name: String,
    pub user_pool_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
    pub last_modified_date: i64,
    pub creation_date: i64,
}
