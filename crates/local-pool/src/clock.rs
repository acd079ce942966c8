//! The server's notion of "now".
//!
//! Every expiry decision (tokens, codes, challenge sessions) reads this clock, so tests can
//! move time forward with `POST /_local/clock` instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Wall-clock time plus an offset that only ever grows (test mode can advance it).
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// Seconds since the Unix epoch, including any test offset.
    pub fn now(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        wall + self.offset_secs.load(Ordering::Relaxed)
    }

    /// Moves the clock forward; returns the new "now".
    pub fn advance(&self, secs: i64) -> i64 {
        self.offset_secs.fetch_add(secs.max(0), Ordering::Relaxed);
        self.now()
    }
}
