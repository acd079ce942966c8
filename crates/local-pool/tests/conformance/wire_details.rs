//! Error details apps branch on, and numbers from requests that must not crash the pool.

use crate::support::{CLIENT_ID, Harness, POOL_ID, attr, error_of};

/// Reported behaviour of real user pools, not documented by AWS: an UNCONFIRMED user who signs
/// in with a wrong password gets UserNotConfirmedException, not "Incorrect username or
/// password." (apps route such users to the confirmation page either way).
#[tokio::test]
async fn an_unconfirmed_user_is_told_so_even_with_a_wrong_password() {
    let h = Harness::start().await;
    h.cognito
        .sign_up()
        .client_id(CLIENT_ID)
        .username("gina")
        .password("Gina-pass-1")
        .user_attributes(attr("email", "gina@example.com"))
        .send()
        .await
        .expect("signed up");
    for password in ["wrong-pass-1", "Gina-pass-1"] {
        let (code, message) = error_of(h.password_auth(CLIENT_ID, "gina", password).await);
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("UserNotConfirmedException", "User is not confirmed."),
            "password {password}"
        );
    }
}

/// ListUsers `Limit`: "Valid Range: Minimum value of 0. Maximum value of 60." (Amazon Cognito
/// API Reference); values outside it are a validation error (InvalidParameterException), and
/// a PaginationToken that is not one the pool issued is InvalidParameterException too.
#[tokio::test]
async fn out_of_range_limits_and_forged_pagination_tokens_are_invalid_parameters() {
    let h = Harness::start().await;
    let forged = data_encoding::BASE64URL_NOPAD.encode(u64::MAX.to_string().as_bytes());
    let response = h
        .raw(
            "ListUsers",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","PaginationToken":"{forged}"}}"#),
            true,
        )
        .await;
    assert_eq!(response.status, 400, "{}", response.body);
    assert_eq!(response.error_type(), "InvalidParameterException");

    let response = h
        .raw(
            "ListUsers",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":61}}"#),
            true,
        )
        .await;
    assert_eq!(response.status, 400, "{}", response.body);
    assert_eq!(response.error_type(), "InvalidParameterException");

    let response = h
        .raw(
            "ListGroups",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":2,"NextToken":"{forged}"}}"#),
            true,
        )
        .await;
    assert_eq!(response.error_type(), "InvalidParameterException");

    // Paging still works, and the server is still up.
    let page = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .limit(2)
        .send()
        .await
        .expect("first page");
    assert_eq!(page.users().len(), 2);
    let next = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .limit(60)
        .pagination_token(page.pagination_token().unwrap())
        .send()
        .await
        .expect("second page");
    assert_eq!(next.users().len(), 4);
    assert!(next.pagination_token().is_none());
}

/// `Limit` of ListUsers, ListGroups and AdminListGroupsForUser is an Integer with "Valid Range:
/// Minimum value of 0" (Amazon Cognito API Reference, each operation's request parameters), so a
/// negative one is a validation error (InvalidParameterException), not an unreadable body.
#[tokio::test]
async fn negative_limits_are_invalid_parameters() {
    let h = Harness::start().await;
    for (operation, body) in [
        (
            "ListUsers",
            format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":-1}}"#),
        ),
        (
            "ListGroups",
            format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":-1}}"#),
        ),
        (
            "AdminListGroupsForUser",
            format!(r#"{{"UserPoolId":"{POOL_ID}","Username":"alice","Limit":-1}}"#),
        ),
    ] {
        let response = h.raw(operation, &body, true).await;
        assert_eq!(response.status, 400, "{operation}: {}", response.body);
        assert_eq!(
            response.error_type(),
            "InvalidParameterException",
            "{operation}"
        );
        let message = response.body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("greater than or equal to 0"),
            "{operation}: {message}"
        );
    }
}

/// Decoding errors keep Cognito's split after the move to the shared wire types: a missing
/// required member is a validation error (InvalidParameterException, "Value null at ..."), a
/// member of the wrong JSON type a SerializationException. `Password` of SignUp is optional in
/// the service model (botocore cognito-idp service-2.json, SignUpRequest) yet a sign-up without
/// one is refused as a missing member; unknown enum values are refused with the operation's own
/// message rather than as unreadable bodies.
#[tokio::test]
async fn requests_decode_with_cognitos_error_split() {
    let h = Harness::start().await;
    let cases = [
        (
            "SignUp",
            format!(r#"{{"ClientId":"{CLIENT_ID}","Username":"hank"}}"#),
            "InvalidParameterException",
            "Value null at 'password'",
        ),
        (
            "SignUp",
            format!(r#"{{"ClientId":"{CLIENT_ID}","Username":"hank","Password":5}}"#),
            "SerializationException",
            "",
        ),
        (
            "ListUsers",
            format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":"ten"}}"#),
            "SerializationException",
            "",
        ),
        (
            "InitiateAuth",
            format!(r#"{{"ClientId":"{CLIENT_ID}","AuthFlow":"NO_SUCH_FLOW"}}"#),
            "InvalidParameterException",
            "Value 'NO_SUCH_FLOW' at 'authFlow'",
        ),
        (
            "AdminCreateUser",
            format!(r#"{{"UserPoolId":"{POOL_ID}","Username":"ivan","MessageAction":"LOUD"}}"#),
            "InvalidParameterException",
            "Invalid MessageAction LOUD",
        ),
    ];
    for (operation, body, error_type, message_part) in cases {
        let response = h.raw(operation, &body, true).await;
        assert_eq!(
            response.status, 400,
            "{operation} {body}: {}",
            response.body
        );
        assert_eq!(response.error_type(), error_type, "{operation} {body}");
        let message = response.body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(message_part),
            "{operation} {body}: {message}"
        );
    }
}

/// The pool's answers read back through the client side's types (cognito-wire), so the two
/// halves of the protocol agree on member names and shapes.
#[tokio::test]
async fn answers_decode_as_the_shared_wire_types() {
    let h = Harness::start().await;
    let user: cognito_wire::AdminGetUserResponse = decode_ok(
        h.raw(
            "AdminGetUser",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","Username":"alice"}}"#),
            true,
        )
        .await,
    );
    assert_eq!(user.username, "alice");
    assert_eq!(user.enabled, Some(true));
    assert_eq!(
        user.user_status,
        Some(cognito_wire::UserStatusType::Confirmed)
    );
    assert!(user.user_create_date.is_some_and(|date| date > 0.0));

    let page: cognito_wire::ListUsersResponse = decode_ok(
        h.raw(
            "ListUsers",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","Limit":2}}"#),
            true,
        )
        .await,
    );
    assert_eq!(page.users.map(|users| users.len()), Some(2));
    assert!(page.pagination_token.is_some());

    let client: cognito_wire::UserPoolClientResponse = decode_ok(
        h.raw(
            "DescribeUserPoolClient",
            &format!(r#"{{"UserPoolId":"{POOL_ID}","ClientId":"{CLIENT_ID}"}}"#),
            true,
        )
        .await,
    );
    let client = client.user_pool_client.expect("UserPoolClient");
    assert_eq!(client.client_id.as_deref(), Some(CLIENT_ID));
    assert!(client.token_validity_units.is_some());

    let pool: cognito_wire::UserPoolResponse = decode_ok(
        h.raw(
            "DescribeUserPool",
            &format!(r#"{{"UserPoolId":"{POOL_ID}"}}"#),
            true,
        )
        .await,
    );
    let pool = pool.user_pool.expect("UserPool");
    assert_eq!(pool.id.as_deref(), Some(POOL_ID));
    assert!(pool.estimated_number_of_users.is_some_and(|n| n >= 5));

    let auth: cognito_wire::InitiateAuthResponse = decode_ok(
        h.raw(
            "InitiateAuth",
            &serde_json::to_string(&cognito_wire::InitiateAuthRequest {
                client_id: CLIENT_ID.into(),
                ..cognito_wire::InitiateAuthRequest::user_password("alice", "Alice-pass-1")
            })
            .expect("request JSON"),
            false,
        )
        .await,
    );
    let tokens = auth.authentication_result.expect("tokens");
    assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
    assert_eq!(tokens.expires_in, Some(3600));
    assert!(tokens.id_token.is_some() && tokens.refresh_token.is_some());
}

fn decode_ok<T: serde::de::DeserializeOwned>(response: crate::support::RawResponse) -> T {
    assert_eq!(response.status, 200, "{}", response.body);
    serde_json::from_value(response.body).expect("decodes as the wire type")
}
