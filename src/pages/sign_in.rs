//! `/sign-in`: username and password, then whatever challenge the pool asks for
//! (a new password, a one-time code), then back to where the user was going (`?next=`).
//! "E-mail me a sign-in code" starts a passwordless sign-in instead (`passwordless.rs`).

use super::form::{ErrorRegion, FormState, PasswordField, StepHeading, SubmitButton};
use super::passwordless::EmailCodeStep;
use super::sign_in_advance::Advance;
use super::sign_in_mfa::{MfaSetupForm, SelectMfaForm};
use crate::access::{FORGOT_PASSWORD, SIGN_UP, confirm_for, reset_required_for};
use crate::auth::{AuthError, SignInStep, UseAuthReturn, use_auth};
use crate::text;
use cognito_session::UserAction;
use cognito_session::safe_redirect_path;
use cognito_session::wire::{ChallengeName, StringMap};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SignIn() -> impl IntoView {
    let UseAuthReturn {
        session,
        is_settled,
        auth,
        ..
    } = use_auth();
    let query = use_query_map();
    let next = move || safe_redirect_path(query.read().get("next").as_deref()).to_owned();
    let step = RwSignal::new(Step::Credentials);
    // Kept across steps: a passwordless attempt that ended goes back to the form filled in,
    // with `notice` saying why.
    let username = RwSignal::new(query.with_untracked(|q| q.get("username").unwrap_or_default()));
    let notice = RwSignal::new(None::<String>);

    // Already signed in (or just finished): go on to where the user was going.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if is_settled.get() && session.with(Option::is_some) {
            navigate(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let advance = Advance::new(move |(outcome, error)| {
        match outcome {
            Ok(SignInStep::Done) => {} // The effect above navigates.
            Ok(SignInStep::Unsupported(name)) => {
                auth.cancel_challenge();
                error.set(Some(text::sign_in::unsupported_step(&name)));
            }
            Ok(SignInStep::NewPassword {
                required_attributes,
            }) => step.set(Step::NewPassword(required_attributes)),
            Ok(SignInStep::MfaCode(name)) => step.set(Step::Code(name)),
            Ok(SignInStep::SelectMfa(factors)) => step.set(Step::Select(factors)),
            Ok(SignInStep::MfaSetup) => step.set(Step::Setup),
            Ok(SignInStep::CustomChallenge(parameters)) => step.set(Step::EmailCode(parameters)),
            Err(e) => error.set(Some(e.message)),
        }
    });

    // Only a change of readiness re-renders the step: a challenge's session renewed in place
    // (MFA_SETUP) must not restart the step.
    let settled = Memo::new(move |_| is_settled.get());
    let on_cancel = Callback::new(move |()| {
        auth.cancel_challenge();
        step.set(Step::Credentials);
    });
    let restart = Callback::new(move |message: String| {
        notice.set(Some(message));
        step.set(Step::Credentials);
    });
    view! {
        <section class="page narrow sign-in">
            {move || match step.get() {
                // The same readiness as the guard: no form while a stored session is restored.
                _ if !settled.get() => view! {
                    <h1>{text::sign_in::HEADING}</h1>
                    <p class="boot-status" role="status" aria-live="polite">{text::RESTORING}</p>
                }
                .into_any(),
                Step::Credentials => view! { <CredentialsForm advance username notice /> }.into_any(),
                Step::NewPassword(required_attributes) => {
                    view! { <NewPasswordForm required_attributes advance step /> }.into_any()
                }
                Step::Code(name) => view! { <MfaForm name advance step /> }.into_any(),
                Step::Select(factors) => view! { <SelectMfaForm factors advance on_cancel /> }.into_any(),
                Step::Setup => view! { <MfaSetupForm advance on_cancel /> }.into_any(),
                Step::EmailCode(parameters) => {
                    view! { <EmailCodeStep parameters advance restart cancel=on_cancel /> }.into_any()
                }
            }}
        </section>
    }
}

/// Which form the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Credentials,
    /// NEW_PASSWORD_REQUIRED, with the attributes the pool requires.
    NewPassword(Vec<String>),
    /// A one-time code (authenticator app, SMS or e-mail).
    Code(ChallengeName),
    /// SELECT_MFA_TYPE: a choice of factors.
    Select(Vec<ChallengeName>),
    /// MFA_SETUP: enrol an authenticator app.
    Setup,
    /// Passwordless: the e-mailed code, with the challenge's public parameters.
    EmailCode(StringMap),
}

/// What the account pages send people back to sign-in with: `?username=` fills the field and
/// `?confirmed=1` / `?reset=1` say why they are here.
fn arrival_notice(confirmed: bool, reset: bool) -> Option<&'static str> {
    if confirmed {
        Some(text::account::ACCOUNT_CONFIRMED)
    } else if reset {
        Some(text::account::PASSWORD_CHANGED)
    } else {
        None
    }
}

#[component]
fn CredentialsForm(
    advance: Advance,
    username: RwSignal<String>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let UseAuthReturn { ended, auth, .. } = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let form = FormState::new();
    let arrived = query
        .with_untracked(|q| arrival_notice(q.get("confirmed").is_some(), q.get("reset").is_some()));
    // Why a passwordless attempt sent the person back here.
    form.error.set(notice.try_update(Option::take).flatten());
    let password = RwSignal::new(String::new());
    // What was typed into index.html's early copy of this form while the app loaded.
    let early = crate::prerendered::take_sign_in();
    if let Some(typed) = &early {
        if !typed.username.is_empty() {
            username.set(typed.username.clone());
        }
        password.set(typed.password.clone());
    }
    let ended = move || ended.get().map(text::session_ended).or(arrived);
    // One request path for both buttons (a smaller bundle): no password asks for a code.
    let start = move |password: Option<String>| {
        let user = username.get_untracked().trim().to_owned();
        if password.is_none() && user.is_empty() {
            form.error
                .set(Some(text::passwordless::USERNAME_NEEDED.to_owned()));
            return;
        }
        let navigate = navigate.clone();
        let name = user.clone();
        form.submit(
            async move {
                match password {
                    Some(password) => auth.sign_in(&user, &password).await,
                    None => auth.email_sign_in_code(&user).await,
                }
            },
            move |outcome, error| {
                // The pool says what must happen first: go to that step.
                let next_step = match &outcome {
                    Err(AuthError {
                        action: Some(UserAction::ConfirmSignUp),
                        ..
                    }) => Some(confirm_for(&name, None)),
                    Err(AuthError {
                        action: Some(UserAction::ResetPassword),
                        ..
                    }) => Some(reset_required_for(&name)),
                    _ => None,
                };
                match next_step {
                    Some(path) => navigate(&path, NavigateOptions::default()),
                    None => advance.run((outcome, error)),
                }
            },
        );
    };
    let email_me_a_code = {
        let start = start.clone();
        move |_| start(None)
    };
    // Once this form is in the page: the focus where it was, and a submit the person already
    // made in the early copy goes ahead.
    if let Some(typed) = early {
        let start = start.clone();
        Effect::new(move |_| {
            if let Some(id) = &typed.focused {
                crate::prerendered::restore_focus(id);
            }
            if typed.submitted && !typed.username.is_empty() && !typed.password.is_empty() {
                start(Some(password.get_untracked()));
            }
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        start(Some(password.get_untracked()));
    };
    view! {
        <h1>{text::sign_in::HEADING}</h1>
        <p class="notice" role="status">{ended}</p>
        <form class="stack" on:submit=on_submit>
            <div class="field">
                <label for="username">{text::account::USERNAME}</label>
                <input
                    id="username"
                    name="username"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby="form-error"
                    aria-invalid=form.invalid()
                    required
                    bind:value=username
                />
            </div>
            <PasswordField id="password" name="password" label=text::account::PASSWORD autocomplete="current-password" value=password invalid=form.error />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::sign_in::BUTTON busy=text::sign_in::BUSY />
            <button type="button" class="secondary passwordless-start" disabled=move || form.pending.get() on:click=email_me_a_code>
                {text::passwordless::EMAIL_ME_A_CODE}
            </button>
        </form>
        // Server mode has no public client for self-service: sign-up and resets go through an
        // administrator, so there is nothing to link to.
        {(!auth.is_server_mode()).then(|| view! {
            <p class="account-links">
                <A href=FORGOT_PASSWORD>{text::account::FORGOT_LINK}</A>
                <A href=SIGN_UP>{text::account::CREATE_ACCOUNT_LINK}</A>
            </p>
        })}
    }
}

#[component]
fn NewPasswordForm(
    required_attributes: Vec<String>,
    advance: Advance,
    step: RwSignal<Step>,
) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let attributes: Vec<(String, RwSignal<String>)> = required_attributes
        .into_iter()
        .map(|name| (name, RwSignal::new(String::new())))
        .collect();
    let values = attributes.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_password = password.get_untracked();
        if new_password != confirmation.get_untracked() {
            form.error.set(Some(text::account::PASSWORDS_DIFFER.into()));
            return;
        }
        let filled: Vec<(String, String)> = values
            .iter()
            .map(|(name, value)| (name.clone(), value.get_untracked().trim().to_owned()))
            .collect();
        form.submit(
            async move { auth.choose_new_password(&new_password, &filled).await },
            move |outcome, error| advance.run((outcome, error)),
        );
    };
    let cancel = move |_| {
        auth.cancel_challenge();
        step.set(Step::Credentials);
    };
    view! {
        <StepHeading text=text::sign_in::NEW_PASSWORD_HEADING />
        <p class="lead">{text::sign_in::NEW_PASSWORD_LEAD}</p>
        <form class="stack" on:submit=on_submit>
            <PasswordField id="new-password" name="new-password" label=text::account::NEW_PASSWORD autocomplete="new-password" value=password invalid=form.error />
            <PasswordField id="confirm-password" name="confirm-password" label=text::account::CONFIRM_NEW_PASSWORD autocomplete="new-password" value=confirmation invalid=form.error />
            {attributes
                .into_iter()
                .map(|(name, value)| {
                    let id = format!("attr-{}", name.replace(':', "-"));
                    view! {
                        <div class="field">
                            <label for=id.clone()>{attribute_label(&name)}</label>
                            <input id=id name=name.clone() type="text" required bind:value=value />
                        </div>
                    }
                })
                .collect_view()}
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::sign_in::NEW_PASSWORD_BUTTON busy=text::sign_in::NEW_PASSWORD_BUSY />
            <button type="button" class="secondary" on:click=cancel>{text::mfa::CANCEL}</button>
        </form>
    }
}

/// A readable label for a user-pool attribute name (`given_name` → `Given name`).
fn attribute_label(name: &str) -> String {
    let plain = name.trim_start_matches("custom:").replace('_', " ");
    let mut chars = plain.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[component]
fn MfaForm(name: ChallengeName, advance: Advance, step: RwSignal<Step>) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let code = RwSignal::new(String::new());
    let hint = match name {
        ChallengeName::SmsMfa => text::mfa::CHALLENGE_SMS,
        ChallengeName::EmailOtp => text::mfa::CHALLENGE_EMAIL,
        _ => text::mfa::CHALLENGE_TOTP,
    };
    let node = NodeRef::<leptos::html::Form>::new();
    super::fields::focus_first_error(form, node);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked().trim().to_owned();
        form.submit(
            async move { auth.submit_mfa_code(&typed).await },
            move |outcome, error| advance.run((outcome, error)),
        );
    };
    let cancel = move |_| {
        auth.cancel_challenge();
        step.set(Step::Credentials);
    };
    view! {
        <StepHeading text=text::mfa::CHALLENGE_HEADING />
        <p class="lead">{hint}</p>
        <form class="stack" node_ref=node on:submit=on_submit>
            <div class="field">
                <label for="code">{text::mfa::CHALLENGE_CODE}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" aria-describedby="form-error" aria-invalid=form.invalid() required bind:value=code />
            </div>
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::sign_in::VERIFY busy=text::sign_in::VERIFYING />
            <button type="button" class="secondary" on:click=cancel>{text::mfa::CANCEL}</button>
        </form>
    }
}
