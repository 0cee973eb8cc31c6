//! The demo: a framework bot with prefix and slash commands, a button and a modal.
//!
//! ```sh
//! cargo run -p accord-examples --example demo                       # embedded emulator
//! DISCORD_TOKEN=… cargo run -p accord-examples --example demo       # Discord
//! ```
//!
//! Without a token it starts the emulator in this process, lets six people talk to the bot and
//! prints the transcript. Against Discord it registers its slash commands globally (they may
//! take a while to show) and needs the Message Content intent for its prefix commands.

#[path = "bots/demo.rs"]
mod demo;
mod support;

fn main() -> std::process::ExitCode {
    accord_examples::main(demo::online, demo::offline)
}
