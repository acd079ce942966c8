//! Attribute permissions of app clients and username case handling, with Cognito's defaults.

use aws_sdk_cognitoidentityprovider::types::{
    AliasAttributeType, AuthFlowType, ExplicitAuthFlowsType, MessageActionType,
    UsernameConfigurationType,
};

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of, verify_token};

fn names(attributes: &[aws_sdk_cognitoidentityprovider::types::AttributeType]) -> Vec<&str> {
    attributes.iter().map(|a| a.name()).collect()
}

/// UserPoolClientType (Amazon Cognito API Reference): "When you don't specify the
/// ReadAttributes for your app client, your app can read the values of email_verified,
/// phone_number_verified, and the standard attributes of your user pool" and "When you don't
/// specify the WriteAttributes for your app client, your app can write the values of the
/// Standard attributes of your user pool." Custom attributes have to be listed.
#[tokio::test]
async fn a_client_without_attribute_lists_reads_and_writes_only_standard_attributes() {
    let h = Harness::start().await;
    let client = h
        .create_client(|c| c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth))
        .await;
    let tokens = h.sign_in_with(&client, "alice", "Alice-pass-1").await;

    let claims = verify_token(&h, tokens.id_token().unwrap(), "id", &client).await;
    assert_eq!(claims["email"], "alice@example.com");
    assert_eq!(claims["email_verified"], true);
    assert!(claims.get("custom:role").is_none(), "{claims}");

    let access = tokens.access_token().unwrap();
    let user = h
        .cognito
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap();
    let readable = names(user.user_attributes());
    assert!(readable.contains(&"email") && readable.contains(&"email_verified"));
    assert!(readable.contains(&"sub"));
    assert!(!readable.contains(&"custom:role"), "{readable:?}");

    let (code, message) = error_of(
        h.cognito
            .update_user_attributes()
            .access_token(access)
            .user_attributes(attr("custom:role", "viewer"))
            .send()
            .await,
    );
    assert_eq!(code, "NotAuthorizedException");
    assert_eq!(
        message,
        "A client attempted to write unauthorized attribute custom:role"
    );
    h.cognito
        .update_user_attributes()
        .access_token(access)
        .user_attributes(attr("name", "Alice"))
        .send()
        .await
        .expect("standard attributes are writable");
    // The custom attribute is still there for clients that may read it.
    let seeded = h.sign_in("alice", "Alice-pass-1").await;
    let claims = verify_token(&h, seeded.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(claims["custom:role"], "admin");
}

/// GetUser "Gets user attributes ... for the currently signed-in user", limited to what the
/// app client may read: the access token's `client_id` names the client.
#[tokio::test]
async fn get_user_returns_only_the_attributes_the_client_may_read() {
    let h = Harness::start().await;
    h.cognito
        .admin_update_user_attributes()
        .user_pool_id(POOL_ID)
        .username("alice")
        .user_attributes(attr("phone_number", "+15555550123"))
        .user_attributes(attr("family_name", "Liddell"))
        .send()
        .await
        .expect("attributes added");
    // The seeded client reads email, email_verified, name and custom:role only.
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let user = h
        .cognito
        .get_user()
        .access_token(tokens.access_token().unwrap())
        .send()
        .await
        .unwrap();
    let mut readable = names(user.user_attributes());
    readable.sort_unstable();
    assert_eq!(
        readable,
        ["custom:role", "email", "email_verified", "sub"],
        "phone_number and family_name are not in ReadAttributes"
    );
    // The administrator sees everything.
    let all = h.admin_get_user("alice").await;
    assert!(names(all.user_attributes()).contains(&"phone_number"));
}

/// Creates a pool (optionally with `CaseSensitive`) with an email alias and a password
/// client; returns `(pool id, client id)`.
async fn pool_with_email_alias(h: &Harness, case_sensitive: Option<bool>) -> (String, String) {
    let mut request = h
        .cognito
        .create_user_pool()
        .pool_name("case-test")
        .alias_attributes(AliasAttributeType::Email);
    if let Some(case_sensitive) = case_sensitive {
        request = request.username_configuration(
            UsernameConfigurationType::builder()
                .case_sensitive(case_sensitive)
                .build()
                .unwrap(),
        );
    }
    let pool = request
        .send()
        .await
        .expect("pool created")
        .user_pool
        .unwrap();
    let pool_id = pool.id.unwrap();
    let client = h
        .cognito
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("case-client")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .send()
        .await
        .expect("client created")
        .user_pool_client
        .unwrap()
        .client_id
        .unwrap();
    (pool_id, client)
}

async fn create_user(h: &Harness, pool_id: &str, username: &str, email: &str) {
    h.cognito
        .admin_create_user()
        .user_pool_id(pool_id)
        .username(username)
        .user_attributes(attr("email", email))
        .user_attributes(attr("email_verified", "true"))
        .message_action(MessageActionType::Suppress)
        .send()
        .await
        .expect("user created");
    h.cognito
        .admin_set_user_password()
        .user_pool_id(pool_id)
        .username(username)
        .password("Strong-pass-1!")
        .permanent(true)
        .send()
        .await
        .expect("password set");
}

async fn signs_in(h: &Harness, client: &str, login: &str) -> bool {
    h.cognito
        .initiate_auth()
        .client_id(client)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", login)
        .auth_parameters("PASSWORD", "Strong-pass-1!")
        .send()
        .await
        .is_ok()
}

/// UsernameConfigurationType.CaseSensitive: "True: Enables case sensitivity for all username
/// input ... This is the default value." (Amazon Cognito API Reference.)
#[tokio::test]
async fn usernames_are_case_sensitive_unless_the_pool_says_otherwise() {
    let h = Harness::start().await;
    let (pool_id, client) = pool_with_email_alias(&h, None).await;
    let described = h
        .cognito
        .describe_user_pool()
        .user_pool_id(&pool_id)
        .send()
        .await
        .unwrap()
        .user_pool
        .unwrap();
    assert_eq!(
        described
            .username_configuration()
            .map(|c| c.case_sensitive()),
        Some(true)
    );
    create_user(&h, &pool_id, "Hank", "hank@example.com").await;
    // A different capitalisation is a different user.
    create_user(&h, &pool_id, "hank", "hank2@example.com").await;
    assert!(signs_in(&h, &client, "Hank").await);
    assert!(!signs_in(&h, &client, "HANK").await);
}

/// CaseSensitive False "also enables both preferred_username and email alias to be case
/// insensitive, in addition to the username attribute" (UsernameConfigurationType, Amazon
/// Cognito API Reference); with True the alias must match exactly.
#[tokio::test]
async fn email_aliases_follow_the_pools_case_sensitivity() {
    let h = Harness::start().await;
    let (insensitive, insensitive_client) = pool_with_email_alias(&h, Some(false)).await;
    create_user(&h, &insensitive, "ivy", "Ivy@Example.com").await;
    assert!(signs_in(&h, &insensitive_client, "ivy@example.com").await);
    assert!(signs_in(&h, &insensitive_client, "IVY@EXAMPLE.COM").await);
    assert!(signs_in(&h, &insensitive_client, "IVY").await);

    let (sensitive, sensitive_client) = pool_with_email_alias(&h, Some(true)).await;
    create_user(&h, &sensitive, "jay", "Jay@Example.com").await;
    assert!(signs_in(&h, &sensitive_client, "Jay@Example.com").await);
    assert!(!signs_in(&h, &sensitive_client, "jay@example.com").await);
}
