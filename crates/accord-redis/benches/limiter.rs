//! The limiter round trip (acquire, then complete with a 200) against a local `redis-server`:
//! p50, p99 and acquires per second for one process and for four, beside
//! `InMemoryRatelimiter` in the same run, and Redis round trips per request (from
//! `INFO commandstats`).
//!
//! `cargo bench -p accord-redis --bench limiter`. The bench re-executes itself for each
//! measuring process (`ACCORD_BENCH_CHILD` selects the limiter).

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its figures")]
#![allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark harness: a failure aborts the run"
)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use accord_http::ratelimit::{
    InMemoryRatelimiter, Outcome, RatelimitHeaders, RatelimitRequest, Ratelimiter,
};
use accord_http::routing::{Major, Method};
use accord_model::id::Id;
use accord_redis::RedisRatelimiter;
use support::RedisServer;

const CHILD: &str = "ACCORD_BENCH_CHILD";
const WARMUP: usize = 2_000;
const ROUNDS: usize = 20_000;

fn main() {
    if let Ok(kind) = std::env::var(CHILD) {
        let url = std::env::var("ACCORD_BENCH_REDIS").unwrap_or_default();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let line = runtime.block_on(measure(&kind, &url));
        println!("RESULT {line}");
        return;
    }
    let Some(redis) = RedisServer::start() else { return };
    println!(
        "limiter round trip (acquire + complete), {ROUNDS} rounds per process after {WARMUP} warm-up"
    );
    println!(
        "{:<22} {:>9} {:>9} {:>9} {:>14} {:>16}",
        "limiter", "processes", "p50 µs", "p99 µs", "acquires/s", "redis trips/req"
    );
    for processes in [1, 4] {
        for kind in ["memory", "redis"] {
            let before = redis.command_calls("evalsha");
            let results = run(kind, processes, &redis.url());
            let calls = redis.command_calls("evalsha") - before;
            let (mut p50, mut p99, mut rate) = (0.0, 0.0, 0.0);
            for result in &results {
                p50 += result.0 / results.len() as f64;
                p99 += result.1 / results.len() as f64;
                rate += result.2;
            }
            let trips = if kind == "redis" {
                format!("{:.3}", calls as f64 / (processes * (ROUNDS + WARMUP)) as f64)
            } else {
                "-".to_owned()
            };
            let name = if kind == "redis" { "RedisRatelimiter" } else { "InMemoryRatelimiter" };
            println!("{name:<22} {processes:>9} {p50:>9.1} {p99:>9.1} {rate:>14.0} {trips:>16}");
        }
    }
}

/// Starts `processes` copies of this bench measuring `kind`; their p50 µs, p99 µs, rate.
fn run(kind: &str, processes: usize, url: &str) -> Vec<(f64, f64, f64)> {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(&exe)
                .env(CHILD, kind)
                .env("ACCORD_BENCH_REDIS", url)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let line =
                stdout.lines().find_map(|line| line.strip_prefix("RESULT ")).unwrap().to_owned();
            let mut fields = line.split(' ').map(|field| field.parse::<f64>().unwrap());
            (fields.next().unwrap(), fields.next().unwrap(), fields.next().unwrap())
        })
        .collect()
}

async fn measure(kind: &str, url: &str) -> String {
    let limiter: Box<dyn Ratelimiter> = if kind == "redis" {
        Box::new(
            RedisRatelimiter::builder(url, Id::new(1)).global_limit(None).build().await.unwrap(),
        )
    } else {
        Box::new(InMemoryRatelimiter::builder().global_limit(None).build())
    };
    let request = RatelimitRequest::new(
        Method::Get,
        "/channels/{channel_id}",
        Some(Major::Channel(1)),
        false,
    );
    let mut headers = RatelimitHeaders::default();
    headers.bucket = Some("bench".to_owned());
    headers.limit = Some(10_000_000);
    headers.remaining = Some(9_999_999);
    headers.reset = Some(4_000_000_000.0);
    headers.reset_after = Some(Duration::from_secs(600));
    let mut latencies = Vec::with_capacity(ROUNDS);
    let mut started = Instant::now();
    for round in 0..WARMUP + ROUNDS {
        if round == WARMUP {
            started = Instant::now();
        }
        let begin = Instant::now();
        let permit = limiter.acquire(&request).await.unwrap();
        permit.complete(Outcome::Response { status: 200, headers: &headers });
        if round >= WARMUP {
            latencies.push(begin.elapsed());
        }
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let p50 = micros(latencies[latencies.len() / 2]);
    let p99 = micros(latencies[latencies.len() * 99 / 100]);
    let rate = ROUNDS as f64 / elapsed.as_secs_f64();
    format!("{p50} {p99} {rate}")
}
