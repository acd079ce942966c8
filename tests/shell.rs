//! Browser tests of the app shell: layout, routing and the configuration error page.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use poolgate::Root;
use poolgate::app::App;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn shell_renders_header_navigation_main_and_footer() {
    let page = mount_at("/sign-in", || {
        view! { <App config=local_config() /> }.into_any()
    });
    page.wait_for("main#main h1", 2000).await;
    assert!(page.text(".site-header .brand").ends_with("Poolgate"));
    page.wait_for_text("nav.site-nav", "Sign in", 5000).await;
    assert!(page.text(".site-footer").contains("us-east-1_LocalPool"));
}

#[wasm_bindgen_test]
async fn routes_render_their_pages_and_unknown_paths_say_not_found() {
    for (path, heading) in [
        ("/sign-in", "Sign in"),
        ("/sign-up", "Create an account"),
        ("/forgot-password", "Reset your password"),
        ("/no/such/page", "Page not found"),
    ] {
        let page = mount_at(path, || view! { <App config=local_config() /> }.into_any());
        page.wait_for_text("main h1", heading, 2000).await;
    }
}

#[wasm_bindgen_test]
async fn navigation_links_route_without_reloading() {
    let page = mount_at("/no/such/page", || {
        view! { <App config=local_config() /> }.into_any()
    });
    page.wait_for_text("main h1", "Page not found", 2000).await;
    let link: web_sys::HtmlElement = page
        .wait_for("nav.site-nav a[href='/sign-in']", 5000)
        .await
        .unchecked_into();
    link.click();
    page.wait_for_text("main h1", "Sign in", 2000).await;
    assert_eq!(current_path(), "/sign-in");
}

#[wasm_bindgen_test]
async fn signed_out_visitors_of_a_protected_page_go_to_sign_in_with_next() {
    let page = mount_at("/reports", || {
        view! { <App config=local_config() /> }.into_any()
    });
    page.wait_for_text("main h1", "Sign in", 5000).await;
    assert_eq!(current_path(), "/sign-in");
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert_eq!(search, "?next=%2Freports");
    assert!(
        page.find("main .page:not(.sign-in)").is_none(),
        "nothing protected rendered"
    );
}

#[wasm_bindgen_test]
async fn missing_config_shows_an_error_page_naming_the_problem() {
    let page = mount_at("/sign-in", || {
        view! { <Root config_url="/no-such-config.json" /> }.into_any()
    });
    let text = page.wait_for_text(".config-error", "HTTP 404", 5000).await;
    assert!(text.contains("config.json could not be loaded"), "{text}");
    assert!(
        page.find(".site-header").is_none(),
        "the app must not render without config"
    );
}

#[wasm_bindgen_test]
async fn malformed_config_shows_an_error_page_naming_the_problem() {
    let url = "data:application/json,{\"region\":";
    let page = mount_at("/", move || view! { <Root config_url=url /> }.into_any());
    let text = page
        .wait_for_text(".config-error", "config.json is not valid", 5000)
        .await;
    assert!(text.contains("EOF"), "{text}");
}

#[wasm_bindgen_test]
async fn incomplete_config_shows_an_error_page_naming_the_missing_field() {
    let url = "data:application/json,{\"region\":\"us-east-1\"}";
    let page = mount_at("/", move || view! { <Root config_url=url /> }.into_any());
    let text = page
        .wait_for_text(".config-error", "userPoolId", 5000)
        .await;
    assert!(
        text.contains("config.json field `userPoolId` is required"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn valid_config_from_a_url_starts_the_app() {
    let url = format!(
        "data:application/json,{}",
        js_sys::encode_uri_component(include_str!("../public/config.json"))
    );
    let page = mount_at("/sign-in", move || {
        view! { <Root config_url=url /> }.into_any()
    });
    page.wait_for(".site-header", 5000).await;
    assert!(page.find(".config-error").is_none());
}
