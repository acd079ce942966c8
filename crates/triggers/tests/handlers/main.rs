//! Every handler, driven through `triggers::handle` with the event JSON Cognito sends (the
//! fixtures in `tests/fixtures/`, see its README) and recording effects.

mod authentication;
mod common;
mod custom_auth;
mod dispatch;
mod messaging;
mod sign_up;
