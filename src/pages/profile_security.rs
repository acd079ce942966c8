//! The profile's password change (ChangePassword, with the policy checklist) and account
//! deletion (DeleteUser, after typing the username), which signs the person out.

use super::fields::{InputField, focus_first_error};
use super::form::{
    ErrorRegion, FormState, PasswordField, PolicyChecklist, SubmitButton, meets_policy,
};
use crate::auth::{UseAuthReturn, use_auth};
use crate::text::{account as account_text, profile as text};
use leptos::prelude::*;

#[component]
pub fn PasswordSection() -> impl IntoView {
    let UseAuthReturn { session, auth, .. } = use_auth();
    let form = FormState::new();
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let status = RwSignal::new(None::<&'static str>);
    let username = move || {
        session
            .get()
            .map(|s| s.username().to_owned())
            .unwrap_or_default()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        let (old, new) = (current.get_untracked(), password.get_untracked());
        let problem = if !meets_policy(&new) {
            Some(account_text::POLICY_UNMET)
        } else if new != confirmation.get_untracked() {
            Some(account_text::PASSWORDS_DIFFER)
        } else {
            None
        };
        if let Some(problem) = problem {
            form.error.set(Some(problem.to_owned()));
            return;
        }
        form.submit(
            async move { auth.change_password(&old, &new).await },
            move |outcome, error| match outcome {
                Ok(()) => {
                    for field in [current, password, confirmation] {
                        field.set(String::new());
                    }
                    status.set(Some(text::PASSWORD_CHANGED));
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    view! {
        <section class="profile-section password" aria-labelledby="password-heading">
            <h2 id="password-heading">{text::PASSWORD_HEADING}</h2>
            <p class="notice" role="status" aria-live="polite">{move || status.get()}</p>
            <form class="stack" node_ref=node on:submit=on_submit>
                // For password managers: whose password this is.
                <input type="text" name="username" autocomplete="username" hidden readonly prop:value=username />
                <PasswordField id="current-password" name="current-password" label=text::CURRENT_PASSWORD autocomplete="current-password" value=current described_by="password-error" invalid=form.error />
                <PasswordField id="changed-password" name="new-password" label=account_text::NEW_PASSWORD autocomplete="new-password" value=password described_by="change-password-policy password-error" invalid=form.error />
                <PolicyChecklist id="change-password-policy" password />
                <PasswordField id="changed-password-confirm" name="confirm-password" label=account_text::CONFIRM_NEW_PASSWORD autocomplete="new-password" value=confirmation described_by="password-error" invalid=form.error />
                <ErrorRegion id="password-error" error=form.error />
                <SubmitButton pending=form.pending label=text::CHANGE_PASSWORD busy=text::CHANGING_PASSWORD />
            </form>
        </section>
    }
}

#[component]
pub fn DeleteSection() -> impl IntoView {
    let UseAuthReturn { session, auth, .. } = use_auth();
    let form = FormState::new();
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let typed = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let username = session
            .get_untracked()
            .map(|s| s.username().to_owned())
            .unwrap_or_default();
        if typed.get_untracked().trim() != username || username.is_empty() {
            form.error.set(Some(text::DELETE_MISMATCH.to_owned()));
            return;
        }
        // Success signs out: the guard then leaves this page for the sign-in form.
        form.submit(
            async move { auth.delete_account().await },
            move |outcome, error| {
                if let Err(e) = outcome {
                    error.set(Some(e.message));
                }
            },
        );
    };
    view! {
        <section class="profile-section danger-zone" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{text::DELETE_HEADING}</h2>
            <p>{text::DELETE_LEAD}</p>
            <form class="stack" node_ref=node on:submit=on_submit>
                <InputField id="delete-confirm" label=text::DELETE_CONFIRM_LABEL autocomplete="off" value=typed form error_id="delete-error" />
                <ErrorRegion id="delete-error" error=form.error />
                <button type="submit" class="danger" disabled=move || form.pending.get() aria-busy=move || form.pending.get().to_string()>
                    {move || form.pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                    {move || if form.pending.get() { text::DELETING } else { text::DELETE }}
                </button>
            </form>
        </section>
    }
}
