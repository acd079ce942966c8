//! Passwordless sign-in steps shared by the direct-mode and server-mode tests: the sign-in code
//! mails in the pool's outbox, and the code step on `/sign-in`.

use crate::error::Result;
use crate::harness::Harness;
use crate::pool::PoolControl;
use serde_json::Value;
use std::time::{Duration, Instant};

/// The sign-in code mails the custom-auth trigger sent `username`, oldest first.
pub async fn sign_in_mails(pool: &PoolControl, username: &str) -> Result<Vec<Value>> {
    Ok(pool
        .messages(username)
        .await?
        .into_iter()
        .filter(|m| {
            m["subject"]
                .as_str()
                .is_some_and(|s| s.contains("sign-in code"))
        })
        .collect())
}

/// The six digits after "Your sign-in code: " in a mail's plain-text part.
pub fn code_in(mail: &Value) -> Result<String> {
    let text = mail["text"].as_str().unwrap_or_default();
    let (_, after) = text
        .split_once("Your sign-in code: ")
        .ok_or_else(|| format!("no code in {text:?}"))?;
    let code: String = after.chars().take_while(char::is_ascii_digit).collect();
    if code.len() != 6 {
        return Err(format!("not a 6-digit code in {text:?}").into());
    }
    Ok(code)
}

/// Waits up to 10 s for the `count`-th sign-in code mail to `username`; returns its code and
/// checks the mail is the product's (subject, HTML body with the code).
pub async fn wait_for_sign_in_code(
    pool: &PoolControl,
    username: &str,
    count: usize,
) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mails = sign_in_mails(pool, username).await?;
        if mails.len() >= count {
            let mail = &mails[count - 1];
            assert_eq!(mail["subject"], "Your Poolgate sign-in code");
            let code = code_in(mail)?;
            assert!(
                mail["message"]
                    .as_str()
                    .is_some_and(|html| html.contains(&code)),
                "the HTML part carries the code"
            );
            return Ok(code);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "{username}: {} sign-in code mail(s), expected {count}",
                mails.len()
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// On `/sign-in`: asks for a code for `username` and waits for the code step.
pub async fn request_code(h: &Harness, username: &str) -> Result {
    h.wait_for_heading("Sign in", 10).await?;
    h.type_into("input[name='username']", username).await?;
    h.click("button.passwordless-start").await?;
    h.wait_for_heading("Enter your sign-in code", 10).await
}

/// Types `code` into the code step and submits it.
pub async fn submit_code(h: &Harness, code: &str) -> Result {
    h.type_into("input[name='code']", code).await?;
    h.click("form button[type='submit']").await
}
