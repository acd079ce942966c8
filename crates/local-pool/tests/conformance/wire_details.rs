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
