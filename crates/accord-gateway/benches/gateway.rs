//! accord-gateway beside twilight-gateway 0.18 against the same emulator, in one run:
//!
//! - events per second through one shard from the emulator's firehose, with zstd-stream and
//!   zlib-stream, parsing included (every event parsed into each library's own model);
//! - memory per idle connected shard, measured with a counting global allocator (`cap`):
//!   the live bytes with 16 shards connected, identified, past their GUILD_CREATEs and
//!   heartbeating, minus the live bytes before they were created, divided by 16.
//!
//! The emulator runs in a child process (this same binary, started with an environment
//! variable) so that neither its memory nor its CPU is counted as the client's. The run ends
//! with a summary of ratios, accord over twilight.
//!
//! twilight-gateway picks its transport compression at compile time (zstd when its `zstd`
//! feature is on, as here), so its zstd figure is also the reference for accord's zlib one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark harness: a failure aborts the run"
)]
#![allow(
    clippy::print_stdout,
    reason = "the summary goes to standard output, and the child process talks to its parent over it"
)]

use std::alloc::System;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use accord_emulator::{Emulator, FirehoseSpec, GatewayLimits, Timings};
use accord_gateway::{CloseMode, Compression, Config, InMemoryQueue, Shard};
use accord_model::gateway::{Event, EventType, Intents, ShardId};
use cap::Cap;
use criterion::{Criterion, Throughput};
use tokio::runtime::Runtime;
use twilight_gateway::{EventTypeFlags, StreamExt as _};

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// Set in the child process that runs the emulator.
const CHILD: &str = "ACCORD_GATEWAY_BENCH_EMULATOR";
/// Firehose events per measured iteration.
const EVENTS: u64 = 20_000;
/// Shards connected at once for the memory figure (and guilds in the world, one each).
const IDLE_SHARDS: u16 = 16;
/// How long the idle shards keep heartbeating before the measurement.
const IDLE: Duration = Duration::from_millis(2500);
const HEARTBEAT: Duration = Duration::from_secs(1);

fn main() {
    if std::env::var_os(CHILD).is_some() {
        run_emulator();
        return;
    }
    // The client runs on this thread alone, so this thread's CPU time is what it spends.
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let mut emulator = EmulatorProcess::start();
    let mut criterion = Criterion::default().configure_from_args().sample_size(10);
    let mut rates: Vec<(&str, Rates)> = Vec::new();

    let mut group = criterion.benchmark_group("firehose");
    group.throughput(Throughput::Elements(EVENTS));
    group.measurement_time(Duration::from_secs(8));
    for (name, compression, raw) in [
        ("accord zstd", Compression::ZstdStream, false),
        ("accord zlib", Compression::ZlibStream, false),
        ("accord zstd raw", Compression::ZstdStream, true),
    ] {
        let mut shard = runtime.block_on(accord_shard(&emulator, compression));
        let mut times = Vec::new();
        group.bench_function(name, |bencher| {
            bencher.iter_custom(|iterations| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let cost = accord_firehose(&mut shard, &mut emulator, raw).await;
                        times.push(cost);
                        total += cost.wall;
                    }
                    total
                })
            });
        });
        runtime.block_on(shard.close(CloseMode::End));
        rates.push((name, Rates::of(&times)));
    }
    {
        let mut shard = runtime.block_on(twilight_shard(&emulator, twilight_gateway::ShardId::ONE));
        let mut times = Vec::new();
        group.bench_function("twilight zstd", |bencher| {
            bencher.iter_custom(|iterations| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        let cost = twilight_firehose(&mut shard, &mut emulator).await;
                        times.push(cost);
                        total += cost.wall;
                    }
                    total
                })
            });
        });
        runtime.block_on(twilight_close(shard));
        rates.push(("twilight zstd", Rates::of(&times)));
    }
    group.finish();

    // Memory: each measured twice, the second time counts (the first pays one-time costs
    // such as lazily initialised statics and grown runtime structures).
    let mut memory = Vec::new();
    for (name, compression) in [
        ("accord zstd", Some(Compression::ZstdStream)),
        ("accord zlib", Some(Compression::ZlibStream)),
        ("twilight zstd", None),
    ] {
        let mut per_shard = 0;
        for _ in 0..2 {
            per_shard = match compression {
                Some(compression) => runtime.block_on(accord_idle_memory(&emulator, compression)),
                None => runtime.block_on(twilight_idle_memory(&emulator)),
            };
        }
        memory.push((name, per_shard));
    }

    let twilight_rate = rates
        .iter()
        .find(|(name, _)| name.starts_with("twilight"))
        .map_or(Rates { wall: 1.0, cpu: 1.0 }, |r| r.1);
    let twilight_memory =
        memory.iter().find(|(name, _)| name.starts_with("twilight")).map_or(1, |m| m.1);
    println!("\nsummary ({EVENTS} firehose events per iteration, {IDLE_SHARDS} idle shards)");
    println!(
        "{:<16} {:>10} {:>7} {:>16} {:>7} {:>16} {:>7}",
        "client", "events/s", "ratio", "events/CPU-s", "ratio", "bytes/idle shard", "ratio"
    );
    for (name, rates) in &rates {
        let wall_ratio = rates.wall / twilight_rate.wall;
        let cpu_ratio = rates.cpu / twilight_rate.cpu;
        let (bytes, memory_ratio) = match memory.iter().find(|(measured, _)| measured == name) {
            Some((_, bytes)) => {
                #[allow(clippy::cast_precision_loss, reason = "byte counts far below 2^52")]
                let ratio = *bytes as f64 / twilight_memory as f64;
                (bytes.to_string(), format!("{ratio:.2}x"))
            }
            None => ("-".to_owned(), "-".to_owned()),
        };
        println!(
            "{name:<16} {:>10.0} {wall_ratio:>6.2}x {:>16.0} {cpu_ratio:>6.2}x {bytes:>16} {memory_ratio:>7}",
            rates.wall, rates.cpu
        );
    }
    drop(emulator);
}

/// What reading one firehose cost the client.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall: Duration,
    /// CPU time of the thread that runs the client (and nothing else).
    cpu: Duration,
}

impl Cost {
    fn measure_from(start: (Instant, Duration)) -> Self {
        Self { wall: start.0.elapsed(), cpu: thread_cpu().saturating_sub(start.1) }
    }
}

fn now() -> (Instant, Duration) {
    (Instant::now(), thread_cpu())
}

/// The CPU time this thread has used (Linux's `/proc/thread-self/schedstat`; zero elsewhere,
/// which shows as an infinite rate).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// Events per second of wall-clock time (bounded by how fast the emulator produces them) and
/// per second of the client's CPU time (how fast the client could go on one core), each the
/// median over the measured iterations.
#[derive(Clone, Copy, Debug)]
struct Rates {
    wall: f64,
    cpu: f64,
}

impl Rates {
    fn of(costs: &[Cost]) -> Self {
        let median = |time: fn(&Cost) -> Duration| {
            #[allow(clippy::cast_precision_loss, reason = "event counts far below 2^52")]
            let mut rates: Vec<f64> =
                costs.iter().map(|cost| EVENTS as f64 / time(cost).as_secs_f64()).collect();
            rates.sort_by(f64::total_cmp);
            rates.get(rates.len() / 2).copied().unwrap_or_default()
        };
        Self { wall: median(|cost| cost.wall), cpu: median(|cost| cost.cpu) }
    }
}

/// Whether an event is one the firehose sends.
fn is_firehose(kind: Option<EventType>) -> bool {
    matches!(
        kind,
        Some(
            EventType::MessageCreate
                | EventType::MessageUpdate
                | EventType::MessageDelete
                | EventType::MessageReactionAdd
                | EventType::InteractionCreate
                | EventType::TypingStart
                | EventType::PresenceUpdate
                | EventType::GuildMemberUpdate
                | EventType::VoiceStateUpdate
        )
    )
}

fn accord_config(emulator: &EmulatorProcess, compression: Compression) -> Config {
    Config::builder(emulator.token.as_str(), Intents::all())
        .gateway_url(emulator.url.clone())
        .compression(compression)
        .queue(Arc::new(InMemoryQueue::new(u32::from(IDLE_SHARDS))))
        .build()
        .expect("a valid configuration")
}

async fn accord_shard(emulator: &EmulatorProcess, compression: Compression) -> Shard {
    let mut shard = Shard::new(ShardId::ONE, accord_config(emulator, compression));
    while shard.session().is_none() {
        shard.next_event().await.expect("a live shard").expect("READY");
    }
    shard
}

/// Reads one firehose; `raw` reads the JSON text of each event instead of parsing it.
async fn accord_firehose(shard: &mut Shard, emulator: &mut EmulatorProcess, raw: bool) -> Cost {
    let start = now();
    emulator.start_firehose(EVENTS);
    let mut received = 0;
    while received < EVENTS {
        let kind = if raw {
            shard.next_raw().await.expect("a live shard").map(|raw| raw.kind())
        } else {
            shard.next_event().await.expect("a live shard").map(|event| event.kind())
        };
        match kind {
            Ok(kind) if is_firehose(kind) => received += 1,
            Ok(_) => {}
            Err(error) => panic!("{error}"),
        }
    }
    let cost = Cost::measure_from(start);
    emulator.wait_firehose();
    cost
}

fn twilight_config(emulator: &EmulatorProcess) -> twilight_gateway::Config {
    let queue = twilight_gateway::queue::InMemoryQueue::new(
        IDLE_SHARDS,
        1000,
        Duration::from_secs(24 * 3600),
        1000,
    );
    twilight_gateway::ConfigBuilder::new(emulator.token.clone(), twilight_gateway::Intents::all())
        .proxy_url(emulator.url.clone())
        .queue(queue)
        .build()
}

async fn twilight_shard(
    emulator: &EmulatorProcess,
    id: twilight_gateway::ShardId,
) -> twilight_gateway::Shard {
    let mut shard = twilight_gateway::Shard::with_config(id, twilight_config(emulator));
    loop {
        if let twilight_gateway::Event::Ready(_) =
            shard.next_event(EventTypeFlags::all()).await.expect("a live shard").expect("READY")
        {
            return shard;
        }
    }
}

/// The event's type in accord's vocabulary, to count the same events for both libraries.
fn twilight_kind(event: &twilight_gateway::Event) -> Option<EventType> {
    use twilight_gateway::Event as E;
    Some(match event {
        E::MessageCreate(_) => EventType::MessageCreate,
        E::MessageUpdate(_) => EventType::MessageUpdate,
        E::MessageDelete(_) => EventType::MessageDelete,
        E::ReactionAdd(_) => EventType::MessageReactionAdd,
        E::InteractionCreate(_) => EventType::InteractionCreate,
        E::TypingStart(_) => EventType::TypingStart,
        E::PresenceUpdate(_) => EventType::PresenceUpdate,
        E::MemberUpdate(_) => EventType::GuildMemberUpdate,
        E::VoiceStateUpdate(_) => EventType::VoiceStateUpdate,
        _ => return None,
    })
}

async fn twilight_firehose(
    shard: &mut twilight_gateway::Shard,
    emulator: &mut EmulatorProcess,
) -> Cost {
    let start = now();
    emulator.start_firehose(EVENTS);
    let mut received = 0;
    while received < EVENTS {
        match shard.next_event(EventTypeFlags::all()).await.expect("a live shard") {
            Ok(event) if is_firehose(twilight_kind(&event)) => received += 1,
            Ok(_) => {}
            Err(error) => panic!("twilight could not read an event: {error}"),
        }
    }
    let cost = Cost::measure_from(start);
    emulator.wait_firehose();
    cost
}

async fn twilight_close(mut shard: twilight_gateway::Shard) {
    shard.close(twilight_gateway::CloseFrame::NORMAL);
    // A twilight shard polled after its close reconnects: stop at the close.
    while let Some(item) = futures_util::StreamExt::next(&mut shard).await {
        if let Ok(twilight_gateway::Message::Close(_)) = item {
            break;
        }
    }
}

/// Runs until READY and the GUILD_CREATE of each of its guilds, tells `ready`, then keeps
/// heartbeating until it ends.
async fn accord_idle(mut shard: Shard, ready: tokio::sync::mpsc::UnboundedSender<()>) {
    let mut guilds = None;
    let mut created = 0;
    while let Some(item) = shard.next_event().await {
        match item {
            Ok(Event::Ready(event)) => guilds = Some(event.guilds.len()),
            Ok(Event::GuildCreate(_)) => created += 1,
            _ => {}
        }
        if guilds == Some(created) {
            guilds = None;
            let _ = ready.send(());
        }
    }
}

async fn accord_idle_memory(emulator: &EmulatorProcess, compression: Compression) -> usize {
    let (ready_tx, mut ready) = tokio::sync::mpsc::unbounded_channel();
    let before = ALLOCATOR.allocated();
    let config = accord_config(emulator, compression);
    let mut senders = Vec::new();
    let mut tasks = Vec::new();
    for number in 0..u32::from(IDLE_SHARDS) {
        let id = ShardId::new(number, u32::from(IDLE_SHARDS)).expect("a shard id");
        let shard = Shard::new(id, config.clone());
        senders.push(shard.sender());
        tasks.push(tokio::spawn(accord_idle(shard, ready_tx.clone())));
    }
    drop(config);
    for _ in 0..IDLE_SHARDS {
        ready.recv().await.expect("every shard gets ready");
    }
    tokio::time::sleep(IDLE).await;
    let after = ALLOCATOR.allocated();
    for sender in senders {
        let _ = sender.close(CloseMode::End);
    }
    for task in tasks {
        task.await.expect("the shard task");
    }
    after.saturating_sub(before) / usize::from(IDLE_SHARDS)
}

async fn twilight_idle(
    mut shard: twilight_gateway::Shard,
    ready: tokio::sync::mpsc::UnboundedSender<()>,
) {
    let mut guilds = None;
    let mut created = 0;
    while let Some(item) = shard.next_event(EventTypeFlags::all()).await {
        match item {
            Ok(twilight_gateway::Event::Ready(event)) => guilds = Some(event.guilds.len()),
            Ok(twilight_gateway::Event::GuildCreate(_)) => created += 1,
            Ok(twilight_gateway::Event::GatewayClose(_)) => break,
            _ => {}
        }
        if guilds == Some(created) {
            guilds = None;
            let _ = ready.send(());
        }
    }
}

async fn twilight_idle_memory(emulator: &EmulatorProcess) -> usize {
    let (ready_tx, mut ready) = tokio::sync::mpsc::unbounded_channel();
    let before = ALLOCATOR.allocated();
    let config = twilight_config(emulator);
    let mut senders = Vec::new();
    let mut tasks = Vec::new();
    for number in 0..u32::from(IDLE_SHARDS) {
        let id = twilight_gateway::ShardId::new(number, u32::from(IDLE_SHARDS));
        let shard = twilight_gateway::Shard::with_config(id, config.clone());
        senders.push(shard.sender());
        tasks.push(tokio::spawn(twilight_idle(shard, ready_tx.clone())));
    }
    drop(config);
    for _ in 0..IDLE_SHARDS {
        ready.recv().await.expect("every shard gets ready");
    }
    tokio::time::sleep(IDLE).await;
    let after = ALLOCATOR.allocated();
    for sender in senders {
        let _ = sender.close(twilight_gateway::CloseFrame::NORMAL);
    }
    for task in tasks {
        task.await.expect("the shard task");
    }
    after.saturating_sub(before) / usize::from(IDLE_SHARDS)
}

/// The emulator in a child process, driven over its standard input and output.
struct EmulatorProcess {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    url: String,
    token: String,
}

impl EmulatorProcess {
    fn start() -> Self {
        let exe = std::env::current_exe().expect("the bench's own path");
        let mut child = Command::new(exe)
            .env(CHILD, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the emulator process");
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("the emulator's address");
        let (url, token) = line.trim().split_once(' ').expect("`URL TOKEN`");
        let (url, token) = (url.to_owned(), token.to_owned());
        Self { child, stdin, stdout, url, token }
    }

    fn start_firehose(&mut self, events: u64) {
        writeln!(self.stdin, "firehose {events}").expect("the emulator reads commands");
        self.stdin.flush().expect("the emulator reads commands");
    }

    /// Waits until the emulator has emitted the whole firehose.
    fn wait_firehose(&mut self) {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("the emulator answers");
        assert_eq!(line.trim(), "done", "the emulator's answer");
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let _ = self.child.wait();
    }
}

/// The child process: an emulator that starts firehoses when asked, until its input ends.
fn run_emulator() {
    let runtime: Runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut limits = GatewayLimits::default();
    limits.max_concurrency = u32::from(IDLE_SHARDS);
    let emulator = runtime
        .block_on(
            Emulator::builder()
                .guilds(u32::from(IDLE_SHARDS))
                .members_per_guild(50)
                .timings(Timings::default().scaled_down(10))
                .heartbeat_interval(HEARTBEAT)
                .gateway_limits(limits)
                .start(),
        )
        .expect("the emulator starts");
    let handle = emulator.handle().clone();
    // Firehoses spawn their producer on this runtime.
    let _runtime = runtime.enter();
    println!("{} {}", emulator.gateway_url(), emulator.token());
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let mut words = line.split_whitespace();
        match (words.next(), words.next().and_then(|n| n.parse::<u64>().ok())) {
            (Some("firehose"), Some(count)) => {
                let firehose = handle
                    .firehose(FirehoseSpec::new(count).window(1024))
                    .expect("one firehose at a time");
                runtime.block_on(firehose.finish());
                println!("done");
            }
            _ => break,
        }
    }
    drop(emulator);
}
