//! RespondToAuthChallenge / AdminRespondToAuthChallenge: NEW_PASSWORD_REQUIRED, MFA
//! challenges, MFA_SETUP, and challenge sessions (single use, 3-minute expiry).

use aws_sdk_cognitoidentityprovider as cip;
use aws_sdk_cognitoidentityprovider::types::{
    ChallengeNameType, EmailMfaSettingsType, ExplicitAuthFlowsType, SmsMfaSettingsType,
    SoftwareTokenMfaSettingsType, UserPoolMfaType,
};

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of, verify_token};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn respond(
    h: &Harness,
    challenge: ChallengeNameType,
    session: &str,
    responses: &[(&str, &str)],
) -> cip::operation::respond_to_auth_challenge::builders::RespondToAuthChallengeFluentBuilder {
    let mut request = h
        .cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(challenge)
        .session(session);
    for (name, value) in responses {
        request = request.challenge_responses(*name, *value);
    }
    request
}

#[tokio::test]
async fn new_password_required_for_temporary_passwords() {
    let h = Harness::start().await;
    let out = h
        .password_auth(CLIENT_ID, "dave", "Dave-temp-1")
        .await
        .expect("initiate auth");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::NewPasswordRequired)
    );
    let params = out.challenge_parameters().expect("parameters");
    assert_eq!(params["USER_ID_FOR_SRP"], "dave");
    assert_eq!(params["requiredAttributes"], "[]");
    let current: serde_json::Value = serde_json::from_str(&params["userAttributes"]).expect("json");
    assert_eq!(current["email"], "dave@example.com");
    let session = out.session().expect("session").to_owned();

    // A weak password is refused and the session stays usable.
    let (code, message) = error_of(
        respond(
            &h,
            ChallengeNameType::NewPasswordRequired,
            &session,
            &[("USERNAME", "dave"), ("NEW_PASSWORD", "weak")],
        )
        .send()
        .await,
    );
    assert_eq!(code, "InvalidPasswordException");
    assert_eq!(
        message,
        "Password did not conform with policy: Password not long enough"
    );
    let (code, message) = error_of(
        respond(
            &h,
            ChallengeNameType::NewPasswordRequired,
            &session,
            &[("USERNAME", "dave"), ("NEW_PASSWORD", "nonumbers")],
        )
        .send()
        .await,
    );
    assert_eq!(code, "InvalidPasswordException");
    assert_eq!(
        message,
        "Password did not conform with policy: Password must have numeric characters"
    );

    let done = respond(
        &h,
        ChallengeNameType::NewPasswordRequired,
        &session,
        &[
            ("USERNAME", "dave"),
            ("NEW_PASSWORD", "Dave-own-pass-1"),
            ("userAttributes.name", "Dave"),
        ],
    )
    .send()
    .await
    .expect("password changed");
    let tokens = done.authentication_result.expect("tokens");
    let id = verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(id["name"], "Dave");

    // Sessions are single use.
    let (code, message) = error_of(
        respond(
            &h,
            ChallengeNameType::NewPasswordRequired,
            &session,
            &[("USERNAME", "dave"), ("NEW_PASSWORD", "Dave-other-1")],
        )
        .send()
        .await,
    );
    assert_eq!(code, "NotAuthorizedException");
    assert!(
        message.starts_with("Invalid session for the user"),
        "{message}"
    );

    // The user is confirmed now: the temporary password is gone.
    h.sign_in("dave", "Dave-own-pass-1").await;
    let user = h.admin_get_user("dave").await;
    assert_eq!(user.user_status().map(|s| s.as_str()), Some("CONFIRMED"));
}

#[tokio::test]
async fn challenge_sessions_expire_after_three_minutes() {
    let h = Harness::start().await;
    let out = h
        .password_auth(CLIENT_ID, "dave", "Dave-temp-1")
        .await
        .expect("initiate auth");
    h.advance_clock(181).await;
    let (code, message) = error_of(
        respond(
            &h,
            ChallengeNameType::NewPasswordRequired,
            out.session().unwrap(),
            &[("USERNAME", "dave"), ("NEW_PASSWORD", "Dave-own-pass-1")],
        )
        .send()
        .await,
    );
    assert_eq!(code, "NotAuthorizedException");
    assert_eq!(message, "Invalid session for the user, session is expired.");
}

#[tokio::test]
async fn admin_respond_to_auth_challenge_completes_new_password() {
    let h = Harness::start().await;
    let client_id = h.admin_flow_client().await;
    let out = h
        .admin_password_auth(&client_id, "dave", "Dave-temp-1")
        .await
        .expect("challenge");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::NewPasswordRequired)
    );
    let done = h
        .cognito
        .admin_respond_to_auth_challenge()
        .user_pool_id(POOL_ID)
        .client_id(&client_id)
        .challenge_name(ChallengeNameType::NewPasswordRequired)
        .session(out.session().unwrap())
        .challenge_responses("USERNAME", "dave")
        .challenge_responses("NEW_PASSWORD", "Dave-admin-1")
        .send()
        .await
        .expect("done");
    assert!(done.authentication_result.is_some());
}

/// Enrols TOTP for a signed-in user; returns the secret.
async fn enrol_totp(h: &Harness, access_token: &str) -> String {
    let secret = h
        .cognito
        .associate_software_token()
        .access_token(access_token)
        .send()
        .await
        .expect("associated")
        .secret_code
        .expect("secret");
    assert!(
        data_encoding::BASE32_NOPAD
            .decode(secret.as_bytes())
            .is_ok()
    );
    let (code, _) = error_of(
        h.cognito
            .verify_software_token()
            .access_token(access_token)
            .user_code("12345x")
            .send()
            .await,
    );
    assert_eq!(code, "EnableSoftwareTokenMFAException");
    let code = local_pool::totp::code_at(&secret, now()).unwrap();
    let verified = h
        .cognito
        .verify_software_token()
        .access_token(access_token)
        .user_code(code)
        .send()
        .await
        .expect("verified");
    assert_eq!(verified.status().map(|s| s.as_str()), Some("SUCCESS"));
    secret
}

#[tokio::test]
async fn software_token_mfa_challenge() {
    let h = Harness::start().await;
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let access = tokens.access_token().unwrap();
    let secret = enrol_totp(&h, access).await;
    h.cognito
        .set_user_mfa_preference()
        .access_token(access)
        .software_token_mfa_settings(
            SoftwareTokenMfaSettingsType::builder()
                .enabled(true)
                .preferred_mfa(true)
                .build(),
        )
        .send()
        .await
        .expect("preference set");
    let user = h
        .cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap();
    assert_eq!(user.preferred_mfa_setting(), Some("SOFTWARE_TOKEN_MFA"));

    let out = h
        .password_auth(CLIENT_ID, "alice", "Alice-pass-1")
        .await
        .expect("initiate auth");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::SoftwareTokenMfa)
    );
    let session = out.session().unwrap();
    let (code, _) = error_of(
        respond(
            &h,
            ChallengeNameType::SoftwareTokenMfa,
            session,
            &[("USERNAME", "alice"), ("SOFTWARE_TOKEN_MFA_CODE", "12345x")],
        )
        .send()
        .await,
    );
    assert_eq!(code, "CodeMismatchException");
    let totp = local_pool::totp::code_at(&secret, now()).unwrap();
    let done = respond(
        &h,
        ChallengeNameType::SoftwareTokenMfa,
        session,
        &[("USERNAME", "alice"), ("SOFTWARE_TOKEN_MFA_CODE", &totp)],
    )
    .send()
    .await
    .expect("mfa passed");
    assert!(done.authentication_result.is_some());
}

#[tokio::test]
async fn sms_email_and_select_mfa_type_challenges_use_the_outbox() {
    let h = Harness::start().await;
    h.cognito
        .admin_update_user_attributes()
        .user_pool_id(POOL_ID)
        .username("carol")
        .user_attributes(attr("phone_number", "+15555550123"))
        .user_attributes(attr("phone_number_verified", "true"))
        .send()
        .await
        .expect("phone added");
    let tokens = h.sign_in("carol", "Carol-pass-1").await;
    h.cognito
        .set_user_mfa_preference()
        .access_token(tokens.access_token().unwrap())
        .sms_mfa_settings(SmsMfaSettingsType::builder().enabled(true).build())
        .email_mfa_settings(EmailMfaSettingsType::builder().enabled(true).build())
        .send()
        .await
        .expect("preference set");

    let out = h
        .password_auth(CLIENT_ID, "carol", "Carol-pass-1")
        .await
        .expect("initiate auth");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::SelectMfaType)
    );
    let choices = &out.challenge_parameters().unwrap()["MFAS_CAN_CHOOSE"];
    assert!(
        choices.contains("SMS_MFA") && choices.contains("EMAIL_OTP"),
        "{choices}"
    );

    let sms = respond(
        &h,
        ChallengeNameType::SelectMfaType,
        out.session().unwrap(),
        &[("USERNAME", "carol"), ("ANSWER", "SMS_MFA")],
    )
    .send()
    .await
    .expect("selected");
    assert_eq!(sms.challenge_name(), Some(&ChallengeNameType::SmsMfa));
    assert_eq!(
        sms.challenge_parameters().unwrap()["CODE_DELIVERY_DELIVERY_MEDIUM"],
        "SMS"
    );
    let code = h.latest_code("carol", "SMS_MFA").await;
    let done = respond(
        &h,
        ChallengeNameType::SmsMfa,
        sms.session().unwrap(),
        &[("USERNAME", "carol"), ("SMS_MFA_CODE", &code)],
    )
    .send()
    .await
    .expect("sms mfa passed");
    assert!(done.authentication_result.is_some());

    let out = h
        .password_auth(CLIENT_ID, "carol", "Carol-pass-1")
        .await
        .expect("initiate auth");
    let email = respond(
        &h,
        ChallengeNameType::SelectMfaType,
        out.session().unwrap(),
        &[("USERNAME", "carol"), ("ANSWER", "EMAIL_OTP")],
    )
    .send()
    .await
    .expect("selected");
    assert_eq!(email.challenge_name(), Some(&ChallengeNameType::EmailOtp));
    let code = h.latest_code("carol", "EMAIL_OTP").await;
    let done = respond(
        &h,
        ChallengeNameType::EmailOtp,
        email.session().unwrap(),
        &[("USERNAME", "carol"), ("EMAIL_OTP_CODE", &code)],
    )
    .send()
    .await
    .expect("email otp passed");
    assert!(done.authentication_result.is_some());
}

#[tokio::test]
async fn pools_requiring_mfa_make_users_set_it_up_during_sign_in() {
    let h = Harness::start().await;
    let pool = h
        .cognito
        .create_user_pool()
        .pool_name("mfa-required")
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .expect("pool")
        .user_pool
        .expect("pool");
    let pool_id = pool.id().unwrap();
    let client = h
        .cognito
        .create_user_pool_client()
        .user_pool_id(pool_id)
        .client_name("app")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .expect("client")
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    h.cognito
        .admin_create_user()
        .user_pool_id(pool_id)
        .username("mia")
        .send()
        .await
        .expect("user");
    h.cognito
        .admin_set_user_password()
        .user_pool_id(pool_id)
        .username("mia")
        .password("Mia-Pass-1!")
        .permanent(true)
        .send()
        .await
        .expect("password");

    let out = h
        .password_auth(&client, "mia", "Mia-Pass-1!")
        .await
        .expect("initiate auth");
    assert_eq!(out.challenge_name(), Some(&ChallengeNameType::MfaSetup));
    let associated = h
        .cognito
        .associate_software_token()
        .session(out.session().unwrap())
        .send()
        .await
        .expect("associated");
    let secret = associated.secret_code().unwrap();
    let verified = h
        .cognito
        .verify_software_token()
        .session(associated.session().unwrap())
        .user_code(local_pool::totp::code_at(secret, now()).unwrap())
        .send()
        .await
        .expect("verified");
    let done = h
        .cognito
        .respond_to_auth_challenge()
        .client_id(&client)
        .challenge_name(ChallengeNameType::MfaSetup)
        .session(verified.session().unwrap())
        .challenge_responses("USERNAME", "mia")
        .send()
        .await
        .expect("set up");
    assert!(done.authentication_result.is_some());

    // From now on, sign-in asks for the TOTP code.
    let out = h
        .password_auth(&client, "mia", "Mia-Pass-1!")
        .await
        .expect("initiate auth");
    assert_eq!(
        out.challenge_name(),
        Some(&ChallengeNameType::SoftwareTokenMfa)
    );
}
