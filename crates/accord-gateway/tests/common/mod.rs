//! What the emulator tests share: an emulator with short time rules and a shard
//! configuration that matches them.

#![allow(dead_code, unreachable_pub, reason = "each test file uses part of this module")]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{Emulator, EmulatorBuilder, Timings};
use accord_gateway::{Backoff, Compression, Config, ConfigBuilder, InMemoryQueue};
use accord_model::gateway::Intents;

/// Discord's time rules divided by this: a 41 s heartbeat becomes 206 ms, the 5 s identify
/// window 25 ms, the resume window 600 ms.
pub const SCALE: u32 = 200;

/// A guard against hangs, never a timing assertion.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub async fn patiently<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future).await.unwrap_or_else(|_| panic!("timed out: {what}"))
}

pub fn timings() -> Timings {
    Timings::default().scaled_down(SCALE)
}

pub fn emulator() -> EmulatorBuilder {
    Emulator::builder().timings(timings())
}

/// A shard configuration for `emulator` whose limits and windows match its time rules.
pub fn config(emulator: &Emulator, compression: Compression) -> ConfigBuilder {
    config_with(emulator, emulator.token(), Intents::all(), compression)
}

/// [`config`] with another token and intents.
pub fn config_with(
    emulator: &Emulator,
    token: &str,
    intents: Intents,
    compression: Compression,
) -> ConfigBuilder {
    let timings = timings();
    Config::builder(token, intents)
        .gateway_url(emulator.gateway_url())
        .compression(compression)
        .backoff(Backoff::new(Duration::from_millis(2), Duration::from_millis(50)))
        .command_limit(120, timings.command_window)
        // The emulator times IDENTIFYs as they arrive, which jitters with scheduling: a
        // margin keeps the client on the safe side, as a bot may keep one against network
        // jitter.
        .queue(Arc::new(
            InMemoryQueue::new(1).with_window(timings.identify_window + Duration::from_millis(10)),
        ))
}

/// Logs to the test output when `RUST_LOG` asks for it.
pub fn trace() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}
