//! The layering rule: a normal or build dependency between workspace crates only points down.

use std::fmt;
use std::process::Command;

use serde_json::Value;

/// The layer of every workspace package, the one place this table lives.
///
/// Libraries sit in layers 0 to 2; applications (examples, tooling) sit on top and may depend on
/// any library, except that `accord-emulator` is a dev-dependency for everyone.
const LAYERS: &[(&str, u8)] = &[
    ("accord-model", 0),
    ("accord-macros", 0),
    ("accord-gateway", 1),
    ("accord-http", 1),
    ("accord-cache", 1),
    ("accord-interactions", 1),
    ("accord-emulator", 1),
    ("accord-framework", 2),
    ("accord-redis", 2),
    ("accord-examples", 3),
    ("xtask", 3),
];

/// The crate that no workspace crate may depend on outside of tests.
const DEV_ONLY: &str = "accord-emulator";

fn layer_of(package: &str) -> Option<u8> {
    LAYERS.iter().find(|(name, _)| *name == package).map(|&(_, layer)| layer)
}

/// One broken rule in the dependency graph.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Violation {
    /// A normal or build dependency points to the same or a higher layer.
    Upward { from: String, from_layer: u8, to: String, to_layer: u8, kind: &'static str },
    /// A crate depends on the emulator outside of `[dev-dependencies]`.
    EmulatorNotDev { from: String, kind: &'static str },
    /// A workspace package is missing from the layer table.
    Unlisted { package: String },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Upward { from, from_layer, to, to_layer, kind } => write!(
                f,
                "{from} (layer {from_layer}) -> {to} (layer {to_layer}): a {kind} dependency must point to a lower layer"
            ),
            Self::EmulatorNotDev { from, kind } => write!(
                f,
                "{from} -> {DEV_ONLY}: a {kind} dependency on the emulator; move it to [dev-dependencies]"
            ),
            Self::Unlisted { package } => {
                write!(
                    f,
                    "{package}: not in the layer table; add it to LAYERS in xtask/src/layers.rs"
                )
            }
        }
    }
}

/// Checks the output of `cargo metadata --no-deps --format-version 1`.
pub(crate) fn check(metadata: &Value) -> Result<(), Vec<Violation>> {
    let packages = metadata["packages"].as_array().map_or(&[][..], Vec::as_slice);
    let mut violations = Vec::new();
    for package in packages {
        let Some(from) = package["name"].as_str() else {
            continue;
        };
        let Some(from_layer) = layer_of(from) else {
            violations.push(Violation::Unlisted { package: from.to_owned() });
            continue;
        };
        for dependency in package["dependencies"].as_array().map_or(&[][..], Vec::as_slice) {
            let kind = match dependency["kind"].as_str() {
                None | Some("normal") => "normal",
                Some("build") => "build",
                Some(_) => continue,
            };
            let Some(to) = dependency["name"].as_str() else {
                continue;
            };
            let Some(to_layer) = layer_of(to) else {
                continue;
            };
            if to == DEV_ONLY {
                violations.push(Violation::EmulatorNotDev { from: from.to_owned(), kind });
            } else if to_layer >= from_layer {
                violations.push(Violation::Upward {
                    from: from.to_owned(),
                    from_layer,
                    to: to.to_owned(),
                    to_layer,
                    kind,
                });
            }
        }
    }
    if violations.is_empty() { Ok(()) } else { Err(violations) }
}

/// `cargo xtask layers`: reads `cargo metadata` and reports every violation.
pub(crate) fn run() -> Result<(), String> {
    let output = Command::new(crate::cargo())
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(crate::workspace_root())
        .output()
        .map_err(|error| format!("could not run cargo metadata: {error}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|error| format!("cargo metadata printed invalid JSON: {error}"))?;
    match check(&metadata) {
        Ok(()) => {
            println!("layers: every dependency between workspace crates points down");
            Ok(())
        }
        Err(violations) => {
            let list: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
            Err(format!("layering violated:\n{}", list.join("\n")))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Violation, check};

    fn package(name: &str, dependencies: &[(&str, Option<&str>)]) -> serde_json::Value {
        let dependencies: Vec<_> =
            dependencies.iter().map(|(name, kind)| json!({ "name": name, "kind": kind })).collect();
        json!({ "name": name, "dependencies": dependencies })
    }

    #[test]
    fn the_intended_graph_passes() {
        let metadata = json!({ "packages": [
            package("accord-model", &[("serde", None)]),
            package("accord-http", &[("accord-model", None), ("accord-emulator", Some("dev"))]),
            package("accord-framework", &[("accord-http", None), ("accord-macros", None), ("accord-cache", None)]),
            package("accord-examples", &[("accord-framework", None), ("accord-emulator", Some("dev"))]),
        ]});
        assert_eq!(check(&metadata), Ok(()));
    }

    #[test]
    fn an_upward_edge_fails_naming_it() {
        let metadata = json!({ "packages": [
            package("accord-model", &[("accord-http", None)]),
            package("accord-http", &[("accord-model", None)]),
        ]});
        let violations = check(&metadata).unwrap_err();
        assert_eq!(violations.len(), 1);
        let message = violations[0].to_string();
        assert!(
            message.starts_with("accord-model (layer 0) -> accord-http (layer 1)"),
            "{message}"
        );
    }

    #[test]
    fn a_sideways_build_dependency_fails() {
        let metadata =
            json!({ "packages": [package("accord-cache", &[("accord-gateway", Some("build"))])] });
        let violations = check(&metadata).unwrap_err();
        assert!(
            matches!(&violations[..], [Violation::Upward { kind: "build", .. }]),
            "{violations:?}"
        );
    }

    #[test]
    fn the_emulator_is_dev_only_even_for_applications() {
        let metadata =
            json!({ "packages": [package("accord-examples", &[("accord-emulator", None)])] });
        let violations = check(&metadata).unwrap_err();
        assert_eq!(
            violations,
            vec![Violation::EmulatorNotDev { from: "accord-examples".into(), kind: "normal" }]
        );
    }

    #[test]
    fn an_unlisted_package_fails() {
        let metadata = json!({ "packages": [package("accord-voice", &[])] });
        let violations = check(&metadata).unwrap_err();
        assert_eq!(violations, vec![Violation::Unlisted { package: "accord-voice".into() }]);
    }
}
