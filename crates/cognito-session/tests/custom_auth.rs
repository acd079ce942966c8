//! CUSTOM_AUTH through the client over a fake transport: starting the flow, the challenge's
//! public parameters, answering with `ANSWER` and the session, the next challenge or tokens.
//!
//! Wire shapes from the Cognito Identity Provider API Reference: InitiateAuth ("AuthParameters":
//! CUSTOM_AUTH takes `USERNAME`, plus `SECRET_HASH` / `DEVICE_KEY` which a public client does
//! not send), "ChallengeResponseType" (CUSTOM_CHALLENGE answers `USERNAME` and `ANSWER`) and
//! RespondToAuthChallenge ("Session" is echoed back; "ClientMetadata" reaches the define, create
//! and verify auth challenge triggers). A failed custom flow (the define trigger's
//! `failAuthentication`) answers `NotAuthorizedException` "Incorrect username or password." as
//! reported from CloudTrail in aws-amplify/amplify-js issue 10320; AWS documents no other text.

mod common;

use cognito_session::wire::*;
use cognito_session::{CognitoClient, ErrorKind, UserAction};
use common::{CLIENT, FakeTransport, config};
use futures_executor::block_on;
use serde_json::json;

/// A CUSTOM_CHALLENGE as Cognito answers it: the trigger's public parameters plus `USERNAME`.
fn challenge_body(session: &str, attempts_left: u32) -> String {
    json!({
        "ChallengeName": "CUSTOM_CHALLENGE",
        "Session": session,
        "ChallengeParameters": {
            "USERNAME": "carol",
            "delivery": "EMAIL",
            "codeLength": "6",
            "attemptsLeft": attempts_left.to_string(),
            "codesLeft": "2"
        }
    })
    .to_string()
}

const TOKENS: &str = r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{}}"#;

fn expect_challenge(outcome: AuthOutcome) -> Challenge {
    match outcome {
        AuthOutcome::Challenge(challenge) => challenge,
        other => panic!("expected a challenge, got {other:?}"),
    }
}

#[test]
fn starting_custom_auth_sends_only_the_username_and_hands_over_the_public_parameters() {
    let transport = FakeTransport::default();
    transport.respond(200, &challenge_body("s1", 3));
    let client = CognitoClient::new(config(), &transport);

    // Typed as the e-mail alias: Cognito's USERNAME parameter is the canonical name.
    let challenge =
        expect_challenge(block_on(client.start_custom_auth("carol@example.com")).unwrap());

    let request = transport.last();
    assert_eq!(
        request.target,
        "AWSCognitoIdentityProviderService.InitiateAuth"
    );
    assert_eq!(
        request.body,
        json!({"ClientId": CLIENT, "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "carol@example.com"}})
    );
    assert_eq!(challenge.name, ChallengeName::CustomChallenge);
    assert_eq!(challenge.session.as_deref(), Some("s1"));
    assert_eq!(challenge.username(), "carol");
    // What the trigger chose to show, without Cognito's own USERNAME.
    let public = challenge.public_parameters();
    assert_eq!(public.len(), 4);
    assert_eq!(public.get("attemptsLeft").map(String::as_str), Some("3"));
    assert_eq!(public.get("codeLength").map(String::as_str), Some("6"));
    assert!(!public.contains_key("USERNAME"));
}

#[test]
fn a_wrong_answer_yields_the_next_challenge_with_a_new_session_then_tokens() {
    let transport = FakeTransport::default();
    transport
        .respond(200, &challenge_body("s1", 3))
        .respond(200, &challenge_body("s2", 2))
        .respond(200, TOKENS);
    let client = CognitoClient::new(config(), &transport);

    let first = expect_challenge(block_on(client.start_custom_auth("carol")).unwrap());
    let second = expect_challenge(
        block_on(client.answer_custom_challenge(&first, "111111", StringMap::new())).unwrap(),
    );
    let request = transport.last();
    assert_eq!(
        request.target,
        "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
    );
    // No ClientMetadata member at all when there is none to send.
    assert_eq!(
        request.body,
        json!({"ClientId": CLIENT, "ChallengeName": "CUSTOM_CHALLENGE", "Session": "s1",
               "ChallengeResponses": {"USERNAME": "carol", "ANSWER": "111111"}})
    );
    assert_eq!(second.session.as_deref(), Some("s2"));
    assert_eq!(
        second
            .public_parameters()
            .get("attemptsLeft")
            .map(String::as_str),
        Some("2")
    );

    let done =
        block_on(client.answer_custom_challenge(&second, "123456", StringMap::new())).unwrap();
    assert_eq!(transport.last().body["Session"], "s2");
    match done {
        AuthOutcome::Authenticated(result) => assert_eq!(result.access_token, "a"),
        other => panic!("expected tokens, got {other:?}"),
    }
}

#[test]
fn client_metadata_goes_with_the_answer() {
    let transport = FakeTransport::default();
    transport
        .respond(200, &challenge_body("s1", 3))
        .respond(200, &challenge_body("s2", 3));
    let client = CognitoClient::new(config(), &transport);
    let first = expect_challenge(block_on(client.start_custom_auth("carol")).unwrap());
    let metadata = StringMap::from([("action".to_owned(), "new-code".to_owned())]);
    block_on(client.answer_custom_challenge(&first, "-", metadata)).unwrap();
    assert_eq!(
        transport.last().body["ClientMetadata"],
        json!({"action": "new-code"})
    );
}

#[test]
fn an_answer_with_neither_tokens_nor_a_challenge_is_malformed() {
    let transport = FakeTransport::default();
    transport.respond(200, r#"{"ChallengeParameters":{}}"#);
    let client = CognitoClient::new(config(), &transport);
    let error = block_on(client.start_custom_auth("carol")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transient);
}

#[test]
fn the_flows_refusals_are_classified() {
    let transport = FakeTransport::default();
    transport
        .respond(200, &challenge_body("s1", 1))
        // The define trigger failed the attempt (third wrong answer).
        .respond(400, r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#)
        .respond(200, &challenge_body("s3", 3))
        // The challenge session outlived the app client's AuthSessionValidity.
        .respond(400, r#"{"__type":"NotAuthorizedException","message":"Invalid session for the user, session is expired."}"#)
        // The pre authentication trigger refused the user.
        .respond(400, r#"{"__type":"UserLambdaValidationException","message":"PreAuthentication failed with error This account is suspended. Contact your administrator to restore access."}"#);
    let client = CognitoClient::new(config(), &transport);

    let last_try = expect_challenge(block_on(client.start_custom_auth("carol")).unwrap());
    let failed = block_on(client.answer_custom_challenge(&last_try, "000000", StringMap::new()))
        .unwrap_err();
    assert_eq!(failed.code(), Some("NotAuthorizedException"));
    assert_eq!(failed.kind(), ErrorKind::WrongCredentials);

    let stale = expect_challenge(block_on(client.start_custom_auth("carol")).unwrap());
    let expired =
        block_on(client.answer_custom_challenge(&stale, "123456", StringMap::new())).unwrap_err();
    assert_eq!(
        expired.kind(),
        ErrorKind::UserActionRequired(UserAction::RestartSignIn)
    );

    let refused = block_on(client.start_custom_auth("frank")).unwrap_err();
    assert_eq!(refused.code(), Some("UserLambdaValidationException"));
    assert_eq!(
        refused.detail(),
        Some("This account is suspended. Contact your administrator to restore access.")
    );
}

#[test]
fn password_and_mfa_challenges_still_prefer_user_id_for_srp() {
    let challenge = Challenge {
        name: ChallengeName::SoftwareTokenMfa,
        session: Some("s".to_owned()),
        parameters: StringMap::from([
            ("USER_ID_FOR_SRP".to_owned(), "canonical".to_owned()),
            ("USERNAME".to_owned(), "other".to_owned()),
        ]),
        username: "typed".to_owned(),
    };
    assert_eq!(challenge.username(), "canonical");
    assert!(challenge.public_parameters().is_empty());
    let bare = Challenge {
        parameters: StringMap::new(),
        ..challenge
    };
    assert_eq!(bare.username(), "typed");
}
