//! `poolgate-server`: see crates/server/README.md.

use clap::Parser;
use poolgate_server::config::Cli;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "poolgate_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let settings = match Cli::parse().settings() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("poolgate-server: {err}");
            std::process::exit(2);
        }
    };
    let client = poolgate_server::sdk_client(&settings).await;
    let server = match poolgate_server::start(settings, client).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("poolgate-server: {err}");
            std::process::exit(1);
        }
    };
    eprintln!("poolgate-server listening on {}", server.url());
    shutdown_signal().await;
    server.shutdown().await;
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
