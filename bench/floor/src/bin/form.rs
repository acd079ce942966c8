//! The sign-in form and the signed-in page, switched by a signal: no router.
use floor::SignIn;
use leptos::prelude::*;

fn main() {
    mount_to_body(|| {
        let user = RwSignal::new(None::<String>);
        view! {
            <Show
                when=move || user.get().is_some()
                fallback=move || view! { <SignIn on_signed_in=Callback::new(move |name| user.set(Some(name))) /> }
            >
                <p>"Signed in as " {move || user.get()}</p>
            </Show>
        }
    });
}
