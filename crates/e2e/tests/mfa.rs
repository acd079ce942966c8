//! Two-step verification with the release build against the local pool: TOTP set up from the
//! profile (the code computed here from the key the page shows), then asked for at sign-in,
//! then turned off; EMAIL_OTP and SMS_MFA codes from the outbox; SELECT_MFA_TYPE when two
//! factors are on and none is preferred; MFA_SETUP in a pool that requires MFA. Every step is
//! audited with axe-core. Each test makes its own user (and the last its own pool).
//!
//! Cognito's behaviour relied on (Cognito Identity Provider API Reference and the developer
//! guide's "Adding MFA to a user pool"): AssociateSoftwareToken answers a base32 `SecretCode`;
//! VerifySoftwareToken with a current code registers it; SetUserMFAPreference turns a factor on
//! or off; with MfaConfiguration OPTIONAL, sign-in asks for the one enabled factor's code
//! (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP), and for SELECT_MFA_TYPE with `MFAS_CAN_CHOOSE`
//! (a JSON array) when several are enabled and none preferred, answered with `ANSWER`; with
//! MfaConfiguration ON and no factor, sign-in answers MFA_SETUP, and AssociateSoftwareToken /
//! VerifySoftwareToken take and return the challenge `Session` before RespondToAuthChallenge.
//! EMAIL_OTP needs the Essentials tier and SES on AWS; the local pool always offers it.

use e2e::mfa::MfaRequiredPool;
use e2e::{Harness, POOL_ID, PoolControl, Result, new_username};
use serde_json::json;

/// Submits the credentials and waits for the code step.
async fn reach_code_step(h: &Harness, username: &str, password: &str, hint: &str) -> Result {
    h.open("/sign-in").await?;
    h.wait_for_heading("Sign in", 10).await?;
    h.fill_and_submit(username, password).await?;
    h.wait_for_heading("Verification code", 10).await?;
    h.wait_for_text("main .lead", hint, 10).await?;
    h.wait_for_focus("main h1").await?;
    Ok(())
}

/// Types `code` into the code step and waits until the app has left the sign-in page.
async fn enter_code(h: &Harness, code: &str) -> Result {
    h.type_into("input[name='code']", code).await?;
    h.click("form button[type='submit']").await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while h.path().await?.starts_with("/sign-in") {
        if std::time::Instant::now() > deadline {
            let alert = h.text_of("#form-error").await.unwrap_or_default();
            return Err(format!("the code did not sign in: {alert:?}").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Ok(())
}

#[tokio::test]
async fn totp_is_set_up_in_the_profile_asked_at_sign_in_and_turned_off() -> Result {
    let pool = PoolControl::default();
    let username = new_username("totp");
    let password = "Totp-pass-1";
    pool.create_confirmed_user(&username, password).await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.sign_in(&username, password).await?;
            h.open("/profile").await?;
            h.wait_for_text("section.mfa [data-mfa='off']", "Off", 10)
                .await?;
            h.click("section.mfa button").await?;
            // The enrolment step: heading focused, a QR code, the key as text.
            h.wait_for_focus("#totp-heading").await?;
            let secret = h
                .attr_of("code.secret-key", "data-secret")
                .await?
                .ok_or("no key on the page")?;
            let shown = h.text_of("code.secret-key").await?;
            assert_eq!(shown.replace(' ', ""), secret, "the grouped key is the key");
            let path = h.attr_of("svg.qr path", "d").await?.unwrap_or_default();
            assert!(path.len() > 200, "a QR code is drawn: {path:?}");
            h.audit_accessibility("profile: TOTP set-up").await?;
            // A wrong code is refused and nothing is turned on.
            let wrong = format!(
                "{:06}",
                (pool.totp_now(&secret).await?.parse::<u32>()? + 500_000) % 1_000_000
            );
            h.type_into("#totp-code", &wrong).await?;
            h.click(".totp-setup button[type='submit']").await?;
            h.wait_for_some_text("#totp-error").await?;
            h.wait_for_focus("#totp-code").await?;
            h.audit_accessibility("profile: TOTP code refused").await?;
            h.type_into("#totp-code", &pool.totp_now(&secret).await?)
                .await?;
            h.click(".totp-setup button[type='submit']").await?;
            h.wait_for_text("section.mfa [data-mfa='on']", "On", 10)
                .await?;
            let token = pool.access_token(&username, password).await;
            // With TOTP on, the API sign-in answers a challenge instead of tokens.
            assert!(token.is_err(), "sign-in without a code still gave tokens");

            // Sign out, sign in: the code step, answered with a code computed from the key.
            h.click("button.sign-out").await?;
            reach_code_step(h, &username, password, "authenticator app").await?;
            h.audit_accessibility("sign-in: TOTP code step").await?;
            enter_code(h, &pool.totp_now(&secret).await?).await?;

            // Turn it off again: the next sign-in asks for the password only.
            h.open("/profile").await?;
            h.wait_for_text("section.mfa [data-mfa='on']", "On", 10)
                .await?;
            h.click("section.mfa button").await?;
            h.wait_for_text("section.mfa [data-mfa='off']", "Off", 10)
                .await?;
            let token = pool.access_token(&username, password).await?;
            assert!(pool.mfa_factors(&token).await?.is_empty());
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn an_email_code_is_asked_at_sign_in() -> Result {
    let pool = PoolControl::default();
    let username = new_username("emailotp");
    let password = "Mail-pass-1";
    pool.create_confirmed_user(&username, password).await?;
    let token = pool.access_token(&username, password).await?;
    pool.set_mfa(&token, "EmailMfaSettings", true).await?;
    Harness::builder()
        .run(async |h| {
            reach_code_step(h, &username, password, "email").await?;
            h.audit_accessibility("sign-in: EMAIL_OTP step").await?;
            let code = pool.wait_for_code(&username, "EMAIL_OTP", 1).await?;
            enter_code(h, &code).await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_text_message_code_is_asked_at_sign_in() -> Result {
    let pool = PoolControl::default();
    let username = new_username("smsmfa");
    let password = "Text-pass-1";
    pool.create_confirmed_user(&username, password).await?;
    pool.admin(
        "AdminUpdateUserAttributes",
        json!({
            "UserPoolId": POOL_ID,
            "Username": username,
            "UserAttributes": [
                {"Name": "phone_number", "Value": "+15555550123"},
                {"Name": "phone_number_verified", "Value": "true"}
            ]
        }),
    )
    .await?;
    let token = pool.access_token(&username, password).await?;
    pool.set_mfa(&token, "SMSMfaSettings", true).await?;
    Harness::builder()
        .run(async |h| {
            reach_code_step(h, &username, password, "phone").await?;
            h.audit_accessibility("sign-in: SMS_MFA step").await?;
            let code = pool.wait_for_code(&username, "SMS_MFA", 1).await?;
            // A wrong code first: refused, announced, focus on the field.
            h.type_into("input[name='code']", "000000").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_some_text("#form-error").await?;
            h.wait_for_focus("#code").await?;
            h.audit_accessibility("sign-in: SMS_MFA code refused")
                .await?;
            enter_code(h, &code).await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn two_factors_let_the_person_choose() -> Result {
    let pool = PoolControl::default();
    let username = new_username("chooser");
    let password = "Pick-pass-1";
    pool.create_confirmed_user(&username, password).await?;
    // One token for both: once a factor is on, the API sign-in needs its code.
    let token = pool.access_token(&username, password).await?;
    pool.enable_totp(&token).await?;
    pool.set_mfa(&token, "EmailMfaSettings", true).await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.fill_and_submit(&username, password).await?;
            h.wait_for_heading("Choose how to verify", 10).await?;
            h.wait_for_focus("main h1").await?;
            h.audit_accessibility("sign-in: SELECT_MFA_TYPE").await?;
            h.click("#factor-email_otp").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_heading("Verification code", 10).await?;
            h.wait_for_text("main .lead", "email", 10).await?;
            let code = pool.wait_for_code(&username, "EMAIL_OTP", 1).await?;
            enter_code(h, &code).await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_pool_that_requires_mfa_enrols_an_app_during_sign_in() -> Result {
    let pool = PoolControl::default();
    let password = "Enrol-pass-1";
    let client = json!({"ClientName": "e2e-mfa-required",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
    let MfaRequiredPool {
        pool_id,
        client_id,
        username,
    } = pool.mfa_required_pool("enrol", client, password).await?;
    let config = json!({
        "region": "us-east-1",
        "userPoolId": pool_id,
        "clientId": client_id,
        "endpoint": format!("{}/", pool.url()),
        "tokenStorage": "local"
    })
    .to_string();
    Harness::builder()
        .config(config)
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.fill_and_submit(&username, password).await?;
            h.wait_for_heading("Set up two-step verification", 10)
                .await?;
            let secret = h
                .attr_of("code.secret-key", "data-secret")
                .await?
                .ok_or("no key on the page")?;
            h.wait_for_focus("#totp-heading").await?;
            h.audit_accessibility("sign-in: MFA_SETUP").await?;
            h.type_into("#totp-code", &pool.totp_now(&secret).await?)
                .await?;
            h.click(".totp-setup button[type='submit']").await?;
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while h.path().await?.starts_with("/sign-in") {
                if std::time::Instant::now() > deadline {
                    let alert = h.text_of("#totp-error").await.unwrap_or_default();
                    return Err(format!("enrolment did not sign in: {alert:?}").into());
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            // The next sign-in asks for the app's code.
            h.click("button.sign-out").await?;
            reach_code_step(h, &username, password, "authenticator app").await?;
            enter_code(h, &pool.totp_now(&secret).await?).await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
