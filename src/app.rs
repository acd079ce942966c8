//! The routed application: layout, navigation and the route table.

use crate::config::AppConfig;
use crate::pages::*;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

/// The app for one configured pool.
#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    provide_context(config);
    view! {
        <Router>
            <div class="shell">
                <Header />
                <main id="main" class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/sign-in") view=SignIn />
                        <Route path=path!("/profile") view=Profile />
                        <Route path=path!("/admin") view=Admin />
                        <Route path=path!("/editor") view=Editor />
                        <Route path=path!("/users") view=Users />
                        <Route path=path!("/content") view=Content />
                        <Route path=path!("/reports") view=Reports />
                        <Route path=path!("/forbidden") view=Forbidden />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                "Poolgate"
            </A>
            <nav class="site-nav" aria-label="Main">
                <A href="/sign-in">"Sign in"</A>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let config = expect_context::<AppConfig>();
    view! {
        <footer class="site-footer">
            <span>"User pool "<code>{config.user_pool_id}</code></span>
            <span>"Region "{config.region}</span>
        </footer>
    }
}
