//! The session state machine and refresh policy.
//!
//! Everything here is a pure function of `(state, event, now)`: [`SessionMachine::step`]
//! returns the next [`SessionState`] and the [`Effect`]s the browser glue performs (start a
//! refresh call, write storage, set a timer). `now` is local Unix seconds; the machine
//! corrects it by the clock skew measured from each token's `iat`, so a device whose clock
//! is off still refreshes on time.
//!
//! Rules:
//! - refresh ahead of expiry by a margin (default `min(60 s, lifetime / 5)`), on demand when a
//!   caller finds the access token expired, and when the tab becomes visible or the browser
//!   comes back online;
//! - only one refresh is ever in flight: further requests join it;
//! - only a definitive answer signs anyone out: the refresh token expired, was revoked or
//!   reused, the user is gone, disabled or must reset the password, or the refresh answered
//!   for another user. Every other failure (network, timeout, 5xx, throttling, a proxy's 403,
//!   an answer that does not validate) keeps the refresh token and retries with capped
//!   exponential backoff (1, 2, 4 … 30 s plus caller-supplied jitter); becoming visible or
//!   online retries sooner, but never within [`RefreshPolicy::min_gap`] of the last failure;
//! - the clock offset measured from `iat` is clamped to [`MAX_CLOCK_SKEW`].

use serde::{Deserialize, Serialize};

use crate::claims::{ClaimsError, CognitoClaims, TokenUse, TokenValidator};
use crate::error::{CognitoError, ErrorKind};
use crate::verify::Verified;
use crate::wire::{AuthenticationResult, Challenge};

/// A token is not handed out for a request if it expires within this many seconds: it could
/// expire on the way to the server.
pub const MIN_REMAINING_FOR_USE: u64 = 5;

/// The largest clock offset (server − local, seconds) the machine believes: a week. A device
/// clock off by more is broken, and a stored offset beyond it was tampered with; clamping keeps
/// every expiry computation in range.
pub const MAX_CLOCK_SKEW: i64 = 7 * 24 * 3600;

/// `server_time − local_now`, clamped to ±[`MAX_CLOCK_SKEW`], without overflow.
pub fn clock_skew(server_time: u64, local_now: u64) -> i64 {
    let server = i128::from(server_time);
    let local = i128::from(local_now);
    let skew = (server - local).clamp(-i128::from(MAX_CLOCK_SKEW), i128::from(MAX_CLOCK_SKEW));
    // In range by the clamp above.
    i64::try_from(skew).unwrap_or(0)
}

/// `local_now + skew` on the server's clock, saturating instead of overflowing.
pub fn server_now(local_now: u64, skew: i64) -> i64 {
    i64::try_from(local_now)
        .unwrap_or(i64::MAX)
        .saturating_add(skew.clamp(-MAX_CLOCK_SKEW, MAX_CLOCK_SKEW))
}

/// What the app persists in local/session storage to survive a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    /// ID token.
    pub id_token: String,
    /// Access token.
    pub access_token: String,
    /// Refresh token.
    pub refresh_token: String,
    /// Server − local clock, seconds, measured when the tokens arrived.
    pub skew: i64,
}

impl StoredSession {
    /// The access token's `exp` (Unix seconds), read without any check: only to tell which of
    /// two stored sessions is newer (see the app's renewal ledger), never to trust one.
    pub fn access_expiry_unchecked(&self) -> Option<u64> {
        #[derive(Deserialize)]
        struct Expiry {
            exp: u64,
        }
        let token = crate::jws::CompactToken::parse(&self.access_token).ok()?;
        Some(token.claims::<Expiry>().ok()?.exp)
    }
}

/// A signed-in user's validated tokens. Only [`SessionMachine`] creates one, after checking
/// both tokens, so holding a `Session` means its claims were validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    id_token: String,
    access_token: String,
    refresh_token: String,
    id: CognitoClaims,
    access: CognitoClaims,
    skew: i64,
}

impl Session {
    /// The username (`cognito:username`).
    pub fn username(&self) -> &str {
        &self.id.username
    }

    /// The user's stable id (`sub`).
    pub fn sub(&self) -> &str {
        &self.id.sub
    }

    /// `email`.
    pub fn email(&self) -> Option<&str> {
        self.id.email.as_deref()
    }

    /// `email_verified`.
    pub fn email_verified(&self) -> bool {
        self.id.email_verified == Some(true)
    }

    /// A string claim of the ID token beyond Cognito's own, e.g. a custom attribute: the
    /// app names its attributes (this crate knows none).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.id.attribute(name)
    }

    /// `cognito:groups`.
    pub fn groups(&self) -> &[String] {
        &self.id.groups
    }

    /// Whether the user is in `cognito:groups` group `group`.
    pub fn in_group(&self, group: &str) -> bool {
        self.id.groups.iter().any(|member| member == group)
    }

    /// The access token, whatever its age; prefer [`SessionState::fresh_access_token`].
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The ID token.
    pub fn id_token(&self) -> &str {
        &self.id_token
    }

    /// The refresh token.
    pub fn refresh_token(&self) -> &str {
        &self.refresh_token
    }

    /// Validated ID-token claims.
    pub fn id_claims(&self) -> &CognitoClaims {
        &self.id
    }

    /// Validated access-token claims.
    pub fn access_claims(&self) -> &CognitoClaims {
        &self.access
    }

    /// Server − local clock in seconds.
    pub fn skew(&self) -> i64 {
        self.skew
    }

    /// When the access token expires, in local-clock Unix seconds.
    pub fn access_expires_at(&self) -> u64 {
        self.to_local(self.access.expires_at)
    }

    /// When the ID token expires, in local-clock Unix seconds.
    pub fn id_expires_at(&self) -> u64 {
        self.to_local(self.id.expires_at)
    }

    /// When the first of the two tokens expires, in local-clock Unix seconds.
    pub fn expires_at(&self) -> u64 {
        self.access_expires_at().min(self.id_expires_at())
    }

    /// Whether the tokens can still be sent at local time `now`.
    pub fn is_usable_at(&self, now: u64) -> bool {
        now.saturating_add(MIN_REMAINING_FOR_USE) < self.expires_at()
    }

    /// What to persist.
    pub fn to_stored(&self) -> StoredSession {
        StoredSession {
            id_token: self.id_token.clone(),
            access_token: self.access_token.clone(),
            refresh_token: self.refresh_token.clone(),
            skew: self.skew,
        }
    }

    fn to_local(&self, server_time: u64) -> u64 {
        let local = i128::from(server_time) - i128::from(self.skew);
        u64::try_from(local.max(0)).unwrap_or(u64::MAX)
    }

    /// Local time at which to refresh proactively.
    fn refresh_due_at(&self, policy: &RefreshPolicy) -> u64 {
        let lifetime = self.access.lifetime().min(self.id.lifetime());
        self.expires_at()
            .saturating_sub(policy.margin_for_lifetime(lifetime))
    }
}

/// When to refresh and how to back off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Refresh this many seconds before expiry; `None` means `min(60, lifetime / 5)`.
    pub margin: Option<u64>,
    /// First retry delay after a failed refresh, seconds.
    pub initial_backoff: u64,
    /// Longest retry delay (before jitter), seconds.
    pub max_backoff: u64,
    /// Cap on the caller-supplied jitter, seconds.
    pub max_jitter: u64,
    /// Becoming visible or coming online retries a failed refresh at once, but never sooner
    /// than this many seconds after the last failure: flapping networks must not hammer the pool.
    pub min_gap: u64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        Self {
            margin: None,
            initial_backoff: 1,
            max_backoff: 30,
            max_jitter: 3,
            min_gap: 2,
        }
    }
}

impl RefreshPolicy {
    /// Seconds before expiry to refresh a token that was issued for `lifetime` seconds.
    pub fn margin_for_lifetime(&self, lifetime: u64) -> u64 {
        self.margin.unwrap_or_else(|| 60.min(lifetime / 5))
    }

    /// Delay before retry number `attempt` (1 for the first retry): doubling from
    /// `initial_backoff`, capped at `max_backoff`, plus `jitter` (capped at `max_jitter`) so
    /// many tabs do not retry in lockstep.
    pub fn retry_delay(&self, attempt: u32, jitter: u64) -> u64 {
        let doublings = attempt.saturating_sub(1).min(16);
        let backoff = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        backoff.saturating_add(jitter.min(self.max_jitter))
    }
}

/// Progress of renewing the tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshStatus {
    /// No refresh running; the next one is due by the policy.
    Idle,
    /// A refresh call is under way; `failures` so far in this streak.
    InFlight {
        /// Consecutive failed attempts before this one.
        failures: u32,
    },
    /// The last attempt failed; retry at `retry_at` (local seconds).
    Waiting {
        /// When to retry.
        retry_at: u64,
        /// Consecutive failed attempts.
        failures: u32,
        /// When the last attempt failed (local seconds), for [`RefreshPolicy::min_gap`].
        failed_at: u64,
    },
}

impl RefreshStatus {
    /// Whether a refresh call is under way.
    pub fn in_flight(self) -> bool {
        matches!(self, Self::InFlight { .. })
    }

    fn failures(self) -> u32 {
        match self {
            Self::Idle => 0,
            Self::InFlight { failures } | Self::Waiting { failures, .. } => failures,
        }
    }
}

/// Where the user stands.
// A few hundred bytes moved once per event; boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// Nobody is signed in.
    SignedOut,
    /// Sign-in needs an answer to a challenge (new password, MFA code, ...).
    ChallengePending(Challenge),
    /// A stored session whose tokens are expired (or signed with a key not loaded yet) is
    /// being renewed with its refresh token. Show a spinner, not the sign-in form.
    Restoring {
        /// The stored refresh token.
        refresh_token: String,
        /// The stored session's user (`sub`) when its tokens could be decoded: a renewal that
        /// answers for someone else is refused.
        sub: Option<String>,
        /// The renewal's progress.
        refresh: RefreshStatus,
    },
    /// Signed in; tokens may be renewing in the background.
    SignedIn {
        /// The session.
        session: Session,
        /// The renewal's progress.
        refresh: RefreshStatus,
    },
}

/// The answer of [`SessionState::fresh_access_token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessToken<'a> {
    /// Send this token.
    Use(&'a str),
    /// Send [`Event::RefreshRequested`] and wait for the state to become signed in with a
    /// fresh token (or signed out).
    RefreshFirst,
    /// Nobody is signed in.
    SignedOut,
}

impl SessionState {
    /// The session, when signed in.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Self::SignedIn { session, .. } => Some(session),
            _ => None,
        }
    }

    /// The access token to send at local time `now`, or what to do instead.
    pub fn fresh_access_token(&self, now: u64) -> AccessToken<'_> {
        match self {
            Self::SignedIn { session, .. } if session.is_usable_at(now) => {
                AccessToken::Use(session.access_token())
            }
            Self::SignedIn { .. } | Self::Restoring { .. } => AccessToken::RefreshFirst,
            Self::SignedOut | Self::ChallengePending(_) => AccessToken::SignedOut,
        }
    }

    /// Whether a refresh call is under way.
    pub fn refresh_in_flight(&self) -> bool {
        self.refresh_status().is_some_and(RefreshStatus::in_flight)
    }

    /// The renewal's progress, when there is a refresh token.
    pub fn refresh_status(&self) -> Option<RefreshStatus> {
        match self {
            Self::SignedIn { refresh, .. } | Self::Restoring { refresh, .. } => Some(*refresh),
            _ => None,
        }
    }

    /// The refresh token held, if any.
    pub fn refresh_token(&self) -> Option<&str> {
        match self {
            Self::SignedIn { session, .. } => Some(session.refresh_token()),
            Self::Restoring { refresh_token, .. } => Some(refresh_token),
            _ => None,
        }
    }

    /// Whether renewal has failed at least once while no usable token is left: the app shows a
    /// non-blocking "reconnecting…" notice, and keeps the session.
    pub fn is_reconnecting(&self, now: u64) -> bool {
        let failed = self
            .refresh_status()
            .is_some_and(|refresh| refresh.failures() > 0);
        match self {
            Self::SignedIn { session, .. } => failed && !session.is_usable_at(now),
            Self::Restoring { .. } => failed,
            _ => false,
        }
    }
}

/// Why a session ended without the user asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The refresh token expired or was revoked, or the user is gone, disabled or must reset
    /// the password.
    RefreshTokenRejected,
    /// The refresh token was already rotated (`RefreshTokenReuseException` after the grace
    /// period) and no newer session was stored by another tab.
    RefreshTokenReused,
    /// The refresh answered with tokens for another user.
    OtherUser,
    /// The stored session did not validate (other pool or client, tampered, malformed).
    InvalidStoredSession,
}

/// Why a refresh call failed, as the machine needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshFailure {
    /// Anything that is not a definitive answer: network, timeout, 5xx, throttling, a bare or
    /// unexplained 4xx, a proxy's `ForbiddenException`, an answer that does not validate.
    /// Keep the refresh token and retry later. `jitter` is a small random number of seconds
    /// from the caller (e.g. 0–3) so tabs and browsers do not retry in lockstep.
    Transient {
        /// Extra delay to spread retries.
        jitter: u64,
    },
    /// The refresh token can never work again: sign out. Before reporting this, the app looks
    /// for a newer session stored by another tab ([`newer_stored_session`]) and adopts it instead.
    Definitive(EndReason),
}

impl RefreshFailure {
    /// From a failed refresh call.
    pub fn from_error(error: &CognitoError, jitter: u64) -> Self {
        match (error.kind(), error.code()) {
            (_, Some("RefreshTokenReuseException")) => {
                Self::Definitive(EndReason::RefreshTokenReused)
            }
            (ErrorKind::SessionEnded, _)
            | (ErrorKind::UserActionRequired(crate::UserAction::ResetPassword), _) => {
                Self::Definitive(EndReason::RefreshTokenRejected)
            }
            _ => Self::Transient { jitter },
        }
    }

    /// From tokens that came back but did not validate (a key not loaded yet, a proxy's
    /// answer, a clock far off). The refresh token is not at fault, so this is transient; a
    /// valid answer for another user is caught by the machine itself.
    pub fn from_claims_error(_error: &ClaimsError, jitter: u64) -> Self {
        Self::Transient { jitter }
    }
}

/// The session in storage when it differs from `last_seen`, the one this tab last read or
/// wrote: another tab signed in or renewed (with or without rotation) meanwhile. The app
/// validates it, then adopts it instead of refreshing or signing out, or renews with its newer
/// refresh token.
pub fn newer_stored_session(
    last_seen: Option<&StoredSession>,
    stored: Option<StoredSession>,
) -> Option<StoredSession> {
    stored.filter(|stored| !stored.refresh_token.is_empty() && Some(stored) != last_seen)
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// App start: what storage held, once its signatures checked out.
    Restore(Option<Verified<StoredSession>>),
    /// Sign-in completed; build the session with [`SessionMachine::accept`].
    SignedIn(Session),
    /// Sign-in needs a challenge answered.
    ChallengeIssued(Challenge),
    /// The user abandoned the challenge.
    ChallengeCancelled,
    /// The timer from the last [`Effect::ScheduleTimer`] fired.
    TimerFired,
    /// A caller needs a fresh access token ([`AccessToken::RefreshFirst`]) or an API
    /// rejected the current one.
    RefreshRequested,
    /// The tab became visible again (timers may have been throttled while hidden).
    BecameVisible,
    /// The browser came back online.
    CameOnline,
    /// The refresh from [`Effect::StartRefresh`] returned tokens; build the session with
    /// [`SessionMachine::accept`] passing the old refresh token.
    RefreshSucceeded(Session),
    /// The refresh from [`Effect::StartRefresh`] failed.
    RefreshFailed(RefreshFailure),
    /// Another tab stored a session (sign-in or renewal) that this tab validated: take it
    /// over without leaving the page. Any refresh of ours still in flight is forgotten.
    Adopt(Session),
    /// Another tab removed the stored session (signed out, or its session ended).
    StoredSessionRemoved,
    /// The user signed out.
    SignOutRequested,
}

/// Something the browser glue must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Call [`CognitoClient::refresh`](crate::CognitoClient::refresh) and report
    /// [`Event::RefreshSucceeded`] or [`Event::RefreshFailed`].
    StartRefresh {
        /// The refresh token to use.
        refresh_token: String,
    },
    /// Write this to storage.
    Persist(StoredSession),
    /// Remove the stored session. With `only_if`, only when storage still holds that refresh
    /// token (compare-and-delete): another tab may have stored a newer session meanwhile.
    ClearStorage {
        /// The refresh token that was rejected; `None` removes whatever is stored.
        only_if: Option<String>,
    },
    /// Send [`Event::TimerFired`] at local time `at`, replacing any earlier timer.
    ScheduleTimer {
        /// Local Unix seconds.
        at: u64,
    },
    /// Drop the pending timer.
    CancelTimer,
    /// Best effort: call RevokeToken so the refresh token dies server-side too.
    RevokeRefreshToken {
        /// The token to revoke.
        refresh_token: String,
    },
    /// Tell the user their session ended (the state is already signed out).
    SessionEnded(EndReason),
}

/// Validates tokens and runs the state machine for one pool and app client.
#[derive(Debug, Clone)]
pub struct SessionMachine {
    validator: TokenValidator,
    policy: RefreshPolicy,
}

impl SessionMachine {
    /// A machine validating with `validator` and refreshing by `policy`.
    pub fn new(validator: TokenValidator, policy: RefreshPolicy) -> Self {
        Self { validator, policy }
    }

    /// The validator, e.g. to load a refetched JWKS with `set_jwks`.
    pub fn validator_mut(&mut self) -> &mut TokenValidator {
        &mut self.validator
    }

    /// The refresh policy.
    pub fn policy(&self) -> &RefreshPolicy {
        &self.policy
    }

    /// Validates freshly received tokens (their signatures already [`Verified`]) at local time
    /// `now` into a [`Session`]. The clock skew is measured here, from the ID token's `iat`.
    /// `previous_refresh_token` is kept when the response has none (`REFRESH_TOKEN_AUTH`
    /// without rotation).
    pub fn accept(
        &self,
        result: &Verified<AuthenticationResult>,
        previous_refresh_token: Option<&str>,
        now: u64,
    ) -> Result<Session, ClaimsError> {
        let result = result.get();
        let id_token = result
            .id_token
            .as_deref()
            .ok_or_else(|| ClaimsError::Malformed("no IdToken in the response".to_owned()))?;
        let refresh_token = result
            .refresh_token
            .as_deref()
            .or(previous_refresh_token)
            .ok_or_else(|| ClaimsError::Malformed("no RefreshToken".to_owned()))?;
        let id = self.validator.decode(id_token, TokenUse::Id)?;
        let skew = clock_skew(id.issued_at, now);
        let access = self
            .validator
            .validate(&result.access_token, TokenUse::Access, now, skew)?;
        if id.is_expired_at(server_now(now, skew)) {
            return Err(ClaimsError::Expired {
                expires_at: id.expires_at,
                server_now: server_now(now, skew),
            });
        }
        Self::session(
            id_token,
            &result.access_token,
            refresh_token,
            id,
            access,
            skew,
        )
    }

    /// Validates a session another tab stored (everything but expiry; the stored clock offset
    /// is clamped), to [`Event::Adopt`] it or to renew with its refresh token.
    pub fn decode_stored(&self, stored: &Verified<StoredSession>) -> Result<Session, ClaimsError> {
        let stored = stored.get();
        if stored.refresh_token.is_empty() {
            return Err(ClaimsError::Malformed("no refresh token".to_owned()));
        }
        let id = self.validator.decode(&stored.id_token, TokenUse::Id)?;
        let access = self
            .validator
            .decode(&stored.access_token, TokenUse::Access)?;
        Self::session(
            &stored.id_token,
            &stored.access_token,
            &stored.refresh_token,
            id,
            access,
            stored.skew.clamp(-MAX_CLOCK_SKEW, MAX_CLOCK_SKEW),
        )
    }

    /// Whether `session` needs no renewal yet at local time `now`.
    pub fn is_fresh(&self, session: &Session, now: u64) -> bool {
        now < session.refresh_due_at(&self.policy)
    }

    /// Next time to act (local seconds) in `state`: the proactive refresh or the retry.
    /// `None` when nothing is scheduled (signed out, or a refresh is in flight).
    pub fn next_refresh_at(&self, state: &SessionState, now: u64) -> Option<u64> {
        let at = match state {
            SessionState::SignedIn { session, refresh } => match refresh {
                RefreshStatus::Idle => session.refresh_due_at(&self.policy),
                RefreshStatus::Waiting { retry_at, .. } => *retry_at,
                RefreshStatus::InFlight { .. } => return None,
            },
            SessionState::Restoring {
                refresh: RefreshStatus::Waiting { retry_at, .. },
                ..
            } => *retry_at,
            _ => return None,
        };
        Some(at.max(now))
    }

    /// Applies `event` at local time `now`.
    pub fn step(&self, state: SessionState, event: Event, now: u64) -> (SessionState, Vec<Effect>) {
        use SessionState as S;

        match (state, event) {
            (S::SignedOut, Event::Restore(Some(stored))) => self.restore(stored.into_inner(), now),
            (state, Event::Restore(_)) => (state, Vec::new()),

            (_, Event::SignedIn(session)) => self.signed_in(session),
            (_, Event::ChallengeIssued(challenge)) => (S::ChallengePending(challenge), Vec::new()),
            (S::ChallengePending(_), Event::ChallengeCancelled | Event::SignOutRequested) => {
                (S::SignedOut, Vec::new())
            }

            (S::SignedIn { session, .. }, Event::SignOutRequested) => {
                Self::signed_out_by_user(session.refresh_token)
            }
            (S::Restoring { refresh_token, .. }, Event::SignOutRequested) => {
                Self::signed_out_by_user(refresh_token)
            }

            // Another tab's tokens, already validated: no refresh of ours is needed any more.
            (S::SignedIn { .. } | S::Restoring { .. } | S::SignedOut, Event::Adopt(session)) => {
                let effects = vec![self.timer_for(&session)];
                (
                    S::SignedIn {
                        session,
                        refresh: RefreshStatus::Idle,
                    },
                    effects,
                )
            }
            // Another tab signed out: that tab cleared storage and revoked the token.
            (S::SignedIn { .. } | S::Restoring { .. }, Event::StoredSessionRemoved) => {
                (S::SignedOut, vec![Effect::CancelTimer])
            }

            (S::SignedIn { session, refresh }, Event::RefreshSucceeded(fresh))
                if refresh.in_flight() =>
            {
                if fresh.sub() == session.sub() {
                    self.signed_in(fresh)
                } else {
                    Self::ended(EndReason::OtherUser, session.refresh_token)
                }
            }
            (
                S::Restoring {
                    refresh_token,
                    sub,
                    refresh: RefreshStatus::InFlight { .. },
                },
                Event::RefreshSucceeded(fresh),
            ) => {
                if sub.as_deref().is_none_or(|sub| sub == fresh.sub()) {
                    self.signed_in(fresh)
                } else {
                    Self::ended(EndReason::OtherUser, refresh_token)
                }
            }

            (S::SignedIn { session, refresh }, Event::RefreshFailed(failure))
                if refresh.in_flight() =>
            {
                let refresh_token = session.refresh_token.clone();
                self.refresh_failed(failure, refresh_token, refresh.failures(), now, |refresh| {
                    S::SignedIn { session, refresh }
                })
            }
            (
                S::Restoring {
                    refresh_token,
                    sub,
                    refresh,
                },
                Event::RefreshFailed(failure),
            ) if refresh.in_flight() => {
                let rejected = refresh_token.clone();
                self.refresh_failed(failure, rejected, refresh.failures(), now, |refresh| {
                    S::Restoring {
                        refresh_token,
                        sub,
                        refresh,
                    }
                })
            }

            (S::SignedIn { session, refresh }, trigger) => {
                let due = session.refresh_due_at(&self.policy);
                let refresh_token = session.refresh_token.clone();
                let (refresh, effects) = self.on_trigger(refresh, trigger, due, refresh_token, now);
                (S::SignedIn { session, refresh }, effects)
            }
            (
                S::Restoring {
                    refresh_token,
                    sub,
                    refresh,
                },
                trigger,
            ) => {
                // Nothing is usable while restoring, so any trigger may renew right away.
                let (refresh, effects) =
                    self.on_trigger(refresh, trigger, now, refresh_token.clone(), now);
                (
                    S::Restoring {
                        refresh_token,
                        sub,
                        refresh,
                    },
                    effects,
                )
            }

            // Late answers after sign-out, stray timers, events that do not apply.
            (state, _) => (state, Vec::new()),
        }
    }

    fn session(
        id_token: &str,
        access_token: &str,
        refresh_token: &str,
        id: CognitoClaims,
        access: CognitoClaims,
        skew: i64,
    ) -> Result<Session, ClaimsError> {
        if id.sub != access.sub {
            return Err(ClaimsError::Malformed(
                "ID and access tokens belong to different users".to_owned(),
            ));
        }
        Ok(Session {
            id_token: id_token.to_owned(),
            access_token: access_token.to_owned(),
            refresh_token: refresh_token.to_owned(),
            id,
            access,
            skew,
        })
    }

    /// Trusts stored tokens (signatures verified) only after re-validating their claims.
    /// Expired → renew with the refresh token rather than sign out.
    fn restore(&self, stored: StoredSession, now: u64) -> (SessionState, Vec<Effect>) {
        // Storage is writable by anything on this origin: never trust its offset unclamped.
        let skew = stored.skew.clamp(-MAX_CLOCK_SKEW, MAX_CLOCK_SKEW);
        let decoded = self
            .validator
            .decode(&stored.id_token, TokenUse::Id)
            .and_then(|id| {
                let access = self
                    .validator
                    .decode(&stored.access_token, TokenUse::Access)?;
                Self::session(
                    &stored.id_token,
                    &stored.access_token,
                    &stored.refresh_token,
                    id,
                    access,
                    skew,
                )
            });
        match decoded {
            _ if stored.refresh_token.is_empty() => {
                Self::ended(EndReason::InvalidStoredSession, stored.refresh_token)
            }
            Ok(session) if session.is_usable_at(now) => {
                let effects = vec![self.timer_for(&session)];
                (
                    SessionState::SignedIn {
                        session,
                        refresh: RefreshStatus::Idle,
                    },
                    effects,
                )
            }
            Ok(_) => {
                let sub = decoded.ok().map(|session| session.sub().to_owned());
                let effects = vec![Effect::StartRefresh {
                    refresh_token: stored.refresh_token.clone(),
                }];
                (
                    SessionState::Restoring {
                        refresh_token: stored.refresh_token,
                        sub,
                        refresh: RefreshStatus::InFlight { failures: 0 },
                    },
                    effects,
                )
            }
            Err(_) => Self::ended(EndReason::InvalidStoredSession, stored.refresh_token),
        }
    }

    fn signed_in(&self, session: Session) -> (SessionState, Vec<Effect>) {
        let effects = vec![
            Effect::Persist(session.to_stored()),
            self.timer_for(&session),
        ];
        (
            SessionState::SignedIn {
                session,
                refresh: RefreshStatus::Idle,
            },
            effects,
        )
    }

    fn timer_for(&self, session: &Session) -> Effect {
        Effect::ScheduleTimer {
            at: session.refresh_due_at(&self.policy),
        }
    }

    fn signed_out_by_user(refresh_token: String) -> (SessionState, Vec<Effect>) {
        (
            SessionState::SignedOut,
            vec![
                Effect::CancelTimer,
                // The user means this browser: whatever another tab stored goes too.
                Effect::ClearStorage { only_if: None },
                Effect::RevokeRefreshToken { refresh_token },
            ],
        )
    }

    /// Ends the session holding `rejected` without the user asking; storage is cleared only if
    /// it still holds that token.
    fn ended(reason: EndReason, rejected: String) -> (SessionState, Vec<Effect>) {
        (
            SessionState::SignedOut,
            vec![
                Effect::CancelTimer,
                Effect::ClearStorage {
                    only_if: Some(rejected),
                },
                Effect::SessionEnded(reason),
            ],
        )
    }

    fn refresh_failed(
        &self,
        failure: RefreshFailure,
        refresh_token: String,
        previous_failures: u32,
        now: u64,
        keep: impl FnOnce(RefreshStatus) -> SessionState,
    ) -> (SessionState, Vec<Effect>) {
        let jitter = match failure {
            RefreshFailure::Definitive(reason) => return Self::ended(reason, refresh_token),
            RefreshFailure::Transient { jitter } => jitter,
        };
        let failures = previous_failures.saturating_add(1);
        let retry_at = now.saturating_add(self.policy.retry_delay(failures, jitter));
        (
            keep(RefreshStatus::Waiting {
                retry_at,
                failures,
                failed_at: now,
            }),
            vec![Effect::ScheduleTimer { at: retry_at }],
        )
    }

    /// Decides whether `trigger` starts a refresh. `due` is when a proactive refresh is due.
    fn on_trigger(
        &self,
        refresh: RefreshStatus,
        trigger: Event,
        due: u64,
        refresh_token: String,
        now: u64,
    ) -> (RefreshStatus, Vec<Effect>) {
        let start = |failures| {
            (
                RefreshStatus::InFlight { failures },
                vec![Effect::StartRefresh { refresh_token }],
            )
        };
        match (refresh, trigger) {
            // One refresh at a time: later requests join the one in flight.
            (RefreshStatus::InFlight { .. }, _) => (refresh, Vec::new()),

            (RefreshStatus::Idle, Event::RefreshRequested) => start(0),
            (RefreshStatus::Idle, Event::TimerFired | Event::BecameVisible | Event::CameOnline)
                if now >= due =>
            {
                start(0)
            }
            // Not due yet: re-arm the timer, which a hidden tab may have lost.
            (RefreshStatus::Idle, Event::TimerFired | Event::BecameVisible | Event::CameOnline) => {
                (refresh, vec![Effect::ScheduleTimer { at: due }])
            }

            // Back online or back in view: no reason to sit out the whole backoff, but keep a
            // minimum gap after the last failure.
            (
                RefreshStatus::Waiting {
                    retry_at,
                    failures,
                    failed_at,
                },
                Event::CameOnline | Event::BecameVisible,
            ) => {
                let earliest = failed_at.saturating_add(self.policy.min_gap);
                if now >= earliest.min(retry_at) {
                    start(failures)
                } else {
                    let at = earliest.min(retry_at);
                    (
                        RefreshStatus::Waiting {
                            retry_at: at,
                            failures,
                            failed_at,
                        },
                        vec![Effect::ScheduleTimer { at }],
                    )
                }
            }
            (
                RefreshStatus::Waiting {
                    retry_at, failures, ..
                },
                Event::TimerFired,
            ) if now >= retry_at => start(failures),
            // An on-demand request during backoff joins the scheduled retry.
            (RefreshStatus::Waiting { retry_at, .. }, _) => {
                (refresh, vec![Effect::ScheduleTimer { at: retry_at }])
            }

            (refresh, _) => (refresh, Vec::new()),
        }
    }
}
