//! Browser tests of the Cognito client and the session against the real local pool
//! (started by scripts/test on 127.0.0.1:9229, in memory, seeded from dev/pool.toml).
#![cfg(target_arch = "wasm32")]

mod support;

use cognito_session::wire::AuthenticationResult;
use cognito_session::wire::{
    AccessTokenRequest, AuthOutcome, AuthResponseExt, ChallengeAnswer, ChallengeName,
    InitiateAuthRequest, RespondToAuthChallengeRequest, RevokeTokenRequest,
};
use cognito_session::{
    ClaimsError, CognitoClient, CognitoConfig, ErrorKind, Jwks, RefreshPolicy, SessionMachine,
    TokenValidator, Verified,
};
use leptos::prelude::*;
use poolgate::app::App;
use poolgate::auth::signature::WebCryptoVerifier;
use poolgate::auth::{FetchTransport, verify_rs256};
use poolgate::config::AppConfig;
use serde_json::json;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client() -> CognitoClient<FetchTransport> {
    let config = local_pool();
    let cognito = CognitoConfig::new(&config.region, &config.user_pool_id, &config.client_id)
        .with_endpoint(&config.endpoint);
    CognitoClient::new(cognito, FetchTransport)
}

fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The pool's published keys.
async fn jwks() -> Jwks {
    let jwks: Jwks = gloo_net::http::Request::get(&client().config().jwks_url())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!jwks.keys.is_empty(), "the pool publishes at least one key");
    jwks
}

/// An answer whose signatures WebCrypto checked against the pool's keys.
async fn verified(result: &AuthenticationResult) -> Verified<AuthenticationResult> {
    Verified::answer(&WebCryptoVerifier, &jwks().await, result.clone())
        .await
        .expect("the pool's signatures verify")
}

/// A session machine for the local pool's app client. It validates claims of [`verified`]
/// tokens.
fn machine() -> SessionMachine {
    SessionMachine::new(
        // The local pool names itself as issuer (its discovery document says so).
        TokenValidator::new(client().config()).with_issuer(client().config().issuer()),
        RefreshPolicy::default(),
    )
}

async fn sign_in(username: &str, password: &str) -> cognito_session::wire::AuthenticationResult {
    let response = client()
        .initiate_auth(&InitiateAuthRequest::user_password(username, password))
        .await
        .expect("sign-in succeeds");
    match response.into_outcome(username) {
        Some(AuthOutcome::Authenticated(result)) => result,
        other => panic!("expected tokens, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn seed_user_signs_in_and_tokens_validate_against_the_jwks() {
    let result = sign_in("alice", "Alice-pass-1").await;
    let session = machine()
        .accept(&verified(&result).await, None, now())
        .expect("tokens validate");
    assert_eq!(session.username(), "alice");
    assert_eq!(session.attribute("custom:role"), Some("admin"));
    assert_eq!(session.groups(), ["admins", "editors"]);
    assert_eq!(session.email(), Some("alice@example.com"));
    assert!(
        session.access_expires_at() > now() + 30 * 60,
        "60-minute tokens"
    );
}

#[wasm_bindgen_test]
async fn webcrypto_verifies_the_pools_signatures_and_refuses_forgeries() {
    let result = sign_in("alice", "Alice-pass-1").await;
    let keys = jwks().await;
    let id_token = result.id_token.clone().unwrap();
    verify_rs256(&id_token, &keys)
        .await
        .expect("ID token signature verifies");
    verify_rs256(&result.access_token, &keys)
        .await
        .expect("access token signature verifies");

    // Claims changed after signing (role escalation): the signature no longer matches.
    let parts: Vec<&str> = id_token.split('.').collect();
    let forged_claims = parts[1].replacen('A', "B", 1);
    let forged = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
    assert_eq!(
        verify_rs256(&forged, &keys).await,
        Err(ClaimsError::InvalidSignature)
    );

    // `alg: none` with no signature.
    let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert!(matches!(
        verify_rs256(&unsigned, &keys).await,
        Err(ClaimsError::UnsupportedAlgorithm(_) | ClaimsError::Malformed(_))
    ));

    // A key the pool never published.
    assert!(matches!(
        verify_rs256(&id_token, &Jwks::default()).await,
        Err(ClaimsError::UnknownKeyId(Some(_)))
    ));
}

#[wasm_bindgen_test]
async fn wrong_password_is_classified_as_wrong_credentials() {
    let error = client()
        .initiate_auth(&InitiateAuthRequest::user_password(
            "alice",
            "not-her-password1",
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NotAuthorizedException"));
    assert_eq!(error.kind(), ErrorKind::WrongCredentials);
}

#[wasm_bindgen_test]
async fn refresh_token_auth_renews_tokens_and_revocation_ends_the_session() {
    let first = sign_in("bob", "Bob-pass-12").await;
    let refresh_token = first.refresh_token.clone().expect("a refresh token");
    let renewed = client()
        .refresh(&refresh_token)
        .await
        .expect("refresh works");
    assert!(
        renewed.refresh_token.is_none(),
        "REFRESH_TOKEN_AUTH keeps the refresh token"
    );
    let session = machine()
        .accept(&verified(&renewed).await, Some(&refresh_token), now())
        .unwrap();
    assert_eq!(session.username(), "bob");

    client()
        .revoke_token(&RevokeTokenRequest {
            token: refresh_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let error = client().refresh(&refresh_token).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::SessionEnded, "{error:?}");
}

#[wasm_bindgen_test]
async fn global_sign_out_invalidates_the_access_token() {
    let result = sign_in("carol", "Carol-pass-1").await;
    let request = AccessTokenRequest {
        access_token: result.access_token.clone(),
    };
    client()
        .get_user(&request)
        .await
        .expect("token works before sign-out");
    client().global_sign_out(&request).await.unwrap();
    let error = client().get_user(&request).await.unwrap_err();
    assert_eq!(error.code(), Some("NotAuthorizedException"));
}

#[wasm_bindgen_test]
async fn new_password_required_challenge_completes() {
    let username = unique_name("wasm-newpw");
    create_user(json!({
        "UserPoolId": local_pool().user_pool_id,
        "Username": username,
        "TemporaryPassword": "Temp-pass-1",
        "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]
    }))
    .await;
    let response = client()
        .initiate_auth(&InitiateAuthRequest::user_password(
            &username,
            "Temp-pass-1",
        ))
        .await
        .unwrap();
    let Some(AuthOutcome::Challenge(challenge)) = response.into_outcome(&username) else {
        panic!("expected NEW_PASSWORD_REQUIRED");
    };
    assert_eq!(challenge.name, ChallengeName::NewPasswordRequired);
    let answer = RespondToAuthChallengeRequest::new_password(&challenge, "Chosen-pass-1");
    let response = client().respond_to_auth_challenge(&answer).await.unwrap();
    assert!(matches!(
        response.into_outcome(&username),
        Some(AuthOutcome::Authenticated(_))
    ));
    sign_in(&username, "Chosen-pass-1").await;
}

#[wasm_bindgen_test]
async fn signing_in_through_the_form_shows_the_users_navigation_and_reload_restores_it() {
    let page = mount_at("/sign-in?next=%2Fprofile", || {
        view! { <App config=local_config() /> }.into_any()
    });
    page.wait_for("input[name='username']", 5000).await;
    type_into(&page, "input[name='username']", "alice");
    type_into(&page, "input[name='password']", "Alice-pass-1");
    click(&page, "button[type='submit']");
    page.wait_for_text("main h1", "Your profile", 5000).await;
    assert_eq!(current_path(), "/profile");
    assert_eq!(page.text("[data-field='role']"), "admin");
    let nav = page.text("nav.site-nav");
    assert!(
        nav.contains("User administration") && nav.contains("Content"),
        "{nav}"
    );
    assert!(!nav.contains("Reports"), "{nav}");
    drop(page);

    // A new mount reads the stored session: straight to the page, no sign-in form.
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/admin"))
        .unwrap();
    let document = window.document().unwrap();
    let root: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(document.create_element("div").unwrap());
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || view! { <App config=local_config() /> });
    let mut seen_sign_in = false;
    for _ in 0..100 {
        leptos::task::tick().await;
        let text = root.text_content().unwrap_or_default();
        seen_sign_in |= root
            .query_selector("input[name='password']")
            .unwrap()
            .is_some();
        if text.contains("Administration") {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert!(root.text_content().unwrap().contains("Administration"));
    assert!(!seen_sign_in, "the sign-in form flashed during restore");
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn wrong_password_in_the_form_shows_a_message_in_the_live_region() {
    let page = mount_at("/sign-in", || {
        view! { <App config=local_config() /> }.into_any()
    });
    page.wait_for("input[name='username']", 5000).await;
    type_into(&page, "input[name='username']", "alice");
    type_into(&page, "input[name='password']", "wrong-password-1");
    click(&page, "button[type='submit']");
    let message = page
        .wait_for_text("[role='alert'][aria-live]", "password", 5000)
        .await;
    assert!(message.to_lowercase().contains("incorrect"), "{message}");
}

#[wasm_bindgen_test]
async fn a_stored_session_survives_a_start_while_the_pool_is_unreachable() {
    let result = sign_in("bob", "Bob-pass-12").await;
    let stored = machine()
        .accept(&verified(&result).await, None, now())
        .unwrap()
        .to_stored();
    let mut offline = local_pool();
    offline.endpoint = "http://127.0.0.1:9/".into(); // nothing listens there: keys cannot load
    let key = format!("poolgate.session.{}", offline.client_id);
    let config = AppConfig::Direct(offline);
    let value = serde_json::to_string(&stored).unwrap();
    let page = mount_with_storage("/profile", &[(&key, &value)], move || {
        view! { <App config /> }.into_any()
    });
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();

    page.wait_for_text("main", "Restoring your session", 3000)
        .await;
    gloo_timers::future::TimeoutFuture::new(1500).await;
    assert!(
        page.text("main").contains("Restoring your session"),
        "still waiting, not signed out"
    );
    assert!(
        page.find("input[name='password']").is_none(),
        "no sign-in form while offline"
    );
    assert!(
        storage.get_item(&key).unwrap().is_some(),
        "the stored session was kept"
    );
}

/// Refreshes of one pool and client run one at a time across the browser (Web Locks): a
/// second holder starts only after the first finished.
#[wasm_bindgen_test]
async fn the_refresh_lock_serialises_holders() {
    use std::cell::RefCell;
    use std::rc::Rc;
    assert!(poolgate::auth::has_web_locks(), "Chromium has Web Locks");
    let log = Rc::new(RefCell::new(Vec::new()));
    let holder = |name: &'static str, log: Rc<RefCell<Vec<String>>>| async move {
        log.borrow_mut().push(format!("{name} in"));
        gloo_timers::future::TimeoutFuture::new(100).await;
        log.borrow_mut().push(format!("{name} out"));
        name
    };
    let first_log = Rc::clone(&log);
    let first_done = Rc::new(RefCell::new(None));
    let first_slot = Rc::clone(&first_done);
    leptos::task::spawn_local(async move {
        let done = poolgate::auth::with_lock("poolgate.test", holder("a", first_log)).await;
        *first_slot.borrow_mut() = done;
    });
    let second = poolgate::auth::with_lock("poolgate.test", holder("b", Rc::clone(&log))).await;
    assert_eq!(second, Some("b"));
    for _ in 0..50 {
        if first_done.borrow().is_some() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(*first_done.borrow(), Some("a"));
    // Whichever asked first, the two never overlap.
    let log = log.borrow();
    let (first, second) = (&log[0][..1], &log[2][..1]);
    assert_ne!(first, second, "{log:?}");
    assert_eq!(
        *log,
        [
            format!("{first} in"),
            format!("{first} out"),
            format!("{second} in"),
            format!("{second} out")
        ]
    );
}

/// The renewal ledger in IndexedDB: what one holder records is what the next one reads, per
/// lock name, and the newest entry replaces the older one.
#[wasm_bindgen_test]
async fn the_renewal_ledger_records_the_newest_renewal_per_lock() {
    use poolgate::auth::renewals;
    // Names of this run only: the browser profile may keep the database between runs.
    let run = js_sys::Math::random();
    let (a, b) = (
        format!("poolgate.test.{run}.a"),
        format!("poolgate.test.{run}.b"),
    );
    assert_eq!(renewals::newest(&a).await, None);
    renewals::record(&a, 1_700_000_015).await;
    renewals::record(&b, 42).await;
    assert_eq!(renewals::newest(&a).await, Some(1_700_000_015));
    renewals::record(&a, 1_700_000_030).await;
    assert_eq!(renewals::newest(&a).await, Some(1_700_000_030));
    assert_eq!(renewals::newest(&b).await, Some(42));
}
