//! Server-side sessions. The browser holds only a random session id; the store keys records by
//! the SHA-256 of that id, so a copy of the store does not yield usable cookies. Records live in
//! SQLite (one instance) or Redis (several instances behind a load balancer).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use aws_lc_rs::digest;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use poolgate_api::{ChallengeNameType, ChallengeView, SessionView};
use redis::aio::ConnectionManager;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::verify::Facts;

/// A signed-in user's tokens; stored on the server only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub id_token: String,
    pub refresh_token: String,
}

/// A challenge the user still has to answer (sign-in is not finished).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingChallenge {
    pub name: String,
    /// Cognito's challenge session string.
    pub session: String,
    /// The USERNAME to answer with (Cognito's `USER_ID_FOR_SRP` when given).
    pub username: String,
    /// Challenge parameters shown to the user (e.g. where a code was sent).
    pub parameters: BTreeMap<String, String>,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionRecord {
    pub created_at: i64,
    pub expires_at: i64,
    #[serde(default)]
    pub tokens: Option<Tokens>,
    #[serde(default)]
    pub facts: Option<Facts>,
    #[serde(default)]
    pub challenge: Option<PendingChallenge>,
}

impl SessionRecord {
    /// What the browser is told about this session: the signed-in user, the challenge waiting
    /// for an answer (its Cognito session stays here), or nothing.
    pub fn view(&self) -> SessionView {
        match (&self.facts, &self.challenge) {
            (Some(facts), _) => SessionView::SignedIn(facts.user(self.expires_at)),
            (None, Some(challenge)) => SessionView::Challenge(ChallengeView {
                name: ChallengeNameType::from(challenge.name.as_str()),
                parameters: challenge.parameters.clone(),
                username: challenge.username.clone(),
            }),
            (None, None) => SessionView::SignedOut,
        }
    }

    /// The (lower-cased) username sessions are indexed by, once signed in.
    pub fn owner(&self) -> Option<String> {
        self.facts.as_ref().map(|f| f.username.to_lowercase())
    }
}

/// A new random session id (256 bits) for the cookie.
pub fn new_session_id() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| "no randomness available".to_owned())?;
    Ok(BASE64URL_NOPAD.encode(&bytes))
}

/// What the store keys a session by: the SHA-256 of the cookie value.
pub fn store_key(session_id: &str) -> String {
    HEXLOWER.encode(digest::digest(&digest::SHA256, session_id.as_bytes()).as_ref())
}

pub enum SessionStore {
    Sqlite(Arc<Mutex<Connection>>),
    Redis(ConnectionManager),
}

type StoreResult<T> = Result<T, String>;

const REDIS_SESSION: &str = "poolgate:session:";
const REDIS_USER: &str = "poolgate:user:";

impl SessionStore {
    pub fn sqlite(path: &Path) -> StoreResult<Self> {
        let connection = if path.as_os_str() == ":memory:" {
            Connection::open_in_memory()
        } else {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            Connection::open(path)
        }
        .map_err(|e| format!("cannot open session database: {e}"))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA busy_timeout = 5000;
                 CREATE TABLE IF NOT EXISTS sessions (
                     key TEXT PRIMARY KEY,
                     owner TEXT,
                     record TEXT NOT NULL,
                     expires_at INTEGER NOT NULL
                 );
                 CREATE INDEX IF NOT EXISTS sessions_owner ON sessions (owner);",
            )
            .map_err(|e| format!("cannot prepare session database: {e}"))?;
        Ok(Self::Sqlite(Arc::new(Mutex::new(connection))))
    }

    pub async fn redis(url: &str) -> StoreResult<Self> {
        let client = redis::Client::open(url).map_err(|e| format!("invalid Redis URL: {e}"))?;
        let manager = ConnectionManager::new(client)
            .await
            .map_err(|e| format!("cannot connect to Redis: {e}"))?;
        Ok(Self::Redis(manager))
    }

    async fn sqlite_call<T: Send + 'static>(
        db: &Arc<Mutex<Connection>>,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> StoreResult<T> {
        let db = Arc::clone(db);
        tokio::task::spawn_blocking(move || {
            let connection = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&connection)
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("session database: {e}"))
    }

    pub async fn get(&self, key: &str, now: i64) -> StoreResult<Option<SessionRecord>> {
        let text: Option<String> = match self {
            Self::Sqlite(db) => {
                let key = key.to_owned();
                Self::sqlite_call(db, move |c| {
                    c.query_row(
                        "SELECT record FROM sessions WHERE key = ?1 AND expires_at > ?2",
                        params![key, now],
                        |row| row.get(0),
                    )
                    .optional()
                })
                .await?
            }
            Self::Redis(manager) => redis::cmd("GET")
                .arg(format!("{REDIS_SESSION}{key}"))
                .query_async(&mut manager.clone())
                .await
                .map_err(|e| format!("Redis: {e}"))?,
        };
        text.map(|t| serde_json::from_str(&t).map_err(|e| format!("corrupt session record: {e}")))
            .transpose()
    }

    pub async fn put(&self, key: &str, record: &SessionRecord, now: i64) -> StoreResult<()> {
        let text = serde_json::to_string(record).map_err(|e| e.to_string())?;
        let owner = record.owner();
        match self {
            Self::Sqlite(db) => {
                let key = key.to_owned();
                let expires_at = record.expires_at;
                Self::sqlite_call(db, move |c| {
                    c.execute(
                        "INSERT INTO sessions (key, owner, record, expires_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (key) DO UPDATE SET owner = ?2, record = ?3, expires_at = ?4",
                        params![key, owner, text, expires_at],
                    )
                    .map(drop)
                })
                .await
            }
            Self::Redis(manager) => {
                let ttl = (record.expires_at - now).max(1);
                let mut pipe = redis::pipe();
                pipe.atomic()
                    .cmd("SET")
                    .arg(format!("{REDIS_SESSION}{key}"))
                    .arg(text)
                    .arg("EX")
                    .arg(ttl)
                    .ignore();
                if let Some(owner) = owner {
                    let index = format!("{REDIS_USER}{owner}");
                    pipe.cmd("SADD").arg(&index).arg(key).ignore();
                    // The index outlives no session by much: the longest session refreshes it.
                    pipe.cmd("EXPIRE").arg(&index).arg(ttl).arg("GT").ignore();
                    pipe.cmd("EXPIRE").arg(&index).arg(ttl).arg("NX").ignore();
                }
                pipe.query_async::<()>(&mut manager.clone())
                    .await
                    .map_err(|e| format!("Redis: {e}"))
            }
        }
    }

    pub async fn delete(&self, key: &str) -> StoreResult<()> {
        match self {
            Self::Sqlite(db) => {
                let key = key.to_owned();
                Self::sqlite_call(db, move |c| {
                    c.execute("DELETE FROM sessions WHERE key = ?1", params![key])
                        .map(drop)
                })
                .await
            }
            Self::Redis(manager) => redis::cmd("DEL")
                .arg(format!("{REDIS_SESSION}{key}"))
                .query_async::<()>(&mut manager.clone())
                .await
                .map_err(|e| format!("Redis: {e}")),
        }
    }

    /// Keys of the sessions of `username` (case-insensitive).
    pub async fn keys_of(&self, username: &str) -> StoreResult<Vec<String>> {
        let owner = username.to_lowercase();
        match self {
            Self::Sqlite(db) => {
                Self::sqlite_call(db, move |c| {
                    let mut statement = c.prepare("SELECT key FROM sessions WHERE owner = ?1")?;
                    statement
                        .query_map(params![owner], |row| row.get(0))?
                        .collect()
                })
                .await
            }
            Self::Redis(manager) => redis::cmd("SMEMBERS")
                .arg(format!("{REDIS_USER}{owner}"))
                .query_async(&mut manager.clone())
                .await
                .map_err(|e| format!("Redis: {e}")),
        }
    }

    /// Ends every session of `username`.
    pub async fn delete_all_of(&self, username: &str) -> StoreResult<()> {
        for key in self.keys_of(username).await? {
            self.delete(&key).await?;
        }
        if let Self::Redis(manager) = self {
            redis::cmd("DEL")
                .arg(format!("{REDIS_USER}{}", username.to_lowercase()))
                .query_async::<()>(&mut manager.clone())
                .await
                .map_err(|e| format!("Redis: {e}"))?;
        }
        Ok(())
    }

    /// Keys of every signed-in session whose access token expires before `deadline`, for the
    /// background refresh sweep; also drops expired SQLite rows.
    pub async fn expiring_before(&self, deadline: i64, now: i64) -> StoreResult<Vec<String>> {
        match self {
            Self::Sqlite(db) => {
                Self::sqlite_call(db, move |c| {
                    c.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![now])?;
                    let mut statement =
                        c.prepare("SELECT key, record FROM sessions WHERE owner IS NOT NULL")?;
                    let rows = statement
                        .query_map([], |row| {
                            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
                        })?
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    Ok(rows
                        .into_iter()
                        .filter(|(_, text)| expires_before(text, deadline))
                        .map(|(key, _)| key)
                        .collect())
                })
                .await
            }
            Self::Redis(manager) => {
                let mut connection = manager.clone();
                let mut keys = Vec::new();
                let mut cursor = 0u64;
                loop {
                    let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                        .arg(cursor)
                        .arg("MATCH")
                        .arg(format!("{REDIS_SESSION}*"))
                        .arg("COUNT")
                        .arg(200)
                        .query_async(&mut connection)
                        .await
                        .map_err(|e| format!("Redis: {e}"))?;
                    for redis_key in batch {
                        let text: Option<String> = redis::cmd("GET")
                            .arg(&redis_key)
                            .query_async(&mut connection)
                            .await
                            .map_err(|e| format!("Redis: {e}"))?;
                        if text.is_some_and(|t| expires_before(&t, deadline)) {
                            keys.push(redis_key.trim_start_matches(REDIS_SESSION).to_owned());
                        }
                    }
                    if next == 0 {
                        break;
                    }
                    cursor = next;
                }
                Ok(keys)
            }
        }
    }
}

fn expires_before(record: &str, deadline: i64) -> bool {
    serde_json::from_str::<SessionRecord>(record)
        .ok()
        .and_then(|r| r.facts)
        .is_some_and(|f| f.access_expires_at < deadline)
}
