//! External tools the checks need: found on the machine, installed when `ci` may install them
//! (as root in CI), or explained.

use std::path::Path;
use std::process::Command;

/// Whether `binary` is on the `PATH` (or is an existing path).
pub(crate) fn has_binary(binary: &str) -> bool {
    if binary.contains('/') {
        return Path::new(binary).exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(binary).is_file()))
}

/// Whether this process may install system packages: it runs as root.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.trim_ascii() == b"0")
}

/// Makes sure `binary` exists, installing Debian's `package` with apt when running as root.
///
/// Returns an explanation of how to install it when it is missing and cannot be installed.
pub(crate) fn ensure_apt(binary: &str, package: &str) -> Result<(), String> {
    if has_binary(binary) {
        return Ok(());
    }
    let how = format!("install it with `apt-get install {package}` (Debian's package)");
    if !is_root() {
        return Err(format!("`{binary}` is missing: {how}"));
    }
    println!("ci: `{binary}` is missing; installing Debian's `{package}`");
    let updated = Command::new("apt-get").args(["update", "-qq"]).status();
    let installed = updated.is_ok_and(|status| status.success())
        && Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|status| status.success());
    if installed && has_binary(binary) {
        Ok(())
    } else {
        Err(format!("`{binary}` is missing and apt could not install it: {how}"))
    }
}

/// Makes sure the cargo subcommand `cargo <subcommand>` exists, installing `krate` at `version`
/// with `cargo install --locked` when it does not.
pub(crate) fn ensure_cargo_subcommand(
    subcommand: &str,
    krate: &str,
    version: &str,
) -> Result<(), String> {
    let cargo = crate::cargo();
    let present = |cargo: &str| {
        Command::new(cargo)
            .args([subcommand, "--version"])
            .output()
            .is_ok_and(|output| output.status.success())
    };
    if present(&cargo) {
        return Ok(());
    }
    println!("ci: `cargo {subcommand}` is missing; installing {krate} {version}");
    let installed = Command::new(&cargo)
        .args(["install", "--locked", krate, "--version", version])
        .status()
        .is_ok_and(|status| status.success());
    if installed && present(&cargo) {
        Ok(())
    } else {
        Err(format!(
            "`cargo {subcommand}` is missing: install it with `cargo install --locked {krate} --version {version}`"
        ))
    }
}

/// The system tools that tests start themselves, as `(binary, Debian package)`.
const TEST_TOOLS: &[(&str, &str)] = &[("redis-server", "redis-server")];

/// The `tools` step of `ci`: makes sure every tool the tests start is there.
///
/// Under `CI=true` a tool that cannot be had fails the step; elsewhere its tests skip with a
/// printed note, so the step only says how to install it.
pub(crate) fn ensure_test_tools() -> Result<(), String> {
    let strict = std::env::var("CI").is_ok_and(|value| value == "true");
    let mut missing = Vec::new();
    for &(binary, package) in TEST_TOOLS {
        if let Err(message) = ensure_apt(binary, package) {
            missing.push(message);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let report = missing.join("\n");
    if strict {
        Err(report)
    } else {
        println!("{report}\n(the tests that need these skip with a note)");
        Ok(())
    }
}
