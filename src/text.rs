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

/// Sign-up, confirmation and password reset (`pages/account.rs`).
pub mod account {
    use crate::password_policy::Rule;

    pub const SIGN_UP_HEADING: &str = "Create an account";
    pub const SIGN_UP_LEAD: &str =
        "Choose a username and a password. We'll e-mail you a code to confirm your address.";
    pub const SIGN_UP_BUTTON: &str = "Create account";
    pub const SIGN_UP_BUSY: &str = "Creating your account…";
    pub const USERNAME: &str = "Username";
    pub const EMAIL: &str = "E-mail address";
    pub const PASSWORD: &str = "Password";
    pub const CONFIRM_PASSWORD: &str = "Confirm password";
    pub const NEW_PASSWORD: &str = "New password";
    pub const CONFIRM_NEW_PASSWORD: &str = "Confirm new password";
    pub const PASSWORDS_DIFFER: &str = "The two passwords do not match.";
    pub const POLICY_UNMET: &str = "The password does not meet all the rules listed below it.";
    pub const POLICY_HEADING: &str = "Your password needs:";

    pub const CONFIRM_HEADING: &str = "Confirm your account";
    pub const CONFIRM_BUTTON: &str = "Confirm account";
    pub const CONFIRM_BUSY: &str = "Confirming…";
    pub const CODE: &str = "Confirmation code";
    pub const RESEND: &str = "Send a new code";
    pub const RESEND_BUSY: &str = "Sending…";
    pub const CODE_UNKNOWN_DESTINATION: &str =
        "Enter the code we sent you when you signed up. If it did not arrive, send a new one.";
    pub const NEW_CODE_SENT: &str = "A new code is on its way.";

    /// After "send a new code": where it went, when the pool said.
    pub fn new_code_sent(where_sent: Option<String>) -> String {
        match where_sent {
            Some(place) => format!("{NEW_CODE_SENT} {place}"),
            None => NEW_CODE_SENT.to_owned(),
        }
    }
    pub const USERNAME_NEEDED: &str = "Enter your username first.";
    pub const ACCOUNT_CONFIRMED: &str = "Account confirmed, sign in.";
    pub const ALREADY_CONFIRMED: &str = "This account is already confirmed, sign in.";

    pub const FORGOT_HEADING: &str = "Reset your password";
    pub const FORGOT_LEAD: &str =
        "Enter your username and we'll send you a code to choose a new password.";
    pub const FORGOT_BUTTON: &str = "Send code";
    pub const FORGOT_BUSY: &str = "Sending code…";
    pub const RESET_HEADING: &str = "Choose a new password";
    pub const RESET_REQUIRED: &str = "Your password must be reset before you can sign in. Enter the code we sent you and choose a new password.";
    pub const RESET_BUTTON: &str = "Set new password";
    pub const RESET_BUSY: &str = "Saving…";
    pub const RESET_CODE: &str = "Reset code";
    pub const PASSWORD_CHANGED: &str = "Password changed, sign in with your new password.";

    pub const CREATE_ACCOUNT_LINK: &str = "Create an account";
    pub const FORGOT_LINK: &str = "Forgot your password?";
    pub const BACK_TO_SIGN_IN: &str = "Back to sign in";

    /// Where the code went, from `CodeDeliveryDetails` (the destination is masked by the pool).
    pub fn code_sent(destination: &str, medium: Option<&str>) -> String {
        match medium {
            Some("SMS") => format!("We texted a code to {destination}. Enter it below."),
            _ => format!("We e-mailed a code to {destination}. Enter it below."),
        }
    }

    /// One line of the password checklist.
    pub fn rule(rule: Rule) -> String {
        match rule {
            Rule::MinimumLength(n) => format!("at least {n} characters"),
            Rule::Lowercase => "a lowercase letter".to_owned(),
            Rule::Uppercase => "an uppercase letter".to_owned(),
            Rule::Number => "a digit".to_owned(),
            Rule::Symbol => "a symbol (such as ! or -)".to_owned(),
        }
    }

    /// The checklist's state of one rule, for screen readers.
    pub fn rule_state(met: bool) -> &'static str {
        if met { "done" } else { "missing" }
    }
}

/// Passwordless sign-in with an e-mailed code (`pages/passwordless.rs`, `auth/custom_auth.rs`).
pub mod passwordless {
    pub const EMAIL_ME_A_CODE: &str = "E-mail me a sign-in code";
    pub const STARTING: &str = "Sending a code…";
    pub const USERNAME_NEEDED: &str = "Enter your username first, then ask for a sign-in code.";

    pub const CODE_HEADING: &str = "Enter your sign-in code";
    pub const CODE_LABEL: &str = "Sign-in code";
    pub const SUBMIT: &str = "Sign in";
    pub const SUBMIT_BUSY: &str = "Checking the code…";
    pub const NEW_CODE: &str = "Send a new code";
    pub const NEW_CODE_BUSY: &str = "Sending…";
    pub const NEW_CODE_SENT: &str = "A new code is on its way. The previous code no longer works.";
    pub const NO_NEW_CODES_LEFT: &str = "You have had all the new codes one sign-in allows.";
    pub const USE_PASSWORD: &str = "Use my password instead";

    /// Where the code went. The pool answers the same for an account without a verified
    /// address (or no account at all), so the sentence does not promise delivery.
    pub fn code_sent(code_length: Option<u32>) -> String {
        let code = match code_length {
            Some(n) => format!("a {n}-digit sign-in code"),
            None => "a sign-in code".to_owned(),
        };
        format!(
            "If this account has a verified e-mail address, we've sent {code} to it. It works for a few minutes."
        )
    }

    /// After a wrong code, with the attempts the triggers still allow.
    pub fn wrong_code(attempts_left: Option<u32>) -> String {
        match attempts_left {
            Some(1) => "That code isn't right. You have 1 attempt left.".to_owned(),
            Some(n) => format!("That code isn't right. You have {n} attempts left."),
            None => "That code isn't right. Check it and try again.".to_owned(),
        }
    }

    pub const ATTEMPT_ENDED: &str = "Too many wrong codes, so this sign-in has ended. Choose \u{201c}E-mail me a sign-in code\u{201d} to get a new code.";
    pub const NO_MORE_CODES: &str = "You asked for more codes than one sign-in allows, so it has ended. Choose \u{201c}E-mail me a sign-in code\u{201d} to start again.";
    pub const EXPIRED: &str = "Your sign-in code has expired. Choose \u{201c}E-mail me a sign-in code\u{201d} to get a new one.";
}
