#![doc = include_str!("../README.md")]
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "examples talk to the terminal: the transcript on stdout, errors on stderr"
)]

mod transcript;

use std::future::Future;
use std::process::ExitCode;

pub use crate::transcript::{Line, Transcript};

/// What the examples return on failure.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The bot token from `DISCORD_TOKEN`, when it is set and not blank.
pub fn discord_token() -> Option<String> {
    std::env::var("DISCORD_TOKEN")
        .ok()
        .map(|token| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// The entry point of every example: with `DISCORD_TOKEN`, `online` runs the bot against
/// Discord; without it, `offline` runs it against the embedded emulator and plays its scripted
/// conversation. Either way the transcript is printed as it is written.
///
/// Logs go to standard error, filtered by `RUST_LOG` (warnings by default), so that the
/// transcript on standard output stays readable.
pub fn main<On, Off>(
    online: impl FnOnce(String, Transcript) -> On,
    offline: impl FnOnce(Transcript) -> Off,
) -> ExitCode
where
    On: Future<Output = Result<(), Error>>,
    Off: Future<Output = Result<(), Error>>,
{
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let transcript = Transcript::printing();
    let outcome = if let Some(token) = discord_token() {
        transcript.note("DISCORD_TOKEN is set: running against Discord (Ctrl-C stops)");
        runtime.block_on(online(token, transcript))
    } else {
        transcript.note("no DISCORD_TOKEN: running against the embedded emulator");
        runtime.block_on(offline(transcript))
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
