//! The release build, served over HTTP, renders and routes in Chromium with no console errors.

use e2e::{Result, with_harness};
use fantoccini::Locator;

#[tokio::test]
async fn release_build_renders_routes_and_logs_no_errors() -> Result {
    with_harness(async |h| {
        h.open("/").await?;
        assert!(h.text_of(".site-header .brand").await?.contains("Poolgate"));
        h.wait_for_text("main h1", "Welcome", 10).await?;

        // Client-side navigation through the header link.
        h.browser
            .find(Locator::Css("nav.site-nav a[href='/sign-in']"))
            .await?
            .click()
            .await?;
        h.wait_for_text("main h1", "Sign in", 10).await?;
        assert_eq!(h.path().await?, "/sign-in");

        // A deep link is served by the SPA fallback and routed by the app.
        h.open("/no/such/page").await?;
        h.wait_for_text("main h1", "Page not found", 10).await?;

        let errors = h.console_errors().await?;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
        Ok(())
    })
    .await
}
