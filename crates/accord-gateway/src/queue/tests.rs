//! The identify queue under tokio's paused clock.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;

use accord_model::gateway::{SessionStartLimit, ShardId};
use tokio::time::{Instant, advance};

use super::{IdentifyQueue, InMemoryQueue};

const SECOND: Duration = Duration::from_secs(1);

fn shard(number: u32) -> ShardId {
    ShardId::new(number, 64).unwrap()
}

/// Enqueues the shards in order, waits for every turn at once, and returns when each shard was
/// granted, relative to the start.
async fn grants(queue: &InMemoryQueue, shards: &[u32]) -> Vec<(u32, Duration)> {
    let start = Instant::now();
    let log = Arc::new(Mutex::new(Vec::new()));
    let turns: Vec<_> = shards.iter().map(|&n| (n, queue.enqueue(shard(n)))).collect();
    let tasks: Vec<_> = turns
        .into_iter()
        .map(|(n, turn)| {
            let log = log.clone();
            tokio::spawn(async move {
                turn.await;
                log.lock().unwrap().push((n, start.elapsed()));
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    Arc::try_unwrap(log).unwrap().into_inner().unwrap()
}

#[tokio::test(start_paused = true)]
async fn buckets_start_in_order_one_identify_per_key_per_window() {
    let queue = InMemoryQueue::new(4);
    let mut log = grants(&queue, &(0..16).collect::<Vec<_>>()).await;
    log.sort_by_key(|(n, at)| (*at, *n));
    let expected: Vec<(u32, Duration)> = (0..16).map(|n| (n, 5 * SECOND * (n / 4))).collect();
    assert_eq!(log, expected);
    assert_eq!(queue.remaining(), 1000 - 16);
    assert_eq!(queue.waiting(), 0);
}

#[tokio::test(start_paused = true)]
async fn an_earlier_shard_keeps_its_place_until_it_is_ready() {
    let queue = InMemoryQueue::new(1);
    let mut first = queue.enqueue(shard(0));
    let mut second = queue.enqueue(shard(1));
    // The second shard is ready first but waits behind the first, which is still connecting.
    assert!(poll_once(&mut second).await.is_pending());
    advance(SECOND).await;
    assert!(poll_once(&mut first).await.is_ready());
    // The window runs from the first grant, not from the first enqueue.
    let start = Instant::now();
    second.await;
    assert_eq!(start.elapsed(), 5 * SECOND);
}

#[tokio::test(start_paused = true)]
async fn dropping_a_turn_gives_up_its_place() {
    let queue = InMemoryQueue::new(1);
    let first = queue.enqueue(shard(0));
    let second = queue.enqueue(shard(1));
    let start = Instant::now();
    drop(first);
    second.await;
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(queue.remaining(), 999);
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_budget_waits_for_its_reset() {
    let limit = SessionStartLimit::new(3, 2, 60_000, 1);
    let queue = InMemoryQueue::from_limit(limit).with_window(SECOND);
    let log = grants(&queue, &[0, 1, 2]).await;
    assert_eq!(log, [(0, Duration::ZERO), (1, SECOND), (2, 60 * SECOND)]);
    // The reset refilled the budget to its total, and the third grant took one.
    assert_eq!(queue.remaining(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_budget_resets_every_window() {
    let queue = InMemoryQueue::from_limit(SessionStartLimit::new(2, 0, 10_000, 1))
        .with_window(Duration::from_millis(1))
        .with_budget_window(100 * SECOND);
    advance(10 * SECOND).await;
    assert_eq!(queue.remaining(), 2);
    grants(&queue, &[0, 1]).await;
    assert_eq!(queue.remaining(), 0);
    advance(100 * SECOND).await;
    assert_eq!(queue.remaining(), 2);
    queue.update_limit(SessionStartLimit::new(1000, 5, 1000, 1));
    assert_eq!(queue.remaining(), 5);
}

async fn poll_once(future: &mut Pin<Box<dyn Future<Output = ()> + Send>>) -> Poll<()> {
    poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await
}
