//! Enumerations of the service model that code branches on.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an enum that is a string on the wire and keeps values this crate does not know
/// yet in `Other`, so a new service value never fails a whole response. A hand-written
/// string (de)serializer keeps the generated code small (this runs in a wasm bundle).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every value the model lists, in its order.
            pub const KNOWN: &'static [$name] = &[$(Self::$variant),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    };
}

wire_enum! {
    /// `AuthFlowType`: the `AuthFlow` of InitiateAuth and AdminInitiateAuth.
    AuthFlowType {
        /// Secure Remote Password.
        UserSrpAuth = "USER_SRP_AUTH",
        /// New tokens from a refresh token.
        RefreshTokenAuth = "REFRESH_TOKEN_AUTH",
        /// Alias of `REFRESH_TOKEN_AUTH`.
        RefreshToken = "REFRESH_TOKEN",
        /// Lambda-driven custom challenges.
        CustomAuth = "CUSTOM_AUTH",
        /// Server-side username and password (legacy name).
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// Username and password sent over TLS.
        UserPasswordAuth = "USER_PASSWORD_AUTH",
        /// Server-side username and password.
        AdminUserPasswordAuth = "ADMIN_USER_PASSWORD_AUTH",
        /// Choice-based sign-in.
        UserAuth = "USER_AUTH",
    }
}

wire_enum! {
    /// `ChallengeNameType`: the challenge InitiateAuth or RespondToAuthChallenge asks for next.
    ChallengeNameType {
        /// Code sent by SMS.
        SmsMfa = "SMS_MFA",
        /// Code sent by email.
        EmailOtp = "EMAIL_OTP",
        /// Code from an authenticator app.
        SoftwareTokenMfa = "SOFTWARE_TOKEN_MFA",
        /// The user picks one of several MFA methods.
        SelectMfaType = "SELECT_MFA_TYPE",
        /// MFA is required but the user has none set up yet.
        MfaSetup = "MFA_SETUP",
        /// SRP password proof.
        PasswordVerifier = "PASSWORD_VERIFIER",
        /// Lambda-defined challenge (`CUSTOM_AUTH`).
        CustomChallenge = "CUSTOM_CHALLENGE",
        /// Choice-based sign-in: pick a factor.
        SelectChallenge = "SELECT_CHALLENGE",
        /// Device SRP.
        DeviceSrpAuth = "DEVICE_SRP_AUTH",
        /// Device SRP proof.
        DevicePasswordVerifier = "DEVICE_PASSWORD_VERIFIER",
        /// Server-side flow only.
        AdminNoSrpAuth = "ADMIN_NO_SRP_AUTH",
        /// The user signed in with a temporary password and must choose a new one.
        NewPasswordRequired = "NEW_PASSWORD_REQUIRED",
        /// Choice-based sign-in: SMS one-time password.
        SmsOtp = "SMS_OTP",
        /// Choice-based sign-in: password.
        Password = "PASSWORD",
        /// Passkey.
        WebAuthn = "WEB_AUTHN",
        /// Choice-based sign-in: SRP password.
        PasswordSrp = "PASSWORD_SRP",
    }
}

wire_enum! {
    /// `DeliveryMediumType`: how a code or temporary password was sent.
    DeliveryMediumType {
        /// Text message.
        Sms = "SMS",
        /// Email.
        Email = "EMAIL",
    }
}

wire_enum! {
    /// `UserStatusType`: where a user stands in sign-up and password life cycle.
    UserStatusType {
        /// Signed up, not yet confirmed.
        Unconfirmed = "UNCONFIRMED",
        /// Confirmed.
        Confirmed = "CONFIRMED",
        /// No longer active.
        Archived = "ARCHIVED",
        /// Disabled because of a potential security threat.
        Compromised = "COMPROMISED",
        /// Unknown.
        Unknown = "UNKNOWN",
        /// Must reset the password before signing in.
        ResetRequired = "RESET_REQUIRED",
        /// Created by an administrator; must choose a new password at first sign-in.
        ForceChangePassword = "FORCE_CHANGE_PASSWORD",
        /// Signed in through a third-party identity provider.
        ExternalProvider = "EXTERNAL_PROVIDER",
    }
}

wire_enum! {
    /// `VerifySoftwareTokenResponseType`: the `Status` of VerifySoftwareToken.
    VerifySoftwareTokenResponseType {
        /// The authenticator app is registered.
        Success = "SUCCESS",
        /// The code did not verify.
        Error = "ERROR",
    }
}

wire_enum! {
    /// `MessageActionType`: AdminCreateUser's `MessageAction`.
    MessageActionType {
        /// Send the invitation again to an existing user.
        Resend = "RESEND",
        /// Send no invitation.
        Suppress = "SUPPRESS",
    }
}
