//! User administration (`/api/admin/`, members of [`crate::groups::ADMINS`] only).

use cognito_wire::UserStatusType;
use serde::{Deserialize, Serialize};

use crate::endpoint::{Body, Params, encode_component};
use crate::role::Role;

/// `GET /api/admin/users?search=&filter=&limit=&next=`: one page of the pool's users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    /// A username prefix.
    pub search: Option<String>,
    /// A ListUsers filter expression (`email ^= "ca"`), instead of `search`.
    pub filter: Option<String>,
    /// Users per page, 1 to 60 (60 when absent).
    pub limit: Option<i32>,
    /// The [`UserPage::next`] of the previous page.
    pub next: Option<String>,
}

impl Params for ListUsersQuery {
    /// `route?limit=…&search=…&filter=…&next=…`, with only the members that are set.
    fn fill(&self, route: &str) -> String {
        let limit = self.limit.map(|limit| limit.to_string());
        let pairs = [
            ("limit", limit.as_deref()),
            ("search", self.search.as_deref()),
            ("filter", self.filter.as_deref()),
            ("next", self.next.as_deref()),
        ];
        let mut path = route.to_owned();
        for (name, value) in pairs {
            if let Some(value) = value {
                path.push(if path.contains('?') { '&' } else { '?' });
                path.push_str(name);
                path.push('=');
                path.push_str(&encode_component(value));
            }
        }
        path
    }
}

/// One page of [`UserSummary`]s: `{"users": [...], "next"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    /// The users of this page.
    pub users: Vec<UserSummary>,
    /// Pass back as [`ListUsersQuery::next`] for the following page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// One row of the user table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    /// The name Cognito knows the user by.
    pub username: String,
    /// Where the user stands (`CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`, ...).
    pub status: UserStatusType,
    /// False once an administrator disabled them.
    pub enabled: bool,
    /// `email`.
    #[serde(default)]
    pub email: Option<String>,
    /// `custom:role`.
    #[serde(default)]
    pub role: Option<String>,
    /// The user's groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// When the user was created (Unix seconds).
    #[serde(default)]
    pub created_at: Option<i64>,
}

/// The path parameter of the routes about one user: `/admin/users/{username}/…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPath {
    /// The user's name (percent-encoded in the path).
    pub username: String,
}

impl Params for UserPath {
    fn fill(&self, route: &str) -> String {
        route.replace("{username}", &encode_component(&self.username))
    }
}

/// The path parameters of `/admin/users/{username}/groups/{group}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserGroupPath {
    /// The user's name.
    pub username: String,
    /// The group (see [`crate::groups::MANAGED`] for those the app offers).
    pub group: String,
}

impl Params for UserGroupPath {
    fn fill(&self, route: &str) -> String {
        route
            .replace("{username}", &encode_component(&self.username))
            .replace("{group}", &encode_component(&self.group))
    }
}

/// `PUT /api/admin/users/{username}/role`: `{"role": "viewer"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetRoleRequest {
    /// The new `custom:role`.
    pub role: Role,
}

impl Body for SetRoleRequest {}

/// The answer of every user action: `{"ok": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Done {
    /// Always true (a failure answers an error instead).
    pub ok: bool,
}

impl Done {
    /// `{"ok": true}`.
    pub const OK: Self = Self { ok: true };
}
