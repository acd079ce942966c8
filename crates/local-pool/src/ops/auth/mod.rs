//! Sign-in: InitiateAuth / AdminInitiateAuth and the flows behind them, one file each:
//! [`password`] (password sign-in and lockout), [`challenges`] (the challenge state machine,
//! RespondToAuthChallenge / AdminRespondToAuthChallenge), [`refresh`] (refresh tokens,
//! GetTokensFromRefreshToken) and [`sign_out`] (GlobalSignOut, AdminUserGlobalSignOut,
//! RevokeToken).
//!
//! Password checks and token signing run outside the database transaction, so concurrent
//! sign-ins use every core; what was read is re-checked before anything is written.

mod challenges;
mod custom;
mod password;
mod refresh;
mod sign_out;

use cognito_wire::{
    AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, InitiateAuthRequest,
    InitiateAuthResponse, RespondToAuthChallengeRequest, StringMap,
};

pub use challenges::{
    admin_respond_to_auth_challenge, new_session, open_session, respond_to_auth_challenge,
};
pub use refresh::get_tokens_from_refresh_token;
pub use sign_out::{admin_user_global_sign_out, global_sign_out, revoke_token};

use crate::model::{AppClient, UserPool};
use crate::ops::Context;
use crate::ops::common::{load_client, load_pool, load_pool_client};
use crate::protocol::ApiError;

type Parameters = StringMap;

/// The response of every sign-in step: either a challenge or tokens.
pub type AuthResponse = InitiateAuthResponse;

/// Which API family a sign-in came through; decides the flows it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Client,
    Admin,
}

pub fn initiate_auth(ctx: &Context, req: InitiateAuthRequest) -> Result<AuthResponse, ApiError> {
    let (pool, client) = ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        Ok((load_pool(tx, &client.user_pool_id)?, client))
    })?;
    start(
        ctx,
        Entry::Client,
        &pool,
        &client,
        req.auth_flow.as_str(),
        &req.auth_parameters.unwrap_or_default(),
        req.client_metadata.as_ref(),
    )
}

pub fn admin_initiate_auth(
    ctx: &Context,
    req: AdminInitiateAuthRequest,
) -> Result<AuthResponse, ApiError> {
    let (pool, client) = ctx
        .store
        .transaction(|tx| load_pool_client(tx, &req.user_pool_id, &req.client_id))?;
    start(
        ctx,
        Entry::Admin,
        &pool,
        &client,
        req.auth_flow.as_str(),
        &req.auth_parameters.unwrap_or_default(),
        req.client_metadata.as_ref(),
    )
}

fn start(
    ctx: &Context,
    entry: Entry,
    pool: &UserPool,
    client: &AppClient,
    flow: &str,
    params: &Parameters,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    match (entry, flow) {
        (Entry::Client, "USER_PASSWORD_AUTH") => {
            require_flow(client, "ALLOW_USER_PASSWORD_AUTH", flow)?;
            password::password_sign_in(ctx, pool, client, params, client_metadata)
        }
        (Entry::Admin, "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH") => {
            require_flow(client, "ALLOW_ADMIN_USER_PASSWORD_AUTH", flow)?;
            password::password_sign_in(ctx, pool, client, params, client_metadata)
        }
        (_, "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN") => {
            refresh::refresh_sign_in(ctx, client, params)
        }
        (_, "CUSTOM_AUTH") => {
            require_flow(client, "ALLOW_CUSTOM_AUTH", flow)?;
            custom::custom_sign_in(ctx, pool, client, params, client_metadata)
        }
        (_, "USER_SRP_AUTH" | "USER_AUTH") => Err(ApiError::invalid_parameter(format!(
            "{flow} is not supported by local-pool; use USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH"
        ))),
        (_, "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH") => Err(
            ApiError::invalid_parameter("Initiate Auth method not supported."),
        ),
        _ => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy constraint: \
             Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, \
             CUSTOM_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, USER_AUTH]"
        ))),
    }
}

fn require_flow(client: &AppClient, allow_flag: &str, flow: &str) -> Result<(), ApiError> {
    if client.allows_flow(allow_flag) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "{flow} flow not enabled for this client"
        )))
    }
}

fn required<'a>(params: &'a Parameters, name: &str) -> Result<&'a str, ApiError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {name}")))
}
