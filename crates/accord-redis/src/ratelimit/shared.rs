//! The path through Redis: one script call per request when nothing waits, completions carried
//! by the next call, waiters asleep until their slot or their wake-up.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use accord_http::BoxError;
use accord_http::ratelimit::{Outcome, Permit, PermitSink, RatelimitRequest};
use accord_http::routing::Major;

use super::batch::{Held, Op, Place, Reservation, millis_up};
use super::fallback::Link;
use super::{Inner, Known, lock};
use crate::error::{Error, ErrorKind};

/// What `acquire.lua` answers: status, wait, bucket, reservation, generation, counted, limit,
/// reset in, remaining, warning, epoch.
type Reply = (i64, u64, String, String, i64, i64, i64, i64, i64, i64, String);

/// Granted.
const GRANTED: i64 = 1;
/// Waiting for the bucket.
const WAIT_BUCKET: i64 = 0;
/// The bucket is held; waiting for the global limit.
const WAIT_GLOBAL: i64 = 2;

/// The major parameter as keys name it: `c<id>`, `g<id>`, `w<id>[:<token hash>]`, `i<id>`.
pub(super) fn major_key(major: Option<Major>) -> String {
    match major {
        None => String::new(),
        Some(Major::Channel(id)) => format!("c{id}"),
        Some(Major::Guild(id)) => format!("g{id}"),
        Some(Major::Webhook { id, token_hash: Some(hash) }) => format!("w{id}:{hash:x}"),
        Some(Major::Webhook { id, token_hash: None }) => format!("w{id}"),
        Some(Major::Interaction(id)) => format!("i{id}"),
        Some(other) => format!("{other:?}"),
    }
}

/// Hands back what a waiter held when it stops waiting: its place in a queue, and a bucket
/// slot taken before the global limit let it through.
struct Waiting<'a> {
    inner: &'a Inner,
    place: Place,
    queued: Option<bool>,
    held: Option<Held>,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.inner.wakeups.unregister(&self.place.ticket);
        if let Some(global) = self.queued.take() {
            self.inner.owe(Op::Leave { place: self.place.clone(), global });
        }
        if let Some(held) = self.held.take() {
            self.inner.owe(Op::complete(held, &Outcome::NotSent));
        }
    }
}

/// Where a permit granted through Redis reports.
struct RedisSink {
    inner: Weak<Inner>,
    held: Held,
}

impl PermitSink for RedisSink {
    fn complete(self: Box<Self>, outcome: Outcome<'_>) {
        if let Some(inner) = self.inner.upgrade() {
            inner.owe(Op::complete(self.held, &outcome));
        }
    }
}

impl Inner {
    pub(super) async fn acquire(
        self: &Arc<Self>,
        request: &RatelimitRequest,
    ) -> Result<Permit, BoxError> {
        loop {
            // Armed before the link is read: a switch back to Redis in between is not missed.
            let rejoined = self.rejoined.notified();
            tokio::pin!(rejoined);
            rejoined.as_mut().enable();
            let link = match &*self.lock_link() {
                Link::Fallback { since, limiter } => Err((*since, limiter.clone())),
                Link::Shared { retired } => Ok(retired.clone()),
            };
            let retired = match link {
                Ok(retired) => retired,
                Err((since, limiter)) => {
                    // Waiting in the fallback ends when Redis is back: the request asks Redis.
                    tokio::select! {
                        permit = self.acquire_fallback(since, &limiter, request) => {
                            if let Some(permit) = permit? {
                                return Ok(permit);
                            }
                            // Past the moment every process switches back.
                            rejoined.as_mut().await;
                            continue;
                        }
                        () = rejoined.as_mut() => continue,
                    }
                }
            };
            if let Some(retired) = retired {
                // The fallback used this bucket while Redis was away: Redis does not know of
                // its window, so let it end first.
                let snapshot = retired.bucket(request.method, &request.template, request.major);
                if let Some(wait) = snapshot.and_then(|bucket| bucket.reset_after) {
                    tokio::time::sleep(wait).await;
                }
            }
            let place = Place {
                ticket: self.ticket(),
                route: format!("{} {}", request.method.as_str(), request.template),
                major: major_key(request.major),
            };
            match self.acquire_shared(request, place).await {
                Ok(permit) => return Ok(permit),
                // The next turn of the loop waits in the fallback.
                Err(error) => self.enter_fallback(&error),
            }
        }
    }

    async fn acquire_shared(
        self: &Arc<Self>,
        request: &RatelimitRequest,
        place: Place,
    ) -> Result<Permit, Error> {
        let config = &self.config;
        let mut waiting = Waiting { inner: self, place, queued: None, held: None };
        loop {
            let phase = if waiting.held.is_some() { "g" } else { "b" };
            let mut command = self.acquire.command(&self.route_key);
            command
                .arg(self.prefix.as_str())
                .arg(&waiting.place.ticket)
                .arg(&waiting.place.route)
                .arg(&waiting.place.major)
                .arg(if request.global_exempt { "0" } else { "1" })
                .arg(phase)
                .arg(config.global_limit.map(|limit| limit.to_string()).unwrap_or_default())
                .arg(millis_up(config.global_period))
                .arg(millis_up(config.queue_lease))
                .arg(millis_up(config.flight_lease))
                .arg(config.invalid_request_warning)
                .arg(millis_up(config.max_wait));
            let batch = self.take_pending();
            for op in &batch {
                op.push(&mut command);
            }
            let mut connection = self.connection.clone();
            let call = self.acquire.call::<Reply>(&command, &mut connection);
            let reply = match tokio::time::timeout(config.timeout, call).await {
                Ok(Ok(reply)) => reply,
                Ok(Err(error)) => {
                    self.restore_pending(batch);
                    return Err(error.into());
                }
                Err(_) => {
                    self.restore_pending(batch);
                    return Err(Error::timeout());
                }
            };
            let (status, wait_ms, _, kind, generation, counted, limit, reset_in, _, warning, epoch) =
                reply;
            self.remember(&waiting.place, limit > 0 && kind != "f", reset_in);
            warn_invalid(warning);
            match status {
                GRANTED => {
                    let held = match waiting.held.take() {
                        Some(held) => held,
                        None => held_from(&waiting.place, &kind, generation, epoch)?,
                    };
                    waiting.queued = None;
                    let held = Held { counted: counted == 1, ..held };
                    return Ok(Permit::new(RedisSink { inner: Arc::downgrade(self), held }));
                }
                WAIT_GLOBAL => {
                    if waiting.held.is_none() {
                        waiting.held = Some(held_from(&waiting.place, &kind, generation, epoch)?);
                    }
                    waiting.queued = Some(true);
                }
                WAIT_BUCKET => waiting.queued = Some(false),
                other => {
                    return Err(Error::new(ErrorKind::Reply, format!("unknown status {other}")));
                }
            }
            let notify = self.wakeups.register(&waiting.place.ticket);
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(wait_ms)) => {}
                () = notify.notified() => {}
            }
        }
    }

    /// Keeps what Redis said of a bucket, for the fallback.
    fn remember(&self, place: &Place, limited: bool, reset_in: i64) {
        let reset_at = u64::try_from(reset_in)
            .ok()
            .map(|millis| tokio::time::Instant::now() + Duration::from_millis(millis));
        lock(&self.known)
            .insert((place.route.clone(), place.major.clone()), Known { limited, reset_at });
    }

    /// Sends the pending batch on its own.
    pub(super) async fn flush_now(&self) -> Result<(), Error> {
        let batch = self.take_pending();
        if batch.is_empty() {
            return Ok(());
        }
        let mut command = self.flush.command(&self.route_key);
        command
            .arg(self.prefix.as_str())
            .arg(millis_up(self.config.global_period))
            .arg(self.config.invalid_request_warning);
        for op in &batch {
            op.push(&mut command);
        }
        let mut connection = self.connection.clone();
        let call = self.flush.call::<(i64,)>(&command, &mut connection);
        match tokio::time::timeout(self.config.timeout, call).await {
            Ok(Ok((warning,))) => {
                warn_invalid(warning);
                Ok(())
            }
            Ok(Err(error)) => {
                self.restore_pending(batch);
                Err(error.into())
            }
            Err(_) => {
                self.restore_pending(batch);
                Err(Error::timeout())
            }
        }
    }
}

fn held_from(place: &Place, kind: &str, generation: i64, epoch: String) -> Result<Held, Error> {
    let reservation = Reservation::parse(kind)
        .ok_or_else(|| Error::new(ErrorKind::Reply, format!("unknown reservation {kind:?}")))?;
    Ok(Held { place: place.clone(), reservation, generation, counted: false, epoch })
}

fn warn_invalid(count: i64) {
    if count > 0 {
        tracing::warn!(
            invalid_requests = count,
            "{count} invalid requests (401, 403, 429) in the last 10 minutes across all \
             processes; discord restricts the IP at 10,000"
        );
    }
}

/// Sends completions no acquire carried: at once for urgent ones, after the flush delay for
/// the rest. Ends with the limiter.
pub(super) async fn flusher(inner: Weak<Inner>) {
    let Some(wanted) = inner.upgrade().map(|inner| inner.flush_wanted.clone()) else { return };
    loop {
        wanted.notified().await;
        let delay = {
            let Some(inner) = inner.upgrade() else { return };
            (!inner.urgent.swap(false, Ordering::Relaxed)).then_some(inner.config.flush_delay)
        };
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let Some(inner) = inner.upgrade() else { return };
        if !matches!(*inner.lock_link(), Link::Shared { .. }) {
            continue;
        }
        if let Err(error) = inner.flush_now().await {
            inner.enter_fallback(&error);
        }
    }
}
