//! What the server says about this browser's session: `GET /api/session`, and the answer of
//! every sign-in step.
//!
//! On the wire a view is one flat object told apart by `signedIn` (and `challenge`); here it is
//! an enum. Both directions go through the flat [`Wire`] shape, so the app carries one
//! deserializer for both answers.

use cognito_wire::{ChallengeNameType, StringMap};
use serde::de::Error as _;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where this browser's session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionView {
    /// Signed in: `{"signedIn": true, "username", "email", "role", "groups",
    /// "accessExpiresAt", "idExpiresAt", "sessionExpiresAt"}`.
    SignedIn(SignedInUser),
    /// Mid sign-in: `{"signedIn": false, "challenge": {"name", "parameters", "username"}}`.
    Challenge(ChallengeView),
    /// `{"signedIn": false}`.
    SignedOut,
}

/// The signed-in user, from the tokens the server verified (it keeps the tokens). Times are
/// Unix seconds on the server's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInUser {
    /// `cognito:username`: the name Cognito knows the user by.
    pub username: String,
    /// `email`, when the user has one.
    pub email: Option<String>,
    /// `custom:role`, when set (any value the pool holds, not only a [`crate::Role`]).
    pub role: Option<String>,
    /// `cognito:groups`, in Cognito's order (by precedence).
    pub groups: Vec<String>,
    /// When the access token expires; the server has refreshed it by then.
    pub access_expires_at: u64,
    /// When the ID token expires.
    pub id_expires_at: u64,
    /// When the server's session (the cookie) ends at the latest.
    pub session_expires_at: u64,
}

/// A challenge waiting for an answer (`POST /api/challenge`). The challenge's session stays
/// on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeView {
    /// Which challenge.
    pub name: ChallengeNameType,
    /// Cognito's challenge parameters (e.g. where a code was sent).
    #[serde(default)]
    pub parameters: StringMap,
    /// The name Cognito knows the user by; labels an authenticator app set up in MFA_SETUP.
    #[serde(default)]
    pub username: String,
}

/// The answer of a sign-in step (`sign-in`, `sign-in-code`, `challenge`): the new session's
/// view plus `"status": "signedIn"` or `"challenge"`, which follows from the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepAnswer(pub SessionView);

impl SessionView {
    fn status(&self) -> Option<&'static str> {
        match self {
            Self::SignedIn(_) => Some("signedIn"),
            Self::Challenge(_) => Some("challenge"),
            Self::SignedOut => None,
        }
    }

    fn serialize_with<S: Serializer>(
        &self,
        status: Option<&str>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("SessionView", 9)?;
        if let Some(status) = status {
            out.serialize_field("status", status)?;
        }
        match self {
            Self::SignedIn(user) => {
                out.serialize_field("signedIn", &true)?;
                out.serialize_field("username", &user.username)?;
                out.serialize_field("email", &user.email)?;
                out.serialize_field("role", &user.role)?;
                out.serialize_field("groups", &user.groups)?;
                out.serialize_field("accessExpiresAt", &user.access_expires_at)?;
                out.serialize_field("idExpiresAt", &user.id_expires_at)?;
                out.serialize_field("sessionExpiresAt", &user.session_expires_at)?;
            }
            Self::Challenge(challenge) => {
                out.serialize_field("signedIn", &false)?;
                out.serialize_field("challenge", challenge)?;
            }
            Self::SignedOut => out.serialize_field("signedIn", &false)?,
        }
        out.end()
    }
}

impl Serialize for SessionView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(None, serializer)
    }
}

impl Serialize for StepAnswer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with(self.0.status(), serializer)
    }
}

/// The flat object on the wire; `status` is not read (it follows from the rest).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    signed_in: bool,
    #[serde(default)]
    challenge: Option<ChallengeView>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    access_expires_at: Option<u64>,
    #[serde(default)]
    id_expires_at: Option<u64>,
    #[serde(default)]
    session_expires_at: Option<u64>,
}

impl Wire {
    fn into_view(self) -> Option<SessionView> {
        Some(match (self.signed_in, self.challenge) {
            (true, _) => SessionView::SignedIn(SignedInUser {
                username: self.username?,
                email: self.email,
                role: self.role,
                groups: self.groups,
                access_expires_at: self.access_expires_at?,
                id_expires_at: self.id_expires_at?,
                session_expires_at: self.session_expires_at?,
            }),
            (false, Some(challenge)) => SessionView::Challenge(challenge),
            (false, None) => SessionView::SignedOut,
        })
    }
}

impl<'de> Deserialize<'de> for SessionView {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Wire::deserialize(deserializer)?
            .into_view()
            .ok_or_else(|| D::Error::custom("a signed-in view without username or expiry times"))
    }
}

impl<'de> Deserialize<'de> for StepAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SessionView::deserialize(deserializer).map(Self)
    }
}
