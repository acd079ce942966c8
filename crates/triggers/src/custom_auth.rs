//! The custom authentication family: passwordless sign-in with a one-time code by e-mail.
//!
//! Cognito runs the loop (Amazon Cognito Developer Guide, "Custom authentication challenge
//! Lambda triggers": user-pool-lambda-define-auth-challenge.html,
//! user-pool-lambda-create-auth-challenge.html,
//! user-pool-lambda-verify-auth-challenge-response.html): Define decides from the `session`
//! history (each entry: `challengeName`, `challengeResult`, `challengeMetadata`) whether to
//! issue tokens, fail, or present another challenge; Create builds that challenge (public
//! parameters for the app, private ones for Verify, metadata for the history); Verify checks
//! the answer. Only the history carries state from one round to the next, so Create writes
//! the code and the counts into `challengeMetadata`, which Cognito keeps on its side: the
//! client only ever receives the public parameters (RespondToAuthChallenge's
//! `ChallengeParameters`).
//! The code lives as long as Cognito's challenge session (the app client's
//! `AuthSessionValidity`, 3 minutes by default): when the session expires, so does the code.
//!
//! Protocol for the app: `InitiateAuth` with `AuthFlow=CUSTOM_AUTH` sends a code; answer with
//! `RespondToAuthChallenge` (`ChallengeName=CUSTOM_CHALLENGE`, `ANSWER=<code>`). To ask for a
//! new code, respond with `ClientMetadata {"action": "new-code"}` (any `ANSWER`): Cognito hands
//! RespondToAuthChallenge's ClientMetadata to the define, create and verify auth challenge
//! triggers (API Reference, RespondToAuthChallenge, "ClientMetadata"). Public challenge parameters:
//! `delivery` (`EMAIL`), `codeLength`, `attemptsLeft`, `codesLeft`.

use std::collections::HashMap;

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsChallengeResult, CognitoEventUserPoolsCreateAuthChallenge,
    CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsVerifyAuthChallenge,
};
use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::effects::{Mail, Mailer};
use crate::messaging::html_email;
use crate::{Settings, TriggerError};

/// The only challenge this flow presents.
pub const CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";
/// Digits in a code.
pub const CODE_LENGTH: usize = 6;
/// Wrong answers that end the attempt.
pub const MAX_WRONG_ANSWERS: u32 = 3;
/// Codes one attempt may send (the first one and the new ones asked for).
pub const MAX_CODES_SENT: u32 = 3;
/// The `ClientMetadata` key and value with which the app asks for a new code.
pub const ACTION_KEY: &str = "action";
pub const NEW_CODE_ACTION: &str = "new-code";

const METADATA_PREFIX: &str = "EMAIL_CODE";

/// What the history carries from one challenge to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ChallengeState {
    code: String,
    /// Wrong answers given before this challenge was presented.
    wrong_answers: u32,
    /// Codes sent in this attempt, this challenge's included.
    codes_sent: u32,
}

impl ChallengeState {
    fn to_metadata(&self) -> String {
        format!(
            "{METADATA_PREFIX}/{}/{}/{}",
            self.code, self.wrong_answers, self.codes_sent
        )
    }

    fn from_metadata(metadata: &str) -> Option<ChallengeState> {
        let mut parts = metadata.split('/');
        if parts.next()? != METADATA_PREFIX {
            return None;
        }
        let code = parts.next()?.to_owned();
        let wrong_answers = parts.next()?.parse().ok()?;
        let codes_sent = parts.next()?.parse().ok()?;
        let well_formed = parts.next().is_none()
            && code.len() == CODE_LENGTH
            && code.bytes().all(|b| b.is_ascii_digit());
        well_formed.then_some(ChallengeState {
            code,
            wrong_answers,
            codes_sent,
        })
    }
}

fn new_code_requested(client_metadata: &HashMap<String, String>) -> bool {
    client_metadata
        .get(ACTION_KEY)
        .is_some_and(|action| action == NEW_CODE_ACTION)
}

/// The state of the last challenge, when the whole history is this flow's.
fn last_state(
    session: &[Option<CognitoEventUserPoolsChallengeResult>],
) -> Option<(ChallengeState, bool)> {
    let ours = |entry: &Option<CognitoEventUserPoolsChallengeResult>| {
        entry
            .as_ref()
            .is_some_and(|e| e.challenge_name.as_deref() == Some(CUSTOM_CHALLENGE))
    };
    if !session.iter().all(ours) {
        return None;
    }
    let last = session.last()?.as_ref()?;
    let state = ChallengeState::from_metadata(last.challenge_metadata.as_deref()?)?;
    Some((state, last.challenge_result))
}

/// Define auth challenge: present a code challenge; issue tokens after a right answer; fail
/// after the third wrong answer, a fourth code asked for, or any history this flow did not
/// write. An unknown user (`userNotFound`, with PreventUserExistenceErrors) goes through the
/// same steps, so the answers reveal nothing; Verify never accepts their answer.
pub fn define_auth_challenge(
    mut event: CognitoEventUserPoolsDefineAuthChallenge,
) -> Result<CognitoEventUserPoolsDefineAuthChallenge, TriggerError> {
    let request = &event.request;
    let next = if request.session.is_empty() {
        Next::Challenge
    } else {
        match last_state(&request.session) {
            None => Next::Fail,
            Some((_, true)) => Next::Tokens,
            Some((state, false)) if new_code_requested(&request.client_metadata) => {
                if state.codes_sent >= MAX_CODES_SENT {
                    Next::Fail
                } else {
                    Next::Challenge
                }
            }
            Some((state, false)) => {
                if state.wrong_answers + 1 >= MAX_WRONG_ANSWERS {
                    Next::Fail
                } else {
                    Next::Challenge
                }
            }
        }
    };
    let response = &mut event.response;
    response.issue_tokens = next == Next::Tokens;
    response.fail_authentication = next == Next::Fail;
    response.challenge_name = (next == Next::Challenge).then(|| CUSTOM_CHALLENGE.to_owned());
    Ok(event)
}

#[derive(PartialEq, Eq)]
enum Next {
    Challenge,
    Tokens,
    Fail,
}

/// Create auth challenge: the first challenge and every challenge after "new code" get a fresh
/// code from the operating system's CSPRNG, e-mailed to the user's verified address; a
/// challenge after a wrong answer keeps the code already sent. Nothing is sent for an unknown
/// user or one without a verified e-mail address, and the response looks the same.
pub async fn create_auth_challenge(
    mut event: CognitoEventUserPoolsCreateAuthChallenge,
    settings: &Settings,
    mailer: &dyn Mailer,
) -> Result<CognitoEventUserPoolsCreateAuthChallenge, TriggerError> {
    let request = &event.request;
    if request.challenge_name.as_deref() != Some(CUSTOM_CHALLENGE) {
        return Err(TriggerError::InvalidEvent(format!(
            "this flow creates only {CUSTOM_CHALLENGE} challenges"
        )));
    }
    let (state, send) = if request.session.is_empty() {
        (
            ChallengeState {
                code: new_code()?,
                wrong_answers: 0,
                codes_sent: 1,
            },
            true,
        )
    } else {
        let Some((previous, _)) = last_state(&request.session) else {
            return Err(TriggerError::InvalidEvent(
                "the session history was not written by this flow".to_owned(),
            ));
        };
        if new_code_requested(&request.client_metadata) {
            let state = ChallengeState {
                code: new_code()?,
                wrong_answers: previous.wrong_answers,
                codes_sent: previous.codes_sent + 1,
            };
            (state, true)
        } else {
            let state = ChallengeState {
                wrong_answers: previous.wrong_answers + 1,
                ..previous
            };
            (state, false)
        }
    };

    let verified_email = (request
        .user_attributes
        .get("email_verified")
        .map(String::as_str)
        == Some("true"))
    .then(|| request.user_attributes.get("email"))
    .flatten()
    .filter(|_| !request.user_not_found);
    if send {
        match verified_email {
            Some(to) => {
                let mail = sign_in_code_mail(settings, to, &state.code);
                mailer.send(&settings.mail_from, &mail).await?;
            }
            None => tracing::info!("no sign-in code sent: unknown user or no verified e-mail"),
        }
    }

    let response = &mut event.response;
    response.public_challenge_parameters = HashMap::from([
        ("delivery".to_owned(), "EMAIL".to_owned()),
        ("codeLength".to_owned(), CODE_LENGTH.to_string()),
        (
            "attemptsLeft".to_owned(),
            MAX_WRONG_ANSWERS
                .saturating_sub(state.wrong_answers)
                .to_string(),
        ),
        (
            "codesLeft".to_owned(),
            MAX_CODES_SENT.saturating_sub(state.codes_sent).to_string(),
        ),
    ]);
    response.private_challenge_parameters =
        HashMap::from([("code".to_owned(), state.code.clone())]);
    response.challenge_metadata = Some(state.to_metadata());
    Ok(event)
}

/// Verify auth challenge response: the answer is right when it equals the code, compared in
/// constant time. Never right for an unknown user or for a "new code" request.
pub fn verify_auth_challenge(
    mut event: CognitoEventUserPoolsVerifyAuthChallenge,
) -> Result<CognitoEventUserPoolsVerifyAuthChallenge, TriggerError> {
    let request = &event.request;
    let answer = match &request.challenge_answer {
        Some(Value::String(answer)) => answer.trim(),
        _ => "",
    };
    let expected = request
        .private_challenge_parameters
        .get("code")
        .filter(|code| code.len() == CODE_LENGTH);
    let correct = match expected {
        Some(code) if !request.user_not_found && !new_code_requested(&request.client_metadata) => {
            bool::from(answer.as_bytes().ct_eq(code.as_bytes()))
        }
        _ => false,
    };
    event.response.answer_correct = correct;
    Ok(event)
}

/// Six uniformly distributed decimal digits from the operating system's CSPRNG.
fn new_code() -> Result<String, TriggerError> {
    // The largest multiple of 10^6 below 2^32: rejecting draws above it removes modulo bias.
    const LIMIT: u32 = 4_294_000_000;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(|_| {
            TriggerError::Upstream("the system random number generator failed".to_owned())
        })?;
        let draw = u32::from_le_bytes(bytes);
        if draw < LIMIT {
            return Ok(format!("{:06}", draw % 1_000_000));
        }
    }
}

/// The e-mail carrying a passwordless sign-in code.
pub(crate) fn sign_in_code_mail(settings: &Settings, to: &str, code: &str) -> Mail {
    let product = &settings.product_name;
    let lead = format!(
        "Enter this code to sign in to {product}. It works once, for a few minutes, and only in the window where you asked for it."
    );
    Mail {
        to: to.to_owned(),
        subject: format!("Your {product} sign-in code"),
        html: html_email(
            settings,
            "Your sign-in code",
            &lead,
            "Your sign-in code",
            code,
            None,
        ),
        text: format!(
            "{lead}\n\nYour sign-in code: {code}\n\nIf you did not ask for this, you can ignore this e-mail.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: Vec<String> = (0..50).map(|_| new_code().unwrap()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == CODE_LENGTH && c.bytes().all(|b| b.is_ascii_digit()))
        );
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert!(
            distinct.len() > 40,
            "50 draws gave only {} distinct codes",
            distinct.len()
        );
    }

    #[test]
    fn metadata_round_trips_and_rejects_foreign_values() {
        let state = ChallengeState {
            code: "012345".to_owned(),
            wrong_answers: 2,
            codes_sent: 1,
        };
        assert_eq!(
            ChallengeState::from_metadata(&state.to_metadata()),
            Some(state)
        );
        for foreign in [
            "",
            "CODE-123456",
            "EMAIL_CODE/12345/0/1",
            "EMAIL_CODE/123456/x/1",
            "EMAIL_CODE/123456/0/1/9",
        ] {
            assert_eq!(ChallengeState::from_metadata(foreign), None, "{foreign}");
        }
    }
}
