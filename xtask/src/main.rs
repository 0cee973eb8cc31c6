//! `cargo xtask`: the one entry point for contributor checks and tools.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a command-line tool reports on the terminal"
)]

mod bench;
mod ci;
mod coverage;
mod fuzz;
mod layers;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  ci        run every check (fmt, clippy, tests, doc tests, docs, layers, deny, fuzz) and report all failures
  layers    check that normal dependencies between workspace crates only point to lower layers
  coverage <crate> [--missing]
            compare the routes of accord-<crate> (its `routes` example) with Discord's OpenAPI
            description in ../shared/discord-api; `--missing` lists the operations not covered
  bench [crate…] [-- criterion args]
            run the benchmarks against twilight (model, gateway, http, cache; all by default)
  fuzz [target…] [--seconds N]
            seed the corpus from ../shared/discord-api's examples, build the cargo-fuzz targets
            of fuzz/ and run each for N seconds (default 30; all targets by default)
  help      print this message

With no command, `ci` runs.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) =
        args.split_first().map_or(("ci", &[][..]), |(command, rest)| (command.as_str(), rest));
    let result = match command {
        "ci" => {
            return if ci::run() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
        }
        "layers" => layers::run(),
        "coverage" => coverage::run(rest),
        "bench" => bench::run(rest),
        "fuzz" => fuzz::run(rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// The cargo executable that invoked us, so nested commands use the same toolchain.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
