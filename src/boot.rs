//! Loading the runtime configuration before anything else renders.

use crate::app::App;
use crate::config::{AppConfig, ConfigError, csp_allows_connect};
use crate::pages::ConfigErrorPage;
use leptos::prelude::*;

/// Where the configuration lives, next to `index.html`.
pub const CONFIG_URL: &str = "/config.json";

/// The top-level component: loads `config_url` (default [`CONFIG_URL`]), then renders the app.
/// A `LocalResource` fetches it (in the browser only, cancelled if the root unmounts first).
#[component]
pub fn Root(#[prop(optional, into)] config_url: Option<String>) -> impl IntoView {
    let url = config_url.unwrap_or_else(|| CONFIG_URL.to_owned());
    let loaded = LocalResource::new(move || {
        let url = url.clone();
        async move { load_config(&url).await }
    });
    move || match loaded.get() {
        None => view! {
            <p class="boot-status" role="status">{crate::text::shell::LOADING_CONFIGURATION}</p>
        }
        .into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
        Some(Err(error)) => {
            crate::prerendered::dismiss();
            view! { <ConfigErrorPage error /> }.into_any()
        }
    }
}

/// Fetches and validates the configuration, and checks the page's CSP lets it reach the pool.
pub async fn load_config(url: &str) -> Result<AppConfig, ConfigError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigError::Unreachable(format!(
            "the server answered HTTP {} for {url}",
            response.status()
        )));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ConfigError::Unreachable(e.to_string()))?;
    let config = AppConfig::from_json(&text)?;
    check_csp(&config)?;
    Ok(config)
}

/// The CSP `<meta>` is generated from config.json at build time; a config swapped in afterwards
/// for another pool would fail every request with an opaque network error, so say so up front.
fn check_csp(config: &AppConfig) -> Result<(), ConfigError> {
    let AppConfig::Direct(config) = config else {
        return Ok(()); // Only this page's own origin (`/api/`), which `'self'` always allows.
    };
    let document = document();
    let Some(meta) = document
        .query_selector(r#"meta[http-equiv="Content-Security-Policy"]"#)
        .ok()
        .flatten()
    else {
        return Ok(());
    };
    let csp = meta.get_attribute("content").unwrap_or_default();
    let page_origin = window().location().origin().unwrap_or_default();
    if csp_allows_connect(&csp, config.endpoint_origin(), &page_origin) {
        Ok(())
    } else {
        Err(ConfigError::Invalid {
            field: "endpoint",
            problem: format!(
                "({}) is not allowed by this page's Content-Security-Policy connect-src; \
                 rebuild with this config.json so the CSP names it",
                config.endpoint_origin()
            ),
        })
    }
}
