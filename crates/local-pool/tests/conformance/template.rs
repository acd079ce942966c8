//! `--template deploy/template.yaml`: the pool built from the CloudFormation template (ids and
//! users from the seed) has the same settings as the one built from the seed alone, so local
//! development and the deployed pool cannot drift apart unnoticed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use local_pool::Config;
use local_pool::template::TemplateSource;
use serde_json::{Value, json};

use crate::support::{CLIENT_ID, Harness, POOL_ID, seed_path};

const SERVER_CLIENT_ID: &str = "localpoolgateserverclient1";

fn template_path() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/template.yaml")
}

async fn from_template(parameters: &[(&str, &str)]) -> Result<Harness, String> {
    let config = Config {
        seed: Some(seed_path()),
        template: Some(TemplateSource {
            path: template_path(),
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
