//! Direct mode's account self-service that needs no session: sign-up and its confirmation, and
//! a forgotten password. The client fills in the app client id.

use super::Direct;
use crate::auth::{AuthError, CodeSent, SignedUp};
use cognito_session::wire::{
    AttributeType, ConfirmForgotPasswordRequest, ConfirmSignUpRequest, ForgotPasswordRequest,
    ResendConfirmationCodeRequest, SignUpRequest,
};

impl Direct {
    /// SignUp with the username, password and e-mail address. No other attribute is sent:
    /// nobody chooses their own role.
    pub async fn sign_up(
        self,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<SignedUp, AuthError> {
        let request = SignUpRequest {
            username: username.to_owned(),
            password: Some(password.to_owned()),
            user_attributes: Some(vec![AttributeType {
                name: "email".to_owned(),
                value: Some(email.to_owned()),
            }]),
            ..Default::default()
        };
        let response = self.client().sign_up(&request).await?;
        Ok(if response.user_confirmed {
            SignedUp::Confirmed
        } else {
            SignedUp::CodeSent(CodeSent::from_details(response.code_delivery_details))
        })
    }

    /// ConfirmSignUp with the code the person received.
    pub async fn confirm_sign_up(self, username: &str, code: &str) -> Result<(), AuthError> {
        let request = ConfirmSignUpRequest {
            username: username.to_owned(),
            confirmation_code: code.to_owned(),
            ..Default::default()
        };
        self.client().confirm_sign_up(&request).await?;
        Ok(())
    }

    /// ResendConfirmationCode: a new sign-up code.
    pub async fn resend_confirmation_code(self, username: &str) -> Result<CodeSent, AuthError> {
        let request = ResendConfirmationCodeRequest {
            username: username.to_owned(),
            ..Default::default()
        };
        let response = self.client().resend_confirmation_code(&request).await?;
        Ok(CodeSent::from_details(response.code_delivery_details))
    }

    /// ForgotPassword: sends a reset code.
    pub async fn forgot_password(self, username: &str) -> Result<CodeSent, AuthError> {
        let request = ForgotPasswordRequest {
            username: username.to_owned(),
            ..Default::default()
        };
        let response = self.client().forgot_password(&request).await?;
        Ok(CodeSent::from_details(response.code_delivery_details))
    }

    /// ConfirmForgotPassword: the code and the new password.
    pub async fn confirm_forgot_password(
        self,
        username: &str,
        code: &str,
        password: &str,
    ) -> Result<(), AuthError> {
        let request = ConfirmForgotPasswordRequest {
            username: username.to_owned(),
            confirmation_code: code.to_owned(),
            password: password.to_owned(),
            ..Default::default()
        };
        self.client().confirm_forgot_password(&request).await?;
        Ok(())
    }
}

// Host only: the triggers crate is a host-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::AuthError;
    use cognito_session::{CognitoError, Operation};

    /// A sign-up that sets `custom:role` is refused by the PreSignUp trigger; the page shows
    /// the trigger's own sentence (Cognito's text: "PreSignUp failed with error <message>.").
    #[test]
    fn a_refused_sign_up_shows_the_triggers_sentence() {
        let reason = triggers::sign_up::ROLE_CHOSEN_MESSAGE;
        let body = format!(
            r#"{{"__type":"UserLambdaValidationException","message":"PreSignUp failed with error {reason}."}}"#
        );
        let error = CognitoError::from_response(Operation::SignUp, false, 400, &body, None);
        let shown = AuthError::from(error);
        assert_eq!(shown.message, format!("{reason}."));
        assert_eq!(shown.action, None);
    }
}
