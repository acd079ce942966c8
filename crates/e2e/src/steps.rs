//! A form's steps: the sign-in form filled in and submitted, and waiting on what a step shows
//! (focus moved, an error region filled in, an input's value).

use crate::error::Result;
use crate::harness::Harness;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

impl Harness {
    /// Signs in through the form and waits until the app has left the sign-in page.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result {
        self.fill_and_submit(username, password).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.path().await?.starts_with("/sign-in") {
            if Instant::now() > deadline {
                let alert = self.text_of("[role='alert']").await.unwrap_or_default();
                return Err(format!("{username} did not get past sign-in: {alert:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Types the credentials into the sign-in form and submits it.
    pub async fn fill_and_submit(&self, username: &str, password: &str) -> Result {
        self.type_into("input[name='username']", username).await?;
        self.type_into("input[name='password']", password).await?;
        self.click("form button[type='submit']").await
    }

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
