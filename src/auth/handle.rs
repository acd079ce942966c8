//! The reactive handle: [`Auth`] in context, and [`use_auth`], which returns the session as a
//! small struct of signals ([`UseAuthReturn`]) the way leptos-use's `use_x` hooks do.

use super::runner::{Core, now};
use crate::config::AppConfig;
use cognito_session::{AccessToken, EndReason, Event, Session, SessionState};
use leptos::prelude::*;

/// How long [`Auth::access_token`] waits for a renewal before giving up: longer than one
/// request's timeout plus a first retry.
const ACCESS_TOKEN_WAIT_MS: f64 = 2.0 * super::REQUEST_TIMEOUT_MS as f64 + 5_000.0;

/// The session handle, `Copy` so views and closures can hold it: the actions (sign in, sign out,
/// an access token). Pages read the session through [`use_auth`]'s signals.
#[derive(Clone, Copy)]
pub struct Auth {
    pub(super) state: RwSignal<SessionState>,
    /// False until the stored session (if any) has been looked at: guards wait on it so
    /// nothing protected flashes, and the sign-in form does not flash either.
    pub(super) ready: RwSignal<bool>,
    /// Why the last session ended without the user asking, for the sign-in page to say.
    pub(super) ended: RwSignal<Option<EndReason>>,
    /// Another tab stored a session this signed-out tab is validating: wait, do not redirect.
    pub(super) syncing: RwSignal<bool>,
    pub(super) core: StoredValue<Core, LocalStorage>,
    /// Server mode: every action goes to `poolgate-server`'s `/api/` (`server_backend`).
    pub(super) server: bool,
}

/// What [`use_auth`] returns: the session's state as signals, and the handle for actions.
#[derive(Clone, Copy)]
pub struct UseAuthReturn {
    /// The signed-in session, `None` when signed out (or not known yet: see `is_settled`).
    pub session: Signal<Option<Session>>,
    /// Whether it is known who is signed in: the one readiness predicate of the guard, the
    /// navigation and `/sign-in` (see [`Auth::is_settled`]).
    pub is_settled: Signal<bool>,
    /// Renewal keeps failing and no usable token is left: show a non-blocking notice.
    pub is_reconnecting: Signal<bool>,
    /// Why the last session ended on its own, if it did.
    pub ended: Signal<Option<EndReason>>,
    /// Sign in and out, answer challenges, get an access token.
    pub auth: Auth,
}

/// The session provided by [`provide_auth`], as signals.
pub fn use_auth() -> UseAuthReturn {
    let auth = expect_context::<Auth>();
    UseAuthReturn {
        session: Signal::derive(move || auth.session()),
        is_settled: Signal::derive(move || auth.is_settled()),
        is_reconnecting: Signal::derive(move || auth.is_reconnecting()),
        ended: auth.ended.read_only().into(),
        auth,
    }
}

/// Creates the session for `config`, restores any stored session, and provides it in context.
pub fn provide_auth(config: &AppConfig) -> Auth {
    let auth = Auth::new(config);
    provide_context(auth);
    auth.start();
    auth
}

impl Auth {
    /// Whether `poolgate-server` signs people in (server mode).
    pub fn is_server_mode(self) -> bool {
        self.server
    }

    /// The signed-in session, tracked.
    fn session(self) -> Option<Session> {
        self.state.with(|s| s.session().cloned())
    }

    /// Whether it is known who is signed in (tracked). False while the stored session is first
    /// looked at, and while no session is usable but one is being restored or synced from
    /// another tab. A signed-in tab whose tokens are renewed (here or elsewhere) stays settled,
    /// so its pages keep their state.
    fn is_settled(self) -> bool {
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
    fn is_reconnecting(self) -> bool {
        self.state.with(|s| s.is_reconnecting(now()))
    }

    /// An access token that is valid now, renewing first when it is about to expire (also
    /// right after the machine woke from sleep). Awaits the session's state rather than polling,
    /// and gives up after [`ACCESS_TOKEN_WAIT_MS`]. `None` when nobody is signed in, the session
    /// ended while renewing, or renewal did not succeed in time.
    pub async fn access_token(self) -> Option<String> {
        if self.server {
            return None; // The server keeps the tokens.
        }
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
