//! What ties a route to its method, its parameters, its body and its answer.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Where the server mounts every route of [`crate::routes`].
pub const API_PREFIX: &str = "/api";

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Reads; the only method the server's same-origin guard lets through without proof.
    Get,
    /// Sign-in steps, sign-out and user actions.
    Post,
    /// Idempotent changes (a role, a group membership).
    Put,
    /// Removing a group membership.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
        }
    }
}

/// One route of the API, in the manner of lsp-types' `Request`: a marker type (see
/// [`crate::routes`]) names the method, the route, and the types of what goes in and out.
pub trait Endpoint {
    /// The route's method.
    const METHOD: Method;
    /// The route under [`API_PREFIX`] as the server declares it; `{username}` and `{group}`
    /// mark path parameters (axum's syntax).
    const ROUTE: &'static str;
    /// Path parameters or query of one call ([`NoParams`] for none).
    type Params: Params;
    /// The JSON body ([`NoBody`] for none).
    type Request: Body;
    /// The JSON answer on success (a 2xx); failures answer [`crate::ErrorResponse`].
    type Response: Serialize + DeserializeOwned;

    /// The path one call goes to, from the site's root: `/api/admin/users/bob/role`.
    fn path(params: &Self::Params) -> String {
        format!("{API_PREFIX}{}", params.fill(Self::ROUTE))
    }
}

/// What a call puts into the route: path parameters (percent-encoded) or a query string.
pub trait Params {
    /// `route` with this call's parameters filled in.
    fn fill(&self, route: &str) -> String;
}

/// The parameters of a route that takes none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoParams;

impl Params for NoParams {
    fn fill(&self, route: &str) -> String {
        route.to_owned()
    }
}

/// A request body: JSON, or nothing at all.
pub trait Body: Serialize + DeserializeOwned {
    /// False for [`NoBody`]: the request carries no body (not even `null`) and no
    /// `Content-Type`.
    const SENT: bool = true;
}

/// The body of a route that takes none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoBody;

impl Body for NoBody {
    const SENT: bool = false;
}

/// Percent-encodes everything but RFC 3986's unreserved characters and `!~*'()`, as the
/// browser's `encodeURIComponent` does for ASCII: for path parameters and query values.
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push('%');
            encoded.push(hex_digit(byte >> 4));
            encoded.push(hex_digit(byte & 0xf));
        }
    }
    encoded
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789ABCDEF"[usize::from(nibble)])
}
