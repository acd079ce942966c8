//! Hostile clients: web pages on other origins, DNS rebinding, floods of made-up operation
//! names, slow and oversized requests, out-of-range numbers. The pool runs on developers'
//! laptops, so none of these may reach its data or take it down.

use std::time::Duration;

use local_pool::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::{Harness, POOL_ID, seed_path};

const EVIL: &str = "https://evil.example";
const SIGNATURE: &str = "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00";
const TARGET: &str = "AWSCognitoIdentityProviderService.";

/// Sends raw bytes on a new connection and returns everything the server writes until it
/// closes the connection, or `None` if it neither answers nor closes within `deadline`.
async fn raw_exchange(h: &Harness, request: &[u8], deadline: Duration) -> Option<String> {
    let mut stream = TcpStream::connect(h.server.addr).await.expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    tokio::time::timeout(deadline, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

fn status_of(raw: &str) -> u16 {
    raw.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {raw:?}"))
}

fn body_of(raw: &str) -> Value {
    let body = raw.split("\r\n\r\n").nth(1).unwrap_or_default();
    serde_json::from_str(body).unwrap_or(Value::Null)
}

#[tokio::test]
async fn only_loopback_and_allowed_origins_get_cors() {
    let h = Harness::with_config(Config {
        seed: Some(seed_path()),
        allowed_origins: vec!["https://app.example".into()],
        ..Config::for_tests()
    })
    .await;
    let preflight = |origin: &'static str| {
        h.http
            .request(reqwest::Method::OPTIONS, h.url())
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,x-amz-target,x-evil",
            )
            .send()
    };
    for origin in [
        "http://127.0.0.1:8080",
        "http://localhost:5173",
        "http://[::1]:3000",
        "https://app.example",
    ] {
        let response = preflight(origin).await.expect("preflight");
        assert!(response.status().is_success(), "{origin}");
        assert_eq!(response.headers()["access-control-allow-origin"], origin);
        let allowed = response.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(allowed.contains("x-amz-target"), "{allowed}");
        assert!(
            !allowed.contains("x-evil"),
            "headers are not mirrored: {allowed}"
        );
    }
    for origin in [
        EVIL,
        "http://localhost.evil.example",
        "null",
        "http://app.example",
    ] {
        let response = preflight(origin).await.expect("preflight");
        assert_eq!(response.status(), 403, "{origin}");
        assert!(
            !response
                .headers()
                .contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn a_page_on_another_origin_cannot_use_the_pool() {
    let h = Harness::start().await;
    // Even a request a browser sends without a preflight is refused, not just unreadable.
    let sign_in = h
        .http
        .post(h.url())
        .header("origin", EVIL)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", format!("{TARGET}InitiateAuth"))
        .body(r#"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"localpoolgateappclient0001","AuthParameters":{"USERNAME":"alice","PASSWORD":"Alice-pass-1"}}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(sign_in.status(), 403);
    assert_eq!(
        sign_in.headers()["x-amzn-errortype"],
        "AccessDeniedException:"
    );
    let body: Value = sign_in.json().await.expect("Cognito error shape");
    assert_eq!(body["__type"], "AccessDeniedException");

    h.cognito
        .forgot_password()
        .client_id(crate::support::CLIENT_ID)
        .username("alice")
        .send()
        .await
        .expect("code sent");
    let outbox = h
        .http
        .get(format!("{}/_local/outbox?username=alice", h.url()))
        .header("origin", EVIL)
        .send()
        .await
        .expect("request");
    assert_eq!(outbox.status(), 403);
    let text = outbox.text().await.expect("body");
    assert!(!text.contains("FORGOT_PASSWORD"), "outbox leaked: {text}");
    // A form POST (no preflight) cannot arm faults or move the clock either.
    let clock = h
        .http
        .post(format!("{}/_local/clock", h.url()))
        .header("origin", EVIL)
        .header("content-type", "text/plain")
        .body(r#"{"advance_secs":86400}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(clock.status(), 403);
}

#[tokio::test]
async fn admin_operations_are_never_allowed_from_a_browser_page() {
    let h = Harness::start().await;
    let create = json!({"UserPoolId": POOL_ID, "Username": "mallory", "MessageAction": "SUPPRESS"})
        .to_string();
    // Signed or not, from an allowed origin or not: a page never gets admin operations.
    for (name, value) in [
        ("origin", EVIL),
        ("origin", "http://localhost:8080"),
        ("origin", "http://127.0.0.1:8080"),
        ("sec-fetch-site", "same-site"),
        ("sec-fetch-mode", "cors"),
    ] {
        let response = h
            .http
            .post(h.url())
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", format!("{TARGET}AdminCreateUser"))
            .header("authorization", SIGNATURE)
            .header(name, value)
            .body(create.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 403, "{name}: {value}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["__type"], "AccessDeniedException", "{name}: {value}");
    }
    let users = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .expect("SDK admin calls still work");
    assert_eq!(users.users().len(), 6, "no user was created");

    // Browser tests create their users through the test-mode control instead, which a
    // loopback page may call and a foreign one may not.
    let fixture = |origin: &'static str| {
        h.http
            .post(format!("{}/_local/users", h.url()))
            .header("origin", origin)
            .header("content-type", "application/x-amz-json-1.1")
            .body(create.clone())
            .send()
    };
    assert_eq!(fixture(EVIL).await.expect("request").status(), 403);
    let created = fixture("http://127.0.0.1:8080").await.expect("request");
    assert_eq!(created.status(), 200);
    assert_eq!(
        created.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    let created: Value = created.json().await.expect("AdminCreateUser's answer");
    assert_eq!(created["User"]["Username"], "mallory");
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
}

#[tokio::test]
async fn foreign_host_names_are_refused() {
    let h = Harness::with_config(Config {
        seed: Some(seed_path()),
        endpoint: Some("http://pool.test:9229".into()),
        ..Config::for_tests()
    })
    .await;
    let get = |host: &str| {
        let host_line = if host.is_empty() {
            String::new()
        } else {
            format!("Host: {host}\r\n")
        };
        format!("GET /_local/stats HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n")
    };
    let deadline = Duration::from_secs(10);
    // A DNS-rebinding page reaches 127.0.0.1 under its own name.
    let rebound = raw_exchange(&h, get("evil.example:9229").as_bytes(), deadline)
        .await
        .expect("answer");
    assert_eq!(status_of(&rebound), 403);
    let body = body_of(&rebound);
    assert_eq!(body["__type"], "AccessDeniedException");
    assert!(body["message"].as_str().unwrap().contains("evil.example"));
    for host in [
        "127.0.0.1:1234",
        "localhost",
        "LOCALHOST:9229",
        "[::1]:9229",
        "pool.test",
    ] {
        let answer = raw_exchange(&h, get(host).as_bytes(), deadline)
            .await
            .expect("answer");
        assert_eq!(status_of(&answer), 200, "{host}");
    }
    let no_host = raw_exchange(&h, b"GET /_local/stats HTTP/1.0\r\n\r\n", deadline)
        .await
        .expect("answer");
    assert_eq!(status_of(&no_host), 400);
}

#[tokio::test]
async fn made_up_operation_names_leave_the_stats_flat() {
    let h = Harness::start().await;
    let stats_url = format!("{}/_local/stats", h.url());
    let send_batch = |from: usize, to: usize| {
        let http = h.http.clone();
        let url = h.url();
        async move {
            let mut tasks = tokio::task::JoinSet::new();
            let workers = 8;
            for worker in 0..workers {
                let http = http.clone();
                let url = url.clone();
                tasks.spawn(async move {
                    for i in (from + worker..to).step_by(workers) {
                        let response = http
                            .post(&url)
                            .header("x-amz-target", format!("{TARGET}Made-up-{i}"))
                            .body(format!(r#"{{"AuthFlow":"FLOW_{i}"}}"#))
                            .send()
                            .await
                            .expect("request");
                        assert_eq!(response.status(), 400);
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("worker");
            }
        }
    };
    send_batch(0, 100).await;
    let early: Value = h.get_json(&stats_url).await;
    let early_size = early.to_string().len();
    let distinct = 20_000;
    let started = std::time::Instant::now();
    send_batch(100, distinct).await;
    eprintln!(
        "{} made-up operation names in {:?}",
        distinct - 100,
        started.elapsed()
    );
    let late: Value = h.get_json(&stats_url).await;
    assert_eq!(late["operations"].as_object().unwrap().len(), 1, "{late}");
    assert_eq!(late["auth_flows"].as_object().unwrap().len(), 1, "{late}");
    assert_eq!(late["operations"]["unknown"], distinct);
    assert_eq!(late["auth_flows"]["unknown"], distinct);
    // Only the digits of the counts grew.
    assert!(
        late.to_string().len() <= early_size + 6,
        "{early} -> {late}"
    );
}

#[tokio::test]
async fn fault_rules_are_capped() {
    let h = Harness::start().await;
    let url = format!("{}/_local/faults", h.url());
    let rule = json!({"operation": "GetUser", "latency_ms": 1});
    for i in 0..local_pool::faults::MAX_FAULT_RULES {
        let response = h.http.post(&url).json(&rule).send().await.expect("post");
        assert_eq!(response.status(), 201, "rule {i}");
    }
    let refused = h.http.post(&url).json(&rule).send().await.expect("post");
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.expect("json");
    assert!(
        body["message"].as_str().unwrap().contains("at most"),
        "{body}"
    );
    h.http.delete(&url).send().await.expect("clear");
    let accepted = h.http.post(&url).json(&rule).send().await.expect("post");
    assert_eq!(accepted.status(), 201);
}

#[tokio::test]
async fn slow_headers_close_the_connection() {
    let h = Harness::with_config(Config {
        header_read_timeout: Duration::from_millis(500),
        ..Config::for_tests()
    })
    .await;
    let started = std::time::Instant::now();
    // Headers never finished (slowloris): the server must not hold the connection forever.
    let answer = raw_exchange(
        &h,
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: ",
        Duration::from_secs(10),
    )
    .await;
    assert!(answer.is_some(), "connection still open after 10 s");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn slow_bodies_get_a_timeout_answer() {
    let h = Harness::with_config(Config {
        body_read_timeout: Duration::from_millis(500),
        ..Config::for_tests()
    })
    .await;
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {TARGET}InitiateAuth\r\n\
         Content-Length: 100\r\nConnection: close\r\n\r\n{{\"AuthFlow\":"
    );
    let answer = raw_exchange(&h, request.as_bytes(), Duration::from_secs(10))
        .await
        .expect("an answer, not a connection held open");
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert_eq!(body_of(&answer)["__type"], "RequestTimeoutException");
}

#[tokio::test]
async fn oversized_and_deeply_nested_bodies_get_serialization_exception() {
    let h = Harness::start().await;
    // 4 MiB: past any limit (axum's own default is 2 MB, answered as a bare 413 before).
    let huge = format!(r#"{{"ClientId":"{}"}}"#, "a".repeat(4 * 1024 * 1024));
    let too_big = h.raw("InitiateAuth", &huge, false).await;
    assert_eq!(too_big.status, 400);
    assert_eq!(too_big.error_type(), "SerializationException");
    assert_eq!(
        too_big.headers["x-amzn-errortype"],
        "SerializationException:"
    );
    let just_over = format!(
        r#"{{"ClientId":"{}"}}"#,
        "a".repeat(local_pool::protocol::wire::MAX_BODY_BYTES)
    );
    assert_eq!(
        h.raw("InitiateAuth", &just_over, false).await.error_type(),
        "SerializationException"
    );

    let depth = 200_000;
    let nested = format!(
        r#"{{"ClientId":{}1{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let deep = h.raw("InitiateAuth", &nested, false).await;
    assert_eq!(deep.status, 400);
    assert_eq!(deep.error_type(), "SerializationException");
    // Still up and answering.
    assert_eq!(
        h.raw("DescribeUserPool", "{}", true).await.status,
        400,
        "the server still answers"
    );
}

#[tokio::test]
async fn out_of_range_clock_moves_are_refused_not_panics() {
    let h = Harness::start().await;
    let url = format!("{}/_local/clock", h.url());
    for secs in [i64::MAX, i64::MAX / 2, -1, i64::MIN] {
        let response = h
            .http
            .post(&url)
            .json(&json!({ "advance_secs": secs }))
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(response.status(), 400, "{secs}");
    }
    let moved: Value = h
        .http
        .post(&url)
        .json(&json!({ "advance_secs": 60 }))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert!(moved["now"].as_i64().is_some());
    h.sign_in("alice", "Alice-pass-1").await;
}

/// Starts the real binary and returns its stderr up to the "listening" line.
async fn start_up_log(args: &[&str], env: &[(&str, &str)]) -> String {
    use tokio::io::AsyncBufReadExt as _;
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_local-pool"));
    command
        .args(["--port", "0", "--ephemeral"])
        .args(args)
        .env_remove("LOCAL_POOL_TEST_MODE")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true);
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("local-pool starts");
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut log = String::new();
    let read = async {
        while let Some(line) = lines.next_line().await.expect("stderr") {
            log.push_str(&line);
            log.push('\n');
            if line.contains("listening on") {
                break;
            }
        }
    };
    let started = tokio::time::timeout(Duration::from_secs(60), read).await;
    child.kill().await.expect("stopped");
    assert!(started.is_ok(), "no listening line: {log}");
    log
}

#[tokio::test]
async fn test_mode_always_announces_itself_at_start() {
    let by_flag = start_up_log(&["--test-mode"], &[]).await;
    assert!(
        by_flag.contains("WARN") && by_flag.contains("test mode is on"),
        "{by_flag}"
    );
    let by_env = start_up_log(&[], &[("LOCAL_POOL_TEST_MODE", "true")]).await;
    assert!(by_env.contains("test mode is on"), "{by_env}");
    let off = start_up_log(&[], &[]).await;
    assert!(!off.contains("test mode"), "{off}");
    let bad_origin = tokio::process::Command::new(env!("CARGO_BIN_EXE_local-pool"))
        .args([
            "--port",
            "0",
            "--ephemeral",
            "--allow-origin",
            "evil.example",
        ])
        .output()
        .await
        .expect("runs");
    assert!(!bad_origin.status.success());
    assert!(String::from_utf8_lossy(&bad_origin.stderr).contains("--allow-origin"));
}
