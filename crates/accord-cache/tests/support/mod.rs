//! What the emulator tests share: a raw gateway connection that feeds a cache, a minimal
//! HTTP client for the emulator's REST API, and a seeded random generator.

#![allow(dead_code, reason = "each test binary uses part of the support module")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use accord_cache::InMemoryCache;
use accord_emulator::{Emulator, EmulatorBuilder, RateLimits};
use accord_model::gateway::{GatewayCommand, GatewayEvent, Identify, IdentifyProperties, Intents};
use accord_model::permissions::Permissions;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as Frame;

/// A gateway session whose dispatches go straight into a cache.
pub(crate) struct Gateway {
    commands: mpsc::UnboundedSender<String>,
    dispatched: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Gateway {
    /// Connects, identifies with every intent, and feeds every dispatch to `cache`.
    pub(crate) async fn connect(emulator: &Emulator, cache: Arc<InMemoryCache>) -> Self {
        let url = format!("{}/?v=10&encoding=json", emulator.gateway_url());
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("the gateway accepts the connection");
        let (mut sink, mut stream) = socket.split();
        let hello = stream.next().await.expect("HELLO").expect("a frame");
        assert!(
            hello.to_text().unwrap_or_default().contains("\"op\":10"),
            "the first frame is HELLO: {hello:?}"
        );
        let mut identify = Identify::new(
            emulator.token().into(),
            Intents::all(),
            IdentifyProperties::new("accord-cache tests"),
        );
        identify.large_threshold = Some(250);
        let identify = GatewayCommand::Identify(Box::new(identify)).to_json();
        sink.send(Frame::Text(identify.into())).await.expect("IDENTIFY is sent");
        let (commands, mut outgoing) = mpsc::unbounded_channel::<String>();
        let dispatched = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&dispatched);
        let task = tokio::spawn(async move {
            let mut seq = None;
            loop {
                tokio::select! {
                    command = outgoing.recv() => {
                        let Some(command) = command else { break };
                        if sink.send(Frame::Text(command.into())).await.is_err() {
                            break;
                        }
                    }
                    frame = stream.next() => {
                        let Some(Ok(frame)) = frame else { break };
                        if let Frame::Close(close) = &frame {
                            panic!("the gateway closed the session: {close:?}");
                        }
                        let Ok(text) = frame.to_text() else { continue };
                        match GatewayEvent::from_json(text) {
                            Ok(GatewayEvent::Dispatch { seq: s, event }) => {
                                seq = Some(s);
                                cache.update(&event);
                                counter.fetch_add(1, Ordering::SeqCst);
                            }
                            Ok(GatewayEvent::Heartbeat) => {
                                let beat = GatewayCommand::Heartbeat(seq).to_json();
                                if sink.send(Frame::Text(beat.into())).await.is_err() {
                                    break;
                                }
                            }
                            Ok(_) => {}
                            Err(error) => panic!("the cache tests got a frame they cannot parse: {error}: {text}"),
                        }
                    }
                }
            }
        });
        Self { commands, dispatched, task }
    }

    /// Sends a gateway command (such as a voice state update).
    pub(crate) fn send(&self, command: &GatewayCommand) {
        self.commands.send(command.to_json()).expect("the gateway task is running");
    }

    /// How many dispatches the cache was fed.
    pub(crate) fn dispatched(&self) -> u64 {
        self.dispatched.load(Ordering::SeqCst)
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Waits until `done` holds, for at most 30 seconds.
pub(crate) async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..3000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A response of the REST API.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: String,
}

/// The emulator's REST API over plain HTTP/1.1, one connection per request.
pub(crate) struct Rest {
    addr: std::net::SocketAddr,
    token: String,
}

impl Rest {
    pub(crate) fn new(emulator: &Emulator) -> Self {
        Self { addr: emulator.addr(), token: emulator.token().to_owned() }
    }

    /// Sends a request with an optional JSON body to a path under `/api/v10`.
    pub(crate) async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Response {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} /api/v10{path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bot {}\r\nUser-Agent: DiscordBot (accord-cache tests, 0.1)\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            self.token,
            body.len()
        );
        let mut stream =
            TcpStream::connect(self.addr).await.expect("the REST API accepts connections");
        stream.write_all(request.as_bytes()).await.expect("the request is sent");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("the response is read");
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
        let body = if chunked { dechunk(body) } else { body.to_owned() };
        Response { status, body }
    }
}

/// Decodes a chunked body.
fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// SplitMix64, for seeded action sequences.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (which must not be 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    pub(crate) fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Each of `choices`, with a chance of `percent` in 100.
    pub(crate) fn permissions(&mut self, choices: &[Permissions], percent: u64) -> Permissions {
        choices
            .iter()
            .filter(|_| self.percent(percent))
            .fold(Permissions::empty(), |all, p| all | *p)
    }
}

/// An emulator for a permission test with generated guilds (see [`permission_emulator`]).
pub(crate) async fn permission_world(guilds: u32, members_per_guild: u32, seed: u64) -> Emulator {
    permission_emulator()
        .guilds(guilds)
        .members_per_guild(members_per_guild)
        .seed(seed)
        .start()
        .await
        .expect("the emulator starts")
}

/// The configuration of an emulator for a permission test: every intent granted, rate limits
/// off (the tests change more than Discord would allow in a few seconds), heartbeats rare.
pub(crate) fn permission_emulator() -> EmulatorBuilder {
    let mut rate_limits = RateLimits::default();
    rate_limits.enabled = false;
    Emulator::builder()
        .granted_intents(Intents::all())
        .rate_limits(rate_limits)
        .heartbeat_interval(Duration::from_secs(3600))
}
