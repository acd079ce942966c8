//! `/sign-in`: username and password, then whatever challenge the pool asks for
//! (a new password, a one-time code), then back to where the user was going (`?next=`).

use crate::auth::{AuthError, SignInStep, use_auth};
use crate::text;
use cognito_session::safe_redirect_path;
use cognito_session::wire::ChallengeName;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SignIn() -> impl IntoView {
    let auth = use_auth();
    let query = use_query_map();
    let next = move || safe_redirect_path(query.read().get("next").as_deref()).to_owned();
    let step = RwSignal::new(Step::Credentials);

    // Already signed in (or just finished): go on to where the user was going.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if auth.is_settled() && auth.session().is_some() {
            navigate(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let advance = move |outcome: Result<SignInStep, AuthError>, error: RwSignal<Option<String>>| {
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
    };

    view! {
        <section class="page narrow sign-in">
            {move || match step.get() {
                // The same readiness as the guard: no form while a stored session is restored.
                _ if !auth.is_settled() => view! {
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

/// Which form the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Credentials,
    /// NEW_PASSWORD_REQUIRED, with the attributes the pool requires.
    NewPassword(Vec<String>),
    /// A one-time code (authenticator app, SMS or e-mail).
    Code(ChallengeName),
}

/// Common state of a sign-in form: the submit's progress and the error shown to the person.
#[derive(Clone, Copy)]
struct FormState {
    pending: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl FormState {
    fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Runs one request with the button in its progress state, then hands the outcome on.
    fn submit<Fut>(
        self,
        request: Fut,
        advance: impl Fn(Result<SignInStep, AuthError>, RwSignal<Option<String>>) + 'static,
    ) where
        Fut: Future<Output = Result<SignInStep, AuthError>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.error.set(None);
        spawn_local(async move {
            let outcome = request.await;
            self.pending.set(false);
            advance(outcome, self.error);
        });
    }
}

/// The live region where errors appear; screen readers announce what lands in it.
#[component]
fn ErrorRegion(error: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="alert" role="alert" aria-live="assertive">{move || error.get()}</p> }
}

#[component]
fn SubmitButton(pending: RwSignal<bool>, label: &'static str, busy: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// A password input with a show/hide toggle.
#[component]
fn PasswordField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="password-row">
                <input
                    id=id
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    required
                    bind:value=value
                />
                <button
                    type="button"
                    class="secondary toggle-password"
                    aria-controls=id
                    aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {move || if shown.get() { "Hide" } else { "Show" }}
                </button>
            </div>
        </div>
    }
}

#[component]
fn CredentialsForm(
    advance: impl Fn(Result<SignInStep, AuthError>, RwSignal<Option<String>>) + Copy + 'static,
) -> impl IntoView {
    let auth = use_auth();
    let form = FormState::new();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let ended = move || auth.ended().map(text::session_ended);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (user, pass) = (username.get_untracked(), password.get_untracked());
        form.submit(
            async move { auth.sign_in(user.trim(), &pass).await },
            advance,
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
                    required
                    bind:value=username
                />
            </div>
            <PasswordField id="password" name="password" label="Password" autocomplete="current-password" value=password />
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label="Sign in" busy="Signing in…" />
        </form>
    }
}

#[component]
fn NewPasswordForm(
    required_attributes: Vec<String>,
    advance: impl Fn(Result<SignInStep, AuthError>, RwSignal<Option<String>>) + Copy + 'static,
    step: RwSignal<Step>,
) -> impl IntoView {
    let auth = use_auth();
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
            advance,
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
fn MfaForm(
    name: ChallengeName,
    advance: impl Fn(Result<SignInStep, AuthError>, RwSignal<Option<String>>) + Copy + 'static,
    step: RwSignal<Step>,
) -> impl IntoView {
    let auth = use_auth();
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
        form.submit(async move { auth.submit_mfa_code(&typed).await }, advance);
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
