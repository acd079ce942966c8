//! `local-pool`: run the local Cognito-compatible user-pool server.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use local_pool::template::TemplateSource;
use local_pool::{Argon2Cost, Config, DbLocation};

/// A local Cognito-compatible user-pool server (listens on 127.0.0.1 only).
#[derive(Debug, Parser)]
#[command(name = "local-pool", version)]
struct Cli {
    /// Port on 127.0.0.1 (0 picks a free port).
    #[arg(long, default_value_t = local_pool::config::DEFAULT_PORT, env = "LOCAL_POOL_PORT")]
    port: u16,
    /// Public base URL; tokens' `iss` is `<endpoint>/<poolId>` [default: http://127.0.0.1:<port>].
    #[arg(long, env = "LOCAL_POOL_ENDPOINT")]
    endpoint: Option<String>,
    /// SQLite database file.
    #[arg(long, env = "LOCAL_POOL_DB", default_value = local_pool::config::DEFAULT_DB_PATH, conflicts_with = "ephemeral")]
    db: PathBuf,
    /// Keep all state in memory (lost on exit).
    #[arg(long)]
    ephemeral: bool,
    /// Seed file applied at start (idempotently), e.g. dev/pool.toml.
    #[arg(long, env = "LOCAL_POOL_SEED")]
    seed: Option<PathBuf>,
    /// CloudFormation / SAM template (e.g. deploy/template.yaml) defining the pools, clients and
    /// groups; the seed still gives their ids (matched by PoolName / ClientName) and the users.
    #[arg(long, env = "LOCAL_POOL_TEMPLATE", requires = "seed")]
    template: Option<PathBuf>,
    /// A template parameter, overriding its Default. Repeatable.
    #[arg(long = "template-parameter", value_name = "NAME=VALUE", value_parser = parse_parameter, requires = "template")]
    template_parameters: Vec<(String, String)>,
    /// Serve /_local/* (outbox with codes and temporary passwords, faults, stats, clock).
    #[arg(long, env = "LOCAL_POOL_TEST_MODE")]
    test_mode: bool,
    /// Also allow this browser origin (scheme://host[:port]); loopback origins always are.
    /// Repeatable; the variable takes a comma-separated list.
    #[arg(
        long = "allow-origin",
        value_name = "ORIGIN",
        env = "LOCAL_POOL_ALLOW_ORIGIN",
        value_delimiter = ','
    )]
    allow_origins: Vec<String>,
    /// argon2id memory cost in KiB.
    #[arg(long, env = "LOCAL_POOL_ARGON2_MEMORY_KIB", default_value_t = Argon2Cost::default().memory_kib)]
    argon2_memory_kib: u32,
    /// argon2id iterations.
    #[arg(long, env = "LOCAL_POOL_ARGON2_ITERATIONS", default_value_t = Argon2Cost::default().iterations)]
    argon2_iterations: u32,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "local_pool=info".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config {
        port: cli.port,
        endpoint: cli.endpoint,
        db: if cli.ephemeral {
            DbLocation::InMemory
        } else {
            DbLocation::File(cli.db)
        },
        seed: cli.seed,
        template: cli.template.map(|path| TemplateSource {
            path,
            parameters: cli.template_parameters.into_iter().collect(),
        }),
        test_mode: cli.test_mode,
        allowed_origins: cli.allow_origins,
        argon2: Argon2Cost {
            memory_kib: cli.argon2_memory_kib,
            iterations: cli.argon2_iterations,
        },
        ..Config::default()
    };
    let signals = ShutdownSignals::register();
    let server = match local_pool::serve(config).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("local-pool: {err}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("local-pool listening on {}", server.url());
    signals.received().await;
    tracing::info!("shutting down");
    server.shutdown().await;
    ExitCode::SUCCESS
}

fn parse_parameter(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .filter(|(name, _)| !name.is_empty())
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {text:?}"))
}

/// SIGINT / SIGTERM, registered before start-up so an early signal is not lost.
struct ShutdownSignals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl ShutdownSignals {
    fn register() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = signal(SignalKind::interrupt())
                .and_then(|interrupt| Ok((interrupt, signal(SignalKind::terminate())?)))
                .ok();
            Self { streams }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    async fn received(self) {
        #[cfg(unix)]
        if let Some((mut interrupt, mut terminate)) = self.streams {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
