//! Test helpers: a fake transport, a throwaway RSA key and token minting.
#![allow(dead_code)] // each test binary uses a different subset

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
#[cfg(not(target_arch = "wasm32"))]
use cognito_session::wire::AuthenticationResult;
#[cfg(not(target_arch = "wasm32"))]
use cognito_session::{
    ClaimsError, CognitoClaims, RsaVerifier, StoredSession, TokenUse, Verified, verify_token,
};
use cognito_session::{
    CognitoConfig, Jwk, Jwks, RawResponse, TokenValidator, Transport, TransportError,
};
use jwt_compact::alg::{Rsa, RsaPrivateKey};
use jwt_compact::{AlgorithmExt, Claims, Header};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};

pub const REGION: &str = "eu-west-1";
pub const POOL: &str = "eu-west-1_TestPool1";
pub const CLIENT: &str = "testclient123";
pub const KID: &str = "test-key-1";
/// A fixed "local" time for tests: 2025-01-01T00:00:00Z.
pub const NOW: u64 = 1_735_689_600;

pub fn config() -> CognitoConfig {
    CognitoConfig::new(REGION, POOL, CLIENT)
}

pub fn issuer() -> String {
    format!("https://cognito-idp.{REGION}.amazonaws.com/{POOL}")
}

/// Small keys keep debug-build key generation fast; generated per run, never committed.
fn generate_key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 1024).expect("generate RSA key")
}

pub fn signing_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate_key)
}

pub fn other_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(generate_key)
}

pub fn jwk(kid: &str, key: &RsaPrivateKey) -> Jwk {
    let public = key.to_public_key();
    Jwk {
        kid: kid.to_owned(),
        kty: "RSA".to_owned(),
        alg: Some("RS256".to_owned()),
        key_use: Some("sig".to_owned()),
        n: Base64UrlUnpadded::encode_string(&public.n().to_bytes_be()),
        e: Base64UrlUnpadded::encode_string(&public.e().to_bytes_be()),
    }
}

pub fn jwks() -> Jwks {
    Jwks {
        keys: vec![jwk(KID, signing_key())],
    }
}

pub fn validator() -> TokenValidator {
    TokenValidator::new(&config())
}

#[cfg(not(target_arch = "wasm32"))]
/// What the host accepts: the signature checked with [`RsaVerifier`] against `keys`, then
/// the claims (with expiry at `now` corrected by `skew`).
pub fn check_with(
    keys: &Jwks,
    token: &str,
    expected: TokenUse,
    now: u64,
    skew: i64,
) -> Result<CognitoClaims, ClaimsError> {
    futures_executor::block_on(verify_token(&RsaVerifier, keys, token))?;
    validator().validate(token, expected, now, skew)
}

#[cfg(not(target_arch = "wasm32"))]
/// [`check_with`] against the test pool's [`jwks`].
pub fn check(
    token: &str,
    expected: TokenUse,
    now: u64,
    skew: i64,
) -> Result<CognitoClaims, ClaimsError> {
    check_with(&jwks(), token, expected, now, skew)
}

#[cfg(not(target_arch = "wasm32"))]
/// An answer whose signatures [`RsaVerifier`] checked against [`jwks`].
pub fn verified(result: &AuthenticationResult) -> Verified<AuthenticationResult> {
    futures_executor::block_on(Verified::answer(&RsaVerifier, &jwks(), result.clone()))
        .expect("test tokens are signed with the test key")
}

#[cfg(not(target_arch = "wasm32"))]
/// A stored session whose signatures [`RsaVerifier`] checked against [`jwks`].
pub fn verified_stored(stored: StoredSession) -> Verified<StoredSession> {
    futures_executor::block_on(Verified::stored(&RsaVerifier, &jwks(), stored))
        .expect("test tokens are signed with the test key")
}

/// Claims of an ID token issued at `iat` for `lifetime` seconds.
pub fn id_claims(iat: u64, lifetime: u64) -> Value {
    json!({
        "sub": "aaaa-bbbb", "cognito:username": "alice", "email": "alice@example.com",
        "email_verified": true, "custom:role": "admin", "cognito:groups": ["staff", "ops"],
        "iss": issuer(), "aud": CLIENT, "token_use": "id", "auth_time": iat,
        "iat": iat, "exp": iat + lifetime, "jti": "id-jti", "origin_jti": "origin-1",
    })
}

/// Claims of an access token issued at `iat` for `lifetime` seconds.
pub fn access_claims(iat: u64, lifetime: u64) -> Value {
    json!({
        "sub": "aaaa-bbbb", "username": "alice", "cognito:groups": ["staff", "ops"],
        "iss": issuer(), "client_id": CLIENT, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
        "auth_time": iat, "iat": iat, "exp": iat + lifetime, "jti": "access-jti", "origin_jti": "origin-1",
    })
}

pub fn sign_with(claims: &Value, kid: &str, key: &RsaPrivateKey) -> String {
    let header = Header::empty().with_key_id(kid);
    Rsa::rs256()
        .token(&header, &Claims::new(claims.clone()), key)
        .expect("sign token")
}

pub fn sign(claims: &Value) -> String {
    sign_with(claims, KID, signing_key())
}

/// A token with a hand-written header and no (or a bogus) signature.
pub fn unsigned_token(header: &Value, claims: &Value, signature: &[u8]) -> String {
    let encode = |bytes: &[u8]| Base64UrlUnpadded::encode_string(bytes);
    format!(
        "{}.{}.{}",
        encode(header.to_string().as_bytes()),
        encode(claims.to_string().as_bytes()),
        encode(signature)
    )
}

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: String,
    pub target: String,
    pub body: Value,
}

/// Answers with queued responses and records requests.
#[derive(Default)]
pub struct FakeTransport {
    pub requests: RefCell<Vec<Request>>,
    responses: RefCell<VecDeque<Result<RawResponse, TransportError>>>,
}

impl FakeTransport {
    pub fn respond(&self, status: u16, body: &str) -> &Self {
        self.responses.borrow_mut().push_back(Ok(RawResponse {
            status,
            body: body.to_owned(),
            error_type: None,
        }));
        self
    }

    pub fn fail(&self, detail: &str) -> &Self {
        self.responses
            .borrow_mut()
            .push_back(Err(TransportError::new(detail)));
        self
    }

    pub fn last(&self) -> Request {
        self.requests.borrow().last().cloned().expect("a request")
    }
}

impl Transport for &FakeTransport {
    async fn post(
        &self,
        url: &str,
        target: &str,
        body: String,
    ) -> Result<RawResponse, TransportError> {
        self.requests.borrow_mut().push(Request {
            url: url.to_owned(),
            target: target.to_owned(),
            body: serde_json::from_str(&body).expect("request body is JSON"),
        });
        self.responses
            .borrow_mut()
            .pop_front()
            .expect("a queued response")
    }
}
