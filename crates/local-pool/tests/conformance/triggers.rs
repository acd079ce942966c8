//! The Lambda-trigger extension point: hooks are called where Cognito calls its triggers.

use std::sync::Arc;

use local_pool::Config;
use local_pool::triggers::{TriggerContext, TriggerRejection, TriggerResult, Triggers};
use serde_json::{Map, Value, json};

use crate::support::{CLIENT_ID, Harness, attr, error_of, seed_path, verify_token};

/// Refuses sign-ups from one domain and adds a claim to access tokens.
#[derive(Debug)]
struct ExampleTriggers;

impl Triggers for ExampleTriggers {
    fn pre_sign_up(&self, ctx: &TriggerContext<'_>) -> TriggerResult<bool> {
        match ctx.attributes.get("email") {
            Some(email) if email.ends_with("@blocked.example") => Err(TriggerRejection(
                "PreSignUp failed with error Domain not allowed.".into(),
            )),
            _ => Ok(false),
        }
    }

    fn pre_token_generation(
        &self,
        ctx: &TriggerContext<'_>,
        _id_claims: &mut Map<String, Value>,
        access_claims: &mut Map<String, Value>,
    ) -> TriggerResult {
        access_claims.insert(
            "tenant".into(),
            json!(format!("tenant-of-{}", ctx.username)),
        );
        Ok(())
    }
}

#[tokio::test]
async fn triggers_can_refuse_sign_ups_and_customise_tokens() {
    let h = Harness::with_config(Config {
        seed: Some(seed_path()),
        triggers: Arc::new(ExampleTriggers),
        ..Config::for_tests()
    })
    .await;
    let (code, message) = error_of(
        h.cognito
            .sign_up()
            .client_id(CLIENT_ID)
            .username("mallory")
            .password("Mallory-pass-1")
            .user_attributes(attr("email", "m@blocked.example"))
            .send()
            .await,
    );
    assert_eq!(code, "UserLambdaValidationException");
    assert_eq!(message, "PreSignUp failed with error Domain not allowed.");

    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let claims = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(claims["tenant"], "tenant-of-alice");
}
