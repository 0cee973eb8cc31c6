//! Verified interactions per second through the service on one core (a current-thread
//! runtime): signature check, parse, and a PONG or the handler's response; and the signature
//! check and the parse alone, to show where the time goes.
//!
//! Criterion reports wall-clock time, which a busy shared machine inflates. The summary line at
//! the end divides the bench thread's CPU time (`/proc/thread-self/schedstat`, updated at
//! scheduler ticks, hence the 20,000 calls) by the calls: on a current-thread runtime that is
//! all the work, handler tasks included, so it is what one core does.

#![allow(missing_docs, clippy::unwrap_used, reason = "a benchmark")]

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_interactions::model::interaction::{
    Interaction, InteractionCallbackData, InteractionResponse,
};
use accord_interactions::{InteractionService, Responder, Verifier};
use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::Full;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut text, byte| {
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{byte:02x}"));
        text
    })
}

/// A slash command as Discord sends it, with a member and resolved data (1.3 KiB).
fn command_body() -> Vec<u8> {
    br#"{"id":"1180000000000000001","application_id":"1100000000000000011","type":2,
    "token":"aW50ZXJhY3Rpb246MTE4MDAwMDAwMDAwMDAwMDAwMTpYeXo","version":1,
    "guild_id":"1100000000000000022","channel_id":"1100000000000000033","locale":"en-US","guild_locale":"en-US",
    "app_permissions":"562949953421311","entitlements":[],"authorizing_integration_owners":{"0":"1100000000000000022"},"context":0,
    "member":{"user":{"id":"1100000000000000044","username":"mellow_maple","discriminator":"0","global_name":"Mellow","avatar":null,"public_flags":0},
      "roles":["1100000000000000055"],"joined_at":"2024-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0,
      "permissions":"562949953421311","pending":false,"nick":null,"avatar":null,"premium_since":null,"communication_disabled_until":null},
    "data":{"id":"1100000000000000066","name":"roll","type":1,"guild_id":"1100000000000000022",
      "options":[{"name":"sides","type":4,"value":20},{"name":"who","type":6,"value":"1100000000000000044"}],
      "resolved":{"users":{"1100000000000000044":{"id":"1100000000000000044","username":"mellow_maple","discriminator":"0","global_name":"Mellow","avatar":null}},
        "members":{"1100000000000000044":{"roles":[],"joined_at":"2024-01-01T00:00:00.000000+00:00","flags":0,"permissions":"562949953421311","pending":false}}}},
    "attachment_size_limit":10485760}"#
        .to_vec()
}

fn ping_body() -> Vec<u8> {
    br#"{"id":"1180000000000000002","application_id":"1100000000000000011","type":1,"token":"cGluZw","version":1}"#.to_vec()
}

struct Signed {
    signature: String,
    timestamp: String,
    body: Bytes,
}

impl Signed {
    fn new(key: &SigningKey, body: Vec<u8>) -> Self {
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs().to_string();
        let mut message = timestamp.clone().into_bytes();
        message.extend_from_slice(&body);
        let signature = hex(&key.sign(&message).to_bytes());
        Self { signature, timestamp, body: Bytes::from(body) }
    }

    fn request(&self) -> http::Request<Full<Bytes>> {
        http::Request::post("/interactions")
            .header("content-type", "application/json")
            .header("content-length", self.body.len())
            .header("x-signature-ed25519", &self.signature)
            .header("x-signature-timestamp", &self.timestamp)
            .body(Full::new(self.body.clone()))
            .unwrap()
    }
}

/// The CPU time this thread has used (Linux; zero elsewhere).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// CPU time per call of `f`, over `n` calls.
fn per_call(n: u32, mut f: impl FnMut()) -> Duration {
    let start = thread_cpu();
    for _ in 0..n {
        f();
    }
    thread_cpu().saturating_sub(start) / n
}

/// Calls per figure of the summary.
const N: u32 = 20_000;

fn bench(c: &mut Criterion) {
    let key = SigningKey::from_bytes(&[7; 32]);
    let verifier = Verifier::new(&hex(key.verifying_key().as_bytes())).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // The same request again and again: replay refusal off, so each one runs in full.
    let service = InteractionService::builder(
        verifier.clone(),
        |_: Interaction, responder: Responder| async move {
            let response =
                InteractionResponse::message(InteractionCallbackData::content("🎲 17 (d20)"));
            let _ = responder.respond(response).await;
        },
    )
    .replay_memory(0)
    .build();
    let ping = Signed::new(&key, ping_body());
    let command = Signed::new(&key, command_body());

    let mut group = c.benchmark_group("interactions");
    group.throughput(Throughput::Elements(1));
    group.bench_function("service/ping", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = service.handle(ping.request()).await;
            assert_eq!(response.status(), 200);
        });
    });
    group.bench_function("service/command", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = service.handle(command.request()).await;
            assert_eq!(response.status(), 200);
        });
    });
    group.bench_function("verify_strict/command", |b| {
        b.iter(|| {
            verifier
                .verify(
                    black_box(command.signature.as_bytes()),
                    command.timestamp.as_bytes(),
                    &command.body,
                )
                .unwrap();
        });
    });
    group.bench_function("parse/command", |b| {
        b.iter(|| serde_json::from_slice::<Interaction>(black_box(&command.body)).unwrap());
    });
    group.finish();

    // The summary: rates on one core and the signature check's share of a command.
    let service_command = per_call(N, || {
        runtime.block_on(async { black_box(service.handle(command.request()).await) });
    });
    let service_ping = per_call(N, || {
        runtime.block_on(async { black_box(service.handle(ping.request()).await) });
    });
    let verify = per_call(N, || {
        verifier
            .verify(command.signature.as_bytes(), command.timestamp.as_bytes(), &command.body)
            .unwrap();
    });
    let parse = per_call(N, || {
        black_box(serde_json::from_slice::<Interaction>(black_box(&command.body)).unwrap());
    });
    let rate = |cost: Duration| 1.0 / cost.as_secs_f64();
    let share = |part: Duration| 100.0 * part.as_secs_f64() / service_command.as_secs_f64();
    #[allow(clippy::print_stderr, reason = "the benchmark's summary")]
    {
        eprintln!(
            "one core (CPU time): {:.0} commands/s, {:.0} pings/s; of a command's {:.1} us, \
             verify_strict {:.1} us ({:.0}%), parse {:.1} us ({:.0}%)",
            rate(service_command),
            rate(service_ping),
            service_command.as_secs_f64() * 1e6,
            verify.as_secs_f64() * 1e6,
            share(verify),
            parse.as_secs_f64() * 1e6,
            share(parse),
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
