//! Pool, client, group and user administration.

use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, ChallengeNameType, ExplicitAuthFlowsType, PasswordPolicyType,
    SchemaAttributeType, TimeUnitsType, TokenValidityUnitsType, UserPoolPolicyType,
};

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of};

#[tokio::test]
async fn seeded_pool_and_client_are_described_as_configured() {
    let h = Harness::start().await;
    let pool = h
        .cognito
        .describe_user_pool()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .expect("pool")
        .user_pool
        .expect("pool");
    assert_eq!(pool.name(), Some("poolgate"));
    let policy = pool
        .policies()
        .and_then(|p| p.password_policy())
        .expect("policy");
    assert_eq!(policy.minimum_length(), Some(8));
    assert!(policy.require_lowercase());
    assert!(policy.require_numbers());
    assert!(!policy.require_uppercase());
    assert!(!policy.require_symbols());
    assert!(
        pool.schema_attributes()
            .iter()
            .any(|a| a.name() == Some("custom:role") && a.mutable() == Some(true))
    );
    assert_eq!(pool.estimated_number_of_users(), 6);

    let client = h
        .cognito
        .describe_user_pool_client()
        .user_pool_id(POOL_ID)
        .client_id(CLIENT_ID)
        .send()
        .await
        .expect("client")
        .user_pool_client
        .expect("client");
    assert_eq!(client.client_name(), Some("poolgate-web"));
    assert!(client.client_secret().is_none());
    assert_eq!(client.access_token_validity(), Some(60));
    assert_eq!(client.refresh_token_validity(), 30);
    assert_eq!(
        client.prevent_user_existence_errors().map(|p| p.as_str()),
        Some("ENABLED")
    );
    assert!(
        client
            .explicit_auth_flows()
            .contains(&ExplicitAuthFlowsType::AllowCustomAuth)
    );
    assert!(client.read_attributes().iter().any(|a| a == "custom:role"));
}

/// `UserPoolTierType` is LITE, ESSENTIALS or PLUS (Amazon Cognito API Reference); another value
/// is refused with the service's enum validation error.
#[tokio::test]
async fn a_pool_with_an_unknown_tier_is_refused() {
    let h = Harness::start().await;
    let (code, message) = error_of(
        h.cognito
            .create_user_pool()
            .pool_name("gold")
            .user_pool_tier(aws_sdk_cognitoidentityprovider::types::UserPoolTierType::from("GOLD"))
            .send()
            .await,
    );
    assert_eq!(code, "InvalidParameterException");
    assert!(message.contains("'GOLD' at 'userPoolTier'"), "{message}");
}

#[tokio::test]
async fn create_pool_client_and_update_client() {
    let h = Harness::start().await;
    let pool = h
        .cognito
        .create_user_pool()
        .pool_name("second")
        .policies(
            UserPoolPolicyType::builder()
                .password_policy(
                    PasswordPolicyType::builder()
                        .minimum_length(12)
                        .require_symbols(true)
                        .build(),
                )
                .build(),
        )
        .schema(
            SchemaAttributeType::builder()
                .name("tenant")
                .attribute_data_type(AttributeDataType::String)
                .mutable(false)
                .build(),
        )
        .send()
        .await
        .expect("pool created")
        .user_pool
        .expect("pool");
    let pool_id = pool.id().expect("id").to_owned();
    assert!(pool_id.starts_with("us-east-1_"));
    // "Defaults to ESSENTIALS" (UserPoolTier, CreateUserPool, Amazon Cognito API Reference).
    assert_eq!(
        pool.user_pool_tier(),
        Some(&aws_sdk_cognitoidentityprovider::types::UserPoolTierType::Essentials)
    );
    assert!(
        pool.schema_attributes()
            .iter()
            .any(|a| a.name() == Some("custom:tenant"))
    );

    let client = h
        .cognito
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("c1")
        .access_token_validity(10)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Seconds)
                .build(),
        )
        .send()
        .await
        .expect("client")
        .user_pool_client
        .expect("client");
    let client_id = client.client_id().unwrap().to_owned();
    assert_eq!(client.client_id().map(str::len), Some(26));
    assert_eq!(client.access_token_validity(), Some(10));

    let updated = h
        .cognito
        .update_user_pool_client()
        .user_pool_id(&pool_id)
        .client_id(&client_id)
        .client_name("renamed")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .expect("updated")
        .user_pool_client
        .expect("client");
    assert_eq!(updated.client_name(), Some("renamed"));
    assert_eq!(
        updated.explicit_auth_flows(),
        &[ExplicitAuthFlowsType::AllowUserPasswordAuth]
    );

    let (code, _) = error_of(
        h.cognito
            .describe_user_pool()
            .user_pool_id("us-east-1_nope")
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
    let (code, _) = error_of(
        h.cognito
            .describe_user_pool_client()
            .user_pool_id(&pool_id)
            .client_id(CLIENT_ID)
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException", "client of another pool");

    // The new pool's policy applies to its users.
    let (code, message) = error_of(
        h.cognito
            .admin_create_user()
            .user_pool_id(&pool_id)
            .username("x")
            .temporary_password("Short-1!")
            .send()
            .await,
    );
    assert_eq!(code, "InvalidPasswordException");
    assert_eq!(
        message,
        "Password did not conform with policy: Password not long enough"
    );
}

#[tokio::test]
async fn groups_and_memberships() {
    let h = Harness::start().await;
    let groups = h
        .cognito
        .list_groups()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .expect("groups");
    let names: Vec<_> = groups
        .groups()
        .iter()
        .filter_map(|g| g.group_name())
        .collect();
    assert_eq!(names, ["admins", "editors", "viewers"]);

    h.cognito
        .create_group()
        .user_pool_id(POOL_ID)
        .group_name("auditors")
        .precedence(0)
        .send()
        .await
        .expect("created");
    let (code, _) = error_of(
        h.cognito
            .create_group()
            .user_pool_id(POOL_ID)
            .group_name("auditors")
            .send()
            .await,
    );
    assert_eq!(code, "GroupExistsException");

    h.cognito
        .admin_add_user_to_group()
        .user_pool_id(POOL_ID)
        .username("bob")
        .group_name("auditors")
        .send()
        .await
        .expect("added");
    let of_bob = h
        .cognito
        .admin_list_groups_for_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("groups");
    let names: Vec<_> = of_bob
        .groups()
        .iter()
        .filter_map(|g| g.group_name())
        .collect();
    assert_eq!(names, ["auditors", "editors"], "ordered by precedence");

    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    let claims =
        crate::support::verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(
        claims["cognito:groups"],
        serde_json::json!(["auditors", "editors"])
    );

    h.cognito
        .admin_remove_user_from_group()
        .user_pool_id(POOL_ID)
        .username("bob")
        .group_name("auditors")
        .send()
        .await
        .expect("removed");
    let (code, _) = error_of(
        h.cognito
            .admin_add_user_to_group()
            .user_pool_id(POOL_ID)
            .username("bob")
            .group_name("nope")
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
}

#[tokio::test]
async fn admin_created_users_get_an_invitation_and_must_change_password() {
    let h = Harness::start().await;
    let out = h
        .cognito
        .admin_create_user()
        .user_pool_id(POOL_ID)
        .username("judy")
        .user_attributes(attr("email", "judy@example.com"))
        .user_attributes(attr("custom:role", "viewer"))
        .send()
        .await
        .expect("created");
    let user = out.user.expect("user");
    assert_eq!(
        user.user_status().map(|s| s.as_str()),
        Some("FORCE_CHANGE_PASSWORD")
    );
    assert!(user.enabled());
    let temporary = h.latest_code("judy", "ADMIN_CREATE_USER").await;

    let started = h
        .password_auth(CLIENT_ID, "judy", &temporary)
        .await
        .expect("challenge");
    assert_eq!(
        started.challenge_name(),
        Some(&ChallengeNameType::NewPasswordRequired)
    );

    let (code, message) = error_of(
        h.cognito
            .admin_create_user()
            .user_pool_id(POOL_ID)
            .username("judy")
            .send()
            .await,
    );
    assert_eq!(code, "UsernameExistsException");
    assert_eq!(message, "User account already exists");
}

#[tokio::test]
async fn admin_get_list_update_and_password_operations() {
    let h = Harness::start().await;
    let user = h.admin_get_user("alice").await;
    assert_eq!(user.username(), "alice");
    assert_eq!(user.user_status().map(|s| s.as_str()), Some("CONFIRMED"));
    assert!(user.enabled());
    let (code, message) = error_of(
        h.cognito
            .admin_get_user()
            .user_pool_id(POOL_ID)
            .username("nobody")
            .send()
            .await,
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("UserNotFoundException", "User does not exist.")
    );

    let all = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .expect("users");
    assert_eq!(all.users().len(), 6);
    let page = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .limit(2)
        .send()
        .await
        .expect("page");
    assert_eq!(page.users().len(), 2);
    assert!(page.pagination_token().is_some());
    let filtered = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .filter("email = \"carol@example.com\"")
        .send()
        .await
        .expect("filtered");
    let names: Vec<_> = filtered
        .users()
        .iter()
        .filter_map(|u| u.username())
        .collect();
    assert_eq!(names, ["carol"]);
    let forced = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .filter("cognito:user_status = \"FORCE_CHANGE_PASSWORD\"")
        .send()
        .await
        .expect("filtered");
    assert_eq!(forced.users().len(), 1);

    h.cognito
        .admin_update_user_attributes()
        .user_pool_id(POOL_ID)
        .username("erin")
        .user_attributes(attr("custom:role", "editor"))
        .send()
        .await
        .expect("updated");
    let tokens = h.sign_in("erin", "Erin-pass-1").await;
    let id = crate::support::verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(id["custom:role"], "editor");

    h.cognito
        .admin_set_user_password()
        .user_pool_id(POOL_ID)
        .username("erin")
        .password("Erin-admin-set-1")
        .permanent(true)
        .send()
        .await
        .expect("set");
    h.sign_in("erin", "Erin-admin-set-1").await;
    let (code, _) = error_of(
        h.cognito
            .admin_set_user_password()
            .user_pool_id(POOL_ID)
            .username("erin")
            .password("weak")
            .permanent(true)
            .send()
            .await,
    );
    assert_eq!(code, "InvalidPasswordException");
}

#[tokio::test]
async fn admin_reset_then_confirm_forgot_password() {
    let h = Harness::start().await;
    h.cognito
        .admin_reset_user_password()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("reset");
    let user = h.admin_get_user("bob").await;
    assert_eq!(
        user.user_status().map(|s| s.as_str()),
        Some("RESET_REQUIRED")
    );
    let code = h.latest_code("bob", "FORGOT_PASSWORD").await;
    h.cognito
        .confirm_forgot_password()
        .client_id(CLIENT_ID)
        .username("bob")
        .confirmation_code(code)
        .password("Bob-reset-pass-1")
        .send()
        .await
        .expect("new password");
    h.sign_in("bob", "Bob-reset-pass-1").await;
}

#[tokio::test]
async fn admin_confirm_sign_up_and_delete_user() {
    let h = Harness::start().await;
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("kim")
        .password("Kim-pass-12")
        .user_attributes(attr("email", "kim@example.com"))
        .send()
        .await
        .expect("signed up");
    h.cognito
        .admin_confirm_sign_up()
        .user_pool_id(POOL_ID)
        .username("kim")
        .send()
        .await
        .expect("confirmed");
    h.sign_in("kim", "Kim-pass-12").await;
    h.cognito
        .admin_delete_user()
        .user_pool_id(POOL_ID)
        .username("kim")
        .send()
        .await
        .expect("deleted");
    let (code, _) = error_of(
        h.cognito
            .admin_get_user()
            .user_pool_id(POOL_ID)
            .username("kim")
            .send()
            .await,
    );
    assert_eq!(code, "UserNotFoundException");
}
