//! Direct mode: the browser talks to Cognito itself and keeps the tokens. By concern:
//! - `runner`: runs the platform-neutral [`cognito_session::SessionMachine`], performs its
//!   effects (Cognito calls, storage, timers) and turns browser events into machine events;
//! - `keys`: the pool's keys and issuer, and the signature checks ([`signature`], WebCrypto);
//! - `tabs`, [`lock`], [`storage`], [`renewals`]: one session per browser (a Web Lock around
//!   refreshes, a renewal ledger in IndexedDB that the next lock holder reads, compare-and-delete
//!   storage, other tabs' changes adopted in place);
//! - `sign_in`, `custom_auth`, `profile`, `account`: the sign-in flows and self-service;
//! - [`transport`]: `fetch` with a timeout.

mod account;
mod custom_auth;
mod keys;
pub mod lock;
mod profile;
pub mod renewals;
mod runner;
mod sign_in;
pub mod signature;
pub mod storage;
mod tabs;
pub mod transport;

use crate::auth::SignedIn;
use crate::auth::clock::now;
use cognito_session::{AccessToken, ClaimsError, EndReason, Event, SessionState};
use leptos::prelude::*;
use runner::Core;

/// How long [`Direct::access_token`] waits for a renewal before giving up: longer than one
/// request's timeout plus a first retry.
const ACCESS_TOKEN_WAIT_MS: f64 = 2.0 * transport::REQUEST_TIMEOUT_MS as f64 + 5_000.0;

/// Direct mode's backend of the [`crate::auth::Auth`] handle: the session machine's state as
/// signals, and its effects' parts.
#[derive(Clone, Copy)]
pub(in crate::auth) struct Direct {
    state: RwSignal<SessionState>,
    /// False until the stored session (if any) has been looked at: guards wait on it so
    /// nothing protected flashes, and the sign-in form does not flash either.
    ready: RwSignal<bool>,
    /// Why the last session ended without the user asking, for the sign-in page to say.
    pub(in crate::auth) ended: RwSignal<Option<EndReason>>,
    /// Another tab stored a session this signed-out tab is validating: wait, do not redirect.
    syncing: RwSignal<bool>,
    core: StoredValue<Core, LocalStorage>,
}

/// Work that resumes after the app was unmounted finds its state gone: it stops quietly.
fn unmounted() -> ClaimsError {
    ClaimsError::Malformed("the app was unmounted".to_owned())
}

impl Direct {
    /// Who is signed in, tracked.
    pub(in crate::auth) fn signed_in(self) -> Option<SignedIn> {
        self.state.with(|s| s.session().map(SignedIn::from))
    }

    /// Whether it is known who is signed in (tracked). False while the stored session is first
    /// looked at, and while no session is usable but one is being restored or synced from
    /// another tab. A signed-in tab whose tokens are renewed (here or elsewhere) stays settled,
    /// so its pages keep their state.
    pub(in crate::auth) fn is_settled(self) -> bool {
        if !self.ready.get() {
            return false;
        }
        self.state.with(|s| match s {
            SessionState::SignedIn { .. } => true,
            SessionState::Restoring { .. } => false,
            _ => !self.syncing.get(),
        })
    }

    /// Renewal keeps failing and no usable token is left (tracked); the session is kept.
    pub(in crate::auth) fn is_reconnecting(self) -> bool {
        self.state.with(|s| s.is_reconnecting(now()))
    }

    /// An access token that is valid now, renewing first when it is about to expire (also
    /// right after the machine woke from sleep). Awaits the session's state rather than polling,
    /// and gives up after [`ACCESS_TOKEN_WAIT_MS`]. `None` when nobody is signed in, the session
    /// ended while renewing, or renewal did not succeed in time.
    pub(in crate::auth) async fn access_token(self) -> Option<String> {
        let deadline = js_sys::Date::now() + ACCESS_TOKEN_WAIT_MS;
        loop {
            let state = self.state.try_get_untracked()?;
            match state.fresh_access_token(now()) {
                AccessToken::Use(token) => return Some(token.to_owned()),
                AccessToken::SignedOut => return None,
                AccessToken::RefreshFirst => {
                    if !state.refresh_in_flight() {
                        self.dispatch(Event::RefreshRequested);
                    }
                    let left = deadline - js_sys::Date::now();
                    if left <= 0.0 {
                        return None;
                    }
                    self.state_changed(left).await;
                }
            }
        }
    }

    /// Resolves at the next state change, or after `timeout_ms`.
    async fn state_changed(self, timeout_ms: f64) {
        let mut resolver = None;
        let changed = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
        let Some(resolve) = resolver else { return };
        if self
            .core
            .try_update_value(|c| c.waiters.push(resolve))
            .is_none()
        {
            return;
        }
        let timeout = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                timeout_ms.min(i32::MAX as f64) as i32,
            );
        });
        let race = js_sys::Promise::race(&js_sys::Array::of2(&changed, &timeout));
        let _ = wasm_bindgen_futures::JsFuture::from(race).await;
    }
}
