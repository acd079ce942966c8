//! Server-side sessions. The browser holds only a random session id; the store keys records by
//! the SHA-256 of that id, so a copy of the store does not yield usable cookies. Records live in
//! SQLite (one instance) or Redis (several instances behind a load balancer); each backend
//! stores the records' JSON text, and this module reads and writes it.

mod redis_store;
mod sqlite_store;

use std::collections::BTreeMap;
use std::path::Path;

use aws_lc_rs::digest;
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use poolgate_api::{ChallengeNameType, ChallengeView, SessionView};
use serde::{Deserialize, Serialize};

use crate::verify::Facts;

use self::redis_store::RedisStore;
use self::sqlite_store::SqliteStore;

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
    pub name: ChallengeNameType,
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
                name: challenge.name.clone(),
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

/// Where sessions are kept.
pub enum SessionStore {
    Sqlite(SqliteStore),
    Redis(RedisStore),
}

type StoreResult<T> = Result<T, String>;

impl SessionStore {
    pub fn sqlite(path: &Path) -> StoreResult<Self> {
        SqliteStore::open(path).map(Self::Sqlite)
    }

    pub async fn redis(url: &str) -> StoreResult<Self> {
        RedisStore::connect(url).await.map(Self::Redis)
    }

    pub async fn get(&self, key: &str, now: i64) -> StoreResult<Option<SessionRecord>> {
        let text = match self {
            Self::Sqlite(store) => store.get(key, now).await?,
            Self::Redis(store) => store.get(key).await?,
        };
        text.map(|t| serde_json::from_str(&t).map_err(|e| format!("corrupt session record: {e}")))
            .transpose()
    }

    pub async fn put(&self, key: &str, record: &SessionRecord, now: i64) -> StoreResult<()> {
        let text = serde_json::to_string(record).map_err(|e| e.to_string())?;
        let owner = record.owner();
        match self {
            Self::Sqlite(store) => store.put(key, owner, text, record.expires_at).await,
            Self::Redis(store) => {
                let ttl = (record.expires_at - now).max(1);
                store.put(key, owner, text, ttl).await
            }
        }
    }

    pub async fn delete(&self, key: &str) -> StoreResult<()> {
        match self {
            Self::Sqlite(store) => store.delete(key).await,
            Self::Redis(store) => store.delete(key).await,
        }
    }

    /// Keys of the sessions of `username` (case-insensitive).
    pub async fn keys_of(&self, username: &str) -> StoreResult<Vec<String>> {
        let owner = username.to_lowercase();
        match self {
            Self::Sqlite(store) => store.keys_of(owner).await,
            Self::Redis(store) => store.keys_of(&owner).await,
        }
    }

    /// Ends every session of `username`.
    pub async fn delete_all_of(&self, username: &str) -> StoreResult<()> {
        for key in self.keys_of(username).await? {
            self.delete(&key).await?;
        }
        if let Self::Redis(store) = self {
            store.forget_owner(&username.to_lowercase()).await?;
        }
        Ok(())
    }

    /// Keys of every signed-in session whose access token expires before `deadline`, for the
    /// background refresh sweep; also drops expired SQLite rows (Redis expires its own).
    pub async fn expiring_before(&self, deadline: i64, now: i64) -> StoreResult<Vec<String>> {
        let records = match self {
            Self::Sqlite(store) => store.signed_in_records(now).await?,
            Self::Redis(store) => store.all_records().await?,
        };
        Ok(records
            .into_iter()
            .filter(|(_, text)| expires_before(text, deadline))
            .map(|(key, _)| key)
            .collect())
    }
}

fn expires_before(record: &str, deadline: i64) -> bool {
    serde_json::from_str::<SessionRecord>(record)
        .ok()
        .and_then(|r| r.facts)
        .is_some_and(|f| f.access_expires_at < deadline)
}
