//! Faults a test can inject into gateway connections, and which connections they hit.

use std::time::Duration;

/// Something going wrong on a gateway connection, on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Drop the TCP connection without a close frame. The session stays resumable.
    Drop,
    /// Close with this code. Codes that end a session (4007, 4009, and those that forbid
    /// reconnecting) invalidate it; any other code leaves it resumable.
    Close(u16),
    /// Stop answering heartbeats with HEARTBEAT_ACK, so the client sees a zombie connection.
    StopHeartbeatAcks,
    /// Answer heartbeats again.
    ResumeHeartbeatAcks,
    /// Send RECONNECT (op 7).
    Reconnect,
    /// Send INVALID_SESSION (op 9). With `resumable: false` the session ends; with `true` the
    /// connection stops serving it and it waits to be resumed.
    InvalidSession {
        /// The `d` of the payload.
        resumable: bool,
    },
    /// Send one frame of garbage: bytes no inflater accepts on a compressed connection,
    /// invalid JSON on a plain one. The stream's own state is unharmed.
    CorruptFrame,
    /// Send the next frame cut in half (the compressor's state moves on as if it had been
    /// sent whole, so the client's decompressor is out of step from then on).
    TruncateFrame,
    /// Wait this long before every frame from now on; zero stops the delay.
    DelayFrames(Duration),
    /// Ask the client for a heartbeat now (op 1).
    RequestHeartbeat,
}

/// Which connections a [`Fault`] hits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultTarget {
    /// Every live connection.
    All,
    /// The connections serving this shard number (of any shard count).
    Shard(u32),
    /// One connection, by the id [`crate::EmulatorHandle::connections`] shows.
    Connection(u64),
    /// The connection serving this session.
    Session(String),
}
