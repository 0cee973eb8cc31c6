//! The shared limiter across OS processes: this test binary starts copies of itself
//! (`ACCORD_REDIS_CHILD` selects the child's role), each a separate process with its own
//! limiter, all sending to one emulator (a local Discord) through one real `redis-server`.
//!
//! Discord's windows are scaled down (5 per 5 s becomes 5 per 50 or 100 ms); what the tests assert is
//! counted by the emulator (429s served, requests) or read from its world: message ids carry
//! the millisecond the emulator created each message, a log of when requests arrived.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "children report on stdout, figures go to stderr"
)]
#![allow(clippy::cast_precision_loss, reason = "milliseconds and counts far below 2^52")]

mod support;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use accord_emulator::{Bucket, Emulator, EmulatorHandle, RateLimits};
use accord_http::Client;
use accord_http::ratelimit::{InMemoryRatelimiter, Ratelimiter};
use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::id::marker::ChannelMarker;
use accord_redis::RedisRatelimiter;
use support::RedisServer;

const CHILD: &str = "ACCORD_REDIS_CHILD";
const MESSAGES: &str = "/channels/{channel_id}/messages";
const PROCESSES: usize = 4;

/// What a child is told, through its environment.
struct Job<'a> {
    redis: &'a str,
    emulator: &'a Emulator,
    /// `redis` or `memory`.
    limiter: &'a str,
    channels: &'a [Id<ChannelMarker>],
    per_channel: usize,
    global: Option<u32>,
    /// Each process's share of each limit while Redis is away.
    share: f64,
}

/// Starts the children, waits for them, and returns their reports (one line each).
async fn run_children(job: &Job<'_>) -> Vec<String> {
    let exe = std::env::current_exe().expect("the test binary");
    let channels: Vec<String> = job.channels.iter().map(ToString::to_string).collect();
    let children: Vec<_> = (0..PROCESSES)
        .map(|index| {
            Command::new(&exe)
                .args(["--exact", "child_process_entry", "--nocapture", "--test-threads", "1"])
                .env(CHILD, "messages")
                .env("ACCORD_REDIS_URL", job.redis)
                .env("ACCORD_API", job.emulator.http_url())
                .env("ACCORD_TOKEN", job.emulator.token())
                .env("ACCORD_BOT", job.emulator.handle().bot_user_id().to_string())
                .env("ACCORD_LIMITER", job.limiter)
                .env("ACCORD_CHANNELS", channels.join(","))
                .env("ACCORD_PER_CHANNEL", job.per_channel.to_string())
                .env("ACCORD_GLOBAL", job.global.map(|g| g.to_string()).unwrap_or_default())
                .env("ACCORD_SHARE", job.share.to_string())
                .env("ACCORD_INDEX", index.to_string())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("a child process starts")
        })
        .collect();
    let mut reports = Vec::new();
    for child in children {
        let output = tokio::task::spawn_blocking(move || child.wait_with_output())
            .await
            .unwrap()
            .expect("the child ran");
        assert!(output.status.success(), "a child failed: {:?}", output.status);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let report = stdout
            .lines()
            .find_map(|line| line.split_once("REPORT ").map(|(_, report)| report))
            .unwrap_or_else(|| panic!("a child reported nothing: {stdout}"))
            .to_owned();
        reports.push(report);
    }
    reports
}

/// Not a test of its own: the entry point of the child processes the tests start. Run
/// without `ACCORD_REDIS_CHILD`, it does nothing.
#[test]
fn child_process_entry() {
    if std::env::var(CHILD).is_err() {
        return;
    }
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(child());
}

async fn child() {
    // The limiter's warnings (falling back, sharing again) go to the test's output.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter("accord_redis=debug")
        .init();
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let bot = Id::new(var("ACCORD_BOT").parse().unwrap());
    let global: Option<u32> = var("ACCORD_GLOBAL").parse().ok();
    let index = var("ACCORD_INDEX");
    let channels: Vec<Id<ChannelMarker>> =
        var("ACCORD_CHANNELS").split(',').map(|id| Id::new(id.parse().unwrap())).collect();
    let per_channel: usize = var("ACCORD_PER_CHANNEL").parse().unwrap();
    let fell_back = Arc::new(AtomicBool::new(false));
    let (limiter, redis): (Arc<dyn Ratelimiter>, Option<RedisRatelimiter>) =
        if var("ACCORD_LIMITER") == "redis" {
            let limiter = RedisRatelimiter::builder(var("ACCORD_REDIS_URL"), bot)
                .global_limit(global)
                .fallback_share(var("ACCORD_SHARE").parse().unwrap())
                .retry_interval(Duration::from_millis(50))
                .build()
                .await
                .expect("the limiter connects");
            let watched = limiter.clone();
            let flag = fell_back.clone();
            tokio::spawn(async move {
                loop {
                    if !watched.is_shared() {
                        flag.store(true, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            });
            (Arc::new(limiter.clone()), Some(limiter))
        } else {
            let limiter = InMemoryRatelimiter::builder().global_limit(global).build();
            (Arc::new(limiter), None)
        };
    let client = Client::builder()
        .token(var("ACCORD_TOKEN"))
        .base_url(var("ACCORD_API"))
        .ratelimiter(Some(limiter))
        .retry_backoff(Duration::from_millis(1))
        .build();
    let tasks: Vec<_> = channels
        .iter()
        .flat_map(|channel| (0..per_channel).map(move |i| (i, *channel)))
        .map(|(i, channel)| {
            let client = client.clone();
            let content = format!("process {index} message {i} to {channel}");
            tokio::spawn(async move { client.create_message(channel).content(&content).await })
        })
        .collect();
    let (mut sent, mut failed) = (0, 0);
    for task in tasks {
        match task.await.expect("no panic") {
            Ok(_) => sent += 1,
            // Limiters of their own overrun the bucket and give up after their retries; the
            // shared one must never.
            Err(error) if redis.is_none() => {
                eprintln!("a message failed: {error}");
                failed += 1;
            }
            Err(error) => panic!("a message failed: {error:?}"),
        }
    }
    let shared_at_end = redis.as_ref().is_none_or(RedisRatelimiter::is_shared);
    if let Some(redis) = &redis {
        redis.flush().await.expect("the last completions reach redis");
    }
    let fell_back = fell_back.load(Ordering::Relaxed);
    println!(
        "REPORT sent={sent} failed={failed} fell_back={fell_back} shared_at_end={shared_at_end}"
    );
}

fn limits(global: Option<u32>, bucket: Bucket) -> RateLimits {
    let mut limits = RateLimits::default();
    limits.global_per_second = global;
    limits.routes = vec![("POST".to_owned(), MESSAGES.to_owned(), bucket)];
    limits
}

async fn emulator(limits: RateLimits) -> Emulator {
    Emulator::builder().rate_limits(limits).start().await.expect("the emulator starts")
}

fn general(handle: &EmulatorHandle) -> Id<ChannelMarker> {
    let guild = handle.guild_ids()[0];
    handle
        .channels(guild)
        .into_iter()
        .find(|channel| channel.name.as_deref() == Some("general"))
        .expect("a general channel")
        .id
}

/// When the emulator created each message of `channels`, in milliseconds, sorted.
fn arrivals(handle: &EmulatorHandle, channels: &[Id<ChannelMarker>]) -> Vec<u64> {
    let mut times: Vec<u64> = channels
        .iter()
        .flat_map(|channel| handle.messages(*channel))
        .map(|message| message.id.get() >> 22)
        .collect();
    times.sort_unstable();
    times
}

/// The most arrivals in any window of `window_ms` (`[t, t + window_ms)` at millisecond
/// resolution).
fn most_in_any_window(times: &[u64], window_ms: u64) -> usize {
    let mut most = 0;
    let mut start = 0;
    for (end, &time) in times.iter().enumerate() {
        while times[start] + window_ms <= time {
            start += 1;
        }
        most = most.max(end + 1 - start);
    }
    most
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_share_one_bucket_without_a_429() {
    let Some(redis) = RedisServer::start() else { return };
    // 5 per 5 s scaled down 50 times: long enough that the few milliseconds each window's
    // first request takes to reach the emulator (which starts the window) stay small.
    let window = Duration::from_millis(100);
    let emulator = emulator(limits(None, Bucket::new(5, window))).await;
    let handle = emulator.handle();
    let channel = general(handle);
    let job = Job {
        redis: &redis.url(),
        emulator: &emulator,
        limiter: "redis",
        channels: &[channel],
        per_channel: 250,
        global: None,
        share: 0.25,
    };

    let reports = run_children(&job).await;

    assert!(
        reports.iter().all(|report| report.starts_with("sent=250 failed=0 fell_back=false")),
        "{reports:?}"
    );
    let counters = handle.counters();
    assert_eq!(counters.rate_limited, 0, "the emulator served a 429");
    assert_eq!(counters.rest_requests, 1_000, "a message was sent twice or not at all");
    let contents: BTreeSet<String> =
        handle.messages(channel).into_iter().map(|message| message.content).collect();
    assert_eq!(contents.len(), 1_000, "every message landed once");
    // From the first message to the last, how much of the bucket was used: 1,000 messages
    // at 5 per window need 200 windows.
    let times = arrivals(handle, &[channel]);
    let span = times[times.len() - 1] - times[0];
    let windows = span as f64 / window.as_millis() as f64 + 1.0;
    let used = 1_000.0 / (windows * 5.0);
    let mut gaps: Vec<(u64, usize)> =
        times.windows(2).enumerate().map(|(i, pair)| (pair[1] - pair[0], i)).collect();
    gaps.sort_unstable();
    eprintln!(
        "bucket used at {:.1}% of its limit over {span} ms; longest gaps between arrivals (ms, after message #): {:?}",
        used * 100.0,
        &gaps[gaps.len().saturating_sub(8)..]
    );
    assert!(used >= 0.9, "the bucket was used at {:.1}% of its limit", used * 100.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_with_limiters_of_their_own_get_429s() {
    let window = Duration::from_millis(50);
    let emulator = emulator(limits(None, Bucket::new(5, window))).await;
    let handle = emulator.handle();
    let channel = general(handle);
    let job = Job {
        redis: "",
        emulator: &emulator,
        limiter: "memory",
        channels: &[channel],
        per_channel: 25,
        global: None,
        share: 1.0,
    };

    run_children(&job).await;

    assert!(handle.counters().rate_limited > 0, "four separate limiters should overrun the bucket");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_global_limit_holds_across_four_processes() {
    let Some(redis) = RedisServer::start() else { return };
    let limit = 20;
    // Per-route buckets far from binding: one message per channel.
    let emulator = emulator(limits(Some(limit), Bucket::new(5, Duration::from_secs(1)))).await;
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let channels: Vec<Id<ChannelMarker>> = (0..16)
        .map(|i| {
            handle.create_channel(guild, &format!("load-{i}"), ChannelType::GuildText).unwrap().id
        })
        .collect();
    let job = Job {
        redis: &redis.url(),
        emulator: &emulator,
        limiter: "redis",
        channels: &channels,
        per_channel: 1,
        global: Some(limit),
        share: 0.25,
    };

    // Each process sends 16 messages (one per channel): 64 in all, at most 20 per second.
    run_children(&job).await;

    let counters = handle.counters();
    assert_eq!((counters.rate_limited, counters.rest_requests), (0, 64));
    let times = arrivals(handle, &channels);
    assert_eq!(times.len(), 64);
    // 999 ms at millisecond resolution: two arrivals less than a second apart always fall in
    // one such window.
    let most = most_in_any_window(&times, 999);
    assert!(most <= limit as usize, "{most} requests arrived within a second");
    assert!(most >= limit as usize - 2, "the global limit was barely used: {most} per second");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_and_started_mid_burst_costs_no_429() {
    let Some(mut redis) = RedisServer::start() else { return };
    let window = Duration::from_millis(50);
    let emulator = emulator(limits(None, Bucket::new(5, window))).await;
    let handle = emulator.handle();
    let channel = general(handle);
    let url = redis.url();
    let job = Job {
        redis: &url,
        emulator: &emulator,
        limiter: "redis",
        channels: &[channel],
        per_channel: 150,
        global: None,
        share: 0.25,
    };
    let prefix_pattern = "{accord:*}:b:*".to_owned();

    let children = run_children(&job);
    tokio::pin!(children);
    // Let the burst get going through Redis, then take Redis away for a second.
    let stopped = async {
        handle.wait_for(Duration::from_secs(30), |h| h.counters().rest_requests >= 100).await;
        let before = handle.counters().rest_requests;
        redis.stop();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let during = handle.counters().rest_requests - before;
        redis.restart();
        during
    };
    let (during, reports) = tokio::join!(stopped, children);

    assert!(during > 0, "nothing was sent while redis was away: the fallback did not work");
    for report in &reports {
        assert_eq!(report, "sent=150 failed=0 fell_back=true shared_at_end=true", "{reports:?}");
    }
    let counters = handle.counters();
    assert_eq!(counters.rate_limited, 0, "the emulator served a 429");
    assert_eq!(counters.rest_requests, 600);
    assert_eq!(handle.messages(channel).len(), 600);
    // Shared again: the restarted Redis holds the bucket again.
    let buckets = redis.keys(&prefix_pattern);
    assert!(!buckets.is_empty(), "no bucket in the restarted redis: {:?}", redis.keys("*"));
}
