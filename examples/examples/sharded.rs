//! A sharded bot: several shards through the identify queue, one cache, periodic statistics.
//!
//! ```sh
//! cargo run -p accord-examples --example sharded                    # embedded emulator
//! DISCORD_TOKEN=… cargo run -p accord-examples --example sharded    # Discord
//! ```
//!
//! Against Discord it runs the shard count `GET /gateway/bot` recommends and needs the Server
//! Members, Presence and Message Content intents.

#[path = "bots/sharded.rs"]
mod sharded;
mod support;

fn main() -> std::process::ExitCode {
    accord_examples::main(sharded::online, sharded::offline)
}
