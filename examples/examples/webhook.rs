//! An http-only tool: post an announcement through a webhook.
//!
//! ```sh
//! cargo run -p accord-examples --example webhook                    # embedded emulator
//! DISCORD_TOKEN=… ANNOUNCE_CHANNEL_ID=… ANNOUNCEMENT="Hello!" \
//!     cargo run -p accord-examples --example webhook                # Discord
//! ```
//!
//! Against Discord the bot needs the Manage Webhooks permission in the channel.

mod support;
#[path = "bots/webhook.rs"]
mod webhook;

fn main() -> std::process::ExitCode {
    accord_examples::main(webhook::online, webhook::offline)
}
