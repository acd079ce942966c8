//! USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: the password check, with Cognito's lockout.

use crate::lambda::TokenSource;
use crate::model::{AppClient, UserPool, UserStatus};
use crate::ops::auth::challenges::next_step;
use crate::ops::auth::{AuthResponse, Parameters, required};
use crate::ops::common::{
    check_secret_hash, find_user, trigger_context, unknown_user_error, username_key,
};
use crate::ops::{Context, lockout};
use crate::protocol::ApiError;

pub(super) fn password_sign_in(
    ctx: &Context,
    pool: &UserPool,
    client: &AppClient,
    params: &Parameters,
    client_metadata: Option<&Parameters>,
) -> Result<AuthResponse, ApiError> {
    let login = required(params, "USERNAME")?;
    let password = required(params, "PASSWORD")?;
    let now = ctx.now();
    let found = ctx.store.transaction(|tx| {
        let Some(user) = find_user(tx, pool, login)? else {
            return Ok(None);
        };
        let key = username_key(pool, &user);
        let locked = lockout::check_not_locked(tx, &pool.id, &key, now);
        Ok(Some((user, locked)))
    })?;
    let hashed_names: Vec<&str> = [
        Some(login),
        found.as_ref().map(|(u, _)| u.username.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    check_secret_hash(
        client,
        &hashed_names,
        params.get("SECRET_HASH").map(String::as_str),
    )?;
    let Some((user, locked)) = found else {
        // Under PreventUserExistenceErrors, PreAuthentication runs for an unknown user too,
        // with userNotFound ("Pre authentication Lambda trigger").
        if client.prevents_user_existence_errors() {
            let no_attributes = crate::model::Attributes::new();
            crate::lambda::pre_authentication(
                ctx,
                &crate::lambda::TriggerSubject {
                    pool_id: &pool.id,
                    client_id: Some(&client.client_id),
                    username: login,
                    attributes: &no_attributes,
                },
                true,
                client_metadata,
            )?;
        }
        // Hash anyway, so an unknown username costs as long as a wrong password.
        ctx.passwords.verify_dummy(password);
        return Err(unknown_user_error(client));
    };
    // InitiateAuth's ClientMetadata is PreAuthentication's validationData.
    crate::lambda::pre_authentication(
        ctx,
        &trigger_context(&user, Some(&client.client_id)),
        false,
        client_metadata,
    )?;
    // Reported behaviour of real pools (not documented): an unconfirmed user is told so even
    // when the password is wrong.
    if user.status == UserStatus::Unconfirmed {
        return Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        ));
    }
    locked?;

    let password_ok = user
        .password_hash
        .as_deref()
        .is_some_and(|hash| ctx.passwords.verify(password, hash));
    if !password_ok {
        let key = username_key(pool, &user);
        ctx.store
            .transaction(|tx| lockout::record_failure(tx, &pool.id, &key, now))?;
        return Err(ApiError::incorrect_credentials());
    }
    if !user.enabled {
        return Err(ApiError::user_disabled());
    }
    match user.status {
        UserStatus::Unconfirmed | UserStatus::Confirmed => {}
        UserStatus::ResetRequired => {
            return Err(ApiError::new(
                "PasswordResetRequiredException",
                "Password reset required for the user",
            ));
        }
        UserStatus::ForceChangePassword => {
            let validity_days = i64::from(pool.password_policy().temporary_password_validity_days);
            if now > user.password_set_at.saturating_add(validity_days * 86_400) {
                return Err(ApiError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
        }
    }

    let step = ctx.store.transaction(|tx| {
        // The password was checked against a snapshot: make sure it is still current.
        let current = tx
            .user(&pool.id, &username_key(pool, &user))?
            .filter(|u| u.sub == user.sub && u.password_hash == user.password_hash)
            .ok_or_else(ApiError::incorrect_credentials)?;
        next_step(ctx, tx, pool, client, &current, TokenSource::Authentication)
    })?;
    // InitiateAuth's ClientMetadata reaches PreAuthentication only.
    step.finish(ctx, client, None)
}
