//! The server's notion of "now".
//!
//! Every expiry decision (tokens, codes, challenge sessions) reads this clock, so tests can
//! move time forward with `POST /_local/clock` instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// How far test mode may move the clock in total: a century. Far beyond any token or code
/// lifetime, and far from `i64::MAX`, so `now + lifetime` never overflows.
pub const MAX_OFFSET_SECS: i64 = 100 * 366 * 24 * 3600;

/// Wall-clock time plus an offset that only ever grows (test mode can advance it).
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

/// Refused clock moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdvanceError {
    Negative,
    TooFar,
}

impl std::fmt::Display for AdvanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Negative => f.write_str("advance_secs must not be negative"),
            Self::TooFar => write!(
                f,
                "the clock may move at most {MAX_OFFSET_SECS} seconds forward in total"
            ),
        }
    }
}

impl std::error::Error for AdvanceError {}

impl Clock {
    /// Seconds since the Unix epoch, including any test offset.
    pub fn now(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        wall.saturating_add(self.offset_secs.load(Ordering::Relaxed))
    }

    /// Moves the clock forward; returns the new "now". The offset stays within
    /// [`MAX_OFFSET_SECS`], checked without overflow, also under concurrent calls.
    pub fn advance(&self, secs: i64) -> Result<i64, AdvanceError> {
        if secs < 0 {
            return Err(AdvanceError::Negative);
        }
        self.offset_secs
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |offset| {
                offset
                    .checked_add(secs)
                    .filter(|total| *total <= MAX_OFFSET_SECS)
            })
            .map_err(|_| AdvanceError::TooFar)?;
        Ok(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_are_checked() {
        let clock = Clock::default();
        let before = clock.now();
        assert!(clock.advance(60).expect("small advance") >= before + 60);
        assert_eq!(clock.advance(-1), Err(AdvanceError::Negative));
        assert_eq!(clock.advance(i64::MAX), Err(AdvanceError::TooFar));
        assert_eq!(clock.advance(MAX_OFFSET_SECS), Err(AdvanceError::TooFar));
        assert!(clock.advance(MAX_OFFSET_SECS - 60).is_ok());
        assert!(clock.now() > before);
    }
}
