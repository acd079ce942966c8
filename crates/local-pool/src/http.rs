//! The Cognito endpoint (`POST /`): glues the wire format (`protocol`) to test-mode faults
//! and statistics (`faults`) and to the operations (`ops`).

use std::sync::Arc;
use std::time::Instant;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::faults::FaultAction;
use crate::ops;
use crate::protocol::guard::from_browser;
use crate::protocol::operation::Access;
use crate::protocol::wire::{error_response, json_response, operation_name, parse_body};
use crate::protocol::{ApiError, Operation};
use crate::server::{AppState, ConnectionKill};

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
    let Some(operation_name) = operation_name(headers) else {
        return Answer::Respond(error_response(&ApiError::new(
            "UnknownOperationException",
            "Missing or unrecognised X-Amz-Target header",
        )));
    };
    let input = parse_body(body);
    let member = |name: &str| {
        input
            .as_ref()
            .ok()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
    };
    let (auth_flow, client_id) = (member("AuthFlow"), member("ClientId"));
    app.stats.record(operation_name, auth_flow, client_id);

    if let Some(fault) = app.faults.take(operation_name, auth_flow, client_id) {
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
    if operation.access() == Access::Iam {
        // Any page the developer visits could otherwise create users or reset passwords
        // through a browser that can reach 127.0.0.1, whatever origins CORS allows.
        if from_browser(headers) {
            return Answer::Respond(error_response(&ApiError::refused_locally(format!(
                "{} needs AWS credentials and is never allowed from a browser page",
                operation.name()
            ))));
        }
        if !headers.contains_key(header::AUTHORIZATION) {
            return Answer::Respond(error_response(&ApiError::missing_authentication_token()));
        }
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
