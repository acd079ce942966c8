//! The browser console: what the page logged at error level, and the check every test ends with.

use crate::driver::BrowserLog;
use crate::error::Result;
use crate::harness::Harness;

impl Harness {
    /// Browser console entries at SEVERE level since the last call (chromedriver's log API).
    pub async fn console_errors(&self) -> Result<Vec<String>> {
        let entries = self.browser.issue_cmd(BrowserLog).await?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Fails on any console error since the last call.
    pub async fn assert_no_console_errors(&self) -> Result {
        fail_on(self.console_errors().await?)
    }

    /// Fails on any console error since the last call except the browser's own line for a
    /// request that failed (`Failed to load resource`, `net::ERR_…`): for the tests that make
    /// requests fail on purpose (faults, an unreachable pool).
    pub async fn assert_only_failed_requests_in_console(&self) -> Result {
        let errors = self.console_errors().await?;
        fail_on(
            errors
                .into_iter()
                .filter(|e| !(e.contains("Failed to load resource") || e.contains("net::ERR_")))
                .collect(),
        )
    }
}

fn fail_on(errors: Vec<String>) -> Result {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("console errors: {errors:#?}").into())
    }
}
