//! Sessions in Redis (7 or newer), shared by every instance behind a load balancer: keys
//! `poolgate:session:<store key>` with a TTL, and `poolgate:user:<owner>` sets for "every
//! session of a user".

use redis::aio::ConnectionManager;

use super::StoreResult;

const REDIS_SESSION: &str = "poolgate:session:";
const REDIS_USER: &str = "poolgate:user:";

pub struct RedisStore(ConnectionManager);

fn failed(err: redis::RedisError) -> String {
    format!("Redis: {err}")
}

impl RedisStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let client = redis::Client::open(url).map_err(|e| format!("invalid Redis URL: {e}"))?;
        let manager = ConnectionManager::new(client)
            .await
            .map_err(|e| format!("cannot connect to Redis: {e}"))?;
        Ok(Self(manager))
    }

    pub async fn get(&self, key: &str) -> StoreResult<Option<String>> {
        redis::cmd("GET")
            .arg(format!("{REDIS_SESSION}{key}"))
            .query_async(&mut self.0.clone())
            .await
            .map_err(failed)
    }

    /// Stores the record for `ttl` seconds and indexes it under its owner.
    pub async fn put(
        &self,
        key: &str,
        owner: Option<String>,
        text: String,
        ttl: i64,
    ) -> StoreResult<()> {
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
        pipe.query_async::<()>(&mut self.0.clone())
            .await
            .map_err(failed)
    }

    pub async fn delete(&self, key: &str) -> StoreResult<()> {
        redis::cmd("DEL")
            .arg(format!("{REDIS_SESSION}{key}"))
            .query_async::<()>(&mut self.0.clone())
            .await
            .map_err(failed)
    }

    /// Keys of the sessions of `owner` (a lower-cased username).
    pub async fn keys_of(&self, owner: &str) -> StoreResult<Vec<String>> {
        redis::cmd("SMEMBERS")
            .arg(format!("{REDIS_USER}{owner}"))
            .query_async(&mut self.0.clone())
            .await
            .map_err(failed)
    }

    /// Drops the index of `owner`'s sessions (once they are deleted).
    pub async fn forget_owner(&self, owner: &str) -> StoreResult<()> {
        redis::cmd("DEL")
            .arg(format!("{REDIS_USER}{owner}"))
            .query_async::<()>(&mut self.0.clone())
            .await
            .map_err(failed)
    }

    /// Every session's key and text (SCAN in batches; Redis expires old ones itself).
    pub async fn all_records(&self) -> StoreResult<Vec<(String, String)>> {
        let mut connection = self.0.clone();
        let mut records = Vec::new();
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
                .map_err(failed)?;
            for redis_key in batch {
                let text: Option<String> = redis::cmd("GET")
                    .arg(&redis_key)
                    .query_async(&mut connection)
                    .await
                    .map_err(failed)?;
                if let Some(text) = text {
                    let key = redis_key.trim_start_matches(REDIS_SESSION).to_owned();
                    records.push((key, text));
                }
            }
            if next == 0 {
                break;
            }
            cursor = next;
        }
        Ok(records)
    }
}
