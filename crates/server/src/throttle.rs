//! Sign-in throttling: failed attempts per username and all attempts per client address, in
//! a sliding window. Kept in this instance's memory (see the README for several instances).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Table size above which stale keys are dropped.
const PRUNE_ABOVE: usize = 10_000;

pub struct Throttle {
    window: Duration,
    max_failures_per_username: usize,
    max_attempts_per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    pub fn new(window_secs: u64, per_username: u32, per_address: u32) -> Self {
        Self {
            window: Duration::from_secs(window_secs),
            max_failures_per_username: per_username as usize,
            max_attempts_per_address: per_address as usize,
            failures: Mutex::default(),
            attempts: Mutex::default(),
        }
    }

    /// Records an attempt from `address` for `username`; `Err(seconds to wait)` when either
    /// limit is reached (the attempt is then not made).
    pub fn admit(&self, username: &str, address: &str) -> Result<(), u64> {
        let now = Instant::now();
        let username = username.to_lowercase();
        {
            let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(wait) = self.full(
                &mut failures,
                &username,
                self.max_failures_per_username,
                now,
            ) {
                return Err(wait);
            }
        }
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(wait) = self.full(&mut attempts, address, self.max_attempts_per_address, now) {
            return Err(wait);
        }
        attempts
            .entry(address.to_owned())
            .or_default()
            .push_back(now);
        if attempts.len() > PRUNE_ABOVE {
            self.prune(&mut attempts, now);
        }
        Ok(())
    }

    /// Records a wrong password (or unknown user) for `username`.
    pub fn failed(&self, username: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .entry(username.to_lowercase())
            .or_default()
            .push_back(now);
        if failures.len() > PRUNE_ABOVE {
            self.prune(&mut failures, now);
        }
    }

    /// Forgets keys whose entries have all left the window (bounds memory under a spray of
    /// usernames or addresses).
    fn prune(&self, table: &mut HashMap<String, VecDeque<Instant>>, now: Instant) {
        table.retain(|_, entries| {
            entries
                .back()
                .is_some_and(|t| now.duration_since(*t) < self.window)
        });
    }

    /// Forgets a username's failures after a successful sign-in.
    pub fn succeeded(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&username.to_lowercase());
    }

    /// Drops entries older than the window; when `limit` remain, the seconds until the oldest
    /// leaves the window.
    fn full(
        &self,
        table: &mut HashMap<String, VecDeque<Instant>>,
        key: &str,
        limit: usize,
        now: Instant,
    ) -> Option<u64> {
        let entries = table.get_mut(key)?;
        while entries
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            entries.pop_front();
        }
        if entries.is_empty() {
            table.remove(key);
            return None;
        }
        (entries.len() >= limit).then(|| {
            let oldest = *entries.front().expect("not empty");
            (self.window - now.duration_since(oldest)).as_secs().max(1)
        })
    }
}
