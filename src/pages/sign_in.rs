//! `/sign-in`: username and password, then whatever challenge the pool asks for
//! (a new password, a one-time code), then back to where the user was going (`?next=`).

use super::form::{ErrorRegion, FormState, PasswordField, SubmitButton};
use crate::access::{FORGOT_PASSWORD, SIGN_UP, confirm_for, reset_required_for};
use crate::auth::{AuthError, SignInStep, UseAuthReturn, use_auth};
use crate::text;
use cognito_session::UserAction;
use cognito_session::safe_redirect_path;
use cognito_session::wire::ChallengeName;
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
                error.set(Some(format!(
                    "This account needs a sign-in step this app does not support ({name})."
                )));
            }
            Ok(SignInStep::NewPassword {
                required_attributes,
            }) => step.set(Step::NewPassword(required_attributes)),
            Ok(SignInStep::MfaCode(name)) => step.set(Step::Code(name)),
            Err(e) => error.set(Some(e.message)),
        }
    });

    view! {
        <section class="page narrow sign-in">
            {move || match step.get() {
                // The same readiness as the guard: no form while a stored session is restored.
                _ if !is_settled.get() => view! {
                    <h1>"Sign in"</h1>
                    <p class="boot-status" role="status" aria-live="polite">{text::RESTORING}</p>
                }
                .into_any(),
                Step::Credentials => view! { <CredentialsForm advance /> }.into_any(),
                Step::NewPassword(required_attributes) => {
                    view! { <NewPasswordForm required_attributes advance step /> }.into_any()
                }
                Step::Code(name) => view! { <MfaForm name advance step /> }.into_any(),
            }}
        </section>
    }
}

/// What each form hands its answer to: the page moves to the next step or shows the error in
/// the form's error region.
type Advance = Callback<(Result<SignInStep, AuthError>, RwSignal<Option<String>>)>;

/// Which form the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Credentials,
    /// NEW_PASSWORD_REQUIRED, with the attributes the pool requires.
    NewPassword(Vec<String>),
    /// A one-time code (authenticator app, SMS or e-mail).
    Code(ChallengeName),
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
fn CredentialsForm(advance: Advance) -> impl IntoView {
    let UseAuthReturn { ended, auth, .. } = use_auth();
    let query = use_query_map();
    let navigate = use_navigate();
    let form = FormState::new();
    let (prefill, arrived) = query.with_untracked(|q| {
        (
            q.get("username").unwrap_or_default(),
            arrival_notice(q.get("confirmed").is_some(), q.get("reset").is_some()),
        )
    });
    let username = RwSignal::new(prefill);
    let password = RwSignal::new(String::new());
    let ended = move || ended.get().map(text::session_ended).or(arrived);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, pass) = (
            username.get_untracked().trim().to_owned(),
            password.get_untracked(),
        );
        let navigate = navigate.clone();
        let name = user.clone();
        form.submit(
            async move { auth.sign_in(&user, &pass).await },
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
    view! {
        <h1>"Sign in"</h1>
        <p class="notice" role="status">{ended}</p>
        <form class="stack" on:submit=on_submit>
            <div class="field">
                <label for="username">"Username"</label>
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
            <PasswordField id="password" name="password" label="Password" autocomplete="current-password" value=password invalid=form.error />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label="Sign in" busy="Signing in…" />
        </form>
        <p class="account-links">
            <A href=FORGOT_PASSWORD>{text::account::FORGOT_LINK}</A>
            <A href=SIGN_UP>{text::account::CREATE_ACCOUNT_LINK}</A>
        </p>
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
            form.error
                .set(Some("The two passwords do not match.".into()));
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
        <h1>"Choose a new password"</h1>
        <p class="lead">"Your account was created with a temporary password. Choose your own to continue."</p>
        <form class="stack" on:submit=on_submit>
            <PasswordField id="new-password" name="new-password" label="New password" autocomplete="new-password" value=password />
            <PasswordField id="confirm-password" name="confirm-password" label="Confirm new password" autocomplete="new-password" value=confirmation />
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
            <SubmitButton pending=form.pending label="Set password and sign in" busy="Saving…" />
            <button type="button" class="secondary" on:click=cancel>"Cancel"</button>
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
        ChallengeName::SmsMfa => "Enter the code we sent to your phone.",
        ChallengeName::EmailOtp => "Enter the code we sent to your email.",
        _ => "Enter the 6-digit code from your authenticator app.",
    };
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
        <h1>"Verification code"</h1>
        <p class="lead">{hint}</p>
        <form class="stack" on:submit=on_submit>
            <div class="field">
                <label for="code">"Code"</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required bind:value=code />
            </div>
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label="Verify" busy="Verifying…" />
            <button type="button" class="secondary" on:click=cancel>"Cancel"</button>
        </form>
    }
}
