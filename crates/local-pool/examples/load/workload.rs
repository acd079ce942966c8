//! The load tool's mixed workload: USER_PASSWORD_AUTH sign-ins, refresh-token rotations,
//! AdminCreateUser, and ForgotPassword + ConfirmForgotPassword.
//!
//! Shared by the load tool (`examples/load.rs`, which measures it) and the kill -9 test
//! (`tests/crash_recovery.rs`, which kills the server under it). Each worker remembers every
//! write the server answered with 200, so that after any number of crashes it can check that
//! those writes are still there. A request that got no answer (connection refused or reset)
//! may or may not have been applied: the worker keeps both possibilities open ("in doubt")
//! and never counts such a write as acknowledged.
//!
//! The server must run with `--test-mode` (the reset code is read from `/_local/outbox`).

// The load tool and the test each use a different part of this module.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const POOL_ID: &str = "us-east-1_LocalPool";
/// Any SigV4 `Authorization` header is accepted locally; admin operations need one.
const ADMIN_AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00";

/// The kinds of work a worker does, in the order it cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SignIn,
    Rotation,
    CreateUser,
    PasswordReset,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::SignIn,
        Kind::Rotation,
        Kind::CreateUser,
        Kind::PasswordReset,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::SignIn => "USER_PASSWORD_AUTH",
            Kind::Rotation => "rotation (GetTokensFromRefreshToken)",
            Kind::CreateUser => "AdminCreateUser",
            Kind::PasswordReset => "ForgotPassword+ConfirmForgotPassword",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Why a call did not succeed.
#[derive(Debug, Clone)]
pub enum Failure {
    /// No connection (nothing listening): the request was never sent.
    NotSent(String),
    /// Sent, but no answer (reset, timed out): a write may or may not have been applied.
    NoAnswer(String),
    /// An answer other than 200.
    Refused {
        status: u16,
        error_type: String,
        message: String,
    },
}

impl Failure {
    fn is(&self, error_type: &str) -> bool {
        matches!(self, Failure::Refused { error_type: t, .. } if t == error_type)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotSent(reason) => write!(f, "not sent ({reason})"),
            Failure::NoAnswer(reason) => write!(f, "no answer ({reason})"),
            Failure::Refused {
                status,
                error_type,
                message,
            } => write!(f, "{status} {error_type}: {message}"),
        }
    }
}

impl std::error::Error for Failure {}

/// A local pool reached over HTTP.
#[derive(Debug, Clone)]
pub struct Endpoint {
    http: reqwest::Client,
    url: String,
}

impl Endpoint {
    pub fn new(url: &str) -> Self {
        let http = reqwest::Client::builder()
            // Bounded, so that a request to a server that was just killed cannot hang.
            .timeout(Duration::from_secs(10))
            .build()
            .expect("an HTTP client without TLS builds");
        Self {
            http,
            url: url.trim_end_matches('/').to_owned(),
        }
    }

    /// Calls a Cognito operation; admin operations get an `Authorization` header.
    pub async fn call(&self, operation: &str, body: Value) -> Result<Value, Failure> {
        let mut request = self
            .http
            .post(format!("{}/", self.url))
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .json(&body);
        if needs_credentials(operation) {
            request = request.header("authorization", ADMIN_AUTHORIZATION);
        }
        let response = request.send().await.map_err(no_answer)?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(no_answer)?;
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status == 200 {
            return Ok(body);
        }
        // `__type` may carry a namespace prefix (`…#NotAuthorizedException`).
        let error_type = body["__type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .trim_end_matches(':')
            .to_owned();
        Err(Failure::Refused {
            status,
            error_type,
            message: body["message"].as_str().unwrap_or(&text).to_owned(),
        })
    }

    /// The newest code of `kind` the pool "sent" to `username` (`/_local/outbox`).
    /// `username` goes into the query string as it is: the workload's names need no escaping.
    pub async fn latest_code(&self, username: &str, kind: &str) -> Result<String, Failure> {
        let response = self
            .http
            .get(format!("{}/_local/outbox?username={username}", self.url))
            .send()
            .await
            .map_err(no_answer)?;
        let status = response.status().as_u16();
        let body: Value = response.json().await.map_err(no_answer)?;
        let code = body["messages"]
            .as_array()
            .and_then(|messages| messages.iter().rev().find(|m| m["kind"] == kind))
            .and_then(|message| message["code"].as_str());
        match code {
            Some(code) if status == 200 => Ok(code.to_owned()),
            _ => Err(Failure::Refused {
                status,
                error_type: "NoCodeInOutbox".into(),
                message: format!("no {kind} code for {username} (is --test-mode on?)"),
            }),
        }
    }

    /// Creates an app client that rotates refresh tokens (no retry grace period, so a reused
    /// token is refused as soon as the clock moves on).
    pub async fn create_rotation_client(&self, name: &str) -> Result<String, Failure> {
        let created = self
            .call(
                "CreateUserPoolClient",
                json!({
                    "UserPoolId": POOL_ID,
                    "ClientName": name,
                    "GenerateSecret": false,
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                    "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 0 },
                }),
            )
            .await?;
        created["UserPoolClient"]["ClientId"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Failure::NoAnswer("CreateUserPoolClient returned no ClientId".into()))
    }

    /// AdminCreateUser (no message) with a verified e-mail, then a permanent password.
    async fn create_confirmed_user(&self, username: &str, password: &str) -> Result<(), Failure> {
        self.call("AdminCreateUser", create_user_body(username))
            .await?;
        self.call(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": POOL_ID,
                "Username": username,
                "Password": password,
                "Permanent": true,
            }),
        )
        .await?;
        Ok(())
    }
}

fn needs_credentials(operation: &str) -> bool {
    operation.starts_with("Admin")
        || ["CreateUserPoolClient", "UpdateUserPoolClient"].contains(&operation)
}

fn no_answer(err: reqwest::Error) -> Failure {
    // A connect error comes before any byte of the request was written.
    if err.is_connect() {
        Failure::NotSent(err.to_string())
    } else {
        Failure::NoAnswer(err.to_string())
    }
}

fn create_user_body(username: &str) -> Value {
    json!({
        "UserPoolId": POOL_ID,
        "Username": username,
        "TemporaryPassword": "Temp-pass-1",
        "MessageAction": "SUPPRESS",
        "UserAttributes": [
            { "Name": "email", "Value": format!("{username}@example.com") },
            { "Name": "email_verified", "Value": "true" },
        ],
    })
}

/// Counts and latencies for one kind of work.
#[derive(Debug, Clone, Default)]
pub struct KindFigures {
    /// Completed with 200 (for a password reset: ConfirmForgotPassword answered 200).
    pub ok: usize,
    /// Some request could not be sent (no server listening).
    pub not_sent: usize,
    /// Some request was sent and got no answer.
    pub no_answer: usize,
    /// Some request was answered with an error.
    pub refused: usize,
    pub latencies: Vec<Duration>,
}

/// A refresh-token chain: each rotation replaces the token.
#[derive(Debug, Clone, Default)]
struct Chain {
    /// The newest token the server handed out (with a 200).
    token: Option<String>,
    /// A rotation of `token` got no answer, so the server may have rotated it already.
    in_doubt: bool,
}

/// One concurrent client of the workload, with the writes it saw acknowledged.
#[derive(Debug)]
pub struct Worker {
    endpoint: Endpoint,
    client_id: String,
    prefix: String,
    /// Signs in (its password never changes) and owns the refresh-token chain.
    sign_in_user: (String, String),
    chain: Chain,
    /// Its password is changed by ForgotPassword + ConfirmForgotPassword.
    reset_user: String,
    /// The password set by the newest acknowledged change.
    reset_password: String,
    /// Passwords sent after that change that got no answer: any of them may be in force.
    reset_in_doubt: Vec<String>,
    next_user: usize,
    next_password: usize,
    step: usize,
    /// Users whose AdminCreateUser was answered 200.
    pub created_users: Vec<String>,
    pub created_in_doubt: usize,
    /// Rotations answered 200 (each issued a new refresh token).
    pub rotations_acknowledged: usize,
    /// Chains given up because their token was rotated by a request that got no answer.
    pub chains_ended_in_doubt: usize,
    pub passwords_changed: usize,
    pub figures: [KindFigures; 4],
    /// Acknowledged writes the server later showed it had lost.
    pub violations: Vec<String>,
}

impl Worker {
    /// Creates the worker's two users (each write is acknowledged before the worker starts).
    pub async fn prepare(
        endpoint: Endpoint,
        client_id: &str,
        prefix: &str,
    ) -> Result<Self, Failure> {
        let sign_in_user = (format!("{prefix}-signin"), "Signin-pass-1".to_owned());
        endpoint
            .create_confirmed_user(&sign_in_user.0, &sign_in_user.1)
            .await?;
        let reset_user = format!("{prefix}-reset");
        let reset_password = "Reset-pass-0".to_owned();
        endpoint
            .create_confirmed_user(&reset_user, &reset_password)
            .await?;
        Ok(Self {
            endpoint,
            client_id: client_id.to_owned(),
            prefix: prefix.to_owned(),
            sign_in_user,
            chain: Chain::default(),
            reset_user,
            reset_password,
            reset_in_doubt: Vec::new(),
            next_user: 0,
            next_password: 1,
            step: 0,
            created_users: Vec::new(),
            created_in_doubt: 0,
            rotations_acknowledged: 0,
            chains_ended_in_doubt: 0,
            passwords_changed: 0,
            figures: Default::default(),
            violations: Vec::new(),
        })
    }

    /// Does the next piece of work (kinds in turn) and returns what it did and how it went.
    pub async fn step(&mut self) -> (Kind, Result<(), Failure>) {
        let kind = Kind::ALL[self.step % Kind::ALL.len()];
        self.step += 1;
        let started = Instant::now();
        let outcome = match kind {
            Kind::SignIn => self.sign_in().await,
            Kind::Rotation => self.rotate().await,
            Kind::CreateUser => self.create_user().await,
            Kind::PasswordReset => self.reset_password().await,
        };
        let figures = &mut self.figures[kind.index()];
        match &outcome {
            Ok(()) => {
                figures.ok += 1;
                figures.latencies.push(started.elapsed());
            }
            Err(Failure::NotSent(_)) => figures.not_sent += 1,
            Err(Failure::NoAnswer(_)) => figures.no_answer += 1,
            Err(Failure::Refused { .. }) => figures.refused += 1,
        }
        (kind, outcome)
    }

    async fn sign_in(&mut self) -> Result<(), Failure> {
        let (username, password) = self.sign_in_user.clone();
        match self.password_auth(&username, &password).await {
            Ok(refresh_token) => {
                if self.chain.token.is_none() {
                    self.chain = Chain {
                        token: Some(refresh_token),
                        in_doubt: false,
                    };
                }
                Ok(())
            }
            Err(failure) => {
                if failure.is("NotAuthorizedException") || failure.is("UserNotFoundException") {
                    self.violations.push(format!(
                        "{username} (created and given its password with 200s) cannot sign in: {failure}"
                    ));
                }
                Err(failure)
            }
        }
    }

    /// USER_PASSWORD_AUTH; returns the refresh token.
    async fn password_auth(&self, username: &str, password: &str) -> Result<String, Failure> {
        let answer = self
            .endpoint
            .call(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": self.client_id,
                    "AuthParameters": { "USERNAME": username, "PASSWORD": password },
                }),
            )
            .await?;
        answer["AuthenticationResult"]["RefreshToken"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Failure::Refused {
                status: 200,
                error_type: "NoRefreshToken".into(),
                message: format!("sign-in of {username} answered {answer}"),
            })
    }

    async fn rotate(&mut self) -> Result<(), Failure> {
        let Some(token) = self.chain.token.clone() else {
            // No chain yet (or it ended): a sign-in starts one.
            return self.sign_in().await;
        };
        match self.redeem(&token).await {
            Ok(Some(new_token)) => {
                self.chain = Chain {
                    token: Some(new_token),
                    in_doubt: false,
                };
                self.rotations_acknowledged += 1;
                Ok(())
            }
            Ok(None) => {
                self.violations
                    .push("a rotation answered 200 without a new refresh token".into());
                self.chain = Chain::default();
                Ok(())
            }
            Err(failure @ Failure::NotSent(_)) => Err(failure),
            Err(failure @ Failure::NoAnswer(_)) => {
                self.chain.in_doubt = true;
                Err(failure)
            }
            Err(failure) if self.chain.in_doubt && failure.is("RefreshTokenReuseException") => {
                // Rotated by the request that got no answer: the chain legitimately ends.
                self.chains_ended_in_doubt += 1;
                self.chain = Chain::default();
                Err(failure)
            }
            Err(failure)
                if failure.is("NotAuthorizedException")
                    || failure.is("RefreshTokenReuseException") =>
            {
                self.violations.push(format!(
                    "the newest acknowledged refresh token of a chain no longer redeems: {failure}"
                ));
                self.chain = Chain::default();
                Err(failure)
            }
            // Anything else (a 500, say) may come after the rotation was committed.
            Err(failure) => {
                self.chain.in_doubt = true;
                Err(failure)
            }
        }
    }

    /// GetTokensFromRefreshToken; returns the new refresh token, if one came back.
    async fn redeem(&self, token: &str) -> Result<Option<String>, Failure> {
        let answer = self
            .endpoint
            .call(
                "GetTokensFromRefreshToken",
                json!({ "RefreshToken": token, "ClientId": self.client_id }),
            )
            .await?;
        Ok(answer["AuthenticationResult"]["RefreshToken"]
            .as_str()
            .map(str::to_owned))
    }

    async fn create_user(&mut self) -> Result<(), Failure> {
        let username = format!("{}-c{}", self.prefix, self.next_user);
        self.next_user += 1;
        match self
            .endpoint
            .call("AdminCreateUser", create_user_body(&username))
            .await
        {
            Ok(_) => {
                self.created_users.push(username);
                Ok(())
            }
            Err(failure @ Failure::NotSent(_)) => Err(failure),
            Err(failure) => {
                self.created_in_doubt += 1;
                Err(failure)
            }
        }
    }

    async fn reset_password(&mut self) -> Result<(), Failure> {
        let username = self.reset_user.clone();
        self.endpoint
            .call(
                "ForgotPassword",
                json!({ "ClientId": self.client_id, "Username": username }),
            )
            .await?;
        let code = self
            .endpoint
            .latest_code(&username, "FORGOT_PASSWORD")
            .await?;
        let password = format!("Reset-pass-{}", self.next_password);
        self.next_password += 1;
        let confirmed = self
            .endpoint
            .call(
                "ConfirmForgotPassword",
                json!({
                    "ClientId": self.client_id,
                    "Username": username,
                    "ConfirmationCode": code,
                    "Password": password,
                }),
            )
            .await;
        match confirmed {
            Ok(_) => {
                self.reset_password = password;
                self.reset_in_doubt.clear();
                self.passwords_changed += 1;
                Ok(())
            }
            // The code came from the outbox after ForgotPassword answered 200: losing it
            // means an acknowledged write is gone.
            Err(failure)
                if failure.is("CodeMismatchException") || failure.is("ExpiredCodeException") =>
            {
                self.violations.push(format!(
                    "the acknowledged reset code of {username} was refused: {failure}"
                ));
                Err(failure)
            }
            Err(failure @ Failure::NotSent(_)) => Err(failure),
            // No answer, or an error that may come after the commit: the new password may
            // or may not be in force.
            Err(failure) => {
                self.reset_in_doubt.push(password);
                Err(failure)
            }
        }
    }

    /// Whether the worker holds a refresh token that `verify` will redeem.
    pub fn has_chain(&self) -> bool {
        self.chain.token.is_some()
    }

    /// Checks that every acknowledged write is there; returns how many writes it verified.
    /// Findings go to `violations`. Run it once the workload has stopped.
    pub async fn verify(&mut self) -> usize {
        let mut verified = 0;
        for username in self.created_users.clone() {
            match self
                .endpoint
                .call(
                    "AdminGetUser",
                    json!({ "UserPoolId": POOL_ID, "Username": username }),
                )
                .await
            {
                Ok(_) => verified += 1,
                Err(failure) => self.violations.push(format!(
                    "{username} (AdminCreateUser answered 200) is missing: {failure}"
                )),
            }
        }
        // The reset user signs in with the password of the newest acknowledged change, or
        // with one sent after it that got no answer.
        let mut candidates = vec![self.reset_password.clone()];
        candidates.extend(self.reset_in_doubt.iter().rev().cloned());
        let mut signed_in = false;
        for password in &candidates {
            if self.password_auth(&self.reset_user, password).await.is_ok() {
                signed_in = true;
                break;
            }
        }
        if signed_in {
            verified += 1;
        } else {
            self.violations.push(format!(
                "{} signs in with none of {} possible passwords (last acknowledged: {})",
                self.reset_user,
                candidates.len(),
                self.reset_password
            ));
        }
        if let Some(token) = self.chain.token.clone() {
            match self.redeem(&token).await {
                Ok(_) => verified += 1,
                // Rotated by a request that got no answer: legitimately gone.
                Err(failure) if self.chain.in_doubt && failure.is("RefreshTokenReuseException") => {
                    verified += 1
                }
                Err(failure) => self.violations.push(format!(
                    "the newest acknowledged refresh token of a chain no longer redeems: {failure}"
                )),
            }
        }
        verified
    }
}

/// Sums the workers' figures per kind.
pub fn total_figures(workers: &[Worker]) -> [KindFigures; 4] {
    let mut total: [KindFigures; 4] = Default::default();
    for worker in workers {
        for (sum, figures) in total.iter_mut().zip(&worker.figures) {
            sum.ok += figures.ok;
            sum.no_answer += figures.no_answer;
            sum.not_sent += figures.not_sent;
            sum.refused += figures.refused;
            sum.latencies.extend(&figures.latencies);
        }
    }
    total
}

/// Milliseconds at percentile `p` (0..=1) of `latencies`.
pub fn percentile_ms(latencies: &[Duration], p: f64) -> f64 {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    sorted
        .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}
