//! Who may open what: the declarative tables behind the route guards and the navigation.
//! Pure data and functions, so they are unit-tested on the host.

use cognito_session::Session;

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
    pub fn allows(self, session: &Session) -> bool {
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
pub fn allowed<'a>(pages: &'a [PageLink], session: &Session) -> Vec<&'a PageLink> {
    pages
        .iter()
        .filter(|page| page.access.allows(session))
        .collect()
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
}
