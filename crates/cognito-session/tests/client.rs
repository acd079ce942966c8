//! CognitoClient end to end over a fake transport.

mod common;

use cognito_session::wire::*;
use cognito_session::{CognitoClient, CognitoConfig, ErrorKind, RefreshMethod};
use common::{CLIENT, FakeTransport, config};
use futures_executor::block_on;
use serde_json::json;

const TOKENS: &str = r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{}}"#;

#[test]
fn config_endpoint_and_issuer() {
    let aws = config();
    assert_eq!(
        aws.endpoint(),
        "https://cognito-idp.eu-west-1.amazonaws.com/"
    );
    assert_eq!(
        aws.issuer(),
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1"
    );
    assert_eq!(
        aws.jwks_url(),
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1/.well-known/jwks.json"
    );
    let local =
        CognitoConfig::new("local", "local_pool", "c").with_endpoint("http://127.0.0.1:9229/");
    assert_eq!(local.issuer(), "http://127.0.0.1:9229/local_pool");
}

#[test]
fn sign_in_posts_initiate_auth_with_client_id() {
    let transport = FakeTransport::default();
    transport.respond(200, TOKENS);
    let client = CognitoClient::new(config(), &transport);
    let response =
        block_on(client.initiate_auth(&InitiateAuthRequest::user_password("alice", "pw"))).unwrap();
    assert_eq!(response.authentication_result.unwrap().access_token, "a");

    let request = transport.last();
    assert_eq!(request.url, "https://cognito-idp.eu-west-1.amazonaws.com/");
    assert_eq!(
        request.target,
        "AWSCognitoIdentityProviderService.InitiateAuth"
    );
    assert_eq!(
        request.body,
        json!({"ClientId": CLIENT, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice", "PASSWORD": "pw"}})
    );
}

#[test]
fn wrong_password_is_classified() {
    let transport = FakeTransport::default();
    transport.respond(
        400,
        r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
    );
    let client = CognitoClient::new(config(), &transport);
    let err = block_on(client.initiate_auth(&InitiateAuthRequest::user_password("alice", "bad")))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WrongCredentials);
}

#[test]
fn refresh_via_initiate_auth_and_session_end() {
    let transport = FakeTransport::default();
    transport
        .respond(200, r#"{"AuthenticationResult":{"AccessToken":"a2","ExpiresIn":3600,"IdToken":"i2","TokenType":"Bearer"},"ChallengeParameters":{}}"#)
        .respond(400, r#"{"__type":"NotAuthorizedException","message":"Refresh Token has been revoked"}"#);
    let client = CognitoClient::new(config(), &transport);
    let result = block_on(client.refresh("r1")).unwrap();
    assert_eq!(result.refresh_token, None);
    assert_eq!(transport.last().body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(
        transport.last().body["AuthParameters"]["REFRESH_TOKEN"],
        "r1"
    );

    let err = block_on(client.refresh("r1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SessionEnded);
}

#[test]
fn refresh_with_rotation() {
    let transport = FakeTransport::default();
    transport.respond(200, r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","RefreshToken":"r2","TokenType":"Bearer"}}"#);
    let client = CognitoClient::new(config(), &transport)
        .with_refresh_method(RefreshMethod::GetTokensFromRefreshToken);
    let result = block_on(client.refresh("r1")).unwrap();
    assert_eq!(result.refresh_token.as_deref(), Some("r2"));
    let request = transport.last();
    assert_eq!(
        request.target,
        "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"
    );
    assert_eq!(
        request.body,
        json!({"ClientId": CLIENT, "RefreshToken": "r1"})
    );
}

#[test]
fn network_failure_is_transient() {
    let transport = FakeTransport::default();
    transport.fail("TypeError: Failed to fetch");
    let client = CognitoClient::new(config(), &transport);
    let err = block_on(client.refresh("r1")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(err.status(), None);
}

#[test]
fn access_token_operations_have_no_client_id() {
    let transport = FakeTransport::default();
    transport
        .respond(
            200,
            r#"{"Username":"alice","UserAttributes":[{"Name":"email","Value":"a@example.com"}]}"#,
        )
        .respond(200, "")
        .respond(200, "{}");
    let client = CognitoClient::new(config(), &transport);
    let user = block_on(client.get_user(&AccessTokenRequest {
        access_token: "t".into(),
    }))
    .unwrap();
    assert_eq!(user.attribute("email"), Some("a@example.com"));
    assert_eq!(transport.last().body, json!({"AccessToken": "t"}));

    block_on(client.global_sign_out(&AccessTokenRequest {
        access_token: "t".into(),
    }))
    .unwrap();
    assert_eq!(
        transport.last().target,
        "AWSCognitoIdentityProviderService.GlobalSignOut"
    );

    block_on(
        client.set_user_mfa_preference(&SetUserMfaPreferenceRequest {
            access_token: "t".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    assert_eq!(
        transport.last().target,
        "AWSCognitoIdentityProviderService.SetUserMFAPreference"
    );
}

#[test]
fn every_operation_posts_its_target() {
    let transport = FakeTransport::default();
    for _ in 0..19 {
        transport.respond(
            200,
            r#"{"AuthenticationResult":{"AccessToken":"a"},"Username":"u","UserAttributes":[],"UserConfirmed":false,"UserSub":"s"}"#,
        );
    }
    let client = CognitoClient::new(config(), &transport);
    let token = || AccessTokenRequest {
        access_token: "t".into(),
    };
    let username = || UsernameRequest {
        username: "u".into(),
        ..Default::default()
    };
    block_on(async {
        client
            .initiate_auth(&InitiateAuthRequest::user_password("u", "p"))
            .await
            .unwrap();
        let challenge = Challenge {
            name: ChallengeName::SoftwareTokenMfa,
            session: None,
            parameters: Default::default(),
            username: "u".into(),
        };
        client
            .respond_to_auth_challenge(&RespondToAuthChallengeRequest::mfa_code(&challenge, "1"))
            .await
            .unwrap();
        client
            .get_tokens_from_refresh_token(&GetTokensFromRefreshTokenRequest {
                refresh_token: "r".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        client.get_user(&token()).await.unwrap();
        client.global_sign_out(&token()).await.unwrap();
        client
            .revoke_token(&RevokeTokenRequest {
                token: "r".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        client
            .sign_up(&SignUpRequest {
                username: "u".into(),
                password: Some("p".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        client
            .confirm_sign_up(&ConfirmSignUpRequest {
                username: "u".into(),
                confirmation_code: "1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        client.resend_confirmation_code(&username()).await.unwrap();
        client.forgot_password(&username()).await.unwrap();
        client
            .confirm_forgot_password(&ConfirmForgotPasswordRequest {
                username: "u".into(),
                confirmation_code: "1".into(),
                password: "p".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        client
            .update_user_attributes(&UpdateUserAttributesRequest {
                access_token: "t".into(),
                user_attributes: vec![AttributeType::new("email", "e")],
                client_metadata: None,
            })
            .await
            .unwrap();
        client
            .get_user_attribute_verification_code(&GetUserAttributeVerificationCodeRequest {
                access_token: "t".into(),
                attribute_name: "email".into(),
                client_metadata: None,
            })
            .await
            .unwrap();
        client
            .verify_user_attribute(&VerifyUserAttributeRequest {
                access_token: "t".into(),
                attribute_name: "email".into(),
                code: "1".into(),
            })
            .await
            .unwrap();
        client
            .change_password(&ChangePasswordRequest {
                previous_password: Some("o".into()),
                proposed_password: "n".into(),
                access_token: "t".into(),
            })
            .await
            .unwrap();
        client
            .associate_software_token(&AssociateSoftwareTokenRequest {
                access_token: Some("t".into()),
                session: None,
            })
            .await
            .unwrap();
        client
            .verify_software_token(&VerifySoftwareTokenRequest {
                access_token: Some("t".into()),
                session: None,
                user_code: "1".into(),
                friendly_device_name: None,
            })
            .await
            .unwrap();
        client
            .set_user_mfa_preference(&SetUserMfaPreferenceRequest {
                access_token: "t".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        client.delete_user(&token()).await.unwrap();
    });
    let targets: Vec<String> = transport
        .requests
        .borrow()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    let expected: Vec<&str> = cognito_session::client::OPERATIONS
        .iter()
        .map(|op| op.target())
        .collect();
    assert_eq!(targets, expected);
    let with_client_id = transport
        .requests
        .borrow()
        .iter()
        .filter(|r| r.body.get("ClientId").is_some())
        .count();
    assert_eq!(with_client_id, 9);
}

#[test]
fn malformed_success_body() {
    let transport = FakeTransport::default();
    transport.respond(200, "<html>captive portal</html>");
    let client = CognitoClient::new(config(), &transport);
    let err = block_on(client.get_user(&AccessTokenRequest {
        access_token: "t".into(),
    }))
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
}
