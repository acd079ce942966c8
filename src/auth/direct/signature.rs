//! RS256 signature checks with the browser's WebCrypto (`crypto.subtle.verify`): the app's
//! [`SignatureVerifier`]. The session core requires one for every token it accepts; on the
//! host it has a pure-Rust RSA one, which in the browser would add an RSA implementation to the
//! bundle (measured: about 25 KB brotli). WebCrypto does the same check natively. Claims
//! (`iss`, `aud` / `client_id`, `token_use`, `exp`) are validated by the core.

use cognito_session::{ClaimsError, Jwk, Jwks, SignatureVerifier, verify_token};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

/// [`SignatureVerifier`] over `crypto.subtle`.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebCryptoVerifier;

impl SignatureVerifier for WebCryptoVerifier {
    async fn verify_rs256(&self, key: &Jwk, message: &[u8], signature: &[u8]) -> bool {
        verify(key, message, signature).await.unwrap_or(false)
    }
}

/// Checks that `token` is RS256 and signed by the key of `jwks` its header names.
pub async fn verify_rs256(token: &str, jwks: &Jwks) -> Result<(), ClaimsError> {
    verify_token(&WebCryptoVerifier, jwks, token).await
}

/// `None` when WebCrypto is missing or refuses the key or the data.
async fn verify(jwk: &Jwk, message: &[u8], signature: &[u8]) -> Option<bool> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let key = JsFuture::from(
        subtle
            .import_key_with_object(
                "jwk",
                &public_jwk(&jwk.n, &jwk.e),
                &algorithm(true),
                false,
                &Array::of1(&"verify".into()),
            )
            .ok()?,
    )
    .await
    .ok()?;
    let verdict = JsFuture::from(
        subtle
            .verify_with_object_and_buffer_source_and_buffer_source(
                &algorithm(false),
                key.unchecked_ref(),
                &Uint8Array::from(signature),
                &Uint8Array::from(message),
            )
            .ok()?,
    )
    .await
    .ok()?;
    verdict.as_bool()
}

/// `{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }` (the hash only when importing).
fn algorithm(with_hash: bool) -> Object {
    let object = Object::new();
    set(&object, "name", ALGORITHM);
    if with_hash {
        set(&object, "hash", "SHA-256");
    }
    object
}

/// The JWK WebCrypto imports: only the public parts, whatever else the JWKS entry carries.
fn public_jwk(n: &str, e: &str) -> Object {
    let object = Object::new();
    for (name, value) in [("kty", "RSA"), ("alg", "RS256"), ("n", n), ("e", e)] {
        set(&object, name, value);
    }
    object
}

fn set(object: &Object, name: &str, value: &str) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), &JsValue::from_str(value));
}
