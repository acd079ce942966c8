//! The protocol edges over raw HTTP: CORS, headers, malformed requests, discovery documents,
//! the `/_local` controls, persistence and concurrency.

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use local_pool::{Config, DbLocation};
use serde_json::{Value, json};

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, seed_path};

const SIGN_IN_ALICE: &str = r#"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"localpoolgateappclient0001","AuthParameters":{"USERNAME":"alice","PASSWORD":"Alice-pass-1"}}"#;

#[tokio::test]
async fn cors_preflight_allows_the_headers_the_sdks_send() {
    let h = Harness::start().await;
    let response = h
        .http
        .request(reqwest::Method::OPTIONS, h.url())
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-amz-target,x-amz-user-agent,authorization,cache-control,amz-sdk-invocation-id,amz-sdk-request,x-amz-date,x-amz-security-token",
        )
        .send()
        .await
        .expect("preflight");
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:8080"
    );
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for header in [
        "content-type",
        "x-amz-target",
        "x-amz-user-agent",
        "authorization",
        "amz-sdk-invocation-id",
        "x-amz-security-token",
    ] {
        assert!(allowed.contains(header), "{header} not allowed: {allowed}");
    }
}

#[tokio::test]
async fn responses_carry_request_ids_and_exposed_error_headers() {
    let h = Harness::start().await;
    let ok = h.raw("InitiateAuth", SIGN_IN_ALICE, false).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.headers["content-type"], "application/x-amz-json-1.1");
    assert!(ok.headers.contains_key("x-amzn-requestid"));

    let response = h
        .http
        .post(h.url())
        .header("origin", "http://localhost:8080")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .header("content-type", "application/x-amz-json-1.1")
        .body(r#"{"AccessToken":"nope"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 400);
    let headers = response.headers().clone();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://localhost:8080"
    );
    let exposed = headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for header in [
        "x-amzn-requestid",
        "x-amzn-errortype",
        "x-amzn-errormessage",
        "date",
    ] {
        assert!(exposed.contains(header), "{header} not exposed");
    }
    // Cognito's form, with the trailing colon (the SDKs strip it; the SDK tests pass on it).
    assert_eq!(headers["x-amzn-errortype"], "NotAuthorizedException:");
    assert!(headers.contains_key("x-amzn-requestid"));
    let body: Value = response.json().await.expect("json error");
    assert_eq!(body["__type"], "NotAuthorizedException");
    assert_eq!(body["message"], "Invalid Access Token");
}

#[tokio::test]
async fn malformed_requests_get_documented_errors() {
    let h = Harness::start().await;
    let malformed = h.raw("InitiateAuth", "{not json", false).await;
    assert_eq!(malformed.status, 400);
    assert_eq!(malformed.error_type(), "SerializationException");
    let not_object = h.raw("InitiateAuth", "[1,2]", false).await;
    assert_eq!(not_object.error_type(), "SerializationException");
    let wrong_type = h
        .raw("InitiateAuth", r#"{"AuthFlow":1,"ClientId":"x"}"#, false)
        .await;
    assert_eq!(wrong_type.error_type(), "SerializationException");
    let missing = h
        .raw(
            "InitiateAuth",
            r#"{"AuthFlow":"USER_PASSWORD_AUTH"}"#,
            false,
        )
        .await;
    assert_eq!(missing.error_type(), "InvalidParameterException");
    assert!(
        missing.body["message"]
            .as_str()
            .unwrap()
            .contains("'clientId'")
    );
    let bad_flow = h
        .raw(
            "InitiateAuth",
            r#"{"AuthFlow":"MAGIC","ClientId":"localpoolgateappclient0001"}"#,
            false,
        )
        .await;
    assert_eq!(bad_flow.error_type(), "InvalidParameterException");
    let unknown = h.raw("DeleteEverything", "{}", false).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.error_type(), "UnknownOperationException");

    let no_target = h
        .http
        .post(h.url())
        .body("{}")
        .send()
        .await
        .expect("request");
    assert_eq!(no_target.status(), 400);
    let body: Value = no_target.json().await.expect("json");
    assert_eq!(body["__type"], "UnknownOperationException");
}

/// An unsigned call to an IAM-authorised operation is refused with the AWS common error
/// MissingAuthenticationToken, "HTTP Status Code: 403" (Amazon Cognito user pools API
/// reference, "Common Errors"; the same table appears in every AWS JSON service's reference,
/// e.g. the AWS Storage Gateway user guide's "Exceptions"). The botocore / Smithy model of
/// cognito-idp does not model it (common errors are not per operation). The body's `__type`
/// spelling (`...Exception`) is what AWS JSON services send; not documented, kept from before.
#[tokio::test]
async fn admin_operations_need_an_authorization_header() {
    let h = Harness::start().await;
    let body = json!({"UserPoolId": POOL_ID, "Username": "alice"}).to_string();
    let anonymous = h.raw("AdminGetUser", &body, false).await;
    assert_eq!(anonymous.status, 403);
    assert_eq!(
        anonymous.headers["x-amzn-errortype"],
        "MissingAuthenticationTokenException:"
    );
    assert_eq!(
        anonymous.error_type(),
        "MissingAuthenticationTokenException"
    );
    let signed = h.raw("AdminGetUser", &body, true).await;
    assert_eq!(signed.status, 200);
    assert_eq!(signed.body["Username"], "alice");
}

#[tokio::test]
async fn discovery_documents_match_the_token_issuer() {
    let h = Harness::start().await;
    let config: Value = h
        .get_json(&format!(
            "{}/{POOL_ID}/.well-known/openid-configuration",
            h.url()
        ))
        .await;
    let issuer = config["issuer"].as_str().expect("issuer");
    assert_eq!(issuer, format!("{}/{POOL_ID}", h.url()));
    let jwks: Value = h.get_json(config["jwks_uri"].as_str().unwrap()).await;
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let claims =
        crate::support::verify_token(&h, tokens.id_token().unwrap(), "id", CLIENT_ID).await;
    assert_eq!(claims["iss"], issuer);

    let missing = h
        .http
        .get(format!("{}/us-east-1_nope/.well-known/jwks.json", h.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn configured_endpoint_becomes_the_issuer() {
    let h = Harness::with_config(Config {
        seed: Some(seed_path()),
        endpoint: Some("http://cognito.localhost:9229/".into()),
        ..Config::for_tests()
    })
    .await;
    let config: Value = h
        .get_json(&format!(
            "{}/{POOL_ID}/.well-known/openid-configuration",
            h.url()
        ))
        .await;
    assert_eq!(
        config["issuer"],
        format!("http://cognito.localhost:9229/{POOL_ID}")
    );
}

#[tokio::test]
async fn faults_and_stats() {
    let h = Harness::start().await;
    let post_fault = |rule: Value| {
        h.http
            .post(format!("{}/_local/faults", h.url()))
            .json(&rule)
            .send()
    };
    assert!(post_fault(json!({"operation": "InitiateAuth", "auth_flow": "USER_PASSWORD_AUTH", "count": 1, "error": "TooManyRequestsException"})).await.unwrap().status().is_success());

    let throttled = h.raw("InitiateAuth", SIGN_IN_ALICE, false).await;
    assert_eq!(throttled.status, 400);
    assert_eq!(throttled.error_type(), "TooManyRequestsException");
    assert_eq!(
        h.raw("InitiateAuth", SIGN_IN_ALICE, false).await.status,
        200
    );

    // The SDK retries transient 500s: two faults, then success on the third attempt.
    post_fault(json!({"operation": "InitiateAuth", "count": 2, "error": "InternalErrorException"}))
        .await
        .unwrap();
    h.sign_in("alice", "Alice-pass-1").await;

    post_fault(json!({"operation": "GetUser", "error": "http:503"}))
        .await
        .unwrap();
    let bare = h.raw("GetUser", r#"{"AccessToken":"x"}"#, false).await;
    assert_eq!(bare.status, 503);

    post_fault(json!({"operation": "GetUser", "error": "drop"}))
        .await
        .unwrap();
    let dropped = h
        .http
        .post(h.url())
        .header("x-amz-target", "AWSCognitoIdentityProviderService.GetUser")
        .body(r#"{"AccessToken":"x"}"#)
        .send()
        .await;
    assert!(dropped.is_err(), "connection closed without a response");

    post_fault(json!({"operation": "GlobalSignOut", "latency_ms": 300}))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    h.raw("GlobalSignOut", r#"{"AccessToken":"x"}"#, false)
        .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));

    let stats: Value = h.get_json(&format!("{}/_local/stats", h.url())).await;
    assert_eq!(stats["operations"]["InitiateAuth"], 5);
    assert_eq!(stats["operations"]["GetUser"], 2);
    assert_eq!(stats["auth_flows"]["USER_PASSWORD_AUTH"], 5);

    h.http
        .delete(format!("{}/_local/faults", h.url()))
        .send()
        .await
        .unwrap();
    h.http
        .delete(format!("{}/_local/stats", h.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        h.raw("GlobalSignOut", r#"{"AccessToken":"x"}"#, false)
            .await
            .error_type(),
        "NotAuthorizedException"
    );
    let stats: Value = h.get_json(&format!("{}/_local/stats", h.url())).await;
    assert_eq!(
        stats,
        json!({"operations": {"GlobalSignOut": 1}, "auth_flows": {}, "refreshes_by_client": {}})
    );

    let bad = post_fault(json!({"operation": "GetUser", "error": "not valid!"}))
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn local_endpoints_are_absent_without_test_mode() {
    let h = Harness::with_config(Config {
        seed: Some(seed_path()),
        test_mode: false,
        ..Config::for_tests()
    })
    .await;
    h.cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("alice")
        .send()
        .await
        .expect("code sent");
    for (method, path) in [
        (reqwest::Method::POST, "/_local/faults"),
        (reqwest::Method::GET, "/_local/stats"),
        (reqwest::Method::POST, "/_local/clock"),
        // The outbox holds codes and temporary passwords: test mode only.
        (reqwest::Method::GET, "/_local/outbox?username=alice"),
    ] {
        let response = h
            .http
            .request(method, format!("{}{path}", h.url()))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_outbox_lists_codes_in_test_mode() {
    let h = Harness::start().await;
    h.cognito
        .forgot_password()
        .client_id(CLIENT_ID)
        .username("alice")
        .send()
        .await
        .expect("code sent");
    let response = h
        .http
        .get(format!("{}/_local/outbox?username=alice", h.url()))
        .header("origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://localhost:8080"
    );
    let outbox: Value = response.json().await.unwrap();
    let message = &outbox["messages"][0];
    assert_eq!(message["username"], "alice");
    assert_eq!(message["kind"], "FORGOT_PASSWORD");
    assert_eq!(message["destination"], "alice@example.com");
    assert_eq!(message["code"].as_str().map(str::len), Some(6));
    assert!(message["sent_at"].as_i64().is_some());
}

#[tokio::test]
async fn state_survives_a_restart_and_the_seed_is_idempotent() {
    let dir = std::env::temp_dir().join(format!("local-pool-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = || Config {
        seed: Some(seed_path()),
        db: DbLocation::File(dir.join("pool.sqlite")),
        // Ports differ between runs; a fixed endpoint keeps the issuer (and tokens) valid.
        endpoint: Some("http://local-pool.test".into()),
        ..Config::for_tests()
    };
    let first = Harness::with_config(config()).await;
    let challenge = first
        .password_auth(CLIENT_ID, "dave", "Dave-temp-1")
        .await
        .expect("challenge");
    first
        .cognito
        .respond_to_auth_challenge()
        .client_id(CLIENT_ID)
        .challenge_name(
            aws_sdk_cognitoidentityprovider::types::ChallengeNameType::NewPasswordRequired,
        )
        .session(challenge.session().unwrap())
        .challenge_responses("USERNAME", "dave")
        .challenge_responses("NEW_PASSWORD", "Dave-chosen-1")
        .send()
        .await
        .expect("new password");
    let tokens = first.sign_in("alice", "Alice-pass-1").await;
    first.server.shutdown().await;

    let second = Harness::with_config(config()).await;
    second.sign_in("dave", "Dave-chosen-1").await;
    second
        .cognito
        .get_user()
        .access_token(tokens.access_token().unwrap())
        .send()
        .await
        .expect("same signing key and session after restart");
    let users = second
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(users.users().len(), 6);
    second.server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn concurrent_sign_ups_and_sign_ins_lose_nothing() {
    let h = Harness::start().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let client = h.cognito.clone();
        tasks.push(tokio::spawn(async move {
            client
                .sign_up()
                .client_id(CLIENT_ID)
                .username(format!("user{i}"))
                .password("Parallel-pass-1")
                .user_attributes(crate::support::attr(
                    "email",
                    &format!("user{i}@example.com"),
                ))
                .send()
                .await
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        }));
        let client = h.cognito.clone();
        tasks.push(tokio::spawn(async move {
            client
                .initiate_auth()
                .client_id(CLIENT_ID)
                .auth_flow(AuthFlowType::UserPasswordAuth)
                .auth_parameters("USERNAME", "bob")
                .auth_parameters("PASSWORD", "Bob-pass-12")
                .send()
                .await
                .map(|_| ())
                .map_err(|e| format!("{e:?}"))
        }));
    }
    for task in tasks {
        task.await.expect("task").expect("request succeeds");
    }
    let users = h
        .cognito
        .list_users()
        .user_pool_id(POOL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(users.users().len(), 26);
    let (code, _) = error_of(
        h.cognito
            .sign_up()
            .client_id(CLIENT_ID)
            .username("USER3")
            .password("Parallel-pass-1")
            .user_attributes(crate::support::attr("email", "user3@example.com"))
            .send()
            .await,
    );
    assert_eq!(
        code, "UsernameExistsException",
        "usernames are case-insensitive"
    );
}
