//! Requests per second and client CPU per request of accord-http and twilight-http 0.18, side
//! by side in one run, against the `accord-emulator` binary started as a child process with
//! its rate limits off: on loopback and with 50 ms added to every response, at 1, 8, 32 and
//! 128 requests in flight, on one route (`GET /users/@me`) and on eight (six channels and two
//! guilds), steady (every request sent as soon as one ends) and in bursts with pauses (only
//! the bursts timed).
//!
//! Each client runs on a current-thread runtime driven by the benchmark's thread, so the CPU
//! time of that thread is exactly what the client spends (the emulator is another process).
//! Both use their rate limiter with the global limit off (the emulator's is off too). The
//! clients take turns; a loopback row is the best of three turns.
//!
//! Then the rows of the measurement that found the connection churn: the emulator keeping
//! Discord's limits, each client with its default limiter (global limit 50/s), bursts of 45
//! `GET /users/@me` 1.1 s apart.
//!
//! `ACCORD_EMULATOR_BIN` names the emulator binary; by default it is the release one beside
//! the benchmark in the target directory (`cargo xtask bench http` builds it first).
//! `ACCORD_HTTP_BENCH_PROFILE=accord,8` (or `twilight,8`, any number in flight) only sends
//! 4,000 requests on one route on loopback with that client, and `accord,8,discord` ten bursts
//! of 45 under Discord's limits, for `valgrind --tool=callgrind` (the emulator, a child, is
//! not traced).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark harness: a failure aborts the run"
)]
#![allow(clippy::print_stdout, reason = "the benchmark's report")]

use std::future::IntoFuture;
use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use accord_http::ratelimit::InMemoryRatelimiter;
use accord_http::routing::Method;
use criterion::{Criterion, Throughput, criterion_main};
use tokio::runtime::Runtime;
use twilight_model::id::Id as TwilightId;

const TOKEN: &str = "bench.token";
const IN_FLIGHT: [usize; 4] = [1, 8, 32, 128];
/// The pause between bursts (not timed), far below both clients' idle connection timeouts.
const PAUSE: Duration = Duration::from_millis(300);
const BURSTS: usize = 4;

/// The emulator binary as a child process, killed on drop.
struct EmulatorProcess {
    child: Child,
    addr: String,
}

impl EmulatorProcess {
    fn start(flags: &[&str]) -> Self {
        let mut child = Command::new(emulator_binary())
            .args(["--addr", "127.0.0.1:0", "--token", TOKEN])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let addr = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| line.strip_prefix("accord-emulator listening on ").map(str::to_owned))
            .expect("the emulator prints its address");
        Self { child, addr }
    }

    fn base_url(&self) -> String {
        format!("http://{}/api/v10", self.addr)
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ACCORD_EMULATOR_BIN`, or the release binary in this benchmark's target directory, which
/// `cargo xtask bench http` builds first (`cargo bench` holds the build lock while it runs, so
/// the benchmark cannot build it itself).
fn emulator_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("ACCORD_EMULATOR_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the benchmark's path");
    // target/release/deps/throughput-… -> target/release/accord-emulator
    let binary = exe
        .parent()
        .and_then(std::path::Path::parent)
        .map(|dir| dir.join("accord-emulator"))
        .filter(|binary| binary.exists());
    binary.unwrap_or_else(|| {
        panic!(
            "the emulator binary is missing: run `cargo build --release -p accord-emulator` \
             first, or set ACCORD_EMULATOR_BIN"
        )
    })
}

/// The requests of a row: one route, or round-robin over several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Routes {
    One,
    Many,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pattern {
    Steady,
    Bursts,
}

/// A target of the many-routes rows.
#[derive(Clone, Copy, Debug)]
enum Target {
    Channel(u64),
    Guild(u64),
}

/// One client under test.
#[derive(Clone)]
enum Peer {
    Accord(accord_http::Client),
    Twilight(Arc<twilight_http::Client>),
}

impl Peer {
    fn name(&self) -> &'static str {
        match self {
            Self::Accord(_) => "accord",
            Self::Twilight(_) => "twilight",
        }
    }

    /// Sends one request and reads its body; returns the body's length.
    async fn once(&self, target: Option<Target>) -> usize {
        use accord_model::id::Id;
        let length = match (self, target) {
            (Self::Accord(client), None) => accord_bytes(client.get_my_user()).await,
            (Self::Accord(client), Some(Target::Channel(id))) => {
                accord_bytes(client.get_channel(Id::new(id))).await
            }
            (Self::Accord(client), Some(Target::Guild(id))) => {
                accord_bytes(client.get_guild(Id::new(id))).await
            }
            (Self::Twilight(client), None) => twilight_bytes(client.current_user()).await,
            (Self::Twilight(client), Some(Target::Channel(id))) => {
                twilight_bytes(client.channel(TwilightId::new(id))).await
            }
            (Self::Twilight(client), Some(Target::Guild(id))) => {
                twilight_bytes(client.guild(TwilightId::new(id))).await
            }
        };
        black_box(length)
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

/// What a run cost: the time and CPU of its timed part.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    requests: usize,
    wall: Duration,
    cpu: Duration,
}

impl Cost {
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn per_second(self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64()
    }

    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn cpu_micros(self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.requests as f64
    }

    fn add(&mut self, other: Self) {
        self.requests += other.requests;
        self.wall += other.wall;
        self.cpu += other.cpu;
    }
}

/// The emulator, its ids, and the runtime the clients run on.
struct Bench {
    emulator: EmulatorProcess,
    client_rt: Runtime,
    targets: Vec<Target>,
}

impl Bench {
    fn start(flags: &[&str]) -> Self {
        let emulator = EmulatorProcess::start(flags);
        let client_rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the clients");
        let client = accord_http::Client::builder()
            .token(TOKEN)
            .base_url(emulator.base_url())
            .ratelimiter(None)
            .build();
        let targets = client_rt.block_on(async {
            let ids = |json: serde_json::Value| -> Vec<u64> {
                let list = json.as_array().cloned().unwrap_or_default();
                list.iter().filter_map(|item| item["id"].as_str()?.parse().ok()).collect()
            };
            let get = |path: String| {
                let client = client.clone();
                async move {
                    let response = client.request(Method::Get, &path, None).await;
                    response.expect("a listing").model().await.expect("a listing's body")
                }
            };
            let guilds = ids(get("/users/@me/guilds".to_owned()).await);
            let mut targets: Vec<Target> = Vec::new();
            for &guild in &guilds {
                let channels = ids(get(format!("/guilds/{guild}/channels")).await);
                targets.extend(channels.into_iter().take(3).map(Target::Channel));
            }
            targets.extend(guilds.iter().take(2).map(|&guild| Target::Guild(guild)));
            targets
        });
        assert!(targets.len() >= 6, "the emulator's world has too few channels: {targets:?}");
        Self { emulator, client_rt, targets }
    }

    /// accord-http with its rate limiter: the global limit off, or its default (50/s).
    fn accord(&self, global: bool) -> Peer {
        let limiter = if global {
            InMemoryRatelimiter::new()
        } else {
            InMemoryRatelimiter::builder().global_limit(None).build()
        };
        let client = accord_http::Client::builder()
            .token(TOKEN)
            .base_url(self.emulator.base_url())
            .ratelimiter(Some(Arc::new(limiter)))
            .build();
        Peer::Accord(client)
    }

    /// twilight-http with its rate limiter: the global limit off, or its default (50/s).
    fn twilight(&self, global: bool) -> Peer {
        // twilight's limiter spawns its task on the runtime it is built in.
        let _runtime = self.client_rt.enter();
        let limiter = if global {
            twilight_http_ratelimiting::RateLimiter::default()
        } else {
            twilight_http_ratelimiting::RateLimiter::new(u16::MAX)
        };
        let client = twilight_http::Client::builder()
            .token(TOKEN.to_owned())
            .proxy(self.emulator.addr.clone(), true)
            .ratelimiter(Some(limiter))
            .build();
        Peer::Twilight(Arc::new(client))
    }

    /// Both peers, warmed up: connections open, buckets known.
    fn peers(&self, global: bool) -> [Peer; 2] {
        let peers = [self.accord(global), self.twilight(global)];
        for peer in &peers {
            for routes in [Routes::One, Routes::Many] {
                self.send(peer, routes, 64, 8);
            }
        }
        peers
    }

    /// Both peers with their default limiters, warmed up by one burst under Discord's limits.
    fn peers_discord(&self) -> [Peer; 2] {
        let peers = [self.accord(true), self.twilight(true)];
        for peer in &peers {
            self.send(peer, Routes::One, 45, 8);
        }
        std::thread::sleep(Duration::from_millis(1_100));
        peers
    }

    /// `bursts` bursts of `burst` requests, 1.1 s apart, so that they stay under the global
    /// limits of the emulator and of both clients.
    fn discord_bursts(&self, peer: &Peer, in_flight: usize, burst: usize, bursts: usize) -> Cost {
        let mut total = Cost::default();
        for _ in 0..bursts {
            total.add(self.send(peer, Routes::One, burst, in_flight));
            std::thread::sleep(Duration::from_millis(1_100));
        }
        total
    }

    /// Sends `requests` requests, `in_flight` at a time; the cost of all of them.
    fn send(&self, peer: &Peer, routes: Routes, requests: usize, in_flight: usize) -> Cost {
        self.client_rt.block_on(async {
            let next = Arc::new(AtomicUsize::new(0));
            let targets: Arc<[Target]> = self.targets.clone().into();
            let cpu = thread_cpu().unwrap_or_default();
            let start = Instant::now();
            let workers: Vec<_> = (0..in_flight)
                .map(|_| {
                    let (peer, next, targets) = (peer.clone(), next.clone(), targets.clone());
                    tokio::spawn(async move {
                        loop {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            if n >= requests {
                                break;
                            }
                            let target = match routes {
                                Routes::One => None,
                                Routes::Many => targets.get(n % targets.len()).copied(),
                            };
                            peer.once(target).await;
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.await.expect("a worker panicked");
            }
            let wall = start.elapsed();
            let cpu = thread_cpu().unwrap_or_default().saturating_sub(cpu);
            Cost { requests, wall, cpu }
        })
    }

    /// One run of a row.
    fn run(
        &self,
        peer: &Peer,
        routes: Routes,
        pattern: Pattern,
        in_flight: usize,
        burst: usize,
    ) -> Cost {
        match pattern {
            Pattern::Steady => self.send(peer, routes, burst * BURSTS, in_flight),
            Pattern::Bursts => {
                let mut total = Cost::default();
                for _ in 0..BURSTS {
                    std::thread::sleep(PAUSE);
                    total.add(self.send(peer, routes, burst, in_flight));
                }
                total
            }
        }
    }
}

/// `accord / twilight = ratio`.
fn cell(accord: f64, twilight: f64, decimals: usize) -> String {
    format!("{accord:.decimals$} / {twilight:.decimals$} = **{:.2}x**", accord / twilight)
}

/// The rows of one network: every route set, pattern and number in flight. On loopback each
/// row is the best of three turns of each client; with latency one turn (the network is the
/// noise there, and a serial client needs seconds per row).
fn report(network: &str, bench: &Bench, turns: usize, burst_of: impl Fn(usize) -> usize) {
    let peers = bench.peers(false);
    for routes in [Routes::One, Routes::Many] {
        for pattern in [Pattern::Steady, Pattern::Bursts] {
            for in_flight in IN_FLIGHT {
                let burst = burst_of(in_flight);
                let mut best: [Option<Cost>; 2] = [None, None];
                for _ in 0..turns {
                    for (slot, peer) in best.iter_mut().zip(&peers) {
                        let cost = bench.run(peer, routes, pattern, in_flight, burst);
                        *slot = Some(match *slot {
                            None => cost,
                            Some(old) => Cost {
                                requests: cost.requests,
                                wall: old.wall.min(cost.wall),
                                cpu: old.cpu.min(cost.cpu),
                            },
                        });
                    }
                }
                let [Some(accord), Some(twilight)] = best else { continue };
                println!(
                    "| {network} | {} | {} | {in_flight} | {} | {} |",
                    match routes {
                        Routes::One => "one",
                        Routes::Many => "eight",
                    },
                    match pattern {
                        Pattern::Steady => "steady",
                        Pattern::Bursts => "bursts",
                    },
                    cell(accord.per_second(), twilight.per_second(), 0),
                    cell(accord.cpu_micros(), twilight.cpu_micros(), 1),
                );
            }
        }
    }
}

fn criterion_cases(c: &mut Criterion, bench: &Bench) {
    let peers = bench.peers(false);
    for in_flight in IN_FLIGHT {
        let batch = 64.max(in_flight * 4);
        let mut group = c.benchmark_group(format!("get_my_user/loopback/{in_flight} in flight"));
        group.throughput(Throughput::Elements(batch as u64));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(300));
        group.measurement_time(Duration::from_secs(1));
        for peer in &peers {
            group.bench_function(peer.name(), |b| {
                b.iter_custom(|iters| {
                    let requests = usize::try_from(iters).unwrap_or(usize::MAX) * batch;
                    bench.send(peer, Routes::One, requests, in_flight).wall
                });
            });
        }
        group.finish();
    }
}

/// The measurement: the emulator keeping Discord's limits, each client with its
/// default rate limiter (global limit 50/s), bursts of 45 `GET /users/@me` 1.1 s apart (under
/// both global limits), only the bursts timed.
fn discord_limits(turns: usize) {
    const BURST: usize = 45;
    let bench = Bench::start(&[]);
    let peers = bench.peers_discord();
    for in_flight in IN_FLIGHT {
        let mut costs = [Cost::default(); 2];
        for _ in 0..turns {
            for (cost, peer) in costs.iter_mut().zip(&peers) {
                cost.add(bench.discord_bursts(peer, in_flight, BURST, 10));
            }
        }
        let [accord, twilight] = costs;
        println!(
            "| loopback, Discord's limits | one | bursts of {BURST}, 1.1 s apart | {in_flight} | {} | {} |",
            cell(accord.per_second(), twilight.per_second(), 0),
            cell(accord.cpu_micros(), twilight.cpu_micros(), 1),
        );
    }
}

fn profile(which: &str) {
    let mut parts = which.split(',');
    let client = parts.next().unwrap_or("accord");
    let in_flight = parts.next().unwrap_or("8").parse().expect("<client>,<in flight>[,discord]");
    if parts.next() == Some("discord") {
        let bench = Bench::start(&[]);
        let peers = bench.peers_discord();
        let peer = if client == "twilight" { &peers[1] } else { &peers[0] };
        bench.discord_bursts(peer, in_flight, 45, 10);
        return;
    }
    let bench = Bench::start(&["--no-rate-limits"]);
    let peer = if client == "twilight" { bench.twilight(false) } else { bench.accord(false) };
    bench.send(&peer, Routes::One, 4_000, in_flight);
}

/// The criterion cases (loopback, one route, steady), then the table of every row.
fn benches() {
    if let Ok(which) = std::env::var("ACCORD_HTTP_BENCH_PROFILE") {
        profile(&which);
        return;
    }
    let loopback = Bench::start(&["--no-rate-limits"]);
    let mut criterion = Criterion::default().configure_from_args();
    criterion_cases(&mut criterion, &loopback);
    println!();
    println!("accord-http vs twilight-http 0.18 against the emulator binary, accord / twilight");
    println!("| network | routes | pattern | in flight | requests/s | client CPU µs per request |");
    println!("| --- | --- | --- | --- | --- | --- |");
    report("loopback", &loopback, 3, |in_flight| 256.max(in_flight * 8));
    drop(loopback);
    discord_limits(1);
    let latency = Bench::start(&["--no-rate-limits", "--latency", "50"]);
    report("50 ms", &latency, 1, |in_flight| 16.max(in_flight));
    println!(
        "Requests/s: above 1x favours accord. CPU: below 1x does. Bursts: {BURSTS} bursts with \
         {} ms pauses, only the bursts timed.",
        PAUSE.as_millis()
    );
}

criterion_main!(benches);
