//! The running [`Harness`] (an app, a chromedriver and a headless Chromium session open on
//! the app) and the [`HarnessBuilder`] that starts one.
//!
//! ```no_run
//! # async fn example(config: String, server_url: String) -> e2e::Result {
//! use e2e::Harness;
//! // The built app, with another app client's config.json:
//! Harness::builder().config(config).run(async |h| h.open("/sign-in").await).await?;
//! // An app someone else serves (here a poolgate-server the test started):
//! Harness::served_at(&server_url).run(async |h| h.open("/").await).await?;
//! # Ok(())
//! # }
//! ```

use crate::driver::Chromedriver;
use crate::error::Result;
use crate::static_server::{Overrides, StaticServer, serve_dist};
use fantoccini::Client;
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

/// A running app, driver and browser session.
///
/// Its page helpers (`open`, `click`, `wait_for_heading`, `audit_accessibility`, …) are in
/// `page.rs`, `tab.rs`, `steps.rs`, `console.rs` and `accessibility.rs`. The session must be ended with
/// [`close`](Self::close), also when a test fails, or Chromium outlives the driver:
/// [`HarnessBuilder::run`] does that.
pub struct Harness {
    /// The WebDriver session, for what the helpers do not cover (scripts, windows, `goto`).
    pub browser: Client,
    /// The app's origin, without a trailing slash.
    pub app_url: String,
    // Killed when the harness is dropped, after `close` ended the session.
    _chromedriver: Chromedriver,
    _static_server: Option<StaticServer>,
}

impl Harness {
    /// A builder for a harness on the built app (`$POOLGATE_DIST`, default `<workspace>/dist`),
    /// served by the harness itself as it was built.
    pub fn builder() -> HarnessBuilder<BuiltApp> {
        HarnessBuilder {
            app: BuiltApp(Overrides::default()),
        }
    }

    /// A builder for a harness on an app someone else serves at `url` (e.g. a
    /// `poolgate-server` the test started): that server answers `/config.json` and every
    /// `.wasm` itself, so this builder has no `config` or `wasm_delay` to ignore.
    pub fn served_at(url: &str) -> HarnessBuilder<ServedApp> {
        HarnessBuilder {
            app: ServedApp {
                url: url.trim_end_matches('/').to_owned(),
            },
        }
    }

    /// Ends the browser session; call it even when a test fails, or Chromium outlives the driver.
    pub async fn close(self) -> Result {
        self.browser.close().await?;
        Ok(())
    }
}

/// Chooses what a [`Harness`] opens, then starts it. Start with [`Harness::builder`] or
/// [`Harness::served_at`].
#[must_use = "a builder does nothing until `run` or `start`"]
pub struct HarnessBuilder<A> {
    app: A,
}

impl HarnessBuilder<BuiltApp> {
    /// Serves `config` (a `config.json` text) instead of the built one, e.g. for another app
    /// client of the same pool.
    pub fn config(mut self, config: impl Into<String>) -> Self {
        self.app.0.config = Some(config.into());
        self
    }

    /// Holds every `.wasm` answer back for `delay`: a slow network, so that a test sees the
    /// page before the app runs.
    pub fn wasm_delay(mut self, delay: Duration) -> Self {
        self.app.0.wasm_delay = delay;
        self
    }
}

impl<A: AppSource> HarnessBuilder<A> {
    /// Serves the app (if the harness serves it), starts chromedriver and opens Chromium.
    /// Prefer [`run`](Self::run), which also closes the browser.
    pub async fn start(self) -> Result<Harness> {
        let app = self.app.serve().await?;
        let chromedriver = Chromedriver::start().await?;
        let browser = chromedriver.open_chromium().await?;
        Ok(Harness {
            browser,
            app_url: app.url,
            _chromedriver: chromedriver,
            _static_server: app.server,
        })
    }

    /// Starts a harness, runs `test` on it and always closes the browser afterwards, also when
    /// `test` fails or panics (a failed `assert!` panics: it goes on once the browser is
    /// closed); returns what `test` returns.
    pub async fn run<T>(self, test: impl AsyncFnOnce(&Harness) -> Result<T>) -> Result<T> {
        let harness = self.start().await?;
        let outcome = AssertUnwindSafe(test(&harness)).catch_unwind().await;
        let closed = harness.close().await;
        match outcome {
            Ok(result) => result.and_then(|value| closed.map(|()| value)),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// The built app, served by the harness with its [`Overrides`].
pub struct BuiltApp(Overrides);

/// An app someone else serves.
pub struct ServedApp {
    url: String,
}

/// Where the browser finds the app: [`BuiltApp`] or [`ServedApp`], chosen on the
/// [`HarnessBuilder`].
pub trait AppSource {
    /// Starts serving the app if the harness is the one to serve it.
    fn serve(self) -> impl Future<Output = Result<ServingApp>> + Send;
}

/// Where a served app is, and the harness's static server if it serves it.
pub struct ServingApp {
    url: String,
    server: Option<StaticServer>,
}

impl AppSource for BuiltApp {
    async fn serve(self) -> Result<ServingApp> {
        let server = serve_dist(self.0).await?;
        Ok(ServingApp {
            url: format!("http://{}", server.addr),
            server: Some(server),
        })
    }
}

impl AppSource for ServedApp {
    async fn serve(self) -> Result<ServingApp> {
        Ok(ServingApp {
            url: self.url,
            server: None,
        })
    }
}
