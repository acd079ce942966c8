//! The browser side of the session, by concern:
//! - [`handle`]: the [`Auth`] handle in context and [`use_auth`], the session as signals;
//! - `runner`: runs the platform-neutral [`cognito_session::SessionMachine`], performs its
//!   effects (Cognito calls, storage, timers) and turns browser events into machine events;
//! - `keys`: the pool's keys and issuer, and the signature checks ([`signature`], WebCrypto);
//! - `tabs`, [`lock`], [`storage`], `renewals`: one session per browser (a Web Lock around
//!   refreshes, a renewal ledger in IndexedDB that the next lock holder reads, compare-and-delete
//!   storage, other tabs' changes adopted in place);
//! - `sign_in`, `account`: the sign-in flows and account self-service;
//! - `server_backend`: server mode, the same handle backed by `poolgate-server`'s `/api/`;
//! - [`transport`]: `fetch` with a timeout.

mod account;
mod custom_auth;
pub mod handle;
mod keys;
pub mod lock;
mod profile;
pub mod renewals;
mod runner;
mod server_backend;
mod sign_in;
pub mod signature;
pub mod storage;
mod tabs;
pub mod transport;

pub use account::{CodeSent, SignedUp};
pub use custom_auth::{CodeChallenge, CodeRequest, passwordless_error};
pub use handle::{Auth, UseAuthReturn, provide_auth, use_auth};
pub use lock::{has_web_locks, with_lock};
pub use profile::Account;
pub use server_backend::{ApiFailure, api, parse as parse_answer};
pub use sign_in::{AuthError, SignInStep};
pub use signature::verify_rs256;
pub use storage::SessionStore;
pub use transport::{FetchTransport, REQUEST_TIMEOUT_MS};
