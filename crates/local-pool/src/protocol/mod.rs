//! The wire protocol: AWS JSON 1.1 request handling, Cognito errors and CORS.

pub mod cors;
pub mod error;
pub mod operation;
pub mod wire;

pub use error::ApiError;
pub use operation::Operation;
