//! What handlers do to the world, behind small traits: the admin API, the mailer, the audit
//! log. Lambda implements them with the AWS SDK (`aws` module) and stdout; the local pool with
//! its own store and outbox; tests with recorders.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::TriggerError;

/// A boxed `Send` future, so the traits below stay usable as `&dyn` / `Arc<dyn>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The two admin API calls PostConfirmation makes (AdminUpdateUserAttributes,
/// AdminAddUserToGroup). Both must be idempotent the way Cognito's are: setting an attribute
/// to the value it has, or adding a member to a group it is in, succeeds and changes nothing.
pub trait UserAdmin: Send + Sync {
    fn update_user_attributes<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        attributes: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<(), TriggerError>>;

    fn add_user_to_group<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<(), TriggerError>>;
}

/// One e-mail: an HTML part and a plain-text part.
#[derive(Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub html: String,
    pub text: String,
}

// The bodies carry one-time codes: Debug (and so any log of a Mail) never shows them.
impl fmt::Debug for Mail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mail")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("html", &format_args!("<{} bytes>", self.html.len()))
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

/// Sends the e-mails the triggers send themselves (Amazon SES in Lambda, the outbox locally).
pub trait Mailer: Send + Sync {
    fn send<'a>(&'a self, from: &'a str, mail: &'a Mail)
    -> BoxFuture<'a, Result<(), TriggerError>>;
}

/// Where PostAuthentication writes its one JSON line per sign-in.
pub trait AuditSink: Send + Sync {
    fn record(&self, line: &str);
}

/// Writes audit lines to standard output: in Lambda that is the function's CloudWatch log.
#[derive(Debug, Default, Clone, Copy)]
pub struct StdoutAudit;

impl AuditSink for StdoutAudit {
    fn record(&self, line: &str) {
        println!("{line}");
    }
}
