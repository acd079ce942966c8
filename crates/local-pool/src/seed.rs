//! The seed file (`dev/pool.toml`): pools, app clients, groups and users with fixed ids,
//! applied idempotently at start-up. Anything that already exists is left alone (a user who
//! changed their password keeps it); only what is missing is created.
//!
//! Pool, client and group settings use the Cognito API member names (the CreateUserPool /
//! CreateUserPoolClient / CreateGroup request shapes), so any setting the API accepts can be
//! seeded.

use std::path::Path;

use serde::Deserialize;

use crate::model::{Attributes, UserStatus};
use crate::ops::Context;
use crate::ops::admin_users::new_user;
use crate::ops::pools::{
    CreateGroupRequest, CreateUserPoolClientRequest, CreateUserPoolRequest, create_client_with_id,
    create_group, create_pool_with_id,
};
use crate::password;
use crate::protocol::ApiError;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    #[serde(default, rename = "pool")]
    pub pools: Vec<SeedPool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPool {
    pub id: String,
    /// A CreateUserPool request.
    pub settings: CreateUserPoolRequest,
    #[serde(default, rename = "client")]
    pub clients: Vec<SeedClient>,
    /// CreateGroup requests (without UserPoolId).
    #[serde(default, rename = "group")]
    pub groups: Vec<toml::Table>,
    #[serde(default, rename = "user")]
    pub users: Vec<SeedUser>,
    /// `[pool.triggers]`: where each Lambda trigger runs (see `crate::lambda`).
    #[serde(default)]
    pub triggers: Option<crate::lambda::PoolTriggers>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedClient {
    pub id: String,
    /// A CreateUserPoolClient request (without UserPoolId).
    pub settings: toml::Table,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    pub username: String,
    /// A permanent password: the user is CONFIRMED.
    #[serde(default)]
    pub password: Option<String>,
    /// A temporary password: the user is FORCE_CHANGE_PASSWORD until they choose their own.
    #[serde(default)]
    pub temporary_password: Option<String>,
    #[serde(default)]
    pub attributes: Attributes,
    #[serde(default)]
    pub groups: Vec<String>,
}

#[derive(Debug)]
pub enum SeedError {
    Read(std::io::Error),
    Parse(String),
    Apply(String),
    /// The CloudFormation template that replaces the seed's pools, clients and groups.
    Template(crate::template::TemplateError),
}

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read(err) => write!(f, "cannot read seed file: {err}"),
            Self::Parse(err) => write!(f, "invalid seed file: {err}"),
            Self::Apply(err) => write!(f, "cannot apply seed: {err}"),
            Self::Template(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for SeedError {}

pub fn load(path: &Path) -> Result<SeedFile, SeedError> {
    let text = std::fs::read_to_string(path).map_err(SeedError::Read)?;
    toml::from_str(&text).map_err(|e| SeedError::Parse(e.to_string()))
}

/// The seed with its pools, clients and groups taken from a CloudFormation template (ids and
/// users stay the seed's; see [`crate::template`]).
pub fn load_with_template(
    path: &Path,
    template: &crate::template::TemplateSource,
) -> Result<SeedFile, SeedError> {
    let mut seed = load(path)?;
    template.apply_to(&mut seed).map_err(SeedError::Template)?;
    Ok(seed)
}

/// Creates whatever the seed describes that does not exist yet.
pub fn apply(ctx: &Context, seed: &SeedFile) -> Result<(), SeedError> {
    for pool in &seed.pools {
        apply_pool(ctx, pool).map_err(|e| SeedError::Apply(format!("pool {}: {e}", pool.id)))?;
    }
    Ok(())
}

/// Deserialises an API request from a seed table, adding the pool id.
fn request<T: serde::de::DeserializeOwned>(
    table: &toml::Table,
    pool_id: &str,
) -> Result<T, ApiError> {
    let mut value = serde_json::to_value(table)?;
    if let Some(object) = value.as_object_mut() {
        object.insert("UserPoolId".into(), pool_id.into());
    }
    crate::ops::decode(value)
}

fn apply_pool(ctx: &Context, seed: &SeedPool) -> Result<(), ApiError> {
    // Trigger configuration lives in memory: the seed sets it at every start.
    if let Some(triggers) = &seed.triggers {
        ctx.triggers
            .configure(&seed.id, triggers.clone())
            .map_err(|message| ApiError::new("InvalidParameterException", message))?;
    }
    let exists = ctx.store.transaction(|tx| tx.pool(&seed.id))?.is_some();
    if !exists {
        create_pool_with_id(ctx, seed.id.clone(), seed.settings.clone())?;
    }
    for client in &seed.clients {
        if ctx.store.transaction(|tx| tx.client(&client.id))?.is_none() {
            let req: CreateUserPoolClientRequest = request(&client.settings, &seed.id)?;
            create_client_with_id(ctx, client.id.clone(), req)?;
        }
    }
    for group in &seed.groups {
        let req: CreateGroupRequest = request(group, &seed.id)?;
        if ctx
            .store
            .transaction(|tx| tx.group(&seed.id, &req.group_name))?
            .is_none()
        {
            create_group(ctx, req)?;
        }
    }
    let pool = ctx
        .store
        .transaction(|tx| crate::ops::common::load_pool(tx, &seed.id))?;
    for user in &seed.users {
        let key = pool.username_key(&user.username);
        if ctx
            .store
            .transaction(|tx| tx.user(&pool.id, &key))?
            .is_some()
        {
            continue;
        }
        let (password, status) = match (&user.password, &user.temporary_password) {
            (Some(password), None) => (password, UserStatus::Confirmed),
            (None, Some(password)) => (password, UserStatus::ForceChangePassword),
            _ => {
                return Err(ApiError::invalid_parameter(format!(
                    "user {}: give exactly one of password / temporary_password",
                    user.username
                )));
            }
        };
        password::check_policy(pool.password_policy(), password)?;
        let hash = ctx.passwords.hash(password)?;
        ctx.store.transaction(|tx| {
            let record = new_user(
                &pool,
                &user.username,
                user.attributes.clone(),
                status,
                Some(hash.clone()),
                ctx.now(),
            )?;
            tx.insert_user(&key, &record)?;
            for group in &user.groups {
                tx.group(&pool.id, group)?.ok_or_else(|| {
                    ApiError::resource_not_found(format!("group {group} is not in the seed"))
                })?;
                tx.add_group_member(&pool.id, group, &key)?;
            }
            Ok(())
        })?;
        tracing::info!(pool = %pool.id, username = %user.username, status = status.as_str(), "seeded user");
    }
    Ok(())
}
