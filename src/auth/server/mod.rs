//! Server mode: the same [`super::Auth`] handle, backed by `poolgate-server`'s `/api/` instead
//! of Cognito. The server signs people in and keeps the tokens; this tab holds only what
//! `GET /api/session` reports (username, e-mail, role, groups, expiry times) as a
//! [`SignedIn`], and an `HttpOnly` cookie it cannot read. Every call goes through the
//! `poolgate-api` contract ([`api::call`]).
//!
//! The session is re-read after each sign-in step, when the reported access token expires,
//! when the tab becomes visible or gains focus, and every [`POLL_MS`] while visible, so a role
//! or group an administrator changed reaches open tabs within seconds. Only an answer from the
//! server signs anyone out: a network failure or a 5xx keeps what the tab has.

pub mod api;

use super::clock::now;
use super::passwordless::{CodeRequest, passwordless_error};
use super::steps::step_for;
use super::until_unmounted::UntilUnmounted;
use super::{AuthError, SignInStep, SignedIn};
use api::{ApiFailure, call, send_to};
use cognito_session::EndReason;
use cognito_session::wire::{AttributeType, Challenge, ChallengeName, StringMap};
use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use leptos::task::spawn_local;
use poolgate_api::routes::{
    AnswerChallenge, GetSession, SetUpAuthenticator, SignIn, SignInCode, SignOut, SignOutEverywhere,
};
use poolgate_api::{
    ChallengeAnswer, CodeSignInRequest, Endpoint, NoBody, NoParams, SessionView, SignInRequest,
    StepAnswer,
};

/// How often a visible tab re-reads the session (role and group changes, remote sign-outs).
pub const POLL_MS: u32 = 5_000;

/// A refusal on the passwordless path: the pool's answer, passed on by the server, in the same
/// words as in direct mode; a failure of the server itself in the server's words.
fn code_refusal(failure: ApiFailure, request: CodeRequest) -> AuthError {
    if failure.kind.is_empty() || !failure.is_definitive() {
        return failure.into();
    }
    passwordless_error(&failure.as_sign_in_error(), request)
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

impl From<SessionView> for Known {
    fn from(view: SessionView) -> Self {
        match view {
            // The server's times are on its clock; this tab's clock is assumed close to it.
            SessionView::SignedIn(user) => Known::SignedIn(SignedIn::new(
                user.username,
                user.email,
                user.role,
                user.groups,
                user.access_expires_at,
                user.id_expires_at,
            )),
            SessionView::Challenge(challenge) => Known::Challenge(Challenge {
                name: challenge.name,
                session: None,
                parameters: challenge.parameters,
                username: challenge.username,
            }),
            SessionView::SignedOut => Known::SignedOut,
        }
    }
}

/// `GET /api/session`; `None` when it could not be read (network, 5xx, another shape).
async fn read_session() -> Option<Known> {
    call::<GetSession>(&NoParams, &NoBody)
        .await
        .ok()
        .map(Known::from)
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
        if let Some(known) = read_session().await {
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
    async fn step<E>(self, body: E::Request) -> Result<SignInStep, AuthError>
    where
        E: Endpoint<Params = NoParams, Response = StepAnswer>,
    {
        let answering = E::ROUTE == AnswerChallenge::ROUTE;
        self.step_with::<E>(body, |failure| {
            if answering && failure.status == 401 {
                // The challenge expired or was used up.
                AuthError::new(crate::text::STEP_EXPIRED)
            } else {
                failure.into()
            }
        })
        .await
    }

    /// [`Self::step`] with the caller's words for a refusal.
    async fn step_with<E>(
        self,
        body: E::Request,
        refusal: impl FnOnce(ApiFailure) -> AuthError,
    ) -> Result<SignInStep, AuthError>
    where
        E: Endpoint<Params = NoParams, Response = StepAnswer>,
    {
        let answering = E::ROUTE == AnswerChallenge::ROUTE;
        let answer = send_to::<E>(&NoParams, &body).await;
        if let Err(failure) = &answer
            && answering
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
                if answering && failure.status == 401 {
                    // The pool ended the challenge; the server cleared the cookie.
                    self.apply(Known::SignedOut);
                }
                return Err(refusal(failure));
            }
        };
        let StepAnswer(view) =
            serde_json::from_str(&text).map_err(|_| AuthError::new(crate::text::UNKNOWN_ANSWER))?;
        let known = Known::from(view);
        let step = match &known {
            Known::SignedIn(_) => SignInStep::Done,
            Known::SignedOut => return Err(AuthError::new(crate::text::STEP_EXPIRED)),
            Known::Challenge(challenge) => step_for(challenge),
        };
        // Re-read the session before showing anything: the state change moves the page on
        // (and disposes the form), so nothing may await after it.
        let latest = read_session().await;
        self.apply(latest.unwrap_or(known));
        Ok(step)
    }

    pub(super) async fn sign_in(
        self,
        username: &str,
        password: &str,
    ) -> Result<SignInStep, AuthError> {
        self.ended.set(None);
        let credentials = SignInRequest {
            username: username.to_owned(),
            password: password.to_owned(),
        };
        self.step::<SignIn>(credentials).await
    }

    pub(super) async fn new_password(
        self,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInStep, AuthError> {
        let attributes = attributes.iter().cloned().collect();
        self.step::<AnswerChallenge>(ChallengeAnswer::new_password(new_password, attributes))
            .await
    }

    pub(super) async fn mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        self.step::<AnswerChallenge>(ChallengeAnswer::code(code))
            .await
    }

    /// SELECT_MFA_TYPE through the server: the chosen factor is the answer.
    pub(super) async fn select_mfa(self, factor: &ChallengeName) -> Result<SignInStep, AuthError> {
        let answer = ChallengeAnswer::answer(factor.as_str(), StringMap::new());
        self.step::<AnswerChallenge>(answer).await
    }

    /// MFA_SETUP's first half through the server: the key for the authenticator app.
    pub(super) async fn associate_totp(self) -> Result<String, AuthError> {
        let key = call::<SetUpAuthenticator>(&NoParams, &NoBody).await?;
        Ok(key.secret_code)
    }

    /// Passwordless sign-in through the server (CUSTOM_AUTH with the server's client).
    pub(super) async fn code_sign_in(self, username: &str) -> Result<SignInStep, AuthError> {
        self.ended.set(None);
        let refusal = |failure| code_refusal(failure, CodeRequest::Start);
        let request = CodeSignInRequest {
            username: username.to_owned(),
        };
        self.step_with::<SignInCode>(request, refusal).await
    }

    /// Answers the code challenge through the server; `metadata` asks the triggers for a new
    /// code.
    pub(super) async fn code_answer(
        self,
        answer: &str,
        metadata: StringMap,
        request: CodeRequest,
    ) -> Result<SignInStep, AuthError> {
        let body = ChallengeAnswer::answer(answer, metadata);
        self.step_with::<AnswerChallenge>(body, |failure| code_refusal(failure, request))
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
                match send_to::<SignOut>(&NoParams, &NoBody).await {
                    Err(failure) if !failure.is_definitive() => {
                        gloo_timers::future::TimeoutFuture::new(1_000 << attempt).await;
                    }
                    _ => break,
                }
            }
        });
    }

    pub(super) async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        send_to::<SignOutEverywhere>(&NoParams, &NoBody).await?;
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
            attribute(crate::access::ROLE_CLAIM, session.role()),
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
