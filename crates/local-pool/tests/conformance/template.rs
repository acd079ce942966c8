//! `--template deploy/template.yaml`: the pool built from the CloudFormation template (ids and
//! users from the seed) has the same settings as the one built from the seed alone, so local
//! development and the deployed pool cannot drift apart unnoticed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use local_pool::Config;
use local_pool::template::TemplateSource;
use serde_json::{Value, json};

use crate::support::{CLIENT_ID, Harness, POOL_ID, error_of, seed_path, verify_token};
use crate::triggers::{RecordingLambda, seed_with_lambda_triggers};

const SERVER_CLIENT_ID: &str = "localpoolgateserverclient1";

/// The LambdaConfig line of deploy/template.yaml that wires PreAuthentication.
const PRE_AUTHENTICATION_LINE: &str = "        PreAuthentication: !GetAtt TriggersFunction.Arn\n";
/// The V2_0 pre token generation wiring of deploy/template.yaml.
const PRE_TOKEN_CONFIG: &str = "        PreTokenGenerationConfig:\n          LambdaArn: !GetAtt TriggersFunction.Arn\n          LambdaVersion: V2_0\n";

fn template_path() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/template.yaml")
}

async fn from_template(parameters: &[(&str, &str)]) -> Result<Harness, String> {
    serve_template(template_path(), seed_path(), parameters).await
}

async fn serve_template(
    template: PathBuf,
    seed: PathBuf,
    parameters: &[(&str, &str)],
) -> Result<Harness, String> {
    let config = Config {
        seed: Some(seed),
        template: Some(TemplateSource {
            path: template,
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }),
        ..Config::for_tests()
    };
    local_pool::serve(config)
        .await
        .map(Harness::from_server)
        .map_err(|e| e.to_string())
}

/// deploy/template.yaml with `from` replaced by `to` (which must change it), written to a fresh
/// temporary file.
fn edited_template(from: &str, to: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let text = std::fs::read_to_string(template_path()).unwrap();
    assert!(text.contains(from), "deploy/template.yaml has {from:?}");
    let path = std::env::temp_dir().join(format!(
        "local-pool-template-{}-{}.yaml",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// The start-up error of the pool built from deploy/template.yaml edited so.
async fn refusal(from: &str, to: &str) -> String {
    serve_template(edited_template(from, to), seed_path(), &[])
        .await
        .err()
        .unwrap_or_else(|| panic!("a template with {to:?} is refused"))
}

/// An admin operation's answer as JSON (raw HTTP, so every member the pool sends is compared,
/// not only those the SDK models).
async fn call(h: &Harness, operation: &str, body: Value) -> Value {
    let response = h.raw(operation, &body.to_string(), true).await;
    assert_eq!(response.status, 200, "{operation}: {}", response.body);
    response.body
}

/// Removes what differs between two pools by construction: dates, generated secrets, counts.
fn without_volatile(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        for volatile in [
            "CreationDate",
            "LastModifiedDate",
            "ClientSecret",
            "EstimatedNumberOfUsers",
        ] {
            object.remove(volatile);
        }
        for (_, member) in object.iter_mut() {
            *member = without_volatile(member.take());
        }
    } else if let Some(items) = value.as_array_mut() {
        for item in items.iter_mut() {
            *item = without_volatile(item.take());
        }
    }
    value
}

#[tokio::test]
async fn pool_from_template_has_the_seeds_settings() {
    let seeded = Harness::start().await;
    let templated = from_template(&[])
        .await
        .expect("pool from the template starts");

    let pool = json!({ "UserPoolId": POOL_ID });
    let seeded_pool = without_volatile(call(&seeded, "DescribeUserPool", pool.clone()).await);
    let templated_pool = without_volatile(call(&templated, "DescribeUserPool", pool.clone()).await);
    assert_eq!(templated_pool, seeded_pool);
    // The settings the issue names, so an equally wrong seed and template cannot pass.
    let user_pool = &templated_pool["UserPool"];
    assert_eq!(user_pool["Id"], POOL_ID, "the id comes from the seed");
    assert_eq!(user_pool["AliasAttributes"], json!(["email"]));
    let email = user_pool["SchemaAttributes"]
        .as_array()
        .and_then(|s| s.iter().find(|a| a["Name"] == "email"))
        .expect("email in the schema");
    assert_eq!(email["Required"], true);
    let role = user_pool["SchemaAttributes"]
        .as_array()
        .and_then(|s| s.iter().find(|a| a["Name"] == "custom:role"))
        .expect("custom:role in the schema");
    assert_eq!(role["Mutable"], true);
    assert_eq!(role["AttributeDataType"], "String");
    assert_eq!(user_pool["DeletionProtection"], "ACTIVE");
    assert_eq!(user_pool["Policies"]["PasswordPolicy"]["MinimumLength"], 8);

    for client_id in [CLIENT_ID, SERVER_CLIENT_ID] {
        let request = json!({ "UserPoolId": POOL_ID, "ClientId": client_id });
        let seeded_client = call(&seeded, "DescribeUserPoolClient", request.clone()).await;
        let templated_client = call(&templated, "DescribeUserPoolClient", request).await;
        assert_eq!(
            without_volatile(templated_client.clone()),
            without_volatile(seeded_client),
            "client {client_id}"
        );
        assert_eq!(templated_client["UserPoolClient"]["ClientId"], client_id);
    }
    let web = call(
        &templated,
        "DescribeUserPoolClient",
        json!({ "UserPoolId": POOL_ID, "ClientId": CLIENT_ID }),
    )
    .await;
    assert_eq!(
        web["UserPoolClient"]["ExplicitAuthFlows"],
        json!([
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_CUSTOM_AUTH"
        ])
    );
    assert!(
        web["UserPoolClient"].get("ClientSecret").is_none(),
        "public client"
    );
    assert!(
        !web["UserPoolClient"]["WriteAttributes"]
            .as_array()
            .expect("write attributes")
            .contains(&json!("custom:role")),
        "users cannot change their own role"
    );

    let groups = json!({ "UserPoolId": POOL_ID });
    let seeded_groups = without_volatile(call(&seeded, "ListGroups", groups.clone()).await);
    let templated_groups = without_volatile(call(&templated, "ListGroups", groups).await);
    assert_eq!(templated_groups, seeded_groups);
    let precedence: Vec<(&str, i64)> = templated_groups["Groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["GroupName"].as_str().unwrap_or_default(),
                g["Precedence"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(precedence, [("admins", 1), ("editors", 2), ("viewers", 3)]);

    // Users come from the seed: sign in on the template's public client, and with the e-mail
    // alias the template defines.
    templated.sign_in("alice", "Alice-pass-1").await;
    templated.sign_in("bob@example.com", "Bob-pass-12").await;
}

#[tokio::test]
async fn template_parameters_and_unmatched_names_are_reported() {
    // PoolName is a template parameter; a name the seed does not have leaves no id to use.
    let error = from_template(&[("PoolName", "elsewhere")]).await.err();
    let error = error.expect("refused");
    assert!(error.contains("PoolName \"elsewhere\""), "{error}");

    let error = from_template(&[("NoSuchParameter", "x")]).await.err();
    assert!(
        error
            .expect("refused")
            .contains("no parameter NoSuchParameter"),
        "unknown parameters are refused"
    );
    let error = from_template(&[("DeletionProtection", "SOMETIMES")])
        .await
        .err();
    assert!(
        error.expect("refused").contains("AllowedValues"),
        "values outside AllowedValues are refused"
    );
    let protection = from_template(&[("DeletionProtection", "INACTIVE")])
        .await
        .expect("starts");
    let pool = call(
        &protection,
        "DescribeUserPool",
        json!({ "UserPoolId": POOL_ID }),
    )
    .await;
    assert_eq!(pool["UserPool"]["DeletionProtection"], "INACTIVE");

    // A template without a seed has no ids to give its pool.
    let error = local_pool::serve(Config {
        template: Some(TemplateSource {
            path: template_path(),
            parameters: BTreeMap::new(),
        }),
        ..Config::for_tests()
    })
    .await
    .expect_err("refused");
    assert!(error.to_string().contains("needs a seed"), "{error}");
}

/// The template decides which triggers run: dev/pool.toml wires every trigger (frank, role
/// `suspended`, is refused by the builtin PreAuthentication), but a template without
/// PreAuthentication does not run it, so frank signs in, while the triggers it keeps still run.
#[tokio::test]
async fn the_templates_lambda_config_decides_which_triggers_run() {
    let with_trigger = from_template(&[]).await.expect("starts");
    let (code, message) = error_of(
        with_trigger
            .password_auth(CLIENT_ID, "frank", "Frank-pass-1")
            .await,
    );
    assert_eq!(code, "UserLambdaValidationException");
    assert_eq!(
        message,
        format!(
            "PreAuthentication failed with error {}.",
            triggers::authentication::SUSPENDED_MESSAGE
        )
    );

    let template = edited_template(PRE_AUTHENTICATION_LINE, "");
    let without = serve_template(template, seed_path(), &[])
        .await
        .expect("starts");
    let tokens = without.sign_in("frank", "Frank-pass-1").await;
    let access = verify_token(
        &without,
        tokens.access_token().unwrap(),
        "access",
        CLIENT_ID,
    )
    .await;
    assert_eq!(
        access["role"], "suspended",
        "pre token generation, still in the template, still runs"
    );
}

/// A trigger the template wires runs where the seed says (here a Lambda invoke endpoint, as
/// `cargo lambda watch` serves); a trigger only the seed wires is not run at all.
#[tokio::test]
async fn the_seeds_endpoint_runs_the_templates_triggers_and_seed_only_triggers_are_dropped() {
    let lambda = RecordingLambda::start(Duration::ZERO).await;
    let h = serve_template(
        edited_template(PRE_AUTHENTICATION_LINE, ""),
        seed_with_lambda_triggers(&lambda.endpoint),
        &[],
    )
    .await
    .expect("starts");
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    assert_eq!(
        lambda.sources(),
        [
            "TokenGeneration_Authentication",
            "PostAuthentication_Authentication"
        ],
        "PreAuthentication is wired by the seed only"
    );
    // The endpoint answered the event unchanged, so the builtin did not run instead.
    let access = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert!(access.get("role").is_none(), "{access}");
}

/// Pre token generation must be wired as Cognito would send the event the handlers expect:
/// a plain `PreTokenGeneration` gets the V1_0 event, which can change the ID token only; the
/// access token needs `PreTokenGenerationConfig` with `LambdaVersion` `V2_0`, on a pool with the
/// Essentials or Plus feature plan ("Pre token generation Lambda trigger", Amazon Cognito
/// Developer Guide, docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html;
/// PreTokenGenerationVersionConfigType, Amazon Cognito API Reference). The local pool sends V2_0
/// events only, so it refuses the rest rather than be kinder than Cognito. Triggers it cannot
/// run are refused too, naming the property.
#[tokio::test]
async fn triggers_the_pool_cannot_run_as_wired_are_refused_at_start() {
    let plain = "        PreTokenGeneration: !GetAtt TriggersFunction.Arn\n";
    let error = refusal(PRE_TOKEN_CONFIG, plain).await;
    assert!(
        error.contains("UserPool.LambdaConfig.PreTokenGeneration:")
            && error.contains("V1_0")
            && error.contains("PreTokenGenerationConfig")
            && error.contains("LambdaVersion V2_0"),
        "{error}"
    );
    let error = refusal("LambdaVersion: V2_0", "LambdaVersion: V1_0").await;
    assert!(
        error.contains("UserPool.LambdaConfig.PreTokenGenerationConfig.LambdaVersion:")
            && error.contains("LambdaVersion V2_0"),
        "{error}"
    );
    // Both forms naming different functions: the API keeps one value for both.
    let both = format!(
        "{PRE_TOKEN_CONFIG}        PreTokenGeneration: arn:aws:lambda:us-east-1:000000000000:function:Other\n"
    );
    let error = refusal(PRE_TOKEN_CONFIG, &both).await;
    assert!(error.contains("different functions"), "{error}");
    // The same function in both forms matches the API ("have the same value"): accepted.
    let same =
        format!("{PRE_TOKEN_CONFIG}        PreTokenGeneration: !GetAtt TriggersFunction.Arn\n");
    serve_template(edited_template(PRE_TOKEN_CONFIG, &same), seed_path(), &[])
        .await
        .expect("the same function in both forms starts");

    let error = refusal("UserPoolTier: ESSENTIALS", "UserPoolTier: LITE").await;
    assert!(
        error.contains("UserPool.UserPoolTier") && error.contains("ESSENTIALS or PLUS"),
        "{error}"
    );

    let migration =
        format!("{PRE_AUTHENTICATION_LINE}        UserMigration: !GetAtt TriggersFunction.Arn\n");
    let error = refusal(PRE_AUTHENTICATION_LINE, &migration).await;
    assert!(
        error.contains("UserPool.LambdaConfig.UserMigration: the local pool cannot run"),
        "{error}"
    );
    let unknown =
        format!("{PRE_AUTHENTICATION_LINE}        PreSignIn: !GetAtt TriggersFunction.Arn\n");
    let error = refusal(PRE_AUTHENTICATION_LINE, &unknown).await;
    assert!(error.contains("UserPool.LambdaConfig.PreSignIn"), "{error}");
}

/// deploy/template.yaml and dev/pool.toml as they are: the Essentials pool whose V2_0 pre token
/// generation gives the access token the `role` claim and the group scopes.
#[tokio::test]
async fn the_deployed_template_gives_access_tokens_the_role_claim() {
    let h = from_template(&[]).await.expect("starts");
    let pool = call(&h, "DescribeUserPool", json!({ "UserPoolId": POOL_ID })).await;
    assert_eq!(pool["UserPool"]["UserPoolTier"], "ESSENTIALS");
    let tokens = h.sign_in("alice", "Alice-pass-1").await;
    let access = verify_token(&h, tokens.access_token().unwrap(), "access", CLIENT_ID).await;
    assert_eq!(access["role"], "admin");
    let scopes: Vec<&str> = access["scope"].as_str().unwrap().split(' ').collect();
    assert!(scopes.contains(&"poolgate/admins"), "{scopes:?}");
}
