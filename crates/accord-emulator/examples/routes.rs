//! Prints every REST route the emulator implements, one per line: `METHOD /path/{param}
//! operation`, from the crate's route table. `cargo xtask coverage emulator` compares it with
//! Discord's OpenAPI description.
#![allow(clippy::print_stdout, reason = "the output is the point")]

use std::io::Write;

fn main() {
    let mut out = std::io::stdout().lock();
    for route in accord_emulator::rest_routes() {
        if writeln!(out, "{} {} {}", route.method, route.template, route.operation).is_err() {
            return;
        }
    }
}
