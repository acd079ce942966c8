//! The local pool's `/_local` test controls (with `--test-mode`; see its README): request
//! statistics, fault rules, the outbox of codes and messages it "sent", and its clock.

use super::{PoolControl, client_id_of};
use crate::error::Result;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

impl PoolControl {
    /// Request counts: `{"operations": {...}, "auth_flows": {...}, "refreshes_by_client": {...}}`.
    pub async fn stats(&self) -> Result<Value> {
        self.get_json("/_local/stats").await
    }

    /// Renewals (either operation) by the app client of `config` (a `config.json` text) alone,
    /// so that no other browser's refreshes count.
    pub async fn refresh_count_for(&self, config: &str) -> Result<u64> {
        let client_id = client_id_of(config)?;
        let stats = self.stats().await?;
        Ok(stats["refreshes_by_client"][&client_id]
            .as_u64()
            .unwrap_or(0))
    }

    /// Adds a fault rule (see the local pool's README for the fields); returns its id.
    pub async fn add_fault(&self, rule: Value) -> Result<u64> {
        let answer: Value = self
            .http
            .post(format!("{}/_local/faults", self.base))
            .json(&rule)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(answer["id"].as_u64().unwrap_or_default())
    }

    /// How many requests the fault rule `id` answered.
    pub async fn fault_fired(&self, id: u64) -> Result<u64> {
        let report = self.get_json("/_local/faults").await?;
        Ok(report["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|rule| rule["id"].as_u64() == Some(id))
            .and_then(|rule| rule["fired"].as_u64())
            .unwrap_or_default())
    }

    /// Every outbox entry for `username`, oldest first (`kind`, `destination`, `code`, and the
    /// `subject`, `message` (HTML) and `text` a trigger wrote, `null` for the pool's defaults).
    pub async fn messages(&self, username: &str) -> Result<Vec<Value>> {
        let username: String = url::form_urlencoded::byte_serialize(username.as_bytes()).collect();
        let outbox = self
            .get_json(&format!("/_local/outbox?username={username}"))
            .await?;
        Ok(outbox["messages"].as_array().cloned().unwrap_or_default())
    }

    /// The codes the pool "sent" to `username` of this `kind` (`SIGN_UP`, `FORGOT_PASSWORD`,
    /// ...), oldest first.
    pub async fn codes(&self, username: &str, kind: &str) -> Result<Vec<String>> {
        Ok(self
            .messages(username)
            .await?
            .iter()
            .filter(|m| m["kind"] == kind)
            .filter_map(|m| m["code"].as_str().map(str::to_owned))
            .collect())
    }

    /// Waits up to 10 s until `username` has at least `count` codes of `kind`; returns the
    /// newest.
    pub async fn wait_for_code(&self, username: &str, kind: &str, count: usize) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let codes = self.codes(username, kind).await?;
            if codes.len() >= count {
                return Ok(codes.last().cloned().unwrap_or_default());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{username}: {} {kind} code(s) in the outbox, expected {count}",
                    codes.len()
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Moves the pool's clock forward by `secs` (`POST /_local/clock`), to expire codes and
    /// sessions without sleeping; returns its new time (Unix seconds).
    pub async fn advance_clock(&self, secs: u64) -> Result<u64> {
        let answer: Value = self
            .http
            .post(format!("{}/_local/clock", self.base))
            .json(&json!({ "advance_secs": secs }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(answer["now"]
            .as_u64()
            .ok_or("the pool's clock answered no time")?)
    }

    /// `GET` of a test control's JSON (`path` from the pool's root).
    async fn get_json(&self, path: &str) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }
}
