//! The current tab: loading the app's pages, where it is, other tabs, its lifecycle (frozen
//! like a background tab), the session the app stored in it, and DevTools commands.

use crate::driver::Cdp;
use crate::error::Result;
use crate::harness::Harness;
use fantoccini::wd::WindowHandle;
use serde_json::{Value, json};

impl Harness {
    /// Opens `path` of the app in the browser, once the app runs: index.html's early copy of
    /// the sign-in form (`#prerendered`) has been taken over or removed, so what a test finds
    /// and types into is the app's own.
    pub async fn open(&self, path: &str) -> Result {
        self.browser
            .goto(&format!("{}{path}", self.app_url))
            .await?;
        self.wait_until_gone("#prerendered", 20).await
    }

    /// Starts loading `path` and returns at once, without waiting for the page's `load` event
    /// (which a preloaded `.wasm` holds back): for what shows while the app downloads.
    pub async fn start_loading(&self, path: &str) -> Result {
        self.browser
            .execute(
                "location.assign(arguments[0])",
                vec![json!(format!("{}{path}", self.app_url))],
            )
            .await?;
        Ok(())
    }

    /// The current URL's path and query.
    pub async fn path(&self) -> Result<String> {
        let url = self.browser.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// Opens a new tab on `path` and switches to it; returns its handle.
    pub async fn open_tab(&self, path: &str) -> Result<WindowHandle> {
        let window = self.browser.new_window(true).await?;
        self.browser.switch_to_window(window.handle.clone()).await?;
        self.open(path).await?;
        Ok(window.handle)
    }

    /// Switches to the tab `handle`.
    pub async fn switch_to(&self, handle: &WindowHandle) -> Result {
        self.browser.switch_to_window(handle.clone()).await?;
        Ok(())
    }

    /// Freezes (`frozen`) or resumes (`active`) the current tab, as Chrome does with background
    /// tabs (CDP `Page.setWebLifecycleState`): no timers, no events until resumed.
    pub async fn set_lifecycle(&self, state: &str) -> Result {
        self.cdp("Page.setWebLifecycleState", json!({ "state": state }))
            .await?;
        Ok(())
    }

    /// Runs one Chrome DevTools Protocol command in the current tab.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value> {
        Ok(self.browser.issue_cmd(Cdp { cmd, params }).await?)
    }

    /// The session this tab's app keeps in `localStorage` (JSON), if any.
    pub async fn stored_session(&self) -> Result<Option<Value>> {
        let value = self
            .browser
            .execute(
                r#"for (let i = 0; i < localStorage.length; i++) {
                     const k = localStorage.key(i);
                     if (k.startsWith('poolgate.session.')) return localStorage.getItem(k);
                   }
                   return null;"#,
                vec![],
            )
            .await?;
        Ok(match value.as_str() {
            Some(text) => Some(serde_json::from_str(text)?),
            None => None,
        })
    }
}
