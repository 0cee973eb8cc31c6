//! A bot with no gateway connection: slash commands, autocomplete, buttons and modals over
//! HTTP, on the application's Interactions Endpoint URL.
//!
//! ```sh
//! cargo run -p accord-examples --example http-bot          # embedded emulator
//! DISCORD_TOKEN=… DISCORD_PUBLIC_KEY=… PORT=8080 cargo run -p accord-examples --example http-bot
//! ```
//!
//! Against Discord it serves `POST /interactions` on 127.0.0.1:PORT until stopped (Ctrl-C or
//! SIGTERM); Discord reaches it through a tunnel or a reverse proxy with TLS whose URL is set
//! as the Interactions Endpoint URL in the developer portal. `DISCORD_API_URL` points the REST
//! client elsewhere (a proxy, the emulator).

#[path = "bots/http_bot.rs"]
mod http_bot;
mod support;

fn main() -> std::process::ExitCode {
    accord_examples::main(http_bot::online, http_bot::offline)
}
