//! The browser side of the session:
//! - [`handle`]: the [`Auth`] handle in context and [`use_auth`], the session as signals; the
//!   handle holds one backend and forwards each action to it;
//! - `direct`: direct mode, the browser calls Cognito and keeps the tokens (the session
//!   machine's effects: keys, storage, Web Locks, tabs, renewals, the sign-in flows);
//! - `server`: server mode, the same handle backed by `poolgate-server`'s `/api/`;
//! - what both backends answer: [`SignedIn`] (who is signed in), [`SignInStep`] and
//!   [`AuthError`], the passwordless protocol ([`CodeChallenge`]) and the account records.

mod clock;
mod direct;
pub mod handle;
mod identity;
mod passwordless;
mod records;
mod server;
mod steps;
mod until_unmounted;

pub use direct::{lock, renewals, signature, storage, transport};
pub use handle::{Auth, UseAuthReturn, provide_auth, use_auth};
pub use identity::SignedIn;
pub use lock::{has_web_locks, with_lock};
pub use passwordless::{CodeChallenge, CodeRequest, passwordless_error};
pub use records::{Account, CodeSent, SignedUp};
pub use server::api::{ApiFailure, api, call as call_api, parse as parse_answer};
pub use signature::verify_rs256;
pub use steps::{AuthError, SignInStep};
pub use storage::SessionStore;
pub use transport::{FetchTransport, REQUEST_TIMEOUT_MS};
