//! Server mode: the same [`Auth`] handle, backed by `poolgate-server`'s `/api/` instead of
//! Cognito. The server signs people in and keeps the tokens; this tab holds only what
//! `GET /api/session` reports (username, e-mail, role, groups, expiry times) as a
//! [`SignedIn`], and an `HttpOnly` cookie it cannot read.
//!
//! The session is re-read after each sign-in step, when the reported access token expires,
//! when the tab becomes visible or gains focus, and every [`POLL_MS`] while visible, so a role
//! or group an administrator changed reaches open tabs within seconds. Only an answer from the
//! server signs anyone out: a network failure or a 5xx keeps what the tab has (and may show the
//! "reconnecting" notice once the reported access token has expired).

use super::clock::now;
use super::passwordless::{CodeRequest, passwordless_error};
use super::steps::step_for;
use super::until_unmounted::UntilUnmounted;
use super::{AuthError, SignInStep, SignedIn};
use cognito_session::wire::{AttributeType, Challenge, ChallengeName, StringMap};
use cognito_session::{CognitoError, EndReason, Operation};
use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// How often a visible tab re-reads the session (role and group changes, remote sign-outs).
pub const POLL_MS: u32 = 5_000;
/// A request (with its body) taking longer is aborted and counts as a network failure.
const API_TIMEOUT_MS: u32 = 10_000;

/// A failed `/api/` call: Cognito's error shape from the server, or no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// The HTTP status; 0 when the request never got an answer (network, time-out).
    pub status: u16,
    /// `__type` of the answer (`NotAuthorizedException`, …); empty without one.
    pub kind: String,
    /// The server's `message`, for the sentences that quote it.
    pub message: String,
}

impl ApiFailure {
    fn network(why: impl ToString) -> Self {
        Self {
            status: 0,
            kind: String::new(),
            message: why.to_string(),
        }
    }

    /// The pool's error the server passed on, as a sign-in step's [`CognitoError`], so that it
    /// reads as in direct mode.
    pub fn as_sign_in_error(&self) -> CognitoError {
        let body = serde_json::json!({ "__type": self.kind, "message": self.message });
        CognitoError::from_response(
            Operation::RespondToAuthChallenge,
            false,
            self.status,
            &body.to_string(),
            None,
        )
    }

    /// Whether the server answered definitively (a 4xx), as opposed to a network failure, a
    /// time-out or a 5xx, after which the tab keeps what it has.
    pub fn is_definitive(&self) -> bool {
        (400..500).contains(&self.status) && self.status != 429
    }
}

/// A refusal on the passwordless path: the pool's answer, passed on by the server, in the same
/// words as in direct mode; a failure of the server itself in the server's words.
fn code_refusal(failure: ApiFailure, request: CodeRequest) -> AuthError {
    if failure.kind.is_empty() || !failure.is_definitive() {
        return failure.into();
    }
    passwordless_error(&failure.as_sign_in_error(), request)
}

impl From<ApiFailure> for AuthError {
    fn from(failure: ApiFailure) -> Self {
        AuthError::new(crate::text::server::api_error(&failure))
    }
}

/// Cognito's error shape, as the server answers it.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(rename = "__type", default)]
    kind: String,
    #[serde(default)]
    message: String,
}

/// One JSON call to this origin's `/api/`: same-origin credentials (the session cookie),
/// `X-Poolgate: 1` (the server refuses state-changing requests without it), never cached.
/// `body` is JSON text; the answer's text is returned for the caller's typed parse.
pub async fn api(method: &str, path: &str, body: Option<String>) -> Result<String, ApiFailure> {
    use gloo_net::http::{Method, RequestBuilder};
    let controller = web_sys::AbortController::new().map_err(|_| ApiFailure::network("abort"))?;
    let abort = controller.clone();
    let _deadline = Timeout::new(API_TIMEOUT_MS, move || abort.abort());
    let method = match method {
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    };
    let builder = RequestBuilder::new(&format!("/api/{path}"))
        .method(method)
        .header("X-Poolgate", "1")
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(ApiFailure::network)?;
    let response = request.send().await.map_err(ApiFailure::network)?;
    let status = response.status();
    let text = response.text().await.map_err(ApiFailure::network)?;
    if response.ok() {
        return Ok(text);
    }
    let error: ErrorBody = serde_json::from_str(&text).unwrap_or_default();
    Err(ApiFailure {
        status,
        kind: error.kind,
        message: error.message,
    })
}

/// Parses an answer of [`api`]; an answer of another shape counts as a server fault.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    serde_json::from_str(text).map_err(|e| ApiFailure {
        status: 502,
        kind: String::new(),
        message: e.to_string(),
    })
}

/// `GET /api/session` and the sign-in answers.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionView {
    signed_in: bool,
    #[serde(default)]
    challenge: Option<ChallengeView>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    access_expires_at: Option<u64>,
    #[serde(default)]
    id_expires_at: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct ChallengeView {
    name: ChallengeName,
    #[serde(default)]
    parameters: StringMap,
    #[serde(default)]
    username: String,
}

/// What the server says about this tab's session.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Known {
    SignedIn(SignedIn),
    Challenge(Challenge),
    SignedOut,
}

/// Server mode's backend of the [`super::Auth`] handle: what the server last reported.
#[derive(Clone, Copy)]
pub(super) struct Server {
    state: RwSignal<Known>,
    /// False until the server first answered `GET /api/session`.
    ready: RwSignal<bool>,
    /// Why the last session ended without the user asking, for the sign-in page to say.
    pub(super) ended: RwSignal<Option<EndReason>>,
    /// The re-read planned for just after the reported access token expires.
    reread_timer: StoredValue<Option<Timeout>, LocalStorage>,
}

fn interpret(text: &str) -> Option<Known> {
    let view: SessionView = serde_json::from_str(text).ok()?;
    Some(match (view.signed_in, view.challenge) {
        // The server's times are on its clock; this tab's clock is assumed close to it.
        (true, _) => Known::SignedIn(SignedIn::new(
            view.username?,
            view.email,
            view.role,
            view.groups,
            view.access_expires_at?,
            view.id_expires_at?,
        )),
        (false, Some(challenge)) => Known::Challenge(Challenge {
            name: challenge.name,
            session: None,
            parameters: challenge.parameters,
            username: challenge.username,
        }),
        (false, None) => Known::SignedOut,
    })
}

impl Server {
    pub(super) fn new() -> Self {
        Self {
            state: RwSignal::new(Known::SignedOut),
            ready: RwSignal::new(false),
            ended: RwSignal::new(None),
            reread_timer: StoredValue::new_local(None),
        }
    }

    /// Runs `work` until it ends or the app is unmounted ([`UntilUnmounted`]).
    fn spawn(self, work: impl std::future::Future<Output = ()> + 'static) {
        spawn_local(UntilUnmounted::new(self.ready, work));
    }

    /// Who is signed in, tracked.
    pub(super) fn signed_in(self) -> Option<SignedIn> {
        self.state.with(|known| match known {
            Known::SignedIn(who) => Some(who.clone()),
            _ => None,
        })
    }

    /// Whether the server has answered yet (tracked).
    pub(super) fn is_settled(self) -> bool {
        self.ready.get()
    }

    /// The username of a pending sign-in challenge, for the authenticator app's label.
    pub(super) fn challenge_username(self) -> Option<String> {
        self.state.with_untracked(|known| match known {
            Known::Challenge(challenge) => Some(challenge.username().to_owned()),
            _ => None,
        })
    }

    /// Read the session, then keep it current.
    pub(super) fn start(self) {
        self.spawn(self.reread());
        let wake = move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.spawn(self.reread());
            }
        };
        let visible = window_event_listener_untyped("visibilitychange", wake);
        let focus = window_event_listener_untyped("focus", wake);
        let online = window_event_listener_untyped("online", wake);
        let poll = StoredValue::new_local(Some(Interval::new(POLL_MS, move || {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.spawn(self.reread());
            }
        })));
        on_cleanup(move || {
            for handle in [visible, focus, online] {
                handle.remove();
            }
            poll.try_update_value(|p| *p = None);
            self.reread_timer.try_update_value(|t| *t = None);
        });
    }

    /// Re-reads `GET /api/session`. A network failure or 5xx changes nothing.
    pub(super) async fn reread(self) {
        if let Ok(text) = api("GET", "session", None).await
            && let Some(known) = interpret(&text)
        {
            self.apply(known);
        }
    }

    /// Shows what the server reported. A signed-in tab that learns it is signed out says why.
    fn apply(self, known: Known) {
        let Some(current) = self.state.try_get_untracked() else {
            return; // Unmounted.
        };
        match &known {
            Known::SignedIn(who) => self.schedule_reread(who.access_expires_at()),
            Known::Challenge(_) => {}
            Known::SignedOut => {
                if matches!(current, Known::SignedIn(_)) {
                    self.ended.set(Some(EndReason::RefreshTokenRejected));
                }
            }
        }
        // Unchanged facts do not re-render anything.
        if known != current {
            self.state.set(known);
        }
        self.ready.set(true);
    }

    /// Re-reads the session just after the reported access token expires (the server will
    /// have renewed it, or the session ended).
    fn schedule_reread(self, access_expires_at: u64) {
        let delay_ms = access_expires_at
            .saturating_sub(now())
            .saturating_add(1)
            .saturating_mul(1000)
            .min(i32::MAX as u64) as u32;
        let timer = Timeout::new(delay_ms, move || self.spawn(self.reread()));
        self.reread_timer.try_update_value(|t| *t = Some(timer));
    }

    /// One sign-in step (`sign-in`, `sign-in-code` or `challenge`), then a fresh read of the
    /// session.
    async fn server_step(self, path: &str, body: impl Serialize) -> Result<SignInStep, AuthError> {
        let challenge = path == "challenge";
        self.server_step_with(path, body, |failure| {
            if challenge && failure.status == 401 {
                // The challenge expired or was used up.
                AuthError::new(crate::text::STEP_EXPIRED)
            } else {
                failure.into()
            }
        })
        .await
    }

    /// [`Self::server_step`] with the caller's words for a refusal.
    async fn server_step_with(
        self,
        path: &str,
        body: impl Serialize,
        refusal: impl FnOnce(ApiFailure) -> AuthError,
    ) -> Result<SignInStep, AuthError> {
        let body = serde_json::to_string(&body).ok();
        let answer = api("POST", path, body).await;
        if let Err(failure) = &answer
            && path == "challenge"
            && failure.status == 401
            && failure.message.starts_with("Not signed in")
        {
            // No challenge is pending any more (the server forgot it).
            self.apply(Known::SignedOut);
            return Err(AuthError::new(crate::text::STEP_EXPIRED));
        }
        let text = match answer {
            Ok(text) => text,
            Err(failure) => {
                if path == "challenge" && failure.status == 401 {
                    // The pool ended the challenge; the server cleared the cookie.
                    self.apply(Known::SignedOut);
                }
                return Err(refusal(failure));
            }
        };
        let known = interpret(&text).ok_or_else(|| AuthError::new(crate::text::UNKNOWN_ANSWER))?;
        let step = match &known {
            Known::SignedIn(_) => SignInStep::Done,
            Known::SignedOut => return Err(AuthError::new(crate::text::STEP_EXPIRED)),
            Known::Challenge(challenge) => step_for(challenge),
        };
        // Re-read the session before showing anything: the state change moves the page on
        // (and disposes the form), so nothing may await after it.
        let latest = match api("GET", "session", None).await {
            Ok(text) => interpret(&text),
            Err(_) => None,
        };
        self.apply(latest.unwrap_or(known));
        Ok(step)
    }

    pub(super) async fn sign_in(
        self,
        username: &str,
        password: &str,
    ) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        struct Credentials<'a> {
            username: &'a str,
            password: &'a str,
        }
        self.ended.set(None);
        self.server_step("sign-in", Credentials { username, password })
            .await
    }

    pub(super) async fn new_password(
        self,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct NewPassword<'a> {
            new_password: &'a str,
            attributes: StringMap,
        }
        let attributes = attributes.iter().cloned().collect();
        let body = NewPassword {
            new_password,
            attributes,
        };
        self.server_step("challenge", body).await
    }

    pub(super) async fn mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        struct Code<'a> {
            code: &'a str,
        }
        self.server_step("challenge", Code { code }).await
    }

    /// SELECT_MFA_TYPE through the server: the chosen factor is the answer.
    pub(super) async fn select_mfa(self, factor: &ChallengeName) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        struct Answer<'a> {
            answer: &'a str,
        }
        let answer = factor.as_str();
        self.server_step("challenge", Answer { answer }).await
    }

    /// MFA_SETUP's first half through the server: the key for the authenticator app.
    pub(super) async fn associate_totp(self) -> Result<String, AuthError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Key {
            secret_code: String,
        }
        let text = api("POST", "challenge/authenticator", None).await?;
        Ok(parse::<Key>(&text)?.secret_code)
    }

    /// Passwordless sign-in through the server (CUSTOM_AUTH with the server's client).
    pub(super) async fn code_sign_in(self, username: &str) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        struct Username<'a> {
            username: &'a str,
        }
        self.ended.set(None);
        let refusal = |failure| code_refusal(failure, CodeRequest::Start);
        self.server_step_with("sign-in-code", Username { username }, refusal)
            .await
    }

    /// Answers the code challenge through the server; `metadata` asks the triggers for a new
    /// code.
    pub(super) async fn code_answer(
        self,
        answer: &str,
        metadata: StringMap,
        request: CodeRequest,
    ) -> Result<SignInStep, AuthError> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Answer<'a> {
            answer: &'a str,
            client_metadata: StringMap,
        }
        let body = Answer {
            answer,
            client_metadata: metadata,
        };
        self.server_step_with("challenge", body, |failure| code_refusal(failure, request))
            .await
    }

    /// Signs out here at once; the server revokes the refresh token and forgets the session.
    /// Retried a few times: until the server hears it, the cookie still names a session.
    pub(super) fn sign_out(self) {
        self.ended.set(None);
        self.apply(Known::SignedOut);
        // Not tied to this page's lifetime: the request must go out even if the app unmounts.
        spawn_local(async move {
            for attempt in 0..3u32 {
                match api("POST", "sign-out", None).await {
                    Err(failure) if !failure.is_definitive() => {
                        gloo_timers::future::TimeoutFuture::new(1_000 << attempt).await;
                    }
                    _ => break,
                }
            }
        });
    }

    pub(super) async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        api("POST", "sign-out-everywhere", None).await?;
        self.ended.set(None);
        self.apply(Known::SignedOut);
        Ok(())
    }

    /// The attributes the server reported (from the verified ID token): e-mail and role.
    pub(super) fn attributes(self) -> Result<Vec<AttributeType>, AuthError> {
        let session = self
            .signed_in_untracked()
            .ok_or_else(|| AuthError::new(crate::text::SIGNED_OUT))?;
        let attribute = |name: &str, value: Option<&str>| {
            value.map(|value| AttributeType {
                name: name.to_owned(),
                value: Some(value.to_owned()),
            })
        };
        Ok([
            attribute("email", session.email()),
            attribute("custom:role", session.role()),
        ]
        .into_iter()
        .flatten()
        .collect())
    }

    fn signed_in_untracked(self) -> Option<SignedIn> {
        self.state.with_untracked(|known| match known {
            Known::SignedIn(who) => Some(who.clone()),
            _ => None,
        })
    }
}
