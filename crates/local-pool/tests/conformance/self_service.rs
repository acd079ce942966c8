//! Sign-up, confirmation, password recovery and the signed-in user's own account.

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of};

#[tokio::test]
async fn sign_up_and_confirm_with_the_emailed_code() {
    let h = Harness::start().await;
    let out = h
        .cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("gina")
        .password("Gina-pass-1")
        .user_attributes(attr("email", "gina@example.com"))
        .send()
        .await
        .expect("signed up");
    assert!(!out.user_confirmed());
    let delivery = out.code_delivery_details().expect("delivery");
    assert_eq!(delivery.destination(), Some("g***@e***"));
    assert_eq!(delivery.attribute_name(), Some("email"));

    let confirm = |code: String| {
        h.cognito
            .confirm_sign_up()
            .client_id(CLIENT_ID)
            .username("gina")
            .confirmation_code(code)
            .send()
    };
    let (code, message) = error_of(confirm("000000x".into()).await);
    assert_eq!(code, "CodeMismatchException");
    assert_eq!(
        message,
        "Invalid verification code provided, please try again."
    );

    // Codes expire (24 hours for sign-up); a resent code works.
    h.advance_clock(24 * 3600 + 1).await;
    let stale = h.latest_code("gina", "SIGN_UP").await;
    let (code, _) = error_of(confirm(stale).await);
    assert_eq!(code, "ExpiredCodeException");
    h.cognito
        .resend_confirmation_code()
        .client_id(CLIENT_ID)
        .username("gina")
        .send()
        .await
        .expect("resent");
    confirm(h.latest_code("gina", "SIGN_UP").await)
        .await
        .expect("confirmed");

    let (code, _) = error_of(confirm("123456".into()).await);
    assert_eq!(code, "NotAuthorizedException");
    let user = h.admin_get_user("gina").await;
    assert_eq!(user.user_status().map(|s| s.as_str()), Some("CONFIRMED"));
    assert!(
        user.user_attributes()
            .iter()
            .any(|a| a.name() == "email_verified" && a.value() == Some("true"))
    );
    h.sign_in("gina", "Gina-pass-1").await;
}

#[tokio::test]
async fn sign_up_enforces_policy_uniqueness_and_schema() {
    let h = Harness::start().await;
    let sign_up =
        |user: &'static str, password: &'static str, attribute: (&'static str, &'static str)| {
            h.cognito
                .sign_up()
                .client_id(CLIENT_ID)
                .username(user)
                .password(password)
                .user_attributes(attr(attribute.0, attribute.1))
                .send()
        };
    let (code, message) = error_of(sign_up("hank", "short1", ("email", "h@example.com")).await);
    assert_eq!(code, "InvalidPasswordException");
    assert_eq!(
        message,
        "Password did not conform with policy: Password not long enough"
    );
    let (code, message) =
        error_of(sign_up("hank", "ALLUPPER123", ("email", "h@example.com")).await);
    assert_eq!(code, "InvalidPasswordException");
    assert_eq!(
        message,
        "Password did not conform with policy: Password must have lowercase characters"
    );
    let (code, _) = error_of(sign_up("alice", "Alice-pass-2", ("email", "a2@example.com")).await);
    assert_eq!(code, "UsernameExistsException");
    let (code, _) = error_of(sign_up("hank", "Hank-pass-1", ("custom:unknown", "x")).await);
    assert_eq!(code, "InvalidParameterException");
}

#[tokio::test]
async fn forgot_password_resets_with_the_code() {
    let h = Harness::start().await;
    let out = h
        .cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("bob")
        .send()
        .await
        .expect("code sent");
    assert_eq!(
        out.code_delivery_details()
            .and_then(|d| d.delivery_medium())
            .map(|m| m.as_str()),
        Some("EMAIL")
    );
    let code = h.latest_code("bob", "FORGOT_PASSWORD").await;
    let confirm = |code: String, password: &'static str| {
        h.cognito
            .confirm_forgot_password()
            .client_id(CLIENT_ID)
            .username("bob")
            .confirmation_code(code)
            .password(password)
            .send()
    };
    let (err, _) = error_of(confirm(code.clone(), "weak").await);
    assert_eq!(err, "InvalidPasswordException");
    let (err, _) = error_of(confirm("999999x".into(), "Bob-new-pass-1").await);
    assert_eq!(err, "CodeMismatchException");
    confirm(code, "Bob-new-pass-1").await.expect("reset");
    h.sign_in("bob", "Bob-new-pass-1").await;

    // Unknown users get a plausible answer (PreventUserExistenceErrors = ENABLED).
    let out = h
        .cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("nobody")
        .send()
        .await
        .expect("no user existence error");
    assert!(out.code_delivery_details().is_some());
}

#[tokio::test]
async fn forgot_password_codes_expire_after_an_hour() {
    let h = Harness::start().await;
    h.cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("erin")
        .send()
        .await
        .expect("sent");
    let code = h.latest_code("erin", "FORGOT_PASSWORD").await;
    h.advance_clock(3601).await;
    let (err, message) = error_of(
        h.cognito
            .confirm_forgot_password()
            .client_id(CLIENT_ID)
            .username("erin")
            .confirmation_code(code)
            .password("Erin-new-pass-1")
            .send()
            .await,
    );
    assert_eq!(err, "ExpiredCodeException");
    assert_eq!(
        message,
        "Invalid code provided, please request a code again."
    );
}

#[tokio::test]
async fn get_and_update_user_attributes_with_verification() {
    let h = Harness::start().await;
    let tokens = h.sign_in("erin", "Erin-pass-1").await;
    let access = tokens.access_token().unwrap();
    let user = h
        .cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .expect("user");
    assert_eq!(user.username(), "erin");
    assert!(user.user_attributes().iter().any(|a| a.name() == "sub"));

    let out = h
        .cognito
        .update_user_attributes()
        .access_token(access)
        .user_attributes(attr("email", "erin.new@example.com"))
        .user_attributes(attr("name", "Erin"))
        .send()
        .await
        .expect("updated");
    assert_eq!(out.code_delivery_details_list().len(), 1);
    let value = |user: &aws_sdk_cognitoidentityprovider::operation::get_user::GetUserOutput,
                 name: &str| {
        user.user_attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value().map(str::to_owned))
    };
    let user = h
        .cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        value(&user, "email").as_deref(),
        Some("erin.new@example.com")
    );
    assert_eq!(value(&user, "email_verified").as_deref(), Some("false"));
    assert_eq!(value(&user, "name").as_deref(), Some("Erin"));

    // Users cannot set verification flags or attributes the client may not write.
    let (code, _) = error_of(
        h.cognito
            .update_user_attributes()
            .access_token(access)
            .user_attributes(attr("email_verified", "true"))
            .send()
            .await,
    );
    assert_eq!(code, "NotAuthorizedException");
    let (code, _) = error_of(
        h.cognito
            .update_user_attributes()
            .access_token(access)
            .user_attributes(attr("custom:role", "admin"))
            .send()
            .await,
    );
    assert_eq!(code, "NotAuthorizedException");

    h.cognito
        .get_user_attribute_verification_code()
        .access_token(access)
        .attribute_name("email")
        .send()
        .await
        .expect("code sent");
    let (code, _) = error_of(
        h.cognito
            .verify_user_attribute()
            .access_token(access)
            .attribute_name("email")
            .code("000000x")
            .send()
            .await,
    );
    assert_eq!(code, "CodeMismatchException");
    let code = h.latest_code("erin", "VERIFY_ATTRIBUTE").await;
    h.cognito
        .verify_user_attribute()
        .access_token(access)
        .attribute_name("email")
        .code(code)
        .send()
        .await
        .expect("verified");
    let user = h
        .cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap();
    assert_eq!(value(&user, "email_verified").as_deref(), Some("true"));
}

#[tokio::test]
async fn change_password_checks_the_previous_one_and_the_policy() {
    let h = Harness::start().await;
    let tokens = h.sign_in("carol", "Carol-pass-1").await;
    let change = |previous: &'static str, proposed: &'static str| {
        h.cognito
            .change_password()
            .access_token(tokens.access_token().unwrap())
            .previous_password(previous)
            .proposed_password(proposed)
            .send()
    };
    assert_eq!(
        error_of(change("Wrong-pass-1", "Carol-new-pass-1").await),
        (
            "NotAuthorizedException".into(),
            "Incorrect username or password.".into()
        )
    );
    assert_eq!(
        error_of(change("Carol-pass-1", "short").await).0,
        "InvalidPasswordException"
    );
    change("Carol-pass-1", "Carol-new-pass-1")
        .await
        .expect("changed");
    h.sign_in("carol", "Carol-new-pass-1").await;
}

#[tokio::test]
async fn delete_user_removes_the_account_and_its_sessions() {
    let h = Harness::start().await;
    h.create_confirmed_user("ivan", "Ivan-pass-1").await;
    let tokens = h.sign_in("ivan", "Ivan-pass-1").await;
    h.cognito
        .delete_user()
        .access_token(tokens.access_token().unwrap())
        .send()
        .await
        .expect("deleted");
    let (code, _) = error_of(
        h.cognito
            .admin_get_user()
            .user_pool_id(POOL_ID)
            .username("ivan")
            .send()
            .await,
    );
    assert_eq!(code, "UserNotFoundException");
    let (code, _) = error_of(
        h.cognito
            .get_user()
            .access_token(tokens.access_token().unwrap())
            .send()
            .await,
    );
    assert_eq!(code, "NotAuthorizedException");
}
