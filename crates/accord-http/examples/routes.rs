//! Prints every route the client implements, one per line: `METHOD /path/{param}`, from the
//! crate's route table. `cargo xtask coverage http` compares it with Discord's OpenAPI spec.
#![allow(clippy::print_stdout, reason = "the output is the point")]

use std::io::Write;

fn main() {
    let mut out = std::io::stdout().lock();
    for route in accord_http::routing::routes() {
        if writeln!(out, "{} {} {}", route.method, route.template, route.operation).is_err() {
            return;
        }
    }
}
