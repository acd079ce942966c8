//! Wire types: exact field names, absent and null fields.

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
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "alice", "PASSWORD": "hunter2"}})
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
    assert!(response.available_challenges.is_empty());
    let Some(AuthOutcome::Challenge(challenge)) = response.into_outcome("Alice") else {
        panic!("expected a challenge");
    };
    assert_eq!(challenge.name, ChallengeName::NewPasswordRequired);
    let answer = RespondToAuthChallengeRequest::new_password(&challenge, "N3w!pass");
    assert_eq!(
        to_json(&answer),
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "sess",
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
    assert_eq!(
        totp.challenge_responses["SOFTWARE_TOKEN_MFA_CODE"],
        "123456"
    );
    let sms = RespondToAuthChallengeRequest::mfa_code(&challenge(ChallengeName::SmsMfa), "1");
    assert_eq!(sms.challenge_responses["SMS_MFA_CODE"], "1");
    let email = RespondToAuthChallengeRequest::mfa_code(&challenge(ChallengeName::EmailOtp), "2");
    assert_eq!(email.challenge_responses["EMAIL_OTP_CODE"], "2");
    assert_eq!(sms.challenge_responses["USERNAME"], "bob");
}

#[test]
fn unknown_enum_values_survive() {
    let name: ChallengeName = serde_json::from_str(r#""SOMETHING_NEW""#).unwrap();
    assert_eq!(name, ChallengeName::Other("SOMETHING_NEW".into()));
    assert_eq!(serde_json::to_string(&name).unwrap(), r#""SOMETHING_NEW""#);
}

#[test]
fn get_user_response() {
    let body = r#"{"Username":"alice","UserAttributes":[{"Name":"sub","Value":"s"},{"Name":"email","Value":"a@example.com"}],
        "MFAOptions":null,"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA","UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#;
    let user: GetUserResponse = serde_json::from_str(body).unwrap();
    assert_eq!(user.attribute("email"), Some("a@example.com"));
    assert!(user.mfa_options.is_empty());
    assert_eq!(user.user_mfa_setting_list, ["SOFTWARE_TOKEN_MFA"]);
    let minimal: GetUserResponse =
        serde_json::from_str(r#"{"Username":"bob","UserAttributes":[]}"#).unwrap();
    assert_eq!(minimal.preferred_mfa_setting, None);
}

#[test]
fn sign_up_request_and_response() {
    let request = SignUpRequest {
        username: "alice".into(),
        password: "pw".into(),
        user_attributes: vec![AttributeType::new("email", "a@example.com")],
        validation_data: vec![],
        client_metadata: None,
    };
    assert_eq!(
        to_json(&request),
        json!({"Username": "alice", "Password": "pw", "UserAttributes": [{"Name": "email", "Value": "a@example.com"}]})
    );
    let body = r#"{"UserConfirmed":false,"UserSub":"1234","CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}"#;
    let response: SignUpResponse = serde_json::from_str(body).unwrap();
    assert!(!response.user_confirmed);
    assert_eq!(
        response.code_delivery_details.unwrap().delivery_medium,
        Some(DeliveryMedium::Email)
    );
}

#[test]
fn other_requests_use_exact_names() {
    assert_eq!(
        to_json(&ConfirmSignUpRequest {
            username: "a".into(),
            confirmation_code: "1".into(),
            force_alias_creation: None,
            session: None,
            client_metadata: None
        }),
        json!({"Username": "a", "ConfirmationCode": "1"})
    );
    assert_eq!(
        to_json(&ConfirmForgotPasswordRequest {
            username: "a".into(),
            confirmation_code: "1".into(),
            password: "p".into(),
            client_metadata: None
        }),
        json!({"Username": "a", "ConfirmationCode": "1", "Password": "p"})
    );
    assert_eq!(
        to_json(&ChangePasswordRequest {
            previous_password: Some("o".into()),
            proposed_password: "n".into(),
            access_token: "t".into()
        }),
        json!({"PreviousPassword": "o", "ProposedPassword": "n", "AccessToken": "t"})
    );
    assert_eq!(
        to_json(&VerifyUserAttributeRequest {
            access_token: "t".into(),
            attribute_name: "email".into(),
            code: "1".into()
        }),
        json!({"AccessToken": "t", "AttributeName": "email", "Code": "1"})
    );
    assert_eq!(
        to_json(&SetUserMfaPreferenceRequest {
            access_token: "t".into(),
            software_token_mfa_settings: Some(MfaSettings {
                enabled: Some(true),
                preferred_mfa: Some(true)
            }),
            sms_mfa_settings: Some(MfaSettings {
                enabled: Some(false),
                preferred_mfa: None
            }),
            email_mfa_settings: None,
        }),
        json!({"AccessToken": "t", "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}, "SMSMfaSettings": {"Enabled": false}})
    );
    assert_eq!(
        to_json(&VerifySoftwareTokenRequest {
            access_token: None,
            session: Some("s".into()),
            user_code: "123456".into(),
            friendly_device_name: Some("phone".into())
        }),
        json!({"Session": "s", "UserCode": "123456", "FriendlyDeviceName": "phone"})
    );
    assert_eq!(
        to_json(&RevokeTokenRequest { token: "r".into() }),
        json!({"Token": "r"})
    );
    assert_eq!(
        to_json(&GetTokensFromRefreshTokenRequest {
            refresh_token: "r".into(),
            device_key: None,
            client_metadata: None
        }),
        json!({"RefreshToken": "r"})
    );
}

#[test]
fn small_responses() {
    let totp: AssociateSoftwareTokenResponse =
        serde_json::from_str(r#"{"SecretCode":"ABC","Session":null}"#).unwrap();
    assert_eq!(totp.secret_code.as_deref(), Some("ABC"));
    let verified: VerifySoftwareTokenResponse =
        serde_json::from_str(r#"{"Status":"SUCCESS"}"#).unwrap();
    assert_eq!(verified.status, Some(VerifySoftwareTokenStatus::Success));
    let updated: UpdateUserAttributesResponse =
        serde_json::from_str(r#"{"CodeDeliveryDetailsList":null}"#).unwrap();
    assert!(updated.code_delivery_details_list.is_empty());
    let rotated: GetTokensFromRefreshTokenResponse = serde_json::from_str(
        r#"{"AuthenticationResult":{"AccessToken":"a","ExpiresIn":3600,"IdToken":"i","RefreshToken":"new","TokenType":"Bearer"}}"#,
    ).unwrap();
    assert_eq!(
        rotated.authentication_result.refresh_token.as_deref(),
        Some("new")
    );
}
