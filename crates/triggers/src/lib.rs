//! The user pool's Lambda triggers, written once on `aws_lambda_events`' Cognito event types
//! and run unchanged in AWS Lambda (`src/bin/poolgate-triggers.rs`) and inside the local pool.
//!
//! - [`sign_up`]: PreSignUp, PostConfirmation.
//! - [`authentication`]: PreAuthentication, PostAuthentication, Pre token generation (V2_0).
//! - [`custom_auth`]: Define / Create / Verify auth challenge (passwordless e-mail code).
//! - [`messaging`]: CustomMessage for every message source.
//! - [`handle`]: one entry point dispatching on `triggerSource`, JSON in and out.
//!
//! Handlers are plain functions of the event, the [`Settings`] and the effects they need
//! ([`UserAdmin`], [`Mailer`], [`AuditSink`]); the `aws` module (feature `lambda`) implements
//! the effects with the AWS SDK for Rust.

pub mod authentication;
#[cfg(feature = "lambda")]
pub mod aws;
pub mod custom_auth;
mod dispatch;
pub mod effects;
mod error;
pub mod messaging;
mod settings;
pub mod sign_up;

pub use dispatch::{TRIGGER_SOURCES, TriggerContext, handle};
pub use effects::{AuditSink, BoxFuture, Mail, Mailer, StdoutAudit, UserAdmin};
pub use error::TriggerError;
pub use settings::{ENV_VARIABLES, Settings};

/// The user attribute that holds a user's role; assigned by administrators and triggers only.
pub const ROLE_ATTRIBUTE: &str = "custom:role";
