//! The `/api/` transport: one typed call per [`Endpoint`] of the `poolgate-api` contract, and
//! [`ApiFailure`], what a failed call brings back (the server's Cognito-shaped error).

use crate::auth::AuthError;
use cognito_session::{CognitoError, Operation, TransportError};
use gloo_timers::callback::Timeout;
use poolgate_api::{Body, Endpoint, ErrorResponse, Method};

/// A request (with its body) taking longer is aborted and counts as a network failure.
const API_TIMEOUT_MS: u32 = 10_000;

/// A failed `/api/` call: Cognito's error shape from the server, or no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// The HTTP status; 0 when the request never got an answer (network, time-out).
    pub status: u16,
    /// `__type` of the answer (`NotAuthorizedException`, …); empty without one.
    pub kind: String,
    /// The server's `message`, for the sentences that quote it.
    pub message: String,
    /// The answer as cognito-session's classifier reads it: the server passes the pool's
    /// errors on in Cognito's shape, so they get the same typed reasons as in direct mode.
    classified: CognitoError,
}

/// The operation the server's sign-in answers are classified as (its steps call
/// AdminInitiateAuth and AdminRespondToAuthChallenge, which refuse as these do).
const SIGN_IN_STEP: Operation = Operation::RespondToAuthChallenge;

impl ApiFailure {
    pub(super) fn network(why: impl ToString) -> Self {
        let why = why.to_string();
        Self {
            status: 0,
            kind: String::new(),
            classified: CognitoError::transport(SIGN_IN_STEP, &TransportError::new(why.clone())),
            message: why,
        }
    }

    /// A refusal, from its status and the error body as the server sent it.
    fn refusal(status: u16, body: &str) -> Self {
        let error = serde_json::from_str::<ErrorResponse>(body).ok();
        Self {
            status,
            kind: error
                .as_ref()
                .map(|e| e.error_type.clone())
                .unwrap_or_default(),
            message: error.and_then(|e| e.message).unwrap_or_default(),
            classified: CognitoError::from_response(SIGN_IN_STEP, false, status, body, None),
        }
    }

    /// A success of another shape than the contract says: a fault of the server.
    fn malformed(detail: String) -> Self {
        Self {
            status: 502,
            kind: String::new(),
            classified: CognitoError::malformed_response(SIGN_IN_STEP, 502, detail.clone()),
            message: detail,
        }
    }

    /// The pool's error the server passed on, classified as a sign-in step's
    /// [`CognitoError`], so that it reads as in direct mode.
    pub fn as_sign_in_error(&self) -> CognitoError {
        self.classified.clone()
    }

    /// Whether the server answered definitively (a 4xx), as opposed to a network failure, a
    /// time-out or a 5xx, after which the tab keeps what it has.
    pub fn is_definitive(&self) -> bool {
        (400..500).contains(&self.status) && self.status != 429
    }
}

impl From<ApiFailure> for AuthError {
    fn from(failure: ApiFailure) -> Self {
        AuthError::new(crate::text::server::api_error(&failure))
    }
}

/// One JSON call to this origin's `/api/`: same-origin credentials (the session cookie),
/// `X-Poolgate: 1` (the server refuses state-changing requests without it), never cached.
/// `path` is from the site's root (`/api/…`); `body` is JSON text; the answer's text is
/// returned for the caller's typed parse.
async fn send(method: Method, path: &str, body: Option<String>) -> Result<String, ApiFailure> {
    use gloo_net::http::{Method as HttpMethod, RequestBuilder};
    let controller = web_sys::AbortController::new().map_err(|_| ApiFailure::network("abort"))?;
    let abort = controller.clone();
    // Dropped (cancelled) when this function returns.
    let _deadline = Timeout::new(API_TIMEOUT_MS, move || abort.abort());
    // A call dropped before its answer (the app unmounted) aborts its request.
    let _cancel = AbortOnDrop(controller.clone());
    let method = match method {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Delete => HttpMethod::DELETE,
    };
    let builder = RequestBuilder::new(path)
        .method(method)
        .header("X-Poolgate", "1")
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(ApiFailure::network)?;
    let response = request.send().await.map_err(ApiFailure::network)?;
    let status = response.status();
    let text = response.text().await.map_err(ApiFailure::network)?;
    if response.ok() {
        return Ok(text);
    }
    Err(ApiFailure::refusal(status, &text))
}

/// Aborts its request when dropped: a call that ends normally has nothing left to abort.
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Calls endpoint `E` and returns the answer's text: for answers that are not read, and for
/// callers that tell an answer of the wrong shape apart from a refusal.
pub(super) async fn send_to<E: Endpoint>(
    params: &E::Params,
    body: &E::Request,
) -> Result<String, ApiFailure> {
    let body = if <E::Request as Body>::SENT {
        serde_json::to_string(body).ok()
    } else {
        None
    };
    send(E::METHOD, &E::path(params), body).await
}

/// Calls endpoint `E` and parses its answer; an answer of another shape counts as a server
/// fault.
pub async fn call<E: Endpoint>(
    params: &E::Params,
    body: &E::Request,
) -> Result<E::Response, ApiFailure> {
    parse(&send_to::<E>(params, body).await?)
}

/// One call to `/api/<path>` by the method's name: the `/users` page's, until its actions are
/// [`Endpoint`]s. A method the API does not use is refused without a request.
pub async fn api(method: &str, path: &str, body: Option<String>) -> Result<String, ApiFailure> {
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        other => return Err(ApiFailure::network(format!("no such method: {other}"))),
    };
    send(
        method,
        &format!("{}/{path}", poolgate_api::API_PREFIX),
        body,
    )
    .await
}

/// Parses an answer; an answer of another shape counts as a server fault.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiFailure> {
    serde_json::from_str(text).map_err(|e| ApiFailure::malformed(e.to_string()))
}
