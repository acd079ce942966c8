//! Cognito operations, one module per family. Each operation is a synchronous function
//! `fn(&Context, Request) -> Result<Response, ApiError>` run on a blocking thread: they do
//! database work, password hashing and RSA signing, none of which should stall the reactor.

pub mod account;
pub mod admin_users;
pub mod auth;
pub mod common;
pub mod lockout;
pub mod mfa;
pub mod pools;
pub mod session;
pub mod signup;

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::clock::Clock;
use crate::lambda::TriggerRunner;
use crate::password::PasswordHasher;
use crate::protocol::{ApiError, Operation};
use crate::store::Store;
use crate::tokens::KeyRing;

/// Everything an operation needs.
#[derive(Debug)]
pub struct Context {
    pub store: Store,
    pub clock: Arc<Clock>,
    pub keys: KeyRing,
    pub passwords: PasswordHasher,
    /// Tokens' `iss` is `<issuer_base>/<poolId>`.
    pub issuer_base: String,
    pub triggers: TriggerRunner,
}

impl Context {
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.issuer_base)
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// Decodes the request, runs the operation and encodes its response.
pub fn dispatch(ctx: &Context, operation: Operation, input: Value) -> Result<Value, ApiError> {
    use Operation as Op;
    match operation {
        Op::InitiateAuth => run(ctx, input, auth::initiate_auth),
        Op::AdminInitiateAuth => run(ctx, input, auth::admin_initiate_auth),
        Op::RespondToAuthChallenge => run(ctx, input, auth::respond_to_auth_challenge),
        Op::AdminRespondToAuthChallenge => run(ctx, input, auth::admin_respond_to_auth_challenge),
        Op::GetTokensFromRefreshToken => run(ctx, input, auth::get_tokens_from_refresh_token),
        Op::GlobalSignOut => run(ctx, input, auth::global_sign_out),
        Op::AdminUserGlobalSignOut => run(ctx, input, auth::admin_user_global_sign_out),
        Op::RevokeToken => run(ctx, input, auth::revoke_token),
        Op::SignUp => run(ctx, input, signup::sign_up),
        Op::ConfirmSignUp => run(ctx, input, signup::confirm_sign_up),
        Op::ResendConfirmationCode => run(ctx, input, signup::resend_confirmation_code),
        Op::ForgotPassword => run(ctx, input, signup::forgot_password),
        Op::ConfirmForgotPassword => run(ctx, input, signup::confirm_forgot_password),
        Op::GetUser => run(ctx, input, account::get_user),
        Op::UpdateUserAttributes => run(ctx, input, account::update_user_attributes),
        Op::GetUserAttributeVerificationCode => {
            run(ctx, input, account::get_user_attribute_verification_code)
        }
        Op::VerifyUserAttribute => run(ctx, input, account::verify_user_attribute),
        Op::ChangePassword => run(ctx, input, account::change_password),
        Op::DeleteUser => run(ctx, input, account::delete_user),
        Op::AssociateSoftwareToken => run(ctx, input, mfa::associate_software_token),
        Op::VerifySoftwareToken => run(ctx, input, mfa::verify_software_token),
        Op::SetUserMFAPreference => run(ctx, input, mfa::set_user_mfa_preference),
        Op::CreateUserPool => run(ctx, input, pools::create_user_pool),
        Op::DescribeUserPool => run(ctx, input, pools::describe_user_pool),
        Op::CreateUserPoolClient => run(ctx, input, pools::create_user_pool_client),
        Op::DescribeUserPoolClient => run(ctx, input, pools::describe_user_pool_client),
        Op::UpdateUserPoolClient => run(ctx, input, pools::update_user_pool_client),
        Op::CreateGroup => run(ctx, input, pools::create_group),
        Op::ListGroups => run(ctx, input, pools::list_groups),
        Op::AdminCreateUser => run(ctx, input, admin_users::admin_create_user),
        Op::AdminGetUser => run(ctx, input, admin_users::admin_get_user),
        Op::AdminDeleteUser => run(ctx, input, admin_users::admin_delete_user),
        Op::AdminConfirmSignUp => run(ctx, input, admin_users::admin_confirm_sign_up),
        Op::ListUsers => run(ctx, input, admin_users::list_users),
        Op::AdminSetUserPassword => run(ctx, input, admin_users::admin_set_user_password),
        Op::AdminUpdateUserAttributes => run(ctx, input, admin_users::admin_update_user_attributes),
        Op::AdminAddUserToGroup => run(ctx, input, admin_users::admin_add_user_to_group),
        Op::AdminRemoveUserFromGroup => run(ctx, input, admin_users::admin_remove_user_from_group),
        Op::AdminListGroupsForUser => run(ctx, input, admin_users::admin_list_groups_for_user),
        Op::AdminDisableUser => run(ctx, input, admin_users::admin_disable_user),
        Op::AdminEnableUser => run(ctx, input, admin_users::admin_enable_user),
        Op::AdminResetUserPassword => run(ctx, input, admin_users::admin_reset_user_password),
    }
}

fn run<Req, Resp>(
    ctx: &Context,
    input: Value,
    operation: fn(&Context, Req) -> Result<Resp, ApiError>,
) -> Result<Value, ApiError>
where
    Req: DeserializeOwned,
    Resp: Serialize,
{
    let request = decode(input)?;
    // Messages left by work that ran outside an operation on this thread are not ours.
    drop(common::take_pending_messages());
    let result = operation(ctx, request);
    // Messages queued by a failed operation are not sent.
    let messages = common::take_pending_messages();
    let response = result?;
    common::send_pending_messages(ctx, messages)?;
    Ok(serde_json::to_value(response)?)
}

/// Maps serde's complaints to Cognito's: a missing member is a validation error
/// (InvalidParameterException), a wrongly typed one a SerializationException.
pub fn decode<T: DeserializeOwned>(input: Value) -> Result<T, ApiError> {
    serde_json::from_value(input).map_err(|err| {
        let text = err.to_string();
        match text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            Some(member) => ApiError::missing_member(member),
            None => ApiError::new("SerializationException", text),
        }
    })
}

/// The empty `{}` most mutating operations answer.
pub type Empty = cognito_wire::EmptyResponse;
