//! Round trips against JSON in the shape of the examples in the Amazon Cognito user pools API
//! reference (pages "InitiateAuth", "RespondToAuthChallenge", "SignUp", "GetUser",
//! "AdminCreateUser", "ListUsers", "ForgotPassword"), with member names checked against
//! botocore's `cognito-idp/2016-04-18/service-2.json`.

use cognito_wire::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Parses `sample` as `T` and checks that serialising it gives the same JSON back.
fn round_trip<T: Serialize + DeserializeOwned>(sample: Value) -> T {
    let parsed: T = serde_json::from_value(sample.clone()).expect("sample parses");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), sample);
    parsed
}

#[test]
fn initiate_auth_user_password() {
    let request: InitiateAuthRequest = round_trip(json!({
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"PASSWORD": "This-is-my-test-99!", "USERNAME": "mytestuser"},
        "ClientId": "1example23456789",
        "AnalyticsMetadata": {"AnalyticsEndpointId": "d70b2ba36a8c4dc5a04a0451aEXAMPLE"},
        "UserContextData": {"EncodedData": "AmazonCognitoAdvancedSecurityData_object", "IpAddress": "192.0.2.1"},
        "ClientMetadata": {"MyTestKey": "MyTestValue"}
    }));
    assert_eq!(request.auth_flow, AuthFlowType::UserPasswordAuth);
    assert!(!request.is_refresh());
    assert_eq!(request.client_id, "1example23456789");

    let response: InitiateAuthResponse = round_trip(json!({
        "AuthenticationResult": {
            "AccessToken": "eyJra456defEXAMPLE",
            "ExpiresIn": 3600,
            "IdToken": "eyJra789ghiEXAMPLE",
            "NewDeviceMetadata": {"DeviceGroupKey": "-v7w9UcY6", "DeviceKey": "us-west-2_a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"},
            "RefreshToken": "eyJra123abcEXAMPLE",
            "TokenType": "Bearer"
        },
        "ChallengeParameters": {}
    }));
    let result = response.authentication_result.expect("tokens");
    assert_eq!(result.access_token, "eyJra456defEXAMPLE");
    assert_eq!(result.expires_in, Some(3600));
    // An empty ChallengeParameters is kept as sent, not dropped: servers echo Cognito's `{}`.
    assert_eq!(response.challenge_parameters, Some(StringMap::new()));
}

#[test]
fn initiate_auth_challenges() {
    let response: InitiateAuthResponse = round_trip(json!({
        "ChallengeName": "SOFTWARE_TOKEN_MFA",
        "ChallengeParameters": {"FRIENDLY_DEVICE_NAME": "mytestauthenticator", "USER_ID_FOR_SRP": "mytestuser"},
        "Session": "AYABeC1-y8qooiuysEv0uM4wAqQAHQABAAdTZXJ2aWNlABBDb2duaXRvVXNlclBvb2xzAAEAB2F3cy1rbXMAS2Fybjphd3M6a21zOnVzLXdlc3QtMjoxMTEyMjIzMzM0NDQ6a2V5L2FFXAMPLE"
    }));
    assert_eq!(
        response.challenge_name,
        Some(ChallengeNameType::SoftwareTokenMfa)
    );
    // Choice-based sign-in lists the factors on offer.
    let choice: InitiateAuthResponse = round_trip(json!({
        "AvailableChallenges": ["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"],
        "ChallengeName": "SELECT_CHALLENGE",
        "ChallengeParameters": {},
        "Session": "s"
    }));
    assert_eq!(
        choice.available_challenges.unwrap(),
        [
            ChallengeNameType::Password,
            ChallengeNameType::WebAuthn,
            ChallengeNameType::EmailOtp
        ]
    );
}

#[test]
fn respond_to_auth_challenge_custom_and_new_password() {
    let custom: RespondToAuthChallengeRequest = round_trip(json!({
        "ChallengeName": "CUSTOM_CHALLENGE",
        "ChallengeResponses": {"ANSWER": "42", "USERNAME": "mytestuser"},
        "ClientId": "1example23456789",
        "Session": "AYABeEv5HklEXAMPLE"
    }));
    assert_eq!(custom.challenge_name, ChallengeNameType::CustomChallenge);
    let built = RespondToAuthChallengeRequest::new(
        ChallengeNameType::NewPasswordRequired,
        Some("s".into()),
    )
    .with_response("USERNAME", "alice")
    .with_response("NEW_PASSWORD", "N3w!pass");
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"ClientId": "", "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s",
               "ChallengeResponses": {"NEW_PASSWORD": "N3w!pass", "USERNAME": "alice"}})
    );
}

#[test]
fn sign_up_and_confirmation() {
    let request: SignUpRequest = round_trip(json!({
        "ClientId": "1example23456789",
        "Password": "10120$Abcd",
        "UserAttributes": [{"Name": "email", "Value": "testuser@example.com"}],
        "Username": "testuser"
    }));
    assert_eq!(request.password.as_deref(), Some("10120$Abcd"));
    let response: SignUpResponse = round_trip(json!({
        "CodeDeliveryDetails": {"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "t***@e***"},
        "UserConfirmed": false,
        "UserSub": "d2dbb2b0-90c1-7037-4e9d-EXAMPLE11111"
    }));
    assert!(!response.user_confirmed);
    assert_eq!(
        response.code_delivery_details.unwrap().delivery_medium,
        Some(DeliveryMediumType::Email)
    );
    let forgot: ForgotPasswordResponse = round_trip(json!({
        "CodeDeliveryDetails": {"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "t***@e***"}
    }));
    assert!(forgot.code_delivery_details.is_some());
    round_trip::<ConfirmForgotPasswordRequest>(json!({
        "ClientId": "1example23456789", "ConfirmationCode": "123456",
        "Password": "N3w-pass!", "Username": "testuser"
    }));
    round_trip::<ConfirmSignUpRequest>(json!({
        "ClientId": "1example23456789", "ConfirmationCode": "123456", "Username": "testuser",
        "ForceAliasCreation": true, "Session": "s"
    }));
}

#[test]
fn get_user_and_account_requests() {
    let user: GetUserResponse = round_trip(json!({
        "MFAOptions": [{"AttributeName": "phone_number", "DeliveryMedium": "SMS"}],
        "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA",
        "UserAttributes": [
            {"Name": "sub", "Value": "d16b4aa8-8633-4a2a-b4f1-EXAMPLE11111"},
            {"Name": "email", "Value": "testuser@example.com"}
        ],
        "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"],
        "Username": "testuser"
    }));
    assert_eq!(user.attribute("email"), Some("testuser@example.com"));
    assert_eq!(
        user.mfa_options.unwrap()[0].attribute_name.as_deref(),
        Some("phone_number")
    );
    round_trip::<SetUserMFAPreferenceRequest>(json!({
        "AccessToken": "t",
        "SMSMfaSettings": {"Enabled": false},
        "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
        "EmailMfaSettings": {"Enabled": false, "PreferredMfa": false}
    }));
    round_trip::<ChangePasswordRequest>(
        json!({"AccessToken": "t", "PreviousPassword": "o", "ProposedPassword": "n"}),
    );
    round_trip::<VerifyUserAttributeRequest>(
        json!({"AccessToken": "t", "AttributeName": "email", "Code": "123456"}),
    );
    round_trip::<UpdateUserAttributesRequest>(
        json!({"AccessToken": "t", "UserAttributes": [{"Name": "custom:role", "Value": "admin"}]}),
    );
    round_trip::<UpdateUserAttributesResponse>(json!({"CodeDeliveryDetailsList": []}));
    round_trip::<AssociateSoftwareTokenResponse>(json!({"SecretCode": "ABC", "Session": "s"}));
    let verified: VerifySoftwareTokenResponse = round_trip(json!({"Status": "SUCCESS"}));
    assert_eq!(
        verified.status,
        Some(VerifySoftwareTokenResponseType::Success)
    );
    round_trip::<GetTokensFromRefreshTokenRequest>(
        json!({"ClientId": "c", "RefreshToken": "r", "DeviceKey": "k"}),
    );
    round_trip::<RevokeTokenRequest>(json!({"ClientId": "c", "Token": "r"}));
    round_trip::<DeleteUserRequest>(json!({"AccessToken": "t"}));
    round_trip::<EmptyResponse>(json!({}));
}

#[test]
fn admin_user_operations() {
    let request: AdminCreateUserRequest = round_trip(json!({
        "DesiredDeliveryMediums": ["SMS"],
        "MessageAction": "SUPPRESS",
        "TemporaryPassword": "This-is-my-test-99!",
        "UserAttributes": [{"Name": "name", "Value": "John"}, {"Name": "email", "Value": "testuser@example.com"}],
        "UserPoolId": "us-east-1_EXAMPLE",
        "Username": "testuser"
    }));
    assert_eq!(request.message_action, Some(MessageActionType::Suppress));
    assert_eq!(
        request.desired_delivery_mediums,
        Some(vec![DeliveryMediumType::Sms])
    );
    let created: AdminCreateUserResponse = round_trip(json!({
        "User": {
            "Attributes": [{"Name": "sub", "Value": "d16b4aa8-8633-4a2a-b4f1-EXAMPLE11111"}],
            "Enabled": true,
            "UserCreateDate": 1689980857.949,
            "UserLastModifiedDate": 1689980857.949,
            "UserStatus": "FORCE_CHANGE_PASSWORD",
            "Username": "testuser"
        }
    }));
    let user = created.user.unwrap();
    assert_eq!(user.user_status, Some(UserStatusType::ForceChangePassword));
    assert_eq!(user.user_create_date, Some(1_689_980_857.949));
    let listed: ListUsersResponse = round_trip(json!({
        "PaginationToken": "abcd1234EXAMPLE",
        "Users": [{"Attributes": [{"Name": "email", "Value": "testuser@example.com"}],
                   "Enabled": true, "UserCreateDate": 1682955829.578, "UserLastModifiedDate": 1689030181.63,
                   "UserStatus": "CONFIRMED", "Username": "testuser"}]
    }));
    assert_eq!(listed.users.unwrap().len(), 1);
    round_trip::<ListUsersRequest>(json!({
        "AttributesToGet": ["email", "sub"], "Filter": "\"email\"^=\"testuser\"",
        "Limit": 10, "UserPoolId": "us-east-1_EXAMPLE"
    }));
    round_trip::<AdminGetUserResponse>(json!({
        "Enabled": true, "UserAttributes": [], "UserCreateDate": 1689980857.0,
        "UserLastModifiedDate": 1689980857.0, "UserStatus": "CONFIRMED", "Username": "testuser"
    }));
    round_trip::<AdminDisableUserRequest>(json!({"UserPoolId": "p", "Username": "u"}));
    round_trip::<AdminAddUserToGroupRequest>(
        json!({"GroupName": "staff", "UserPoolId": "p", "Username": "u"}),
    );
    round_trip::<AdminSetUserPasswordRequest>(
        json!({"Password": "pw", "Permanent": true, "UserPoolId": "p", "Username": "u"}),
    );
    round_trip::<AdminInitiateAuthRequest>(json!({
        "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": {"PASSWORD": "p", "USERNAME": "u"},
        "ClientId": "c", "UserPoolId": "p"
    }));
}

#[test]
fn pool_and_client_administration() {
    let group: CreateGroupResponse = round_trip(json!({
        "Group": {"CreationDate": 1689980857.0, "Description": "Staff", "GroupName": "staff",
                  "LastModifiedDate": 1689980857.0, "Precedence": 1, "UserPoolId": "p"}
    }));
    assert_eq!(group.group.unwrap().precedence, Some(1));
    round_trip::<GroupsPage>(json!({"Groups": [], "NextToken": "n"}));
    let client: CreateUserPoolClientRequest = round_trip(json!({
        "AccessTokenValidity": 6, "AllowedOAuthFlows": ["code"], "AllowedOAuthFlowsUserPoolClient": true,
        "CallbackURLs": ["https://example.com"], "ClientName": "my-app", "DefaultRedirectURI": "https://example.com",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], "GenerateSecret": false,
        "ReadAttributes": ["email", "custom:role"], "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
        "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"},
        "UserPoolId": "us-east-1_EXAMPLE", "WriteAttributes": ["email"]
    }));
    assert_eq!(client.read_attributes.unwrap(), ["email", "custom:role"]);
    let pool: DescribeUserPoolResponse = round_trip(json!({
        "UserPool": {"Id": "us-east-1_EXAMPLE", "Name": "my-pool", "MfaConfiguration": "OPTIONAL",
                     "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireNumbers": true}},
                     "UsernameConfiguration": {"CaseSensitive": false},
                     "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
                     "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:111122223333:function:f"}}
    }));
    let pool = pool.user_pool.unwrap();
    assert!(!pool.username_configuration.unwrap().case_sensitive);
    // Settings neither side interprets stay raw JSON, whole.
    assert_eq!(
        pool.email_configuration,
        Some(json!({"EmailSendingAccount": "COGNITO_DEFAULT"}))
    );
}

#[test]
fn unknown_members_are_ignored_and_unknown_values_kept() {
    let response: InitiateAuthResponse = serde_json::from_value(json!({
        "ChallengeName": "SOMETHING_NEW",
        "Session": "s",
        "BrandNewMember": {"nested": [1, 2, 3]}
    }))
    .unwrap();
    assert_eq!(
        response.challenge_name,
        Some(ChallengeNameType::Other("SOMETHING_NEW".into()))
    );
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        json!({"ChallengeName": "SOMETHING_NEW", "Session": "s"})
    );
    // `null` reads like an absent member.
    let user: GetUserResponse = serde_json::from_value(json!({
        "Username": "u", "UserAttributes": [], "MFAOptions": null, "UserMFASettingList": null
    }))
    .unwrap();
    assert_eq!(user.mfa_options, None);
    for known in ChallengeNameType::KNOWN {
        let text = serde_json::to_string(known).unwrap();
        assert_eq!(
            &serde_json::from_str::<ChallengeNameType>(&text).unwrap(),
            known
        );
    }
}

#[test]
fn required_members_are_required() {
    // The service model marks ClientId and AuthFlow required: a server must be able to tell.
    let err =
        serde_json::from_value::<InitiateAuthRequest>(json!({"AuthFlow": "USER_PASSWORD_AUTH"}))
            .unwrap_err();
    assert!(
        err.to_string().contains("missing field `ClientId`"),
        "{err}"
    );
    let err = serde_json::from_value::<GetUserResponse>(json!({"Username": "u"})).unwrap_err();
    assert!(err.to_string().contains("UserAttributes"), "{err}");
}
