//! Harness for the end-to-end tests: serves the release build (`dist/`) over HTTP, drives a
//! headless Chromium through chromedriver, and talks to the local pool's test controls.
//!
//! The local pool itself is started by `scripts/test` (in memory, test mode) on port 9229, the
//! endpoint the committed `config.json` and the page's CSP name.

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

/// Where the local pool listens during the tests.
pub const POOL_URL: &str = "http://127.0.0.1:9229";
/// The seeded pool and app client (dev/pool.toml, public/config.json).
pub const POOL_ID: &str = "us-east-1_LocalPool";
pub const CLIENT_ID: &str = "localpoolgateappclient0001";

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;

/// A running app, browser and driver; dropped processes are killed.
pub struct Harness {
    pub browser: Client,
    pub app_url: String,
    _chromedriver: Child,
    _server: tokio::task::JoinHandle<()>,
}

impl Harness {
    /// Serves `$POOLGATE_DIST` (default `<workspace>/dist`) and opens a headless Chromium.
    pub async fn start() -> Result<Self> {
        Self::start_with_config(None).await
    }

    /// Like [`start`](Self::start), serving `config` as `/config.json` instead of the built one
    /// (e.g. another app client of the same local pool).
    pub async fn start_with_config(config: Option<String>) -> Result<Self> {
        let dist = std::env::var_os("POOLGATE_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
        if !dist.join("index.html").exists() {
            return Err(format!(
                "no release build in {} (run trunk build --release)",
                dist.display()
            )
            .into());
        }
        let (app_addr, server) = serve_dist(dist, config).await?;
        let (chromedriver, driver_url) = start_chromedriver().await?;
        let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(chromium_capabilities())
            .connect(&driver_url)
            .await?;
        Ok(Self {
            browser,
            app_url: format!("http://{app_addr}"),
            _chromedriver: chromedriver,
            _server: server,
        })
    }

    /// Opens `path` of the app in the browser.
    pub async fn open(&self, path: &str) -> Result {
        self.browser
            .goto(&format!("{}{path}", self.app_url))
            .await?;
        Ok(())
    }

    /// Waits up to 10 s for an element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        let element = self.element(css).await?;
        Ok(element.text().await?)
    }

    /// Waits up to `secs` for the text of `css` to contain `needle`.
    pub async fn wait_for_text(&self, css: &str, needle: &str, secs: u64) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = match self.browser.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
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

    /// Waits up to 10 s for an element matching `css`.
    pub async fn element(&self, css: &str) -> Result<fantoccini::elements::Element> {
        let wait = self.browser.wait().at_most(Duration::from_secs(10));
        Ok(wait.for_element(Locator::Css(css)).await?)
    }

    /// Clears the input matching `css` and types `text`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result {
        let input = self.element(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    pub async fn click(&self, css: &str) -> Result {
        let element = self.element(css).await?;
        element.click().await?;
        Ok(())
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

    /// The current URL's path and query.
    pub async fn path(&self) -> Result<String> {
        let url = self.browser.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
    }

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

    /// Ends the browser session; call it even when a test fails, or Chromium outlives the driver.
    pub async fn close(self) -> Result {
        self.browser.close().await?;
        Ok(())
    }
}

/// Runs `test` against a fresh harness and always closes the browser afterwards.
pub async fn with_harness(test: impl AsyncFnOnce(&Harness) -> Result) -> Result {
    with_harness_config(None, test).await
}

/// [`with_harness`], serving `config` as `/config.json`.
pub async fn with_harness_config(
    config: Option<String>,
    test: impl AsyncFnOnce(&Harness) -> Result,
) -> Result {
    use futures_util::FutureExt;
    let harness = Harness::start_with_config(config).await?;
    // A failed assert! panics; catch it so the browser is closed before the panic goes on.
    let outcome = std::panic::AssertUnwindSafe(test(&harness))
        .catch_unwind()
        .await;
    let closed = harness.close().await;
    match outcome {
        Ok(result) => result.and(closed),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn chromium_capabilities() -> Capabilities {
    let mut caps = Capabilities::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900"
            ]
        }),
    );
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    caps
}

async fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0").await?.local_addr()?.port())
}

async fn start_chromedriver() -> Result<(Child, String)> {
    let port = free_port().await?;
    let child =
        Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        if Instant::now() > deadline {
            return Err("chromedriver did not start listening within 15 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok((child, format!("http://127.0.0.1:{port}")))
}

/// Serves `dist` on a free loopback port; unknown paths get `index.html`, as a SPA host does.
async fn serve_dist(
    dist: PathBuf,
    config: Option<String>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    use tower_http::services::{ServeDir, ServeFile};
    let index = dist.join("index.html");
    let mut app = axum::Router::new();
    if let Some(config) = config {
        let json = ([(http::header::CONTENT_TYPE, "application/json")], config);
        app = app.route(
            "/config.json",
            axum::routing::get(move || async move { json }),
        );
    }
    let app = app.fallback_service(ServeDir::new(&dist).fallback(ServeFile::new(index)));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((addr, server))
}

/// chromedriver's (non-W3C) `POST /session/{id}/se/log` for the browser console.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "browser" }).to_string()),
        )
    }
}

/// Client for the local pool's `/_local` test controls (available with `--test-mode`).
pub struct PoolControl {
    http: reqwest::Client,
}

impl Default for PoolControl {
    fn default() -> Self {
        Self {
            http: reqwest::Client::new(),
        }
    }
}

impl PoolControl {
    /// Request counts: `{"operations": {...}, "auth_flows": {...}}`.
    pub async fn stats(&self) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{POOL_URL}/_local/stats"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    pub async fn reset_stats(&self) -> Result {
        self.http
            .delete(format!("{POOL_URL}/_local/stats"))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Adds a fault rule (see the local pool's README for the fields).
    pub async fn add_fault(&self, rule: Value) -> Result {
        self.http
            .post(format!("{POOL_URL}/_local/faults"))
            .json(&rule)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// Calls a Cognito admin operation. The local pool wants a SigV4 `Authorization` header
    /// on admin calls but, like dummy SDK credentials, any one does.
    pub async fn admin(&self, operation: &str, body: Value) -> Result<Value> {
        let response = self
            .http
            .post(format!("{POOL_URL}/"))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .body(body.to_string())
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            return Err(format!("{operation}: HTTP {status}: {text}").into());
        }
        Ok(serde_json::from_str(&text)?)
    }

    pub async fn clear_faults(&self) -> Result {
        self.http
            .delete(format!("{POOL_URL}/_local/faults"))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}
