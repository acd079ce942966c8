//! Direct mode's self-service with a session: the signed-in user's attributes (GetUser,
//! UpdateUserAttributes, verification of a changed e-mail), password change, account deletion
//! and TOTP enrolment; plus the sign-in steps that enrol or choose a factor (MFA_SETUP,
//! SELECT_MFA_TYPE). Every call takes a fresh access token from the session.

use super::Direct;
use crate::auth::{Account, AuthError, SignInStep};
use crate::text;
use cognito_session::wire::{
    AccessTokenRequest, AssociateSoftwareTokenRequest, AttributeType, ChallengeAnswer,
    ChallengeName, ChangePasswordRequest, GetUserAttributeVerificationCodeRequest,
    RespondToAuthChallengeRequest, SetUserMfaPreferenceRequest, SoftwareTokenMfaSettingsType,
    UpdateUserAttributesRequest, VerifySoftwareTokenRequest, VerifySoftwareTokenStatus,
    VerifyUserAttributeRequest,
};
use cognito_session::{Event, SessionState};
use leptos::prelude::*;

impl Direct {
    async fn token(self) -> Result<String, AuthError> {
        self.access_token()
            .await
            .ok_or_else(|| AuthError::new(text::SIGNED_OUT))
    }

    /// GetUser: attributes and MFA settings.
    pub async fn account(self) -> Result<Account, AuthError> {
        let access_token = self.token().await?;
        let user = self
            .client()
            .get_user(&AccessTokenRequest { access_token })
            .await?;
        Ok(Account {
            attributes: user.user_attributes,
            mfa_enabled: user.user_mfa_setting_list.unwrap_or_default(),
        })
    }

    /// UpdateUserAttributes with the changed `(name, value)` pairs. Returns whether the pool
    /// sent a verification code (a changed e-mail address).
    pub async fn update_attributes(self, changes: &[(String, String)]) -> Result<bool, AuthError> {
        let access_token = self.token().await?;
        let request = UpdateUserAttributesRequest {
            user_attributes: changes
                .iter()
                .map(|(name, value)| AttributeType {
                    name: name.clone(),
                    value: Some(value.clone()),
                })
                .collect(),
            access_token,
            client_metadata: None,
        };
        let response = self.client().update_user_attributes(&request).await?;
        Ok(response
            .code_delivery_details_list
            .is_some_and(|list| !list.is_empty()))
    }

    /// GetUserAttributeVerificationCode: sends a code for `attribute` (e.g. `email`).
    pub async fn send_verification_code(self, attribute: &str) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        let request = GetUserAttributeVerificationCodeRequest {
            access_token,
            attribute_name: attribute.to_owned(),
            client_metadata: None,
        };
        self.client()
            .get_user_attribute_verification_code(&request)
            .await?;
        Ok(())
    }

    /// VerifyUserAttribute with the code the person received.
    pub async fn verify_attribute(self, attribute: &str, code: &str) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        let request = VerifyUserAttributeRequest {
            access_token,
            attribute_name: attribute.to_owned(),
            code: code.to_owned(),
        };
        self.client().verify_user_attribute(&request).await?;
        Ok(())
    }

    /// ChangePassword: the current password and the new one.
    pub async fn change_password(self, current: &str, proposed: &str) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        let request = ChangePasswordRequest {
            previous_password: Some(current.to_owned()),
            proposed_password: proposed.to_owned(),
            access_token,
        };
        self.client().change_password(&request).await?;
        Ok(())
    }

    /// DeleteUser, then signs out of this browser (the refresh token died with the user).
    pub async fn delete_account(self) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        self.client()
            .delete_user(&AccessTokenRequest { access_token })
            .await?;
        self.sign_out();
        Ok(())
    }

    /// AssociateSoftwareToken for the signed-in user: the new TOTP secret (base32).
    pub async fn associate_totp(self) -> Result<String, AuthError> {
        let access_token = self.token().await?;
        let request = AssociateSoftwareTokenRequest {
            access_token: Some(access_token),
            session: None,
        };
        let response = self.client().associate_software_token(&request).await?;
        response
            .secret_code
            .ok_or_else(|| AuthError::new(text::UNKNOWN_ANSWER))
    }

    /// VerifySoftwareToken with a code from the app, then SetUserMFAPreference: TOTP enabled
    /// and preferred.
    pub async fn confirm_totp(self, code: &str) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        let request = VerifySoftwareTokenRequest {
            access_token: Some(access_token.clone()),
            user_code: code.to_owned(),
            ..Default::default()
        };
        let response = self.client().verify_software_token(&request).await?;
        if response.status == Some(VerifySoftwareTokenStatus::Error) {
            return Err(AuthError::new(text::mfa::CODE_REJECTED));
        }
        self.set_totp(access_token, true).await
    }

    /// SetUserMFAPreference: TOTP off (sign-in asks for the password only).
    pub async fn disable_totp(self) -> Result<(), AuthError> {
        let access_token = self.token().await?;
        self.set_totp(access_token, false).await
    }

    async fn set_totp(self, access_token: String, on: bool) -> Result<(), AuthError> {
        let request = SetUserMfaPreferenceRequest {
            software_token_mfa_settings: Some(SoftwareTokenMfaSettingsType {
                enabled: Some(on),
                preferred_mfa: Some(on),
            }),
            access_token,
            ..Default::default()
        };
        self.client().set_user_mfa_preference(&request).await?;
        Ok(())
    }

    /// SELECT_MFA_TYPE: the factor the person chose; the pool then asks for its code.
    pub async fn select_mfa_type(self, factor: &ChallengeName) -> Result<SignInStep, AuthError> {
        let challenge = self.pending_challenge()?;
        let request = RespondToAuthChallengeRequest::select_mfa_type(&challenge, factor);
        self.answer(challenge, request).await
    }

    /// MFA_SETUP, first half: AssociateSoftwareToken with the challenge's session. The pool
    /// answers with a new session, which replaces the pending one.
    pub async fn associate_totp_during_sign_in(self) -> Result<String, AuthError> {
        let mut challenge = self.pending_challenge()?;
        let request = AssociateSoftwareTokenRequest {
            access_token: None,
            session: challenge.session.clone(),
        };
        let response = self.client().associate_software_token(&request).await?;
        if response.session.is_some() {
            challenge.session = response.session;
        }
        self.dispatch(Event::ChallengeIssued(challenge));
        response
            .secret_code
            .ok_or_else(|| AuthError::new(text::UNKNOWN_ANSWER))
    }

    /// MFA_SETUP, second half: VerifySoftwareToken with the session, then answers MFA_SETUP
    /// with the session it returned.
    pub async fn finish_totp_setup(self, code: &str) -> Result<SignInStep, AuthError> {
        let mut challenge = self.pending_challenge()?;
        let request = VerifySoftwareTokenRequest {
            session: challenge.session.clone(),
            user_code: code.to_owned(),
            ..Default::default()
        };
        let response = self.client().verify_software_token(&request).await?;
        if response.status == Some(VerifySoftwareTokenStatus::Error) {
            return Err(AuthError::new(text::mfa::CODE_REJECTED));
        }
        if response.session.is_some() {
            challenge.session = response.session;
        }
        self.dispatch(Event::ChallengeIssued(challenge.clone()));
        let request =
            RespondToAuthChallengeRequest::answer(&challenge, "USERNAME", challenge.username());
        self.answer(challenge, request).await
    }

    /// The username of a pending sign-in challenge, for the authenticator app's label.
    pub fn challenge_username(self) -> Option<String> {
        match self.state.get_untracked() {
            SessionState::ChallengePending(challenge) => Some(challenge.username().to_owned()),
            _ => None,
        }
    }
}
