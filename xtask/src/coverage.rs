//! `cargo xtask coverage <crate>`: how many of the operations of Discord's OpenAPI description
//! a crate implements, from the route table its `routes` example prints.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Where the spec lives, relative to the workspace root.
const SPEC: &str = "../shared/discord-api/openapi.json";

/// One operation: method, path template (as written) and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) name: String,
}

impl Operation {
    /// The key two routes match on: method and path with every `{parameter}` as `{}`.
    fn key(&self) -> (String, String) {
        (self.method.to_ascii_uppercase(), normalize(&self.path))
    }

    /// The resource group: the first path segment.
    fn group(&self) -> &str {
        self.path.trim_start_matches('/').split('/').next().unwrap_or_default()
    }
}

/// Replaces each `{name}` by `{}`, so parameter names do not matter.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// The operations of an OpenAPI document.
pub(crate) fn spec_operations(spec: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    let Some(paths) = spec["paths"].as_object() else { return operations };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            if !["get", "post", "put", "patch", "delete", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            operations.push(Operation {
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                name: operation["operationId"].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    operations
}

/// Parses the example's output: `METHOD /path [operation]` per line.
pub(crate) fn parse_routes(output: &str) -> Result<Vec<Operation>, String> {
    output
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            match (words.next(), words.next()) {
                (Some(method), Some(path)) if path.starts_with('/') => Ok(Operation {
                    method: method.to_ascii_uppercase(),
                    path: path.to_owned(),
                    name: words.next().unwrap_or_default().to_owned(),
                }),
                _ => Err(format!("not a route line: `{line}` (expected `METHOD /path`)")),
            }
        })
        .collect()
}

/// The comparison of implemented routes with the spec.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Per group: (covered, total).
    pub(crate) groups: BTreeMap<String, (usize, usize)>,
    /// Spec operations no route implements.
    pub(crate) missing: Vec<Operation>,
    /// Implemented routes that match no spec operation.
    pub(crate) unknown: Vec<Operation>,
    /// Implemented routes whose operation name differs from the spec's.
    pub(crate) misnamed: Vec<(Operation, String)>,
    /// Routes printed more than once.
    pub(crate) duplicates: Vec<Operation>,
}

impl Report {
    fn covered(&self) -> usize {
        self.groups.values().map(|(covered, _)| covered).sum()
    }

    fn total(&self) -> usize {
        self.groups.values().map(|(_, total)| total).sum()
    }

    /// Whether the routes are all valid (coverage itself may be partial).
    pub(crate) fn is_consistent(&self) -> bool {
        self.unknown.is_empty() && self.misnamed.is_empty() && self.duplicates.is_empty()
    }
}

/// Compares routes with spec operations.
pub(crate) fn compare(spec: &[Operation], routes: &[Operation]) -> Report {
    let mut report = Report::default();
    let mut implemented: BTreeMap<(String, String), &Operation> = BTreeMap::new();
    for route in routes {
        if implemented.insert(route.key(), route).is_some() {
            report.duplicates.push(route.clone());
        }
    }
    let spec_keys: BTreeMap<(String, String), &Operation> =
        spec.iter().map(|operation| (operation.key(), operation)).collect();
    for operation in spec {
        let entry = report.groups.entry(operation.group().to_owned()).or_default();
        entry.1 += 1;
        match implemented.get(&operation.key()) {
            Some(route) => {
                entry.0 += 1;
                if !route.name.is_empty() && route.name != operation.name {
                    report.misnamed.push(((*route).clone(), operation.name.clone()));
                }
            }
            None => report.missing.push(operation.clone()),
        }
    }
    for route in routes {
        if !spec_keys.contains_key(&route.key()) {
            report.unknown.push(route.clone());
        }
    }
    report
}

fn percent(covered: usize, total: usize) -> String {
    if total == 0 {
        return "-".to_owned();
    }
    // Tenths of a percent, in integers.
    let tenths = covered * 1000 / total;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Prints the report; `Err` when routes match nothing in the spec.
fn print(target: &str, report: &Report, show_missing: bool) -> Result<(), String> {
    println!("{:<28} {:>9}", "group", "covered");
    for (group, (covered, total)) in &report.groups {
        println!(
            "{group:<28} {:>9} {:>7}",
            format!("{covered}/{total}"),
            percent(*covered, *total)
        );
    }
    let (covered, total) = (report.covered(), report.total());
    println!("{:<28} {:>9} {:>7}", "total", format!("{covered}/{total}"), percent(covered, total));
    if show_missing && !report.missing.is_empty() {
        println!("\nnot covered:");
        for operation in &report.missing {
            println!("  {} {} ({})", operation.method, operation.path, operation.name);
        }
    } else if !report.missing.is_empty() {
        println!("\n{} operations not covered; `--missing` lists them", report.missing.len());
    }
    if report.is_consistent() {
        return Ok(());
    }
    let mut problems = Vec::new();
    for route in &report.unknown {
        problems
            .push(format!("  {} {}: matches no operation of the spec", route.method, route.path));
    }
    for (route, expected) in &report.misnamed {
        problems.push(format!(
            "  {} {}: named `{}`, the spec calls it `{expected}`",
            route.method, route.path, route.name
        ));
    }
    for route in &report.duplicates {
        problems.push(format!("  {} {}: listed twice", route.method, route.path));
    }
    Err(format!("accord-{target} has routes that do not match the spec:\n{}", problems.join("\n")))
}

/// `cargo xtask coverage <target> [--missing]`: runs `cargo run -p accord-<target> --example
/// routes` and compares its output with the spec.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut target = None;
    let mut show_missing = false;
    for arg in args {
        match arg.as_str() {
            "--missing" => show_missing = true,
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            other => target = Some(other.to_owned()),
        }
    }
    let target = target.ok_or("usage: cargo xtask coverage <http|emulator|...> [--missing]")?;
    let root = crate::workspace_root();
    let spec_path: PathBuf = root.join(SPEC);
    let spec_text = std::fs::read_to_string(&spec_path).map_err(|error| {
        format!(
            "cannot read {}: {error}\nthe coverage command needs Discord's OpenAPI description at \
             {SPEC} (relative to the workspace root)",
            spec_path.display()
        )
    })?;
    let spec: Value = serde_json::from_str(&spec_text)
        .map_err(|error| format!("{} is not valid JSON: {error}", spec_path.display()))?;
    let package = format!("accord-{target}");
    let output = Command::new(crate::cargo())
        .args(["run", "-q", "-p", &package, "--example", "routes"])
        .current_dir(&root)
        .output()
        .map_err(|error| format!("could not run cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo run -p {package} --example routes` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let routes = parse_routes(&String::from_utf8_lossy(&output.stdout))?;
    let report = compare(&spec_operations(&spec), &routes);
    println!("{package}: routes against {SPEC}\n");
    print(&target, &report, show_missing)
}

#[cfg(test)]
mod tests {
    use super::{compare, normalize, parse_routes, spec_operations};
    use serde_json::json;

    fn spec() -> serde_json::Value {
        json!({ "paths": {
            "/channels/{channel_id}": {
                "get": { "operationId": "get_channel" },
                "patch": { "operationId": "update_channel" },
                "parameters": []
            },
            "/users/@me": { "get": { "operationId": "get_my_user" } }
        }})
    }

    #[test]
    fn parameter_names_do_not_matter() {
        assert_eq!(normalize("/a/{x}/b/{y_z}"), "/a/{}/b/{}");
        let routes = parse_routes("GET /channels/{id}\nGET /users/@me get_my_user\n").unwrap();
        let report = compare(&spec_operations(&spec()), &routes);
        assert_eq!(report.groups["channels"], (1, 2));
        assert_eq!(report.groups["users"], (1, 1));
        assert_eq!(report.missing.len(), 1);
        assert_eq!(report.missing[0].name, "update_channel");
        assert!(report.is_consistent());
    }

    #[test]
    fn unknown_misnamed_and_duplicate_routes_are_errors() {
        let routes = parse_routes(
            "GET /channels/{c} get_chan\nPOST /nowhere\nGET /users/@me\nGET /users/@me\n",
        )
        .unwrap();
        let report = compare(&spec_operations(&spec()), &routes);
        assert_eq!(report.unknown.len(), 1);
        assert_eq!(report.misnamed.len(), 1);
        assert_eq!(report.duplicates.len(), 1);
        assert!(!report.is_consistent());
    }

    #[test]
    fn garbage_lines_are_rejected() {
        assert!(parse_routes("hello").is_err());
    }
}
