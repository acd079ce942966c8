//! One component per route. Pages behind sign-in are placeholders until the session lands.

use crate::config::ConfigError;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Welcome"</h1>
            <p class="lead">"Sign in with your user pool account to continue."</p>
            <A href="/sign-in" attr:class="button">"Sign in"</A>
        </section>
    }
}

#[component]
pub fn SignIn() -> impl IntoView {
    view! {
        <section class="page narrow">
            <h1>"Sign in"</h1>
        </section>
    }
}

/// A page whose content arrives with the session; `title` is its heading.
#[component]
fn Placeholder(title: &'static str) -> impl IntoView {
    view! {
        <section class="page">
            <h1>{title}</h1>
        </section>
    }
}

#[component]
pub fn Profile() -> impl IntoView {
    view! { <Placeholder title="Your profile" /> }
}

#[component]
pub fn Admin() -> impl IntoView {
    view! { <Placeholder title="Administration" /> }
}

#[component]
pub fn Editor() -> impl IntoView {
    view! { <Placeholder title="Editor" /> }
}

#[component]
pub fn Users() -> impl IntoView {
    view! { <Placeholder title="User administration" /> }
}

#[component]
pub fn Content() -> impl IntoView {
    view! { <Placeholder title="Content" /> }
}

#[component]
pub fn Reports() -> impl IntoView {
    view! { <Placeholder title="Reports" /> }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Not allowed"</h1>
            <p>"Your account does not have access to that page."</p>
            <A href="/">"Back to the home page"</A>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <A href="/">"Back to the home page"</A>
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
