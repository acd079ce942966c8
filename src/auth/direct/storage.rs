//! Where the session survives a reload: `localStorage`, `sessionStorage` or nowhere.

use crate::config::TokenStorage;
use cognito_session::{Jwks, StoredSession};

/// Persists one app client's session (and the pool's public keys) in the configured storage.
#[derive(Debug, Clone)]
pub struct SessionStore {
    kind: TokenStorage,
    session_key: String,
    jwks_key: String,
    issuer_key: String,
}

impl SessionStore {
    pub fn new(kind: TokenStorage, user_pool_id: &str, client_id: &str) -> Self {
        Self {
            kind,
            session_key: format!("poolgate.session.{client_id}"),
            jwks_key: format!("poolgate.jwks.{user_pool_id}"),
            issuer_key: format!("poolgate.issuer.{user_pool_id}"),
        }
    }

    /// The storage key of the session, to recognise changes made by other tabs.
    pub fn session_key(&self) -> &str {
        &self.session_key
    }

    fn storage(&self) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match self.kind {
            TokenStorage::Local => window.local_storage().ok().flatten(),
            TokenStorage::Session => window.session_storage().ok().flatten(),
            TokenStorage::Memory => None,
        }
    }

    /// The stored session; unreadable data counts as none (it is validated again anyway).
    pub fn load(&self) -> Option<StoredSession> {
        let text = self.storage()?.get_item(&self.session_key).ok()??;
        serde_json::from_str(&text).ok()
    }

    pub fn save(&self, session: &StoredSession) {
        if let (Some(storage), Ok(text)) = (self.storage(), serde_json::to_string(session)) {
            // A full or blocked storage only costs persistence across reloads.
            let _ = storage.set_item(&self.session_key, &text);
        }
    }

    pub fn clear(&self) {
        if let Some(storage) = self.storage() {
            let _ = storage.remove_item(&self.session_key);
        }
    }

    /// Compare-and-delete: removes the stored session only while it still holds
    /// `refresh_token`, so a newer session another tab stored meanwhile survives.
    pub fn clear_if_holds(&self, refresh_token: &str) {
        let holds = self
            .load()
            .is_some_and(|stored| stored.refresh_token == refresh_token);
        let unreadable = self.load().is_none();
        if holds || unreadable {
            self.clear();
        }
    }

    /// The issuer a discovery document named on an earlier visit, so a reload can validate
    /// stored tokens offline.
    pub fn load_issuer(&self) -> Option<String> {
        self.storage()?.get_item(&self.issuer_key).ok()?
    }

    pub fn save_issuer(&self, issuer: &str) {
        if let Some(storage) = self.storage() {
            let _ = storage.set_item(&self.issuer_key, issuer);
        }
    }

    /// The pool's public keys from the last visit, so a reload can validate stored tokens
    /// before the network answers. They are public; caching them leaks nothing.
    pub fn load_jwks(&self) -> Option<Jwks> {
        let text = self.storage()?.get_item(&self.jwks_key).ok()??;
        serde_json::from_str(&text).ok()
    }

    pub fn save_jwks(&self, jwks: &Jwks) {
        if let (Some(storage), Ok(text)) = (self.storage(), serde_json::to_string(jwks)) {
            let _ = storage.set_item(&self.jwks_key, &text);
        }
    }
}
