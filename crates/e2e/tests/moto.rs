//! Sign-in, refresh and sign-out against moto's Cognito server instead of the local pool: the
//! app works with any Cognito-compatible endpoint. `scripts/test` starts `moto_server`, fills it
//! with `scripts/moto-pool` and runs this file with `--ignored`, passing the pool's
//! `config.json` in `POOLGATE_MOTO_CONFIG` and a release build whose CSP names moto's origin in
//! `POOLGATE_DIST`.
//!
//! moto 5.2.5 (checked by hand, see scripts/moto-pool): tokens carry AWS's issuer, the
//! discovery document names it and jwks.json serves the key, both with CORS; it ignores token
//! validity settings (tokens last an hour), so the refresh here is brought about by making the
//! stored session look an hour old, which is what a reload after a long sleep does.

use e2e::{Harness, Result};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const USERNAME: &str = "motouser";
const PASSWORD: &str = "Moto-pass-12";

fn moto_config() -> Result<String> {
    std::env::var("POOLGATE_MOTO_CONFIG")
        .map_err(|_| "POOLGATE_MOTO_CONFIG is not set: run this through scripts/test".into())
}

/// Rewrites the stored session's clock offset so its tokens look expired to the app (moto's
/// tokens last an hour, and it ignores shorter validity settings).
async fn age_stored_session(h: &Harness, client_id: &str, secs: i64) -> Result {
    let mut stored = h.stored_session().await?.ok_or("nothing stored")?;
    stored["skew"] = Value::from(secs);
    h.browser
        .execute(
            "localStorage.setItem(arguments[0], arguments[1]); return null;",
            vec![
                Value::from(format!("poolgate.session.{client_id}")),
                Value::from(stored.to_string()),
            ],
        )
        .await?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs moto: scripts/test runs it with --ignored"]
async fn sign_in_refresh_and_sign_out_against_moto() -> Result {
    let config = moto_config()?;
    let client_id = serde_json::from_str::<Value>(&config)?["clientId"]
        .as_str()
        .ok_or("no clientId")?
        .to_owned();
    Harness::builder()
        .config(&config)
        .run(async |h| {
            // Sign-in: the tokens validate (signature against moto's JWKS, AWS's issuer).
            h.open("/sign-in?next=%2Fprofile").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.sign_in(USERNAME, PASSWORD).await?;
            h.wait_for_heading("Your profile", 10).await?;
            assert!(h.text_of("nav.site-nav").await?.contains(USERNAME));
            let first = h.stored_session().await?.ok_or("nothing stored")?;

            // Refresh: a reload finds the access token expired and renews it with
            // REFRESH_TOKEN_AUTH before showing the page; no sign-in form on the way.
            age_stored_session(h, &client_id, 2 * 3600).await?;
            h.open("/profile").await?;
            let deadline = Instant::now() + Duration::from_secs(15);
            loop {
                let now = h.stored_session().await?.ok_or("storage cleared")?;
                if now["access_token"] != first["access_token"] {
                    assert_eq!(
                        now["refresh_token"], first["refresh_token"],
                        "REFRESH_TOKEN_AUTH keeps the refresh token"
                    );
                    break;
                }
                assert!(Instant::now() < deadline, "the session was never renewed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            h.wait_for_heading("Your profile", 10).await?;
            assert!(h.text_of("nav.site-nav").await?.contains(USERNAME));

            h.assert_no_console_errors().await?;

            // Sign-out: back to the sign-in page, storage cleared.
            h.click("nav.site-nav button.sign-out").await?;
            h.wait_for_heading("Sign in", 10).await?;
            assert_eq!(h.stored_session().await?, None, "storage cleared");
            // moto 5.2.5 has no RevokeToken: it answers HTTP 500 (NotImplementedError) without CORS
            // headers, so the app's best-effort revocation fails in the console. Only that request
            // may fail; when moto implements it, this check says so.
            let endpoint = serde_json::from_str::<Value>(&config)?["endpoint"]
                .as_str()
                .ok_or("no endpoint")?
                .to_owned();
            let revoke = reqwest::Client::new()
                .post(&endpoint)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header(
                    "X-Amz-Target",
                    "AWSCognitoIdentityProviderService.RevokeToken",
                )
                .body(json!({ "Token": "x", "ClientId": client_id }).to_string())
                .send()
                .await?;
            assert_eq!(
                revoke.status().as_u16(),
                500,
                "moto answers RevokeToken now: drop the allowance below"
            );
            for error in h.console_errors().await? {
                assert!(
                    error.contains(&endpoint)
                        && (error.contains("CORS policy")
                            || error.contains("Failed to load resource")),
                    "an unexpected console error: {error}"
                );
            }
            Ok(())
        })
        .await
}
