//! Server configuration (what the CLI flags set).

use std::path::PathBuf;
use std::time::Duration;

use crate::lambda::COGNITO_TRIGGER_TIMEOUT;
use crate::password::Argon2Cost;
use crate::store::DbLocation;
use crate::template::TemplateSource;

pub const DEFAULT_PORT: u16 = 9229;
pub const DEFAULT_DB_PATH: &str = "target/local-pool.sqlite";
/// A client must send a request's headers within this time, or the connection is closed.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A client must send a request's whole body within this time (HTTP 408 otherwise).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Config {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Public base URL, used as the token issuer prefix (`<endpoint>/<poolId>`).
    /// Default: `http://127.0.0.1:<port>`.
    pub endpoint: Option<String>,
    pub db: DbLocation,
    /// Seed file applied at start (idempotent).
    pub seed: Option<PathBuf>,
    /// A CloudFormation template whose pools, clients and groups replace the seed's (the seed
    /// still gives the ids and the users); needs `seed`.
    pub template: Option<TemplateSource>,
    /// Serves `/_local/*`: the outbox (codes and temporary passwords), faults, stats, clock.
    /// The server logs a warning at start whenever it is on.
    pub test_mode: bool,
    /// Browser origins allowed besides loopback ones (`http(s)://127.0.0.1|localhost|[::1]`,
    /// any port), as `scheme://host[:port]`.
    pub allowed_origins: Vec<String>,
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub argon2: Argon2Cost,
    /// How long a trigger may run (Cognito: 5 s); tests shorten it.
    pub trigger_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: DEFAULT_PORT,
            endpoint: None,
            db: DbLocation::File(PathBuf::from(DEFAULT_DB_PATH)),
            seed: None,
            template: None,
            test_mode: false,
            allowed_origins: Vec::new(),
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            argon2: Argon2Cost::default(),
            trigger_timeout: COGNITO_TRIGGER_TIMEOUT,
        }
    }
}

impl Config {
    /// An in-memory, test-mode server on a free port with very cheap password hashing.
    pub fn for_tests() -> Self {
        Self {
            port: 0,
            db: DbLocation::InMemory,
            test_mode: true,
            argon2: Argon2Cost {
                memory_kib: 64,
                iterations: 1,
            },
            ..Self::default()
        }
    }
}
