//! What a process owes Redis: completions of permits and departures of waiters, sent along
//! with the next acquire (so the fast path is one round trip) or by the flusher shortly after.

use accord_http::ratelimit::{Outcome, RatelimitScope};
use redis::Cmd;
use tokio::time::Instant;

/// What a permit took, as the scripts name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reservation {
    /// The one request allowed while a bucket's limit is unknown.
    Probe,
    /// A request to a bucket without a limit.
    Free,
    /// A slot of window `generation`.
    Slot,
}

impl Reservation {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "p" => Some(Self::Probe),
            "f" => Some(Self::Free),
            "s" => Some(Self::Slot),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Probe => "p",
            Self::Free => "f",
            Self::Slot => "s",
        }
    }
}

/// Where a request stood in Redis: its id, route and major parameter as the scripts key them.
#[derive(Clone, Debug)]
pub(crate) struct Place {
    pub(crate) ticket: String,
    pub(crate) route: String,
    pub(crate) major: String,
}

/// A permit granted by Redis: what its completion must hand back.
#[derive(Clone, Debug)]
pub(crate) struct Held {
    pub(crate) place: Place,
    pub(crate) reservation: Reservation,
    pub(crate) generation: i64,
    /// Whether it holds a slot of the global limit.
    pub(crate) counted: bool,
    /// The epoch of the bucket state it was granted in.
    pub(crate) epoch: String,
}

/// One operation of a batch.
#[derive(Debug)]
pub(crate) enum Op {
    /// A permit's outcome.
    Complete {
        held: Held,
        /// When the outcome came: waits it tells of are counted from then, not from when the
        /// batch reaches Redis.
        at: Instant,
        /// `ns` not sent, `nr` no response, `r` a response.
        outcome: &'static str,
        status: u16,
        limit: Option<u32>,
        remaining: Option<u32>,
        reset: Option<f64>,
        reset_after_ms: Option<u64>,
        retry_after_ms: Option<u64>,
        global: bool,
        shared_scope: bool,
        bucket: Option<String>,
    },
    /// A waiter that stopped waiting (`global`: it was in the global queue).
    Leave { place: Place, global: bool },
    /// A global slot taken while Redis was away, free again `free_in_ms` from now.
    GlobalSlot { id: String, free_in_ms: u64 },
    /// Starts a new epoch: what buckets knew before an outage no longer counts.
    NewEpoch { epoch: String },
}

impl Op {
    pub(crate) fn complete(held: Held, outcome: &Outcome<'_>) -> Self {
        match outcome {
            Outcome::Response { status, headers } => Self::Complete {
                held,
                at: Instant::now(),
                outcome: "r",
                status: *status,
                limit: headers.limit,
                remaining: headers.remaining,
                reset: headers.reset,
                reset_after_ms: headers.reset_after.map(millis_up),
                retry_after_ms: headers.retry_after.map(millis_up),
                global: headers.is_global(),
                shared_scope: headers.scope == Some(RatelimitScope::Shared),
                bucket: headers.bucket.clone(),
            },
            Outcome::NotSent => Self::without_response(held, "ns"),
            _ => Self::without_response(held, "nr"),
        }
    }

    fn without_response(held: Held, outcome: &'static str) -> Self {
        Self::Complete {
            held,
            at: Instant::now(),
            outcome,
            status: 0,
            limit: None,
            remaining: None,
            reset: None,
            reset_after_ms: None,
            retry_after_ms: None,
            global: false,
            shared_scope: false,
            bucket: None,
        }
    }

    /// Whether another request may be waiting for this to reach Redis: the end of a probe,
    /// anything but a plain success, a slot handed back.
    pub(crate) fn is_urgent(&self) -> bool {
        match self {
            Self::Complete { held, outcome, status, .. } => {
                held.reservation == Reservation::Probe
                    || *outcome != "r"
                    || !(200..300).contains(status)
            }
            Self::Leave { .. } => true,
            Self::GlobalSlot { .. } | Self::NewEpoch { .. } => false,
        }
    }

    /// Appends the operation to a script call.
    pub(crate) fn push(&self, command: &mut Cmd) {
        match self {
            Self::Complete {
                held,
                at,
                outcome,
                status,
                limit,
                remaining,
                reset,
                reset_after_ms,
                retry_after_ms,
                global,
                shared_scope,
                bucket,
            } => {
                let age = millis_down(at.elapsed());
                let since = |wait: Option<u64>| optional(wait.map(|wait| wait.saturating_sub(age)));
                command
                    .arg("c")
                    .arg(&held.place.ticket)
                    .arg(&held.place.route)
                    .arg(&held.place.major)
                    .arg(held.reservation.as_str())
                    .arg(held.generation)
                    .arg(flag(held.counted))
                    .arg(*outcome)
                    .arg(*status)
                    .arg(optional(*limit))
                    .arg(optional(*remaining))
                    // Discord's reset as sent, to the millisecond: the window's identity.
                    .arg(reset.map(|reset| format!("{reset:.3}")).unwrap_or_default())
                    .arg(since(*reset_after_ms))
                    .arg(since(*retry_after_ms))
                    .arg(flag(*global))
                    .arg(if *shared_scope { "shared" } else { "" })
                    .arg(bucket.as_deref().unwrap_or(""))
                    .arg(&held.epoch);
            }
            Self::Leave { place, global } => {
                command.arg("x").arg(&place.ticket);
                if *global {
                    command.arg("").arg("");
                } else {
                    command.arg(&place.route).arg(&place.major);
                }
            }
            Self::GlobalSlot { id, free_in_ms } => {
                command.arg("g").arg(id).arg(*free_in_ms);
            }
            Self::NewEpoch { epoch } => {
                command.arg("e").arg(epoch);
            }
        }
    }
}

fn flag(value: bool) -> &'static str {
    if value { "1" } else { "0" }
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// A duration in whole milliseconds, rounded down (an age: what is taken off a wait).
fn millis_down(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A duration in whole milliseconds, rounded up so no wait comes out shorter.
pub(crate) fn millis_up(duration: std::time::Duration) -> u64 {
    let millis = duration.as_micros().div_ceil(1000);
    u64::try_from(millis).unwrap_or(u64::MAX)
}
