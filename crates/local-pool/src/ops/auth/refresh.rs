//! Refresh: REFRESH_TOKEN_AUTH (InitiateAuth / AdminInitiateAuth) and
//! GetTokensFromRefreshToken (with rotation).

use cognito_wire::{
    GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse, StringMap,
};

use crate::model::AppClient;
use crate::ops::Context;
use crate::ops::auth::{AuthResponse, Parameters, require_flow, required};
use crate::ops::common::{check_secret_hash, load_client, secrets_equal};
use crate::ops::session;
use crate::protocol::ApiError;

pub(super) fn refresh_sign_in(
    ctx: &Context,
    client: &AppClient,
    params: &Parameters,
) -> Result<AuthResponse, ApiError> {
    let refresh_token = required(params, "REFRESH_TOKEN")?;
    require_flow(client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH")?;
    if client.rotation_grace_secs().is_some() {
        return Err(ApiError::invalid_parameter(
            "Refresh token rotation is enabled for this client; use GetTokensFromRefreshToken",
        ));
    }
    let tokens = ctx.store.transaction(|tx| {
        let (_, user, tokens) =
            session::redeem_refresh_token(ctx, tx, client, refresh_token, false)?;
        let secret_hash = params.get("SECRET_HASH").map(String::as_str);
        check_secret_hash(client, &[&user.username, &user.sub], secret_hash)?;
        Ok(tokens)
    })?;
    // InitiateAuth's ClientMetadata does not reach pre token generation.
    Ok(AuthResponse {
        authentication_result: Some(tokens.sign(ctx, None)?),
        challenge_parameters: Some(StringMap::new()),
        ..AuthResponse::default()
    })
}

pub fn get_tokens_from_refresh_token(
    ctx: &Context,
    req: GetTokensFromRefreshTokenRequest,
) -> Result<GetTokensFromRefreshTokenResponse, ApiError> {
    let tokens = ctx.store.transaction(|tx| {
        let client = load_client(tx, &req.client_id)?;
        check_client_secret(&client, req.client_secret.as_deref())?;
        require_flow(&client, "ALLOW_REFRESH_TOKEN_AUTH", "REFRESH_TOKEN_AUTH")?;
        let rotate = client.rotation_grace_secs().is_some();
        let (_, _, tokens) =
            session::redeem_refresh_token(ctx, tx, &client, &req.refresh_token, rotate)?;
        Ok(tokens)
    })?;
    Ok(GetTokensFromRefreshTokenResponse {
        authentication_result: Some(tokens.sign(ctx, req.client_metadata.as_ref())?),
    })
}

pub(super) fn check_client_secret(client: &AppClient, given: Option<&str>) -> Result<(), ApiError> {
    match client.client_secret.as_deref() {
        Some(secret) if !given.is_some_and(|given| secrets_equal(secret, given)) => {
            Err(ApiError::not_authorized(format!(
                "Unable to verify secret hash for client {}",
                client.client_id
            )))
        }
        _ => Ok(()),
    }
}
