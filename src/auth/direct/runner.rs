//! The effects runner: builds the [`SessionMachine`] for the configuration, feeds it events
//! (start-up restore, timers, the browser's visibility, online, focus and input events) and
//! performs the effects it asks for (refresh under the browser-wide lock, storage, timers,
//! revocation). Its async work stops when the app is unmounted (see [`UntilUnmounted`]).

use super::keys::Keys;
use super::storage::SessionStore;
use super::transport::FetchTransport;
use super::{Direct, lock, renewals};
use crate::auth::clock::{jitter, now};
use crate::auth::until_unmounted::UntilUnmounted;
use crate::config::{DirectConfig, IssuerSource, TokenStorage};
use cognito_session::wire::RevokeTokenRequest;
use cognito_session::{
    ClaimsError, CognitoClient, CognitoConfig, Effect, EndReason, Event, RefreshFailure,
    RefreshMethod, RefreshPolicy, SessionMachine, SessionState, StoredSession, TokenValidator,
};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// How long a tab that holds the refresh lock waits for another tab's renewal to reach its
/// storage when the renewal ledger says one was stored: up to `POLLS × POLL_MS` (2 s).
const STORAGE_PROPAGATION_POLLS: u32 = 80;
const STORAGE_PROPAGATION_POLL_MS: u32 = 25;

/// Parts that live in the browser's single thread (not `Send`).
pub(super) struct Core {
    pub(super) client: Rc<CognitoClient<FetchTransport>>,
    pub(super) machine: SessionMachine,
    pub(super) store: SessionStore,
    pub(super) keys: Keys,
    /// The stored session as this tab last read or wrote it: anything else in storage was
    /// written by another tab.
    pub(super) last_seen: Option<StoredSession>,
    /// The Web Lock every tab of this pool and client refreshes under.
    lock_name: String,
    /// Whether tabs share the stored session (`localStorage`), and so the renewal ledger.
    shared_storage: bool,
    /// `resolve` functions of [`Auth::access_token`]'s waits, called on every state change.
    pub(super) waiters: Vec<js_sys::Function>,
    pub(super) timer: Option<Timeout>,
}

impl Direct {
    pub(in crate::auth) fn new(config: &DirectConfig) -> Self {
        let cognito = CognitoConfig::new(&config.region, &config.user_pool_id, &config.client_id)
            .with_endpoint(&config.endpoint);
        let method = if config.refresh_token_rotation {
            RefreshMethod::GetTokensFromRefreshToken
        } else {
            RefreshMethod::InitiateAuth
        };
        let policy = RefreshPolicy {
            margin: config.refresh_margin_secs,
            ..RefreshPolicy::default()
        };
        let store = SessionStore::new(
            config.token_storage,
            &config.user_pool_id,
            &config.client_id,
        );
        // Until a discovery document answers, a cached answer from an earlier visit stands in.
        let (issuer, discovery_url) = match &config.issuer {
            IssuerSource::Known(issuer) => (Some(issuer.clone()), None),
            IssuerSource::Discover(url) => (store.load_issuer(), Some(url.clone())),
        };
        let mut validator = TokenValidator::new(&cognito);
        if let Some(issuer) = &issuer {
            validator.set_issuer(issuer.as_str());
        }
        let core = Core {
            machine: SessionMachine::new(validator, policy),
            client: Rc::new(
                CognitoClient::new(cognito, FetchTransport).with_refresh_method(method),
            ),
            keys: Keys::new(store.load_jwks(), discovery_url, issuer.is_some()),
            last_seen: None,
            lock_name: format!(
                "poolgate.refresh.{}.{}",
                config.user_pool_id, config.client_id
            ),
            shared_storage: config.token_storage == TokenStorage::Local,
            waiters: Vec::new(),
            store,
            timer: None,
        };
        Self {
            state: RwSignal::new(SessionState::SignedOut),
            ready: RwSignal::new(false),
            ended: RwSignal::new(None),
            syncing: RwSignal::new(false),
            core: StoredValue::new_local(core),
        }
    }

    /// False once the app is unmounted: async work checks it and stops.
    pub(super) fn alive(self) -> bool {
        self.state.try_get_untracked().is_some()
    }

    /// Runs `work` until it ends or the app is unmounted ([`UntilUnmounted`]).
    pub(super) fn spawn(self, work: impl Future<Output = ()> + 'static) {
        spawn_local(UntilUnmounted::new(self.ready, work));
    }

    /// Restores the stored session, keeps the keys fresh and listens to the browser.
    pub(in crate::auth) fn start(self) {
        let have_keys = self.core.with_value(|c| c.keys.jwks.is_some());
        let stored = self.core.with_value(|c| c.store.load());
        self.core.update_value(|c| c.last_seen = stored.clone());
        self.spawn(async move {
            // A discovered issuer is refreshed in the background like the keys.
            self.spawn(async move {
                let _ = self.discover_issuer().await;
            });
            if have_keys || stored.is_none() {
                // Keys cached by an earlier visit validate the stored session right away (also
                // offline: a network blip must not sign a returning user out), and with nothing
                // stored there is nothing to validate: a first visit shows the sign-in form
                // without waiting for the keys. Fresh keys follow in the background (a sign-in
                // that needs them before they arrive fetches them itself).
                self.spawn(async move {
                    let _ = self.refresh_jwks().await;
                });
            } else {
                let _ = self.refresh_jwks().await;
            }
            self.restore(stored).await;
        });
        self.listen_to_browser();
    }

    /// Hands a stored session to the machine once its signatures check out; a stored session
    /// that does not verify is deleted (compare-and-delete). While the keys or the issuer
    /// cannot be fetched (offline, an HTTP error), the check waits and retries with capped
    /// backoff: a network problem must not sign anyone out.
    async fn restore(self, stored: Option<StoredSession>) {
        let trusted = match stored {
            None => None,
            Some(stored) => {
                let mut attempt = 0;
                loop {
                    if !self.alive() {
                        return;
                    }
                    match self.verify_stored(&stored).await {
                        Ok((verified, _)) => break Some(verified),
                        Err(ClaimsError::UnknownKeyId(_)) if self.keys_unavailable() => {
                            attempt += 1;
                            let delay = self
                                .core
                                .with_value(|c| c.machine.policy().retry_delay(attempt, jitter()));
                            TimeoutFuture::new((delay * 1000) as u32).await;
                        }
                        Err(_) => {
                            self.core
                                .with_value(|c| c.store.clear_if_holds(&stored.refresh_token));
                            self.ended.set(Some(EndReason::InvalidStoredSession));
                            break None;
                        }
                    }
                }
            }
        };
        self.dispatch(Event::Restore(trusted));
        self.ready.set(true);
    }

    fn listen_to_browser(self) {
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.dispatch(Event::BecameVisible);
            }
        });
        let online =
            window_event_listener_untyped("online", move |_| self.dispatch(Event::CameOnline));
        // After a sleep, the first focus or user action renews an overdue session before the
        // page uses a token (timers do not run while the machine sleeps).
        let wake = move |_| {
            if self.renewal_overdue() {
                self.dispatch(Event::BecameVisible);
            }
        };
        let focus = window_event_listener_untyped("focus", wake);
        let pageshow = window_event_listener_untyped("pageshow", wake);
        let pointer = window_event_listener_untyped("pointerdown", wake);
        let key = window_event_listener_untyped("keydown", wake);
        let other_tabs = self.listen_to_other_tabs();
        on_cleanup(move || {
            for handle in [visible, online, focus, pageshow, pointer, key] {
                handle.remove();
            }
            other_tabs.remove();
            self.core.try_update_value(|c| {
                c.timer = None;
                c.waiters.clear();
            });
        });
    }

    /// Whether the proactive refresh or a retry is past due (e.g. after the machine slept).
    fn renewal_overdue(self) -> bool {
        let now = now();
        self.state
            .try_with_untracked(|state| {
                self.core
                    .with_value(|c| c.machine.next_refresh_at(state, now))
                    .is_some_and(|at| at <= now)
            })
            .unwrap_or(false)
    }

    /// Applies `event` to the machine and performs the resulting effects.
    pub(super) fn dispatch(self, event: Event) {
        let Some(current) = self.state.try_get_untracked() else {
            return; // The app was unmounted; late timers and responses have nowhere to go.
        };
        let Some((next, effects)) = self
            .core
            .try_with_value(|c| c.machine.step(current, event, now()))
        else {
            return;
        };
        self.state.set(next);
        for effect in effects {
            self.perform(effect);
        }
        let waiters = self
            .core
            .try_update_value(|c| std::mem::take(&mut c.waiters))
            .unwrap_or_default();
        for resolve in waiters {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }

    fn perform(self, effect: Effect) {
        match effect {
            Effect::StartRefresh { refresh_token } => self.spawn(self.refresh(refresh_token)),
            Effect::Persist(stored) => self.core.update_value(|c| {
                c.store.save(&stored);
                c.last_seen = Some(stored);
            }),
            Effect::ClearStorage { only_if } => self.core.update_value(|c| {
                match only_if {
                    Some(rejected) => c.store.clear_if_holds(&rejected),
                    None => c.store.clear(),
                }
                c.last_seen = c.store.load();
            }),
            Effect::ScheduleTimer { at } => {
                let delay_ms = at
                    .saturating_sub(now())
                    .saturating_mul(1000)
                    .min(u32::MAX as u64) as u32;
                let timer = Timeout::new(delay_ms, move || self.dispatch(Event::TimerFired));
                self.core.update_value(|c| c.timer = Some(timer));
            }
            Effect::CancelTimer => self.core.update_value(|c| c.timer = None),
            Effect::RevokeRefreshToken { refresh_token } => {
                let client = self.client();
                // Not tied to the app's lifetime: it touches no signal, and a sign-out should
                // revoke even when the app is unmounted right after. Best effort: the local
                // sign-out already happened.
                spawn_local(async move {
                    let _ = client
                        .revoke_token(&RevokeTokenRequest {
                            token: refresh_token,
                            ..Default::default()
                        })
                        .await;
                });
            }
            Effect::SessionEnded(reason) => self.ended.set(Some(reason)),
        }
    }

    pub(super) fn client(self) -> Rc<CognitoClient<FetchTransport>> {
        self.core.with_value(|c| Rc::clone(&c.client))
    }

    /// One silent refresh under the browser-wide lock, reported back to the machine.
    async fn refresh(self, refresh_token: String) {
        let Some((lock_name, shared)) = self
            .core
            .try_with_value(|c| (c.lock_name.clone(), c.shared_storage))
        else {
            return;
        };
        // The outcome is applied (persisted) and entered in the ledger before the lock is
        // released, so the next holder knows of it.
        lock::with_lock(&lock_name.clone(), async move {
            if shared {
                self.await_newest_renewal(&lock_name).await;
            }
            let Some(event) = self.refresh_locked(refresh_token).await else {
                return;
            };
            let renewed = match &event {
                Event::RefreshSucceeded(session) => Some(session.access_claims().expires_at),
                _ => None,
            };
            self.dispatch(event);
            if let (true, Some(exp)) = (shared, renewed) {
                renewals::record(&lock_name, exp).await;
            }
        })
        .await;
    }

    /// When the renewal ledger is ahead of this tab's storage, another tab has just renewed and
    /// its `localStorage` write has not reached this tab yet ([`renewals`] says why): waits for
    /// it (bounded) so that the storage re-read adopts it instead of renewing again.
    async fn await_newest_renewal(self, lock_name: &str) {
        let Some(newest) = renewals::newest(lock_name).await else {
            return;
        };
        for _ in 0..STORAGE_PROPAGATION_POLLS {
            let behind = self
                .core
                .try_with_value(|c| {
                    c.store
                        .load()
                        .and_then(|stored| stored.access_expiry_unchecked())
                        .is_some_and(|exp| exp < newest)
                })
                .unwrap_or(false);
            let still_needed = self
                .state
                .try_with_untracked(SessionState::refresh_in_flight)
                .unwrap_or(false);
            if !behind || !still_needed {
                return;
            }
            TimeoutFuture::new(STORAGE_PROPAGATION_POLL_MS).await;
        }
    }

    /// The refresh itself, while holding the lock. `None` when it is no longer needed.
    async fn refresh_locked(self, ours: String) -> Option<Event> {
        // Adopted another tab's tokens while waiting for the lock: nothing left to do.
        if !self
            .state
            .try_with_untracked(SessionState::refresh_in_flight)?
        {
            return None;
        }
        // Another tab may have renewed while this one waited: use its tokens, or at least its
        // (possibly rotated) refresh token.
        let mut refresh_token = ours;
        if let Some(newer) = self.newer_in_storage()
            && let Ok(session) = self.trust_stored(&newer).await
        {
            if self
                .core
                .try_with_value(|c| c.machine.is_fresh(&session, now()))?
            {
                self.core.try_update_value(|c| c.last_seen = Some(newer));
                return Some(Event::Adopt(session));
            }
            refresh_token = newer.refresh_token;
        }
        let client = self.core.try_with_value(|c| Rc::clone(&c.client))?;
        let event = match client.refresh(&refresh_token).await {
            Ok(result) => match self.accept(&result, Some(&refresh_token)).await {
                Ok(session) => Event::RefreshSucceeded(session),
                Err(error) => {
                    Event::RefreshFailed(RefreshFailure::from_claims_error(&error, jitter()))
                }
            },
            Err(error) => Event::RefreshFailed(RefreshFailure::from_error(&error, jitter())),
        };
        // A definitive refusal (e.g. a reused rotated token) ends nothing while storage holds
        // a newer session from another tab.
        if let Event::RefreshFailed(RefreshFailure::Definitive(_)) = event
            && let Some(newer) = self.newer_in_storage()
            && let Ok(session) = self.trust_stored(&newer).await
        {
            self.core.try_update_value(|c| c.last_seen = Some(newer));
            return Some(Event::Adopt(session));
        }
        Some(event)
    }
}
