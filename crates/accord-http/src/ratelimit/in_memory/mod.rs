//! The rate limiter of one process: buckets learned from response headers, a global limit,
//! FIFO queues, and a count of invalid requests.
//!
//! All state sits behind one `std::sync::Mutex`, locked for a few map operations at a time and
//! never across an `.await`. Waiters park on a `oneshot` channel; whoever frees a slot (a
//! response, or a timer at the end of a window) hands it to the first waiter, so exactly as
//! many waiters wake as there are slots.

mod bucket;
mod global;
mod invalid;
#[cfg(test)]
mod simulation;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

use self::bucket::{Bucket, Mode, Reservation, Waiter};
use self::global::Global;
use self::invalid::InvalidCounter;
use super::{
    BoxFuture, Outcome, Permit, PermitSink, RatelimitRequest, RatelimitScope, Ratelimiter,
};
use crate::error::BoxError;
use crate::routing::{Major, Method};

/// A route as the limiter knows it: method and template.
type RouteKey = (Method, Cow<'static, str>);

/// Buckets are found by what Discord said they are (`Hash`) or, until it said, by route.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum BucketKey {
    Route(RouteKey, Option<Major>),
    Hash(Arc<str>, Option<Major>),
}

type BucketId = u64;

/// Buckets are swept for idle ones once there are this many.
const SWEEP_AT: usize = 4096;

/// A rate limiter for one process. Cloning it shares its state.
///
/// What it guarantees (for requests that all go through it):
///
/// - A request whose bucket is known to be empty waits for the bucket's reset; the first
///   request to a bucket not seen before goes alone, and the others wait for its headers.
/// - Requests of one bucket are granted in the order they asked, and a freed slot wakes one
///   waiter, not all of them.
/// - At most `global_limit` requests reach Discord in any `global_period` (50 per second by
///   default), except interaction callbacks and followups, however the network delays them:
///   a request holds its global slot until its response arrives and for `global_period`
///   after. A global 429 pauses every request for its `retry_after`.
/// - Invalid requests (401, 403, 429 except `shared` scope) are counted over ten minutes and a
///   `tracing` warning is logged from `invalid_request_warning` on (8,000 by default, Discord
///   bans at 10,000).
#[derive(Clone, Debug)]
pub struct InMemoryRatelimiter {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// Learned from `X-RateLimit-Bucket`: which bucket a route belongs to.
    routes: HashMap<RouteKey, Arc<str>>,
    index: HashMap<BucketKey, BucketId>,
    buckets: HashMap<BucketId, Bucket>,
    /// Buckets merged into others: permits of the old id complete into the new one.
    redirects: HashMap<BucketId, BucketId>,
    next_id: BucketId,
    global: Global,
    invalid: InvalidCounter,
}

/// Configures an [`InMemoryRatelimiter`].
#[derive(Clone, Debug)]
#[must_use]
pub struct InMemoryRatelimiterBuilder {
    global_limit: Option<u32>,
    global_period: Duration,
    invalid_request_warning: u32,
}

impl InMemoryRatelimiterBuilder {
    /// The global limit per period; `None` turns it off (for a proxy that enforces it).
    /// Default: `Some(50)`.
    pub fn global_limit(mut self, limit: Option<u32>) -> Self {
        self.global_limit = limit;
        self
    }

    /// The period of the global limit. Default: one second.
    pub fn global_period(mut self, period: Duration) -> Self {
        self.global_period = period;
        self
    }

    /// The count of invalid requests in ten minutes from which a warning is logged, then every
    /// 500 more. Default: 8,000.
    pub fn invalid_request_warning(mut self, count: u32) -> Self {
        self.invalid_request_warning = count;
        self
    }

    /// The limiter.
    pub fn build(self) -> InMemoryRatelimiter {
        let now = Instant::now();
        InMemoryRatelimiter {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    routes: HashMap::new(),
                    index: HashMap::new(),
                    buckets: HashMap::new(),
                    redirects: HashMap::new(),
                    next_id: 0,
                    global: Global::new(self.global_limit, self.global_period),
                    invalid: InvalidCounter::new(self.invalid_request_warning, now),
                }),
            }),
        }
    }
}

/// What the limiter knows of one bucket, for monitoring and tests.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BucketSnapshot {
    /// Discord's hash of the bucket, once a response said it.
    pub hash: Option<String>,
    /// The limit per window, once known.
    pub limit: Option<u32>,
    /// Slots left in the current window, not counting requests in flight.
    pub remaining: u32,
    /// How long until the window resets, if known.
    pub reset_after: Option<Duration>,
    /// Requests sent and not answered.
    pub in_flight: u32,
    /// Requests waiting.
    pub queued: usize,
}

impl Default for InMemoryRatelimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryRatelimiter {
    /// A limiter with the default settings.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Configures a limiter.
    pub fn builder() -> InMemoryRatelimiterBuilder {
        InMemoryRatelimiterBuilder {
            global_limit: Some(50),
            global_period: Duration::from_secs(1),
            invalid_request_warning: 8_000,
        }
    }

    /// Invalid requests (401, 403, 429 except `shared` scope) in the last ten minutes.
    pub fn invalid_requests(&self) -> u32 {
        self.shared.lock().invalid.count(Instant::now())
    }

    /// The bucket a request to `template` with `major` would use now, if it exists.
    pub fn bucket(
        &self,
        method: Method,
        template: &str,
        major: Option<Major>,
    ) -> Option<BucketSnapshot> {
        let state = self.shared.lock();
        let route: RouteKey = (method, Cow::Owned(template.to_owned()));
        let hash = state.routes.get(&route).cloned();
        let key = match &hash {
            Some(hash) => BucketKey::Hash(hash.clone(), major),
            None => BucketKey::Route(route, major),
        };
        let bucket = state.buckets.get(state.index.get(&key)?)?;
        let now = Instant::now();
        Some(BucketSnapshot {
            hash: hash.map(|hash| hash.to_string()),
            limit: match bucket.mode {
                Mode::Limited { limit } => Some(limit),
                Mode::Unknown | Mode::Unlimited => None,
            },
            remaining: bucket.remaining,
            reset_after: bucket.reset_at.map(|at| at.saturating_duration_since(now)),
            in_flight: bucket.in_flight,
            queued: bucket.queue.len(),
        })
    }
}

impl Ratelimiter for InMemoryRatelimiter {
    fn acquire<'a>(
        &'a self,
        request: &'a RatelimitRequest,
    ) -> BoxFuture<'a, Result<Permit, BoxError>> {
        Box::pin(async move {
            let route: RouteKey = (request.method, request.template.clone());
            let permit = match self.shared.enter_bucket(route, request.major) {
                Entry::Granted(permit) => permit,
                Entry::Queued(receiver) => {
                    receiver.await.map_err(|_| BoxError::from("the rate limiter was dropped"))?
                }
            };
            if !request.global_exempt {
                // Hand the slot back if the caller stops waiting for the global limit.
                let guard = NotSentOnDrop(Some(permit));
                let counted = self.shared.enter_global().await?;
                let permit = guard.take();
                if counted {
                    // The global slot is handed back with the outcome, like the bucket's.
                    let shared = Arc::downgrade(&self.shared);
                    return Ok(Permit::new(GlobalSink { shared, inner: permit }));
                }
                return Ok(permit);
            }
            Ok(permit)
        })
    }
}

enum Entry {
    Granted(Permit),
    Queued(oneshot::Receiver<Permit>),
}

/// Reports a permit as not sent if dropped before [`NotSentOnDrop::take`].
struct NotSentOnDrop(Option<Permit>);

impl NotSentOnDrop {
    fn take(mut self) -> Permit {
        self.0.take().unwrap_or_else(Permit::untracked)
    }
}

impl Drop for NotSentOnDrop {
    fn drop(&mut self) {
        if let Some(permit) = self.0.take() {
            permit.complete(Outcome::NotSent);
        }
    }
}

/// A permit that holds a slot of the global limit besides its bucket's.
struct GlobalSink {
    shared: Weak<Shared>,
    inner: Permit,
}

impl PermitSink for GlobalSink {
    fn complete(self: Box<Self>, outcome: Outcome<'_>) {
        let sent = !matches!(outcome, Outcome::NotSent);
        let Self { shared, inner } = *self;
        inner.complete(outcome);
        if let Some(shared) = shared.upgrade() {
            shared.leave_global(sent);
        }
    }
}

/// A place in the global queue: a slot granted to a caller that stopped waiting is handed
/// back.
struct GlobalTicket<'a> {
    shared: &'a Arc<Shared>,
    receiver: Option<oneshot::Receiver<()>>,
}

impl Drop for GlobalTicket<'_> {
    fn drop(&mut self) {
        if let Some(mut receiver) = self.receiver.take() {
            receiver.close();
            if receiver.try_recv().is_ok() {
                self.shared.leave_global(false);
            }
        }
    }
}

/// Where a permit of the in-memory limiter reports to.
struct Sink {
    shared: Weak<Shared>,
    id: BucketId,
    route: RouteKey,
    reservation: Reservation,
}

impl PermitSink for Sink {
    fn complete(self: Box<Self>, outcome: Outcome<'_>) {
        if let Some(shared) = self.shared.upgrade() {
            shared.complete(&self, &outcome);
        }
    }
}

/// Permits to hand to waiters and timers to arm, collected under the lock and acted on after.
#[derive(Default)]
struct Wakeups {
    handoffs: Vec<(oneshot::Sender<Permit>, Permit)>,
    bucket_timers: Vec<(BucketId, Instant)>,
    global_timer: Option<Instant>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent between statements: a panic elsewhere does not poison it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn enter_bucket(self: &Arc<Self>, route: RouteKey, major: Option<Major>) -> Entry {
        let mut wakeups = Wakeups::default();
        let entry = {
            let mut state = self.lock();
            let now = Instant::now();
            let id = state.bucket_for(&route, major, now);
            #[expect(clippy::expect_used, reason = "bucket_for has just indexed the bucket")]
            let bucket = state.buckets.get_mut(&id).expect("indexed buckets exist");
            bucket.last_used = now;
            bucket.queue.retain(|waiter| !waiter.sender.is_closed());
            if bucket.queue.is_empty()
                && let Some(reservation) = bucket.try_reserve(now)
            {
                Entry::Granted(self.permit(id, route, reservation))
            } else {
                let (sender, receiver) = oneshot::channel();
                bucket.queue.push_back(Waiter { sender, route });
                state.schedule_bucket(id, &mut wakeups);
                Entry::Queued(receiver)
            }
        };
        self.deliver(wakeups);
        entry
    }

    /// Waits for the global limit; `true` if the request took a slot that must be handed
    /// back with [`Shared::leave_global`].
    async fn enter_global(self: &Arc<Self>) -> Result<bool, BoxError> {
        let (receiver, counted) = {
            let mut state = self.lock();
            let now = Instant::now();
            let counted = state.global.counts();
            state.global.queue.retain(|waiter| !waiter.is_closed());
            if state.global.queue.is_empty() && state.global.try_acquire(now) {
                return Ok(counted);
            }
            let (sender, receiver) = oneshot::channel();
            state.global.queue.push_back(sender);
            let mut wakeups = Wakeups::default();
            state.schedule_global(now, &mut wakeups);
            drop(state);
            self.deliver(wakeups);
            (receiver, counted)
        };
        let mut ticket = GlobalTicket { shared: self, receiver: Some(receiver) };
        #[expect(clippy::expect_used, reason = "the receiver is set on the line above")]
        let granted = ticket.receiver.as_mut().expect("set above").await;
        ticket.receiver = None;
        granted.map_err(|_| BoxError::from("the rate limiter was dropped"))?;
        Ok(counted)
    }

    /// Hands back a slot of the global limit and lets waiters through.
    fn leave_global(self: &Arc<Self>, sent: bool) {
        let mut wakeups = Wakeups::default();
        {
            let mut state = self.lock();
            let now = Instant::now();
            state.global.release(now, sent);
            state.drain_global(now, &mut wakeups);
        }
        self.deliver(wakeups);
    }

    fn permit(self: &Arc<Self>, id: BucketId, route: RouteKey, reservation: Reservation) -> Permit {
        Permit::new(Sink { shared: Arc::downgrade(self), id, route, reservation })
    }

    fn complete(self: &Arc<Self>, sink: &Sink, outcome: &Outcome<'_>) {
        let mut wakeups = Wakeups::default();
        let mut warning = None;
        {
            let mut state = self.lock();
            let now = Instant::now();
            let mut id = sink.id;
            if let Outcome::Response { status, headers } = outcome {
                let invalid = matches!(status, 401 | 403)
                    || (*status == 429 && headers.scope != Some(RatelimitScope::Shared));
                if invalid {
                    warning = state.invalid.record(now);
                }
                if *status == 429 && headers.is_global() {
                    state.global.pause(now + headers.wait());
                    state.schedule_global(now, &mut wakeups);
                }
                if let Some(hash) = &headers.bucket {
                    let merged = state.learn(&sink.route, hash);
                    for merged in merged {
                        state.drain(merged, now, self, &mut wakeups);
                    }
                }
            }
            while let Some(&next) = state.redirects.get(&id) {
                id = next;
            }
            if let Some(bucket) = state.buckets.get_mut(&id) {
                bucket.release(sink.reservation, outcome, now);
                state.drain(id, now, self, &mut wakeups);
            }
        }
        if let Some(count) = warning {
            tracing::warn!(
                invalid_requests = count,
                "{count} invalid requests (401, 403, 429) in the last 10 minutes; \
                 discord restricts the IP at 10,000"
            );
        }
        self.deliver(wakeups);
    }

    /// Hands permits to waiters and arms timers, outside the lock.
    fn deliver(self: &Arc<Self>, wakeups: Wakeups) {
        for (sender, permit) in wakeups.handoffs {
            if let Err(permit) = sender.send(permit) {
                // The waiter left between the check and the send.
                permit.complete(Outcome::NotSent);
            }
        }
        for (id, deadline) in wakeups.bucket_timers {
            let shared = Arc::downgrade(self);
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline).await;
                if let Some(shared) = shared.upgrade() {
                    shared.bucket_timer_fired(id, deadline);
                }
            });
        }
        if let Some(deadline) = wakeups.global_timer {
            let shared = Arc::downgrade(self);
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline).await;
                if let Some(shared) = shared.upgrade() {
                    shared.global_timer_fired(deadline);
                }
            });
        }
    }

    fn bucket_timer_fired(self: &Arc<Self>, id: BucketId, deadline: Instant) {
        let mut wakeups = Wakeups::default();
        {
            let mut state = self.lock();
            let now = Instant::now();
            if let Some(bucket) = state.buckets.get_mut(&id)
                && bucket.timer == Some(deadline)
            {
                bucket.timer = None;
                state.drain(id, now, self, &mut wakeups);
            }
        }
        self.deliver(wakeups);
    }

    fn global_timer_fired(self: &Arc<Self>, deadline: Instant) {
        let mut wakeups = Wakeups::default();
        {
            let mut state = self.lock();
            if state.global.timer == Some(deadline) {
                state.global.timer = None;
                let now = Instant::now();
                state.drain_global(now, &mut wakeups);
            }
        }
        self.deliver(wakeups);
    }
}

impl State {
    /// The bucket for a route and major parameter, created if new.
    fn bucket_for(&mut self, route: &RouteKey, major: Option<Major>, now: Instant) -> BucketId {
        let key = match self.routes.get(route) {
            Some(hash) => BucketKey::Hash(hash.clone(), major),
            None => BucketKey::Route(route.clone(), major),
        };
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        if self.buckets.len() >= SWEEP_AT {
            self.sweep(now);
        }
        let id = self.next_id;
        self.next_id += 1;
        self.buckets.insert(id, Bucket::new(now));
        self.index.insert(key, id);
        id
    }

    /// Records that `route` uses bucket `hash`, moving the route's provisional buckets under
    /// the hash and merging them into buckets of other routes with the same hash. Returns the
    /// buckets that took over waiters.
    fn learn(&mut self, route: &RouteKey, hash: &str) -> Vec<BucketId> {
        if self.routes.get(route).is_some_and(|known| &**known == hash) {
            return Vec::new();
        }
        let hash: Arc<str> = Arc::from(hash);
        tracing::debug!(route = %route.1, bucket = %hash, "learned the bucket of a route");
        self.routes.insert(route.clone(), hash.clone());
        let provisional: Vec<(BucketKey, BucketId)> = self
            .index
            .iter()
            .filter(|(key, _)| matches!(key, BucketKey::Route(r, _) if r == route))
            .map(|(key, &id)| (key.clone(), id))
            .collect();
        let mut merged = Vec::new();
        for (key, id) in provisional {
            let BucketKey::Route(_, major) = key else { continue };
            self.index.remove(&key);
            let target = BucketKey::Hash(hash.clone(), major);
            match self.index.get(&target) {
                None => {
                    self.index.insert(target, id);
                }
                Some(&into) => {
                    if let Some(bucket) = self.buckets.remove(&id)
                        && let Some(into_bucket) = self.buckets.get_mut(&into)
                    {
                        into_bucket.absorb(bucket);
                    }
                    self.redirects.insert(id, into);
                    merged.push(into);
                }
            }
        }
        merged
    }

    /// Hands free slots of a bucket to its first waiters, and arms its timer if waiters are
    /// left that only time can release.
    fn drain(&mut self, id: BucketId, now: Instant, shared: &Arc<Shared>, wakeups: &mut Wakeups) {
        let Some(bucket) = self.buckets.get_mut(&id) else { return };
        while let Some(waiter) = bucket.queue.front() {
            if waiter.sender.is_closed() {
                bucket.queue.pop_front();
                continue;
            }
            let Some(reservation) = bucket.try_reserve(now) else { break };
            let Some(waiter) = bucket.queue.pop_front() else { break };
            let permit = shared.permit(id, waiter.route, reservation);
            wakeups.handoffs.push((waiter.sender, permit));
        }
        self.schedule_bucket(id, wakeups);
    }

    fn schedule_bucket(&mut self, id: BucketId, wakeups: &mut Wakeups) {
        let Some(bucket) = self.buckets.get_mut(&id) else { return };
        if bucket.queue.is_empty() {
            return;
        }
        if let Some(deadline) = bucket.blocked_until()
            && bucket.timer.is_none_or(|armed| armed > deadline)
        {
            bucket.timer = Some(deadline);
            wakeups.bucket_timers.push((id, deadline));
        }
    }

    fn drain_global(&mut self, now: Instant, wakeups: &mut Wakeups) {
        while let Some(waiter) = self.global.queue.front() {
            if waiter.is_closed() {
                self.global.queue.pop_front();
                continue;
            }
            if !self.global.try_acquire(now) {
                break;
            }
            let Some(waiter) = self.global.queue.pop_front() else { break };
            if waiter.send(()).is_err() {
                self.global.unacquire();
            }
        }
        self.schedule_global(now, wakeups);
    }

    fn schedule_global(&mut self, now: Instant, wakeups: &mut Wakeups) {
        if self.global.queue.is_empty() {
            return;
        }
        if let Some(deadline) = self.global.blocked_until(now)
            && self.global.timer.is_none_or(|armed| armed > deadline)
        {
            self.global.timer = Some(deadline);
            wakeups.global_timer = Some(deadline);
        }
    }

    /// Forgets idle buckets so the maps stay bounded by what is in use.
    fn sweep(&mut self, now: Instant) {
        let idle = Duration::from_secs(300);
        self.buckets.retain(|_, bucket| {
            !(bucket.is_idle(now) && now.saturating_duration_since(bucket.last_used) > idle)
        });
        let buckets = &self.buckets;
        self.index.retain(|_, id| buckets.contains_key(id));
        self.redirects.retain(|_, id| buckets.contains_key(id));
    }
}
