//! Serves the release build (`dist/`) as a static host would: files as they are, unknown paths
//! answered with `index.html` (the single-page app's routes), optionally another `config.json`
//! and a slow network for the WebAssembly.

use crate::error::Result;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::services::{ServeDir, ServeFile};

/// `$POOLGATE_DIST`, else `<workspace>/dist`: where `trunk build --release` put the app.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("POOLGATE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"))
}

/// What the static server serves besides the files of `dist/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    /// Served as `/config.json` instead of the built one (e.g. another app client).
    pub config: Option<String>,
    /// How long every `.wasm` answer is held back.
    pub wasm_delay: Duration,
}

/// The static server on its loopback port; stops when dropped.
pub(crate) struct StaticServer {
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves [`dist_dir`] with `overrides` on a free loopback port.
pub(crate) async fn serve_dist(overrides: Overrides) -> Result<StaticServer> {
    let dist = dist_dir();
    let index = dist.join("index.html");
    if !index.exists() {
        return Err(format!(
            "no release build in {} (run trunk build --release)",
            dist.display()
        )
        .into());
    }
    let Overrides { config, wasm_delay } = overrides;
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
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(StaticServer { addr, task })
}
