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
/// The shell: header, navigation, footer, home, the role pages, not found, not allowed and
/// the configuration error page.
pub mod shell {
    pub const LOADING_CONFIGURATION: &str = "Loading configuration…";
    pub const HOME: &str = "Home";
    pub const SIGN_IN: &str = "Sign in";
    pub const SIGN_OUT: &str = "Sign out";
    pub const USER_POOL: &str = "User pool ";
    pub const REGION: &str = "Region ";
    pub const WELCOME: &str = "Welcome, ";
    pub const HOME_LEAD: &str = "You are signed in. These are the pages your role opens:";
    pub const HOME_HINT: &str = "Your groups add their own entries to the navigation above.";
    pub const SIGNED_IN_AS: &str = "Signed in as ";
    pub const ADMIN_TITLE: &str = "Administration";
    pub const ADMIN_SUMMARY: &str = "Settings only administrators may change.";
    pub const EDITOR_TITLE: &str = "Editor";
    pub const EDITOR_SUMMARY: &str = "Drafts and publishing, for editors and administrators.";
    pub const CONTENT_TITLE: &str = "Content";
    pub const CONTENT_SUMMARY: &str = "Articles and pages, for the editors group.";
    pub const REPORTS_TITLE: &str = "Reports";
    pub const REPORTS_SUMMARY: &str = "Read-only figures, for the viewers group.";
    pub const NOT_FOUND: &str = "Page not found";
    pub const NOT_FOUND_LEAD: &str = "There is nothing at this address.";
    pub const BACK_HOME: &str = "Back to the home page";
    pub const NOT_ALLOWED: &str = "Not allowed";
    pub const REQUIRES: &str = "This page requires ";
    pub const SIGNED_IN_AS_LONG: &str = "You are signed in as ";
    pub const WITH_NO_ROLE: &str = " with no role.";
    pub const CONFIG_ERROR: &str = "Poolgate is not configured correctly";
    pub const CONFIG_HELP_1: &str = "The app reads its user pool settings from ";
    pub const CONFIG_HELP_2: &str = " next to ";
    pub const CONFIG_HELP_3: &str = ". See the README for the fields it needs.";

    /// After "You are signed in as <name>".
    pub fn with_role(role: &str) -> String {
        format!(" with the role {role}.")
    }
}

pub mod account {
    use crate::password_policy::Rule;

    /// The password fields' show/hide toggle.
    pub const SHOW_PASSWORD: &str = "Show";
    pub const HIDE_PASSWORD: &str = "Hide";

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

/// Server mode (`auth/server/`) and the `/users` page (`pages/users.rs`).
pub mod server {
    use crate::auth::ApiFailure;

    // The /users table's column headings.
    pub const COL_USERNAME: &str = "Username";
    pub const COL_EMAIL: &str = "E-mail";
    pub const COL_ROLE: &str = "Role";
    pub const COL_GROUPS: &str = "Groups";
    pub const COL_STATUS: &str = "Status";
    pub const COL_ENABLED: &str = "Enabled";
    pub const COL_ACTIONS: &str = "Actions";

    pub const SELF_SERVICE_UNAVAILABLE: &str = "This is not available here: accounts are managed by an administrator. Please ask one for help.";
    pub const UNREACHABLE: &str =
        "The server could not be reached. Check your connection and try again.";
    pub const SERVER_TROUBLE: &str =
        "The server could not complete this right now. Please try again in a moment.";
    pub const TOO_MANY: &str = "Too many requests. Please wait a moment and try again.";
    pub const INCORRECT_CREDENTIALS: &str = "Incorrect username or password.";
    pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";
    pub const ADMINS_ONLY: &str = "Only members of the admins group can do this.";
    pub const NO_SUCH_USER: &str = "That user no longer exists. Refresh the list.";
    pub const WRONG_CODE: &str = "That code is not right. Check it and try again.";
    pub const EXPIRED_CODE: &str = "That code has expired. Please sign in again.";
    pub const RESET_REQUIRED: &str =
        "Your password must be reset before you can sign in. Please ask an administrator.";
    pub const NOT_CONFIRMED: &str =
        "This account is not confirmed yet. Please ask an administrator.";

    /// Every error `poolgate-server`'s `/api/` answers, in words. The server's own `message` is
    /// quoted only where it is written for people (the password rule, a refused field).
    pub fn api_error(failure: &ApiFailure) -> String {
        let quoted = |lead: &str| {
            if failure.message.is_empty() {
                lead.to_owned()
            } else {
                format!("{lead} {}", failure.message)
            }
        };
        match failure.kind.as_str() {
            _ if failure.status == 0 => UNREACHABLE.to_owned(),
            "NotAuthorizedException" if failure.message.contains("attempts exceeded") => {
                super::PASSWORD_ATTEMPTS_EXCEEDED.to_owned()
            }
            "NotAuthorizedException" if failure.message.starts_with("Incorrect username") => {
                INCORRECT_CREDENTIALS.to_owned()
            }
            "NotAuthorizedException" => SESSION_ENDED.to_owned(),
            "TooManyRequestsException" | "LimitExceededException" => TOO_MANY.to_owned(),
            "ForbiddenException" => ADMINS_ONLY.to_owned(),
            "UserNotFoundException" | "ResourceNotFoundException" => NO_SUCH_USER.to_owned(),
            "CodeMismatchException" => WRONG_CODE.to_owned(),
            "ExpiredCodeException" => EXPIRED_CODE.to_owned(),
            "PasswordResetRequiredException" => RESET_REQUIRED.to_owned(),
            "UserNotConfirmedException" => NOT_CONFIRMED.to_owned(),
            "InvalidPasswordException" | "PasswordHistoryPolicyViolationException" => {
                quoted("That password is not allowed.")
            }
            "InvalidParameterException" | "AliasExistsException" => {
                quoted("The request was refused.")
            }
            _ if failure.status >= 500 || failure.status == 429 => SERVER_TROUBLE.to_owned(),
            "" => format!("The server answered HTTP {}.", failure.status),
            // The pool's own error, passed on: the same words as in direct mode (a trigger's
            // reason, a wrong authenticator code, …).
            other => {
                let error = failure.as_sign_in_error();
                if error.reason() == cognito_session::ErrorReason::Unexpected {
                    format!("The request failed ({other}).")
                } else {
                    super::cognito_error(&error)
                }
            }
        }
    }

    // The /users page.
    pub const USERS_HEADING: &str = "User administration";
    pub const USERS_LEAD: &str = "Accounts of this pool: change roles and groups, disable or enable an account, reset a password.";
    pub const NEEDS_SERVER: &str = "User administration needs the Poolgate server: changing roles, groups or passwords takes AWS credentials that a browser must never hold. Run the app in server mode to use this page.";
    pub const SEARCH_LABEL: &str = "Search by username";
    pub const SEARCH_BUTTON: &str = "Search";
    pub const MORE: &str = "More users";
    pub const LOADING: &str = "Loading users…";
    pub const NO_USERS: &str = "No users match.";
    pub const WORKING: &str = "Working…";
    pub const ROLE_LABEL: &str = "Role";
    pub const GROUP_LABEL: &str = "Group";
    pub const ADD_GROUP: &str = "Add to group";
    pub const ENABLED: &str = "yes";
    pub const DISABLED: &str = "no";
    pub const CANCEL: &str = "Cancel";
    pub const RESET_PASSWORD: &str = "Reset password";

    pub fn role_changed(username: &str, role: &str) -> String {
        format!("{username} is now {role}.")
    }
    pub fn group_added(username: &str, group: &str) -> String {
        format!("{username} was added to {group}.")
    }
    pub fn group_removed(username: &str, group: &str) -> String {
        format!("{username} was removed from {group}.")
    }
    pub fn disabled(username: &str) -> String {
        format!("{username} is disabled and signed out.")
    }
    pub fn enabled(username: &str) -> String {
        format!("{username} is enabled.")
    }
    pub fn password_reset(username: &str) -> String {
        format!(
            "{username}'s password was reset: they must choose a new one with the code the pool sent."
        )
    }
    /// The question before a destructive action.
    pub fn confirm(action: &str, username: &str) -> String {
        format!("{action} {username}?")
    }
    pub fn remove_from(group: &str) -> String {
        format!("Remove from {group}")
    }
}

/// The profile's sections: attributes, e-mail verification, password, deletion
/// (`pages/profile*.rs`).
pub mod profile {
    pub const HEADING: &str = "Your profile";
    pub const SESSION_HEADING: &str = "This session";
    pub const USERNAME: &str = "Username";
    pub const EMAIL: &str = "Email";
    pub const ROLE: &str = "Role";
    pub const GROUPS: &str = "Groups";
    pub const NONE: &str = "none";
    pub const ACCESS_EXPIRES: &str = "Access token expires";
    pub const ID_EXPIRES: &str = "ID token expires";
    pub const TOKENS_RENEW: &str = "Tokens renew silently before they expire.";
    pub const ATTRIBUTES_HEADING: &str = "Attributes in the user pool";
    pub const LOADING: &str = "Loading…";
    pub const ERROR: &str = "Error";
    pub const SIGN_OUT: &str = "Sign out";
    pub const SIGN_OUT_EVERYWHERE: &str = "Sign out of all devices";

    pub const DETAILS_HEADING: &str = "Your details";
    pub const NAME: &str = "Name";
    pub const EMAIL_ADDRESS: &str = "E-mail address";
    pub const SAVE: &str = "Save changes";
    pub const SAVING: &str = "Saving…";
    pub const SAVED: &str = "Your details are saved.";
    pub const NOTHING_CHANGED: &str = "Nothing to save: the details are unchanged.";
    pub const EMAIL_VERIFIED: &str = "verified";
    pub const EMAIL_UNVERIFIED: &str = "not verified";

    pub const VERIFY_HEADING: &str = "Verify your e-mail address";
    pub const VERIFY_LEAD: &str =
        "We e-mailed a code to your new address. Enter it to verify the address.";
    /// When the pool keeps the old address until the new one is verified
    /// (`AttributesRequireVerificationBeforeUpdate`).
    pub const OLD_ADDRESS_KEPT: &str =
        "Until you verify it, your old address stays in use for sign-in and messages.";
    pub const VERIFY_CODE: &str = "Verification code";
    pub const VERIFY: &str = "Verify";
    pub const VERIFYING: &str = "Verifying…";
    pub const VERIFY_SEND: &str = "Send a code";
    pub const VERIFY_SENDING: &str = "Sending…";
    pub const VERIFIED: &str = "Your e-mail address is verified.";
    pub const UNVERIFIED_NOTICE: &str = "Your e-mail address is not verified yet.";

    pub const PASSWORD_HEADING: &str = "Change your password";
    pub const CURRENT_PASSWORD: &str = "Current password";
    pub const CHANGE_PASSWORD: &str = "Change password";
    pub const CHANGING_PASSWORD: &str = "Changing password…";
    pub const PASSWORD_CHANGED: &str =
        "Your password is changed. Use the new one next time you sign in.";

    pub const DELETE_HEADING: &str = "Delete your account";
    pub const DELETE_LEAD: &str = "This deletes your account and everything the user pool keeps about you. It cannot be undone.";
    pub const DELETE_CONFIRM_LABEL: &str = "Type your username to confirm";
    pub const DELETE: &str = "Delete my account";
    pub const DELETING: &str = "Deleting…";
    pub const DELETE_MISMATCH: &str = "Type your username exactly as shown to confirm.";
}

/// Multi-factor authentication: set-up from the profile and the sign-in steps
/// (`pages/mfa.rs`, `pages/sign_in_mfa.rs`).
pub mod mfa {
    pub const HEADING: &str = "Two-step verification";
    pub const OFF: &str = "Off: signing in asks for your password only. Add an authenticator app to be asked for a code too.";
    pub const ON: &str = "On: signing in asks for a code from your authenticator app.";
    pub const SET_UP: &str = "Set up an authenticator app";
    pub const STARTING: &str = "Preparing…";
    pub const TURN_OFF: &str = "Turn off two-step verification";
    pub const TURNING_OFF: &str = "Turning off…";
    pub const TURNED_ON: &str = "Two-step verification is on.";
    pub const TURNED_OFF: &str = "Two-step verification is off.";
    pub const SETUP_HEADING: &str = "Add an authenticator app";
    pub const SETUP_LEAD: &str = "Scan this QR code with your authenticator app, or type the key below into it. Then enter the 6-digit code the app shows.";
    pub const QR_LABEL: &str = "QR code for your authenticator app";
    pub const SECRET_LABEL: &str = "Setup key";
    pub const CODE: &str = "Code from the app";
    pub const CONFIRM: &str = "Verify and turn on";
    pub const CONFIRMING: &str = "Verifying…";
    pub const CANCEL: &str = "Cancel";
    pub const CODE_REJECTED: &str =
        "That code did not match. Check the time on your device and try the current code.";
    /// The issuer shown in authenticator apps.
    pub const ISSUER: &str = "Poolgate";

    pub const CHALLENGE_HEADING: &str = "Verification code";
    pub const CHALLENGE_CODE: &str = "Code";
    pub const CHALLENGE_TOTP: &str = "Enter the 6-digit code from your authenticator app.";
    pub const CHALLENGE_SMS: &str = "Enter the code we sent to your phone.";
    pub const CHALLENGE_EMAIL: &str = "Enter the code we sent to your email.";
    pub const SELECT_HEADING: &str = "Choose how to verify";
    pub const SELECT_LEAD: &str =
        "Your account has more than one second step. Pick one for this sign-in.";
    pub const SELECT_LEGEND: &str = "Verification method";
    pub const CONTINUE: &str = "Continue";
    pub const CONTINUING: &str = "Sending…";
    pub const ENROL_HEADING: &str = "Set up two-step verification";
    pub const ENROL_LEAD: &str =
        "This user pool requires a second step at sign-in. Add an authenticator app to continue.";
    pub const ENROL_CONFIRM: &str = "Verify and sign in";

    /// A factor's name in a choice.
    pub fn factor(name: &str) -> &'static str {
        match name {
            "SOFTWARE_TOKEN_MFA" => "Authenticator app",
            "SMS_MFA" => "Text message (SMS)",
            "EMAIL_OTP" => "E-mail",
            _ => "Other method",
        }
    }
}

/// The sign-in page's own words (`pages/sign_in.rs`); its code steps use [`mfa`].
pub mod sign_in {
    pub const HEADING: &str = "Sign in";
    pub const BUTTON: &str = "Sign in";
    pub const BUSY: &str = "Signing in…";
    pub const NEW_PASSWORD_HEADING: &str = "Choose a new password";
    pub const NEW_PASSWORD_LEAD: &str =
        "Your account was created with a temporary password. Choose your own to continue.";
    pub const NEW_PASSWORD_BUTTON: &str = "Set password and sign in";
    pub const NEW_PASSWORD_BUSY: &str = "Saving…";
    pub const VERIFY: &str = "Verify";
    pub const VERIFYING: &str = "Verifying…";

    /// A challenge the app does not answer (its name, for whoever configures the pool).
    pub fn unsupported_step(name: &str) -> String {
        format!("This account needs a sign-in step this app does not support ({name}).")
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
