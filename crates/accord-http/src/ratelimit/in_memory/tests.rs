//! The limiter against a scripted Discord, on tokio's paused clock: every wait is exact.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::InMemoryRatelimiter;
use crate::ratelimit::{
    Outcome, Permit, RatelimitHeaders, RatelimitRequest, RatelimitScope, Ratelimiter,
};
use crate::routing::{Major, Method};

const MESSAGES: &str = "/channels/{channel_id}/messages";
const REACTIONS: &str = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me";

fn request(template: &'static str, channel: u64) -> RatelimitRequest {
    RatelimitRequest::new(Method::Post, template, Some(Major::Channel(channel)), false)
}

fn limited(bucket: &str, limit: u32, remaining: u32, reset_after_ms: u64) -> RatelimitHeaders {
    RatelimitHeaders {
        bucket: Some(bucket.to_owned()),
        limit: Some(limit),
        remaining: Some(remaining),
        reset_after: Some(Duration::from_millis(reset_after_ms)),
        ..RatelimitHeaders::default()
    }
}

fn ok(permit: Permit, headers: &RatelimitHeaders) {
    permit.complete(Outcome::Response { status: 200, headers });
}

fn too_many(permit: Permit, scope: Option<RatelimitScope>, global: bool, retry_ms: u64) {
    let headers = RatelimitHeaders {
        retry_after: Some(Duration::from_millis(retry_ms)),
        scope,
        global,
        ..RatelimitHeaders::default()
    };
    permit.complete(Outcome::Response { status: 429, headers: &headers });
}

async fn acquire(limiter: &InMemoryRatelimiter, request: &RatelimitRequest) -> Permit {
    limiter.acquire(request).await.expect("the in-memory limiter does not fail")
}

/// Whether `acquire` completes without time passing.
async fn ready_now(limiter: &InMemoryRatelimiter, request: &RatelimitRequest) -> Option<Permit> {
    let start = Instant::now();
    let permit = acquire(limiter, request).await;
    (start.elapsed() == Duration::ZERO).then_some(permit)
}

fn no_global() -> InMemoryRatelimiter {
    InMemoryRatelimiter::builder().global_limit(None).build()
}

#[tokio::test(start_paused = true)]
async fn learns_the_bucket_from_headers() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    let permit = acquire(&limiter, &channel).await;
    ok(permit, &limited("abc", 5, 4, 1000));
    let bucket = limiter.bucket(Method::Post, MESSAGES, Some(Major::Channel(1))).unwrap();
    assert_eq!(bucket.hash.as_deref(), Some("abc"));
    assert_eq!(bucket.limit, Some(5));
    assert_eq!(bucket.remaining, 4);
    assert_eq!(bucket.reset_after, Some(Duration::from_secs(1)));
}

#[tokio::test(start_paused = true)]
async fn the_first_request_to_an_unknown_bucket_goes_alone() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    let probe = acquire(&limiter, &channel).await;
    let limiter2 = limiter.clone();
    let waiting = tokio::spawn(async move {
        let permits: Vec<Permit> = futures_join(&limiter2, &request(MESSAGES, 1), 3).await;
        permits.len()
    });
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(!waiting.is_finished(), "requests went out before the probe's headers came back");
    assert_eq!(limiter.bucket(Method::Post, MESSAGES, Some(Major::Channel(1))).unwrap().queued, 3);
    ok(probe, &limited("abc", 5, 4, 1000));
    assert_eq!(waiting.await.unwrap(), 3);
}

/// Acquires `n` permits concurrently, in order.
async fn futures_join(
    limiter: &InMemoryRatelimiter,
    request: &RatelimitRequest,
    n: usize,
) -> Vec<Permit> {
    let mut handles = Vec::new();
    for _ in 0..n {
        let limiter = limiter.clone();
        let request = request.clone();
        handles.push(tokio::spawn(async move { acquire(&limiter, &request).await }));
        tokio::task::yield_now().await;
    }
    let mut permits = Vec::new();
    for handle in handles {
        permits.push(handle.await.unwrap());
    }
    permits
}

#[tokio::test(start_paused = true)]
async fn an_empty_bucket_waits_until_reset() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    ok(acquire(&limiter, &channel).await, &limited("abc", 2, 1, 2000));
    let second = ready_now(&limiter, &channel).await.expect("one slot was left");
    ok(second, &limited("abc", 2, 0, 1500));
    let start = Instant::now();
    let third = acquire(&limiter, &channel).await;
    assert_eq!(start.elapsed(), Duration::from_secs(2), "did not wait for the later reset");
    drop(third);
}

#[tokio::test(start_paused = true)]
async fn waiters_wake_in_order_one_slot_at_a_time() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    ok(acquire(&limiter, &channel).await, &limited("abc", 1, 0, 1000));
    let start = Instant::now();
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut handles = Vec::new();
    for index in 0..5_u64 {
        let (limiter, channel, log) = (limiter.clone(), channel.clone(), log.clone());
        handles.push(tokio::spawn(async move {
            let permit = acquire(&limiter, &channel).await;
            log.lock().unwrap().push((index, start.elapsed().as_millis()));
            // Hold the slot a little, as a real request would, then report a full window.
            tokio::time::sleep(Duration::from_millis(10)).await;
            ok(permit, &limited("abc", 1, 0, 990));
        }));
        tokio::task::yield_now().await;
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let log = log.lock().unwrap().clone();
    assert_eq!(log, [(0, 1000), (1, 2000), (2, 3000), (3, 4000), (4, 5000)]);
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_waiter_does_not_block_the_queue() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    ok(acquire(&limiter, &channel).await, &limited("abc", 1, 0, 1000));
    let first = {
        let (limiter, channel) = (limiter.clone(), channel.clone());
        tokio::spawn(async move { acquire(&limiter, &channel).await })
    };
    tokio::task::yield_now().await;
    first.abort();
    let start = Instant::now();
    let _second = acquire(&limiter, &channel).await;
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn routes_sharing_a_bucket_share_its_slots() {
    let limiter = no_global();
    let messages = request(MESSAGES, 1);
    let reactions = request(REACTIONS, 1);
    ok(acquire(&limiter, &messages).await, &limited("shared", 3, 2, 1000));
    // The other route's first response names the same bucket: from now on they are one.
    ok(acquire(&limiter, &reactions).await, &limited("shared", 3, 1, 1000));
    let snapshot = limiter.bucket(Method::Post, REACTIONS, Some(Major::Channel(1))).unwrap();
    assert_eq!(snapshot.hash.as_deref(), Some("shared"));
    assert_eq!(snapshot.remaining, 1);
    let last = ready_now(&limiter, &messages).await.expect("one slot was left");
    ok(last, &limited("shared", 3, 0, 900));
    let start = Instant::now();
    let _next = acquire(&limiter, &reactions).await;
    assert_eq!(start.elapsed(), Duration::from_secs(1), "the shared slot was used twice");
}

#[tokio::test(start_paused = true)]
async fn other_majors_of_a_route_do_not_wait() {
    let limiter = no_global();
    ok(acquire(&limiter, &request(MESSAGES, 1)).await, &limited("abc", 1, 0, 5000));
    assert!(ready_now(&limiter, &request(MESSAGES, 2)).await.is_some());
}

#[tokio::test(start_paused = true)]
async fn the_global_limit_spreads_requests_over_periods() {
    let limiter = InMemoryRatelimiter::builder().global_limit(Some(3)).build();
    let start = Instant::now();
    let mut times = Vec::new();
    for channel in 0..7 {
        let permit = acquire(&limiter, &request(MESSAGES, channel)).await;
        times.push(start.elapsed().as_millis());
        ok(permit, &RatelimitHeaders::default());
    }
    assert_eq!(times, [0, 0, 0, 1000, 1000, 1000, 2000]);
    // Interaction callbacks and followups are outside it.
    let exempt = RatelimitRequest::new(
        Method::Post,
        "/interactions/{interaction_id}/{interaction_token}/callback",
        Some(Major::Interaction(9)),
        true,
    );
    let before = Instant::now();
    for _ in 0..10 {
        drop(acquire(&limiter, &exempt).await);
    }
    assert_eq!(before.elapsed(), Duration::ZERO);
}

/// Found against the emulator: requests let through at once reached it spread over the time
/// their connections took to open, and the next period's requests, sent over warm
/// connections, arrived within its window. A slot is now held until a period after the
/// response, the latest moment the request can have arrived.
#[tokio::test(start_paused = true)]
async fn a_global_slot_is_held_until_a_period_after_the_response() {
    let limiter = InMemoryRatelimiter::builder().global_limit(Some(2)).build();
    let slow = acquire(&limiter, &request(MESSAGES, 1)).await;
    let fast = acquire(&limiter, &request(MESSAGES, 2)).await;
    ok(fast, &RatelimitHeaders::default());
    tokio::time::sleep(Duration::from_millis(300)).await;
    ok(slow, &RatelimitHeaders::default());
    let start = Instant::now();
    let third = acquire(&limiter, &request(MESSAGES, 3)).await;
    assert_eq!(start.elapsed(), Duration::from_millis(700), "the fast one's slot frees first");
    let fourth = acquire(&limiter, &request(MESSAGES, 4)).await;
    assert_eq!(start.elapsed(), Duration::from_secs(1), "the slow one held its slot");
    // A permit handed back unsent frees its slot at once.
    third.complete(Outcome::NotSent);
    assert!(ready_now(&limiter, &request(MESSAGES, 5)).await.is_some());
    drop(fourth);
}

#[tokio::test(start_paused = true)]
async fn a_caller_that_stops_waiting_for_the_global_limit_leaks_no_slot() {
    let limiter = InMemoryRatelimiter::builder().global_limit(Some(1)).build();
    let first = acquire(&limiter, &request(MESSAGES, 1)).await;
    let second = request(MESSAGES, 2);
    let mut waiting = Box::pin(acquire(&limiter, &second));
    let wait = Duration::from_millis(10);
    assert!(tokio::time::timeout(wait, &mut waiting).await.is_err(), "queued behind the first");
    // The slot goes to the waiter, which is dropped before it sees it.
    first.complete(Outcome::NotSent);
    drop(waiting);
    let third = request(MESSAGES, 3);
    let third = tokio::time::timeout(Duration::from_secs(60), acquire(&limiter, &third));
    assert!(third.await.is_ok(), "the slot handed to the caller that left was lost");
}

#[tokio::test(start_paused = true)]
async fn a_user_429_waits_retry_after_and_counts_as_invalid() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    too_many(acquire(&limiter, &channel).await, Some(RatelimitScope::User), false, 3000);
    let start = Instant::now();
    drop(acquire(&limiter, &channel).await);
    assert_eq!(start.elapsed(), Duration::from_secs(3));
    assert_eq!(limiter.invalid_requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_shared_429_waits_but_is_not_invalid() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    too_many(acquire(&limiter, &channel).await, Some(RatelimitScope::Shared), false, 500);
    let start = Instant::now();
    drop(acquire(&limiter, &channel).await);
    assert_eq!(start.elapsed(), Duration::from_millis(500));
    assert_eq!(limiter.invalid_requests(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_global_429_pauses_every_route() {
    let limiter = InMemoryRatelimiter::new();
    ok(acquire(&limiter, &request(MESSAGES, 2)).await, &RatelimitHeaders::default());
    too_many(
        acquire(&limiter, &request(MESSAGES, 1)).await,
        Some(RatelimitScope::Global),
        true,
        2000,
    );
    let start = Instant::now();
    drop(acquire(&limiter, &request(MESSAGES, 2)).await);
    assert_eq!(start.elapsed(), Duration::from_secs(2), "another route went out during the pause");
    assert_eq!(limiter.invalid_requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_slot_given_back_unsent_is_reused_at_once() {
    let limiter = no_global();
    let channel = request(MESSAGES, 1);
    ok(acquire(&limiter, &channel).await, &limited("abc", 1, 1, 5000));
    let permit = ready_now(&limiter, &channel).await.unwrap();
    permit.complete(Outcome::NotSent);
    assert!(ready_now(&limiter, &channel).await.is_some(), "the unsent slot was lost");
}

#[tokio::test(start_paused = true)]
async fn invalid_requests_are_counted_and_warned_about() {
    let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer = {
        let buffer = buffer.clone();
        move || Capture(buffer.clone())
    };
    let subscriber = tracing_subscriber::fmt().with_writer(writer).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let limiter =
        InMemoryRatelimiter::builder().global_limit(None).invalid_request_warning(4).build();
    for status in [401, 403, 401] {
        let permit = acquire(&limiter, &request(MESSAGES, u64::from(status))).await;
        permit.complete(Outcome::Response { status, headers: &RatelimitHeaders::default() });
    }
    assert_eq!(limiter.invalid_requests(), 3);
    assert!(!String::from_utf8_lossy(&buffer.lock().unwrap()).contains("invalid requests"));
    let permit = acquire(&limiter, &request(MESSAGES, 7)).await;
    permit.complete(Outcome::Response { status: 403, headers: &RatelimitHeaders::default() });
    let logs = String::from_utf8_lossy(&buffer.lock().unwrap()).into_owned();
    assert!(logs.contains("WARN") && logs.contains("4 invalid requests"), "{logs}");
    // Ten minutes later they no longer count.
    tokio::time::advance(Duration::from_secs(601)).await;
    assert_eq!(limiter.invalid_requests(), 0);
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
