//! Passwordless sign-in by e-mail code, run through Define, Create and Verify the way Cognito
//! runs the custom authentication loop (Amazon Cognito Developer Guide, "Custom
//! authentication challenge Lambda triggers"): Define on the session history; Create when
//! Define names a challenge; Verify on each answer; Cognito appends {challengeName,
//! challengeResult, challengeMetadata} to the history; RespondToAuthChallenge's ClientMetadata
//! reaches all three triggers.

use serde_json::{Value, json};
use triggers::Settings;
use triggers::custom_auth::{ACTION_KEY, NEW_CODE_ACTION};

use crate::common::{Harness, fixture};

/// Cognito's side of the loop, for one sign-in attempt.
struct Attempt<'h> {
    h: &'h Harness,
    attributes: Value,
    user_not_found: bool,
    session: Vec<Value>,
    /// The challenge presented now: (public, private, metadata).
    current: Option<(Value, Value, Value)>,
    outcome: Option<&'static str>,
}

impl<'h> Attempt<'h> {
    async fn start(h: &'h Harness) -> Attempt<'h> {
        let attributes = fixture("define_auth_challenge")["request"]["userAttributes"].clone();
        Attempt::start_with(h, attributes, false).await
    }

    async fn start_with(h: &'h Harness, attributes: Value, user_not_found: bool) -> Attempt<'h> {
        let mut attempt = Attempt {
            h,
            attributes,
            user_not_found,
            session: vec![],
            current: None,
            outcome: None,
        };
        attempt.define(json!({})).await;
        attempt
    }

    async fn define(&mut self, client_metadata: Value) {
        let mut event = fixture("define_auth_challenge");
        event["request"]["userAttributes"] = self.attributes.clone();
        event["request"]["session"] = json!(self.session);
        event["request"]["clientMetadata"] = client_metadata.clone();
        event["request"]["userNotFound"] = json!(self.user_not_found);
        let reply = self.h.run(event).await.unwrap();
        let r = &reply["response"];
        if r["issueTokens"] == json!(true) {
            assert_eq!(r["failAuthentication"], json!(false));
            self.outcome = Some("tokens");
        } else if r["failAuthentication"] == json!(true) {
            self.outcome = Some("failed");
        } else {
            assert_eq!(r["challengeName"], json!("CUSTOM_CHALLENGE"));
            self.create(client_metadata).await;
        }
    }

    async fn create(&mut self, client_metadata: Value) {
        let mut event = fixture("create_auth_challenge");
        event["request"]["userAttributes"] = self.attributes.clone();
        event["request"]["session"] = json!(self.session);
        event["request"]["clientMetadata"] = client_metadata;
        event["request"]["userNotFound"] = json!(self.user_not_found);
        let reply = self.h.run(event).await.unwrap();
        let r = &reply["response"];
        self.current = Some((
            r["publicChallengeParameters"].clone(),
            r["privateChallengeParameters"].clone(),
            r["challengeMetadata"].clone(),
        ));
    }

    /// RespondToAuthChallenge with ANSWER (and ClientMetadata).
    async fn respond(&mut self, answer: Value, client_metadata: Value) {
        assert!(self.outcome.is_none(), "the attempt is over");
        let (_, private, metadata) = self.current.clone().expect("a challenge is presented");
        let mut event = fixture("verify_auth_challenge");
        event["request"]["userAttributes"] = self.attributes.clone();
        event["request"]["privateChallengeParameters"] = private;
        event["request"]["challengeAnswer"] = answer;
        event["request"]["clientMetadata"] = client_metadata.clone();
        event["request"]["userNotFound"] = json!(self.user_not_found);
        let reply = self.h.run(event).await.unwrap();
        let correct = reply["response"]["answerCorrect"].as_bool().unwrap();
        self.session.push(json!({
            "challengeName": "CUSTOM_CHALLENGE",
            "challengeResult": correct,
            "challengeMetadata": metadata,
        }));
        self.define(client_metadata).await;
    }

    async fn answer(&mut self, code: &str) {
        self.respond(json!(code), json!({})).await;
    }

    async fn ask_for_new_code(&mut self) {
        self.respond(json!("new-code"), json!({ ACTION_KEY: NEW_CODE_ACTION }))
            .await;
    }

    fn public(&self, key: &str) -> String {
        self.current.as_ref().unwrap().0[key]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

fn harness() -> Harness {
    Harness::new(Settings {
        mail_from: "sign-in@example.com".into(),
        ..Settings::default()
    })
}

/// The codes e-mailed so far, read from the mails as a person would.
fn mailed_codes(h: &Harness) -> Vec<String> {
    h.mailer
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|(from, mail)| {
            assert_eq!(from, "sign-in@example.com");
            assert_eq!(mail.to, "ann@example.com");
            let code = mail.text.rsplit("Your sign-in code: ").next().unwrap()[..6].to_owned();
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
            assert!(mail.html.contains(&code));
            code
        })
        .collect()
}

fn other_code(code: &str) -> String {
    let last = (code.as_bytes()[5] - b'0' + 1) % 10;
    format!("{}{last}", &code[..5])
}

#[tokio::test]
async fn the_right_code_signs_in() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    assert_eq!(attempt.public("delivery"), "EMAIL");
    assert_eq!(attempt.public("codeLength"), "6");
    assert_eq!(attempt.public("attemptsLeft"), "3");
    let codes = mailed_codes(&h);
    assert_eq!(codes.len(), 1);
    // The code is not among the public parameters the app receives.
    assert!(
        !attempt
            .current
            .as_ref()
            .unwrap()
            .0
            .to_string()
            .contains(&codes[0])
    );
    attempt.answer(&codes[0]).await;
    assert_eq!(attempt.outcome, Some("tokens"));
}

#[tokio::test]
async fn a_wrong_code_costs_an_attempt_and_keeps_the_code() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    let code = mailed_codes(&h)[0].clone();
    attempt.answer(&other_code(&code)).await;
    assert_eq!(attempt.outcome, None);
    assert_eq!(attempt.public("attemptsLeft"), "2");
    assert_eq!(
        mailed_codes(&h).len(),
        1,
        "no new mail after a wrong answer"
    );
    attempt.answer(&format!(" {code} ")).await;
    assert_eq!(attempt.outcome, Some("tokens"));
}

#[tokio::test]
async fn three_wrong_codes_end_the_attempt() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    let wrong = other_code(&mailed_codes(&h)[0]);
    attempt.answer(&wrong).await;
    assert_eq!(attempt.public("attemptsLeft"), "2");
    attempt.answer("").await;
    assert_eq!(attempt.public("attemptsLeft"), "1");
    attempt.answer(&wrong).await;
    assert_eq!(attempt.outcome, Some("failed"));
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one_without_costing_an_attempt() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    attempt.answer(&other_code(&mailed_codes(&h)[0])).await;
    attempt.ask_for_new_code().await;
    assert_eq!(attempt.outcome, None);
    assert_eq!(
        attempt.public("attemptsLeft"),
        "2",
        "asking for a code is not a wrong answer"
    );
    assert_eq!(attempt.public("codesLeft"), "1");
    let codes = mailed_codes(&h);
    assert_eq!(codes.len(), 2);
    if codes[0] != codes[1] {
        // (Two draws coincide once in a million.)
        attempt.answer(&codes[0]).await;
        assert_eq!(attempt.outcome, None, "the old code no longer works");
        assert_eq!(attempt.public("attemptsLeft"), "1");
    }
    attempt.answer(&codes[1]).await;
    assert_eq!(attempt.outcome, Some("tokens"));
}

#[tokio::test]
async fn a_new_code_request_is_never_a_right_answer() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    let code = mailed_codes(&h)[0].clone();
    attempt
        .respond(json!(code), json!({ ACTION_KEY: NEW_CODE_ACTION }))
        .await;
    assert_eq!(attempt.outcome, None);
    assert_eq!(mailed_codes(&h).len(), 2);
}

#[tokio::test]
async fn new_codes_are_limited() {
    let h = harness();
    let mut attempt = Attempt::start(&h).await;
    attempt.ask_for_new_code().await;
    attempt.ask_for_new_code().await;
    assert_eq!(attempt.public("codesLeft"), "0");
    assert_eq!(mailed_codes(&h).len(), 3);
    attempt.ask_for_new_code().await;
    assert_eq!(attempt.outcome, Some("failed"));
    assert_eq!(mailed_codes(&h).len(), 3);
}

#[tokio::test]
async fn an_unknown_user_gets_the_same_answers_and_no_mail() {
    let h = harness();
    let attributes = fixture("define_auth_challenge")["request"]["userAttributes"].clone();
    let mut attempt = Attempt::start_with(&h, attributes, true).await;
    assert_eq!(attempt.public("attemptsLeft"), "3");
    assert!(h.mailer.sent.lock().unwrap().is_empty());
    // Even the private code itself is refused.
    let private = attempt.current.as_ref().unwrap().1["code"]
        .as_str()
        .unwrap()
        .to_owned();
    attempt.answer(&private).await;
    assert_eq!(attempt.outcome, None);
    assert_eq!(attempt.public("attemptsLeft"), "2");
}

#[tokio::test]
async fn no_code_goes_to_an_unverified_address() {
    let h = harness();
    let mut attributes = fixture("define_auth_challenge")["request"]["userAttributes"].clone();
    attributes["email_verified"] = json!("false");
    let attempt = Attempt::start_with(&h, attributes, false).await;
    assert_eq!(attempt.public("attemptsLeft"), "3");
    assert!(h.mailer.sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn answers_that_are_not_the_code_are_wrong() {
    let h = harness();
    let mut event = fixture("verify_auth_challenge");
    event["request"]["privateChallengeParameters"] = json!({"code": "123456"});
    for answer in [
        json!("12345"),
        json!("1234567"),
        json!(123456),
        Value::Null,
        json!("123456\u{0}"),
    ] {
        event["request"]["challengeAnswer"] = answer.clone();
        let reply = h.run(event.clone()).await.unwrap();
        assert_eq!(reply["response"]["answerCorrect"], json!(false), "{answer}");
    }
    event["request"]["challengeAnswer"] = json!("123456");
    let reply = h.run(event).await.unwrap();
    assert_eq!(reply["response"]["answerCorrect"], json!(true));
}

#[tokio::test]
async fn a_history_this_flow_did_not_write_fails() {
    let h = harness();
    let mut event = fixture("define_auth_challenge");
    event["request"]["session"] = json!([
        {"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null}
    ]);
    let reply = h.run(event).await.unwrap();
    assert_eq!(reply["response"]["failAuthentication"], json!(true));
    assert_eq!(reply["response"]["issueTokens"], json!(false));
    let mut forged = fixture("define_auth_challenge");
    forged["request"]["session"] = json!([
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "EMAIL_CODE/123456/-1/1"}
    ]);
    let reply = h.run(forged).await.unwrap();
    assert_eq!(reply["response"]["failAuthentication"], json!(true));
}

#[tokio::test]
async fn create_refuses_other_challenges() {
    let h = harness();
    let mut event = fixture("create_auth_challenge");
    event["request"]["challengeName"] = json!("PASSWORD_VERIFIER");
    assert_eq!(h.run(event).await.unwrap_err().kind(), "InvalidEvent");
}
