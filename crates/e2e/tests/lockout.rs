//! Cognito's lockout as the app shows it: after repeated wrong passwords the pool answers
//! `NotAuthorizedException: Password attempts exceeded` (Cognito Developer Guide, "Lockout
//! behavior for failed sign-in attempts": five failures, then a lock that starts at 1 s and
//! doubles up to about 15 minutes), and the sign-in page must say so in words a person
//! understands instead of "Incorrect username or password".

use std::time::{Duration, Instant};

use e2e::{CLIENT_ID, Harness, PoolControl, Result};
use serde_json::{Value, json};

const USERNAME: &str = "lockout-e2e";
const PASSWORD: &str = "Lockout-pass-1";

/// One USER_PASSWORD_AUTH attempt straight to the pool; returns the error message, if any.
async fn sign_in_attempt(http: &reqwest::Client, password: &str) -> Result<Option<String>> {
    let response = http
        .post(format!("{}/", PoolControl::default().url()))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header(
            "X-Amz-Target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        )
        .body(
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": CLIENT_ID,
                "AuthParameters": { "USERNAME": USERNAME, "PASSWORD": password },
            })
            .to_string(),
        )
        .send()
        .await?;
    if response.status().is_success() {
        return Ok(None);
    }
    let body: Value = serde_json::from_str(&response.text().await?)?;
    Ok(Some(
        body["message"].as_str().unwrap_or_default().to_owned(),
    ))
}

#[tokio::test]
async fn repeated_wrong_passwords_show_the_lockout_message() -> Result {
    let pool = PoolControl::default();
    pool.admin(
        "AdminCreateUser",
        json!({ "UserPoolId": e2e::POOL_ID, "Username": USERNAME, "MessageAction": "SUPPRESS" }),
    )
    .await?;
    pool.admin(
        "AdminSetUserPassword",
        json!({ "UserPoolId": e2e::POOL_ID, "Username": USERNAME, "Password": PASSWORD, "Permanent": true }),
    )
    .await?;

    // Count wrong passwords the pool actually held against the user (answers during a lock
    // do not count), until the eighth: its lock lasts 8 s, long enough for the browser step.
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut counted = 0;
    while counted < 8 {
        assert!(
            Instant::now() < deadline,
            "only {counted} failures counted in 30 s"
        );
        match sign_in_attempt(&http, "wrong-password-1").await?.as_deref() {
            Some("Incorrect username or password.") => counted += 1,
            Some("Password attempts exceeded") => {
                tokio::time::sleep(Duration::from_millis(200)).await
            }
            other => panic!("unexpected answer to a wrong password: {other:?}"),
        }
    }
    // The lock is on: even the right password is refused (proves the fault is real).
    assert_eq!(
        sign_in_attempt(&http, PASSWORD).await?.as_deref(),
        Some("Password attempts exceeded")
    );

    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.fill_and_submit(USERNAME, PASSWORD).await?;
            let message = h
                .wait_for_text("[role='alert'][aria-live]", "attempts", 10)
                .await?;
            assert!(
                message.contains("Too many failed sign-in attempts"),
                "{message}"
            );
            assert!(!message.contains("Incorrect username"), "{message}");
            assert_eq!(h.path().await?, "/sign-in");
            Ok(())
        })
        .await
}
