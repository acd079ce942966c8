//! The app's sentences for people, in one place (the session core has none).

use cognito_session::{ClaimsError, CognitoError, EndReason};

/// While a stored session is looked at, renewed, or synced from another tab.
pub const RESTORING: &str = "Restoring your session…";
/// Renewal keeps failing and the access token has expired; the session is kept.
pub const RECONNECTING: &str = "Reconnecting… Your session is kept; we'll retry shortly.";
/// The pool's lockout answer (NotAuthorizedException "Password attempts exceeded").
pub const PASSWORD_ATTEMPTS_EXCEEDED: &str =
    "Too many failed sign-in attempts. Please wait a few minutes and try again.";

/// Why the session ended without the user asking, on the sign-in page.
pub fn session_ended(reason: EndReason) -> &'static str {
    match reason {
        EndReason::RefreshTokenRejected | EndReason::RefreshTokenReused => {
            "Your session has ended. Please sign in again."
        }
        EndReason::OtherUser => {
            "The sign-in service answered for another account, so you were signed out. Please sign in again."
        }
        EndReason::InvalidStoredSession => {
            "Your saved session was not valid. Please sign in again."
        }
    }
}

/// A failed Cognito call in words. The pool's lockout ("Password attempts exceeded") gets its
/// own sentence; everything else uses the classification's message.
pub fn cognito_error(error: &CognitoError) -> String {
    let locked_out = error.code() == Some("NotAuthorizedException")
        && error
            .aws_message()
            .is_some_and(|m| m.contains("attempts exceeded"));
    if locked_out {
        PASSWORD_ATTEMPTS_EXCEEDED.to_owned()
    } else {
        error.message().to_owned()
    }
}

/// Tokens that did not validate. Never echoes a token; the detail helps whoever configures
/// the pool.
pub fn untrusted_answer(error: &ClaimsError) -> String {
    format!("The sign-in answer could not be trusted ({error}).")
}

/// A sign-in step that is no longer pending.
pub const STEP_EXPIRED: &str = "This sign-in step expired. Please sign in again.";
/// An answer the app does not understand.
pub const UNKNOWN_ANSWER: &str = "The user pool sent an answer this app does not understand.";
/// A call that needs a session, made without one.
pub const SIGNED_OUT: &str = "You are signed out.";
