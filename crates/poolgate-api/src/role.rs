//! The roles (`custom:role`) an administrator may give.

use serde::{Deserialize, Serialize};

/// A role an administrator may give on `/users`; the pool keeps it in `custom:role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// `admin`.
    Admin,
    /// `editor`.
    Editor,
    /// `viewer`.
    Viewer,
}

impl Role {
    /// Every role, in the order the app offers them.
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    /// The value of `custom:role`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }

    /// The role named `value`, if it is one of [`Self::ALL`].
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
