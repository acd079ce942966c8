//! Signing in with the release build against the local pool: every seed user sees exactly
//! their navigation and pages, dave completes NEW_PASSWORD_REQUIRED, a wrong password is
//! explained, and short-lived tokens renew silently.

use e2e::seed::{ALL_GATED, SEED_USERS};
use e2e::{Harness, PoolControl, Result, short_lived_client_config};

use std::time::Duration;

#[tokio::test]
async fn every_seed_user_sees_exactly_their_navigation_and_pages() -> Result {
    Harness::builder()
        .run(async |h| {
            for user in SEED_USERS {
                h.open("/sign-in").await?;
                h.sign_in(user.username, user.password).await?;
                h.wait_for_text("main h1", "Welcome", 10).await?;
                assert_eq!(
                    h.group_nav().await?,
                    user.nav,
                    "{}'s navigation",
                    user.username
                );

                for (path, title) in ALL_GATED {
                    h.open(path).await?;
                    // The guard's decision: the page's own heading, or the Forbidden notice.
                    if user.allowed.contains(path) {
                        h.wait_for_heading(title, 10).await?;
                    } else {
                        h.wait_for_heading("Not allowed", 10).await?;
                        let requirement = h.text_of("main .requirement").await?;
                        assert!(requirement.contains("requires"), "{requirement}");
                    }
                }
                h.click("nav.site-nav button.sign-out").await?;
                h.wait_for_text("nav.site-nav", "Sign in", 10).await?;
            }
            h.assert_no_console_errors().await
        })
        .await
}

#[tokio::test]
async fn protected_page_sends_signed_out_users_to_sign_in_and_back() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/reports").await?;
            h.wait_for_heading("Sign in", 10).await?;
            assert_eq!(h.path().await?, "/sign-in?next=%2Freports");
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Reports", 10).await?;
            assert_eq!(h.path().await?, "/reports");
            h.assert_no_console_errors().await
        })
        .await
}

#[tokio::test]
async fn dave_chooses_a_new_password_on_first_sign_in() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit("dave", "Dave-temp-1").await?;
            h.wait_for_text("main h1", "Choose a new password", 10)
                .await?;
            h.type_into("input[name='new-password']", "Dave-chosen-1")
                .await?;
            h.type_into("input[name='confirm-password']", "Dave-chosen-1")
                .await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            assert_eq!(h.group_nav().await?, ["Reports"]);

            // The new password is now his password.
            h.click("nav.site-nav button.sign-out").await?;
            h.open("/sign-in").await?;
            h.sign_in("dave", "Dave-chosen-1").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            Ok(())
        })
        .await
}

#[tokio::test]
async fn wrong_password_shows_a_clear_message() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit("bob", "not-bobs-password-1").await?;
            let message = h
                .wait_for_text("[role='alert'][aria-live]", "password", 10)
                .await?;
            assert!(
                message.contains("Incorrect username or password"),
                "{message}"
            );
            assert_eq!(h.path().await?, "/sign-in");
            // An unknown user gets the same answer (PreventUserExistenceErrors).
            h.fill_and_submit("nobody-here", "whatever-pass-1").await?;
            h.wait_for_text(
                "[role='alert'][aria-live]",
                "Incorrect username or password",
                10,
            )
            .await?;
            Ok(())
        })
        .await
}

use e2e::LIFETIME;

/// A 15-second access token: the app stays signed in across three expiries, with no user
/// action, renewing in the background exactly once per lifetime (one tab).
#[tokio::test]
async fn short_lived_tokens_renew_silently_once_per_lifetime() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;

    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("bob", "Bob-pass-12").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let first_expiry = h.text_of("[data-field='access-expiry']").await?;
            let before = pool.refresh_count_for(&config).await?;
            let started = std::time::Instant::now();

            // Three renewals are due within three lifetimes; poll until they happened.
            pool.wait_until("three renewals", 3 * LIFETIME + 10, async |p| {
                Ok(p.refresh_count_for(&config).await? - before >= 3)
            })
            .await?;
            // Then one more lifetime's worth minus the margin: no extra request.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let refreshes = pool.refresh_count_for(&config).await? - before;
            println!(
                "1 tab: {refreshes} refreshes in {:.1} s with {LIFETIME} s tokens",
                started.elapsed().as_secs_f64()
            );
            assert_eq!(refreshes, 3, "exactly one refresh per lifetime");

            // Still signed in, with renewed tokens, and the access token still works (GetUser).
            assert_ne!(
                h.text_of("[data-field='access-expiry']").await?,
                first_expiry
            );
            h.click("nav.site-nav a[href='/']").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            h.click("nav.site-nav a.user").await?;
            h.wait_for_text("[data-attribute='email']", "bob@example.com", 10)
                .await?;
            h.assert_no_console_errors().await
        })
        .await
}
