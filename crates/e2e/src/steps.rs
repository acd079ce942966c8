//! Waiting on a form's step: focus, an error region filled in, an input's value; and fresh
//! usernames, so each test makes its own user.

use crate::{Harness, Result};
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A username no earlier run used.
pub fn new_username(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}{}", nanos % 1_000_000_000_000)
}

impl Harness {
    /// Waits up to 10 s for the input `css` to hold `value`.
    pub async fn wait_for_value(&self, css: &str, value: &str) -> Result {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.value_of(css).await?;
            if now == value {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} holds {now:?}, not {value:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to 10 s for `css` to show any text (e.g. an error region filled in).
    pub async fn wait_for_some_text(&self, css: &str) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text_of(css).await?;
            if !text.trim().is_empty() {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("{css} stayed empty").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to 5 s for the focused element to match `css` (focus moves in an effect, right
    /// after the step renders).
    pub async fn wait_for_focus(&self, css: &str) -> Result {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let matches = self
                .browser
                .execute(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![json!(css)],
                )
                .await?;
            if matches == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let focused = self
                    .browser
                    .execute(
                        "return document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null;",
                        vec![],
                    )
                    .await?;
                return Err(format!("focus is on {focused}, not {css}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
