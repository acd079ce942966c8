//! The messaging family: CustomMessage for every message source, and the e-mail layout the
//! custom-auth code mail shares.
//!
//! Rules (Amazon Cognito Developer Guide, "Custom message Lambda trigger",
//! docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html):
//! the request's `codeParameter` (usually `{####}`) must appear in the message, and Cognito
//! replaces it with the code; for `CustomMessage_AdminCreateUser` the `usernameParameter`
//! (usually `{username}`) must appear too, and the code is the temporary password. Limits
//! (Amazon Cognito API Reference, "MessageTemplateType"): subject 1–140 characters, e-mail
//! message 6–20,000, SMS message 6–140. Cognito does not HTML-escape what it substitutes.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCustomMessage, CognitoEventUserPoolsCustomMessageTriggerSource as Source,
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::sign_up::required;
use crate::{Settings, TriggerError};

/// Cognito's limits for a custom message (API Reference, MessageTemplateType).
pub const MAX_SUBJECT_CHARS: usize = 140;
pub const MAX_EMAIL_CHARS: usize = 20_000;
pub const MAX_SMS_CHARS: usize = 140;

/// One message before layout: what every channel says.
struct Message {
    subject: String,
    heading: String,
    lead: String,
    code_label: &'static str,
    /// (button text, absolute URL) into the app, where one fits.
    link: Option<(&'static str, String)>,
    sms: String,
}

/// CustomMessage: a subject, an HTML e-mail and an SMS text for every message source, each
/// with the placeholders Cognito requires. Sources it does not know keep Cognito's default
/// message (the response is left empty).
pub fn custom_message(
    mut event: CognitoEventUserPoolsCustomMessage,
    settings: &Settings,
) -> Result<CognitoEventUserPoolsCustomMessage, TriggerError> {
    let header = &event.cognito_event_user_pools_header;
    let Some(source) = header.trigger_source.clone() else {
        return Err(TriggerError::InvalidEvent(
            "triggerSource is missing".to_owned(),
        ));
    };
    let user_name = required(header.user_name.as_deref(), "userName")?;
    let code = required(
        event.request.code_parameter.as_deref(),
        "request.codeParameter",
    )?;
    let product = &settings.product_name;
    let app = &settings.app_url;
    let user_query = utf8_percent_encode(user_name, NON_ALPHANUMERIC).to_string();
    let confirm_link = format!("{app}/confirm?username={user_query}&code={code}");

    let message = match source {
        Source::SignUp => Message {
            subject: format!("Confirm your {product} account"),
            heading: "Confirm your e-mail address".to_owned(),
            lead: format!("Welcome to {product}. Enter this code to confirm your account, or use the button below."),
            code_label: "Your confirmation code",
            link: Some(("Confirm my account", confirm_link)),
            sms: format!("{product}: your confirmation code is {code}"),
        },
        Source::ResendCode => Message {
            subject: format!("Your new {product} confirmation code"),
            heading: "Here is a new confirmation code".to_owned(),
            lead: "You asked for a new code. Enter it to confirm your account, or use the button below; earlier codes no longer work.".to_owned(),
            code_label: "Your confirmation code",
            link: Some(("Confirm my account", confirm_link)),
            sms: format!("{product}: your new confirmation code is {code}"),
        },
        Source::ForgotPassword => Message {
            subject: format!("Reset your {product} password"),
            heading: "Reset your password".to_owned(),
            lead: format!("Someone asked to reset the password of your {product} account. Enter this code where you asked for it to choose a new password. If it was not you, ignore this message: your password stays as it is."),
            code_label: "Your password reset code",
            link: None,
            sms: format!("{product}: your password reset code is {code}"),
        },
        Source::UpdateUserAttribute => Message {
            subject: format!("Verify your new {product} contact details"),
            heading: "Verify your new contact details".to_owned(),
            lead: "Your e-mail address or phone number was changed. Enter this code on your profile to verify it.".to_owned(),
            code_label: "Your verification code",
            link: Some(("Open my profile", format!("{app}/profile"))),
            sms: format!("{product}: your verification code is {code}"),
        },
        Source::VerifyUserAttribute => Message {
            subject: format!("Verify your {product} contact details"),
            heading: "Verify your contact details".to_owned(),
            lead: "You asked to verify your e-mail address or phone number. Enter this code on your profile.".to_owned(),
            code_label: "Your verification code",
            link: Some(("Open my profile", format!("{app}/profile"))),
            sms: format!("{product}: your verification code is {code}"),
        },
        Source::AdminCreateUser => {
            let username = required(
                event.request.username_parameter.as_deref(),
                "request.usernameParameter",
            )?;
            Message {
                subject: format!("Your {product} account is ready"),
                heading: format!("Welcome to {product}"),
                lead: format!("An administrator created an account for you. Your username is {username}. Sign in with the temporary password below; you will choose your own password then."),
                code_label: "Your temporary password",
                link: Some(("Sign in", format!("{app}/sign-in?username={user_query}"))),
                sms: format!("{product}: username {username}, temporary password {code}"),
            }
        }
        Source::Authentication => Message {
            subject: format!("Your {product} sign-in code"),
            heading: "Your sign-in code".to_owned(),
            lead: format!("Enter this code to finish signing in to {product}."),
            code_label: "Your sign-in code",
            link: None,
            sms: format!("{product}: your sign-in code is {code}"),
        },
        _ => return Ok(event),
    };

    let html = html_email(
        settings,
        &message.heading,
        &message.lead,
        message.code_label,
        code,
        message.link.as_ref(),
    );
    event.response.email_subject = Some(message.subject);
    event.response.email_message = Some(html);
    event.response.sms_message = Some(message.sms);
    Ok(event)
}

/// The product's e-mail: a card on the app's background, its accent colour, the code in a
/// large monospaced box, an optional button. Every argument is text and is escaped here.
pub(crate) fn html_email(
    settings: &Settings,
    heading: &str,
    lead: &str,
    code_label: &str,
    code: &str,
    link: Option<&(&str, String)>,
) -> String {
    // Colours and fonts from the app's style/main.css (--bg, --surface, --text, --muted,
    // --border, --accent, --radius, --font, --mono); inline styles, as mail clients need.
    const FONT: &str =
        "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif";
    const MONO: &str = "ui-monospace,'SFMono-Regular',Menlo,Consolas,monospace";
    let product = escape(&settings.product_name);
    let button = link
        .map(|(label, url)| {
            format!(
                r#"<p style="margin:24px 0 0"><a href="{}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:10px">{}</a></p>"#,
                escape(url),
                escape(label)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{title}</title></head><body style="margin:0;padding:24px;background:#f6f7fb;color:#16181d;font-family:{FONT}"><table role="presentation" width="100%" cellspacing="0" cellpadding="0"><tr><td align="center"><table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:480px;background:#ffffff;border:1px solid #dde1ea;border-radius:10px"><tr><td style="padding:32px"><p style="margin:0 0 24px;font-weight:700;font-size:18px;color:#2563eb">{product}</p><h1 style="margin:0 0 12px;font-size:22px">{heading}</h1><p style="margin:0 0 24px;line-height:1.5">{lead}</p><p style="margin:0 0 8px;color:#5b6170;font-size:14px">{code_label}</p><p style="margin:0;padding:14px 18px;background:#e8efff;border-radius:10px;font-family:{MONO};font-size:26px;letter-spacing:4px;font-weight:700">{code}</p>{button}</td></tr></table><p style="margin:16px 0 0;color:#5b6170;font-size:12px">If you did not ask for this, you can ignore this e-mail. {product} never asks for your password by e-mail.</p></td></tr></table></body></html>"#,
        title = escape(heading),
        heading = escape(heading),
        lead = escape(lead),
        code_label = escape(code_label),
        code = escape(code),
    )
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralizes_markup() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
