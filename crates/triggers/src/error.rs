//! The one error type every handler returns.

use std::fmt;

/// Why a trigger did not return an event.
///
/// Its `Display` text is what Cognito puts into `UserLambdaValidationException`
/// ("PreSignUp failed with error <text>."), so [`TriggerError::Refused`] texts are written
/// for people and end without a full stop (Cognito appends one). No variant ever carries a
/// token, code or password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerError {
    /// A rule of the pool said no; the text is shown to the person.
    Refused(String),
    /// The event is not the JSON Cognito sends for its `triggerSource`.
    InvalidEvent(String),
    /// No handler for this `triggerSource`.
    UnknownTrigger(String),
    /// The admin API or the mailer failed; the text names the call, not the data.
    Upstream(String),
    /// The settings are unusable (for example an environment variable in Lambda).
    Settings(String),
}

impl TriggerError {
    /// A short machine-readable kind, used as Lambda's `errorType`.
    pub fn kind(&self) -> &'static str {
        match self {
            TriggerError::Refused(_) => "Refused",
            TriggerError::InvalidEvent(_) => "InvalidEvent",
            TriggerError::UnknownTrigger(_) => "UnknownTrigger",
            TriggerError::Upstream(_) => "Upstream",
            TriggerError::Settings(_) => "Settings",
        }
    }
}

impl fmt::Display for TriggerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TriggerError::Refused(message) => f.write_str(message),
            TriggerError::InvalidEvent(detail) => write!(f, "Invalid trigger event: {detail}"),
            TriggerError::UnknownTrigger(source) => {
                write!(f, "No trigger handles triggerSource {source}")
            }
            TriggerError::Upstream(detail) => {
                write!(f, "A service the trigger calls failed: {detail}")
            }
            TriggerError::Settings(detail) => write!(f, "Trigger settings are invalid: {detail}"),
        }
    }
}

impl std::error::Error for TriggerError {}
