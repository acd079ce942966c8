//! A database written by an earlier local pool (schema version 1, no `user_version`) is
//! upgraded in place: its users, refresh tokens, codes and signing key keep working.

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use local_pool::{Argon2Cost, Config, DbLocation};
use serde_json::{Map, json};

use crate::support::{Harness, error_of, sdk_client};

/// The schema exactly as local-pool created it before versioning (the fixture must not follow
/// later changes: it stands for files already on developers' disks).
const SCHEMA_V1_FIXTURE: &str = "
CREATE TABLE IF NOT EXISTS pools (
    id          TEXT PRIMARY KEY,
    settings    TEXT NOT NULL,          -- UserPoolType JSON
    key_id      TEXT NOT NULL,          -- JWKS kid of the signing key
    signing_key BLOB NOT NULL           -- PKCS#8 DER RSA private key, generated per pool
);
CREATE TABLE IF NOT EXISTS clients (
    id       TEXT PRIMARY KEY,
    pool_id  TEXT NOT NULL,
    settings TEXT NOT NULL              -- UserPoolClientType JSON
);
CREATE TABLE IF NOT EXISTS users (
    pool_id         TEXT NOT NULL,
    username_key    TEXT NOT NULL,      -- lower-cased unless the pool is case sensitive
    username        TEXT NOT NULL,
    sub             TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    enabled         INTEGER NOT NULL,
    password_hash   TEXT,               -- argon2id PHC string
    password_set_at INTEGER NOT NULL,
    attributes      TEXT NOT NULL,      -- JSON object
    mfa             TEXT NOT NULL,      -- JSON MfaSettings
    created_at      INTEGER NOT NULL,
    modified_at     INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username_key)
);
CREATE TABLE IF NOT EXISTS groups (
    pool_id     TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT,
    role_arn    TEXT,
    precedence  INTEGER,
    created_at  INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
);
CREATE TABLE IF NOT EXISTS group_members (
    pool_id      TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    username_key TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, username_key)
);
CREATE TABLE IF NOT EXISTS token_families (
    origin_jti   TEXT PRIMARY KEY,
    pool_id      TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    username_key TEXT NOT NULL,
    auth_time    INTEGER NOT NULL,
    revoked_at   INTEGER
);
CREATE INDEX IF NOT EXISTS token_families_by_user ON token_families (pool_id, username_key);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY,        -- SHA-256 of the opaque token; the token is never stored
    origin_jti TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    rotated_at INTEGER                  -- set when rotation replaced it (grace period starts)
);
CREATE TABLE IF NOT EXISTS codes (
    pool_id      TEXT NOT NULL,
    username_key TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    code         TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username_key, purpose)
);
CREATE TABLE IF NOT EXISTS auth_sessions (
    id           TEXT PRIMARY KEY,
    pool_id      TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    username_key TEXT NOT NULL,
    challenge    TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    consumed_at  INTEGER
);
CREATE TABLE IF NOT EXISTS outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    pool_id     TEXT NOT NULL,
    username    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    destination TEXT NOT NULL,
    code        TEXT NOT NULL,
    sent_at     INTEGER NOT NULL
);
";

const POOL: &str = "us-east-1_Legacy0001";
const CLIENT: &str = "legacyclient0000000000001";
const ENDPOINT: &str = "http://local-pool.test";
const REFRESH_TOKEN: &str = "legacy-refresh-token-written-by-schema-v1";

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sha256_hex(secret: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, secret.as_bytes());
    data_encoding::HEXLOWER.encode(digest.as_ref())
}

/// Writes a version-1 database: one pool with its single signing key, a client, a confirmed
/// user, a signed-in session (refresh token) and an outstanding password-reset code. Returns
/// an access token signed with the old key, as the old pool issued them.
fn write_v1_database(path: &std::path::Path) -> String {
    let now = unix_now();
    let conn = rusqlite::Connection::open(path).expect("open fixture");
    conn.execute_batch(SCHEMA_V1_FIXTURE).expect("v1 schema");
    let (kid, der) = local_pool::tokens::generate_key().expect("key");
    let pool = json!({
        "Id": POOL, "Name": "legacy", "Arn": format!("arn:aws:cognito-idp:us-east-1:000000000000:userpool/{POOL}"),
        "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": false,
            "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": false,
            "TemporaryPasswordValidityDays": 7}},
        "SchemaAttributes": [], "AutoVerifiedAttributes": ["email"], "MfaConfiguration": "OFF",
        "UsernameConfiguration": {"CaseSensitive": false},
        "CreationDate": now, "LastModifiedDate": now, "EstimatedNumberOfUsers": 0,
    });
    conn.execute(
        "INSERT INTO pools (id, settings, key_id, signing_key) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![POOL, pool.to_string(), kid, der],
    )
    .unwrap();
    let client = json!({
        "UserPoolId": POOL, "ClientName": "legacy-web", "ClientId": CLIENT,
        "CreationDate": now, "LastModifiedDate": now,
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "AccessTokenValidity": 60, "IdTokenValidity": 60, "RefreshTokenValidity": 30,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        "AuthSessionValidity": 3, "EnableTokenRevocation": true,
    });
    conn.execute(
        "INSERT INTO clients (id, pool_id, settings) VALUES (?1, ?2, ?3)",
        rusqlite::params![CLIENT, POOL, client.to_string()],
    )
    .unwrap();
    let hasher = local_pool::password::PasswordHasher::new(Argon2Cost {
        memory_kib: 64,
        iterations: 1,
    })
    .unwrap();
    let sub = "0b4c6a3e-1111-4222-8333-444455556666";
    let attributes = json!({"sub": sub, "email": "vera@example.com", "email_verified": "true"});
    conn.execute(
        "INSERT INTO users (pool_id, username_key, username, sub, status, enabled, password_hash,
            password_set_at, attributes, mfa, created_at, modified_at)
         VALUES (?1, 'vera', 'vera', ?2, 'CONFIRMED', 1, ?3, ?4, ?5, '{}', ?4, ?4)",
        rusqlite::params![
            POOL,
            sub,
            hasher.hash("Vera-pass-1").unwrap(),
            now,
            attributes.to_string()
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO token_families (origin_jti, pool_id, client_id, username_key, auth_time)
         VALUES ('legacy-family', ?1, ?2, 'vera', ?3)",
        rusqlite::params![POOL, CLIENT, now],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO refresh_tokens (token_hash, origin_jti, expires_at)
         VALUES (?1, 'legacy-family', ?2)",
        rusqlite::params![sha256_hex(REFRESH_TOKEN), now + 86_400],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO codes (pool_id, username_key, purpose, code, expires_at)
         VALUES (?1, 'vera', 'FORGOT_PASSWORD', '424242', ?2)",
        rusqlite::params![POOL, now + 3600],
    )
    .unwrap();
    let key = local_pool::tokens::SigningKey::from_pkcs8(kid, &der).unwrap();
    let claims: Map<String, serde_json::Value> = json!({
        "sub": sub, "iss": format!("{ENDPOINT}/{POOL}"), "origin_jti": "legacy-family",
        "client_id": CLIENT, "token_use": "access", "scope": "aws.cognito.signin.user.admin",
        "auth_time": now, "iat": now, "exp": now + 3600, "jti": "legacy-jti", "username": "vera",
    })
    .as_object()
    .unwrap()
    .clone();
    key.sign(&claims).unwrap()
}

#[tokio::test]
async fn a_version_1_database_is_upgraded_and_keeps_working() {
    let dir = std::env::temp_dir().join(format!(
        "local-pool-migration-{}-{}",
        std::process::id(),
        unix_now()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pool.sqlite");
    let old_access_token = write_v1_database(&path);

    let h = Harness::with_config(Config {
        db: DbLocation::File(path.clone()),
        endpoint: Some(ENDPOINT.into()),
        ..Config::for_tests()
    })
    .await;
    // The access token the old pool signed still authenticates (its key was kept).
    let user = h
        .cognito
        .get_user()
        .access_token(&old_access_token)
        .send()
        .await
        .expect("old access token accepted");
    assert_eq!(user.username(), "vera");

    // The stored refresh token still refreshes; the new access token is signed with the
    // migrated key, the ID token with a new ID key.
    let refreshed = h
        .cognito
        .initiate_auth()
        .client_id(CLIENT)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", REFRESH_TOKEN)
        .send()
        .await
        .expect("old refresh token accepted")
        .authentication_result
        .unwrap();
    let kid = |token: &str| jsonwebtoken::decode_header(token).unwrap().kid.unwrap();
    let access = refreshed.access_token().unwrap();
    let id = refreshed.id_token().unwrap();
    assert_eq!(kid(access), kid(&old_access_token));
    assert_ne!(kid(id), kid(access));

    // Both keys are published: the migrated access key and the new ID key.
    let jwks: serde_json::Value = h
        .get_json(&format!("{}/{POOL}/.well-known/jwks.json", h.url()))
        .await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "{jwks}");

    // Password sign-in, and the code written before the upgrade (the codes table gained an
    // attempt counter).
    let client = sdk_client(&h.url());
    client
        .initiate_auth()
        .client_id(CLIENT)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", "vera")
        .auth_parameters("PASSWORD", "Vera-pass-1")
        .send()
        .await
        .expect("password sign-in");
    let (code, _) = error_of(
        client
            .confirm_forgot_password()
            .client_id(CLIENT)
            .username("vera")
            .confirmation_code("000000")
            .password("Vera-new-pass-2")
            .send()
            .await,
    );
    assert_eq!(code, "CodeMismatchException");
    client
        .confirm_forgot_password()
        .client_id(CLIENT)
        .username("vera")
        .confirmation_code("424242")
        .password("Vera-new-pass-2")
        .send()
        .await
        .expect("code from before the upgrade");
    h.server.shutdown().await;

    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 3);
    assert_eq!(version, local_pool::store::SCHEMA_VERSION);
    // Version 3's columns: custom-auth session state, the text of outbox messages.
    conn.prepare("SELECT custom_state FROM auth_sessions")
        .expect("auth_sessions.custom_state");
    conn.prepare("SELECT subject, message, text_message FROM outbox")
        .expect("outbox text columns");
    let integrity: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);

    // Opening again is a no-op (no migration re-runs).
    let again = Harness::with_config(Config {
        db: DbLocation::File(path.clone()),
        endpoint: Some(ENDPOINT.into()),
        ..Config::for_tests()
    })
    .await;
    again.server.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}
