//! The shard's state machine against a scripted websocket server on 127.0.0.1: each test
//! plays the gateway's side of one scenario and checks what the shard sent and yielded.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use accord_model::gateway::{
    CloseCode, Event, EventType, EventTypeSet, Intents, ShardId, UpdatePresence,
};
use accord_model::presence::Status;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

use super::{Shard, ShardState};
use crate::backoff::Backoff;
use crate::command::CloseMode;
use crate::compression::Compression;
use crate::config::{Config, ConfigBuilder};
use crate::error::ReceiveErrorKind;
use crate::queue::InMemoryQueue;
use crate::session::Session;

/// A guard against hangs, not a timing assertion: every scenario finishes in milliseconds.
const PATIENCE: Duration = Duration::from_secs(20);

async fn patiently<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future).await.unwrap_or_else(|_| panic!("timed out: {what}"))
}

struct Gateway {
    listener: TcpListener,
    url: String,
}

impl Gateway {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}", listener.local_addr().unwrap());
        Self { listener, url }
    }

    /// The next connection, with the query its URL carried.
    async fn accept(&self) -> Conn {
        let (tcp, _) = patiently("a connection", self.listener.accept()).await.unwrap();
        let (query_tx, query_rx) = std::sync::mpsc::channel();
        #[allow(clippy::result_large_err, reason = "tungstenite's callback signature")]
        let callback =
            move |request: &tokio_tungstenite::tungstenite::handshake::server::Request,
                  response| {
                let _ = query_tx.send(request.uri().query().unwrap_or_default().to_owned());
                Ok(response)
            };
        let ws = tokio_tungstenite::accept_hdr_async(tcp, callback).await.unwrap();
        Conn { ws, query: query_rx.recv().unwrap(), compressor: None }
    }

    fn config(&self) -> ConfigBuilder {
        Config::builder("token", Intents::GUILDS | Intents::GUILD_MESSAGES)
            .gateway_url(self.url.clone())
            .compression(Compression::None)
            .backoff(Backoff::new(Duration::from_millis(1), Duration::from_millis(10)))
            // Re-identifying waits for the queue's window: keep it short.
            .queue(Arc::new(InMemoryQueue::new(1).with_window(Duration::from_millis(1))))
    }
}

struct Conn {
    ws: WebSocketStream<TcpStream>,
    query: String,
    compressor: Option<Compressor>,
}

enum Compressor {
    Zlib(flate2::Compress),
    Zstd(zstd::stream::raw::Encoder<'static>),
}

impl Conn {
    async fn send(&mut self, json: &str) {
        let message = match &mut self.compressor {
            None => Message::text(json),
            Some(Compressor::Zlib(zlib)) => {
                let mut out = Vec::with_capacity(json.len() + 1024);
                zlib.compress_vec(json.as_bytes(), &mut out, flate2::FlushCompress::Sync).unwrap();
                Message::binary(out)
            }
            Some(Compressor::Zstd(zstd)) => {
                use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
                let mut out = vec![0; json.len() + 1024];
                let mut input = InBuffer::around(json.as_bytes());
                let mut output = OutBuffer::around(&mut out[..]);
                zstd.run(&mut input, &mut output).unwrap();
                zstd.flush(&mut output).unwrap();
                let written = output.pos();
                out.truncate(written);
                Message::binary(out)
            }
        };
        self.ws.send(message).await.unwrap();
    }

    async fn hello(&mut self, interval_ms: u64) {
        self.send(&json!({"op": 10, "d": {"heartbeat_interval": interval_ms}}).to_string()).await;
    }

    async fn dispatch(&mut self, name: &str, seq: u64, data: Value) {
        self.send(&json!({"t": name, "s": seq, "op": 0, "d": data}).to_string()).await;
    }

    async fn ready(&mut self, session: &str, resume_url: &str) {
        let ready = json!({
            "v": 10,
            "user": {"id": "100", "username": "bot", "discriminator": "0", "global_name": null, "avatar": null, "bot": true},
            "guilds": [],
            "session_id": session,
            "resume_gateway_url": resume_url,
            "application": {"id": "100", "flags": 0},
        });
        self.dispatch("READY", 1, ready).await;
    }

    /// The next payload the client sent; heartbeats are acknowledged and skipped unless
    /// `heartbeats` is set.
    async fn recv_payload(&mut self, heartbeats: bool) -> Option<Value> {
        loop {
            let message = patiently("a payload", self.ws.next()).await?.ok()?;
            let Message::Text(text) = message else {
                if let Message::Close(frame) = message {
                    return Some(json!({"close": frame.map(|f| u16::from(f.code))}));
                }
                continue;
            };
            let value: Value = serde_json::from_str(&text).unwrap();
            if value["op"] == 1 && !heartbeats {
                self.send(r#"{"op":11,"d":null}"#).await;
                continue;
            }
            return Some(value);
        }
    }

    async fn recv(&mut self) -> Value {
        self.recv_payload(false).await.expect("the client closed the connection")
    }

    async fn close(&mut self, code: u16) {
        let frame = CloseFrame { code: code.into(), reason: "".into() };
        let _ = self.ws.send(Message::Close(Some(frame))).await;
    }
}

fn delete(id: u64) -> Value {
    json!({"id": id.to_string(), "channel_id": "2"})
}

fn deleted_id(event: &Event) -> u64 {
    match event {
        Event::MessageDelete(delete) => delete.id.get(),
        other => panic!("expected MESSAGE_DELETE, got {:?}", other.kind()),
    }
}

async fn next(shard: &mut Shard) -> Event {
    match patiently("an event", shard.next_event()).await {
        Some(Ok(event)) => event,
        other => panic!("expected an event, got {other:?}"),
    }
}

#[tokio::test]
async fn identifies_then_yields_events_in_order() {
    let gateway = Gateway::start().await;
    let config = gateway.config().large_threshold(100).build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        assert_eq!(conn.query, "v=10&encoding=json");
        conn.hello(60_000).await;
        let identify = conn.recv().await;
        assert_eq!(identify["op"], 2);
        assert_eq!(identify["d"]["token"], "token");
        assert_eq!(identify["d"]["intents"], (Intents::GUILDS | Intents::GUILD_MESSAGES).bits());
        assert_eq!(identify["d"]["shard"], json!([1, 2]));
        assert_eq!(identify["d"]["large_threshold"], 100);
        conn.ready("s1", &url).await;
        for seq in 2..=4 {
            conn.dispatch("MESSAGE_DELETE", seq, delete(seq)).await;
        }
        conn
    });
    let mut shard = Shard::new(ShardId::new(1, 2).unwrap(), config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    assert_eq!(shard.state(), ShardState::Active);
    let ids = [
        deleted_id(&next(&mut shard).await),
        deleted_id(&next(&mut shard).await),
        deleted_id(&next(&mut shard).await),
    ];
    assert_eq!(ids, [2, 3, 4]);
    let session = shard.session().unwrap();
    assert_eq!((session.id(), session.sequence()), ("s1", 4));
    let counters = shard.counters();
    assert_eq!((counters.events(), counters.identifies(), counters.connections()), (4, 1, 1));
    drop(server.await.unwrap());
}

#[tokio::test]
async fn a_dropped_connection_resumes_and_replays_are_not_delivered_twice() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut first = gateway.accept().await;
        first.hello(60_000).await;
        first.recv().await;
        first.ready("s1", &url).await;
        first.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
        // Wait until the client has read event 2, then drop TCP without a close frame.
        let _ = first.recv_payload(true).await;
        drop(first);
        let mut second = gateway.accept().await;
        second.hello(60_000).await;
        let resume = second.recv().await;
        // Replays from the sequence the client asked for, plus one it already had.
        second.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
        second.dispatch("MESSAGE_DELETE", 3, delete(3)).await;
        second.dispatch("RESUMED", 4, json!({})).await;
        second.dispatch("MESSAGE_DELETE", 5, delete(5)).await;
        (resume, second)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    assert_eq!(deleted_id(&next(&mut shard).await), 2);
    // The server waits for a payload from the client before dropping: send one.
    shard.send(UpdatePresence::new(Status::Online, Vec::new())).unwrap();
    assert_eq!(deleted_id(&next(&mut shard).await), 3);
    assert!(matches!(next(&mut shard).await, Event::Resumed(_)));
    assert_eq!(deleted_id(&next(&mut shard).await), 5);
    let (resume, _conn) = server.await.unwrap();
    assert_eq!(resume["op"], 6);
    assert_eq!(resume["d"], json!({"token": "token", "session_id": "s1", "seq": 2}));
    let counters = shard.counters();
    assert_eq!((counters.resumes(), counters.reconnects(), counters.identifies()), (1, 1, 1));
}

#[tokio::test]
async fn a_zombie_connection_is_closed_with_a_non_1000_code_and_resumed() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut first = gateway.accept().await;
        first.hello(50).await;
        first.recv().await;
        first.ready("s1", &url).await;
        // Heartbeats arrive and are never acknowledged; the client gives up with a close
        // frame that keeps the session.
        let mut heartbeats = 0;
        let close = loop {
            let payload = first.recv_payload(true).await.unwrap();
            if payload["op"] == 1 {
                assert_eq!(payload["d"], 1, "heartbeats carry the last sequence");
                heartbeats += 1;
            } else if payload.get("close").is_some() {
                break payload["close"].clone();
            }
        };
        let mut second = gateway.accept().await;
        second.hello(60_000).await;
        let resume = second.recv().await;
        second.dispatch("RESUMED", 2, json!({})).await;
        (heartbeats, close, resume, second)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    let error = patiently("the zombie error", shard.next_event()).await.unwrap().unwrap_err();
    assert_eq!(*error.kind(), ReceiveErrorKind::Connection);
    assert!(matches!(next(&mut shard).await, Event::Resumed(_)));
    let (heartbeats, close, resume, _conn) = server.await.unwrap();
    assert_eq!(heartbeats, 1, "the second beat found the first unacknowledged");
    assert_eq!(close, 4000);
    assert_eq!(resume["op"], 6);
    assert_eq!(shard.counters().zombies(), 1);
}

#[tokio::test]
async fn an_ack_read_late_after_a_pause_in_polling_is_not_a_zombie() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let (paused_tx, paused_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(100).await;
        conn.recv().await;
        conn.ready("s1", &url).await;
        let heartbeat = conn.recv_payload(true).await.unwrap();
        assert_eq!(heartbeat["op"], 1);
        conn.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
        // The shard stops being polled; the ACK arrives while nobody reads it, after the
        // next heartbeat was due.
        paused_rx.await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        conn.send(r#"{"op":11,"d":null}"#).await;
        conn.dispatch("MESSAGE_DELETE", 3, delete(3)).await;
        // The due heartbeat follows once the shard has read the ACK.
        let late = conn.recv_payload(true).await.unwrap();
        (late, conn)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    assert_eq!(deleted_id(&next(&mut shard).await), 2);
    paused_tx.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(deleted_id(&next(&mut shard).await), 3);
    let (late, _conn) = server.await.unwrap();
    assert_eq!(late["op"], 1);
    let counters = shard.counters();
    assert_eq!((counters.zombies(), counters.connections()), (0, 1));
    assert_eq!(shard.latency().heartbeats(), 1);
}

#[tokio::test]
async fn a_requested_heartbeat_goes_out_at_once_and_acks_give_latency() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(60_000).await;
        conn.recv().await;
        conn.ready("s1", &url).await;
        conn.send(r#"{"op":1,"d":null}"#).await;
        let heartbeat = conn.recv_payload(true).await.unwrap();
        conn.send(r#"{"op":11,"d":null}"#).await;
        conn.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
        (heartbeat, conn)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    assert_eq!(deleted_id(&next(&mut shard).await), 2);
    let (heartbeat, _conn) = server.await.unwrap();
    assert_eq!(heartbeat, json!({"op": 1, "d": 1}));
    assert_eq!(shard.latency().heartbeats(), 1);
}

#[tokio::test]
async fn fatal_close_codes_end_the_shard_with_what_to_fix() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(60_000).await;
        conn.recv().await;
        conn.close(4014).await;
        conn
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    let sender = shard.sender();
    let error = patiently("the fatal error", shard.next_event()).await.unwrap().unwrap_err();
    assert_eq!(*error.kind(), ReceiveErrorKind::FatalClose(CloseCode::DisallowedIntents));
    assert!(error.is_fatal());
    assert!(error.to_string().contains("developer portal"), "{error}");
    assert!(shard.next_event().await.is_none());
    assert_eq!(shard.state(), ShardState::Ended);
    assert!(sender.is_closed());
    drop(server.await.unwrap());
}

#[tokio::test]
async fn a_non_resumable_invalid_session_identifies_again() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut first = gateway.accept().await;
        first.hello(60_000).await;
        first.recv().await;
        first.ready("s1", &url).await;
        first.send(r#"{"op":9,"d":false}"#).await;
        let mut second = gateway.accept().await;
        second.hello(60_000).await;
        let identify = second.recv().await;
        second.ready("s2", &url).await;
        (identify, second)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    let (identify, _conn) = server.await.unwrap();
    assert_eq!(identify["op"], 2);
    assert_eq!(shard.session().unwrap().id(), "s2");
    assert_eq!(shard.counters().identifies(), 2);
}

#[tokio::test]
async fn close_codes_that_end_the_session_identify_and_others_resume() {
    for (code, resumes) in [(4000, true), (4007, false), (4009, false), (1001, true)] {
        let gateway = Gateway::start().await;
        let config = gateway.config().build().unwrap();
        let url = gateway.url.clone();
        let server = tokio::spawn(async move {
            let mut first = gateway.accept().await;
            first.hello(60_000).await;
            first.recv().await;
            first.ready("s1", &url).await;
            first.close(code).await;
            let mut second = gateway.accept().await;
            second.hello(60_000).await;
            let payload = second.recv().await;
            if payload["op"] == 6 {
                second.dispatch("RESUMED", 2, json!({})).await;
            } else {
                second.ready("s2", &url).await;
            }
            (payload, second)
        });
        let mut shard = Shard::new(ShardId::ONE, config);
        assert!(matches!(next(&mut shard).await, Event::Ready(_)));
        let second = next(&mut shard).await;
        let (payload, _conn) = server.await.unwrap();
        assert_eq!(payload["op"], if resumes { 6 } else { 2 }, "close code {code}");
        assert_eq!(matches!(second, Event::Resumed(_)), resumes, "close code {code}");
        assert_eq!(shard.session().unwrap().id(), if resumes { "s1" } else { "s2" });
    }
}

#[tokio::test]
async fn only_wanted_events_are_yielded() {
    let gateway = Gateway::start().await;
    let wanted = EventTypeSet::empty().with(EventType::MessageDelete);
    let config = gateway.config().event_types(wanted).build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(60_000).await;
        conn.recv().await;
        conn.ready("s1", &url).await;
        conn.dispatch(
            "TYPING_START",
            2,
            json!({"channel_id": "2", "user_id": "3", "timestamp": 1}),
        )
        .await;
        conn.dispatch("SOMETHING_NEW", 3, json!({"x": 1})).await;
        conn.dispatch("MESSAGE_DELETE", 4, delete(4)).await;
        conn
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert_eq!(deleted_id(&next(&mut shard).await), 4);
    assert_eq!(shard.sequence(), Some(4));
    assert_eq!(shard.session().unwrap().id(), "s1", "READY was read though not yielded");
    let counters = shard.counters();
    assert_eq!((counters.events(), counters.skipped()), (1, 3));
    drop(server.await.unwrap());
}

#[tokio::test]
async fn raw_events_are_the_gateway_text() {
    let gateway = Gateway::start().await;
    let config = gateway.config().build().unwrap();
    let url = gateway.url.clone();
    let text = r#"{"t":"MESSAGE_DELETE","s":2,"op":0,"d":{"id":"7","channel_id":"2"}}"#;
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(60_000).await;
        conn.recv().await;
        conn.ready("s1", &url).await;
        conn.send(text).await;
        conn
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    let ready = patiently("READY", shard.next_raw()).await.unwrap().unwrap();
    assert_eq!((ready.seq(), ready.kind()), (1, Some(EventType::Ready)));
    let raw = patiently("an event", shard.next_raw()).await.unwrap().unwrap();
    assert_eq!((raw.seq(), raw.kind(), raw.json()), (2, Some(EventType::MessageDelete), text));
    assert!(raw.parse().is_ok());
    assert_eq!(shard.session().unwrap().sequence(), 2);
    drop(server.await.unwrap());
}

#[tokio::test]
async fn both_compressions_deliver_events() {
    for compression in [Compression::ZlibStream, Compression::ZstdStream] {
        let gateway = Gateway::start().await;
        let config = gateway.config().compression(compression).build().unwrap();
        let url = gateway.url.clone();
        let server = tokio::spawn(async move {
            let mut conn = gateway.accept().await;
            let query = conn.query.clone();
            conn.compressor = Some(if query.ends_with("zlib-stream") {
                Compressor::Zlib(flate2::Compress::new(flate2::Compression::fast(), true))
            } else {
                Compressor::Zstd(zstd::stream::raw::Encoder::new(3).unwrap())
            });
            conn.hello(60_000).await;
            conn.recv().await;
            conn.ready("s1", &url).await;
            conn.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
            (query, conn)
        });
        let mut shard = Shard::new(ShardId::ONE, config);
        assert!(matches!(next(&mut shard).await, Event::Ready(_)));
        assert_eq!(deleted_id(&next(&mut shard).await), 2);
        let (query, _conn) = server.await.unwrap();
        assert_eq!(Some(query.rsplit('=').next().unwrap()), compression.query_value());
    }
}

#[tokio::test]
async fn a_corrupt_frame_is_an_error_and_a_resume() {
    let gateway = Gateway::start().await;
    let config = gateway.config().compression(Compression::ZlibStream).build().unwrap();
    let url = gateway.url.clone();
    let server = tokio::spawn(async move {
        let mut first = gateway.accept().await;
        first.compressor =
            Some(Compressor::Zlib(flate2::Compress::new(flate2::Compression::fast(), true)));
        first.hello(60_000).await;
        first.recv().await;
        first.ready("s1", &url).await;
        first.ws.send(Message::binary(vec![1, 2, 3, 4, 0, 0, 0xff, 0xff])).await.unwrap();
        let mut second = gateway.accept().await;
        second.compressor =
            Some(Compressor::Zlib(flate2::Compress::new(flate2::Compression::fast(), true)));
        second.hello(60_000).await;
        let resume = second.recv().await;
        second.dispatch("RESUMED", 2, json!({})).await;
        (resume, second)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert!(matches!(next(&mut shard).await, Event::Ready(_)));
    let error = patiently("the error", shard.next_event()).await.unwrap().unwrap_err();
    assert_eq!(*error.kind(), ReceiveErrorKind::Decompress);
    assert!(matches!(next(&mut shard).await, Event::Resumed(_)));
    let (resume, _conn) = server.await.unwrap();
    assert_eq!(resume["d"]["seq"], 1);
}

#[tokio::test]
async fn commands_go_out_after_ready_and_close_ends_or_keeps_the_session() {
    for mode in [CloseMode::Resumable, CloseMode::End] {
        let gateway = Gateway::start().await;
        let config = gateway.config().build().unwrap();
        let url = gateway.url.clone();
        let mut shard = Shard::new(ShardId::ONE, config);
        // Queued before the shard even connected.
        shard.send(UpdatePresence::new(Status::Idle, Vec::new())).unwrap();
        let server = tokio::spawn(async move {
            let mut conn = gateway.accept().await;
            conn.hello(60_000).await;
            let identify = conn.recv().await;
            conn.ready("s1", &url).await;
            let presence = conn.recv().await;
            // Commands go out while the shard is polled: this event keeps it polled.
            conn.dispatch("MESSAGE_DELETE", 2, delete(2)).await;
            let close = conn.recv().await;
            (identify["op"].clone(), presence, close)
        });
        assert!(matches!(next(&mut shard).await, Event::Ready(_)));
        assert_eq!(deleted_id(&next(&mut shard).await), 2);
        let sender = shard.sender();
        let closing = tokio::spawn(async move {
            let session = shard.close(mode).await;
            (session, shard)
        });
        let (identify, presence, close) = server.await.unwrap();
        let (session, shard) = closing.await.unwrap();
        assert_eq!(identify, 2);
        assert_eq!(presence["op"], 3);
        assert_eq!(presence["d"]["status"], "idle");
        assert_eq!(close["close"], mode.code());
        assert_eq!(session.is_some(), mode == CloseMode::Resumable);
        assert_eq!(shard.state(), ShardState::Ended);
        assert!(sender.send(UpdatePresence::new(Status::Idle, Vec::new())).is_err());
    }
}

#[tokio::test]
async fn an_imported_session_resumes_at_its_url_without_identifying() {
    let gateway = Gateway::start().await;
    let resume_url = gateway.url.clone();
    let config = Config::builder("token", Intents::GUILDS)
        // The default URL is never used: the session says where to resume.
        .gateway_url("ws://127.0.0.1:9")
        .compression(Compression::None)
        .session(Session::new("old", 41, resume_url))
        .build()
        .unwrap();
    let server = tokio::spawn(async move {
        let mut conn = gateway.accept().await;
        conn.hello(60_000).await;
        let resume = conn.recv().await;
        conn.dispatch("MESSAGE_DELETE", 42, delete(42)).await;
        conn.dispatch("RESUMED", 43, json!({})).await;
        (resume, conn)
    });
    let mut shard = Shard::new(ShardId::ONE, config);
    assert_eq!(deleted_id(&next(&mut shard).await), 42);
    assert!(matches!(next(&mut shard).await, Event::Resumed(_)));
    let (resume, _conn) = server.await.unwrap();
    assert_eq!(resume["d"], json!({"token": "token", "session_id": "old", "seq": 41}));
    assert_eq!(shard.counters().identifies(), 0);
}

#[tokio::test]
async fn connect_failures_back_off_and_report() {
    // Nothing listens on this port once the listener is gone.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = Config::builder("token", Intents::GUILDS)
        .gateway_url(url)
        .backoff(Backoff::new(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap();
    let mut shard = Shard::new(ShardId::ONE, config);
    for _ in 0..3 {
        let error = patiently("a connect error", shard.next_event()).await.unwrap().unwrap_err();
        assert_eq!(*error.kind(), ReceiveErrorKind::Connect);
        assert!(!error.is_fatal());
    }
    assert_eq!(shard.counters().errors(), 3);
    assert_eq!(shard.failures, 3);
}
