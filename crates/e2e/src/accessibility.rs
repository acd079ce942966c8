//! The accessibility audit: axe-core run on the current page in the light and the dark colour
//! scheme. axe is injected with WebDriver's execute, which the page's CSP does not govern.

use crate::error::Result;
use crate::harness::Harness;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;

impl Harness {
    /// Runs axe-core on the current page in the light and the dark colour scheme (emulated
    /// `prefers-color-scheme`) and fails listing every violation. `what` names the page or
    /// step in the report.
    pub async fn audit_accessibility(&self, what: &str) -> Result {
        let mut report = Vec::new();
        for scheme in ["dark", "light"] {
            self.emulate_color_scheme(scheme).await?;
            for violation in self.axe_violations().await? {
                report.push(format!("[{what}, {scheme}] {violation}"));
            }
        }
        if report.is_empty() {
            Ok(())
        } else {
            Err(format!("accessibility violations:\n{}", report.join("\n")).into())
        }
    }

    /// Emulates `prefers-color-scheme: <scheme>` (`light` or `dark`) for this tab (CDP
    /// `Emulation.setEmulatedMedia`).
    pub async fn emulate_color_scheme(&self, scheme: &str) -> Result {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await?;
        Ok(())
    }

    /// axe-core's violations on the current page, one line per rule with its failing nodes.
    async fn axe_violations(&self) -> Result<Vec<String>> {
        let loaded = self
            .browser
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if loaded != Value::Bool(true) {
            self.browser
                .execute(&format!("{}\nreturn true;", axe_source()?), vec![])
                .await?;
        }
        let answer = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { resultTypes: ['violations'] })\
                   .then(r => done(JSON.stringify(r.violations)))\
                   .catch(e => done(JSON.stringify({ error: String(e) })));",
                vec![],
            )
            .await?;
        let violations: Value = serde_json::from_str(answer.as_str().unwrap_or("null"))?;
        if let Some(error) = violations.get("error") {
            return Err(format!("axe.run failed: {error}").into());
        }
        Ok(violations
            .as_array()
            .into_iter()
            .flatten()
            .map(describe_violation)
            .collect())
    }
}

/// One axe violation: rule, impact and help, then each failing node and why.
fn describe_violation(violation: &Value) -> String {
    let nodes: Vec<String> = violation["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            format!(
                "    {} {}",
                n["target"],
                n["failureSummary"]
                    .as_str()
                    .unwrap_or_default()
                    .replace('\n', " ")
            )
        })
        .collect();
    format!(
        "{} ({}): {}\n{}",
        violation["id"],
        violation["impact"],
        violation["help"],
        nodes.join("\n")
    )
}

/// axe-core's browser bundle, installed by `scripts/setup` (version in `scripts/versions.env`),
/// or the file `$POOLGATE_AXE` names; read once.
fn axe_source() -> Result<&'static str> {
    static SOURCE: OnceLock<String> = OnceLock::new();
    if let Some(source) = SOURCE.get() {
        return Ok(source);
    }
    let path = std::env::var_os("POOLGATE_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../.tools/axe-core/node_modules/axe-core/axe.min.js")
        });
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {} ({e}): run scripts/setup", path.display()))?;
    Ok(SOURCE.get_or_init(|| source))
}
