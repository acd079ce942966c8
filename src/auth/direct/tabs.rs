//! Cross-tab coordination: one session per browser. Refreshes run under a Web Lock
//! ([`super::lock`]); the session lives in shared storage ([`super::storage`], compare-and-delete);
//! other tabs' sign-ins, renewals and sign-outs arrive through the `storage` event and are
//! adopted in place, without leaving the page.

use super::Direct;
use cognito_session::{Event, Session, StoredSession, newer_stored_session};
use leptos::prelude::*;

impl Direct {
    /// Listens for another tab's sign-in, renewal or sign-out in the shared (local) storage.
    /// The handle is removed on cleanup.
    pub(super) fn listen_to_other_tabs(self) -> WindowListenerHandle {
        window_event_listener(leptos::ev::storage, move |event| {
            let ours = self
                .core
                .try_with_value(|c| Some(c.store.session_key().to_owned()) == event.key())
                .unwrap_or(false);
            if ours {
                self.spawn(self.sync_from_other_tab());
            }
        })
    }

    /// Adopts what another tab stored, without leaving the page: new tokens of the same user
    /// replace ours in place; a sign-in reaches a signed-out tab (which waits, "syncing",
    /// instead of showing the sign-in form); a removal signs this tab out without revoking.
    async fn sync_from_other_tab(self) {
        let Some((stored, last_seen)) = self
            .core
            .try_with_value(|c| (c.store.load(), c.last_seen.clone()))
        else {
            return;
        };
        match newer_stored_session(last_seen.as_ref(), stored.clone()) {
            None if stored.is_none() => {
                self.core.update_value(|c| c.last_seen = None);
                self.dispatch(Event::StoredSessionRemoved);
            }
            None => {}
            Some(newer) => {
                let waiting = self.state.with_untracked(|s| s.session().is_none());
                self.syncing.set(waiting);
                if let Ok(session) = self.trust_stored(&newer).await {
                    self.adopt(session);
                }
                let _ = self.syncing.try_set(false);
                let _ = self.ready.try_set(true);
            }
        }
    }

    /// Takes over a validated session another tab stored.
    fn adopt(self, session: Session) {
        self.core
            .try_update_value(|c| c.last_seen = Some(session.to_stored()));
        let _ = self.ended.try_set(None);
        self.dispatch(Event::Adopt(session));
    }

    /// The stored session, if another tab changed it since this one last looked.
    pub(super) fn newer_in_storage(self) -> Option<StoredSession> {
        self.core
            .try_with_value(|c| newer_stored_session(c.last_seen.as_ref(), c.store.load()))
            .flatten()
    }
}
