//! `POST /api/challenge` (answers the pending challenge with AdminRespondToAuthChallenge) and
//! `POST /api/challenge/authenticator` (MFA_SETUP's first half).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use poolgate_api::ChallengeNameType;
use poolgate_api::routes::{AnswerChallenge, SetUpAuthenticator};
use poolgate_api::{AuthenticatorKey, ChallengeAnswer};

use crate::error::ApiError;
use crate::sessions::{PendingChallenge, SessionRecord};
use crate::{App, AppState, now};

use super::cookie::SetCookie;
use super::extract::{JsonBody, current};
use super::route::RouterExt;
use super::step::finish_step;

pub fn router() -> Router<AppState> {
    Router::new()
        .endpoint(AnswerChallenge, answer_challenge)
        .endpoint(SetUpAuthenticator, set_up_authenticator)
}

/// Bounds on the client metadata a browser may hand the triggers.
const MAX_METADATA_ENTRIES: usize = 8;
const MAX_METADATA_CHARS: usize = 256;

/// The pending challenge's answer. MFA_SETUP's `code` is first checked with
/// VerifySoftwareToken, whose session is the answer. A wrong code or a refused password may be
/// retried; a challenge that expired or that the triggers ended clears the cookie.
async fn answer_challenge(
    State(app): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ChallengeAnswer>,
) -> Result<Response, ApiError> {
    let (key, record, mut pending) = pending_challenge(&app, &headers).await?;
    let name = pending.name.clone();
    let metadata = client_metadata(&name, body.client_metadata.clone())?;
    let setup_code = (name == ChallengeNameType::MfaSetup).then(|| body.code.clone());
    let responses = challenge_responses(&name, body)?;
    if let Some(Some(code)) = setup_code {
        let session = app
            .cognito
            .verify_software_token(&pending.session, code.trim())
            .await?;
        pending = renew_challenge_session(&app, &key, record, session).await?;
    }
    let answered = app
        .cognito
        .respond(
            &pending.name,
            &pending.session,
            &pending.username,
            responses,
            metadata,
        )
        .await;
    match answered {
        Ok(step) => {
            // The pending record is replaced by a new session id either way.
            app.store.delete(&key).await.map_err(ApiError::store)?;
            Ok(finish_step(&app, step, &pending.username)
                .await?
                .into_response())
        }
        Err(err) if err.ends_session() => {
            // The challenge session expired or was used, or the triggers ended the attempt:
            // start again from sign-in. An attempt the triggers ended counts as a failure.
            if name == ChallengeNameType::CustomChallenge {
                app.throttle.failed(&pending.username);
            }
            app.store.delete(&key).await.map_err(ApiError::store)?;
            Ok((SetCookie::clear(&app), err).into_response())
        }
        // A wrong code or a refused password may be retried with the same session.
        Err(err) => Err(err),
    }
}

/// MFA_SETUP's first half: AssociateSoftwareToken with the challenge's session; answers the
/// key for the person's authenticator app and the username to label it with.
async fn set_up_authenticator(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<AuthenticatorKey>, ApiError> {
    let (key, record, pending) = pending_challenge(&app, &headers).await?;
    if pending.name != ChallengeNameType::MfaSetup {
        return Err(ApiError::bad_request(
            "No authenticator set-up is waiting (the pending step is not MFA_SETUP).",
        ));
    }
    let (secret_code, session) = app
        .cognito
        .associate_software_token(&pending.session)
        .await?;
    let pending = renew_challenge_session(&app, &key, record, session).await?;
    Ok(Json(AuthenticatorKey {
        secret_code,
        username: pending.username,
    }))
}

/// `clientMetadata`, which only a CUSTOM_CHALLENGE answer may carry, within bounds.
fn client_metadata(
    name: &ChallengeNameType,
    metadata: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ApiError> {
    if metadata.is_empty() {
        return Ok(metadata);
    }
    if *name != ChallengeNameType::CustomChallenge {
        return Err(ApiError::bad_request(
            "clientMetadata is only accepted with a CUSTOM_CHALLENGE answer.",
        ));
    }
    let too_long = |text: &String| text.chars().count() > MAX_METADATA_CHARS;
    if metadata.len() > MAX_METADATA_ENTRIES
        || metadata
            .iter()
            .any(|(k, v)| k.is_empty() || too_long(k) || too_long(v))
    {
        return Err(ApiError::bad_request(format!(
            "clientMetadata takes at most {MAX_METADATA_ENTRIES} entries of at most \
             {MAX_METADATA_CHARS} characters."
        )));
    }
    Ok(metadata)
}

/// The `ChallengeResponses` for the challenge `name` (USERNAME and SECRET_HASH are added by
/// `Cognito::respond`); 400 when the member the challenge needs is missing.
fn challenge_responses(
    name: &ChallengeNameType,
    body: ChallengeAnswer,
) -> Result<BTreeMap<String, String>, ApiError> {
    let need = |value: Option<String>, what: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad_request(format!("Missing {what}.")))
    };
    let mut responses = BTreeMap::new();
    match name {
        ChallengeNameType::NewPasswordRequired => {
            responses.insert(
                "NEW_PASSWORD".into(),
                need(body.new_password, "newPassword")?,
            );
            for (attribute, value) in body.attributes {
                responses.insert(format!("userAttributes.{attribute}"), value);
            }
        }
        ChallengeNameType::SoftwareTokenMfa => {
            responses.insert("SOFTWARE_TOKEN_MFA_CODE".into(), need(body.code, "code")?);
        }
        ChallengeNameType::SmsMfa => {
            responses.insert("SMS_MFA_CODE".into(), need(body.code, "code")?);
        }
        ChallengeNameType::EmailOtp => {
            responses.insert("EMAIL_OTP_CODE".into(), need(body.code, "code")?);
        }
        ChallengeNameType::CustomChallenge | ChallengeNameType::SelectMfaType => {
            responses.insert("ANSWER".into(), need(body.answer, "answer")?);
        }
        // The code goes to VerifySoftwareToken first (see `answer_challenge`); the answer
        // itself is the session VerifySoftwareToken returns.
        ChallengeNameType::MfaSetup => {
            need(body.code, "code")?;
        }
        other => {
            return Err(ApiError::bad_request(format!(
                "The {other} challenge cannot be answered in server mode."
            )));
        }
    }
    Ok(responses)
}

/// The request's pending challenge (store key, record, challenge).
async fn pending_challenge(
    app: &App,
    headers: &HeaderMap,
) -> Result<(String, SessionRecord, PendingChallenge), ApiError> {
    let (key, record) = current(app, headers)
        .await?
        .ok_or_else(ApiError::signed_out)?;
    let pending = record
        .challenge
        .clone()
        .ok_or_else(|| ApiError::bad_request("No challenge is waiting for an answer."))?;
    Ok((key, record, pending))
}

/// Keeps the challenge session Cognito renewed mid-challenge (AssociateSoftwareToken and
/// VerifySoftwareToken answer with a new one).
async fn renew_challenge_session(
    app: &App,
    key: &str,
    mut record: SessionRecord,
    session: Option<String>,
) -> Result<PendingChallenge, ApiError> {
    let challenge = record
        .challenge
        .as_mut()
        .ok_or_else(|| ApiError::bad_request("No challenge is waiting for an answer."))?;
    if let Some(session) = session {
        challenge.session = session;
    }
    let renewed = challenge.clone();
    app.store
        .put(key, &record, now())
        .await
        .map_err(ApiError::store)?;
    Ok(renewed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn each_challenge_takes_its_own_member() {
        let code = || ChallengeAnswer::code("123456");
        for (name, key) in [
            (
                ChallengeNameType::SoftwareTokenMfa,
                "SOFTWARE_TOKEN_MFA_CODE",
            ),
            (ChallengeNameType::SmsMfa, "SMS_MFA_CODE"),
            (ChallengeNameType::EmailOtp, "EMAIL_OTP_CODE"),
        ] {
            let responses = challenge_responses(&name, code()).unwrap();
            assert_eq!(responses, map(&[(key, "123456")]), "{name}");
        }
        let attributes = map(&[("name", "Dave")]);
        let new_password = ChallengeAnswer::new_password("Pass-1", attributes);
        assert_eq!(
            challenge_responses(&ChallengeNameType::NewPasswordRequired, new_password).unwrap(),
            map(&[("NEW_PASSWORD", "Pass-1"), ("userAttributes.name", "Dave")])
        );
        let answer = ChallengeAnswer::answer("SOFTWARE_TOKEN_MFA", BTreeMap::new());
        assert_eq!(
            challenge_responses(&ChallengeNameType::SelectMfaType, answer).unwrap(),
            map(&[("ANSWER", "SOFTWARE_TOKEN_MFA")])
        );
        // MFA_SETUP's code goes to VerifySoftwareToken; the answer is its session.
        assert!(
            challenge_responses(&ChallengeNameType::MfaSetup, code())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_missing_member_or_an_unsupported_challenge_is_refused() {
        let err = challenge_responses(&ChallengeNameType::SmsMfa, ChallengeAnswer::default())
            .unwrap_err();
        assert_eq!(
            (err.status.as_u16(), err.message.as_str()),
            (400, "Missing code.")
        );
        let err = challenge_responses(
            &ChallengeNameType::PasswordVerifier,
            ChallengeAnswer::code("1"),
        )
        .unwrap_err();
        assert_eq!(
            err.message,
            "The PASSWORD_VERIFIER challenge cannot be answered in server mode."
        );
    }

    #[test]
    fn client_metadata_is_for_the_custom_challenge_only_and_bounded() {
        let action = map(&[("action", "new-code")]);
        assert_eq!(
            client_metadata(&ChallengeNameType::CustomChallenge, action.clone()).unwrap(),
            action
        );
        assert!(client_metadata(&ChallengeNameType::SmsMfa, action).is_err());
        assert!(client_metadata(&ChallengeNameType::SmsMfa, BTreeMap::new()).is_ok());
        let long = "x".repeat(MAX_METADATA_CHARS + 1);
        let too_long = map(&[("action", long.as_str())]);
        assert!(client_metadata(&ChallengeNameType::CustomChallenge, too_long).is_err());
    }
}
