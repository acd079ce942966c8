//! The one error type of the `/api/` endpoints. It is the response: Cognito's error shape
//! (`poolgate_api::ErrorResponse`, `{"__type": "<Name>", "message": "<sentence>"}`) with a
//! 4xx/5xx status, and `Retry-After` when the caller must wait.

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use poolgate_api::ErrorResponse;

/// The one answer for a wrong username or a wrong password, so neither can be told apart.
pub const BAD_CREDENTIALS: &str = "Incorrect username or password.";

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: String,
    pub message: String,
    /// Seconds to wait before trying again (a `Retry-After` header).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind: kind.to_owned(),
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidParameterException",
            message,
        )
    }

    /// A wrong username or password (or one too long to be either): 401 [`BAD_CREDENTIALS`].
    pub fn bad_credentials(status: StatusCode) -> Self {
        Self::new(status, "NotAuthorizedException", BAD_CREDENTIALS)
    }

    pub fn signed_out() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "NotAuthorizedException",
            "Not signed in.",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "ForbiddenException", message)
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            "No such endpoint.",
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalErrorException",
            message,
        )
    }

    pub fn upstream(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, "InternalErrorException", message)
    }

    pub fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailableException",
            "The user pool cannot be reached; try again shortly.",
        )
    }

    /// The session store failed (logged here; the answer says only "try again").
    pub fn store(err: String) -> Self {
        tracing::error!(error = %err, "session store failed");
        Self::unavailable()
    }

    /// 429 with `Retry-After`.
    pub fn throttled(retry_after_secs: u64) -> Self {
        Self {
            retry_after: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequestsException",
                format!("Too many sign-in attempts; try again in {retry_after_secs} seconds."),
            )
        }
    }

    /// Maps an SDK error: Cognito's own `__type` and message when it answered, 503 when it
    /// could not be reached.
    pub fn from_cognito(err: &(impl ProvideErrorMetadata + std::fmt::Display)) -> Self {
        let Some(code) = err.code() else {
            tracing::warn!(error = %err, "user pool unreachable");
            return Self::unavailable();
        };
        let status = match code {
            "NotAuthorizedException" | "UserNotFoundException" => StatusCode::UNAUTHORIZED,
            "TooManyRequestsException" | "LimitExceededException" => StatusCode::TOO_MANY_REQUESTS,
            "ResourceNotFoundException" => StatusCode::NOT_FOUND,
            "InvalidPasswordException"
            | "InvalidParameterException"
            | "CodeMismatchException"
            | "ExpiredCodeException"
            | "PasswordResetRequiredException"
            | "UserNotConfirmedException"
            | "AliasExistsException"
            | "EnableSoftwareTokenMFAException"
            | "PasswordHistoryPolicyViolationException"
            // A trigger refused (e.g. PreAuthentication for a suspended user): the person's
            // answer, with the trigger's reason in the message.
            | "UserLambdaValidationException" => StatusCode::BAD_REQUEST,
            _ => StatusCode::BAD_GATEWAY,
        };
        Self::new(status, code, err.message().unwrap_or(code))
    }

    /// Whether Cognito said the refresh token (or the user) is no longer valid: the session
    /// has ended, as opposed to a transient failure worth retrying.
    pub fn ends_session(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "NotAuthorizedException" | "UserNotFoundException"
        )
    }
}

/// So that `?` on an SDK call maps its error with [`ApiError::from_cognito`].
impl<E, R> From<SdkError<E, R>> for ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(err: SdkError<E, R>) -> Self {
        Self::from_cognito(&err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(ErrorResponse::new(self.kind, self.message));
        let mut response = (self.status, body).into_response();
        if let Some(wait) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        }
        response
    }
}
