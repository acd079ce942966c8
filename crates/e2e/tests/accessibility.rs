//! axe-core finds nothing on any page or step, in the light and the dark colour scheme: the
//! signed-out pages and their steps (sign-in and its error, the new-password step, sign-up and
//! its error, confirm, forgotten password and its reset step, not found), and each role's pages
//! signed in (home, profile, administration, users, editor, content, reports, the Forbidden
//! notice). The profile's sections and the MFA steps are audited in `profile.rs` and `mfa.rs`
//! at each step of their flows.

use e2e::{Harness, POOL_ID, PoolControl, Result, new_username};
use serde_json::json;

/// Opens `path`, waits for its heading, then audits.
async fn audit_page(h: &Harness, path: &str, heading: &str) -> Result {
    h.open(path).await?;
    h.wait_for_heading(heading, 10).await?;
    h.audit_accessibility(path).await
}

/// Signs out through the navigation and waits for the sign-in form.
async fn sign_out(h: &Harness) -> Result {
    h.click("button.sign-out").await?;
    h.open("/sign-in").await?;
    h.wait_for_heading("Sign in", 10).await
}

#[tokio::test]
async fn signed_out_pages_and_steps() -> Result {
    let pool = PoolControl::default();
    let username = new_username("forgetful");
    pool.create_confirmed_user(&username, "Forget-pass-1")
        .await?;
    Harness::builder()
        .run(async |h| {
            audit_page(h, "/sign-in", "Sign in").await?;
            h.fill_and_submit("carol", "not-her-password-1").await?;
            h.wait_for_some_text("#form-error").await?;
            h.audit_accessibility("sign-in: refused").await?;

            audit_page(h, "/sign-up", "Create an account").await?;
            h.type_into("#username", "someone").await?;
            h.type_into("#email", "someone@example.com").await?;
            h.type_into("#new-password", "short").await?;
            h.type_into("#confirm-password", "other").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_some_text("#form-error").await?;
            h.audit_accessibility("sign-up: refused").await?;

            audit_page(h, "/confirm?username=someone", "Confirm your account").await?;
            audit_page(h, "/forgot-password", "Reset your password").await?;
            h.type_into("#username", &username).await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_heading("Choose a new password", 10).await?;
            h.audit_accessibility("forgot-password: reset step").await?;
            audit_page(h, "/no-such-page", "Page not found").await
        })
        .await
}

#[tokio::test]
async fn the_new_password_step() -> Result {
    let pool = PoolControl::default();
    let username = new_username("temporary");
    pool.admin(
        "AdminCreateUser",
        json!({"UserPoolId": POOL_ID, "Username": username, "MessageAction": "SUPPRESS",
               "TemporaryPassword": "Temporary-pass-1",
               "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
    )
    .await?;
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.fill_and_submit(&username, "Temporary-pass-1").await?;
            h.wait_for_heading("Choose a new password", 10).await?;
            h.audit_accessibility("sign-in: NEW_PASSWORD_REQUIRED")
                .await
        })
        .await
}

#[tokio::test]
async fn each_roles_pages() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.sign_in("alice", "Alice-pass-1").await?;
            audit_page(h, "/", "Welcome, alice").await?;
            h.open("/profile").await?;
            h.wait_for_heading("Your profile", 10).await?;
            h.wait_for_value("#profile-email", "alice@example.com")
                .await?;
            h.audit_accessibility("/profile").await?;
            audit_page(h, "/admin", "Administration").await?;
            audit_page(h, "/users", "User administration").await?;
            audit_page(h, "/content", "Content").await?;
            audit_page(h, "/no-such-page", "Page not found").await?;
            sign_out(h).await?;

            h.sign_in("bob", "Bob-pass-12").await?;
            audit_page(h, "/editor", "Editor").await?;
            sign_out(h).await?;

            h.sign_in("carol", "Carol-pass-1").await?;
            audit_page(h, "/reports", "Reports").await?;
            audit_page(h, "/admin", "Not allowed").await
        })
        .await
}
