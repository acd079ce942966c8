//! A build without the feature `poolgate-triggers`: no builtin handlers. A seed or template
//! that names `"builtin"` is refused at start-up (`TriggerRunner::configure`), so `run` is
//! never reached; Lambda-endpoint triggers work as in every build.

use std::time::Duration;

use serde_json::Value;

use super::Trigger;
use crate::ops::Context;
use crate::protocol::ApiError;

/// The `settings` of a pool's `[pool.triggers]`: accepted and ignored (no builtin handlers).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Settings(serde::de::IgnoredAny);

/// Whether this build can run `"builtin"` triggers.
pub const AVAILABLE: bool = false;

pub async fn run(
    _ctx: &Context,
    trigger: Trigger,
    _settings: Settings,
    _event: Value,
    _limit: Duration,
) -> Result<Value, ApiError> {
    Err(ApiError::new(
        "UnexpectedLambdaException",
        format!(
            "{} invocation failed due to error builtin triggers are not built in.",
            trigger.error_name()
        ),
    ))
}
