//! JWT issuing and verification (RS256), per-pool signing keys and the JWKS.
//!
//! Signing uses aws-lc-rs directly: it can generate RSA keys and is fast even in debug builds,
//! and a compact JWS is three base64url parts, so no JWT library is needed on this side (the
//! conformance tests verify the tokens with `jsonwebtoken` against the served JWKS).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, RsaPublicKeyComponents};
use data_encoding::BASE64URL_NOPAD;
use serde_json::{Map, Value, json};

use crate::protocol::ApiError;
use crate::random;
use crate::store::Tx;

/// A pool's RSA key pair and its public JWK.
pub struct SigningKey {
    pub kid: String,
    key_pair: RsaKeyPair,
    modulus: Vec<u8>,
    exponent: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// A freshly generated key: `(kid, PKCS#8 DER)` to persist with the pool.
pub fn generate_key() -> Result<(String, Vec<u8>), ApiError> {
    let key_pair = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| ApiError::internal("RSA key generation failed"))?;
    let der = key_pair
        .as_der()
        .map_err(|_| ApiError::internal("RSA key encoding failed"))?;
    let kid = BASE64URL_NOPAD.encode(&random::bytes::<18>()?);
    Ok((kid, der.as_ref().to_vec()))
}

impl SigningKey {
    pub fn from_pkcs8(kid: String, der: &[u8]) -> Result<Self, ApiError> {
        let key_pair = RsaKeyPair::from_pkcs8(der)
            .map_err(|e| ApiError::internal(format_args!("stored signing key rejected: {e}")))?;
        let public = key_pair.public_key();
        let modulus = public.modulus().big_endian_without_leading_zero().to_vec();
        let exponent = public.exponent().big_endian_without_leading_zero().to_vec();
        Ok(Self {
            kid,
            key_pair,
            modulus,
            exponent,
        })
    }

    /// The public key as a JWK, as Cognito's `jwks.json` lists it.
    pub fn jwk(&self) -> Value {
        json!({
            "alg": "RS256",
            "e": BASE64URL_NOPAD.encode(&self.exponent),
            "kid": self.kid,
            "kty": "RSA",
            "n": BASE64URL_NOPAD.encode(&self.modulus),
            "use": "sig",
        })
    }

    /// Encodes and signs `claims` as a compact JWS.
    pub fn sign(&self, claims: &Map<String, Value>) -> Result<String, ApiError> {
        let header = json!({ "kid": self.kid, "alg": "RS256" });
        let signing_input = format!(
            "{}.{}",
            BASE64URL_NOPAD.encode(&serde_json::to_vec(&header)?),
            BASE64URL_NOPAD.encode(&serde_json::to_vec(claims)?)
        );
        let mut sig = vec![0u8; self.key_pair.public_modulus_len()];
        self.key_pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                signing_input.as_bytes(),
                &mut sig,
            )
            .map_err(|_| ApiError::internal("RSA signing failed"))?;
        Ok(format!("{signing_input}.{}", BASE64URL_NOPAD.encode(&sig)))
    }

    /// Checks the signature of a token made by [`Self::sign`]; returns its claims.
    pub fn verify(&self, parsed: &UnverifiedJwt) -> Option<Map<String, Value>> {
        if parsed.kid.as_deref() != Some(self.kid.as_str()) {
            return None;
        }
        let components = RsaPublicKeyComponents {
            n: self.modulus.as_slice(),
            e: self.exponent.as_slice(),
        };
        components
            .verify(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                parsed.signing_input.as_bytes(),
                &parsed.signature,
            )
            .ok()?;
        Some(parsed.claims.clone())
    }
}

/// A JWT split into its parts, before its signature is checked.
#[derive(Debug)]
pub struct UnverifiedJwt {
    pub kid: Option<String>,
    pub claims: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

impl UnverifiedJwt {
    pub fn parse(token: &str) -> Option<Self> {
        let mut parts = token.split('.');
        let (header, payload, sig) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Map<String, Value> =
            serde_json::from_slice(&BASE64URL_NOPAD.decode(header.as_bytes()).ok()?).ok()?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return None;
        }
        let claims =
            serde_json::from_slice(&BASE64URL_NOPAD.decode(payload.as_bytes()).ok()?).ok()?;
        Some(Self {
            kid: header.get("kid").and_then(Value::as_str).map(str::to_owned),
            claims,
            signing_input: format!(
                "{header_b64}.{payload}",
                header_b64 = token.split('.').next()?
            ),
            signature: BASE64URL_NOPAD.decode(sig.as_bytes()).ok()?,
        })
    }

    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// Signing keys loaded from the database, cached per pool (parsing a key is not free).
#[derive(Debug, Default)]
pub struct KeyRing {
    keys: Mutex<HashMap<String, Arc<SigningKey>>>,
}

impl KeyRing {
    pub fn key_for_pool(
        &self,
        tx: &Tx<'_>,
        pool_id: &str,
    ) -> Result<Option<Arc<SigningKey>>, ApiError> {
        if let Some(key) = self.lock().get(pool_id) {
            return Ok(Some(Arc::clone(key)));
        }
        let Some((kid, der)) = tx.pool_signing_key(pool_id)? else {
            return Ok(None);
        };
        let key = Arc::new(SigningKey::from_pkcs8(kid, &der)?);
        self.lock().insert(pool_id.to_owned(), Arc::clone(&key));
        Ok(Some(key))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<SigningKey>>> {
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_round_trip() {
        let (kid, der) = generate_key().expect("key");
        let key = SigningKey::from_pkcs8(kid, &der).expect("parsed");
        let mut claims = Map::new();
        claims.insert("sub".into(), json!("abc"));
        let token = key.sign(&claims).expect("signed");
        let parsed = UnverifiedJwt::parse(&token).expect("parsed");
        assert_eq!(key.verify(&parsed), Some(claims));

        let mut forged = token.clone();
        forged.replace_range(token.len() - 4.., "AAAA");
        let parsed = UnverifiedJwt::parse(&forged).expect("parsed");
        assert!(key.verify(&parsed).is_none());
        assert_eq!(key.jwk()["e"], "AQAB");
    }
}
