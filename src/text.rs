//! The app's sentences for people, in one place (the session core has none: it returns typed
//! errors, and this module says them).

use cognito_session::{ClaimsError, CognitoError, EndReason, ErrorReason};

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

/// A failed Cognito call in words. Where the pool's own words are the best guidance (its
/// password rule, a trigger's reason), they are used as they are.
pub fn cognito_error(error: &CognitoError) -> String {
    match error.detail() {
        Some(detail) => detail.to_owned(),
        None => error_reason(error.reason()).to_owned(),
    }
}

/// The sentence for each [`ErrorReason`].
pub fn error_reason(reason: ErrorReason) -> &'static str {
    use ErrorReason as R;
    match reason {
        R::Network => "Can't reach the sign-in service. Check your connection and try again.",
        R::ServiceProblem => "The sign-in service had a problem. Please try again in a moment.",
        R::Throttled => "Too many requests right now. Please wait a moment and try again.",
        R::Configuration => "Sign-in isn't set up correctly for this app. Please contact support.",
        R::WrongCredentials => "Incorrect username or password.",
        R::WrongCurrentPassword => "Your current password is incorrect.",
        R::SessionEnded => "Your session has ended. Please sign in again.",
        R::InvalidInput => "Some details aren't valid. Please check them and try again.",
        R::Unexpected => "Something went wrong. Please try again.",
        R::AccountNotFound => "We couldn't find an account with that username.",
        R::AccountNotConfirmed => "Please confirm your account with the code we sent you.",
        R::PasswordResetRequired => "You need to reset your password before you can sign in.",
        R::MfaNotSetUp => "Set up an authenticator app for this account first.",
        R::CodeMismatch => "That code isn't right. Check it and try again.",
        R::AuthenticatorCodeMismatch => {
            "That code doesn't match your authenticator app. Try the current code."
        }
        R::CodeExpired => "That code has expired. Request a new one and try again.",
        R::PasswordPolicy => {
            "That password doesn't meet the password rules. Please choose another."
        }
        R::PasswordRecentlyUsed => {
            "You've used this password recently. Please choose a different one."
        }
        R::UsernameExists => {
            "An account with this username already exists. Try signing in instead."
        }
        R::AliasExists => "Another account already uses this email address or phone number.",
        R::CodeDeliveryFailed => {
            "We couldn't send the code. Check your email address or phone number."
        }
        R::LimitExceeded => "Too many attempts. Please wait a while before trying again.",
        R::TooManyWrongCodes => {
            "Too many wrong codes. Please request a new code and try again later."
        }
        R::TriggerRejected => "Your request was not accepted. Please check your details.",
        R::ConcurrentModification => "Another change was in progress. Please try again.",
        R::Blocked => "This request was blocked. Please try again later or contact support.",
        R::AccountDisabled => "This account is disabled. Please contact your administrator.",
        R::TemporaryPasswordExpired => {
            "Your temporary password has expired. Ask your administrator for a new one."
        }
        R::PasswordAttemptsExceeded => PASSWORD_ATTEMPTS_EXCEEDED,
        R::SignInExpired => "Your sign-in took too long. Please start again.",
        R::AlreadyConfirmed => "This account is already confirmed. Please sign in.",
        R::ResetNotAllowed => {
            "The password for this account can't be reset here. Please contact your administrator."
        }
        R::SignUpUnavailable => "Sign-up isn't available for this app.",
        R::NoVerifiedContact => {
            "There's no verified email or phone number to send a code to. Please contact your administrator."
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_session::Operation;

    #[test]
    fn every_error_reason_has_a_sentence() {
        for reason in ErrorReason::ALL {
            let sentence = error_reason(reason);
            assert!(
                sentence.len() > 15 && sentence.ends_with('.'),
                "{reason:?}: {sentence:?}"
            );
        }
    }

    #[test]
    fn the_pools_own_guidance_is_said_as_it_is_and_raw_text_never_otherwise() {
        let error = |code: &str, message: &str| {
            let body = serde_json::json!({ "__type": code, "message": message }).to_string();
            CognitoError::from_response(Operation::SignUp, false, 400, &body, None)
        };
        let policy = error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have symbol characters",
        );
        assert_eq!(
            cognito_error(&policy),
            "Password must have symbol characters"
        );
        let taken = error("UsernameExistsException", "User already exists");
        assert_eq!(
            cognito_error(&taken),
            error_reason(ErrorReason::UsernameExists)
        );
        let locked = CognitoError::from_response(
            Operation::InitiateAuth,
            false,
            400,
            r#"{"__type":"NotAuthorizedException","message":"Password attempts exceeded"}"#,
            None,
        );
        assert_eq!(cognito_error(&locked), PASSWORD_ATTEMPTS_EXCEEDED);
    }
}
