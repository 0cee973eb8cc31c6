//! The identify queue: which shard may send IDENTIFY when, across all shards of a bot.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use accord_model::gateway::{SessionStartLimit, ShardId};
use tokio::time::{Instant, Sleep};

/// A future that completes when a shard may identify.
pub type IdentifyTurn = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Decides when each shard may send IDENTIFY.
///
/// Discord allows `max_concurrency` identifies per 5 seconds, one per rate-limit key
/// (`shard % max_concurrency`), and a daily budget; going over invalidates sessions or resets
/// the token. Every shard of a bot must go through the same queue: share one
/// [`InMemoryQueue`] between the shards of a process, or implement this trait over a service
/// shared between processes.
///
/// A shard calls [`enqueue`](Self::enqueue) as soon as it knows it will identify (before
/// connecting), which fixes its place in line, and polls the returned future only once the
/// connection is ready for IDENTIFY, which it then sends at once. An implementation may start
/// the 5-second window when the future completes. Dropping the future gives up the place.
pub trait IdentifyQueue: fmt::Debug + Send + Sync {
    /// Queues `shard`; the future completes when it may identify.
    fn enqueue(&self, shard: ShardId) -> IdentifyTurn;
}

/// An identify queue for the shards of one process.
///
/// It keeps one line per rate-limit key, served in the order shards enqueued, lets one shard
/// per key identify per window (5 s), and counts identifies against the daily budget: when the
/// budget runs out it waits for the reset.
///
/// A request is granted when it is polled at the head of its line, so the window runs from
/// the IDENTIFY itself, not from a connection still being set up; and a shard that enqueued
/// earlier keeps its place ahead of a faster one.
///
/// ```
/// use std::time::Duration;
/// use accord_gateway::InMemoryQueue;
/// use accord_model::gateway::SessionStartLimit;
///
/// // From GET /gateway/bot's session_start_limit.
/// let queue = InMemoryQueue::from_limit(SessionStartLimit::new(1000, 998, 3_600_000, 16));
/// assert_eq!((queue.max_concurrency(), queue.remaining()), (16, 998));
/// let fast = InMemoryQueue::new(4).with_window(Duration::from_millis(50));
/// assert_eq!(fast.window(), Duration::from_millis(50));
/// ```
#[derive(Clone)]
pub struct InMemoryQueue {
    inner: Arc<Inner>,
}

struct Inner {
    max_concurrency: u32,
    state: Mutex<State>,
}

struct State {
    window: Duration,
    lines: HashMap<u32, Line>,
    next_ticket: u64,
    total: u32,
    remaining: u32,
    reset_at: Instant,
    budget_window: Duration,
}

#[derive(Default)]
struct Line {
    waiting: VecDeque<Waiting>,
    /// When the key may identify next.
    free_at: Option<Instant>,
}

struct Waiting {
    ticket: u64,
    waker: Option<Waker>,
}

impl fmt::Debug for InMemoryQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.inner.lock();
        f.debug_struct("InMemoryQueue")
            .field("max_concurrency", &self.inner.max_concurrency)
            .field("window", &state.window)
            .field("remaining", &state.remaining)
            .field("waiting", &state.lines.values().map(|line| line.waiting.len()).sum::<usize>())
            .finish()
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

impl InMemoryQueue {
    /// A queue for `max_concurrency` (at least 1) with Discord's window of 5 s and a fresh
    /// budget of 1000 identifies a day.
    pub fn new(max_concurrency: u32) -> Self {
        Self::from_limit(SessionStartLimit::new(1000, 1000, 0, max_concurrency))
    }

    /// A queue from `GET /gateway/bot`'s `session_start_limit`: its concurrency, and what is
    /// left of its budget until it resets.
    pub fn from_limit(limit: SessionStartLimit) -> Self {
        let state = State {
            window: Duration::from_secs(5),
            lines: HashMap::new(),
            next_ticket: 0,
            total: limit.total,
            remaining: limit.remaining.min(limit.total),
            reset_at: Instant::now() + Duration::from_millis(limit.reset_after),
            budget_window: DAY,
        };
        Self {
            inner: Arc::new(Inner {
                max_concurrency: limit.max_concurrency.max(1),
                state: Mutex::new(state),
            }),
        }
    }

    /// The same queue with another window per key, for tests against an emulator whose time
    /// rules are scaled down.
    #[must_use]
    pub fn with_window(self, window: Duration) -> Self {
        self.inner.lock().window = window;
        self
    }

    /// The same queue with another budget window (24 h), for tests.
    #[must_use]
    pub fn with_budget_window(self, budget_window: Duration) -> Self {
        self.inner.lock().budget_window = budget_window;
        self
    }

    /// How many shards may identify at once.
    pub fn max_concurrency(&self) -> u32 {
        self.inner.max_concurrency
    }

    /// The window per rate-limit key.
    pub fn window(&self) -> Duration {
        self.inner.lock().window
    }

    /// Identifies left in the budget before it resets.
    pub fn remaining(&self) -> u32 {
        let mut state = self.inner.lock();
        state.refill(Instant::now());
        state.remaining
    }

    /// How many shards wait in line.
    pub fn waiting(&self) -> usize {
        self.inner.lock().lines.values().map(|line| line.waiting.len()).sum()
    }

    /// Replaces the budget with a fresh `session_start_limit`.
    pub fn update_limit(&self, limit: SessionStartLimit) {
        let mut state = self.inner.lock();
        state.total = limit.total;
        state.remaining = limit.remaining.min(limit.total);
        state.reset_at = Instant::now() + Duration::from_millis(limit.reset_after);
    }
}

impl State {
    fn refill(&mut self, now: Instant) {
        if now >= self.reset_at {
            self.remaining = self.total;
            // Skip whole windows that passed unnoticed.
            while self.reset_at <= now && !self.budget_window.is_zero() {
                self.reset_at += self.budget_window;
            }
        }
    }

    /// Wakes the head of a line after the previous head left it.
    fn wake_head(&mut self, key: u32) {
        if let Some(waker) = self
            .lines
            .get_mut(&key)
            .and_then(|line| line.waiting.front_mut())
            .and_then(|head| head.waker.take())
        {
            waker.wake();
        }
    }
}

impl IdentifyQueue for InMemoryQueue {
    fn enqueue(&self, shard: ShardId) -> IdentifyTurn {
        let key = shard.rate_limit_key(self.inner.max_concurrency);
        let mut state = self.inner.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.lines.entry(key).or_default().waiting.push_back(Waiting { ticket, waker: None });
        drop(state);
        tracing::debug!(shard = %shard, key, "queued to identify");
        Box::pin(Turn { inner: self.inner.clone(), key, ticket, sleep: None, granted: false })
    }
}

/// A place in line.
struct Turn {
    inner: Arc<Inner>,
    key: u32,
    ticket: u64,
    sleep: Option<Pin<Box<Sleep>>>,
    granted: bool,
}

impl Future for Turn {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.granted {
            return Poll::Ready(());
        }
        loop {
            let now = Instant::now();
            let ready_at = {
                let mut state = self.inner.lock();
                state.refill(now);
                let (remaining, reset_at) = (state.remaining, state.reset_at);
                let window = state.window;
                let Some(line) = state.lines.get_mut(&self.key) else {
                    // The line always holds a ticket until it is granted or dropped.
                    return Poll::Pending;
                };
                let position = line.waiting.iter().position(|w| w.ticket == self.ticket);
                match position {
                    Some(0) => {}
                    Some(index) => {
                        if let Some(waiter) = line.waiting.get_mut(index) {
                            waiter.waker = Some(cx.waker().clone());
                        }
                        return Poll::Pending;
                    }
                    None => return Poll::Pending,
                }
                let mut ready_at = line.free_at.unwrap_or(now).max(now);
                if remaining == 0 {
                    ready_at = ready_at.max(reset_at);
                }
                if ready_at <= now {
                    line.waiting.pop_front();
                    line.free_at = Some(now + window);
                    state.remaining = state.remaining.saturating_sub(1);
                    let left = state.remaining;
                    state.wake_head(self.key);
                    drop(state);
                    self.granted = true;
                    self.sleep = None;
                    tracing::debug!(key = self.key, remaining = left, "identify granted");
                    if left == 0 {
                        tracing::warn!(
                            "the daily identify budget is used up; further identifies wait for its reset"
                        );
                    }
                    return Poll::Ready(());
                }
                if let Some(head) = line.waiting.front_mut() {
                    head.waker = Some(cx.waker().clone());
                }
                ready_at
            };
            let sleep =
                self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(ready_at)));
            if sleep.deadline() != ready_at {
                sleep.as_mut().reset(ready_at);
            }
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if self.granted {
            return;
        }
        let mut state = self.inner.lock();
        let Some(line) = state.lines.get_mut(&self.key) else { return };
        let Some(index) = line.waiting.iter().position(|w| w.ticket == self.ticket) else {
            return;
        };
        line.waiting.remove(index);
        if index == 0 {
            state.wake_head(self.key);
        }
    }
}

#[cfg(test)]
mod tests;
