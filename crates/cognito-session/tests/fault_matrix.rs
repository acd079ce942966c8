//! The refresh fault matrix on the session machine: every way a refresh can fail, in every
//! situation a refresh happens (access token still valid, already expired, restoring after a
//! reload), for both refresh operations. Only definitive answers sign anyone out; everything
//! else keeps the refresh token and schedules a retry.
//!
//! Error shapes: the cognito-idp service model (botocore `cognito-idp/2016-04-18/service-2.json`)
//! lists for `GetTokensFromRefreshToken` ForbiddenException, InternalErrorException,
//! NotAuthorizedException, RefreshTokenReuseException, TooManyRequestsException,
//! UserNotFoundException (among others), and for `InitiateAuth` also
//! PasswordResetRequiredException. ForbiddenException is documented as "AWS WAF doesn't allow
//! your request": a proxy's decision, not the refresh token's, so it is transient. The
//! NotAuthorizedException messages below ("Refresh Token has expired", "... has been revoked",
//! "User is disabled.") are what the service answers in practice; the classification does not
//! depend on them (any NotAuthorizedException on a refresh ends the session).
// Host tests: signatures are checked with the host's RsaVerifier (the browser uses WebCrypto).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_session::wire::AuthenticationResult;
use cognito_session::{
    CognitoError, Effect, EndReason, Event, Operation, RefreshFailure, RefreshPolicy,
    RefreshStatus, SessionMachine, SessionState, TransportError, Verified,
};
use common::*;

const HOUR: u64 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Situation {
    /// The proactive refresh, access token still valid.
    AccessValid,
    /// The tab slept past expiry: access token already expired.
    AccessExpired,
    /// A reload found expired tokens and renews them before showing anything.
    Restoring,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Still signed in (or still restoring), refresh token kept, retry scheduled.
    KeepsSessionAndRetries,
    /// Signed out for this reason; storage cleared only if it still holds the rejected token.
    SignsOut(EndReason),
}

use EndReason::*;
use Outcome::*;

/// (name, how the failure reaches the client, expected outcome).
/// How a failure reaches the client, for either refresh operation.
type MakeError = Box<dyn Fn(Operation) -> CognitoError>;

fn faults() -> Vec<(&'static str, MakeError, Outcome)> {
    let response = |status: u16, body: &'static str| {
        Box::new(move |op| CognitoError::from_response(op, true, status, body, None)) as MakeError
    };
    let no_response = |detail: &'static str| {
        Box::new(move |op| CognitoError::transport(op, &TransportError::new(detail))) as MakeError
    };
    vec![
        (
            "offline",
            no_response("Failed to fetch"),
            KeepsSessionAndRetries,
        ),
        (
            "dropped connection",
            no_response("Failed to fetch"),
            KeepsSessionAndRetries,
        ),
        // The app aborts a request after its timeout (AbortController): no response at all.
        (
            "hanging 60 s, aborted",
            no_response("The operation was aborted."),
            KeepsSessionAndRetries,
        ),
        (
            "500 InternalErrorException",
            response(500, r#"{"__type":"InternalErrorException","message":"x"}"#),
            KeepsSessionAndRetries,
        ),
        (
            "500 without body",
            response(500, ""),
            KeepsSessionAndRetries,
        ),
        (
            "502 HTML page",
            response(502, "<html>Bad Gateway</html>"),
            KeepsSessionAndRetries,
        ),
        (
            "503 without body",
            response(503, ""),
            KeepsSessionAndRetries,
        ),
        (
            "429 TooManyRequestsException",
            response(
                400,
                r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#,
            ),
            KeepsSessionAndRetries,
        ),
        (
            "429 without body",
            response(429, ""),
            KeepsSessionAndRetries,
        ),
        (
            "408 without body",
            response(408, ""),
            KeepsSessionAndRetries,
        ),
        (
            "401 without body",
            response(401, ""),
            KeepsSessionAndRetries,
        ),
        (
            "403 without body",
            response(403, ""),
            KeepsSessionAndRetries,
        ),
        (
            "407 without body",
            response(407, ""),
            KeepsSessionAndRetries,
        ),
        (
            "ForbiddenException",
            response(
                403,
                r#"{"__type":"ForbiddenException","message":"Request blocked"}"#,
            ),
            KeepsSessionAndRetries,
        ),
        (
            "ResourceNotFoundException",
            response(
                400,
                r#"{"__type":"ResourceNotFoundException","message":"x"}"#,
            ),
            KeepsSessionAndRetries,
        ),
        (
            "undocumented error",
            response(400, r#"{"__type":"SomethingNewException"}"#),
            KeepsSessionAndRetries,
        ),
        (
            "refresh token expired",
            response(
                400,
                r#"{"__type":"NotAuthorizedException","message":"Refresh Token has expired"}"#,
            ),
            SignsOut(RefreshTokenRejected),
        ),
        (
            "refresh token revoked",
            response(
                400,
                r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#,
            ),
            SignsOut(RefreshTokenRejected),
        ),
        (
            "user disabled",
            response(
                400,
                r#"{"__type":"NotAuthorizedException","message":"User is disabled."}"#,
            ),
            SignsOut(RefreshTokenRejected),
        ),
        (
            "user not found",
            response(
                400,
                r#"{"__type":"UserNotFoundException","message":"User does not exist."}"#,
            ),
            SignsOut(RefreshTokenRejected),
        ),
        (
            "password reset required",
            response(
                400,
                r#"{"__type":"PasswordResetRequiredException","message":"Password reset required for the user"}"#,
            ),
            SignsOut(RefreshTokenRejected),
        ),
        (
            "refresh token reused",
            response(
                400,
                r#"{"__type":"RefreshTokenReuseException","message":"x"}"#,
            ),
            SignsOut(RefreshTokenReused),
        ),
    ]
}

fn machine() -> SessionMachine {
    SessionMachine::new(validator(), RefreshPolicy::default())
}

fn tokens(iat: u64, lifetime: u64, refresh_token: Option<&str>) -> Verified<AuthenticationResult> {
    verified(&answer(iat, lifetime, refresh_token))
}

/// The answer as it comes over the wire, before its signatures are checked.
fn answer(iat: u64, lifetime: u64, refresh_token: Option<&str>) -> AuthenticationResult {
    AuthenticationResult {
        access_token: sign(&access_claims(iat, lifetime)),
        expires_in: Some(i32::try_from(lifetime).expect("a test lifetime fits in i32")),
        id_token: Some(sign(&id_claims(iat, lifetime))),
        refresh_token: refresh_token.map(str::to_owned),
        token_type: Some("Bearer".into()),
        new_device_metadata: None,
    }
}

/// The state with a refresh in flight for `situation`, and the local time it happens at.
fn refreshing(situation: Situation) -> (SessionState, u64) {
    let machine = machine();
    let session = machine
        .accept(&tokens(NOW, HOUR, Some("refresh-1")), None, NOW)
        .unwrap();
    match situation {
        Situation::AccessValid | Situation::AccessExpired => {
            let now = if situation == Situation::AccessValid {
                NOW + HOUR - 60
            } else {
                NOW + 2 * HOUR
            };
            let (state, _) = machine.step(SessionState::SignedOut, Event::SignedIn(session), NOW);
            let (state, effects) = machine.step(state, Event::RefreshRequested, now);
            assert!(matches!(effects[..], [Effect::StartRefresh { .. }]));
            (state, now)
        }
        Situation::Restoring => {
            let now = NOW + 2 * HOUR;
            let (state, effects) = machine.step(
                SessionState::SignedOut,
                Event::Restore(Some(verified_stored(session.to_stored()))),
                now,
            );
            assert!(matches!(state, SessionState::Restoring { .. }));
            assert!(matches!(effects[..], [Effect::StartRefresh { .. }]));
            (state, now)
        }
    }
}

#[test]
fn fault_matrix() {
    let machine = machine();
    let mut table = Vec::new();
    for (name, fault, expected) in faults() {
        for operation in [
            Operation::InitiateAuth,
            Operation::GetTokensFromRefreshToken,
        ] {
            for situation in [
                Situation::AccessValid,
                Situation::AccessExpired,
                Situation::Restoring,
            ] {
                let (state, now) = refreshing(situation);
                let failure = RefreshFailure::from_error(&fault(operation), 2);
                let (state, effects) = machine.step(state, Event::RefreshFailed(failure), now);
                let case = format!("{name} / {operation:?} / {situation:?}");
                match expected {
                    KeepsSessionAndRetries => {
                        assert_eq!(state.refresh_token(), Some("refresh-1"), "{case}");
                        assert_eq!(
                            state.refresh_status(),
                            Some(RefreshStatus::Waiting {
                                retry_at: now + 1 + 2,
                                failures: 1,
                                failed_at: now,
                            }),
                            "{case}"
                        );
                        assert_eq!(effects, [Effect::ScheduleTimer { at: now + 3 }], "{case}");
                        assert!(
                            !effects
                                .iter()
                                .any(|e| matches!(e, Effect::ClearStorage { .. })),
                            "{case}"
                        );
                        // The access token stays usable while it is valid.
                        assert_eq!(
                            state.session().is_some(),
                            situation != Situation::Restoring,
                            "{case}"
                        );
                        assert_eq!(
                            state.is_reconnecting(now),
                            situation != Situation::AccessValid,
                            "{case}"
                        );
                    }
                    SignsOut(reason) => {
                        assert_eq!(state, SessionState::SignedOut, "{case}");
                        assert_eq!(
                            effects,
                            [
                                Effect::CancelTimer,
                                Effect::ClearStorage {
                                    only_if: Some("refresh-1".into())
                                },
                                Effect::SessionEnded(reason),
                            ],
                            "{case}"
                        );
                    }
                }
            }
        }
        table.push(format!("{name:32} {expected:?}"));
    }
    // `cargo test -- --nocapture` prints the matrix for the record.
    println!("{}", table.join("\n"));
}

#[test]
fn transient_failures_back_off_exponentially_with_capped_jitter() {
    let machine = machine();
    let (mut state, mut now) = refreshing(Situation::AccessExpired);
    let mut delays = Vec::new();
    for jitter in [0, 1, 2, 3, 9, 0, 0, 0] {
        let failure = RefreshFailure::Transient { jitter };
        let (next, effects) = machine.step(state, Event::RefreshFailed(failure), now);
        let [Effect::ScheduleTimer { at }] = effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(next.refresh_token(), Some("refresh-1"));
        delays.push(at - now);
        let (next, effects) = machine.step(next, Event::TimerFired, at);
        assert!(matches!(effects[..], [Effect::StartRefresh { .. }]));
        (state, now) = (next, at);
    }
    // 1, 2, 4 … doubling to the 30 s cap, plus jitter capped at 3 s.
    assert_eq!(delays, [1, 3, 6, 11, 19, 30, 30, 30]);
}

#[test]
fn a_refresh_answer_for_another_user_is_definitive() {
    let machine = machine();
    for situation in [
        Situation::AccessValid,
        Situation::AccessExpired,
        Situation::Restoring,
    ] {
        let (state, now) = refreshing(situation);
        let mut claims_id = id_claims(now, HOUR);
        let mut claims_access = access_claims(now, HOUR);
        claims_id["sub"] = serde_json::json!("someone-else");
        claims_access["sub"] = serde_json::json!("someone-else");
        let result = AuthenticationResult {
            access_token: sign(&claims_access),
            id_token: Some(sign(&claims_id)),
            ..answer(now, HOUR, None)
        };
        let other = machine
            .accept(&verified(&result), Some("refresh-1"), now)
            .unwrap();
        let (state, effects) = machine.step(state, Event::RefreshSucceeded(other), now);
        assert_eq!(state, SessionState::SignedOut, "{situation:?}");
        assert_eq!(
            effects.last(),
            Some(&Effect::SessionEnded(EndReason::OtherUser)),
            "{situation:?}"
        );
        // Nothing is left "in flight": a later request starts nothing and waits on nothing.
        assert!(!state.refresh_in_flight());
    }
}

#[test]
fn an_answer_that_does_not_validate_is_transient() {
    let error = cognito_session::ClaimsError::InvalidSignature;
    assert_eq!(
        RefreshFailure::from_claims_error(&error, 1),
        RefreshFailure::Transient { jitter: 1 }
    );
}

#[test]
fn adopting_another_tabs_tokens_ends_our_refresh_and_ignores_its_late_answer() {
    let machine = machine();
    let (state, now) = refreshing(Situation::AccessExpired);
    let theirs = machine
        .accept(&tokens(now, HOUR, Some("refresh-2")), None, now)
        .unwrap();
    let (state, effects) = machine.step(state, Event::Adopt(theirs), now);
    assert_eq!(state.refresh_token(), Some("refresh-2"));
    assert_eq!(state.refresh_status(), Some(RefreshStatus::Idle));
    // Adopted tokens are already stored: schedule only, no Persist.
    assert_eq!(
        effects,
        [Effect::ScheduleTimer {
            at: now + HOUR - 60
        }]
    );
    // Our own refresh then fails with reuse: ignored, still signed in with theirs.
    let reused = RefreshFailure::Definitive(EndReason::RefreshTokenReused);
    let (state, effects) = machine.step(state, Event::RefreshFailed(reused), now);
    assert_eq!(state.refresh_token(), Some("refresh-2"));
    assert!(effects.is_empty());
}

#[test]
fn a_newer_stored_session_is_recognised() {
    use cognito_session::newer_stored_session;
    let ours = machine()
        .accept(&tokens(NOW, HOUR, Some("refresh-1")), None, NOW)
        .unwrap()
        .to_stored();
    // Renewed elsewhere without rotation: same refresh token, new access token.
    let renewed = machine()
        .accept(&tokens(NOW + 10, HOUR, None), Some("refresh-1"), NOW + 10)
        .unwrap()
        .to_stored();
    assert_eq!(
        newer_stored_session(Some(&ours), Some(renewed.clone())),
        Some(renewed)
    );
    assert_eq!(newer_stored_session(Some(&ours), Some(ours.clone())), None);
    assert_eq!(newer_stored_session(Some(&ours), None), None);
    // A sign-in elsewhere reaches a signed-out tab.
    assert_eq!(newer_stored_session(None, Some(ours.clone())), Some(ours));
}

#[test]
fn another_tab_signing_out_signs_this_one_out_without_revoking() {
    let machine = machine();
    let (state, now) = refreshing(Situation::AccessValid);
    let (state, effects) = machine.step(state, Event::StoredSessionRemoved, now);
    assert_eq!(state, SessionState::SignedOut);
    assert_eq!(effects, [Effect::CancelTimer]);
}

#[test]
fn clock_offset_is_clamped_and_never_overflows() {
    use cognito_session::{MAX_CLOCK_SKEW, clock_skew, server_now};
    assert_eq!(clock_skew(NOW + 600, NOW), 600);
    assert_eq!(clock_skew(u64::MAX, 0), MAX_CLOCK_SKEW);
    assert_eq!(clock_skew(0, u64::MAX), -MAX_CLOCK_SKEW);
    assert_eq!(server_now(u64::MAX, i64::MAX), i64::MAX);
    assert_eq!(server_now(NOW, i64::MIN), NOW as i64 - MAX_CLOCK_SKEW);

    // A tampered stored offset is clamped too (it used to overflow `exp - skew`).
    let mut stored = machine()
        .accept(&tokens(NOW, HOUR, Some("refresh-1")), None, NOW)
        .unwrap()
        .to_stored();
    for (skew, clamped) in [(i64::MIN, -MAX_CLOCK_SKEW), (i64::MAX, MAX_CLOCK_SKEW)] {
        stored.skew = skew;
        let (state, _) = machine().step(
            SessionState::SignedOut,
            Event::Restore(Some(verified_stored(stored.clone()))),
            NOW,
        );
        if let Some(session) = state.session() {
            assert_eq!(session.skew(), clamped);
            assert_eq!(
                session.access_expires_at() as i64,
                (NOW + HOUR) as i64 - clamped
            );
        } else {
            assert!(matches!(state, SessionState::Restoring { .. }), "{state:?}");
        }
    }
}
