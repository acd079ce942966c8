//! The entry point: dispatch on triggerSource and Cognito-shaped failures.

use serde_json::json;
use triggers::{Settings, TRIGGER_SOURCES, TriggerError};

use crate::common::{Harness, fixture};

#[tokio::test]
async fn an_unknown_trigger_source_is_an_error_naming_it() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_sign_up");
    event["triggerSource"] = json!("UserMigration_Authentication");
    assert_eq!(
        h.run(event).await,
        Err(TriggerError::UnknownTrigger(
            "UserMigration_Authentication".into()
        ))
    );
}

#[tokio::test]
async fn an_event_without_trigger_source_or_request_is_invalid() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_sign_up");
    event.as_object_mut().unwrap().remove("triggerSource");
    assert_eq!(h.run(event).await.unwrap_err().kind(), "InvalidEvent");
    let mut event = fixture("pre_sign_up");
    event.as_object_mut().unwrap().remove("request");
    let error = h.run(event).await.unwrap_err();
    assert_eq!(error.kind(), "InvalidEvent");
    assert!(error.to_string().contains("request"), "{error}");
    assert_eq!(
        h.run(json!("not an event")).await.unwrap_err().kind(),
        "InvalidEvent"
    );
}

#[tokio::test]
async fn a_malformed_value_is_not_echoed_in_the_error() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("verify_auth_challenge");
    event["request"]["userNotFound"] = json!("123456");
    let error = h.run(event).await.unwrap_err();
    assert_eq!(error.kind(), "InvalidEvent");
    assert!(!error.to_string().contains("123456"), "{error}");
}

#[tokio::test]
async fn a_newer_custom_message_source_keeps_cognitos_default_message() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("custom_message");
    event["triggerSource"] = json!("CustomMessage_SomethingNew");
    assert_eq!(h.run(event.clone()).await.unwrap(), event);
}

#[test]
fn every_listed_source_is_distinct() {
    let distinct: std::collections::HashSet<_> = TRIGGER_SOURCES.iter().collect();
    assert_eq!(distinct.len(), TRIGGER_SOURCES.len());
}
