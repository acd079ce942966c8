//! `/profile`: who is signed in, with what role, groups and token lifetimes.

use crate::auth::{UseAuthReturn, use_auth};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Local time of day for a Unix-seconds instant, in the browser's locale.
fn clock_time(unix_secs: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    String::from(date.to_locale_time_string("default"))
}

#[component]
pub fn Profile() -> impl IntoView {
    let UseAuthReturn { session, auth, .. } = use_auth();
    let field = move |read: fn(&cognito_session::Session) -> String| {
        move || session.get().map(|s| read(&s)).unwrap_or_default()
    };
    // Fetched with the access token: exercises on-demand refresh when the token is stale.
    let attributes = RwSignal::new(None);
    spawn_local(async move {
        let loaded = auth.user_attributes().await;
        // The page may be gone by the time the answer arrives.
        let _ = attributes.try_set(Some(loaded));
    });
    let attribute_rows = move || {
        attributes.get().map(|loaded| match loaded {
            Ok(list) => list
                .into_iter()
                .map(
                    |a| view! { <dt>{a.name.clone()}</dt><dd data-attribute=a.name>{a.value}</dd> },
                )
                .collect_view()
                .into_any(),
            Err(e) => view! { <dt>"Error"</dt><dd class="alert">{e.message}</dd> }.into_any(),
        })
    };
    let signing_out = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sign_out_everywhere = move |_| {
        signing_out.set(true);
        spawn_local(async move {
            if let Err(e) = auth.sign_out_everywhere().await {
                error.set(Some(e.message));
                signing_out.set(false);
            }
        });
    };
    view! {
        <section class="page">
            <h1>"Your profile"</h1>
            <dl class="facts">
                <dt>"Username"</dt>
                <dd data-field="username">{field(|s| s.username().to_owned())}</dd>
                <dt>"Email"</dt>
                <dd data-field="email">{field(|s| s.email().unwrap_or("—").to_owned())}</dd>
                <dt>"Role"</dt>
                <dd data-field="role">{field(|s| s.role().unwrap_or("none").to_owned())}</dd>
                <dt>"Groups"</dt>
                <dd data-field="groups">
                    {field(|s| if s.groups().is_empty() { "none".to_owned() } else { s.groups().join(", ") })}
                </dd>
                <dt>"Access token expires"</dt>
                <dd data-field="access-expiry">{field(|s| clock_time(s.access_expires_at()))}</dd>
                <dt>"ID token expires"</dt>
                <dd data-field="id-expiry">{field(|s| clock_time(s.id_expires_at()))}</dd>
            </dl>
            <p class="hint">"Tokens renew silently before they expire."</p>
            <h2>"Attributes in the user pool"</h2>
            <dl class="facts attributes" aria-busy=move || attributes.get().is_none().to_string()>
                {attribute_rows}
            </dl>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| auth.sign_out()>
                    "Sign out"
                </button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || signing_out.get()
                    on:click=sign_out_everywhere
                >
                    "Sign out of all devices"
                </button>
            </div>
            <p class="alert" role="alert">{move || error.get()}</p>
        </section>
    }
}
