//! The profile page's account record, shared by the page and its sections (a module of its own
//! so the sections need not import the page that contains them).

use crate::auth::{Account, AuthError};
use leptos::prelude::*;

/// The user's record from GetUser, shared by the sections; `get()` is `None` while it loads.
pub type AccountLoad = LocalResource<Result<Account, AuthError>>;

/// Fetches the record again after a change; the old one stays on screen meanwhile.
pub fn reload_account(account: AccountLoad) {
    account.refetch();
}
