//! Calls to Cognito through the AWS SDK for Rust, with the confidential client's SECRET_HASH.

use std::collections::BTreeMap;

use aws_lc_rs::hmac;
use aws_sdk_cognitoidentityprovider as cip;
use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ChallengeNameType};
use data_encoding::BASE64;
use poolgate_api::{UserPage, UserSummary};

use crate::error::ApiError;

/// Tokens from a successful authentication step (never sent to the browser).
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    pub access_token: String,
    pub id_token: String,
    /// Absent on REFRESH_TOKEN_AUTH without rotation: keep the one you have.
    pub refresh_token: Option<String>,
}

/// What an authentication step answered.
#[derive(Debug)]
pub enum AuthStep {
    Tokens(IssuedTokens),
    Challenge {
        name: poolgate_api::ChallengeNameType,
        session: String,
        parameters: BTreeMap<String, String>,
    },
}

pub struct Cognito {
    client: cip::Client,
    pool_id: String,
    client_id: String,
    secret: hmac::Key,
    /// Kept for RevokeToken, which takes the secret itself rather than a hash.
    client_secret: String,
}

impl Cognito {
    pub fn new(client: cip::Client, pool_id: &str, client_id: &str, client_secret: &str) -> Self {
        Self {
            client,
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
            secret: hmac::Key::new(hmac::HMAC_SHA256, client_secret.as_bytes()),
            client_secret: client_secret.to_owned(),
        }
    }

    /// Reads the confidential client's secret (used when the configuration has none).
    pub async fn read_client_secret(
        client: &cip::Client,
        pool_id: &str,
        client_id: &str,
    ) -> Result<String, String> {
        let out = client
            .describe_user_pool_client()
            .user_pool_id(pool_id)
            .client_id(client_id)
            .send()
            .await
            .map_err(|e| format!("DescribeUserPoolClient failed: {}", describe(&e)))?;
        out.user_pool_client()
            .and_then(|c| c.client_secret())
            .map(str::to_owned)
            .ok_or_else(|| format!("app client {client_id} has no secret"))
    }

    /// SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)).
    /// <https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash>
    pub fn secret_hash(&self, username: &str) -> String {
        let message = format!("{username}{}", self.client_id);
        BASE64.encode(hmac::sign(&self.secret, message.as_bytes()).as_ref())
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Result<AuthStep, ApiError> {
        self.initiate(
            AuthFlowType::AdminUserPasswordAuth,
            username,
            Some(password),
        )
        .await
    }

    /// AdminInitiateAuth of `flow` for `username` (with its SECRET_HASH).
    async fn initiate(
        &self,
        flow: AuthFlowType,
        username: &str,
        password: Option<&str>,
    ) -> Result<AuthStep, ApiError> {
        let mut request = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .auth_flow(flow)
            .auth_parameters("USERNAME", username)
            .auth_parameters("SECRET_HASH", self.secret_hash(username));
        if let Some(password) = password {
            request = request.auth_parameters("PASSWORD", password);
        }
        let out = request.send().await?;
        step(
            out.authentication_result,
            out.challenge_name,
            out.session,
            out.challenge_parameters,
        )
    }

    /// AdminInitiateAuth CUSTOM_AUTH: the pool's custom authentication triggers take over
    /// (ours e-mail a one-time code and answer a CUSTOM_CHALLENGE).
    pub async fn start_custom_auth(&self, username: &str) -> Result<AuthStep, ApiError> {
        self.initiate(AuthFlowType::CustomAuth, username, None)
            .await
    }

    /// AdminRespondToAuthChallenge; `responses` holds the answer (USERNAME and SECRET_HASH are
    /// added here); `client_metadata` reaches the triggers.
    pub async fn respond(
        &self,
        challenge: &poolgate_api::ChallengeNameType,
        session: &str,
        username: &str,
        responses: BTreeMap<String, String>,
        client_metadata: BTreeMap<String, String>,
    ) -> Result<AuthStep, ApiError> {
        let mut request = self
            .client
            .admin_respond_to_auth_challenge()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .challenge_name(ChallengeNameType::from(challenge.as_str()))
            .session(session)
            .challenge_responses("USERNAME", username)
            .challenge_responses("SECRET_HASH", self.secret_hash(username))
            .set_client_metadata(
                (!client_metadata.is_empty()).then(|| client_metadata.into_iter().collect()),
            );
        for (name, value) in responses {
            request = request.challenge_responses(name, value);
        }
        let out = request.send().await?;
        step(
            out.authentication_result,
            out.challenge_name,
            out.session,
            out.challenge_parameters,
        )
    }

    /// AdminInitiateAuth REFRESH_TOKEN_AUTH. `username` is the token's `cognito:username`
    /// (the `sub` in pools whose usernames are e-mail addresses): Cognito documents that the
    /// SECRET_HASH of a refresh uses that name, not the alias the user typed.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        username: &str,
    ) -> Result<IssuedTokens, ApiError> {
        let out = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", refresh_token)
            .auth_parameters("SECRET_HASH", self.secret_hash(username))
            .send()
            .await?;
        match step(
            out.authentication_result,
            out.challenge_name,
            out.session,
            out.challenge_parameters,
        )? {
            AuthStep::Tokens(tokens) => Ok(tokens),
            AuthStep::Challenge { name, .. } => Err(ApiError::upstream(format!(
                "refresh answered with challenge {name}"
            ))),
        }
    }

    /// MFA_SETUP, first half: AssociateSoftwareToken with the challenge's session. Returns the
    /// authenticator key and the session that replaces the challenge's.
    pub async fn associate_software_token(
        &self,
        session: &str,
    ) -> Result<(String, Option<String>), ApiError> {
        let out = self
            .client
            .associate_software_token()
            .session(session)
            .send()
            .await?;
        let secret = out
            .secret_code
            .ok_or_else(|| ApiError::upstream("AssociateSoftwareToken without a secret"))?;
        Ok((secret, out.session))
    }

    /// MFA_SETUP, second half: VerifySoftwareToken with the session and the code from the
    /// person's authenticator app. Returns the session to answer MFA_SETUP with.
    pub async fn verify_software_token(
        &self,
        session: &str,
        code: &str,
    ) -> Result<Option<String>, ApiError> {
        let out = self
            .client
            .verify_software_token()
            .session(session)
            .user_code(code)
            .send()
            .await?;
        if out.status != Some(cip::types::VerifySoftwareTokenResponseType::Success) {
            return Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "EnableSoftwareTokenMFAException",
                "Code mismatch",
            ));
        }
        Ok(out.session)
    }

    pub async fn revoke(&self, refresh_token: &str) -> Result<(), ApiError> {
        self.client
            .revoke_token()
            .token(refresh_token)
            .client_id(&self.client_id)
            .client_secret(&self.client_secret)
            .send()
            .await?;
        Ok(())
    }

    pub async fn global_sign_out(&self, username: &str) -> Result<(), ApiError> {
        self.client
            .admin_user_global_sign_out()
            .user_pool_id(&self.pool_id)
            .username(username)
            .send()
            .await?;
        Ok(())
    }

    // ---- user administration ------------------------------------------------------------

    pub async fn list_users(
        &self,
        filter: Option<&str>,
        limit: i32,
        next: Option<&str>,
    ) -> Result<UserPage, ApiError> {
        let out = self
            .client
            .list_users()
            .user_pool_id(&self.pool_id)
            .limit(limit)
            .set_filter(filter.map(str::to_owned))
            .set_pagination_token(next.map(str::to_owned))
            .send()
            .await?;
        let mut users = Vec::new();
        for user in out.users() {
            let username = user.username().unwrap_or_default().to_owned();
            let attribute = |name: &str| {
                user.attributes()
                    .iter()
                    .find(|a| a.name() == name)
                    .and_then(|a| a.value())
                    .map(str::to_owned)
            };
            users.push(UserSummary {
                groups: self.groups_of(&username).await?,
                status: user
                    .user_status()
                    .map_or_else(|| "".into(), |s| s.as_str().into()),
                enabled: user.enabled(),
                email: attribute("email"),
                role: attribute("custom:role"),
                created_at: user.user_create_date().map(|d| d.secs()),
                username,
            });
        }
        Ok(UserPage {
            users,
            next: out.pagination_token().map(str::to_owned),
        })
    }

    pub async fn groups_of(&self, username: &str) -> Result<Vec<String>, ApiError> {
        let out = self
            .client
            .admin_list_groups_for_user()
            .user_pool_id(&self.pool_id)
            .username(username)
            .send()
            .await?;
        Ok(out
            .groups()
            .iter()
            .filter_map(|g| g.group_name().map(str::to_owned))
            .collect())
    }

    pub async fn set_role(&self, username: &str, role: &str) -> Result<(), ApiError> {
        let attribute = AttributeType::builder()
            .name("custom:role")
            .value(role)
            .build()
            .map_err(|e| ApiError::internal(e.to_string()))?;
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.pool_id)
            .username(username)
            .user_attributes(attribute)
            .send()
            .await?;
        Ok(())
    }

    pub async fn add_to_group(&self, username: &str, group: &str) -> Result<(), ApiError> {
        self.client
            .admin_add_user_to_group()
            .user_pool_id(&self.pool_id)
            .username(username)
            .group_name(group)
            .send()
            .await?;
        Ok(())
    }

    pub async fn remove_from_group(&self, username: &str, group: &str) -> Result<(), ApiError> {
        self.client
            .admin_remove_user_from_group()
            .user_pool_id(&self.pool_id)
            .username(username)
            .group_name(group)
            .send()
            .await?;
        Ok(())
    }

    pub async fn set_enabled(&self, username: &str, enabled: bool) -> Result<(), ApiError> {
        if enabled {
            self.client
                .admin_enable_user()
                .user_pool_id(&self.pool_id)
                .username(username)
                .send()
                .await?;
        } else {
            self.client
                .admin_disable_user()
                .user_pool_id(&self.pool_id)
                .username(username)
                .send()
                .await?;
        }
        Ok(())
    }

    pub async fn reset_password(&self, username: &str) -> Result<(), ApiError> {
        self.client
            .admin_reset_user_password()
            .user_pool_id(&self.pool_id)
            .username(username)
            .send()
            .await?;
        Ok(())
    }
}

fn step(
    result: Option<cip::types::AuthenticationResultType>,
    challenge: Option<ChallengeNameType>,
    session: Option<String>,
    parameters: Option<std::collections::HashMap<String, String>>,
) -> Result<AuthStep, ApiError> {
    if let Some(result) = result {
        let (Some(access_token), Some(id_token)) = (result.access_token, result.id_token) else {
            return Err(ApiError::upstream("authentication result without tokens"));
        };
        return Ok(AuthStep::Tokens(IssuedTokens {
            access_token,
            id_token,
            refresh_token: result.refresh_token,
        }));
    }
    match (challenge, session) {
        (Some(name), Some(session)) => Ok(AuthStep::Challenge {
            name: name.as_str().into(),
            session,
            parameters: parameters.unwrap_or_default().into_iter().collect(),
        }),
        _ => Err(ApiError::upstream("neither tokens nor a challenge")),
    }
}

/// `Code: message` of an SDK error, for logs and start-up errors (never holds a token).
pub fn describe(err: &(impl ProvideErrorMetadata + std::fmt::Display)) -> String {
    match err.code() {
        Some(code) => format!("{code}: {}", err.message().unwrap_or_default()),
        None => err.to_string(),
    }
}
