//! [`RedisRatelimiter`]: the REST rate limits of one token, shared by every process of a bot
//! through Redis, with an in-memory fallback while Redis is away.

mod batch;
mod fallback;
mod shared;
mod wake;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use accord_http::ratelimit::{BoxFuture, Permit, RatelimitRequest, Ratelimiter};
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::Notify;
use tokio::task::AbortHandle;

use self::batch::Op;
use self::fallback::{FallbackSlots, Link};
use self::wake::Wakeups;
use crate::error::{Error, ErrorKind};
use crate::keys::KeyPrefix;
use crate::script::Script;

/// The script that runs a batch and asks for a slot.
const ACQUIRE_LUA: &str = concat!(include_str!("lua/common.lua"), include_str!("lua/acquire.lua"));
/// The script that runs a batch alone.
const FLUSH_LUA: &str = concat!(include_str!("lua/common.lua"), include_str!("lua/flush.lua"));

/// Operations kept for Redis while it is away, at most; older ones are dropped (their
/// requests in flight expire on their own).
const PENDING_MAX: usize = 100_000;

/// A rate limiter whose state lives in Redis, shared by every process of a bot that uses the
/// same Redis, key prefix and bot id. Cloning it shares its connection and state.
///
/// It keeps the rules of [`accord_http::ratelimit::InMemoryRatelimiter`] (buckets learned from
/// `X-RateLimit-Bucket`, major parameters, the global limit, 429 scopes, the invalid request
/// count) for all processes at once; see the crate README for the key layout, how waiting
/// works, and what happens while Redis is unreachable.
#[derive(Clone, Debug)]
pub struct RedisRatelimiter {
    inner: Arc<Inner>,
}

/// Configures a [`RedisRatelimiter`].
#[derive(Clone, Debug)]
#[must_use]
pub struct RedisRatelimiterBuilder {
    url: String,
    bot: Id<UserMarker>,
    prefix: String,
    config: Config,
}

#[derive(Clone, Debug)]
struct Config {
    global_limit: Option<u32>,
    global_period: Duration,
    invalid_request_warning: u32,
    timeout: Duration,
    fallback_share: f64,
    retry_interval: Duration,
    /// How long a waiter's place in a queue lasts without being claimed again.
    queue_lease: Duration,
    /// How long a request in flight holds its slots if its completion never comes.
    flight_lease: Duration,
    /// The longest a waiter sleeps before asking again, wake-up or not.
    max_wait: Duration,
    /// How long a plain completion waits for an acquire to carry it.
    flush_delay: Duration,
}

impl RedisRatelimiterBuilder {
    /// The key prefix's name, for several deployments of one bot on one Redis. Default:
    /// `accord`.
    pub fn prefix(mut self, name: impl Into<String>) -> Self {
        self.prefix = name.into();
        self
    }

    /// The global limit per period across all processes; `None` turns it off. Default:
    /// `Some(50)`; large bots get more from Discord.
    pub fn global_limit(mut self, limit: Option<u32>) -> Self {
        self.config.global_limit = limit;
        self
    }

    /// The period of the global limit. Default: one second.
    pub fn global_period(mut self, period: Duration) -> Self {
        self.config.global_period = period;
        self
    }

    /// The count of invalid requests in ten minutes, across all processes, from which a warning
    /// is logged, then every 500 more. Default: 8,000 (Discord restricts the IP at 10,000).
    pub fn invalid_request_warning(mut self, count: u32) -> Self {
        self.config.invalid_request_warning = count;
        self
    }

    /// How long a call to Redis may take before the limiter falls back. Default: 250 ms.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The share of each limit this process takes while Redis is unreachable, between 0 and 1:
    /// `1 / processes` keeps all processes together within the limits. Default: 0.25.
    pub fn fallback_share(mut self, share: f64) -> Self {
        self.config.fallback_share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.25 };
        self
    }

    /// How often an unreachable Redis is tried again. Default: 250 ms.
    pub fn retry_interval(mut self, interval: Duration) -> Self {
        self.config.retry_interval = interval;
        self
    }

    /// Connects, loads the scripts and subscribes to wake-ups.
    ///
    /// Fails when the URL is invalid or Redis cannot be reached now: a process that starts
    /// without its Redis is misconfigured more often than unlucky. Once built, the limiter
    /// survives Redis going away (see the README).
    pub async fn build(self) -> Result<RedisRatelimiter, Error> {
        let client =
            redis::Client::open(self.url.as_str()).map_err(|e| Error::new(ErrorKind::Url, e))?;
        let manager_config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(self.config.timeout))
            .set_connection_timeout(Some(self.config.timeout))
            .set_number_of_retries(1)
            .set_max_delay(self.config.retry_interval);
        let mut connection = tokio::time::timeout(
            self.config.timeout * 4,
            ConnectionManager::new_with_config(client.clone(), manager_config),
        )
        .await
        .map_err(|_| Error::timeout())??;
        let acquire = Script::new(ACQUIRE_LUA);
        let flush = Script::new(FLUSH_LUA);
        acquire.load(&mut connection).await?;
        flush.load(&mut connection).await?;

        let prefix = KeyPrefix::new(&self.prefix, self.bot);
        let process = process_id();
        let wakeups = Arc::new(Wakeups::new(process.clone()));
        let listener = tokio::spawn(wake::listen(
            client,
            prefix.key("wake"),
            Arc::downgrade(&wakeups),
            self.config.retry_interval,
        ));
        let inner = Arc::new(Inner {
            route_key: prefix.key("seq"),
            prefix,
            connection,
            acquire,
            flush,
            process,
            next_ticket: AtomicU64::new(0),
            pending: Mutex::new(Vec::new()),
            flush_wanted: Arc::new(Notify::new()),
            urgent: AtomicBool::new(false),
            rejoined: Notify::new(),
            switch_at: Mutex::new(None),
            wakeups,
            link: Mutex::new(Link::Shared { retired: None }),
            fallback_slots: Mutex::new(HashMap::new()),
            known: Mutex::new(HashMap::new()),
            tasks: Mutex::new(vec![listener.abort_handle()]),
            config: self.config,
        });
        let flusher = tokio::spawn(shared::flusher(Arc::downgrade(&inner)));
        inner.lock_tasks().push(flusher.abort_handle());
        Ok(RedisRatelimiter { inner })
    }
}

impl RedisRatelimiter {
    /// Configures a limiter on the Redis at `url` (`redis://127.0.0.1:6379/0`) for the bot with
    /// user id `bot`.
    pub fn builder(url: impl Into<String>, bot: Id<UserMarker>) -> RedisRatelimiterBuilder {
        RedisRatelimiterBuilder {
            url: url.into(),
            bot,
            prefix: "accord".to_owned(),
            config: Config {
                global_limit: Some(50),
                global_period: Duration::from_secs(1),
                invalid_request_warning: 8_000,
                timeout: Duration::from_millis(250),
                fallback_share: 0.25,
                retry_interval: Duration::from_millis(250),
                queue_lease: Duration::from_secs(5),
                flight_lease: Duration::from_secs(30),
                max_wait: Duration::from_secs(1),
                flush_delay: Duration::from_millis(1),
            },
        }
    }

    /// The prefix of every key this limiter uses.
    pub fn prefix(&self) -> &KeyPrefix {
        &self.inner.prefix
    }

    /// Whether the limiter works through Redis now (`false` while it falls back).
    pub fn is_shared(&self) -> bool {
        matches!(*self.inner.lock_link(), Link::Shared { .. })
    }

    /// Sends what this process still owes Redis (completions held back for the next acquire)
    /// now; for a clean shutdown.
    pub async fn flush(&self) -> Result<(), Error> {
        self.inner.flush_now().await
    }
}

impl Ratelimiter for RedisRatelimiter {
    fn acquire<'a>(
        &'a self,
        request: &'a RatelimitRequest,
    ) -> BoxFuture<'a, Result<Permit, accord_http::BoxError>> {
        Box::pin(self.inner.acquire(request))
    }
}

/// What the limiter last heard from Redis of a bucket, for the fallback.
#[derive(Clone, Copy, Debug)]
struct Known {
    /// Whether the bucket has a known limit.
    limited: bool,
    /// When its window ends, by the local clock.
    reset_at: Option<tokio::time::Instant>,
}

#[derive(Debug)]
struct Inner {
    prefix: KeyPrefix,
    /// The key that routes script calls to the bot's cluster slot.
    route_key: String,
    connection: ConnectionManager,
    acquire: Script,
    flush: Script,
    config: Config,
    /// Starts every ticket of this process.
    process: String,
    next_ticket: AtomicU64,
    /// Completions and departures not sent yet.
    pending: Mutex<Vec<Op>>,
    flush_wanted: Arc<Notify>,
    urgent: AtomicBool,
    /// Notified when the limiter shares again after an outage.
    rejoined: Notify,
    /// When every process shares again, once Redis answers after an outage.
    switch_at: Mutex<Option<tokio::time::Instant>>,
    wakeups: Arc<Wakeups>,
    link: Mutex<Link>,
    known: Mutex<HashMap<(String, String), Known>>,
    fallback_slots: Mutex<FallbackSlots>,
    tasks: Mutex<Vec<AbortHandle>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        for task in self.lock_tasks().drain(..) {
            task.abort();
        }
    }
}

/// Locks a mutex whose data stays consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Inner {
    fn lock_tasks(&self) -> MutexGuard<'_, Vec<AbortHandle>> {
        lock(&self.tasks)
    }

    fn lock_link(&self) -> MutexGuard<'_, Link> {
        lock(&self.link)
    }

    fn ticket(&self) -> String {
        let n = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        format!("{}{n}", self.process)
    }

    /// Queues an operation for Redis; `urgent` ones are sent at once.
    fn owe(&self, op: Op) {
        let urgent = op.is_urgent();
        {
            let mut pending = lock(&self.pending);
            if pending.len() >= PENDING_MAX {
                pending.remove(0);
            }
            pending.push(op);
        }
        if urgent {
            self.urgent.store(true, Ordering::Relaxed);
        }
        self.flush_wanted.notify_one();
    }

    fn take_pending(&self) -> Vec<Op> {
        std::mem::take(&mut *lock(&self.pending))
    }

    /// Puts back operations a failed call did not deliver, before any owed since.
    fn restore_pending(&self, mut ops: Vec<Op>) {
        if ops.is_empty() {
            return;
        }
        let mut pending = lock(&self.pending);
        ops.append(&mut pending);
        let excess = ops.len().saturating_sub(PENDING_MAX);
        ops.drain(..excess);
        *pending = ops;
    }
}

/// An id for this process, unique enough among the processes of one bot: the pid and the
/// start time.
fn process_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    format!("{:x}.{nanos:x}-", std::process::id())
}
