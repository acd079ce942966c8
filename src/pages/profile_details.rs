//! The profile's details: the attributes the app client may write (UpdateUserAttributes), and
//! the verification of a changed or unverified e-mail address (GetUserAttributeVerificationCode,
//! VerifyUserAttribute).

use super::account_load::{AccountLoad, reload_account};
use super::fields::{BusyButton, FocusedHeading, InputField, focus_first_error};
use super::form::{ErrorRegion, FormState, SubmitButton};
use crate::auth::use_auth;
use crate::text::profile as text;
use leptos::prelude::*;

/// Attributes people edit here: `(name, label, input type, autocomplete)`. A public client
/// cannot read its own `WriteAttributes`, so this list follows the seed's app client
/// (`dev/pool.toml`); the pool refuses anything else.
const EDITABLE: [(&str, &str, &str, &str); 2] = [
    ("name", text::NAME, "text", "name"),
    ("email", text::EMAIL_ADDRESS, "email", "email"),
];

/// Where the e-mail verification stands, when a code step is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verification {
    /// A code is on its way; `old_kept` when the pool still shows the previous address
    /// (`AttributesRequireVerificationBeforeUpdate`: Cognito "doesn't change the value of the
    /// attribute until your user ... confirms the new value").
    CodeSent { old_kept: bool },
}

#[component]
pub fn DetailsSection(account: AccountLoad) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let values: Vec<RwSignal<String>> = EDITABLE
        .iter()
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let status = RwSignal::new(None::<&'static str>);
    let verification = RwSignal::new(None::<Verification>);
    // The fields follow the record whenever it (re)loads.
    let fields = values.clone();
    Effect::new(move |_| {
        if let Some(Ok(loaded)) = account.get() {
            for ((name, ..), value) in EDITABLE.iter().zip(&fields) {
                value.set(loaded.attribute(name).unwrap_or_default().to_owned());
            }
        }
    });
    let email_unverified = move || {
        account.get().and_then(Result::ok).is_some_and(|a| {
            a.attribute("email").is_some() && a.attribute("email_verified") != Some("true")
        })
    };
    let typed = values.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        let current = account
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default();
        let changes: Vec<(String, String)> = EDITABLE
            .iter()
            .zip(&typed)
            .map(|((name, ..), value)| (name.to_string(), value.get_untracked().trim().to_owned()))
            .filter(|(name, value)| current.attribute(name).unwrap_or_default() != value)
            .collect();
        if changes.is_empty() {
            status.set(Some(text::NOTHING_CHANGED));
            return;
        }
        let new_email = changes
            .iter()
            .find(|(n, _)| n == "email")
            .map(|(_, v)| v.clone());
        form.submit(
            async move {
                let code_sent = auth.update_attributes(&changes).await?;
                let reloaded = auth.account().await;
                Ok((code_sent, reloaded))
            },
            move |outcome, error| match outcome {
                Ok((code_sent, reloaded)) => {
                    let old_kept = match (&new_email, &reloaded) {
                        (Some(new), Ok(a)) => a.attribute("email") != Some(new.as_str()),
                        _ => false,
                    };
                    reload_account(account);
                    status.set(Some(text::SAVED));
                    if new_email.is_some() && code_sent {
                        verification.set(Some(Verification::CodeSent { old_kept }));
                    }
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    let send_code = FormState::new();
    let request_code = Callback::new(move |()| {
        send_code.submit(
            async move { auth.send_verification_code("email").await },
            move |outcome, error| match outcome {
                Ok(()) => verification.set(Some(Verification::CodeSent { old_kept: false })),
                Err(e) => error.set(Some(e.message)),
            },
        );
    });
    let inputs = EDITABLE
        .iter()
        .zip(values)
        .map(|(&(name, label, input_type, autocomplete), value)| {
            let id = if name == "email" { "profile-email" } else { "profile-name" };
            view! { <InputField id label input_type autocomplete value form error_id="details-error" required=false /> }
        })
        .collect_view();
    view! {
        <section class="profile-section details" aria-labelledby="details-heading">
            <h2 id="details-heading">{text::DETAILS_HEADING}</h2>
            <p class="notice" role="status" aria-live="polite">{move || status.get()}</p>
            <form class="stack" node_ref=node on:submit=on_submit>
                {inputs}
                <p class="hint" data-email-verified=move || (!email_unverified()).to_string()>
                    {move || if email_unverified() { text::UNVERIFIED_NOTICE } else { "" }}
                </p>
                <ErrorRegion id="details-error" error=form.error />
                <SubmitButton pending=form.pending label=text::SAVE busy=text::SAVING />
            </form>
            {move || (email_unverified() && verification.get().is_none()).then(|| view! {
                <BusyButton pending=send_code.pending label=text::VERIFY_SEND busy=text::VERIFY_SENDING on_click=request_code />
                <ErrorRegion id="send-code-error" error=send_code.error />
            })}
            {move || verification.get().map(|Verification::CodeSent { old_kept }| view! {
                <VerifyEmailStep old_kept account verification status />
            })}
        </section>
    }
}

/// The code step for the e-mail address.
#[component]
fn VerifyEmailStep(
    old_kept: bool,
    account: AccountLoad,
    verification: RwSignal<Option<Verification>>,
    status: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let resend = FormState::new();
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let code = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        form.submit(
            async move { auth.verify_attribute("email", &typed).await },
            move |outcome, error| match outcome {
                Ok(()) => {
                    verification.set(None);
                    status.set(Some(text::VERIFIED));
                    reload_account(account);
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    let send_again = Callback::new(move |()| {
        form.error.set(None);
        resend.submit(
            async move { auth.send_verification_code("email").await },
            move |outcome, _| {
                if let Err(e) = outcome {
                    form.error.set(Some(e.message));
                }
            },
        );
    });
    view! {
        <div class="verify-step" role="group" aria-labelledby="verify-heading">
            <FocusedHeading id="verify-heading" text=text::VERIFY_HEADING />
            <p class="lead">{text::VERIFY_LEAD}</p>
            {old_kept.then(|| view! { <p class="notice old-address">{text::OLD_ADDRESS_KEPT}</p> })}
            <form class="stack" node_ref=node on:submit=on_submit>
                <InputField id="verify-code" label=text::VERIFY_CODE autocomplete="one-time-code" inputmode="numeric" value=code form error_id="verify-error" />
                <ErrorRegion id="verify-error" error=form.error />
                <SubmitButton pending=form.pending label=text::VERIFY busy=text::VERIFYING />
                <BusyButton pending=resend.pending label=crate::text::account::RESEND busy=crate::text::account::RESEND_BUSY on_click=send_again />
            </form>
        </div>
    }
}
