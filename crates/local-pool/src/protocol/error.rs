//! Cognito errors as they appear on the wire: `{"__type": "...Exception", "message": "..."}`.

use std::borrow::Cow;

use axum::http::StatusCode;

/// An error answered to the client. `type_name` is the `__type` value (the exception name in the
/// botocore / Smithy model), which the SDKs map to typed errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub type_name: Cow<'static, str>,
    pub message: String,
    pub status: StatusCode,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// A client error (HTTP 400), which is how Cognito answers every modelled exception.
    pub fn new(type_name: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self {
            type_name: type_name.into(),
            message: message.into(),
            status: StatusCode::BAD_REQUEST,
        }
    }

    /// A fault on our side (HTTP 500). The message is logged, not sent: it may hold details.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self {
            type_name: "InternalErrorException".into(),
            message: "An internal error occurred.".into(),
            status: StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub fn resource_not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }

    pub fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }

    pub fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    pub fn user_disabled() -> Self {
        Self::not_authorized("User is disabled.")
    }

    pub fn code_mismatch() -> Self {
        Self::new(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        )
    }

    pub fn expired_code() -> Self {
        Self::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )
    }

    pub fn invalid_password(reason: &str) -> Self {
        Self::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {reason}"),
        )
    }

    /// An admin (IAM-authorised) call without SigV4 credentials. The AWS JSON protocol's
    /// common error `MissingAuthenticationToken` is HTTP 403 Forbidden ("The request must
    /// contain either a valid (registered) AWS access key ID or X.509 certificate"), listed in
    /// the Common Errors page of the Amazon Cognito user pools API reference.
    pub fn missing_authentication_token() -> Self {
        Self::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )
        .with_status(StatusCode::FORBIDDEN)
    }

    /// A request this local server refuses to protect the developer's machine (a foreign
    /// origin or host, an admin call from a web page). Amazon Cognito has no such rule; the
    /// shape is AWS's common `AccessDeniedException`, with HTTP 403.
    pub fn refused_locally(message: impl Into<String>) -> Self {
        Self::new("AccessDeniedException", message).with_status(StatusCode::FORBIDDEN)
    }

    /// What Cognito answers when a required request member is absent.
    pub fn missing_member(member: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            lower_camel(member)
        ))
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal(format_args!("database: {err}"))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        Self::internal(format_args!("json: {err}"))
    }
}

/// `ClientId` -> `clientId`, the member spelling AWS uses in validation messages.
fn lower_camel(member: &str) -> String {
    let mut chars = member.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
