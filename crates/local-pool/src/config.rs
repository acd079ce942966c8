//! Server configuration (what the CLI flags set).

use std::path::PathBuf;
use std::sync::Arc;

use crate::password::Argon2Cost;
use crate::store::DbLocation;
use crate::triggers::{NoTriggers, Triggers};

pub const DEFAULT_PORT: u16 = 9229;
pub const DEFAULT_DB_PATH: &str = "target/local-pool.sqlite";

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
    /// Enables `/_local/faults`, `/_local/stats` and `/_local/clock`.
    pub test_mode: bool,
    pub argon2: Argon2Cost,
    pub triggers: Arc<dyn Triggers>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: DEFAULT_PORT,
            endpoint: None,
            db: DbLocation::File(PathBuf::from(DEFAULT_DB_PATH)),
            seed: None,
            test_mode: false,
            argon2: Argon2Cost::default(),
            triggers: Arc::new(NoTriggers),
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
