//! A start while the pool is unreachable recovers by itself once it answers again: the stored
//! session is kept (never signed out for a network problem) and the page appears without a
//! reload.

use e2e::{Harness, PoolControl, Result};
use serde_json::json;
use std::time::{Duration, Instant};

/// Chrome DevTools Protocol `Network.setBlockedURLs` for the pool's origin only: the app's own
/// files still load (`Network.emulateNetworkConditions` offline would block the page itself, so
/// the app could not start at all), while every request to the pool fails like a dropped
/// network.
#[tokio::test]
async fn a_start_while_the_pool_is_unreachable_recovers_when_it_returns() -> Result {
    let pool = PoolControl::default();
    Harness::builder()
        .run(async |h| {
            h.open("/sign-in?next=%2Fprofile").await?;
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Your profile", 10).await?;
            let stored = h.stored_session().await?.ok_or("nothing stored")?;
            // Forget the cached keys so the restart must reach the pool to trust the session.
            h.browser
                .execute(
                    "for (const k of Object.keys(localStorage)) \
                       if (k.startsWith('poolgate.jwks.') || k.startsWith('poolgate.issuer.')) \
                         localStorage.removeItem(k); return null;",
                    vec![],
                )
                .await?;
            h.cdp("Network.enable", json!({})).await?;
            h.cdp(
                "Network.setBlockedURLs",
                json!({ "urls": [format!("{}/*", pool.url())] }),
            )
            .await?;

            h.open("/profile").await?;
            h.wait_for_text("main", "Restoring your session", 10)
                .await?;
            // Unreachable for a while: still waiting, never the sign-in form, nothing deleted.
            tokio::time::sleep(Duration::from_secs(3)).await;
            assert!(
                h.text_of("main").await?.contains("Restoring your session"),
                "still restoring"
            );
            assert_eq!(
                h.stored_session().await?.as_ref(),
                Some(&stored),
                "the stored session survives"
            );

            let back = Instant::now();
            h.cdp("Network.setBlockedURLs", json!({ "urls": [] }))
                .await?;
            h.wait_for_heading("Your profile", 30).await?;
            println!(
                "signed in {:.1} s after the pool became reachable, without a reload",
                back.elapsed().as_secs_f64()
            );
            assert!(h.text_of("nav.site-nav").await?.contains("carol"));
            h.assert_only_failed_requests_in_console().await
        })
        .await
}
