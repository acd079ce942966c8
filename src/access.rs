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
        match self {
            Self::SignedIn => true,
            Self::Role(roles) => session.has_role(roles),
            Self::Group(group) => session.in_group(group),
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

/// Navigation entries by group: the menu shows the union for the user's groups, in this order.
pub const GROUP_PAGES: &[PageLink] = &[
    PageLink {
        href: "/users",
        label: "User administration",
        access: Access::Group("admins"),
    },
    PageLink {
        href: "/content",
        label: "Content",
        access: Access::Group("editors"),
    },
    PageLink {
        href: "/reports",
        label: "Reports",
        access: Access::Group("viewers"),
    },
];

/// Pages gated by `custom:role`, linked from the home page.
pub const ROLE_PAGES: &[PageLink] = &[
    PageLink {
        href: "/admin",
        label: "Administration",
        access: Access::Role(&["admin"]),
    },
    PageLink {
        href: "/editor",
        label: "Editor",
        access: Access::Role(&["editor", "admin"]),
    },
];

/// The entries of `pages` this session may open.
pub fn allowed<'a>(pages: &'a [PageLink], session: &Session) -> Vec<&'a PageLink> {
    pages
        .iter()
        .filter(|page| page.access.allows(session))
        .collect()
}

/// The access rule of a guarded path, by the tables above (and the always-signed-in pages).
pub fn access_for(href: &str) -> Option<Access> {
    GROUP_PAGES
        .iter()
        .chain(ROLE_PAGES)
        .find(|page| page.href == href)
        .map(|page| page.access)
}
