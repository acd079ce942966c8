//! MFA enrolment: TOTP software tokens and per-user MFA preferences.
//!
//! AssociateSoftwareToken / VerifySoftwareToken accept either an access token (a signed-in
//! user adding TOTP) or the `Session` of an MFA_SETUP challenge (enrolment during sign-in,
//! when the pool requires MFA); in the latter case each call answers with a new session.

use cognito_wire::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, SetUserMFAPreferenceRequest,
    VerifySoftwareTokenRequest, VerifySoftwareTokenResponse, VerifySoftwareTokenResponseType,
};

use crate::model::{MfaFactor, User};
use crate::ops::Context;
use crate::ops::Empty;
use crate::ops::auth::{new_session, open_session};
use crate::ops::session::authenticate;
use crate::protocol::ApiError;
use crate::store::Tx;
use crate::totp;

/// The user an enrolment call is about, and the next session if it came with one.
struct Enrolment {
    user: User,
    next_session: Option<String>,
}

fn enrolment(
    ctx: &Context,
    tx: &Tx<'_>,
    access_token: Option<&str>,
    session: Option<&str>,
) -> Result<Enrolment, ApiError> {
    match (access_token, session) {
        (Some(token), _) => {
            let caller = authenticate(ctx, tx, token)?;
            Ok(Enrolment {
                user: caller.user,
                next_session: None,
            })
        }
        (None, Some(session_id)) => {
            let (session, pool, client, user) = open_session(ctx, tx, session_id)?;
            if session.challenge != "MFA_SETUP" {
                return Err(ApiError::not_authorized("Invalid session for the user."));
            }
            tx.consume_auth_session(&session.id, ctx.now())?;
            let next_session = Some(new_session(ctx, tx, &pool, &client, &user, "MFA_SETUP")?);
            Ok(Enrolment { user, next_session })
        }
        (None, None) => Err(ApiError::invalid_parameter(
            "Either AccessToken or Session must be provided",
        )),
    }
}

pub fn associate_software_token(
    ctx: &Context,
    req: AssociateSoftwareTokenRequest,
) -> Result<AssociateSoftwareTokenResponse, ApiError> {
    let secret = totp::generate_secret()?;
    ctx.store.transaction(|tx| {
        let Enrolment {
            mut user,
            next_session,
            ..
        } = enrolment(ctx, tx, req.access_token.as_deref(), req.session.as_deref())?;
        user.mfa.pending_totp_secret = Some(secret.clone());
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        Ok(AssociateSoftwareTokenResponse {
            secret_code: Some(secret.clone()),
            session: next_session,
        })
    })
}

pub fn verify_software_token(
    ctx: &Context,
    req: VerifySoftwareTokenRequest,
) -> Result<VerifySoftwareTokenResponse, ApiError> {
    ctx.store.transaction(|tx| {
        let Enrolment {
            mut user,
            next_session,
            ..
        } = enrolment(ctx, tx, req.access_token.as_deref(), req.session.as_deref())?;
        let pending = user.mfa.pending_totp_secret.clone().ok_or_else(|| {
            ApiError::invalid_parameter("Call AssociateSoftwareToken before VerifySoftwareToken")
        })?;
        if !totp::verify(&pending, req.user_code.trim(), ctx.now()) {
            return Err(ApiError::new(
                "EnableSoftwareTokenMFAException",
                "Code mismatch and fail enable Software Token MFA",
            ));
        }
        user.mfa.totp_secret = Some(pending);
        user.mfa.pending_totp_secret = None;
        // Enrolling during sign-in (MFA_SETUP) turns the factor on, as Cognito does.
        if next_session.is_some() && !user.mfa.enabled.contains(&MfaFactor::SoftwareToken) {
            user.mfa.enabled.push(MfaFactor::SoftwareToken);
        }
        user.modified_at = ctx.now();
        tx.update_user(&user)?;
        Ok(VerifySoftwareTokenResponse {
            status: Some(VerifySoftwareTokenResponseType::Success),
            session: next_session,
        })
    })
}

pub fn set_user_mfa_preference(
    ctx: &Context,
    req: SetUserMFAPreferenceRequest,
) -> Result<Empty, ApiError> {
    ctx.store.transaction(|tx| {
        let mut user = authenticate(ctx, tx, &req.access_token)?.user;
        // (Enabled, PreferredMfa) per factor: the three settings shapes have the same members.
        let requested = [
            (
                MfaFactor::Sms,
                req.sms_mfa_settings.map(|s| (s.enabled, s.preferred_mfa)),
            ),
            (
                MfaFactor::SoftwareToken,
                req.software_token_mfa_settings
                    .map(|s| (s.enabled, s.preferred_mfa)),
            ),
            (
                MfaFactor::Email,
                req.email_mfa_settings.map(|s| (s.enabled, s.preferred_mfa)),
            ),
        ];
        for (factor, settings) in requested {
            let Some((enabled, preferred_mfa)) = settings else {
                continue;
            };
            if let Some(enabled) = enabled {
                if enabled {
                    check_factor_available(&user, factor)?;
                    if !user.mfa.enabled.contains(&factor) {
                        user.mfa.enabled.push(factor);
                    }
                } else {
                    user.mfa.enabled.retain(|f| *f != factor);
                }
            }
            match preferred_mfa {
                Some(true) => {
                    check_factor_available(&user, factor)?;
                    user.mfa.preferred = Some(factor);
                }
                Some(false) if user.mfa.preferred == Some(factor) => user.mfa.preferred = None,
                _ => {}
            }
        }
        if user
            .mfa
            .preferred
            .is_some_and(|p| !user.mfa.enabled.contains(&p))
        {
            user.mfa.preferred = None;
        }
        user.mfa.enabled.sort();
        user.modified_at = ctx.now();
        tx.update_user(&user)
    })?;
    Ok(Empty {})
}

fn check_factor_available(user: &User, factor: MfaFactor) -> Result<(), ApiError> {
    let available = match factor {
        MfaFactor::SoftwareToken => user.mfa.totp_secret.is_some(),
        MfaFactor::Sms => user.attribute("phone_number").is_some(),
        MfaFactor::Email => user.attribute("email").is_some(),
    };
    if available {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(match factor {
            MfaFactor::SoftwareToken => "User has not verified software token mfa",
            MfaFactor::Sms => "User does not have a phone number",
            MfaFactor::Email => "User does not have an email address",
        }))
    }
}
