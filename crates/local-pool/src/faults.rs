//! Test-mode fault injection and request statistics (`/_local/faults`, `/_local/stats`).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::protocol::{ApiError, Operation};

/// The most fault rules armed at once; more are refused (HTTP 400), so a runaway test or a
/// hostile local program cannot grow the list without bound.
pub const MAX_FAULT_RULES: usize = 1000;
/// The longest injected latency (ten minutes): a longer one only holds a connection open.
pub const MAX_FAULT_LATENCY_MS: u64 = 600_000;
/// The stats bucket for operation names and auth flows this server does not know. Counting
/// each distinct unknown name separately would let any client grow the maps forever.
pub const UNKNOWN: &str = "unknown";
/// The `AuthFlow` values of the Cognito API (`AuthFlowType`); others count as [`UNKNOWN`].
const AUTH_FLOWS: [&str; 8] = [
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "USER_AUTH",
];
/// The most app clients whose renewals are counted one by one; later ones share [`UNKNOWN`].
pub const MAX_COUNTED_CLIENTS: usize = 256;

/// A rule as posted to `POST /_local/faults`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// Operation name, e.g. `InitiateAuth`.
    pub operation: String,
    /// Only match this `AuthFlow` (for InitiateAuth / AdminInitiateAuth).
    #[serde(default)]
    pub auth_flow: Option<String>,
    /// Only match requests naming this `ClientId`, so tests running side by side, each with
    /// its own app client, do not fault each other's requests.
    #[serde(default)]
    pub client_id: Option<String>,
    /// How many matching requests to fault. Omitted: once for error rules, unlimited for
    /// latency-only rules.
    #[serde(default)]
    pub count: Option<u32>,
    /// A Cognito `__type` (e.g. `TooManyRequestsException`), `http:<status>` for a bare
    /// status with an empty body, or `drop` to close the connection without an answer.
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub latency_ms: u64,
}

/// What to do instead of (or before) answering normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    Error(ApiError),
    BareStatus(StatusCode),
    DropConnection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub latency: Duration,
    pub action: Option<FaultAction>,
}

#[derive(Debug)]
struct ArmedRule {
    /// Assigned when added, reported back so a test can find its rule.
    id: u64,
    /// The `error` as posted, for the report.
    error: Option<String>,
    /// How many requests this rule has answered: tests assert that an injected fault fired.
    fired: u64,
    operation: String,
    auth_flow: Option<String>,
    client_id: Option<String>,
    /// `None` = unlimited.
    remaining: Option<u32>,
    latency: Duration,
    action: Option<FaultAction>,
}

/// One rule as `GET /_local/faults` reports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FaultReport {
    pub id: u64,
    pub operation: String,
    pub auth_flow: Option<String>,
    pub client_id: Option<String>,
    pub error: Option<String>,
    pub latency_ms: u64,
    /// Uses left; `None` = unlimited.
    pub remaining: Option<u32>,
    /// Requests the rule answered so far.
    pub fired: u64,
}

#[derive(Debug, Default)]
pub struct FaultInjector {
    /// Used-up rules stay listed (with `remaining: 0`) until cleared, so their `fired` count
    /// can still be read.
    rules: Mutex<Vec<ArmedRule>>,
    next_id: Mutex<u64>,
}

impl FaultInjector {
    /// Arms `rule`; returns its id.
    pub fn add(&self, rule: FaultRule) -> Result<u64, String> {
        let action = rule.error.as_deref().map(parse_action).transpose()?;
        if rule.latency_ms > MAX_FAULT_LATENCY_MS {
            return Err(format!("latency_ms may be at most {MAX_FAULT_LATENCY_MS}"));
        }
        let remaining = match (rule.count, &action) {
            (Some(count), _) => Some(count),
            (None, Some(_)) => Some(1),
            (None, None) => None,
        };
        let mut rules = lock(&self.rules);
        if rules.len() >= MAX_FAULT_RULES {
            return Err(format!(
                "at most {MAX_FAULT_RULES} fault rules may be armed; DELETE /_local/faults first"
            ));
        }
        let id = {
            let mut next_id = lock(&self.next_id);
            *next_id += 1;
            *next_id
        };
        rules.push(ArmedRule {
            id,
            error: rule.error,
            fired: 0,
            operation: rule.operation,
            auth_flow: rule.auth_flow,
            client_id: rule.client_id,
            remaining,
            latency: Duration::from_millis(rule.latency_ms),
            action,
        });
        Ok(id)
    }

    /// Every rule added since the last clear, with how often it fired.
    pub fn report(&self) -> Vec<FaultReport> {
        lock(&self.rules)
            .iter()
            .map(|rule| FaultReport {
                id: rule.id,
                operation: rule.operation.clone(),
                auth_flow: rule.auth_flow.clone(),
                client_id: rule.client_id.clone(),
                error: rule.error.clone(),
                latency_ms: u64::try_from(rule.latency.as_millis()).unwrap_or(u64::MAX),
                remaining: rule.remaining,
                fired: rule.fired,
            })
            .collect()
    }

    pub fn clear(&self) {
        lock(&self.rules).clear();
    }

    /// Consumes one use of the first rule matching this request, if any.
    pub fn take(
        &self,
        operation: &str,
        auth_flow: Option<&str>,
        client_id: Option<&str>,
    ) -> Option<Fault> {
        let mut rules = lock(&self.rules);
        let index = rules.iter().position(|rule| {
            rule.operation == operation
                && rule.remaining != Some(0)
                && rule
                    .auth_flow
                    .as_deref()
                    .is_none_or(|wanted| Some(wanted) == auth_flow)
                && rule
                    .client_id
                    .as_deref()
                    .is_none_or(|wanted| Some(wanted) == client_id)
        })?;
        let rule = &mut rules[index];
        if let Some(remaining) = rule.remaining.as_mut() {
            *remaining -= 1;
        }
        rule.fired += 1;
        Some(Fault {
            latency: rule.latency,
            action: rule.action.clone(),
        })
    }
}

fn parse_action(error: &str) -> Result<FaultAction, String> {
    if error == "drop" {
        return Ok(FaultAction::DropConnection);
    }
    if let Some(code) = error.strip_prefix("http:") {
        return code
            .parse::<u16>()
            .ok()
            .and_then(|code| StatusCode::from_u16(code).ok())
            .map(FaultAction::BareStatus)
            .ok_or_else(|| format!("invalid HTTP status in {error:?}"));
    }
    if error.is_empty() || !error.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("invalid error type {error:?}"));
    }
    let injected = ApiError::new(error.to_owned(), "Injected fault (local-pool test mode)");
    Ok(FaultAction::Error(if error == "InternalErrorException" {
        injected.with_status(StatusCode::INTERNAL_SERVER_ERROR)
    } else {
        injected
    }))
}

/// Counts of requests received, including those answered by an injected fault.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub operations: BTreeMap<String, u64>,
    pub auth_flows: BTreeMap<String, u64>,
    /// Renewals (`REFRESH_TOKEN_AUTH` and `GetTokensFromRefreshToken`) per `ClientId`, so a test
    /// counts its own app client's refreshes and no other browser's.
    pub refreshes_by_client: BTreeMap<String, u64>,
}

#[derive(Debug, Default)]
pub struct Stats {
    counts: Mutex<StatsSnapshot>,
}

impl Stats {
    /// Counts a request. Names come from the client, so only known ones get their own key.
    pub fn record(&self, operation: &str, auth_flow: Option<&str>, client_id: Option<&str>) {
        let renewal = operation == Operation::GetTokensFromRefreshToken.name()
            || matches!(auth_flow, Some("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN"));
        let operation = Operation::from_name(operation).map_or(UNKNOWN, Operation::name);
        let auth_flow = auth_flow.map(|flow| {
            AUTH_FLOWS
                .into_iter()
                .find(|known| *known == flow)
                .unwrap_or(UNKNOWN)
        });
        let mut counts = lock(&self.counts);
        *counts.operations.entry(operation.to_owned()).or_default() += 1;
        if let Some(flow) = auth_flow {
            *counts.auth_flows.entry(flow.to_owned()).or_default() += 1;
        }
        if renewal {
            let client = client_id.unwrap_or(UNKNOWN);
            let known = counts.refreshes_by_client.contains_key(client)
                || counts.refreshes_by_client.len() < MAX_COUNTED_CLIENTS;
            let key = if known { client } else { UNKNOWN };
            *counts
                .refreshes_by_client
                .entry(key.to_owned())
                .or_default() += 1;
        }
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        lock(&self.counts).clone()
    }

    pub fn reset(&self) {
        *lock(&self.counts) = StatsSnapshot::default();
    }
}

/// These mutexes guard plain data, so a poisoned lock still holds a usable value.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> FaultRule {
        serde_json::from_str(json).expect("valid rule")
    }

    #[test]
    fn error_rules_default_to_one_use_and_filter_by_flow() {
        let faults = FaultInjector::default();
        faults
            .add(rule(r#"{"operation":"InitiateAuth","auth_flow":"REFRESH_TOKEN_AUTH","error":"TooManyRequestsException"}"#))
            .expect("added");
        assert!(
            faults
                .take("InitiateAuth", Some("USER_PASSWORD_AUTH"), None)
                .is_none()
        );
        let fault = faults
            .take("InitiateAuth", Some("REFRESH_TOKEN_AUTH"), None)
            .expect("fault");
        assert!(
            matches!(fault.action, Some(FaultAction::Error(ref e)) if e.type_name == "TooManyRequestsException")
        );
        assert!(
            faults
                .take("InitiateAuth", Some("REFRESH_TOKEN_AUTH"), None)
                .is_none()
        );
    }

    #[test]
    fn a_rule_with_a_client_id_faults_only_that_clients_requests() {
        let faults = FaultInjector::default();
        let id = faults
            .add(rule(
                r#"{"operation":"InitiateAuth","client_id":"mine","error":"http:503"}"#,
            ))
            .expect("added");
        let refresh = Some("REFRESH_TOKEN_AUTH");
        assert!(
            faults
                .take("InitiateAuth", refresh, Some("other"))
                .is_none()
        );
        assert!(faults.take("InitiateAuth", refresh, None).is_none());
        assert!(faults.take("InitiateAuth", refresh, Some("mine")).is_some());
        let report = faults.report();
        assert_eq!((report[0].id, report[0].fired), (id, 1));
        assert_eq!(report[0].client_id.as_deref(), Some("mine"));
    }

    #[test]
    fn fired_counts_are_reported_until_cleared() {
        let faults = FaultInjector::default();
        let id = faults
            .add(rule(
                r#"{"operation":"InitiateAuth","count":2,"error":"http:503"}"#,
            ))
            .expect("added");
        assert_eq!(faults.report()[0].fired, 0);
        for _ in 0..3 {
            faults.take("InitiateAuth", None, None);
        }
        let report = faults.report();
        assert_eq!(report.len(), 1);
        assert_eq!(report[0].id, id);
        assert_eq!(report[0].fired, 2, "a used-up rule does not fire again");
        assert_eq!(report[0].remaining, Some(0));
        assert_eq!(report[0].error.as_deref(), Some("http:503"));
        faults.clear();
        assert!(faults.report().is_empty());
    }

    #[test]
    fn latency_only_rules_are_unlimited() {
        let faults = FaultInjector::default();
        faults
            .add(rule(r#"{"operation":"GetUser","latency_ms":5}"#))
            .expect("added");
        for _ in 0..3 {
            let fault = faults.take("GetUser", None, None).expect("fault");
            assert_eq!(fault.latency, Duration::from_millis(5));
            assert!(fault.action.is_none());
        }
    }

    #[test]
    fn rules_and_latency_are_bounded() {
        let faults = FaultInjector::default();
        for _ in 0..MAX_FAULT_RULES {
            faults
                .add(rule(r#"{"operation":"GetUser","latency_ms":1}"#))
                .expect("added");
        }
        assert!(faults.add(rule(r#"{"operation":"GetUser"}"#)).is_err());
        faults.clear();
        assert!(
            faults
                .add(rule(r#"{"operation":"GetUser","latency_ms":600001}"#))
                .is_err()
        );
    }

    #[test]
    fn unknown_names_share_one_stats_bucket() {
        let stats = Stats::default();
        for i in 0..100 {
            stats.record(&format!("Nope{i}"), Some(&format!("FLOW{i}")), None);
        }
        stats.record("InitiateAuth", Some("USER_PASSWORD_AUTH"), Some("c"));
        let snapshot = stats.snapshot();
        assert_eq!(snapshot.operations.len(), 2);
        assert_eq!(snapshot.operations[UNKNOWN], 100);
        assert_eq!(snapshot.auth_flows[UNKNOWN], 100);
        assert_eq!(snapshot.auth_flows["USER_PASSWORD_AUTH"], 1);
        assert!(snapshot.refreshes_by_client.is_empty());
    }

    #[test]
    fn renewals_are_counted_per_client_up_to_a_bound() {
        let stats = Stats::default();
        stats.record("InitiateAuth", Some("REFRESH_TOKEN_AUTH"), Some("a"));
        stats.record("GetTokensFromRefreshToken", None, Some("a"));
        stats.record("InitiateAuth", Some("USER_PASSWORD_AUTH"), Some("a"));
        for i in 0..MAX_COUNTED_CLIENTS + 10 {
            stats.record("GetTokensFromRefreshToken", None, Some(&format!("c{i}")));
        }
        let counts = stats.snapshot().refreshes_by_client;
        assert_eq!(counts["a"], 2);
        assert_eq!(counts.len(), MAX_COUNTED_CLIENTS + 1);
        assert_eq!(counts[UNKNOWN], 11);
    }

    #[test]
    fn parses_special_actions() {
        assert_eq!(parse_action("drop"), Ok(FaultAction::DropConnection));
        assert_eq!(
            parse_action("http:503"),
            Ok(FaultAction::BareStatus(StatusCode::SERVICE_UNAVAILABLE))
        );
        assert!(parse_action("http:abc").is_err());
        assert!(parse_action("bad type!").is_err());
    }
}
