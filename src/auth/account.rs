//! Account self-service that needs no session: sign-up and its confirmation, and a forgotten
//! password. Pages call these methods of [`Auth`]; the client fills in the app client id.

use super::{Auth, AuthError};
use cognito_session::wire::{
    AttributeType, CodeDeliveryDetailsType, ConfirmForgotPasswordRequest, ConfirmSignUpRequest,
    ForgotPasswordRequest, ResendConfirmationCodeRequest, SignUpRequest,
};

/// Where the pool sent a code (`CodeDeliveryDetails`), for the page to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeSent {
    /// Masked by the pool (`a***@e***`).
    pub destination: Option<String>,
    /// `EMAIL` or `SMS`.
    pub medium: Option<String>,
}

impl CodeSent {
    fn from_details(details: Option<CodeDeliveryDetailsType>) -> Self {
        let details = details.unwrap_or_default();
        Self {
            destination: details.destination,
            medium: details.delivery_medium.map(|m| m.as_str().to_owned()),
        }
    }

    /// The sentence for the page, or `None` when the pool did not say where the code went.
    pub fn describe(&self) -> Option<String> {
        self.destination
            .as_deref()
            .map(|to| crate::text::account::code_sent(to, self.medium.as_deref()))
    }
}

/// What SignUp answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedUp {
    /// Confirmed already (e.g. by a pre sign-up trigger): sign in next.
    Confirmed,
    /// A confirmation code was sent.
    CodeSent(CodeSent),
}

impl Auth {
    /// The Cognito client for self-service. Server mode holds no public client: the server
    /// offers sign-in only, so these pages say to ask an administrator.
    fn self_service(
        self,
    ) -> Result<std::rc::Rc<cognito_session::CognitoClient<super::FetchTransport>>, AuthError> {
        if self.server {
            return Err(AuthError::new(
                crate::text::server::SELF_SERVICE_UNAVAILABLE,
            ));
        }
        Ok(self.client())
    }

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
        let response = self.self_service()?.sign_up(&request).await?;
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
        self.self_service()?.confirm_sign_up(&request).await?;
        Ok(())
    }

    /// ResendConfirmationCode: a new sign-up code.
    pub async fn resend_confirmation_code(self, username: &str) -> Result<CodeSent, AuthError> {
        let request = ResendConfirmationCodeRequest {
            username: username.to_owned(),
            ..Default::default()
        };
        let response = self
            .self_service()?
            .resend_confirmation_code(&request)
            .await?;
        Ok(CodeSent::from_details(response.code_delivery_details))
    }

    /// ForgotPassword: sends a reset code.
    pub async fn forgot_password(self, username: &str) -> Result<CodeSent, AuthError> {
        let request = ForgotPasswordRequest {
            username: username.to_owned(),
            ..Default::default()
        };
        let response = self.self_service()?.forgot_password(&request).await?;
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
        self.self_service()?
            .confirm_forgot_password(&request)
            .await?;
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
