//! What account calls answer, for the pages: the user's record, where a code went, a sign-up.

use cognito_session::wire::{AttributeType, CodeDeliveryDetailsType};

/// The user's record as GetUser returns it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    pub attributes: Vec<AttributeType>,
    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP` factors turned on.
    pub mfa_enabled: Vec<String>,
}

impl Account {
    /// The value of attribute `name`, if the app client may read it and it is set.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value.as_deref())
    }

    /// Whether sign-in asks for an authenticator-app code.
    pub fn totp_enabled(&self) -> bool {
        self.mfa_enabled.iter().any(|f| f == "SOFTWARE_TOKEN_MFA")
    }
}

/// Where the pool sent a code (`CodeDeliveryDetails`), for the page to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeSent {
    /// Masked by the pool (`a***@e***`).
    pub destination: Option<String>,
    /// `EMAIL` or `SMS`.
    pub medium: Option<String>,
}

impl CodeSent {
    pub(super) fn from_details(details: Option<CodeDeliveryDetailsType>) -> Self {
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
