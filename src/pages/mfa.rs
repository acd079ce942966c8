//! Two-step verification with an authenticator app (TOTP): the enrolment step shared by the
//! profile and the sign-in MFA_SETUP challenge (QR code, the key as text, a code to check),
//! and the profile's section that turns it on (AssociateSoftwareToken, VerifySoftwareToken,
//! SetUserMFAPreference) and off again.

use super::account_load::{AccountLoad, reload_account};
use super::fields::{BusyButton, FocusedHeading, InputField, focus_first_error};
use super::form::{ErrorRegion, FormState, SubmitButton};
use super::qr::{QrImage, grouped, otpauth_uri};
use crate::auth::{UseAuthReturn, use_auth};
use crate::text::mfa as text;
use leptos::prelude::*;

/// The enrolment step: the QR code and key for `secret`, and a code field. `on_confirm`
/// receives the typed code; `on_cancel` abandons the step.
#[component]
pub fn TotpEnrolment(
    heading_id: &'static str,
    heading: &'static str,
    lead: &'static str,
    secret: String,
    account: String,
    code: RwSignal<String>,
    form: FormState,
    confirm_label: &'static str,
    on_confirm: impl Fn(String) + Copy + 'static,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Form>::new();
    focus_first_error(form, node);
    let uri = otpauth_uri(&account, &secret);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_confirm(code.get_untracked().trim().replace(' ', ""));
    };
    view! {
        <div class="totp-setup" aria-labelledby=heading_id role="group">
            <FocusedHeading id=heading_id text=heading />
            <p class="lead">{lead}</p>
            <QrImage data=uri label=text::QR_LABEL />
            <p class="secret">
                <span class="secret-label" id="totp-secret-label">{text::SECRET_LABEL}": "</span>
                <code class="secret-key" data-secret=secret.clone() aria-labelledby="totp-secret-label">{grouped(&secret)}</code>
            </p>
            <form class="stack" node_ref=node on:submit=on_submit>
                <InputField id="totp-code" label=text::CODE autocomplete="one-time-code" inputmode="numeric" value=code form error_id="totp-error" />
                <ErrorRegion id="totp-error" error=form.error />
                <SubmitButton pending=form.pending label=confirm_label busy=text::CONFIRMING />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{text::CANCEL}</button>
            </form>
        </div>
    }
}

/// The profile's section: whether sign-in asks for an app code, and the way to change that.
#[component]
pub fn MfaSection(account: AccountLoad) -> impl IntoView {
    let UseAuthReturn { session, auth, .. } = use_auth();
    let start = FormState::new();
    let confirm = FormState::new();
    let turn_off = FormState::new();
    let secret = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let status = RwSignal::new(None::<&'static str>);
    let enabled = move || {
        account
            .get()
            .and_then(Result::ok)
            .is_some_and(|a| a.totp_enabled())
    };
    let username = move || {
        session
            .get_untracked()
            .map(|s| s.username().to_owned())
            .unwrap_or_default()
    };
    let begin = Callback::new(move |()| {
        status.set(None);
        start.submit(
            async move { auth.associate_totp().await },
            move |outcome, error| match outcome {
                Ok(key) => {
                    code.set(String::new());
                    secret.set(Some(key));
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    });
    let on_confirm = move |typed: String| {
        confirm.submit(
            async move { auth.confirm_totp(&typed).await },
            move |outcome, error| match outcome {
                Ok(()) => {
                    secret.set(None);
                    status.set(Some(text::TURNED_ON));
                    reload_account(account);
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    let on_cancel = Callback::new(move |()| {
        secret.set(None);
        confirm.error.set(None);
    });
    let disable = Callback::new(move |()| {
        status.set(None);
        turn_off.submit(
            async move { auth.disable_totp().await },
            move |outcome, error| match outcome {
                Ok(()) => {
                    status.set(Some(text::TURNED_OFF));
                    reload_account(account);
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    });
    view! {
        <section class="profile-section mfa" aria-labelledby="mfa-heading">
            <h2 id="mfa-heading">{text::HEADING}</h2>
            <p class="notice" role="status" aria-live="polite">{move || status.get()}</p>
            {move || match secret.get() {
                Some(key) => view! {
                    <TotpEnrolment
                        heading_id="totp-heading"
                        heading=text::SETUP_HEADING
                        lead=text::SETUP_LEAD
                        secret=key
                        account=username()
                        code
                        form=confirm
                        confirm_label=text::CONFIRM
                        on_confirm
                        on_cancel
                    />
                }
                .into_any(),
                None if enabled() => view! {
                    <p data-mfa="on">{text::ON}</p>
                    <BusyButton pending=turn_off.pending label=text::TURN_OFF busy=text::TURNING_OFF on_click=disable />
                    <ErrorRegion id="mfa-error" error=turn_off.error />
                }
                .into_any(),
                None => view! {
                    <p data-mfa="off">{text::OFF}</p>
                    <BusyButton pending=start.pending label=text::SET_UP busy=text::STARTING on_click=begin />
                    <ErrorRegion id="mfa-error" error=start.error />
                }
                .into_any(),
            }}
        </section>
    }
}
