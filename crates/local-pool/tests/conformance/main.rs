//! Conformance tests: drive an in-process local-pool over HTTP with the official AWS SDK for
//! Rust (and raw HTTP for the protocol edges), checking Cognito's documented behaviour.

mod admin;
mod challenges;
mod hostile;
mod raw_http;
mod self_service;
mod sign_in;
mod support;
mod token_lifecycle;
mod triggers;
