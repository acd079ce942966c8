//! The event JSON Cognito sends each trigger, and what the pool reads back from the response.
//!
//! Shapes: Amazon Cognito Developer Guide, "Customizing user pool workflows with Lambda
//! triggers" (common parameters: version, triggerSource, region, userPoolId, userName,
//! callerContext {awsSdkVersion, clientId}, request, response) and each trigger's page
//! ("Pre sign-up Lambda trigger", "Post confirmation …", "Pre authentication …", "Post
//! authentication …", "Pre token generation Lambda trigger" (V2_0 event, version "2"),
//! "Custom message Lambda trigger").

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{MessageSource, TriggerSubject};
use crate::model::Attributes;
use crate::protocol::ApiError;

/// The `awsSdkVersion` Cognito reports for a request whose SDK it does not know.
const SDK_VERSION: &str = "aws-sdk-unknown-unknown";

/// Cognito's code placeholder in a custom message.
pub const CODE_PARAMETER: &str = "{####}";
/// Cognito's username placeholder in an AdminCreateUser invitation.
pub const USERNAME_PARAMETER: &str = "{username}";

/// What the pool takes from a PreSignUp response.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PreSignUpReply {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// A CustomMessage response with the placeholders replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomMessageReply {
    pub email_subject: Option<String>,
    pub email_message: Option<String>,
    pub sms_message: Option<String>,
}

/// One entry of a custom authentication `session` history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResult {
    pub challenge_name: String,
    pub challenge_result: bool,
    pub challenge_metadata: Option<String>,
}

/// What DefineAuthChallenge answered (absent members read as false / null, as Lambda
/// functions often leave them out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefineChallengeReply {
    pub challenge_name: Option<String>,
    pub issue_tokens: bool,
    pub fail_authentication: bool,
}

/// What CreateAuthChallenge answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateChallengeReply {
    pub public_parameters: BTreeMap<String, String>,
    pub private_parameters: BTreeMap<String, String>,
    pub metadata: Option<String>,
}

/// Why tokens are issued (the `TokenGeneration_*` source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    Authentication,
    NewPasswordChallenge,
    RefreshTokens,
}

impl TokenSource {
    fn trigger_source(self) -> &'static str {
        match self {
            Self::Authentication => "TokenGeneration_Authentication",
            Self::NewPasswordChallenge => "TokenGeneration_NewPasswordChallenge",
            Self::RefreshTokens => "TokenGeneration_RefreshTokens",
        }
    }
}

/// `us-east-1_AbC` is in region `us-east-1`.
fn region(pool_id: &str) -> &str {
    pool_id
        .split_once('_')
        .map_or(pool_id, |(region, _)| region)
}

fn user_attributes(tc: &TriggerSubject<'_>) -> Value {
    Value::Object(
        tc.attributes
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

fn metadata(client_metadata: Option<&BTreeMap<String, String>>) -> Value {
    json!(client_metadata.cloned().unwrap_or_default())
}

/// The common envelope with `request` and `response`.
fn envelope(
    tc: &TriggerSubject<'_>,
    version: &str,
    source: &str,
    request: Map<String, Value>,
    response: Value,
) -> Value {
    json!({
        "version": version,
        "region": region(tc.pool_id),
        "userPoolId": tc.pool_id,
        "userName": tc.username,
        "callerContext": {
            "awsSdkVersion": SDK_VERSION,
            "clientId": tc.client_id.unwrap_or("CLIENT_ID_NOT_APPLICABLE"),
        },
        "triggerSource": source,
        "request": request,
        "response": response,
    })
}

/// An event whose request is userAttributes + clientMetadata (+ what `extra` adds) and whose
/// response is empty.
pub fn simple(
    tc: &TriggerSubject<'_>,
    source: &str,
    client_metadata: Option<&BTreeMap<String, String>>,
    extra: impl FnOnce(&mut Map<String, Value>),
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert("clientMetadata".into(), metadata(client_metadata));
    extra(&mut request);
    envelope(tc, "1", source, request, json!({}))
}

pub fn pre_sign_up(
    tc: &TriggerSubject<'_>,
    source: &str,
    client_metadata: Option<&BTreeMap<String, String>>,
    validation_data: &Attributes,
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert("validationData".into(), json!(validation_data));
    request.insert("clientMetadata".into(), metadata(client_metadata));
    envelope(
        tc,
        "1",
        source,
        request,
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}),
    )
}

pub fn read_pre_sign_up(reply: &Value) -> PreSignUpReply {
    let flag = |name: &str| reply["response"][name].as_bool().unwrap_or(false);
    PreSignUpReply {
        auto_confirm_user: flag("autoConfirmUser"),
        auto_verify_email: flag("autoVerifyEmail"),
        auto_verify_phone: flag("autoVerifyPhone"),
    }
}

pub fn pre_token_generation(
    tc: &TriggerSubject<'_>,
    source: TokenSource,
    groups: &[String],
    client_metadata: Option<&BTreeMap<String, String>>,
    access_claims: &Map<String, Value>,
) -> Value {
    let scopes: Vec<&str> = access_claims
        .get("scope")
        .and_then(Value::as_str)
        .map(|s| s.split(' ').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert(
        "groupConfiguration".into(),
        json!({"groupsToOverride": groups, "iamRolesToOverride": [], "preferredRole": null}),
    );
    request.insert("scopes".into(), json!(scopes));
    request.insert("clientMetadata".into(), metadata(client_metadata));
    envelope(
        tc,
        "2",
        source.trigger_source(),
        request,
        json!({"claimsAndScopeOverrideDetails": null}),
    )
}

/// Claims a trigger may not set ("Pre token generation Lambda trigger": Cognito refuses to
/// let the function change these; it ignores them).
const RESERVED_CLAIMS: [&str; 12] = [
    "acr",
    "amr",
    "at_hash",
    "auth_time",
    "azp",
    "exp",
    "iat",
    "identities",
    "iss",
    "nonce",
    "sub",
    "token_use",
];

fn apply_generation(section: &Value, claims: &mut Map<String, Value>) {
    if let Some(add) = section["claimsToAddOrOverride"].as_object() {
        for (name, value) in add {
            if !RESERVED_CLAIMS.contains(&name.as_str()) && !name.starts_with("cognito:") {
                claims.insert(name.clone(), value.clone());
            }
        }
    }
    if let Some(suppress) = section["claimsToSuppress"].as_array() {
        for name in suppress.iter().filter_map(Value::as_str) {
            if !RESERVED_CLAIMS.contains(&name) {
                claims.remove(name);
            }
        }
    }
}

/// Applies `claimsAndScopeOverrideDetails` of a V2_0 response.
pub fn apply_token_overrides(
    reply: &Value,
    id_claims: &mut Map<String, Value>,
    access_claims: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let details = &reply["response"]["claimsAndScopeOverrideDetails"];
    if details.is_null() {
        return Ok(());
    }
    apply_generation(&details["idTokenGeneration"], id_claims);
    let access = &details["accessTokenGeneration"];
    apply_generation(access, access_claims);
    let mut scopes: Vec<String> = access_claims
        .get("scope")
        .and_then(Value::as_str)
        .map(|s| s.split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    if let Some(add) = access["scopesToAdd"].as_array() {
        for scope in add.iter().filter_map(Value::as_str) {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
    }
    if let Some(suppress) = access["scopesToSuppress"].as_array() {
        let suppress: Vec<&str> = suppress.iter().filter_map(Value::as_str).collect();
        scopes.retain(|s| !suppress.contains(&s.as_str()));
    }
    scopes.retain(|s| !s.is_empty());
    access_claims.insert("scope".into(), json!(scopes.join(" ")));
    if let Some(groups) = details["groupOverrideDetails"]["groupsToOverride"].as_array() {
        let groups: Vec<Value> = groups.iter().filter(|g| g.is_string()).cloned().collect();
        for claims in [&mut *id_claims, &mut *access_claims] {
            if groups.is_empty() {
                claims.remove("cognito:groups");
            } else {
                claims.insert("cognito:groups".into(), Value::Array(groups.clone()));
            }
        }
    }
    Ok(())
}

pub fn custom_message(
    tc: &TriggerSubject<'_>,
    source: MessageSource,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert("codeParameter".into(), json!(CODE_PARAMETER));
    request.insert(
        "usernameParameter".into(),
        if source == MessageSource::AdminCreateUser {
            json!(USERNAME_PARAMETER)
        } else {
            Value::Null
        },
    );
    request.insert("clientMetadata".into(), metadata(client_metadata));
    envelope(
        tc,
        "1",
        source.trigger_source(),
        request,
        json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
    )
}

/// Reads a CustomMessage response. A message that lacks the code placeholder is refused as
/// Cognito refuses it (the code would never reach the person).
pub fn read_custom_message(
    reply: &Value,
    code: &str,
    source: MessageSource,
) -> Result<CustomMessageReply, ApiError> {
    let username = reply["userName"].as_str().unwrap_or_default();
    let field = |name: &str| -> Result<Option<String>, ApiError> {
        let Some(text) = reply["response"][name].as_str() else {
            return Ok(None);
        };
        if name != "emailSubject" && !text.contains(CODE_PARAMETER) {
            return Err(ApiError::new(
                "InvalidLambdaResponseException",
                format!(
                    "CustomMessage: {name} does not contain the code parameter {CODE_PARAMETER}"
                ),
            ));
        }
        let mut text = text.replace(CODE_PARAMETER, code);
        if source == MessageSource::AdminCreateUser {
            text = text.replace(USERNAME_PARAMETER, username);
        }
        Ok(Some(text))
    };
    Ok(CustomMessageReply {
        email_subject: field("emailSubject")?,
        email_message: field("emailMessage")?,
        sms_message: field("smsMessage")?,
    })
}

// ---- custom authentication -------------------------------------------------------------------
// Shapes: Developer Guide, "Define Auth challenge Lambda trigger", "Create Auth challenge
// Lambda trigger", "Verify Auth challenge response Lambda trigger".

/// `ClientMetadata` of a request as trigger input (`{}` when the request had none).
pub fn request_metadata(client_metadata: Option<&BTreeMap<String, String>>) -> Value {
    metadata(client_metadata)
}

fn history_json(history: &[ChallengeResult]) -> Value {
    json!(history)
}

pub fn define_auth_challenge(
    tc: &TriggerSubject<'_>,
    history: &[ChallengeResult],
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert("session".into(), history_json(history));
    request.insert("clientMetadata".into(), request_metadata(client_metadata));
    request.insert("userNotFound".into(), json!(user_not_found));
    envelope(
        tc,
        "1",
        "DefineAuthChallenge_Authentication",
        request,
        json!({"challengeName": null, "issueTokens": false, "failAuthentication": false}),
    )
}

pub fn read_define_auth_challenge(reply: &Value) -> DefineChallengeReply {
    let response = &reply["response"];
    DefineChallengeReply {
        challenge_name: response["challengeName"]
            .as_str()
            .filter(|name| !name.is_empty())
            .map(str::to_owned),
        issue_tokens: response["issueTokens"].as_bool().unwrap_or(false),
        fail_authentication: response["failAuthentication"].as_bool().unwrap_or(false),
    }
}

pub fn create_auth_challenge(
    tc: &TriggerSubject<'_>,
    challenge_name: &str,
    history: &[ChallengeResult],
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert("challengeName".into(), json!(challenge_name));
    request.insert("session".into(), history_json(history));
    request.insert("clientMetadata".into(), request_metadata(client_metadata));
    request.insert("userNotFound".into(), json!(user_not_found));
    envelope(
        tc,
        "1",
        "CreateAuthChallenge_Authentication",
        request,
        json!({
            "publicChallengeParameters": {},
            "privateChallengeParameters": {},
            "challengeMetadata": null,
        }),
    )
}

/// Reads a CreateAuthChallenge response: the parameter maps must map strings to strings
/// (ChallengeParameters is a string map in the API).
pub fn read_create_auth_challenge(reply: &Value) -> Result<CreateChallengeReply, ApiError> {
    let response = &reply["response"];
    let map = |name: &str| -> Result<BTreeMap<String, String>, ApiError> {
        match &response[name] {
            Value::Null => Ok(BTreeMap::new()),
            Value::Object(members) => members
                .iter()
                .map(|(key, value)| match value {
                    Value::String(text) => Ok((key.clone(), text.clone())),
                    _ => Err(unrecognizable_output()),
                })
                .collect(),
            _ => Err(unrecognizable_output()),
        }
    };
    Ok(CreateChallengeReply {
        public_parameters: map("publicChallengeParameters")?,
        private_parameters: map("privateChallengeParameters")?,
        metadata: response["challengeMetadata"].as_str().map(str::to_owned),
    })
}

/// Cognito's answer to a trigger response it cannot read (see `invoke`).
pub fn unrecognizable_output() -> ApiError {
    ApiError::new(
        "InvalidLambdaResponseException",
        "Unrecognizable lambda output",
    )
}

pub fn verify_auth_challenge(
    tc: &TriggerSubject<'_>,
    private_parameters: &BTreeMap<String, String>,
    answer: &str,
    user_not_found: bool,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Value {
    let mut request = Map::new();
    request.insert("userAttributes".into(), user_attributes(tc));
    request.insert(
        "privateChallengeParameters".into(),
        json!(private_parameters),
    );
    request.insert("challengeAnswer".into(), json!(answer));
    request.insert("clientMetadata".into(), request_metadata(client_metadata));
    request.insert("userNotFound".into(), json!(user_not_found));
    envelope(
        tc,
        "1",
        "VerifyAuthChallengeResponse_Authentication",
        request,
        json!({"answerCorrect": false}),
    )
}
