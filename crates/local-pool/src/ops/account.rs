//! Operations a signed-in user performs on their own account, authorised by an access token.

use cognito_wire::{
    AccessTokenRequest, ChangePasswordRequest, GetUserAttributeVerificationCodeRequest,
    GetUserResponse, UpdateUserAttributesRequest, UpdateUserAttributesResponse,
    VerifyUserAttributeRequest,
};

use crate::lambda::MessageSource;
use crate::model::{UserStatus, attribute_list};
use crate::ops::common::{
    CodeDeliveryResponse, CodePurpose, Medium, Writer, check_code, commit_refusal, send_code,
    update_attributes, username_key,
};
use crate::ops::session::authenticate;
use crate::ops::{Context, Empty};
use crate::password;
use crate::protocol::ApiError;

pub fn get_user(ctx: &Context, req: AccessTokenRequest) -> Result<GetUserResponse, ApiError> {
    let caller = ctx
        .store
        .transaction(|tx| authenticate(ctx, tx, &req.access_token))?;
    let (client, mut user) = (caller.client, caller.user);
    // Only what the access token's app client may read (`ReadAttributes`); `sub` always.
    user.attributes
        .retain(|name, _| name == "sub" || client.can_read(name));
    Ok(GetUserResponse {
        username: user.username.clone(),
        user_attributes: attribute_list(&user.attributes),
        mfa_options: None,
        preferred_mfa_setting: user.mfa.preferred.map(|f| f.challenge_name().to_owned()),
        user_mfa_setting_list: Some(
            user.mfa
                .enabled
                .iter()
                .map(|f| f.challenge_name().to_owned())
                .collect(),
        ),
    })
}

pub fn update_user_attributes(
    ctx: &Context,
    req: UpdateUserAttributesRequest,
) -> Result<UpdateUserAttributesResponse, ApiError> {
    ctx.store.transaction(|tx| {
        let caller = authenticate(ctx, tx, &req.access_token)?;
        let (pool, mut user) = (caller.pool, caller.user);
        let writer = Writer::User(&caller.client);
        let changed = update_attributes(ctx, tx, &pool, &mut user, &req.user_attributes, writer)?;
        // A changed email / phone number gets a verification code if the pool auto-verifies it.
        let mut deliveries = Vec::new();
        for name in changed {
            let Some(medium) = Medium::for_attribute(&name) else {
                continue;
            };
            let auto_verified = pool.auto_verified_attributes.contains(&name);
            if auto_verified && user.attribute(&name).is_some() {
                deliveries.push(send_code(
                    ctx,
                    tx,
                    &pool,
                    &user,
                    CodePurpose::VerifyAttribute(name.clone()),
                    medium,
                    MessageSource::UpdateUserAttribute,
                    req.client_metadata.as_ref(),
                )?);
            }
        }
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: Some(deliveries),
        })
    })
}

pub fn get_user_attribute_verification_code(
    ctx: &Context,
    req: GetUserAttributeVerificationCodeRequest,
) -> Result<CodeDeliveryResponse, ApiError> {
    let medium = Medium::for_attribute(&req.attribute_name).ok_or_else(|| {
        ApiError::invalid_parameter(format!("Cannot verify attribute {}", req.attribute_name))
    })?;
    ctx.store.transaction(|tx| {
        let caller = authenticate(ctx, tx, &req.access_token)?;
        if caller.user.attribute(&req.attribute_name).is_none() {
            return Err(ApiError::invalid_parameter(format!(
                "User has no attribute {}",
                req.attribute_name
            )));
        }
        Ok(CodeDeliveryResponse {
            code_delivery_details: Some(send_code(
                ctx,
                tx,
                &caller.pool,
                &caller.user,
                CodePurpose::VerifyAttribute(req.attribute_name.clone()),
                medium,
                MessageSource::VerifyUserAttribute,
                req.client_metadata.as_ref(),
            )?),
        })
    })
}

pub fn verify_user_attribute(
    ctx: &Context,
    req: VerifyUserAttributeRequest,
) -> Result<Empty, ApiError> {
    commit_refusal(ctx.store.transaction(|tx| {
        let caller = authenticate(ctx, tx, &req.access_token)?;
        let (pool, mut user) = (caller.pool, caller.user);
        let purpose = CodePurpose::VerifyAttribute(req.attribute_name.clone());
        if let Err(refusal) = check_code(ctx, tx, &pool, &user, &purpose, &req.code)? {
            return Ok(Err(refusal));
        }
        user.attributes
            .insert(format!("{}_verified", req.attribute_name), "true".into());
        user.modified_at = ctx.now();
        tx.update_user(&user).map(Ok)
    }))?;
    Ok(Empty {})
}

pub fn change_password(ctx: &Context, req: ChangePasswordRequest) -> Result<Empty, ApiError> {
    let caller = ctx
        .store
        .transaction(|tx| authenticate(ctx, tx, &req.access_token))?;
    let previous = req.previous_password.as_deref().unwrap_or_default();
    let current_hash = caller.user.password_hash.clone();
    if !current_hash
        .as_deref()
        .is_some_and(|hash| ctx.passwords.verify(previous, hash))
    {
        return Err(ApiError::incorrect_credentials());
    }
    password::check_policy(caller.pool.password_policy(), &req.proposed_password)?;
    let new_hash = ctx.passwords.hash(&req.proposed_password)?;
    ctx.store.transaction(|tx| {
        let mut user = tx
            .user(&caller.pool.id, &username_key(&caller.pool, &caller.user))?
            .filter(|u| u.sub == caller.user.sub && u.password_hash == current_hash)
            .ok_or_else(ApiError::incorrect_credentials)?;
        user.set_password(Some(new_hash.clone()), ctx.now());
        if user.status == UserStatus::ResetRequired {
            user.status = UserStatus::Confirmed;
        }
        tx.update_user(&user)
    })?;
    Ok(Empty {})
}

pub fn delete_user(ctx: &Context, req: AccessTokenRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let caller = authenticate(ctx, tx, &req.access_token)?;
        tx.delete_user(
            &caller.pool.id,
            &username_key(&caller.pool, &caller.user),
            ctx.now(),
        )
    })?;
    Ok(Empty {})
}
