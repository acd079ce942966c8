//! The one error type of the harness and the tests: any error, with its message, so a failing
//! step reads as what went wrong.

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T = ()> = std::result::Result<T, Error>;
