//! The release build, served over HTTP, renders and routes in Chromium with no console errors.

use e2e::{Harness, PoolControl, Result};
use std::time::Duration;

#[tokio::test]
async fn release_build_renders_routes_and_logs_no_errors() -> Result {
    Harness::builder()
        .run(async |h| {
            // A deep link is served by the SPA fallback and routed by the app.
            h.open("/no/such/page").await?;
            assert!(h.text_of(".site-header .brand").await?.contains("Poolgate"));
            h.wait_for_text("main h1", "Page not found", 10).await?;
            assert!(
                h.text_of(".site-footer")
                    .await?
                    .contains("us-east-1_LocalPool")
            );

            // Client-side navigation through the header link.
            h.wait_for_text("nav.site-nav", "Sign in", 10).await?;
            h.click("nav.site-nav a[href='/sign-in']").await?;
            h.wait_for_text("main h1", "Sign in", 10).await?;
            assert_eq!(h.path().await?, "/sign-in");

            // The home page needs a session: signed-out visitors are sent to sign in.
            h.open("/").await?;
            h.wait_for_text("main h1", "Sign in", 10).await?;
            assert_eq!(h.path().await?, "/sign-in?next=%2F");

            let errors = h.console_errors().await?;
            assert!(errors.is_empty(), "console errors: {errors:#?}");
            Ok(())
        })
        .await
}

/// On a slow network (the harness holds the `.wasm` back for 4 s), a signed-out visitor of `/`
/// sees index.html's copy of the sign-in form before the app runs, and can type into it: what
/// was typed, and the focus, carry over to the app's own form, which then signs in. A visitor
/// with a stored session never sees it.
#[tokio::test]
async fn the_sign_in_form_shows_before_the_app_and_keeps_what_was_typed() -> Result {
    Harness::builder()
        .wasm_delay(Duration::from_secs(4))
        .run(async |h| {
            h.browser.goto("about:blank").await?;
            h.start_loading("/").await?;
            let early = h.element("#prerendered input[name='username']").await?;
            assert!(early.is_displayed().await?, "the early form is shown");
            assert_eq!(h.text_of("#prerendered h1").await?, "Sign in");
            h.type_into("#prerendered input[name='username']", "alice")
                .await?;
            h.type_into("#prerendered input[name='password']", "Alice-pass-1")
                .await?;
            // Typed before the app ran: the early copy was still there afterwards.
            assert!(h.text_if_present("#prerendered h1").await?.is_some());

            h.wait_until_gone("#prerendered", 20).await?;
            assert_eq!(h.value_of("input[name='username']").await?, "alice");
            assert_eq!(h.value_of("input[name='password']").await?, "Alice-pass-1");
            let focused = h
                .browser
                .execute("return document.activeElement.id", vec![])
                .await?;
            assert_eq!(focused, "password", "the focus stays in the password field");
            assert_eq!(h.path().await?, "/sign-in?next=%2F");
            h.click("form button[type='submit']").await?;
            h.wait_for_text("nav.site-nav", "alice", 10).await?;
            assert_eq!(h.path().await?, "/");

            // Signed in now: a reload of `/` shows no early sign-in form at all, polled across the
            // 4 s the app takes to arrive.
            h.browser.goto("about:blank").await?;
            h.start_loading("/").await?;
            for _ in 0..45 {
                let shown = h
                    .browser
                    .execute(
                        "const e = document.getElementById('prerendered'); \
                         return !!e && getComputedStyle(e).display !== 'none'",
                        vec![],
                    )
                    .await?;
                assert_eq!(shown, false, "no sign-in form for a stored session");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            h.wait_for_text("nav.site-nav", "alice", 20).await?;
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// Pressing Enter in the early form sends nothing before the app runs (the pool sees no
/// sign-in while the copy is up); the app then signs in with what was typed, with no second
/// press.
#[tokio::test]
async fn a_submit_in_the_early_form_signs_in_once_the_app_runs() -> Result {
    let pool = PoolControl::default();
    let sign_ins = async || -> Result<u64> {
        Ok(pool.stats().await?["auth_flows"]["USER_PASSWORD_AUTH"]
            .as_u64()
            .unwrap_or(0))
    };
    Harness::builder()
        .wasm_delay(Duration::from_secs(4))
        .run(async |h| {
            h.browser.goto("about:blank").await?;
            h.start_loading("/sign-in").await?;
            h.type_into("#prerendered input[name='username']", "bob")
                .await?;
            h.type_into("#prerendered input[name='password']", "Bob-pass-12\n")
                .await?;
            let before = sign_ins().await?;
            h.element("#prerendered form[data-submitted]").await?;
            assert_eq!(
                h.attr_of("#prerendered button[type='submit']", "aria-busy")
                    .await?
                    .as_deref(),
                Some("true")
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
            assert!(
                h.text_if_present("#prerendered h1").await?.is_some(),
                "the app is not running yet"
            );
            assert_eq!(
                sign_ins().await?,
                before,
                "nothing sent before the app runs"
            );

            h.wait_for_text("nav.site-nav", "bob", 20).await?;
            assert_eq!(sign_ins().await?, before + 1);
            assert_eq!(h.path().await?, "/");
            h.assert_only_failed_requests_in_console().await
        })
        .await
}

/// When the WebAssembly cannot be fetched (blocked here through the DevTools Protocol), the early
/// sign-in form, which could never send anything, goes, and the page says the app could not start.
#[tokio::test]
async fn a_failed_start_replaces_the_early_form_with_a_message() -> Result {
    Harness::builder()
        .run(async |h| {
            h.browser.goto("about:blank").await?;
            h.cdp("Network.enable", serde_json::json!({})).await?;
            h.cdp(
                "Network.setBlockedURLs",
                serde_json::json!({ "urls": ["*.wasm"] }),
            )
            .await?;
            h.start_loading("/sign-in").await?;
            h.wait_for_text("#start-failed", "could not start", 20)
                .await?;
            h.wait_until_gone("#prerendered", 5).await?;
            assert!(h.element("#start-failed").await?.is_displayed().await?);
            assert_eq!(
                h.attr_of("#start-failed", "role").await?.as_deref(),
                Some("alert")
            );
            Ok(())
        })
        .await
}
