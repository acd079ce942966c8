//! Signed-in sessions: issuing ID/access/refresh tokens, redeeming refresh tokens,
//! authenticating access tokens and revoking token families.
//!
//! Every sign-in starts a *token family* whose id is the tokens' `origin_jti`. Revoking the
//! family (RevokeToken, GlobalSignOut, user deletion) refuses its refresh tokens and also the
//! access tokens already issued from it, which Cognito checks on every user-token call.

use std::sync::Arc;

use cognito_wire::AuthenticationResultType;
use serde_json::{Map, Value, json};

use crate::lambda::TokenSource;
use crate::model::{AppClient, User, UserPool};
use crate::ops::common::{trigger_context, username_key};
use crate::ops::{Context, lockout};
use crate::protocol::ApiError;
use crate::random;
use crate::store::{TokenFamily, Tx};
use crate::tokens::{SigningKey, TokenUse, UnverifiedJwt};

pub const USER_ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Claims decided inside a transaction; pre token generation and signing run after it, so a
/// slow trigger (up to Cognito's 5 s) never holds the store's write lock.
#[derive(Debug)]
pub struct UnsignedTokens {
    id_key: Arc<SigningKey>,
    access_key: Arc<SigningKey>,
    id_claims: Map<String, Value>,
    access_claims: Map<String, Value>,
    refresh_token: Option<String>,
    expires_in: i64,
    /// Who the tokens are for, as pre token generation sees them.
    user: User,
    client_id: String,
    source: TokenSource,
    groups: Vec<String>,
}

impl UnsignedTokens {
    /// Runs pre token generation (with the request's `ClientMetadata` where Cognito passes
    /// it: RespondToAuthChallenge, GetTokensFromRefreshToken) and signs the tokens.
    pub fn sign(
        mut self,
        ctx: &Context,
        client_metadata: Option<&cognito_wire::StringMap>,
    ) -> Result<AuthenticationResultType, ApiError> {
        crate::lambda::pre_token_generation(
            ctx,
            &trigger_context(&self.user, Some(&self.client_id)),
            self.source,
            &self.groups,
            client_metadata,
            &mut self.id_claims,
            &mut self.access_claims,
        )?;
        Ok(AuthenticationResultType {
            access_token: self.access_key.sign(&self.access_claims)?,
            // An access token lives at most a day (the app client's bound), far below i32::MAX.
            expires_in: Some(i32::try_from(self.expires_in).unwrap_or(i32::MAX)),
            token_type: Some("Bearer".to_owned()),
            refresh_token: self.refresh_token,
            id_token: Some(self.id_key.sign(&self.id_claims)?),
            new_device_metadata: None,
        })
    }
}

/// Which token family the new tokens belong to.
pub enum Family<'a> {
    /// A fresh sign-in: start a family, with a refresh token.
    New,
    /// A refresh: keep the family (and its `auth_time`). `rotate_until` issues a new refresh
    /// token expiring when the redeemed one does (Cognito: rotation does not extend the
    /// refresh token's lifetime).
    Existing {
        family: &'a TokenFamily,
        rotate_until: Option<i64>,
    },
}

/// Prepares tokens for a user who has completed authentication.
pub fn issue_tokens(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    client: &AppClient,
    user: &User,
    family: Family<'_>,
    source: TokenSource,
) -> Result<UnsignedTokens, ApiError> {
    let now = ctx.now();
    let keys = ctx
        .keys
        .pool_keys(tx, &pool.id, now)?
        .ok_or_else(|| ApiError::internal(format_args!("pool {} has no signing key", pool.id)))?;
    let (origin_jti, auth_time, refresh_expires_at) = match family {
        Family::New => {
            let family = TokenFamily {
                origin_jti: random::uuid()?,
                pool_id: pool.id.clone(),
                client_id: client.client_id.clone(),
                username_key: username_key(pool, user),
                auth_time: now,
                revoked_at: None,
            };
            tx.insert_token_family(&family)?;
            // A completed sign-in ends any run of failed attempts.
            lockout::record_success(tx, &pool.id, &family.username_key)?;
            (
                family.origin_jti,
                now,
                Some(now.saturating_add(client.refresh_token_ttl())),
            )
        }
        Family::Existing {
            family,
            rotate_until,
        } => (family.origin_jti.clone(), family.auth_time, rotate_until),
    };
    let refresh_token = match refresh_expires_at {
        Some(expires_at) => {
            let token = random::opaque_token()?;
            tx.insert_refresh_token(&random::sha256_hex(&token), &origin_jti, expires_at)?;
            Some(token)
        }
        None => None,
    };

    let groups: Vec<String> = tx
        .groups_of_user(&pool.id, &username_key(pool, user))?
        .into_iter()
        .map(|g| g.group_name)
        .collect();
    let event_id = random::uuid()?;
    let mut common = Map::new();
    common.insert("sub".into(), json!(user.sub));
    if !groups.is_empty() {
        common.insert("cognito:groups".into(), json!(groups));
    }
    common.insert("iss".into(), json!(ctx.issuer(&pool.id)));
    common.insert("origin_jti".into(), json!(origin_jti));
    common.insert("event_id".into(), json!(event_id));
    common.insert("auth_time".into(), json!(auth_time));
    common.insert("iat".into(), json!(now));

    let mut id_claims = common.clone();
    for (name, value) in &user.attributes {
        if name == "sub" || !client.can_read(name) {
            continue;
        }
        let claim = match name.as_str() {
            "email_verified" | "phone_number_verified" => json!(value == "true"),
            _ => json!(value),
        };
        id_claims.insert(name.clone(), claim);
    }
    id_claims.insert("cognito:username".into(), json!(user.username));
    id_claims.insert("aud".into(), json!(client.client_id));
    id_claims.insert("token_use".into(), json!("id"));
    id_claims.insert(
        "exp".into(),
        json!(now.saturating_add(client.id_token_ttl())),
    );
    id_claims.insert("jti".into(), json!(random::uuid()?));

    let mut access_claims = common;
    access_claims.insert("client_id".into(), json!(client.client_id));
    access_claims.insert("token_use".into(), json!("access"));
    access_claims.insert("scope".into(), json!(USER_ADMIN_SCOPE));
    access_claims.insert(
        "exp".into(),
        json!(now.saturating_add(client.access_token_ttl())),
    );
    access_claims.insert("jti".into(), json!(random::uuid()?));
    access_claims.insert("username".into(), json!(user.username));

    Ok(UnsignedTokens {
        id_key: Arc::clone(&keys.id),
        access_key: Arc::clone(&keys.access),
        id_claims,
        access_claims,
        refresh_token,
        expires_in: client.access_token_ttl(),
        user: user.clone(),
        client_id: client.client_id.clone(),
        source,
        groups,
    })
}

/// Redeems a refresh token for `client`. With `rotate`, a new refresh token replaces it (the
/// old one stays usable for the client's retry grace period).
pub fn redeem_refresh_token(
    ctx: &Context,
    tx: &Tx<'_>,
    client: &AppClient,
    refresh_token: &str,
    rotate: bool,
) -> Result<(UserPool, User, UnsignedTokens), ApiError> {
    let now = ctx.now();
    let token_hash = random::sha256_hex(refresh_token);
    let record = tx
        .refresh_token(&token_hash)?
        .filter(|r| r.family.client_id == client.client_id)
        .ok_or_else(|| ApiError::not_authorized("Invalid Refresh Token."))?;
    let pool = crate::ops::common::load_pool(tx, &record.family.pool_id)?;
    let user = tx
        .user(&pool.id, &record.family.username_key)?
        .ok_or_else(|| ApiError::not_authorized("Refresh Token has been revoked"))?;
    // A disabled user is told so first; their tokens were also revoked by AdminDisableUser,
    // which is what answers once the user is enabled again.
    if !user.enabled {
        return Err(ApiError::user_disabled());
    }
    if record.family.revoked_at.is_some() {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    }
    if record.expires_at <= now {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    if let Some(rotated_at) = record.rotated_at {
        let grace = client.rotation_grace_secs().unwrap_or(0);
        if now > rotated_at + grace {
            return Err(ApiError::new(
                "RefreshTokenReuseException",
                "Refresh token has been rotated and is no longer valid.",
            ));
        }
    }
    if rotate {
        tx.mark_refresh_token_rotated(&token_hash, now)?;
    }
    let tokens = issue_tokens(
        ctx,
        tx,
        &pool,
        client,
        &user,
        Family::Existing {
            family: &record.family,
            rotate_until: rotate.then_some(record.expires_at),
        },
        TokenSource::RefreshTokens,
    )?;
    Ok((pool, user, tokens))
}

/// The caller of a user-token operation (GetUser, ChangePassword, ...).
#[derive(Debug)]
pub struct Caller {
    pub pool: UserPool,
    pub client: AppClient,
    pub user: User,
    pub origin_jti: String,
}

/// Authenticates an access token like Cognito does for user-token operations.
pub fn authenticate(ctx: &Context, tx: &Tx<'_>, access_token: &str) -> Result<Caller, ApiError> {
    let invalid = || ApiError::not_authorized("Invalid Access Token");
    let jwt = UnverifiedJwt::parse(access_token).ok_or_else(invalid)?;
    let pool_id = jwt
        .claim_str("iss")
        .and_then(|iss| iss.strip_prefix(&format!("{}/", ctx.issuer_base)))
        .ok_or_else(invalid)?
        .to_owned();
    let keys = ctx
        .keys
        .pool_keys(tx, &pool_id, ctx.now())?
        .ok_or_else(invalid)?;
    // Only the pool's access-token keys: an ID token (or anything signed with the ID key) is
    // not an access token.
    let key = keys
        .verifying(TokenUse::Access, jwt.kid.as_deref().ok_or_else(invalid)?)
        .ok_or_else(invalid)?;
    let claims = key.verify(&jwt).ok_or_else(invalid)?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str);
    if claim("token_use") != Some("access") {
        return Err(invalid());
    }
    let expires_at = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(invalid)?;
    if expires_at <= ctx.now() {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    let origin_jti = claim("origin_jti").ok_or_else(invalid)?.to_owned();
    let family = tx.token_family(&origin_jti)?.ok_or_else(invalid)?;
    let pool = crate::ops::common::load_pool(tx, &pool_id)?;
    let client = crate::ops::common::load_client(tx, &family.client_id)?;
    let revoked = || ApiError::not_authorized("Access Token has been revoked");
    let user = tx.user_by_sub(&pool_id, claim("sub").ok_or_else(invalid)?)?;
    // A deleted user's tokens were revoked with it; a disabled user is told so first.
    let user = match user {
        None if family.revoked_at.is_some() => return Err(revoked()),
        None => return Err(ApiError::user_not_found()),
        Some(user) if !user.enabled => return Err(ApiError::user_disabled()),
        Some(user) => user,
    };
    if family.revoked_at.is_some() {
        return Err(revoked());
    }
    Ok(Caller {
        pool,
        client,
        user,
        origin_jti,
    })
}
