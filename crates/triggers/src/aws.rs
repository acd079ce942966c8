//! The effects on AWS: the Cognito admin API and Amazon SES (API v2), both through the AWS SDK
//! for Rust.
//!
//! Credentials come straight from the environment Lambda gives every function
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION`: the
//! execution role's credentials, valid for the life of the execution environment), so
//! `aws-config` and its provider chain (profiles, SSO, IMDS, STS) are not compiled in. The
//! SDK's endpoint variables are honoured as `aws-config` would (`AWS_ENDPOINT_URL`,
//! `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, `AWS_ENDPOINT_URL_SESV2`), so the binary can
//! also run outside AWS, for example under `cargo lambda watch` against the local pool.

use aws_sdk_cognitoidentityprovider as cognito;
use aws_sdk_cognitoidentityprovider::config::{Credentials, Region};
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_sesv2 as ses;

use crate::TriggerError;
use crate::effects::{BoxFuture, Mail, Mailer, UserAdmin};

/// Region and credentials of the running Lambda function.
#[derive(Clone, Debug)]
pub struct AwsEnvironment {
    region: Region,
    credentials: Credentials,
    cognito_endpoint: Option<String>,
    ses_endpoint: Option<String>,
}

impl AwsEnvironment {
    /// Reads the variables Lambda sets for every function.
    pub fn from_env() -> Result<AwsEnvironment, TriggerError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let missing = |name: &str| TriggerError::Settings(format!("{name} is not set"));
        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .ok_or_else(|| missing("AWS_REGION"))?;
        let key_id = var("AWS_ACCESS_KEY_ID").ok_or_else(|| missing("AWS_ACCESS_KEY_ID"))?;
        let secret =
            var("AWS_SECRET_ACCESS_KEY").ok_or_else(|| missing("AWS_SECRET_ACCESS_KEY"))?;
        let credentials = Credentials::new(
            key_id,
            secret,
            var("AWS_SESSION_TOKEN"),
            None,
            "lambda-environment",
        );
        let endpoint = |name: &str| var(name).or_else(|| var("AWS_ENDPOINT_URL"));
        Ok(AwsEnvironment {
            region: Region::new(region),
            credentials,
            cognito_endpoint: endpoint("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"),
            ses_endpoint: endpoint("AWS_ENDPOINT_URL_SESV2"),
        })
    }
}

/// [`UserAdmin`] through AdminUpdateUserAttributes and AdminAddUserToGroup. The execution role
/// needs `cognito-idp:AdminUpdateUserAttributes` and `cognito-idp:AdminAddUserToGroup` on the
/// pool.
#[derive(Clone, Debug)]
pub struct CognitoAdmin {
    client: cognito::Client,
}

impl CognitoAdmin {
    pub fn new(env: &AwsEnvironment) -> CognitoAdmin {
        let mut config = cognito::Config::builder()
            .region(env.region.clone())
            .credentials_provider(env.credentials.clone());
        config.set_endpoint_url(env.cognito_endpoint.clone());
        let config = config.build();
        CognitoAdmin {
            client: cognito::Client::from_conf(config),
        }
    }
}

fn upstream(call: &str, error: impl std::error::Error) -> TriggerError {
    TriggerError::Upstream(format!("{call}: {}", DisplayErrorContext(error)))
}

impl UserAdmin for CognitoAdmin {
    fn update_user_attributes<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        attributes: &'a [(String, String)],
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            let attributes = attributes
                .iter()
                .map(|(name, value)| {
                    cognito::types::AttributeType::builder()
                        .name(name)
                        .value(value)
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| upstream("AdminUpdateUserAttributes", e))?;
            self.client
                .admin_update_user_attributes()
                .user_pool_id(user_pool_id)
                .username(username)
                .set_user_attributes(Some(attributes))
                .send()
                .await
                .map_err(|e| upstream("AdminUpdateUserAttributes", e))?;
            Ok(())
        })
    }

    fn add_user_to_group<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            self.client
                .admin_add_user_to_group()
                .user_pool_id(user_pool_id)
                .username(username)
                .group_name(group)
                .send()
                .await
                .map_err(|e| upstream("AdminAddUserToGroup", e))?;
            Ok(())
        })
    }
}

/// [`Mailer`] through SES `SendEmail` (API v2). The execution role needs `ses:SendEmail` on
/// the sender's verified identity.
#[derive(Clone, Debug)]
pub struct SesMailer {
    client: ses::Client,
}

impl SesMailer {
    pub fn new(env: &AwsEnvironment) -> SesMailer {
        let mut config = ses::Config::builder()
            .region(env.region.clone())
            .credentials_provider(env.credentials.clone());
        config.set_endpoint_url(env.ses_endpoint.clone());
        let config = config.build();
        SesMailer {
            client: ses::Client::from_conf(config),
        }
    }
}

impl Mailer for SesMailer {
    fn send<'a>(
        &'a self,
        from: &'a str,
        mail: &'a Mail,
    ) -> BoxFuture<'a, Result<(), TriggerError>> {
        Box::pin(async move {
            use ses::types::{Body, Content, Destination, EmailContent, Message};
            let content = |data: &str| {
                Content::builder()
                    .data(data)
                    .charset("UTF-8")
                    .build()
                    .map_err(|e| upstream("SendEmail", e))
            };
            let message = Message::builder()
                .subject(content(&mail.subject)?)
                .body(
                    Body::builder()
                        .html(content(&mail.html)?)
                        .text(content(&mail.text)?)
                        .build(),
                )
                .build();
            self.client
                .send_email()
                .from_email_address(from)
                .destination(Destination::builder().to_addresses(&mail.to).build())
                .content(EmailContent::builder().simple(message).build())
                .send()
                .await
                .map_err(|e| upstream("SendEmail", e))?;
            Ok(())
        })
    }
}
