//! `/profile`: who is signed in, with what role, groups and token lifetimes.

use crate::auth::{UseAuthReturn, use_auth};
use leptos::prelude::*;

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
    let attributes = LocalResource::new(move || auth.user_attributes());
    let busy = || view! { <dl class="facts attributes" aria-busy="true"></dl> };
    let attribute_list = move || {
        Suspend::new(async move {
            let rows = match attributes.await {
                Ok(list) => list
                    .into_iter()
                    .map(
                        |a| view! { <dt>{a.name.clone()}</dt><dd data-attribute=a.name>{a.value}</dd> },
                    )
                    .collect_view()
                    .into_any(),
                Err(e) => view! { <dt>"Error"</dt><dd class="alert">{e.message}</dd> }.into_any(),
            };
            view! { <dl class="facts attributes" aria-busy="false">{rows}</dl> }
        })
    };
    let sign_out_everywhere = Action::new_local(move |_: &()| auth.sign_out_everywhere());
    let error = move || {
        sign_out_everywhere
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.message)
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
            <Suspense fallback=busy>{attribute_list}</Suspense>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| auth.sign_out()>
                    "Sign out"
                </button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || sign_out_everywhere.pending().get()
                    on:click=move |_| {
                        sign_out_everywhere.dispatch(());
                    }
                >
                    "Sign out of all devices"
                </button>
            </div>
            <p class="alert" role="alert">{error}</p>
        </section>
    }
}
