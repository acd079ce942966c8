//! The operations this server answers, keyed by the `X-Amz-Target` suffix.

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Called by apps without AWS credentials (the client id or a user token authorises it).
    Public,
    /// Requires a SigV4-signed request (IAM credentials). Locally any signature is accepted,
    /// but the `Authorization` header must be present so browsers cannot call these anonymously.
    Iam,
}

macro_rules! operations {
    ($($name:ident => $access:ident),* $(,)?) => {
        /// A Cognito Identity Provider operation implemented by this server.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation { $($name),* }

        impl Operation {
            /// Parses the operation name (the part after `AWSCognitoIdentityProviderService.`).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $(stringify!($name) => Some(Self::$name),)*
                    _ => None,
                }
            }

            pub fn name(self) -> &'static str {
                match self { $(Self::$name => stringify!($name)),* }
            }

            pub fn access(self) -> Access {
                match self { $(Self::$name => Access::$access),* }
            }
        }
    };
}

operations! {
    // Sign-in and tokens.
    InitiateAuth => Public,
    RespondToAuthChallenge => Public,
    GetTokensFromRefreshToken => Public,
    GlobalSignOut => Public,
    RevokeToken => Public,
    // Self-service sign-up and recovery.
    SignUp => Public,
    ConfirmSignUp => Public,
    ResendConfirmationCode => Public,
    ForgotPassword => Public,
    ConfirmForgotPassword => Public,
    // The signed-in user's own account.
    GetUser => Public,
    UpdateUserAttributes => Public,
    GetUserAttributeVerificationCode => Public,
    VerifyUserAttribute => Public,
    ChangePassword => Public,
    DeleteUser => Public,
    // MFA.
    AssociateSoftwareToken => Public,
    VerifySoftwareToken => Public,
    SetUserMFAPreference => Public,
    // Pool administration.
    CreateUserPool => Iam,
    DescribeUserPool => Iam,
    CreateUserPoolClient => Iam,
    DescribeUserPoolClient => Iam,
    UpdateUserPoolClient => Iam,
    CreateGroup => Iam,
    ListGroups => Iam,
    // User administration.
    AdminCreateUser => Iam,
    AdminGetUser => Iam,
    AdminDeleteUser => Iam,
    AdminConfirmSignUp => Iam,
    ListUsers => Iam,
    AdminSetUserPassword => Iam,
    AdminUpdateUserAttributes => Iam,
    AdminAddUserToGroup => Iam,
    AdminRemoveUserFromGroup => Iam,
    AdminListGroupsForUser => Iam,
    AdminDisableUser => Iam,
    AdminEnableUser => Iam,
    AdminResetUserPassword => Iam,
    AdminUserGlobalSignOut => Iam,
    AdminInitiateAuth => Iam,
    AdminRespondToAuthChallenge => Iam,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let op = Operation::from_name("SetUserMFAPreference").expect("known operation");
        assert_eq!(op.name(), "SetUserMFAPreference");
        assert_eq!(op.access(), Access::Public);
        assert_eq!(Operation::AdminGetUser.access(), Access::Iam);
        assert!(Operation::from_name("DeleteUserPool").is_none());
    }
}
