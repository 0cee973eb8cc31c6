//! While Redis is unreachable or slow: an in-memory limiter with a share of each limit, a
//! wait for the windows Redis had told of, and the way back.
//!
//! The rules, all of them so that no process sends into a limit the limiter knew of:
//!
//! - On the first failed or late call, the process switches to a fresh
//!   [`InMemoryRatelimiter`] and logs a warning. Requests of a bucket Redis had said is limited
//!   wait for the end of its last known window (one second from the switch when Redis had not
//!   said when), and requests under the global limit wait one global period from the switch:
//!   what other processes took in the current window is unknown, so the window is sat out.
//! - After that, each process takes `share` of every limit: responses are shown to the
//!   in-memory limiter with `limit` scaled to `max(1, floor(limit * share))` and `remaining`
//!   cut to one less than that (the request that carried them already took one), and its
//!   global limit is `max(1, floor(global * share))`. With `share = 1 / processes`, all
//!   processes together stay within each limit of at least `1 / share`.
//! - Redis is tried again every retry interval. When it answers, the global slots the fallback
//!   holds are written to Redis, what was owed is sent, and the limiter shares again; requests
//!   of a bucket the fallback used wait for the end of the fallback's window of it first.

use std::collections::HashMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use accord_http::BoxError;
use accord_http::ratelimit::{
    InMemoryRatelimiter, Outcome, Permit, PermitSink, RatelimitHeaders, RatelimitRequest,
    Ratelimiter,
};
use tokio::time::Instant;

use super::batch::{Op, millis_up};
use super::shared::major_key;
use super::{Inner, lock};
use crate::error::Error;

/// How the limiter works now.
#[derive(Debug)]
pub(super) enum Link {
    /// Through Redis; `retired` is the fallback of the last outage, whose windows are let end.
    Shared { retired: Option<InMemoryRatelimiter> },
    /// Redis is away since `since`; `limiter` decides.
    Fallback { since: Instant, limiter: InMemoryRatelimiter },
}

/// Global slots taken by the fallback, by permit id: `None` while in flight, else when free.
pub(super) type FallbackSlots = HashMap<String, Option<Instant>>;

impl Inner {
    /// Switches to the fallback, unless already there.
    pub(super) fn enter_fallback(self: &Arc<Self>, error: &Error) {
        let config = &self.config;
        {
            let mut link = self.lock_link();
            if matches!(*link, Link::Fallback { .. }) {
                return;
            }
            let limiter = InMemoryRatelimiter::builder()
                .global_limit(
                    config.global_limit.map(|limit| share_of(limit, config.fallback_share)),
                )
                .global_period(config.global_period)
                .invalid_request_warning(config.invalid_request_warning)
                .build();
            *link = Link::Fallback { since: Instant::now(), limiter };
            *lock(&self.switch_at) = None;
        }
        tracing::warn!(
            %error,
            share = config.fallback_share,
            "redis is unreachable; falling back to an in-memory rate limiter with a share of \
             each limit until it answers again"
        );
        let rejoin = tokio::spawn(rejoin(Arc::downgrade(self)));
        self.lock_tasks().push(rejoin.abort_handle());
    }

    /// A permit of the fallback, or `None` once the moment to share again has passed.
    pub(super) async fn acquire_fallback(
        self: &Arc<Self>,
        since: Instant,
        limiter: &InMemoryRatelimiter,
        request: &RatelimitRequest,
    ) -> Result<Option<Permit>, BoxError> {
        let config = &self.config;
        let route = format!("{} {}", request.method.as_str(), request.template);
        let known = lock(&self.known).get(&(route, major_key(request.major))).copied();
        let mut gate = None;
        if let Some(known) = known.filter(|known| known.limited) {
            gate = Some(known.reset_at.unwrap_or(since + Duration::from_secs(1)));
        }
        let counted = !request.global_exempt && config.global_limit.is_some();
        if counted {
            let global_gate = since + config.global_period;
            gate = Some(gate.map_or(global_gate, |gate: Instant| gate.max(global_gate)));
        }
        if let Some(gate) = gate {
            tokio::time::sleep_until(gate).await;
        }
        let permit = limiter.acquire(request).await?;
        if lock(&self.switch_at).is_some_and(|at| Instant::now() >= at) {
            // Every process shares again from this moment: nothing more goes out alone.
            permit.complete(Outcome::NotSent);
            return Ok(None);
        }
        let id = self.ticket();
        if counted {
            lock(&self.fallback_slots).insert(id.clone(), None);
        }
        Ok(Some(Permit::new(FallbackSink {
            inner: Arc::downgrade(self),
            permit,
            id,
            counted,
            share: config.fallback_share,
        })))
    }
}

/// A permit of the fallback: shows it a share of each limit, and keeps its global slot for
/// Redis.
struct FallbackSink {
    inner: Weak<Inner>,
    permit: Permit,
    id: String,
    counted: bool,
    share: f64,
}

impl PermitSink for FallbackSink {
    fn complete(self: Box<Self>, outcome: Outcome<'_>) {
        let Self { inner, permit, id, counted, share } = *self;
        let sent = !matches!(outcome, Outcome::NotSent);
        match outcome {
            Outcome::Response { status, headers } => {
                let scaled = scale(headers, share);
                permit.complete(Outcome::Response { status, headers: &scaled });
            }
            other => permit.complete(other),
        }
        let Some(inner) = inner.upgrade() else { return };
        if !counted {
            return;
        }
        let period = inner.config.global_period;
        let shared = matches!(*inner.lock_link(), Link::Shared { .. });
        if shared {
            // Back on Redis already: the slot goes there (replacing the in-flight one).
            let free_in_ms = if sent { millis_up(period) } else { 0 };
            lock(&inner.fallback_slots).remove(&id);
            inner.owe(Op::GlobalSlot { id, free_in_ms });
        } else if sent {
            lock(&inner.fallback_slots).insert(id, Some(Instant::now() + period));
        } else {
            lock(&inner.fallback_slots).remove(&id);
        }
    }
}

/// `share` of a limit, at least one.
fn share_of(limit: u32, share: f64) -> u32 {
    let scaled = (f64::from(limit) * share).floor();
    // In range: `share` is within 0..=1, so `scaled` is within 0..=limit.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "0 <= scaled <= limit"
    )]
    let scaled = scaled as u32;
    scaled.max(1)
}

/// The headers as the fallback sees them: `share` of the limit, and of it at most what is left
/// after the request that carried them.
fn scale(headers: &RatelimitHeaders, share: f64) -> RatelimitHeaders {
    let mut scaled = headers.clone();
    if let Some(limit) = headers.limit {
        let limit = share_of(limit, share);
        scaled.limit = Some(limit);
        scaled.remaining = headers.remaining.map(|remaining| remaining.min(limit - 1));
    }
    scaled
}

/// Tries Redis every retry interval; when it answers, hands over and shares again.
async fn rejoin(weak: Weak<Inner>) {
    loop {
        let Some(interval) = weak.upgrade().map(|inner| inner.config.retry_interval) else {
            return;
        };
        tokio::time::sleep(interval).await;
        let Some(inner) = weak.upgrade() else { return };
        // The first process to see Redis again sets the moment all of them switch back, far
        // enough ahead that every process, trying every interval, sees it in time: a process
        // back on Redis while another still takes its share could overrun a limit together.
        let (timeout, key) = (inner.config.timeout, inner.prefix.key("rejoin"));
        let delay = interval * 2 + timeout;
        let mut pipeline = redis::pipe();
        pipeline.cmd("SET").arg(&key).arg(1).arg("NX").arg("PX").arg(millis_up(delay));
        pipeline.cmd("PTTL").arg(&key);
        let mut connection = inner.connection.clone();
        let call = pipeline.query_async::<(Option<String>, i64)>(&mut connection);
        let Ok(Ok((first, left))) = tokio::time::timeout(timeout, call).await else { continue };
        if first.is_some() {
            // What buckets knew before the outage leaves out what every process sent alone.
            inner.owe(Op::NewEpoch { epoch: super::process_id() });
            if let Err(error) = inner.flush_now().await {
                tracing::debug!(%error, "the new epoch waits for the hand-over");
            }
        }
        let left = Duration::from_millis(u64::try_from(left).unwrap_or(0));
        *lock(&inner.switch_at) = Some(Instant::now() + left);
        drop(inner);
        tokio::time::sleep(left).await;
        let Some(inner) = weak.upgrade() else { return };
        let now = Instant::now();
        let slots: Vec<(String, Option<Instant>)> = lock(&inner.fallback_slots).drain().collect();
        for (id, free_at) in slots {
            let free_in = match free_at {
                Some(at) if at > now => at - now,
                Some(_) => continue,
                // Still in flight: held until its completion says more.
                None => inner.config.flight_lease,
            };
            inner.owe(Op::GlobalSlot { id, free_in_ms: millis_up(free_in) });
        }
        if let Err(error) = inner.flush_now().await {
            tracing::debug!(%error, "redis answered a ping but not the hand-over");
            continue;
        }
        let mut link = inner.lock_link();
        if let Link::Fallback { limiter, .. } = &*link {
            let retired = Some(limiter.clone());
            *link = Link::Shared { retired };
            drop(link);
            inner.rejoined.notify_waiters();
            tracing::warn!("redis answers again; rate limits are shared again");
        }
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::{scale, share_of};
    use accord_http::ratelimit::RatelimitHeaders;

    #[test]
    fn a_share_never_exceeds_the_limit_or_what_is_left() {
        assert_eq!(share_of(50, 0.25), 12);
        assert_eq!(share_of(5, 0.25), 1);
        assert_eq!(share_of(3, 0.0), 1);
        let mut headers = RatelimitHeaders::default();
        headers.limit = Some(20);
        headers.remaining = Some(19);
        let scaled = scale(&headers, 0.25);
        assert_eq!((scaled.limit, scaled.remaining), (Some(5), Some(4)));
        headers.remaining = Some(2);
        assert_eq!(scale(&headers, 0.25).remaining, Some(2));
    }
}
