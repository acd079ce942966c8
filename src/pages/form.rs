//! Parts shared by the sign-in and account forms: a submit's progress and error, the announced
//! error region, the submit button, password fields with the policy checklist, and a step
//! heading that takes focus when its step appears.

use crate::auth::AuthError;
use crate::password_policy::PasswordPolicy;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Common state of a form: the submit's progress and the error shown to the person.
#[derive(Clone, Copy)]
pub struct FormState {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// Runs one request with the button in its progress state, then hands the outcome on.
    /// A second submit while one runs is ignored.
    pub fn submit<T, Fut>(
        self,
        request: Fut,
        then: impl FnOnce(Result<T, AuthError>, RwSignal<Option<String>>) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, AuthError>> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        self.error.set(None);
        spawn_local(async move {
            let outcome = request.await;
            // The page may have moved on (and disposed the signals) while the request ran.
            let _ = self.pending.try_set(false);
            then(outcome, self.error);
        });
    }

    /// The `aria-invalid` value of this form's fields.
    pub fn invalid(self) -> impl Fn() -> &'static str + Copy {
        move || {
            if self.error.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }
}

/// The live region where a form's errors appear; screen readers announce what lands in it, and
/// the form's fields name its `id` in `aria-describedby`.
#[component]
pub fn ErrorRegion(
    #[prop(default = "form-error")] id: &'static str,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    view! { <p id=id class="alert" role="alert" aria-live="assertive">{move || error.get()}</p> }
}

#[component]
pub fn SubmitButton(
    pending: RwSignal<bool>,
    label: &'static str,
    busy: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class="primary" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// A password input with a show/hide toggle.
#[component]
pub fn PasswordField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    /// Ids of the elements that describe this field (errors, the policy checklist).
    #[prop(default = "form-error")]
    described_by: &'static str,
    #[prop(optional)] invalid: Option<RwSignal<Option<String>>>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let aria_invalid = move || {
        invalid
            .is_some_and(|error| error.with(Option::is_some))
            .to_string()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="password-row">
                <input
                    id=id
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    aria-describedby=described_by
                    aria-invalid=aria_invalid
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
                    {move || if shown.get() { crate::text::account::HIDE_PASSWORD } else { crate::text::account::SHOW_PASSWORD }}
                </button>
            </div>
        </div>
    }
}

/// The password policy as a checklist that follows what the person types. Each rule says
/// whether it is met in words too (not by colour alone).
#[component]
pub fn PolicyChecklist(
    #[prop(default = "password-policy")] id: &'static str,
    password: RwSignal<String>,
) -> impl IntoView {
    let policy = PasswordPolicy::default();
    let rules = policy
        .rules()
        .into_iter()
        .map(|rule| {
            let met = move || password.with(|p| rule.is_met(p));
            view! {
                <li data-rule=rule.key() data-met=move || met().to_string() class:met=met>
                    <span class="rule-mark" aria-hidden="true">{move || if met() { "✓" } else { "•" }}</span>
                    {text::account::rule(rule)}
                    <span class="visually-hidden">" ("{move || text::account::rule_state(met())}")"</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div id=id class="policy">
            <p class="policy-heading">{text::account::POLICY_HEADING}</p>
            <ul class="policy-rules">{rules}</ul>
        </div>
    }
}

/// Whether `password` meets the policy the checklist shows.
pub fn meets_policy(password: &str) -> bool {
    PasswordPolicy::default().accepts(password)
}

/// A step's heading (`h1`), focused when the step appears so keyboard and screen-reader users
/// land on the new step.
#[component]
pub fn StepHeading(text: &'static str) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
    });
    view! { <h1 tabindex="-1" node_ref=heading>{text}</h1> }
}
