//! One component per route. Protected pages are wrapped in [`Guard`](crate::guard::Guard) by the
//! route table in `app.rs`; inside, a session is always present.

mod account;
mod account_load;
mod fields;
mod form;
mod mfa;
mod passwordless;
mod profile;
mod profile_details;
mod profile_security;
mod qr;
mod sign_in;
mod sign_in_advance;
mod sign_in_mfa;
mod users;

pub use account::{Confirm, ForgotPassword, SignUp};
pub use profile::Profile;
pub use sign_in::SignIn;
pub use users::Users;

use crate::access::{ROLE_PAGES, allowed};
use crate::auth::use_auth;
use crate::config::ConfigError;
use crate::text;
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
            <h1>{text::shell::WELCOME}{username()}</h1>
            <p class="lead">{text::shell::HOME_LEAD}</p>
            <ul class="links role-links">{role_links}</ul>
            <p class="hint">{text::shell::HOME_HINT}</p>
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
            <p>{text::shell::SIGNED_IN_AS}<strong>{username()}</strong>"."</p>
        </section>
    }
}

#[component]
pub fn Admin() -> impl IntoView {
    view! { <AreaPage title=text::shell::ADMIN_TITLE summary=text::shell::ADMIN_SUMMARY /> }
}

#[component]
pub fn Editor() -> impl IntoView {
    view! { <AreaPage title=text::shell::EDITOR_TITLE summary=text::shell::EDITOR_SUMMARY /> }
}

#[component]
pub fn Content() -> impl IntoView {
    view! { <AreaPage title=text::shell::CONTENT_TITLE summary=text::shell::CONTENT_SUMMARY /> }
}

#[component]
pub fn Reports() -> impl IntoView {
    view! { <AreaPage title=text::shell::REPORTS_TITLE summary=text::shell::REPORTS_SUMMARY /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{text::shell::NOT_FOUND}</h1>
            <p>{text::shell::NOT_FOUND_LEAD}</p>
            <A href=crate::access::HOME>{text::shell::BACK_HOME}</A>
        </section>
    }
}

/// Shown instead of the app when `/config.json` is missing or wrong: names the problem.
#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    view! {
        <main class="config-error" role="alert">
            <h1>{text::shell::CONFIG_ERROR}</h1>
            <p class="problem">{error.to_string()}</p>
            <p>
                {text::shell::CONFIG_HELP_1}<code>"/config.json"</code>
                {text::shell::CONFIG_HELP_2}<code>"index.html"</code>{text::shell::CONFIG_HELP_3}
            </p>
        </main>
    }
}
