//! What the bare React + Amplify sign-in form does, in Poolgate's stack: a form that calls
//! InitiateAuth (USER_PASSWORD_AUTH) and a page that shows the username from the access token.
//! No signature check, no storage, no refresh, no other flow: the least any app of this stack
//! ships for a sign-in form.

use std::collections::HashMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuth<'a> {
    auth_flow: &'a str,
    client_id: &'a str,
    auth_parameters: HashMap<&'a str, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthResponse {
    authentication_result: Option<AuthenticationResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AuthenticationResult {
    access_token: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "__type")]
    code: Option<String>,
    message: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    username: String,
}

fn base64url(text: &str) -> Option<Vec<u8>> {
    let (mut bytes, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = acc << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    Some(bytes)
}

/// Signs in against the local pool of `bench/run` and returns the username.
async fn sign_in(username: String, password: String) -> Result<String, String> {
    let body = InitiateAuth {
        auth_flow: "USER_PASSWORD_AUTH",
        client_id: "localpoolgateappclient0001",
        auth_parameters: HashMap::from([("USERNAME", username), ("PASSWORD", password)]),
    };
    let response = gloo_net::http::Request::post("http://127.0.0.1:9230/")
        .header("Content-Type", "application/x-amz-json-1.1")
        .header(
            "X-Amz-Target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        )
        .json(&body)
        .map_err(|err| err.to_string())?
        .send()
        .await
        .map_err(|err| err.to_string())?;
    let text = response.text().await.map_err(|err| err.to_string())?;
    if !response.ok() {
        let error: ErrorBody = serde_json::from_str(&text).map_err(|err| err.to_string())?;
        return Err(format!(
            "{}: {}",
            error.code.unwrap_or_default(),
            error.message.unwrap_or_default()
        ));
    }
    let answer: InitiateAuthResponse = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let token = answer
        .authentication_result
        .ok_or("a challenge")?
        .access_token;
    let claims = token
        .split('.')
        .nth(1)
        .and_then(base64url)
        .ok_or("not a JWT")?;
    let claims: Claims = serde_json::from_slice(&claims).map_err(|err| err.to_string())?;
    Ok(claims.username)
}

/// The sign-in form; `on_signed_in` gets the username.
#[component]
pub fn SignIn(on_signed_in: Callback<String>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = Action::new_local(move |(name, secret): &(String, String)| {
        sign_in(name.clone(), secret.clone())
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(name)) => on_signed_in.run(name),
        Some(Err(why)) => error.set(Some(why)),
        None => {}
    });
    view! {
        <form on:submit=move |ev| {
            ev.prevent_default();
            submit.dispatch((username.get_untracked(), password.get_untracked()));
        }>
            <label>"Username" <input name="username" bind:value=username /></label>
            <label>"Password" <input type="password" bind:value=password /></label>
            <button type="submit" disabled=move || submit.pending().get()>"Sign in"</button>
            <p role="alert">{move || error.get()}</p>
        </form>
    }
}
