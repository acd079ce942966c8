//! Cognito ID and access tokens: decoding and claim validation (`iss`, `aud`/`client_id`,
//! `token_use`, `exp`). Signatures are checked before, by [`crate::verify`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::client::CognitoConfig;
use crate::jws::CompactToken;
use crate::verify::ALGORITHM;

/// Which token a JWT must be, checked against its `token_use` claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenUse {
    /// ID token: who the user is.
    Id,
    /// Access token: what the bearer may call.
    Access,
}

impl TokenUse {
    fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }
}

/// Validated claims of a Cognito ID or access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoClaims {
    /// `token_use`.
    pub token_use: TokenUse,
    /// `sub`: the user's stable id.
    pub sub: String,
    /// `cognito:username` (ID token) or `username` (access token).
    pub username: String,
    /// `email` (ID token only).
    pub email: Option<String>,
    /// `email_verified` (ID token only).
    pub email_verified: Option<bool>,
    /// The string-valued claims beyond Cognito's own (custom attributes such as
    /// `custom:role`), by claim name; read them with [`Self::attribute`].
    pub attributes: BTreeMap<String, String>,
    /// `cognito:groups` (both tokens; empty when the user is in none).
    pub groups: Vec<String>,
    /// `iss`.
    pub issuer: String,
    /// The app client: `aud` of an ID token, `client_id` of an access token.
    pub client_id: String,
    /// `iat`, Unix seconds on the server's clock.
    pub issued_at: u64,
    /// `exp`, Unix seconds on the server's clock.
    pub expires_at: u64,
    /// `auth_time`: when the user last entered credentials.
    pub auth_time: Option<u64>,
    /// `jti`.
    pub jti: Option<String>,
    /// `origin_jti`: shared by all tokens from one sign-in, kept across refreshes.
    pub origin_jti: Option<String>,
    /// `scope` (access token only).
    pub scope: Option<String>,
}

impl CognitoClaims {
    /// `exp − iat`: how long the token was issued for.
    pub fn lifetime(&self) -> u64 {
        self.expires_at.saturating_sub(self.issued_at)
    }

    /// A string claim beyond Cognito's own, e.g. a custom attribute (`custom:role`).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Whether the token is expired at `server_now` (Unix seconds, server clock).
    pub fn is_expired_at(&self, server_now: i64) -> bool {
        server_now >= self.expires_at as i64
    }
}

/// The payload as Cognito writes it.
#[derive(Deserialize)]
struct RawClaims {
    exp: Option<u64>,
    iat: Option<u64>,
    token_use: Option<String>,
    sub: Option<String>,
    #[serde(rename = "cognito:username")]
    cognito_username: Option<String>,
    username: Option<String>,
    email: Option<String>,
    #[serde(default, deserialize_with = "bool_or_string")]
    email_verified: Option<bool>,
    #[serde(rename = "cognito:groups", default)]
    groups: Option<Vec<String>>,
    iss: Option<String>,
    aud: Option<String>,
    client_id: Option<String>,
    auth_time: Option<u64>,
    jti: Option<String>,
    origin_jti: Option<String>,
    scope: Option<String>,
    /// Every other claim: this crate names no app attribute, the app asks for its own.
    #[serde(flatten)]
    others: BTreeMap<String, serde_json::Value>,
}

/// `email_verified` is a boolean, but federated users get the string `"true"`.
fn bool_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolOrString {
        Bool(bool),
        String(String),
    }
    Ok(match Option::<BoolOrString>::deserialize(deserializer)? {
        Some(BoolOrString::Bool(value)) => Some(value),
        Some(BoolOrString::String(value)) => Some(value == "true"),
        None => None,
    })
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimsError {
    /// Not a JWT, or its payload is not JSON claims.
    Malformed(String),
    /// `alg` is not RS256 (e.g. `none`, `HS256`).
    UnsupportedAlgorithm(String),
    /// The token's `kid` is not in the loaded JWKS (or it has none). Refetch the JWKS once
    /// and retry: the pool may have rotated its keys.
    UnknownKeyId(Option<String>),
    /// The signature does not verify.
    InvalidSignature,
    /// A required claim is absent.
    MissingClaim(&'static str),
    /// `iss` is not this user pool.
    WrongIssuer(String),
    /// `aud` / `client_id` is not this app client.
    WrongAudience(String),
    /// `token_use` is not the expected kind.
    WrongTokenUse {
        /// What the caller asked for.
        expected: TokenUse,
        /// What the token says.
        found: String,
    },
    /// `exp` has passed on the server-corrected clock.
    Expired {
        /// `exp`.
        expires_at: u64,
        /// The server-corrected time of the check.
        server_now: i64,
    },
}

impl fmt::Display for ClaimsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(detail) => write!(f, "malformed token: {detail}"),
            Self::UnsupportedAlgorithm(alg) => write!(f, "unsupported token algorithm \"{alg}\""),
            Self::UnknownKeyId(kid) => match kid {
                Some(kid) => write!(f, "no JWKS key for kid \"{kid}\""),
                None => f.write_str("token has no kid"),
            },
            Self::InvalidSignature => f.write_str("token signature does not verify"),
            Self::MissingClaim(claim) => write!(f, "token has no `{claim}` claim"),
            Self::WrongIssuer(iss) => write!(f, "token issued by another pool: {iss}"),
            Self::WrongAudience(aud) => write!(f, "token issued for another client: {aud}"),
            Self::WrongTokenUse { expected, found } => {
                write!(
                    f,
                    "expected an {} token, got \"{found}\"",
                    expected.as_str()
                )
            }
            Self::Expired {
                expires_at,
                server_now,
            } => write!(f, "token expired at {expires_at} (now {server_now})"),
        }
    }
}

impl std::error::Error for ClaimsError {}

/// A JSON Web Key Set as served at `<issuer>/.well-known/jwks.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

/// One public key of a [`Jwks`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key id, matched against the token header's `kid`.
    pub kid: String,
    /// Key type; Cognito uses `RSA`.
    pub kty: String,
    /// Algorithm; Cognito uses `RS256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Intended use; `sig` for signing keys.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// RSA modulus, base64url.
    #[serde(default)]
    pub n: String,
    /// RSA public exponent, base64url.
    #[serde(default)]
    pub e: String,
}

/// Validates Cognito tokens for one user pool and app client.
#[derive(Debug, Clone)]
pub struct TokenValidator {
    issuer: String,
    client_id: String,
}

/// The `iss` Amazon Cognito writes into a pool's tokens, whatever endpoint served them (the
/// regional one, FIPS, PrivateLink, a proxy): `https://cognito-idp.<region>.amazonaws.com/<poolId>`.
/// Source: Amazon Cognito Developer Guide, "Verifying JSON web tokens"
/// (docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html):
/// the `iss` claim must match `https://cognito-idp.<Region>.amazonaws.com/<userPoolId>`.
pub fn aws_issuer(region: &str, user_pool_id: &str) -> String {
    [
        "https://cognito-idp.",
        region,
        ".amazonaws.com/",
        user_pool_id,
    ]
    .concat()
}

impl TokenValidator {
    /// A validator for `config`'s pool and client expecting AWS's issuer ([`aws_issuer`]). Use [`Self::with_issuer`] for a
    /// Cognito-compatible server that names itself differently (its OpenID discovery
    /// document's `issuer`).
    pub fn new(config: &CognitoConfig) -> Self {
        Self {
            issuer: aws_issuer(config.region(), config.user_pool_id()),
            client_id: config.client_id().to_owned(),
        }
    }

    /// Expect `issuer` as the tokens' `iss` instead.
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = issuer.into();
        self
    }

    /// Expect `issuer` from now on (e.g. once a discovery document named it).
    pub fn set_issuer(&mut self, issuer: impl Into<String>) {
        self.issuer = issuer.into();
    }

    /// The expected `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Checks everything but the signature and expiry: algorithm, `iss`, `aud`/`client_id` and
    /// `token_use`. Use [`Self::validate`] unless the clock correction has to come from the
    /// token itself (fresh tokens). Only for tokens whose signature
    /// [`verify_token`](crate::verify::verify_token) checked: the
    /// [`SessionMachine`](crate::SessionMachine) takes [`Verified`](crate::Verified) tokens only.
    pub fn decode(&self, token: &str, expected: TokenUse) -> Result<CognitoClaims, ClaimsError> {
        let untrusted = CompactToken::parse(token)?;
        if untrusted.algorithm != ALGORITHM {
            return Err(ClaimsError::UnsupportedAlgorithm(untrusted.algorithm));
        }
        self.check_claims(untrusted.claims()?, expected)
    }

    /// [`Self::decode`] plus expiry against `now` (local Unix seconds) corrected by
    /// `skew` (server − local seconds).
    pub fn validate(
        &self,
        token: &str,
        expected: TokenUse,
        now: u64,
        skew: i64,
    ) -> Result<CognitoClaims, ClaimsError> {
        let claims = self.decode(token, expected)?;
        let server_now = crate::session::server_now(now, skew);
        if claims.is_expired_at(server_now) {
            return Err(ClaimsError::Expired {
                expires_at: claims.expires_at,
                server_now,
            });
        }
        Ok(claims)
    }

    fn check_claims(
        &self,
        raw: RawClaims,
        expected: TokenUse,
    ) -> Result<CognitoClaims, ClaimsError> {
        let token_use = raw
            .token_use
            .ok_or(ClaimsError::MissingClaim("token_use"))?;
        if token_use != expected.as_str() {
            return Err(ClaimsError::WrongTokenUse {
                expected,
                found: token_use,
            });
        }
        let issuer = raw.iss.ok_or(ClaimsError::MissingClaim("iss"))?;
        if issuer != self.issuer {
            return Err(ClaimsError::WrongIssuer(issuer));
        }
        let (client_id, username) = match expected {
            TokenUse::Id => (
                raw.aud.ok_or(ClaimsError::MissingClaim("aud"))?,
                raw.cognito_username
                    .ok_or(ClaimsError::MissingClaim("cognito:username"))?,
            ),
            TokenUse::Access => (
                raw.client_id
                    .ok_or(ClaimsError::MissingClaim("client_id"))?,
                raw.username.ok_or(ClaimsError::MissingClaim("username"))?,
            ),
        };
        if client_id != self.client_id {
            return Err(ClaimsError::WrongAudience(client_id));
        }
        let expires_at = raw.exp.ok_or(ClaimsError::MissingClaim("exp"))?;
        let issued_at = raw.iat.ok_or(ClaimsError::MissingClaim("iat"))?;
        Ok(CognitoClaims {
            token_use: expected,
            sub: raw.sub.ok_or(ClaimsError::MissingClaim("sub"))?,
            username,
            email: raw.email,
            email_verified: raw.email_verified,
            attributes: raw
                .others
                .into_iter()
                .filter_map(|(name, value)| match value {
                    serde_json::Value::String(value) => Some((name, value)),
                    _ => None,
                })
                .collect(),
            groups: raw.groups.unwrap_or_default(),
            issuer,
            client_id,
            issued_at,
            expires_at,
            auth_time: raw.auth_time,
            jti: raw.jti,
            origin_jti: raw.origin_jti,
            scope: raw.scope,
        })
    }
}
