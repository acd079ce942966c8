//! The operations this server answers, keyed by the `X-Amz-Target` suffix: the shared
//! protocol crate's names and their `auth` trait from the service model.

pub use cognito_wire::{Access, Operation};

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
