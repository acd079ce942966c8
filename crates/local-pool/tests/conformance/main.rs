//! Conformance tests: drive an in-process local-pool over HTTP with the official AWS SDK for
//! Rust (and raw HTTP for the protocol edges), checking Cognito's documented behaviour.

mod admin;
mod attributes;
mod challenges;
mod custom_auth;
mod hostile;
mod keys;
mod lockout;
mod raw_http;
mod schema_migration;
mod self_service;
mod sign_in;
mod support;
mod template;
mod token_lifecycle;
mod triggers;
mod wire_details;
