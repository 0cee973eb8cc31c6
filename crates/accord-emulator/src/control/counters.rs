//! A snapshot of every counter the emulator keeps.

use std::collections::BTreeMap;
use std::sync::PoisonError;
use std::sync::atomic::Ordering;

use crate::gateway::limits::IdentifyRecord;
use crate::shared::Shared;

/// What the emulator has done so far, for tests to assert on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CounterSnapshot {
    /// Dispatch frames queued for sessions (one event sent to two sessions counts twice).
    pub events_dispatched: u64,
    /// Accepted IDENTIFYs.
    pub identifies: u64,
    /// IDENTIFYs refused with INVALID_SESSION (identify concurrency or budget).
    pub identifies_refused: u64,
    /// Successful RESUMEs.
    pub resumes: u64,
    /// INVALID_SESSION payloads sent, either way.
    pub invalid_sessions: u64,
    /// Gateway connections accepted.
    pub connections: u64,
    /// Gateway connections that ended without a close frame (dropped by either side).
    pub connections_dropped: u64,
    /// Close codes the emulator sent, with how often.
    pub closed_by_server: BTreeMap<u16, u64>,
    /// Close codes clients sent, with how often (1005 for a close frame without a code).
    pub closed_by_client: BTreeMap<u16, u64>,
    /// Every accepted IDENTIFY in order: shard, bucket and time since the emulator started.
    pub identify_log: Vec<IdentifyRecord>,
    /// REST requests received.
    pub rest_requests: u64,
    /// HTTP requests (REST and control API) that arrived over HTTP/2, negotiated by ALPN when
    /// serving TLS; the others came over HTTP/1.1.
    pub http2_requests: u64,
    /// REST requests answered with 429.
    pub rate_limited: u64,
    /// REST requests that count toward the invalid request limit (401, 403, 429).
    pub invalid_requests: u64,
}

impl CounterSnapshot {
    pub(crate) fn take(shared: &Shared) -> Self {
        let counters = &shared.counters;
        let load = |counter: &std::sync::atomic::AtomicU64| counter.load(Ordering::Relaxed);
        let closes = counters.closes.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let (identify_log, identifies_refused) = {
            let limiter = shared.identify.lock().unwrap_or_else(PoisonError::into_inner);
            (limiter.log.clone(), limiter.refused)
        };
        Self {
            events_dispatched: load(&counters.events_dispatched),
            identifies: load(&counters.identifies),
            identifies_refused,
            resumes: load(&counters.resumes),
            invalid_sessions: load(&counters.invalid_sessions),
            connections: load(&counters.connections),
            connections_dropped: load(&counters.connections_dropped),
            closed_by_server: closes.by_server,
            closed_by_client: closes.by_client,
            identify_log,
            rest_requests: load(&counters.rest_requests),
            http2_requests: load(&counters.http2_requests),
            rate_limited: load(&counters.rate_limited),
            invalid_requests: load(&counters.invalid_requests),
        }
    }
}
