//! End-to-end tests of Poolgate's release build: the app as people get it (`dist/`), in a
//! headless Chromium driven through chromedriver, against the local pool (or moto).
//!
//! A test starts a [`Harness`] with [`Harness::builder`] and runs in
//! [`HarnessBuilder::run`], which always ends the browser session, also when the test panics:
//!
//! ```no_run
//! use e2e::{Harness, PoolControl, Result};
//!
//! # async fn example() -> Result {
//! let pool = PoolControl::default();
//! pool.create_confirmed_user("dana1", "Dana-pass-12").await?;
//! Harness::builder()
//!     .run(async |h| {
//!         h.open("/sign-in").await?;
//!         h.sign_in("dana1", "Dana-pass-12").await?;
//!         h.wait_for_heading("Welcome", 10).await?;
//!         h.assert_no_console_errors().await
//!     })
//!     .await
//! # }
//! ```
//!
//! The modules, each with one job:
//! - `harness`: [`Harness`] and its builder. Chooses where the app comes from (the built app
//!   from `static_server`, or one someone else serves, such as a `poolgate-server`), starts
//!   `driver`, and closes the session.
//! - `static_server`: serves `dist/` as a static host does, optionally with another
//!   `config.json` or a slow `.wasm`.
//! - `driver`: the chromedriver process, Chromium's capabilities, and chromedriver's own
//!   commands (DevTools Protocol, console log).
//! - The page helpers, methods of [`Harness`] by what they do: `page` (find, read, type, click,
//!   wait for text), `tab` (load a page, other tabs, freeze a tab, the stored session),
//!   `steps` (the sign-in form, waiting on a step's focus and values), `console` (console
//!   errors), `accessibility` (the axe-core audit in both colour schemes). They import only
//!   `harness` and `driver`.
//! - [`pool`]: [`PoolControl`], the client of the local pool: Cognito calls (admin and public)
//!   and the `/_local` test controls (statistics, faults, outbox, clock); short-lived app
//!   clients. It knows nothing of the browser.
//! - Shared steps on top: [`mfa`] (TOTP, MFA set-up through the API), [`passwordless`] (sign-in
//!   codes), [`seed`] (the seed users and what each may see), `test_data` (fresh usernames,
//!   wrong codes).
//!
//! The pool is not started here: `scripts/test` runs it (in memory, test mode) on port 9229,
//! the endpoint the committed `config.json` and the page's CSP name, and runs the tests one at
//! a time (`--test-threads=1`).

mod accessibility;
mod console;
mod driver;
mod error;
mod harness;
pub mod mfa;
mod page;
pub mod passwordless;
pub mod pool;
pub mod seed;
mod static_server;
mod steps;
mod tab;
mod test_data;

pub use error::{Error, Result};
pub use harness::{AppSource, BuiltApp, Harness, HarnessBuilder, ServedApp, ServingApp};
pub use pool::{
    CLIENT_ID, LIFETIME, POOL_ID, POOL_URL, PoolControl, client_id_of, pool_url,
    short_lived_client_config, short_lived_rotating_client_config,
};
pub use static_server::dist_dir;
pub use test_data::{new_username, wrong_code};
