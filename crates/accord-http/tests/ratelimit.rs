//! The rate limiter end to end, over real sockets against the fake Discord: Discord's
//! windows are short so the tests finish quickly, and the fake counts every 429 it serves.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use accord_http::ratelimit::{InMemoryRatelimiter, RatelimitScope};
use accord_http::{Client, ErrorKind};
use accord_model::id::Id;
use support::{FakeDiscord, Reply};

const MESSAGES: &str = "/channels/{}/messages";

fn client(fake: &FakeDiscord, limiter: &InMemoryRatelimiter) -> Client {
    Client::builder()
        .token("test-token")
        .base_url(fake.base_url())
        .ratelimiter(Some(Arc::new(limiter.clone())))
        .retry_backoff(Duration::from_millis(1))
        .build()
}

fn no_global() -> InMemoryRatelimiter {
    InMemoryRatelimiter::builder().global_limit(None).build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_messages_get_no_429() {
    let fake = FakeDiscord::start().await;
    fake.limit("POST", MESSAGES, "messages", 5, Duration::from_millis(25));
    let limiter = no_global();
    let client = client(&fake, &limiter);
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let content = format!("message {i}");
                client.create_message(Id::new(1)).content(&content).await.map(|r| r.status())
            })
        })
        .collect();
    for task in tasks {
        let status = task.await.unwrap().expect("every message is sent");
        assert_eq!(status, 200);
    }
    assert_eq!(fake.served_429(), 0, "the limiter let a request through that Discord refused");
    assert_eq!(fake.requests().len(), 200, "a request was sent twice or not at all");
}

#[tokio::test]
async fn different_channels_proceed_in_parallel() {
    let fake = FakeDiscord::start().await;
    fake.limit("POST", MESSAGES, "messages", 1, Duration::from_millis(300));
    let limiter = no_global();
    let client = client(&fake, &limiter);
    let mut tasks = Vec::new();
    for channel in [1, 2, 1, 2] {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.create_message(Id::new(channel)).content("x").await
        }));
        tokio::task::yield_now().await;
    }
    for task in tasks {
        task.await.unwrap().expect("sent");
    }
    let requests = fake.requests();
    let first_two: HashSet<&str> = requests[..2].iter().map(|r| r.path.as_str()).collect();
    assert_eq!(first_two.len(), 2, "one channel waited for the other: {first_two:?}");
    assert!(requests[1].at - requests[0].at < Duration::from_millis(150));
    assert_eq!(fake.served_429(), 0);
}

#[tokio::test]
async fn a_shared_429_is_waited_out_and_not_invalid() {
    let fake = FakeDiscord::start().await;
    let mut first = true;
    fake.handle(move |_| {
        std::mem::take(&mut first).then(|| Reply::too_many(0.05, "shared", false))
    });
    let limiter = no_global();
    let client = client(&fake, &limiter);
    client.get_channel(Id::new(1)).await.expect("retried after the shared limit");
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].at - requests[0].at >= Duration::from_millis(50), "retried too early");
    assert_eq!(limiter.invalid_requests(), 0, "a shared 429 counted as invalid");
}

#[tokio::test]
async fn a_user_429_counts_as_invalid() {
    let fake = FakeDiscord::start().await;
    let mut first = true;
    fake.handle(move |_| std::mem::take(&mut first).then(|| Reply::too_many(0.02, "user", false)));
    let limiter = no_global();
    client(&fake, &limiter).get_channel(Id::new(1)).await.expect("retried");
    assert_eq!(limiter.invalid_requests(), 1);
}

#[tokio::test]
async fn a_global_429_pauses_other_routes() {
    let fake = FakeDiscord::start().await;
    let mut first = true;
    fake.handle(move |request| {
        (request.path == "/channels/1" && std::mem::take(&mut first))
            .then(|| Reply::too_many(0.2, "global", true))
    });
    let limiter = InMemoryRatelimiter::new();
    let client = client(&fake, &limiter);
    client.get_channel(Id::new(1)).await.expect("retried after the pause");
    let requests = fake.requests();
    // Another route after the global 429: it waited for the pause too.
    let started = requests[0].at;
    client.get_user(Id::new(5)).await.expect("sent");
    let other = fake.requests().into_iter().find(|r| r.path == "/users/5").unwrap();
    assert!(other.at - started >= Duration::from_millis(200), "sent during a global pause");
}

#[tokio::test]
async fn a_429_storm_ends_in_ratelimited_gave_up() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::too_many(0.005, "user", false)));
    let limiter = no_global();
    let client = Client::builder()
        .base_url(fake.base_url())
        .ratelimiter(Some(Arc::new(limiter.clone())))
        .max_ratelimit_retries(3)
        .build();
    let error = client.get_channel(Id::new(1)).await.unwrap_err();
    match error.kind() {
        ErrorKind::RatelimitedGaveUp { attempts, global, scope, retry_after } => {
            assert_eq!(*attempts, 4);
            assert!(!global);
            assert_eq!(scope, &Some(RatelimitScope::User));
            assert_eq!(*retry_after, Duration::from_millis(5));
        }
        other => panic!("expected RatelimitedGaveUp, got {other:?}"),
    }
    assert_eq!(fake.served_429(), 4, "the retries were not bounded");
    assert_eq!(limiter.invalid_requests(), 4);
}

#[tokio::test]
async fn the_limiter_can_be_turned_off() {
    let fake = FakeDiscord::start().await;
    let mut left = 1;
    fake.handle(move |_| {
        (left > 0).then(|| {
            left -= 1;
            Reply::too_many(0.03, "user", false)
        })
    });
    let client = Client::builder().base_url(fake.base_url()).ratelimiter(None).build();
    client.get_channel(Id::new(1)).await.expect("retried after waiting retry_after itself");
    let requests = fake.requests();
    assert!(requests[1].at - requests[0].at >= Duration::from_millis(30));
}
