//! Passwordless sign-in on `/sign-in` with the release build against the local pool and its
//! builtin custom-auth triggers (`crates/triggers/src/custom_auth.rs`): "E-mail me a sign-in
//! code", the code read from the pool's outbox, a wrong code showing the attempts left, "send a
//! new code", three wrong codes ending the attempt, an expired challenge session, and the
//! suspended user refused by PreAuthentication.
//!
//! Cognito's behaviour these rely on: InitiateAuth `CUSTOM_AUTH` answers a `CUSTOM_CHALLENGE`
//! with the create trigger's public parameters; a wrong answer the define trigger lets go on
//! is a further `CUSTOM_CHALLENGE` (HTTP 200), a failed flow `NotAuthorizedException` (API
//! Reference, InitiateAuth and RespondToAuthChallenge; Developer Guide, "Custom authentication
//! challenge Lambda triggers"); the challenge session lasts the app client's
//! `AuthSessionValidity` (3 minutes by default; API Reference, CreateUserPoolClient); the pre
//! authentication trigger runs for custom flows too and its refusal is a
//! `UserLambdaValidationException` (Developer Guide, "Pre authentication Lambda trigger").

use e2e::passwordless::{request_code, sign_in_mails, submit_code, wait_for_sign_in_code};
use e2e::{Harness, PoolControl, Result, new_username, wrong_code};
use std::time::{Duration, Instant};

/// The step's heading takes the focus when the step appears.
async fn assert_heading_focused(h: &Harness) -> Result {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let focused = h
            .browser
            .execute("return document.activeElement.tagName", vec![])
            .await?;
        if focused == "H1" {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("focus is on {focused}, not the heading").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_code_from_the_outbox_signs_in_after_a_wrong_one_and_a_new_code() -> Result {
    let pool = PoolControl::default();
    let username = new_username("coder");
    pool.create_confirmed_user(&username, "unused-pass-1")
        .await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            // Asking without a username sends nothing and says what is missing.
            h.wait_for_heading("Sign in", 10).await?;
            h.click("button.passwordless-start").await?;
            h.wait_for_text("#form-error", "Enter your username first", 10)
                .await?;

            request_code(h, &username).await?;
            assert_heading_focused(h).await?;
            h.wait_for_text(".code-sent", "6-digit sign-in code", 10)
                .await?;
            // The code field: labelled, a one-time code, numeric, its errors described.
            let label = h.text_of("label[for='sign-in-code']").await?;
            assert_eq!(label, "Sign-in code");
            let field = "input#sign-in-code";
            assert_eq!(
                h.attr_of(field, "autocomplete").await?.as_deref(),
                Some("one-time-code")
            );
            assert_eq!(
                h.attr_of(field, "inputmode").await?.as_deref(),
                Some("numeric")
            );
            let described_by = h
                .attr_of(field, "aria-describedby")
                .await?
                .unwrap_or_default();
            assert!(described_by.contains("form-error"), "{described_by}");
            let first = wait_for_sign_in_code(&pool, &username, 1).await?;

            // A wrong code: the attempts the trigger still allows.
            submit_code(h, &wrong_code(&first)).await?;
            h.wait_for_text(
                "#form-error",
                "That code isn't right. You have 2 attempts left.",
                10,
            )
            .await?;
            assert_eq!(
                h.attr_of(field, "aria-invalid").await?.as_deref(),
                Some("true")
            );

            // A new code; the first no longer works (and costs an attempt).
            h.click("button.resend").await?;
            h.wait_for_text(".code-sent", "A new code is on its way", 10)
                .await?;
            let second = wait_for_sign_in_code(&pool, &username, 2).await?;
            if second != first {
                submit_code(h, &first).await?;
                h.wait_for_text("#form-error", "You have 1 attempt left.", 10)
                    .await?;
            }

            submit_code(h, &second).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            assert_eq!(sign_in_mails(&pool, &username).await?.len(), 2);
            // Wrong codes are answered with a further challenge (HTTP 200): no failed request at all.
            h.assert_no_console_errors().await
        })
        .await
}

#[tokio::test]
async fn three_wrong_codes_end_the_attempt_and_a_new_one_starts_over() -> Result {
    let pool = PoolControl::default();
    let username = new_username("guesser");
    pool.create_confirmed_user(&username, "unused-pass-1")
        .await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            request_code(h, &username).await?;
            let code = wait_for_sign_in_code(&pool, &username, 1).await?;
            let wrong = wrong_code(&code);

            submit_code(h, &wrong).await?;
            h.wait_for_text("#form-error", "You have 2 attempts left.", 10)
                .await?;
            submit_code(h, &wrong).await?;
            h.wait_for_text("#form-error", "You have 1 attempt left.", 10)
                .await?;
            submit_code(h, &wrong).await?;

            // The third wrong code ends the attempt: back to the start, saying why, name kept.
            h.wait_for_heading("Sign in", 10).await?;
            h.wait_for_text(
                "#form-error",
                "Too many wrong codes, so this sign-in has ended",
                10,
            )
            .await?;
            assert_eq!(h.value_of("input[name='username']").await?, username);

            // The ended attempt's code is void; a new attempt sends a new code that works.
            request_code(h, &username).await?;
            let fresh = wait_for_sign_in_code(&pool, &username, 2).await?;
            submit_code(h, &fresh).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            // The ended attempt is one HTTP 400 (NotAuthorizedException) line.
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn an_expired_code_sends_the_person_back_to_the_start() -> Result {
    let pool = PoolControl::default();
    let username = new_username("slowpoke");
    pool.create_confirmed_user(&username, "unused-pass-1")
        .await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            request_code(h, &username).await?;
            let code = wait_for_sign_in_code(&pool, &username, 1).await?;
            // Past the seed client's challenge session (AuthSessionValidity, 3 minutes by default).
            pool.advance_clock(200).await?;
            submit_code(h, &code).await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.wait_for_text("#form-error", "Your sign-in code has expired", 10)
                .await?;
            assert_eq!(h.value_of("input[name='username']").await?, username);
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn the_suspended_user_gets_no_code_and_the_triggers_message() -> Result {
    let pool = PoolControl::default();
    let before = sign_in_mails(&pool, "frank").await?.len();
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.type_into("input[name='username']", "frank").await?;
            h.click("button.passwordless-start").await?;
            h.wait_for_text(
                "#form-error",
                "This account is suspended. Contact your administrator to restore access.",
                10,
            )
            .await?;
            h.wait_for_heading("Sign in", 10).await?;
            assert_eq!(sign_in_mails(&pool, "frank").await?.len(), before);
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
