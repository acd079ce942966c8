//! Token validity, refresh (with and without rotation), revocation and sign-out.

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, FeatureType, RefreshTokenRotationType, TimeUnitsType,
    TokenValidityUnitsType,
};

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, verify_token};

async fn refresh(
    h: &Harness,
    client_id: &str,
    refresh_token: &str,
) -> Result<String, (String, String)> {
    h.cognito
        .initiate_auth()
        .client_id(client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", refresh_token)
        .send()
        .await
        .map(|out| {
            let tokens = out.authentication_result.expect("tokens");
            assert!(
                tokens.refresh_token.is_none(),
                "no new refresh token without rotation"
            );
            tokens.access_token.expect("access token")
        })
        .map_err(|e| error_of::<(), _>(Err(e)))
}

async fn get_user(h: &Harness, access_token: &str) -> Result<String, (String, String)> {
    h.cognito
        .get_user()
        .access_token(access_token)
        .send()
        .await
        .map(|out| out.username)
        .map_err(|e| error_of::<(), _>(Err(e)))
}

/// A client with validities in seconds (a local-only allowance: AWS's minimum is 5 minutes).
async fn short_lived_client(h: &Harness, access_secs: i32, refresh_secs: i32) -> String {
    h.create_client(|c| {
        c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
            .access_token_validity(access_secs)
            .id_token_validity(access_secs)
            .refresh_token_validity(refresh_secs)
            .token_validity_units(
                TokenValidityUnitsType::builder()
                    .access_token(TimeUnitsType::Seconds)
                    .id_token(TimeUnitsType::Seconds)
                    .refresh_token(TimeUnitsType::Seconds)
                    .build(),
            )
    })
    .await
}

#[tokio::test]
async fn refresh_token_auth_issues_new_access_tokens_for_the_same_sign_in() {
    let h = Harness::start().await;
    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    let first = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    let access = refresh(&h, CLIENT_ID, tokens.refresh_token().unwrap())
        .await
        .expect("refreshed");
    let second = verify_token(&h, &access, "access", CLIENT_ID).await;
    assert_eq!(first["origin_jti"], second["origin_jti"]);
    assert_eq!(first["auth_time"], second["auth_time"]);
    assert_ne!(first["jti"], second["jti"]);
    assert_eq!(get_user(&h, &access).await, Ok("bob".into()));
}

#[tokio::test]
async fn short_validities_in_seconds_are_honoured() {
    let h = Harness::start().await;
    let client = short_lived_client(&h, 10, 60).await;
    let tokens = h.sign_in_with(&client, "alice", "Alice-pass-1").await;
    assert_eq!(tokens.expires_in(), 10);
    let access = tokens.access_token().unwrap();
    let claims = verify_token(&h, access, "access", &client).await;
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        10
    );
    assert!(get_user(&h, access).await.is_ok());

    h.advance_clock(11).await;
    assert_eq!(
        get_user(&h, access).await,
        Err((
            "NotAuthorizedException".into(),
            "Access Token has expired".into()
        ))
    );
    let fresh = refresh(&h, &client, tokens.refresh_token().unwrap())
        .await
        .expect("refresh still valid");
    assert!(get_user(&h, &fresh).await.is_ok());

    h.advance_clock(60).await;
    assert_eq!(
        refresh(&h, &client, tokens.refresh_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Refresh Token has expired".into()
        ))
    );
}

#[tokio::test]
async fn global_sign_out_revokes_refresh_and_issued_access_tokens() {
    let h = Harness::start().await;
    let first = h.sign_in("carol", "Carol-pass-1").await;
    let second = h.sign_in("carol", "Carol-pass-1").await;
    h.cognito
        .global_sign_out()
        .access_token(first.access_token().unwrap())
        .send()
        .await
        .expect("signed out");
    for tokens in [&first, &second] {
        assert_eq!(
            get_user(&h, tokens.access_token().unwrap()).await,
            Err((
                "NotAuthorizedException".into(),
                "Access Token has been revoked".into()
            ))
        );
        assert_eq!(
            refresh(&h, CLIENT_ID, tokens.refresh_token().unwrap()).await,
            Err((
                "NotAuthorizedException".into(),
                "Refresh Token has been revoked".into()
            ))
        );
    }
    // A new sign-in works again.
    let again = h.sign_in("carol", "Carol-pass-1").await;
    assert!(get_user(&h, again.access_token().unwrap()).await.is_ok());
}

#[tokio::test]
async fn admin_user_global_sign_out_revokes_everything() {
    let h = Harness::start().await;
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    h.cognito
        .admin_user_global_sign_out()
        .user_pool_id(POOL_ID)
        .username("alice")
        .send()
        .await
        .expect("signed out");
    assert_eq!(
        get_user(&h, tokens.access_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Access Token has been revoked".into()
        ))
    );
    assert!(
        refresh(&h, CLIENT_ID, tokens.refresh_token().unwrap())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn revoke_token_revokes_one_sign_in_only() {
    let h = Harness::start().await;
    let revoked = h.sign_in("bob", "Bob-pass-12").await;
    let other = h.sign_in("bob", "Bob-pass-12").await;
    h.cognito
        .revoke_token()
        .client_id(CLIENT_ID)
        .token(revoked.refresh_token().unwrap())
        .send()
        .await
        .expect("revoked");
    assert_eq!(
        refresh(&h, CLIENT_ID, revoked.refresh_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Refresh Token has been revoked".into()
        ))
    );
    assert_eq!(
        get_user(&h, revoked.access_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Access Token has been revoked".into()
        ))
    );
    assert!(get_user(&h, other.access_token().unwrap()).await.is_ok());
    assert!(
        refresh(&h, CLIENT_ID, other.refresh_token().unwrap())
            .await
            .is_ok()
    );

    let (code, _) = error_of(
        h.cognito
            .revoke_token()
            .client_id(CLIENT_ID)
            .token(other.access_token().unwrap())
            .send()
            .await,
    );
    assert_eq!(code, "UnsupportedTokenTypeException");
}

#[tokio::test]
async fn get_tokens_from_refresh_token_without_rotation_keeps_the_refresh_token() {
    let h = Harness::start().await;
    let tokens = h.sign_in("erin", "Erin-pass-1").await;
    let out = h
        .cognito
        .get_tokens_from_refresh_token()
        .client_id(CLIENT_ID)
        .refresh_token(tokens.refresh_token().unwrap())
        .send()
        .await
        .expect("refreshed");
    let result = out.authentication_result.expect("tokens");
    assert!(result.refresh_token.is_none());
    verify_token(&h, result.id_token().unwrap(), "id", CLIENT_ID).await;
}

#[tokio::test]
async fn rotation_issues_new_refresh_tokens_and_refuses_reuse_after_the_grace_period() {
    let h = Harness::start().await;
    let client = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .refresh_token_rotation(
                    RefreshTokenRotationType::builder()
                        .feature(FeatureType::Enabled)
                        .retry_grace_period_seconds(10)
                        .build()
                        .expect("rotation"),
                )
        })
        .await;
    let original = h.sign_in_with(&client, "alice", "Alice-pass-1").await;
    let original_refresh = original.refresh_token().unwrap().to_owned();
    let rotate = |token: String| {
        h.cognito
            .get_tokens_from_refresh_token()
            .client_id(&client)
            .refresh_token(token)
            .send()
    };
    let rotated = rotate(original_refresh.clone()).await.expect("rotated");
    let new_refresh = rotated
        .authentication_result
        .and_then(|r| r.refresh_token)
        .expect("a new refresh token");
    assert_ne!(new_refresh, original_refresh);

    // Within the grace period the old token still works (client retries).
    assert!(rotate(original_refresh.clone()).await.is_ok());
    h.advance_clock(11).await;
    let (code, _) = error_of(rotate(original_refresh).await);
    assert_eq!(code, "RefreshTokenReuseException");
    assert!(rotate(new_refresh).await.is_ok());

    // REFRESH_TOKEN_AUTH cannot be used on a rotating client.
    assert!(
        refresh(&h, &client, original.refresh_token().unwrap())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn disabled_users_cannot_use_their_tokens() {
    let h = Harness::start().await;
    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    h.cognito
        .admin_disable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("disabled");
    let disabled = Err(("NotAuthorizedException".into(), "User is disabled.".into()));
    assert_eq!(
        refresh(&h, CLIENT_ID, tokens.refresh_token().unwrap()).await,
        disabled
    );
    assert_eq!(get_user(&h, tokens.access_token().unwrap()).await, disabled);
}

#[tokio::test]
async fn garbage_tokens_are_refused() {
    let h = Harness::start().await;
    assert_eq!(
        get_user(&h, "not-a-jwt").await,
        Err((
            "NotAuthorizedException".into(),
            "Invalid Access Token".into()
        ))
    );
    assert_eq!(
        refresh(&h, CLIENT_ID, "not-a-refresh-token").await,
        Err((
            "NotAuthorizedException".into(),
            // With its period, as Cognito answers it.
            "Invalid Refresh Token.".into()
        ))
    );
}
