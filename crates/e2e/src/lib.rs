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

pub mod seed;

/// Where the local pool listens during the tests.
pub const POOL_URL: &str = "http://127.0.0.1:9229";
/// [`POOL_URL`], or `$POOLGATE_POOL_URL` for a pool on another port.
pub fn pool_url() -> String {
    std::env::var("POOLGATE_POOL_URL").unwrap_or_else(|_| POOL_URL.to_owned())
}

/// A username no earlier run used (tests share one pool and never reset it).
pub fn new_username(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{prefix}{}", nanos % 1_000_000_000_000)
}

/// A code of the same length that differs from `real` in every digit.
pub fn wrong_code(real: &str) -> String {
    real.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
            None => '0',
        })
        .collect()
}
/// The seeded pool and app client (dev/pool.toml, public/config.json).
pub const POOL_ID: &str = "us-east-1_LocalPool";
pub const CLIENT_ID: &str = "localpoolgateappclient0001";

pub mod mfa;
pub mod passwordless;
pub mod steps;

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
        Self::start_with(config, Duration::ZERO).await
    }

    /// Like [`start_with_config`](Self::start_with_config), holding every `.wasm` answer back for
    /// `wasm_delay`: a slow network, so a test sees the page before the app runs.
    pub async fn start_with(config: Option<String>, wasm_delay: Duration) -> Result<Self> {
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
        let (app_addr, server) = serve_dist(dist, config, wasm_delay).await?;
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

    /// Opens a headless Chromium on an app someone else serves at `app_url` (e.g. a
    /// `poolgate-server` the test started).
    pub async fn start_at(app_url: &str) -> Result<Self> {
        let (chromedriver, driver_url) = start_chromedriver().await?;
        let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(chromium_capabilities())
            .connect(&driver_url)
            .await?;
        Ok(Self {
            browser,
            app_url: app_url.trim_end_matches('/').to_owned(),
            _chromedriver: chromedriver,
            _server: tokio::spawn(async {}),
        })
    }

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

    /// Waits up to `secs` for the page heading (`main h1`) to be exactly `heading`: a page
    /// check that can fail, unlike waiting for any text.
    pub async fn wait_for_heading(&self, heading: &str, secs: u64) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = match self.browser.find(Locator::Css("main h1")).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.trim() == heading {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("heading never became {heading:?}; last {text:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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

    /// Freezes (`frozen`) or resumes (`active`) the current tab, as Chrome does with background
    /// tabs (CDP `Page.setWebLifecycleState`): no timers, no events until resumed.
    pub async fn set_lifecycle(&self, state: &str) -> Result {
        self.browser
            .issue_cmd(Cdp {
                cmd: "Page.setWebLifecycleState",
                params: json!({ "state": state }),
            })
            .await?;
        Ok(())
    }

    /// Runs one Chrome DevTools Protocol command in the current tab.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value> {
        Ok(self.browser.issue_cmd(Cdp { cmd, params }).await?)
    }

    /// Opens a new tab on `path` and switches to it; returns its handle.
    pub async fn open_tab(&self, path: &str) -> Result<fantoccini::wd::WindowHandle> {
        let window = self.browser.new_window(true).await?;
        self.browser.switch_to_window(window.handle.clone()).await?;
        self.open(path).await?;
        Ok(window.handle)
    }

    /// Switches to the tab `handle`.
    pub async fn switch_to(&self, handle: &fantoccini::wd::WindowHandle) -> Result {
        self.browser.switch_to_window(handle.clone()).await?;
        Ok(())
    }

    /// The session this tab's app keeps in `localStorage` (JSON), if any.
    pub async fn stored_session(&self) -> Result<Option<Value>> {
        let value = self
            .browser
            .execute(
                "for (let i = 0; i < localStorage.length; i++) {                    const k = localStorage.key(i);                    if (k.startsWith('poolgate.session.')) return localStorage.getItem(k); }                  return null;",
                vec![],
            )
            .await?;
        Ok(match value.as_str() {
            Some(text) => Some(serde_json::from_str(text)?),
            None => None,
        })
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

    /// Waits up to 10 s for an element matching `css`.
    pub async fn element(&self, css: &str) -> Result<fantoccini::elements::Element> {
        let wait = self.browser.wait().at_most(Duration::from_secs(10));
        Ok(wait.for_element(Locator::Css(css)).await?)
    }

    /// The text of the first element matching `css` now, without waiting for one.
    pub async fn text_if_present(&self, css: &str) -> Result<Option<String>> {
        match self.browser.find_all(Locator::Css(css)).await?.first() {
            Some(element) => Ok(Some(element.text().await?)),
            None => Ok(None),
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

    /// Runs axe-core on the current page in the light and the dark colour scheme (emulated
    /// `prefers-color-scheme`) and fails listing every violation. `what` names the page or
    /// step in the report. axe is injected with WebDriver's execute, which the page's CSP does
    /// not govern.
    pub async fn audit_accessibility(&self, what: &str) -> Result {
        let mut report = Vec::new();
        for scheme in ["dark", "light"] {
            self.emulate_color_scheme(scheme).await?;
            for violation in self.axe_violations().await? {
                report.push(format!("[{what}, {scheme}] {violation}"));
            }
        }
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("accessibility violations:\n{}", report.join("\n")).into())
        }
    }

    /// Emulates `prefers-color-scheme: <scheme>` (`light` or `dark`) for this tab (CDP
    /// `Emulation.setEmulatedMedia`).
    pub async fn emulate_color_scheme(&self, scheme: &str) -> Result {
        self.browser
            .issue_cmd(Cdp {
                cmd: "Emulation.setEmulatedMedia",
                params: json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            })
            .await?;
        Ok(())
    }

    /// axe-core's violations on the current page, one line per rule with its failing nodes.
    async fn axe_violations(&self) -> Result<Vec<String>> {
        let loaded = self
            .browser
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if loaded != Value::Bool(true) {
            self.browser
                .execute(&format!("{}\nreturn true;", axe_source()?), vec![])
                .await?;
        }
        let answer = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { resultTypes: ['violations'] })\
                   .then(r => done(JSON.stringify(r.violations)))\
                   .catch(e => done(JSON.stringify({ error: String(e) })));",
                vec![],
            )
            .await?;
        let violations: Value = serde_json::from_str(answer.as_str().unwrap_or("null"))?;
        if let Some(error) = violations.get("error") {
            return Err(format!("axe.run failed: {error}").into());
        }
        Ok(violations
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| {
                let nodes: Vec<String> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        format!(
                            "    {} {}",
                            n["target"],
                            n["failureSummary"]
                                .as_str()
                                .unwrap_or_default()
                                .replace('\n', " ")
                        )
                    })
                    .collect();
                format!(
                    "{} ({}): {}\n{}",
                    v["id"],
                    v["impact"],
                    v["help"],
                    nodes.join("\n")
                )
            })
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
    run_then_close(Harness::start_with_config(config).await?, test).await
}

/// Runs `test`, then closes the browser, also when `test` panics.
async fn run_then_close(harness: Harness, test: impl AsyncFnOnce(&Harness) -> Result) -> Result {
    use futures_util::FutureExt;
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

/// [`with_harness`] with the app's WebAssembly held back for `wasm_delay` ([`Harness::start_with`]).
pub async fn with_harness_slow_wasm(
    wasm_delay: Duration,
    test: impl AsyncFnOnce(&Harness) -> Result,
) -> Result {
    run_then_close(Harness::start_with(None, wasm_delay).await?, test).await
}

/// [`with_harness`] for an app served at `app_url` by someone else; returns what `test` does.
pub async fn with_harness_at<T>(
    app_url: &str,
    test: impl AsyncFnOnce(&Harness) -> Result<T>,
) -> Result<T> {
    use futures_util::FutureExt;
    let harness = Harness::start_at(app_url).await?;
    let outcome = std::panic::AssertUnwindSafe(test(&harness))
        .catch_unwind()
        .await;
    let closed = harness.close().await;
    match outcome {
        Ok(result) => result.and_then(|value| closed.map(|()| value)),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// axe-core's browser bundle, installed by `scripts/setup` (version in `scripts/versions.env`),
/// or the file `$POOLGATE_AXE` names.
fn axe_source() -> Result<&'static str> {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(source) = SOURCE.get() {
        return Ok(source);
    }
    let path = std::env::var_os("POOLGATE_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../.tools/axe-core/node_modules/axe-core/axe.min.js")
        });
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {} ({e}): run scripts/setup", path.display()))?;
    Ok(SOURCE.get_or_init(|| source))
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
    wasm_delay: Duration,
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
    let app = app
        .fallback_service(ServeDir::new(&dist).fallback(ServeFile::new(index)))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                if request.uri().path().ends_with(".wasm") {
                    tokio::time::sleep(wasm_delay).await;
                }
                next.run(request).await
            },
        ));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((addr, server))
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`: one Chrome DevTools Protocol command
/// for the current tab.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
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
    /// [`POOL_URL`], or `$POOLGATE_POOL_URL` for a pool on another port (with a `dist/` whose
    /// `config.json` and CSP name it).
    base: String,
}

impl Default for PoolControl {
    fn default() -> Self {
        Self {
            http: reqwest::Client::new(),
            base: pool_url(),
        }
    }
}

impl PoolControl {
    /// The pool's base URL, without a trailing slash.
    pub fn url(&self) -> &str {
        self.base.trim_end_matches('/')
    }

    /// Request counts: `{"operations": {...}, "auth_flows": {...}, "refreshes_by_client": {...}}`.
    pub async fn stats(&self) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{}/_local/stats", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    pub async fn reset_stats(&self) -> Result {
        self.http
            .delete(format!("{}/_local/stats", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
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
        let report: Value = self
            .http
            .get(format!("{}/_local/faults", self.base))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(report["rules"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|rule| rule["id"].as_u64() == Some(id))
            .and_then(|rule| rule["fired"].as_u64())
            .unwrap_or_default())
    }

    /// Refresh requests the pool received (either operation).
    pub async fn refresh_count(&self) -> Result<u64> {
        let stats = self.stats().await?;
        let flow = stats["auth_flows"]["REFRESH_TOKEN_AUTH"]
            .as_u64()
            .unwrap_or(0);
        let rotated = stats["operations"]["GetTokensFromRefreshToken"]
            .as_u64()
            .unwrap_or(0);
        Ok(flow + rotated)
    }

    /// Renewals by the app client of `config` (a `config.json` text) alone, so that no other
    /// browser's refreshes count.
    pub async fn refresh_count_for(&self, config: &str) -> Result<u64> {
        let client_id = client_id_of(config)?;
        let stats = self.stats().await?;
        Ok(stats["refreshes_by_client"][&client_id]
            .as_u64()
            .unwrap_or(0))
    }

    /// Polls `condition` every 100 ms until it holds or `secs` pass.
    pub async fn wait_until(
        &self,
        what: &str,
        secs: u64,
        mut condition: impl AsyncFnMut(&Self) -> Result<bool>,
    ) -> Result {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if condition(self).await? {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{what}: not within {secs} s").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Calls a Cognito admin operation. The local pool wants a SigV4 `Authorization` header
    /// on admin calls but, like dummy SDK credentials, any one does.
    pub async fn admin(&self, operation: &str, body: Value) -> Result<Value> {
        let response = self
            .http
            .post(format!("{}/", self.base))
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

    /// Calls a public Cognito operation (SignUp, ForgotPassword, ...) as an app would, without
    /// credentials; returns the answer's JSON or the error body as the error.
    pub async fn public(&self, operation: &str, body: Value) -> Result<Value> {
        let response = self
            .http
            .post(format!("{}/", self.base))
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
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

    /// The codes the pool "sent" to `username` of this `kind` (`SIGN_UP`, `FORGOT_PASSWORD`,
    /// ...), oldest first, from `/_local/outbox`.
    pub async fn codes(&self, username: &str, kind: &str) -> Result<Vec<String>> {
        Ok(self
            .messages(username)
            .await?
            .iter()
            .filter(|m| m["kind"] == kind)
            .filter_map(|m| m["code"].as_str().map(str::to_owned))
            .collect())
    }

    /// Every outbox entry for `username`, oldest first (`kind`, `destination`, `code`, and the
    /// `subject`, `message` (HTML) and `text` a trigger wrote, `null` for the pool's defaults).
    pub async fn messages(&self, username: &str) -> Result<Vec<Value>> {
        let outbox: Value = self
            .http
            .get(format!(
                "{}/_local/outbox?username={}",
                self.base,
                url::form_urlencoded::byte_serialize(username.as_bytes()).collect::<String>()
            ))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(outbox["messages"].as_array().cloned().unwrap_or_default())
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

    /// Creates a confirmed user with a verified e-mail and a permanent password (admin API).
    pub async fn create_confirmed_user(&self, username: &str, password: &str) -> Result {
        self.admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": POOL_ID,
                "Username": username,
                "TemporaryPassword": "Temporary-pass-1",
                "MessageAction": "SUPPRESS",
                "UserAttributes": [
                    {"Name": "email", "Value": format!("{username}@example.com")},
                    {"Name": "email_verified", "Value": "true"}
                ]
            }),
        )
        .await?;
        self.admin(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": POOL_ID,
                "Username": username,
                "Password": password,
                "Permanent": true
            }),
        )
        .await?;
        Ok(())
    }

    pub async fn clear_faults(&self) -> Result {
        self.http
            .delete(format!("{}/_local/faults", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

/// The app client a `config.json` text names.
pub fn client_id_of(config: &str) -> Result<String> {
    let config: Value = serde_json::from_str(config)?;
    Ok(config["clientId"]
        .as_str()
        .ok_or("no clientId in config")?
        .to_owned())
}

/// Access and ID token lifetime of the short-lived app client, seconds.
pub const LIFETIME: u64 = 15;

/// Creates an app client with [`LIFETIME`]-second tokens (the local pool allows less than AWS's
/// 5-minute minimum) and returns a `config.json` for it.
pub async fn short_lived_client_config(pool: &PoolControl) -> Result<String> {
    short_lived_client_config_with(pool, false).await
}

/// [`short_lived_client_config`], optionally with refresh-token rotation (and a 0-second grace
/// period: the old refresh token dies at once).
pub async fn short_lived_client_config_with(pool: &PoolControl, rotation: bool) -> Result<String> {
    let client = pool
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": POOL_ID,
                "ClientName": "e2e-short-lived",
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "AccessTokenValidity": LIFETIME,
                "IdTokenValidity": LIFETIME,
                "RefreshTokenValidity": 1,
                "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds", "RefreshToken": "days"},
                "ReadAttributes": ["email", "email_verified", "custom:role"],
                "PreventUserExistenceErrors": "ENABLED",
                "RefreshTokenRotation": {"Feature": if rotation { "ENABLED" } else { "DISABLED" }, "RetryGracePeriodSeconds": 0}
            }),
        )
        .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("no ClientId")?;
    if client_id == CLIENT_ID {
        return Err("the pool reused the seed client's id".into());
    }
    Ok(json!({
        "region": "us-east-1",
        "userPoolId": POOL_ID,
        "clientId": client_id,
        "endpoint": format!("{}/", pool.url()),
        "tokenStorage": "local",
        "refreshTokenRotation": rotation
    })
    .to_string())
}
