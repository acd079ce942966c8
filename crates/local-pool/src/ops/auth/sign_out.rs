//! Sign-out: GlobalSignOut, AdminUserGlobalSignOut and RevokeToken.

use cognito_wire::{AdminUserGlobalSignOutRequest, GlobalSignOutRequest, RevokeTokenRequest};

use crate::ops::auth::refresh::check_client_secret;
use crate::ops::common::{load_client, load_pool, require_user, username_key};
use crate::ops::session;
use crate::ops::{Context, Empty};
use crate::protocol::ApiError;
use crate::random;

pub fn global_sign_out(ctx: &Context, req: GlobalSignOutRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let caller = session::authenticate(ctx, tx, &req.access_token)?;
        let key = username_key(&caller.pool, &caller.user);
        tx.revoke_user_token_families(&caller.pool.id, &key, ctx.now())
    })?;
    Ok(Empty {})
}

pub fn admin_user_global_sign_out(
    ctx: &Context,
    req: AdminUserGlobalSignOutRequest,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let user = require_user(tx, &pool, &req.username)?;
        tx.revoke_user_token_families(&pool.id, &username_key(&pool, &user), ctx.now())
    })?;
    Ok(Empty {})
}

/// Revokes a refresh token and every access token issued from the same sign-in.
pub fn revoke_token(ctx: &Context, req: RevokeTokenRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        check_client_secret(&client, req.client_secret.as_deref())?;
        if !client.revocation_enabled() {
            return Err(ApiError::new(
                "UnsupportedOperationException",
                "Token revocation is not enabled for this app client.",
            ));
        }
        if crate::tokens::UnverifiedJwt::parse(&req.token).is_some() {
            return Err(ApiError::new(
                "UnsupportedTokenTypeException",
                "Only refresh tokens can be revoked.",
            ));
        }
        // Like RFC 7009, an unknown token is not an error: there is nothing left to revoke.
        let Some(record) = tx.refresh_token(&random::sha256_hex(&req.token))? else {
            return Ok(());
        };
        if record.family.client_id != client.client_id {
            return Err(ApiError::new(
                "UnauthorizedException",
                "The refresh token was not issued to this client.",
            ));
        }
        tx.revoke_token_family(&record.origin_jti, ctx.now())
    })?;
    Ok(Empty {})
}
