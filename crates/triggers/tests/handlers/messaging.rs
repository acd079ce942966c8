//! CustomMessage for every message source. Rules checked: the request's codeParameter in the
//! e-mail and the SMS, and for CustomMessage_AdminCreateUser the usernameParameter too
//! (Amazon Cognito Developer Guide, "Custom message Lambda trigger"); subject 1–140, e-mail
//! 6–20,000 and SMS 6–140 characters (Amazon Cognito API Reference, "MessageTemplateType").

use serde_json::{Value, json};
use triggers::Settings;
use triggers::messaging::{MAX_EMAIL_CHARS, MAX_SMS_CHARS, MAX_SUBJECT_CHARS};

use crate::common::{Harness, fixture};

const SOURCES: [&str; 7] = [
    "CustomMessage_SignUp",
    "CustomMessage_ResendCode",
    "CustomMessage_ForgotPassword",
    "CustomMessage_UpdateUserAttribute",
    "CustomMessage_VerifyUserAttribute",
    "CustomMessage_AdminCreateUser",
    "CustomMessage_Authentication",
];

fn event(source: &str) -> Value {
    let mut event = fixture("custom_message");
    event["triggerSource"] = json!(source);
    if source == "CustomMessage_AdminCreateUser" {
        event["request"]["usernameParameter"] = json!("{username}");
    }
    event
}

fn settings() -> Settings {
    Settings {
        app_url: "https://app.example.com".into(),
        ..Settings::default()
    }
}

async fn message(h: &Harness, event: Value) -> (String, String, String) {
    let reply = h.run(event).await.unwrap();
    let r = &reply["response"];
    let text = |k: &str| {
        r[k].as_str()
            .unwrap_or_else(|| panic!("{k} missing in {r}"))
            .to_owned()
    };
    (
        text("emailSubject"),
        text("emailMessage"),
        text("smsMessage"),
    )
}

#[tokio::test]
async fn every_source_has_its_placeholders_within_cognitos_limits() {
    let h = Harness::new(settings());
    for source in SOURCES {
        let (subject, email, sms) = message(&h, event(source)).await;
        assert!(email.contains("{####}"), "{source}: e-mail lacks the code");
        assert!(sms.contains("{####}"), "{source}: SMS lacks the code");
        if source == "CustomMessage_AdminCreateUser" {
            assert!(
                email.contains("{username}"),
                "{source}: e-mail lacks the username"
            );
            assert!(
                sms.contains("{username}"),
                "{source}: SMS lacks the username"
            );
        }
        assert!(
            (1..=MAX_SUBJECT_CHARS).contains(&subject.chars().count()),
            "{source}: {subject}"
        );
        assert!(!subject.contains('\n'));
        assert!(
            (6..=MAX_EMAIL_CHARS).contains(&email.chars().count()),
            "{source}"
        );
        assert!(
            (6..=MAX_SMS_CHARS).contains(&sms.chars().count()),
            "{source}: {sms}"
        );
        assert!(
            email.starts_with("<!DOCTYPE html>") && email.contains("Poolgate"),
            "{source}"
        );
        assert!(sms.starts_with("Poolgate: "), "{source}: {sms}");
    }
}

#[tokio::test]
async fn the_placeholder_is_the_one_the_request_names() {
    let h = Harness::new(settings());
    for source in SOURCES {
        let mut event = event(source);
        event["request"]["codeParameter"] = json!("{CODE}");
        let (_, email, sms) = message(&h, event).await;
        assert!(
            email.contains("{CODE}") && sms.contains("{CODE}"),
            "{source}"
        );
        assert!(
            !email.contains("{####}") && !sms.contains("{####}"),
            "{source}"
        );
    }
}

#[tokio::test]
async fn sign_up_messages_link_to_confirm_with_username_and_code() {
    let h = Harness::new(settings());
    for source in ["CustomMessage_SignUp", "CustomMessage_ResendCode"] {
        let mut event = event(source);
        event["userName"] = json!("ann lee&co");
        let (_, email, _) = message(&h, event).await;
        assert!(
            email.contains(
                r#"href="https://app.example.com/confirm?username=ann%20lee%26co&amp;code={####}""#
            ),
            "{source}: {email}"
        );
    }
}

#[tokio::test]
async fn admin_create_user_links_to_sign_in_without_the_password() {
    let h = Harness::new(settings());
    let (subject, email, _) = message(&h, event("CustomMessage_AdminCreateUser")).await;
    assert!(
        email.contains(r#"href="https://app.example.com/sign-in?username=ann""#),
        "{email}"
    );
    assert!(
        !email.contains("sign-in?username=ann&amp;"),
        "the password stays out of the URL"
    );
    assert!(subject.contains("ready"));
}

#[tokio::test]
async fn a_password_reset_code_is_never_put_in_a_link() {
    let h = Harness::new(settings());
    for source in [
        "CustomMessage_ForgotPassword",
        "CustomMessage_Authentication",
    ] {
        let (_, email, _) = message(&h, event(source)).await;
        assert!(!email.contains("href="), "{source}");
    }
}

#[tokio::test]
async fn the_product_name_is_escaped_in_html() {
    let h = Harness::new(Settings {
        product_name: "A<b>&C".into(),
        ..settings()
    });
    let (subject, email, _) = message(&h, event("CustomMessage_SignUp")).await;
    assert!(email.contains("A&lt;b&gt;&amp;C") && !email.contains("A<b>"));
    assert_eq!(
        subject, "Confirm your A<b>&C account",
        "subjects are plain text"
    );
}

#[tokio::test]
async fn admin_create_user_without_username_parameter_is_invalid() {
    let h = Harness::new(settings());
    let mut event = event("CustomMessage_AdminCreateUser");
    event["request"]["usernameParameter"] = Value::Null;
    assert_eq!(h.run(event).await.unwrap_err().kind(), "InvalidEvent");
}
