//! Load tool: requests per second for USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, then for a
//! mixed workload (sign-ins, refresh-token rotations, AdminCreateUser, ForgotPassword +
//! ConfirmForgotPassword; see `load/workload.rs`, which the kill -9 test shares).
//!
//! Starts an in-process test-mode server with the dev seed (or targets `--url`, which must run
//! with `--test-mode`: the mixed workload reads reset codes from `/_local/outbox`), then runs
//! each flow for `--seconds` with `--clients` concurrent clients and prints the figures.
//! Traffic only goes to the given loopback URL, and every run is bounded in time. The mixed
//! workload writes: it creates an app client and users named `load-<run>-…` in the pool.
//!
//! `cargo run --release -p local-pool --example load -- --clients 16 --seconds 5`
//!
//! `--moto <url>` also runs the two sign-in flows against moto's Cognito server (started
//! separately, e.g. `.tools/moto/bin/moto_server -p 9237`) on a pool, client and user it creates
//! there, and prints them side by side. Last, the cost of the two operations no server can skip
//! (one argon2id verification per password sign-in at the pool's default cost; two RS256
//! signatures, ID and access token, per sign-in or refresh), measured in this process, and the
//! share of the measured throughput they account for on this machine's cores.

#[path = "load/workload.rs"]
mod workload;

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
    /// Also measure moto's Cognito server at this loopback URL.
    #[arg(long)]
    moto: Option<String>,
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
                // The mixed workload reads reset codes from /_local/outbox.
                test_mode: true,
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
    run_mixed(&url, &args).await?;
    let moto = match &args.moto {
        Some(moto) => Some(run_moto(&http, moto, &args).await?),
        None => None,
    };
    print_costs(&password_flow, &refresh_flow, moto.as_ref())?;

    if let Some(server) = server {
        server.shutdown().await;
    }
    Ok(())
}

fn password_auth((username, password): (&str, &str)) -> Value {
    password_auth_for(CLIENT_ID, username, password)
}

fn password_auth_for(client_id: &str, username: &str, password: &str) -> Value {
    json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "ClientId": client_id,
        "AuthParameters": { "USERNAME": username, "PASSWORD": password },
    })
}

fn refresh_auth_for(client_id: &str, refresh_token: &str) -> Value {
    json!({
        "AuthFlow": "REFRESH_TOKEN_AUTH",
        "ClientId": client_id,
        "AuthParameters": { "REFRESH_TOKEN": refresh_token },
    })
}

async fn call(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
) -> Result<Value, Box<dyn std::error::Error>> {
    call_operation(http, url, "InitiateAuth", body).await
}

async fn call_operation(
    http: &reqwest::Client,
    url: &str,
    operation: &str,
    body: &Value,
) -> Result<Value, Box<dyn std::error::Error>> {
    let response = http
        .post(url)
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{operation}"),
        )
        // moto reads the region from the credential scope; it checks no signature.
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=load/20260101/us-east-1/cognito-idp/aws4_request, \
             SignedHeaders=host, Signature=0",
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
        let percentile = |p: f64| workload::percentile_ms(&self.latencies, p);
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

/// The mixed workload: each client cycles through the four kinds of work on its own users.
async fn run_mixed(url: &str, args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = workload::Endpoint::new(url);
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis();
    let client_id = endpoint
        .create_rotation_client(&format!("load-{run}-rotation"))
        .await?;
    let mut workers = Vec::new();
    for worker in 0..args.clients {
        let prefix = format!("load-{run}-w{worker}");
        workers.push(workload::Worker::prepare(endpoint.clone(), &client_id, &prefix).await?);
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = workers
        .into_iter()
        .map(|mut worker| {
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    // The worker keeps the figures of each outcome.
                    let _ = worker.step().await;
                }
                worker
            })
        })
        .collect();
    let mut workers = Vec::new();
    for task in tasks {
        workers.push(task.await?);
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("mixed workload ({elapsed:.1} s; a password reset is three requests):");
    for (kind, figures) in workload::Kind::ALL
        .iter()
        .zip(workload::total_figures(&workers))
    {
        println!(
            "  {:<38} {:>8.1} /s  ({} ok, {} failed; p50 {:.1} ms, p99 {:.1} ms)",
            kind.label(),
            figures.ok as f64 / elapsed,
            figures.ok,
            figures.not_sent + figures.no_answer + figures.refused,
            workload::percentile_ms(&figures.latencies, 0.50),
            workload::percentile_ms(&figures.latencies, 0.99),
        );
    }
    let violations: Vec<_> = workers.iter().flat_map(|w| &w.violations).collect();
    if let Some(first) = violations.first() {
        return Err(format!("{} inconsistencies, first: {first}", violations.len()).into());
    }
    Ok(())
}

/// The two sign-in flows against moto's Cognito server, on a pool, client and user created
/// there; printed under the local pool's figures. Returns (password flow, refresh flow).
async fn run_moto(
    http: &reqwest::Client,
    url: &str,
    args: &Args,
) -> Result<(Figures, Figures), Box<dyn std::error::Error>> {
    if !url.starts_with("http://127.") && !url.starts_with("http://localhost") {
        return Err("the load tool only targets loopback servers".into());
    }
    let pool = call_operation(http, url, "CreateUserPool", &json!({ "PoolName": "load" })).await?;
    let pool_id = pool["UserPool"]["Id"].as_str().ok_or("moto: no pool id")?;
    let client = call_operation(
        http,
        url,
        "CreateUserPoolClient",
        &json!({ "UserPoolId": pool_id, "ClientName": "load",
                 "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    )
    .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("moto: no client id")?
        .to_owned();
    let (username, password) = ("loaduser", "Load-pass-12");
    call_operation(
        http,
        url,
        "AdminCreateUser",
        &json!({ "UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS",
                 "TemporaryPassword": "Temporary-pass-1" }),
    )
    .await?;
    call_operation(
        http,
        url,
        "AdminSetUserPassword",
        &json!({ "UserPoolId": pool_id, "Username": username, "Password": password,
                 "Permanent": true }),
    )
    .await?;
    let sign_in = password_auth_for(&client_id, username, password);
    let refresh_token = call(http, url, &sign_in).await?["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .ok_or("moto: no refresh token")?
        .to_owned();
    println!("moto_server: {url}, same clients and seconds");
    let password_flow = run(http, url, args, |_| sign_in.clone()).await;
    password_flow.print("moto USER_PASSWORD");
    let refresh = refresh_auth_for(&client_id, &refresh_token);
    let refresh_flow = run(http, url, args, |_| refresh.clone()).await;
    refresh_flow.print("moto REFRESH_TOKEN");
    Ok((password_flow, refresh_flow))
}

/// Median of `n` timings of `work`, in milliseconds.
fn median_ms(n: usize, mut work: impl FnMut()) -> f64 {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[n / 2].as_secs_f64() * 1000.0
}

/// What hashing and signing cost per request, and the share of the measured throughput's CPU
/// time they account for (`req/s × cost / cores`).
fn print_costs(
    password_flow: &Figures,
    refresh_flow: &Figures,
    moto: Option<&(Figures, Figures)>,
) -> Result<(), Box<dyn std::error::Error>> {
    let hasher = local_pool::password::PasswordHasher::new(local_pool::Argon2Cost::default())?;
    let phc = hasher.hash("Load-pass-12").map_err(|e| e.message)?;
    let argon2_ms = median_ms(21, || {
        hasher.verify("Load-pass-12", &phc);
    });
    let (kid, der) = local_pool::tokens::generate_key().map_err(|e| e.message)?;
    let key = local_pool::tokens::SigningKey::from_pkcs8(kid, &der).map_err(|e| e.message)?;
    let claims: serde_json::Map<String, Value> = serde_json::from_value(json!({
        "sub": "00000000-0000-0000-0000-000000000000", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "username": "alice", "exp": 2_000_000_000u64,
    }))?;
    let rsa_ms = median_ms(51, || {
        let _ = key.sign(&claims);
    });
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let rate = |f: &Figures| f.ok as f64 / f.elapsed.as_secs_f64();
    let share = |f: &Figures, cost_ms: f64| 100.0 * rate(f) * cost_ms / 1000.0 / cores;
    let sign_in_cost = argon2_ms + 2.0 * rsa_ms;
    let refresh_cost = 2.0 * rsa_ms;
    println!(
        "costs on {cores} cores: argon2id verify (default cost) {argon2_ms:.2} ms, RS256 sign \
         {rsa_ms:.2} ms"
    );
    println!(
        "USER_PASSWORD_AUTH: hashing + 2 signatures = {sign_in_cost:.2} ms a request, bound \
         {:.0} req/s; the measured rate spends {:.0} % of the CPU there ({:.0} % hashing, {:.0} % \
         signing)",
        1000.0 * cores / sign_in_cost,
        share(password_flow, sign_in_cost),
        share(password_flow, argon2_ms),
        share(password_flow, 2.0 * rsa_ms),
    );
    println!(
        "REFRESH_TOKEN_AUTH: 2 signatures = {refresh_cost:.2} ms a request, bound {:.0} req/s; \
         the measured rate spends {:.0} % of the CPU signing",
        1000.0 * cores / refresh_cost,
        share(refresh_flow, refresh_cost),
    );
    if let Some((moto_password, moto_refresh)) = moto {
        println!(
            "side by side, req/s: USER_PASSWORD_AUTH local-pool {:.1} / moto {:.1}; \
             REFRESH_TOKEN_AUTH local-pool {:.1} / moto {:.1}",
            rate(password_flow),
            rate(moto_password),
            rate(refresh_flow),
            rate(moto_refresh),
        );
    }
    Ok(())
}
