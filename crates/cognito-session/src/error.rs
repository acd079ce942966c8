//! Cognito error responses: parsing, classification and messages a person understands.

use std::borrow::Cow;
use std::fmt;

pub use cognito_wire::Operation;
pub use cognito_wire::error::{ErrorBody, bare_error_code};

/// Whether the operation is authorised by an access token; a `NotAuthorizedException`
/// there means the token was revoked (e.g. by GlobalSignOut elsewhere).
fn uses_access_token(operation: Operation) -> bool {
    use Operation as Op;
    matches!(
        operation,
        Op::GetUser
            | Op::GlobalSignOut
            | Op::UpdateUserAttributes
            | Op::GetUserAttributeVerificationCode
            | Op::VerifyUserAttribute
            | Op::AssociateSoftwareToken
            | Op::VerifySoftwareToken
            | Op::SetUserMFAPreference
            | Op::DeleteUser
    )
}

/// What the app should do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Username or password (or current password) is wrong. Show the message by the form.
    WrongCredentials,
    /// The user must do something else first; navigate accordingly.
    UserActionRequired(UserAction),
    /// Something the user entered is not acceptable (code, password policy, taken username,
    /// too many attempts). Show the message by the form.
    InvalidInput,
    /// Too many requests: wait and retry later.
    Throttled,
    /// Network failure, 5xx, or a service hiccup: retry with backoff.
    Transient,
    /// The user pool or app client is set up wrongly; a person cannot fix it by retrying.
    Configuration,
    /// The refresh token (or the access token behind a call) expired or was revoked:
    /// sign the user out.
    SessionEnded,
    /// An error the service model does not document for this operation.
    Unexpected,
}

impl ErrorKind {
    /// Whether retrying the same request later can succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Throttled | Self::Transient)
    }
}

/// The step a user must take before the operation can succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserAction {
    /// Enter the sign-up confirmation code (`UserNotConfirmedException`).
    ConfirmSignUp,
    /// Reset the password with a code (`PasswordResetRequiredException`).
    ResetPassword,
    /// Start sign-in again: the challenge session expired.
    RestartSignIn,
    /// Sign in: the account is already confirmed.
    SignIn,
    /// Set up a multi-factor method first.
    SetUpMfa,
    /// Only an administrator can help (disabled account, expired temporary password).
    ContactAdministrator,
}

/// A failed Cognito call, classified, with a message a person understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoError {
    operation: Operation,
    status: Option<u16>,
    code: Option<String>,
    aws_message: Option<String>,
    kind: ErrorKind,
    message: Cow<'static, str>,
}

impl CognitoError {
    /// An error response from the service. `refresh` tells whether the call renewed tokens
    /// (InitiateAuth `REFRESH_TOKEN_AUTH`, GetTokensFromRefreshToken).
    pub fn from_response(
        operation: Operation,
        refresh: bool,
        status: u16,
        body: &str,
        error_type_header: Option<&str>,
    ) -> Self {
        let parsed = ErrorBody::parse(body, error_type_header);
        let (kind, message) = match parsed.code.as_deref() {
            Some(code) => classify(operation, refresh, code, parsed.message.as_deref()),
            None => classify_status(status),
        };
        Self {
            operation,
            status: Some(status),
            code: parsed.code,
            aws_message: parsed.message,
            kind,
            message,
        }
    }

    /// The request never got a response (offline, DNS, CORS, aborted).
    pub fn transport(operation: Operation, error: &TransportError) -> Self {
        Self {
            operation,
            status: None,
            code: None,
            aws_message: Some(error.to_string()),
            kind: ErrorKind::Transient,
            message: Cow::Borrowed(MSG_NETWORK),
        }
    }

    /// A 2xx response whose body is not what the operation returns.
    pub fn malformed_response(operation: Operation, status: u16, detail: String) -> Self {
        Self {
            operation,
            status: Some(status),
            code: None,
            aws_message: Some(detail),
            kind: ErrorKind::Transient,
            message: Cow::Borrowed(MSG_TRANSIENT),
        }
    }

    /// What the app should do.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Short, actionable English for the user.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The bare exception name, e.g. `NotAuthorizedException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The service's own message (or the transport's), for logs.
    pub fn aws_message(&self) -> Option<&str> {
        self.aws_message.as_deref()
    }

    /// HTTP status; `None` when no response arrived.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The operation that failed.
    pub fn operation(&self) -> Operation {
        self.operation
    }
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed", self.operation.name())?;
        if let Some(code) = &self.code {
            write!(f, ": {code}")?;
        }
        match &self.aws_message {
            Some(detail) => write!(f, ": {detail}"),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::error::Error for CognitoError {}

/// Failure of the HTTP layer itself, reported by a [`Transport`](crate::Transport).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    detail: String,
}

impl TransportError {
    /// Describe what failed, for logs.
    pub fn new(detail: impl Into<String>) -> Self {
        Self {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for TransportError {}

const MSG_NETWORK: &str = "Can't reach the sign-in service. Check your connection and try again.";
const MSG_TRANSIENT: &str = "The sign-in service had a problem. Please try again in a moment.";
const MSG_THROTTLED: &str = "Too many requests right now. Please wait a moment and try again.";
const MSG_CONFIGURATION: &str =
    "Sign-in isn't set up correctly for this app. Please contact support.";
const MSG_WRONG_CREDENTIALS: &str = "Incorrect username or password.";
const MSG_SESSION_ENDED: &str = "Your session has ended. Please sign in again.";
const MSG_INVALID_INPUT: &str = "Some details aren't valid. Please check them and try again.";
const MSG_UNEXPECTED: &str = "Something went wrong. Please try again.";

/// Classifies a documented (or undocumented) error code for `operation`.
fn classify(
    operation: Operation,
    refresh: bool,
    code: &str,
    aws_message: Option<&str>,
) -> (ErrorKind, Cow<'static, str>) {
    use ErrorKind::*;
    use Operation as Op;
    use UserAction::*;

    let text = aws_message.unwrap_or("");
    let fixed = |kind: ErrorKind, message: &'static str| (kind, Cow::Borrowed(message));
    match code {
        "NotAuthorizedException" => classify_not_authorized(operation, refresh, text),
        "UserNotFoundException" => match operation {
            _ if refresh => fixed(SessionEnded, MSG_SESSION_ENDED),
            // Same text as a wrong password, so sign-in does not reveal who has an account.
            Op::InitiateAuth | Op::RespondToAuthChallenge => {
                fixed(WrongCredentials, MSG_WRONG_CREDENTIALS)
            }
            op if uses_access_token(op) || op == Op::ChangePassword => {
                fixed(SessionEnded, MSG_SESSION_ENDED)
            }
            _ => fixed(
                InvalidInput,
                "We couldn't find an account with that username.",
            ),
        },
        "UserNotConfirmedException" => fixed(
            UserActionRequired(ConfirmSignUp),
            "Please confirm your account with the code we sent you.",
        ),
        "PasswordResetRequiredException" => fixed(
            UserActionRequired(ResetPassword),
            "You need to reset your password before you can sign in.",
        ),
        "MFAMethodNotFoundException" | "SoftwareTokenMFANotFoundException" => fixed(
            UserActionRequired(SetUpMfa),
            "Set up an authenticator app for this account first.",
        ),
        "RefreshTokenReuseException" => fixed(SessionEnded, MSG_SESSION_ENDED),
        "UnauthorizedException" => fixed(SessionEnded, MSG_SESSION_ENDED),

        "CodeMismatchException" => fixed(
            InvalidInput,
            "That code isn't right. Check it and try again.",
        ),
        "EnableSoftwareTokenMFAException" => fixed(
            InvalidInput,
            "That code doesn't match your authenticator app. Try the current code.",
        ),
        "ExpiredCodeException" => fixed(
            InvalidInput,
            "That code has expired. Request a new one and try again.",
        ),
        "InvalidPasswordException" => (InvalidInput, password_policy_message(text)),
        "PasswordHistoryPolicyViolationException" => fixed(
            InvalidInput,
            "You've used this password recently. Please choose a different one.",
        ),
        "UsernameExistsException" => fixed(
            InvalidInput,
            "An account with this username already exists. Try signing in instead.",
        ),
        "AliasExistsException" => fixed(
            InvalidInput,
            "Another account already uses this email address or phone number.",
        ),
        "CodeDeliveryFailureException" => fixed(
            InvalidInput,
            "We couldn't send the code. Check your email address or phone number.",
        ),
        "LimitExceededException" => fixed(
            InvalidInput,
            "Too many attempts. Please wait a while before trying again.",
        ),
        "TooManyFailedAttemptsException" => fixed(
            InvalidInput,
            "Too many wrong codes. Please request a new code and try again later.",
        ),
        "UserLambdaValidationException" => (InvalidInput, lambda_message(text)),
        "InvalidParameterException" => classify_invalid_parameter(text),

        "TooManyRequestsException" | "ThrottlingException" => fixed(Throttled, MSG_THROTTLED),
        "InternalErrorException" | "InternalFailure" | "ServiceUnavailable" => {
            fixed(Transient, MSG_TRANSIENT)
        }
        "ConcurrentModificationException" => fixed(
            Transient,
            "Another change was in progress. Please try again.",
        ),

        "ForbiddenException" => fixed(
            Configuration,
            "This request was blocked. Please try again later or contact support.",
        ),
        "ResourceNotFoundException"
        | "InvalidUserPoolConfigurationException"
        | "InvalidLambdaResponseException"
        | "UnexpectedLambdaException"
        | "InvalidEmailRoleAccessPolicyException"
        | "InvalidSmsRoleAccessPolicyException"
        | "InvalidSmsRoleTrustRelationshipException"
        | "OperationNotEnabledException"
        | "FeatureUnavailableInTierException"
        | "UnsupportedOperationException"
        | "UnsupportedTokenTypeException" => fixed(Configuration, MSG_CONFIGURATION),

        _ => fixed(Unexpected, MSG_UNEXPECTED),
    }
}

/// `NotAuthorizedException` means different things per operation and flow.
fn classify_not_authorized(
    operation: Operation,
    refresh: bool,
    text: &str,
) -> (ErrorKind, Cow<'static, str>) {
    use ErrorKind::*;
    use Operation as Op;
    use UserAction::*;

    let fixed = |kind: ErrorKind, message: &'static str| (kind, Cow::Borrowed(message));
    // Refresh token expired or revoked, or an access token revoked by a global sign-out.
    if refresh || uses_access_token(operation) {
        return fixed(SessionEnded, MSG_SESSION_ENDED);
    }
    if text.contains("disabled") {
        return fixed(
            UserActionRequired(ContactAdministrator),
            "This account is disabled. Please contact your administrator.",
        );
    }
    if text.contains("Temporary password has expired") {
        return fixed(
            UserActionRequired(ContactAdministrator),
            "Your temporary password has expired. Ask your administrator for a new one.",
        );
    }
    if text.contains("attempts exceeded") {
        return fixed(
            Throttled,
            "Too many failed sign-in attempts. Please wait a few minutes and try again.",
        );
    }
    match operation {
        Op::RespondToAuthChallenge if text.contains("session") => fixed(
            UserActionRequired(RestartSignIn),
            "Your sign-in took too long. Please start again.",
        ),
        Op::InitiateAuth | Op::RespondToAuthChallenge => {
            fixed(WrongCredentials, MSG_WRONG_CREDENTIALS)
        }
        Op::ChangePassword => fixed(WrongCredentials, "Your current password is incorrect."),
        Op::ConfirmSignUp | Op::ResendConfirmationCode
            if text.contains("CONFIRMED") || text.contains("already confirmed") =>
        {
            fixed(
                UserActionRequired(SignIn),
                "This account is already confirmed. Please sign in.",
            )
        }
        Op::ForgotPassword | Op::ConfirmForgotPassword => fixed(
            UserActionRequired(ContactAdministrator),
            "The password for this account can't be reset here. Please contact your administrator.",
        ),
        Op::SignUp => fixed(Configuration, "Sign-up isn't available for this app."),
        _ => fixed(Configuration, MSG_CONFIGURATION),
    }
}

/// `InvalidParameterException` is the app's or pool's fault when a flow is not enabled,
/// otherwise it is bad input.
fn classify_invalid_parameter(text: &str) -> (ErrorKind, Cow<'static, str>) {
    if text.contains("not enabled") || text.contains("flow") {
        return (ErrorKind::Configuration, Cow::Borrowed(MSG_CONFIGURATION));
    }
    if text.contains("verified") && text.contains("no registered") {
        return (
            ErrorKind::UserActionRequired(UserAction::ContactAdministrator),
            Cow::Borrowed(
                "There's no verified email or phone number to send a code to. Please contact your administrator.",
            ),
        );
    }
    (ErrorKind::InvalidInput, Cow::Borrowed(MSG_INVALID_INPUT))
}

/// Cognito's password-policy text is the most precise guidance there is
/// ("Password must have uppercase characters"); drop only its boilerplate prefix.
fn password_policy_message(text: &str) -> Cow<'static, str> {
    let detail = text
        .strip_prefix("Password did not conform with policy: ")
        .unwrap_or(text)
        .trim();
    if detail.is_empty() {
        Cow::Borrowed("That password doesn't meet the password rules. Please choose another.")
    } else {
        Cow::Owned(detail.to_owned())
    }
}

/// A Lambda trigger's rejection reads `PreSignUp failed with error <reason>.`; the
/// reason is written by the pool's owner for users.
fn lambda_message(text: &str) -> Cow<'static, str> {
    match text.split_once("failed with error ") {
        Some((_, reason)) if !reason.trim().is_empty() => Cow::Owned(reason.trim().to_owned()),
        _ => Cow::Borrowed("Your request was not accepted. Please check your details."),
    }
}

/// Classifies by HTTP status when the body names no error (e.g. an HTML 502 page).
fn classify_status(status: u16) -> (ErrorKind, Cow<'static, str>) {
    match status {
        429 => (ErrorKind::Throttled, Cow::Borrowed(MSG_THROTTLED)),
        500..=599 => (ErrorKind::Transient, Cow::Borrowed(MSG_TRANSIENT)),
        _ => (ErrorKind::Unexpected, Cow::Borrowed(MSG_UNEXPECTED)),
    }
}
