//! The builtin handlers: Poolgate's `crates/triggers`, run in process (behind the cargo
//! feature `poolgate-triggers`). Their admin calls and mails are collected while the handler
//! runs and written through the pool's store afterwards.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use triggers::{AuditSink, BoxFuture, Mail, Mailer, TriggerError, UserAdmin};

use super::Trigger;
use super::invoke::{refused, timed_out};
use crate::ops::Context;
use crate::protocol::ApiError;
use crate::store::OutboxMessage;

/// The `settings` of a pool's `[pool.triggers]`: the builtin handlers' own settings.
pub type Settings = triggers::Settings;

/// Whether this build can run `"builtin"` triggers.
pub const AVAILABLE: bool = true;

/// Runs the builtin handler for `event` within `limit`, then applies its deferred effects.
pub async fn run(
    ctx: &Context,
    trigger: Trigger,
    settings: Settings,
    event: Value,
    limit: Duration,
) -> Result<Value, ApiError> {
    let effects = Arc::new(Deferred::for_event(&event));
    let trigger_ctx = triggers::TriggerContext::new(
        settings,
        Arc::clone(&effects) as Arc<dyn UserAdmin>,
        Arc::clone(&effects) as Arc<dyn Mailer>,
        Arc::new(TracingAudit),
    );
    let outcome = tokio::time::timeout(limit, triggers::handle(event, &trigger_ctx)).await;
    let reply = match outcome {
        Err(_) => return Err(timed_out(trigger)),
        Ok(Err(TriggerError::Refused(message))) => return Err(refused(trigger, &message)),
        Ok(Err(other)) => return Err(refused(trigger, &other.to_string())),
        Ok(Ok(reply)) => reply,
    };
    effects.apply(ctx)?;
    Ok(reply)
}

/// Admin calls and mails of a builtin handler, written through the pool's own store after the
/// handler returned (so no trigger ever runs while the store is locked).
/// (pool id, username, attribute changes) of one AdminUpdateUserAttributes call.
type AttributeUpdate = (String, String, Vec<(String, String)>);

struct Deferred {
    /// The pool and user of the event: where the handler's mails are filed.
    pool_id: String,
    username: String,
    attributes: Mutex<Vec<AttributeUpdate>>,
    groups: Mutex<Vec<(String, String, String)>>,
    mails: Mutex<Vec<Mail>>,
}

impl Deferred {
    fn for_event(event: &Value) -> Self {
        let text = |name: &str| event[name].as_str().unwrap_or_default().to_owned();
        Self {
            pool_id: text("userPoolId"),
            username: text("userName"),
            attributes: Mutex::default(),
            groups: Mutex::default(),
            mails: Mutex::default(),
        }
    }

    fn apply(&self, ctx: &Context) -> Result<(), ApiError> {
        let attributes =
            std::mem::take(&mut *self.attributes.lock().unwrap_or_else(|e| e.into_inner()));
        let groups = std::mem::take(&mut *self.groups.lock().unwrap_or_else(|e| e.into_inner()));
        let mails = std::mem::take(&mut *self.mails.lock().unwrap_or_else(|e| e.into_inner()));
        if attributes.is_empty() && groups.is_empty() && mails.is_empty() {
            return Ok(());
        }
        ctx.store.transaction(|tx| {
            for (pool_id, username, changes) in &attributes {
                let pool = crate::ops::common::load_pool(tx, pool_id)?;
                let mut user = tx
                    .user(pool_id, &pool.username_key(username))?
                    .ok_or_else(ApiError::user_not_found)?;
                for (name, value) in changes {
                    user.attributes.insert(name.clone(), value.clone());
                }
                user.modified_at = ctx.now();
                tx.update_user(&user)?;
            }
            for (pool_id, username, group) in &groups {
                let pool = crate::ops::common::load_pool(tx, pool_id)?;
                tx.group(pool_id, group)?
                    .ok_or_else(|| ApiError::resource_not_found("Group not found."))?;
                tx.add_group_member(pool_id, group, &pool.username_key(username))?;
            }
            for mail in &mails {
                tx.append_outbox(
                    &self.pool_id,
                    &OutboxMessage {
                        username: self.username.clone(),
                        kind: "TRIGGER_MAIL".into(),
                        destination: mail.to.clone(),
                        code: String::new(),
                        sent_at: ctx.now(),
                        subject: Some(mail.subject.clone()),
                        message: Some(mail.html.clone()),
                        text: Some(mail.text.clone()),
                    },
                )?;
            }
            Ok(())
        })
    }
}

impl UserAdmin for Deferred {
    fn update_user_attributes<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        attributes: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        self.attributes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((
                user_pool_id.to_owned(),
                username.to_owned(),
                attributes.to_vec(),
            ));
        Box::pin(async { Ok(()) })
    }

    fn add_user_to_group<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        self.groups.lock().unwrap_or_else(|e| e.into_inner()).push((
            user_pool_id.to_owned(),
            username.to_owned(),
            group.to_owned(),
        ));
        Box::pin(async { Ok(()) })
    }
}

impl Mailer for Deferred {
    fn send<'a>(
        &'a self,
        _from: &'a str,
        mail: &'a Mail,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        self.mails
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(mail.clone());
        Box::pin(async { Ok(()) })
    }
}

/// PostAuthentication's audit line goes to the pool's log.
struct TracingAudit;

impl AuditSink for TracingAudit {
    fn record(&self, line: &str) {
        tracing::info!(target: "audit", "{line}");
    }
}
