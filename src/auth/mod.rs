//! The browser side of the session: an [`Auth`] handle in context that runs the platform-neutral
//! [`SessionMachine`] and performs its effects (Cognito calls, storage, timers), and that turns
//! browser events (tab visible again, back online, focus, another tab's sign-in, renewal or
//! sign-out) into machine events.
//!
//! One session per browser: refreshes run under a Web Lock ([`lock`]); inside it the tab
//! re-reads storage and adopts what another tab stored instead of calling Cognito; a definitive
//! refusal first looks for a newer stored session; clearing storage is compare-and-delete.
//! Other tabs' changes arrive through the `storage` event and are adopted in place.

mod account;
mod lock;
mod server_backend;
mod signature;
mod storage;
mod transport;

pub use account::{CodeSent, SignedUp};
pub use lock::{has_web_locks, with_lock};
pub use server_backend::{ApiFailure, api, parse as parse_answer};
pub use signature::verify_rs256;
pub use storage::SessionStore;
pub use transport::{FetchTransport, REQUEST_TIMEOUT_MS};

use crate::config::{AppConfig, IssuerSource};
use cognito_session::wire::{
    AccessTokenRequest, AttributeType, AuthOutcome, AuthResponseExt, Challenge, ChallengeAnswer,
    ChallengeName, GlobalSignOutRequest, InitiateAuthRequest, RespondToAuthChallengeRequest,
    RevokeTokenRequest,
};
use cognito_session::{
    AccessToken, ClaimsError, CognitoClient, CognitoConfig, CognitoError, Effect, EndReason,
    ErrorKind, Event, Jwks, RefreshFailure, RefreshMethod, RefreshPolicy, Session, SessionMachine,
    SessionState, StoredSession, TokenValidator, UserAction, newer_stored_session,
};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Local wall-clock time in Unix seconds; the machine corrects it by the measured skew.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// How long [`Auth::access_token`] waits for a renewal before giving up: longer than one
/// request's timeout plus a first retry.
const ACCESS_TOKEN_WAIT_MS: f64 = 2.0 * REQUEST_TIMEOUT_MS as f64 + 5_000.0;

/// 0–3 s of jitter so tabs that lost the network together do not retry together.
fn jitter() -> u64 {
    (js_sys::Math::random() * 4.0) as u64
}

/// Work that resumes after the app was unmounted finds its state gone: it stops quietly.
fn unmounted() -> ClaimsError {
    ClaimsError::Malformed("the app was unmounted".to_owned())
}

/// What a sign-in step needs next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in.
    Done,
    /// The user must choose a new password (and fill these required attributes).
    NewPassword { required_attributes: Vec<String> },
    /// The user must type a one-time code (authenticator app, SMS or e-mail).
    MfaCode(ChallengeName),
    /// A challenge this app does not handle.
    Unsupported(String),
}

/// A failed sign-in step, with a message for the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    pub message: String,
    /// What the person must do first, when the pool says so (confirm the account, reset the
    /// password): the page moves them to that step.
    pub action: Option<UserAction>,
}

impl AuthError {
    /// An error the app itself reports (no pool answer behind it).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            action: None,
        }
    }
}

impl From<CognitoError> for AuthError {
    fn from(error: CognitoError) -> Self {
        Self {
            message: crate::text::cognito_error(&error),
            action: match error.kind() {
                ErrorKind::UserActionRequired(action) => Some(action),
                _ => None,
            },
        }
    }
}

impl From<ClaimsError> for AuthError {
    fn from(error: ClaimsError) -> Self {
        Self::new(crate::text::untrusted_answer(&error))
    }
}

/// Parts that live in the browser's single thread (not `Send`).
struct Core {
    client: Rc<CognitoClient<FetchTransport>>,
    machine: SessionMachine,
    store: SessionStore,
    /// The pool's public keys, for [`verify_rs256`]; `None` until loaded.
    jwks: Option<Jwks>,
    /// Whether the last attempt to fetch the keys failed (network), as opposed to succeeding
    /// without the key a token names (a token not signed by this pool).
    jwks_unreachable: bool,
    /// The endpoint's OpenID discovery document, when the issuer is learnt from it.
    discovery_url: Option<String>,
    /// Whether the validator holds the expected issuer (from config, discovery or its cache).
    issuer_known: bool,
    /// The stored session as this tab last read or wrote it: anything else in storage was
    /// written by another tab.
    last_seen: Option<StoredSession>,
    /// The Web Lock every tab of this pool and client refreshes under.
    lock_name: String,
    /// `resolve` functions of [`Auth::state_changed`] promises, called on every state change.
    waiters: Vec<js_sys::Function>,
    timer: Option<Timeout>,
}

/// The session handle, `Copy` so views and closures can hold it. Get it with [`use_auth`].
#[derive(Clone, Copy)]
pub struct Auth {
    state: RwSignal<SessionState>,
    /// False until the stored session (if any) has been looked at: guards wait on it so
    /// nothing protected flashes, and the sign-in form does not flash either.
    ready: RwSignal<bool>,
    /// Why the last session ended without the user asking, for the sign-in page to say.
    ended: RwSignal<Option<EndReason>>,
    /// Another tab stored a session this signed-out tab is validating: wait, do not redirect.
    syncing: RwSignal<bool>,
    core: StoredValue<Core, LocalStorage>,
    /// Server mode: every method goes to `poolgate-server`'s `/api/` ([`server_backend`]).
    server: bool,
}

/// The session handle provided by [`provide_auth`].
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Creates the session for `config`, restores any stored session, and provides it in context.
pub fn provide_auth(config: &AppConfig) -> Auth {
    let auth = Auth::new(config);
    provide_context(auth);
    auth.start();
    auth
}

impl Auth {
    fn new(config: &AppConfig) -> Self {
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
            jwks: store.load_jwks(),
            jwks_unreachable: false,
            discovery_url,
            issuer_known: issuer.is_some(),
            last_seen: None,
            lock_name: format!(
                "poolgate.refresh.{}.{}",
                config.user_pool_id, config.client_id
            ),
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
            server: config.is_server_mode(),
        }
    }

    /// False once the app is unmounted: async work checks it and stops.
    fn alive(self) -> bool {
        self.state.try_get_untracked().is_some()
    }

    /// Restores the stored session, keeps the keys fresh and listens to the browser.
    fn start(self) {
        if self.server {
            return self.start_server();
        }
        let have_keys = self.core.with_value(|c| c.jwks.is_some());
        spawn_local(async move {
            // A discovered issuer is refreshed in the background like the keys.
            spawn_local(async move {
                let _ = self.discover_issuer().await;
            });
            if have_keys {
                // Keys cached by an earlier visit validate the stored session right away (also
                // offline: a network blip must not sign a returning user out); fresh keys follow.
                spawn_local(async move {
                    let _ = self.refresh_jwks().await;
                });
            } else {
                let _ = self.refresh_jwks().await;
            }
            let stored = self.core.with_value(|c| c.store.load());
            self.core.update_value(|c| c.last_seen = stored.clone());
            self.restore(stored).await;
        });
        self.listen_to_browser();
    }

    /// Learns the expected issuer from the endpoint's OpenID discovery document, when the
    /// configuration says to (a Cognito-compatible server other than AWS), and caches it.
    async fn discover_issuer(self) -> Result<(), String> {
        #[derive(serde::Deserialize)]
        struct Discovery {
            issuer: String,
        }
        let Some(Some(url)) = self.core.try_with_value(|c| c.discovery_url.clone()) else {
            return Ok(());
        };
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        let discovery: Discovery = response.json().await.map_err(|e| e.to_string())?;
        let issuer = discovery.issuer.trim_end_matches('/').to_owned();
        self.core.try_update_value(|c| {
            c.store.save_issuer(&issuer);
            c.machine.validator_mut().set_issuer(issuer.as_str());
            c.issuer_known = true;
        });
        Ok(())
    }

    /// Hands a stored session to the machine once its signatures check out; a stored session
    /// that does not verify is deleted (compare-and-delete). While the keys or the issuer
    /// cannot be fetched (offline, an HTTP error), the check waits and retries with capped
    /// backoff: a network problem must not sign anyone out. Stops when the app is unmounted.
    async fn restore(self, stored: Option<StoredSession>) {
        let trusted = match stored {
            None => None,
            Some(stored) => {
                let mut attempt = 0;
                loop {
                    if !self.alive() {
                        return;
                    }
                    match self.trust_stored(&stored).await {
                        Ok(_) => break Some(stored),
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

    /// Whether validation is stuck on the network: the keys or the discovered issuer could not
    /// be fetched.
    fn keys_unavailable(self) -> bool {
        self.core
            .with_value(|c| c.jwks_unreachable || !c.issuer_known)
    }

    /// Verifies a stored session's signatures and claims (not expiry) into a [`Session`]. The
    /// issuer is discovered first when it is not known yet.
    async fn trust_stored(self, stored: &StoredSession) -> Result<Session, ClaimsError> {
        let issuer_known = self
            .core
            .try_with_value(|c| c.issuer_known)
            .ok_or_else(unmounted)?;
        if !issuer_known && self.discover_issuer().await.is_err() {
            // Reported like missing keys: retry later, never a reason to delete anything.
            return Err(ClaimsError::UnknownKeyId(None));
        }
        self.verify_signatures([stored.id_token.as_str(), stored.access_token.as_str()])
            .await?;
        self.core
            .try_with_value(|c| c.machine.decode_stored(stored))
            .ok_or_else(unmounted)?
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
        // Another tab signed in, renewed or signed out with the shared (local) storage.
        let storage = window_event_listener(leptos::ev::storage, move |event| {
            let ours = self
                .core
                .with_value(|c| Some(c.store.session_key().to_owned()) == event.key());
            if ours {
                spawn_local(self.sync_from_other_tab());
            }
        });
        on_cleanup(move || {
            for handle in [visible, online, focus, pageshow, pointer, key] {
                handle.remove();
            }
            storage.remove();
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

    /// Adopts what another tab stored, without leaving the page: new tokens of the same user
    /// replace ours in place; a sign-in reaches a signed-out tab (which waits, "syncing",
    /// instead of showing the sign-in form); a removal signs this tab out without revoking.
    async fn sync_from_other_tab(self) {
        let Some((stored, last_seen)) = self
            .core
            .try_with_value(|c| (c.store.load(), c.last_seen.clone()))
        else {
            return;
        };
        match newer_stored_session(last_seen.as_ref(), stored.clone()) {
            None if stored.is_none() => {
                self.core.update_value(|c| c.last_seen = None);
                self.dispatch(Event::StoredSessionRemoved);
            }
            None => {}
            Some(newer) => {
                let waiting = self.state.with_untracked(|s| s.session().is_none());
                self.syncing.set(waiting);
                if let Ok(session) = self.trust_stored(&newer).await {
                    self.adopt(session);
                }
                let _ = self.syncing.try_set(false);
                let _ = self.ready.try_set(true);
            }
        }
    }

    /// Takes over a validated session another tab stored.
    fn adopt(self, session: Session) {
        self.core
            .try_update_value(|c| c.last_seen = Some(session.to_stored()));
        let _ = self.ended.try_set(None);
        self.dispatch(Event::Adopt(session));
    }

    /// Whether `poolgate-server` signs people in (server mode).
    pub fn is_server_mode(&self) -> bool {
        self.server
    }

    /// The signed-in session, tracked.
    pub fn session(&self) -> Option<Session> {
        self.state.with(|s| s.session().cloned())
    }

    /// Whether it is known who is signed in (tracked): the one readiness predicate of the
    /// guard, the navigation and `/sign-in`. False while the stored session is first looked
    /// at, and while no session is usable but one is being restored or synced from another
    /// tab. A signed-in tab whose tokens are renewed (here or elsewhere) stays settled, so
    /// its pages keep their state.
    pub fn is_settled(&self) -> bool {
        if !self.ready.get() {
            return false;
        }
        self.state.with(|s| match s {
            SessionState::SignedIn { .. } => true,
            SessionState::Restoring { .. } => false,
            _ => !self.syncing.get(),
        })
    }

    /// Renewal keeps failing and no usable token is left (tracked): show a non-blocking
    /// "reconnecting…" notice; the session is kept.
    pub fn is_reconnecting(&self) -> bool {
        self.state.with(|s| s.is_reconnecting(now()))
    }

    /// Why the last session ended on its own, if it did (tracked).
    pub fn ended(&self) -> Option<EndReason> {
        self.ended.get()
    }

    /// Applies `event` to the machine and performs the resulting effects.
    fn dispatch(self, event: Event) {
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
            Effect::StartRefresh { refresh_token } => spawn_local(self.refresh(refresh_token)),
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
                spawn_local(async move {
                    // Best effort: local sign-out already happened.
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

    fn client(self) -> Rc<CognitoClient<FetchTransport>> {
        self.core.with_value(|c| Rc::clone(&c.client))
    }

    /// One silent refresh under the browser-wide lock, reported back to the machine.
    async fn refresh(self, refresh_token: String) {
        let Some(lock_name) = self.core.try_with_value(|c| c.lock_name.clone()) else {
            return;
        };
        // The outcome is applied (and persisted) before the lock is released, so the next
        // holder's storage re-read sees it.
        lock::with_lock(&lock_name, async move {
            if let Some(event) = self.refresh_locked(refresh_token).await {
                self.dispatch(event);
            }
        })
        .await;
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

    /// The stored session, if another tab changed it since this one last looked.
    fn newer_in_storage(self) -> Option<StoredSession> {
        self.core
            .try_with_value(|c| newer_stored_session(c.last_seen.as_ref(), c.store.load()))
            .flatten()
    }

    /// Validates new tokens: signatures here, claims in the machine.
    async fn accept(
        self,
        result: &cognito_session::wire::AuthenticationResult,
        previous_refresh_token: Option<&str>,
    ) -> Result<Session, ClaimsError> {
        if !self
            .core
            .try_with_value(|c| c.issuer_known)
            .ok_or_else(unmounted)?
        {
            // Without the issuer nothing can be trusted; treated like a missing key (retried).
            self.discover_issuer()
                .await
                .map_err(|_| ClaimsError::UnknownKeyId(None))?;
        }
        let id_token = result.id_token.as_deref().unwrap_or_default();
        self.verify_signatures([id_token, &result.access_token])
            .await?;
        self.core
            .try_with_value(|c| c.machine.accept(result, previous_refresh_token, now()))
            .ok_or_else(unmounted)?
    }

    /// Verifies both tokens' RS256 signatures. A key id we do not know yet means the pool
    /// rotated its keys (or they were never loaded), so the JWKS is fetched again, once.
    async fn verify_signatures(self, tokens: [&str; 2]) -> Result<(), ClaimsError> {
        let mut refetched = false;
        loop {
            let jwks = self
                .core
                .try_with_value(|c| c.jwks.clone())
                .ok_or_else(unmounted)?
                .unwrap_or_default();
            let mut outcome = Ok(());
            for token in tokens {
                outcome = verify_rs256(token, &jwks).await;
                if outcome.is_err() {
                    break;
                }
            }
            match outcome {
                Err(ClaimsError::UnknownKeyId(_)) if !refetched => {
                    refetched = true;
                    if self.refresh_jwks().await.is_err() {
                        return outcome;
                    }
                }
                other => return other,
            }
        }
    }

    async fn refresh_jwks(self) -> Result<(), String> {
        let fetched = self.fetch_jwks().await;
        self.core.try_update_value(|c| {
            c.jwks_unreachable = fetched.is_err();
            if let Ok(jwks) = &fetched {
                c.store.save_jwks(jwks);
                c.jwks = Some(jwks.clone());
            }
        });
        fetched.map(drop)
    }

    async fn fetch_jwks(self) -> Result<Jwks, String> {
        let url = self
            .core
            .try_with_value(|c| c.client.config().jwks_url())
            .ok_or("unmounted")?;
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        response.json().await.map_err(|e| e.to_string())
    }

    /// Signs in with USER_PASSWORD_AUTH.
    pub async fn sign_in(self, username: &str, password: &str) -> Result<SignInStep, AuthError> {
        if self.server {
            return self.server_sign_in(username, password).await;
        }
        self.ended.set(None);
        let request = InitiateAuthRequest::user_password(username, password);
        let response = self.client().initiate_auth(&request).await?;
        self.settle(response.into_outcome(username)).await
    }

    /// Answers NEW_PASSWORD_REQUIRED with the new password and any required attributes
    /// (names without the `userAttributes.` prefix).
    pub async fn choose_new_password(
        self,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInStep, AuthError> {
        if self.server {
            return self.server_new_password(new_password, attributes).await;
        }
        let challenge = self.pending_challenge()?;
        let mut request = RespondToAuthChallengeRequest::new_password(&challenge, new_password);
        for (name, value) in attributes {
            request.insert_response(format!("userAttributes.{name}"), value.clone());
        }
        self.answer(challenge, request).await
    }

    /// Answers an MFA challenge with the one-time code.
    pub async fn submit_mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        if self.server {
            return self.server_mfa_code(code).await;
        }
        let challenge = self.pending_challenge()?;
        let request = RespondToAuthChallengeRequest::mfa_code(&challenge, code);
        self.answer(challenge, request).await
    }

    /// Abandons a pending challenge and returns to the sign-in form.
    pub fn cancel_challenge(self) {
        if self.server {
            return self.server_sign_out();
        }
        self.dispatch(Event::ChallengeCancelled);
    }

    fn pending_challenge(self) -> Result<Challenge, AuthError> {
        match self.state.get_untracked() {
            SessionState::ChallengePending(challenge) => Ok(challenge),
            _ => Err(AuthError::new(crate::text::STEP_EXPIRED)),
        }
    }

    async fn answer(
        self,
        challenge: Challenge,
        request: RespondToAuthChallengeRequest,
    ) -> Result<SignInStep, AuthError> {
        let response = self.client().respond_to_auth_challenge(&request).await?;
        self.settle(response.into_outcome(&challenge.username))
            .await
    }

    /// Turns an InitiateAuth / RespondToAuthChallenge answer into the next step.
    async fn settle(self, outcome: Option<AuthOutcome>) -> Result<SignInStep, AuthError> {
        match outcome {
            Some(AuthOutcome::Authenticated(result)) => {
                let session = self.accept(&result, None).await?;
                self.dispatch(Event::SignedIn(session));
                let _ = self.ready.try_set(true);
                Ok(SignInStep::Done)
            }
            Some(AuthOutcome::Challenge(challenge)) => {
                let step = match &challenge.name {
                    ChallengeName::NewPasswordRequired => SignInStep::NewPassword {
                        required_attributes: required_attributes(&challenge),
                    },
                    name @ (ChallengeName::SoftwareTokenMfa
                    | ChallengeName::SmsMfa
                    | ChallengeName::EmailOtp) => SignInStep::MfaCode(name.clone()),
                    other => SignInStep::Unsupported(format!("{other:?}")),
                };
                self.dispatch(Event::ChallengeIssued(challenge));
                Ok(step)
            }
            None => Err(AuthError::new(crate::text::UNKNOWN_ANSWER)),
        }
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

    /// The user's attributes from the pool (GetUser), with a fresh access token.
    pub async fn user_attributes(self) -> Result<Vec<AttributeType>, AuthError> {
        if self.server {
            return self.server_attributes();
        }
        let Some(access_token) = self.access_token().await else {
            return Err(AuthError::new(crate::text::SIGNED_OUT));
        };
        let user = self
            .client()
            .get_user(&AccessTokenRequest { access_token })
            .await?;
        Ok(user.user_attributes)
    }

    /// Signs out of this browser: forgets the tokens and revokes the refresh token.
    pub fn sign_out(self) {
        if self.server {
            return self.server_sign_out();
        }
        self.ended.set(None);
        self.dispatch(Event::SignOutRequested);
    }

    /// Signs out of every device (GlobalSignOut), then locally.
    pub async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        if self.server {
            return self.server_sign_out_everywhere().await;
        }
        if let Some(token) = self.access_token().await {
            self.client()
                .global_sign_out(&GlobalSignOutRequest {
                    access_token: token,
                })
                .await?;
        }
        self.sign_out();
        Ok(())
    }
}

/// `requiredAttributes` of NEW_PASSWORD_REQUIRED: a JSON array of `userAttributes.<name>`.
fn required_attributes(challenge: &Challenge) -> Vec<String> {
    challenge
        .parameters
        .get("requiredAttributes")
        .and_then(|json| serde_json::from_str::<Vec<String>>(json).ok())
        .unwrap_or_default()
        .into_iter()
        .map(|name| name.trim_start_matches("userAttributes.").to_owned())
        .collect()
}
