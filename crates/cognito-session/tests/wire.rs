//! What this crate adds to the shared wire types: request builders, challenge answers and
//! outcomes. The wire types themselves are tested in cognito-wire.

use cognito_session::wire::*;
use serde_json::{Value, json};

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn initiate_auth_request() {
    let request = InitiateAuthRequest::user_password("alice", "hunter2");
    assert_eq!(
        to_json(&request),
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "",
               "AuthParameters": {"USERNAME": "alice", "PASSWORD": "hunter2"}})
    );
    let refresh = InitiateAuthRequest::refresh_token("r1");
    assert!(refresh.is_refresh());
    assert_eq!(
        to_json(&refresh)["AuthParameters"],
        json!({"REFRESH_TOKEN": "r1"})
    );
}

#[test]
fn authentication_result_response() {
    let body = r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i",
        "RefreshToken":"r","TokenType":"Bearer","NewDeviceMetadata":{"DeviceKey":"k","DeviceGroupKey":"g"}},
        "ChallengeParameters":{}}"#;
    let response: InitiateAuthResponse = serde_json::from_str(body).unwrap();
    let result = response.authentication_result.clone().unwrap();
    assert_eq!(result.access_token, "a");
    assert_eq!(result.expires_in, Some(3600));
    assert_eq!(result.id_token.as_deref(), Some("i"));
    assert_eq!(result.refresh_token.as_deref(), Some("r"));
    assert_eq!(result.token_type.as_deref(), Some("Bearer"));
    assert_eq!(
        result
            .new_device_metadata
            .unwrap()
            .device_group_key
            .as_deref(),
        Some("g")
    );
    assert!(matches!(
        response.into_outcome("alice"),
        Some(AuthOutcome::Authenticated(_))
    ));
}

#[test]
fn refresh_response_without_refresh_token() {
    let body = r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","TokenType":"Bearer"},"ChallengeParameters":{}}"#;
    let response: InitiateAuthResponse = serde_json::from_str(body).unwrap();
    let result = response.authentication_result.unwrap();
    assert_eq!(result.refresh_token, None);
    assert_eq!(result.new_device_metadata, None);
}

#[test]
fn challenge_response_and_answer() {
    let body = r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"sess",
        "ChallengeParameters":{"USER_ID_FOR_SRP":"alice-canonical","requiredAttributes":"[]","userAttributes":"{}"},
        "AuthenticationResult":null,"AvailableChallenges":null}"#;
    let response: RespondToAuthChallengeResponse = serde_json::from_str(body).unwrap();
    assert_eq!(response.available_challenges, None);
    let Some(AuthOutcome::Challenge(challenge)) = response.into_outcome("Alice") else {
        panic!("expected a challenge");
    };
    assert_eq!(challenge.name, ChallengeName::NewPasswordRequired);
    let answer = RespondToAuthChallengeRequest::new_password(&challenge, "N3w!pass");
    assert_eq!(
        to_json(&answer),
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "sess", "ClientId": "",
               "ChallengeResponses": {"USERNAME": "alice-canonical", "NEW_PASSWORD": "N3w!pass"}})
    );
}

#[test]
fn mfa_answers_use_the_right_key() {
    let challenge = |name| Challenge {
        name,
        session: Some("s".into()),
        parameters: Default::default(),
        username: "bob".into(),
    };
    let totp = RespondToAuthChallengeRequest::mfa_code(
        &challenge(ChallengeName::SoftwareTokenMfa),
        "123456",
    );
    let responses = |request: RespondToAuthChallengeRequest| request.challenge_responses.unwrap();
    assert_eq!(responses(totp)["SOFTWARE_TOKEN_MFA_CODE"], "123456");
    let sms = RespondToAuthChallengeRequest::mfa_code(&challenge(ChallengeName::SmsMfa), "1");
    let sms = responses(sms);
    assert_eq!(sms["SMS_MFA_CODE"], "1");
    assert_eq!(sms["USERNAME"], "bob");
    let email = RespondToAuthChallengeRequest::mfa_code(&challenge(ChallengeName::EmailOtp), "2");
    assert_eq!(responses(email)["EMAIL_OTP_CODE"], "2");
    let custom = RespondToAuthChallengeRequest::custom_answer(
        &challenge(ChallengeName::CustomChallenge),
        "42",
    );
    assert_eq!(
        to_json(&custom),
        json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s", "ClientId": "",
               "ChallengeResponses": {"USERNAME": "bob", "ANSWER": "42"}})
    );
}

#[test]
fn unknown_enum_values_survive() {
    let name: ChallengeName = serde_json::from_str(r#""SOMETHING_NEW""#).unwrap();
    assert_eq!(name, ChallengeName::Other("SOMETHING_NEW".into()));
    assert_eq!(serde_json::to_string(&name).unwrap(), r#""SOMETHING_NEW""#);
}
