//! Self-service sign-up and password recovery.

use cognito_wire::{
    ConfirmForgotPasswordRequest, ConfirmSignUpRequest, SignUpRequest, SignUpResponse,
    UsernameRequest,
};

use crate::lambda::{self, MessageSource, TriggerSubject};
use crate::model::{AppClient, Attributes, User, UserPool, UserStatus};
use crate::ops::admin_users::{new_user, validate_username};
use crate::ops::common::{
    CodeDeliveryResponse, CodePurpose, Medium, Writer, apply_attributes, check_code,
    check_secret_hash, commit_refusal, delivery_details, find_user, load_client, load_pool,
    missing_required, require_unconfirmed, send_code, trigger_context, validate_attributes,
    verified_medium,
};
use crate::ops::{Context, Empty};
use crate::password;
use crate::protocol::ApiError;
use crate::store::Tx;

/// The client a self-service request names and its pool, once `SECRET_HASH` checks out.
fn load_client_pool(
    ctx: &Context,
    client_id: &str,
    username: &str,
    secret_hash: Option<&str>,
) -> Result<(AppClient, UserPool), ApiError> {
    let (client, pool) = ctx.store.transaction(|tx| {
        let client = load_client(tx, client_id)?;
        let pool = load_pool(tx, &client.user_pool_id)?;
        Ok((client, pool))
    })?;
    check_secret_hash(&client, &[username], secret_hash)?;
    Ok((client, pool))
}

/// The attribute Cognito verifies on sign-up (`AutoVerifiedAttributes`), email first.
fn auto_verified_medium(pool: &UserPool, user: &User) -> Option<Medium> {
    [Medium::Email, Medium::Sms].into_iter().find(|m| {
        pool.auto_verified_attributes
            .iter()
            .any(|a| a == m.attribute())
            && user.attribute(m.attribute()).is_some()
    })
}

pub fn sign_up(ctx: &Context, req: SignUpRequest) -> Result<SignUpResponse, ApiError> {
    // Optional in the model, yet Cognito rejects a sign-up without one as a missing member.
    let password = req
        .password
        .as_deref()
        .ok_or_else(|| ApiError::missing_member("Password"))?;
    validate_username(&req.username)?;
    let (client, pool) = load_client_pool(
        ctx,
        &req.client_id,
        &req.username,
        req.secret_hash.as_deref(),
    )?;
    password::check_policy(pool.password_policy(), password)?;
    let user_attributes = req.user_attributes.as_deref().unwrap_or_default();
    let changes = validate_attributes(&pool, user_attributes, Writer::User(&client), true)?;
    let mut attributes = Attributes::new();
    apply_attributes(&mut attributes, changes);
    if let Some(name) = missing_required(&pool, &attributes).first() {
        return Err(ApiError::invalid_parameter(format!(
            "Attributes did not conform to the schema: {name}: The attribute {name} is required"
        )));
    }
    let reply = lambda::pre_sign_up(
        ctx,
        &TriggerSubject {
            pool_id: &pool.id,
            client_id: Some(&client.client_id),
            username: &req.username,
            attributes: &attributes,
        },
        false,
        req.client_metadata.as_ref(),
        &validation_data(req.validation_data.as_deref()),
    )?;
    let auto_confirm = reply.auto_confirm_user;
    // PreSignUp may verify the e-mail or phone as the user is created.
    if reply.auto_verify_email && attributes.contains_key("email") {
        attributes.insert("email_verified".into(), "true".into());
    }
    if reply.auto_verify_phone && attributes.contains_key("phone_number") {
        attributes.insert("phone_number_verified".into(), "true".into());
    }
    let password_hash = ctx.passwords.hash(password)?;

    let (user, delivery) = ctx.store.transaction(|tx| {
        if tx
            .user(&pool.id, &pool.username_key(&req.username))?
            .is_some()
        {
            return Err(ApiError::new(
                "UsernameExistsException",
                "User already exists",
            ));
        }
        let status = if auto_confirm {
            UserStatus::Confirmed
        } else {
            UserStatus::Unconfirmed
        };
        let user = new_user(
            &pool,
            &req.username,
            attributes.clone(),
            status,
            Some(password_hash.clone()),
            ctx.now(),
        )?;
        tx.insert_user(&pool.username_key(&user.username), &user)?;
        let delivery = match auto_verified_medium(&pool, &user).filter(|_| !auto_confirm) {
            Some(medium) => Some(send_code(
                ctx,
                tx,
                &pool,
                &user,
                CodePurpose::SignUp,
                medium,
                MessageSource::SignUp,
                req.client_metadata.as_ref(),
            )?),
            None => None,
        };
        Ok((user, delivery))
    })?;
    if auto_confirm {
        lambda::post_confirmation(
            ctx,
            &trigger_context(&user, Some(&client.client_id)),
            false,
            req.client_metadata.as_ref(),
        )?;
    }
    Ok(SignUpResponse {
        user_confirmed: auto_confirm,
        code_delivery_details: delivery,
        user_sub: user.sub,
        session: None,
    })
}

/// An unknown user in a code-confirming operation: hidden behind a code error when the
/// client prevents user existence errors.
fn unknown_user_for_code(client: &AppClient) -> ApiError {
    if client.prevents_user_existence_errors() {
        ApiError::code_mismatch()
    } else {
        ApiError::user_not_found()
    }
}

pub fn confirm_sign_up(ctx: &Context, req: ConfirmSignUpRequest) -> Result<Empty, ApiError> {
    let (client, pool) = load_client_pool(
        ctx,
        &req.client_id,
        &req.username,
        req.secret_hash.as_deref(),
    )?;
    let user = commit_refusal(ctx.store.transaction(|tx| {
        let mut user =
            find_user(tx, &pool, &req.username)?.ok_or_else(|| unknown_user_for_code(&client))?;
        require_unconfirmed(&user)?;
        if let Err(refusal) = check_code(
            ctx,
            tx,
            &pool,
            &user,
            &CodePurpose::SignUp,
            &req.confirmation_code,
        )? {
            return Ok(Err(refusal));
        }
        if let Some(medium) = auto_verified_medium(&pool, &user) {
            user.attributes
                .insert(format!("{}_verified", medium.attribute()), "true".into());
        }
        user.status = UserStatus::Confirmed;
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        Ok(Ok(user))
    }))?;
    lambda::post_confirmation(
        ctx,
        &trigger_context(&user, Some(&client.client_id)),
        false,
        req.client_metadata.as_ref(),
    )?;
    Ok(Empty {})
}

/// What Cognito answers for an unknown user when user existence errors are prevented: a
/// plausible delivery that went nowhere.
fn simulated_delivery(username: &str) -> CodeDeliveryResponse {
    CodeDeliveryResponse {
        code_delivery_details: Some(delivery_details(
            Medium::Email,
            &format!("{username}@example.com"),
        )),
    }
}

pub fn resend_confirmation_code(
    ctx: &Context,
    req: UsernameRequest,
) -> Result<CodeDeliveryResponse, ApiError> {
    send_code_to_user(ctx, &req, |tx, pool, user| {
        if user.status != UserStatus::Unconfirmed {
            return Err(ApiError::invalid_parameter("User is already confirmed."));
        }
        let medium = auto_verified_medium(pool, user)
            .ok_or_else(|| ApiError::invalid_parameter("Auto verification not turned on."))?;
        Ok(CodeDeliveryResponse {
            code_delivery_details: Some(send_code(
                ctx,
                tx,
                pool,
                user,
                CodePurpose::SignUp,
                medium,
                MessageSource::ResendCode,
                req.client_metadata.as_ref(),
            )?),
        })
    })
}

/// ResendConfirmationCode and ForgotPassword: finds the named user, then `send` delivers the
/// code; an unknown user gets what Cognito answers for one.
fn send_code_to_user(
    ctx: &Context,
    req: &UsernameRequest,
    send: impl FnOnce(&Tx<'_>, &UserPool, &User) -> Result<CodeDeliveryResponse, ApiError>,
) -> Result<CodeDeliveryResponse, ApiError> {
    let (client, pool) = load_client_pool(
        ctx,
        &req.client_id,
        &req.username,
        req.secret_hash.as_deref(),
    )?;
    ctx.store.transaction(|tx| {
        let Some(user) = find_user(tx, &pool, &req.username)? else {
            return unknown_user_delivery(&client, &req.username);
        };
        send(tx, &pool, &user)
    })
}

fn unknown_user_delivery(
    client: &AppClient,
    username: &str,
) -> Result<CodeDeliveryResponse, ApiError> {
    if client.prevents_user_existence_errors() {
        Ok(simulated_delivery(username))
    } else {
        Err(ApiError::user_not_found())
    }
}

pub fn forgot_password(
    ctx: &Context,
    req: UsernameRequest,
) -> Result<CodeDeliveryResponse, ApiError> {
    send_code_to_user(ctx, &req, |tx, pool, user| {
        send_reset_code(ctx, tx, pool, user, req.client_metadata.as_ref())
    })
}

fn send_reset_code(
    ctx: &Context,
    tx: &Tx<'_>,
    pool: &UserPool,
    user: &User,
    client_metadata: Option<&cognito_wire::StringMap>,
) -> Result<CodeDeliveryResponse, ApiError> {
    if !user.enabled {
        return Err(ApiError::user_disabled());
    }
    if user.status == UserStatus::ForceChangePassword {
        return Err(ApiError::not_authorized(
            "User password cannot be reset in the current state.",
        ));
    }
    let medium = verified_medium(user).ok_or_else(|| {
            ApiError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            )
        })?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(send_code(
            ctx,
            tx,
            pool,
            user,
            CodePurpose::ForgotPassword,
            medium,
            MessageSource::ForgotPassword,
            client_metadata,
        )?),
    })
}

pub fn confirm_forgot_password(
    ctx: &Context,
    req: ConfirmForgotPasswordRequest,
) -> Result<Empty, ApiError> {
    let (client, pool) = load_client_pool(
        ctx,
        &req.client_id,
        &req.username,
        req.secret_hash.as_deref(),
    )?;
    password::check_policy(pool.password_policy(), &req.password)?;
    let password_hash = ctx.passwords.hash(&req.password)?;
    let user = commit_refusal(ctx.store.transaction(|tx| {
        let mut user =
            find_user(tx, &pool, &req.username)?.ok_or_else(|| unknown_user_for_code(&client))?;
        if let Err(refusal) = check_code(
            ctx,
            tx,
            &pool,
            &user,
            &CodePurpose::ForgotPassword,
            &req.confirmation_code,
        )? {
            return Ok(Err(refusal));
        }
        user.set_password(Some(password_hash.clone()), ctx.now());
        user.status = UserStatus::Confirmed;
        tx.update_user(&user)?;
        Ok(Ok(user))
    }))?;
    lambda::post_confirmation(
        ctx,
        &trigger_context(&user, Some(&client.client_id)),
        true,
        req.client_metadata.as_ref(),
    )?;
    Ok(Empty {})
}

/// SignUp's / AdminCreateUser's `ValidationData` as PreSignUp's `validationData` map (API
/// Reference, SignUp, "ValidationData": passed to the pre sign-up trigger only).
pub fn validation_data(attributes: Option<&[cognito_wire::AttributeType]>) -> Attributes {
    attributes
        .unwrap_or_default()
        .iter()
        .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
        .collect()
}
