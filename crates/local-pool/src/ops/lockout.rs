//! Cognito's lockout after failed sign-in attempts, per user.
//!
//! "After five failed unauthenticated or IAM-authorized sign-in attempts with a password,
//! Amazon Cognito locks out your user for one second. The lockout duration then doubles after
//! each additional one failed attempt, up to a maximum of approximately 15 minutes. Attempts
//! made during a lockout period generate a Password attempts exceeded exception, and don't
//! affect the duration of subsequent lockout periods. [...] To reset the lockout to its n=0
//! initial state, your user must either sign in successfully after a lockout period expires,
//! or not initiate any sign-in attempts for 15 consecutive minutes at any time after a
//! lockout." (Amazon Cognito Developer Guide, "Authentication", lockout behavior for failed
//! sign-in attempts.) "After five unsuccessful attempts to present an MFA code, Amazon Cognito
//! begins the exponential-timeout lockout process" (Developer Guide, "Adding MFA"), so wrong
//! MFA codes count here too.

use crate::protocol::ApiError;
use crate::store::{SignInFailures, Tx};

/// Failures allowed before the first lock.
pub const FREE_FAILURES: i64 = 5;
/// "Approximately 15 minutes": the longest lock.
pub const MAX_LOCK_SECS: i64 = 900;
/// A user with no failed attempt for this long starts again from zero.
pub const RESET_AFTER_SECS: i64 = 900;

pub fn password_attempts_exceeded() -> ApiError {
    ApiError::not_authorized("Password attempts exceeded")
}

/// Refuses a sign-in attempt while the user is locked out (without counting it).
pub fn check_not_locked(
    tx: &Tx<'_>,
    pool_id: &str,
    username_key: &str,
    now: i64,
) -> Result<(), ApiError> {
    match tx.sign_in_failures(pool_id, username_key)? {
        Some(state) if now < state.locked_until => Err(password_attempts_exceeded()),
        _ => Ok(()),
    }
}

/// Counts a failed attempt; from the fifth on, locks the user for 2^(n-5) seconds (capped).
pub fn record_failure(
    tx: &Tx<'_>,
    pool_id: &str,
    username_key: &str,
    now: i64,
) -> Result<(), ApiError> {
    let previous = tx
        .sign_in_failures(pool_id, username_key)?
        .filter(|state| now.saturating_sub(state.last_failure_at) < RESET_AFTER_SECS)
        .map_or(0, |state| state.failures);
    let failures = previous.saturating_add(1);
    let locked_until = if failures >= FREE_FAILURES {
        now.saturating_add(lock_secs(failures))
    } else {
        0
    };
    tx.put_sign_in_failures(
        pool_id,
        username_key,
        &SignInFailures {
            failures,
            last_failure_at: now,
            locked_until,
        },
    )
}

/// A completed sign-in resets the count.
pub fn record_success(tx: &Tx<'_>, pool_id: &str, username_key: &str) -> Result<(), ApiError> {
    tx.clear_sign_in_failures(pool_id, username_key)
}

/// 2^(n-5) seconds for the n-th failure, at most [`MAX_LOCK_SECS`].
pub fn lock_secs(failures: i64) -> i64 {
    // 2^10 already exceeds the cap, so the shift never overflows.
    let exponent = failures.saturating_sub(FREE_FAILURES).clamp(0, 10) as u32;
    (1_i64 << exponent).min(MAX_LOCK_SECS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_starts_at_one_second_and_doubles_to_about_fifteen_minutes() {
        let locks: Vec<i64> = (5..=16).map(lock_secs).collect();
        assert_eq!(
            locks,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900],
            "n = 5..=16"
        );
        assert_eq!(lock_secs(i64::MAX), MAX_LOCK_SECS);
    }
}
