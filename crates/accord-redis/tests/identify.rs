//! The shared identify queue: its script driven directly against a real `redis-server`, then
//! 32 shards in 4 OS processes (copies of this test binary) identifying against the emulator
//! through one Redis.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;
mod support;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_emulator::{Emulator, GatewayLimits, Timings};
use accord_gateway::{Backoff, CloseMode, Compression, Config, IdentifyQueue, ShardGroup};
use accord_model::gateway::{Event, Intents, SessionStartLimit};
use accord_model::id::Id;
use accord_redis::RedisIdentifyQueue;
use futures_util::StreamExt;
use gateway_support::{ChildProcess, child_env, run_child, var};
use redis::aio::MultiplexedConnection;
use support::RedisServer;

const IDENTIFY: &str = include_str!("../src/lua/identify.lua");
const P: &str = "{test:000000000001}";

async fn connect(server: &RedisServer) -> MultiplexedConnection {
    let client = redis::Client::open(server.url()).unwrap();
    client.get_multiplexed_async_connection().await.unwrap()
}

/// status, wait ms, remaining, reset in ms.
type Reply = (i64, u64, i64, i64);

async fn call<T: redis::FromRedisValue>(
    connection: &mut MultiplexedConnection,
    args: &[String],
) -> T {
    let script = redis::Script::new(IDENTIFY);
    let mut invocation = script.key(format!("{P}:ib"));
    invocation.arg(P);
    for arg in args {
        invocation.arg(arg);
    }
    invocation.invoke_async(connection).await.unwrap()
}

/// An acquire in bucket `bucket` with a window and lease of `window` ms.
async fn acquire(
    connection: &mut MultiplexedConnection,
    bucket: u32,
    ticket: &str,
    score: u64,
    window: u64,
) -> Reply {
    let args = ["acquire".to_owned(), bucket.to_string(), ticket.to_owned(), score.to_string()]
        .into_iter()
        .chain([window.to_string(), window.to_string(), "10000".to_owned()])
        .collect::<Vec<_>>();
    call(connection, &args).await
}

#[tokio::test]
async fn the_script_serves_a_bucket_in_enqueue_order_one_per_window() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    // A ticket alone in its line goes at once; its place is taken when it first asks.
    assert_eq!(acquire(&mut connection, 0, "b", 20, 400).await.0, 1);
    // d asks first but enqueued after c: once c asks, it is ahead of d.
    let (status, wait, remaining, _) = acquire(&mut connection, 0, "d", 40, 400).await;
    assert_eq!((status, remaining), (2, -1), "d is at the head, b's window runs");
    assert!((300..=400).contains(&wait), "the wait is what is left of the window: {wait}");
    assert_eq!(acquire(&mut connection, 0, "c", 30, 400).await.0, 2, "c goes to the head");
    let (status, wait, ..) = acquire(&mut connection, 0, "d", 40, 400).await;
    assert_eq!(status, 0, "d waits behind c");
    assert!(wait > 400, "one window more than c: {wait}");
    // c renews its place (a lease of one window) while it waits; d stays behind it.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(acquire(&mut connection, 0, "c", 30, 400).await.0, 2);
    tokio::time::sleep(Duration::from_millis(210)).await;
    assert_eq!(acquire(&mut connection, 0, "d", 40, 400).await.0, 0, "still behind c");
    assert_eq!(acquire(&mut connection, 0, "c", 30, 400).await.0, 1, "c, enqueued first, goes");
    let (status, wait, ..) = acquire(&mut connection, 0, "d", 40, 400).await;
    assert_eq!(status, 2);
    // Another bucket is not held back.
    assert_eq!(acquire(&mut connection, 1, "c", 30, 400).await.0, 1);
    tokio::time::sleep(Duration::from_millis(wait + 5)).await;
    assert_eq!(acquire(&mut connection, 0, "d", 40, 400).await.0, 1, "d goes after the window");
    assert_eq!(server.command(&["EXISTS", &format!("{P}:iq:0")]).as_deref(), Some(":0"));
}

#[tokio::test]
async fn a_waiter_that_stops_asking_lapses_within_one_window_and_a_leave_wakes_the_line() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let client = redis::Client::open(server.url()).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub.subscribe(format!("{P}:iw")).await.unwrap();
    let mut messages = pubsub.into_on_message();

    // "dead" is at the head and never asks again; "alive" waits behind it.
    assert_eq!(acquire(&mut connection, 0, "dead", 1, 200).await.0, 1);
    assert_eq!(acquire(&mut connection, 0, "dead2", 2, 200).await.0, 2);
    let (status, wait, ..) = acquire(&mut connection, 0, "alive", 3, 200).await;
    assert_eq!(status, 0);
    assert!(wait > 200, "one window for the turn, one for the waiter ahead: {wait}");
    // After one window the dead waiter's lease and the turn have run out.
    tokio::time::sleep(Duration::from_millis(210)).await;
    assert_eq!(acquire(&mut connection, 0, "alive", 3, 200).await.0, 1, "the line moved on");
    let message = tokio::time::timeout(Duration::from_secs(5), messages.next()).await.unwrap();
    assert_eq!(message.unwrap().get_payload::<String>().unwrap(), "0", "the lapse woke bucket 0");

    // A head that leaves wakes its line; a ticket not queued wakes nobody.
    assert_eq!(acquire(&mut connection, 1, "x", 1, 200).await.0, 1);
    assert_eq!(acquire(&mut connection, 1, "y", 2, 200).await.0, 2);
    assert_eq!(
        call::<i64>(&mut connection, &["leave".into(), "1".into(), "nobody".into()]).await,
        0
    );
    assert_eq!(call::<i64>(&mut connection, &["leave".into(), "1".into(), "y".into()]).await, 1);
    let message = tokio::time::timeout(Duration::from_secs(5), messages.next()).await.unwrap();
    assert_eq!(message.unwrap().get_payload::<String>().unwrap(), "1");
}

#[tokio::test]
async fn the_budget_is_shared_merged_and_refilled_at_its_reset() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let limit = |total: u32, remaining: u32, reset_after: u64| {
        ["limit".to_owned(), total.to_string(), remaining.to_string(), reset_after.to_string()]
            .into_iter()
            .chain(["1000".to_owned()])
            .collect::<Vec<_>>()
    };
    let (remaining, _): (i64, i64) = call(&mut connection, &limit(3, 2, 300)).await;
    assert_eq!(remaining, 2);
    // Another process read Discord earlier: the lower count of the same day wins.
    let (remaining, _): (i64, i64) = call(&mut connection, &limit(3, 1, 300)).await;
    assert_eq!(remaining, 1);
    let (remaining, _): (i64, i64) = call(&mut connection, &limit(3, 3, 290)).await;
    assert_eq!(remaining, 1, "a higher count of the same day is not believed");
    let (status, _, remaining, _) = acquire(&mut connection, 0, "a", 1, 50).await;
    assert_eq!((status, remaining), (1, 0));
    let (status, wait, remaining, reset_in) = acquire(&mut connection, 1, "b", 2, 50).await;
    assert_eq!((status, remaining), (3, 0), "spent: wait for the reset");
    assert!(wait <= 300 && reset_in <= 300, "{wait} {reset_in}");
    tokio::time::sleep(Duration::from_millis(u64::try_from(reset_in).unwrap() + 10)).await;
    let (status, _, remaining, reset_in) = acquire(&mut connection, 1, "b", 2, 50).await;
    assert_eq!((status, remaining), (1, 2), "refilled to the total at the reset, then one used");
    assert!(reset_in > 600, "the next reset is a budget window later: {reset_in}");
}

#[tokio::test]
async fn a_queue_dropped_turn_leaves_and_budget_comes_from_the_limit() {
    let Some(server) = RedisServer::start() else { return };
    let queue = RedisIdentifyQueue::builder(
        server.url(),
        Id::new(1),
        SessionStartLimit::new(1000, 10, 60_000, 2),
    )
    .window(Duration::from_millis(300))
    .build()
    .await
    .unwrap();
    assert_eq!(queue.max_concurrency(), 2);
    assert_eq!(queue.update_limit(SessionStartLimit::new(1000, 12, 60_000, 2)).await.unwrap(), 10);
    let shard = |n| accord_model::gateway::ShardId::new(n, 4).unwrap();
    queue.enqueue(shard(0)).await;
    // Shard 2 shares bucket 0: it waits for the window; dropped, it leaves the line.
    let waiting = queue.enqueue(shard(2));
    assert!(tokio::time::timeout(Duration::from_millis(50), waiting).await.is_err());
    let prefix = accord_redis::KeyPrefix::new("accord", Id::new(1));
    let line = prefix.key("iq:0");
    for _ in 0..100 {
        if server.command(&["ZCARD", &line]).as_deref() == Some(":0") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(server.command(&["ZCARD", &line]).as_deref(), Some(":0"), "the dropped turn left");
    // Shard 1 is in bucket 1: not held back.
    tokio::time::timeout(Duration::from_secs(5), queue.enqueue(shard(1))).await.unwrap();
    assert_eq!(queue.update_limit(SessionStartLimit::new(1000, 12, 60_000, 2)).await.unwrap(), 8);
}

/// Shards, processes, buckets.
const SHARDS: u32 = 32;
const PROCESSES: u32 = 4;
const MAX_CONCURRENCY: u32 = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_two_shards_in_four_processes_identify_one_per_bucket_per_window() {
    let Some(server) = RedisServer::start() else { return };
    let mut limits = GatewayLimits::default();
    limits.max_concurrency = MAX_CONCURRENCY;
    // Discord's rules divided by 10: a 500 ms identify window.
    let timings = Timings::default().scaled_down(10);
    let window = timings.identify_window;
    let emulator = Emulator::builder()
        .timings(timings)
        .guilds(SHARDS)
        .gateway_limits(limits)
        .start()
        .await
        .unwrap();
    // Every child waits for this moment, so that process start-up does not count.
    let start_at = SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + Duration::from_secs(3);
    let mut children: Vec<ChildProcess> = (0..PROCESSES)
        .map(|index| {
            let mut env = child_env(&emulator, &server.url());
            env.push(("ACCORD_INDEX", index.to_string()));
            env.push(("ACCORD_WINDOW_MS", window.as_millis().to_string()));
            env.push(("ACCORD_START_AT_MS", start_at.as_millis().to_string()));
            ChildProcess::start("identify_child_entry", "identify", &env)
        })
        .collect();
    let mut ready_after = Duration::ZERO;
    for child in &mut children {
        let report = std::iter::from_fn(|| child.line())
            .find_map(|line| line.split_once("REPORT ").map(|(_, report)| report.to_owned()))
            .expect("a child reports");
        ready_after = ready_after.max(Duration::from_millis(report.parse().unwrap()));
        assert!(child.wait(), "a child failed");
    }
    let counters = emulator.handle().counters();
    assert_eq!(counters.identifies_refused, 0, "{:?}", counters.identify_log);
    let log = counters.identify_log;
    assert_eq!(log.len(), 32, "{log:?}");
    let mut closest = Duration::MAX;
    for bucket in 0..MAX_CONCURRENCY {
        let times: Vec<_> = log.iter().filter(|r| r.bucket == bucket).map(|r| r.at).collect();
        assert_eq!(times.len(), 8, "bucket {bucket}");
        for pair in times.windows(2) {
            let spacing = pair[1].saturating_sub(pair[0]);
            closest = closest.min(spacing);
            assert!(spacing >= window, "bucket {bucket} identified twice in a window: {times:?}");
        }
    }
    let first = log.iter().map(|r| r.at).min().unwrap();
    let last = log.iter().map(|r| r.at).max().unwrap();
    let span = last.saturating_sub(first);
    // ceil(32 / 4) = 8 windows, the last of them for slack.
    let bound = window * (SHARDS / MAX_CONCURRENCY);
    println!(
        "FIGURES closest spacing {closest:?} ({:.2} windows), first to last identify {:?} \
         ({:.2} windows), all ready {ready_after:?} after the start ({:.2} windows)",
        closest.as_secs_f64() / window.as_secs_f64(),
        span,
        span.as_secs_f64() / window.as_secs_f64(),
        ready_after.as_secs_f64() / window.as_secs_f64(),
    );
    assert!(span <= bound, "{span:?} from the first to the last identify");
    assert!(ready_after <= bound + window, "all ready only {ready_after:?} after the start");
}

/// Not a test of its own: the entry point of the child processes the tests start.
#[test]
fn identify_child_entry() {
    run_child("identify", identify_child);
}

/// Runs shards `index * 8 ..` of 32 through a [`RedisIdentifyQueue`] until all are ready, and
/// reports the milliseconds from the agreed start to the last READY.
async fn identify_child() {
    let index: u32 = var("ACCORD_INDEX").parse().unwrap();
    let window = Duration::from_millis(var("ACCORD_WINDOW_MS").parse().unwrap());
    let start_at = Duration::from_millis(var("ACCORD_START_AT_MS").parse().unwrap());
    let bot = Id::new(var("ACCORD_BOT").parse().unwrap());
    let limit = SessionStartLimit::new(1000, 1000, 0, MAX_CONCURRENCY);
    // The emulator times IDENTIFYs as they arrive, which jitters with scheduling: the queue
    // keeps a margin, as a bot may against network jitter.
    let queue = RedisIdentifyQueue::builder(var("ACCORD_REDIS_URL"), bot, limit)
        .window(window + Duration::from_millis(40))
        .build()
        .await
        .unwrap();
    let config = Config::builder(var("ACCORD_TOKEN"), Intents::GUILDS)
        .gateway_url(var("ACCORD_GATEWAY"))
        .compression(Compression::None)
        .backoff(Backoff::new(Duration::from_millis(10), Duration::from_millis(100)))
        .queue(Arc::new(queue))
        .build()
        .unwrap();
    let per_process = SHARDS / PROCESSES;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    tokio::time::sleep(start_at.saturating_sub(now)).await;
    let mut group =
        ShardGroup::new(index * per_process..(index + 1) * per_process, SHARDS, &config).unwrap();
    let mut ready = 0;
    while ready < per_process {
        let (_, item) = group.next().await.unwrap();
        if let Ok(Event::Ready(_)) = item {
            ready += 1;
        }
    }
    let elapsed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().saturating_sub(start_at);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "REPORT {}", elapsed.as_millis()).unwrap();
    stdout.flush().unwrap();
    drop(stdout);
    group.close(CloseMode::End).await;
}
