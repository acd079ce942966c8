//! The routed application: layout, navigation and the route table.

use crate::access::{
    ADMIN, Access, CONTENT, EDITOR, GROUP_PAGES, HOME, PROFILE, PageLink, REPORTS, SIGN_IN, USERS,
    allowed, leads_to_sign_in,
};
use crate::auth::{UseAuthReturn, provide_auth, use_auth};
use crate::config::AppConfig;
use crate::guard::Guard;
use crate::pages::*;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// A route's page behind the guard for its path's access rule.
macro_rules! guarded {
    ($access:expr, $page:ident) => {
        || view! { <Guard access=$access><$page /></Guard> }
    };
}

/// The app for one configured pool.
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_auth(&config);
    provide_context(config);
    view! {
        <Router>
            <EarlyFormHandoff />
            <div class="shell">
                <Header />
                <Reconnecting />
                <main id="main" class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=guarded!(Access::SignedIn, Home) />
                        <Route path=path!("/sign-in") view=SignIn />
                        <Route path=path!("/sign-up") view=SignUp />
                        <Route path=path!("/confirm") view=Confirm />
                        <Route path=path!("/forgot-password") view=ForgotPassword />
                        <Route path=path!("/profile") view=guarded!(Access::SignedIn, Profile) />
                        <Route path=path!("/admin") view=guarded!(ADMIN.access, Admin) />
                        <Route path=path!("/editor") view=guarded!(EDITOR.access, Editor) />
                        <Route path=path!("/users") view=guarded!(USERS.access, Users) />
                        <Route path=path!("/content") view=guarded!(CONTENT.access, Content) />
                        <Route path=path!("/reports") view=guarded!(REPORTS.access, Reports) />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

/// Removes index.html's early sign-in form (`crate::prerendered`) once the app settles on any
/// page but that form, which takes what was typed into it itself.
#[component]
fn EarlyFormHandoff() -> impl IntoView {
    let UseAuthReturn {
        session,
        is_settled,
        ..
    } = use_auth();
    let location = use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if is_settled.get() && !leads_to_sign_in(&path, session.with(Option::is_some)) {
            crate::prerendered::dismiss();
        }
    });
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href=HOME attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                "Poolgate"
            </A>
            <Navigation />
        </header>
    }
}

/// Signed out: only "Sign in". Signed in: home, the union of the user's groups' entries (from
/// `GROUP_PAGES`), profile and sign-out. Nothing while a stored session is being restored.
#[component]
fn Navigation() -> impl IntoView {
    let UseAuthReturn {
        session,
        is_settled,
        auth,
        ..
    } = use_auth();
    // Only who is signed in and their entries: a silent refresh must not re-render the menu.
    let menu = Memo::new(move |_| {
        let session = session.get()?;
        let entries: Vec<PageLink> = allowed(GROUP_PAGES, &session)
            .into_iter()
            .copied()
            .collect();
        Some((session.username().to_owned(), entries))
    });
    move || {
        if !is_settled.get() {
            return view! { <nav class="site-nav" aria-label="Main"></nav> }.into_any();
        }
        match menu.get() {
            None => view! {
                <nav class="site-nav" aria-label="Main">
                    <A href=SIGN_IN>{crate::text::shell::SIGN_IN}</A>
                </nav>
            }
            .into_any(),
            Some((username, entries)) => {
                let entries = entries
                    .into_iter()
                    .map(|page| view! { <A href=page.href attr:data-nav="group">{page.label}</A> })
                    .collect_view();
                view! {
                    <nav class="site-nav" aria-label="Main">
                        <A href=HOME exact=true>{crate::text::shell::HOME}</A>
                        {entries}
                        <A href=PROFILE attr:class="user">{username}</A>
                        <button type="button" class="sign-out" on:click=move |_| auth.sign_out()>
                            {crate::text::shell::SIGN_OUT}
                        </button>
                    </nav>
                }
                .into_any()
            }
        }
    }
}

/// A non-blocking notice while renewal keeps failing after the access token expired.
#[component]
fn Reconnecting() -> impl IntoView {
    let reconnecting = use_auth().is_reconnecting;
    move || {
        reconnecting.get().then(|| {
            view! { <p class="notice reconnecting" role="status">{crate::text::RECONNECTING}</p> }
        })
    }
}

#[component]
fn Footer() -> impl IntoView {
    let config = expect_context::<AppConfig>();
    view! {
        <footer class="site-footer">
            <span>{crate::text::shell::USER_POOL}<code>{config.user_pool_id().to_owned()}</code></span>
            <span>{crate::text::shell::REGION}{config.region().to_owned()}</span>
        </footer>
    }
}
