//! Load tool: requests per second for USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH.
//!
//! Starts an in-process server with the dev seed (or targets `--url`), then runs each flow
//! for `--seconds` with `--clients` concurrent clients and prints the figures. Traffic only
//! goes to the given loopback URL, and every run is bounded in time.
//!
//! `cargo run --release -p local-pool --example load -- --clients 16 --seconds 5`

use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{Value, json};

const CLIENT_ID: &str = "localpoolgateappclient0001";
const USERS: [(&str, &str); 4] = [
    ("alice", "Alice-pass-1"),
    ("bob", "Bob-pass-12"),
    ("carol", "Carol-pass-1"),
    ("erin", "Erin-pass-1"),
];

#[derive(Debug, Parser)]
struct Args {
    /// Target an already running server (seeded with dev/pool.toml) instead of starting one.
    #[arg(long)]
    url: Option<String>,
    #[arg(long, default_value_t = 8)]
    clients: usize,
    #[arg(long, default_value_t = 5)]
    seconds: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let (url, server) = match &args.url {
        Some(url) => (url.clone(), None),
        None => {
            let config = local_pool::Config {
                port: 0,
                db: local_pool::DbLocation::InMemory,
                seed: Some(
                    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dev/pool.toml"),
                ),
                ..local_pool::Config::default()
            };
            let server = local_pool::serve(config).await?;
            (server.url(), Some(server))
        }
    };
    if !url.starts_with("http://127.") && !url.starts_with("http://localhost") {
        return Err("the load tool only targets loopback servers".into());
    }
    let http = reqwest::Client::new();
    println!(
        "local-pool load: {url}, {} clients, {} s per flow{}",
        args.clients,
        args.seconds,
        if server.is_some() {
            " (in-process server, default argon2 cost)"
        } else {
            ""
        }
    );

    let refresh_token = call(&http, &url, &password_auth(USERS[0])).await?["AuthenticationResult"]
        ["RefreshToken"]
        .as_str()
        .ok_or("no refresh token")?
        .to_owned();

    let password_flow = run(&http, &url, &args, |i| {
        password_auth(USERS[i % USERS.len()])
    })
    .await;
    password_flow.print("USER_PASSWORD_AUTH");
    let refresh_body = json!({
        "AuthFlow": "REFRESH_TOKEN_AUTH",
        "ClientId": CLIENT_ID,
        "AuthParameters": { "REFRESH_TOKEN": refresh_token },
    });
    let refresh_flow = run(&http, &url, &args, |_| refresh_body.clone()).await;
    refresh_flow.print("REFRESH_TOKEN_AUTH");

    if let Some(server) = server {
        server.shutdown().await;
    }
    Ok(())
}

fn password_auth((username, password): (&str, &str)) -> Value {
    json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": CLIENT_ID,
        "AuthParameters": { "USERNAME": username, "PASSWORD": password },
    })
}

async fn call(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
) -> Result<Value, Box<dyn std::error::Error>> {
    let response = http
        .post(url)
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        )
        .json(body)
        .send()
        .await?;
    let status = response.status();
    let body: Value = response.json().await?;
    if !status.is_success() {
        return Err(format!("{status}: {body}").into());
    }
    Ok(body)
}

struct Figures {
    ok: usize,
    failed: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn print(&self, flow: &str) {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let percentile = |p: f64| {
            sorted
                .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{flow:<20} {:>8.1} req/s  ({} ok, {} failed in {:.1} s; p50 {:.1} ms, p99 {:.1} ms)",
            self.ok as f64 / self.elapsed.as_secs_f64(),
            self.ok,
            self.failed,
            self.elapsed.as_secs_f64(),
            percentile(0.50),
            percentile(0.99),
        );
    }
}

/// Runs `clients` loops sending `body(i)` until the time is up.
async fn run(
    http: &reqwest::Client,
    url: &str,
    args: &Args,
    body: impl Fn(usize) -> Value,
) -> Figures {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..args.clients {
        let (http, url, body) = (http.clone(), url.to_owned(), body(worker));
        workers.push(tokio::spawn(async move {
            let (mut ok, mut failed, mut latencies) = (0, 0, Vec::new());
            while Instant::now() < deadline {
                let sent = Instant::now();
                match call(&http, &url, &body).await {
                    Ok(_) => {
                        ok += 1;
                        latencies.push(sent.elapsed());
                    }
                    Err(_) => failed += 1,
                }
            }
            (ok, failed, latencies)
        }));
    }
    let mut figures = Figures {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for worker in workers {
        if let Ok((ok, failed, latencies)) = worker.await {
            figures.ok += ok;
            figures.failed += failed;
            figures.latencies.extend(latencies);
        }
    }
    figures.elapsed = started.elapsed();
    figures
}
