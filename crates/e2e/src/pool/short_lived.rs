//! App clients with tokens that expire within a test: the local pool allows validities below
//! AWS's 5-minute minimum, so renewals happen every few seconds.

use super::{CLIENT_ID, POOL_ID, PoolControl};
use crate::error::Result;
use serde_json::json;

/// Access and ID token lifetime of the short-lived app clients, seconds.
pub const LIFETIME: u64 = 15;

/// Creates an app client with [`LIFETIME`]-second tokens and returns a `config.json` for it.
pub async fn short_lived_client_config(pool: &PoolControl) -> Result<String> {
    create(pool, false).await
}

/// [`short_lived_client_config`] with refresh-token rotation and a 0-second grace period: the
/// old refresh token dies at once.
pub async fn short_lived_rotating_client_config(pool: &PoolControl) -> Result<String> {
    create(pool, true).await
}

async fn create(pool: &PoolControl, rotation: bool) -> Result<String> {
    let client = pool
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": POOL_ID,
                "ClientName": "e2e-short-lived",
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "AccessTokenValidity": LIFETIME,
                "IdTokenValidity": LIFETIME,
                "RefreshTokenValidity": 1,
                "TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "seconds", "RefreshToken": "days"},
                "ReadAttributes": ["email", "email_verified", "custom:role"],
                "PreventUserExistenceErrors": "ENABLED",
                "RefreshTokenRotation": {"Feature": if rotation { "ENABLED" } else { "DISABLED" }, "RetryGracePeriodSeconds": 0}
            }),
        )
        .await?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .ok_or("no ClientId")?;
    if client_id == CLIENT_ID {
        return Err("the pool reused the seed client's id".into());
    }
    Ok(json!({
        "region": "us-east-1",
        "userPoolId": POOL_ID,
        "clientId": client_id,
        "endpoint": format!("{}/", pool.url()),
        "tokenStorage": "local",
        "refreshTokenRotation": rotation
    })
    .to_string())
}
