//! The AWS JSON 1.1 wire format: the `X-Amz-Target` header, JSON bodies and error responses.
//! No server state here: `crate::http` glues this to the operations.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::protocol::ApiError;

pub use cognito_wire::{CONTENT_TYPE, TARGET_HEADER, TARGET_PREFIX};

/// The largest request body read. Cognito documents no request size limit (its quotas page
/// lists request rates and resource counts only); its largest string members are 131072
/// characters (e.g. `LimitDefinitionType`), so 1 MiB leaves room for any real request.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The operation name of a request (the part after `AWSCognitoIdentityProviderService.`).
pub fn operation_name(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(TARGET_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix(TARGET_PREFIX))
}

/// A body larger than [`MAX_BODY_BYTES`]: answered like any body the service cannot read.
pub fn body_too_large() -> ApiError {
    ApiError::new(
        "SerializationException",
        format!("Request body is larger than {MAX_BODY_BYTES} bytes."),
    )
}

/// An empty body is read as `{}`; anything that is not a JSON object is a
/// SerializationException, as Cognito answers. serde_json refuses nesting deeper than 128
/// levels (its recursion limit), which lands here too instead of exhausting the stack.
pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(ApiError::new(
            "SerializationException",
            "Start of structure or map found where not expected.",
        )),
        Err(err) => Err(ApiError::new(
            "SerializationException",
            format!("Malformed JSON request body: {err}"),
        )),
    }
}

pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, CONTENT_TYPE)], bytes).into_response()
}

/// `{"__type", "message"}` plus the `x-amzn-ErrorType` / `x-amzn-ErrorMessage` headers.
/// Cognito writes the error type header with a trailing colon (`NotAuthorizedException:`,
/// the AWS JSON form `<type>:<namespace URL>` with an empty URL); the SDKs strip it.
pub fn error_response(err: &ApiError) -> Response {
    let mut response = json_response(
        err.status,
        &json!({ "__type": err.type_name, "message": err.message }),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("{}:", err.type_name)) {
        headers.insert("x-amzn-errortype", value);
    }
    // Header values must be visible ASCII; drop anything else rather than fail.
    let message: String = err
        .message
        .chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .collect();
    if let Ok(value) = HeaderValue::from_str(&message) {
        headers.insert("x-amzn-errormessage", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_objects_or_empty() {
        assert_eq!(parse_body(b"").ok(), Some(json!({})));
        assert_eq!(parse_body(b" {\"a\":1} ").ok(), Some(json!({"a": 1})));
        assert_eq!(
            parse_body(b"[1]").map_err(|e| e.type_name.into_owned()),
            Err("SerializationException".to_owned())
        );
        assert_eq!(
            parse_body(b"{nope").map_err(|e| e.type_name.into_owned()),
            Err("SerializationException".to_owned())
        );
    }

    #[test]
    fn deep_nesting_is_a_serialization_error_not_a_stack_overflow() {
        let depth = 100_000;
        let body = format!("{{\"a\":{}1{}}}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            parse_body(body.as_bytes()).map_err(|e| e.type_name.into_owned()),
            Err("SerializationException".to_owned())
        );
    }

    #[test]
    fn error_type_header_has_the_trailing_colon() {
        let response = error_response(&ApiError::not_authorized("nope"));
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "NotAuthorizedException:"
        );
    }
}
