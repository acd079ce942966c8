//! `GET /config.json` in server mode (not under `/api/`): what the app needs to start.

use serde::{Deserialize, Serialize};

/// `{"mode": "server", "region", "userPoolId"}`: the server answers this in place of the
/// direct-mode file of the build. Nothing in it is secret (the footer shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerModeConfig {
    /// Always [`ServerMode::Server`].
    pub mode: ServerMode,
    /// The pool's region.
    pub region: String,
    /// The pool's id.
    pub user_pool_id: String,
}

/// The `mode` of [`ServerModeConfig`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerMode {
    /// Server mode: the app calls only `/api/`.
    #[default]
    Server,
}

impl ServerModeConfig {
    /// The path the app reads it from.
    pub const PATH: &'static str = "/config.json";
}
