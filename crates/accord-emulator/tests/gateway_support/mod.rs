//! A raw gateway client for the protocol tests: a plain tokio-tungstenite websocket that
//! decompresses zlib-stream and zstd-stream itself, with one context per connection, and
//! knows nothing of Accord's own gateway crate.

#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses a different part of the support"
)]

use std::time::Duration;

use accord_emulator::{Emulator, EmulatorBuilder, Timings};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single wait in a test may take before it fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// Timings for protocol tests: heartbeats slow enough that a test need not send them, and no
/// identify window, so that consecutive identifies always pass (the tests of the identify
/// rules set their own).
pub fn timings() -> Timings {
    let mut timings = Timings::default();
    timings.heartbeat_interval = Duration::from_secs(30);
    timings.heartbeat_grace = Duration::from_secs(5);
    timings.session_expiry = Duration::from_secs(5);
    timings.identify_window = Duration::ZERO;
    timings
}

/// An emulator with test timings and a small world.
pub fn builder() -> EmulatorBuilder {
    Emulator::builder().timings(timings()).guilds(2).members_per_guild(10)
}

/// What the next read brought.
#[derive(Debug)]
pub enum Recv {
    Payload(Value),
    /// A close frame with its code (1005 without one).
    Closed(u16),
    /// The connection ended without a close frame.
    Eof,
    /// A frame that did not decode (bad compression or bad JSON).
    Garbage(String),
}

enum Inflater {
    None,
    Zlib { inflate: flate2::Decompress, buffer: Vec<u8> },
    Zstd(zstd::stream::raw::Decoder<'static>),
}

pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    inflater: Inflater,
    /// The last sequence number received.
    pub seq: Option<u64>,
}

impl Client {
    /// Connects to `ws://ADDR/?v=10&encoding=json` plus `extra` query parameters.
    pub async fn connect(emulator: &Emulator, extra: &str) -> Self {
        Self::connect_url(&format!("{}/?v=10&encoding=json{extra}", emulator.gateway_url())).await
    }

    pub async fn connect_url(url: &str) -> Self {
        let (ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connect");
        let inflater = if url.contains("compress=zlib-stream") {
            Inflater::Zlib { inflate: flate2::Decompress::new(true), buffer: Vec::new() }
        } else if url.contains("compress=zstd-stream") {
            Inflater::Zstd(zstd::stream::raw::Decoder::new().expect("zstd decoder"))
        } else {
            Inflater::None
        };
        Self { ws, inflater, seq: None }
    }

    pub async fn send(&mut self, value: &Value) {
        self.send_text(&value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).await.expect("send");
    }

    pub async fn send_message(&mut self, message: Message) {
        self.ws.send(message).await.expect("send");
    }

    /// Closes with a code and waits for the server to finish the close handshake.
    pub async fn close(&mut self, code: u16) {
        let frame = tokio_tungstenite::tungstenite::protocol::CloseFrame {
            code: code.into(),
            reason: "test".into(),
        };
        let _ = self.ws.close(Some(frame)).await;
        while let Ok(Some(Ok(_))) = tokio::time::timeout(WAIT, self.ws.next()).await {}
    }

    /// Reads the next payload or the end of the connection.
    pub async fn recv(&mut self) -> Recv {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("timed out waiting for the gateway");
            let bytes = match message {
                None | Some(Err(_)) => return Recv::Eof,
                Some(Ok(Message::Close(frame))) => {
                    return Recv::Closed(frame.map_or(1005, |f| u16::from(f.code)));
                }
                Some(Ok(Message::Text(text))) => match self.inflater {
                    Inflater::None => text.as_bytes().to_vec(),
                    _ => return Recv::Garbage("a text frame on a compressed connection".into()),
                },
                Some(Ok(Message::Binary(bytes))) => match self.inflate(&bytes) {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => continue,
                    Err(error) => return Recv::Garbage(error),
                },
                Some(Ok(_)) => continue,
            };
            return match serde_json::from_slice::<Value>(&bytes) {
                Ok(value) => {
                    if let Some(seq) = value["s"].as_u64() {
                        self.seq = Some(seq);
                    }
                    Recv::Payload(value)
                }
                Err(error) => {
                    Recv::Garbage(format!("{error}: {}", String::from_utf8_lossy(&bytes)))
                }
            };
        }
    }

    /// One gateway message out of a binary frame; `None` while a zlib message is incomplete.
    fn inflate(&mut self, frame: &[u8]) -> Result<Option<Vec<u8>>, String> {
        match &mut self.inflater {
            Inflater::None => Err("a binary frame on a plain connection".into()),
            Inflater::Zlib { inflate, buffer } => {
                buffer.extend_from_slice(frame);
                if !buffer.ends_with(&[0, 0, 0xff, 0xff]) {
                    return Ok(None);
                }
                let input = std::mem::take(buffer);
                let mut out = Vec::with_capacity(input.len() * 4 + 1024);
                let mut consumed = 0;
                loop {
                    let before = inflate.total_in();
                    inflate
                        .decompress_vec(&input[consumed..], &mut out, flate2::FlushDecompress::Sync)
                        .map_err(|e| e.to_string())?;
                    consumed += usize::try_from(inflate.total_in() - before).unwrap();
                    if consumed >= input.len() && out.len() < out.capacity() {
                        return Ok(Some(out));
                    }
                    out.reserve(out.capacity());
                }
            }
            Inflater::Zstd(decoder) => {
                use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
                let mut out = vec![0; frame.len() * 8 + 4096];
                let mut written = 0;
                let mut input = InBuffer::around(frame);
                loop {
                    let mut output = OutBuffer::around(&mut out[written..]);
                    decoder.run(&mut input, &mut output).map_err(|e| e.to_string())?;
                    written += output.pos();
                    if input.pos() >= frame.len() && written < out.len() {
                        out.truncate(written);
                        return Ok(Some(out));
                    }
                    if written == out.len() {
                        out.resize(out.len() * 2, 0);
                    }
                }
            }
        }
    }

    /// The next payload; panics on the end of the connection.
    pub async fn payload(&mut self) -> Value {
        match self.recv().await {
            Recv::Payload(value) => value,
            other => panic!("expected a payload, got {other:?}"),
        }
    }

    /// Skips payloads until a dispatch of this name.
    pub async fn dispatch(&mut self, name: &str) -> Value {
        loop {
            let payload = self.payload().await;
            if payload["t"] == name {
                return payload;
            }
        }
    }

    /// Skips payloads until one with this opcode.
    pub async fn op(&mut self, op: u64) -> Value {
        loop {
            let payload = self.payload().await;
            if payload["op"] == op {
                return payload;
            }
        }
    }

    /// Reads until the connection closes; returns the close code, or `None` for a close
    /// without a frame.
    pub async fn closed(&mut self) -> Option<u16> {
        loop {
            match self.recv().await {
                Recv::Closed(code) => return Some(code),
                Recv::Eof => return None,
                Recv::Payload(_) | Recv::Garbage(_) => {}
            }
        }
    }

    /// Reads HELLO, identifies and reads READY. Returns READY's `d`.
    pub async fn identify(
        &mut self,
        emulator: &Emulator,
        intents: u64,
        shard: Option<[u32; 2]>,
    ) -> Value {
        let hello = self.payload().await;
        assert_eq!(hello["op"], 10, "{hello}");
        self.send(&identify(emulator.token(), intents, shard)).await;
        self.dispatch("READY").await["d"].clone()
    }
}

impl Client {
    /// Identifies and reads READY and, with the GUILDS intent, every GUILD_CREATE after it.
    /// Returns READY's `d`.
    pub async fn start(
        &mut self,
        emulator: &Emulator,
        intents: u64,
        shard: Option<[u32; 2]>,
    ) -> Value {
        let ready = self.identify(emulator, intents, shard).await;
        if intents & GUILDS != 0 {
            for _ in 0..ready["guilds"].as_array().map_or(0, Vec::len) {
                self.dispatch("GUILD_CREATE").await;
            }
        }
        ready
    }
}

/// An IDENTIFY payload.
pub fn identify(token: &str, intents: u64, shard: Option<[u32; 2]>) -> Value {
    let mut d = json!({
        "token": token,
        "intents": intents,
        "properties": { "os": "linux", "browser": "raw-test", "device": "raw-test" },
    });
    if let Some(shard) = shard {
        d["shard"] = json!(shard);
    }
    json!({ "op": 2, "d": d })
}

/// A RESUME payload.
pub fn resume(token: &str, session_id: &str, seq: u64) -> Value {
    json!({ "op": 6, "d": { "token": token, "session_id": session_id, "seq": seq } })
}

pub const GUILDS: u64 = 1;
pub const GUILD_MEMBERS: u64 = 1 << 1;
pub const GUILD_VOICE_STATES: u64 = 1 << 7;
pub const GUILD_PRESENCES: u64 = 1 << 8;
pub const GUILD_MESSAGES: u64 = 1 << 9;
pub const GUILD_MESSAGE_REACTIONS: u64 = 1 << 10;
pub const GUILD_MESSAGE_TYPING: u64 = 1 << 11;
pub const DIRECT_MESSAGES: u64 = 1 << 12;
pub const MESSAGE_CONTENT: u64 = 1 << 15;
/// Every defined intent.
pub const ALL: u64 = 53_608_447;

/// One HTTP/1.1 request over a fresh TCP connection; returns the status and the JSON body
/// (`null` when empty).
pub async fn http(addr: &str, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    http_as(addr, None, method, path, body).await
}

/// [`http`] with `Authorization: Bot <token>`, for REST calls.
pub async fn http_as(
    addr: &str,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let body = body.map(Value::to_string).unwrap_or_default();
    let authorization =
        token.map(|token| format!("Authorization: Bot {token}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{authorization}User-Agent: DiscordBot (raw-test, 1)\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response))
        .await
        .expect("timed out")
        .expect("read");
    let text = String::from_utf8(response).expect("utf-8 response");
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete response");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status line");
    (
        status,
        if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).expect("a JSON body")
        },
    )
}
