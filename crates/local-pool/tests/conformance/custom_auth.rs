//! CUSTOM_AUTH through the AWS SDK with the builtin custom authentication triggers of
//! `dev/pool.toml` (crates/triggers: a 6-digit code by e-mail, three wrong answers end the
//! attempt): the challenge loop, its session lifetime, its errors, and
//! PreventUserExistenceErrors.
//!
//! Cognito's behaviour: Amazon Cognito Developer Guide, "Custom authentication challenge
//! Lambda triggers" (user-pool-lambda-challenge.html), "Define Auth challenge Lambda trigger"
//! (user-pool-lambda-define-auth-challenge.html: `session` history, `userNotFound` when
//! PreventUserExistenceErrors is ENABLED), "Pre authentication Lambda trigger" (runs for an
//! unknown user only under PreventUserExistenceErrors); API Reference, InitiateAuth and
//! RespondToAuthChallenge ("ClientMetadata": which triggers receive it), CreateUserPoolClient
//! ("AuthSessionValidity", 3 minutes by default; "ExplicitAuthFlows").

use std::time::Duration;

use aws_sdk_cognitoidentityprovider::error::SdkError;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::{
    InitiateAuthError, InitiateAuthOutput,
};
use aws_sdk_cognitoidentityprovider::operation::respond_to_auth_challenge::{
    RespondToAuthChallengeError, RespondToAuthChallengeOutput,
};
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ChallengeNameType, ExplicitAuthFlowsType, PreventUserExistenceErrorTypes,
};
use local_pool::Config;
use serde_json::Value;

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, seed_path, verify_token};

/// The builtin trigger's mail says "Your sign-in code: <code>" in its text part.
const CODE_LINE: &str = "Your sign-in code: ";

async fn start_custom(
    h: &Harness,
    client_id: &str,
    username: &str,
) -> Result<InitiateAuthOutput, SdkError<InitiateAuthError>> {
    h.cognito
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", username)
        .send()
        .await
}

async fn answer(
    h: &Harness,
    session: &str,
    username: &str,
    answer: &str,
) -> Result<RespondToAuthChallengeOutput, SdkError<RespondToAuthChallengeError>> {
    h.cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(session)
        .challenge_responses("USERNAME", username)
        .challenge_responses("ANSWER", answer)
        .send()
        .await
}

/// The custom-auth mails in `username`'s outbox, oldest first.
async fn sign_in_mails(h: &Harness, username: &str) -> Vec<Value> {
    let body: Value = h
        .get_json(&format!("{}/_local/outbox?username={username}", h.url()))
        .await;
    body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["kind"] == "TRIGGER_MAIL")
        .cloned()
        .collect()
}

fn code_in(mail: &Value) -> String {
    let text = mail["text"].as_str().expect("the mail has a text part");
    let start = text.find(CODE_LINE).expect("the code line") + CODE_LINE.len();
    let code: String = text[start..].chars().take(6).collect();
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{code:?}");
    code
}

async fn latest_sign_in_code(h: &Harness, username: &str) -> String {
    let mails = sign_in_mails(h, username).await;
    code_in(mails.last().expect("a sign-in code mail"))
}

fn parameter<'a>(out: &'a InitiateAuthOutput, name: &str) -> Option<&'a str> {
    out.challenge_parameters()
        .and_then(|p| p.get(name))
        .map(String::as_str)
}

fn respond_parameter<'a>(out: &'a RespondToAuthChallengeOutput, name: &str) -> Option<&'a str> {
    out.challenge_parameters()
        .and_then(|p| p.get(name))
        .map(String::as_str)
}

#[tokio::test]
async fn passwordless_sign_in_with_the_emailed_code() {
    let h = Harness::start().await;
    let out = start_custom(&h, CLIENT_ID, "carol")
        .await
        .expect("challenge");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    assert!(out.authentication_result().is_none());
    // Create's public parameters, plus USERNAME as Cognito adds it; never the code.
    assert_eq!(parameter(&out, "USERNAME"), Some("carol"));
    assert_eq!(parameter(&out, "delivery"), Some("EMAIL"));
    assert_eq!(parameter(&out, "codeLength"), Some("6"));
    assert_eq!(parameter(&out, "attemptsLeft"), Some("3"));
    assert_eq!(parameter(&out, "codesLeft"), Some("2"));

    let mails = sign_in_mails(&h, "carol").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail["destination"], "carol@example.com");
    assert_eq!(mail["subject"], "Your Poolgate sign-in code");
    let code = code_in(mail);
    assert!(
        mail["message"].as_str().unwrap().contains(&code),
        "HTML part"
    );
    assert_eq!(
        mail["code"], "",
        "the pool does not know the trigger's code"
    );
    let parameters = format!("{:?}", out.challenge_parameters());
    assert!(!parameters.contains(&code), "{parameters}");

    let done = answer(&h, out.session().unwrap(), "carol", &code)
        .await
        .expect("right answer");
    let tokens = done.authentication_result().expect("tokens");
    assert!(done.challenge_name().is_none());
    // Pre token generation ran (builtin: the role claim) and the tokens verify.
    let access = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(access["username"], "carol");
    assert_eq!(access["role"], "viewer");
    let id = verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(id["cognito:username"], "carol");
    assert!(tokens.refresh_token().is_some());
}

#[tokio::test]
async fn a_wrong_code_then_the_right_one_and_each_session_is_used_once() {
    let h = Harness::start().await;
    let first = start_custom(&h, CLIENT_ID, "bob").await.expect("challenge");
    let code = latest_sign_in_code(&h, "bob").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    let second = answer(&h, first.session().unwrap(), "bob", wrong)
        .await
        .expect("a wrong answer gets another challenge");
    assert_eq!(
        second.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    assert_eq!(respond_parameter(&second, "attemptsLeft"), Some("2"));
    assert_eq!(respond_parameter(&second, "USERNAME"), Some("bob"));
    assert_ne!(second.session(), first.session(), "a new session per round");
    // After a wrong answer the builtin trigger keeps the code it sent: no second mail.
    assert_eq!(sign_in_mails(&h, "bob").await.len(), 1);

    // The first session is used up, even with the right code.
    let (error, message) = error_of(answer(&h, first.session().unwrap(), "bob", &code).await);
    assert_eq!(error, "NotAuthorizedException");
    assert_eq!(
        message,
        "Invalid session for the user, session can only be used once."
    );

    let done = answer(&h, second.session().unwrap(), "bob", &code)
        .await
        .expect("right answer");
    assert!(done.authentication_result().is_some());
}

#[tokio::test]
async fn three_wrong_codes_end_the_attempt_without_touching_the_password_lockout() {
    let h = Harness::start().await;
    // Two whole failed attempts: six wrong answers.
    for _ in 0..2 {
        let out = start_custom(&h, CLIENT_ID, "erin")
            .await
            .expect("challenge");
        let code = latest_sign_in_code(&h, "erin").await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let mut session = out.session().unwrap().to_owned();
        for attempts_left in ["2", "1"] {
            let next = answer(&h, &session, "erin", wrong)
                .await
                .expect("another try");
            assert_eq!(
                respond_parameter(&next, "attemptsLeft"),
                Some(attempts_left)
            );
            session = next.session().unwrap().to_owned();
        }
        // Define's failAuthentication is Cognito's NotAuthorizedException (the message the
        // password flow gives for a wrong password).
        let (error, message) = error_of(answer(&h, &session, "erin", wrong).await);
        assert_eq!(error, "NotAuthorizedException");
        assert_eq!(message, "Incorrect username or password.");
        // Nothing is left to answer: the last session is used up.
        let (error, _) = error_of(answer(&h, &session, "erin", &code).await);
        assert_eq!(error, "NotAuthorizedException");
    }
    // Wrong answers are the triggers' business, not the password lockout's (five failures
    // would lock it): the password still signs in at once.
    h.sign_in("erin", "Erin-pass-1").await;
}

#[tokio::test]
async fn an_expired_challenge_session_is_refused_in_cognitos_words() {
    let h = Harness::start().await;
    let out = start_custom(&h, CLIENT_ID, "carol")
        .await
        .expect("challenge");
    let code = latest_sign_in_code(&h, "carol").await;
    // AuthSessionValidity defaults to 3 minutes (the seed's client sets none).
    h.advance_clock(181).await;
    let (error, message) = error_of(answer(&h, out.session().unwrap(), "carol", &code).await);
    assert_eq!(error, "NotAuthorizedException");
    assert_eq!(message, "Invalid session for the user, session is expired.");

    // Just inside the lifetime, the same code works in a fresh attempt's session.
    let out = start_custom(&h, CLIENT_ID, "carol")
        .await
        .expect("challenge");
    let code = latest_sign_in_code(&h, "carol").await;
    h.advance_clock(170).await;
    let done = answer(&h, out.session().unwrap(), "carol", &code)
        .await
        .expect("in time");
    assert!(done.authentication_result().is_some());
}

#[tokio::test]
async fn the_flow_must_be_allowed_for_the_client() {
    let h = Harness::start().await;
    let password_only = h
        .create_client(|c| c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth))
        .await;
    let (error, message) = error_of(start_custom(&h, &password_only, "carol").await);
    assert_eq!(error, "InvalidParameterException");
    assert_eq!(message, "CUSTOM_AUTH flow not enabled for this client");
    assert!(sign_in_mails(&h, "carol").await.is_empty());

    // The legacy spelling CUSTOM_AUTH_FLOW_ONLY allows it, and so does a client created
    // without ExplicitAuthFlows (CreateUserPoolClient: then ALLOW_USER_SRP_AUTH,
    // ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH).
    let legacy = h
        .create_client(|c| c.explicit_auth_flows(ExplicitAuthFlowsType::CustomAuthFlowOnly))
        .await;
    let defaults = h.create_client(|c| c).await;
    for client in [legacy, defaults] {
        let out = start_custom(&h, &client, "carol").await.expect("allowed");
        assert_eq!(
            out.challenge_name(),
            Some(&ChallengeNameType::CustomChallenge)
        );
    }
    // USERNAME is required.
    let (error, message) = error_of(
        h.cognito
            .initiate_auth()
            .client_id(CLIENT_ID)
            .auth_flow(AuthFlowType::CustomAuth)
            .send()
            .await,
    );
    assert_eq!(error, "InvalidParameterException");
    assert_eq!(message, "Missing required parameter USERNAME");
}

#[tokio::test]
async fn an_unknown_user_is_indistinguishable_until_the_end_under_prevent_user_existence_errors() {
    let h = Harness::start().await;
    let known = start_custom(&h, CLIENT_ID, "carol").await.expect("known");
    let unknown = start_custom(&h, CLIENT_ID, "nobody")
        .await
        .expect("unknown");
    let mut known_parameters = known.challenge_parameters().unwrap().clone();
    let mut unknown_parameters = unknown.challenge_parameters().unwrap().clone();
    assert_eq!(
        known_parameters.remove("USERNAME").as_deref(),
        Some("carol")
    );
    assert_eq!(
        unknown_parameters.remove("USERNAME").as_deref(),
        Some("nobody")
    );
    assert_eq!(known_parameters, unknown_parameters);
    assert_eq!(unknown.challenge_name(), known.challenge_name());
    assert_eq!(
        unknown.session().unwrap().len(),
        known.session().unwrap().len()
    );
    assert!(
        sign_in_mails(&h, "nobody").await.is_empty(),
        "nobody to mail"
    );

    // A custom session answered as another challenge: the same refusal for both.
    for (out, username) in [(&known, "carol"), (&unknown, "nobody")] {
        let (error, message) = error_of(
            h.cognito
                .respond_to_auth_challenge()
                .client_id(CLIENT_ID)
                .challenge_name(ChallengeNameType::SmsMfa)
                .session(out.session().unwrap())
                .challenge_responses("USERNAME", username)
                .challenge_responses("SMS_MFA_CODE", "123456")
                .send()
                .await,
        );
        assert_eq!(
            (error.as_str(), message.as_str()),
            ("NotAuthorizedException", "Invalid session for the user."),
            "{username}"
        );
    }

    // Every answer is wrong, with the same replies a real user's wrong answers get.
    let mut session = unknown.session().unwrap().to_owned();
    for attempts_left in ["2", "1"] {
        let next = answer(&h, &session, "nobody", "123456")
            .await
            .expect("another try");
        assert_eq!(
            respond_parameter(&next, "attemptsLeft"),
            Some(attempts_left)
        );
        session = next.session().unwrap().to_owned();
    }
    let (error, message) = error_of(answer(&h, &session, "nobody", "123456").await);
    assert_eq!(
        (error.as_str(), message.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );

    // Without PreventUserExistenceErrors, Cognito says the user does not exist.
    let legacy = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth)
                .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Legacy)
        })
        .await;
    let (error, message) = error_of(start_custom(&h, &legacy, "nobody").await);
    assert_eq!(error, "UserNotFoundException");
    assert_eq!(message, "User does not exist.");
}

#[tokio::test]
async fn refused_users_get_the_errors_of_the_password_flow() {
    let h = Harness::start().await;
    // PreAuthentication runs first (builtin: frank's role is "suspended").
    let (error, message) = error_of(start_custom(&h, CLIENT_ID, "frank").await);
    assert_eq!(error, "UserLambdaValidationException");
    assert_eq!(
        message,
        format!(
            "PreAuthentication failed with error {}.",
            triggers::authentication::SUSPENDED_MESSAGE
        )
    );

    h.cognito
        .admin_disable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("disabled");
    let (error, message) = error_of(start_custom(&h, CLIENT_ID, "bob").await);
    assert_eq!(error, "NotAuthorizedException");
    assert_eq!(message, "User is disabled.");

    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("uma")
        .password("Uma-pass-123")
        .user_attributes(crate::support::attr("email", "uma@example.com"))
        .send()
        .await
        .expect("sign-up");
    let (error, message) = error_of(start_custom(&h, CLIENT_ID, "uma").await);
    assert_eq!(error, "UserNotConfirmedException");
    assert_eq!(message, "User is not confirmed.");
    assert!(sign_in_mails(&h, "uma").await.is_empty());

    // A user disabled between the challenge and the answer.
    let out = start_custom(&h, CLIENT_ID, "carol")
        .await
        .expect("challenge");
    let code = latest_sign_in_code(&h, "carol").await;
    h.cognito
        .admin_disable_user()
        .user_pool_id(POOL_ID)
        .username("carol")
        .send()
        .await
        .expect("disabled");
    let (error, message) = error_of(answer(&h, out.session().unwrap(), "carol", &code).await);
    assert_eq!(error, "NotAuthorizedException");
    assert_eq!(message, "User is disabled.");
}

#[tokio::test]
async fn admin_initiate_auth_and_a_client_secret() {
    let h = Harness::start().await;
    let out = h
        .cognito
        .admin_initiate_auth()
        .user_pool_id(POOL_ID)
        .client_id(CLIENT_ID)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "alice")
        .send()
        .await
        .expect("challenge");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::CustomChallenge)
    );
    let code = latest_sign_in_code(&h, "alice").await;
    let done = h
        .cognito
        .admin_respond_to_auth_challenge()
        .user_pool_id(POOL_ID)
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "alice")
        .challenge_responses("ANSWER", &code)
        .send()
        .await
        .expect("tokens");
    assert!(done.authentication_result().is_some());

    // A client with a secret needs SECRET_HASH on both calls.
    let created = h
        .cognito
        .create_user_pool_client()
        .user_pool_id(POOL_ID)
        .client_name("custom-with-secret")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowCustomAuth)
        .send()
        .await
        .expect("client");
    let client = created.user_pool_client().unwrap();
    let client_id = client.client_id().unwrap();
    let (error, message) = error_of(start_custom(&h, client_id, "alice").await);
    assert_eq!(error, "NotAuthorizedException");
    assert_eq!(
        message,
        format!("Client {client_id} is configured with secret but SECRET_HASH was not received")
    );
    let secret_hash = secret_hash(client.client_secret().unwrap(), "alice", client_id);
    let out = h
        .cognito
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "alice")
        .auth_parameters("SECRET_HASH", &secret_hash)
        .send()
        .await
        .expect("challenge");
    let code = latest_sign_in_code(&h, "alice").await;
    let respond = |hash: Option<String>| {
        let mut request = h
            .cognito
            .respond_to_auth_challenge()
            .client_id(client_id)
            .challenge_name(ChallengeNameType::CustomChallenge)
            .session(out.session().unwrap())
            .challenge_responses("USERNAME", "alice")
            .challenge_responses("ANSWER", &code);
        if let Some(hash) = hash {
            request = request.challenge_responses("SECRET_HASH", hash);
        }
        request.send()
    };
    let (error, _) = error_of(respond(None).await);
    assert_eq!(error, "NotAuthorizedException");
    let done = respond(Some(secret_hash)).await.expect("tokens");
    assert!(done.authentication_result().is_some());
}

fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    use aws_lc_rs::hmac;
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hmac::sign(&key, format!("{username}{client_id}").as_bytes());
    data_encoding::BASE64.encode(tag.as_ref())
}

#[tokio::test]
async fn a_new_code_on_request_replaces_the_old_one() {
    let h = Harness::start().await;
    let out = start_custom(&h, CLIENT_ID, "carol")
        .await
        .expect("challenge");
    let old_code = latest_sign_in_code(&h, "carol").await;
    // The builtin trigger's protocol: RespondToAuthChallenge's ClientMetadata
    // {"action": "new-code"} (Cognito hands it to Verify, Define and Create).
    let renewed = h
        .cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "carol")
        .challenge_responses("ANSWER", "-")
        .client_metadata("action", "new-code")
        .send()
        .await
        .expect("a new challenge");
    assert_eq!(respond_parameter(&renewed, "codesLeft"), Some("1"));
    assert_eq!(respond_parameter(&renewed, "attemptsLeft"), Some("3"));
    let mails = sign_in_mails(&h, "carol").await;
    assert_eq!(mails.len(), 2, "a second mail");
    let new_code = code_in(&mails[1]);
    if new_code != old_code {
        let next = answer(&h, renewed.session().unwrap(), "carol", &old_code)
            .await
            .expect("the old code is a wrong answer");
        assert_eq!(respond_parameter(&next, "attemptsLeft"), Some("2"));
        let done = answer(&h, next.session().unwrap(), "carol", &new_code)
            .await
            .expect("the new code signs in");
        assert!(done.authentication_result().is_some());
    }
}

/// dev/pool.toml without the Define auth challenge trigger.
fn seed_without_define() -> std::path::PathBuf {
    let text = std::fs::read_to_string(seed_path()).unwrap();
    let mut seed: toml::Table = toml::from_str(&text).unwrap();
    let pool = seed["pool"].as_array_mut().unwrap()[0]
        .as_table_mut()
        .unwrap();
    pool["triggers"]
        .as_table_mut()
        .unwrap()
        .remove("define_auth_challenge");
    let path =
        std::env::temp_dir().join(format!("local-pool-no-define-{}.toml", std::process::id()));
    std::fs::write(&path, toml::to_string(&seed).unwrap()).unwrap();
    path
}

#[tokio::test]
async fn without_a_define_trigger_custom_auth_is_refused() {
    // Not in AWS's documentation: the error developers report from real pools (and that
    // Amplify applications match on) is InvalidParameterException "Custom auth lambda trigger
    // is not configured for the user pool.".
    let h = Harness::with_config(Config {
        seed: Some(seed_without_define()),
        ..Config::for_tests()
    })
    .await;
    let (error, message) = error_of(start_custom(&h, CLIENT_ID, "carol").await);
    assert_eq!(error, "InvalidParameterException");
    assert_eq!(
        message,
        "Custom auth lambda trigger is not configured for the user pool."
    );
    assert!(sign_in_mails(&h, "carol").await.is_empty());
}

/// The real binary, with debug logging, while a passwordless sign-in runs: the code reaches
/// the outbox and never the log.
#[tokio::test]
async fn the_sign_in_code_is_never_logged() {
    use tokio::io::AsyncBufReadExt as _;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_local-pool"))
        .args(["--port", "0", "--ephemeral", "--test-mode", "--seed"])
        .arg(seed_path())
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("local-pool starts");
    let mut lines = tokio::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut log = String::new();
    let url = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.expect("stderr") {
            log.push_str(&line);
            log.push('\n');
            if let Some(at) = line.find("listening on ") {
                return line[at + "listening on ".len()..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_owned();
            }
        }
        panic!("no listening line: {log}");
    })
    .await
    .expect("started in time");
    // Keep reading the log in the background.
    let (log_tx, log_rx) = tokio::sync::oneshot::channel::<String>();
    let reader = tokio::spawn(async move {
        let mut rest = String::new();
        while let Ok(Some(line)) = lines.next_line().await {
            rest.push_str(&line);
            rest.push('\n');
        }
        let _ = log_tx.send(rest);
    });

    let cognito = crate::support::sdk_client(&url);
    let out = cognito
        .initiate_auth()
        .client_id(CLIENT_ID)
        .auth_flow(AuthFlowType::CustomAuth)
        .auth_parameters("USERNAME", "carol")
        .send()
        .await
        .expect("challenge");
    let outbox: Value = reqwest::get(format!("{url}/_local/outbox?username=carol"))
        .await
        .expect("outbox")
        .json()
        .await
        .expect("JSON");
    let mail = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "TRIGGER_MAIL")
        .expect("the code mail is in the outbox");
    let code = code_in(mail);
    let done = cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(ChallengeNameType::CustomChallenge)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "carol")
        .challenge_responses("ANSWER", &code)
        .send()
        .await
        .expect("tokens");
    assert!(done.authentication_result().is_some());

    child.kill().await.expect("stopped");
    reader.await.expect("log reader");
    log.push_str(&log_rx.await.expect("log"));
    assert!(
        log.contains("RespondToAuthChallenge"),
        "the requests were logged: {log}"
    );
    assert!(!log.contains(&code), "the code is in the log:\n{log}");
}
