//! Token signatures. Every token reaches the [`SessionMachine`](crate::SessionMachine) as
//! [`Verified`], which only [`Verified::answer`] and [`Verified::stored`] make, after a
//! [`SignatureVerifier`] checked each token's RS256 signature against the pool's JWKS. Nothing
//! here depends on a Cargo feature: the browser verifies with WebCrypto, the host with
//! [`RsaVerifier`].

use std::future::Future;

use crate::claims::{ClaimsError, Jwk, Jwks};
use crate::jws::CompactToken;
use crate::session::StoredSession;
use crate::wire::AuthenticationResult;

/// The only algorithm Cognito signs with; anything else (`none`, `HS256`, ...) is refused.
pub const ALGORITHM: &str = "RS256";

/// Checks RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signatures.
pub trait SignatureVerifier {
    /// Whether `signature` is the signature of `message` by the RSA public key `key` (its
    /// base64url `n` and `e`). Any failure (a key that does not import, say) is `false`.
    fn verify_rs256(
        &self,
        key: &Jwk,
        message: &[u8],
        signature: &[u8],
    ) -> impl Future<Output = bool>;
}

/// A value whose tokens' signatures were checked. The session machine accepts nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified<T>(T);

impl<T> Verified<T> {
    /// The verified value.
    pub fn get(&self) -> &T {
        &self.0
    }

    /// The verified value, by value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl Verified<AuthenticationResult> {
    /// Checks the ID and access tokens of an InitiateAuth / RespondToAuthChallenge / refresh
    /// answer. An answer without an ID token is malformed (this app always asks for `openid`).
    pub async fn answer<V: SignatureVerifier + ?Sized>(
        verifier: &V,
        jwks: &Jwks,
        result: AuthenticationResult,
    ) -> Result<Self, ClaimsError> {
        let id_token = result
            .id_token
            .as_deref()
            .ok_or_else(|| ClaimsError::Malformed("no IdToken in the response".to_owned()))?;
        verify_token(verifier, jwks, id_token).await?;
        verify_token(verifier, jwks, &result.access_token).await?;
        Ok(Self(result))
    }
}

impl Verified<StoredSession> {
    /// Checks a stored session's ID and access tokens (storage is writable by anything on the
    /// origin: a stored session is trusted no more than a network answer).
    pub async fn stored<V: SignatureVerifier + ?Sized>(
        verifier: &V,
        jwks: &Jwks,
        stored: StoredSession,
    ) -> Result<Self, ClaimsError> {
        verify_token(verifier, jwks, &stored.id_token).await?;
        verify_token(verifier, jwks, &stored.access_token).await?;
        Ok(Self(stored))
    }
}

/// Checks that `token` is RS256 and signed by the key of `jwks` its header names. A `kid` not
/// in `jwks` is [`ClaimsError::UnknownKeyId`]: refetch the JWKS once (the pool may have
/// rotated its keys) and try again.
pub async fn verify_token<V: SignatureVerifier + ?Sized>(
    verifier: &V,
    jwks: &Jwks,
    token: &str,
) -> Result<(), ClaimsError> {
    let untrusted = CompactToken::parse(token)?;
    if untrusted.algorithm != ALGORITHM {
        return Err(ClaimsError::UnsupportedAlgorithm(untrusted.algorithm));
    }
    let kid = untrusted.key_id.clone();
    let key = jwks
        .keys
        .iter()
        .filter(|key| is_rs256_signing_key(key))
        .find(|key| Some(&key.kid) == kid.as_ref())
        .ok_or(ClaimsError::UnknownKeyId(kid))?;
    let signature = untrusted.signature()?;
    if verifier
        .verify_rs256(key, untrusted.signing_input.as_bytes(), &signature)
        .await
    {
        Ok(())
    } else {
        Err(ClaimsError::InvalidSignature)
    }
}

/// Whether a JWKS entry is an RSA key for RS256 signatures (encryption keys are skipped).
pub fn is_rs256_signing_key(key: &Jwk) -> bool {
    key.kty == "RSA"
        && key.alg.as_deref().is_none_or(|alg| alg == ALGORITHM)
        && key
            .key_use
            .as_deref()
            .is_none_or(|key_use| key_use == "sig")
}

/// [`SignatureVerifier`] with the pure-Rust `rsa` crate, for the host (servers, tests). The
/// browser uses WebCrypto instead, which keeps RSA out of the wasm bundle.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct RsaVerifier;

#[cfg(not(target_arch = "wasm32"))]
impl SignatureVerifier for RsaVerifier {
    async fn verify_rs256(&self, key: &Jwk, message: &[u8], signature: &[u8]) -> bool {
        use base64ct::{Base64UrlUnpadded, Encoding};
        use rsa::pkcs1v15::{Signature, VerifyingKey};
        use rsa::sha2::Sha256;
        use rsa::signature::Verifier;
        use rsa::{BigUint, RsaPublicKey};

        let decode = |text: &str| Base64UrlUnpadded::decode_vec(text).ok();
        let (Some(n), Some(e)) = (decode(&key.n), decode(&key.e)) else {
            return false;
        };
        let Ok(public) = RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e))
        else {
            return false;
        };
        let Ok(signature) = Signature::try_from(signature) else {
            return false;
        };
        VerifyingKey::<Sha256>::new(public)
            .verify(message, &signature)
            .is_ok()
    }
}
