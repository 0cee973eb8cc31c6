//! Requests per second and client-side cost per request of accord-http and twilight-http 0.18,
//! side by side against the same emulator with its rate limits off.
//!
//! The emulator runs on a runtime of its own (one worker thread); each client runs on a
//! current-thread runtime driven by the benchmark's thread, so the CPU time of that thread is
//! exactly what the client spends: building the request, the rate limiter, hyper, reading the
//! body. Three operations: `get_channel` and `get_guild` (small GETs) and `create_message` (a
//! POST with a JSON body); each at concurrency 1 (time per request, the latency a command
//! handler sees) and 32 (requests per second). Both clients are measured without a rate
//! limiter and with their default one (its global limit off, as the emulator's is), and the
//! body is read as bytes: parsing models is measured by accord-model's benchmark.
//!
//! Criterion measures every case; a table of the ratios (accord / twilight) from a separate,
//! interleaved run closes the report.
#![allow(clippy::print_stdout, reason = "the benchmark's report")]

use std::future::IntoFuture;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use accord_emulator::{Emulator, RateLimits};
use accord_http::ratelimit::InMemoryRatelimiter;
use accord_model::channel::ChannelType;
use criterion::{Criterion, Throughput, criterion_main};
use tokio::runtime::Runtime;
use twilight_model::id::Id as TwilightId;

/// How many requests are in flight at once in the throughput cases.
const CONCURRENCY: usize = 32;
const CONTENT: &str = "a message from the throughput benchmark, about as long as most are";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    GetChannel,
    GetGuild,
    CreateMessage,
}

impl Op {
    const ALL: [Self; 3] = [Self::GetChannel, Self::GetGuild, Self::CreateMessage];

    fn name(self) -> &'static str {
        match self {
            Self::GetChannel => "get_channel",
            Self::GetGuild => "get_guild",
            Self::CreateMessage => "create_message",
        }
    }
}

/// With or without the client's rate limiter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limiter {
    Off,
    On,
}

impl Limiter {
    fn name(self) -> &'static str {
        match self {
            Self::Off => "no limiter",
            Self::On => "limiter",
        }
    }
}

/// One client under test, with the ids it uses: each client posts to a channel of its own so
/// that neither finds the other's messages in the way.
#[derive(Clone)]
enum Peer {
    Accord { client: accord_http::Client, guild: u64, channel: u64, post_to: u64 },
    Twilight { client: Arc<twilight_http::Client>, guild: u64, channel: u64, post_to: u64 },
}

impl Peer {
    fn name(&self) -> &'static str {
        match self {
            Self::Accord { .. } => "accord",
            Self::Twilight { .. } => "twilight",
        }
    }

    /// Sends one request and reads its body; returns the body's length.
    async fn once(&self, op: Op) -> usize {
        use accord_model::id::Id;
        let body = match self {
            Self::Accord { client, guild, channel, post_to } => match op {
                Op::GetChannel => accord_bytes(client.get_channel(Id::new(*channel))).await,
                Op::GetGuild => accord_bytes(client.get_guild(Id::new(*guild))).await,
                Op::CreateMessage => {
                    accord_bytes(client.create_message(Id::new(*post_to)).content(CONTENT)).await
                }
            },
            Self::Twilight { client, guild, channel, post_to } => match op {
                Op::GetChannel => twilight_bytes(client.channel(TwilightId::new(*channel))).await,
                Op::GetGuild => twilight_bytes(client.guild(TwilightId::new(*guild))).await,
                Op::CreateMessage => {
                    let request = client.create_message(TwilightId::new(*post_to)).content(CONTENT);
                    twilight_bytes(request).await
                }
            },
        };
        black_box(body)
    }
}

async fn accord_bytes<T>(
    request: impl IntoFuture<Output = Result<accord_http::Response<T>, accord_http::Error>>,
) -> usize {
    request.await.expect("accord: request").bytes().await.expect("accord: body").len()
}

async fn twilight_bytes<T>(
    request: impl IntoFuture<Output = Result<twilight_http::Response<T>, twilight_http::Error>>,
) -> usize {
    request.await.expect("twilight: request").bytes().await.expect("twilight: body").len()
}

/// The CPU time this thread has used (Linux's `/proc/thread-self/schedstat`), if readable.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// What one run of `requests` requests cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall: Duration,
    cpu: Option<Duration>,
}

/// Sends `requests` requests, `concurrency` at a time, on the current-thread runtime `rt`.
fn run(rt: &Runtime, peer: &Peer, op: Op, requests: usize, concurrency: usize) -> Cost {
    rt.block_on(async {
        let cpu = thread_cpu();
        let start = Instant::now();
        if concurrency == 1 {
            for _ in 0..requests {
                peer.once(op).await;
            }
        } else {
            let left = Arc::new(AtomicUsize::new(requests));
            let workers: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (peer, left) = (peer.clone(), left.clone());
                    tokio::spawn(async move {
                        while left
                            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                                n.checked_sub(1)
                            })
                            .is_ok()
                        {
                            peer.once(op).await;
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.await.expect("a worker panicked");
            }
        }
        let wall = start.elapsed();
        let cpu = cpu.zip(thread_cpu()).map(|(before, after)| after.saturating_sub(before));
        Cost { wall, cpu }
    })
}

/// The emulator, on a runtime of its own, and the runtime the clients run on.
struct Bench {
    _server: Runtime,
    emulator: Emulator,
    client_rt: Runtime,
    guild: u64,
    channel: u64,
    channels: [u64; 2],
}

impl Bench {
    fn start() -> Self {
        let server = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("emulator")
            .enable_all()
            .build()
            .expect("a runtime for the emulator");
        let mut limits = RateLimits::default();
        limits.enabled = false;
        let emulator = server
            .block_on(Emulator::builder().rate_limits(limits).start())
            .expect("the emulator starts");
        let handle = emulator.handle();
        let guild = handle.guild_ids()[0];
        let channel = handle.channels(guild)[2].id;
        let mut post_to = ["accord", "twilight"].map(|name| {
            handle.create_channel(guild, name, ChannelType::GuildText).expect("a channel").id.get()
        });
        post_to.sort_unstable();
        let client_rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the clients");
        Self {
            _server: server,
            emulator,
            client_rt,
            guild: guild.get(),
            channel: channel.get(),
            channels: post_to,
        }
    }

    fn accord(&self, limiter: Limiter) -> Peer {
        let ratelimiter: Option<Arc<dyn accord_http::ratelimit::Ratelimiter>> = match limiter {
            Limiter::Off => None,
            Limiter::On => {
                Some(Arc::new(InMemoryRatelimiter::builder().global_limit(None).build()))
            }
        };
        let client = accord_http::Client::builder()
            .token(self.emulator.token())
            .base_url(self.emulator.http_url())
            .ratelimiter(ratelimiter)
            .build();
        Peer::Accord { client, guild: self.guild, channel: self.channel, post_to: self.channels[0] }
    }

    fn twilight(&self, limiter: Limiter) -> Peer {
        // twilight's limiter spawns its task on the runtime it is built in.
        let _runtime = self.client_rt.enter();
        let ratelimiter = match limiter {
            Limiter::Off => None,
            Limiter::On => Some(twilight_http_ratelimiting::RateLimiter::new(u16::MAX)),
        };
        let client = twilight_http::Client::builder()
            .token(self.emulator.token().to_owned())
            .proxy(self.emulator.addr().to_string(), true)
            .ratelimiter(ratelimiter)
            .build();
        Peer::Twilight {
            client: Arc::new(client),
            guild: self.guild,
            channel: self.channel,
            post_to: self.channels[1],
        }
    }

    /// Both peers, warmed up: connections open, buckets known.
    fn peers(&self, limiter: Limiter) -> [Peer; 2] {
        let peers = [self.accord(limiter), self.twilight(limiter)];
        for peer in &peers {
            for op in Op::ALL {
                run(&self.client_rt, peer, op, 50, CONCURRENCY);
            }
        }
        peers
    }
}

fn criterion_cases(c: &mut Criterion, bench: &Bench) {
    for limiter in [Limiter::Off, Limiter::On] {
        let peers = bench.peers(limiter);
        for op in Op::ALL {
            for (concurrency, batch) in [(1, 1), (CONCURRENCY, 256)] {
                let name = format!("{}/{}/concurrency {concurrency}", op.name(), limiter.name());
                let mut group = c.benchmark_group(name);
                group.throughput(Throughput::Elements(batch as u64));
                group.sample_size(20);
                group.warm_up_time(Duration::from_millis(500));
                group.measurement_time(Duration::from_secs(2));
                for peer in &peers {
                    group.bench_function(peer.name(), |b| {
                        b.iter_custom(|iters| {
                            let requests = usize::try_from(iters).unwrap_or(usize::MAX) * batch;
                            run(&bench.client_rt, peer, op, requests, concurrency).wall
                        });
                    });
                }
                group.finish();
            }
        }
    }
}

/// The best of seven runs of each peer, the peers taking turns so that noise from the rest of
/// the machine falls on both.
fn best_of(
    bench: &Bench,
    peers: &[Peer; 2],
    op: Op,
    requests: usize,
    concurrency: usize,
) -> [Cost; 2] {
    let mut best = [None::<Cost>; 2];
    for _ in 0..7 {
        for (slot, peer) in best.iter_mut().zip(peers) {
            let cost = run(&bench.client_rt, peer, op, requests, concurrency);
            *slot = Some(match *slot {
                None => cost,
                Some(old) => Cost {
                    wall: old.wall.min(cost.wall),
                    cpu: old.cpu.zip(cost.cpu).map(|(a, b)| a.min(b)),
                },
            });
        }
    }
    best.map(|cost| cost.expect("seven rounds ran"))
}

/// `accord / twilight = ratio`, for one column of the table.
fn cell(accord: f64, twilight: f64, decimals: usize) -> String {
    format!("{accord:.decimals$} / {twilight:.decimals$} = **{:.2}x**", accord / twilight)
}

#[allow(clippy::cast_precision_loss, reason = "counts and durations are far below 2^52")]
fn report(bench: &Bench) {
    const LATENCY_REQUESTS: usize = 1_000;
    const THROUGHPUT_REQUESTS: usize = 4_000;
    let micros = |cost: Duration, n: usize| cost.as_secs_f64() * 1e6 / n as f64;
    println!();
    println!(
        "accord-http vs twilight-http 0.18 against the emulator (rate limits off), accord / twilight"
    );
    println!(
        "| operation | client limiter | µs per request, c=1 | client CPU µs per request, c=1 \
         | requests/s, c={CONCURRENCY} |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for limiter in [Limiter::Off, Limiter::On] {
        let peers = bench.peers(limiter);
        for op in Op::ALL {
            let [accord, twilight] = best_of(bench, &peers, op, LATENCY_REQUESTS, 1);
            let latency = cell(
                micros(accord.wall, LATENCY_REQUESTS),
                micros(twilight.wall, LATENCY_REQUESTS),
                1,
            );
            let cpu = match (accord.cpu, twilight.cpu) {
                (Some(a), Some(t)) => {
                    cell(micros(a, LATENCY_REQUESTS), micros(t, LATENCY_REQUESTS), 1)
                }
                _ => "n/a".to_owned(),
            };
            let [accord, twilight] = best_of(bench, &peers, op, THROUGHPUT_REQUESTS, CONCURRENCY);
            let rate = |cost: Cost| THROUGHPUT_REQUESTS as f64 / cost.wall.as_secs_f64();
            let throughput = cell(rate(accord), rate(twilight), 0);
            println!("| {} | {} | {latency} | {cpu} | {throughput} |", op.name(), limiter.name());
        }
    }
    println!(
        "Time and CPU: lower is better (below 1x favours accord). Requests/s: higher is better \
         (above 1x favours accord)."
    );
}

/// Sends 1,000 requests of each operation at concurrency 1 with one client and nothing else,
/// for a profiler: `ACCORD_HTTP_BENCH_PROFILE=accord` (or `twilight`, `accord,limiter`,
/// `twilight,limiter`) `valgrind --tool=callgrind --separate-threads=yes <bench binary>`. The
/// client runs on the main thread (`-01` in callgrind's output), the emulator on another.
fn profile(which: &str) {
    let bench = Bench::start();
    let limiter = if which.ends_with(",limiter") { Limiter::On } else { Limiter::Off };
    let peer =
        if which.starts_with("twilight") { bench.twilight(limiter) } else { bench.accord(limiter) };
    for op in Op::ALL {
        run(&bench.client_rt, &peer, op, 1_000, 1);
    }
}

/// Every case of this file, with criterion's command-line options, then the ratio table.
fn benches() {
    if let Ok(which) = std::env::var("ACCORD_HTTP_BENCH_PROFILE") {
        profile(&which);
        return;
    }
    let bench = Bench::start();
    let mut criterion = Criterion::default().configure_from_args();
    criterion_cases(&mut criterion, &bench);
    report(&bench);
}

criterion_main!(benches);
