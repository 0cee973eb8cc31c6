//! What `GET /gateway` and `GET /gateway/bot` return.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// The gateway URL (`GET /gateway`); cache it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GatewayInfo {
    /// The URL to connect to, without query parameters.
    pub url: CompactString,
}

impl GatewayInfo {
    /// The gateway at `url`.
    pub fn new(url: impl Into<CompactString>) -> Self {
        Self { url: url.into() }
    }
}

/// The gateway URL with the bot's sharding advice and identify budget (`GET /gateway/bot`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GatewayBot {
    /// The URL to connect to, without query parameters.
    pub url: CompactString,
    /// The recommended number of shards.
    pub shards: u32,
    /// How many sessions the bot may still start.
    pub session_start_limit: SessionStartLimit,
}

impl GatewayBot {
    /// The answer for a bot.
    pub fn new(
        url: impl Into<CompactString>,
        shards: u32,
        session_start_limit: SessionStartLimit,
    ) -> Self {
        Self { url: url.into(), shards, session_start_limit }
    }
}

/// The identify budget of a bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SessionStartLimit {
    /// Sessions allowed per window (1000 a day).
    pub total: u32,
    /// Sessions left in this window.
    pub remaining: u32,
    /// Milliseconds until the window resets.
    pub reset_after: u64,
    /// How many shards may identify at once, per 5 seconds.
    pub max_concurrency: u32,
}

impl SessionStartLimit {
    /// A budget.
    pub const fn new(total: u32, remaining: u32, reset_after: u64, max_concurrency: u32) -> Self {
        Self { total, remaining, reset_after, max_concurrency }
    }
}
