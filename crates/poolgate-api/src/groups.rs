//! The pool's groups (`cognito:groups`) that mean something to Poolgate.

/// Members may use `/api/admin/` (the app's "User administration").
pub const ADMINS: &str = "admins";
/// The app's "Content" page.
pub const EDITORS: &str = "editors";
/// The app's "Reports" page.
pub const VIEWERS: &str = "viewers";

/// The groups an administrator adds people to or removes them from on `/users`.
pub const MANAGED: [&str; 3] = [ADMINS, EDITORS, VIEWERS];
