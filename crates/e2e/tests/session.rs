//! One session per browser, end to end: the refresh fault matrix against the local pool's fault
//! controls (each injected fault is proven to have fired), definitive answers, five tabs sharing
//! one refresh per token lifetime, sign-out and sign-in reaching other tabs, and pages that keep
//! their state while another tab renews.

use e2e::{
    Harness, LIFETIME, PoolControl, Result, client_id_of, short_lived_client_config,
    short_lived_rotating_client_config,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Tells the app the network is back: the session retries a failed refresh at once, but never
/// within its minimum gap of the last failure.
async fn signal_online(h: &Harness) -> Result {
    h.browser
        .execute("window.dispatchEvent(new Event('online'))", vec![])
        .await?;
    Ok(())
}

fn refresh_fault(client_id: &str, error: Option<&str>, latency_ms: u64) -> Value {
    let mut rule = json!({
        "operation": "InitiateAuth",
        "auth_flow": "REFRESH_TOKEN_AUTH",
        // This test's app client only: another test's tabs renewing meanwhile are not faulted.
        "client_id": client_id,
        "count": 1,
        "latency_ms": latency_ms
    });
    if let Some(error) = error {
        rule["error"] = json!(error);
    }
    rule
}

/// The transient refresh failures, in the order the pool answers the next refresh attempts:
/// each is one fault rule (count 1) whose id proves it fired.
const TRANSIENT_FAULTS: [(&str, Option<&str>, u64); 8] = [
    ("503 without body", Some("http:503"), 0),
    ("offline (dropped connection)", Some("drop"), 0),
    ("403 without body", Some("http:403"), 0),
    ("ForbiddenException", Some("ForbiddenException"), 0),
    (
        "TooManyRequestsException",
        Some("TooManyRequestsException"),
        0,
    ),
    ("408 without body", Some("http:408"), 0),
    (
        "500 InternalErrorException",
        Some("InternalErrorException"),
        0,
    ),
    // Hangs past the app's 10-second request timeout, which aborts it.
    ("hanging 60 s", None, 60_000),
];

/// Adds [`TRANSIENT_FAULTS`]; returns each one's name and rule id.
async fn add_transient_faults(
    pool: &PoolControl,
    config: &str,
) -> Result<Vec<(&'static str, u64)>> {
    let client_id = client_id_of(config)?;
    let mut rules = Vec::new();
    for (name, error, latency) in TRANSIENT_FAULTS {
        let rule = refresh_fault(&client_id, error, latency);
        rules.push((name, pool.add_fault(rule).await?));
    }
    Ok(rules)
}

/// Transient failures of the refresh, one after another, while the access token expires: the
/// user stays signed in on the same page, the refresh token survives every one of them, each
/// fault fires exactly once, retries keep a gap, and renewal then succeeds.
#[tokio::test]
async fn transient_refresh_failures_keep_the_session_and_the_refresh_token() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let stored = h.stored_session().await?.ok_or("nothing stored")?;
            let refresh_token = stored["refresh_token"].clone();

            let rules = add_transient_faults(&pool, &config).await?;
            let before = pool.refresh_count_for(&config).await?;
            let started = Instant::now();
            let mut attempts_at = Vec::new();
            let mut last_count = before;
            let deadline = started + Duration::from_secs(LIFETIME + 60);
            // Renewed once every fault fired and the stored access token changed.
            loop {
                let count = pool.refresh_count_for(&config).await?;
                if count > last_count {
                    attempts_at.push(started.elapsed());
                    last_count = count;
                }
                let current = h
                    .stored_session()
                    .await?
                    .ok_or("signed out: storage cleared")?;
                assert_eq!(
                    current["refresh_token"], refresh_token,
                    "refresh token kept"
                );
                let all_fired = count - before > rules.len() as u64;
                if all_fired && current["access_token"] != stored["access_token"] {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "no renewal after {attempts_at:?}"
                );
                signal_online(h).await?;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            for (name, id) in &rules {
                assert_eq!(pool.fault_fired(*id).await?, 1, "{name} fired once");
            }
            // Retries keep a gap. The session clock counts whole seconds, so a single step can be
            // shorter than a second, but never two in a row (the minimum gap is 2 s).
            for triple in attempts_at.windows(3) {
                assert!(
                    triple[2] - triple[0] >= Duration::from_millis(1_000),
                    "retries too close: {attempts_at:?}"
                );
            }
            println!("refresh attempts at {attempts_at:?}");
            assert_eq!(h.path().await?, "/profile", "still on the page");
            h.wait_for_heading("Your profile", 1).await?;
            assert!(h.text_of("nav.site-nav").await?.contains("carol"));
            // The renewed access token works (GetUser).
            h.click("nav.site-nav a[href='/']").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            h.click("nav.site-nav a.user").await?;
            h.wait_for_text("[data-attribute='email']", "carol@example.com", 10)
                .await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// Leaves the app (the stored session stays in localStorage) until the access token issued at
/// `signed_in_at` has expired by the browser's clock, so the next start must refresh first.
async fn away_until_the_access_token_expires(h: &Harness, signed_in_at: Instant) -> Result {
    h.browser.goto("about:blank").await?;
    let expired_at = signed_in_at + Duration::from_secs(LIFETIME + 1);
    tokio::time::sleep(expired_at.saturating_duration_since(Instant::now())).await;
    Ok(())
}

/// The same transient failures, but the access token has already expired and the app is being
/// restored after a reload: it keeps "restoring" (never the sign-in form), keeps the refresh
/// token through every fault, and shows the page once a refresh succeeds, without a reload.
#[tokio::test]
async fn transient_failures_during_a_restore_with_an_expired_access_token_keep_the_session()
-> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            let signed_in_at = Instant::now();
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let stored = h.stored_session().await?.ok_or("nothing stored")?;
            away_until_the_access_token_expires(h, signed_in_at).await?;

            let rules = add_transient_faults(&pool, &config).await?;
            let before = pool.refresh_count_for(&config).await?;
            h.open("/profile").await?;
            let deadline = Instant::now() + Duration::from_secs(LIFETIME + 60);
            let mut saw_reconnecting = false;
            loop {
                // Read in this order: a refresh that succeeds in between is seen by the later reads.
                let fired = pool.refresh_count_for(&config).await? - before;
                let heading = h.text_if_present("main h1").await?.unwrap_or_default();
                let current = h
                    .stored_session()
                    .await?
                    .ok_or("signed out: storage cleared")?;
                assert!(
                    current["refresh_token"] == stored["refresh_token"],
                    "refresh token replaced after {fired} attempts"
                );
                assert_ne!(heading, "Sign in", "the sign-in form during a restore");
                if fired <= rules.len() as u64 {
                    // No refresh has succeeded yet: the page may show (the stored session was
                    // verified), and once an attempt has failed it says the app is reconnecting.
                    let notice = h.text_if_present(".notice.reconnecting").await?;
                    saw_reconnecting |= notice.is_some_and(|n| n.starts_with("Reconnecting"));
                } else if heading == "Your profile" {
                    assert!(
                        current["access_token"] != stored["access_token"],
                        "shown, but the stored access token is the expired one"
                    );
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "not restored: {fired} refresh attempts"
                );
                signal_online(h).await?;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            for (name, id) in &rules {
                assert_eq!(pool.fault_fired(*id).await?, 1, "{name} fired once");
            }
            assert!(saw_reconnecting, "the reconnecting notice never showed");
            h.wait_until_gone(".notice.reconnecting", 10).await?;
            assert_eq!(h.path().await?, "/profile");
            h.wait_for_text("[data-attribute='email']", "carol@example.com", 10)
                .await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// A definitive answer during a restore: the refresh token was revoked while the app was
/// closed and the access token has expired, so the restore ends signed out, says why, and
/// clears storage.
#[tokio::test]
async fn a_refresh_token_revoked_while_away_signs_out_at_the_restore() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    let client_id = serde_json::from_str::<Value>(&config)?["clientId"].clone();
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            let signed_in_at = Instant::now();
            h.sign_in("bob", "Bob-pass-12").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let stored = h.stored_session().await?.ok_or("nothing stored")?;
            pool.admin(
                "RevokeToken",
                json!({ "Token": stored["refresh_token"], "ClientId": client_id }),
            )
            .await?;
            away_until_the_access_token_expires(h, signed_in_at).await?;
            let refreshes = pool.refresh_count_for(&config).await?;
            h.open("/profile").await?;
            h.wait_for_heading("Sign in", 10).await?;
            let notice = h.text_of("main .notice").await?;
            assert!(notice.contains("Your session has ended"), "{notice:?}");
            assert_eq!(h.stored_session().await?, None, "storage cleared");
            assert!(
                pool.refresh_count_for(&config).await? > refreshes,
                "the pool was asked (and refused)"
            );
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// A revoked refresh token is a definitive answer: the user is signed out, told why, and the
/// stored session is gone.
#[tokio::test]
async fn a_revoked_refresh_token_signs_out_and_says_so() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    let client_id = serde_json::from_str::<Value>(&config)?["clientId"].clone();
    Harness::builder()
        .config(config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("bob", "Bob-pass-12").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let stored = h.stored_session().await?.ok_or("nothing stored")?;
            pool.admin(
                "RevokeToken",
                json!({ "Token": stored["refresh_token"], "ClientId": client_id }),
            )
            .await?;
            // At the next renewal (within one lifetime) the pool refuses the token.
            h.wait_for_heading("Sign in", LIFETIME + 10).await?;
            let notice = h.text_of("main .notice").await?;
            assert!(notice.contains("Your session has ended"), "{notice:?}");
            assert_eq!(h.stored_session().await?, None, "storage cleared");
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// Five tabs with 15-second tokens share one refresh per token lifetime, counted at the pool for
/// this test's app client alone. Their timers meet at every expiry, so this is where a tab that
/// takes the lock just after another renewed, before that tab's `localStorage` write reached it,
/// would renew a second time (it did, about one run in four, before the renewal ledger).
#[tokio::test]
async fn five_tabs_send_one_refresh_per_token_lifetime() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("alice", "Alice-pass-1").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let mut tabs = vec![h.browser.window().await?];
            for _ in 0..4 {
                tabs.push(h.open_tab("/profile").await?);
                h.wait_for_heading("Your profile", 10).await?;
            }
            let before = pool.refresh_count_for(&config).await?;
            let started = Instant::now();
            let mut refreshes_at = Vec::new();
            let mut last = before;
            // Three lifetimes' worth of renewals, polled until a deadline.
            while refreshes_at.len() < 3 {
                assert!(
                    started.elapsed() < Duration::from_secs(3 * LIFETIME + 10),
                    "only {refreshes_at:?}"
                );
                let count = pool.refresh_count_for(&config).await?;
                for _ in last..count {
                    refreshes_at.push(started.elapsed());
                }
                last = count;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
            let total = pool.refresh_count_for(&config).await? - before;
            println!(
                "5 tabs: {total} refreshes in {:.1} s with {LIFETIME} s tokens, \
                 at {refreshes_at:?}",
                started.elapsed().as_secs_f64()
            );
            assert_eq!(total, 3, "one refresh per lifetime, at {refreshes_at:?}");
            for pair in refreshes_at.windows(2) {
                assert!(
                    pair[1] - pair[0] >= Duration::from_secs(LIFETIME / 2),
                    "two refreshes in one lifetime: {refreshes_at:?}"
                );
            }
            for tab in &tabs {
                h.switch_to(tab).await?;
                h.wait_for_heading("Your profile", 2).await?;
                assert!(h.text_of("nav.site-nav").await?.contains("alice"));
                h.assert_no_console_errors().await?;
            }
            Ok(())
        })
        .await
}

/// A page open in tab B keeps its state (its DOM is not re-rendered) while tab A renews.
#[tokio::test]
async fn a_page_in_another_tab_keeps_its_state_while_tokens_renew() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_client_config(&pool).await?;
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("bob", "Bob-pass-12").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let tab_a = h.browser.window().await?;
            let tab_b = h.open_tab("/profile").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let heading = h.element("main h1").await?;
            let expiry = h.text_of("[data-field='access-expiry']").await?;
            h.switch_to(&tab_a).await?;
            let before = pool.refresh_count_for(&config).await?;
            pool.wait_until("a renewal", LIFETIME + 5, async |p| {
                Ok(p.refresh_count_for(&config).await? > before)
            })
            .await?;
            h.switch_to(&tab_b).await?;
            h.wait_until_text_changes("[data-field='access-expiry']", &expiry, 5)
                .await?;
            // The same element is still in the page: a re-render would have made it stale.
            assert_eq!(heading.text().await?, "Your profile");
            assert_eq!(h.path().await?, "/profile");
            h.assert_no_console_errors().await
        })
        .await
}

/// Signing out in one tab signs the others out within a second; signing in reaches them too.
#[tokio::test]
async fn sign_out_and_sign_in_reach_the_other_tabs() -> Result {
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let tab_a = h.browser.window().await?;
            let tab_b = h.open_tab("/profile").await?;
            h.wait_for_heading("Your profile", 10).await?;

            h.switch_to(&tab_a).await?;
            h.click("nav.site-nav button.sign-out").await?;
            let signed_out_at = Instant::now();
            h.switch_to(&tab_b).await?;
            h.wait_for_heading("Sign in", 1).await?;
            let elapsed = signed_out_at.elapsed();
            println!("sign-out reached the other tab in {elapsed:?}");
            assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
            assert_eq!(h.path().await?, "/sign-in?next=%2Fprofile");

            // Sign in again in tab A: tab B, waiting on its sign-in page, follows to /profile.
            h.switch_to(&tab_a).await?;
            h.open("/sign-in").await?;
            h.sign_in("carol", "Carol-pass-1").await?;
            h.switch_to(&tab_b).await?;
            h.wait_for_heading("Your profile", 3).await?;
            assert!(h.text_of("nav.site-nav").await?.contains("carol"));
            h.assert_no_console_errors().await
        })
        .await
}

/// Rotation with a 0-second grace period: tab B is frozen while tab A rotates the refresh
/// token, then resumed. Nobody is signed out, and the stored refresh token still redeems.
#[tokio::test]
async fn a_frozen_tab_resumes_after_rotation_without_signing_anyone_out() -> Result {
    let pool = PoolControl::default();
    let config = short_lived_rotating_client_config(&pool).await?;
    let client_id = serde_json::from_str::<Value>(&config)?["clientId"].clone();
    Harness::builder()
        .config(&config)
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("bob", "Bob-pass-12").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let tab_a = h.browser.window().await?;
            let tab_b = h.open_tab("/profile").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let first = h.stored_session().await?.ok_or("nothing stored")?;
            // Count from here: the renewals while B is frozen are the ones that matter.
            let before = pool.refresh_count_for(&config).await?;
            h.set_lifecycle("frozen").await?;
            h.switch_to(&tab_a).await?;
            // Tab A rotates the refresh token (at least once) while B sleeps.
            pool.wait_until("a rotation", LIFETIME + 10, async |p| {
                Ok(p.refresh_count_for(&config).await? > before)
            })
            .await?;
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                let now = h.stored_session().await?.ok_or("storage cleared")?;
                if now["refresh_token"] != first["refresh_token"] {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the rotated token was never stored"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            h.switch_to(&tab_b).await?;
            h.set_lifecycle("active").await?;
            // Through B's overdue renewal and one more lifetime: both tabs stay signed in.
            tokio::time::sleep(Duration::from_secs(LIFETIME)).await;
            for tab in [&tab_b, &tab_a] {
                h.switch_to(tab).await?;
                h.wait_for_heading("Your profile", 2).await?;
                assert!(h.text_of("nav.site-nav").await?.contains("bob"));
            }
            // The stored refresh token is the live one.
            let stored = h.stored_session().await?.ok_or("storage cleared")?;
            let redeemed = reqwest::Client::new()
                .post(format!("{}/", pool.url()))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header(
                    "X-Amz-Target",
                    "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken",
                )
                .body(
                    json!({ "ClientId": client_id, "RefreshToken": stored["refresh_token"] })
                        .to_string(),
                )
                .send()
                .await?;
            assert!(
                redeemed.status().is_success(),
                "{:?}",
                redeemed.text().await?
            );
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
