//! RS256 signature checks with the browser's WebCrypto (`crypto.subtle.verify`).
//!
//! The session core can verify signatures itself (its `verify-signature` feature, pure-Rust RSA),
//! but in the browser that ships an RSA implementation in the bundle (measured: about 25 KB
//! brotli). WebCrypto does the same check natively, so the app turns the core's feature off and
//! verifies here, before any token reaches the session machine. Claims (`iss`, `aud` /
//! `client_id`, `token_use`, `exp`) are still validated by the core.

use cognito_session::{ClaimsError, Jwks};
use js_sys::{Array, Object, Reflect, Uint8Array};
use jwt_compact::UntrustedToken;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const ALGORITHM: &str = "RSASSA-PKCS1-v1_5";

/// Checks that `token` is RS256 and signed by the key of `jwks` its header names.
pub async fn verify_rs256(token: &str, jwks: &Jwks) -> Result<(), ClaimsError> {
    let untrusted =
        UntrustedToken::new(token).map_err(|e| ClaimsError::Malformed(e.to_string()))?;
    if untrusted.algorithm() != "RS256" {
        return Err(ClaimsError::UnsupportedAlgorithm(
            untrusted.algorithm().to_owned(),
        ));
    }
    let kid = untrusted.header().key_id.clone();
    let jwk = jwks
        .keys
        .iter()
        .find(|key| Some(&key.kid) == kid.as_ref() && key.kty == "RSA")
        .ok_or(ClaimsError::UnknownKeyId(kid))?;
    // The signed bytes are the token up to its last dot: `base64url(header).base64url(claims)`.
    let signed = token.rsplit_once('.').map_or(token, |(signed, _)| signed);

    let subtle = web_sys::window()
        .ok_or_else(|| ClaimsError::Malformed("no window".into()))?
        .crypto()
        .map_err(|_| ClaimsError::Malformed("WebCrypto is unavailable".into()))?
        .subtle();
    let key = JsFuture::from(
        subtle
            .import_key_with_object(
                "jwk",
                &public_jwk(&jwk.n, &jwk.e),
                &algorithm(true),
                false,
                &Array::of1(&"verify".into()),
            )
            .map_err(|_| ClaimsError::InvalidSignature)?,
    )
    .await
    .map_err(|_| ClaimsError::InvalidSignature)?;
    let verdict = JsFuture::from(
        subtle
            .verify_with_object_and_buffer_source_and_buffer_source(
                &algorithm(false),
                key.unchecked_ref(),
                &Uint8Array::from(untrusted.signature_bytes()),
                &Uint8Array::from(signed.as_bytes()),
            )
            .map_err(|_| ClaimsError::InvalidSignature)?,
    )
    .await
    .map_err(|_| ClaimsError::InvalidSignature)?;
    if verdict.as_bool() == Some(true) {
        Ok(())
    } else {
        Err(ClaimsError::InvalidSignature)
    }
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
