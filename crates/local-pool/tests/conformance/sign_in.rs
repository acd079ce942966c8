//! InitiateAuth / AdminInitiateAuth with passwords, and the errors Cognito gives.

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, PreventUserExistenceErrorTypes,
};

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, verify_token};

#[tokio::test]
async fn password_sign_in_issues_verifiable_tokens_with_cognito_claims() {
    let h = Harness::start().await;
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    assert_eq!(tokens.token_type(), Some("Bearer"));
    assert_eq!(tokens.expires_in(), 3600);
    assert!(tokens.refresh_token().is_some_and(|t| !t.is_empty()));

    let id = verify_token(&h, tokens.id_token().expect("id token"), "id", CLIENT_ID).await;
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["email"], "alice@example.com");
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["custom:role"], "admin");
    assert_eq!(
        id["cognito:groups"],
        serde_json::json!(["admins", "editors"])
    );
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        3600
    );
    for claim in ["sub", "auth_time", "jti", "origin_jti", "event_id"] {
        assert!(id.get(claim).is_some(), "id token lacks {claim}");
    }

    let access = verify_token(
        &h,
        tokens.access_token().expect("access token"),
        "access",
        CLIENT_ID,
    )
    .await;
    assert_eq!(access["username"], "alice");
    // The seed's builtin pre token generation adds one scope per group (see triggers.rs).
    assert_eq!(
        access["scope"],
        "aws.cognito.signin.user.admin poolgate/admins poolgate/editors"
    );
    assert_eq!(access["sub"], id["sub"]);
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_eq!(
        access["cognito:groups"],
        serde_json::json!(["admins", "editors"])
    );
    assert!(access.get("email").is_none());
}

#[tokio::test]
async fn usernames_are_case_insensitive_and_groupless_users_have_no_groups_claim() {
    let h = Harness::start().await;
    let tokens = h.sign_in("ERIN", "Erin-pass-1").await;
    let id = verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(id["cognito:username"], "erin");
    assert!(id.get("cognito:groups").is_none());
    assert!(id.get("custom:role").is_none());
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_indistinguishable_when_prevented() {
    let h = Harness::start().await;
    let attempt =
        |user: &'static str, password: &'static str| h.password_auth(CLIENT_ID, user, password);
    let wrong = error_of(attempt("alice", "Wrong-pass-1").await);
    assert_eq!(
        wrong,
        (
            "NotAuthorizedException".into(),
            "Incorrect username or password.".into()
        )
    );
    let unknown = error_of(attempt("nobody", "Wrong-pass-1").await);
    assert_eq!(unknown, wrong);
}

#[tokio::test]
async fn legacy_clients_reveal_unknown_users() {
    let h = Harness::start().await;
    let legacy = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .prevent_user_existence_errors(PreventUserExistenceErrorTypes::Legacy)
        })
        .await;
    let (code, message) = error_of(h.password_auth(&legacy, "nobody", "Some-pass-1").await);
    assert_eq!(code, "UserNotFoundException");
    assert_eq!(message, "User does not exist.");
}

#[tokio::test]
async fn flows_not_enabled_on_the_client_are_refused() {
    let h = Harness::start().await;
    let srp_only = h
        .create_client(|c| c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserSrpAuth))
        .await;
    let (code, message) = error_of(h.password_auth(&srp_only, "alice", "Alice-pass-1").await);
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(
        message,
        "USER_PASSWORD_AUTH flow not enabled for this client"
    );

    let (code, _) = error_of(
        h.admin_password_auth(&srp_only, "alice", "Alice-pass-1")
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
}

#[tokio::test]
async fn unknown_client_is_resource_not_found() {
    let h = Harness::start().await;
    let (code, message) = error_of(
        h.password_auth("doesnotexist", "alice", "Alice-pass-1")
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(message, "User pool client doesnotexist does not exist.");
}

#[tokio::test]
async fn disabled_unconfirmed_and_reset_users_are_refused_like_cognito() {
    let h = Harness::start().await;
    h.cognito
        .admin_disable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("disabled");
    let sign_in =
        |user: &'static str, password: &'static str| h.password_auth(CLIENT_ID, user, password);
    assert_eq!(
        error_of(sign_in("bob", "Bob-pass-12").await),
        ("NotAuthorizedException".into(), "User is disabled.".into())
    );
    h.cognito
        .admin_enable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("enabled");
    assert!(sign_in("bob", "Bob-pass-12").await.is_ok());

    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("franz")
        .password("Franz-pass-1")
        .user_attributes(crate::support::attr("email", "franz@example.com"))
        .send()
        .await
        .expect("signed up");
    assert_eq!(
        error_of(sign_in("franz", "Franz-pass-1").await),
        (
            "UserNotConfirmedException".into(),
            "User is not confirmed.".into()
        )
    );

    h.cognito
        .admin_reset_user_password()
        .user_pool_id(POOL_ID)
        .username("carol")
        .send()
        .await
        .expect("reset");
    let (code, _) = error_of(sign_in("carol", "Carol-pass-1").await);
    assert_eq!(code, "PasswordResetRequiredException");
}

#[tokio::test]
async fn admin_initiate_auth_signs_in_server_side() {
    let h = Harness::start().await;
    let client_id = h.admin_flow_client().await;
    let out = h
        .admin_password_auth(&client_id, "carol", "Carol-pass-1")
        .await
        .expect("admin sign-in");
    let tokens = out.authentication_result.expect("tokens");
    let refresh = tokens.refresh_token().expect("refresh token").to_owned();
    let refreshed = h
        .cognito
        .admin_initiate_auth()
        .user_pool_id(POOL_ID)
        .client_id(&client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", refresh)
        .send()
        .await
        .expect("admin refresh");
    assert!(
        refreshed
            .authentication_result
            .unwrap()
            .access_token
            .is_some()
    );

    // The client-side API does not accept the admin flow.
    let (code, message) = error_of(
        h.cognito
            .initiate_auth()
            .client_id(&client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", "carol")
            .auth_parameters("PASSWORD", "Carol-pass-1")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert_eq!(message, "Initiate Auth method not supported.");
}

#[tokio::test]
async fn secret_clients_require_a_secret_hash() {
    let h = Harness::start().await;
    let client = h
        .cognito
        .create_user_pool_client()
        .user_pool_id(POOL_ID)
        .client_name("server")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .expect("client")
        .user_pool_client
        .expect("client");
    let (id, secret) = (client.client_id().unwrap(), client.client_secret().unwrap());
    let attempt = |hash: Option<String>| {
        let mut request = h
            .cognito
            .initiate_auth()
            .client_id(id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "alice")
            .auth_parameters("PASSWORD", "Alice-pass-1");
        if let Some(hash) = hash {
            request = request.auth_parameters("SECRET_HASH", hash);
        }
        request.send()
    };
    let (code, _) = error_of(attempt(None).await);
    assert_eq!(code, "NotAuthorizedException");
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = aws_lc_rs::hmac::sign(&key, format!("alice{id}").as_bytes());
    let hash = data_encoding::BASE64.encode(tag.as_ref());
    assert!(attempt(Some(hash)).await.is_ok());
}
