//! Start-up, routing and the connection loop.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
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
use crate::protocol::guard::{HostPolicy, OriginPolicy};
use crate::protocol::wire::{MAX_BODY_BYTES, body_too_large, error_response};
use crate::protocol::{ApiError, cors};
use crate::seed;
use crate::store::Store;
use crate::tokens::KeyRing;
use crate::{clock, http};

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
    pub fn advance_clock(&self, secs: i64) -> Result<i64, clock::AdvanceError> {
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
    let origins = OriginPolicy::new(&config.allowed_origins).map_err(StartError::Config)?;
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
        triggers: crate::lambda::TriggerRunner::new(config.trigger_timeout),
    });
    if config.template.is_some() && config.seed.is_none() {
        return Err(StartError::Config(
            "a template needs a seed: pool and client ids and users come from it".into(),
        ));
    }
    if let Some(path) = config.seed.clone() {
        let seed_ctx = Arc::clone(&ctx);
        let template = config.template.clone();
        tokio::task::spawn_blocking(move || {
            let seed = match &template {
                Some(template) => seed::load_with_template(&path, template)?,
                None => seed::load(&path)?,
            };
            seed::apply(&seed_ctx, &seed)
        })
        .await
        .map_err(|e| StartError::Config(format!("seeding panicked: {e}")))?
        .map_err(StartError::Seed)?;
    }

    if config.test_mode {
        tracing::warn!(
            "test mode is on: /_local/* serves the outbox (sign-up codes, temporary \
             passwords), faults, stats and a movable clock to any local program; \
             do not leave a test-mode pool running"
        );
    }
    if cfg!(panic = "abort") {
        tracing::warn!(
            "built with panic = \"abort\": a bug in a handler stops the server instead of \
             answering InternalErrorException; build local-pool in the dev profile"
        );
    }
    let guards = Arc::new(Guards {
        hosts: HostPolicy::new(config.endpoint.as_deref()),
        origins: Arc::new(origins),
        body_read_timeout: config.body_read_timeout,
    });
    let state = Arc::new(AppState {
        ctx,
        faults: FaultInjector::default(),
        stats: Stats::default(),
        test_mode: config.test_mode,
    });
    let router = router(state, guards);
    let (shutdown_tx, shutdown_rx) = oneshot::channel();
    let task = tokio::spawn(accept_loop(
        listener,
        router,
        config.header_read_timeout,
        shutdown_rx,
    ));
    Ok(RunningServer {
        addr,
        endpoint,
        clock,
        shutdown: Some(shutdown_tx),
        task,
    })
}

fn router(state: Arc<AppState>, guards: Arc<Guards>) -> Router {
    let mut router = Router::new()
        .route("/", post(http::handle))
        .route("/{pool_id}/.well-known/jwks.json", get(local_api::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(local_api::openid_configuration),
        );
    if state.test_mode {
        router = router
            .route("/_local/outbox", get(local_api::outbox))
            .route("/_local/users", post(local_api::create_user))
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
            .route("/_local/clock", post(local_api::advance_clock))
            .route("/_local/rotate-keys", post(local_api::rotate_keys));
    }
    with_safety_layers(
        router.fallback(local_api::not_found).with_state(state),
        guards,
    )
}

/// Request checks that protect the developer's machine, shared by the middleware.
#[derive(Debug)]
struct Guards {
    hosts: HostPolicy,
    origins: Arc<OriginPolicy>,
    body_read_timeout: Duration,
}

/// Outermost first: panics become InternalErrorException; foreign `Host` names and origins
/// are refused before anything else runs (preflights included); CORS headers for allowed
/// origins; bodies are read whole, within a size limit and a time limit, before any handler
/// sees them.
fn with_safety_layers(router: Router, guards: Arc<Guards>) -> Router {
    router
        .layer(middleware::from_fn_with_state(
            Arc::clone(&guards),
            read_whole_body,
        ))
        .layer(cors::layer(Arc::clone(&guards.origins)))
        .layer(middleware::from_fn_with_state(
            guards,
            check_host_and_origin,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            |_panic: Box<dyn std::any::Any + Send>| {
                error_response(&ApiError::internal("a request handler panicked"))
            },
        ))
}

async fn check_host_and_origin(
    State(guards): State<Arc<Guards>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match host {
        None => {
            return error_response(
                &ApiError::refused_locally("A Host header is required")
                    .with_status(StatusCode::BAD_REQUEST),
            );
        }
        Some(host) if !guards.hosts.allows(host) => {
            return error_response(&ApiError::refused_locally(format!(
                "Host {host:?} is not served: local-pool answers only to 127.0.0.1, \
                 localhost, [::1] and the --endpoint host (a page reaching it under \
                 another name is a DNS-rebinding attack)"
            )));
        }
        Some(_) => {}
    }
    if let Some(origin) = request.headers().get(header::ORIGIN)
        && !guards.origins.allows(origin.as_bytes())
    {
        return error_response(&ApiError::refused_locally(format!(
            "Origin {:?} is not allowed: only loopback origins and those given with \
             --allow-origin may call local-pool",
            String::from_utf8_lossy(origin.as_bytes())
        )));
    }
    next.run(request).await
}

async fn read_whole_body(
    State(guards): State<Arc<Guards>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let read = Limited::new(body, MAX_BODY_BYTES).collect();
    let bytes = match tokio::time::timeout(guards.body_read_timeout, read).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            return error_response(&body_too_large());
        }
        Ok(Err(err)) => {
            tracing::debug!(%err, "request body could not be read");
            return error_response(&ApiError::new(
                "SerializationException",
                "The request body could not be read.",
            ));
        }
        Err(_) => {
            return error_response(
                &ApiError::new(
                    "RequestTimeoutException",
                    format!(
                        "The request body was not received within {} s.",
                        guards.body_read_timeout.as_secs_f32()
                    ),
                )
                .with_status(StatusCode::REQUEST_TIMEOUT),
            );
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    header_read_timeout: Duration,
    mut shutdown: oneshot::Receiver<()>,
) {
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
        // The header timeout closes connections that trickle their headers (slowloris).
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A panicking handler answers Cognito's InternalErrorException and the server keeps
    /// serving. Only meaningful where panics unwind (the Debian wasm tool chain builds tests
    /// with panic = "abort").
    #[cfg(panic = "unwind")]
    async fn panicking_handler() -> &'static str {
        panic!("a bug in a handler")
    }

    #[cfg(panic = "unwind")]
    #[tokio::test]
    async fn a_panicking_handler_answers_internal_error_and_the_server_stays_up() {
        let guards = Arc::new(Guards {
            hosts: HostPolicy::new(None),
            origins: Arc::new(OriginPolicy::default()),
            body_read_timeout: Duration::from_secs(5),
        });
        let router = with_safety_layers(
            Router::new()
                .route("/boom", get(panicking_handler))
                .route("/fine", get(|| async { "fine" })),
            guards,
        );
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel();
        let server = tokio::spawn(accept_loop(
            listener,
            router,
            Duration::from_secs(5),
            stopped,
        ));
        let http = reqwest::Client::new();
        for _ in 0..2 {
            let response = http
                .get(format!("http://{addr}/boom"))
                .send()
                .await
                .expect("an answer");
            assert_eq!(response.status(), 500);
            assert_eq!(
                response.headers()["x-amzn-errortype"],
                "InternalErrorException:"
            );
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(body["__type"], "InternalErrorException");
        }
        let fine = http
            .get(format!("http://{addr}/fine"))
            .send()
            .await
            .expect("still serving");
        assert_eq!(fine.text().await.expect("body"), "fine");
        let _ = stop.send(());
        server.await.expect("accept loop ends");
    }
}
