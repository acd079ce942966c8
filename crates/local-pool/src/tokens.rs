//! JWT issuing and verification (RS256), per-pool signing keys (one for ID tokens, one for
//! access tokens, rotatable) and the JWKS.
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
use crate::store::{StoredKey, Tx};

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

/// Which token a key signs: Cognito signs ID and access tokens with different keys, so
/// their `kid`s differ and a verifier that picks the wrong JWKS entry fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }
}

/// How long a rotated-out key stays in the JWKS: the longest ID / access token lifetime
/// Cognito allows (1 day), so every token it signed expires first.
pub const RETIRED_KEY_GRACE_SECS: i64 = 86_400;

/// A pool's keys: the current one per token use, plus every key still verifying.
#[derive(Debug)]
pub struct PoolKeys {
    pub id: Arc<SigningKey>,
    pub access: Arc<SigningKey>,
    /// Current and retired keys with their use, oldest first (the JWKS lists them all).
    pub all: Vec<(TokenUse, Arc<SigningKey>)>,
    /// When the first retired key is due to be dropped (the cache is reloaded then).
    prune_at: Option<i64>,
}

impl PoolKeys {
    pub fn current(&self, token_use: TokenUse) -> &Arc<SigningKey> {
        match token_use {
            TokenUse::Id => &self.id,
            TokenUse::Access => &self.access,
        }
    }

    /// The key that signed a token of `token_use` with this `kid`, if still trusted.
    pub fn verifying(&self, token_use: TokenUse, kid: &str) -> Option<&Arc<SigningKey>> {
        self.all
            .iter()
            .find(|(usage, key)| *usage == token_use && key.kid == kid)
            .map(|(_, key)| key)
    }

    /// The `keys` array of `jwks.json`.
    pub fn jwks(&self) -> Vec<Value> {
        self.all.iter().map(|(_, key)| key.jwk()).collect()
    }
}

/// Signing keys loaded from the database, cached per pool (parsing a key is not free).
#[derive(Debug, Default)]
pub struct KeyRing {
    keys: Mutex<HashMap<String, Arc<PoolKeys>>>,
}

impl KeyRing {
    /// The pool's keys, creating any that are missing (new pools, pools migrated from a
    /// single key). `None` if the pool does not exist. Needs a write transaction.
    pub fn pool_keys(
        &self,
        tx: &Tx<'_>,
        pool_id: &str,
        now: i64,
    ) -> Result<Option<Arc<PoolKeys>>, ApiError> {
        if let Some(keys) = self.lock().get(pool_id)
            && keys.prune_at.is_none_or(|at| now < at)
        {
            return Ok(Some(Arc::clone(keys)));
        }
        if tx.pool(pool_id)?.is_none() {
            return Ok(None);
        }
        tx.prune_signing_keys(pool_id, now.saturating_sub(RETIRED_KEY_GRACE_SECS))?;
        let mut stored = tx.signing_keys(pool_id)?;
        let mut generated = false;
        for token_use in [TokenUse::Id, TokenUse::Access] {
            let has_current = stored
                .iter()
                .any(|k| k.token_use == token_use.as_str() && k.retired_at.is_none());
            if !has_current {
                let key = new_stored_key(pool_id, token_use, now)?;
                tx.insert_signing_key(&key)?;
                stored.push(key);
                generated = true;
            }
        }
        let prune_at = stored
            .iter()
            .filter_map(|k| k.retired_at)
            .min()
            .map(|retired| retired.saturating_add(RETIRED_KEY_GRACE_SECS));
        let mut all = Vec::with_capacity(stored.len());
        let (mut id, mut access) = (None, None);
        for row in stored {
            let token_use = match row.token_use.as_str() {
                "id" => TokenUse::Id,
                _ => TokenUse::Access,
            };
            let key = Arc::new(SigningKey::from_pkcs8(row.kid, &row.private_key)?);
            if row.retired_at.is_none() {
                match token_use {
                    TokenUse::Id => id = Some(Arc::clone(&key)),
                    TokenUse::Access => access = Some(Arc::clone(&key)),
                }
            }
            all.push((token_use, key));
        }
        let missing = || ApiError::internal(format_args!("pool {pool_id} has no current key"));
        let keys = Arc::new(PoolKeys {
            id: id.ok_or_else(missing)?,
            access: access.ok_or_else(missing)?,
            all,
            prune_at,
        });
        // Keys generated here exist only once this transaction commits: cache them from the
        // next load, never before.
        if !generated {
            self.lock().insert(pool_id.to_owned(), Arc::clone(&keys));
        }
        Ok(Some(keys))
    }

    /// Stores keys made by [`new_pool_keys`] as the pool's current ones.
    pub fn install(&self, tx: &Tx<'_>, keys: &[StoredKey]) -> Result<(), ApiError> {
        for key in keys {
            tx.insert_signing_key(key)?;
            self.forget(&key.pool_id);
        }
        Ok(())
    }

    /// Key rotation: new tokens are signed with new keys; the old keys stay in the JWKS (and
    /// keep verifying) for [`RETIRED_KEY_GRACE_SECS`]. `None` if the pool does not exist.
    pub fn rotate(
        &self,
        tx: &Tx<'_>,
        new_keys: &[StoredKey],
        now: i64,
    ) -> Result<Option<Arc<PoolKeys>>, ApiError> {
        let Some(pool_id) = new_keys.first().map(|k| k.pool_id.as_str()) else {
            return Ok(None);
        };
        if tx.pool(pool_id)?.is_none() {
            return Ok(None);
        }
        tx.retire_signing_keys(pool_id, now)?;
        self.install(tx, new_keys)?;
        let keys = self.pool_keys(tx, pool_id, now)?;
        // Not cached yet: the rotation commits after this returns.
        self.forget(pool_id);
        Ok(keys)
    }

    /// Drops the cached keys (the transaction that changed them may still roll back, in which
    /// case the next use reloads what was committed).
    fn forget(&self, pool_id: &str) {
        self.lock().remove(pool_id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<PoolKeys>>> {
        self.keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A fresh ID key and access key for a pool (RSA generation is slow: call this outside any
/// transaction, then [`KeyRing::install`] or [`KeyRing::rotate`] them).
pub fn new_pool_keys(pool_id: &str, now: i64) -> Result<Vec<StoredKey>, ApiError> {
    [TokenUse::Id, TokenUse::Access]
        .into_iter()
        .map(|token_use| new_stored_key(pool_id, token_use, now))
        .collect()
}

fn new_stored_key(pool_id: &str, token_use: TokenUse, now: i64) -> Result<StoredKey, ApiError> {
    let (kid, private_key) = generate_key()?;
    Ok(StoredKey {
        kid,
        pool_id: pool_id.to_owned(),
        token_use: token_use.as_str().to_owned(),
        private_key,
        created_at: now,
        retired_at: None,
    })
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
