//! `/profile`: who is signed in (role, groups, token lifetimes), the pool's attributes, and the
//! self-service sections: details and e-mail verification (`profile_details.rs`), two-step
//! verification (`mfa.rs`), password change and account deletion (`profile_security.rs`).

use super::account_load::AccountLoad;
use super::mfa::MfaSection;
use super::profile_details::DetailsSection;
use super::profile_security::{DeleteSection, PasswordSection};
use crate::auth::{UseAuthReturn, use_auth};
use crate::text::profile as text;
use leptos::prelude::*;

/// Local time of day for a Unix-seconds instant, in the browser's locale.
fn clock_time(unix_secs: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_secs as f64 * 1000.0));
    String::from(date.to_locale_time_string("default"))
}

#[component]
pub fn Profile() -> impl IntoView {
    let UseAuthReturn { session, auth, .. } = use_auth();
    let field = move |read: fn(&crate::auth::SignedIn) -> String| {
        move || session.get().map(|s| read(&s)).unwrap_or_default()
    };
    // Fetched with the access token: exercises on-demand refresh when the token is stale.
    let account: AccountLoad = LocalResource::new(move || auth.account());
    let attribute_rows = move || {
        account.get().map(|loaded| match loaded {
            Ok(account) => account
                .attributes
                .into_iter()
                .map(
                    |a| view! { <dt>{a.name.clone()}</dt><dd data-attribute=a.name>{a.value}</dd> },
                )
                .collect_view()
                .into_any(),
            Err(e) => view! { <dt>{text::ERROR}</dt><dd class="alert">{e.message}</dd> }.into_any(),
        })
    };
    let sign_out_everywhere = Action::new_local(move |_: &()| auth.sign_out_everywhere());
    let signing_out = sign_out_everywhere.pending();
    let error = move || {
        sign_out_everywhere
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.message)
    };
    let loading = move || account.get().is_none();
    view! {
        <section class="page profile">
            <h1>{text::HEADING}</h1>
            <h2>{text::SESSION_HEADING}</h2>
            <dl class="facts">
                <dt>{text::USERNAME}</dt>
                <dd data-field="username">{field(|s| s.username().to_owned())}</dd>
                <dt>{text::EMAIL}</dt>
                <dd data-field="email">{field(|s| s.email().unwrap_or("—").to_owned())}</dd>
                <dt>{text::ROLE}</dt>
                <dd data-field="role">{field(|s| s.role().unwrap_or(text::NONE).to_owned())}</dd>
                <dt>{text::GROUPS}</dt>
                <dd data-field="groups">
                    {field(|s| if s.groups().is_empty() { text::NONE.to_owned() } else { s.groups().join(", ") })}
                </dd>
                <dt>{text::ACCESS_EXPIRES}</dt>
                <dd data-field="access-expiry">{field(|s| clock_time(s.access_expires_at()))}</dd>
                <dt>{text::ID_EXPIRES}</dt>
                <dd data-field="id-expiry">{field(|s| clock_time(s.id_expires_at()))}</dd>
            </dl>
            <p class="hint">{text::TOKENS_RENEW}</p>
            <h2>{text::ATTRIBUTES_HEADING}</h2>
            <p class="hint" role="status" aria-live="polite">{move || loading().then_some(text::LOADING)}</p>
            <dl class="facts attributes" aria-busy=move || loading().to_string()>
                {attribute_rows}
            </dl>
            <DetailsSection account />
            <MfaSection account />
            <PasswordSection />
            <DeleteSection />
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| auth.sign_out()>
                    {text::SIGN_OUT}
                </button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || signing_out.get()
                    aria-busy=move || signing_out.get().to_string()
                    on:click=move |_| {
                        sign_out_everywhere.dispatch(());
                    }
                >
                    {move || signing_out.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                    {text::SIGN_OUT_EVERYWHERE}
                </button>
            </div>
            <p class="alert" role="alert">{error}</p>
        </section>
    }
}
