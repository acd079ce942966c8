//! A QR code as inline SVG (no script, so the page's CSP has nothing to allow), and the
//! `otpauth://` URI authenticator apps scan.

use crate::text::mfa as text;
use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the symbol, as the QR specification asks.
const QUIET_ZONE: i32 = 4;

/// The `otpauth://totp/` URI of a TOTP secret (Key Uri Format: label `Issuer:account`, then the
/// base32 `secret` and the `issuer` again as a parameter; SHA-1, 6 digits, 30 s are defaults).
pub fn otpauth_uri(account: &str, secret: &str) -> String {
    let issuer = String::from(js_sys::encode_uri_component(text::ISSUER));
    let account = String::from(js_sys::encode_uri_component(account));
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

/// The secret in groups of four, easier to read and type; apps ignore the spaces.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// SVG path data for the dark modules: one rectangle per horizontal run.
fn path_data(code: &QrCode) -> String {
    let mut d = String::new();
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < code.size() && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    d
}

/// `data` as a QR code image, dark on light in both colour schemes (scanners need contrast).
#[component]
pub fn QrImage(data: String, label: &'static str) -> impl IntoView {
    match QrCode::encode_text(&data, QrCodeEcc::Medium) {
        Ok(code) => {
            let side = code.size() + 2 * QUIET_ZONE;
            let view_box = format!("0 0 {side} {side}");
            view! {
                <svg class="qr" role="img" aria-label=label viewBox=view_box shape-rendering="crispEdges">
                    <rect width="100%" height="100%" fill="#ffffff"></rect>
                    <path d=path_data(&code) fill="#000000"></path>
                </svg>
            }
            .into_any()
        }
        // An otpauth URI is far below the QR capacity; the key below the image still works.
        Err(_) => ().into_any(),
    }
}
