//! The same with leptos_router: /sign-in and a protected / that redirects there.
use floor::SignIn;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

#[component]
fn SignInPage(user: RwSignal<Option<String>>) -> impl IntoView {
    let navigate = use_navigate();
    let on_signed_in = Callback::new(move |name| {
        user.set(Some(name));
        navigate("/", Default::default());
    });
    view! { <SignIn on_signed_in /> }
}

fn main() {
    mount_to_body(|| {
        let user = RwSignal::new(None::<String>);
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/sign-in") view=move || view! { <SignInPage user /> } />
                    <Route path=path!("/") view=move || view! {
                        <Show when=move || user.get().is_some() fallback=|| view! { <Redirect path="/sign-in" /> }>
                            <p>"Signed in as " {move || user.get()}</p>
                        </Show>
                    } />
                </Routes>
            </Router>
        }
    });
}
