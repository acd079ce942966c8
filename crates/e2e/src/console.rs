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

    /// Fails on any console error since the last call, except the browser's own line for a
    /// request that failed on purpose (`Failed to load resource`, `net::ERR_…`) when
    /// `allow_failed_requests` is set, as in the fault tests.
    pub async fn assert_no_console_errors(&self, allow_failed_requests: bool) -> Result {
        let errors: Vec<String> = self
            .console_errors()
            .await?
            .into_iter()
            .filter(|e| {
                !(allow_failed_requests
                    && (e.contains("Failed to load resource") || e.contains("net::ERR_")))
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("console errors: {errors:#?}").into())
        }
    }
}
