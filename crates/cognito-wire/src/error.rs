//! Error responses: HTTP 4xx/5xx with a body `{"__type": "<code>", "message": "<text>"}` and,
//! from AWS, the code again in the `x-amzn-ErrorType` header.
//!
//! The `__type` may carry a namespace prefix (`aws.protocol#NotAuthorizedException`, as
//! Smithy's awsJson1_1 protocol allows) and the header a `:`-suffix (Cognito answers
//! `NotAuthorizedException:`, other AWS services `...Exception:http://internal.amazon.com/...`);
//! [`bare_error_code`] strips both. Some services spell the message member `Message`; both
//! spellings are read.

use serde::{Deserialize, Serialize};

/// Response header naming the error code.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-ErrorType";
/// Response header with the error message.
pub const ERROR_MESSAGE_HEADER: &str = "x-amzn-ErrorMessage";

/// The JSON body of an error response, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// The error code, e.g. `NotAuthorizedException`, possibly with a `namespace#` prefix.
    #[serde(rename = "__type")]
    pub error_type: String,
    /// What went wrong, in the service's words.
    #[serde(alias = "Message", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ErrorResponse {
    /// An error body with a bare code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            error_type: code.into(),
            message: Some(message.into()),
        }
    }

    /// The bare code, e.g. `NotAuthorizedException`.
    pub fn code(&self) -> &str {
        bare_error_code(&self.error_type)
    }
}

/// The code and message of an error response, however the service spelled them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// Bare exception name, e.g. `NotAuthorizedException`.
    pub code: Option<String>,
    /// The service's message.
    pub message: Option<String>,
}

impl ErrorBody {
    /// Reads `__type` and `message` (or `Message`) from the body, falling back to the
    /// `x-amzn-ErrorType` header for the code. The body comes first because browsers usually
    /// cannot read that header (Cognito does not expose it to CORS). A body that is not JSON
    /// (a proxy's HTML page) yields only what the header says.
    pub fn parse(body: &str, error_type_header: Option<&str>) -> Self {
        #[derive(Deserialize)]
        struct Lenient {
            #[serde(rename = "__type")]
            error_type: Option<String>,
            #[serde(alias = "Message")]
            message: Option<String>,
        }
        let parsed = serde_json::from_str::<Lenient>(body).ok();
        let (body_type, message) = parsed.map_or((None, None), |p| (p.error_type, p.message));
        let code = body_type
            .as_deref()
            .map(bare_error_code)
            .filter(|code| !code.is_empty())
            .or_else(|| {
                error_type_header
                    .map(bare_error_code)
                    .filter(|code| !code.is_empty())
            })
            .map(str::to_owned);
        Self { code, message }
    }
}

/// `aws.protocol#NotAuthorizedException:http://internal.amazon.com/` → `NotAuthorizedException`.
pub fn bare_error_code(raw: &str) -> &str {
    let without_prefix = raw.rsplit('#').next().unwrap_or(raw);
    without_prefix
        .split(':')
        .next()
        .unwrap_or(without_prefix)
        .trim()
}
