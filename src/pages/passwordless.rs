//! The code step of a passwordless sign-in on `/sign-in`: the e-mailed code, what a wrong code
//! leaves, "send a new code", and back to the start when the attempt has ended.

use super::form::{ErrorRegion, FormState, StepHeading, SubmitButton};
use crate::auth::{AuthError, CodeChallenge, SignInStep, use_auth};
use crate::text::passwordless as text;
use cognito_session::UserAction;
use cognito_session::wire::StringMap;
use leptos::prelude::*;

/// `parameters` are the first challenge's public parameters. `advance` takes outcomes other
/// than a further code challenge (signed in, an unexpected step); `restart` goes back to the
/// start with a message when the attempt has ended; `cancel` goes back without one.
#[component]
pub fn EmailCodeStep(
    parameters: StringMap,
    advance: impl Fn(Result<SignInStep, AuthError>, RwSignal<Option<String>>) + Copy + 'static,
    restart: impl Fn(String) + Copy + 'static,
    cancel: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let auth = use_auth();
    let form = FormState::new();
    let resend = FormState::new();
    let challenge = RwSignal::new(CodeChallenge::from_parameters(&parameters));
    let status = RwSignal::new(text::code_sent(challenge.get_untracked().code_length));
    let code = RwSignal::new(String::new());

    // What both requests share: a further challenge updates the step, an ended attempt restarts.
    let handle = move |outcome: Result<SignInStep, AuthError>,
                       error: RwSignal<Option<String>>,
                       on_challenge: &dyn Fn(CodeChallenge)| match outcome {
        Ok(SignInStep::CustomChallenge(parameters)) => {
            let next = CodeChallenge::from_parameters(&parameters);
            challenge.set(next);
            on_challenge(next);
        }
        Err(AuthError {
            message,
            action: Some(UserAction::RestartSignIn),
        }) => restart(message),
        other => advance(other, error),
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One request per challenge session: Cognito accepts a session once.
        if resend.pending.get_untracked() {
            return;
        }
        let typed = code.get_untracked().trim().to_owned();
        form.submit(
            async move { auth.submit_sign_in_code(&typed).await },
            move |outcome, error| {
                // Another code challenge after an answer means the code was wrong.
                handle(outcome, error, &|next| {
                    code.set(String::new());
                    error.set(Some(text::wrong_code(next.attempts_left)));
                })
            },
        );
    };
    let send_new_code = move |_| {
        if form.pending.get_untracked() {
            return;
        }
        form.error.set(None);
        resend.submit(
            async move { auth.send_new_sign_in_code().await },
            move |outcome, _| {
                handle(outcome, form.error, &|_| {
                    code.set(String::new());
                    status.set(text::NEW_CODE_SENT.to_owned());
                })
            },
        );
    };
    let can_resend = move || challenge.with(CodeChallenge::can_send_new_code);

    view! {
        <StepHeading text=text::CODE_HEADING />
        <p id="code-status" class="lead code-sent" role="status" aria-live="polite">{move || status.get()}</p>
        <form class="stack passwordless" on:submit=on_submit>
            <div class="field">
                <label for="sign-in-code">{text::CODE_LABEL}</label>
                <input
                    id="sign-in-code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength=move || challenge.with(|c| c.code_length.map(|n| n.to_string()))
                    aria-describedby="code-status form-error"
                    aria-invalid=form.invalid()
                    required
                    bind:value=code
                />
            </div>
            <ErrorRegion error=form.error />
            <SubmitButton pending=form.pending label=text::SUBMIT busy=text::SUBMIT_BUSY />
            <button
                type="button"
                class="secondary resend"
                disabled=move || resend.pending.get() || !can_resend()
                aria-busy=move || resend.pending.get().to_string()
                aria-describedby="resend-note"
                on:click=send_new_code
            >
                {move || resend.pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                {move || if resend.pending.get() { text::NEW_CODE_BUSY } else { text::NEW_CODE }}
            </button>
            <p id="resend-note" class="hint">{move || (!can_resend()).then_some(text::NO_NEW_CODES_LEFT)}</p>
            <button type="button" class="secondary" on:click=move |_| cancel()>{text::USE_PASSWORD}</button>
        </form>
    }
}
