//! Shared test harness: an in-process server per test, SDK clients, token verification
//! against the served JWKS, and helpers for the `/_local` endpoints.

use aws_sdk_cognitoidentityprovider as cip;
use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput;
use aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::{
    AdminInitiateAuthError, AdminInitiateAuthOutput,
};
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::{
    InitiateAuthError, InitiateAuthOutput,
};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthFlowType, AuthenticationResultType,
};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, jwk::JwkSet};
use local_pool::{Config, RunningServer};
use serde_json::{Value, json};

pub const POOL_ID: &str = "us-east-1_LocalPool";
pub const CLIENT_ID: &str = "localpoolgateappclient0001";

pub fn seed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dev/pool.toml")
}

/// A seeded, in-memory, test-mode server and clients for it.
pub struct Harness {
    pub server: RunningServer,
    pub cognito: cip::Client,
    pub http: reqwest::Client,
}

impl Harness {
    pub async fn start() -> Self {
        Self::with_config(Config {
            seed: Some(seed_path()),
            ..Config::for_tests()
        })
        .await
    }

    pub async fn with_config(config: Config) -> Self {
        Self::from_server(local_pool::serve(config).await.expect("server starts"))
    }

    pub fn from_server(server: RunningServer) -> Self {
        let cognito = sdk_client(&server.url());
        Self {
            server,
            cognito,
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Signs in with USER_PASSWORD_AUTH on the seeded client; panics unless tokens come back.
    pub async fn sign_in(&self, username: &str, password: &str) -> AuthenticationResultType {
        self.sign_in_with(CLIENT_ID, username, password).await
    }

    pub async fn sign_in_with(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> AuthenticationResultType {
        let out = self
            .password_auth(client_id, username, password)
            .await
            .expect("sign-in succeeds");
        out.authentication_result.expect("tokens, not a challenge")
    }

    /// InitiateAuth with USER_PASSWORD_AUTH, for tests that expect a challenge or an error.
    pub async fn password_auth(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<InitiateAuthOutput, SdkError<InitiateAuthError>> {
        self.cognito
            .initiate_auth()
            .client_id(client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
    }

    /// AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH in the seeded pool.
    pub async fn admin_password_auth(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<AdminInitiateAuthOutput, SdkError<AdminInitiateAuthError>> {
        self.cognito
            .admin_initiate_auth()
            .user_pool_id(POOL_ID)
            .client_id(client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
    }

    /// AdminGetUser in the seeded pool; panics if the user does not exist.
    pub async fn admin_get_user(&self, username: &str) -> AdminGetUserOutput {
        self.cognito
            .admin_get_user()
            .user_pool_id(POOL_ID)
            .username(username)
            .send()
            .await
            .expect("admin get user")
    }

    /// GETs `url` and parses the JSON body.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> T {
        self.http
            .get(url)
            .send()
            .await
            .expect("GET request")
            .json()
            .await
            .expect("JSON body")
    }

    /// Moves the server clock forward through the HTTP test control.
    pub async fn advance_clock(&self, secs: i64) {
        let response = self
            .http
            .post(format!("{}/_local/clock", self.url()))
            .json(&json!({ "advance_secs": secs }))
            .send()
            .await
            .expect("clock request");
        assert!(response.status().is_success());
    }

    /// The most recent outbox code of `kind` for `username`.
    pub async fn latest_code(&self, username: &str, kind: &str) -> String {
        let body: Value = self
            .get_json(&format!("{}/_local/outbox?username={username}", self.url()))
            .await;
        body["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .rev()
            .find(|m| m["kind"] == kind)
            .and_then(|m| m["code"].as_str())
            .unwrap_or_else(|| panic!("no {kind} message for {username}: {body}"))
            .to_owned()
    }

    /// Sends a raw JSON 1.1 request; returns status, headers and JSON body.
    pub async fn raw(&self, operation: &str, body: &str, signed: bool) -> RawResponse {
        let mut request = self
            .http
            .post(self.url())
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .body(body.to_owned());
        if signed {
            request = request.header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00",
            );
        }
        let response = request.send().await.expect("raw request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        RawResponse {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    /// Creates a confirmed user with email in the seeded pool.
    pub async fn create_confirmed_user(&self, username: &str, password: &str) {
        self.cognito
            .admin_create_user()
            .user_pool_id(POOL_ID)
            .username(username)
            .user_attributes(attr("email", &format!("{username}@example.com")))
            .user_attributes(attr("email_verified", "true"))
            .message_action(cip::types::MessageActionType::Suppress)
            .send()
            .await
            .expect("user created");
        self.cognito
            .admin_set_user_password()
            .user_pool_id(POOL_ID)
            .username(username)
            .password(password)
            .permanent(true)
            .send()
            .await
            .expect("password set");
    }

    /// A client of the seeded pool for server-side sign-in: ADMIN_USER_PASSWORD_AUTH and
    /// REFRESH_TOKEN_AUTH, no secret. (The seed's public client, like the template's, does not
    /// allow the admin flow, and its server client has a secret.)
    pub async fn admin_flow_client(&self) -> String {
        self.create_client(|request| {
            request
                .explicit_auth_flows(cip::types::ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
                .explicit_auth_flows(cip::types::ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        })
        .await
    }

    /// Creates an app client in the seeded pool with `configure` applied to the request.
    pub async fn create_client(
        &self,
        configure: impl FnOnce(
            cip::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder,
        ) -> cip::operation::create_user_pool_client::builders::CreateUserPoolClientFluentBuilder,
    ) -> String {
        let request = self
            .cognito
            .create_user_pool_client()
            .user_pool_id(POOL_ID)
            .client_name("test-client");
        let out = configure(request).send().await.expect("client created");
        out.user_pool_client
            .and_then(|c| c.client_id)
            .expect("client id")
    }
}

pub struct RawResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl RawResponse {
    pub fn error_type(&self) -> &str {
        self.body["__type"].as_str().unwrap_or_default()
    }
}

pub fn sdk_client(endpoint: &str) -> cip::Client {
    let config = cip::Config::builder()
        .behavior_version(cip::config::BehaviorVersion::latest())
        .region(cip::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(cip::config::Credentials::new(
            "AKIDLOCAL",
            "local-secret",
            None,
            None,
            "local-pool-tests",
        ))
        .build();
    cip::Client::from_conf(config)
}

pub fn attr(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("attribute")
}

/// `(code, message)` of a failed SDK call.
pub fn error_of<T: std::fmt::Debug, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, E>,
) -> (String, String) {
    let err = result.expect_err("the call should fail");
    (
        err.code().unwrap_or_default().to_owned(),
        err.message().unwrap_or_default().to_owned(),
    )
}

/// Verifies a token against the JWKS served over HTTP: signature, iss, exp, token_use and
/// audience (`aud` for ID tokens, `client_id` for access tokens). Returns the claims.
pub async fn verify_token(
    harness: &Harness,
    token: &str,
    token_use: &str,
    client_id: &str,
) -> Value {
    let issuer = format!("{}/{POOL_ID}", harness.server.endpoint);
    let jwks: JwkSet = harness
        .get_json(&format!("{issuer}/.well-known/jwks.json"))
        .await;
    let header = jsonwebtoken::decode_header(token).expect("jwt header");
    assert_eq!(header.alg, Algorithm::RS256);
    let jwk = jwks
        .find(header.kid.as_deref().expect("kid"))
        .expect("kid in JWKS");
    let key = DecodingKey::from_jwk(jwk).expect("decoding key");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[&issuer]);
    validation.leeway = 0;
    if token_use == "id" {
        validation.set_audience(&[client_id]);
    } else {
        validation.validate_aud = false;
    }
    let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
        .expect("token verifies against the JWKS")
        .claims;
    assert_eq!(claims["token_use"], token_use);
    if token_use == "access" {
        assert_eq!(claims["client_id"], client_id);
    }
    claims
}
