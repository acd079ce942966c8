//! The browser side of the session: an [`Auth`] handle in context that runs the platform-neutral
//! [`SessionMachine`] and performs its effects (Cognito calls, storage, timers), and that turns
//! browser events (tab visible again, back online, another tab signing out) into machine events.

mod signature;
mod storage;
mod transport;

pub use signature::verify_rs256;
pub use storage::SessionStore;
pub use transport::FetchTransport;

use crate::config::AppConfig;
use cognito_session::wire::{
    AccessTokenRequest, AttributeType, AuthOutcome, AuthResponseExt, Challenge, ChallengeAnswer,
    ChallengeName, GlobalSignOutRequest, InitiateAuthRequest, RespondToAuthChallengeRequest,
    RevokeTokenRequest,
};
use cognito_session::{
    AccessToken, ClaimsError, CognitoClient, CognitoConfig, CognitoError, Effect, EndReason, Event,
    Jwks, RefreshFailure, RefreshMethod, RefreshPolicy, Session, SessionMachine, SessionState,
    StoredSession, TokenValidator,
};
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

/// Local wall-clock time in Unix seconds; the machine corrects it by the measured skew.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// How long to wait before trying to fetch the pool's keys again when offline.
const KEYS_RETRY_MS: u32 = 3_000;

/// 0–3 s of jitter so tabs that lost the network together do not retry together.
fn jitter() -> u64 {
    (js_sys::Math::random() * 4.0) as u64
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
}

impl From<CognitoError> for AuthError {
    fn from(error: CognitoError) -> Self {
        Self {
            message: error.message().to_owned(),
        }
    }
}

impl From<ClaimsError> for AuthError {
    fn from(error: ClaimsError) -> Self {
        // Never echoes the token; the detail helps whoever configures the pool.
        Self {
            message: format!("The sign-in answer could not be trusted ({error})."),
        }
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
    core: StoredValue<Core, LocalStorage>,
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
        let core = Core {
            machine: SessionMachine::new(TokenValidator::new(&cognito), policy),
            client: Rc::new(
                CognitoClient::new(cognito, FetchTransport).with_refresh_method(method),
            ),
            jwks: store.load_jwks(),
            jwks_unreachable: false,
            store,
            timer: None,
        };
        Self {
            state: RwSignal::new(SessionState::SignedOut),
            ready: RwSignal::new(false),
            ended: RwSignal::new(None),
            core: StoredValue::new_local(core),
        }
    }

    /// Restores the stored session, keeps the keys fresh and listens to the browser.
    fn start(self) {
        let have_keys = self.core.with_value(|c| c.jwks.is_some());
        spawn_local(async move {
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
            self.restore(stored).await;
        });
        self.listen_to_browser();
    }

    /// Hands a stored session to the machine once its signatures check out; a stored session
    /// that does not verify is deleted. When the keys cannot be fetched (offline), the check
    /// waits and retries: a network problem must not sign anyone out.
    async fn restore(self, stored: Option<StoredSession>) {
        let trusted = match stored {
            None => None,
            Some(stored) => loop {
                let tokens = [stored.id_token.as_str(), stored.access_token.as_str()];
                match self.verify_signatures(tokens).await {
                    Ok(()) => break Some(stored),
                    Err(ClaimsError::UnknownKeyId(_))
                        if self.core.with_value(|c| c.jwks_unreachable) =>
                    {
                        TimeoutFuture::new(KEYS_RETRY_MS).await;
                    }
                    Err(_) => {
                        self.core.with_value(|c| c.store.clear());
                        self.ended.set(Some(EndReason::InvalidStoredSession));
                        break None;
                    }
                }
            },
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
        // Another tab signed in, refreshed or signed out with the shared (local) storage.
        let storage = window_event_listener(leptos::ev::storage, move |event| {
            let ours = self
                .core
                .with_value(|c| Some(c.store.session_key().to_owned()) == event.key());
            if ours {
                self.sync_from_other_tab();
            }
        });
        on_cleanup(move || {
            visible.remove();
            online.remove();
            storage.remove();
            self.core.update_value(|c| c.timer = None);
        });
    }

    fn sync_from_other_tab(self) {
        match self.core.with_value(|c| c.store.load()) {
            // Signed out elsewhere: end here too, without revoking (that tab did).
            None => {
                self.state.set(SessionState::SignedOut);
                self.core.update_value(|c| c.timer = None);
            }
            Some(stored) => {
                let current = self.state.get_untracked().session().map(Session::to_stored);
                if current.as_ref() != Some(&stored) {
                    self.state.set(SessionState::SignedOut);
                    spawn_local(self.restore(Some(stored)));
                }
            }
        }
    }

    /// The signed-in session, tracked.
    pub fn session(&self) -> Option<Session> {
        self.state.with(|s| s.session().cloned())
    }

    /// Whether the stored session has been looked at (tracked).
    pub fn is_ready(&self) -> bool {
        self.ready.get()
    }

    /// Whether it is known who is signed in: the stored session has been looked at and is not
    /// being renewed (tracked). Until then, show nothing that depends on the session.
    pub fn is_settled(&self) -> bool {
        self.ready.get()
            && !self
                .state
                .with(|s| matches!(s, SessionState::Restoring { .. }))
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
    }

    fn perform(self, effect: Effect) {
        match effect {
            Effect::StartRefresh { refresh_token } => spawn_local(self.refresh(refresh_token)),
            Effect::Persist(stored) => self.core.with_value(|c| c.store.save(&stored)),
            Effect::ClearStorage => self.core.with_value(|c| c.store.clear()),
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

    /// One silent refresh, reported back to the machine.
    async fn refresh(self, refresh_token: String) {
        let event = match self.client().refresh(&refresh_token).await {
            Ok(result) => match self.accept(&result, Some(&refresh_token)).await {
                Ok(session) => Event::RefreshSucceeded(session),
                Err(error) => {
                    Event::RefreshFailed(RefreshFailure::from_claims_error(&error, jitter()))
                }
            },
            Err(error) => Event::RefreshFailed(RefreshFailure::from_error(&error, jitter())),
        };
        self.dispatch(event);
    }

    /// Validates new tokens: signatures here, claims in the machine.
    async fn accept(
        self,
        result: &cognito_session::wire::AuthenticationResult,
        previous_refresh_token: Option<&str>,
    ) -> Result<Session, ClaimsError> {
        let id_token = result.id_token.as_deref().unwrap_or_default();
        self.verify_signatures([id_token, &result.access_token])
            .await?;
        self.core
            .with_value(|c| c.machine.accept(result, previous_refresh_token, now()))
    }

    /// Verifies both tokens' RS256 signatures. A key id we do not know yet means the pool
    /// rotated its keys (or they were never loaded), so the JWKS is fetched again, once.
    async fn verify_signatures(self, tokens: [&str; 2]) -> Result<(), ClaimsError> {
        let mut refetched = false;
        loop {
            let jwks = self.core.with_value(|c| c.jwks.clone()).unwrap_or_default();
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
        self.core.update_value(|c| {
            c.jwks_unreachable = fetched.is_err();
            if let Ok(jwks) = &fetched {
                c.store.save_jwks(jwks);
                c.jwks = Some(jwks.clone());
            }
        });
        fetched.map(drop)
    }

    async fn fetch_jwks(self) -> Result<Jwks, String> {
        let url = self.client().config().jwks_url();
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
        let challenge = self.pending_challenge()?;
        let mut request = RespondToAuthChallengeRequest::new_password(&challenge, new_password);
        for (name, value) in attributes {
            request.insert_response(format!("userAttributes.{name}"), value.clone());
        }
        self.answer(challenge, request).await
    }

    /// Answers an MFA challenge with the one-time code.
    pub async fn submit_mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        let challenge = self.pending_challenge()?;
        let request = RespondToAuthChallengeRequest::mfa_code(&challenge, code);
        self.answer(challenge, request).await
    }

    /// Abandons a pending challenge and returns to the sign-in form.
    pub fn cancel_challenge(self) {
        self.dispatch(Event::ChallengeCancelled);
    }

    fn pending_challenge(self) -> Result<Challenge, AuthError> {
        match self.state.get_untracked() {
            SessionState::ChallengePending(challenge) => Ok(challenge),
            _ => Err(AuthError {
                message: "This sign-in step expired. Please sign in again.".into(),
            }),
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
                self.ready.set(true);
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
            None => Err(AuthError {
                message: "The user pool sent an answer this app does not understand.".into(),
            }),
        }
    }

    /// An access token that is valid now, refreshing first when it is about to expire.
    /// `None` when nobody is signed in (or the session ended while refreshing).
    pub async fn access_token(self) -> Option<String> {
        // Bounded: a refresh that keeps failing leaves the session usable-until-expiry, and
        // callers get `None` rather than waiting forever.
        for _ in 0..600 {
            let state = self.state.try_get_untracked()?;
            match state.fresh_access_token(now()) {
                AccessToken::Use(token) => return Some(token.to_owned()),
                AccessToken::SignedOut => return None,
                AccessToken::RefreshFirst => {
                    if !state.refresh_in_flight() {
                        self.dispatch(Event::RefreshRequested);
                    }
                    TimeoutFuture::new(50).await;
                }
            }
        }
        None
    }

    /// The user's attributes from the pool (GetUser), with a fresh access token.
    pub async fn user_attributes(self) -> Result<Vec<AttributeType>, AuthError> {
        let Some(access_token) = self.access_token().await else {
            return Err(AuthError {
                message: "You are signed out.".into(),
            });
        };
        let user = self
            .client()
            .get_user(&AccessTokenRequest { access_token })
            .await?;
        Ok(user.user_attributes)
    }

    /// Signs out of this browser: forgets the tokens and revokes the refresh token.
    pub fn sign_out(self) {
        self.ended.set(None);
        self.dispatch(Event::SignOutRequested);
    }

    /// Signs out of every device (GlobalSignOut), then locally.
    pub async fn sign_out_everywhere(self) -> Result<(), AuthError> {
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
