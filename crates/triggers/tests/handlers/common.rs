//! Recording effects and fixture loading shared by the handler tests.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use triggers::{
    AuditSink, BoxFuture, Mail, Mailer, Settings, TriggerContext, TriggerError, UserAdmin,
};

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One admin API call as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminCall {
    UpdateUserAttributes {
        pool: String,
        user: String,
        attributes: Vec<(String, String)>,
    },
    AddUserToGroup {
        pool: String,
        user: String,
        group: String,
    },
}

/// A fake admin API with Cognito's semantics: attributes overwrite, group membership is a set
/// (adding a member again succeeds and changes nothing). Records every call.
#[derive(Default)]
pub struct RecordingAdmin {
    pub calls: Mutex<Vec<AdminCall>>,
    pub attributes: Mutex<BTreeMap<String, BTreeMap<String, String>>>,
    pub groups: Mutex<BTreeMap<String, BTreeSet<String>>>,
    /// When set, every call fails with this message (an AWS error).
    pub fail_with: Mutex<Option<String>>,
}

impl RecordingAdmin {
    fn failure(&self) -> Result<(), TriggerError> {
        match self.fail_with.lock().unwrap().clone() {
            Some(message) => Err(TriggerError::Upstream(message)),
            None => Ok(()),
        }
    }
}

impl UserAdmin for RecordingAdmin {
    fn update_user_attributes<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        attributes: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            self.calls
                .lock()
                .unwrap()
                .push(AdminCall::UpdateUserAttributes {
                    pool: user_pool_id.to_owned(),
                    user: username.to_owned(),
                    attributes: attributes.to_vec(),
                });
            self.failure()?;
            let mut all = self.attributes.lock().unwrap();
            let user = all.entry(username.to_owned()).or_default();
            for (name, value) in attributes {
                user.insert(name.clone(), value.clone());
            }
            Ok(())
        })
    }

    fn add_user_to_group<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            self.calls.lock().unwrap().push(AdminCall::AddUserToGroup {
                pool: user_pool_id.to_owned(),
                user: username.to_owned(),
                group: group.to_owned(),
            });
            self.failure()?;
            self.groups
                .lock()
                .unwrap()
                .entry(username.to_owned())
                .or_default()
                .insert(group.to_owned());
            Ok(())
        })
    }
}

#[derive(Default)]
pub struct RecordingMailer {
    pub sent: Mutex<Vec<(String, Mail)>>,
}

impl Mailer for RecordingMailer {
    fn send<'a>(
        &'a self,
        from: &'a str,
        mail: &'a Mail,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            self.sent
                .lock()
                .unwrap()
                .push((from.to_owned(), mail.clone()));
            Ok(())
        })
    }
}

#[derive(Default)]
pub struct RecordingAudit {
    pub lines: Mutex<Vec<String>>,
}

impl AuditSink for RecordingAudit {
    fn record(&self, line: &str) {
        self.lines.lock().unwrap().push(line.to_owned());
    }
}

/// 2026-11-28T01:02:03Z
pub fn fixed_clock() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_795_827_723)
}

pub struct Harness {
    pub admin: Arc<RecordingAdmin>,
    pub mailer: Arc<RecordingMailer>,
    pub audit: Arc<RecordingAudit>,
    pub ctx: TriggerContext,
}

impl Harness {
    pub fn new(settings: Settings) -> Harness {
        let admin = Arc::new(RecordingAdmin::default());
        let mailer = Arc::new(RecordingMailer::default());
        let audit = Arc::new(RecordingAudit::default());
        let mut ctx = TriggerContext::new(settings, admin.clone(), mailer.clone(), audit.clone());
        ctx.clock = fixed_clock;
        Harness {
            admin,
            mailer,
            audit,
            ctx,
        }
    }

    pub async fn run(&self, event: Value) -> Result<Value, TriggerError> {
        triggers::handle(event, &self.ctx).await
    }
}
