//! Account self-service with the release build against the local pool: sign up, confirm with a
//! code from the pool's outbox (after asking for a new one), sign in; an unconfirmed user sent
//! from sign-in to the confirmation step and the message link's `/confirm?username=&code=`; a
//! forgotten password reset with a code; a password reset by an administrator
//! (PasswordResetRequiredException) completed from sign-in. Each user is new, so the tests
//! leave the seed users as they are.
//!
//! Cognito's behaviour these rely on, from the Cognito Identity Provider API Reference:
//! SignUp answers `UserConfirmed: false` and `CodeDeliveryDetails` when the pool verifies
//! e-mail; ResendConfirmationCode and ForgotPassword answer `CodeDeliveryDetails`; a wrong code
//! is `CodeMismatchException`; InitiateAuth answers `UserNotConfirmedException` for an
//! unconfirmed user and `PasswordResetRequiredException` after AdminResetUserPassword.
//! Whether the code sent first still works after ResendConfirmationCode is not documented:
//! the tests use the newest code.

use e2e::{Harness, PoolControl, Result, new_username, wrong_code};
use serde_json::json;

/// Whether the checklist shows `rule` as met.
async fn rule_met(h: &Harness, rule: &str) -> Result<bool> {
    Ok(h.attr_of(&format!("li[data-rule='{rule}']"), "data-met")
        .await?
        .as_deref()
        == Some("true"))
}

/// The step's heading takes the focus when the step appears (polled: it happens in an effect
/// right after the heading is rendered).
async fn assert_heading_focused(h: &Harness) -> Result {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let focused = h
            .browser
            .execute("return document.activeElement.tagName", vec![])
            .await?;
        if focused == "H1" {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("focus is on {focused}, not the heading").into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// On `/sign-in` after confirming or resetting: the heading, the notice, the username filled in.
async fn assert_back_on_sign_in(h: &Harness, username: &str, notice: &str) -> Result {
    h.wait_for_heading("Sign in", 10).await?;
    assert!(h.path().await?.starts_with("/sign-in?username="));
    h.wait_for_text("main .notice", notice, 10).await?;
    assert_eq!(h.value_of("input[name='username']").await?, username);
    Ok(())
}

#[tokio::test]
async fn sign_up_confirm_with_a_new_code_then_sign_in() -> Result {
    let pool = PoolControl::default();
    let username = new_username("newbie");
    let password = "fresh-pass-1";
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.click("main a[href='/sign-up']").await?;
            h.wait_for_heading("Create an account", 10).await?;
            assert_heading_focused(h).await?;

            h.type_into("input[name='username']", &username).await?;
            h.type_into("input[name='email']", &format!("{username}@example.com"))
                .await?;
            // The policy checklist follows what is typed.
            h.type_into("input[name='new-password']", "abc").await?;
            assert!(!rule_met(h, "length").await?);
            assert!(rule_met(h, "lowercase").await?);
            assert!(!rule_met(h, "number").await?);
            // Submitting a password the policy refuses sends nothing and says why.
            h.type_into("input[name='confirm-password']", "abc").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("#form-error", "does not meet all the rules", 10)
                .await?;
            assert_eq!(pool.codes(&username, "SIGN_UP").await?.len(), 0);

            h.type_into("input[name='new-password']", password).await?;
            for rule in ["length", "lowercase", "number"] {
                assert!(rule_met(h, rule).await?, "{rule} met");
            }
            h.type_into("input[name='confirm-password']", password)
                .await?;
            h.click("form button[type='submit']").await?;

            h.wait_for_heading("Confirm your account", 10).await?;
            assert_heading_focused(h).await?;
            // Where the code went, from CodeDeliveryDetails (masked by the pool).
            let sent = h
                .wait_for_text(".code-sent", "e-mailed a code to", 10)
                .await?;
            assert!(sent.contains('@') && sent.contains('*'), "{sent}");
            assert!(!sent.contains(&format!("{username}@example.com")), "{sent}");
            pool.wait_for_code(&username, "SIGN_UP", 1).await?;

            // A new code (ResendConfirmationCode).
            h.click("button.resend").await?;
            h.wait_for_text(".code-sent", "new code", 10).await?;
            let code = pool.wait_for_code(&username, "SIGN_UP", 2).await?;
            assert_eq!(pool.codes(&username, "SIGN_UP").await?.len(), 2);

            // A wrong code is explained (CodeMismatchException).
            h.type_into("input[name='code']", &wrong_code(&code))
                .await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("[role='alert'][aria-live]", "That code isn't right", 10)
                .await?;
            assert_eq!(
                h.attr_of("input[name='code']", "aria-invalid")
                    .await?
                    .as_deref(),
                Some("true")
            );
            assert!(
                h.attr_of("input[name='code']", "aria-describedby")
                    .await?
                    .unwrap_or_default()
                    .contains("form-error")
            );

            h.type_into("input[name='code']", &code).await?;
            h.click("form button[type='submit']").await?;
            assert_back_on_sign_in(h, &username, "Account confirmed, sign in").await?;

            h.sign_in(&username, password).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            // The only console errors are the browser's lines for the refused wrong code (HTTP 400).
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn an_unconfirmed_user_is_sent_to_confirm_and_the_message_link_prefills_the_code() -> Result {
    let pool = PoolControl::default();
    let username = new_username("pending");
    let password = "pending-pass-1";
    pool.public(
        "SignUp",
        json!({
            "ClientId": e2e::CLIENT_ID,
            "Username": username,
            "Password": password,
            "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]
        }),
    )
    .await?;
    let code = pool.wait_for_code(&username, "SIGN_UP", 1).await?;

    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit(&username, password).await?;
            h.wait_for_heading("Confirm your account", 10).await?;
            assert!(h.path().await?.starts_with("/confirm?username="));
            assert_eq!(h.value_of("input[name='username']").await?, username);
            assert_eq!(
                h.attr_of("input[name='code']", "autocomplete")
                    .await?
                    .as_deref(),
                Some("one-time-code")
            );

            // The link in the sign-up message.
            h.open(&format!("/confirm?username={username}&code={code}"))
                .await?;
            h.wait_for_heading("Confirm your account", 10).await?;
            assert_eq!(h.value_of("input[name='code']").await?, code);
            h.click("form button[type='submit']").await?;
            assert_back_on_sign_in(h, &username, "Account confirmed, sign in").await?;
            h.sign_in(&username, password).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            // The refused sign-in (UserNotConfirmedException) is an HTTP 400 line.
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_with_a_code() -> Result {
    let pool = PoolControl::default();
    let username = new_username("forgetful");
    pool.create_confirmed_user(&username, "old-pass-1").await?;
    let new_password = "brand-new-pass-2";

    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.click("main a[href='/forgot-password']").await?;
            h.wait_for_heading("Reset your password", 10).await?;
            h.type_into("input[name='username']", &username).await?;
            h.click("form button[type='submit']").await?;

            h.wait_for_heading("Choose a new password", 10).await?;
            h.wait_for_text(".code-sent", "e-mailed a code to", 10)
                .await?;
            let code = pool.wait_for_code(&username, "FORGOT_PASSWORD", 1).await?;
            assert_eq!(
                h.attr_of("input[name='new-password']", "autocomplete")
                    .await?
                    .as_deref(),
                Some("new-password")
            );

            // A wrong code: CodeMismatchException, explained.
            h.type_into("input[name='code']", &wrong_code(&code))
                .await?;
            h.type_into("input[name='new-password']", new_password)
                .await?;
            h.type_into("input[name='confirm-password']", new_password)
                .await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("[role='alert'][aria-live]", "That code isn't right", 10)
                .await?;

            h.type_into("input[name='code']", &code).await?;
            h.click("form button[type='submit']").await?;
            assert_back_on_sign_in(h, &username, "Password changed").await?;

            // The old password no longer works; the new one does.
            h.type_into("input[name='password']", "old-pass-1").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("[role='alert']", "Incorrect username or password", 10)
                .await?;
            h.sign_in(&username, new_password).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_password_reset_by_the_administrator_is_completed_from_sign_in() -> Result {
    let pool = PoolControl::default();
    let username = new_username("resetme");
    pool.create_confirmed_user(&username, "before-reset-1")
        .await?;
    pool.admin(
        "AdminResetUserPassword",
        json!({ "UserPoolId": e2e::POOL_ID, "Username": username }),
    )
    .await?;
    let code = pool.wait_for_code(&username, "FORGOT_PASSWORD", 1).await?;

    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit(&username, "before-reset-1").await?;
            // PasswordResetRequiredException leads to the reset step, code already sent.
            h.wait_for_heading("Choose a new password", 10).await?;
            assert!(h.path().await?.starts_with("/forgot-password?username="));
            h.wait_for_text(".code-sent", "must be reset", 10).await?;
            h.type_into("input[name='code']", &code).await?;
            h.type_into("input[name='new-password']", "after-reset-2")
                .await?;
            h.type_into("input[name='confirm-password']", "after-reset-2")
                .await?;
            h.click("form button[type='submit']").await?;
            assert_back_on_sign_in(h, &username, "Password changed").await?;
            h.sign_in(&username, "after-reset-2").await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// The `/confirm?…` link of a sign-up message's HTML, as a path of the app (the message
/// names the app's configured URL; the test serves the build elsewhere).
fn confirm_link(html: &str) -> Result<String> {
    let start = html
        .find("/confirm?")
        .ok_or_else(|| format!("no /confirm link in {html:?}"))?;
    let link: String = html[start..]
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | '<' | ' '))
        .collect();
    Ok(link.replace("&amp;", "&"))
}

#[tokio::test]
async fn sign_up_from_the_branded_message_arrives_signed_in_as_viewer() -> Result {
    let pool = PoolControl::default();
    let username = new_username("joiner");
    let password = "joiner-pass-1";
    Harness::builder()
        .run(async |h| {
            h.open("/sign-up").await?;
            h.wait_for_heading("Create an account", 10).await?;
            h.type_into("input[name='username']", &username).await?;
            h.type_into("input[name='email']", &format!("{username}@example.com"))
                .await?;
            h.type_into("input[name='new-password']", password).await?;
            h.type_into("input[name='confirm-password']", password)
                .await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_heading("Confirm your account", 10).await?;

            // The message the CustomMessage trigger wrote (CustomMessage_SignUp): the product's
            // subject, the code, and a link into the app that carries both.
            let code = pool.wait_for_code(&username, "SIGN_UP", 1).await?;
            let messages = pool.messages(&username).await?;
            let message = messages
                .iter()
                .find(|m| m["kind"] == "SIGN_UP")
                .ok_or("no SIGN_UP message")?;
            assert_eq!(message["subject"], "Confirm your Poolgate account");
            let html = message["message"].as_str().unwrap_or_default();
            assert!(html.contains(&code), "the code is in the message");
            assert!(html.contains("Confirm your e-mail address"), "{html}");
            let link = confirm_link(html)?;
            assert_eq!(link, format!("/confirm?username={username}&code={code}"));

            // The link confirms (PostConfirmation assigns the role and the group) ...
            h.open(&link).await?;
            h.wait_for_heading("Confirm your account", 10).await?;
            assert_eq!(h.value_of("input[name='code']").await?, code);
            h.click("form button[type='submit']").await?;
            assert_back_on_sign_in(h, &username, "Account confirmed, sign in").await?;

            // ... so the first tokens, issued after confirmation, carry them: a viewer with the
            // viewers group's Reports entry.
            h.sign_in(&username, password).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            assert_eq!(h.group_nav().await?, vec!["Reports".to_owned()]);
            h.click("nav.site-nav a[data-nav='group']").await?;
            h.wait_for_heading("Reports", 10).await?;
            h.open("/profile").await?;
            h.wait_for_heading("Your profile", 10).await?;
            h.wait_for_text("[data-field='role']", "viewer", 10).await?;
            h.wait_for_text("[data-field='groups']", "viewers", 10)
                .await?;
            h.assert_no_console_errors().await
        })
        .await
}

/// A SignUp request for `username` that sets `custom:role`, through app client `client_id`.
fn sign_up_as_admin(client_id: &str, username: &str) -> serde_json::Value {
    json!({
        "ClientId": client_id,
        "Username": username,
        "Password": "climber-pass-1",
        "UserAttributes": [
            {"Name": "email", "Value": format!("{username}@example.com")},
            {"Name": "custom:role", "Value": "admin"}
        ]
    })
}

#[tokio::test]
async fn a_sign_up_that_sets_a_role_is_refused_with_the_triggers_sentence() -> Result {
    // The app's form never sends `custom:role`. A client calling SignUp itself is refused twice
    // over: the seed app client may not write the attribute (NotAuthorizedException, API
    // Reference, SignUp; "WriteAttributes" of CreateUserPoolClient), and a client that may
    // (a misconfiguration) meets PreSignUp, whose refusal is "PreSignUp failed with error
    // <message>." (Developer Guide, "Pre sign-up Lambda trigger"). No user is created.
    let pool = PoolControl::default();
    let username = new_username("climber");
    let not_writable = pool
        .public("SignUp", sign_up_as_admin(e2e::CLIENT_ID, &username))
        .await
        .expect_err("the seed client may not write custom:role")
        .to_string();
    assert!(
        not_writable.contains("NotAuthorizedException") && not_writable.contains("custom:role"),
        "{not_writable}"
    );

    let lax = pool
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": e2e::POOL_ID,
                "ClientName": "e2e-writes-role",
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "ReadAttributes": ["email", "custom:role"],
                "WriteAttributes": ["email", "custom:role"]
            }),
        )
        .await?;
    let lax_client = lax["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("no ClientId")?;
    let refused = pool
        .public("SignUp", sign_up_as_admin(lax_client, &username))
        .await
        .expect_err("a self-chosen role is refused")
        .to_string();
    assert!(
        refused.contains("UserLambdaValidationException"),
        "{refused}"
    );
    assert!(
        refused.contains(
            "PreSignUp failed with error You cannot choose your own role: roles are assigned by an administrator"
        ),
        "{refused}"
    );
    let lookup = pool
        .admin(
            "AdminGetUser",
            json!({ "UserPoolId": e2e::POOL_ID, "Username": username }),
        )
        .await
        .expect_err("no user was created")
        .to_string();
    assert!(lookup.contains("UserNotFoundException"), "{lookup}");
    assert!(pool.messages(&username).await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_suspended_user_is_refused_with_the_triggers_message() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.fill_and_submit("frank", "Frank-pass-1").await?;
            h.wait_for_text(
                "#form-error",
                "This account is suspended. Contact your administrator to restore access.",
                10,
            )
            .await?;
            h.wait_for_heading("Sign in", 10).await?;
            assert!(h.path().await?.starts_with("/sign-in"));
            assert!(h.stored_session().await?.is_none());
            // The refusal is one HTTP 400 line.
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
