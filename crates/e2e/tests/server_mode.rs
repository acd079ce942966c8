//! The release build in server mode: `poolgate-server` (started here on a free port, pointed at
//! the local pool by its flags) serves `dist/` and its own `/config.json` with
//! `"mode": "server"`. Every seed user sees the same navigation and pages as in direct mode,
//! no JWT ever reaches the page's storage or cookies, an admin's change on `/users` reaches
//! the changed user's open session within seconds, and sign-in latency is measured through
//! the server against direct mode.
//!
//! The server binary is `$POOLGATE_SERVER_BIN`, else `poolgate-server` in the cargo target
//! directory these tests were built in (`cargo build -p poolgate-server` first; scripts/test
//! does).

use e2e::mfa::MfaRequiredPool;
use e2e::passwordless::{request_code, submit_code, wait_for_sign_in_code};
use e2e::seed::{ALL_GATED, SEED_USERS};
use e2e::{Harness, POOL_ID, PoolControl, Result, dist_dir, new_username, pool_url, wrong_code};
use serde_json::json;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The server's confidential app client in `dev/pool.toml` (its secret is read from the pool).
const SERVER_CLIENT_ID: &str = "localpoolgateserverclient1";

/// A running `poolgate-server`; killed when dropped.
struct Server {
    url: String,
    _child: Child,
}

fn server_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("POOLGATE_SERVER_BIN") {
        return Ok(PathBuf::from(path));
    }
    // Test executables live in <target>/debug/deps/.
    let exe = std::env::current_exe()?;
    let debug = exe
        .parent()
        .and_then(|deps| deps.parent())
        .ok_or("no target directory")?;
    let path = debug.join("poolgate-server");
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found: run `cargo build -p poolgate-server` or set POOLGATE_SERVER_BIN",
            path.display()
        )
        .into())
    }
}

/// Starts `poolgate-server` for the seed pool and its confidential client.
async fn start_server() -> Result<Server> {
    start_server_for(POOL_ID, SERVER_CLIENT_ID).await
}

/// Starts `poolgate-server` on a free loopback port, serving `$POOLGATE_DIST` (default
/// `<workspace>/dist`), with sessions in memory, against `$POOLGATE_POOL_URL`'s pool `pool_id`
/// with the confidential client `client_id` (its secret read from the pool).
async fn start_server_for(pool_id: &str, client_id: &str) -> Result<Server> {
    let (dist, pool) = (dist_dir(), pool_url());
    let mut child = Command::new(server_binary()?)
        .args(["--pool-id", pool_id, "--region", "us-east-1"])
        .args(["--endpoint", &pool, "--client-id", client_id])
        .args([
            "--listen",
            "127.0.0.1",
            "--port",
            "0",
            "--session-db",
            ":memory:",
        ])
        .arg("--dist")
        .arg(&dist)
        // The local pool accepts any credentials; the SDK wants some.
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start poolgate-server: {e}"))?;
    let mut lines = BufReader::new(child.stderr.take().ok_or("no stderr")?).lines();
    let url = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(url) = line.strip_prefix("poolgate-server listening on ") {
                return Ok::<_, std::io::Error>(Some(url.trim().to_owned()));
            }
            eprintln!("poolgate-server: {line}");
        }
        Ok(None)
    })
    .await
    .map_err(|_| "poolgate-server did not start listening within 30 s")??
    .ok_or("poolgate-server exited before listening")?;
    // Keep draining its log so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Server { url, _child: child })
}

/// Fails if anything the page's script can read holds a JWT (three base64url parts, the
/// first starting `eyJ`): localStorage, sessionStorage, document.cookie.
async fn assert_no_token_in_reach(h: &Harness) -> Result {
    let found = h
        .browser
        .execute(
            r#"const jwt = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;
               const places = { cookie: document.cookie };
               for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
                 for (let i = 0; i < store.length; i++) {
                   const key = store.key(i);
                   places[name + "." + key] = key + "=" + store.getItem(key);
                 }
               }
               return Object.entries(places).filter(([, v]) => jwt.test(v)).map(([k]) => k);"#,
            vec![],
        )
        .await?;
    let found = found.as_array().cloned().unwrap_or_default();
    assert!(
        found.is_empty(),
        "a JWT is readable by the page in {found:?}"
    );
    Ok(())
}

#[tokio::test]
async fn every_seed_user_sees_exactly_their_navigation_and_pages_through_the_server() -> Result {
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            for user in SEED_USERS {
                h.open("/sign-in").await?;
                h.sign_in(user.username, user.password).await?;
                h.wait_for_text("main h1", "Welcome", 10).await?;
                assert_eq!(
                    h.group_nav().await?,
                    user.nav,
                    "{}'s navigation",
                    user.username
                );
                assert_no_token_in_reach(h).await?;

                for (path, title) in ALL_GATED {
                    h.open(path).await?;
                    if user.allowed.contains(path) {
                        h.wait_for_heading(title, 10).await?;
                    } else {
                        h.wait_for_heading("Not allowed", 10).await?;
                        let requirement = h.text_of("main .requirement").await?;
                        assert!(requirement.contains("requires"), "{requirement}");
                    }
                }
                // The profile shows the facts the server reported.
                h.open("/profile").await?;
                h.wait_for_text("[data-field='username']", user.username, 10)
                    .await?;
                assert_no_token_in_reach(h).await?;

                h.click("nav.site-nav button.sign-out").await?;
                h.wait_for_text("nav.site-nav", "Sign in", 10).await?;
                // Signed out on the server too: a reload does not bring the session back.
                h.open("/profile").await?;
                h.wait_for_heading("Sign in", 10).await?;
            }
            h.assert_no_console_errors().await
        })
        .await
}

#[tokio::test]
async fn a_non_admin_gets_no_users_entry_and_a_direct_visit_is_not_allowed() -> Result {
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/users").await?;
            h.wait_for_heading("Sign in", 10).await?;
            assert_eq!(h.path().await?, "/sign-in?next=%2Fusers");
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_heading("Not allowed", 10).await?;
            assert!(
                !h.group_nav()
                    .await?
                    .contains(&"User administration".to_owned())
            );
            assert!(
                h.text_of("main .requirement")
                    .await?
                    .contains("membership of the group admins")
            );
            // A wrong password through the server gets the same sentence as in direct mode.
            h.click("nav.site-nav button.sign-out").await?;
            h.open("/sign-in").await?;
            h.fill_and_submit("bob", "not-bobs-password-1").await?;
            h.wait_for_text(
                "[role='alert'][aria-live]",
                "Incorrect username or password",
                10,
            )
            .await?;
            Ok(())
        })
        .await
}

/// A user created with a temporary password chooses a new one through the server
/// (NEW_PASSWORD_REQUIRED via AdminRespondToAuthChallenge).
#[tokio::test]
async fn a_new_user_chooses_a_password_through_the_server() -> Result {
    let pool = PoolControl::default();
    let username = format!("srv-new-{}", std::process::id());
    pool.admin(
        "AdminCreateUser",
        json!({
            "UserPoolId": POOL_ID,
            "Username": username,
            "TemporaryPassword": "Temporary-pass-1",
            "MessageAction": "SUPPRESS",
            "UserAttributes": [
                {"Name": "email", "Value": format!("{username}@example.com")},
                {"Name": "email_verified", "Value": "true"}
            ]
        }),
    )
    .await?;
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit(&username, "Temporary-pass-1").await?;
            h.wait_for_text("main h1", "Choose a new password", 10)
                .await?;
            h.type_into("input[name='new-password']", "Chosen-pass-1")
                .await?;
            h.type_into("input[name='confirm-password']", "Chosen-pass-1")
                .await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            assert_no_token_in_reach(h).await?;
            Ok(())
        })
        .await
}

/// Passwordless sign-in through the server: CUSTOM_AUTH with the server's confidential client
/// (AdminInitiateAuth, then AdminRespondToAuthChallenge with the client metadata that asks the
/// triggers for a new code). The steps and sentences are direct mode's.
#[tokio::test]
async fn a_sign_in_code_signs_in_through_the_server() -> Result {
    let pool = PoolControl::default();
    let username = new_username("srv-coder");
    pool.create_confirmed_user(&username, "Unused-pass-1")
        .await?;
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            request_code(h, &username).await?;
            h.wait_for_text(".code-sent", "6-digit sign-in code", 10)
                .await?;
            let first = wait_for_sign_in_code(&pool, &username, 1).await?;
            submit_code(h, &wrong_code(&first)).await?;
            h.wait_for_text(
                "#form-error",
                "That code isn't right. You have 2 attempts left.",
                10,
            )
            .await?;
            h.click("button.resend").await?;
            h.wait_for_text(".code-sent", "A new code is on its way", 10)
                .await?;
            let second = wait_for_sign_in_code(&pool, &username, 2).await?;
            submit_code(h, &second).await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            assert_no_token_in_reach(h).await
        })
        .await
}

/// Three wrong codes: the triggers end the attempt, the server forgets the challenge, and the
/// page goes back to the start saying why, as in direct mode.
#[tokio::test]
async fn three_wrong_codes_end_the_attempt_through_the_server() -> Result {
    let pool = PoolControl::default();
    let username = new_username("srv-guesser");
    pool.create_confirmed_user(&username, "Unused-pass-1")
        .await?;
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            request_code(h, &username).await?;
            let wrong = wrong_code(&wait_for_sign_in_code(&pool, &username, 1).await?);
            for left in ["2 attempts left", "1 attempt left"] {
                submit_code(h, &wrong).await?;
                h.wait_for_text("#form-error", left, 10).await?;
            }
            submit_code(h, &wrong).await?;
            h.wait_for_heading("Sign in", 10).await?;
            h.wait_for_text("#form-error", "Too many wrong codes", 10)
                .await?;
            assert_eq!(h.value_of("input[name='username']").await?, username);
            Ok(())
        })
        .await
}

/// SELECT_MFA_TYPE through the server: the person picks the e-mailed code, the server answers
/// with the choice, then with the code from the outbox.
#[tokio::test]
async fn two_factors_let_the_person_choose_through_the_server() -> Result {
    let pool = PoolControl::default();
    let username = new_username("srv-chooser");
    let password = "Pick-pass-1";
    pool.create_confirmed_user(&username, password).await?;
    let token = pool.access_token(&username, password).await?;
    pool.enable_totp(&token).await?;
    pool.set_mfa(&token, "EmailMfaSettings", true).await?;
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit(&username, password).await?;
            h.wait_for_heading("Choose how to verify", 10).await?;
            h.click("#factor-email_otp").await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_heading("Verification code", 10).await?;
            let code = pool.wait_for_code(&username, "EMAIL_OTP", 1).await?;
            h.type_into("input[name='code']", &code).await?;
            h.click("form button[type='submit']").await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            assert_no_token_in_reach(h).await
        })
        .await
}

/// MFA_SETUP through the server, in a pool that requires MFA (its own pool and confidential
/// client): the server calls AssociateSoftwareToken and VerifySoftwareToken with the
/// challenge's session and answers MFA_SETUP; a wrong code first is refused and can be retried.
#[tokio::test]
async fn a_pool_that_requires_mfa_enrols_an_app_through_the_server() -> Result {
    let pool = PoolControl::default();
    let password = "Enrol-pass-1";
    let client = json!({"ClientName": "e2e-srv-mfa", "GenerateSecret": true,
        "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
    let MfaRequiredPool {
        pool_id,
        client_id,
        username,
    } = pool
        .mfa_required_pool("srv-enrol", client, password)
        .await?;
    let server = start_server_for(&pool_id, &client_id).await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            h.fill_and_submit(&username, password).await?;
            h.wait_for_heading("Set up two-step verification", 10)
                .await?;
            let secret = h
                .attr_of("code.secret-key", "data-secret")
                .await?
                .ok_or("no key on the page")?;
            let code = pool.totp_now(&secret).await?;
            h.type_into("#totp-code", &wrong_code(&code)).await?;
            h.click(".totp-setup button[type='submit']").await?;
            h.wait_for_text("#totp-error", "code", 10).await?;
            h.type_into("#totp-code", &pool.totp_now(&secret).await?)
                .await?;
            h.click(".totp-setup button[type='submit']").await?;
            h.wait_for_heading(&format!("Welcome, {username}"), 10)
                .await?;
            assert_no_token_in_reach(h).await
        })
        .await
}

/// Server mode has no self-service: the sign-in page links to neither sign-up nor a password
/// reset; a trigger's refusal (the suspended seed user) reaches the person in its own words.
#[tokio::test]
async fn the_server_sign_in_page_offers_no_self_service_and_shows_a_triggers_refusal() -> Result {
    let server = start_server().await?;
    Harness::served_at(&server.url)
        .run(async |h| {
            h.open("/sign-in").await?;
            h.wait_for_heading("Sign in", 10).await?;
            let links = h
                .browser
                .find_all(fantoccini::Locator::Css(
                    "a[href='/sign-up'], a[href='/forgot-password']",
                ))
                .await?;
            assert!(links.is_empty(), "self-service links in server mode");
            h.fill_and_submit("frank", "Frank-pass-1").await?;
            h.wait_for_text("#form-error", "suspended", 10).await?;
            Ok(())
        })
        .await
}

/// Puts bob back as the seed has him (role editor, group editors), whatever the test did.
async fn restore_bob(pool: &PoolControl) -> Result {
    pool.admin(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": POOL_ID, "Username": "bob",
               "UserAttributes": [{"Name": "custom:role", "Value": "editor"}]}),
    )
    .await?;
    pool.admin(
        "AdminRemoveUserFromGroup",
        json!({"UserPoolId": POOL_ID, "Username": "bob", "GroupName": "viewers"}),
    )
    .await?;
    pool.admin(
        "AdminAddUserToGroup",
        json!({"UserPoolId": POOL_ID, "Username": "bob", "GroupName": "editors"}),
    )
    .await?;
    Ok(())
}

#[tokio::test]
async fn alice_makes_bob_a_viewer_and_bobs_open_session_follows() -> Result {
    let pool = PoolControl::default();
    let server = start_server().await?;
    let outcome = Harness::served_at(&server.url)
        .run(async |bob| {
            bob.open("/sign-in").await?;
            bob.sign_in("bob", "Bob-pass-12").await?;
            bob.wait_for_text("main h1", "Welcome", 10).await?;
            assert_eq!(bob.group_nav().await?, ["Content"]);

            let changed = Harness::served_at(&server.url)
                .run(async |alice| {
                    alice.open("/sign-in").await?;
                    alice.sign_in("alice", "Alice-pass-1").await?;
                    alice.click("nav.site-nav a[href='/users']").await?;
                    alice.wait_for_heading("User administration", 10).await?;
                    let row = "tr[data-user='bob']";
                    alice
                        .wait_for_text(&format!("{row} td.enabled"), "yes", 10)
                        .await?;
                    assert_no_token_in_reach(alice).await?;
                    alice.audit_accessibility("/users (server mode)").await?;

                    // Role: chosen from the labelled select, applied at once.
                    alice
                        .click(&format!("{row} select.role option[value='viewer']"))
                        .await?;
                    alice
                        .wait_for_text("p.result[aria-live]", "bob is now viewer.", 10)
                        .await?;
                    // Group: viewers added...
                    alice
                        .click(&format!(
                            "{row} select.add-group-choice option[value='viewers']"
                        ))
                        .await?;
                    alice.click(&format!("{row} button.add-group")).await?;
                    alice
                        .wait_for_text("p.result[aria-live]", "bob was added to viewers.", 10)
                        .await?;
                    // ...editors removed, after a confirmation.
                    alice
                        .click(&format!("{row} button.remove-group[data-group='editors']"))
                        .await?;
                    alice
                        .wait_for_text("[role='alertdialog']", "Remove from editors bob?", 10)
                        .await?;
                    alice
                        .audit_accessibility("/users, confirming a removal")
                        .await?;
                    alice
                        .click("[role='alertdialog'] button.confirm-yes")
                        .await?;
                    alice
                        .wait_for_text("p.result[aria-live]", "bob was removed from editors.", 10)
                        .await?;
                    let changed = Instant::now();
                    let groups = alice.text_of(&format!("{row} ul.groups")).await?;
                    assert!(
                        groups.contains("viewers") && !groups.contains("editors"),
                        "{groups}"
                    );

                    // A search narrows the table to matching usernames.
                    alice.type_into("input#user-search", "car").await?;
                    alice.click("form.search button[type='submit']").await?;
                    alice
                        .wait_for_text("table.user-table tbody", "carol", 10)
                        .await?;
                    let table = alice.text_of("table.user-table tbody").await?;
                    assert!(!table.contains("alice"), "{table}");
                    alice.assert_no_console_errors().await?;
                    Ok(changed)
                })
                .await?;

            // Bob's open session shows the viewer's navigation without any action of his.
            let deadline = changed + Duration::from_secs(15);
            loop {
                let nav = bob.group_nav().await?;
                if nav == ["Reports"] {
                    break;
                }
                if Instant::now() > deadline {
                    return Err(format!("bob's navigation is still {nav:?}").into());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            println!(
                "bob's open session showed the viewer's navigation {:.1} s after the change",
                changed.elapsed().as_secs_f64()
            );
            bob.open("/reports").await?;
            bob.wait_for_heading("Reports", 10).await?;
            assert_no_token_in_reach(bob).await?;
            bob.assert_no_console_errors().await
        })
        .await;
    // Bob's browser is closed by now: `run` closes it whatever the test did.
    let restored = restore_bob(&pool).await;
    outcome.and(restored)
}

/// Browser-measured sign-in latency (submit → the home page's heading), through the server
/// and direct, in the same run against the same pool. Printed for the closing note.
#[tokio::test]
async fn sign_in_latency_in_the_browser_through_the_server_and_direct() -> Result {
    const ROUNDS: usize = 5;
    async fn measure(h: &Harness) -> Result<Vec<f64>> {
        let mut times = Vec::new();
        for _ in 0..ROUNDS {
            h.open("/sign-in").await?;
            h.element("input[name='username']").await?;
            let started = Instant::now();
            h.sign_in("carol", "Carol-pass-1").await?;
            h.wait_for_text("main h1", "Welcome", 10).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            h.click("nav.site-nav button.sign-out").await?;
            h.wait_for_text("nav.site-nav", "Sign in", 10).await?;
        }
        times.sort_by(f64::total_cmp);
        Ok(times)
    }
    let server = start_server().await?;
    let through_server = Harness::served_at(&server.url)
        .run(async |h| measure(h).await)
        .await?;
    // Direct mode: the same build served as static files, its config.json naming the pool.
    let direct = Harness::builder().run(async |h| measure(h).await).await?;
    let median = |t: &[f64]| t[t.len() / 2];
    println!(
        "sign-in latency in the browser (median of {ROUNDS}, submit to home page): \
         server mode {:.0} ms, direct mode {:.0} ms; all server {through_server:.0?}, \
         all direct {direct:.0?}",
        median(&through_server),
        median(&direct)
    );
    Ok(())
}
