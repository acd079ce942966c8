//! PreAuthentication, PostAuthentication and Pre token generation (V2_0). Response shape of
//! the V2_0 event: Amazon Cognito Developer Guide, "Pre token generation Lambda trigger"
//! (claimsAndScopeOverrideDetails: idTokenGeneration, accessTokenGeneration with
//! claimsToAddOrOverride and scopesToAdd, groupOverrideDetails).

use serde_json::{Value, json};
use triggers::authentication::SUSPENDED_MESSAGE;
use triggers::{Settings, TriggerError};

use crate::common::{Harness, fixture};

#[tokio::test]
async fn an_active_user_may_sign_in() {
    let h = Harness::new(Settings::default());
    let event = fixture("pre_authentication");
    assert_eq!(h.run(event.clone()).await.unwrap(), event);
}

#[tokio::test]
async fn a_suspended_user_is_refused_with_a_message_for_people() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_authentication");
    event["request"]["userAttributes"]["custom:role"] = json!("suspended");
    let error = h.run(event).await.unwrap_err();
    assert_eq!(error, TriggerError::Refused(SUSPENDED_MESSAGE.to_owned()));
    assert_eq!(error.to_string(), SUSPENDED_MESSAGE);
}

#[tokio::test]
async fn post_authentication_writes_one_json_audit_line() {
    let h = Harness::new(Settings::default());
    let event = fixture("post_authentication");
    assert_eq!(h.run(event.clone()).await.unwrap(), event);
    let lines = h.audit.lines.lock().unwrap();
    assert_eq!(lines.len(), 1);
    assert!(!lines[0].contains('\n'));
    let line: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(
        line,
        json!({
            "audit": "sign-in",
            "time": "2026-11-28T01:02:03Z",
            "user": "ann",
            "sub": "4a0b1c2d-3e4f-5061-7283-94a5b6c7d8e9",
            "user_pool_id": "us-east-1_EXAMPLE",
            "client_id": "1example23456789",
            "trigger_source": "PostAuthentication_Authentication",
            "new_device_used": false,
        })
    );
    // Attributes and client metadata stay out of the log.
    assert!(!lines[0].contains("ann@example.com"));
    assert!(!lines[0].contains("example metadata value"));
}

fn overrides(reply: &Value) -> &Value {
    &reply["response"]["claimsAndScopeOverrideDetails"]
}

#[tokio::test]
async fn the_access_token_gets_the_role_and_one_scope_per_group() {
    let h = Harness::new(Settings::default());
    let reply = h.run(fixture("pre_token_generation_v2")).await.unwrap();
    let details = overrides(&reply);
    let access = &details["accessTokenGeneration"];
    assert_eq!(access["claimsToAddOrOverride"], json!({"role": "viewer"}));
    assert_eq!(
        access["scopesToAdd"],
        json!(["poolgate/viewers", "poolgate/reporters"])
    );
    assert_eq!(access["claimsToSuppress"], json!([]));
    assert_eq!(access["scopesToSuppress"], json!([]));
    // The ID token keeps custom:role and cognito:groups: nothing added or suppressed there,
    // and the group override repeats the request's groups.
    assert!(details["idTokenGeneration"].is_null());
    assert_eq!(
        details["groupOverrideDetails"]["groupsToOverride"],
        json!(["viewers", "reporters"])
    );
}

#[tokio::test]
async fn the_scope_prefix_is_a_setting_and_every_token_source_is_handled() {
    let h = Harness::new(Settings {
        group_scope_prefix: "api/".into(),
        ..Settings::default()
    });
    for source in [
        "TokenGeneration_Authentication",
        "TokenGeneration_NewPasswordChallenge",
        "TokenGeneration_RefreshTokens",
        "TokenGeneration_HostedAuth",
        "TokenGeneration_AuthenticateDevice",
    ] {
        let mut event = fixture("pre_token_generation_v2");
        event["triggerSource"] = json!(source);
        let reply = h.run(event).await.unwrap();
        assert_eq!(
            overrides(&reply)["accessTokenGeneration"]["scopesToAdd"],
            json!(["api/viewers", "api/reporters"]),
            "{source}"
        );
    }
}

#[tokio::test]
async fn a_user_without_role_or_groups_gets_no_role_claim_and_no_scopes() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_token_generation_v2");
    event["request"]["userAttributes"]
        .as_object_mut()
        .unwrap()
        .remove("custom:role");
    event["request"]["groupConfiguration"]["groupsToOverride"] = json!([]);
    let reply = h.run(event).await.unwrap();
    let access = &overrides(&reply)["accessTokenGeneration"];
    assert_eq!(access["claimsToAddOrOverride"], json!({}));
    assert_eq!(access["scopesToAdd"], json!([]));
}

#[tokio::test]
async fn a_version_1_event_is_a_configuration_error() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_token_generation_v2");
    event["version"] = json!("1");
    let error = h.run(event).await.unwrap_err();
    assert_eq!(error.kind(), "Settings");
    assert!(error.to_string().contains("V2_0"), "{error}");
}
