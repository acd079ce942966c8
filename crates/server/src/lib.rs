//! poolgate-server: serves the built app and signs people in on the server
//! (backend-for-frontend). Tokens stay here; the browser holds an opaque session cookie.
//!
//! `api` holds the `/api/` endpoints (one module per route family; their JSON is the
//! `poolgate-api` contract), `cognito` the SDK calls, `verify` the JWKS checks, `sessions` the
//! SQLite / Redis store, `refresh` keeping tokens fresh, `throttle` sign-in limits, `web` the
//! site's router, static files and security headers. The shared state is here: [`App`].

pub mod api;
pub mod cognito;
pub mod config;
pub mod error;
pub mod refresh;
pub mod sessions;
pub mod throttle;
pub mod verify;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider as cip;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::Settings;

use crate::cognito::Cognito;
use crate::sessions::SessionStore;
use crate::throttle::Throttle;
use crate::verify::Verifier;

/// What every handler gets: the instance's shared [`App`].
pub type AppState = Arc<App>;

/// Shared state of one server instance.
pub struct App {
    pub settings: Settings,
    pub cognito: Cognito,
    pub verifier: Verifier,
    pub store: SessionStore,
    pub throttle: Throttle,
}

impl App {
    /// `__Host-` cookies must be `Secure`, so the prefix is used over https only.
    pub fn cookie_name(&self) -> &'static str {
        if self.settings.is_https() {
            "__Host-poolgate_session"
        } else {
            "poolgate_session"
        }
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// A server running in the background.
pub struct RunningServer {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    sweep: Option<JoinHandle<()>>,
}

impl RunningServer {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets in-flight requests finish and waits.
    pub async fn shutdown(mut self) {
        if let Some(sweep) = self.sweep.take() {
            sweep.abort();
        }
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(sweep) = self.sweep.take() {
            sweep.abort();
        }
        if let Some(signal) = self.shutdown.take() {
            let _ = signal.send(());
        }
    }
}

/// The SDK client from the standard credential chain (environment, profile, SSO, container
/// and instance roles), with the configured region and endpoint override.
pub async fn sdk_client(settings: &Settings) -> cip::Client {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(settings.region.clone()));
    if let Some(endpoint) = &settings.endpoint {
        loader = loader.endpoint_url(endpoint);
    }
    cip::Client::new(&loader.load().await)
}

/// Opens the session store, reads the client secret if needed, binds and serves.
pub async fn start(settings: Settings, client: cip::Client) -> Result<RunningServer, String> {
    settings.validate()?;
    let secret = match &settings.client_secret {
        Some(secret) => secret.clone(),
        None => {
            Cognito::read_client_secret(&client, &settings.pool_id, &settings.client_id).await?
        }
    };
    let store = match &settings.redis_url {
        Some(url) => SessionStore::redis(url).await?,
        None => SessionStore::sqlite(&settings.session_db)?,
    };
    let app = Arc::new(App {
        cognito: Cognito::new(client, &settings.pool_id, &settings.client_id, &secret),
        verifier: Verifier::new(settings.issuer(), settings.client_id.clone()),
        store,
        throttle: Throttle::new(
            settings.throttle_window_secs,
            settings.max_failures_per_username,
            settings.max_attempts_per_address,
        ),
        settings,
    });

    let listener = TcpListener::bind((app.settings.listen, app.settings.port))
        .await
        .map_err(|e| {
            format!(
                "cannot listen on {}:{}: {e}",
                app.settings.listen, app.settings.port
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = web::router(Arc::clone(&app));
    let (shutdown, stop) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(err) = axum::serve(listener, service)
            .with_graceful_shutdown(async {
                let _ = stop.await;
            })
            .await
        {
            tracing::error!(error = %err, "server stopped");
        }
    });
    let sweep = (app.settings.sweep_interval_secs > 0).then(|| {
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let period = Duration::from_secs(app.settings.sweep_interval_secs);
            let mut ticker = tokio::time::interval(period);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                refresh::sweep(&app).await;
            }
        })
    });
    Ok(RunningServer {
        addr,
        shutdown: Some(shutdown),
        task,
        sweep,
    })
}
