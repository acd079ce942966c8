//! The Amazon Cognito Identity Provider wire protocol (AWS JSON 1.1), as serde types shared by
//! a client (`cognito-session`, in the browser) and a server (`local-pool`), in the way
//! `lsp-types` serves both sides of the Language Server Protocol.
//!
//! Every request is `POST /` with `Content-Type:` [`CONTENT_TYPE`] and
//! [`TARGET_HEADER`]`: `[`TARGET_PREFIX`]`<Operation>`; the body is the operation's request
//! structure as JSON, the answer its response structure, or an [error](error) body.
//!
//! Member names, which members are required and the shared shapes follow botocore's service
//! model `botocore/data/cognito-idp/2016-04-18/service-2.json` (repository boto/botocore,
//! read 2026-11-28; the first-sentence docs on the members are quoted from it). Conventions:
//!
//! - Required members are plain fields; optional ones are `Option` and left out of the JSON
//!   when `None`. Deserialising ignores members this crate does not know, so a newer service
//!   never fails a whole response.
//! - Shapes are named as in the model (`AttributeType`, `AuthenticationResultType`, ...).
//!   Operations whose inputs or outputs have identical members share one struct under a
//!   neutral name ([`AccessTokenRequest`], [`AdminUserRequest`], [`EmptyResponse`], ...), with
//!   a type alias per operation, so a client pays for one deserializer instead of several.
//! - Enumerations the protocol logic branches on ([`ChallengeNameType`], [`AuthFlowType`], ...)
//!   are Rust enums that keep unknown values in `Other`; the rest are `String`.
//! - Timestamps (`UserCreateDate`, ...) are epoch seconds as JSON numbers, hence `f64`.
//!   Nested pool settings neither side interprets (`EmailConfiguration`, `DeviceConfiguration`,
//!   ...) are kept as raw JSON ([`serde_json::Value`]).
//!
//! No I/O and no async: this crate only describes bytes on the wire.

#![warn(missing_docs)]

pub mod error;
mod operation;
mod operations;
mod types;
mod values;

pub use error::{ERROR_TYPE_HEADER, ErrorBody, ErrorResponse, bare_error_code};
pub use operation::{Access, Operation, UnknownOperation};
pub use operations::*;
pub use types::*;
pub use values::*;

/// `Content-Type` of every request and response body.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";
/// Header that names the operation: [`TARGET_PREFIX`] followed by the operation name.
pub const TARGET_HEADER: &str = "X-Amz-Target";
/// The service's target prefix, e.g. `AWSCognitoIdentityProviderService.InitiateAuth`.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// String-to-string map: `AuthParameters`, `ChallengeParameters`, `ChallengeResponses`,
/// `ClientMetadata`, `UserPoolTags`.
pub type StringMap = std::collections::BTreeMap<String, String>;
