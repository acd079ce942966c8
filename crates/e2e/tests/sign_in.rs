//! Signing in with the release build against the local pool: every seed user sees exactly
//! their navigation and pages, dave completes NEW_PASSWORD_REQUIRED, a wrong password is
//! explained, and short-lived tokens renew silently.

use e2e::{CLIENT_ID, POOL_ID, PoolControl, Result, with_harness, with_harness_config};
use serde_json::json;
use std::time::Duration;

/// A seed user and what they may see.
struct Expect {
    username: &'static str,
    password: &'static str,
    nav: &'static [&'static str],
    allowed: &'static [&'static str],
}

const ALL_GATED: &[&str] = &["/admin", "/editor", "/users", "/content", "/reports"];

const SEED_USERS: &[Expect] = &[
    Expect {
        username: "alice",
        password: "Alice-pass-1",
        nav: &["User administration", "Content"],
        allowed: &["/admin", "/editor", "/users", "/content"],
    },
    Expect {
        username: "bob",
        password: "Bob-pass-12",
        nav: &["Content"],
        allowed: &["/editor", "/content"],
    },
    Expect {
        username: "carol",
        password: "Carol-pass-1",
        nav: &["Reports"],
        allowed: &["/reports"],
    },
    Expect {
        username: "erin",
        password: "Erin-pass-1",
        nav: &[],
        allowed: &[],
    },
];

#[tokio::test]
async fn every_seed_user_sees_exactly_their_navigation_and_pages() -> Result {
    with_harness(async |h| {
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

            for path in ALL_GATED {
                h.open(path).await?;
                // Wait for the guard's decision: a page heading or the Forbidden notice.
                let heading = h.wait_for_text("main h1", "", 10).await?;
                let forbidden = h.wait_for_text("main h1", "", 10).await? == "Not allowed";
                let expected = user.allowed.contains(path);
                assert_eq!(
                    !forbidden, expected,
                    "{} on {path}: saw {heading:?}",
                    user.username
                );
                if forbidden {
                    let requirement = h.text_of("main .requirement").await?;
                    assert!(requirement.contains("requires"), "{requirement}");
                }
            }
            h.click("nav.site-nav button.sign-out").await?;
            h.wait_for_text("nav.site-nav", "Sign in", 10).await?;
        }
        let errors = h.console_errors().await?;
        assert!(
            errors.iter().all(|e| !e.contains("panicked")),
            "{errors:#?}"
        );
        Ok(())
    })
    .await
}

#[tokio::test]
async fn protected_page_sends_signed_out_users_to_sign_in_and_back() -> Result {
    with_harness(async |h| {
        h.open("/reports").await?;
        h.wait_for_text("main h1", "Sign in", 10).await?;
        assert_eq!(h.path().await?, "/sign-in?next=%2Freports");
        h.sign_in("carol", "Carol-pass-1").await?;
        h.wait_for_text("main h1", "Reports", 10).await?;
        assert_eq!(h.path().await?, "/reports");
        Ok(())
    })
    .await
}

#[tokio::test]
async fn dave_chooses_a_new_password_on_first_sign_in() -> Result {
    with_harness(async |h| {
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
    with_harness(async |h| {
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

/// Access and ID token lifetime of the short-lived app client, seconds.
const LIFETIME: u64 = 15;

/// Creates an app client with [`LIFETIME`]-second tokens (the local pool allows less than AWS's
/// 5-minute minimum) and returns a `config.json` for it.
async fn short_lived_client_config(pool: &PoolControl) -> Result<String> {
    let client = pool
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": POOL_ID,
                "ClientName": "e2e-short-lived",
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "AccessTokenValidity": LIFETIME,
                "IdTokenValidity": LIFETIME,
                "RefreshTokenValidity": 1,
                "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds", "RefreshToken": "days"},
                "ReadAttributes": ["email", "email_verified", "custom:role"],
                "PreventUserExistenceErrors": "ENABLED"
            }),
        )
        .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("no ClientId")?;
    assert_ne!(client_id, CLIENT_ID);
    Ok(json!({
        "region": "us-east-1",
        "userPoolId": POOL_ID,
        "clientId": client_id,
        "endpoint": "http://127.0.0.1:9229/",
        "tokenStorage": "local"
    })
    .to_string())
}

/// A 15-second access token: the app stays signed in across three expiries, with no user
/// action, renewing in the background; the pool counts the refreshes.
#[tokio::test]
async fn short_lived_tokens_renew_silently_across_three_expiries() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;

    with_harness_config(Some(config), async |h| {
        h.open("/sign-in?next=%2Fprofile").await?;
        h.sign_in("bob", "Bob-pass-12").await?;
        h.wait_for_text("main h1", "Your profile", 10).await?;
        let first_expiry = h.text_of("[data-field='access-expiry']").await?;
        let before = refresh_count(&pool).await?;

        // Three lifetimes and a bit, doing nothing.
        tokio::time::sleep(Duration::from_secs(3 * LIFETIME + 5)).await;

        let refreshes = refresh_count(&pool).await? - before;
        println!(
            "refreshes observed over {} s with {LIFETIME} s tokens: {refreshes}",
            3 * LIFETIME + 5
        );
        assert!(
            refreshes >= 3,
            "only {refreshes} refreshes in three lifetimes"
        );
        assert!(
            refreshes <= 8,
            "{refreshes} refreshes: the timer is not collapsing requests"
        );

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
        let errors = h.console_errors().await?;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
        Ok(())
    })
    .await
}

async fn refresh_count(pool: &PoolControl) -> Result<u64> {
    let stats = pool.stats().await?;
    Ok(stats["auth_flows"]["REFRESH_TOKEN_AUTH"]
        .as_u64()
        .unwrap_or(0))
}

/// Refreshes that fail on the network (a dropped connection, then a bare 503) keep the user
/// signed in; the app retries with backoff and the session carries on.
#[tokio::test]
async fn network_blips_during_refresh_do_not_sign_anyone_out() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    with_harness_config(Some(config), async |h| {
        h.open("/sign-in?next=%2Fprofile").await?;
        h.sign_in("carol", "Carol-pass-1").await?;
        h.wait_for_text("main h1", "Your profile", 10).await?;
        let before = refresh_count(&pool).await?;
        for error in ["drop", "http:503"] {
            pool.add_fault(json!({
                "operation": "InitiateAuth",
                "auth_flow": "REFRESH_TOKEN_AUTH",
                "count": 1,
                "error": error
            }))
            .await?;
        }

        // Past the first lifetime, through both failures and the backoff.
        tokio::time::sleep(Duration::from_secs(2 * LIFETIME + 5)).await;
        pool.clear_faults().await?;

        let attempts = refresh_count(&pool).await? - before;
        assert!(
            attempts >= 3,
            "{attempts} refresh attempts: expected 2 failures and a success"
        );
        assert_eq!(h.path().await?, "/profile", "still on the page");
        assert!(
            h.text_of("nav.site-nav").await?.contains("carol"),
            "still signed in"
        );
        h.click("nav.site-nav a[href='/']").await?;
        h.wait_for_text("main h1", "Welcome", 10).await?;
        h.click("nav.site-nav a.user").await?;
        h.wait_for_text("[data-attribute='email']", "carol@example.com", 10)
            .await?;
        Ok(())
    })
    .await
}
