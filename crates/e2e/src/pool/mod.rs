//! The client of the local pool, as the tests use it: Cognito's own API (admin calls and an
//! app's public calls) and the pool's `/_local` test controls (`controls.rs`: statistics,
//! faults, outbox, clock), plus app clients with short-lived tokens (`short_lived.rs`).
//!
//! The pool itself is started by `scripts/test` (in memory, test mode) on port 9229, the
//! endpoint the committed `config.json` and the page's CSP name.

mod controls;
mod short_lived;

pub use short_lived::{LIFETIME, short_lived_client_config, short_lived_rotating_client_config};

use crate::error::Result;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Where the local pool listens during the tests.
pub const POOL_URL: &str = "http://127.0.0.1:9229";

/// The seeded pool and app client (dev/pool.toml, public/config.json).
pub const POOL_ID: &str = "us-east-1_LocalPool";
pub const CLIENT_ID: &str = "localpoolgateappclient0001";

/// [`POOL_URL`], or `$POOLGATE_POOL_URL` for a pool on another port (with a `dist/` whose
/// `config.json` and CSP name it).
pub fn pool_url() -> String {
    std::env::var("POOLGATE_POOL_URL").unwrap_or_else(|_| POOL_URL.to_owned())
}

/// The app client a `config.json` text names.
pub fn client_id_of(config: &str) -> Result<String> {
    let config: Value = serde_json::from_str(config)?;
    Ok(config["clientId"]
        .as_str()
        .ok_or("no clientId in config")?
        .to_owned())
}

/// The local pool at [`pool_url`]. Tests share it and never reset it.
pub struct PoolControl {
    http: reqwest::Client,
    base: String,
}

impl Default for PoolControl {
    fn default() -> Self {
        Self {
            http: reqwest::Client::new(),
            base: pool_url(),
        }
    }
}

/// The local pool wants a SigV4 `Authorization` header on admin calls but, as with dummy SDK
/// credentials, any one does.
const ANY_SIGNATURE: &str = "AWS4-HMAC-SHA256 \
     Credential=test/20260101/us-east-1/cognito-idp/aws4_request, \
     SignedHeaders=host, Signature=0";

impl PoolControl {
    /// The pool's base URL, without a trailing slash.
    pub fn url(&self) -> &str {
        self.base.trim_end_matches('/')
    }

    /// Calls a Cognito admin operation (AdminCreateUser, CreateUserPoolClient, ...); returns
    /// the answer's JSON or the error body as the error.
    pub async fn admin(&self, operation: &str, body: Value) -> Result<Value> {
        let request = self
            .cognito(operation, body)
            .header("Authorization", ANY_SIGNATURE);
        answer(operation, request).await
    }

    /// Calls a public Cognito operation (SignUp, ForgotPassword, ...) as an app would, without
    /// credentials; returns the answer's JSON or the error body as the error.
    pub async fn public(&self, operation: &str, body: Value) -> Result<Value> {
        answer(operation, self.cognito(operation, body)).await
    }

    /// A request for one operation of Cognito's JSON 1.1 protocol.
    fn cognito(&self, operation: &str, body: Value) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/", self.base))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .body(body.to_string())
    }

    /// Creates a confirmed user with a verified e-mail and a permanent password (admin API).
    pub async fn create_confirmed_user(&self, username: &str, password: &str) -> Result {
        self.admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": POOL_ID,
                "Username": username,
                "TemporaryPassword": "Temporary-pass-1",
                "MessageAction": "SUPPRESS",
                "UserAttributes": [
                    {"Name": "email", "Value": format!("{username}@example.com")},
                    {"Name": "email_verified", "Value": "true"}
                ]
            }),
        )
        .await?;
        self.admin(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": POOL_ID,
                "Username": username,
                "Password": password,
                "Permanent": true
            }),
        )
        .await?;
        Ok(())
    }

    /// Polls `condition` every 100 ms until it holds or `secs` pass.
    pub async fn wait_until(
        &self,
        what: &str,
        secs: u64,
        mut condition: impl AsyncFnMut(&Self) -> Result<bool>,
    ) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if condition(self).await? {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{what}: not within {secs} s").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Sends a Cognito request; the answer's JSON, or the status and body as the error.
async fn answer(operation: &str, request: reqwest::RequestBuilder) -> Result<Value> {
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        return Err(format!("{operation}: HTTP {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}
