//! A ping bot on the bare gateway and http crates.
//!
//! ```sh
//! cargo run -p accord-examples --example ping                       # embedded emulator
//! DISCORD_TOKEN=… cargo run -p accord-examples --example ping       # Discord
//! ```
//!
//! Against Discord it needs the Message Content intent, and answers `!ping` until stopped.

#[path = "bots/ping.rs"]
mod ping;
mod support;

fn main() -> std::process::ExitCode {
    accord_examples::main(ping::online, ping::offline)
}
