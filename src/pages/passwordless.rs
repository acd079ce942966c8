//! The code step of a passwordless sign-in on `/sign-in`: the e-mailed code, what a wrong code
//! leaves, "send a new code", and back to the start when the attempt has ended.

use super::form::{ErrorRegion, FormState, StepHeading};
use super::sign_in_advance::Advance;
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
    advance: Advance,
    restart: Callback<String>,
    cancel: Callback<()>,
) -> impl IntoView {
    let auth = use_auth().auth;
    // One form for both requests (they share the challenge session, which Cognito accepts
    // once); `resending` tells which one is running.
    let form = FormState::new();
    let resending = RwSignal::new(false);
    let challenge = RwSignal::new(CodeChallenge::from_parameters(&parameters));
    let status = RwSignal::new(text::code_sent(challenge.get_untracked().code_length));
    let code = RwSignal::new(String::new());

    // `new_code`: ask for a new code; otherwise answer with the code typed.
    let send = move |new_code: bool| {
        if form.pending.get_untracked() {
            return;
        }
        resending.set(new_code);
        let typed = code.get_untracked().trim().to_owned();
        form.submit(
            async move {
                if new_code {
                    auth.send_new_sign_in_code().await
                } else {
                    auth.submit_sign_in_code(&typed).await
                }
            },
            move |outcome, error| match outcome {
                // A further code challenge: after an answer, the code was wrong.
                Ok(SignInStep::CustomChallenge(parameters)) => {
                    let next = CodeChallenge::from_parameters(&parameters);
                    challenge.set(next);
                    code.set(String::new());
                    if new_code {
                        status.set(text::NEW_CODE_SENT.to_owned());
                    } else {
                        error.set(Some(text::wrong_code(next.attempts_left)));
                    }
                }
                Err(AuthError {
                    message,
                    action: Some(UserAction::RestartSignIn),
                }) => restart.run(message),
                other => advance.run((other, error)),
            },
        );
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(false);
    };
    let can_resend = move || challenge.with(CodeChallenge::can_send_new_code);
    let busy = move |resend: bool| form.pending.get() && resending.get() == resend;

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
            <button type="submit" class="primary" disabled=move || form.pending.get() aria-busy=move || busy(false).to_string()>
                {move || if busy(false) { text::SUBMIT_BUSY } else { text::SUBMIT }}
            </button>
            <button
                type="button"
                class="secondary resend"
                disabled=move || form.pending.get() || !can_resend()
                aria-busy=move || busy(true).to_string()
                aria-describedby="resend-note"
                on:click=move |_| send(true)
            >
                {move || if busy(true) { text::NEW_CODE_BUSY } else { text::NEW_CODE }}
            </button>
            <p id="resend-note" class="hint">{move || (!can_resend()).then_some(text::NO_NEW_CODES_LEFT)}</p>
            <button type="button" class="secondary" on:click=move |_| cancel.run(())>{text::USE_PASSWORD}</button>
        </form>
    }
}
