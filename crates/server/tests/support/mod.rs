//! Test harness: a real local pool started in-process (seeded from dev/pool.toml, port 0), a
//! poolgate-server in front of it, and a "browser": reqwest with a cookie jar that sends the
//! Origin and X-Poolgate headers the app's script would.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider as cip;
use local_pool::{Config, RunningServer};
use poolgate_server::Settings;
use reqwest::cookie::Jar;
use serde_json::Value;

pub const POOL_ID: &str = "us-east-1_LocalPool";
/// The public client of the seed (direct mode).
pub const WEB_CLIENT_ID: &str = "localpoolgateappclient0001";
/// The confidential client of the seed (server mode).
pub const SERVER_CLIENT_ID: &str = "localpoolgateserverclient1";

pub fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dev/pool.toml")
}

pub async fn start_pool() -> RunningServer {
    local_pool::serve(Config {
        seed: Some(seed_path()),
        ..Config::for_tests()
    })
    .await
    .expect("local pool starts")
}

/// An SDK client for the local pool (admin calls need some SigV4 credentials).
pub fn sdk_client(endpoint: &str) -> cip::Client {
    let config = cip::Config::builder()
        .behavior_version(cip::config::BehaviorVersion::latest())
        .region(cip::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(cip::config::Credentials::new(
            "AKIDLOCAL",
            "local-secret",
            None,
            None,
            "poolgate-server-tests",
        ))
        .build();
    cip::Client::from_conf(config)
}

/// A small built app: `index.html` (the SPA fallback) and one asset.
pub fn dist_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("poolgate-server-dist");
    std::fs::create_dir_all(&dir).expect("dist dir");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>Poolgate</title><script src=\"/app.js\"></script>",
    )
    .expect("index.html");
    std::fs::write(dir.join("app.js"), "console.log('poolgate');").expect("app.js");
    dir
}

/// Settings for a server in front of `pool`: sessions in memory, no sweep, port 0.
pub fn settings(pool: &RunningServer) -> Settings {
    Settings {
        pool_id: POOL_ID.into(),
        endpoint: Some(pool.url()),
        issuer: Some(format!("{}/{POOL_ID}", pool.endpoint)),
        client_id: SERVER_CLIENT_ID.into(),
        client_secret: None,
        port: 0,
        dist: dist_dir(),
        session_db: PathBuf::from(":memory:"),
        sweep_interval_secs: 0,
        ..Settings::default()
    }
}

pub async fn start_server(
    settings: Settings,
    pool: &RunningServer,
) -> poolgate_server::RunningServer {
    poolgate_server::start(settings, sdk_client(&pool.url()))
        .await
        .expect("poolgate-server starts")
}

/// The pool and one server with default test settings.
pub struct Env {
    pub pool: RunningServer,
    pub server: poolgate_server::RunningServer,
    pub cognito: cip::Client,
}

impl Env {
    pub async fn start() -> Self {
        Self::with(|_| {}).await
    }

    pub async fn with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let pool = start_pool().await;
        let mut settings = settings(&pool);
        adjust(&mut settings);
        let server = start_server(settings, &pool).await;
        let cognito = sdk_client(&pool.url());
        Self {
            pool,
            server,
            cognito,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.server.url())
    }

    /// The pool's request counters (`/_local/stats`).
    pub async fn pool_stats(&self) -> Value {
        pool_stats(&self.pool).await
    }
}

pub async fn pool_stats(pool: &RunningServer) -> Value {
    reqwest::get(format!("{}/_local/stats", pool.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats JSON")
}

/// A browser tab: a cookie jar, and the headers same-origin script sends.
pub struct Browser {
    pub http: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self::with_jar(base, Arc::new(Jar::default()))
    }

    pub fn with_jar(base: &str, jar: Arc<Jar>) -> Self {
        let http = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .build()
            .expect("http client");
        Self {
            http,
            jar,
            base: base.to_owned(),
        }
    }

    /// A same-origin state-changing request, as the app makes it.
    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Origin", &self.base)
            .header("X-Poolgate", "1");
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        json_of(response).await.1
    }

    pub async fn session(&self) -> Value {
        self.get_json("/api/session").await
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/sign-in",
            serde_json::json!({ "username": username, "password": password }),
        )
        .await
    }

    /// Signs in and panics unless it succeeded.
    pub async fn signed_in(&self, username: &str, password: &str) -> Value {
        let (status, body) = json_of(self.sign_in(username, password).await).await;
        assert_eq!(status, 200, "sign-in of {username}: {body}");
        assert_eq!(body["status"], "signedIn", "{body}");
        body
    }
}

/// Status and JSON body; asserts the body holds no JWT.
pub async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    assert_no_jwt(&text);
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, body)
}

/// Fails when `text` contains anything shaped like a JWT (three base64url segments).
pub fn assert_no_jwt(text: &str) {
    let jwt = regex::Regex::new(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
        .expect("regex");
    assert!(!jwt.is_match(text), "a response body holds a JWT: {text}");
}

/// Polls `check` every 100 ms until it returns Some, or panics after `limit`.
pub async fn eventually<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A real redis-server on a free loopback port, stopped when dropped.
pub struct Redis {
    child: Child,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start redis-server ({e}): install it with `apt-get install -y redis-server` \
                     (scripts/setup does)"
                )
            });
        let redis = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !redis.answers_ping() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn answers_ping(&self) -> bool {
        use std::io::{Read, Write};
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut reply = [0u8; 7];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"+PONG\r\n"
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
