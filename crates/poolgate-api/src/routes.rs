//! One marker type per route: `routes::SignIn::METHOD`, `routes::SignIn::ROUTE`,
//! `<routes::SignIn as Endpoint>::Request`, ... The server declares its router from these and
//! the app calls through them, so a route's method, path and types are written once. The
//! markers are unit values too, so a generic function can take one (`route(SignIn, handler)`)
//! and have the endpoint inferred.

use crate::admin::{Done, ListUsersQuery, SetRoleRequest, UserGroupPath, UserPage, UserPath};
use crate::endpoint::{Endpoint, Method, NoBody, NoParams};
use crate::session::{SessionView, StepAnswer};
use crate::sign_in::{AuthenticatorKey, ChallengeAnswer, CodeSignInRequest, SignInRequest};

macro_rules! routes {
    ($($(#[$doc:meta])* $name:ident: $method:ident $route:literal, $params:ty, $request:ty => $response:ty;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct $name;

            impl Endpoint for $name {
                const METHOD: Method = Method::$method;
                const ROUTE: &'static str = $route;
                type Params = $params;
                type Request = $request;
                type Response = $response;
            }
        )*
    };
}

routes! {
    /// The session of this browser (refreshed on the server first when due).
    GetSession: Get "/session", NoParams, NoBody => SessionView;
    /// Sign-in with a password (AdminInitiateAuth ADMIN_USER_PASSWORD_AUTH); sets the cookie.
    /// A wrong username or password answers 401; too many attempts 429 with `Retry-After`.
    SignIn: Post "/sign-in", NoParams, SignInRequest => StepAnswer;
    /// Passwordless sign-in (AdminInitiateAuth CUSTOM_AUTH): the pool e-mails a code and
    /// answers a CUSTOM_CHALLENGE.
    SignInCode: Post "/sign-in-code", NoParams, CodeSignInRequest => StepAnswer;
    /// Answers the pending challenge. An expired or ended challenge answers 401 and clears the
    /// cookie; a wrong code may be retried.
    AnswerChallenge: Post "/challenge", NoParams, ChallengeAnswer => StepAnswer;
    /// MFA_SETUP's first half: the key for an authenticator app.
    SetUpAuthenticator: Post "/challenge/authenticator", NoParams, NoBody => AuthenticatorKey;
    /// Revokes the refresh token and ends the session (always `{"signedIn": false}`).
    SignOut: Post "/sign-out", NoParams, NoBody => SessionView;
    /// AdminUserGlobalSignOut: every session of the user ends.
    SignOutEverywhere: Post "/sign-out-everywhere", NoParams, NoBody => SessionView;
    /// One page of the pool's users, each with their groups.
    ListUsers: Get "/admin/users", ListUsersQuery, NoBody => UserPage;
    /// Sets `custom:role`; the user's sessions are refreshed at once.
    SetRole: Put "/admin/users/{username}/role", UserPath, SetRoleRequest => Done;
    /// Adds the user to a group; their sessions are refreshed at once.
    AddToGroup: Put "/admin/users/{username}/groups/{group}", UserGroupPath, NoBody => Done;
    /// Removes the user from a group; their sessions are refreshed at once.
    RemoveFromGroup: Delete "/admin/users/{username}/groups/{group}", UserGroupPath, NoBody => Done;
    /// Disables the user (not oneself); their sessions here end.
    DisableUser: Post "/admin/users/{username}/disable", UserPath, NoBody => Done;
    /// Enables the user again.
    EnableUser: Post "/admin/users/{username}/enable", UserPath, NoBody => Done;
    /// AdminResetUserPassword: the pool sends a code; a new password is needed to sign in.
    ResetPassword: Post "/admin/users/{username}/reset-password", UserPath, NoBody => Done;
}
