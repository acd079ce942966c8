//! Operation names: the part of `X-Amz-Target` after [`TARGET_PREFIX`](crate::TARGET_PREFIX).

use std::fmt;
use std::str::FromStr;

/// Who may call an operation, from the service model's `auth` trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// `smithy.api#noAuth`: called by apps without AWS credentials; the app client id or a
    /// user's access token authorises it.
    Public,
    /// SigV4: requires a request signed with IAM credentials (the `Admin*` and pool
    /// management operations).
    Iam,
}

macro_rules! operations {
    ($($(#[$group:meta])* $name:ident => $access:ident,)*) => {
        /// The Cognito Identity Provider operations that the client or the server in this
        /// workspace use. Variant names are the operation names exactly.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation { $($(#[$group])* #[allow(missing_docs)] $name,)* }

        impl Operation {
            /// Every operation, in the order of the service families.
            pub const ALL: &'static [Operation] = &[$(Self::$name),*];

            /// The full `X-Amz-Target` value, e.g.
            /// `AWSCognitoIdentityProviderService.InitiateAuth`.
            pub const fn target(self) -> &'static str {
                // One string table serves both `target` and `name`.
                match self {
                    $(Self::$name => concat!("AWSCognitoIdentityProviderService.", stringify!($name)),)*
                }
            }

            /// Who may call it.
            pub const fn access(self) -> Access {
                match self { $(Self::$name => Access::$access,)* }
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

impl Operation {
    /// The operation name, e.g. `SetUserMFAPreference`.
    pub fn as_str(self) -> &'static str {
        let target = self.target();
        &target[crate::TARGET_PREFIX.len()..]
    }

    /// Same as [`Self::as_str`].
    pub fn name(self) -> &'static str {
        self.as_str()
    }

    /// The operation called `name` (exact, case-sensitive, without the target prefix).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|op| op.as_str() == name)
    }

    /// The operation a whole `X-Amz-Target` value names.
    pub fn from_target(target: &str) -> Option<Self> {
        target
            .strip_prefix(crate::TARGET_PREFIX)
            .and_then(Self::from_name)
    }
}

impl Operation {
    /// The errors the service model lists for this operation, sorted by name.
    pub fn documented_errors(self) -> &'static [&'static str] {
        match self {
            Self::InitiateAuth => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "InvalidUserPoolConfigurationException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UnsupportedOperationException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::RespondToAuthChallenge => &[
                "AliasExistsException",
                "CodeMismatchException",
                "ExpiredCodeException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "InvalidUserPoolConfigurationException",
                "MFAMethodNotFoundException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordHistoryPolicyViolationException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "SoftwareTokenMFANotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::GetTokensFromRefreshToken => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "RefreshTokenReuseException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::GlobalSignOut => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
            ],
            Self::RevokeToken => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "OperationNotEnabledException",
                "TooManyRequestsException",
                "UnauthorizedException",
                "UnsupportedOperationException",
                "UnsupportedTokenTypeException",
            ],
            Self::SignUp => &[
                "CodeDeliveryFailureException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UsernameExistsException",
            ],
            Self::ConfirmSignUp => &[
                "AliasExistsException",
                "CodeMismatchException",
                "ExpiredCodeException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyFailedAttemptsException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::ResendConfirmationCode => &[
                "CodeDeliveryFailureException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::ForgotPassword => &[
                "CodeDeliveryFailureException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::ConfirmForgotPassword => &[
                "CodeMismatchException",
                "ExpiredCodeException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordHistoryPolicyViolationException",
                "ResourceNotFoundException",
                "TooManyFailedAttemptsException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::GetUser => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::UpdateUserAttributes => &[
                "AliasExistsException",
                "CodeDeliveryFailureException",
                "CodeMismatchException",
                "ExpiredCodeException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::GetUserAttributeVerificationCode => &[
                "CodeDeliveryFailureException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::VerifyUserAttribute => &[
                "AliasExistsException",
                "CodeMismatchException",
                "ExpiredCodeException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::ChangePassword => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordHistoryPolicyViolationException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::DeleteUser => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::AssociateSoftwareToken => &[
                "ConcurrentModificationException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "SoftwareTokenMFANotFoundException",
            ],
            Self::VerifySoftwareToken => &[
                "CodeMismatchException",
                "EnableSoftwareTokenMFAException",
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "InvalidUserPoolConfigurationException",
                "NotAuthorizedException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "SoftwareTokenMFANotFoundException",
                "TooManyRequestsException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::SetUserMFAPreference => &[
                "ForbiddenException",
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::CreateUserPool => &[
                "FeatureUnavailableInTierException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "TierChangeNotAllowedException",
                "TooManyRequestsException",
                "UserPoolTaggingException",
            ],
            Self::DescribeUserPool => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserPoolTaggingException",
            ],
            Self::CreateUserPoolClient => &[
                "FeatureUnavailableInTierException",
                "InternalErrorException",
                "InvalidOAuthFlowException",
                "InvalidParameterException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "ScopeDoesNotExistException",
                "TooManyRequestsException",
            ],
            Self::DescribeUserPoolClient => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
            ],
            Self::UpdateUserPoolClient => &[
                "ConcurrentModificationException",
                "FeatureUnavailableInTierException",
                "InternalErrorException",
                "InvalidOAuthFlowException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "ScopeDoesNotExistException",
                "TooManyRequestsException",
            ],
            Self::CreateGroup => &[
                "GroupExistsException",
                "InternalErrorException",
                "InvalidParameterException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
            ],
            Self::ListGroups => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
            ],
            Self::AdminCreateUser => &[
                "CodeDeliveryFailureException",
                "InternalErrorException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PreconditionNotMetException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UnsupportedUserStateException",
                "UserLambdaValidationException",
                "UserNotFoundException",
                "UsernameExistsException",
            ],
            Self::AdminGetUser => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminDeleteUser => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminConfirmSignUp => &[
                "InternalErrorException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyFailedAttemptsException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::ListUsers => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
            ],
            Self::AdminSetUserPassword => &[
                "InternalErrorException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordHistoryPolicyViolationException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminUpdateUserAttributes => &[
                "AliasExistsException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::AdminAddUserToGroup => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminRemoveUserFromGroup => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminListGroupsForUser => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminDisableUser => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminEnableUser => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminResetUserPassword => &[
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "LimitExceededException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotFoundException",
            ],
            Self::AdminUserGlobalSignOut => &[
                "InternalErrorException",
                "InvalidParameterException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UserNotFoundException",
            ],
            Self::AdminInitiateAuth => &[
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "InvalidUserPoolConfigurationException",
                "MFAMethodNotFoundException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UnsupportedOperationException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
            Self::AdminRespondToAuthChallenge => &[
                "AliasExistsException",
                "CodeMismatchException",
                "ExpiredCodeException",
                "InternalErrorException",
                "InvalidEmailRoleAccessPolicyException",
                "InvalidLambdaResponseException",
                "InvalidParameterException",
                "InvalidPasswordException",
                "InvalidSmsRoleAccessPolicyException",
                "InvalidSmsRoleTrustRelationshipException",
                "InvalidUserPoolConfigurationException",
                "MFAMethodNotFoundException",
                "NotAuthorizedException",
                "OperationNotEnabledException",
                "PasswordHistoryPolicyViolationException",
                "PasswordResetRequiredException",
                "ResourceNotFoundException",
                "SoftwareTokenMFANotFoundException",
                "TooManyRequestsException",
                "UnexpectedLambdaException",
                "UserLambdaValidationException",
                "UserNotConfirmedException",
                "UserNotFoundException",
            ],
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// [`Operation::from_str`] was given a name this crate does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownOperation;

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown Cognito Identity Provider operation")
    }
}

impl std::error::Error for UnknownOperation {}

impl FromStr for Operation {
    type Err = UnknownOperation;

    /// Parses an operation name (`InitiateAuth`), not a whole target.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::from_name(name).ok_or(UnknownOperation)
    }
}
