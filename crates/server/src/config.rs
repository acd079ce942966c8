//! Configuration: a TOML file (`--config`) with every setting, and command-line flags / environment
//! variables that override it.

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use clap::Parser;
use serde::Deserialize;

pub const DEFAULT_PORT: u16 = 8090;

/// Everything the server needs, after the file and the flags are merged.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The user pool, e.g. `eu-west-1_AbCdEf123`.
    pub pool_id: String,
    pub region: String,
    /// Cognito endpoint override (the local pool: `http://127.0.0.1:9229`).
    pub endpoint: Option<String>,
    /// Token issuer; default `<endpoint>/<pool_id>` with an override, else Cognito's.
    pub issuer: Option<String>,
    /// The confidential app client the server signs in with.
    pub client_id: String,
    /// Its secret. When absent the server reads it once with DescribeUserPoolClient at start.
    pub client_secret: Option<String>,
    /// Address to listen on; loopback unless you mean otherwise.
    pub listen: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The built app (`trunk build --release` output).
    pub dist: PathBuf,
    /// The origin browsers use to reach the server (`https://app.example.com`). It decides the
    /// allowed `Origin` of state-changing requests and, when https, `Secure` + `__Host-` cookies
    /// and HSTS. Default: `http://<Host header>` (plain http, development).
    pub public_url: Option<String>,
    /// SQLite file for sessions (`:memory:` keeps them in memory). Ignored with `redis_url`.
    pub session_db: PathBuf,
    /// Redis URL (`redis://127.0.0.1:6379/0`): sessions shared by several server instances.
    pub redis_url: Option<String>,
    /// Refresh this long before the access token expires. Default: the smaller of 60 s and a
    /// fifth of the token's lifetime.
    pub refresh_margin_secs: Option<i64>,
    /// How often the background sweep refreshes sessions about to expire; 0 turns it off
    /// (sessions are then refreshed only when a request uses them).
    pub sweep_interval_secs: u64,
    /// Session cookie lifetime; the session also ends when its refresh token does.
    pub session_lifetime_secs: i64,
    /// Failed sign-ins allowed per username within `throttle_window_secs`.
    pub max_failures_per_username: u32,
    /// Sign-in attempts allowed per client address within `throttle_window_secs`.
    pub max_attempts_per_address: u32,
    pub throttle_window_secs: u64,
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a proxy
    /// that sets it).
    pub trust_forwarded_for: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            pool_id: String::new(),
            region: "us-east-1".into(),
            endpoint: None,
            issuer: None,
            client_id: String::new(),
            client_secret: None,
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            dist: PathBuf::from("dist"),
            public_url: None,
            session_db: PathBuf::from("target/poolgate-sessions.sqlite"),
            redis_url: None,
            refresh_margin_secs: None,
            sweep_interval_secs: 5,
            session_lifetime_secs: 30 * 86_400,
            max_failures_per_username: 5,
            max_attempts_per_address: 30,
            throttle_window_secs: 300,
            trust_forwarded_for: false,
        }
    }
}

impl Settings {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("invalid {}: {e}", path.display()))
    }

    pub fn issuer(&self) -> String {
        match (&self.issuer, &self.endpoint) {
            (Some(issuer), _) => issuer.trim_end_matches('/').to_owned(),
            (None, Some(endpoint)) => {
                format!("{}/{}", endpoint.trim_end_matches('/'), self.pool_id)
            }
            (None, None) => format!(
                "https://cognito-idp.{}.amazonaws.com/{}",
                self.region, self.pool_id
            ),
        }
    }

    /// Whether browsers reach the server over https (cookies get `Secure` and `__Host-`).
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.pool_id.is_empty() {
            return Err("pool_id is required".into());
        }
        if self.client_id.is_empty() {
            return Err("client_id is required".into());
        }
        if let Some(url) = &self.public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err("public_url must start with https:// or http://".into());
        }
        Ok(())
    }
}

/// Command line; every flag overrides the file.
#[derive(Debug, Parser)]
#[command(name = "poolgate-server", version, about)]
pub struct Cli {
    /// TOML file with the settings (see crates/server/README.md).
    #[arg(long, env = "POOLGATE_CONFIG")]
    pub config: Option<PathBuf>,
    #[arg(long, env = "POOLGATE_POOL_ID")]
    pub pool_id: Option<String>,
    #[arg(long, env = "POOLGATE_REGION")]
    pub region: Option<String>,
    /// Cognito endpoint override, e.g. the local pool.
    #[arg(long, env = "POOLGATE_ENDPOINT")]
    pub endpoint: Option<String>,
    #[arg(long, env = "POOLGATE_CLIENT_ID")]
    pub client_id: Option<String>,
    /// Prefer the environment or the file over this flag: command lines are visible to others.
    #[arg(long, env = "POOLGATE_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    #[arg(long, env = "POOLGATE_LISTEN")]
    pub listen: Option<IpAddr>,
    #[arg(long, env = "POOLGATE_PORT")]
    pub port: Option<u16>,
    #[arg(long, env = "POOLGATE_DIST")]
    pub dist: Option<PathBuf>,
    #[arg(long, env = "POOLGATE_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[arg(long, env = "POOLGATE_SESSION_DB")]
    pub session_db: Option<PathBuf>,
    #[arg(long, env = "POOLGATE_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
}

impl Cli {
    pub fn settings(self) -> Result<Settings, String> {
        let mut settings = match &self.config {
            Some(path) => Settings::load(path)?,
            None => Settings::default(),
        };
        macro_rules! take {
            ($($field:ident),*) => {$(
                if let Some(value) = self.$field { settings.$field = value.into(); }
            )*};
        }
        take!(pool_id, region, client_id, listen, port, dist, session_db);
        macro_rules! take_optional {
            ($($field:ident),*) => {$(
                if self.$field.is_some() { settings.$field = self.$field; }
            )*};
        }
        take_optional!(endpoint, client_secret, public_url, redis_url);
        settings.validate()?;
        Ok(settings)
    }
}
