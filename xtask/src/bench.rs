//! `cargo xtask bench [crate…] [-- criterion args]`: runs the benchmarks that compare Accord
//! with its peers, crate by crate, so each report stands on its own.

use std::process::Command;

/// The crates with benchmarks, in the order their numbers build on each other.
const BENCHED: &[&str] = &["accord-model", "accord-gateway", "accord-http", "accord-cache"];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut halves = args.splitn(2, |arg| arg == "--");
    let names = halves.next().unwrap_or_default();
    let criterion = halves.next().unwrap_or_default();
    let crates: Vec<String> = if names.is_empty() {
        BENCHED.iter().map(|name| (*name).to_owned()).collect()
    } else {
        names
            .iter()
            .map(|name| {
                let full = if name.starts_with("accord-") {
                    name.clone()
                } else {
                    format!("accord-{name}")
                };
                if BENCHED.contains(&full.as_str()) {
                    Ok(full)
                } else {
                    Err(format!("{full} has no benchmarks; pick from {}", BENCHED.join(", ")))
                }
            })
            .collect::<Result<_, _>>()?
    };
    let mut failed = Vec::new();
    for name in &crates {
        println!("\nbench: ==> {name}");
        if name == "accord-http" && !build_emulator_binary()? {
            failed.push(name.as_str());
            continue;
        }
        let status = Command::new(crate::cargo())
            .args(["bench", "-p", name, "--"])
            .args(criterion)
            .current_dir(crate::workspace_root())
            .status()
            .map_err(|error| format!("could not run cargo bench: {error}"))?;
        if !status.success() {
            failed.push(name.as_str());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("benchmarks failed: {}", failed.join(", ")))
    }
}

/// accord-http's benchmark runs the emulator binary as a child process; `cargo bench` holds
/// the build lock while the benchmark runs, so it is built before.
fn build_emulator_binary() -> Result<bool, String> {
    let status = Command::new(crate::cargo())
        .args(["build", "--release", "-p", "accord-emulator", "--bin", "accord-emulator"])
        .current_dir(crate::workspace_root())
        .status()
        .map_err(|error| format!("could not run cargo build: {error}"))?;
    Ok(status.success())
}
