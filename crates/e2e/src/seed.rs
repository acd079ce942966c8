//! The seed users of `dev/pool.toml` and what each may see: shared by the direct-mode and
//! server-mode sign-in tests.

/// A seed user and what they may see.
pub struct Expect {
    pub username: &'static str,
    pub password: &'static str,
    pub nav: &'static [&'static str],
    pub allowed: &'static [&'static str],
}

/// The gated pages and their headings.
pub const ALL_GATED: &[(&str, &str)] = &[
    ("/admin", "Administration"),
    ("/editor", "Editor"),
    ("/users", "User administration"),
    ("/content", "Content"),
    ("/reports", "Reports"),
];

pub const SEED_USERS: &[Expect] = &[
    Expect {
        username: "alice",
        password: "Alice-pass-1",
        nav: &["User administration", "Content"],
        allowed: &["/admin", "/editor", "/users", "/content"],
    },
    Expect {
        username: "bob",
        password: "Bob-pass-12",
        nav: &["Content"],
        allowed: &["/editor", "/content"],
    },
    Expect {
        username: "carol",
        password: "Carol-pass-1",
        nav: &["Reports"],
        allowed: &["/reports"],
    },
    Expect {
        username: "erin",
        password: "Erin-pass-1",
        nav: &[],
        allowed: &[],
    },
];
