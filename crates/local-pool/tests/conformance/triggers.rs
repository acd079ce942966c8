//! Lambda triggers: every trigger point fires with Cognito's `triggerSource` and event shape,
//! in order, through a Lambda invoke endpoint started by the test (a recording trigger) and in
//! builtin mode (crates/triggers, as `dev/pool.toml` configures it); refusals, time-outs and
//! the pre token generation claims.
//!
//! Event shapes: Amazon Cognito Developer Guide, "Customizing user pool workflows with Lambda
//! triggers" (common parameters) and the page of each trigger; pre token generation is the
//! V2_0 event ("Pre token generation Lambda trigger"). Error texts: "PreSignUp failed with
//! error <message>." is the form AWS re:Post quotes in "How do I troubleshoot errors with
//! Amazon Cognito Lambda triggers?" (repost.aws/knowledge-center/cognito-lambda-trigger-errors).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ChallengeNameType, EmailMfaSettingsType, ExplicitAuthFlowsType,
};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::routing::post;
use local_pool::Config;
use serde_json::{Value, json};

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of, seed_path, verify_token};

/// What a recorded invocation was: the function name in the URL and the event.
type Recorded = Arc<Mutex<Vec<(String, Value)>>>;

/// A Lambda invoke endpoint (`POST /2015-03-31/functions/<name>/invocations`) on port 0 that
/// records every event and answers it unchanged (an untouched response is "no change" for
/// every trigger), except: user `refused` gets a function error, the custom authentication
/// triggers play a one-question challenge (see [`custom_auth_reply`]), and every answer about
/// a user whose name starts with `slow` waits `delay` first.
pub(crate) struct RecordingLambda {
    pub(crate) endpoint: String,
    events: Recorded,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

#[derive(Clone)]
struct LambdaState {
    events: Recorded,
    delay: Duration,
}

async fn invocation(
    State(state): State<LambdaState>,
    Path(function): Path<String>,
    Json(event): Json<Value>,
) -> (HeaderMap, Json<Value>) {
    state.events.lock().unwrap().push((function, event.clone()));
    // Only events about users named slow* wait, so other users show what a slow trigger holds up.
    if event["userName"]
        .as_str()
        .is_some_and(|u| u.starts_with("slow"))
    {
        tokio::time::sleep(state.delay).await;
    }
    let mut headers = HeaderMap::new();
    if event["userName"] == "refused" {
        // What Lambda answers for a function that threw: 200 with X-Amz-Function-Error.
        headers.insert(
            "x-amz-function-error",
            HeaderValue::from_static("Unhandled"),
        );
        return (
            headers,
            Json(json!({"errorMessage": "Sign-ups are closed", "errorType": "Error"})),
        );
    }
    (headers, Json(custom_auth_reply(event)))
}

/// The custom authentication triggers of the recording lambda: Define presents one
/// CUSTOM_CHALLENGE, issues tokens after a right answer and fails after a second wrong one;
/// Create asks for the word in its private parameters; Verify compares.
fn custom_auth_reply(mut event: Value) -> Value {
    let session = event["request"]["session"].as_array().cloned();
    match event["triggerSource"].as_str() {
        Some("DefineAuthChallenge_Authentication") => {
            let session = session.unwrap_or_default();
            let right = session
                .last()
                .is_some_and(|entry| entry["challengeResult"] == true);
            event["response"] = if right {
                json!({"challengeName": null, "issueTokens": true, "failAuthentication": false})
            } else if session.len() >= 2 {
                json!({"challengeName": null, "issueTokens": false, "failAuthentication": true})
            } else {
                json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false})
            };
        }
        Some("CreateAuthChallenge_Authentication") => {
            let round = session.map_or(0, |s| s.len()) + 1;
            event["response"] = json!({
                "publicChallengeParameters": {"question": "the password of the day?"},
                "privateChallengeParameters": {"answer": "swordfish"},
                "challengeMetadata": format!("ROUND-{round}"),
            });
        }
        Some("VerifyAuthChallengeResponse_Authentication") => {
            let correct = event["request"]["challengeAnswer"]
                == event["request"]["privateChallengeParameters"]["answer"];
            event["response"] = json!({"answerCorrect": correct});
        }
        _ => {}
    }
    event
}

impl RecordingLambda {
    pub(crate) async fn start(delay: Duration) -> Self {
        let events = Recorded::default();
        let app = axum::Router::new()
            .route(
                "/2015-03-31/functions/{function}/invocations",
                post(invocation),
            )
            .with_state(LambdaState {
                events: Arc::clone(&events),
                delay,
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
                .unwrap();
        });
        Self {
            endpoint,
            events,
            shutdown: Some(tx),
        }
    }

    pub(crate) fn sources(&self) -> Vec<String> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .map(|(_, e)| e["triggerSource"].as_str().unwrap_or("?").to_owned())
            .collect()
    }

    fn event(&self, source: &str) -> Value {
        self.events
            .lock()
            .unwrap()
            .iter()
            .find(|(_, e)| e["triggerSource"] == source)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| panic!("no {source} event"))
    }

    fn clear(&self) {
        self.events.lock().unwrap().clear();
    }
}

impl Drop for RecordingLambda {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// dev/pool.toml with every trigger pointed at `endpoint` (function name = trigger name),
/// written to a fresh temporary file.
pub(crate) fn seed_with_lambda_triggers(endpoint: &str) -> std::path::PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let text = std::fs::read_to_string(seed_path()).unwrap();
    let mut seed: toml::Table = toml::from_str(&text).unwrap();
    let pool = seed["pool"].as_array_mut().unwrap()[0]
        .as_table_mut()
        .unwrap();
    let mut triggers = toml::Table::new();
    for name in [
        "pre_sign_up",
        "post_confirmation",
        "pre_authentication",
        "post_authentication",
        "pre_token_generation",
        "custom_message",
        "define_auth_challenge",
        "create_auth_challenge",
        "verify_auth_challenge_response",
    ] {
        let mut target = toml::Table::new();
        target.insert("endpoint".into(), endpoint.into());
        target.insert("function".into(), name.into());
        triggers.insert(name.into(), toml::Value::Table(target));
    }
    pool.insert("triggers".into(), toml::Value::Table(triggers));
    let path = std::env::temp_dir().join(format!(
        "local-pool-triggers-{}-{}.toml",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, toml::to_string(&seed).unwrap()).unwrap();
    path
}

async fn lambda_harness(lambda: &RecordingLambda, timeout: Duration) -> Harness {
    Harness::with_config(Config {
        seed: Some(seed_with_lambda_triggers(&lambda.endpoint)),
        trigger_timeout: timeout,
        ..Config::for_tests()
    })
    .await
}

#[tokio::test]
async fn every_trigger_point_fires_in_order_with_cognitos_event_through_an_invoke_endpoint() {
    let lambda = RecordingLambda::start(Duration::ZERO).await;
    let h = lambda_harness(&lambda, Duration::from_secs(5)).await;

    // Sign-up, confirmation, sign-in, refresh.
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("ivan")
        .password("Ivan-pass-12")
        .user_attributes(attr("email", "ivan@example.com"))
        .validation_data(attr("captcha", "passed"))
        .client_metadata("step", "sign-up")
        .send()
        .await
        .expect("sign-up");
    let code = h.latest_code("ivan", "SIGN_UP").await;
    h.cognito
        .confirm_sign_up()
        .client_id(CLIENT_ID)
        .username("ivan")
        .confirmation_code(code)
        .client_metadata("step", "confirm")
        .send()
        .await
        .expect("confirmation");
    let tokens = h.sign_in("ivan", "Ivan-pass-12").await;
    h.cognito
        .initiate_auth()
        .client_id(CLIENT_ID)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", tokens.refresh_token().unwrap())
        .send()
        .await
        .expect("refresh");
    assert_eq!(
        lambda.sources(),
        [
            "PreSignUp_SignUp",
            "CustomMessage_SignUp",
            "PostConfirmation_ConfirmSignUp",
            // Cognito documents each trigger, not the relative order of post authentication
            // and pre token generation within one sign-in; the pool issues the tokens and
            // then reports the sign-in.
            "PreAuthentication_Authentication",
            "TokenGeneration_Authentication",
            "PostAuthentication_Authentication",
            "TokenGeneration_RefreshTokens",
        ]
    );

    // The common envelope, on every event.
    for (function, event) in lambda.events.lock().unwrap().iter() {
        assert_eq!(event["region"], "us-east-1", "{function}");
        assert_eq!(event["userPoolId"], POOL_ID, "{function}");
        assert_eq!(event["userName"], "ivan", "{function}");
        // The pool's code messages do not know the calling client yet (see the README).
        if function != "custom_message" {
            assert_eq!(event["callerContext"]["clientId"], CLIENT_ID, "{function}");
        }
        assert!(event["callerContext"]["awsSdkVersion"].is_string());
        assert_eq!(
            event["request"]["userAttributes"]["email"], "ivan@example.com",
            "{function}"
        );
        assert!(event["response"].is_object(), "{function}");
        let expected_version = if function == "pre_token_generation" {
            "2"
        } else {
            "1"
        };
        assert_eq!(event["version"], expected_version, "{function}");
    }
    let functions: Vec<String> = lambda
        .events
        .lock()
        .unwrap()
        .iter()
        .map(|(f, _)| f.clone())
        .collect();
    assert_eq!(
        functions,
        [
            "pre_sign_up",
            "custom_message",
            "post_confirmation",
            "pre_authentication",
            "pre_token_generation",
            "post_authentication",
            "pre_token_generation",
        ]
    );
    // ClientMetadata and ValidationData where Cognito passes them (API Reference, SignUp and
    // ConfirmSignUp, "ClientMetadata" / "ValidationData").
    let pre_sign_up = lambda.event("PreSignUp_SignUp");
    assert_eq!(
        pre_sign_up["request"]["validationData"],
        json!({"captcha": "passed"})
    );
    assert_eq!(
        pre_sign_up["request"]["clientMetadata"],
        json!({"step": "sign-up"})
    );
    assert_eq!(
        lambda.event("CustomMessage_SignUp")["request"]["clientMetadata"],
        json!({"step": "sign-up"})
    );
    assert_eq!(
        lambda.event("PostConfirmation_ConfirmSignUp")["request"]["clientMetadata"],
        json!({"step": "confirm"})
    );
    // Per-trigger request and response members.
    assert!(pre_sign_up["request"]["validationData"].is_object());
    assert!(pre_sign_up["request"]["clientMetadata"].is_object());
    assert_eq!(
        pre_sign_up["response"],
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false})
    );
    let message = lambda.event("CustomMessage_SignUp");
    assert_eq!(message["request"]["codeParameter"], "{####}");
    assert_eq!(
        message["response"],
        json!({"smsMessage": null, "emailMessage": null, "emailSubject": null})
    );
    let pre_auth = lambda.event("PreAuthentication_Authentication");
    assert_eq!(pre_auth["request"]["userNotFound"], false);
    let post_auth = lambda.event("PostAuthentication_Authentication");
    assert_eq!(post_auth["request"]["newDeviceUsed"], false);
    let token_generation = lambda.event("TokenGeneration_Authentication");
    assert_eq!(
        token_generation["request"]["groupConfiguration"]["groupsToOverride"],
        json!([])
    );
    assert_eq!(
        token_generation["request"]["scopes"],
        json!(["aws.cognito.signin.user.admin"])
    );
    assert!(token_generation["response"]["claimsAndScopeOverrideDetails"].is_null());

    // Forgot password: its message and its own post confirmation source.
    lambda.clear();
    h.cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("ivan")
        .send()
        .await
        .expect("forgot password");
    let code = h.latest_code("ivan", "FORGOT_PASSWORD").await;
    h.cognito
        .confirm_forgot_password()
        .client_id(CLIENT_ID)
        .username("ivan")
        .confirmation_code(code)
        .password("Ivan-pass-34")
        .send()
        .await
        .expect("new password");
    assert_eq!(
        lambda.sources(),
        [
            "CustomMessage_ForgotPassword",
            "PostConfirmation_ConfirmForgotPassword"
        ]
    );

    // AdminCreateUser: its PreSignUp source and the invitation message with {username}.
    lambda.clear();
    h.cognito
        .admin_create_user()
        .user_pool_id(POOL_ID)
        .username("judy")
        .user_attributes(attr("email", "judy@example.com"))
        .send()
        .await
        .expect("admin create user");
    assert_eq!(
        lambda.sources(),
        ["PreSignUp_AdminCreateUser", "CustomMessage_AdminCreateUser"]
    );
    let invitation = lambda.event("CustomMessage_AdminCreateUser");
    assert_eq!(invitation["request"]["usernameParameter"], "{username}");
    assert_eq!(
        invitation["callerContext"]["clientId"],
        "CLIENT_ID_NOT_APPLICABLE"
    );

    // The other code messages: a resent sign-up code, a changed e-mail address and a requested
    // verification code, and an e-mailed sign-in (MFA) code. Sources as listed on the Developer
    // Guide's "Custom message Lambda trigger" page.
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("kim")
        .password("Kim-pass-1234")
        .user_attributes(attr("email", "kim@example.com"))
        .send()
        .await
        .expect("sign-up");
    lambda.clear();
    h.cognito
        .resend_confirmation_code()
        .client_id(CLIENT_ID)
        .username("kim")
        .send()
        .await
        .expect("resend");
    assert_eq!(lambda.sources(), ["CustomMessage_ResendCode"]);

    let code = h.latest_code("kim", "SIGN_UP").await;
    h.cognito
        .confirm_sign_up()
        .client_id(CLIENT_ID)
        .username("kim")
        .confirmation_code(code)
        .send()
        .await
        .expect("confirmation");
    let tokens = h.sign_in("kim", "Kim-pass-1234").await;
    let access_token = tokens.access_token().unwrap();
    lambda.clear();
    h.cognito
        .update_user_attributes()
        .access_token(access_token)
        .user_attributes(attr("email", "kim.new@example.com"))
        .send()
        .await
        .expect("e-mail changed");
    h.cognito
        .get_user_attribute_verification_code()
        .access_token(access_token)
        .attribute_name("email")
        .send()
        .await
        .expect("verification code");
    assert_eq!(
        lambda.sources(),
        [
            "CustomMessage_UpdateUserAttribute",
            "CustomMessage_VerifyUserAttribute"
        ]
    );

    h.cognito
        .set_user_mfa_preference()
        .access_token(access_token)
        .email_mfa_settings(
            EmailMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(true)
                .build(),
        )
        .send()
        .await
        .expect("e-mail MFA on");
    lambda.clear();
    let out = h
        .password_auth(CLIENT_ID, "kim", "Kim-pass-1234")
        .await
        .expect("initiate auth");
    assert_eq!(out.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    assert_eq!(
        lambda.sources(),
        [
            "PreAuthentication_Authentication",
            "CustomMessage_Authentication"
        ]
    );

    // A temporary password answered with a new one: its own token generation source.
    lambda.clear();
    let out = h
        .password_auth(CLIENT_ID, "dave", "Dave-temp-1")
        .await
        .expect("initiate auth");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::NewPasswordRequired)
    );
    h.cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::NewPasswordRequired)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "dave")
        .challenge_responses("NEW_PASSWORD", "Dave-pass-12")
        .send()
        .await
        .expect("new password accepted");
    assert_eq!(
        lambda.sources(),
        [
            "PreAuthentication_Authentication",
            "TokenGeneration_NewPasswordChallenge",
            "PostAuthentication_Authentication"
        ]
    );

    // CUSTOM_AUTH: PreAuthentication, then Define / Create / Verify round by round.
    lambda.clear();
    let out = h
        .cognito
        .initiate_auth()
        .client_id(CLIENT_ID)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "ivan")
        .client_metadata("device", "kiosk-7")
        .send()
        .await
        .expect("custom challenge");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    let parameters = out.challenge_parameters().unwrap();
    assert_eq!(parameters["question"], "the password of the day?");
    assert_eq!(parameters["USERNAME"], "ivan");
    assert!(
        !parameters.contains_key("answer"),
        "private parameters stay in the pool"
    );
    let retry = h
        .cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "ivan")
        .challenge_responses("ANSWER", "marlin")
        .send()
        .await
        .expect("another round");
    assert_eq!(
        retry.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    h.cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(retry.session().unwrap())
        .challenge_responses("USERNAME", "ivan")
        .challenge_responses("ANSWER", "swordfish")
        .client_metadata("screen", "code-step")
        .send()
        .await
        .expect("tokens");
    assert_eq!(
        lambda.sources(),
        [
            "PreAuthentication_Authentication",
            "DefineAuthChallenge_Authentication",
            "CreateAuthChallenge_Authentication",
            "VerifyAuthChallengeResponse_Authentication",
            "DefineAuthChallenge_Authentication",
            "CreateAuthChallenge_Authentication",
            "VerifyAuthChallengeResponse_Authentication",
            "DefineAuthChallenge_Authentication",
            "TokenGeneration_Authentication",
            "PostAuthentication_Authentication",
        ]
    );
    let custom_events: Vec<(String, Value)> = lambda.events.lock().unwrap().clone();
    for (function, event) in &custom_events {
        assert_eq!(
            event["version"],
            if function == "pre_token_generation" {
                "2"
            } else {
                "1"
            }
        );
        assert_eq!(event["userName"], "ivan", "{function}");
        assert_eq!(event["callerContext"]["clientId"], CLIENT_ID, "{function}");
        assert_eq!(
            event["request"]["userAttributes"]["email"],
            "ivan@example.com"
        );
        if function.ends_with("_challenge") || function.ends_with("_response") {
            assert_eq!(event["request"]["userNotFound"], false, "{function}");
        }
    }
    let of = |function: &str| -> Vec<Value> {
        custom_events
            .iter()
            .filter(|(f, _)| f == function)
            .map(|(_, e)| e.clone())
            .collect()
    };
    // InitiateAuth's ClientMetadata reaches PreAuthentication only, as validationData; the
    // Respond calls' ClientMetadata reaches Verify, Define, Create, pre token generation and
    // post authentication (API Reference, InitiateAuth / RespondToAuthChallenge).
    let pre_auth = &of("pre_authentication")[0];
    assert_eq!(
        pre_auth["request"]["validationData"],
        json!({"device": "kiosk-7"})
    );
    assert_eq!(pre_auth["request"]["userNotFound"], false);
    let defines = of("define_auth_challenge");
    assert_eq!(defines[0]["request"]["session"], json!([]));
    assert_eq!(defines[0]["request"]["clientMetadata"], json!({}));
    assert_eq!(
        defines[0]["response"],
        json!({"challengeName": null, "issueTokens": false, "failAuthentication": false})
    );
    assert_eq!(
        defines[2]["request"]["session"],
        json!([
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "ROUND-1"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "ROUND-2"},
        ])
    );
    assert_eq!(
        defines[2]["request"]["clientMetadata"],
        json!({"screen": "code-step"})
    );
    let creates = of("create_auth_challenge");
    assert_eq!(creates[0]["request"]["challengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(creates[0]["request"]["session"], json!([]));
    assert_eq!(
        creates[1]["request"]["session"],
        json!([{"challengeName": "CUSTOM_CHALLENGE", "challengeResult": false, "challengeMetadata": "ROUND-1"}])
    );
    assert_eq!(
        creates[0]["response"],
        json!({"publicChallengeParameters": {}, "privateChallengeParameters": {}, "challengeMetadata": null})
    );
    let verifies = of("verify_auth_challenge_response");
    assert_eq!(verifies[0]["request"]["challengeAnswer"], "marlin");
    assert_eq!(
        verifies[0]["request"]["privateChallengeParameters"],
        json!({"answer": "swordfish"})
    );
    assert_eq!(verifies[0]["request"]["clientMetadata"], json!({}));
    assert_eq!(verifies[0]["response"], json!({"answerCorrect": false}));
    assert_eq!(verifies[1]["request"]["challengeAnswer"], "swordfish");
    assert_eq!(
        verifies[1]["request"]["clientMetadata"],
        json!({"screen": "code-step"})
    );
    for function in ["pre_token_generation", "post_authentication"] {
        assert_eq!(
            of(function)[0]["request"]["clientMetadata"],
            json!({"screen": "code-step"}),
            "{function}"
        );
    }

    // A function error is the trigger's refusal, in Cognito's words.
    let (code, message) = error_of(
        h.cognito
            .sign_up()
            .client_id(CLIENT_ID)
            .username("refused")
            .password("Refused-pass-1")
            .user_attributes(attr("email", "refused@example.com"))
            .send()
            .await,
    );
    assert_eq!(code, "UserLambdaValidationException");
    assert_eq!(message, "PreSignUp failed with error Sign-ups are closed.");
    let (code, _) = error_of(
        h.cognito
            .admin_get_user()
            .user_pool_id(POOL_ID)
            .username("refused")
            .send()
            .await,
    );
    assert_eq!(
        code, "UserNotFoundException",
        "a refused sign-up creates nobody"
    );
}

#[tokio::test]
async fn a_trigger_slower_than_the_limit_fails_the_request_with_cognitos_error() {
    // The pool's limit is Cognito's 5 s by default; shortened here so the test is quick.
    let lambda = RecordingLambda::start(Duration::from_secs(5)).await;
    let h = lambda_harness(&lambda, Duration::from_millis(400)).await;
    let started = Instant::now();
    let (code, message) = error_of(
        h.cognito
            .sign_up()
            .client_id(CLIENT_ID)
            .username("slow")
            .password("Slowly-pass-1")
            .user_attributes(attr("email", "slow@example.com"))
            .send()
            .await,
    );
    let elapsed = started.elapsed();
    // AWS does not document the text of a trigger time-out; re:Post's "<Trigger> invocation
    // failed due to error <error>." form for failed invocations is used.
    assert_eq!(code, "UnexpectedLambdaException");
    assert_eq!(
        message,
        "PreSignUp invocation failed due to error TimeoutException."
    );
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(3),
        "answered after {elapsed:?}"
    );
    assert_eq!(lambda.sources(), ["PreSignUp_SignUp"]);
}

#[tokio::test]
async fn builtin_pre_sign_up_refuses_a_self_chosen_role_in_cognitos_words() {
    let h = Harness::start().await;
    // The seeded web client cannot write custom:role at all; a client that can shows the
    // trigger's refusal.
    let client_id = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .write_attributes("email")
                .write_attributes("custom:role")
        })
        .await;
    let (code, message) = error_of(
        h.cognito
            .sign_up()
            .client_id(&client_id)
            .username("mallory")
            .password("Mallory-pass-1")
            .user_attributes(attr("email", "mallory@example.com"))
            .user_attributes(attr("custom:role", "admin"))
            .send()
            .await,
    );
    assert_eq!(code, "UserLambdaValidationException");
    assert_eq!(
        message,
        format!(
            "PreSignUp failed with error {}.",
            triggers::sign_up::ROLE_CHOSEN_MESSAGE
        )
    );
}

#[tokio::test]
async fn builtin_triggers_give_new_users_their_role_and_tokens_their_role_and_group_scopes() {
    let h = Harness::start().await;
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("grace")
        .password("Grace-pass-1")
        .user_attributes(attr("email", "grace@example.com"))
        .send()
        .await
        .expect("sign-up");
    let code = h.latest_code("grace", "SIGN_UP").await;
    h.cognito
        .confirm_sign_up()
        .client_id(CLIENT_ID)
        .username("grace")
        .confirmation_code(code)
        .send()
        .await
        .expect("confirmation");
    // PostConfirmation wrote through the pool's store.
    let user = h.admin_get_user("grace").await;
    let role = user
        .user_attributes()
        .iter()
        .find(|a| a.name() == "custom:role")
        .and_then(|a| a.value());
    assert_eq!(role, Some("viewer"));
    let groups = h
        .cognito
        .admin_list_groups_for_user()
        .user_pool_id(POOL_ID)
        .username("grace")
        .send()
        .await
        .expect("groups");
    let names: Vec<&str> = groups
        .groups()
        .iter()
        .filter_map(|g| g.group_name())
        .collect();
    assert_eq!(names, ["viewers"]);

    let tokens = h.sign_in("grace", "Grace-pass-1").await;
    let access = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(access["role"], "viewer");
    assert_eq!(
        access["scope"],
        "aws.cognito.signin.user.admin poolgate/viewers"
    );

    // A seeded admin: role claim and one scope per group; the ID token keeps its claims.
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let access = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(access["role"], "admin");
    let scopes: Vec<&str> = access["scope"].as_str().unwrap().split(' ').collect();
    assert!(scopes.contains(&"poolgate/admins"), "{scopes:?}");
    assert!(scopes.contains(&"poolgate/editors"), "{scopes:?}");
    assert!(scopes.contains(&"aws.cognito.signin.user.admin"));
    let id = verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(id["custom:role"], "admin");
    assert_eq!(id["cognito:groups"], json!(["admins", "editors"]));
    assert!(id.get("role").is_none());
}

#[tokio::test]
async fn builtin_pre_authentication_refuses_a_suspended_user() {
    let h = Harness::start().await;
    let (code, message) = error_of(h.password_auth(CLIENT_ID, "frank", "Frank-pass-1").await);
    assert_eq!(code, "UserLambdaValidationException");
    assert_eq!(
        message,
        format!(
            "PreAuthentication failed with error {}.",
            triggers::authentication::SUSPENDED_MESSAGE
        )
    );
}

#[tokio::test]
async fn the_outbox_keeps_the_text_the_custom_message_trigger_produced() {
    let h = Harness::start().await;
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("olga")
        .password("Olga-pass-12")
        .user_attributes(attr("email", "olga@example.com"))
        .send()
        .await
        .expect("sign-up");
    let body: Value = h
        .get_json(&format!("{}/_local/outbox?username=olga", h.url()))
        .await;
    let entry = &body["messages"][0];
    assert_eq!(entry["kind"], "SIGN_UP");
    let code = entry["code"].as_str().unwrap();
    // The builtin CustomMessage (crates/triggers messaging): subject, HTML with the code and a
    // link into the app; the placeholder is replaced.
    assert_eq!(entry["subject"], "Confirm your Poolgate account");
    let message = entry["message"].as_str().expect("the e-mail body");
    assert!(message.contains(code), "{message}");
    assert!(message.contains("/confirm?username=olga"), "{message}");
    assert!(!message.contains("{####}"));
    assert!(entry["text"].is_null());

    // An invitation: its own subject, the temporary password in place of {####}.
    h.cognito
        .admin_create_user()
        .user_pool_id(POOL_ID)
        .username("pia")
        .user_attributes(attr("email", "pia@example.com"))
        .send()
        .await
        .expect("invited");
    let body: Value = h
        .get_json(&format!("{}/_local/outbox?username=pia", h.url()))
        .await;
    let entry = &body["messages"][0];
    assert_eq!(entry["kind"], "ADMIN_CREATE_USER");
    assert_eq!(entry["subject"], "Your Poolgate account is ready");
    let temporary = entry["code"].as_str().unwrap();
    assert!(entry["message"].as_str().unwrap().contains(temporary));
}

#[tokio::test]
async fn without_a_custom_message_trigger_the_outbox_has_no_text() {
    let lambda = RecordingLambda::start(Duration::ZERO).await;
    // The recording lambda answers CustomMessage unchanged: Cognito's default message.
    let h = lambda_harness(&lambda, Duration::from_secs(5)).await;
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("quinn")
        .password("Quinn-pass-12")
        .user_attributes(attr("email", "quinn@example.com"))
        .send()
        .await
        .expect("sign-up");
    let body: Value = h
        .get_json(&format!("{}/_local/outbox?username=quinn", h.url()))
        .await;
    let entry = &body["messages"][0];
    assert_eq!(entry["kind"], "SIGN_UP");
    assert!(entry["subject"].is_null() && entry["message"].is_null() && entry["text"].is_null());
}

/// Pre token generation may take up to Cognito's 5 s: it runs after the operation's database
/// transaction, so one user's slow trigger does not hold up another user's sign-in.
#[tokio::test]
async fn a_slow_pre_token_trigger_does_not_block_another_users_sign_in() {
    let delay = Duration::from_secs(3);
    let lambda = RecordingLambda::start(delay).await;
    let h = lambda_harness(&lambda, Duration::from_secs(5)).await;
    h.create_confirmed_user("slowpoke", "Slowpoke-pass-1").await;
    lambda.clear();
    let slow_sign_in = {
        let cognito = h.cognito.clone();
        tokio::spawn(async move {
            cognito
                .initiate_auth()
                .client_id(CLIENT_ID)
                .auth_flow(AuthFlowType::UserPasswordAuth)
                .auth_parameters("USERNAME", "slowpoke")
                .auth_parameters("PASSWORD", "Slowpoke-pass-1")
                .send()
                .await
        })
    };
    // Wait (with a deadline) until slowpoke's pre token generation call is under way.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !lambda
        .sources()
        .iter()
        .any(|s| s == "TokenGeneration_Authentication")
    {
        assert!(
            Instant::now() < deadline,
            "no pre token call: {:?}",
            lambda.sources()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = Instant::now();
    h.sign_in("carol", "Carol-pass-1").await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(2),
        "carol waited {elapsed:?} for slowpoke's trigger"
    );
    let slow = slow_sign_in.await.unwrap().expect("slowpoke signs in");
    assert!(slow.authentication_result().is_some());
}

/// "Pre authentication Lambda trigger": it runs for a username that matches nobody only when
/// the client has PreventUserExistenceErrors ENABLED, with `userNotFound: true`; InitiateAuth's
/// ClientMetadata is its `validationData`.
#[tokio::test]
async fn pre_authentication_runs_for_an_unknown_user_under_prevent_user_existence_errors() {
    let lambda = RecordingLambda::start(Duration::ZERO).await;
    let h = lambda_harness(&lambda, Duration::from_secs(5)).await;
    let (code, message) = error_of(
        h.cognito
            .initiate_auth()
            .client_id(CLIENT_ID)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "nobody")
            .auth_parameters("PASSWORD", "Nobody-pass-1")
            .client_metadata("origin", "kiosk")
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
    assert_eq!(lambda.sources(), ["PreAuthentication_Authentication"]);
    let event = lambda.event("PreAuthentication_Authentication");
    assert_eq!(event["userName"], "nobody");
    assert_eq!(event["request"]["userNotFound"], true);
    assert_eq!(event["request"]["userAttributes"], json!({}));
    assert_eq!(
        event["request"]["validationData"],
        json!({"origin": "kiosk"})
    );

    // A client without it: no trigger, and Cognito says the user does not exist.
    let legacy = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .prevent_user_existence_errors(
                    aws_sdk_cognitoidentityprovider::types::PreventUserExistenceErrorTypes::Legacy,
                )
        })
        .await;
    lambda.clear();
    let (code, _) = error_of(h.password_auth(&legacy, "nobody", "Nobody-pass-1").await);
    assert_eq!(code, "UserNotFoundException");
    assert!(lambda.sources().is_empty(), "{:?}", lambda.sources());
}

/// CustomMessage may take up to 5 s too: code messages are sent after the operation's
/// transaction, so a slow one does not hold up another user's sign-in.
#[tokio::test]
async fn a_slow_custom_message_trigger_does_not_block_another_users_sign_in() {
    let lambda = RecordingLambda::start(Duration::from_secs(3)).await;
    let h = lambda_harness(&lambda, Duration::from_secs(5)).await;
    let slow_sign_up = {
        let cognito = h.cognito.clone();
        tokio::spawn(async move {
            cognito
                .sign_up()
                .client_id(CLIENT_ID)
                .username("slowcoach")
                .password("Slowcoach-pass-1")
                .user_attributes(attr("email", "slowcoach@example.com"))
                .send()
                .await
        })
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !lambda.sources().iter().any(|s| s == "CustomMessage_SignUp") {
        assert!(
            Instant::now() < deadline,
            "no message: {:?}",
            lambda.sources()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = Instant::now();
    h.sign_in("carol", "Carol-pass-1").await;
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(2),
        "carol waited {elapsed:?} for slowcoach's message"
    );
    slow_sign_up.await.unwrap().expect("signed up");
    // The message was sent once the trigger answered.
    assert!(!h.latest_code("slowcoach", "SIGN_UP").await.is_empty());
}
