//! SQLite persistence.
//!
//! One connection behind a mutex: every operation runs in a single `BEGIN IMMEDIATE`
//! transaction that commits before the response is sent, so concurrent requests serialise
//! cleanly and a killed server keeps every acknowledged write. File databases use WAL.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::model::{AppClient, Group, User, UserPool, UserStatus};
use crate::protocol::ApiError;

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    File(PathBuf),
    InMemory,
}

/// Version 1: the schema before versioning (databases written by earlier pools have
/// `user_version` 0 and exactly these tables, so it is applied with `IF NOT EXISTS`).
const SCHEMA_V1: &str = "
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
-- One row per sign-in: every token issued from it carries its id as `origin_jti`, so revoking
-- the family invalidates its refresh tokens and its access tokens together.
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

/// Version 2: signing keys per token use with rotation, sign-in lockout, code attempt limits.
const SCHEMA_V2: &str = "
-- Every key a pool has signed with. `token_use` is 'id' or 'access' (Cognito signs the two
-- with different keys); a rotated-out key keeps verifying until `retired_at` + the longest
-- token lifetime.
CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY,
    pool_id     TEXT NOT NULL,
    token_use   TEXT NOT NULL,
    private_key BLOB NOT NULL,          -- PKCS#8 DER RSA private key
    created_at  INTEGER NOT NULL,
    retired_at  INTEGER
);
CREATE INDEX signing_keys_by_pool ON signing_keys (pool_id);
-- The single key of a version-1 pool signed both token kinds: it stays the access key (so
-- tokens already issued still verify); a new ID key is generated when first needed.
INSERT INTO signing_keys (kid, pool_id, token_use, private_key, created_at)
    SELECT key_id, id, 'access', signing_key, 0 FROM pools;
ALTER TABLE pools DROP COLUMN key_id;
ALTER TABLE pools DROP COLUMN signing_key;
-- Failed sign-in attempts per user (password and MFA codes), for Cognito's lockout.
CREATE TABLE sign_in_failures (
    pool_id         TEXT NOT NULL,
    username_key    TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username_key)
);
ALTER TABLE codes ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
";

/// Version 3: custom authentication state of challenge sessions; the text of outbox messages.
const SCHEMA_V3: &str = "
-- CUSTOM_AUTH: the challenge history, the private challenge parameters and the metadata of
-- the challenge presented (JSON), kept server-side as Cognito keeps them; cleared when the
-- session is used.
ALTER TABLE auth_sessions ADD COLUMN custom_state TEXT;
-- What the message said: the CustomMessage trigger's subject and message, or a trigger's own
-- mail (subject, HTML body, plain-text body). NULL when the pool's default text was used.
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN message TEXT;
ALTER TABLE outbox ADD COLUMN text_message TEXT;
";

/// Ordered migrations: entry `i` brings a database from `user_version` i to i + 1. Append
/// only; never edit a released entry.
const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2, SCHEMA_V3];

/// The `user_version` of a database with every migration applied.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    pub fn open(location: &DbLocation) -> Result<Self, rusqlite::Error> {
        let mut conn = match location {
            DbLocation::InMemory => Connection::open_in_memory()?,
            DbLocation::File(path) => {
                create_parent_dir(path);
                let conn = Connection::open(path)?;
                // WAL + NORMAL survives a killed process (not a power cut), which is the
                // failure that matters for a local dev server.
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                conn
            }
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `work` in one write transaction, committing only if it succeeds.
    pub fn transaction<T>(
        &self,
        work: impl FnOnce(&Tx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let wrapped = Tx { tx };
        let value = work(&wrapped)?;
        wrapped.tx.commit()?;
        Ok(value)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-transaction rolls the transaction back on drop, so the connection is
        // still consistent.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Applies the migrations the database has not seen, each in its own transaction together
/// with its `user_version` bump, so a crash mid-way leaves a consistent, resumable database.
fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
            Some(format!(
                "database schema version {current} is newer than this local-pool ({SCHEMA_VERSION})"
            )),
        ));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn create_parent_dir(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // A failure here resurfaces as a clearer error from `Connection::open`.
        let _ = std::fs::create_dir_all(parent);
    }
}

/// A refresh token's row, joined with its family.
#[derive(Debug, Clone)]
pub struct RefreshTokenRecord {
    pub origin_jti: String,
    pub expires_at: i64,
    pub rotated_at: Option<i64>,
    pub family: TokenFamily,
}

#[derive(Debug, Clone)]
pub struct TokenFamily {
    pub origin_jti: String,
    pub pool_id: String,
    pub client_id: String,
    pub username_key: String,
    pub auth_time: i64,
    pub revoked_at: Option<i64>,
}

/// A row of `signing_keys`.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub kid: String,
    pub pool_id: String,
    /// `id` or `access`.
    pub token_use: String,
    pub private_key: Vec<u8>,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// A user's run of failed sign-in attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInFailures {
    pub failures: i64,
    pub last_failure_at: i64,
    pub locked_until: i64,
}

/// An outstanding one-time code.
#[derive(Debug, Clone)]
pub struct StoredCode {
    pub code: String,
    pub expires_at: i64,
    pub failed_attempts: i64,
}

#[derive(Debug, Clone)]
pub struct AuthSession {
    pub id: String,
    pub pool_id: String,
    pub client_id: String,
    pub username_key: String,
    pub challenge: String,
    pub expires_at: i64,
    pub consumed_at: Option<i64>,
    /// CUSTOM_AUTH sessions only: the flow's state (JSON, see `ops::auth::custom`).
    pub custom_state: Option<String>,
}

/// One message "sent" by the pool or a trigger. `subject` / `message` are what the
/// CustomMessage trigger produced (or a trigger's own mail, with its plain-text part in
/// `text`); all three are `null` when the pool's default message was sent.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OutboxMessage {
    pub username: String,
    pub kind: String,
    pub destination: String,
    pub code: String,
    pub sent_at: i64,
    pub subject: Option<String>,
    pub message: Option<String>,
    pub text: Option<String>,
}

/// A transaction with the repository operations the server needs.
pub struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
}

impl Tx<'_> {
    // ---- pools ----------------------------------------------------------------------------

    pub fn pool(&self, id: &str) -> Result<Option<UserPool>, ApiError> {
        self.settings_json("SELECT settings FROM pools WHERE id = ?1", id)
    }

    /// Pools and clients are stored as their API JSON in a `settings` column.
    fn settings_json<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        id: &str,
    ) -> Result<Option<T>, ApiError> {
        let settings: Option<String> = self.tx.query_row(sql, [id], |r| r.get(0)).optional()?;
        Ok(settings.map(|s| serde_json::from_str(&s)).transpose()?)
    }

    pub fn insert_pool(&self, pool: &UserPool) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO pools (id, settings) VALUES (?1, ?2)",
            params![pool.id, serde_json::to_string(pool)?],
        )?;
        Ok(())
    }

    // ---- signing keys ---------------------------------------------------------------------

    pub fn insert_signing_key(&self, key: &StoredKey) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO signing_keys (kid, pool_id, token_use, private_key, created_at, retired_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key.kid,
                key.pool_id,
                key.token_use,
                key.private_key,
                key.created_at,
                key.retired_at
            ],
        )?;
        Ok(())
    }

    /// Every key of the pool, current and retired, oldest first.
    pub fn signing_keys(&self, pool_id: &str) -> Result<Vec<StoredKey>, ApiError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT kid, pool_id, token_use, private_key, created_at, retired_at
             FROM signing_keys WHERE pool_id = ?1 ORDER BY created_at, rowid",
        )?;
        let rows = stmt.query_map([pool_id], |r| {
            Ok(StoredKey {
                kid: r.get(0)?,
                pool_id: r.get(1)?,
                token_use: r.get(2)?,
                private_key: r.get(3)?,
                created_at: r.get(4)?,
                retired_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Retires the pool's current keys (rotation); they keep verifying until pruned.
    pub fn retire_signing_keys(&self, pool_id: &str, now: i64) -> Result<(), ApiError> {
        self.tx.execute(
            "UPDATE signing_keys SET retired_at = ?2 WHERE pool_id = ?1 AND retired_at IS NULL",
            params![pool_id, now],
        )?;
        Ok(())
    }

    /// Forgets keys retired at or before `cutoff` (every token they signed has expired).
    pub fn prune_signing_keys(&self, pool_id: &str, cutoff: i64) -> Result<(), ApiError> {
        self.tx.execute(
            "DELETE FROM signing_keys WHERE pool_id = ?1 AND retired_at <= ?2",
            params![pool_id, cutoff],
        )?;
        Ok(())
    }

    // ---- sign-in failures (lockout) -------------------------------------------------------

    pub fn sign_in_failures(
        &self,
        pool_id: &str,
        username_key: &str,
    ) -> Result<Option<SignInFailures>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT failures, last_failure_at, locked_until FROM sign_in_failures
                 WHERE pool_id = ?1 AND username_key = ?2",
                [pool_id, username_key],
                |r| {
                    Ok(SignInFailures {
                        failures: r.get(0)?,
                        last_failure_at: r.get(1)?,
                        locked_until: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn put_sign_in_failures(
        &self,
        pool_id: &str,
        username_key: &str,
        state: &SignInFailures,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO sign_in_failures (pool_id, username_key, failures, last_failure_at, locked_until)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (pool_id, username_key) DO UPDATE SET failures = excluded.failures,
                last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until",
            params![
                pool_id,
                username_key,
                state.failures,
                state.last_failure_at,
                state.locked_until
            ],
        )?;
        Ok(())
    }

    pub fn clear_sign_in_failures(
        &self,
        pool_id: &str,
        username_key: &str,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "DELETE FROM sign_in_failures WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, username_key],
        )?;
        Ok(())
    }

    pub fn count_users(&self, pool_id: &str) -> Result<i64, ApiError> {
        Ok(self.tx.query_row(
            "SELECT COUNT(*) FROM users WHERE pool_id = ?1",
            [pool_id],
            |r| r.get(0),
        )?)
    }

    // ---- app clients ----------------------------------------------------------------------

    pub fn client(&self, id: &str) -> Result<Option<AppClient>, ApiError> {
        self.settings_json("SELECT settings FROM clients WHERE id = ?1", id)
    }

    pub fn upsert_client(&self, client: &AppClient) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO clients (id, pool_id, settings) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET settings = excluded.settings",
            params![
                client.client_id,
                client.user_pool_id,
                serde_json::to_string(client)?
            ],
        )?;
        Ok(())
    }

    // ---- users ----------------------------------------------------------------------------

    pub fn user(&self, pool_id: &str, username_key: &str) -> Result<Option<User>, ApiError> {
        Ok(self
            .tx
            .query_row(
                &format!("{USER_COLUMNS} WHERE pool_id = ?1 AND username_key = ?2"),
                [pool_id, username_key],
                user_from_row,
            )
            .optional()?)
    }

    pub fn user_by_sub(&self, pool_id: &str, sub: &str) -> Result<Option<User>, ApiError> {
        Ok(self
            .tx
            .query_row(
                &format!("{USER_COLUMNS} WHERE pool_id = ?1 AND sub = ?2"),
                [pool_id, sub],
                user_from_row,
            )
            .optional()?)
    }

    /// Users whose attribute `name` equals `value` (used for sign-in aliases); `ignore_case`
    /// compares lower-cased values (case-insensitive pools).
    pub fn users_by_attribute(
        &self,
        pool_id: &str,
        name: &str,
        value: &str,
        ignore_case: bool,
    ) -> Result<Vec<User>, ApiError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{USER_COLUMNS} WHERE pool_id = ?1 AND (json_extract(attributes, ?2) = ?3
                OR (?4 AND lower(json_extract(attributes, ?2)) = lower(?3)))"
        ))?;
        let path = format!("$.\"{}\"", name.replace('"', ""));
        let rows = stmt.query_map(params![pool_id, path, value, ignore_case], user_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn users(&self, pool_id: &str) -> Result<Vec<User>, ApiError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{USER_COLUMNS} WHERE pool_id = ?1 ORDER BY created_at, username_key"
        ))?;
        let rows = stmt.query_map([pool_id], user_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn insert_user(&self, username_key: &str, user: &User) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO users (pool_id, username_key, username, sub, status, enabled,
                password_hash, password_set_at, attributes, mfa, created_at, modified_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                user.pool_id,
                username_key,
                user.username,
                user.sub,
                user.status.as_str(),
                user.enabled,
                user.password_hash,
                user.password_set_at,
                serde_json::to_string(&user.attributes)?,
                serde_json::to_string(&user.mfa)?,
                user.created_at,
                user.modified_at,
            ],
        )?;
        Ok(())
    }

    /// Saves every mutable field of `user` (looked up by pool and sub).
    pub fn update_user(&self, user: &User) -> Result<(), ApiError> {
        self.tx.execute(
            "UPDATE users SET status = ?3, enabled = ?4, password_hash = ?5, password_set_at = ?6,
                attributes = ?7, mfa = ?8, modified_at = ?9
             WHERE pool_id = ?1 AND sub = ?2",
            params![
                user.pool_id,
                user.sub,
                user.status.as_str(),
                user.enabled,
                user.password_hash,
                user.password_set_at,
                serde_json::to_string(&user.attributes)?,
                serde_json::to_string(&user.mfa)?,
                user.modified_at,
            ],
        )?;
        Ok(())
    }

    /// Deletes a user with everything that belongs to them.
    pub fn delete_user(&self, pool_id: &str, username_key: &str, now: i64) -> Result<(), ApiError> {
        self.revoke_user_token_families(pool_id, username_key, now)?;
        for table in [
            "users",
            "group_members",
            "codes",
            "auth_sessions",
            "sign_in_failures",
        ] {
            self.tx.execute(
                &format!("DELETE FROM {table} WHERE pool_id = ?1 AND username_key = ?2"),
                [pool_id, username_key],
            )?;
        }
        Ok(())
    }

    // ---- groups ---------------------------------------------------------------------------

    pub fn group(&self, pool_id: &str, name: &str) -> Result<Option<Group>, ApiError> {
        Ok(self
            .tx
            .query_row(
                &format!("{GROUP_COLUMNS} WHERE g.pool_id = ?1 AND g.name = ?2"),
                [pool_id, name],
                group_from_row,
            )
            .optional()?)
    }

    pub fn insert_group(&self, group: &Group) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO groups (pool_id, name, description, role_arn, precedence, created_at, modified_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                group.user_pool_id,
                group.group_name,
                group.description,
                group.role_arn,
                group.precedence,
                group.creation_date,
                group.last_modified_date
            ],
        )?;
        Ok(())
    }

    pub fn groups(&self, pool_id: &str) -> Result<Vec<Group>, ApiError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{GROUP_COLUMNS} WHERE g.pool_id = ?1 ORDER BY g.name"
        ))?;
        let rows = stmt.query_map([pool_id], group_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user's groups, highest priority (lowest precedence) first, as in `cognito:groups`.
    pub fn groups_of_user(
        &self,
        pool_id: &str,
        username_key: &str,
    ) -> Result<Vec<Group>, ApiError> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{GROUP_COLUMNS} JOIN group_members m ON m.pool_id = g.pool_id AND m.group_name = g.name
             WHERE g.pool_id = ?1 AND m.username_key = ?2
             ORDER BY g.precedence IS NULL, g.precedence, g.name"
        ))?;
        let rows = stmt.query_map([pool_id, username_key], group_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_group_member(
        &self,
        pool_id: &str,
        group: &str,
        username_key: &str,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT OR IGNORE INTO group_members (pool_id, group_name, username_key) VALUES (?1, ?2, ?3)",
            [pool_id, group, username_key],
        )?;
        Ok(())
    }

    pub fn remove_group_member(
        &self,
        pool_id: &str,
        group: &str,
        username_key: &str,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "DELETE FROM group_members WHERE pool_id = ?1 AND group_name = ?2 AND username_key = ?3",
            [pool_id, group, username_key],
        )?;
        Ok(())
    }

    // ---- tokens ---------------------------------------------------------------------------

    pub fn insert_token_family(&self, family: &TokenFamily) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO token_families (origin_jti, pool_id, client_id, username_key, auth_time)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                family.origin_jti,
                family.pool_id,
                family.client_id,
                family.username_key,
                family.auth_time
            ],
        )?;
        Ok(())
    }

    pub fn token_family(&self, origin_jti: &str) -> Result<Option<TokenFamily>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT origin_jti, pool_id, client_id, username_key, auth_time, revoked_at
                 FROM token_families WHERE origin_jti = ?1",
                [origin_jti],
                family_from_row,
            )
            .optional()?)
    }

    pub fn revoke_token_family(&self, origin_jti: &str, now: i64) -> Result<(), ApiError> {
        self.tx.execute(
            "UPDATE token_families SET revoked_at = ?2 WHERE origin_jti = ?1 AND revoked_at IS NULL",
            params![origin_jti, now],
        )?;
        Ok(())
    }

    pub fn revoke_user_token_families(
        &self,
        pool_id: &str,
        username_key: &str,
        now: i64,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "UPDATE token_families SET revoked_at = ?3
             WHERE pool_id = ?1 AND username_key = ?2 AND revoked_at IS NULL",
            params![pool_id, username_key, now],
        )?;
        Ok(())
    }

    pub fn insert_refresh_token(
        &self,
        token_hash: &str,
        origin_jti: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO refresh_tokens (token_hash, origin_jti, expires_at) VALUES (?1, ?2, ?3)",
            params![token_hash, origin_jti, expires_at],
        )?;
        Ok(())
    }

    pub fn refresh_token(&self, token_hash: &str) -> Result<Option<RefreshTokenRecord>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT f.origin_jti, f.pool_id, f.client_id, f.username_key, f.auth_time, f.revoked_at,
                        t.expires_at, t.rotated_at
                 FROM refresh_tokens t JOIN token_families f ON f.origin_jti = t.origin_jti
                 WHERE t.token_hash = ?1",
                [token_hash],
                |r| {
                    let family = family_from_row(r)?;
                    Ok(RefreshTokenRecord {
                        origin_jti: family.origin_jti.clone(),
                        expires_at: r.get(6)?,
                        rotated_at: r.get(7)?,
                        family,
                    })
                },
            )
            .optional()?)
    }

    pub fn mark_refresh_token_rotated(&self, token_hash: &str, now: i64) -> Result<(), ApiError> {
        self.tx.execute(
            "UPDATE refresh_tokens SET rotated_at = ?2 WHERE token_hash = ?1 AND rotated_at IS NULL",
            params![token_hash, now],
        )?;
        Ok(())
    }

    // ---- one-time codes -------------------------------------------------------------------

    pub fn put_code(
        &self,
        pool_id: &str,
        username_key: &str,
        purpose: &str,
        code: &str,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO codes (pool_id, username_key, purpose, code, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (pool_id, username_key, purpose)
             DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at,
                failed_attempts = 0",
            params![pool_id, username_key, purpose, code, expires_at],
        )?;
        Ok(())
    }

    /// The outstanding code for `purpose`.
    pub fn code(
        &self,
        pool_id: &str,
        username_key: &str,
        purpose: &str,
    ) -> Result<Option<StoredCode>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT code, expires_at, failed_attempts FROM codes
                 WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
                [pool_id, username_key, purpose],
                |r| {
                    Ok(StoredCode {
                        code: r.get(0)?,
                        expires_at: r.get(1)?,
                        failed_attempts: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Counts a wrong guess at the outstanding code; returns the new count.
    pub fn count_failed_code_attempt(
        &self,
        pool_id: &str,
        username_key: &str,
        purpose: &str,
    ) -> Result<i64, ApiError> {
        Ok(self.tx.query_row(
            "UPDATE codes SET failed_attempts = failed_attempts + 1
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3
             RETURNING failed_attempts",
            [pool_id, username_key, purpose],
            |r| r.get(0),
        )?)
    }

    pub fn delete_code(
        &self,
        pool_id: &str,
        username_key: &str,
        purpose: &str,
    ) -> Result<(), ApiError> {
        self.tx.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
            [pool_id, username_key, purpose],
        )?;
        Ok(())
    }

    // ---- challenge sessions ---------------------------------------------------------------

    pub fn insert_auth_session(&self, session: &AuthSession) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO auth_sessions
                 (id, pool_id, client_id, username_key, challenge, expires_at, custom_state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                session.id,
                session.pool_id,
                session.client_id,
                session.username_key,
                session.challenge,
                session.expires_at,
                session.custom_state,
            ],
        )?;
        Ok(())
    }

    pub fn auth_session(&self, id: &str) -> Result<Option<AuthSession>, ApiError> {
        Ok(self
            .tx
            .query_row(
                "SELECT id, pool_id, client_id, username_key, challenge, expires_at, consumed_at,
                        custom_state
                 FROM auth_sessions WHERE id = ?1",
                [id],
                |r| {
                    Ok(AuthSession {
                        id: r.get(0)?,
                        pool_id: r.get(1)?,
                        client_id: r.get(2)?,
                        username_key: r.get(3)?,
                        challenge: r.get(4)?,
                        expires_at: r.get(5)?,
                        consumed_at: r.get(6)?,
                        custom_state: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn consume_auth_session(&self, id: &str, now: i64) -> Result<(), ApiError> {
        self.tx.execute(
            // A used session keeps no custom-auth state (private challenge parameters).
            "UPDATE auth_sessions SET consumed_at = ?2, custom_state = NULL WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    // ---- outbox ---------------------------------------------------------------------------

    pub fn append_outbox(&self, pool_id: &str, message: &OutboxMessage) -> Result<(), ApiError> {
        self.tx.execute(
            "INSERT INTO outbox
                 (pool_id, username, kind, destination, code, sent_at, subject, message, text_message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                pool_id,
                message.username,
                message.kind,
                message.destination,
                message.code,
                message.sent_at,
                message.subject,
                message.message,
                message.text,
            ],
        )?;
        Ok(())
    }

    /// Messages oldest first, optionally only those for `username` (case-insensitive).
    pub fn outbox(&self, username: Option<&str>) -> Result<Vec<OutboxMessage>, ApiError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT username, kind, destination, code, sent_at, subject, message, text_message
             FROM outbox
             WHERE ?1 IS NULL OR lower(username) = lower(?1) ORDER BY id",
        )?;
        let rows = stmt.query_map([username], |r| {
            Ok(OutboxMessage {
                username: r.get(0)?,
                kind: r.get(1)?,
                destination: r.get(2)?,
                code: r.get(3)?,
                sent_at: r.get(4)?,
                subject: r.get(5)?,
                message: r.get(6)?,
                text: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

const USER_COLUMNS: &str = "SELECT pool_id, username, sub, status, enabled, password_hash,
    password_set_at, attributes, mfa, created_at, modified_at FROM users";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let status: String = row.get(3)?;
    let attributes: String = row.get(7)?;
    let mfa: String = row.get(8)?;
    Ok(User {
        pool_id: row.get(0)?,
        username: row.get(1)?,
        sub: row.get(2)?,
        status: UserStatus::parse(&status).ok_or_else(|| corrupt(3, "unknown user status"))?,
        enabled: row.get(4)?,
        password_hash: row.get(5)?,
        password_set_at: row.get(6)?,
        attributes: serde_json::from_str(&attributes).map_err(|e| corrupt(7, e))?,
        mfa: serde_json::from_str(&mfa).map_err(|e| corrupt(8, e))?,
        created_at: row.get(9)?,
        modified_at: row.get(10)?,
    })
}

const GROUP_COLUMNS: &str = "SELECT g.pool_id, g.name, g.description, g.role_arn, g.precedence,
    g.created_at, g.modified_at FROM groups g";

fn group_from_row(row: &Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        user_pool_id: row.get(0)?,
        group_name: row.get(1)?,
        description: row.get(2)?,
        role_arn: row.get(3)?,
        precedence: row.get(4)?,
        creation_date: row.get(5)?,
        last_modified_date: row.get(6)?,
    })
}

fn family_from_row(row: &Row<'_>) -> rusqlite::Result<TokenFamily> {
    Ok(TokenFamily {
        origin_jti: row.get(0)?,
        pool_id: row.get(1)?,
        client_id: row.get(2)?,
        username_key: row.get(3)?,
        auth_time: row.get(4)?,
        revoked_at: row.get(5)?,
    })
}

fn corrupt(column: usize, detail: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        detail.to_string().into(),
    )
}
