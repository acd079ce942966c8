//! Pool administration: user pools, app clients and groups.

pub use cognito_wire::{
    CreateGroupRequest, CreateGroupResponse, CreateUserPoolClientRequest, CreateUserPoolRequest,
    DescribeUserPoolClientRequest, DescribeUserPoolRequest, GroupType, GroupsPage,
    ListGroupsRequest, UpdateUserPoolClientRequest, UserPoolClientResponse, UserPoolResponse,
    UsernameConfigurationType,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::{
    AppClient, ClientSettings, Group, Policies, SchemaAttribute, TimeUnit, TokenValidityUnits,
    UserPool,
};
use crate::ops::common::{STANDARD_ATTRIBUTES, load_pool};
use crate::ops::{Context, decode};
use crate::protocol::ApiError;
use crate::random;
use crate::tokens;

const REGION: &str = "us-east-1";
const ACCOUNT_ID: &str = "000000000000";

/// Stored pools, clients and their settings keep the JSON of their Cognito shapes, with
/// defaults filled in and members the wire types leave opaque. A request's part converts to
/// its stored form through that JSON, with the errors a request with those members gets.
fn to_stored<T: DeserializeOwned>(wire: impl Serialize) -> Result<T, ApiError> {
    decode(serde_json::to_value(wire)?)
}

/// A stored record as its wire type (the same JSON; see [`to_stored`]).
fn to_wire<T: DeserializeOwned>(stored: impl Serialize) -> Result<T, ApiError> {
    Ok(serde_json::from_value(serde_json::to_value(stored)?)?)
}

/// The members of a request other than `interpreted`: settings this server stores and echoes
/// back without acting on them (LambdaConfig, EmailConfiguration, ...).
fn uninterpreted(
    request: impl Serialize,
    interpreted: &[&str],
) -> Result<Map<String, Value>, ApiError> {
    let Value::Object(mut members) = serde_json::to_value(request)? else {
        return Ok(Map::new());
    };
    members.retain(|name, _| !interpreted.contains(&name.as_str()));
    Ok(members)
}

/// `GroupType` of a stored group.
fn group_type(group: &Group) -> GroupType {
    GroupType {
        group_name: Some(group.group_name.clone()),
        user_pool_id: Some(group.user_pool_id.clone()),
        description: group.description.clone(),
        role_arn: group.role_arn.clone(),
        precedence: group.precedence.and_then(|p| i32::try_from(p).ok()),
        last_modified_date: Some(group.last_modified_date as f64),
        creation_date: Some(group.creation_date as f64),
    }
}

pub fn create_user_pool(
    ctx: &Context,
    req: CreateUserPoolRequest,
) -> Result<UserPoolResponse, ApiError> {
    let id = format!(
        "{REGION}_{}",
        random::string_from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            9
        )?
    );
    Ok(UserPoolResponse {
        user_pool: Some(to_wire(create_pool_with_id(ctx, id, req)?)?),
    })
}

/// Creates a pool with a given id (the seed uses fixed ids) and its signing keys.
pub fn create_pool_with_id(
    ctx: &Context,
    id: String,
    req: CreateUserPoolRequest,
) -> Result<UserPool, ApiError> {
    if req.pool_name.trim().is_empty() {
        return Err(ApiError::missing_member("PoolName"));
    }
    let mut other = uninterpreted(
        &req,
        &[
            "PoolName",
            "Policies",
            "Schema",
            "AutoVerifiedAttributes",
            "AliasAttributes",
            "UsernameAttributes",
            "MfaConfiguration",
            "UsernameConfiguration",
        ],
    )?;
    check_tier(&mut other)?;
    let mfa_configuration = req.mfa_configuration.unwrap_or_else(|| "OFF".into());
    if !["OFF", "ON", "OPTIONAL"].contains(&mfa_configuration.as_str()) {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid MfaConfiguration {mfa_configuration}"
        )));
    }
    let mut schema_attributes: Vec<SchemaAttribute> = STANDARD_ATTRIBUTES
        .iter()
        .map(|name| SchemaAttribute {
            name: (*name).into(),
            attribute_data_type: Some(
                match *name {
                    "email_verified" | "phone_number_verified" => "Boolean",
                    "updated_at" => "Number",
                    _ => "String",
                }
                .into(),
            ),
            developer_only_attribute: Some(false),
            mutable: Some(*name != "sub"),
            required: Some(*name == "sub"),
            other: Map::new(),
        })
        .collect();
    for attribute in to_stored::<Vec<SchemaAttribute>>(req.schema.unwrap_or_default())? {
        if let Some(standard) = schema_attributes
            .iter_mut()
            .find(|a| a.name == attribute.name)
        {
            // Redefining a standard attribute only changes its flags (e.g. Required).
            standard.required = attribute.required.or(standard.required);
            standard.mutable = attribute.mutable.or(standard.mutable);
            continue;
        }
        let name = if attribute.name.starts_with("custom:") {
            attribute.name.clone()
        } else {
            format!("custom:{}", attribute.name)
        };
        schema_attributes.push(SchemaAttribute {
            name,
            attribute_data_type: attribute.attribute_data_type.or(Some("String".into())),
            developer_only_attribute: Some(attribute.developer_only_attribute.unwrap_or(false)),
            mutable: Some(attribute.mutable.unwrap_or(true)),
            required: Some(false),
            other: attribute.other,
        });
    }
    let now = ctx.now();
    let keys = tokens::new_pool_keys(&id, now)?;
    let pool = UserPool {
        arn: format!("arn:aws:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{id}"),
        id,
        name: req.pool_name,
        policies: match req.policies {
            Some(policies) => to_stored(policies)?,
            None => Policies::default(),
        },
        schema_attributes,
        auto_verified_attributes: req.auto_verified_attributes.unwrap_or_default(),
        alias_attributes: req.alias_attributes.unwrap_or_default(),
        username_attributes: req.username_attributes.unwrap_or_default(),
        mfa_configuration,
        // The API default is case sensitive ("True ... This is the default value.":
        // UsernameConfigurationType, Amazon Cognito API Reference).
        username_configuration: req
            .username_configuration
            .unwrap_or(UsernameConfigurationType {
                case_sensitive: true,
            }),
        creation_date: now,
        last_modified_date: now,
        estimated_number_of_users: 0,
        other,
    };
    ctx.store.transaction(|tx| {
        if tx.pool(&pool.id)?.is_some() {
            return Err(ApiError::invalid_parameter(format!(
                "User pool {} already exists.",
                pool.id
            )));
        }
        tx.insert_pool(&pool)?;
        ctx.keys.install(tx, &keys)
    })?;
    tracing::info!(pool = %pool.id, name = %pool.name, "user pool created");
    Ok(pool)
}

const TIER: &str = "UserPoolTier";
/// The feature plans of `UserPoolTierType` (Amazon Cognito API Reference).
const USER_POOL_TIERS: [&str; 3] = ["LITE", "ESSENTIALS", "PLUS"];
/// `UserPoolTier` "Defaults to ESSENTIALS" (`CreateUserPool`, `UserPoolType`, Amazon Cognito API
/// Reference), and `UserPoolType` always names it.
const DEFAULT_TIER: &str = "ESSENTIALS";

/// Refuses a tier that is not a feature plan and fills in the default.
fn check_tier(settings: &mut Map<String, Value>) -> Result<(), ApiError> {
    match settings.get(TIER) {
        None => {
            settings.insert(TIER.into(), DEFAULT_TIER.into());
            Ok(())
        }
        Some(Value::String(tier)) if USER_POOL_TIERS.contains(&tier.as_str()) => Ok(()),
        Some(tier) => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{}' at 'userPoolTier' failed to satisfy \
             constraint: Member must satisfy enum value set: [LITE, ESSENTIALS, PLUS]",
            tier.as_str().unwrap_or_default()
        ))),
    }
}

pub fn describe_user_pool(
    ctx: &Context,
    req: DescribeUserPoolRequest,
) -> Result<UserPoolResponse, ApiError> {
    ctx.store.transaction(|tx| {
        let mut user_pool = load_pool(tx, &req.user_pool_id)?;
        user_pool.estimated_number_of_users = tx.count_users(&user_pool.id)?;
        // Pools stored before the tier was defaulted at creation.
        user_pool
            .other
            .entry(TIER)
            .or_insert_with(|| DEFAULT_TIER.into());
        Ok(UserPoolResponse {
            user_pool: Some(to_wire(user_pool)?),
        })
    })
}

// ---- app clients ---------------------------------------------------------------------------

pub fn create_user_pool_client(
    ctx: &Context,
    req: CreateUserPoolClientRequest,
) -> Result<UserPoolClientResponse, ApiError> {
    let id = random::string_from(b"abcdefghijklmnopqrstuvwxyz0123456789", 26)?;
    Ok(UserPoolClientResponse {
        user_pool_client: Some(to_wire(create_client_with_id(ctx, id, req)?)?),
    })
}

/// Creates an app client with a given id (the seed uses fixed ids).
pub fn create_client_with_id(
    ctx: &Context,
    id: String,
    req: CreateUserPoolClientRequest,
) -> Result<AppClient, ApiError> {
    // `ClientSecret` (a secret of the caller's choosing) is not a stored setting.
    let settings = to_stored(uninterpreted(
        &req,
        &["UserPoolId", "ClientName", "GenerateSecret", "ClientSecret"],
    )?)?;
    let secret = if req.generate_secret.unwrap_or(false) {
        Some(random::string_from(
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            51,
        )?)
    } else {
        None
    };
    let now = ctx.now();
    let client = AppClient {
        user_pool_id: req.user_pool_id,
        client_name: req.client_name,
        client_id: id,
        client_secret: secret,
        creation_date: now,
        last_modified_date: now,
        settings: resolve_settings(settings)?,
    };
    ctx.store.transaction(|tx| {
        load_pool(tx, &client.user_pool_id)?;
        if tx.client(&client.client_id)?.is_some() {
            return Err(ApiError::invalid_parameter(format!(
                "User pool client {} already exists.",
                client.client_id
            )));
        }
        tx.upsert_client(&client)
    })?;
    tracing::info!(client = %client.client_id, pool = %client.user_pool_id, "app client created");
    Ok(client)
}

/// Fills in Cognito's defaults and validates token validities.
///
/// Local-only allowance: validities below AWS's minimums (5 minutes for access/ID tokens,
/// 60 minutes for refresh tokens) are accepted, down to 1 second, so tests can expire tokens.
fn resolve_settings(mut settings: ClientSettings) -> Result<ClientSettings, ApiError> {
    let units = settings
        .token_validity_units
        .get_or_insert_with(TokenValidityUnits::default);
    // Without explicit values Cognito uses 60 minutes (access, ID) and 30 days (refresh).
    if settings.access_token_validity.is_none() {
        settings.access_token_validity = Some(60);
        units.access_token = Some(TimeUnit::Minutes);
    }
    if settings.id_token_validity.is_none() {
        settings.id_token_validity = Some(60);
        units.id_token = Some(TimeUnit::Minutes);
    }
    if settings.refresh_token_validity.is_none() {
        settings.refresh_token_validity = Some(30);
        units.refresh_token = Some(TimeUnit::Days);
    }
    units.access_token.get_or_insert(TimeUnit::Hours);
    units.id_token.get_or_insert(TimeUnit::Hours);
    units.refresh_token.get_or_insert(TimeUnit::Days);
    let checks = [
        (
            "AccessTokenValidity",
            settings.access_token_validity,
            units.access_token,
            86_400,
        ),
        (
            "IdTokenValidity",
            settings.id_token_validity,
            units.id_token,
            86_400,
        ),
        (
            "RefreshTokenValidity",
            settings.refresh_token_validity,
            units.refresh_token,
            315_360_000,
        ),
    ];
    for (member, value, unit, max_secs) in checks {
        let secs = unit.unwrap_or(TimeUnit::Hours).seconds(value.unwrap_or(0));
        if secs < 1 || secs > max_secs {
            return Err(ApiError::invalid_parameter(format!(
                "{member} must be between 1 second and {max_secs} seconds"
            )));
        }
    }
    if settings
        .explicit_auth_flows
        .as_deref()
        .is_none_or(<[String]>::is_empty)
    {
        settings.explicit_auth_flows = Some(
            [
                "ALLOW_REFRESH_TOKEN_AUTH",
                "ALLOW_USER_SRP_AUTH",
                "ALLOW_CUSTOM_AUTH",
            ]
            .map(String::from)
            .to_vec(),
        );
    }
    let prevent = settings
        .prevent_user_existence_errors
        .get_or_insert_with(|| "LEGACY".into());
    if prevent != "LEGACY" && prevent != "ENABLED" {
        return Err(ApiError::invalid_parameter(format!(
            "Invalid PreventUserExistenceErrors {prevent}"
        )));
    }
    settings.enable_token_revocation.get_or_insert(true);
    let session_minutes = *settings.auth_session_validity.get_or_insert(3);
    if !(3..=15).contains(&session_minutes) {
        return Err(ApiError::invalid_parameter(
            "AuthSessionValidity must be between 3 and 15 minutes",
        ));
    }
    if let Some(rotation) = &settings.refresh_token_rotation
        && !(0..=60).contains(&rotation.retry_grace_period_seconds)
    {
        return Err(ApiError::invalid_parameter(
            "RetryGracePeriodSeconds must be between 0 and 60",
        ));
    }
    Ok(settings)
}

pub fn describe_user_pool_client(
    ctx: &Context,
    req: DescribeUserPoolClientRequest,
) -> Result<UserPoolClientResponse, ApiError> {
    ctx.store.transaction(|tx| {
        let (_, client) =
            crate::ops::common::load_pool_client(tx, &req.user_pool_id, &req.client_id)?;
        Ok(UserPoolClientResponse {
            user_pool_client: Some(to_wire(client)?),
        })
    })
}

/// Like Cognito, settings left out of the request return to their defaults.
pub fn update_user_pool_client(
    ctx: &Context,
    req: UpdateUserPoolClientRequest,
) -> Result<UserPoolClientResponse, ApiError> {
    let settings = resolve_settings(to_stored(uninterpreted(
        &req,
        &["UserPoolId", "ClientId", "ClientName"],
    )?)?)?;
    ctx.store.transaction(|tx| {
        let (_, mut client) =
            crate::ops::common::load_pool_client(tx, &req.user_pool_id, &req.client_id)?;
        if let Some(name) = req.client_name {
            client.client_name = name;
        }
        client.settings = settings;
        client.last_modified_date = ctx.now();
        tx.upsert_client(&client)?;
        Ok(UserPoolClientResponse {
            user_pool_client: Some(to_wire(client)?),
        })
    })
}

// ---- groups --------------------------------------------------------------------------------

pub fn create_group(
    ctx: &Context,
    req: CreateGroupRequest,
) -> Result<CreateGroupResponse, ApiError> {
    let now = ctx.now();
    let group = Group {
        group_name: req.group_name,
        user_pool_id: req.user_pool_id,
        description: req.description,
        role_arn: req.role_arn,
        precedence: req.precedence.map(i64::from),
        last_modified_date: now,
        creation_date: now,
    };
    ctx.store.transaction(|tx| {
        load_pool(tx, &group.user_pool_id)?;
        if tx.group(&group.user_pool_id, &group.group_name)?.is_some() {
            return Err(ApiError::new(
                "GroupExistsException",
                format!("A group with the name {} already exists.", group.group_name),
            ));
        }
        tx.insert_group(&group)
    })?;
    Ok(CreateGroupResponse {
        group: Some(group_type(&group)),
    })
}

pub fn list_groups(ctx: &Context, req: ListGroupsRequest) -> Result<GroupsPage, ApiError> {
    let groups = ctx.store.transaction(|tx| {
        load_pool(tx, &req.user_pool_id)?;
        tx.groups(&req.user_pool_id)
    })?;
    let (groups, next_token) = paginate(groups, req.limit, req.next_token.as_deref(), 60)?;
    Ok(groups_page(&groups, next_token))
}

/// A page of groups: the answer of ListGroups and of AdminListGroupsForUser.
pub fn groups_page(groups: &[Group], next_token: Option<String>) -> GroupsPage {
    GroupsPage {
        groups: Some(groups.iter().map(group_type).collect()),
        next_token,
    }
}

/// Offset pagination with opaque tokens, as the List* operations need. `Limit` above `max`
/// and tokens that do not decode to an offset are InvalidParameterException, as is a
/// negative `Limit` ("Minimum value of 0": ListUsers, ListGroups, AdminListGroupsForUser,
/// Amazon Cognito API Reference).
pub fn paginate<T>(
    items: Vec<T>,
    limit: Option<i32>,
    token: Option<&str>,
    max: usize,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let limit = match limit.map(usize::try_from) {
        None => max,
        Some(Err(_)) => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{}' at 'limit' failed to satisfy \
                 constraint: Member must have value greater than or equal to 0",
                limit.unwrap_or_default()
            )));
        }
        Some(Ok(limit)) if limit > max => {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy \
                 constraint: Member must have value less than or equal to {max}"
            )));
        }
        Some(Ok(limit)) => limit.max(1),
    };
    let invalid_token = || ApiError::invalid_parameter("Invalid pagination token");
    let start = match token {
        None => 0,
        Some(token) => data_encoding::BASE64URL_NOPAD
            .decode(token.as_bytes())
            .ok()
            .and_then(|raw| String::from_utf8(raw).ok())
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(invalid_token)?,
    };
    let total = items.len();
    if start > total {
        return Err(invalid_token());
    }
    // start <= total and limit <= max, so this cannot overflow; checked all the same.
    let end = start.checked_add(limit).ok_or_else(invalid_token)?;
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let next =
        (end < total).then(|| data_encoding::BASE64URL_NOPAD.encode(end.to_string().as_bytes()));
    Ok((page, next))
}
