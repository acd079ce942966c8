//! Signing keys and token lifetimes: separate ID / access keys, key rotation, the expiry of
//! rotated refresh tokens, and revocation by AdminDisableUser.

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, FeatureType, RefreshTokenRotationType, TimeUnitsType,
    TokenValidityUnitsType,
};
use serde_json::Value;

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, verify_token};

fn kid(token: &str) -> String {
    jsonwebtoken::decode_header(token)
        .expect("jwt header")
        .kid
        .expect("kid")
}

async fn jwks_kids(h: &Harness) -> Vec<String> {
    let jwks: Value = h
        .get_json(&format!("{}/{POOL_ID}/.well-known/jwks.json", h.url()))
        .await;
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["kid"].as_str().expect("kid").to_owned())
        .collect()
}

async fn rotate_keys(h: &Harness, pool_id: &str) -> reqwest::Response {
    h.http
        .post(format!("{}/_local/rotate-keys?pool_id={pool_id}", h.url()))
        .send()
        .await
        .expect("rotate request")
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

async fn refresh(h: &Harness, refresh_token: &str) -> Result<String, (String, String)> {
    h.cognito
        .initiate_auth()
        .client_id(CLIENT_ID)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", refresh_token)
        .send()
        .await
        .map(|out| {
            out.authentication_result
                .and_then(|t| t.access_token)
                .expect("access token")
        })
        .map_err(|e| error_of::<(), _>(Err(e)))
}

/// Cognito "generates two pairs of RSA cryptographic keys for each user pool" and signs ID and
/// access tokens with different ones (Developer Guide, "Verifying a JSON Web Token": the JWKS
/// holds two keys; a verifier must pick the one whose `kid` matches the token's header).
#[tokio::test]
async fn id_and_access_tokens_are_signed_with_different_keys_both_in_the_jwks() {
    let h = Harness::start().await;
    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    let (id, access) = (tokens.id_token().unwrap(), tokens.access_token().unwrap());
    assert_ne!(kid(id), kid(access));
    let kids = jwks_kids(&h).await;
    assert_eq!(kids.len(), 2, "{kids:?}");
    assert!(kids.contains(&kid(id)) && kids.contains(&kid(access)));
    verify_token(&h, id, "id", CLIENT_ID).await;
    verify_token(&h, access, "access", CLIENT_ID).await;
}

#[tokio::test]
async fn rotated_keys_sign_new_tokens_while_old_tokens_keep_verifying() {
    let h = Harness::start().await;
    let before = h.sign_in("bob", "Bob-pass-12").await;
    let (old_id, old_access) = (before.id_token().unwrap(), before.access_token().unwrap());

    let response = rotate_keys(&h, POOL_ID).await;
    assert_eq!(response.status(), 200);
    let rotated: Value = response.json().await.expect("json");
    let (new_id_kid, new_access_kid) = (
        rotated["id_kid"].as_str().unwrap().to_owned(),
        rotated["access_kid"].as_str().unwrap().to_owned(),
    );
    assert_ne!(new_id_kid, kid(old_id));
    assert_ne!(new_access_kid, kid(old_access));

    // Old keys stay published, so tokens signed before the rotation still verify and work.
    let kids = jwks_kids(&h).await;
    assert_eq!(kids.len(), 4, "{kids:?}");
    verify_token(&h, old_id, "id", CLIENT_ID).await;
    verify_token(&h, old_access, "access", CLIENT_ID).await;
    assert_eq!(get_user(&h, old_access).await, Ok("bob".into()));

    // New tokens, from a sign-in or a refresh, use the new keys.
    let after = h.sign_in("bob", "Bob-pass-12").await;
    assert_eq!(kid(after.id_token().unwrap()), new_id_kid);
    assert_eq!(kid(after.access_token().unwrap()), new_access_kid);
    let refreshed = refresh(&h, before.refresh_token().unwrap()).await.unwrap();
    assert_eq!(kid(&refreshed), new_access_kid);
    verify_token(&h, &refreshed, "access", CLIENT_ID).await;

    // Once every token the old keys signed has expired (ID and access tokens live at most a
    // day), they leave the JWKS.
    h.server
        .advance_clock(86_400 + 1)
        .expect("the pool clock moves forward");
    let kids = jwks_kids(&h).await;
    assert_eq!(kids, [new_id_kid, new_access_kid]);

    assert_eq!(rotate_keys(&h, "us-east-1_Missing").await.status(), 404);
}

#[tokio::test]
async fn an_access_token_signed_with_the_id_key_is_refused() {
    // Token use is bound to the key: swapping the header's kid for the ID key's makes the
    // signature check fail, and an ID token is never an access token.
    let h = Harness::start().await;
    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    let id = tokens.id_token().unwrap();
    let invalid = Err((
        "NotAuthorizedException".to_owned(),
        "Invalid Access Token".to_owned(),
    ));
    assert_eq!(get_user(&h, id).await, invalid);
}

/// "RefreshTokenValidity ... the refresh token expires [that long] after your user signs in";
/// rotation hands out new refresh tokens but "doesn't extend the original expiration window"
/// (Developer Guide, "Refresh tokens"; AWS re:Post "Rotated Refresh Token Validity").
#[tokio::test]
async fn a_rotated_refresh_token_expires_when_the_original_would_have() {
    let h = Harness::start().await;
    let client = h
        .create_client(|c| {
            c.explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
                .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
                .refresh_token_validity(60)
                .token_validity_units(
                    TokenValidityUnitsType::builder()
                        .refresh_token(TimeUnitsType::Seconds)
                        .build(),
                )
                .refresh_token_rotation(
                    RefreshTokenRotationType::builder()
                        .feature(FeatureType::Enabled)
                        .retry_grace_period_seconds(0)
                        .build()
                        .unwrap(),
                )
        })
        .await;
    let tokens = h.sign_in_with(&client, "bob", "Bob-pass-12").await;
    let rotate = |token: String| {
        h.cognito
            .get_tokens_from_refresh_token()
            .client_id(&client)
            .refresh_token(token)
            .send()
    };
    h.server
        .advance_clock(40)
        .expect("the pool clock moves forward");
    let rotated = rotate(tokens.refresh_token().unwrap().to_owned())
        .await
        .expect("rotated")
        .authentication_result
        .and_then(|r| r.refresh_token)
        .expect("new refresh token");
    // 70 s after sign-in: past the original 60 s, though only 30 s after the rotation.
    h.server
        .advance_clock(30)
        .expect("the pool clock moves forward");
    let (code, message) = error_of(rotate(rotated).await);
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("NotAuthorizedException", "Refresh Token has expired")
    );
}

/// "Deactivates a user and revokes all access tokens for the user" (AdminDisableUser, Amazon
/// Cognito API Reference): tokens issued before stay refused after AdminEnableUser.
#[tokio::test]
async fn admin_disable_user_revokes_issued_tokens() {
    let h = Harness::start().await;
    let tokens = h.sign_in("bob", "Bob-pass-12").await;
    h.cognito
        .admin_disable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("disabled");
    h.cognito
        .admin_enable_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .expect("enabled");
    assert_eq!(
        refresh(&h, tokens.refresh_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Refresh Token has been revoked".into()
        ))
    );
    assert_eq!(
        get_user(&h, tokens.access_token().unwrap()).await,
        Err((
            "NotAuthorizedException".into(),
            "Access Token has been revoked".into()
        ))
    );
    // A new sign-in works again.
    let fresh = h.sign_in("bob", "Bob-pass-12").await;
    assert_eq!(
        get_user(&h, fresh.access_token().unwrap()).await,
        Ok("bob".into())
    );
}
