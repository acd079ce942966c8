//! The session state machine and refresh policy, with a fake clock.
// Host tests: signatures are checked with the host's RsaVerifier (the browser uses WebCrypto).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_session::wire::{AuthenticationResult, Challenge, ChallengeName};
use cognito_session::{
    AccessToken, CognitoError, Effect, EndReason, Event, Operation, RefreshFailure, RefreshPolicy,
    RefreshStatus, Session, SessionMachine, SessionState, StoredSession, Verified,
};
use common::*;

const HOUR: u64 = 3600;

fn machine() -> SessionMachine {
    SessionMachine::new(validator(), RefreshPolicy::default())
}

/// Tokens the server issued at server time `iat`.
fn tokens(iat: u64, lifetime: u64, refresh_token: Option<&str>) -> Verified<AuthenticationResult> {
    verified(&answer(iat, lifetime, refresh_token))
}

/// The answer as it comes over the wire, before its signatures are checked.
fn answer(iat: u64, lifetime: u64, refresh_token: Option<&str>) -> AuthenticationResult {
    AuthenticationResult {
        access_token: sign(&access_claims(iat, lifetime)),
        expires_in: i32::try_from(lifetime).ok(),
        id_token: Some(sign(&id_claims(iat, lifetime))),
        refresh_token: refresh_token.map(str::to_owned),
        token_type: Some("Bearer".into()),
        new_device_metadata: None,
    }
}

fn session_at(now: u64) -> Session {
    machine()
        .accept(&tokens(now, HOUR, Some("refresh-1")), None, now)
        .unwrap()
}

fn signed_in(now: u64) -> SessionState {
    let (state, effects) = machine().step(
        SessionState::SignedOut,
        Event::SignedIn(session_at(now)),
        now,
    );
    assert!(matches!(effects[0], Effect::Persist(_)));
    state
}

fn refreshing(now: u64) -> SessionState {
    let (state, effects) = machine().step(signed_in(NOW), Event::RefreshRequested, now);
    assert_eq!(
        effects,
        [Effect::StartRefresh {
            refresh_token: "refresh-1".into()
        }]
    );
    state
}

fn transient_error() -> CognitoError {
    CognitoError::from_response(
        Operation::InitiateAuth,
        true,
        500,
        r#"{"__type":"InternalErrorException"}"#,
        None,
    )
}

fn revoked_error() -> CognitoError {
    CognitoError::from_response(
        Operation::InitiateAuth,
        true,
        400,
        r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#,
        None,
    )
}

#[test]
fn default_margin_is_min_60s_or_a_fifth_of_the_lifetime() {
    let policy = RefreshPolicy::default();
    assert_eq!(policy.margin_for_lifetime(HOUR), 60);
    assert_eq!(policy.margin_for_lifetime(100), 20);
    let custom = RefreshPolicy {
        margin: Some(300),
        ..RefreshPolicy::default()
    };
    assert_eq!(custom.margin_for_lifetime(HOUR), 300);
}

#[test]
fn sign_in_schedules_the_proactive_refresh() {
    let (state, effects) = machine().step(
        SessionState::SignedOut,
        Event::SignedIn(session_at(NOW)),
        NOW,
    );
    assert_eq!(
        effects[1],
        Effect::ScheduleTimer {
            at: NOW + HOUR - 60
        }
    );
    assert_eq!(
        machine().next_refresh_at(&state, NOW),
        Some(NOW + HOUR - 60)
    );
    assert_eq!(
        state.fresh_access_token(NOW + 10),
        AccessToken::Use(state.session().unwrap().access_token())
    );
}

#[test]
fn skew_is_measured_from_iat_and_corrects_every_expiry() {
    // The device clock is 10 minutes behind the server.
    let local = NOW - 600;
    let session = machine()
        .accept(&tokens(NOW, HOUR, Some("r")), None, local)
        .unwrap();
    assert_eq!(session.skew(), 600);
    assert_eq!(session.access_expires_at(), local + HOUR);
    let (state, effects) = machine().step(SessionState::SignedOut, Event::SignedIn(session), local);
    assert_eq!(
        effects[1],
        Effect::ScheduleTimer {
            at: local + HOUR - 60
        }
    );
    assert!(matches!(
        state.fresh_access_token(local + HOUR - 10),
        AccessToken::Use(_)
    ));
    assert_eq!(
        state.fresh_access_token(local + HOUR),
        AccessToken::RefreshFirst
    );
}

#[test]
fn session_accessors() {
    let session = session_at(NOW);
    assert_eq!(session.username(), "alice");
    assert_eq!(session.email(), Some("alice@example.com"));
    assert!(session.email_verified());
    assert_eq!(session.attribute("custom:role"), Some("admin"));
    assert_eq!(session.groups(), ["staff", "ops"]);
    assert_eq!(session.attribute("custom:team"), None);
    assert_eq!(
        session.attribute("cognito:groups"),
        None,
        "not a string claim"
    );
    assert!(session.in_group("ops"));
    assert!(!session.in_group("root"));
    assert_eq!(session.id_expires_at(), NOW + HOUR);
    assert_eq!(session.refresh_token(), "refresh-1");
}

#[test]
fn expired_token_asks_for_a_refresh_first() {
    let state = signed_in(NOW);
    assert_eq!(
        state.fresh_access_token(NOW + HOUR - 2),
        AccessToken::RefreshFirst
    );
    assert_eq!(
        SessionState::SignedOut.fresh_access_token(NOW),
        AccessToken::SignedOut
    );
}

#[test]
fn timer_starts_the_refresh_when_due_and_rearms_when_early() {
    let (state, effects) = machine().step(signed_in(NOW), Event::TimerFired, NOW + 100);
    assert_eq!(
        effects,
        [Effect::ScheduleTimer {
            at: NOW + HOUR - 60
        }]
    );
    let (state, effects) = machine().step(state, Event::TimerFired, NOW + HOUR - 60);
    assert_eq!(
        effects,
        [Effect::StartRefresh {
            refresh_token: "refresh-1".into()
        }]
    );
    assert!(state.refresh_in_flight());
}

#[test]
fn concurrent_refresh_requests_collapse_into_one() {
    let state = refreshing(NOW + 10);
    let (state, effects) = machine().step(state, Event::RefreshRequested, NOW + 11);
    assert!(effects.is_empty());
    let (state, effects) = machine().step(state, Event::BecameVisible, NOW + 12);
    assert!(effects.is_empty());
    let (_, effects) = machine().step(state, Event::TimerFired, NOW + HOUR);
    assert!(effects.is_empty());
}

#[test]
fn refresh_keeps_the_old_refresh_token_unless_rotated() {
    let later = NOW + HOUR - 60;
    let state = refreshing(later);
    let fresh = machine()
        .accept(&tokens(later, HOUR, None), Some("refresh-1"), later)
        .unwrap();
    let (state, effects) = machine().step(state, Event::RefreshSucceeded(fresh), later);
    let session = state.session().unwrap();
    assert_eq!(session.refresh_token(), "refresh-1");
    assert_eq!(effects[0], Effect::Persist(session.to_stored()));
    assert_eq!(
        effects[1],
        Effect::ScheduleTimer {
            at: later + HOUR - 60
        }
    );

    let rotated = machine()
        .accept(
            &tokens(later, HOUR, Some("refresh-2")),
            Some("refresh-1"),
            later,
        )
        .unwrap();
    assert_eq!(rotated.refresh_token(), "refresh-2");
}

#[test]
fn network_blip_keeps_the_session_and_backs_off() {
    let machine = machine();
    let mut state = refreshing(NOW + HOUR - 60);
    let mut now = NOW + HOUR - 60;
    let mut delays = Vec::new();
    for _ in 0..7 {
        let failure = RefreshFailure::from_error(&transient_error(), 0);
        let (next, effects) = machine.step(state, Event::RefreshFailed(failure), now);
        let Effect::ScheduleTimer { at } = effects[0] else {
            panic!("{effects:?}")
        };
        delays.push(at - now);
        assert!(next.session().is_some(), "still signed in");
        let (next, effects) = machine.step(next, Event::TimerFired, at);
        assert!(matches!(effects[0], Effect::StartRefresh { .. }));
        state = next;
        now = at;
    }
    assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30]);
    // The token stays usable until it really expires.
    let (state, _) = machine.step(
        state,
        Event::RefreshFailed(RefreshFailure::Transient { jitter: 0 }),
        NOW + HOUR - 30,
    );
    assert!(matches!(
        state.fresh_access_token(NOW + HOUR - 30),
        AccessToken::Use(_)
    ));
    // Even after expiry a blip does not sign out.
    assert_eq!(
        state.fresh_access_token(NOW + HOUR + 5),
        AccessToken::RefreshFirst
    );
    assert!(state.session().is_some());
}

#[test]
fn jitter_is_added_and_capped() {
    let policy = RefreshPolicy::default();
    assert_eq!(policy.retry_delay(1, 2), 3);
    assert_eq!(policy.retry_delay(10, 100), 33);
}

#[test]
fn revoked_refresh_token_ends_the_session() {
    let state = refreshing(NOW + 100);
    let failure = RefreshFailure::from_error(&revoked_error(), 0);
    assert_eq!(
        failure,
        RefreshFailure::Definitive(EndReason::RefreshTokenRejected)
    );
    let (state, effects) = machine().step(state, Event::RefreshFailed(failure), NOW + 100);
    assert_eq!(state, SessionState::SignedOut);
    assert_eq!(
        effects,
        [
            Effect::CancelTimer,
            Effect::ClearStorage {
                only_if: Some("refresh-1".into())
            },
            Effect::SessionEnded(EndReason::RefreshTokenRejected)
        ]
    );
}

#[test]
fn visibility_and_online_trigger_a_due_refresh() {
    let (_, effects) = machine().step(signed_in(NOW), Event::BecameVisible, NOW + HOUR - 30);
    assert!(matches!(effects[0], Effect::StartRefresh { .. }));
    let (_, effects) = machine().step(signed_in(NOW), Event::CameOnline, NOW + 2 * HOUR);
    assert!(matches!(effects[0], Effect::StartRefresh { .. }));
    let (_, effects) = machine().step(signed_in(NOW), Event::BecameVisible, NOW + 60);
    assert_eq!(
        effects,
        [Effect::ScheduleTimer {
            at: NOW + HOUR - 60
        }]
    );
}

#[test]
fn coming_online_skips_the_backoff() {
    let (state, _) = machine().step(
        refreshing(NOW + HOUR - 60),
        Event::RefreshFailed(RefreshFailure::Transient { jitter: 0 }),
        NOW + HOUR - 60,
    );
    assert!(matches!(
        state,
        SessionState::SignedIn {
            refresh: RefreshStatus::Waiting { .. },
            ..
        }
    ));
    let (_, effects) = machine().step(state.clone(), Event::RefreshRequested, NOW + HOUR - 60);
    assert!(
        !effects
            .iter()
            .any(|effect| matches!(effect, Effect::StartRefresh { .. })),
        "joins the retry"
    );
    let (state, effects) = machine().step(state, Event::CameOnline, NOW + HOUR - 59);
    assert!(matches!(effects[0], Effect::StartRefresh { .. }));
    assert!(state.refresh_in_flight());
}

#[test]
fn visibility_and_online_keep_a_minimum_gap_after_a_failure() {
    let machine = SessionMachine::new(
        validator(),
        RefreshPolicy {
            initial_backoff: 20,
            min_gap: 3,
            ..RefreshPolicy::default()
        },
    );
    let failed_at = NOW + HOUR - 60;
    let (state, _) = machine.step(signed_in(NOW), Event::RefreshRequested, failed_at);
    let (state, effects) = machine.step(
        state,
        Event::RefreshFailed(RefreshFailure::Transient { jitter: 0 }),
        failed_at,
    );
    assert_eq!(effects, [Effect::ScheduleTimer { at: failed_at + 20 }]);
    // A flapping network: "online" one second after the failure only brings the retry forward.
    let (state, effects) = machine.step(state, Event::CameOnline, failed_at + 1);
    assert_eq!(effects, [Effect::ScheduleTimer { at: failed_at + 3 }]);
    let (state, effects) = machine.step(state, Event::BecameVisible, failed_at + 2);
    assert_eq!(effects, [Effect::ScheduleTimer { at: failed_at + 3 }]);
    let (state, effects) = machine.step(state, Event::TimerFired, failed_at + 3);
    assert!(matches!(effects[0], Effect::StartRefresh { .. }));
    assert!(state.refresh_in_flight());
}

#[test]
fn late_refresh_result_after_sign_out_is_ignored() {
    let (state, effects) = machine().step(refreshing(NOW + 10), Event::SignOutRequested, NOW + 10);
    assert_eq!(state, SessionState::SignedOut);
    assert_eq!(
        effects,
        [
            Effect::CancelTimer,
            Effect::ClearStorage { only_if: None },
            Effect::RevokeRefreshToken {
                refresh_token: "refresh-1".into()
            }
        ]
    );
    let (state, effects) = machine().step(
        state,
        Event::RefreshSucceeded(session_at(NOW + 11)),
        NOW + 11,
    );
    assert_eq!(state, SessionState::SignedOut);
    assert!(effects.is_empty());
}

#[test]
fn restore_fresh_stored_session() {
    let stored = session_at(NOW).to_stored();
    let json = serde_json::to_string(&stored).unwrap();
    let stored: StoredSession = serde_json::from_str(&json).unwrap();
    let (state, effects) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW + 600,
    );
    assert_eq!(state.session().unwrap().username(), "alice");
    assert_eq!(
        effects,
        [Effect::ScheduleTimer {
            at: NOW + HOUR - 60
        }]
    );
}

#[test]
fn restore_expired_access_token_renews_instead_of_signing_out() {
    let stored = session_at(NOW).to_stored();
    let (state, effects) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW + 2 * HOUR,
    );
    assert!(matches!(state, SessionState::Restoring { .. }));
    assert_eq!(
        effects,
        [Effect::StartRefresh {
            refresh_token: "refresh-1".into()
        }]
    );
    assert_eq!(
        state.fresh_access_token(NOW + 2 * HOUR),
        AccessToken::RefreshFirst
    );

    let now = NOW + 2 * HOUR;
    let fresh = machine()
        .accept(&tokens(now, HOUR, None), Some("refresh-1"), now)
        .unwrap();
    let (state, effects) = machine().step(state, Event::RefreshSucceeded(fresh), now);
    assert!(state.session().is_some());
    assert!(matches!(effects[0], Effect::Persist(_)));
}

#[test]
fn restore_uses_the_stored_skew() {
    let stored = machine()
        .accept(&tokens(NOW, HOUR, Some("r")), None, NOW - 600)
        .unwrap()
        .to_stored();
    assert_eq!(stored.skew, 600);
    // Local NOW + HOUR − 700 is server NOW + HOUR − 100: still fresh.
    let (state, _) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW + HOUR - 700,
    );
    assert!(state.session().is_some());
}

#[test]
fn restore_refuses_tampered_or_foreign_tokens() {
    let mut stored = session_at(NOW).to_stored();
    let mut foreign = id_claims(NOW, HOUR);
    foreign["aud"] = serde_json::json!("another-client");
    stored.id_token = sign(&foreign);
    let (state, effects) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW,
    );
    assert_eq!(state, SessionState::SignedOut);
    assert_eq!(
        effects,
        [
            Effect::CancelTimer,
            Effect::ClearStorage {
                only_if: Some("refresh-1".into())
            },
            Effect::SessionEnded(EndReason::InvalidStoredSession)
        ]
    );
}

/// Signatures are checked on the way in, whatever features the crate is built with: a stored
/// session or a refresh answer whose signature does not verify never becomes a `Verified`
/// value, so it can neither be restored nor accepted; a refresh answer refused this way keeps
/// the session and retries (the refresh token is not at fault).
#[test]
fn a_bad_signature_is_refused_on_the_machines_path() {
    use cognito_session::{ClaimsError, RsaVerifier};
    use futures_executor::block_on;

    // Our kid, another key: the classic forgery.
    let forged_id = sign_with(&id_claims(NOW, HOUR), KID, other_key());
    let mut stored = session_at(NOW).to_stored();
    stored.id_token = forged_id.clone();
    assert_eq!(
        block_on(Verified::stored(&RsaVerifier, &jwks(), stored)),
        Err(ClaimsError::InvalidSignature)
    );

    let signed_in = SessionState::SignedIn {
        session: session_at(NOW),
        refresh: RefreshStatus::Idle,
    };
    let (refreshing, effects) = machine().step(signed_in, Event::RefreshRequested, NOW + 10);
    assert!(
        matches!(effects[..], [Effect::StartRefresh { .. }]),
        "{effects:?}"
    );
    let forged_answer = AuthenticationResult {
        id_token: Some(forged_id),
        ..answer(NOW + 10, HOUR, None)
    };
    let refused = block_on(Verified::answer(&RsaVerifier, &jwks(), forged_answer))
        .expect_err("a forged answer is refused");
    assert_eq!(refused, ClaimsError::InvalidSignature);
    let (state, effects) = machine().step(
        refreshing,
        Event::RefreshFailed(RefreshFailure::from_claims_error(&refused, 0)),
        NOW + 10,
    );
    assert_eq!(
        state.session().map(Session::username),
        Some("alice"),
        "the old session stands; nothing forged was taken"
    );
    assert_eq!(
        state.session().unwrap().id_token(),
        session_at(NOW).id_token()
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ScheduleTimer { .. })),
        "{effects:?}"
    );

    // The genuine answer verifies with the same verifier and keys.
    block_on(Verified::answer(
        &RsaVerifier,
        &jwks(),
        answer(NOW + 10, HOUR, None),
    ))
    .expect("genuine tokens verify");
}

#[test]
fn restoring_session_ends_when_refresh_token_is_revoked() {
    let stored = session_at(NOW).to_stored();
    let (state, _) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW + 2 * HOUR,
    );
    let failure = RefreshFailure::from_error(&revoked_error(), 0);
    let (state, _) = machine().step(state, Event::RefreshFailed(failure), NOW + 2 * HOUR);
    assert_eq!(state, SessionState::SignedOut);
}

#[test]
fn restoring_survives_a_blip() {
    let stored = session_at(NOW).to_stored();
    let (state, _) = machine().step(
        SessionState::SignedOut,
        Event::Restore(Some(verified_stored(stored))),
        NOW + 2 * HOUR,
    );
    let failure = RefreshFailure::from_error(&transient_error(), 1);
    let (state, effects) = machine().step(state, Event::RefreshFailed(failure), NOW + 2 * HOUR);
    assert!(matches!(
        state,
        SessionState::Restoring {
            refresh: RefreshStatus::Waiting { .. },
            ..
        }
    ));
    assert_eq!(
        effects,
        [Effect::ScheduleTimer {
            at: NOW + 2 * HOUR + 2
        }]
    );
}

#[test]
fn nothing_stored_stays_signed_out() {
    let (state, effects) = machine().step(SessionState::SignedOut, Event::Restore(None), NOW);
    assert_eq!(state, SessionState::SignedOut);
    assert!(effects.is_empty());
}

#[test]
fn challenge_then_sign_in() {
    let challenge = Challenge {
        name: ChallengeName::NewPasswordRequired,
        session: Some("s".into()),
        parameters: Default::default(),
        username: "alice".into(),
    };
    let (state, _) = machine().step(
        SessionState::SignedOut,
        Event::ChallengeIssued(challenge),
        NOW,
    );
    assert!(matches!(state, SessionState::ChallengePending(_)));
    assert_eq!(state.fresh_access_token(NOW), AccessToken::SignedOut);
    let (cancelled, _) = machine().step(state.clone(), Event::ChallengeCancelled, NOW);
    assert_eq!(cancelled, SessionState::SignedOut);
    let (state, _) = machine().step(state, Event::SignedIn(session_at(NOW)), NOW);
    assert!(state.session().is_some());
}

#[test]
fn accept_requires_an_id_token_and_a_refresh_token() {
    use cognito_session::RsaVerifier;
    assert!(
        machine()
            .accept(&tokens(NOW, HOUR, None), None, NOW)
            .is_err()
    );
    let mut result = answer(NOW, HOUR, None);
    result.id_token = None;
    let verified = futures_executor::block_on(Verified::answer(&RsaVerifier, &jwks(), result));
    assert!(verified.is_err(), "no ID token, nothing to verify");
}

#[test]
fn a_stored_sessions_expiry_orders_it_without_trusting_it() {
    let stored = session_at(1_000).to_stored();
    assert_eq!(stored.access_expiry_unchecked(), Some(1_000 + HOUR));
    // Read without a signature check (the ledger only orders sessions), but never invented.
    let forged = StoredSession {
        access_token: unsigned_token(
            &serde_json::json!({"alg": "RS256", "kid": KID}),
            &access_claims(5_000, HOUR),
            b"bogus",
        ),
        ..stored.clone()
    };
    assert_eq!(forged.access_expiry_unchecked(), Some(5_000 + HOUR));
    let garbage = StoredSession {
        access_token: "not a token".into(),
        ..stored
    };
    assert_eq!(garbage.access_expiry_unchecked(), None);
}
