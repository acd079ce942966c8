//! Error parsing and the classification of every documented error.

use cognito_session::client::OPERATIONS;
use cognito_session::error::{ErrorBody, bare_error_code};
use cognito_session::{CognitoError, ErrorKind, ErrorReason, Operation, UserAction};

fn error(op: Operation, refresh: bool, code: &str, message: &str) -> CognitoError {
    let body = serde_json::json!({ "__type": code, "message": message }).to_string();
    CognitoError::from_response(op, refresh, 400, &body, None)
}

/// Every documented error gets a kind and a precise reason (the app owns the sentences, and
/// its own test checks that each reason has one); the pool's raw text only passes through as
/// [`CognitoError::detail`] where it is guidance written for users.
#[test]
fn every_documented_error_is_classified_with_a_reason() {
    let mut checked = 0;
    for op in OPERATIONS {
        assert!(!op.documented_errors().is_empty(), "{op:?} lists no errors");
        for refresh in [false, true] {
            for code in op.documented_errors() {
                let err = error(op, refresh, code, "raw AWS text");
                assert_ne!(
                    err.kind(),
                    ErrorKind::Unexpected,
                    "{op:?} {code} unclassified"
                );
                assert_ne!(
                    err.reason(),
                    ErrorReason::Unexpected,
                    "{op:?} {code} has no reason"
                );
                assert_eq!(err.code(), Some(*code));
                match err.reason() {
                    ErrorReason::PasswordPolicy => assert_eq!(err.detail(), Some("raw AWS text")),
                    _ => assert_eq!(err.detail(), None, "{op:?} {code} passes raw text on"),
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

#[test]
fn operation_names_and_targets() {
    assert_eq!(
        Operation::SetUserMFAPreference.name(),
        "SetUserMFAPreference"
    );
    assert_eq!(
        Operation::InitiateAuth.target(),
        "AWSCognitoIdentityProviderService.InitiateAuth"
    );
    for op in OPERATIONS {
        assert!(
            op.target()
                .starts_with("AWSCognitoIdentityProviderService.")
        );
    }
}

#[test]
fn not_authorized_depends_on_the_flow() {
    let sign_in = error(
        Operation::InitiateAuth,
        false,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    assert_eq!(sign_in.kind(), ErrorKind::WrongCredentials);
    assert_eq!(sign_in.reason(), ErrorReason::WrongCredentials);

    let refresh = error(
        Operation::InitiateAuth,
        true,
        "NotAuthorizedException",
        "Refresh Token has expired",
    );
    assert_eq!(refresh.kind(), ErrorKind::SessionEnded);
    let rotated = error(
        Operation::GetTokensFromRefreshToken,
        true,
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    );
    assert_eq!(rotated.kind(), ErrorKind::SessionEnded);
    let revoked_access = error(
        Operation::GetUser,
        false,
        "NotAuthorizedException",
        "Access Token has been revoked",
    );
    assert_eq!(revoked_access.kind(), ErrorKind::SessionEnded);

    let change = error(
        Operation::ChangePassword,
        false,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    assert_eq!(change.kind(), ErrorKind::WrongCredentials);
    assert_eq!(change.reason(), ErrorReason::WrongCurrentPassword);

    let disabled = error(
        Operation::InitiateAuth,
        false,
        "NotAuthorizedException",
        "User is disabled.",
    );
    assert_eq!(
        disabled.kind(),
        ErrorKind::UserActionRequired(UserAction::ContactAdministrator)
    );
    let attempts = error(
        Operation::InitiateAuth,
        false,
        "NotAuthorizedException",
        "Password attempts exceeded",
    );
    assert_eq!(attempts.kind(), ErrorKind::Throttled);
    let expired_session = error(
        Operation::RespondToAuthChallenge,
        false,
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
    assert_eq!(
        expired_session.kind(),
        ErrorKind::UserActionRequired(UserAction::RestartSignIn)
    );
    let confirmed = error(
        Operation::ConfirmSignUp,
        false,
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    );
    assert_eq!(
        confirmed.kind(),
        ErrorKind::UserActionRequired(UserAction::SignIn)
    );
}

#[test]
fn user_must_act() {
    let unconfirmed = error(
        Operation::InitiateAuth,
        false,
        "UserNotConfirmedException",
        "User is not confirmed.",
    );
    assert_eq!(
        unconfirmed.kind(),
        ErrorKind::UserActionRequired(UserAction::ConfirmSignUp)
    );
    let reset = error(
        Operation::InitiateAuth,
        false,
        "PasswordResetRequiredException",
        "Password reset required for the user",
    );
    assert_eq!(
        reset.kind(),
        ErrorKind::UserActionRequired(UserAction::ResetPassword)
    );
}

#[test]
fn unknown_user_at_sign_in_reads_like_a_wrong_password() {
    let err = error(
        Operation::InitiateAuth,
        false,
        "UserNotFoundException",
        "User does not exist.",
    );
    assert_eq!(err.kind(), ErrorKind::WrongCredentials);
    assert_eq!(err.reason(), ErrorReason::WrongCredentials);
}

#[test]
fn configuration_errors() {
    for code in [
        "ResourceNotFoundException",
        "InvalidLambdaResponseException",
        "UnexpectedLambdaException",
        "InvalidUserPoolConfigurationException",
    ] {
        assert_eq!(
            error(Operation::InitiateAuth, false, code, "x").kind(),
            ErrorKind::Configuration
        );
    }
    let disabled_flow = error(
        Operation::InitiateAuth,
        false,
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    );
    assert_eq!(disabled_flow.kind(), ErrorKind::Configuration);
    let bad_email = error(
        Operation::SignUp,
        false,
        "InvalidParameterException",
        "Invalid email address format.",
    );
    assert_eq!(bad_email.kind(), ErrorKind::InvalidInput);
}

#[test]
fn input_errors_and_the_password_policy_text() {
    let policy = error(
        Operation::SignUp,
        false,
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have uppercase characters",
    );
    assert_eq!(policy.kind(), ErrorKind::InvalidInput);
    assert_eq!(policy.reason(), ErrorReason::PasswordPolicy);
    assert_eq!(
        policy.detail(),
        Some("Password must have uppercase characters")
    );
    for code in [
        "CodeMismatchException",
        "ExpiredCodeException",
        "UsernameExistsException",
        "AliasExistsException",
        "LimitExceededException",
    ] {
        assert_eq!(
            error(Operation::ConfirmSignUp, false, code, "x").kind(),
            ErrorKind::InvalidInput
        );
    }
    let lambda = error(
        Operation::SignUp,
        false,
        "UserLambdaValidationException",
        "PreSignUp failed with error Only company addresses may sign up.",
    );
    assert_eq!(lambda.reason(), ErrorReason::TriggerRejected);
    assert_eq!(lambda.detail(), Some("Only company addresses may sign up."));
    let bare = error(
        Operation::SignUp,
        false,
        "UserLambdaValidationException",
        "PreSignUp failed",
    );
    assert_eq!(
        bare.detail(),
        None,
        "nothing usable: the app says its own sentence"
    );
}

#[test]
fn throttled_and_transient() {
    assert_eq!(
        error(
            Operation::InitiateAuth,
            false,
            "TooManyRequestsException",
            "Rate exceeded"
        )
        .kind(),
        ErrorKind::Throttled
    );
    let internal = error(Operation::InitiateAuth, true, "InternalErrorException", "x");
    assert_eq!(internal.kind(), ErrorKind::Transient);
    assert!(internal.kind().is_retryable());
}

#[test]
fn type_with_protocol_prefix_and_url_suffix() {
    assert_eq!(
        bare_error_code("aws.protocol#NotAuthorizedException:http://internal.amazon.com/coral/"),
        "NotAuthorizedException"
    );
    assert_eq!(
        bare_error_code("com.amazonaws.cognito#UserNotFoundException"),
        "UserNotFoundException"
    );
    assert_eq!(
        bare_error_code("UserNotFoundException"),
        "UserNotFoundException"
    );
    let parsed = ErrorBody::parse(
        r#"{"__type":"aws.protocol#NotAuthorizedException:http://x/","message":"Incorrect username or password."}"#,
        None,
    );
    assert_eq!(parsed.code.as_deref(), Some("NotAuthorizedException"));
    assert_eq!(
        parsed.message.as_deref(),
        Some("Incorrect username or password.")
    );
}

#[test]
fn capitalised_message_field() {
    let parsed = ErrorBody::parse(
        r#"{"__type":"ExpiredCodeException","Message":"Invalid code provided"}"#,
        None,
    );
    assert_eq!(parsed.message.as_deref(), Some("Invalid code provided"));
}

#[test]
fn header_is_the_fallback_for_the_code() {
    let parsed = ErrorBody::parse(
        r#"{"message":"Rate exceeded"}"#,
        Some("TooManyRequestsException:http://x"),
    );
    assert_eq!(parsed.code.as_deref(), Some("TooManyRequestsException"));
    let body_wins = ErrorBody::parse(r#"{"__type":"UserNotFoundException"}"#, Some("Other"));
    assert_eq!(body_wins.code.as_deref(), Some("UserNotFoundException"));
}

#[test]
fn non_json_5xx_is_transient() {
    let err = CognitoError::from_response(
        Operation::InitiateAuth,
        false,
        502,
        "<html>Bad Gateway</html>",
        None,
    );
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(err.code(), None);
    assert_eq!(err.status(), Some(502));
    let throttled = CognitoError::from_response(Operation::InitiateAuth, false, 429, "", None);
    assert_eq!(throttled.kind(), ErrorKind::Throttled);
}

#[test]
fn undocumented_codes_are_unexpected_not_fatal() {
    let err = error(Operation::InitiateAuth, false, "BrandNewException", "x");
    assert_eq!(err.kind(), ErrorKind::Unexpected);
    assert_eq!(err.reason(), ErrorReason::Unexpected);
    assert!(err.to_string().contains("BrandNewException"));
}
