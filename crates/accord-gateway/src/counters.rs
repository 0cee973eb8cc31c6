//! Counters of what a shard did, readable from any thread while it runs.

use std::sync::atomic::{AtomicU64, Ordering};

/// What a shard has done since it was created. Shared: keep the `Arc` from
/// [`crate::Shard::counters`] and read it from a metrics task while the shard runs.
#[derive(Debug, Default)]
pub struct Counters {
    events: AtomicU64,
    skipped: AtomicU64,
    connections: AtomicU64,
    reconnects: AtomicU64,
    identifies: AtomicU64,
    resumes: AtomicU64,
    zombies: AtomicU64,
    errors: AtomicU64,
    commands: AtomicU64,
}

macro_rules! counters {
    ($($field:ident, $bump:ident: $doc:literal;)*) => {
        impl Counters {
            $(
                #[doc = $doc]
                pub fn $field(&self) -> u64 {
                    self.$field.load(Ordering::Relaxed)
                }

                pub(crate) fn $bump(&self) {
                    self.$field.fetch_add(1, Ordering::Relaxed);
                }
            )*
        }
    };
}

counters! {
    events, event: "Dispatch events yielded.";
    skipped, skip: "Dispatch events left unparsed by the event type filter.";
    connections, connection: "Websocket connections established.";
    reconnects, reconnect: "Reconnections after a connection ended, for any reason.";
    identifies, identify: "IDENTIFY payloads sent.";
    resumes, resume: "Sessions resumed (RESUMED received).";
    zombies, zombie: "Connections abandoned because heartbeats went unacknowledged.";
    errors, error: "Errors yielded.";
    commands, command: "User commands sent.";
}
