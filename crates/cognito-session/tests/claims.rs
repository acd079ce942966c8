//! Token validation: signature, algorithm, issuer, audience, token_use, expiry and skew.
// Host tests: signatures are checked with the host's RsaVerifier (the browser uses WebCrypto).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use cognito_session::verify::is_rs256_signing_key;
use cognito_session::{ClaimsError, Jwks, TokenUse};
use common::*;
use serde_json::json;

#[test]
fn valid_id_token_decodes_to_typed_claims() {
    let token = sign(&id_claims(NOW, 3600));
    let claims = check(&token, TokenUse::Id, NOW + 10, 0).unwrap();
    assert_eq!(claims.token_use, TokenUse::Id);
    assert_eq!(claims.sub, "aaaa-bbbb");
    assert_eq!(claims.username, "alice");
    assert_eq!(claims.email.as_deref(), Some("alice@example.com"));
    assert_eq!(claims.email_verified, Some(true));
    assert_eq!(claims.attribute("custom:role"), Some("admin"));
    assert_eq!(claims.groups, ["staff", "ops"]);
    assert_eq!(claims.client_id, CLIENT);
    assert_eq!(claims.issuer, issuer());
    assert_eq!((claims.issued_at, claims.expires_at), (NOW, NOW + 3600));
    assert_eq!(claims.auth_time, Some(NOW));
    assert_eq!(claims.jti.as_deref(), Some("id-jti"));
    assert_eq!(claims.origin_jti.as_deref(), Some("origin-1"));
}

#[test]
fn valid_access_token_uses_username_and_client_id() {
    let token = sign(&access_claims(NOW, 3600));
    let claims = check(&token, TokenUse::Access, NOW, 0).unwrap();
    assert_eq!(claims.username, "alice");
    assert_eq!(claims.client_id, CLIENT);
    assert_eq!(claims.email, None);
    assert_eq!(
        claims.scope.as_deref(),
        Some("aws.cognito.signin.user.admin")
    );
}

#[test]
fn wrong_issuer() {
    let mut claims = id_claims(NOW, 3600);
    claims["iss"] = json!("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other");
    let err = check(&sign(&claims), TokenUse::Id, NOW, 0).unwrap_err();
    assert!(matches!(err, ClaimsError::WrongIssuer(_)), "{err:?}");
}

#[test]
fn wrong_audience_and_client_id() {
    let mut id = id_claims(NOW, 3600);
    id["aud"] = json!("another-client");
    let err = check(&sign(&id), TokenUse::Id, NOW, 0).unwrap_err();
    assert_eq!(err, ClaimsError::WrongAudience("another-client".into()));
    let mut access = access_claims(NOW, 3600);
    access["client_id"] = json!("another-client");
    let err = check(&sign(&access), TokenUse::Access, NOW, 0).unwrap_err();
    assert_eq!(err, ClaimsError::WrongAudience("another-client".into()));
}

#[test]
fn wrong_token_use() {
    let access = sign(&access_claims(NOW, 3600));
    let err = check(&access, TokenUse::Id, NOW, 0).unwrap_err();
    assert_eq!(
        err,
        ClaimsError::WrongTokenUse {
            expected: TokenUse::Id,
            found: "access".into()
        }
    );
}

#[test]
fn expired_and_skew_corrected() {
    let token = sign(&id_claims(NOW, 3600));
    let err = check(&token, TokenUse::Id, NOW + 3600, 0).unwrap_err();
    assert!(matches!(err, ClaimsError::Expired { .. }));
    // The device clock is two hours ahead (skew −7200): the token is still fresh.
    check(&token, TokenUse::Id, NOW + 7200 + 60, -7200).unwrap();
    // The device clock is behind: local time says fresh, the server says expired.
    let err = check(&token, TokenUse::Id, NOW + 3000, 600).unwrap_err();
    assert!(matches!(err, ClaimsError::Expired { .. }));
}

#[test]
fn tampered_payload_fails_the_signature() {
    let token = sign(&id_claims(NOW, 3600));
    let mut forged = id_claims(NOW, 3600);
    forged["custom:role"] = json!("superadmin");
    let forged_payload = sign(&forged).split('.').nth(1).unwrap().to_owned();
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    assert_eq!(
        check(&tampered, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::InvalidSignature
    );
}

#[test]
fn signed_by_another_key_with_our_kid() {
    let token = sign_with(&id_claims(NOW, 3600), KID, other_key());
    assert_eq!(
        check(&token, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::InvalidSignature
    );
}

#[test]
fn alg_none_is_refused() {
    let token = unsigned_token(
        &json!({"alg": "none", "kid": KID}),
        &id_claims(NOW, 3600),
        b"",
    );
    assert_eq!(
        check(&token, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::UnsupportedAlgorithm("none".into())
    );
}

#[test]
fn hs256_is_refused() {
    use jwt_compact::alg::{Hs256, Hs256Key};
    use jwt_compact::{AlgorithmExt, Claims, Header};
    // The classic confusion attack: HMAC keyed with the public modulus.
    let key = Hs256Key::new(jwks().keys[0].n.as_bytes());
    let token = Hs256
        .token(
            &Header::empty().with_key_id(KID),
            &Claims::new(id_claims(NOW, 3600)),
            &key,
        )
        .unwrap();
    assert_eq!(
        check(&token, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::UnsupportedAlgorithm("HS256".into())
    );
}

#[test]
fn unknown_kid_is_distinct_so_the_app_can_refetch_once() {
    let token = sign_with(&id_claims(NOW, 3600), "rotated-key", other_key());
    assert_eq!(
        check(&token, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::UnknownKeyId(Some("rotated-key".into()))
    );
    let mut keys = jwks();
    keys.keys.push(jwk("rotated-key", other_key()));
    check_with(&keys, &token, TokenUse::Id, NOW, 0).unwrap();
}

#[test]
fn no_jwks_loaded_means_unknown_kid() {
    let token = sign(&id_claims(NOW, 3600));
    assert!(matches!(
        check_with(&Jwks::default(), &token, TokenUse::Id, NOW, 0),
        Err(ClaimsError::UnknownKeyId(_))
    ));
}

#[test]
fn jwks_json_from_the_well_known_url() {
    let key = jwk(KID, signing_key());
    let body = format!(
        r#"{{"keys":[{{"alg":"RS256","e":"{}","kid":"{KID}","kty":"RSA","n":"{}","use":"sig"}},
            {{"kid":"enc","kty":"RSA","alg":"RSA-OAEP","n":"AQAB","e":"AQAB","use":"enc"}}]}}"#,
        key.e, key.n
    );
    let parsed: Jwks = serde_json::from_str(&body).unwrap();
    assert_eq!(
        parsed
            .keys
            .iter()
            .filter(|key| is_rs256_signing_key(key))
            .count(),
        1,
        "encryption keys are skipped"
    );
    check_with(&parsed, &sign(&id_claims(NOW, 3600)), TokenUse::Id, NOW, 0).unwrap();
    // An encryption key named by a token's kid is not a signing key.
    let by_enc_key = sign_with(&id_claims(NOW, 3600), "enc", other_key());
    assert_eq!(
        check_with(&parsed, &by_enc_key, TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::UnknownKeyId(Some("enc".into()))
    );
}

#[test]
fn garbage_and_missing_claims() {
    assert!(matches!(
        check("not.a.jwt", TokenUse::Id, NOW, 0),
        Err(ClaimsError::Malformed(_))
    ));
    let mut claims = id_claims(NOW, 3600);
    claims.as_object_mut().unwrap().remove("exp");
    assert_eq!(
        check(&sign(&claims), TokenUse::Id, NOW, 0).unwrap_err(),
        ClaimsError::MissingClaim("exp")
    );
}

#[test]
fn email_verified_as_string() {
    let mut claims = id_claims(NOW, 3600);
    claims["email_verified"] = json!("true");
    let decoded = check(&sign(&claims), TokenUse::Id, NOW, 0).unwrap();
    assert_eq!(decoded.email_verified, Some(true));
}
