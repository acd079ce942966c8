//! kill -9 durability: the real `local-pool` binary, killed with SIGKILL at random points
//! under the load tool's mixed workload and restarted on the same SQLite file, keeps every
//! write it answered with 200, and the file passes `PRAGMA integrity_check`.
//!
//! `cargo test -p local-pool --test crash_recovery -- --nocapture` prints the figures.
//! `KILL9_SEED=<n>` replays the kill delays of an earlier run (the seed is printed).

#![cfg(unix)]

#[path = "../examples/load/workload.rs"]
mod workload;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use workload::{Endpoint, Failure, Kind, Worker};

const KILLS: usize = 20;
const WORKERS: usize = 6;
/// How long the server runs under load before each kill (tens to hundreds of ms).
const UPTIME_MS: std::ops::RangeInclusive<u64> = 30..=700;
const START_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9() {
    let started = Instant::now();
    let seed = std::env::var("KILL9_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(time_seed);
    let mut random = XorShift(seed.max(1));
    let dir = TempDir::new();
    let db = dir.path().join("pool.sqlite");
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    println!(
        "kill -9 test: seed {seed}, {url}, database {}",
        db.display()
    );

    let mut server = start_server(port, &db).await;
    let endpoint = Endpoint::new(&url);
    let client_id = endpoint
        .create_rotation_client("kill9-rotation")
        .await
        .expect("create the rotation client");
    let mut workers = Vec::new();
    for id in 0..WORKERS {
        let worker = Worker::prepare(endpoint.clone(), &client_id, &format!("kill9-w{id}"))
            .await
            .expect("create the workers' users");
        workers.push(worker);
    }

    // The workload runs without pause while the server is killed and restarted under it.
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = workers
        .into_iter()
        .map(|mut worker| {
            let stop = Arc::clone(&stop);
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    if let (_, Err(Failure::NotSent(_) | Failure::NoAnswer(_))) =
                        worker.step().await
                    {
                        // The server is down: retry soon, without spinning.
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
                worker
            })
        })
        .collect();

    let mut restarts = Vec::new();
    for _ in 0..KILLS {
        let uptime = random.in_range(&UPTIME_MS);
        tokio::time::sleep(Duration::from_millis(uptime)).await;
        kill_9(&mut server).await;
        let restarting = Instant::now();
        server = start_server(port, &db).await;
        restarts.push(restarting.elapsed());
    }
    // A last stretch of load on the restarted server, then stop and verify.
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let mut workers = Vec::new();
    for task in tasks {
        workers.push(task.await.expect("a worker panicked"));
    }
    let mut verified = 0;
    for worker in &mut workers {
        verified += worker.verify().await;
    }
    // The file as a crash leaves it, not as a clean shutdown would.
    kill_9(&mut server).await;
    let integrity = integrity_check(&db);

    let figures = workload::total_figures(&workers);
    let sum = |f: fn(&Worker) -> usize| workers.iter().map(f).sum::<usize>();
    let created = sum(|w| w.created_users.len());
    let rotations = sum(|w| w.rotations_acknowledged);
    let passwords = sum(|w| w.passwords_changed);
    let acknowledged: usize = figures.iter().map(|f| f.ok).sum();
    let no_answer: usize = figures.iter().map(|f| f.no_answer).sum();
    restarts.sort();
    println!(
        "kills: {KILLS} (+1 before the integrity check); restart p50 {:.0} ms, max {:.0} ms",
        restarts[restarts.len() / 2].as_secs_f64() * 1000.0,
        restarts.last().unwrap().as_secs_f64() * 1000.0
    );
    for (kind, f) in Kind::ALL.iter().zip(&figures) {
        println!(
            "  {:<38} {:>5} answered 200, {:>4} cut off (no answer), {:>4} not sent, {:>3} refused",
            kind.label(),
            f.ok,
            f.no_answer,
            f.not_sent,
            f.refused
        );
    }
    println!(
        "acknowledged: {acknowledged} operations ({created} users created, {rotations} rotations, \
         {passwords} password changes); in doubt: {} creations, {} chains ended by an unanswered rotation",
        sum(|w| w.created_in_doubt),
        sum(|w| w.chains_ended_in_doubt),
    );
    println!(
        "verified after the last restart: {verified} writes; integrity_check: {integrity}; {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let violations: Vec<&String> = workers.iter().flat_map(|w| &w.violations).collect();
    assert!(
        violations.is_empty(),
        "{} acknowledged writes were lost (seed {seed}), the first ones:\n{}",
        violations.len(),
        violations
            .iter()
            .take(20)
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(integrity, "ok", "PRAGMA integrity_check (seed {seed})");
    // Not vacuous: every kind of write was acknowledged, and kills cut requests off.
    assert!(
        created > 0 && rotations > 0 && passwords > 0,
        "each kind of write acknowledged at least once"
    );
    assert!(no_answer > 0, "the kills interrupted the workload");
    assert_eq!(
        verified,
        created + WORKERS + workers.iter().filter(|w| w.has_chain()).count(),
        "every acknowledged write was checked"
    );
}

/// Starts the binary and waits for its "listening" line.
async fn start_server(port: u16, db: &Path) -> Child {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dev/pool.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_local-pool"))
        .arg("--port")
        .arg(port.to_string())
        .arg("--db")
        .arg(db)
        .arg("--seed")
        .arg(seed)
        .arg("--test-mode")
        .args(["--argon2-memory-kib", "64", "--argon2-iterations", "1"])
        .env("RUST_LOG", "local_pool=warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start local-pool");
    let mut lines = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
    let mut output = Vec::new();
    let listening = tokio::time::timeout(START_TIMEOUT, async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with("local-pool listening on ") {
                return true;
            }
            output.push(line);
        }
        false
    })
    .await;
    assert!(
        matches!(listening, Ok(true)),
        "local-pool did not start on port {port}:\n{}",
        output.join("\n")
    );
    // Keep reading stderr so the server never blocks on a full pipe; show what it reports.
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            eprintln!("[local-pool] {line}");
        }
    });
    child
}

/// SIGKILL (what `Child::start_kill` sends on Unix), then reap the process.
async fn kill_9(server: &mut Child) {
    server.start_kill().expect("SIGKILL local-pool");
    server.wait().await.expect("reap local-pool");
}

fn integrity_check(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open the database file");
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("PRAGMA integrity_check")
}

/// A port that was free a moment ago; every restart binds the same one.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// xorshift64: enough to spread kill points, and replayable from a printed seed.
struct XorShift(u64);

impl XorShift {
    fn in_range(&mut self, range: &std::ops::RangeInclusive<u64>) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        range.start() + self.0 % (range.end() - range.start() + 1)
    }
}

/// A directory under the system temp dir, removed when the test ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!(
            "local-pool-kill9-{}-{}",
            std::process::id(),
            time_seed()
        ));
        std::fs::create_dir_all(&path).expect("create a temp dir");
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
