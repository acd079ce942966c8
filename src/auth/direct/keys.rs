//! Key management: the pool's public keys (JWKS, fetched and cached), the expected issuer (from
//! the configuration or the endpoint's OpenID discovery document), and the checks every token
//! passes before the session machine sees it: signatures here with WebCrypto
//! ([`super::signature::WebCryptoVerifier`]), claims in the machine.

use super::signature::WebCryptoVerifier;
use super::{Direct, unmounted};
use crate::auth::clock::now;
use cognito_session::wire::AuthenticationResult;
use cognito_session::{ClaimsError, Jwks, Session, StoredSession, Verified};
use leptos::prelude::*;
use std::future::Future;

/// What this tab knows about the pool's keys and issuer.
pub(super) struct Keys {
    /// The pool's public keys, for the signature checks; `None` until loaded.
    pub(super) jwks: Option<Jwks>,
    /// Whether the last attempt to fetch the keys failed (network), as opposed to succeeding
    /// without the key a token names (a token not signed by this pool).
    unreachable: bool,
    /// The endpoint's OpenID discovery document, when the issuer is learnt from it.
    discovery_url: Option<String>,
    /// Whether the validator holds the expected issuer (from config, discovery or its cache).
    issuer_known: bool,
}

impl Keys {
    pub(super) fn new(
        cached: Option<Jwks>,
        discovery_url: Option<String>,
        issuer_known: bool,
    ) -> Self {
        Self {
            jwks: cached,
            unreachable: false,
            discovery_url,
            issuer_known,
        }
    }
}

impl Direct {
    /// Learns the expected issuer from the endpoint's OpenID discovery document, when the
    /// configuration says to (a Cognito-compatible server other than AWS), and caches it.
    pub(super) async fn discover_issuer(self) -> Result<(), String> {
        #[derive(serde::Deserialize)]
        struct Discovery {
            issuer: String,
        }
        let Some(Some(url)) = self.core.try_with_value(|c| c.keys.discovery_url.clone()) else {
            return Ok(());
        };
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        let discovery: Discovery = response.json().await.map_err(|e| e.to_string())?;
        let issuer = discovery.issuer.trim_end_matches('/').to_owned();
        self.core.try_update_value(|c| {
            c.store.save_issuer(&issuer);
            c.machine.validator_mut().set_issuer(issuer.as_str());
            c.keys.issuer_known = true;
        });
        Ok(())
    }

    /// Whether validation is stuck on the network: the keys or the discovered issuer could not
    /// be fetched.
    pub(super) fn keys_unavailable(self) -> bool {
        self.core
            .with_value(|c| c.keys.unreachable || !c.keys.issuer_known)
    }

    /// Verifies a stored session's signatures and claims (not expiry) into a [`Session`]. The
    /// issuer is discovered first when it is not known yet.
    pub(super) async fn trust_stored(self, stored: &StoredSession) -> Result<Session, ClaimsError> {
        self.verify_stored(stored).await.map(|(_, session)| session)
    }

    /// [`Self::trust_stored`], also returning the verified stored session (for
    /// [`cognito_session::Event::Restore`]).
    pub(super) async fn verify_stored(
        self,
        stored: &StoredSession,
    ) -> Result<(Verified<StoredSession>, Session), ClaimsError> {
        self.learn_issuer().await?;
        let verified = self
            .verified(|jwks| {
                let stored = stored.clone();
                async move { Verified::stored(&WebCryptoVerifier, &jwks, stored).await }
            })
            .await?;
        let session = self
            .core
            .try_with_value(|c| c.machine.decode_stored(&verified))
            .ok_or_else(unmounted)??;
        Ok((verified, session))
    }

    /// Validates new tokens: signatures here, claims in the machine.
    pub(super) async fn accept(
        self,
        result: &AuthenticationResult,
        previous_refresh_token: Option<&str>,
    ) -> Result<Session, ClaimsError> {
        self.learn_issuer().await?;
        let verified = self
            .verified(|jwks| {
                let result = result.clone();
                async move { Verified::answer(&WebCryptoVerifier, &jwks, result).await }
            })
            .await?;
        self.core
            .try_with_value(|c| c.machine.accept(&verified, previous_refresh_token, now()))
            .ok_or_else(unmounted)?
    }

    /// Discovers the issuer when it is not known yet: without it nothing can be trusted. A
    /// failure is reported like a missing key (retried later, never a reason to delete anything).
    async fn learn_issuer(self) -> Result<(), ClaimsError> {
        let issuer_known = self
            .core
            .try_with_value(|c| c.keys.issuer_known)
            .ok_or_else(unmounted)?;
        if !issuer_known && self.discover_issuer().await.is_err() {
            return Err(ClaimsError::UnknownKeyId(None));
        }
        Ok(())
    }

    /// Runs a signature check with the loaded keys. A key id we do not know yet means the pool
    /// rotated its keys (or they were never loaded), so the JWKS is fetched again, once.
    async fn verified<T, Check, Fut>(self, check: Check) -> Result<Verified<T>, ClaimsError>
    where
        Check: Fn(Jwks) -> Fut,
        Fut: Future<Output = Result<Verified<T>, ClaimsError>>,
    {
        let mut refetched = false;
        loop {
            let jwks = self
                .core
                .try_with_value(|c| c.keys.jwks.clone())
                .ok_or_else(unmounted)?
                .unwrap_or_default();
            let outcome = check(jwks).await;
            match outcome {
                Err(ClaimsError::UnknownKeyId(_)) if !refetched => {
                    refetched = true;
                    if self.refresh_jwks().await.is_err() {
                        return outcome;
                    }
                }
                other => return other,
            }
        }
    }

    pub(super) async fn refresh_jwks(self) -> Result<(), String> {
        let fetched = self.fetch_jwks().await;
        self.core.try_update_value(|c| {
            c.keys.unreachable = fetched.is_err();
            if let Ok(jwks) = &fetched {
                c.store.save_jwks(jwks);
                c.keys.jwks = Some(jwks.clone());
            }
        });
        fetched.map(drop)
    }

    async fn fetch_jwks(self) -> Result<Jwks, String> {
        let url = self
            .core
            .try_with_value(|c| c.client.config().jwks_url())
            .ok_or("unmounted")?;
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        response.json().await.map_err(|e| e.to_string())
    }
}
