//! Account self-service without a session: `/sign-up` (then the confirmation step),
//! `/confirm?username=…[&code=…]` (the link in the sign-up message, and where `/sign-in` sends
//! an unconfirmed user) and `/forgot-password` (a code, then a new password; also where
//! `/sign-in` sends a user whose password must be reset). Each ends on `/sign-in` with the
//! username filled in.

use super::form::{
    ErrorRegion, FormState, PasswordField, PolicyChecklist, StepHeading, SubmitButton, meets_policy,
};
use crate::access::{Arrival, SIGN_IN, sign_in_as};
use crate::auth::{CodeSent, SignedUp, use_auth};
use crate::text::account as text;
use cognito_session::UserAction;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Goes to `/sign-in` with `username` filled in, saying why. `navigate` comes from the
/// component (the router's context is not reachable from a request's continuation).
fn go_to_sign_in(navigate: &impl Fn(&str, NavigateOptions), username: &str, arrival: Arrival) {
    navigate(&sign_in_as(username, arrival), NavigateOptions::default());
}

/// A plain text input of the account forms.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    value: RwSignal<String>,
    form: FormState,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                autocapitalize="none"
                spellcheck="false"
                aria-describedby="form-error"
                aria-invalid=form.invalid()
                required
                bind:value=value
            />
        </div>
    }
}

/// A new password and its confirmation, with the policy checklist. Returns the error to show
/// before any request is sent, if the two are not acceptable.
fn check_new_password(password: &str, confirmation: &str) -> Option<&'static str> {
    if !meets_policy(password) {
        Some(text::POLICY_UNMET)
    } else if password != confirmation {
        Some(text::PASSWORDS_DIFFER)
    } else {
        None
    }
}

/// `/sign-up`: the form, then the confirmation step in place.
#[component]
pub fn SignUp() -> impl IntoView {
    let step = RwSignal::new(None::<(String, CodeSent)>);
    view! {
        <section class="page narrow sign-in">
            {move || match step.get() {
                None => view! { <SignUpForm step /> }.into_any(),
                Some((username, sent)) => {
                    view! { <ConfirmStep username sent=Some(sent) code=String::new() /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn SignUpForm(step: RwSignal<Option<(String, CodeSent)>>) -> impl IntoView {
    let auth = use_auth().auth;
    let navigate = use_navigate();
    let form = FormState::new();
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, mail, pass) = (
            username.get_untracked().trim().to_owned(),
            email.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        if let Some(problem) = check_new_password(&pass, &confirmation.get_untracked()) {
            form.error.set(Some(problem.to_owned()));
            return;
        }
        let name = user.clone();
        let navigate = navigate.clone();
        form.submit(
            async move { auth.sign_up(&user, &mail, &pass).await },
            move |outcome, error| match outcome {
                Ok(SignedUp::Confirmed) => go_to_sign_in(&navigate, &name, Arrival::Confirmed),
                Ok(SignedUp::CodeSent(sent)) => step.set(Some((name, sent))),
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    view! {
        <StepHeading text=text::SIGN_UP_HEADING />
        <p class="lead">{text::SIGN_UP_LEAD}</p>
        <form class="stack" on:submit=on_submit>
            <TextField id="username" label=text::USERNAME autocomplete="username" value=username form />
            <TextField id="email" label=text::EMAIL input_type="email" autocomplete="email" value=email form />
            <PasswordField id="new-password" name="new-password" label=text::PASSWORD autocomplete="new-password" value=password described_by="password-policy form-error" invalid=form.error />
            <PolicyChecklist password />
            <PasswordField id="confirm-password" name="confirm-password" label=text::CONFIRM_PASSWORD autocomplete="new-password" value=confirmation invalid=form.error />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::SIGN_UP_BUTTON busy=text::SIGN_UP_BUSY />
        </form>
        <p class="account-links"><A href=SIGN_IN>{text::BACK_TO_SIGN_IN}</A></p>
    }
}

/// `/confirm?username=…[&code=…]`.
#[component]
pub fn Confirm() -> impl IntoView {
    let query = use_query_map();
    let (username, code) = query.with_untracked(|q| {
        (
            q.get("username").unwrap_or_default(),
            q.get("code").unwrap_or_default(),
        )
    });
    view! {
        <section class="page narrow sign-in">
            <ConfirmStep username sent=None code />
        </section>
    }
}

/// ConfirmSignUp with a code, "send a new code" (ResendConfirmationCode), then `/sign-in`.
#[component]
fn ConfirmStep(username: String, sent: Option<CodeSent>, code: String) -> impl IntoView {
    let auth = use_auth().auth;
    let navigate = use_navigate();
    let form = FormState::new();
    let resend = FormState::new();
    let username = RwSignal::new(username);
    let code = RwSignal::new(code);
    let where_sent = RwSignal::new(
        sent.and_then(|s| s.describe())
            .unwrap_or_else(|| text::CODE_UNKNOWN_DESTINATION.to_owned()),
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, typed) = (
            username.get_untracked().trim().to_owned(),
            code.get_untracked().trim().to_owned(),
        );
        let name = user.clone();
        let navigate = navigate.clone();
        form.submit(
            async move { auth.confirm_sign_up(&user, &typed).await },
            move |outcome, error| match outcome {
                Ok(()) => go_to_sign_in(&navigate, &name, Arrival::Confirmed),
                // Confirmed already (an earlier click, another tab): sign in.
                Err(e) if e.action == Some(UserAction::SignIn) => {
                    go_to_sign_in(&navigate, &name, Arrival::Confirmed)
                }
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    let send_again = move |_| {
        let user = username.get_untracked().trim().to_owned();
        if user.is_empty() {
            form.error.set(Some(text::USERNAME_NEEDED.to_owned()));
            return;
        }
        form.error.set(None);
        resend.submit(
            async move { auth.resend_confirmation_code(&user).await },
            move |outcome, _| match outcome {
                Ok(sent) => where_sent.set(text::new_code_sent(sent.describe())),
                Err(e) => form.error.set(Some(e.message)),
            },
        );
    };
    view! {
        <StepHeading text=text::CONFIRM_HEADING />
        <p class="lead code-sent" role="status" aria-live="polite">{move || where_sent.get()}</p>
        <form class="stack" on:submit=on_submit>
            <TextField id="username" label=text::USERNAME autocomplete="username" value=username form />
            <TextField id="code" label=text::CODE autocomplete="one-time-code" inputmode="numeric" value=code form />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::CONFIRM_BUTTON busy=text::CONFIRM_BUSY />
            <button
                type="button"
                class="secondary resend"
                disabled=move || resend.pending.get()
                aria-busy=move || resend.pending.get().to_string()
                on:click=send_again
            >
                {move || resend.pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {move || if resend.pending.get() { text::RESEND_BUSY } else { text::RESEND }}
            </button>
        </form>
        <p class="account-links"><A href=SIGN_IN>{text::BACK_TO_SIGN_IN}</A></p>
    }
}

/// `/forgot-password[?username=…[&reset=required]]`: ForgotPassword, then the reset step.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let query = use_query_map();
    let (username, required) = query.with_untracked(|q| {
        (
            q.get("username").unwrap_or_default(),
            q.get("reset").as_deref() == Some("required"),
        )
    });
    // An administrator's reset already sent a code: start at the reset step.
    let step = RwSignal::new(
        (required && !username.is_empty()).then(|| (username.clone(), None::<CodeSent>)),
    );
    view! {
        <section class="page narrow sign-in">
            {move || match step.get() {
                None => view! { <RequestCodeForm username=username.clone() step /> }.into_any(),
                Some((username, sent)) => view! { <ResetStep username sent /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RequestCodeForm(
    username: String,
    step: RwSignal<Option<(String, Option<CodeSent>)>>,
) -> impl IntoView {
    let auth = use_auth().auth;
    let form = FormState::new();
    let username = RwSignal::new(username);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = username.get_untracked().trim().to_owned();
        let name = user.clone();
        form.submit(
            async move { auth.forgot_password(&user).await },
            move |outcome, error| match outcome {
                Ok(sent) => step.set(Some((name, Some(sent)))),
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    view! {
        <StepHeading text=text::FORGOT_HEADING />
        <p class="lead">{text::FORGOT_LEAD}</p>
        <form class="stack" on:submit=on_submit>
            <TextField id="username" label=text::USERNAME autocomplete="username" value=username form />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::FORGOT_BUTTON busy=text::FORGOT_BUSY />
        </form>
        <p class="account-links"><A href=SIGN_IN>{text::BACK_TO_SIGN_IN}</A></p>
    }
}

/// ConfirmForgotPassword with the code and a new password (checked against the policy), then
/// `/sign-in`. "Send a new code" asks ForgotPassword again.
#[component]
fn ResetStep(username: String, sent: Option<CodeSent>) -> impl IntoView {
    let auth = use_auth().auth;
    let navigate = use_navigate();
    let form = FormState::new();
    let resend = FormState::new();
    let username = RwSignal::new(username);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let where_sent = RwSignal::new(match &sent {
        Some(sent) => sent
            .describe()
            .unwrap_or_else(|| text::CODE_UNKNOWN_DESTINATION.to_owned()),
        None => text::RESET_REQUIRED.to_owned(),
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, typed, pass) = (
            username.get_untracked().trim().to_owned(),
            code.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        if let Some(problem) = check_new_password(&pass, &confirmation.get_untracked()) {
            form.error.set(Some(problem.to_owned()));
            return;
        }
        let name = user.clone();
        let navigate = navigate.clone();
        form.submit(
            async move { auth.confirm_forgot_password(&user, &typed, &pass).await },
            move |outcome, error| match outcome {
                Ok(()) => go_to_sign_in(&navigate, &name, Arrival::PasswordReset),
                Err(e) => error.set(Some(e.message)),
            },
        );
    };
    let send_again = move |_| {
        let user = username.get_untracked().trim().to_owned();
        form.error.set(None);
        resend.submit(
            async move { auth.forgot_password(&user).await },
            move |outcome, _| match outcome {
                Ok(sent) => where_sent.set(text::new_code_sent(sent.describe())),
                Err(e) => form.error.set(Some(e.message)),
            },
        );
    };
    view! {
        <StepHeading text=text::RESET_HEADING />
        <p class="lead code-sent" role="status" aria-live="polite">{move || where_sent.get()}</p>
        <form class="stack" on:submit=on_submit>
            <TextField id="username" label=text::USERNAME autocomplete="username" value=username form />
            <TextField id="code" label=text::RESET_CODE autocomplete="one-time-code" inputmode="numeric" value=code form />
            <PasswordField id="new-password" name="new-password" label=text::NEW_PASSWORD autocomplete="new-password" value=password described_by="password-policy form-error" invalid=form.error />
            <PolicyChecklist password />
            <PasswordField id="confirm-password" name="confirm-password" label=text::CONFIRM_NEW_PASSWORD autocomplete="new-password" value=confirmation invalid=form.error />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::RESET_BUTTON busy=text::RESET_BUSY />
            <button
                type="button"
                class="secondary resend"
                disabled=move || resend.pending.get()
                aria-busy=move || resend.pending.get().to_string()
                on:click=send_again
            >
                {move || resend.pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {move || if resend.pending.get() { text::RESEND_BUSY } else { text::RESEND }}
            </button>
        </form>
        <p class="account-links"><A href=SIGN_IN>{text::BACK_TO_SIGN_IN}</A></p>
    }
}
