//! The sign-up family: PreSignUp and PostConfirmation.
//!
//! Event shapes and response fields: Amazon Cognito Developer Guide, "Pre sign-up Lambda
//! trigger" (docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-sign-up.html)
//! and "Post confirmation Lambda trigger" (…/user-pool-lambda-post-confirmation.html).

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsPostConfirmation, CognitoEventUserPoolsPostConfirmationTriggerSource,
    CognitoEventUserPoolsPreSignup, CognitoEventUserPoolsPreSignupTriggerSource,
};

use crate::effects::UserAdmin;
use crate::settings::email_domain;
use crate::{ROLE_ATTRIBUTE, Settings, TriggerError};

/// Shown when a sign-up tries to choose its own role.
pub const ROLE_CHOSEN_MESSAGE: &str =
    "You cannot choose your own role: roles are assigned by an administrator";
/// Shown when an allow-list is configured and the e-mail's domain is not on it.
pub const DOMAIN_NOT_ALLOWED_MESSAGE: &str = "Sign-up is not open to this e-mail address's domain";
/// Shown when an allow-list is configured and the sign-up has no usable e-mail address.
pub const EMAIL_REQUIRED_MESSAGE: &str = "Sign-up needs a valid e-mail address";

/// PreSignUp: self sign-ups (`PreSignUp_SignUp`) may not set `custom:role`, must use an
/// allowed e-mail domain when an allow-list is configured, and are confirmed with their
/// e-mail verified when the domain is trusted. Administrators (`PreSignUp_AdminCreateUser`)
/// and federated sign-ins (`PreSignUp_ExternalProvider`) pass unchanged: an administrator
/// assigns roles, and a provider's attributes come from the pool's own attribute mapping.
pub fn pre_sign_up(
    mut event: CognitoEventUserPoolsPreSignup,
    settings: &Settings,
) -> Result<CognitoEventUserPoolsPreSignup, TriggerError> {
    let source = event.cognito_event_user_pools_header.trigger_source.clone();
    if source != Some(CognitoEventUserPoolsPreSignupTriggerSource::SignUp) {
        return Ok(event);
    }
    let attributes = &event.request.user_attributes;
    if attributes.contains_key(ROLE_ATTRIBUTE) {
        return Err(TriggerError::Refused(ROLE_CHOSEN_MESSAGE.to_owned()));
    }
    let domain = attributes
        .get("email")
        .and_then(|email| email_domain(email));
    if !settings.allowed_email_domains.is_empty() {
        match &domain {
            None => return Err(TriggerError::Refused(EMAIL_REQUIRED_MESSAGE.to_owned())),
            Some(d) if !settings.is_allowed_domain(d) => {
                return Err(TriggerError::Refused(DOMAIN_NOT_ALLOWED_MESSAGE.to_owned()));
            }
            Some(_) => {}
        }
    }
    if domain.is_some_and(|d| settings.is_trusted_domain(&d)) {
        event.response.auto_confirm_user = true;
        event.response.auto_verify_email = true;
    }
    Ok(event)
}

/// PostConfirmation: a newly confirmed self-signed-up user gets `custom:role` = the new-user
/// role and joins the new-user group, through the admin API.
///
/// Idempotent, because Cognito may invoke the trigger again for the same confirmation (it
/// retries a function that times out or fails): both admin calls succeed unchanged when
/// repeated. A role someone already assigned (any other value) is left alone, and a password
/// reset (`PostConfirmation_ConfirmForgotPassword`) assigns nothing.
pub async fn post_confirmation(
    event: CognitoEventUserPoolsPostConfirmation,
    settings: &Settings,
    admin: &dyn UserAdmin,
) -> Result<CognitoEventUserPoolsPostConfirmation, TriggerError> {
    let header = &event.cognito_event_user_pools_header;
    if header.trigger_source
        != Some(CognitoEventUserPoolsPostConfirmationTriggerSource::ConfirmSignUp)
    {
        return Ok(event);
    }
    let pool_id = required(header.user_pool_id.as_deref(), "userPoolId")?;
    let username = required(header.user_name.as_deref(), "userName")?;
    match event.request.user_attributes.get(ROLE_ATTRIBUTE) {
        Some(role) if *role != settings.new_user_role => return Ok(event),
        Some(_) => {}
        None => {
            let attributes = [(ROLE_ATTRIBUTE.to_owned(), settings.new_user_role.clone())];
            admin
                .update_user_attributes(pool_id, username, &attributes)
                .await?;
        }
    }
    admin
        .add_user_to_group(pool_id, username, &settings.new_user_group)
        .await?;
    Ok(event)
}

pub(crate) fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, TriggerError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| TriggerError::InvalidEvent(format!("{field} is missing")))
}
