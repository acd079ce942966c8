//! The AWS JSON 1.1 endpoint: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`.

use std::sync::Arc;
use std::time::Instant;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::faults::FaultAction;
use crate::ops;
use crate::protocol::operation::Access;
use crate::protocol::{ApiError, Operation};
use crate::server::{AppState, ConnectionKill};

pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// What to do with a request.
enum Answer {
    Respond(Response),
    /// Close the connection without answering (the `drop` fault).
    Drop,
}

pub async fn handle(
    State(app): State<Arc<AppState>>,
    kill: Option<Extension<ConnectionKill>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut response = match answer(&app, &headers, &body).await {
        Answer::Respond(response) => response,
        Answer::Drop => {
            if let Some(Extension(kill)) = kill {
                kill.kill();
                // The connection task drops this future when it closes the socket.
                std::future::pending::<()>().await;
            }
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

async fn answer(app: &AppState, headers: &HeaderMap, body: &[u8]) -> Answer {
    let Some(operation_name) = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix(TARGET_PREFIX))
    else {
        return Answer::Respond(error_response(&ApiError::new(
            "UnknownOperationException",
            "Missing or unrecognised X-Amz-Target header",
        )));
    };
    let input = parse_body(body);
    let auth_flow = input
        .as_ref()
        .ok()
        .and_then(|v| v.get("AuthFlow"))
        .and_then(Value::as_str);
    app.stats.record(operation_name, auth_flow);

    if let Some(fault) = app.faults.take(operation_name, auth_flow) {
        if !fault.latency.is_zero() {
            tokio::time::sleep(fault.latency).await;
        }
        match fault.action {
            Some(FaultAction::Error(err)) => return Answer::Respond(error_response(&err)),
            Some(FaultAction::BareStatus(status)) => {
                return Answer::Respond(status.into_response());
            }
            Some(FaultAction::DropConnection) => return Answer::Drop,
            None => {}
        }
    }

    let Some(operation) = Operation::from_name(operation_name) else {
        return Answer::Respond(error_response(&ApiError::new(
            "UnknownOperationException",
            format!("Unknown operation {operation_name}"),
        )));
    };
    let input = match input {
        Ok(input) => input,
        Err(err) => return Answer::Respond(error_response(&err)),
    };
    if operation.access() == Access::Iam && !headers.contains_key(header::AUTHORIZATION) {
        return Answer::Respond(error_response(&ApiError::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )));
    }

    let started = Instant::now();
    let ctx = Arc::clone(&app.ctx);
    let result = tokio::task::spawn_blocking(move || ops::dispatch(&ctx, operation, input))
        .await
        .unwrap_or_else(|join_error| Err(ApiError::internal(join_error)));
    let outcome = match &result {
        Ok(_) => "ok",
        Err(err) => err.type_name.as_ref(),
    };
    tracing::debug!(
        operation = operation.name(),
        outcome,
        elapsed_ms = started.elapsed().as_millis() as u64
    );
    Answer::Respond(match result {
        Ok(output) => json_response(StatusCode::OK, &output),
        Err(err) => error_response(&err),
    })
}

/// An empty body is read as `{}`; anything that is not a JSON object is a
/// SerializationException, as Cognito answers.
fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
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

fn json_response(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    (status, [(header::CONTENT_TYPE, CONTENT_TYPE)], bytes).into_response()
}

/// `{"__type", "message"}` plus the `x-amzn-ErrorType` / `x-amzn-ErrorMessage` headers.
pub fn error_response(err: &ApiError) -> Response {
    let mut response = json_response(
        err.status,
        &json!({ "__type": err.type_name, "message": err.message }),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&err.type_name) {
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
}
