//! One component per route. Protected pages are wrapped in [`Guard`](crate::guard::Guard) by the
//! route table in `app.rs`; inside, a session is always present.

mod account;
mod fields;
mod form;
mod mfa;
mod passwordless;
mod profile;
mod profile_details;
mod profile_security;
mod qr;
mod sign_in;
mod sign_in_mfa;
mod users;

pub use account::{Confirm, ForgotPassword, SignUp};
pub use profile::Profile;
pub use sign_in::SignIn;
pub use users::Users;

use crate::access::{ROLE_PAGES, allowed};
use crate::auth::use_auth;
use crate::config::ConfigError;
use leptos::prelude::*;
use leptos_router::components::A;

/// The signed-in session's username, for page copy (tracked).
fn username() -> impl Fn() -> String + Copy {
    let session = use_auth().session;
    move || {
        session
            .get()
            .map(|s| s.username().to_owned())
            .unwrap_or_default()
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let auth = use_auth();
    let role_links = move || {
        auth.session.get().map(|session| {
            allowed(ROLE_PAGES, &session)
                .into_iter()
                .map(|page| view! { <li><A href=page.href>{page.label}</A></li> })
                .collect_view()
        })
    };
    view! {
        <section class="page">
            <h1>"Welcome, "{username()}</h1>
            <p class="lead">"You are signed in. These are the pages your role opens:"</p>
            <ul class="links role-links">{role_links}</ul>
            <p class="hint">"Your groups add their own entries to the navigation above."</p>
        </section>
    }
}

/// A protected page's content: a heading and what the page is for.
#[component]
fn AreaPage(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <section class="page">
            <h1>{title}</h1>
            <p class="lead">{summary}</p>
            <p>"Signed in as "<strong>{username()}</strong>"."</p>
        </section>
    }
}

#[component]
pub fn Admin() -> impl IntoView {
    view! { <AreaPage title="Administration" summary="Settings only administrators may change." /> }
}

#[component]
pub fn Editor() -> impl IntoView {
    view! { <AreaPage title="Editor" summary="Drafts and publishing, for editors and administrators." /> }
}

#[component]
pub fn Content() -> impl IntoView {
    view! { <AreaPage title="Content" summary="Articles and pages, for the editors group." /> }
}

#[component]
pub fn Reports() -> impl IntoView {
    view! { <AreaPage title="Reports" summary="Read-only figures, for the viewers group." /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <A href=crate::access::HOME>"Back to the home page"</A>
        </section>
    }
}

/// Shown instead of the app when `/config.json` is missing or wrong: names the problem.
#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    view! {
        <main class="config-error" role="alert">
            <h1>"Poolgate is not configured correctly"</h1>
            <p class="problem">{error.to_string()}</p>
            <p>
                "The app reads its user pool settings from "<code>"/config.json"</code>
                " next to "<code>"index.html"</code>". See the README for the fields it needs."
            </p>
        </main>
    }
}
