//! Operation names, target header values and the error shape.

use std::str::FromStr;

use cognito_wire::*;
use serde_json::json;

#[test]
fn operations_round_trip_through_names_and_targets() {
    assert_eq!(Operation::ALL.len(), 42);
    for &op in Operation::ALL {
        assert_eq!(Operation::from_str(op.as_str()), Ok(op));
        assert_eq!(Operation::from_target(op.target()), Some(op));
        assert_eq!(op.target(), format!("{TARGET_PREFIX}{op}"));
        assert!(!op.documented_errors().is_empty(), "{op}");
        // Every operation can fail inside the service.
        assert!(
            op.documented_errors().contains(&"InternalErrorException"),
            "{op}"
        );
    }
    assert_eq!(
        Operation::SetUserMFAPreference.target(),
        "AWSCognitoIdentityProviderService.SetUserMFAPreference"
    );
    // Names are exact: no case folding, no prefix in from_str, nothing unknown.
    assert_eq!(Operation::from_name("initiateauth"), None);
    assert_eq!(
        Operation::from_str("AWSCognitoIdentityProviderService.InitiateAuth"),
        Err(UnknownOperation)
    );
    assert_eq!(Operation::from_name("DeleteUserPool"), None);
    assert_eq!(Operation::from_target("InitiateAuth"), None);
    assert_eq!(CONTENT_TYPE, "application/x-amz-json-1.1");
}

#[test]
fn access_follows_the_model_auth_trait() {
    // service-2.json marks the app-facing operations `smithy.api#noAuth`; the rest need SigV4.
    assert_eq!(Operation::InitiateAuth.access(), Access::Public);
    assert_eq!(Operation::GetUser.access(), Access::Public);
    assert_eq!(Operation::RevokeToken.access(), Access::Public);
    assert_eq!(Operation::AdminInitiateAuth.access(), Access::Iam);
    assert_eq!(Operation::ListUsers.access(), Access::Iam);
    assert_eq!(Operation::CreateUserPoolClient.access(), Access::Iam);
    let public = Operation::ALL
        .iter()
        .filter(|op| op.access() == Access::Public)
        .count();
    assert_eq!(public, 19);
}

#[test]
fn error_type_is_read_from_body_or_header_without_prefix_or_suffix() {
    let cases = [
        (
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
            None,
            Some("NotAuthorizedException"),
            Some("Incorrect username or password."),
        ),
        (
            r#"{"__type":"aws.protocol#NotAuthorizedException","message":"m"}"#,
            None,
            Some("NotAuthorizedException"),
            Some("m"),
        ),
        (
            r#"{"__type":"com.amazonaws.cognito#UserNotFoundException:http://internal.amazon.com/coral/","Message":"M"}"#,
            None,
            Some("UserNotFoundException"),
            Some("M"),
        ),
        // Browsers often cannot read the header, but when the body has no type it is used.
        (
            r#"{"message":"Rate exceeded"}"#,
            Some("TooManyRequestsException:"),
            Some("TooManyRequestsException"),
            Some("Rate exceeded"),
        ),
        (
            "<html>Bad Gateway</html>",
            Some("InternalErrorException:http://internal.amazon.com/"),
            Some("InternalErrorException"),
            None,
        ),
        (
            r#"{"__type":"","message":"x"}"#,
            Some("LimitExceededException"),
            Some("LimitExceededException"),
            Some("x"),
        ),
        ("", None, None, None),
        (r##"{"__type":"#:"}"##, None, None, None),
    ];
    for (body, header, code, message) in cases {
        let parsed = ErrorBody::parse(body, header);
        assert_eq!(parsed.code.as_deref(), code, "{body} {header:?}");
        assert_eq!(parsed.message.as_deref(), message, "{body}");
    }
    assert_eq!(
        bare_error_code("NotAuthorizedException:"),
        "NotAuthorizedException"
    );
}

#[test]
fn error_response_shape() {
    let error = ErrorResponse::new("UserNotFoundException", "User does not exist.");
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"__type": "UserNotFoundException", "message": "User does not exist."})
    );
    let read: ErrorResponse =
        serde_json::from_str(r#"{"__type":"aws#CodeMismatchException","Message":"m","extra":1}"#)
            .unwrap();
    assert_eq!(read.code(), "CodeMismatchException");
    assert_eq!(read.message.as_deref(), Some("m"));
    assert_eq!(ERROR_TYPE_HEADER.to_ascii_lowercase(), "x-amzn-errortype");
}
