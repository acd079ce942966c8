//! Who may open what: the declarative tables behind the route guards and the navigation.
//! Pure data and functions, so they are unit-tested on the host.

use crate::auth::SignedIn;

/// The ID-token claim that holds the app's role (a Cognito custom attribute).
pub const ROLE_CLAIM: &str = "custom:role";

/// What a page requires of the signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone signed in.
    SignedIn,
    /// A `custom:role` among these.
    Role(&'static [&'static str]),
    /// Membership of this group (`cognito:groups`).
    Group(&'static str),
}

impl Access {
    pub fn allows(self, session: &SignedIn) -> bool {
        self.allows_claims(session.role(), session.groups())
    }

    /// [`Self::allows`] on the two claims it reads (`custom:role`, `cognito:groups`).
    pub fn allows_claims(self, role: Option<&str>, groups: &[String]) -> bool {
        match self {
            Self::SignedIn => true,
            Self::Role(roles) => role.is_some_and(|role| roles.contains(&role)),
            Self::Group(group) => groups.iter().any(|member| member == group),
        }
    }

    /// The requirement in words, for the Forbidden page.
    pub fn describe(self) -> String {
        match self {
            Self::SignedIn => "an account".to_owned(),
            Self::Role(roles) => format!("the role {}", roles.join(" or ")),
            Self::Group(group) => format!("membership of the group {group}"),
        }
    }
}

/// A page reachable from the navigation or the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLink {
    pub href: &'static str,
    pub label: &'static str,
    pub access: Access,
}

/// Paths of the pages that are not in the tables below.
pub const HOME: &str = "/";
pub const SIGN_IN: &str = "/sign-in";
pub const PROFILE: &str = "/profile";
pub const SIGN_UP: &str = "/sign-up";
pub const CONFIRM: &str = "/confirm";
pub const FORGOT_PASSWORD: &str = "/forgot-password";

pub const USERS: PageLink = PageLink {
    href: "/users",
    label: "User administration",
    access: Access::Group("admins"),
};
pub const CONTENT: PageLink = PageLink {
    href: "/content",
    label: "Content",
    access: Access::Group("editors"),
};
pub const REPORTS: PageLink = PageLink {
    href: "/reports",
    label: "Reports",
    access: Access::Group("viewers"),
};
pub const ADMIN: PageLink = PageLink {
    href: "/admin",
    label: "Administration",
    access: Access::Role(&["admin"]),
};
pub const EDITOR: PageLink = PageLink {
    href: "/editor",
    label: "Editor",
    access: Access::Role(&["editor", "admin"]),
};

/// Navigation entries by group: the menu shows the union for the user's groups, in this order.
pub const GROUP_PAGES: &[PageLink] = &[USERS, CONTENT, REPORTS];

/// Pages gated by `custom:role`, linked from the home page.
pub const ROLE_PAGES: &[PageLink] = &[ADMIN, EDITOR];

/// The entries of `pages` this session may open.
pub fn allowed<'a>(pages: &'a [PageLink], session: &SignedIn) -> Vec<&'a PageLink> {
    pages
        .iter()
        .filter(|page| page.access.allows(session))
        .collect()
}

/// The roles (`custom:role`) an administrator can give on `/users`.
pub const ROLES: &[&str] = &["admin", "editor", "viewer"];

/// The groups an administrator can add people to or remove them from on `/users`.
pub const MANAGED_GROUPS: &[&str] = &["admins", "editors", "viewers"];

/// One change an administrator makes to a user on `/users` (server mode's `/api/admin/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminAction {
    SetRole(&'static str),
    AddToGroup(&'static str),
    RemoveFromGroup(&'static str),
    Disable,
    Enable,
    ResetPassword,
}

impl AdminAction {
    /// Whether the page asks before doing it: it takes access away or ends sign-ins.
    pub fn needs_confirmation(&self) -> bool {
        matches!(
            self,
            Self::RemoveFromGroup(_) | Self::Disable | Self::ResetPassword
        )
    }

    /// The request: method, path under `/api/` (the username percent-encoded) and JSON body.
    pub fn request(&self, username: &str) -> (&'static str, String, Option<String>) {
        let user = format!("admin/users/{}", encode_query_value(username));
        match self {
            Self::SetRole(role) => (
                "PUT",
                format!("{user}/role"),
                Some(format!(r#"{{"role":"{role}"}}"#)),
            ),
            Self::AddToGroup(group) => ("PUT", format!("{user}/groups/{group}"), None),
            Self::RemoveFromGroup(group) => ("DELETE", format!("{user}/groups/{group}"), None),
            Self::Disable => ("POST", format!("{user}/disable"), None),
            Self::Enable => ("POST", format!("{user}/enable"), None),
            Self::ResetPassword => ("POST", format!("{user}/reset-password"), None),
        }
    }

    /// The button's words (and the confirmation's verb).
    pub fn label(&self) -> String {
        match self {
            Self::SetRole(role) => format!("Make {role}"),
            Self::AddToGroup(group) => format!("Add to {group}"),
            Self::RemoveFromGroup(group) => format!("Remove from {group}"),
            Self::Disable => "Disable".to_owned(),
            Self::Enable => "Enable".to_owned(),
            Self::ResetPassword => "Reset password of".to_owned(),
        }
    }
}

/// `admin/users?limit=…[&search=…][&next=…]`: one page of the user list.
pub fn users_page_path(search: &str, next: Option<&str>, limit: u8) -> String {
    let mut path = format!("admin/users?limit={limit}");
    let search = search.trim();
    if !search.is_empty() {
        path.push_str(&format!("&search={}", encode_query_value(search)));
    }
    if let Some(next) = next {
        path.push_str(&format!("&next={}", encode_query_value(next)));
    }
    path
}

/// `/sign-in?next=<path>`, the guard's redirect for signed-out visitors.
pub fn sign_in_then(next: &str) -> String {
    format!("{SIGN_IN}?next={}", encode_query_value(next))
}

/// `/confirm?username=…[&code=…]`: the sign-up confirmation step for `username`.
pub fn confirm_for(username: &str, code: Option<&str>) -> String {
    let mut path = format!("{CONFIRM}?username={}", encode_query_value(username));
    if let Some(code) = code {
        path.push_str(&format!("&code={}", encode_query_value(code)));
    }
    path
}

/// `/forgot-password?username=…&reset=required`: the reset step for a user whose password the
/// administrator reset (PasswordResetRequiredException; the pool has sent a code already).
pub fn reset_required_for(username: &str) -> String {
    format!(
        "{FORGOT_PASSWORD}?username={}&reset=required",
        encode_query_value(username)
    )
}

/// Why the account pages send someone to sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// The account was just confirmed.
    Confirmed,
    /// The password was just reset.
    PasswordReset,
}

/// `/sign-in?username=…&confirmed=1` (or `&reset=1`): sign-in with the username filled in.
pub fn sign_in_as(username: &str, arrival: Arrival) -> String {
    let flag = match arrival {
        Arrival::Confirmed => "confirmed",
        Arrival::PasswordReset => "reset",
    };
    format!(
        "{SIGN_IN}?username={}&{flag}=1",
        encode_query_value(username)
    )
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as
/// `encodeURIComponent` does for ASCII.
fn encode_query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Whether a signed-out or signed-in visitor of `path` ends on the sign-in form: the paths
/// where `public/prerender.js` shows index.html's early copy of that form (`/` is signed-in only,
/// so a signed-out visitor is sent to sign in).
pub fn leads_to_sign_in(path: &str, signed_in: bool) -> bool {
    !signed_in && (path == SIGN_IN || path == HOME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn every_page_has_its_own_absolute_path() {
        let mut paths: Vec<&str> = GROUP_PAGES
            .iter()
            .chain(ROLE_PAGES)
            .map(|page| page.href)
            .chain([HOME, SIGN_IN, PROFILE, SIGN_UP, CONFIRM, FORGOT_PASSWORD])
            .collect();
        assert!(paths.iter().all(|path| path.starts_with('/')));
        let count = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), count, "duplicate paths");
    }

    #[test]
    fn group_pages_need_their_group_and_role_pages_their_role() {
        assert!(
            GROUP_PAGES
                .iter()
                .all(|p| matches!(p.access, Access::Group(_)))
        );
        assert!(
            ROLE_PAGES
                .iter()
                .all(|p| matches!(p.access, Access::Role(_)))
        );
        assert!(USERS.access.allows_claims(None, &groups(&["admins"])));
        assert!(
            !USERS
                .access
                .allows_claims(Some("admin"), &groups(&["editors"]))
        );
        assert!(EDITOR.access.allows_claims(Some("admin"), &[]));
        assert!(EDITOR.access.allows_claims(Some("editor"), &[]));
        assert!(
            !ADMIN
                .access
                .allows_claims(Some("editor"), &groups(&["admins"]))
        );
        assert!(!ADMIN.access.allows_claims(None, &[]));
        assert!(Access::SignedIn.allows_claims(None, &[]));
    }

    #[test]
    fn only_admins_reach_user_administration() {
        assert_eq!(USERS.access, Access::Group("admins"));
        assert!(GROUP_PAGES.contains(&USERS));
        for (role, groups_of_user) in [(Some("admin"), &["editors"][..]), (Some("editor"), &[][..])]
        {
            assert!(!USERS.access.allows_claims(role, &groups(groups_of_user)));
        }
    }

    #[test]
    fn admin_actions_name_their_request_and_destructive_ones_ask_first() {
        assert_eq!(
            AdminAction::SetRole("viewer").request("bob"),
            (
                "PUT",
                "admin/users/bob/role".to_owned(),
                Some(r#"{"role":"viewer"}"#.to_owned())
            )
        );
        assert_eq!(
            AdminAction::RemoveFromGroup("editors").request("a b/c"),
            (
                "DELETE",
                "admin/users/a%20b%2Fc/groups/editors".to_owned(),
                None
            )
        );
        assert_eq!(
            AdminAction::ResetPassword.request("x").1,
            "admin/users/x/reset-password"
        );
        let asks: Vec<bool> = [
            AdminAction::SetRole("admin"),
            AdminAction::AddToGroup("admins"),
            AdminAction::RemoveFromGroup("admins"),
            AdminAction::Disable,
            AdminAction::Enable,
            AdminAction::ResetPassword,
        ]
        .iter()
        .map(AdminAction::needs_confirmation)
        .collect();
        assert_eq!(asks, [false, false, true, true, false, true]);
        assert!(ROLES.iter().all(|role| !role.contains('"')));
    }

    #[test]
    fn the_user_list_query_encodes_search_and_page() {
        assert_eq!(users_page_path("  ", None, 20), "admin/users?limit=20");
        assert_eq!(
            users_page_path(" b&o ", Some("tok+=/"), 20),
            "admin/users?limit=20&search=b%26o&next=tok%2B%3D%2F"
        );
    }

    #[test]
    fn requirements_are_described() {
        assert_eq!(EDITOR.access.describe(), "the role editor or admin");
        assert_eq!(REPORTS.access.describe(), "membership of the group viewers");
        assert_eq!(Access::SignedIn.describe(), "an account");
    }

    #[test]
    fn the_sign_in_redirect_encodes_where_to_return() {
        assert_eq!(sign_in_then("/reports"), "/sign-in?next=%2Freports");
        assert_eq!(sign_in_then("/a?b=c&d"), "/sign-in?next=%2Fa%3Fb%3Dc%26d");
    }

    #[test]
    fn account_steps_carry_the_username_encoded() {
        assert_eq!(confirm_for("ann lee", None), "/confirm?username=ann%20lee");
        assert_eq!(
            confirm_for("a&b", Some("123456")),
            "/confirm?username=a%26b&code=123456"
        );
        assert_eq!(
            reset_required_for("bob"),
            "/forgot-password?username=bob&reset=required"
        );
        assert_eq!(
            sign_in_as("x+y", Arrival::Confirmed),
            "/sign-in?username=x%2By&confirmed=1"
        );
        assert_eq!(
            sign_in_as("bob", Arrival::PasswordReset),
            "/sign-in?username=bob&reset=1"
        );
    }

    #[test]
    fn the_early_sign_in_form_is_kept_only_where_the_sign_in_form_comes_next() {
        assert!(leads_to_sign_in(SIGN_IN, false));
        assert!(leads_to_sign_in(HOME, false));
        assert!(
            !leads_to_sign_in(SIGN_IN, true),
            "signed in: sent on to `next`"
        );
        assert!(!leads_to_sign_in(HOME, true));
        for public in [SIGN_UP, CONFIRM, FORGOT_PASSWORD, "/no-such-page"] {
            assert!(!leads_to_sign_in(public, false), "{public}");
        }
    }
}
