//! The pool's triggers as one AWS Lambda function: attach it to every trigger of the pool; it
//! dispatches on `triggerSource`. Build with `cargo lambda build --release --arm64 -p triggers`.

use std::sync::Arc;

use lambda_runtime::{Diagnostic, LambdaEvent, service_fn};
use serde_json::Value;
use triggers::aws::{AwsEnvironment, CognitoAdmin, SesMailer};
use triggers::{Settings, StdoutAudit, TriggerContext, TriggerError};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let settings = Settings::from_env()?;
    let aws = AwsEnvironment::from_env()?;
    let ctx = TriggerContext::new(
        settings,
        Arc::new(CognitoAdmin::new(&aws)),
        Arc::new(SesMailer::new(&aws)),
        Arc::new(StdoutAudit),
    );
    let ctx = &ctx;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        triggers::handle(event.payload, ctx)
            .await
            .map_err(diagnostic)
    }))
    .await
}

/// Cognito reads `errorMessage` into "<Trigger> failed with error <errorMessage>.".
fn diagnostic(error: TriggerError) -> Diagnostic {
    if !matches!(error, TriggerError::Refused(_)) {
        tracing::error!(kind = error.kind(), "trigger failed: {error}");
    }
    Diagnostic {
        error_type: error.kind().to_owned(),
        error_message: error.to_string(),
    }
}
