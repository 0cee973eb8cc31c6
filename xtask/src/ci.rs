//! `cargo xtask ci`: every check in sequence, every failure reported, one summary line at the end.

use std::process::Command;
use std::time::Instant;

/// The cargo-deny release `ci` installs when the tool is missing.
const CARGO_DENY_VERSION: &str = "0.20.2";

/// One check: a name for the summary and what it runs.
struct Step {
    name: &'static str,
    work: Work,
}

enum Work {
    /// External commands, run in order until one fails.
    Commands(Vec<Command>),
    /// A check that xtask itself implements.
    InProcess(fn() -> Result<(), String>),
}

impl Work {
    fn run(self) -> bool {
        match self {
            Self::Commands(commands) => commands
                .into_iter()
                .all(|mut command| command.status().is_ok_and(|status| status.success())),
            Self::InProcess(check) => check().map_err(|message| println!("{message}")).is_ok(),
        }
    }
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(crate::cargo());
    command.args(args).current_dir(crate::workspace_root());
    command
}

fn has_cargo_subcommand(name: &str) -> bool {
    cargo(&[name, "--version"]).output().is_ok_and(|output| output.status.success())
}

fn steps() -> Vec<Step> {
    let mut doc = cargo(&["doc", "--workspace", "--no-deps", "--all-features"]);
    doc.env("RUSTDOCFLAGS", "-D warnings");

    let tests = if has_cargo_subcommand("nextest") {
        cargo(&["nextest", "run", "--workspace", "--all-features", "--no-tests=warn"])
    } else {
        println!("ci: cargo-nextest is not installed; running the tests with cargo test");
        cargo(&[
            "test",
            "--workspace",
            "--all-features",
            "--lib",
            "--bins",
            "--tests",
            "--examples",
        ])
    };

    vec![
        Step { name: "fmt", work: Work::Commands(vec![cargo(&["fmt", "--all", "--check"])]) },
        Step {
            name: "clippy",
            work: Work::Commands(vec![cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ])]),
        },
        Step { name: "tools", work: Work::InProcess(crate::tools::ensure_test_tools) },
        Step { name: "tests", work: Work::Commands(vec![tests]) },
        Step {
            name: "doc tests",
            work: Work::Commands(vec![cargo(&["test", "--workspace", "--all-features", "--doc"])]),
        },
        Step { name: "docs", work: Work::Commands(vec![doc]) },
        Step { name: "layers", work: Work::InProcess(crate::layers::run) },
        Step { name: "deny", work: Work::InProcess(deny) },
        Step { name: "fuzz", work: Work::InProcess(crate::fuzz::ci) },
    ]
}

/// cargo-deny's bans, licenses and sources, installing the tool first when it is missing.
fn deny() -> Result<(), String> {
    crate::tools::ensure_cargo_subcommand("deny", "cargo-deny", CARGO_DENY_VERSION)?;
    println!("ci: skipping `cargo deny check advisories`: the advisory database needs the network");
    // Duplicate versions are warnings; their dependency trees would bury the verdict.
    let status = cargo(&[
        "deny",
        "--all-features",
        "check",
        "--hide-inclusion-graph",
        "bans",
        "licenses",
        "sources",
    ])
    .status()
    .map_err(|error| format!("ci: cannot run cargo-deny: {error}"))?;
    if status.success() { Ok(()) } else { Err("ci: cargo-deny found problems".to_owned()) }
}

/// Runs every step; returns whether all passed. The summary is the last line printed.
pub(crate) fn run() -> bool {
    let started = Instant::now();
    let mut failed = Vec::new();
    let mut passed = 0;
    for step in steps() {
        println!("\nci: ==> {}", step.name);
        let step_started = Instant::now();
        let ok = step.work.run();
        let seconds = step_started.elapsed().as_secs();
        if ok {
            passed += 1;
            println!("ci: <== {} passed ({seconds} s)", step.name);
        } else {
            println!("ci: <== {} FAILED ({seconds} s)", step.name);
            failed.push(step.name);
        }
    }
    println!();
    if !failed.is_empty() {
        println!("ci: failed steps: {}", failed.join(", "));
    }
    println!("ci: {passed} passed, {} failed ({} s)", failed.len(), started.elapsed().as_secs());
    failed.is_empty()
}
