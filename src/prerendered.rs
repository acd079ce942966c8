//! The sign-in form `index.html` carries (`#prerendered`), shown by `public/prerender.js` while
//! the app loads when that form is what the app will show (at `/` or `/sign-in`, nothing
//! stored). People can type before the WebAssembly has arrived; the sign-in page takes what they
//! typed and where the focus was ([`take_sign_in`]), and anything else the app settles on
//! removes the copy ([`dismiss`]). Nothing is sent early: `prerender.js` stops a submit and marks
//! the form, and the sign-in page submits once it has taken over; the other buttons are disabled.

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

const ELEMENT_ID: &str = "prerendered";
/// The attribute `prerender.js` sets on `<html>` to show the copy (and hide the app).
const SHOWN_ATTRIBUTE: &str = "data-prerendered";

/// What was typed into the early form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub username: String,
    pub password: String,
    /// The `id` of the field that had the focus (`username` or `password`), to give it back.
    pub focused: Option<String>,
    /// Whether the person already pressed "Sign in" (or Enter).
    pub submitted: bool,
}

/// Removes the early form and returns what was typed into it, if it was shown.
pub fn take_sign_in() -> Option<Typed> {
    let document = document();
    let copy = document.get_element_by_id(ELEMENT_ID)?;
    let shown = document
        .document_element()
        .is_some_and(|html| html.has_attribute(SHOWN_ATTRIBUTE));
    let value = |name: &str| {
        copy.query_selector(&format!("input[name={name}]"))
            .ok()
            .flatten()
            .and_then(|input| input.dyn_into::<HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default()
    };
    let focused = document
        .active_element()
        .filter(|active| copy.contains(Some(active)))
        .map(|active| active.id())
        .filter(|id| !id.is_empty());
    let submitted = copy
        .query_selector("form[data-submitted]")
        .ok()
        .flatten()
        .is_some();
    let typed = Typed {
        username: value("username"),
        password: value("password"),
        focused,
        submitted,
    };
    dismiss();
    shown.then_some(typed)
}

/// Removes the early form (if still there) and shows the app.
pub fn dismiss() {
    let document = document();
    if let Some(copy) = document.get_element_by_id(ELEMENT_ID) {
        copy.remove();
    }
    if let Some(html) = document.document_element() {
        let _ = html.remove_attribute(SHOWN_ATTRIBUTE);
    }
}

/// Gives the focus back to the field with `id` (the app's own, once it is in the page), with the
/// caret at the end of what was typed.
pub fn restore_focus(id: &str) {
    if let Some(input) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
    {
        let _ = input.focus();
        let end = input.value().len() as u32;
        let _ = input.set_selection_range(end, end);
    }
}

#[cfg(test)]
mod tests {
    use crate::text;

    /// The early form is index.html's copy of the app's: the same words (from `text.rs`, so a
    /// translation must change both), fields and attributes; only "Sign in" is enabled (its
    /// submit is held by prerender.js), and a submit that got through would not put the password
    /// in a URL.
    #[test]
    fn index_html_carries_the_sign_in_form_in_the_apps_words() {
        let html = include_str!("../index.html");
        let start = html
            .find(r#"<div id="prerendered""#)
            .expect("the early form");
        let copy = &html[start..html[start..].find("</footer>").expect("its end") + start];
        for words in [
            text::sign_in::HEADING,
            text::shell::SIGN_IN,
            text::account::USERNAME,
            text::account::PASSWORD,
            text::account::SHOW_PASSWORD,
            text::sign_in::BUTTON,
            text::passwordless::EMAIL_ME_A_CODE,
        ] {
            assert!(copy.contains(&format!(">{words}<")), "{words:?} missing");
        }
        for attributes in [
            r#"id="username" name="username" type="text" autocomplete="username""#,
            r#"id="password" name="password" type="password" autocomplete="current-password""#,
            r#"method="post""#,
        ] {
            assert!(copy.contains(attributes), "{attributes:?} missing");
        }
        assert_eq!(copy.matches("<button").count(), 3);
        assert_eq!(
            copy.matches(" disabled>").count(),
            2,
            "all but Sign in disabled"
        );
        assert!(copy.contains(r#"<button class="primary" type="submit" aria-busy="false">"#));
        assert!(html.contains(r#"<script src="/prerender.js"></script>"#));
    }
}
