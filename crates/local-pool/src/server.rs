//! Start-up, routing and the connection loop.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;
use tower::ServiceExt as _;

use crate::clock::Clock;
use crate::config::Config;
use crate::faults::{FaultInjector, Stats};
use crate::local_api;
use crate::ops::Context;
use crate::password::PasswordHasher;
use crate::protocol::{cors, wire};
use crate::seed;
use crate::store::Store;
use crate::tokens::KeyRing;

/// State shared by the HTTP handlers.
#[derive(Debug)]
pub struct AppState {
    pub ctx: Arc<Context>,
    pub faults: FaultInjector,
    pub stats: Stats,
    pub test_mode: bool,
}

/// Lets a handler close its own connection without answering (the `drop` fault).
#[derive(Debug, Clone, Default)]
pub struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }

    async fn killed(&self) {
        self.0.notified().await;
    }
}

#[derive(Debug)]
pub enum StartError {
    Database(rusqlite::Error),
    Config(String),
    Seed(seed::SeedError),
    Bind(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Database(err) => write!(f, "cannot open database: {err}"),
            Self::Config(err) => write!(f, "invalid configuration: {err}"),
            Self::Seed(err) => write!(f, "{err}"),
            Self::Bind(err) => write!(f, "cannot listen: {err}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A server running in the background.
#[derive(Debug)]
pub struct RunningServer {
    /// The bound address (always on 127.0.0.1).
    pub addr: SocketAddr,
    /// The issuer base URL (`iss` = `<endpoint>/<poolId>`).
    pub endpoint: String,
    clock: Arc<Clock>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// `http://127.0.0.1:<port>`, for SDK `endpoint_url`s.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Moves the server clock forward (same as `POST /_local/clock`).
    pub fn advance_clock(&self, secs: i64) -> i64 {
        self.clock.advance(secs)
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s) and waits.
    pub async fn shutdown(mut self) {
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Opens the database, applies the seed, binds 127.0.0.1 and serves in the background.
pub async fn serve(config: Config) -> Result<RunningServer, StartError> {
    let passwords = PasswordHasher::new(config.argon2).map_err(StartError::Config)?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.local_addr().map_err(StartError::Bind)?;
    let endpoint = config
        .endpoint
        .clone()
        .map(|e| e.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{addr}"));

    let clock = Arc::new(Clock::default());
    let ctx = Arc::new(Context {
        store: Store::open(&config.db).map_err(StartError::Database)?,
        clock: Arc::clone(&clock),
        keys: KeyRing::default(),
        passwords,
        issuer_base: endpoint.clone(),
        triggers: Arc::clone(&config.triggers),
    });
    if let Some(path) = config.seed.clone() {
        let seed_ctx = Arc::clone(&ctx);
        tokio::task::spawn_blocking(move || {
            let seed = seed::load(&path)?;
            seed::apply(&seed_ctx, &seed)
        })
        .await
        .map_err(|e| StartError::Config(format!("seeding panicked: {e}")))?
        .map_err(StartError::Seed)?;
    }

    let state = Arc::new(AppState {
        ctx,
        faults: FaultInjector::default(),
        stats: Stats::default(),
        test_mode: config.test_mode,
    });
    let router = router(state);
    let (shutdown_tx, shutdown_rx) = oneshot::channel();
    let task = tokio::spawn(accept_loop(listener, router, shutdown_rx));
    Ok(RunningServer {
        addr,
        endpoint,
        clock,
        shutdown: Some(shutdown_tx),
        task,
    })
}

fn router(state: Arc<AppState>) -> Router {
    let mut router = Router::new()
        .route("/", post(wire::handle))
        .route("/{pool_id}/.well-known/jwks.json", get(local_api::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(local_api::openid_configuration),
        )
        .route("/_local/outbox", get(local_api::outbox));
    if state.test_mode {
        router = router
            .route(
                "/_local/faults",
                post(local_api::add_fault)
                    .get(local_api::list_faults)
                    .delete(local_api::clear_faults),
            )
            .route(
                "/_local/stats",
                get(local_api::stats).delete(local_api::reset_stats),
            )
            .route("/_local/clock", post(local_api::advance_clock));
    }
    router
        .fallback(local_api::not_found)
        .with_state(state)
        .layer(cors::layer())
}

async fn accept_loop(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    let graceful = GracefulShutdown::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Typically EMFILE under load: back off briefly instead of spinning.
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let kill = ConnectionKill::default();
        let service = {
            let router = router.clone();
            let kill = kill.clone();
            hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(kill.clone());
                router.clone().oneshot(request)
            })
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            tokio::select! {
                result = connection => {
                    if let Err(err) = result {
                        tracing::debug!(%err, "connection ended with an error");
                    }
                }
                () = kill.killed() => tracing::debug!("connection dropped by fault injection"),
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(5)) => {
            tracing::warn!("in-flight requests did not finish within 5 s");
        }
    }
}
