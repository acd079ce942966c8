//! Pools, app clients and groups from an AWS SAM / CloudFormation template
//! (`local-pool --template deploy/template.yaml --seed dev/pool.toml`), so the local pool and
//! the deployed one are defined by the same file.
//!
//! Read from the template: `AWS::Cognito::UserPool`, `AWS::Cognito::UserPoolClient` and
//! `AWS::Cognito::UserPoolGroup` resources. Their CloudFormation properties mirror the
//! CreateUserPool / CreateUserPoolClient / CreateGroup request members (the seed's `settings`
//! tables use the same names), except `UserPoolName` (the API's `PoolName`) and the MFA factor
//! list `EnabledMfas` (the API sets it with SetUserPoolMfaConfig, which the local pool does not
//! have: it allows TOTP in every pool whose `MfaConfiguration` is `ON` or `OPTIONAL`). Other
//! resource types (functions, roles, policies) are not the pool's business and are skipped.
//!
//! CloudFormation generates pool and client ids, so the template has none: they come from the
//! seed, matching pools by `PoolName` and clients by `ClientName`. Users come from the seed.
//!
//! The template's `LambdaConfig` decides which Lambda triggers run, so removing one from the
//! template removes it locally too. Each trigger it wires runs where the seed's
//! `[pool.triggers]` says (e.g. a `cargo lambda watch` endpoint), or else builtin (crates/triggers
//! in process, which is what the template's functions deploy); the builtin handlers' settings
//! come from the seed. A trigger the seed wires but the template does not is not run (with a
//! warning). Pre token generation must be `PreTokenGenerationConfig` with `LambdaVersion` `V2_0`,
//! the only event the pool sends, and triggers the pool cannot run are refused (see
//! [`lambda_triggers`]).
//!
//! Intrinsic functions, in short (`!Ref`) and long (`Ref:`, `Fn::Sub:`) form: `Ref` (parameters,
//! with their defaults or `--template-parameter` overrides, and pseudo parameters),
//! `Fn::Sub`, `Fn::GetAtt` (a function's `Arn`), `Fn::If` with the template's `Conditions`
//! (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`), `Fn::Join`, `Fn::Select`, and a
//! resource's `Condition`. Anything else is refused with the property's path.
//!
//! YAML parser: `yaml_serde` (serde_yaml as maintained by the YAML organisation; serde_yaml
//! itself is archived) keeps a CloudFormation short form such as `!Ref PoolName` as a tagged
//! value, which yaml-rust2's loader does not hand out, and its `Value` converts with serde.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use yaml_serde::Value as Yaml;

use crate::lambda::{BuiltinMarker, PoolTriggers, Trigger, TriggerTarget};
use crate::seed::{SeedClient, SeedFile};

/// Pseudo parameters, as in the pools' own ARNs (ops/pools.rs).
const REGION: &str = "us-east-1";
const ACCOUNT_ID: &str = "000000000000";
const STACK_NAME: &str = "local-pool";
/// Nesting of intrinsic functions and conditions beyond this is refused (and stops cycles).
const MAX_DEPTH: usize = 64;

/// The template file and its parameter overrides (`--template-parameter Name=Value`).
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub path: PathBuf,
    pub parameters: BTreeMap<String, String>,
}

#[derive(Debug)]
pub enum TemplateError {
    Read(std::io::Error),
    Parse(String),
    Invalid(String),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read(err) => write!(f, "cannot read template: {err}"),
            Self::Parse(err) => write!(f, "invalid template: {err}"),
            Self::Invalid(err) => write!(f, "template: {err}"),
        }
    }
}

impl std::error::Error for TemplateError {}

fn invalid(message: impl Into<String>) -> TemplateError {
    TemplateError::Invalid(message.into())
}

/// A user pool of the template, as API requests.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplatePool {
    pub logical_id: String,
    /// A CreateUserPool request (without `LambdaConfig`: see `triggers`).
    pub settings: Map<String, Json>,
    /// The triggers the template's `LambdaConfig` wires: the only ones the pool runs.
    pub triggers: BTreeSet<Trigger>,
    /// CreateUserPoolClient requests (without `UserPoolId`).
    pub clients: Vec<Map<String, Json>>,
    /// CreateGroup requests (without `UserPoolId`).
    pub groups: Vec<Map<String, Json>>,
}

impl TemplatePool {
    pub fn name(&self) -> Option<&str> {
        self.settings.get("PoolName").and_then(Json::as_str)
    }
}

impl TemplateSource {
    /// Reads the template and puts its pools, clients and groups in place of the seed's
    /// (keeping the seed's ids, matched by name, and its users).
    pub fn apply_to(&self, seed: &mut SeedFile) -> Result<(), TemplateError> {
        let text = std::fs::read_to_string(&self.path).map_err(TemplateError::Read)?;
        let pools = pools(&text, &self.parameters)?;
        merge_into_seed(pools, seed)
    }
}

/// The user pools of a template, with their clients and groups.
pub fn pools(
    text: &str,
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<TemplatePool>, TemplateError> {
    let root: Yaml = yaml_serde::from_str(text).map_err(|e| TemplateError::Parse(e.to_string()))?;
    let eval = Evaluator::new(&root, overrides)?;
    let mut pools: Vec<TemplatePool> = Vec::new();
    let mut clients = Vec::new();
    let mut groups = Vec::new();
    for (id, resource) in &eval.resources {
        if let Some(condition) = &resource.condition
            && !eval.condition(condition, 0)?
        {
            continue;
        }
        match resource.kind.as_str() {
            "AWS::Cognito::UserPool" => pools.push(eval.user_pool(id, &resource.properties)?),
            "AWS::Cognito::UserPoolClient" => {
                clients.push(eval.pool_member(id, &resource.properties)?)
            }
            "AWS::Cognito::UserPoolGroup" => {
                groups.push(eval.pool_member(id, &resource.properties)?)
            }
            _ => {}
        }
    }
    for (pool_id, client) in clients {
        pool_named(&mut pools, &pool_id)?.clients.push(client);
    }
    for (pool_id, group) in groups {
        pool_named(&mut pools, &pool_id)?.groups.push(group);
    }
    Ok(pools)
}

fn pool_named<'a>(
    pools: &'a mut [TemplatePool],
    logical_id: &str,
) -> Result<&'a mut TemplatePool, TemplateError> {
    pools
        .iter_mut()
        .find(|p| p.logical_id == logical_id)
        .ok_or_else(|| {
            invalid(format!(
                "UserPoolId refers to {logical_id}, not a user pool"
            ))
        })
}

/// Replaces each matching seed pool's settings, clients and groups by the template's.
pub fn merge_into_seed(pools: Vec<TemplatePool>, seed: &mut SeedFile) -> Result<(), TemplateError> {
    let mut matched = BTreeSet::new();
    for pool in pools {
        let name = pool
            .name()
            .ok_or_else(|| invalid(format!("{}: UserPoolName is required", pool.logical_id)))?
            .to_owned();
        let seeded = seed
            .pools
            .iter_mut()
            .find(|p| p.settings.pool_name == name)
            .ok_or_else(|| {
                invalid(format!(
                    "the seed has no pool with PoolName {name:?} (the template's {}); \
                     its id comes from there",
                    pool.logical_id
                ))
            })?;
        matched.insert(seeded.id.clone());
        seeded.settings = serde_json::from_value(Json::Object(pool.settings))
            .map_err(|e| invalid(format!("{}: {e}", pool.logical_id)))?;
        let mut clients = Vec::new();
        for client in pool.clients {
            let client_name = client.get("ClientName").and_then(Json::as_str);
            let id = seeded
                .clients
                .iter()
                .find(|c| c.settings.get("ClientName").and_then(|n| n.as_str()) == client_name)
                .map(|c| c.id.clone())
                .ok_or_else(|| {
                    invalid(format!(
                        "the seed's pool {name:?} has no client with ClientName {client_name:?}; \
                         its id comes from there"
                    ))
                })?;
            clients.push(SeedClient {
                id,
                settings: toml_table(client)?,
            });
        }
        for dropped in seeded
            .clients
            .iter()
            .filter(|c| !clients.iter().any(|t| t.id == c.id))
        {
            tracing::warn!(client = %dropped.id, "seed client not in the template: not created");
        }
        seeded.clients = clients;
        seeded.groups = pool
            .groups
            .into_iter()
            .map(toml_table)
            .collect::<Result<_, _>>()?;
        let seed_triggers = seeded.triggers.take().unwrap_or_default();
        seeded.triggers = Some(wire_triggers(&seeded.id, &pool.triggers, seed_triggers));
    }
    if let Some(unmatched) = seed.pools.iter().find(|p| !matched.contains(&p.id)) {
        return Err(invalid(format!(
            "the seed's pool {} ({:?}) is not in the template",
            unmatched.id, unmatched.settings.pool_name
        )));
    }
    Ok(())
}

/// The pool's trigger configuration: the template's triggers, each where the seed runs it or
/// else builtin, with the seed's builtin settings. Seed triggers the template lacks are dropped.
fn wire_triggers(pool_id: &str, wired: &BTreeSet<Trigger>, seed: PoolTriggers) -> PoolTriggers {
    let mut triggers = PoolTriggers {
        settings: seed.settings.clone(),
        ..PoolTriggers::default()
    };
    for trigger in Trigger::ALL {
        let seed_target = seed.target(trigger).cloned();
        if wired.contains(&trigger) {
            let target = seed_target.unwrap_or(TriggerTarget::Builtin(BuiltinMarker::Builtin));
            tracing::debug!(pool = %pool_id, trigger = trigger.error_name(), ?target, "template trigger");
            *triggers.target_mut(trigger) = Some(target);
        } else if seed_target.is_some() {
            tracing::warn!(
                pool = %pool_id,
                trigger = trigger.seed_key(),
                "seed trigger not in the template's LambdaConfig: not run"
            );
        }
    }
    triggers
}

/// `LambdaConfig` members that name a trigger the local pool cannot run. They are refused
/// rather than skipped with a warning: a pool that quietly ignores a user migration or a custom
/// sender behaves unlike the deployed one (users who do not migrate; codes sent as plain mail
/// instead of through the sender), the very drift reading the template is meant to prevent.
const UNRUNNABLE_TRIGGERS: [&str; 4] = [
    "UserMigration",
    "CustomEmailSender",
    "CustomSMSSender",
    "InboundFederation",
];

/// The triggers of a pool's evaluated `LambdaConfig` (`at` is its property path).
///
/// Pre token generation: a plain `PreTokenGeneration` function gets Cognito's V1_0 event, which
/// can change the ID token only; access-token claims need `PreTokenGenerationConfig` with
/// `LambdaVersion` `V2_0` ("Pre token generation Lambda trigger", Amazon Cognito Developer
/// Guide). The pool sends V2_0 events only (triggers/events.rs), so anything else is refused
/// rather than answered more kindly than Cognito would. The API says `PreTokenGeneration` and
/// `PreTokenGenerationConfig.LambdaArn` "have the same value" (PreTokenGenerationVersionConfigType,
/// API Reference): both given and different is refused too.
fn lambda_triggers(
    at: &str,
    lambda_config: &Map<String, Json>,
) -> Result<BTreeSet<Trigger>, TemplateError> {
    let mut triggers = BTreeSet::new();
    let mut plain_pre_token = None;
    let mut versioned_pre_token = None;
    for (member, target) in lambda_config {
        let path = format!("{at}.{member}");
        if let Some(trigger) = Trigger::from_lambda_config(member) {
            function_arn(target, &path)?;
            triggers.insert(trigger);
            continue;
        }
        match member.as_str() {
            "PreTokenGeneration" => plain_pre_token = Some(function_arn(target, &path)?),
            "PreTokenGenerationConfig" => {
                let config = target
                    .as_object()
                    .ok_or_else(|| invalid(format!("{path}: needs LambdaArn and LambdaVersion")))?;
                let arn = function_arn(
                    config.get("LambdaArn").unwrap_or(&Json::Null),
                    &format!("{path}.LambdaArn"),
                )?;
                match config.get("LambdaVersion").and_then(Json::as_str) {
                    Some("V2_0") => versioned_pre_token = Some(arn),
                    Some("V1_0") => return Err(v1_pre_token(&format!("{path}.LambdaVersion"))),
                    Some(other) => {
                        return Err(invalid(format!(
                            "{path}.LambdaVersion: {other:?} is not supported: the local pool \
                             sends the V2_0 event only; set V2_0"
                        )));
                    }
                    None => return Err(invalid(format!("{path}.LambdaVersion is required"))),
                }
            }
            // The custom senders' key: no trigger of its own (its senders are refused).
            "KMSKeyID" => {}
            unrunnable if UNRUNNABLE_TRIGGERS.contains(&unrunnable) => {
                return Err(invalid(format!(
                    "{path}: the local pool cannot run the {unrunnable} trigger; remove it from \
                     the template (e.g. with a Condition and AWS::NoValue) to develop locally"
                )));
            }
            other => {
                return Err(invalid(format!(
                    "{path}: {other} is not a LambdaConfig trigger"
                )));
            }
        }
    }
    match (plain_pre_token, versioned_pre_token) {
        (Some(_), None) => return Err(v1_pre_token(&format!("{at}.PreTokenGeneration"))),
        (Some(plain), Some(versioned)) if plain != versioned => {
            return Err(invalid(format!(
                "{at}: PreTokenGeneration and PreTokenGenerationConfig.LambdaArn name different \
                 functions; Cognito keeps one value for both"
            )));
        }
        (_, Some(_)) => {
            triggers.insert(Trigger::PreTokenGeneration);
        }
        (None, None) => {}
    }
    Ok(triggers)
}

fn v1_pre_token(path: &str) -> TemplateError {
    invalid(format!(
        "{path}: this wires pre token generation with the V1_0 event, which cannot change the \
         access token (and the local pool sends V2_0 events only); set PreTokenGenerationConfig \
         with LambdaArn and LambdaVersion V2_0 instead (the pool needs UserPoolTier ESSENTIALS \
         or PLUS)"
    ))
}

/// The Lambda function ARN a trigger member names.
fn function_arn<'a>(value: &'a Json, path: &str) -> Result<&'a str, TemplateError> {
    value
        .as_str()
        .filter(|arn| arn.starts_with("arn:") && arn.contains(":lambda:"))
        .ok_or_else(|| {
            invalid(format!(
                "{path}: needs a Lambda function ARN (e.g. !GetAtt Fn.Arn)"
            ))
        })
}

/// The V2_0 pre token generation event needs the Essentials or Plus feature plan ("Pre token
/// generation Lambda trigger"); CreateUserPool's `UserPoolTier` "Defaults to ESSENTIALS" (API
/// Reference, CreateUserPool). Cognito's answer to V2_0 on a Lite pool is not documented beyond
/// that (FeatureUnavailableInTierException is CreateUserPool's error for "a feature ... isn't
/// available in your current feature plan"), so the template is refused here.
fn check_tier(
    at: &str,
    settings: &Map<String, Json>,
    triggers: &BTreeSet<Trigger>,
) -> Result<(), TemplateError> {
    let tier = match settings.get("UserPoolTier") {
        None => return Ok(()),
        Some(tier) => tier
            .as_str()
            .filter(|t| ["LITE", "ESSENTIALS", "PLUS"].contains(t))
            .ok_or_else(|| {
                invalid(format!(
                    "{at}.UserPoolTier: {tier} is not LITE, ESSENTIALS or PLUS"
                ))
            })?,
    };
    if tier == "LITE" && triggers.contains(&Trigger::PreTokenGeneration) {
        return Err(invalid(format!(
            "{at}.UserPoolTier: the V2_0 pre token generation event (PreTokenGenerationConfig) \
             needs the ESSENTIALS or PLUS feature plan, not LITE"
        )));
    }
    Ok(())
}

fn toml_table(object: Map<String, Json>) -> Result<toml::Table, TemplateError> {
    serde::Deserialize::deserialize(Json::Object(object))
        .map_err(|e: serde_json::Error| invalid(format!("a setting TOML cannot hold: {e}")))
}

struct Resource {
    kind: String,
    condition: Option<String>,
    properties: Yaml,
}

/// Resolves parameters, conditions and intrinsic functions.
struct Evaluator {
    parameters: BTreeMap<String, Json>,
    conditions: BTreeMap<String, Yaml>,
    resources: Vec<(String, Resource)>,
}

impl Evaluator {
    fn new(root: &Yaml, overrides: &BTreeMap<String, String>) -> Result<Self, TemplateError> {
        let section = |name: &str| root.get(name).and_then(Yaml::as_mapping);
        let mut parameters = BTreeMap::new();
        for (name, declaration) in section("Parameters").into_iter().flatten() {
            let name = key(name)?;
            let value = match overrides.get(&name) {
                Some(value) => value.clone(),
                None => match declaration.get("Default") {
                    Some(default) => scalar(default)
                        .ok_or_else(|| invalid(format!("parameter {name}: Default")))?,
                    None => {
                        return Err(invalid(format!(
                            "parameter {name} has no Default: give it with --template-parameter"
                        )));
                    }
                },
            };
            if let Some(allowed) = declaration.get("AllowedValues").and_then(Yaml::as_sequence)
                && !allowed
                    .iter()
                    .any(|a| scalar(a).as_deref() == Some(value.as_str()))
            {
                return Err(invalid(format!(
                    "parameter {name}: {value:?} is not one of its AllowedValues"
                )));
            }
            let kind = declaration
                .get("Type")
                .and_then(Yaml::as_str)
                .unwrap_or("String");
            let value = match kind {
                "String" | "Number" => Json::String(value),
                "CommaDelimitedList" | "List<Number>" => Json::Array(
                    value
                        .split(',')
                        .map(|v| Json::String(v.trim().to_owned()))
                        .collect(),
                ),
                other => {
                    return Err(invalid(format!(
                        "parameter {name}: type {other} is not supported"
                    )));
                }
            };
            parameters.insert(name, value);
        }
        if let Some(unknown) = overrides.keys().find(|k| !parameters.contains_key(*k)) {
            return Err(invalid(format!("the template has no parameter {unknown}")));
        }
        let mut conditions = BTreeMap::new();
        for (name, body) in section("Conditions").into_iter().flatten() {
            conditions.insert(key(name)?, body.clone());
        }
        let mut resources = Vec::new();
        for (id, body) in section("Resources").into_iter().flatten() {
            let id = key(id)?;
            let kind = body
                .get("Type")
                .and_then(Yaml::as_str)
                .ok_or_else(|| invalid(format!("resource {id} has no Type")))?
                .to_owned();
            let condition = body
                .get("Condition")
                .and_then(Yaml::as_str)
                .map(str::to_owned);
            if let Some(condition) = &condition
                && !conditions.contains_key(condition)
            {
                return Err(invalid(format!("resource {id}: no condition {condition}")));
            }
            let properties = body.get("Properties").cloned().unwrap_or(Yaml::Null);
            resources.push((
                id,
                Resource {
                    kind,
                    condition,
                    properties,
                },
            ));
        }
        Ok(Self {
            parameters,
            conditions,
            resources,
        })
    }

    fn user_pool(&self, id: &str, properties: &Yaml) -> Result<TemplatePool, TemplateError> {
        let mut settings = self.object(properties, id)?;
        if let Some(name) = settings.remove("UserPoolName") {
            settings.insert("PoolName".into(), name);
        }
        // SetUserPoolMfaConfig's business, not CreateUserPool's (see the module comment).
        for not_create_member in [
            "EnabledMfas",
            "WebAuthnRelyingPartyID",
            "WebAuthnUserVerification",
        ] {
            settings.remove(not_create_member);
        }
        let triggers = match settings.remove("LambdaConfig") {
            None => BTreeSet::new(),
            Some(Json::Object(lambda_config)) => {
                lambda_triggers(&format!("{id}.LambdaConfig"), &lambda_config)?
            }
            Some(_) => return Err(invalid(format!("{id}.LambdaConfig is not a mapping"))),
        };
        check_tier(id, &settings, &triggers)?;
        Ok(TemplatePool {
            logical_id: id.to_owned(),
            settings,
            triggers,
            clients: Vec::new(),
            groups: Vec::new(),
        })
    }

    /// A client's or group's properties, and the logical id of the pool it belongs to.
    fn pool_member(
        &self,
        id: &str,
        properties: &Yaml,
    ) -> Result<(String, Map<String, Json>), TemplateError> {
        let pool = properties
            .get("UserPoolId")
            .and_then(|value| match intrinsic(value) {
                Some(("Ref", Yaml::String(target))) => Some(target.clone()),
                _ => None,
            })
            .ok_or_else(|| invalid(format!("{id}.UserPoolId must be !Ref <a user pool>")))?;
        let mut settings = self.object(properties, id)?;
        settings.remove("UserPoolId");
        Ok((pool, settings))
    }

    fn object(&self, properties: &Yaml, at: &str) -> Result<Map<String, Json>, TemplateError> {
        let mut properties = properties.clone();
        // UserPoolId is a reference to a resource, which `pool_member` reads itself.
        if let Some(mapping) = properties.as_mapping_mut() {
            mapping.remove("UserPoolId");
        }
        match self.eval(&properties, at, 0)? {
            Some(Json::Object(object)) => Ok(object),
            None | Some(Json::Null) => Ok(Map::new()),
            Some(_) => Err(invalid(format!("{at}.Properties is not a mapping"))),
        }
    }

    /// The JSON value of a template value; `None` for `!Ref AWS::NoValue` (the property or
    /// element is left out).
    fn eval(&self, value: &Yaml, at: &str, depth: usize) -> Result<Option<Json>, TemplateError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!("{at}: nested too deeply")));
        }
        if let Some((function, argument)) = intrinsic(value) {
            return self.function(function, argument, at, depth + 1);
        }
        Ok(Some(match value {
            Yaml::Null => Json::Null,
            Yaml::Bool(b) => Json::Bool(*b),
            Yaml::Number(n) => {
                serde_json::to_value(n).map_err(|e| invalid(format!("{at}: number {n}: {e}")))?
            }
            Yaml::String(s) => Json::String(s.clone()),
            Yaml::Sequence(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.extend(self.eval(item, &format!("{at}[{i}]"), depth + 1)?);
                }
                Json::Array(out)
            }
            Yaml::Mapping(mapping) => {
                let mut out = Map::new();
                for (name, item) in mapping {
                    let name = key(name)?;
                    if let Some(item) = self.eval(item, &format!("{at}.{name}"), depth + 1)? {
                        out.insert(name, item);
                    }
                }
                Json::Object(out)
            }
            Yaml::Tagged(tagged) => {
                return Err(invalid(format!(
                    "{at}: unsupported function !{}",
                    tagged.tag
                )));
            }
        }))
    }

    fn function(
        &self,
        function: &str,
        argument: &Yaml,
        at: &str,
        depth: usize,
    ) -> Result<Option<Json>, TemplateError> {
        let at = format!("{at} ({function})");
        let at = at.as_str();
        match function {
            "Ref" => {
                let name = argument
                    .as_str()
                    .ok_or_else(|| invalid(format!("{at}: needs a name")))?;
                self.reference(name, at)
            }
            "Fn::GetAtt" => {
                let (resource, attribute) = match argument {
                    Yaml::String(dotted) => dotted
                        .split_once('.')
                        .map(|(r, a)| (r.to_owned(), a.to_owned())),
                    Yaml::Sequence(parts) if parts.len() == 2 => parts[0]
                        .as_str()
                        .zip(parts[1].as_str())
                        .map(|(r, a)| (r.into(), a.into())),
                    _ => None,
                }
                .ok_or_else(|| invalid(format!("{at}: needs Resource.Attribute")))?;
                self.attribute(&resource, &attribute, at)
                    .map(|v| Some(Json::String(v)))
            }
            "Fn::Sub" => {
                let (text, variables) = match argument {
                    Yaml::String(text) => (text.as_str(), None),
                    Yaml::Sequence(parts) if parts.len() == 2 => (
                        parts[0]
                            .as_str()
                            .ok_or_else(|| invalid(format!("{at}: needs a string")))?,
                        Some(&parts[1]),
                    ),
                    _ => return Err(invalid(format!("{at}: needs a string"))),
                };
                self.substitute(text, variables, at, depth)
                    .map(|s| Some(Json::String(s)))
            }
            "Fn::If" => {
                let [condition, then, otherwise] = three(argument, at)?;
                let condition = condition
                    .as_str()
                    .ok_or_else(|| invalid(format!("{at}: needs a condition name")))?;
                let chosen = if self.condition(condition, depth)? {
                    then
                } else {
                    otherwise
                };
                self.eval(chosen, at, depth)
            }
            "Fn::Join" => {
                let parts = argument.as_sequence().filter(|p| p.len() == 2);
                let (delimiter, list) = parts
                    .and_then(|p| p[0].as_str().map(|d| (d, &p[1])))
                    .ok_or_else(|| invalid(format!("{at}: needs [delimiter, list]")))?;
                let items = match self.eval(list, at, depth)? {
                    Some(Json::Array(items)) => items,
                    _ => return Err(invalid(format!("{at}: needs a list"))),
                };
                let strings: Option<Vec<String>> = items.iter().map(json_scalar).collect();
                let strings =
                    strings.ok_or_else(|| invalid(format!("{at}: joins strings only")))?;
                Ok(Some(Json::String(strings.join(delimiter))))
            }
            "Fn::Select" => {
                let parts = argument
                    .as_sequence()
                    .filter(|p| p.len() == 2)
                    .ok_or_else(|| invalid(format!("{at}: needs [index, list]")))?;
                let index = self
                    .eval(&parts[0], at, depth)?
                    .as_ref()
                    .and_then(json_scalar)
                    .and_then(|i| i.parse::<usize>().ok())
                    .ok_or_else(|| invalid(format!("{at}: needs a numeric index")))?;
                match self.eval(&parts[1], at, depth)? {
                    Some(Json::Array(items)) => items
                        .get(index)
                        .cloned()
                        .map(Some)
                        .ok_or_else(|| invalid(format!("{at}: index {index} out of range"))),
                    _ => Err(invalid(format!("{at}: needs a list"))),
                }
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => {
                let mut wrapped = yaml_serde::Mapping::new();
                wrapped.insert(Yaml::String(function.to_owned()), argument.clone());
                self.truth(&Yaml::Mapping(wrapped), at, depth)
                    .map(|b| Some(Json::Bool(b)))
            }
            other => Err(invalid(format!("{at}: {other} is not supported"))),
        }
    }

    fn reference(&self, name: &str, at: &str) -> Result<Option<Json>, TemplateError> {
        if let Some(value) = self.parameters.get(name) {
            return Ok(Some(value.clone()));
        }
        let pseudo = match name {
            "AWS::NoValue" => return Ok(None),
            "AWS::Region" => REGION.to_owned(),
            "AWS::AccountId" => ACCOUNT_ID.to_owned(),
            "AWS::Partition" => "aws".to_owned(),
            "AWS::URLSuffix" => "amazonaws.com".to_owned(),
            "AWS::StackName" => STACK_NAME.to_owned(),
            "AWS::StackId" => {
                format!("arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{STACK_NAME}/local")
            }
            _ => {
                return Err(invalid(format!(
                    "{at}: {name} is no parameter (resource ids exist only once deployed)"
                )));
            }
        };
        Ok(Some(Json::String(pseudo)))
    }

    /// `Fn::GetAtt`: only a function's `Arn` (what `LambdaConfig` names).
    fn attribute(
        &self,
        resource: &str,
        attribute: &str,
        at: &str,
    ) -> Result<String, TemplateError> {
        let kind = self
            .resources
            .iter()
            .find(|(id, _)| id == resource)
            .map(|(_, r)| r.kind.as_str())
            .ok_or_else(|| invalid(format!("{at}: no resource {resource}")))?;
        match (kind, attribute) {
            ("AWS::Serverless::Function" | "AWS::Lambda::Function", "Arn") => Ok(format!(
                "arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{resource}"
            )),
            _ => Err(invalid(format!(
                "{at}: {resource}.{attribute} is not supported"
            ))),
        }
    }

    /// `Fn::Sub`: `${Name}` (a variable, parameter or pseudo parameter), `${Resource.Attr}`,
    /// and `${!Literal}` for a literal `${Literal}`.
    fn substitute(
        &self,
        text: &str,
        variables: Option<&Yaml>,
        at: &str,
        depth: usize,
    ) -> Result<String, TemplateError> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| invalid(format!("{at}: unclosed ${{ in {text:?}")))?;
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else {
                let value = match variables.and_then(|v| v.get(name)) {
                    Some(value) => self.eval(value, at, depth + 1)?,
                    None => match name.split_once('.') {
                        Some((resource, attribute)) if !name.starts_with("AWS::") => {
                            Some(Json::String(self.attribute(resource, attribute, at)?))
                        }
                        _ => self.reference(name, at)?,
                    },
                };
                let value = value
                    .as_ref()
                    .and_then(json_scalar)
                    .ok_or_else(|| invalid(format!("{at}: ${{{name}}} is not a string")))?;
                out.push_str(&value);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn condition(&self, name: &str, depth: usize) -> Result<bool, TemplateError> {
        let body = self
            .conditions
            .get(name)
            .ok_or_else(|| invalid(format!("no condition {name}")))?;
        self.truth(body, &format!("Conditions.{name}"), depth + 1)
    }

    /// A condition function's truth.
    fn truth(&self, value: &Yaml, at: &str, depth: usize) -> Result<bool, TemplateError> {
        if depth > MAX_DEPTH {
            return Err(invalid(format!("{at}: nested too deeply (a cycle?)")));
        }
        let (function, argument) = intrinsic(value)
            .or_else(|| single_key(value).filter(|(k, _)| *k == "Condition"))
            .ok_or_else(|| invalid(format!("{at}: not a condition")))?;
        let list = || {
            argument
                .as_sequence()
                .ok_or_else(|| invalid(format!("{at} ({function}): needs a list")))
        };
        match function {
            "Fn::Equals" => {
                let items = list()?;
                if items.len() != 2 {
                    return Err(invalid(format!("{at} (Fn::Equals): needs two values")));
                }
                let a = self.eval(&items[0], at, depth + 1)?;
                let b = self.eval(&items[1], at, depth + 1)?;
                // CloudFormation compares strings: 1 equals "1".
                Ok(
                    a.as_ref().and_then(json_scalar) == b.as_ref().and_then(json_scalar)
                        && a.is_some(),
                )
            }
            "Fn::Not" => match list()?.as_slice() {
                [one] => Ok(!self.truth(one, at, depth + 1)?),
                _ => Err(invalid(format!("{at} (Fn::Not): needs one condition"))),
            },
            "Fn::And" => {
                let mut all = true;
                for item in list()? {
                    all &= self.truth(item, at, depth + 1)?;
                }
                Ok(all)
            }
            "Fn::Or" => {
                let mut any = false;
                for item in list()? {
                    any |= self.truth(item, at, depth + 1)?;
                }
                Ok(any)
            }
            "Condition" => {
                let name = argument
                    .as_str()
                    .ok_or_else(|| invalid(format!("{at} (Condition): needs a name")))?;
                self.condition(name, depth + 1)
            }
            other => Err(invalid(format!(
                "{at}: {other} is not a condition function"
            ))),
        }
    }
}

/// `(function, argument)` of an intrinsic function in short (`!Sub x`) or long
/// (`Fn::Sub: x`, `Ref: x`) form.
fn intrinsic(value: &Yaml) -> Option<(&'static str, &Yaml)> {
    const FUNCTIONS: [&str; 11] = [
        "Ref",
        "Fn::GetAtt",
        "Fn::Sub",
        "Fn::If",
        "Fn::Join",
        "Fn::Select",
        "Fn::Equals",
        "Fn::Not",
        "Fn::And",
        "Fn::Or",
        "Condition",
    ];
    let (name, argument) = match value {
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let short = tag.trim_start_matches('!');
            let long = if matches!(short, "Ref" | "Condition") {
                short.to_owned()
            } else {
                format!("Fn::{short}")
            };
            (long, &tagged.value)
        }
        _ => {
            let (name, argument) = single_key(value)?;
            if name == "Condition" {
                return None;
            }
            (name.to_owned(), argument)
        }
    };
    FUNCTIONS
        .into_iter()
        .find(|f| *f == name)
        .map(|f| (f, argument))
}

fn single_key(value: &Yaml) -> Option<(&str, &Yaml)> {
    let mapping = value.as_mapping()?;
    if mapping.len() != 1 {
        return None;
    }
    let (name, argument) = mapping.iter().next()?;
    let name = name.as_str()?;
    (name == "Ref" || name == "Condition" || name.starts_with("Fn::")).then_some((name, argument))
}

fn three<'a>(argument: &'a Yaml, at: &str) -> Result<[&'a Yaml; 3], TemplateError> {
    match argument.as_sequence().map(Vec::as_slice) {
        Some([a, b, c]) => Ok([a, b, c]),
        _ => Err(invalid(format!("{at}: needs three values"))),
    }
}

fn key(value: &Yaml) -> Result<String, TemplateError> {
    scalar(value).ok_or_else(|| invalid(format!("a key is not a string: {value:?}")))
}

/// A YAML scalar as CloudFormation sees it: a string.
fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn json_scalar(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads a template file's pools (for tools and tests).
pub fn load(
    path: &Path,
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<TemplatePool>, TemplateError> {
    let text = std::fs::read_to_string(path).map_err(TemplateError::Read)?;
    pools(&text, overrides)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  Name:
    Type: String
    Default: pool
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: { "Fn::Not": [{ Condition: IsProd }] }
Resources:
  Fn:
    Type: AWS::Serverless::Function
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: !Sub "${Name}-${Stage}"
      DeletionProtection: !If [IsProd, ACTIVE, INACTIVE]
      MfaConfiguration: { "Fn::If": [IsDev, OPTIONAL, !Ref "AWS::NoValue"] }
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
      UserPoolTags:
        Where: !Sub "${AWS::Region}/${!Literal}"
        Joined: !Join ["-", [a, !Ref Name, !Select [1, [x, y]]]]
      LambdaConfig:
        PreSignUp: !GetAtt Fn.Arn
        PreTokenGenerationConfig:
          LambdaArn: { "Fn::GetAtt": [Fn, Arn] }
          LambdaVersion: V2_0
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      ClientName: web
      AccessTokenValidity: 60
  ProdOnlyGroup:
    Type: AWS::Cognito::UserPoolGroup
    Condition: IsProd
    Properties:
      UserPoolId: { Ref: Pool }
      GroupName: auditors
"#;

    fn parse(overrides: &[(&str, &str)]) -> Result<Vec<TemplatePool>, TemplateError> {
        let overrides = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        pools(TEMPLATE, &overrides)
    }

    #[test]
    fn intrinsic_functions_parameters_and_conditions() {
        let pools = parse(&[]).expect("parses");
        let [pool] = pools.as_slice() else {
            panic!("one pool: {pools:?}")
        };
        let settings = &pool.settings;
        assert_eq!(settings["PoolName"], "pool-dev");
        assert_eq!(settings["DeletionProtection"], "INACTIVE");
        assert_eq!(settings["MfaConfiguration"], "OPTIONAL");
        assert!(!settings.contains_key("EnabledMfas"));
        assert!(!settings.contains_key("LambdaConfig"));
        assert_eq!(settings["UserPoolTags"]["Where"], "us-east-1/${Literal}");
        assert_eq!(settings["UserPoolTags"]["Joined"], "a-pool-y");
        assert_eq!(
            pool.triggers,
            BTreeSet::from([Trigger::PreSignUp, Trigger::PreTokenGeneration])
        );
        assert_eq!(pool.clients.len(), 1);
        assert_eq!(pool.clients[0]["ClientName"], "web");
        assert_eq!(pool.clients[0]["AccessTokenValidity"], 60);
        assert!(!pool.clients[0].contains_key("UserPoolId"));
        assert!(pool.groups.is_empty(), "the group's condition is false");

        let prod = parse(&[("Stage", "prod")]).expect("parses");
        assert_eq!(prod[0].settings["PoolName"], "pool-prod");
        assert_eq!(prod[0].settings["DeletionProtection"], "ACTIVE");
        assert!(
            !prod[0].settings.contains_key("MfaConfiguration"),
            "AWS::NoValue leaves the property out"
        );
        assert_eq!(prod[0].groups[0]["GroupName"], "auditors");
    }

    /// A pool with `LambdaConfig` members given by `members` (YAML lines at the member level).
    fn lambda_config(members: &str) -> Result<Vec<TemplatePool>, TemplateError> {
        let text = format!(
            "Conditions:\n  Never: !Equals [a, b]\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n  P:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      UserPoolName: p\n      LambdaConfig:\n{members}"
        );
        pools(&text, &BTreeMap::new())
    }

    #[test]
    fn lambda_config_names_the_triggers_that_run() {
        let pools = lambda_config(
            "        PreSignUp: !GetAtt Fn.Arn\n        PostConfirmation: !If [Never, !GetAtt Fn.Arn, !Ref AWS::NoValue]\n        KMSKeyID: arn:aws:kms:us-east-1:000000000000:key/k\n",
        )
        .expect("parses");
        assert_eq!(pools[0].triggers, BTreeSet::from([Trigger::PreSignUp]));

        let error = lambda_config(
            "        PreTokenGenerationConfig:\n          LambdaArn: !GetAtt Fn.Arn\n          LambdaVersion: V3_0\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("P.LambdaConfig.PreTokenGenerationConfig.LambdaVersion: \"V3_0\""),
            "{error}"
        );
        let error = lambda_config(
            "        PreTokenGenerationConfig:\n          LambdaArn: !GetAtt Fn.Arn\n",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("LambdaVersion is required"), "{error}");
        let error = lambda_config("        PreSignUp: not-an-arn\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("P.LambdaConfig.PreSignUp: needs a Lambda function ARN"),
            "{error}"
        );
        let error = lambda_config(
            "        CustomEmailSender:\n          LambdaArn: !GetAtt Fn.Arn\n          LambdaVersion: V1_0\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("cannot run the CustomEmailSender trigger"),
            "{error}"
        );
    }

    #[test]
    fn unsupported_or_wrong_input_is_reported_with_its_place() {
        let error = parse(&[("Stage", "test")]).unwrap_err().to_string();
        assert!(error.contains("AllowedValues"), "{error}");
        let error = pools(
            "Resources:\n  P:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      UserPoolName: !FindInMap [a, b, c]\n",
            &BTreeMap::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("P.UserPoolName"), "{error}");
        let error = pools("Resources: [", &BTreeMap::new()).unwrap_err();
        assert!(matches!(error, TemplateError::Parse(_)), "{error}");
        let cyclic = "Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\nResources:\n  P:\n    Type: AWS::Cognito::UserPool\n    Condition: A\n";
        let error = pools(cyclic, &BTreeMap::new()).unwrap_err().to_string();
        assert!(error.contains("nested too deeply"), "{error}");
    }
}
