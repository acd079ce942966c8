//! Verifies the pool's tokens on the server: RS256 signature against the pool's JWKS (cached;
//! an unknown `kid` refetches it), then `iss`, `aud` (ID token) or `client_id` (access token),
//! `token_use` and `exp`.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html>

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use poolgate_api::SignedInUser;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::RwLock;

use crate::error::ApiError;

/// The facts of verified tokens the server keeps with a session (in the store, hence
/// `Serialize`). The browser sees them as [`SignedInUser`] (see [`Facts::user`]); `sub` and
/// `issued_at` stay here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facts {
    /// `cognito:username`: the name Cognito knows the user by.
    pub username: String,
    pub sub: String,
    pub email: Option<String>,
    /// `custom:role` from the ID token.
    pub role: Option<String>,
    /// `cognito:groups`, ordered as Cognito lists them (by precedence).
    pub groups: Vec<String>,
    /// Expiry of the access token (Unix seconds).
    pub access_expires_at: i64,
    pub id_expires_at: i64,
    /// When the access token was issued (`iat`): the refresh margin scales with the lifetime.
    pub issued_at: i64,
}

impl Facts {
    /// What `/api/session` reveals of these facts, for a session that lasts until
    /// `session_expires_at`.
    pub fn user(&self, session_expires_at: i64) -> SignedInUser {
        let secs = |t: i64| u64::try_from(t).unwrap_or_default();
        SignedInUser {
            username: self.username.clone(),
            email: self.email.clone(),
            role: self.role.clone(),
            groups: self.groups.clone(),
            access_expires_at: secs(self.access_expires_at),
            id_expires_at: secs(self.id_expires_at),
            session_expires_at: secs(session_expires_at),
        }
    }
}

pub struct Verifier {
    http: reqwest::Client,
    issuer: String,
    client_id: String,
    keys: RwLock<JwkSet>,
}

impl Verifier {
    pub fn new(issuer: String, client_id: String) -> Self {
        Self {
            http: reqwest::Client::new(),
            issuer,
            client_id,
            keys: RwLock::new(JwkSet { keys: Vec::new() }),
        }
    }

    async fn refetch(&self) -> Result<(), ApiError> {
        let url = format!("{}/.well-known/jwks.json", self.issuer);
        let keys: JwkSet = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| {
                tracing::warn!(error = %e, "cannot fetch the pool's JWKS");
                ApiError::unavailable()
            })?
            .json()
            .await
            .map_err(|e| ApiError::upstream(format!("invalid JWKS: {e}")))?;
        *self.keys.write().await = keys;
        Ok(())
    }

    async fn key_for(&self, kid: &str) -> Result<DecodingKey, ApiError> {
        for attempt in 0..2 {
            if let Some(jwk) = self.keys.read().await.find(kid) {
                return DecodingKey::from_jwk(jwk)
                    .map_err(|e| ApiError::upstream(format!("unusable JWK: {e}")));
            }
            if attempt == 0 {
                self.refetch().await?;
            }
        }
        Err(ApiError::upstream(
            "token signed with a key the pool does not publish",
        ))
    }

    /// Verifies one token and returns its claims.
    pub async fn verify(&self, token: &str, token_use: &str) -> Result<Value, ApiError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| ApiError::upstream(format!("malformed token: {e}")))?;
        if header.alg != Algorithm::RS256 {
            return Err(ApiError::upstream("token not signed with RS256"));
        }
        let kid = header
            .kid
            .ok_or_else(|| ApiError::upstream("token without kid"))?;
        let key = self.key_for(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 0;
        if token_use == "id" {
            validation.set_audience(&[&self.client_id]);
        } else {
            validation.validate_aud = false;
        }
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|e| ApiError::upstream(format!("token rejected: {e}")))?
            .claims;
        if claims["token_use"] != token_use {
            return Err(ApiError::upstream("wrong token_use"));
        }
        if token_use == "access" && claims["client_id"] != self.client_id.as_str() {
            return Err(ApiError::upstream("access token for another client"));
        }
        Ok(claims)
    }

    /// Verifies both tokens and extracts the facts.
    pub async fn facts(&self, access_token: &str, id_token: &str) -> Result<Facts, ApiError> {
        let access = self.verify(access_token, "access").await?;
        let id = self.verify(id_token, "id").await?;
        if access["sub"] != id["sub"] {
            return Err(ApiError::upstream(
                "access and ID tokens name different users",
            ));
        }
        let text = |v: &Value| v.as_str().map(str::to_owned);
        Ok(Facts {
            username: text(&id["cognito:username"])
                .or_else(|| text(&access["username"]))
                .unwrap_or_default(),
            sub: text(&id["sub"]).unwrap_or_default(),
            email: text(&id["email"]),
            role: text(&id["custom:role"]),
            groups: id["cognito:groups"]
                .as_array()
                .map(|groups| groups.iter().filter_map(text).collect())
                .unwrap_or_default(),
            access_expires_at: access["exp"].as_i64().unwrap_or_default(),
            id_expires_at: id["exp"].as_i64().unwrap_or_default(),
            issued_at: access["iat"].as_i64().unwrap_or_default(),
        })
    }
}
