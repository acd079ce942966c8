//! The page helpers every test uses: find an element (waiting for it), read it, type, click,
//! and wait for text to appear, change or go.

use crate::error::Result;
use crate::harness::Harness;
use fantoccini::Locator;
use fantoccini::elements::Element;
use std::time::{Duration, Instant};

impl Harness {
    /// Waits up to 10 s for an element matching `css`.
    pub async fn element(&self, css: &str) -> Result<Element> {
        let wait = self.browser.wait().at_most(Duration::from_secs(10));
        Ok(wait.for_element(Locator::Css(css)).await?)
    }

    /// Waits up to 10 s for an element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        let element = self.element(css).await?;
        Ok(element.text().await?)
    }

    /// The text of the first element matching `css` now, without waiting for one.
    pub async fn text_if_present(&self, css: &str) -> Result<Option<String>> {
        match self.browser.find_all(Locator::Css(css)).await?.first() {
            Some(element) => Ok(Some(element.text().await?)),
            None => Ok(None),
        }
    }

    /// The current `value` of the input matching `css`.
    pub async fn value_of(&self, css: &str) -> Result<String> {
        Ok(self
            .element(css)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// An attribute of the element matching `css`.
    pub async fn attr_of(&self, css: &str, name: &str) -> Result<Option<String>> {
        Ok(self.element(css).await?.attr(name).await?)
    }

    /// The labels of the navigation's group entries.
    pub async fn group_nav(&self) -> Result<Vec<String>> {
        let mut labels = Vec::new();
        for link in self
            .browser
            .find_all(Locator::Css("nav.site-nav a[data-nav='group']"))
            .await?
        {
            labels.push(link.text().await?);
        }
        Ok(labels)
    }

    /// Clears the input matching `css` and types `text`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result {
        let input = self.element(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Clicks the element matching `css` once it is there.
    pub async fn click(&self, css: &str) -> Result {
        let element = self.element(css).await?;
        element.click().await?;
        Ok(())
    }

    /// Waits up to `secs` for the text of `css` to contain `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str, secs: u64) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text_now(css).await;
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(
                    format!("`{css}` never contained {needle:?}; last text {text:?}").into(),
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to `secs` for the page heading (`main h1`) to be exactly `heading`: a page
    /// check that can fail, unlike waiting for any text.
    pub async fn wait_for_heading(&self, heading: &str, secs: u64) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text_now("main h1").await;
            if text.trim() == heading {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("heading never became {heading:?}; last {text:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits up to `secs` for the text of `css` to differ from `old`.
    pub async fn wait_until_text_changes(&self, css: &str, old: &str, secs: u64) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if self.text_of(css).await? != old {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("`{css}` still reads {old:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to `secs` until nothing matches `css`.
    pub async fn wait_until_gone(&self, css: &str, secs: u64) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !self.browser.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                return Err(format!("{css} still there after {secs} s").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// The text of the first element matching `css` now, empty if there is none (or it went
    /// stale while read): one poll of the waits above.
    async fn text_now(&self, css: &str) -> String {
        match self.browser.find(Locator::Css(css)).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }
}
