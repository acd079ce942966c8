//! The session cookie: an opaque random id, `HttpOnly`, `SameSite=Strict`, `Secure` (and the
//! `__Host-` prefix) over https.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponseParts, ResponseParts};

use crate::App;

/// The session id the request's cookie holds, if any.
pub fn session_id(app: &App, headers: &HeaderMap) -> Option<String> {
    let name = app.cookie_name();
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// A `Set-Cookie` for the session cookie, added to a response: `(SetCookie::..., Json(..))`.
pub struct SetCookie(HeaderValue);

impl SetCookie {
    /// Names the session `id` for `max_age` seconds.
    pub fn session(app: &App, id: &str, max_age: i64) -> Self {
        let secure = if app.settings.is_https() {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
            app.cookie_name()
        );
        Self(HeaderValue::from_str(&cookie).expect("cookie is ASCII"))
    }

    /// Tells the browser to forget the cookie.
    pub fn clear(app: &App) -> Self {
        Self::session(app, "", 0)
    }
}

impl IntoResponseParts for SetCookie {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut parts: ResponseParts) -> Result<ResponseParts, Self::Error> {
        parts.headers_mut().append(header::SET_COOKIE, self.0);
        Ok(parts)
    }
}
