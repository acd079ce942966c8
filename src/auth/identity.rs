//! Who is signed in, as pages, the guard and the navigation see it: the same type whichever
//! backend signed the person in.

use cognito_session::Session;

/// The signed-in person. Direct mode reads it from the validated [`Session`]; server mode from
/// what `poolgate-server` reports (it checked the tokens, which it keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    username: String,
    email: Option<String>,
    role: Option<String>,
    groups: Vec<String>,
    access_expires_at: u64,
    id_expires_at: u64,
}

impl SignedIn {
    /// A signed-in person as a backend describes them; times in local-clock Unix seconds.
    pub fn new(
        username: String,
        email: Option<String>,
        role: Option<String>,
        groups: Vec<String>,
        access_expires_at: u64,
        id_expires_at: u64,
    ) -> Self {
        Self {
            username,
            email,
            role,
            groups,
            access_expires_at,
            id_expires_at,
        }
    }

    /// The username (`cognito:username`).
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `email`.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The app's role attribute, `custom:role`.
    pub fn role(&self) -> Option<&str> {
        self.role.as_deref()
    }

    /// `cognito:groups`.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// When the access token expires, in local-clock Unix seconds.
    pub fn access_expires_at(&self) -> u64 {
        self.access_expires_at
    }

    /// When the ID token expires, in local-clock Unix seconds.
    pub fn id_expires_at(&self) -> u64 {
        self.id_expires_at
    }
}

impl From<&Session> for SignedIn {
    fn from(session: &Session) -> Self {
        Self::new(
            session.username().to_owned(),
            session.email().map(str::to_owned),
            session
                .attribute(crate::access::ROLE_CLAIM)
                .map(str::to_owned),
            session.groups().to_vec(),
            session.access_expires_at(),
            session.id_expires_at(),
        )
    }
}
