//! Parts of the signed-in forms (profile sections, MFA steps), where several forms share a
//! page: a labelled input tied to its form's own error region, focus moved to the first
//! invalid field when an error appears, a focusable section heading, and a busy button.

use super::form::FormState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled text input whose description is its form's error region (`error_id`).
#[component]
pub fn InputField(
    id: &'static str,
    label: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    value: RwSignal<String>,
    form: FormState,
    error_id: &'static str,
    #[prop(default = true)] required: bool,
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
                aria-describedby=error_id
                aria-invalid=form.invalid()
                required=required
                bind:value=value
            />
        </div>
    }
}

/// When `form` shows an error, moves focus to the first field marked invalid inside `node`
/// (the error region, a live region, is announced either way).
pub fn focus_first_error(form: FormState, node: NodeRef<leptos::html::Form>) {
    Effect::new(move |_| {
        if form.error.with(Option::is_none) {
            return;
        }
        let Some(element) = node.get_untracked() else {
            return;
        };
        if let Ok(Some(field)) = element.query_selector("[aria-invalid='true']")
            && let Ok(field) = field.dyn_into::<web_sys::HtmlElement>()
        {
            let _ = field.focus();
        }
    });
}

/// A section's step heading (`h2`) that takes focus when it appears, like
/// [`StepHeading`](super::form::StepHeading) for a page's steps.
#[component]
pub fn FocusedHeading(id: &'static str, text: &'static str) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(element) = heading.get() {
            let _ = element.focus();
        }
    });
    view! { <h2 id=id tabindex="-1" node_ref=heading>{text}</h2> }
}

/// A button that runs a request: disabled, with a spinner and its busy label, while `pending`.
#[component]
pub fn BusyButton(
    pending: RwSignal<bool>,
    label: &'static str,
    busy: &'static str,
    #[prop(default = "secondary")] class: &'static str,
    #[prop(default = "button")] kind: &'static str,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <button
            type=kind
            class=class
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
            on:click=move |_| {
                if let Some(callback) = on_click {
                    callback.run(());
                }
            }
        >
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}
