//! The release build, served over HTTP, renders and routes in Chromium with no console errors.

use e2e::{Result, with_harness};

#[tokio::test]
async fn release_build_renders_routes_and_logs_no_errors() -> Result {
    with_harness(async |h| {
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
