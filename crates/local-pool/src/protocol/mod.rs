//! The wire protocol: AWS JSON 1.1 request handling, Cognito errors, CORS and the request
//! guards. A leaf: nothing here depends on the server's state, the faults or the operations.

pub mod cors;
pub mod error;
pub mod guard;
pub mod operation;
pub mod wire;

pub use error::ApiError;
pub use operation::Operation;
