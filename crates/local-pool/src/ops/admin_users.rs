//! User administration (IAM-authorised): create, inspect, change and list users.

use cognito_wire::{
    AdminConfirmSignUpRequest, AdminCreateUserRequest, AdminCreateUserResponse,
    AdminGetUserResponse, AdminGroupMembershipRequest, AdminListGroupsForUserRequest,
    AdminResetUserPasswordRequest, AdminSetUserPasswordRequest, AdminUpdateUserAttributesRequest,
    AdminUserRequest, DeliveryMediumType, GroupsPage, ListUsersRequest, ListUsersResponse,
    MessageActionType,
};

use crate::lambda::{self, MessageSource};
use crate::model::{Attributes, MfaSettings, User, UserPool, UserStatus, attribute_list};
use crate::ops::common::{
    CodePurpose, Medium, PendingMessage, Writer, apply_attributes, load_pool, queue_message,
    require_unconfirmed, require_user, send_code, trigger_context, update_attributes, username_key,
    validate_attributes, verified_medium,
};
use crate::ops::pools::{groups_page, paginate};
use crate::ops::{Context, Empty};
use crate::password;
use crate::protocol::ApiError;
use crate::random;
use crate::store::Tx;

/// A new user record (sub assigned, `sub` attribute set).
pub fn new_user(
    pool: &UserPool,
    username: &str,
    mut attributes: Attributes,
    status: UserStatus,
    password_hash: Option<String>,
    now: i64,
) -> Result<User, ApiError> {
    let sub = random::uuid()?;
    attributes.insert("sub".into(), sub.clone());
    Ok(User {
        pool_id: pool.id.clone(),
        username: username.to_owned(),
        sub,
        status,
        enabled: true,
        password_hash,
        password_set_at: now,
        attributes,
        mfa: MfaSettings::default(),
        created_at: now,
        modified_at: now,
    })
}

/// Checks `password` against the pool's policy and hashes it (outside any transaction).
pub fn hash_new_password(ctx: &Context, pool_id: &str, password: &str) -> Result<String, ApiError> {
    let pool = ctx.store.transaction(|tx| load_pool(tx, pool_id))?;
    password::check_policy(pool.password_policy(), password)?;
    ctx.passwords.hash(password)
}

pub fn validate_username(username: &str) -> Result<(), ApiError> {
    if username.is_empty() || username.len() > 128 || username.chars().any(char::is_whitespace) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{username}' at 'username' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\p{{L}}\\p{{M}}\\p{{S}}\\p{{N}}\\p{{P}}]+"
        )));
    }
    Ok(())
}

pub fn admin_create_user(
    ctx: &Context,
    req: AdminCreateUserRequest,
) -> Result<AdminCreateUserResponse, ApiError> {
    validate_username(&req.username)?;
    let pool = ctx
        .store
        .transaction(|tx| load_pool(tx, &req.user_pool_id))?;
    let temporary_password = match req.temporary_password.filter(|p| !p.is_empty()) {
        Some(password) => {
            password::check_policy(pool.password_policy(), &password)?;
            password
        }
        None => password::generate_temporary(pool.password_policy())?,
    };
    let password_hash = ctx.passwords.hash(&temporary_password)?;
    let resend = match &req.message_action {
        None => false,
        Some(MessageActionType::Resend) => true,
        Some(MessageActionType::Suppress) => false,
        Some(MessageActionType::Other(other)) => {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid MessageAction {other}"
            )));
        }
    };
    let suppress = req.message_action == Some(MessageActionType::Suppress);
    let user_attributes = req.user_attributes.as_deref().unwrap_or_default();
    let changes = validate_attributes(&pool, user_attributes, Writer::Admin, true)?;
    if !resend {
        // PreSignUp_AdminCreateUser may refuse the new user; it runs before the transaction.
        let mut attributes = Attributes::new();
        apply_attributes(&mut attributes, changes.clone());
        lambda::pre_sign_up(
            ctx,
            &lambda::TriggerSubject {
                pool_id: &pool.id,
                client_id: None,
                username: &req.username,
                attributes: &attributes,
            },
            true,
            req.client_metadata.as_ref(),
            &crate::ops::signup::validation_data(req.validation_data.as_deref()),
        )?;
    }

    let user = ctx.store.transaction(|tx| {
        let now = ctx.now();
        let existing = tx.user(&pool.id, &pool.username_key(&req.username))?;
        let user = match (existing, resend) {
            (Some(mut user), true) => {
                if user.status != UserStatus::ForceChangePassword {
                    return Err(ApiError::new(
                        "UnsupportedUserStateException",
                        "Resend not possible. User does not exist or is not in FORCE_CHANGE_PASSWORD state.",
                    ));
                }
                user.set_password(Some(password_hash.clone()), now);
                tx.update_user(&user)?;
                user
            }
            (None, true) => return Err(ApiError::user_not_found()),
            (Some(_), false) => {
                return Err(ApiError::new("UsernameExistsException", "User account already exists"));
            }
            (None, false) => {
                let mut attributes = Attributes::new();
                apply_attributes(&mut attributes, changes.clone());
                let user = new_user(
                    &pool,
                    &req.username,
                    attributes,
                    UserStatus::ForceChangePassword,
                    Some(password_hash.clone()),
                    now,
                )?;
                tx.insert_user(&pool.username_key(&user.username), &user)?;
                user
            }
        };
        if !suppress {
            let wants_sms = req
                .desired_delivery_mediums
                .iter()
                .flatten()
                .any(|m| *m == DeliveryMediumType::Sms);
            let medium = [Medium::Sms, Medium::Email]
                .into_iter()
                .filter(|m| *m == Medium::Email || wants_sms)
                .find(|m| user.attribute(m.attribute()).is_some());
            if let Some(medium) = medium {
                let destination = user.attribute(medium.attribute()).unwrap_or_default().to_owned();
                // The invitation's CustomMessage runs after the transaction.
                queue_message(PendingMessage {
                    pool_id: pool.id.clone(),
                    user: user.clone(),
                    kind: "ADMIN_CREATE_USER",
                    destination,
                    code: temporary_password.clone(),
                    medium,
                    source: MessageSource::AdminCreateUser,
                    client_metadata: req.client_metadata.clone(),
                });
            }
        }
        Ok(user)
    })?;
    Ok(AdminCreateUserResponse {
        user: Some(user.to_user_type()),
    })
}

pub fn admin_get_user(
    ctx: &Context,
    req: AdminUserRequest,
) -> Result<AdminGetUserResponse, ApiError> {
    let user = ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        require_user(tx, &pool, &req.username)
    })?;
    Ok(AdminGetUserResponse {
        username: user.username.clone(),
        user_attributes: Some(attribute_list(&user.attributes)),
        user_create_date: Some(user.created_at as f64),
        user_last_modified_date: Some(user.modified_at as f64),
        enabled: Some(user.enabled),
        user_status: Some(user.status.as_str().into()),
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

pub fn admin_delete_user(ctx: &Context, req: AdminUserRequest) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let user = require_user(tx, &pool, &req.username)?;
        tx.delete_user(&pool.id, &username_key(&pool, &user), ctx.now())
    })?;
    Ok(Empty {})
}

pub fn admin_confirm_sign_up(
    ctx: &Context,
    req: AdminConfirmSignUpRequest,
) -> Result<Empty, ApiError> {
    let user = ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let mut user = require_user(tx, &pool, &req.username)?;
        require_unconfirmed(&user)?;
        user.status = UserStatus::Confirmed;
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        Ok(user)
    })?;
    lambda::post_confirmation(
        ctx,
        &trigger_context(&user, None),
        false,
        req.client_metadata.as_ref(),
    )?;
    Ok(Empty {})
}

pub fn admin_set_user_password(
    ctx: &Context,
    req: AdminSetUserPasswordRequest,
) -> Result<Empty, ApiError> {
    let hash = hash_new_password(ctx, &req.user_pool_id, &req.password)?;
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let mut user = require_user(tx, &pool, &req.username)?;
        user.set_password(Some(hash.clone()), ctx.now());
        user.status = if req.permanent.unwrap_or(false) {
            UserStatus::Confirmed
        } else {
            UserStatus::ForceChangePassword
        };
        tx.update_user(&user)
    })?;
    Ok(Empty {})
}

pub fn admin_update_user_attributes(
    ctx: &Context,
    req: AdminUpdateUserAttributesRequest,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let mut user = require_user(tx, &pool, &req.username)?;
        update_attributes(
            ctx,
            tx,
            &pool,
            &mut user,
            &req.user_attributes,
            Writer::Admin,
        )?;
        Ok(())
    })?;
    Ok(Empty {})
}

pub fn admin_add_user_to_group(
    ctx: &Context,
    req: AdminGroupMembershipRequest,
) -> Result<Empty, ApiError> {
    change_membership(ctx, &req, |tx, pool, group, user| {
        tx.add_group_member(pool, group, user)
    })
}

pub fn admin_remove_user_from_group(
    ctx: &Context,
    req: AdminGroupMembershipRequest,
) -> Result<Empty, ApiError> {
    change_membership(ctx, &req, |tx, pool, group, user| {
        tx.remove_group_member(pool, group, user)
    })
}

/// Checks that the pool, user and group exist, then applies `change(pool id, group, user key)`.
fn change_membership(
    ctx: &Context,
    req: &AdminGroupMembershipRequest,
    change: impl Fn(&Tx<'_>, &str, &str, &str) -> Result<(), ApiError>,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let user = require_user(tx, &pool, &req.username)?;
        tx.group(&pool.id, &req.group_name)?
            .ok_or_else(|| ApiError::resource_not_found("Group not found."))?;
        change(tx, &pool.id, &req.group_name, &username_key(&pool, &user))
    })?;
    Ok(Empty {})
}

pub fn admin_list_groups_for_user(
    ctx: &Context,
    req: AdminListGroupsForUserRequest,
) -> Result<GroupsPage, ApiError> {
    let groups = ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let user = require_user(tx, &pool, &req.username)?;
        tx.groups_of_user(&pool.id, &username_key(&pool, &user))
    })?;
    let (groups, next_token) = paginate(groups, req.limit, req.next_token.as_deref(), 60)?;
    Ok(groups_page(&groups, next_token))
}

pub fn admin_disable_user(ctx: &Context, req: AdminUserRequest) -> Result<Empty, ApiError> {
    set_enabled(ctx, req, false)
}

pub fn admin_enable_user(ctx: &Context, req: AdminUserRequest) -> Result<Empty, ApiError> {
    set_enabled(ctx, req, true)
}

fn set_enabled(ctx: &Context, req: AdminUserRequest, enabled: bool) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let mut user = require_user(tx, &pool, &req.username)?;
        user.enabled = enabled;
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        if !enabled {
            // "Deactivates a user and revokes all access tokens for the user" (AdminDisableUser,
            // Amazon Cognito API Reference): refresh tokens and access tokens already issued
            // stay refused after AdminEnableUser.
            tx.revoke_user_token_families(&pool.id, &username_key(&pool, &user), ctx.now())?;
        }
        Ok(())
    })?;
    Ok(Empty {})
}

/// Puts the user in RESET_REQUIRED and sends a password-reset code (ConfirmForgotPassword).
pub fn admin_reset_user_password(
    ctx: &Context,
    req: AdminResetUserPasswordRequest,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let pool = load_pool(tx, &req.user_pool_id)?;
        let mut user = require_user(tx, &pool, &req.username)?;
        if user.status == UserStatus::Unconfirmed {
            return Err(ApiError::not_authorized(
                "User password cannot be reset in the current state.",
            ));
        }
        user.status = UserStatus::ResetRequired;
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        if let Some(medium) = verified_medium(&user) {
            send_code(
                ctx,
                tx,
                &pool,
                &user,
                CodePurpose::ForgotPassword,
                medium,
                MessageSource::ForgotPassword,
                req.client_metadata.as_ref(),
            )?;
        }
        Ok(())
    })?;
    Ok(Empty {})
}

// ---- ListUsers -----------------------------------------------------------------------------

pub fn list_users(ctx: &Context, req: ListUsersRequest) -> Result<ListUsersResponse, ApiError> {
    let filter = req
        .filter
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .map(UserFilter::parse)
        .transpose()?;
    let users = ctx.store.transaction(|tx| {
        load_pool(tx, &req.user_pool_id)?;
        tx.users(&req.user_pool_id)
    })?;
    let matching: Vec<User> = users
        .into_iter()
        .filter(|u| filter.as_ref().is_none_or(|f| f.matches(u)))
        .collect();
    let (page, pagination_token) =
        paginate(matching, req.limit, req.pagination_token.as_deref(), 60)?;
    let users = page
        .into_iter()
        .map(|mut user| {
            if let Some(wanted) = &req.attributes_to_get {
                user.attributes.retain(|name, _| wanted.contains(name));
            }
            user.to_user_type()
        })
        .collect();
    Ok(ListUsersResponse {
        users: Some(users),
        pagination_token,
    })
}

/// A ListUsers filter: `attribute = "value"` or `attribute ^= "prefix"`.
#[derive(Debug, PartialEq, Eq)]
struct UserFilter {
    attribute: String,
    value: String,
    prefix: bool,
}

const FILTERABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

impl UserFilter {
    fn parse(filter: &str) -> Result<Self, ApiError> {
        let invalid = || ApiError::invalid_parameter("Error while parsing filter.");
        let (attribute, rest, prefix) = match filter.split_once("^=") {
            Some((attribute, rest)) => (attribute, rest, true),
            None => filter
                .split_once('=')
                .map(|(attribute, rest)| (attribute, rest, false))
                .ok_or_else(invalid)?,
        };
        let attribute = attribute.trim().trim_matches('"').to_owned();
        if !FILTERABLE.contains(&attribute.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid search attribute: {attribute}"
            )));
        }
        let value = rest
            .trim()
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(invalid)?
            .replace("\\\"", "\"");
        Ok(Self {
            attribute,
            value,
            prefix,
        })
    }

    fn matches(&self, user: &User) -> bool {
        let actual = match self.attribute.as_str() {
            "username" => Some(user.username.as_str()),
            "cognito:user_status" => Some(user.status.as_str()),
            "status" => Some(if user.enabled { "Enabled" } else { "Disabled" }),
            other => user.attribute(other),
        };
        actual.is_some_and(|actual| {
            if self.prefix {
                actual.starts_with(&self.value)
            } else {
                actual == self.value
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_list_users_filters() {
        let filter = UserFilter::parse(r#"email ^= "ali""#).expect("valid");
        assert_eq!(filter.attribute, "email");
        assert!(filter.prefix);
        let filter = UserFilter::parse(r#"cognito:user_status = "CONFIRMED""#).expect("valid");
        assert_eq!(filter.value, "CONFIRMED");
        assert!(UserFilter::parse("email = unquoted").is_err());
        assert!(UserFilter::parse(r#"custom:role = "x""#).is_err());
    }
}
