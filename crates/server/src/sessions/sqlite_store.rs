//! Sessions in one SQLite file (one server instance): a table keyed by the session's store
//! key, with the owner indexed for "every session of a user". Calls run on tokio's blocking
//! pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreResult;

pub struct SqliteStore(Arc<Mutex<Connection>>);

impl SqliteStore {
    /// Opens (or creates) the database; `:memory:` keeps nothing on disk.
    pub fn open(path: &Path) -> StoreResult<Self> {
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
        Ok(Self(Arc::new(Mutex::new(connection))))
    }

    async fn call<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> StoreResult<T> {
        let db = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || {
            let connection = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&connection)
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("session database: {e}"))
    }

    /// The record's text, unless it expired by `now`.
    pub async fn get(&self, key: &str, now: i64) -> StoreResult<Option<String>> {
        let key = key.to_owned();
        self.call(move |c| {
            c.query_row(
                "SELECT record FROM sessions WHERE key = ?1 AND expires_at > ?2",
                params![key, now],
                |row| row.get(0),
            )
            .optional()
        })
        .await
    }

    pub async fn put(
        &self,
        key: &str,
        owner: Option<String>,
        text: String,
        expires_at: i64,
    ) -> StoreResult<()> {
        let key = key.to_owned();
        self.call(move |c| {
            c.execute(
                "INSERT INTO sessions (key, owner, record, expires_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET owner = ?2, record = ?3, expires_at = ?4",
                params![key, owner, text, expires_at],
            )
            .map(drop)
        })
        .await
    }

    pub async fn delete(&self, key: &str) -> StoreResult<()> {
        let key = key.to_owned();
        self.call(move |c| {
            c.execute("DELETE FROM sessions WHERE key = ?1", params![key])
                .map(drop)
        })
        .await
    }

    /// Keys of the sessions of `owner` (a lower-cased username).
    pub async fn keys_of(&self, owner: String) -> StoreResult<Vec<String>> {
        self.call(move |c| {
            let mut statement = c.prepare("SELECT key FROM sessions WHERE owner = ?1")?;
            statement
                .query_map(params![owner], |row| row.get(0))?
                .collect()
        })
        .await
    }

    /// Drops the rows expired by `now`, then answers every signed-in session's key and text.
    pub async fn signed_in_records(&self, now: i64) -> StoreResult<Vec<(String, String)>> {
        self.call(move |c| {
            c.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![now])?;
            let mut statement =
                c.prepare("SELECT key, record FROM sessions WHERE owner IS NOT NULL")?;
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        })
        .await
    }
}
