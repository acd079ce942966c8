//! Poolgate: sign people into an Amazon Cognito user pool from the browser.
//!
//! Start-up: [`start`] mounts [`Root`], which fetches `/config.json`, then either renders the
//! [`app::App`] for that pool or a page naming what is wrong with the configuration.

pub mod access;
pub mod app;
pub mod auth;
pub mod boot;
pub mod config;
pub mod guard;
pub mod pages;
pub mod password_policy;
pub mod prerendered;
pub mod text;

pub use boot::Root;

/// Entry point of the WebAssembly binary.
pub fn start() {
    leptos::mount::mount_to_body(|| leptos::view! { <Root /> });
}
