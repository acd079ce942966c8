//! PreSignUp and PostConfirmation. Behaviour of the events and responses: Amazon Cognito
//! Developer Guide, "Pre sign-up Lambda trigger" (autoConfirmUser, autoVerifyEmail; an error
//! refuses the sign-up) and "Post confirmation Lambda trigger" (invoked on ConfirmSignUp,
//! AdminConfirmSignUp and ConfirmForgotPassword, only for self-signed-up users).

use serde_json::{Value, json};
use triggers::sign_up::{DOMAIN_NOT_ALLOWED_MESSAGE, EMAIL_REQUIRED_MESSAGE, ROLE_CHOSEN_MESSAGE};
use triggers::{Settings, TriggerError};

use crate::common::{AdminCall, Harness, fixture};

fn settings(trusted: &[&str], allowed: &[&str]) -> Settings {
    Settings {
        trusted_email_domains: trusted.iter().map(|d| d.to_string()).collect(),
        allowed_email_domains: allowed.iter().map(|d| d.to_string()).collect(),
        ..Settings::default()
    }
}

fn with_email(mut event: Value, email: &str) -> Value {
    event["request"]["userAttributes"]["email"] = json!(email);
    event
}

fn auto_flags(reply: &Value) -> (bool, bool, bool) {
    let r = &reply["response"];
    (
        r["autoConfirmUser"].as_bool().unwrap(),
        r["autoVerifyEmail"].as_bool().unwrap(),
        r["autoVerifyPhone"].as_bool().unwrap(),
    )
}

#[tokio::test]
async fn an_ordinary_sign_up_passes_unchanged() {
    let h = Harness::new(settings(&["staff.example.org"], &[]));
    let reply = h.run(fixture("pre_sign_up")).await.unwrap();
    assert_eq!(auto_flags(&reply), (false, false, false));
    assert_eq!(
        reply["request"]["userAttributes"],
        fixture("pre_sign_up")["request"]["userAttributes"]
    );
}

#[tokio::test]
async fn a_sign_up_that_sets_its_own_role_is_refused() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_sign_up");
    event["request"]["userAttributes"]["custom:role"] = json!("admin");
    let error = h.run(event).await.unwrap_err();
    assert_eq!(error, TriggerError::Refused(ROLE_CHOSEN_MESSAGE.to_owned()));
    // What Cognito makes of it: "PreSignUp failed with error <message>."
    assert_eq!(error.to_string(), ROLE_CHOSEN_MESSAGE);
}

#[tokio::test]
async fn an_empty_role_is_refused_too() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("pre_sign_up");
    event["request"]["userAttributes"]["custom:role"] = json!("");
    assert!(matches!(h.run(event).await, Err(TriggerError::Refused(_))));
}

#[tokio::test]
async fn an_administrator_may_set_the_role() {
    let h = Harness::new(settings(&["example.com"], &["example.org"]));
    let event = fixture("pre_sign_up_admin_create_user");
    // PreSignUp_AdminCreateUser passes unchanged: not refused, not auto-confirmed.
    let reply = h.run(event.clone()).await.unwrap();
    assert_eq!(auto_flags(&reply), (false, false, false));
    assert_eq!(
        reply["request"]["userAttributes"],
        event["request"]["userAttributes"]
    );
}

#[tokio::test]
async fn the_allow_list_refuses_other_domains_and_accepts_its_own() {
    let h = Harness::new(settings(&[], &["example.com", "example.org"]));
    let refused = h
        .run(with_email(fixture("pre_sign_up"), "eve@evil.example"))
        .await;
    assert_eq!(
        refused,
        Err(TriggerError::Refused(DOMAIN_NOT_ALLOWED_MESSAGE.to_owned()))
    );
    // A subdomain is a different domain.
    let sub = h
        .run(with_email(fixture("pre_sign_up"), "eve@mail.example.com"))
        .await;
    assert!(matches!(sub, Err(TriggerError::Refused(_))));
    let accepted = h
        .run(with_email(fixture("pre_sign_up"), "Bob@EXAMPLE.org"))
        .await
        .unwrap();
    assert_eq!(auto_flags(&accepted), (false, false, false));
}

#[tokio::test]
async fn the_allow_list_needs_an_email_address() {
    let h = Harness::new(settings(&[], &["example.com"]));
    let mut event = fixture("pre_sign_up");
    event["request"]["userAttributes"] = json!({"phone_number": "+15555550100"});
    assert_eq!(
        h.run(event).await,
        Err(TriggerError::Refused(EMAIL_REQUIRED_MESSAGE.to_owned()))
    );
    let malformed = h
        .run(with_email(fixture("pre_sign_up"), "example.com"))
        .await;
    assert_eq!(
        malformed,
        Err(TriggerError::Refused(EMAIL_REQUIRED_MESSAGE.to_owned()))
    );
}

#[tokio::test]
async fn a_trusted_domain_is_confirmed_and_its_email_verified() {
    let h = Harness::new(settings(&["example.com"], &[]));
    let reply = h.run(fixture("pre_sign_up")).await.unwrap();
    assert_eq!(auto_flags(&reply), (true, true, false));
    let other = h
        .run(with_email(fixture("pre_sign_up"), "ann@example.net"))
        .await
        .unwrap();
    assert_eq!(auto_flags(&other), (false, false, false));
}

#[tokio::test]
async fn post_confirmation_assigns_viewer_and_viewers() {
    let h = Harness::new(Settings::default());
    let event = fixture("post_confirmation");
    let reply = h.run(event.clone()).await.unwrap();
    assert_eq!(reply["response"], json!({}));
    assert_eq!(
        *h.admin.calls.lock().unwrap(),
        [
            AdminCall::UpdateUserAttributes {
                pool: "us-east-1_EXAMPLE".into(),
                user: "ann".into(),
                attributes: vec![("custom:role".into(), "viewer".into())],
            },
            AdminCall::AddUserToGroup {
                pool: "us-east-1_EXAMPLE".into(),
                user: "ann".into(),
                group: "viewers".into(),
            },
        ]
    );
}

#[tokio::test]
async fn post_confirmation_is_idempotent() {
    let h = Harness::new(Settings::default());
    let event = fixture("post_confirmation");
    h.run(event.clone()).await.unwrap();
    let attributes_once = h.admin.attributes.lock().unwrap().clone();
    let groups_once = h.admin.groups.lock().unwrap().clone();
    // Cognito retries with the same event (attributes as they were before the first run)…
    h.run(event.clone()).await.unwrap();
    // …and a later invocation sees the role already set.
    let mut later = event.clone();
    later["request"]["userAttributes"]["custom:role"] = json!("viewer");
    h.run(later).await.unwrap();
    assert_eq!(*h.admin.attributes.lock().unwrap(), attributes_once);
    assert_eq!(*h.admin.groups.lock().unwrap(), groups_once);
    assert_eq!(groups_once["ann"].iter().collect::<Vec<_>>(), ["viewers"]);
    let calls = h.admin.calls.lock().unwrap();
    assert_eq!(calls.len(), 5, "set+add, set+add, add: {calls:?}");
}

#[tokio::test]
async fn post_confirmation_leaves_an_assigned_role_alone() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("post_confirmation");
    event["request"]["userAttributes"]["custom:role"] = json!("editor");
    h.run(event).await.unwrap();
    assert!(h.admin.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_password_reset_assigns_nothing() {
    let h = Harness::new(Settings::default());
    let mut event = fixture("post_confirmation");
    event["triggerSource"] = json!("PostConfirmation_ConfirmForgotPassword");
    h.run(event).await.unwrap();
    assert!(h.admin.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_admin_api_failure_fails_the_trigger() {
    let h = Harness::new(Settings::default());
    *h.admin.fail_with.lock().unwrap() =
        Some("AdminAddUserToGroup: ResourceNotFoundException".into());
    let error = h.run(fixture("post_confirmation")).await.unwrap_err();
    assert_eq!(error.kind(), "Upstream");
    assert!(
        error.to_string().contains("ResourceNotFoundException"),
        "{error}"
    );
}
