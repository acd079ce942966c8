//! Platform-neutral Amazon Cognito user-pool client and session core.
//!
//! The browser app signs users in directly against the Cognito Identity Provider API
//! (`USER_PASSWORD_AUTH`, challenges, silent refresh). This crate holds everything that
//! does not touch the browser, so it is tested on the host with a fake clock and a fake
//! transport:
//!
//! - [`wire`]: the shared [`cognito_wire`] types, plus challenge answers and outcomes;
//! - [`client`]: [`CognitoClient`] over a [`Transport`] the app implements with `fetch`;
//! - [`error`]: error parsing and classification ([`ErrorKind`], [`ErrorReason`]); the
//!   sentences for people are the app's;
//! - [`verify`]: RS256 signatures through a [`SignatureVerifier`] (WebCrypto in the browser,
//!   [`RsaVerifier`] on the host); the machine takes only [`Verified`] tokens;
//! - [`claims`]: token decoding and claim validation (`jws`: the tokens' compact form);
//! - [`session`]: the session state machine and refresh policy, as pure functions of
//!   `(state, event, now)` that return effects for the browser glue to perform;
//! - [`redirect`]: the `?next=` redirect check.
//!
//! Time is always passed in (`now`, Unix seconds); nothing here reads a clock.

#![warn(missing_docs)]

pub mod claims;
pub mod client;
pub mod error;
mod jws;
pub mod redirect;
pub mod session;
pub mod verify;
pub mod wire;

pub use claims::{ClaimsError, CognitoClaims, Jwk, Jwks, TokenUse, TokenValidator, aws_issuer};
pub use client::{CognitoClient, CognitoConfig, RawResponse, RefreshMethod, Transport};
pub use error::{CognitoError, ErrorKind, ErrorReason, Operation, TransportError, UserAction};
pub use redirect::safe_redirect_path;
pub use session::{
    AccessToken, Effect, EndReason, Event, MAX_CLOCK_SKEW, RefreshFailure, RefreshPolicy,
    RefreshStatus, Session, SessionMachine, SessionState, StoredSession, clock_skew,
    newer_stored_session, server_now,
};
#[cfg(not(target_arch = "wasm32"))]
pub use verify::RsaVerifier;
pub use verify::{SignatureVerifier, Verified, verify_token};
