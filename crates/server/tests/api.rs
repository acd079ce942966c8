//! poolgate-server against the real local pool, driven over HTTP like a browser would.
//!
//! Cognito behaviour these tests rely on, and where it is documented:
//! - SECRET_HASH = Base64(HMAC-SHA256(secret, username + client id)); a refresh hashes the
//!   Cognito username, not the alias typed at sign-in: "Computing secret hash values",
//!   https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html
//!   and https://repost.aws/knowledge-center/cognito-unable-to-verify-secret-hash
//! - ListUsers: `Filter` "AttributeName Filter-Type \"Value\"" (`^=` is "starts with"),
//!   `Limit` at most 60, `PaginationToken`: API_ListUsers in the Cognito API reference,
//!   https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListUsers.html
//! - AdminDisableUser "deactivates a user profile and revokes all access tokens for the user. A
//!   deactivated user can't sign in": API_AdminDisableUser, same reference.
//! - After AdminResetUserPassword a password sign-in answers PasswordResetRequiredException
//!   (API_AdminResetUserPassword / InitiateAuth errors); the local pool implements it so.

mod support;

use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, ExplicitAuthFlowsType, TimeUnitsType, TokenValidityUnitsType,
};
use reqwest::Method;
use serde_json::{Value, json};
use support::{Browser, Env, POOL_ID, Redis, WEB_CLIENT_ID, eventually, json_of};

fn set_cookie_header(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn sign_in_gives_an_opaque_hardened_cookie_and_verified_facts() {
    let env = Env::start().await;
    let tab = env.browser();
    let response = tab.sign_in("alice", "Alice-pass-1").await;
    let cookie = set_cookie_header(&response);
    let (status, body) = json_of(response).await;
    assert_eq!(status, 200, "{body}");
    // Loopback http: the plain name, no Secure; always HttpOnly, SameSite=Strict, Path=/.
    let value = cookie
        .strip_prefix("poolgate_session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("session cookie: {cookie}"));
    assert!(value.len() >= 40, "session id has 256 random bits: {value}");
    assert!(!value.contains('.'), "the cookie is not a token: {value}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "no Secure on plain http: {cookie}"
    );

    let session = tab.session().await;
    assert_eq!(session["signedIn"], true);
    assert_eq!(session["username"], "alice");
    assert_eq!(session["role"], "admin");
    assert_eq!(session["groups"], json!(["admins", "editors"]));
    let now = poolgate_server::now();
    let access_expiry = session["accessExpiresAt"].as_i64().expect("expiry");
    assert!(
        (now + 3500..=now + 3700).contains(&access_expiry),
        "60-minute token: {session}"
    );

    // Another browser (no cookie) is signed out.
    assert_eq!(env.browser().session().await, json!({ "signedIn": false }));
}

#[tokio::test]
async fn https_deployments_get_host_prefixed_secure_cookies_and_hsts() {
    let env = Env::with(|s| s.public_url = Some("https://poolgate.example".into())).await;
    let response = env
        .browser()
        .http
        .post(format!("{}/api/sign-in", env.server.url()))
        .header("Origin", "https://poolgate.example")
        .header("X-Poolgate", "1")
        .json(&json!({ "username": "bob", "password": "Bob-pass-12" }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let cookie = set_cookie_header(&response);
    assert!(cookie.starts_with("__Host-poolgate_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(
        !cookie.contains("Domain"),
        "__Host- cookies have no Domain: {cookie}"
    );
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    // The local http origin is now foreign.
    let tab = env.browser();
    assert_eq!(tab.sign_in("bob", "Bob-pass-12").await.status(), 403);
}

#[tokio::test]
async fn static_files_and_spa_routes_carry_the_security_headers() {
    let env = Env::start().await;
    let tab = env.browser();
    for path in ["/", "/users", "/sign-in?next=%2Fprofile"] {
        let response = tab.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert!(
            headers.get("strict-transport-security").is_none(),
            "no HSTS over http"
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>Poolgate</title>"),
            "{path}"
        );
    }
    let script = tab.get("/app.js").await;
    assert_eq!(script.status(), 200);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let unknown = tab.get("/api/nothing-here").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        json_of(unknown).await.1["__type"],
        "ResourceNotFoundException"
    );
    let session = tab.get("/api/session").await;
    assert_eq!(session.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let env = Env::start().await;
    let tab = env.browser();
    let (status_wrong, wrong) = json_of(tab.sign_in("carol", "not-her-password1").await).await;
    let (status_unknown, unknown) = json_of(tab.sign_in("mallory", "whatever-pass1").await).await;
    assert_eq!((status_wrong, status_unknown), (401, 401));
    assert_eq!(wrong, unknown);
    assert_eq!(wrong["message"], "Incorrect username or password.");
    assert_eq!(tab.session().await["signedIn"], false);
    // Malformed bodies get the error shape, not a crash.
    let (status, body) = json_of(
        tab.send(Method::POST, "/api/sign-in", Some(json!({ "user": 1 })))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["__type"], "InvalidParameterException");
}

#[tokio::test]
async fn dave_sets_a_new_password_through_the_challenge() {
    let env = Env::start().await;
    let tab = env.browser();
    let (status, body) = json_of(tab.sign_in("dave", "Dave-temp-1").await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "challenge");
    assert_eq!(body["challenge"]["name"], "NEW_PASSWORD_REQUIRED");
    assert_eq!(
        tab.session().await["challenge"]["name"],
        "NEW_PASSWORD_REQUIRED"
    );

    // A password the policy refuses may be retried with the same challenge.
    let (status, refused) = json_of(
        tab.post("/api/challenge", json!({ "newPassword": "short" }))
            .await,
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["__type"], "InvalidPasswordException");

    let (status, done) = json_of(
        tab.post(
            "/api/challenge",
            json!({ "newPassword": "Dave-own-pass-2" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "signedIn");
    let session = tab.session().await;
    assert_eq!(
        (session["username"].clone(), session["role"].clone()),
        (json!("dave"), json!("viewer"))
    );
    // The new password is his now.
    env.browser().signed_in("dave", "Dave-own-pass-2").await;
}

/// A confidential client whose access and ID tokens last 15 seconds.
async fn short_lived_client(cognito: &aws_sdk_cognitoidentityprovider::Client) -> (String, String) {
    let out = cognito
        .create_user_pool_client()
        .user_pool_id(POOL_ID)
        .client_name("poolgate-server-short")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .access_token_validity(15)
        .id_token_validity(15)
        .refresh_token_validity(1)
        .token_validity_units(
            TokenValidityUnitsType::builder()
                .access_token(TimeUnitsType::Seconds)
                .id_token(TimeUnitsType::Seconds)
                .refresh_token(TimeUnitsType::Days)
                .build(),
        )
        .read_attributes("email")
        .read_attributes("custom:role")
        .send()
        .await
        .expect("create client");
    let client = out.user_pool_client.expect("client");
    (
        client.client_id.expect("id"),
        client.client_secret.expect("secret"),
    )
}

#[tokio::test]
async fn the_background_sweep_refreshes_15_second_tokens_before_they_expire() {
    let pool = support::start_pool().await;
    let (client_id, secret) = short_lived_client(&support::sdk_client(&pool.url())).await;
    let mut settings = support::settings(&pool);
    settings.client_id = client_id;
    settings.client_secret = Some(secret);
    settings.sweep_interval_secs = 1;
    let server = support::start_server(settings, &pool).await;
    let tab = Browser::new(&server.url());
    tab.signed_in("bob", "Bob-pass-12").await;
    let first = tab.session().await["accessExpiresAt"]
        .as_i64()
        .expect("expiry");
    assert!(first - poolgate_server::now() <= 15);

    // Default margin: a fifth of 15 s = 3 s before expiry; the sweep runs every second.
    let refreshed = eventually(Duration::from_secs(20), "a refreshed session", || async {
        let session = tab.session().await;
        let expiry = session["accessExpiresAt"].as_i64()?;
        (expiry > first).then_some((poolgate_server::now(), session))
    })
    .await;
    assert!(
        refreshed.0 < first,
        "refreshed at {} before the old expiry {first}",
        refreshed.0
    );
    assert_eq!(refreshed.1["username"], "bob");
    let stats = support::pool_stats(&pool).await;
    assert!(
        stats["auth_flows"]["REFRESH_TOKEN_AUTH"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{stats}"
    );
}

#[tokio::test]
async fn a_request_refreshes_lazily_inside_the_margin() {
    let pool = support::start_pool().await;
    let (client_id, secret) = short_lived_client(&support::sdk_client(&pool.url())).await;
    let mut settings = support::settings(&pool);
    settings.client_id = client_id;
    settings.client_secret = Some(secret);
    settings.sweep_interval_secs = 0;
    // Inside the margin 1-2 s after sign-in: the next request refreshes.
    settings.refresh_margin_secs = Some(13);
    let server = support::start_server(settings, &pool).await;
    let tab = Browser::new(&server.url());
    tab.signed_in("carol", "Carol-pass-1").await;
    let first = tab.session().await["accessExpiresAt"]
        .as_i64()
        .expect("expiry");
    let refreshed = eventually(
        Duration::from_secs(8),
        "a lazily refreshed session",
        || async {
            let expiry = tab.session().await["accessExpiresAt"].as_i64()?;
            (expiry > first).then_some(expiry)
        },
    )
    .await;
    assert!(refreshed > first);
    let stats = support::pool_stats(&pool).await;
    assert!(
        stats["auth_flows"]["REFRESH_TOKEN_AUTH"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{stats}"
    );
}

#[tokio::test]
async fn sign_out_revokes_the_refresh_token_and_ends_the_session() {
    let env = Env::start().await;
    let tab = env.browser();
    tab.signed_in("carol", "Carol-pass-1").await;
    let response = tab.post("/api/sign-out", json!({})).await;
    let cookie = set_cookie_header(&response);
    assert!(cookie.contains("Max-Age=0"), "cookie cleared: {cookie}");
    assert_eq!(json_of(response).await.0, 200);
    assert_eq!(tab.session().await["signedIn"], false);
    let stats = env.pool_stats().await;
    assert_eq!(stats["operations"]["RevokeToken"], 1, "{stats}");
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_the_user() {
    let env = Env::start().await;
    let laptop = env.browser();
    let phone = env.browser();
    let other_user = env.browser();
    laptop.signed_in("bob", "Bob-pass-12").await;
    phone.signed_in("bob", "Bob-pass-12").await;
    other_user.signed_in("carol", "Carol-pass-1").await;
    let (status, _) = json_of(laptop.post("/api/sign-out-everywhere", json!({})).await).await;
    assert_eq!(status, 200);
    assert_eq!(laptop.session().await["signedIn"], false);
    assert_eq!(phone.session().await["signedIn"], false);
    assert_eq!(other_user.session().await["username"], "carol");
    let stats = env.pool_stats().await;
    assert_eq!(stats["operations"]["AdminUserGlobalSignOut"], 1, "{stats}");
}

#[tokio::test]
async fn cross_origin_and_header_less_requests_are_refused() {
    let env = Env::start().await;
    let url = format!("{}/api/sign-in", env.server.url());
    let body = json!({ "username": "alice", "password": "Alice-pass-1" });
    let tab = env.browser();
    let own = env.server.url();
    let attempts = [
        ("no Origin", None, Some("1")),
        ("foreign Origin", Some("http://evil.example"), Some("1")),
        ("no X-Poolgate", Some(own.as_str()), None),
        ("wrong X-Poolgate", Some(own.as_str()), Some("0")),
    ];
    for (what, origin, custom) in attempts {
        let mut request = tab.http.post(&url).json(&body);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        if let Some(custom) = custom {
            request = request.header("X-Poolgate", custom);
        }
        let response = request.send().await.expect("request");
        assert!(set_cookie_header(&response).is_empty(), "{what}: no cookie");
        let (status, body) = json_of(response).await;
        assert_eq!(status, 403, "{what}: {body}");
        assert_eq!(body["__type"], "ForbiddenException");
    }
    assert_eq!(
        env.pool_stats().await["operations"]["AdminInitiateAuth"],
        Value::Null
    );

    // A signed-in session cannot be read or ended from another origin either.
    tab.signed_in("alice", "Alice-pass-1").await;
    let read = tab
        .http
        .get(format!("{}/api/session", env.server.url()))
        .header("Origin", "http://evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(read.status(), 403);
    let end = tab
        .http
        .post(format!("{}/api/sign-out", env.server.url()))
        .header("Origin", "http://evil.example")
        .header("X-Poolgate", "1")
        .send()
        .await
        .expect("request");
    assert_eq!(end.status(), 403);
    assert_eq!(tab.session().await["username"], "alice");
}

#[tokio::test]
async fn sign_in_is_throttled_per_username_and_per_address() {
    let env = Env::with(|s| {
        s.max_failures_per_username = 3;
        s.max_attempts_per_address = 7;
    })
    .await;
    let tab = env.browser();
    for _ in 0..3 {
        assert_eq!(tab.sign_in("carol", "wrong-password-1").await.status(), 401);
    }
    // Even the right password is refused now, without asking the pool.
    let before = env.pool_stats().await["operations"]["AdminInitiateAuth"].as_u64();
    let throttled = tab.sign_in("carol", "Carol-pass-1").await;
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    assert_eq!(
        env.pool_stats().await["operations"]["AdminInitiateAuth"].as_u64(),
        before
    );
    // Another user from the same address still gets in (attempt 4 of 7: throttled ones do not count)...
    tab.signed_in("bob", "Bob-pass-12").await;
    // ...until the address has used its attempts, whatever the usernames.
    for name in ["u1", "u2", "u3"] {
        assert_eq!(tab.sign_in(name, "whatever-pass1").await.status(), 401);
    }
    let (status, body) = json_of(tab.sign_in("erin", "Erin-pass-1").await).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["__type"], "TooManyRequestsException");
}

#[tokio::test]
async fn admin_endpoints_are_for_admins_only() {
    let env = Env::start().await;
    let anonymous = env.browser();
    assert_eq!(anonymous.get("/api/admin/users").await.status(), 401);
    let bob = env.browser();
    bob.signed_in("bob", "Bob-pass-12").await;
    let (status, body) = json_of(bob.get("/api/admin/users").await).await;
    assert_eq!(status, 403, "{body}");
    for (method, path, body) in [
        (
            Method::PUT,
            "/api/admin/users/bob/role",
            Some(json!({ "role": "admin" })),
        ),
        (Method::PUT, "/api/admin/users/bob/groups/admins", None),
        (Method::POST, "/api/admin/users/alice/disable", None),
    ] {
        assert_eq!(bob.send(method, path, body).await.status(), 403, "{path}");
    }
    let stored = env
        .cognito
        .admin_get_user()
        .user_pool_id(POOL_ID)
        .username("bob")
        .send()
        .await
        .unwrap();
    let role = stored
        .user_attributes()
        .iter()
        .find(|a| a.name() == "custom:role")
        .and_then(|a| a.value())
        .map(str::to_owned);
    assert_eq!(
        role.as_deref(),
        Some("editor"),
        "bob could not promote himself"
    );
    assert_eq!(
        env.pool_stats().await["operations"]["AdminAddUserToGroup"],
        Value::Null
    );
}

#[tokio::test]
async fn alice_lists_searches_and_pages_users() {
    let env = Env::start().await;
    let alice = env.browser();
    alice.signed_in("alice", "Alice-pass-1").await;
    let (status, all) = json_of(alice.get("/api/admin/users").await).await;
    assert_eq!(status, 200, "{all}");
    let users = all["users"].as_array().expect("users");
    assert_eq!(users.len(), 6, "{all}");
    let bob = users.iter().find(|u| u["username"] == "bob").expect("bob");
    assert_eq!(bob["role"], "editor");
    assert_eq!(bob["groups"], json!(["editors"]));
    assert_eq!(bob["enabled"], true);
    assert_eq!(bob["email"], "bob@example.com");
    let dave = users
        .iter()
        .find(|u| u["username"] == "dave")
        .expect("dave");
    assert_eq!(dave["status"], "FORCE_CHANGE_PASSWORD");

    let (_, found) = json_of(alice.get("/api/admin/users?search=ca").await).await;
    let names: Vec<_> = found["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].clone())
        .collect();
    assert_eq!(names, vec![json!("carol")]);
    let (_, filtered) = json_of(
        alice
            .get("/api/admin/users?filter=email%20%5E%3D%20%22er%22")
            .await,
    )
    .await;
    assert_eq!(filtered["users"][0]["username"], "erin", "{filtered}");

    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(token) => format!("/api/admin/users?limit=2&next={}", urlencode(token)),
            None => "/api/admin/users?limit=2".into(),
        };
        let (status, page) = json_of(alice.get(&path).await).await;
        assert_eq!(status, 200, "{page}");
        let users = page["users"].as_array().unwrap();
        assert!(users.len() <= 2);
        seen.extend(
            users
                .iter()
                .map(|u| u["username"].as_str().unwrap().to_owned()),
        );
        match page["next"].as_str() {
            Some(token) => next = Some(token.to_owned()),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, ["alice", "bob", "carol", "dave", "erin", "frank"]);
    let (status, bad) = json_of(alice.get("/api/admin/users?limit=0").await).await;
    assert_eq!(
        (status, bad["__type"].clone()),
        (400, json!("InvalidParameterException"))
    );
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_role_change_shows_in_the_users_open_session_within_seconds() {
    let env = Env::start().await;
    let alice = env.browser();
    alice.signed_in("alice", "Alice-pass-1").await;
    let bob = env.browser();
    bob.signed_in("bob", "Bob-pass-12").await;
    assert_eq!(bob.session().await["role"], "editor");

    let make_viewer = [
        (
            Method::PUT,
            "/api/admin/users/bob/role",
            Some(json!({ "role": "viewer" })),
        ),
        (Method::DELETE, "/api/admin/users/bob/groups/editors", None),
        (Method::PUT, "/api/admin/users/bob/groups/viewers", None),
    ];
    for (method, path, body) in make_viewer {
        let (status, answer) = json_of(alice.send(method, path, body).await).await;
        assert_eq!(status, 200, "{path}: {answer}");
    }
    let started = Instant::now();
    let session = eventually(Duration::from_secs(5), "bob's new role", || async {
        let session = bob.session().await;
        (session["role"] == "viewer" && session["groups"] == json!(["viewers"])).then_some(session)
    })
    .await;
    assert_eq!(session["signedIn"], true);
    println!(
        "bob's session showed the change {:?} after the last admin call",
        started.elapsed()
    );

    let (status, refused) = json_of(
        alice
            .send(
                Method::PUT,
                "/api/admin/users/bob/role",
                Some(json!({ "role": "owner" })),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, refused["__type"].clone()),
        (400, json!("InvalidParameterException"))
    );
}

#[tokio::test]
async fn alice_disables_enables_and_resets_passwords() {
    let env = Env::start().await;
    let alice = env.browser();
    alice.signed_in("alice", "Alice-pass-1").await;
    let erin = env.browser();
    erin.signed_in("erin", "Erin-pass-1").await;

    assert_eq!(
        alice
            .post("/api/admin/users/erin/disable", json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(
        erin.session().await["signedIn"],
        false,
        "a disabled user's sessions end"
    );
    let (status, body) = json_of(env.browser().sign_in("erin", "Erin-pass-1").await).await;
    assert_eq!(
        (status, body["message"].clone()),
        (401, json!("Incorrect username or password."))
    );
    assert_eq!(
        alice
            .post("/api/admin/users/erin/enable", json!({}))
            .await
            .status(),
        200
    );
    env.browser().signed_in("erin", "Erin-pass-1").await;

    assert_eq!(
        alice
            .post("/api/admin/users/carol/reset-password", json!({}))
            .await
            .status(),
        200
    );
    let (status, body) = json_of(env.browser().sign_in("carol", "Carol-pass-1").await).await;
    assert_eq!(
        (status, body["__type"].clone()),
        (400, json!("PasswordResetRequiredException")),
        "{body}"
    );
    let (status, _) = json_of(
        alice
            .post("/api/admin/users/nobody/enable", json!({}))
            .await,
    )
    .await;
    assert_ne!(status, 200);
}

#[tokio::test]
async fn two_instances_share_sessions_through_redis() {
    let redis = Redis::start();
    let pool = support::start_pool().await;
    let mut settings = support::settings(&pool);
    settings.redis_url = Some(redis.url());
    let first = support::start_server(settings.clone(), &pool).await;
    let second = support::start_server(settings, &pool).await;
    // One browser behind a load balancer: the same cookie reaches both instances (cookies are
    // per host, not per port).
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let via_first = Browser::with_jar(&first.url(), jar.clone());
    let via_second = Browser::with_jar(&second.url(), jar);

    via_first.signed_in("alice", "Alice-pass-1").await;
    let session = via_second.session().await;
    assert_eq!(session["username"], "alice", "{session}");
    assert_eq!(session["groups"], json!(["admins", "editors"]));

    // An admin change made through one instance refreshes the sessions the other sees.
    let bob = Browser::new(&second.url());
    bob.signed_in("bob", "Bob-pass-12").await;
    let (status, _) = json_of(
        via_second
            .send(
                Method::PUT,
                "/api/admin/users/bob/role",
                Some(json!({ "role": "viewer" })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let bob_elsewhere = Browser::with_jar(&first.url(), bob.jar.clone());
    assert_eq!(bob_elsewhere.session().await["role"], "viewer");

    // Signing out through the second instance ends the session on the first.
    assert_eq!(
        via_second.post("/api/sign-out", json!({})).await.status(),
        200
    );
    assert_eq!(via_first.session().await["signedIn"], false);
    drop(redis);
}

#[tokio::test]
async fn sign_in_latency_through_the_server_and_direct() {
    const ROUNDS: usize = 20;
    let env = Env::start().await;
    let tab = env.browser();
    let mut through_server = Vec::new();
    let mut direct = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        tab.signed_in("carol", "Carol-pass-1").await;
        through_server.push(started.elapsed());

        let started = Instant::now();
        let out = env
            .cognito
            .initiate_auth()
            .client_id(WEB_CLIENT_ID)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", "carol")
            .auth_parameters("PASSWORD", "Carol-pass-1")
            .send()
            .await
            .expect("direct sign-in");
        assert!(out.authentication_result.is_some());
        direct.push(started.elapsed());
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    println!(
        "sign-in latency, median of {ROUNDS} (debug build, same pool): through poolgate-server {:?}, direct InitiateAuth {:?}",
        median(through_server),
        median(direct)
    );
}

#[tokio::test]
async fn the_session_store_holds_only_a_hash_of_the_cookie() {
    let db = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("sessions-{}.sqlite", std::process::id()));
    let _ = std::fs::remove_file(&db);
    let env = Env::with(|s| s.session_db = db.clone()).await;
    let tab = env.browser();
    let response = tab.sign_in("carol", "Carol-pass-1").await;
    let cookie = set_cookie_header(&response);
    let id = cookie
        .strip_prefix("poolgate_session=")
        .and_then(|rest| rest.split(';').next())
        .expect("session cookie")
        .to_owned();
    let connection = rusqlite::Connection::open(&db).expect("session database");
    let keys: Vec<String> = connection
        .prepare("SELECT key FROM sessions")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(keys, vec![poolgate_server::sessions::store_key(&id)]);
    assert_ne!(keys[0], id);
    assert_eq!(keys[0].len(), 64, "hex SHA-256");
    let row_mentions_id: i64 = connection
        .query_row(
            "SELECT count(*) FROM sessions WHERE instr(record, ?1) > 0",
            [&id],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        row_mentions_id, 0,
        "the cookie value is nowhere in the store"
    );
    drop(connection);
    let _ = std::fs::remove_file(&db);
}

/// The built `dist/config.json` is for direct mode; the server answers `/config.json` itself
/// so the app it serves runs in server mode, knowing no Cognito endpoint or client.
#[tokio::test]
async fn the_app_is_configured_for_server_mode() {
    let env = Env::start().await;
    let response = env.browser().get("/config.json").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("connect-src 'self'")
    );
    let (status, config) = json_of(response).await;
    assert_eq!(status, 200);
    assert_eq!(
        config,
        json!({ "mode": "server", "region": "us-east-1", "userPoolId": "us-east-1_LocalPool" })
    );
}

/// The session is an HttpOnly cookie no script sees, so `dist/prerender.js` (which shows the
/// early sign-in form when the browser stores no session) would flash the form before a
/// signed-in person's page: the server answers it with a script that shows nothing.
#[tokio::test]
async fn no_sign_in_form_is_shown_before_the_app_in_server_mode() {
    let env = Env::start().await;
    let response = env.browser().get("/prerender.js").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = response.text().await.unwrap();
    assert!(script.starts_with("// Server mode"), "{script}");
    assert!(!script.contains("prerendered"), "{script}");
}

/// A confirmed user with a verified e-mail address in the seed pool.
async fn confirmed_user(env: &Env, username: &str) {
    env.cognito
        .admin_create_user()
        .user_pool_id(POOL_ID)
        .username(username)
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .user_attributes(attribute("email", &format!("{username}@example.com")))
        .user_attributes(attribute("email_verified", "true"))
        .send()
        .await
        .expect("AdminCreateUser");
    env.cognito
        .admin_set_user_password()
        .user_pool_id(POOL_ID)
        .username(username)
        .password("Unused-pass-1")
        .permanent(true)
        .send()
        .await
        .expect("AdminSetUserPassword");
}

fn attribute(name: &str, value: &str) -> aws_sdk_cognitoidentityprovider::types::AttributeType {
    aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .expect("attribute")
}

/// The sign-in codes the custom-auth trigger mailed `username`, oldest first.
async fn sign_in_codes(env: &Env, username: &str) -> Vec<String> {
    let outbox: Value = reqwest::get(format!(
        "{}/_local/outbox?username={username}",
        env.pool.url()
    ))
    .await
    .expect("outbox")
    .json()
    .await
    .expect("outbox JSON");
    outbox["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["text"].as_str()?.split_once("Your sign-in code: "))
        .map(|(_, after)| after.chars().take_while(char::is_ascii_digit).collect())
        .collect()
}

/// Passwordless through the server: AdminInitiateAuth CUSTOM_AUTH with the confidential
/// client's SECRET_HASH, a wrong code answered by the next CUSTOM_CHALLENGE (HTTP 200, fewer
/// attempts left), `clientMetadata` {"action": "new-code"} reaching the triggers, then the new
/// code signing in. Cognito: AdminInitiateAuth / AdminRespondToAuthChallenge (`ClientMetadata`
/// is passed to the custom auth triggers), API reference; the protocol with our triggers is
/// crates/triggers/src/custom_auth.rs.
#[tokio::test]
async fn a_sign_in_code_signs_in_through_the_server() {
    let env = Env::start().await;
    confirmed_user(&env, "coder").await;
    let tab = env.browser();
    let (status, body) = json_of(
        tab.post("/api/sign-in-code", json!({ "username": "coder" }))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["challenge"]["name"], "CUSTOM_CHALLENGE");
    assert_eq!(body["challenge"]["parameters"]["attemptsLeft"], "3");
    let first = eventually(Duration::from_secs(5), "a code mail", async || {
        sign_in_codes(&env, "coder").await.pop()
    })
    .await;

    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, body) =
        json_of(tab.post("/api/challenge", json!({ "answer": wrong })).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["challenge"]["parameters"]["attemptsLeft"], "2");

    let (status, body) = json_of(
        tab.post(
            "/api/challenge",
            json!({ "answer": "new-code", "clientMetadata": { "action": "new-code" } }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["challenge"]["name"], "CUSTOM_CHALLENGE");
    let codes = eventually(Duration::from_secs(5), "a second code mail", async || {
        let codes = sign_in_codes(&env, "coder").await;
        (codes.len() == 2).then_some(codes)
    })
    .await;

    let (status, body) = json_of(
        tab.post("/api/challenge", json!({ "answer": codes[1] }))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "signedIn");
    assert_eq!(tab.session().await["username"], "coder");
}

/// Client metadata is for the custom challenge only, and bounded; a refused request leaves the
/// pending challenge as it was.
#[tokio::test]
async fn client_metadata_is_bounded_and_only_for_the_custom_challenge() {
    let env = Env::start().await;
    confirmed_user(&env, "meddler").await;
    let tab = env.browser();
    tab.post("/api/sign-in-code", json!({ "username": "meddler" }))
        .await;
    let too_many: serde_json::Map<String, Value> =
        (0..9).map(|i| (format!("k{i}"), json!("v"))).collect();
    let too_long = json!({ "action": "x".repeat(257) });
    for metadata in [Value::Object(too_many), too_long] {
        let (status, body) = json_of(
            tab.post(
                "/api/challenge",
                json!({ "answer": "123456", "clientMetadata": metadata }),
            )
            .await,
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["__type"], "InvalidParameterException");
    }
    assert_eq!(tab.session().await["challenge"]["name"], "CUSTOM_CHALLENGE");
    assert_eq!(
        tab.session().await["challenge"]["parameters"]["attemptsLeft"],
        "3",
        "no answer reached the pool"
    );

    // Not with a password challenge.
    let other = env.browser();
    json_of(other.sign_in("dave", "Dave-temp-1").await).await;
    let (status, body) = json_of(
        other
            .post(
                "/api/challenge",
                json!({ "newPassword": "Dave-own-pass-2", "clientMetadata": { "a": "b" } }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

/// MFA_SETUP through the server in a pool that requires MFA: the key from
/// `/api/challenge/authenticator` (AssociateSoftwareToken with the challenge session), a wrong
/// code refused and retried, the right one signs in. Cognito: "MFA_SETUP" in
/// API_AdminRespondToAuthChallenge, API_AssociateSoftwareToken and API_VerifySoftwareToken
/// (each takes and returns the `Session`), API reference.
#[tokio::test]
async fn mfa_setup_enrols_an_authenticator_through_the_server() {
    use aws_sdk_cognitoidentityprovider::types::UserPoolMfaType;
    let pool = support::start_pool().await;
    let cognito = support::sdk_client(&pool.url());
    let created = cognito
        .create_user_pool()
        .pool_name("mfa-required")
        .mfa_configuration(UserPoolMfaType::On)
        .send()
        .await
        .expect("CreateUserPool");
    let pool_id = created
        .user_pool()
        .and_then(|p| p.id())
        .expect("id")
        .to_owned();
    let client = cognito
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("server")
        .generate_secret(true)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("CreateUserPoolClient");
    let client_id = client
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("client id")
        .to_owned();
    cognito
        .admin_create_user()
        .user_pool_id(&pool_id)
        .username("enroller")
        .message_action(aws_sdk_cognitoidentityprovider::types::MessageActionType::Suppress)
        .send()
        .await
        .expect("AdminCreateUser");
    cognito
        .admin_set_user_password()
        .user_pool_id(&pool_id)
        .username("enroller")
        .password("Enrol-pass-1")
        .permanent(true)
        .send()
        .await
        .expect("AdminSetUserPassword");
    let mut settings = support::settings(&pool);
    settings.issuer = Some(format!("{}/{pool_id}", pool.endpoint));
    settings.pool_id = pool_id;
    settings.client_id = client_id;
    let server = support::start_server(settings, &pool).await;
    let tab = support::Browser::new(&server.url());

    let (status, body) = json_of(tab.sign_in("enroller", "Enrol-pass-1").await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["challenge"]["name"], "MFA_SETUP");
    assert_eq!(body["challenge"]["username"], "enroller");
    // The key is asked for only while MFA_SETUP is pending.
    let (status, key) = json_of(tab.post("/api/challenge/authenticator", json!({})).await).await;
    assert_eq!(status, 200, "{key}");
    let secret = key["secretCode"].as_str().expect("secretCode").to_owned();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("time")
        .as_secs() as i64;
    let code = local_pool::totp::code_at(&secret, now).expect("code");
    let wrong = format!(
        "{:06}",
        (code.parse::<u32>().expect("digits") + 500_000) % 1_000_000
    );
    let (status, refused) =
        json_of(tab.post("/api/challenge", json!({ "code": wrong })).await).await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["__type"], "EnableSoftwareTokenMFAException");
    let (status, done) = json_of(tab.post("/api/challenge", json!({ "code": code })).await).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "signedIn");
    assert_eq!(tab.session().await["username"], "enroller");

    // Signed in now: no set-up is pending.
    let (status, _) = json_of(tab.post("/api/challenge/authenticator", json!({})).await).await;
    assert_eq!(status, 400);
}
