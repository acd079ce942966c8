//! The contract between `poolgate-server` and the browser app in server mode: every `/api/`
//! route with its method ([`Endpoint`], one marker type per route in [`routes`]), the request
//! and answer types, the roles and groups both sides name, and the one error shape
//! ([`ErrorResponse`], Cognito's, from `cognito-wire`).
//!
//! Both sides use these types, so the JSON cannot drift: the server deserializes requests and
//! serializes answers, the app the other way round. Serde and `cognito-wire` only (no I/O):
//! the app is compiled to wasm and its size counts, so each shape has one deserializer and no
//! field the other side does not send or read.

mod admin;
mod config;
mod endpoint;
pub mod groups;
mod role;
pub mod routes;
mod session;
mod sign_in;

pub use admin::{
    Done, ListUsersQuery, SetRoleRequest, UserGroupPath, UserPage, UserPath, UserSummary,
};
pub use config::{ServerMode, ServerModeConfig};
pub use endpoint::{
    API_PREFIX, Body, Endpoint, Method, NoBody, NoParams, Params, encode_component,
};
pub use role::Role;
pub use session::{ChallengeView, SessionView, SignedInUser, StepAnswer};
pub use sign_in::{AuthenticatorKey, ChallengeAnswer, CodeSignInRequest, SignInRequest};

/// The `cognito-wire` types the contract's answers are made of.
pub use cognito_wire::{ChallengeNameType, StringMap, UserStatusType};

/// Every error answer (4xx or 5xx): `{"__type": "NotAuthorizedException", "message": "…"}`,
/// Cognito's own shape, so the app reads the server's refusals as it reads the pool's.
pub use cognito_wire::ErrorResponse;
