//! The reactive handle: [`Auth`] in context, and [`use_auth`], which returns the session as a
//! small struct of signals ([`UseAuthReturn`]) the way leptos-use's `use_x` hooks do.
//!
//! The handle holds one [`Backend`] and forwards each action to it, here and nowhere else:
//! no flow asks which mode it is in.

use super::direct::Direct;
use super::passwordless::{CodeRequest, new_code_request};
use super::server::Server;
use super::{Account, AuthError, CodeSent, SignInStep, SignedIn, SignedUp};
use crate::config::AppConfig;
use crate::text;
use cognito_session::EndReason;
use cognito_session::wire::{AttributeType, ChallengeName, StringMap};
use leptos::prelude::*;

/// Who signs people in: the browser itself, or `poolgate-server`.
#[derive(Clone, Copy)]
enum Backend {
    /// The browser calls Cognito and keeps the tokens (`auth/direct/`).
    Direct(Direct),
    /// `poolgate-server`'s `/api/` signs people in and keeps the tokens (`auth/server/`).
    Server(Server),
}

/// The session handle, `Copy` so views and closures can hold it: the actions (sign in, sign out,
/// an access token). Pages read the session through [`use_auth`]'s signals.
#[derive(Clone, Copy)]
pub struct Auth {
    backend: Backend,
}

/// What [`use_auth`] returns: the session's state as signals, and the handle for actions.
#[derive(Clone, Copy)]
pub struct UseAuthReturn {
    /// Who is signed in, `None` when signed out (or not known yet: see `is_settled`).
    pub session: Signal<Option<SignedIn>>,
    /// Whether it is known who is signed in: the one readiness predicate of the guard, the
    /// navigation and `/sign-in` (see [`Auth::is_settled`]).
    pub is_settled: Signal<bool>,
    /// Renewal keeps failing and no usable token is left: show a non-blocking notice.
    pub is_reconnecting: Signal<bool>,
    /// Why the last session ended on its own, if it did.
    pub ended: Signal<Option<EndReason>>,
    /// Sign in and out, answer challenges, get an access token.
    pub auth: Auth,
}

/// The session provided by [`provide_auth`], as signals.
pub fn use_auth() -> UseAuthReturn {
    let auth = expect_context::<Auth>();
    UseAuthReturn {
        session: Signal::derive(move || auth.signed_in()),
        is_settled: Signal::derive(move || auth.is_settled()),
        is_reconnecting: Signal::derive(move || auth.is_reconnecting()),
        ended: auth.ended().read_only().into(),
        auth,
    }
}

/// Creates the session for `config`, restores any stored session, and provides it in context.
pub fn provide_auth(config: &AppConfig) -> Auth {
    let auth = Auth::new(config);
    provide_context(auth);
    auth.start();
    auth
}

/// What a backend without tokens answers to a call that needs an access token.
fn no_tokens<T>() -> Result<T, AuthError> {
    Err(AuthError::new(text::SIGNED_OUT))
}

/// What server mode answers to self-service: the server offers sign-in only, so these pages
/// say to ask an administrator.
fn no_self_service<T>() -> Result<T, AuthError> {
    Err(AuthError::new(text::server::SELF_SERVICE_UNAVAILABLE))
}

impl Auth {
    fn new(config: &AppConfig) -> Self {
        let backend = match config {
            AppConfig::Direct(config) => Backend::Direct(Direct::new(config)),
            AppConfig::Server(_) => Backend::Server(Server::new()),
        };
        Self { backend }
    }

    /// Restores the stored session (direct) or reads the server's, and keeps it current.
    fn start(self) {
        match self.backend {
            Backend::Direct(direct) => direct.start(),
            Backend::Server(server) => server.start(),
        }
    }

    /// Whether `poolgate-server` signs people in (server mode), for pages that only exist there.
    pub fn is_server_mode(self) -> bool {
        matches!(self.backend, Backend::Server(_))
    }

    /// Who is signed in, tracked.
    fn signed_in(self) -> Option<SignedIn> {
        match self.backend {
            Backend::Direct(direct) => direct.signed_in(),
            Backend::Server(server) => server.signed_in(),
        }
    }

    /// Whether it is known who is signed in (tracked). False while the stored session is first
    /// looked at (or the server first asked), and while no session is usable but one is being
    /// restored or synced from another tab. A signed-in tab whose tokens are renewed (here or
    /// elsewhere) stays settled, so its pages keep their state.
    fn is_settled(self) -> bool {
        match self.backend {
            Backend::Direct(direct) => direct.is_settled(),
            Backend::Server(server) => server.is_settled(),
        }
    }

    /// Renewal keeps failing and no usable token is left (tracked); the session is kept. The
    /// server renews its tokens itself: a tab in server mode never reconnects.
    fn is_reconnecting(self) -> bool {
        match self.backend {
            Backend::Direct(direct) => direct.is_reconnecting(),
            Backend::Server(_) => false,
        }
    }

    fn ended(self) -> RwSignal<Option<EndReason>> {
        match self.backend {
            Backend::Direct(direct) => direct.ended,
            Backend::Server(server) => server.ended,
        }
    }

    /// An access token that is valid now, renewing first when it is about to expire. `None`
    /// when nobody is signed in, renewal did not succeed in time, or the server keeps the
    /// tokens.
    pub async fn access_token(self) -> Option<String> {
        match self.backend {
            Backend::Direct(direct) => direct.access_token().await,
            Backend::Server(_) => None,
        }
    }

    /// Signs in with USER_PASSWORD_AUTH.
    pub async fn sign_in(self, username: &str, password: &str) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.sign_in(username, password).await,
            Backend::Server(server) => server.sign_in(username, password).await,
        }
    }

    /// Answers NEW_PASSWORD_REQUIRED with the new password and any required attributes
    /// (names without the `userAttributes.` prefix).
    pub async fn choose_new_password(
        self,
        new_password: &str,
        attributes: &[(String, String)],
    ) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.choose_new_password(new_password, attributes).await,
            Backend::Server(server) => server.new_password(new_password, attributes).await,
        }
    }

    /// Answers an MFA challenge with the one-time code.
    pub async fn submit_mfa_code(self, code: &str) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.submit_mfa_code(code).await,
            Backend::Server(server) => server.mfa_code(code).await,
        }
    }

    /// SELECT_MFA_TYPE: the factor the person chose; the pool then asks for its code.
    pub async fn select_mfa_type(self, factor: &ChallengeName) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.select_mfa_type(factor).await,
            Backend::Server(server) => server.select_mfa(factor).await,
        }
    }

    /// MFA_SETUP, first half: the key for the authenticator app.
    pub async fn associate_totp_during_sign_in(self) -> Result<String, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.associate_totp_during_sign_in().await,
            Backend::Server(server) => server.associate_totp().await,
        }
    }

    /// MFA_SETUP, second half: the first code from the app verifies it, then signs in.
    pub async fn finish_totp_setup(self, code: &str) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.finish_totp_setup(code).await,
            // The server verifies the code (VerifySoftwareToken), then answers MFA_SETUP.
            Backend::Server(server) => server.mfa_code(code).await,
        }
    }

    /// The username of a pending sign-in challenge, for the authenticator app's label.
    pub fn challenge_username(self) -> Option<String> {
        match self.backend {
            Backend::Direct(direct) => direct.challenge_username(),
            Backend::Server(server) => server.challenge_username(),
        }
    }

    /// Abandons a pending challenge and returns to the sign-in form.
    pub fn cancel_challenge(self) {
        match self.backend {
            Backend::Direct(direct) => direct.cancel_challenge(),
            Backend::Server(server) => server.sign_out(),
        }
    }

    /// Starts a passwordless sign-in: the pool e-mails a code (when the account has a verified
    /// address; the answer is the same either way) and answers a code challenge.
    pub async fn email_sign_in_code(self, username: &str) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.email_sign_in_code(username).await,
            Backend::Server(server) => server.code_sign_in(username).await,
        }
    }

    /// Answers the pending code challenge with the code the person typed. A wrong code comes
    /// back as the next code challenge.
    pub async fn submit_sign_in_code(self, code: &str) -> Result<SignInStep, AuthError> {
        self.answer_code_challenge(code, StringMap::new(), CodeRequest::Answer)
            .await
    }

    /// Asks the triggers for a new code; answers the next code challenge.
    pub async fn send_new_sign_in_code(self) -> Result<SignInStep, AuthError> {
        let (answer, metadata) = new_code_request();
        self.answer_code_challenge(answer, metadata, CodeRequest::NewCode)
            .await
    }

    async fn answer_code_challenge(
        self,
        answer: &str,
        metadata: StringMap,
        request: CodeRequest,
    ) -> Result<SignInStep, AuthError> {
        match self.backend {
            Backend::Direct(direct) => {
                direct
                    .answer_code_challenge(answer, metadata, request)
                    .await
            }
            Backend::Server(server) => server.code_answer(answer, metadata, request).await,
        }
    }

    /// The user's attributes: from the pool (GetUser), or as the server reported them.
    pub async fn user_attributes(self) -> Result<Vec<AttributeType>, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.user_attributes().await,
            Backend::Server(server) => server.attributes(),
        }
    }

    /// Signs out of this browser: forgets the tokens and revokes the refresh token.
    pub fn sign_out(self) {
        match self.backend {
            Backend::Direct(direct) => direct.sign_out(),
            Backend::Server(server) => server.sign_out(),
        }
    }

    /// Signs out of every device (GlobalSignOut), then locally.
    pub async fn sign_out_everywhere(self) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.sign_out_everywhere().await,
            Backend::Server(server) => server.sign_out_everywhere().await,
        }
    }

    /// GetUser: attributes and MFA settings.
    pub async fn account(self) -> Result<Account, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.account().await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// UpdateUserAttributes with the changed `(name, value)` pairs. Returns whether the pool
    /// sent a verification code (a changed e-mail address).
    pub async fn update_attributes(self, changes: &[(String, String)]) -> Result<bool, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.update_attributes(changes).await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// GetUserAttributeVerificationCode: sends a code for `attribute` (e.g. `email`).
    pub async fn send_verification_code(self, attribute: &str) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.send_verification_code(attribute).await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// VerifyUserAttribute with the code the person received.
    pub async fn verify_attribute(self, attribute: &str, code: &str) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.verify_attribute(attribute, code).await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// ChangePassword: the current password and the new one.
    pub async fn change_password(self, current: &str, proposed: &str) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.change_password(current, proposed).await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// DeleteUser, then signs out of this browser (the refresh token died with the user).
    pub async fn delete_account(self) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.delete_account().await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// AssociateSoftwareToken for the signed-in user: the new TOTP secret (base32).
    pub async fn associate_totp(self) -> Result<String, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.associate_totp().await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// VerifySoftwareToken with a code from the app, then TOTP enabled and preferred.
    pub async fn confirm_totp(self, code: &str) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.confirm_totp(code).await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// SetUserMFAPreference: TOTP off (sign-in asks for the password only).
    pub async fn disable_totp(self) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.disable_totp().await,
            Backend::Server(_) => no_tokens(),
        }
    }

    /// SignUp with the username, password and e-mail address. No other attribute is sent:
    /// nobody chooses their own role.
    pub async fn sign_up(
        self,
        username: &str,
        email: &str,
        password: &str,
    ) -> Result<SignedUp, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.sign_up(username, email, password).await,
            Backend::Server(_) => no_self_service(),
        }
    }

    /// ConfirmSignUp with the code the person received.
    pub async fn confirm_sign_up(self, username: &str, code: &str) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.confirm_sign_up(username, code).await,
            Backend::Server(_) => no_self_service(),
        }
    }

    /// ResendConfirmationCode: a new sign-up code.
    pub async fn resend_confirmation_code(self, username: &str) -> Result<CodeSent, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.resend_confirmation_code(username).await,
            Backend::Server(_) => no_self_service(),
        }
    }

    /// ForgotPassword: sends a reset code.
    pub async fn forgot_password(self, username: &str) -> Result<CodeSent, AuthError> {
        match self.backend {
            Backend::Direct(direct) => direct.forgot_password(username).await,
            Backend::Server(_) => no_self_service(),
        }
    }

    /// ConfirmForgotPassword: the code and the new password.
    pub async fn confirm_forgot_password(
        self,
        username: &str,
        code: &str,
        password: &str,
    ) -> Result<(), AuthError> {
        match self.backend {
            Backend::Direct(direct) => {
                direct
                    .confirm_forgot_password(username, code, password)
                    .await
            }
            Backend::Server(_) => no_self_service(),
        }
    }
}
