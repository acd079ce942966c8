//! Sign-in steps after the password that need more than a code: SELECT_MFA_TYPE (choose a
//! factor; the pool then asks for its code) and MFA_SETUP (enrol an authenticator app, with the
//! profile's enrolment step, then signed in).

use super::fields::focus_first_error;
use super::form::{ErrorRegion, FormState, StepHeading, SubmitButton};
use super::mfa::TotpEnrolment;
use super::sign_in_advance::Advance;
use crate::auth::use_auth;
use crate::text::mfa as text;
use cognito_session::wire::ChallengeName;
use leptos::prelude::*;

#[component]
pub fn SelectMfaForm(
    factors: Vec<ChallengeName>,
    advance: Advance,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let chosen = RwSignal::new(factors.first().cloned());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(factor) = chosen.get_untracked() else {
            return;
        };
        form.submit(
            async move { auth.select_mfa_type(&factor).await },
            move |outcome, error| advance.run((outcome, error)),
        );
    };
    let options = factors
        .into_iter()
        .map(|factor| {
            let id = format!("factor-{}", factor.as_str().to_lowercase());
            let value = factor.as_str().to_owned();
            let label = text::factor(factor.as_str());
            let this = factor.clone();
            view! {
                <div class="choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name="factor"
                        value=value
                        aria-describedby="select-error"
                        prop:checked=move || chosen.get().as_ref() == Some(&this)
                        on:change=move |_| chosen.set(Some(factor.clone()))
                    />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <StepHeading text=text::SELECT_HEADING />
        <p class="lead">{text::SELECT_LEAD}</p>
        <form class="stack" node_ref=node on:submit=on_submit>
            <fieldset class="choices">
                <legend>{text::SELECT_LEGEND}</legend>
                {options}
            </fieldset>
            <ErrorRegion id="select-error" error=form.error />
            <SubmitButton pending=form.pending label=text::CONTINUE busy=text::CONTINUING />
            <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{text::CANCEL}</button>
        </form>
    }
}

/// MFA_SETUP: the pool requires a second step and the person has none.
#[component]
pub fn MfaSetupForm(advance: Advance, on_cancel: Callback<()>) -> impl IntoView {
    let auth = use_auth().auth;
    let start = FormState::new();
    let confirm = FormState::new();
    let secret = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    // The key is fetched as soon as the step shows: there is nothing to choose first.
    start.submit(
        async move { auth.associate_totp_during_sign_in().await },
        move |outcome, error| match outcome {
            Ok(key) => secret.set(Some(key)),
            Err(e) => error.set(Some(e.message)),
        },
    );
    let on_confirm = move |typed: String| {
        confirm.submit(
            async move { auth.finish_totp_setup(&typed).await },
            move |outcome, error| advance.run((outcome, error)),
        );
    };
    let account = auth.challenge_username().unwrap_or_default();
    view! {
        <StepHeading text=text::ENROL_HEADING />
        <p class="lead">{text::ENROL_LEAD}</p>
        <p class="boot-status" role="status" aria-live="polite">
            {move || start.pending.get().then_some(text::STARTING)}
        </p>
        <ErrorRegion id="enrol-error" error=start.error />
        {move || secret.get().map(|key| view! {
            <TotpEnrolment
                heading_id="totp-heading"
                heading=text::SETUP_HEADING
                lead=text::SETUP_LEAD
                secret=key
                account=account.clone()
                code
                form=confirm
                confirm_label=text::ENROL_CONFIRM
                on_confirm
                on_cancel
            />
        })}
        {move || start.error.with(Option::is_some).then(|| view! {
            <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{text::CANCEL}</button>
        })}
    }
}
