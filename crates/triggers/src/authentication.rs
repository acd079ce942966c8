//! The authentication family: PreAuthentication, PostAuthentication and Pre token generation.
//!
//! Event shapes: Amazon Cognito Developer Guide, "Pre authentication Lambda trigger",
//! "Post authentication Lambda trigger" and "Pre token generation Lambda trigger"
//! (docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html:
//! the V2_0 event, whose response customizes both the ID and the access token).

use std::time::{SystemTime, UNIX_EPOCH};

use aws_lambda_events::event::cognito::{
    ClaimsAndScopeOverrideDetailsV2, CognitoAccessTokenGenerationV2,
    CognitoEventUserPoolsPostAuthentication, CognitoEventUserPoolsPreAuthentication,
    CognitoEventUserPoolsPreTokenGenV2,
};
use serde_json::{Value, json};

use crate::effects::AuditSink;
use crate::{ROLE_ATTRIBUTE, Settings, TriggerError};

/// The role that may not sign in.
pub const SUSPENDED_ROLE: &str = "suspended";
/// Shown to a suspended user who tries to sign in.
pub const SUSPENDED_MESSAGE: &str =
    "This account is suspended. Contact your administrator to restore access";
/// The access-token claim that carries the user's role.
pub const ROLE_CLAIM: &str = "role";

/// PreAuthentication: refuses a user whose `custom:role` is `suspended`.
pub fn pre_authentication(
    event: CognitoEventUserPoolsPreAuthentication,
) -> Result<CognitoEventUserPoolsPreAuthentication, TriggerError> {
    match event.request.user_attributes.get(ROLE_ATTRIBUTE) {
        Some(role) if role == SUSPENDED_ROLE => {
            Err(TriggerError::Refused(SUSPENDED_MESSAGE.to_owned()))
        }
        _ => Ok(event),
    }
}

/// PostAuthentication: one JSON line per sign-in with who (username and `sub`), which app
/// client, the trigger source and the time. Nothing else from the event is written: the event
/// carries no token, but its attributes and client metadata are not the audit log's business.
pub fn post_authentication(
    event: CognitoEventUserPoolsPostAuthentication,
    audit: &dyn AuditSink,
    now: SystemTime,
) -> Result<CognitoEventUserPoolsPostAuthentication, TriggerError> {
    let header = &event.cognito_event_user_pools_header;
    let trigger_source = serde_json::to_value(&header.trigger_source)
        .map_err(|e| TriggerError::InvalidEvent(e.to_string()))?;
    let line = json!({
        "audit": "sign-in",
        "time": rfc3339(now),
        "user": header.user_name,
        "sub": event.request.user_attributes.get("sub"),
        "user_pool_id": header.user_pool_id,
        "client_id": header.caller_context.client_id,
        "trigger_source": trigger_source,
        "new_device_used": event.request.new_device_used,
    });
    audit.record(&line.to_string());
    Ok(event)
}

/// Pre token generation (V2_0 event): the access token gets the user's role as a `role` claim
/// and one scope per group (`<group_scope_prefix><group>`), so an API can authorize from the
/// access token alone. The ID token is not touched: it keeps `custom:role` and
/// `cognito:groups`. The group override repeats the request's groups unchanged, because a
/// response's `groupOverrideDetails` replaces the groups written to the tokens.
pub fn pre_token_generation(
    mut event: CognitoEventUserPoolsPreTokenGenV2,
    settings: &Settings,
) -> Result<CognitoEventUserPoolsPreTokenGenV2, TriggerError> {
    let request = &event.request;
    let mut access = CognitoAccessTokenGenerationV2::default();
    if let Some(role) = request.user_attributes.get(ROLE_ATTRIBUTE) {
        access
            .claims_to_add_or_override
            .insert(ROLE_CLAIM.to_owned(), Value::String(role.clone()));
    }
    access.scopes_to_add = request
        .group_configuration
        .groups_to_override
        .iter()
        .map(|group| format!("{}{group}", settings.group_scope_prefix))
        .collect();
    let mut details = ClaimsAndScopeOverrideDetailsV2::default();
    details.group_override_details = request.group_configuration.clone();
    details.access_token_generation = Some(access);
    event.response.claims_and_scope_override_details = Some(details);
    Ok(event)
}

/// `2026-11-28T01:02:03Z`, UTC, whole seconds.
pub(crate) fn rfc3339(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

// Howard Hinnant's days → civil date algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(1_795_827_723)),
            "2026-11-28T01:02:03Z"
        );
    }
}
