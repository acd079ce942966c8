//! A local, Cognito-compatible user-pool server.
//!
//! It answers the Cognito Identity Provider JSON 1.1 protocol on 127.0.0.1, so the AWS SDKs
//! and browser apps can sign users in against it exactly as against Amazon Cognito.
//!
//! Architecture:
//! - [`protocol`]: the wire format (target header, JSON bodies, Cognito errors, CORS);
//! - [`ops`]: the operations, one module per family, run against a [`ops::Context`];
//! - [`tokens`]: RS256 JWTs and per-pool keys; [`store`]: SQLite persistence;
//! - [`seed`]: the idempotent seed file; [`template`]: pools, clients and groups from a
//!   CloudFormation template instead; [`faults`]: test-mode fault injection and stats;
//! - [`lambda`]: where Lambda triggers plug in; [`server`]: start-up, routing and the
//!   request guards (host, origin, body limits, panics); `http`: the Cognito endpoint.
//!
//! Tests start it in-process:
//! ```no_run
//! # async fn demo() -> Result<(), local_pool::StartError> {
//! let server = local_pool::serve(local_pool::Config::for_tests()).await?;
//! println!("endpoint_url = {}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

pub mod clock;
pub mod config;
pub mod faults;
mod http;
pub mod lambda;
mod local_api;
pub mod model;
pub mod ops;
pub mod password;
pub mod protocol;
mod random;
pub mod seed;
pub mod server;
pub mod store;
pub mod template;
pub mod tokens;
pub mod totp;

pub use config::Config;
pub use password::Argon2Cost;
pub use server::{RunningServer, StartError, serve};
pub use store::DbLocation;
