//! The profile's self-service with the release build against the local pool: edit a detail,
//! change the e-mail address and verify it with the code from the outbox, change the password
//! and sign in with the new one, delete the account after typing the username. Each test makes
//! its own user (admin API), so none depends on another or on the seed users. Each step is also
//! audited with axe-core.
//!
//! Cognito's behaviour relied on (Cognito Identity Provider API Reference): UpdateUserAttributes
//! answers `CodeDeliveryDetailsList` when a changed e-mail must be verified;
//! VerifyUserAttribute with the code sets `email_verified`; ChangePassword needs the previous
//! password (`NotAuthorizedException` otherwise); DeleteUser removes the user, after which
//! InitiateAuth fails. Whether the pool keeps the old address until the new one is verified is
//! the pool's `AttributesRequireVerificationBeforeUpdate` setting ("Amazon Cognito doesn't change
//! the value of the attribute until your user ... confirms the new value", API reference,
//! UserAttributeUpdateSettingsType); the local pool changes it at once, so the page's notice
//! for a kept address is not exercised here.

use e2e::{Harness, POOL_ID, PoolControl, Result, new_username};
use serde_json::{Value, json};

/// The user's attributes through the admin API.
async fn attributes(pool: &PoolControl, username: &str) -> Result<Value> {
    let user = pool
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": username}),
        )
        .await?;
    let mut map = serde_json::Map::new();
    for a in user["UserAttributes"].as_array().into_iter().flatten() {
        map.insert(
            a["Name"].as_str().unwrap_or_default().to_owned(),
            a["Value"].clone(),
        );
    }
    Ok(Value::Object(map))
}

/// Signs in through the form and opens the profile with its details loaded.
async fn open_profile(h: &Harness, username: &str, password: &str) -> Result {
    h.open("/sign-in").await?;
    h.sign_in(username, password).await?;
    h.open("/profile").await?;
    h.wait_for_heading("Your profile", 10).await?;
    h.wait_for_value("#profile-email", &format!("{username}@example.com"))
        .await
}

#[tokio::test]
async fn a_detail_is_edited_and_kept() -> Result {
    let pool = PoolControl::default();
    let username = new_username("editor");
    pool.create_confirmed_user(&username, "Edit-pass-1").await?;
    Harness::builder()
        .run(async |h| {
            open_profile(h, &username, "Edit-pass-1").await?;
            h.audit_accessibility("profile").await?;
            h.type_into("#profile-name", "Ada Lovelace").await?;
            h.click("section.details button[type='submit']").await?;
            h.wait_for_text("section.details .notice", "saved", 10)
                .await?;
            assert_eq!(attributes(&pool, &username).await?["name"], "Ada Lovelace");
            // Nothing changed: nothing sent.
            h.click("section.details button[type='submit']").await?;
            h.wait_for_text("section.details .notice", "Nothing to save", 10)
                .await?;
            // A reload shows the pool's value.
            h.open("/profile").await?;
            h.wait_for_value("#profile-name", "Ada Lovelace").await?;
            h.assert_no_console_errors().await
        })
        .await
}

#[tokio::test]
async fn a_changed_email_is_verified_with_the_code_from_the_outbox() -> Result {
    let pool = PoolControl::default();
    let username = new_username("mover");
    let new_email = format!("{username}@new.example.com");
    pool.create_confirmed_user(&username, "Move-pass-1").await?;
    Harness::builder()
        .run(async |h| {
            open_profile(h, &username, "Move-pass-1").await?;
            h.type_into("#profile-email", &new_email).await?;
            h.click("section.details button[type='submit']").await?;
            // The code step appears and takes the focus.
            h.wait_for_text("#verify-heading", "Verify your e-mail address", 10)
                .await?;
            h.wait_for_focus("#verify-heading").await?;
            let code = pool.wait_for_code(&username, "VERIFY_ATTRIBUTE", 1).await?;
            h.audit_accessibility("profile: e-mail code step").await?;
            // A wrong code: refused, announced, focus on the field.
            let wrong: String = code.chars().rev().collect::<String>() + "1";
            h.type_into("#verify-code", &wrong).await?;
            h.click(".verify-step button[type='submit']").await?;
            h.wait_for_some_text("#verify-error").await?;
            h.wait_for_focus("#verify-code[aria-invalid='true']")
                .await?;
            h.audit_accessibility("profile: e-mail code refused")
                .await?;
            assert_ne!(
                attributes(&pool, &username).await?["email_verified"],
                "true"
            );
            h.type_into("#verify-code", &code).await?;
            h.click(".verify-step button[type='submit']").await?;
            h.wait_for_text("section.details .notice", "is verified", 10)
                .await?;
            let stored = attributes(&pool, &username).await?;
            assert_eq!(stored["email"], json!(new_email));
            assert_eq!(stored["email_verified"], "true");
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_changed_password_signs_in_next_time() -> Result {
    let pool = PoolControl::default();
    let username = new_username("changer");
    pool.create_confirmed_user(&username, "Old-pass-1").await?;
    Harness::builder()
        .run(async |h| {
            open_profile(h, &username, "Old-pass-1").await?;
            // The wrong current password: the pool refuses, focus goes to the first field.
            h.type_into("#current-password", "Not-the-pass-1").await?;
            h.type_into("#changed-password", "New-pass-22").await?;
            h.type_into("#changed-password-confirm", "New-pass-22")
                .await?;
            h.click("section.password button[type='submit']").await?;
            h.wait_for_some_text("#password-error").await?;
            h.wait_for_focus("#current-password").await?;
            h.audit_accessibility("profile: password refused").await?;
            h.type_into("#current-password", "Old-pass-1").await?;
            h.click("section.password button[type='submit']").await?;
            h.wait_for_text("section.password .notice", "password is changed", 10)
                .await?;
            // The old password no longer works; the new one does, through the form.
            assert!(pool.access_token(&username, "Old-pass-1").await.is_err());
            h.click("button.sign-out").await?;
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.sign_in(&username, "New-pass-22").await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

#[tokio::test]
async fn a_deleted_account_cannot_sign_in() -> Result {
    let pool = PoolControl::default();
    let username = new_username("leaver");
    pool.create_confirmed_user(&username, "Leave-pass-1")
        .await?;
    Harness::builder()
        .run(async |h| {
            open_profile(h, &username, "Leave-pass-1").await?;
            // Without the username typed, nothing is deleted.
            h.type_into("#delete-confirm", "someone-else").await?;
            h.click("section.danger-zone button[type='submit']").await?;
            h.wait_for_text("#delete-error", "exactly", 10).await?;
            h.wait_for_focus("#delete-confirm").await?;
            h.audit_accessibility("profile: deletion not confirmed")
                .await?;
            assert!(pool.access_token(&username, "Leave-pass-1").await.is_ok());
            h.type_into("#delete-confirm", &username).await?;
            h.click("section.danger-zone button[type='submit']").await?;
            // Signed out: the guard sends the page to sign-in.
            h.wait_for_heading("Sign in", 10).await?;
            assert_eq!(h.stored_session().await?, None);
            assert!(pool.access_token(&username, "Leave-pass-1").await.is_err());
            assert!(
                pool.admin(
                    "AdminGetUser",
                    json!({"UserPoolId": POOL_ID, "Username": username})
                )
                .await
                .is_err()
            );
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
