//! Cognito error responses: parsing and classification into what the app should do
//! ([`ErrorKind`]) and why, precisely enough to say it ([`ErrorReason`]). The sentences for
//! people belong to the app; this crate has none.

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

/// Why a call failed, as precisely as the app needs to tell the person. The app owns the
/// sentence for each; [`CognitoError::detail`] carries the pool's own text where that is the
/// best guidance (password policy, a trigger's rejection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorReason {
    /// No response: offline, DNS, CORS, aborted after the time-out.
    Network,
    /// A 5xx, an internal error, or a 2xx whose body is not what the operation returns.
    ServiceProblem,
    /// Too many requests.
    Throttled,
    /// The pool or app client is set up wrongly.
    Configuration,
    /// Wrong username or password (also an unknown user, so sign-in reveals no accounts).
    WrongCredentials,
    /// ChangePassword: the current password is wrong.
    WrongCurrentPassword,
    /// The refresh or access token expired or was revoked, or the user is gone.
    SessionEnded,
    /// Input the pool refused without saying more.
    InvalidInput,
    /// An error code the service model does not document for the operation.
    Unexpected,
    /// No account with that username (outside sign-in).
    AccountNotFound,
    /// `UserNotConfirmedException`.
    AccountNotConfirmed,
    /// `PasswordResetRequiredException`.
    PasswordResetRequired,
    /// No MFA method set up.
    MfaNotSetUp,
    /// `CodeMismatchException`.
    CodeMismatch,
    /// `EnableSoftwareTokenMFAException`: the authenticator code did not match.
    AuthenticatorCodeMismatch,
    /// `ExpiredCodeException`.
    CodeExpired,
    /// `InvalidPasswordException`; [`CognitoError::detail`] has the pool's rule when it says.
    PasswordPolicy,
    /// `PasswordHistoryPolicyViolationException`.
    PasswordRecentlyUsed,
    /// `UsernameExistsException`.
    UsernameExists,
    /// `AliasExistsException`.
    AliasExists,
    /// `CodeDeliveryFailureException`.
    CodeDeliveryFailed,
    /// `LimitExceededException`.
    LimitExceeded,
    /// `TooManyFailedAttemptsException`.
    TooManyWrongCodes,
    /// `UserLambdaValidationException`; [`CognitoError::detail`] has the trigger's reason.
    TriggerRejected,
    /// `ConcurrentModificationException`.
    ConcurrentModification,
    /// `ForbiddenException` (a web ACL or a proxy blocked the request).
    Blocked,
    /// The account is disabled.
    AccountDisabled,
    /// The temporary password expired before first sign-in.
    TemporaryPasswordExpired,
    /// The pool locked sign-in after too many wrong passwords.
    PasswordAttemptsExceeded,
    /// The challenge session expired: start sign-in again.
    SignInExpired,
    /// The account is confirmed already.
    AlreadyConfirmed,
    /// The password of this account cannot be reset by its user.
    ResetNotAllowed,
    /// Self-service sign-up is off for this app client.
    SignUpUnavailable,
    /// No verified e-mail address or phone number to send a code to.
    NoVerifiedContact,
}

impl ErrorReason {
    /// Every reason, for tests that each has a sentence.
    pub const ALL: [Self; 34] = [
        Self::Network,
        Self::ServiceProblem,
        Self::Throttled,
        Self::Configuration,
        Self::WrongCredentials,
        Self::WrongCurrentPassword,
        Self::SessionEnded,
        Self::InvalidInput,
        Self::Unexpected,
        Self::AccountNotFound,
        Self::AccountNotConfirmed,
        Self::PasswordResetRequired,
        Self::MfaNotSetUp,
        Self::CodeMismatch,
        Self::AuthenticatorCodeMismatch,
        Self::CodeExpired,
        Self::PasswordPolicy,
        Self::PasswordRecentlyUsed,
        Self::UsernameExists,
        Self::AliasExists,
        Self::CodeDeliveryFailed,
        Self::LimitExceeded,
        Self::TooManyWrongCodes,
        Self::TriggerRejected,
        Self::ConcurrentModification,
        Self::Blocked,
        Self::AccountDisabled,
        Self::TemporaryPasswordExpired,
        Self::PasswordAttemptsExceeded,
        Self::SignInExpired,
        Self::AlreadyConfirmed,
        Self::ResetNotAllowed,
        Self::SignUpUnavailable,
        Self::NoVerifiedContact,
    ];
}

/// A failed Cognito call, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoError {
    operation: Operation,
    status: Option<u16>,
    code: Option<String>,
    aws_message: Option<String>,
    kind: ErrorKind,
    reason: ErrorReason,
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
        let (kind, reason) = match parsed.code.as_deref() {
            Some(code) => classify(operation, refresh, code, parsed.message.as_deref()),
            None => classify_status(status),
        };
        Self {
            operation,
            status: Some(status),
            code: parsed.code,
            aws_message: parsed.message,
            kind,
            reason,
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
            reason: ErrorReason::Network,
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
            reason: ErrorReason::ServiceProblem,
        }
    }

    /// What the app should do.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Why, precisely enough for the app to say it.
    pub fn reason(&self) -> ErrorReason {
        self.reason
    }

    /// The pool's own words where they are the best guidance there is: the password rule it
    /// enforces (`Password must have uppercase characters`, without Cognito's boilerplate
    /// prefix) or the reason a Lambda trigger gave, which the pool's owner writes for users.
    /// `None` for every other reason, or when the pool said nothing usable.
    pub fn detail(&self) -> Option<&str> {
        let text = self.aws_message.as_deref()?;
        let detail = match self.reason {
            ErrorReason::PasswordPolicy => text
                .strip_prefix("Password did not conform with policy: ")
                .unwrap_or(text),
            ErrorReason::TriggerRejected => text.split_once("failed with error ")?.1,
            _ => return None,
        }
        .trim();
        (!detail.is_empty()).then_some(detail)
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
            None => write!(f, " ({:?})", self.reason),
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

/// Classifies a documented (or undocumented) error code for `operation`.
fn classify(
    operation: Operation,
    refresh: bool,
    code: &str,
    aws_message: Option<&str>,
) -> (ErrorKind, ErrorReason) {
    use ErrorKind::*;
    use ErrorReason as R;
    use Operation as Op;
    use UserAction::*;

    let text = aws_message.unwrap_or("");
    match code {
        "NotAuthorizedException" => classify_not_authorized(operation, refresh, text),
        "UserNotFoundException" => match operation {
            _ if refresh => (SessionEnded, R::SessionEnded),
            // Same as a wrong password, so sign-in does not reveal who has an account.
            Op::InitiateAuth | Op::RespondToAuthChallenge => {
                (WrongCredentials, R::WrongCredentials)
            }
            op if uses_access_token(op) || op == Op::ChangePassword => {
                (SessionEnded, R::SessionEnded)
            }
            _ => (InvalidInput, R::AccountNotFound),
        },
        "UserNotConfirmedException" => (UserActionRequired(ConfirmSignUp), R::AccountNotConfirmed),
        "PasswordResetRequiredException" => {
            (UserActionRequired(ResetPassword), R::PasswordResetRequired)
        }
        "MFAMethodNotFoundException" | "SoftwareTokenMFANotFoundException" => {
            (UserActionRequired(SetUpMfa), R::MfaNotSetUp)
        }
        "RefreshTokenReuseException" | "UnauthorizedException" => (SessionEnded, R::SessionEnded),

        "CodeMismatchException" => (InvalidInput, R::CodeMismatch),
        "EnableSoftwareTokenMFAException" => (InvalidInput, R::AuthenticatorCodeMismatch),
        "ExpiredCodeException" => (InvalidInput, R::CodeExpired),
        "InvalidPasswordException" => (InvalidInput, R::PasswordPolicy),
        "PasswordHistoryPolicyViolationException" => (InvalidInput, R::PasswordRecentlyUsed),
        "UsernameExistsException" => (InvalidInput, R::UsernameExists),
        "AliasExistsException" => (InvalidInput, R::AliasExists),
        "CodeDeliveryFailureException" => (InvalidInput, R::CodeDeliveryFailed),
        "LimitExceededException" => (InvalidInput, R::LimitExceeded),
        "TooManyFailedAttemptsException" => (InvalidInput, R::TooManyWrongCodes),
        "UserLambdaValidationException" => (InvalidInput, R::TriggerRejected),
        "InvalidParameterException" => classify_invalid_parameter(text),

        "TooManyRequestsException" | "ThrottlingException" => (Throttled, R::Throttled),
        "InternalErrorException" | "InternalFailure" | "ServiceUnavailable" => {
            (Transient, R::ServiceProblem)
        }
        "ConcurrentModificationException" => (Transient, R::ConcurrentModification),

        "ForbiddenException" => (Configuration, R::Blocked),
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
        | "UnsupportedTokenTypeException" => (Configuration, R::Configuration),

        _ => (Unexpected, R::Unexpected),
    }
}

/// `NotAuthorizedException` means different things per operation and flow.
fn classify_not_authorized(
    operation: Operation,
    refresh: bool,
    text: &str,
) -> (ErrorKind, ErrorReason) {
    use ErrorKind::*;
    use ErrorReason as R;
    use Operation as Op;
    use UserAction::*;

    // Refresh token expired or revoked, or an access token revoked by a global sign-out.
    if refresh || uses_access_token(operation) {
        return (SessionEnded, R::SessionEnded);
    }
    if text.contains("disabled") {
        return (UserActionRequired(ContactAdministrator), R::AccountDisabled);
    }
    if text.contains("Temporary password has expired") {
        return (
            UserActionRequired(ContactAdministrator),
            R::TemporaryPasswordExpired,
        );
    }
    if text.contains("attempts exceeded") {
        return (Throttled, R::PasswordAttemptsExceeded);
    }
    match operation {
        Op::RespondToAuthChallenge if text.contains("session") => {
            (UserActionRequired(RestartSignIn), R::SignInExpired)
        }
        Op::InitiateAuth | Op::RespondToAuthChallenge => (WrongCredentials, R::WrongCredentials),
        Op::ChangePassword => (WrongCredentials, R::WrongCurrentPassword),
        Op::ConfirmSignUp | Op::ResendConfirmationCode
            if text.contains("CONFIRMED") || text.contains("already confirmed") =>
        {
            (UserActionRequired(SignIn), R::AlreadyConfirmed)
        }
        Op::ForgotPassword | Op::ConfirmForgotPassword => {
            (UserActionRequired(ContactAdministrator), R::ResetNotAllowed)
        }
        Op::SignUp => (Configuration, R::SignUpUnavailable),
        _ => (Configuration, R::Configuration),
    }
}

/// `InvalidParameterException` is the app's or pool's fault when a flow is not enabled,
/// otherwise it is bad input.
fn classify_invalid_parameter(text: &str) -> (ErrorKind, ErrorReason) {
    if text.contains("not enabled") || text.contains("flow") {
        return (ErrorKind::Configuration, ErrorReason::Configuration);
    }
    if text.contains("verified") && text.contains("no registered") {
        return (
            ErrorKind::UserActionRequired(UserAction::ContactAdministrator),
            ErrorReason::NoVerifiedContact,
        );
    }
    (ErrorKind::InvalidInput, ErrorReason::InvalidInput)
}

/// Classifies by HTTP status when the body names no error (e.g. an HTML 502 page).
fn classify_status(status: u16) -> (ErrorKind, ErrorReason) {
    match status {
        429 => (ErrorKind::Throttled, ErrorReason::Throttled),
        500..=599 => (ErrorKind::Transient, ErrorReason::ServiceProblem),
        _ => (ErrorKind::Unexpected, ErrorReason::Unexpected),
    }
}
