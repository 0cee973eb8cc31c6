//! [`RedisIdentifyQueue`]: the identify queue of one bot shared by every process through Redis:
//! one IDENTIFY per bucket per window, in enqueue order, within the daily budget.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_gateway::{IdentifyQueue, IdentifyTurn};
use accord_model::gateway::{SessionStartLimit, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use futures_util::StreamExt;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

use crate::error::{Error, ErrorKind};
use crate::keys::KeyPrefix;
use crate::script::Script;

/// The script behind every decision of the queue.
const IDENTIFY_LUA: &str = include_str!("lua/identify.lua");

/// Discord's window per bucket.
const WINDOW: Duration = Duration::from_secs(5);

/// The shortest wait before asking an unreachable Redis again.
const REDIS_RETRY_MIN: Duration = Duration::from_millis(100);

/// The length of a day of the identify budget.
const BUDGET_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// An [`IdentifyQueue`] whose state lives in Redis, shared by every process of a bot that uses
/// the same Redis, key prefix and bot id. Cloning it shares its connection.
///
/// - **One IDENTIFY per bucket per window.** A turn is a key that expires after the window
///   (5 s); a shard identifies only when its bucket (`shard % max_concurrency`) holds none.
/// - **Enqueue order.** [`IdentifyQueue::enqueue`] fixes a shard's place by the time it was
///   called; its ticket joins its bucket's line when the shard first waits for its turn.
/// - **The daily budget** of `session_start_limit` is counted in Redis; when it is spent, waiters
///   sleep until its reset, with a `tracing` warning.
/// - **Dead processes.** A waiter renews its place (a lease of one window) each time it asks,
///   at least twice per window; a process that dies stops renewing, so its place lapses within
///   one window and its last turn expires with the window.
/// - **Quiet waiting.** A waiter sleeps until the time the script gives (its turn's estimate,
///   at most half a window), or until a wake-up on the `P:iw` channel says its line moved.
///
/// While Redis is unreachable nobody identifies: waiters retry every half window (at least
/// 100 ms), with a warning. An identify refused by Discord costs a reconnect; one over the
/// limit can cost the token.
#[derive(Clone, Debug)]
pub struct RedisIdentifyQueue {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    connection: ConnectionManager,
    script: Script,
    prefix: KeyPrefix,
    max_concurrency: u32,
    window: Duration,
    budget_window: Duration,
    /// Tickets of this process start with it.
    process: String,
    next_ticket: AtomicU64,
    wakeups: Arc<Wakeups>,
    listener: AbortHandle,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

/// Configures a [`RedisIdentifyQueue`].
#[derive(Clone, Debug)]
#[must_use]
pub struct RedisIdentifyQueueBuilder {
    url: String,
    bot: Id<UserMarker>,
    limit: SessionStartLimit,
    prefix: String,
    window: Duration,
    budget_window: Duration,
    timeout: Duration,
}

impl RedisIdentifyQueueBuilder {
    /// The key prefix's name, the same as the rate limiter's. Default: `accord`.
    pub fn prefix(mut self, name: impl Into<String>) -> Self {
        self.prefix = name.into();
        self
    }

    /// The window per bucket (Discord: 5 s); change it only to match an emulator whose time
    /// rules are scaled down, or to keep a margin.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window.max(Duration::from_millis(1));
        self
    }

    /// The length of the budget's day (24 h), for tests.
    pub fn budget_window(mut self, window: Duration) -> Self {
        self.budget_window = window;
        self
    }

    /// How long a call to Redis may take. Default: one second.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connects, loads the script, merges the budget into Redis's and subscribes to wake-ups.
    pub async fn build(self) -> Result<RedisIdentifyQueue, Error> {
        let client =
            redis::Client::open(self.url.as_str()).map_err(|e| Error::new(ErrorKind::Url, e))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(self.timeout))
            .set_connection_timeout(Some(self.timeout));
        let mut connection = tokio::time::timeout(
            self.timeout * 4,
            ConnectionManager::new_with_config(client.clone(), config),
        )
        .await
        .map_err(|_| Error::timeout())??;
        let script = Script::new(IDENTIFY_LUA);
        script.load(&mut connection).await?;
        let prefix = KeyPrefix::new(&self.prefix, self.bot);
        let wakeups = Arc::new(Wakeups::default());
        let listener = tokio::spawn(listen(
            client,
            prefix.key("iw"),
            Arc::downgrade(&wakeups),
            self.window / 2,
        ))
        .abort_handle();
        let started = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let queue = RedisIdentifyQueue {
            inner: Arc::new(Inner {
                connection,
                script,
                prefix,
                max_concurrency: self.limit.max_concurrency.max(1),
                window: self.window,
                budget_window: self.budget_window,
                process: format!("{}.{}", std::process::id(), started.as_micros()),
                next_ticket: AtomicU64::new(0),
                wakeups,
                listener,
            }),
        };
        queue.update_limit(self.limit).await?;
        Ok(queue)
    }
}

/// What the script answered an acquire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Granted { remaining: Option<u32> },
    Wait { wait: Duration, budget: bool },
}

impl RedisIdentifyQueue {
    /// A builder for the bot `bot` (its user id, part of every key) with the
    /// `session_start_limit` of `GET /gateway/bot`.
    pub fn builder(
        url: impl Into<String>,
        bot: Id<UserMarker>,
        limit: SessionStartLimit,
    ) -> RedisIdentifyQueueBuilder {
        RedisIdentifyQueueBuilder {
            url: url.into(),
            bot,
            limit,
            prefix: "accord".to_owned(),
            window: WINDOW,
            budget_window: BUDGET_WINDOW,
            timeout: Duration::from_secs(1),
        }
    }

    /// How many buckets identify at once.
    pub fn max_concurrency(&self) -> u32 {
        self.inner.max_concurrency
    }

    /// The window per bucket.
    pub fn window(&self) -> Duration {
        self.inner.window
    }

    /// Merges a fresh `session_start_limit` into the budget in Redis: it replaces a budget of
    /// an earlier day; within the same day the lower `remaining` wins, since other processes
    /// may have identified since Discord answered. Returns the remaining count.
    pub async fn update_limit(&self, limit: SessionStartLimit) -> Result<u32, Error> {
        let inner = &self.inner;
        let mut command = inner.script.command(&inner.prefix.key("ib"));
        command
            .arg(inner.prefix.as_str())
            .arg("limit")
            .arg(limit.total)
            .arg(limit.remaining.min(limit.total))
            .arg(limit.reset_after)
            .arg(millis(inner.budget_window));
        let (remaining, _reset_in): (i64, i64) =
            inner.script.call(&command, &mut inner.connection.clone()).await?;
        u32::try_from(remaining.max(0)).map_err(|e| Error::new(ErrorKind::Reply, e))
    }

    /// One acquire: whether `ticket` may identify now, or how long to wait.
    async fn acquire(&self, bucket: u32, ticket: &str, score: u64) -> Result<Answer, Error> {
        let inner = &self.inner;
        let mut command = inner.script.command(&inner.prefix.key("ib"));
        command
            .arg(inner.prefix.as_str())
            .arg("acquire")
            .arg(bucket)
            .arg(ticket)
            .arg(score)
            .arg(millis(inner.window))
            .arg(millis(inner.window))
            .arg(millis(inner.window / 2).max(1));
        let (status, wait, remaining, _reset_in): (i64, u64, i64, i64) =
            inner.script.call(&command, &mut inner.connection.clone()).await?;
        let wait = Duration::from_millis(wait);
        match status {
            1 => Ok(Answer::Granted { remaining: u32::try_from(remaining).ok() }),
            0 | 2 => Ok(Answer::Wait { wait, budget: false }),
            3 => Ok(Answer::Wait { wait, budget: true }),
            other => Err(Error::new(ErrorKind::Reply, format!("unknown identify status {other}"))),
        }
    }

    /// Leaves the line (a turn given up before it came).
    async fn leave(&self, bucket: u32, ticket: &str) -> Result<(), Error> {
        let inner = &self.inner;
        let mut command = inner.script.command(&inner.prefix.key("ib"));
        command.arg(inner.prefix.as_str()).arg("leave").arg(bucket).arg(ticket);
        let _: i64 = inner.script.call(&command, &mut inner.connection.clone()).await?;
        Ok(())
    }

    /// Waits for `ticket`'s turn.
    async fn wait_turn(self, shard: ShardId, bucket: u32, ticket: String, score: u64) {
        let notify = self.inner.wakeups.bucket(bucket);
        let mut warned = false;
        loop {
            // Listening before asking: a wake-up between the answer and the sleep is not lost.
            let notified = notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait = match self.acquire(bucket, &ticket, score).await {
                Ok(Answer::Granted { remaining }) => {
                    tracing::debug!(%shard, bucket, ?remaining, "identify granted");
                    return;
                }
                Ok(Answer::Wait { wait, budget }) => {
                    if budget && !warned {
                        warned = true;
                        tracing::warn!(
                            %shard,
                            ?wait,
                            "the daily identify budget is used up; waiting for its reset"
                        );
                    }
                    wait
                }
                Err(error) => {
                    tracing::warn!(%shard, %error, "the identify queue cannot reach redis; waiting");
                    (self.inner.window / 2).max(REDIS_RETRY_MIN)
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = &mut notified => {}
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl IdentifyQueue for RedisIdentifyQueue {
    fn enqueue(&self, shard: ShardId) -> IdentifyTurn {
        let bucket = shard.rate_limit_key(self.inner.max_concurrency);
        let number = self.inner.next_ticket.fetch_add(1, Ordering::Relaxed);
        let ticket = format!("{}-{number}", self.inner.process);
        // Microseconds since the epoch: the place in line, fixed now (exact in a double).
        let score = u64::try_from(
            SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_micros(),
        )
        .unwrap_or(u64::MAX);
        tracing::debug!(%shard, bucket, %ticket, "queued to identify");
        let guard = LeaveOnDrop { queue: Some(self.clone()), bucket, ticket: ticket.clone() };
        let queue = self.clone();
        Box::pin(async move {
            let mut guard = guard;
            queue.wait_turn(shard, bucket, ticket, score).await;
            guard.queue = None;
        })
    }
}

/// Takes a ticket out of its line when its turn is dropped before it came (in a task, when a
/// tokio runtime runs; otherwise its lease lapses).
struct LeaveOnDrop {
    queue: Option<RedisIdentifyQueue>,
    bucket: u32,
    ticket: String,
}

impl Drop for LeaveOnDrop {
    fn drop(&mut self) {
        let Some(queue) = self.queue.take() else { return };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let (bucket, ticket) = (self.bucket, std::mem::take(&mut self.ticket));
        runtime.spawn(async move {
            if let Err(error) = queue.leave(bucket, &ticket).await {
                tracing::debug!(%error, "could not leave the identify queue; the lease lapses");
            }
        });
    }
}

/// The waiters of this process, woken by bucket.
#[derive(Debug, Default)]
struct Wakeups {
    buckets: Mutex<HashMap<u32, Arc<Notify>>>,
}

impl Wakeups {
    fn bucket(&self, bucket: u32) -> Arc<Notify> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        buckets.entry(bucket).or_default().clone()
    }

    fn deliver(&self, payload: &str) {
        let Ok(bucket) = payload.parse::<u32>() else {
            tracing::debug!(payload, "unreadable identify wake-up");
            return;
        };
        let buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(notify) = buckets.get(&bucket) {
            notify.notify_waiters();
        }
    }
}

/// Subscribes to `channel` and wakes the waiters of the buckets named, subscribing again after
/// `retry` when the connection breaks, until the queue is gone.
async fn listen(client: redis::Client, channel: String, wakeups: Weak<Wakeups>, retry: Duration) {
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    let mut messages = pubsub.into_on_message();
                    while let Some(message) = messages.next().await {
                        let Some(wakeups) = wakeups.upgrade() else { return };
                        match message.get_payload::<String>() {
                            Ok(payload) => wakeups.deliver(&payload),
                            Err(error) => tracing::debug!(%error, "unreadable identify wake-up"),
                        }
                    }
                }
                Err(error) => tracing::debug!(%error, "could not subscribe to identify wake-ups"),
            },
            Err(error) => tracing::debug!(%error, "could not connect for identify wake-ups"),
        }
        if wakeups.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(retry).await;
    }
}

#[cfg(test)]
mod tests {
    use super::Wakeups;

    #[tokio::test]
    async fn a_wake_up_names_a_bucket_and_wakes_only_its_waiters() {
        let wakeups = Wakeups::default();
        let (two, three) = (wakeups.bucket(2), wakeups.bucket(3));
        let (woken, other) = (two.notified(), three.notified());
        tokio::pin!(woken, other);
        woken.as_mut().enable();
        other.as_mut().enable();
        wakeups.deliver("2");
        wakeups.deliver("not a bucket");
        woken.await;
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(20), other).await.is_err(),
            "a waiter of another bucket was woken"
        );
    }
}
