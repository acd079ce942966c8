//! [`CognitoClient`]: one async method per Cognito operation, over a pluggable [`Transport`].

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{CognitoError, Operation, TransportError};
use crate::wire::*;

pub use cognito_wire::{CONTENT_TYPE, TARGET_HEADER};

/// The operations [`CognitoClient`] calls.
pub const OPERATIONS: [Operation; 19] = [
    Operation::InitiateAuth,
    Operation::RespondToAuthChallenge,
    Operation::GetTokensFromRefreshToken,
    Operation::GetUser,
    Operation::GlobalSignOut,
    Operation::RevokeToken,
    Operation::SignUp,
    Operation::ConfirmSignUp,
    Operation::ResendConfirmationCode,
    Operation::ForgotPassword,
    Operation::ConfirmForgotPassword,
    Operation::UpdateUserAttributes,
    Operation::GetUserAttributeVerificationCode,
    Operation::VerifyUserAttribute,
    Operation::ChangePassword,
    Operation::AssociateSoftwareToken,
    Operation::VerifySoftwareToken,
    Operation::SetUserMFAPreference,
    Operation::DeleteUser,
];

/// Which user pool and app client to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoConfig {
    region: String,
    user_pool_id: String,
    client_id: String,
    endpoint: String,
}

impl CognitoConfig {
    /// Real AWS: the endpoint is `https://cognito-idp.<region>.amazonaws.com/`.
    pub fn new(
        region: impl Into<String>,
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Self {
        let region = region.into();
        let endpoint = ["https://cognito-idp.", &region, ".amazonaws.com/"].concat();
        Self {
            region,
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            endpoint,
        }
    }

    /// Use another endpoint, e.g. a local Cognito-compatible server.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// The AWS region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The user pool id, e.g. `eu-west-1_AbCdEf123`.
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The URL requests are posted to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The tokens' `iss`: the endpoint without trailing slash, then `/<poolId>`.
    pub fn issuer(&self) -> String {
        [self.endpoint.trim_end_matches('/'), "/", &self.user_pool_id].concat()
    }

    /// Where the pool publishes its signing keys.
    pub fn jwks_url(&self) -> String {
        [&self.issuer(), "/.well-known/jwks.json"].concat()
    }
}

/// An HTTP response as the transport saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response body (JSON, or whatever a proxy sent).
    pub body: String,
    /// `x-amzn-ErrorType`, when the transport can read it (browsers usually cannot).
    pub error_type: Option<String>,
}

/// Sends one request. The browser implements it with `fetch`, tests with a fake.
///
/// Implementations POST `body` to `url` with headers `Content-Type:`
/// [`CONTENT_TYPE`] and [`TARGET_HEADER`]`: <target>`, and return any HTTP status as
/// `Ok`; `Err` is only for requests that got no response.
// No `Send` bound on the future on purpose: the browser runs everything on one thread.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// POST `body` to `url` for operation `target` (the `X-Amz-Target` value).
    async fn post(
        &self,
        url: &str,
        target: &str,
        body: String,
    ) -> Result<RawResponse, TransportError>;
}

/// How [`CognitoClient::refresh`] renews tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RefreshMethod {
    /// InitiateAuth `REFRESH_TOKEN_AUTH`; the refresh token stays the same.
    #[default]
    InitiateAuth,
    /// GetTokensFromRefreshToken; with rotation on, a new refresh token replaces the old.
    GetTokensFromRefreshToken,
}

/// Tokens or the next challenge; an answer with neither is malformed.
fn outcome(
    operation: Operation,
    response: AuthResponse,
    username: &str,
) -> Result<AuthOutcome, CognitoError> {
    response.into_outcome(username).ok_or_else(|| {
        CognitoError::malformed_response(
            operation,
            200,
            "neither AuthenticationResult nor ChallengeName".to_owned(),
        )
    })
}

/// Requests with a `ClientId` member, which the client fills from its configuration.
trait ClientIdMember: Clone + Serialize {
    fn client_id_mut(&mut self) -> &mut String;
}

macro_rules! client_id_member {
    ($($request:ty),* $(,)?) => {
        $(impl ClientIdMember for $request {
            fn client_id_mut(&mut self) -> &mut String {
                &mut self.client_id
            }
        })*
    };
}

client_id_member!(
    InitiateAuthRequest,
    RespondToAuthChallengeRequest,
    GetTokensFromRefreshTokenRequest,
    RevokeTokenRequest,
    SignUpRequest,
    ConfirmSignUpRequest,
    UsernameRequest,
    ConfirmForgotPasswordRequest,
);

/// Cognito Identity Provider client for public (secret-less) app clients. Requests whose
/// `ClientId` is empty are sent with the configured one.
#[derive(Debug, Clone)]
pub struct CognitoClient<T> {
    config: CognitoConfig,
    transport: T,
    refresh_method: RefreshMethod,
}

impl<T: Transport> CognitoClient<T> {
    /// A client for `config` sending requests through `transport`.
    pub fn new(config: CognitoConfig, transport: T) -> Self {
        Self {
            config,
            transport,
            refresh_method: RefreshMethod::default(),
        }
    }

    /// Choose how [`Self::refresh`] renews tokens.
    pub fn with_refresh_method(mut self, method: RefreshMethod) -> Self {
        self.refresh_method = method;
        self
    }

    /// The configuration.
    pub fn config(&self) -> &CognitoConfig {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// InitiateAuth.
    pub async fn initiate_auth(
        &self,
        request: &InitiateAuthRequest,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.call_as_client(Operation::InitiateAuth, request.is_refresh(), request)
            .await
    }

    /// RespondToAuthChallenge.
    pub async fn respond_to_auth_challenge(
        &self,
        request: &RespondToAuthChallengeRequest,
    ) -> Result<RespondToAuthChallengeResponse, CognitoError> {
        self.call_as_client(Operation::RespondToAuthChallenge, false, request)
            .await
    }

    /// Starts a `CUSTOM_AUTH` sign-in for `username` (InitiateAuth with `USERNAME` only). The
    /// pool's define-auth-challenge trigger decides what follows: usually a `CUSTOM_CHALLENGE`
    /// whose [`Challenge::public_parameters`] the page shows, or tokens at once.
    pub async fn start_custom_auth(&self, username: &str) -> Result<AuthOutcome, CognitoError> {
        let response = self
            .initiate_auth(&InitiateAuthRequest::custom_auth(username))
            .await?;
        outcome(Operation::InitiateAuth, response, username)
    }

    /// Answers the pending `challenge` (`ANSWER`, with its `Session`), optionally with
    /// `ClientMetadata` for the triggers: the next challenge (a new `Session`) or tokens.
    pub async fn answer_custom_challenge(
        &self,
        challenge: &Challenge,
        answer: &str,
        client_metadata: StringMap,
    ) -> Result<AuthOutcome, CognitoError> {
        let request = RespondToAuthChallengeRequest::custom_answer_with_metadata(
            challenge,
            answer,
            client_metadata,
        );
        let response = self.respond_to_auth_challenge(&request).await?;
        outcome(
            Operation::RespondToAuthChallenge,
            response,
            &challenge.username,
        )
    }

    /// GetTokensFromRefreshToken.
    pub async fn get_tokens_from_refresh_token(
        &self,
        request: &GetTokensFromRefreshTokenRequest,
    ) -> Result<GetTokensFromRefreshTokenResponse, CognitoError> {
        self.call_as_client(Operation::GetTokensFromRefreshToken, true, request)
            .await
    }

    /// Renews tokens with the configured [`RefreshMethod`]. A `RefreshToken` in the result
    /// (rotation) replaces the old one; without it, keep the old one.
    pub async fn refresh(&self, refresh_token: &str) -> Result<AuthenticationResult, CognitoError> {
        match self.refresh_method {
            RefreshMethod::InitiateAuth => {
                let response = self
                    .initiate_auth(&InitiateAuthRequest::refresh_token(refresh_token))
                    .await?;
                response.authentication_result.ok_or_else(|| {
                    CognitoError::malformed_response(
                        Operation::InitiateAuth,
                        200,
                        "refresh returned no AuthenticationResult".to_owned(),
                    )
                })
            }
            RefreshMethod::GetTokensFromRefreshToken => {
                let request = GetTokensFromRefreshTokenRequest {
                    refresh_token: refresh_token.to_owned(),
                    ..Default::default()
                };
                let response = self.get_tokens_from_refresh_token(&request).await?;
                response.authentication_result.ok_or_else(|| {
                    CognitoError::malformed_response(
                        Operation::GetTokensFromRefreshToken,
                        200,
                        "refresh returned no AuthenticationResult".to_owned(),
                    )
                })
            }
        }
    }

    /// GetUser.
    pub async fn get_user(
        &self,
        request: &GetUserRequest,
    ) -> Result<GetUserResponse, CognitoError> {
        self.call(Operation::GetUser, false, request).await
    }

    /// GlobalSignOut: revokes every refresh token of the user.
    pub async fn global_sign_out(
        &self,
        request: &GlobalSignOutRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call(Operation::GlobalSignOut, false, request).await
    }

    /// RevokeToken: revokes one refresh token and the tokens issued from it.
    pub async fn revoke_token(
        &self,
        request: &RevokeTokenRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call_as_client(Operation::RevokeToken, false, request)
            .await
    }

    /// SignUp.
    pub async fn sign_up(&self, request: &SignUpRequest) -> Result<SignUpResponse, CognitoError> {
        self.call_as_client(Operation::SignUp, false, request).await
    }

    /// ConfirmSignUp.
    pub async fn confirm_sign_up(
        &self,
        request: &ConfirmSignUpRequest,
    ) -> Result<ConfirmSignUpResponse, CognitoError> {
        self.call_as_client(Operation::ConfirmSignUp, false, request)
            .await
    }

    /// ResendConfirmationCode.
    pub async fn resend_confirmation_code(
        &self,
        request: &ResendConfirmationCodeRequest,
    ) -> Result<ResendConfirmationCodeResponse, CognitoError> {
        self.call_as_client(Operation::ResendConfirmationCode, false, request)
            .await
    }

    /// ForgotPassword.
    pub async fn forgot_password(
        &self,
        request: &ForgotPasswordRequest,
    ) -> Result<ForgotPasswordResponse, CognitoError> {
        self.call_as_client(Operation::ForgotPassword, false, request)
            .await
    }

    /// ConfirmForgotPassword.
    pub async fn confirm_forgot_password(
        &self,
        request: &ConfirmForgotPasswordRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call_as_client(Operation::ConfirmForgotPassword, false, request)
            .await
    }

    /// UpdateUserAttributes.
    pub async fn update_user_attributes(
        &self,
        request: &UpdateUserAttributesRequest,
    ) -> Result<UpdateUserAttributesResponse, CognitoError> {
        self.call(Operation::UpdateUserAttributes, false, request)
            .await
    }

    /// GetUserAttributeVerificationCode.
    pub async fn get_user_attribute_verification_code(
        &self,
        request: &GetUserAttributeVerificationCodeRequest,
    ) -> Result<GetUserAttributeVerificationCodeResponse, CognitoError> {
        self.call(Operation::GetUserAttributeVerificationCode, false, request)
            .await
    }

    /// VerifyUserAttribute.
    pub async fn verify_user_attribute(
        &self,
        request: &VerifyUserAttributeRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call(Operation::VerifyUserAttribute, false, request)
            .await
    }

    /// ChangePassword.
    pub async fn change_password(
        &self,
        request: &ChangePasswordRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call(Operation::ChangePassword, false, request).await
    }

    /// AssociateSoftwareToken.
    pub async fn associate_software_token(
        &self,
        request: &AssociateSoftwareTokenRequest,
    ) -> Result<AssociateSoftwareTokenResponse, CognitoError> {
        self.call(Operation::AssociateSoftwareToken, false, request)
            .await
    }

    /// VerifySoftwareToken.
    pub async fn verify_software_token(
        &self,
        request: &VerifySoftwareTokenRequest,
    ) -> Result<VerifySoftwareTokenResponse, CognitoError> {
        self.call(Operation::VerifySoftwareToken, false, request)
            .await
    }

    /// SetUserMFAPreference.
    pub async fn set_user_mfa_preference(
        &self,
        request: &SetUserMfaPreferenceRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call(Operation::SetUserMFAPreference, false, request)
            .await
    }

    /// DeleteUser.
    pub async fn delete_user(
        &self,
        request: &DeleteUserRequest,
    ) -> Result<EmptyResponse, CognitoError> {
        self.call(Operation::DeleteUser, false, request).await
    }

    /// [`Self::call`] with the configured `ClientId` when the request has none.
    async fn call_as_client<Req, Resp>(
        &self,
        operation: Operation,
        refresh: bool,
        request: &Req,
    ) -> Result<Resp, CognitoError>
    where
        Req: ClientIdMember,
        Resp: DeserializeOwned,
    {
        let mut request = request.clone();
        let client_id = request.client_id_mut();
        if client_id.is_empty() {
            client_id.clone_from(&self.config.client_id);
        }
        self.call(operation, refresh, &request).await
    }

    /// Posts `request` and decodes the response or the error.
    async fn call<Req, Resp>(
        &self,
        operation: Operation,
        refresh: bool,
        request: &Req,
    ) -> Result<Resp, CognitoError>
    where
        Req: Serialize,
        Resp: DeserializeOwned,
    {
        // Serialising plain string maps and structs cannot fail.
        let body = serde_json::to_string(request).unwrap_or_default();
        let response = self
            .transport
            .post(&self.config.endpoint, operation.target(), body)
            .await
            .map_err(|err| CognitoError::transport(operation, &err))?;
        if !(200..300).contains(&response.status) {
            return Err(CognitoError::from_response(
                operation,
                refresh,
                response.status,
                &response.body,
                response.error_type.as_deref(),
            ));
        }
        // Operations without output may answer with an empty body rather than `{}`.
        let body = match response.body.trim() {
            "" => "{}",
            body => body,
        };
        serde_json::from_str(body).map_err(|err| {
            CognitoError::malformed_response(operation, response.status, err.to_string())
        })
    }
}
