//! Raw clients for the REST and interaction tests: HTTP/1.1 written by hand over a
//! `TcpStream` (one connection per request), and a bare websocket that identifies and reads
//! dispatches. Neither knows Accord's own http or gateway crates.

#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses a different part of the support"
)]

use std::net::SocketAddr;
use std::time::Duration;

use accord_emulator::{Emulator, EmulatorBuilder, Timings};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long any single wait in a test may take before it fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// Every defined intent.
pub const ALL_INTENTS: u64 = 0x1_FFFF | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

/// Timings for REST tests: slow heartbeats (no test sends them) and no identify window.
pub fn timings() -> Timings {
    let mut timings = Timings::default();
    timings.heartbeat_interval = Duration::from_secs(60);
    timings.identify_window = Duration::ZERO;
    timings
}

/// An emulator with test timings, a small world and rate limits off, for tests that are not
/// about them.
pub fn builder() -> EmulatorBuilder {
    let mut limits = accord_emulator::RateLimits::default();
    limits.enabled = false;
    Emulator::builder().timings(timings()).guilds(2).members_per_guild(8).rate_limits(limits)
}

/// An HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON (`null` when empty).
    pub fn json(&self) -> Value {
        if self.body.is_empty() {
            return Value::Null;
        }
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "body: {}", String::from_utf8_lossy(&self.body));
        self.json()
    }

    /// Asserts a JSON error code (and its HTTP status).
    #[track_caller]
    pub fn expect_error(&self, status: u16, code: u64) -> Value {
        let body = self.expect(status);
        assert_eq!(body["code"], code, "body: {body}");
        assert!(body["message"].is_string(), "body: {body}");
        body
    }
}

/// A REST client speaking raw HTTP/1.1.
#[derive(Debug, Clone)]
pub struct Rest {
    pub addr: SocketAddr,
    pub token: String,
}

impl Rest {
    pub fn new(emulator: &Emulator) -> Self {
        Self { addr: emulator.addr(), token: emulator.token().to_owned() }
    }

    /// Sends a request as written: `target` is the full path with query.
    pub async fn raw(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = TcpStream::connect(self.addr).await.expect("connect");
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(name);
            head.push_str(": ");
            head.push_str(value);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await.expect("write head");
        stream.write_all(body).await.expect("write body");
        let mut bytes = Vec::new();
        tokio::time::timeout(WAIT, stream.read_to_end(&mut bytes))
            .await
            .expect("response in time")
            .expect("read");
        parse(&bytes)
    }

    /// A request to `/api/v10{path}` with the bot token and an optional JSON body.
    pub async fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Response {
        let auth = format!("Bot {}", self.token);
        let mut headers =
            vec![("Authorization", auth.as_str()), ("User-Agent", "DiscordBot (test, 1)")];
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        if body.is_some() {
            headers.push(("Content-Type", "application/json"));
        }
        self.raw(method, &format!("/api/v10{path}"), &headers, &bytes).await
    }

    pub async fn get(&self, path: &str) -> Response {
        self.call("GET", path, None).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.call("DELETE", path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.call("POST", path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.call("PATCH", path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.call("PUT", path, Some(body)).await
    }

    /// A `multipart/form-data` request with `payload_json` and `files[n]` parts.
    pub async fn multipart(
        &self,
        method: &str,
        path: &str,
        payload: &Value,
        files: &[(&str, &str, &[u8])],
    ) -> Response {
        let boundary = "accord-test-boundary";
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n{payload}\r\n").as_bytes());
        for (index, (name, content_type, data)) in files.iter().enumerate() {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"files[{index}]\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let auth = format!("Bot {}", self.token);
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let headers = [("Authorization", auth.as_str()), ("Content-Type", content_type.as_str())];
        self.raw(method, &format!("/api/v10{path}"), &headers, &body).await
    }
}

fn parse(bytes: &[u8]) -> Response {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("end of headers");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = bytes[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response { status, headers, body }
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(line) = bytes.windows(2).position(|w| w == b"\r\n") else { return out };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&bytes[..line]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&bytes[line + 2..line + 2 + size]);
        bytes = &bytes[line + 2 + size + 2..];
    }
}

/// A gateway connection that identified with every intent.
pub struct Gateway {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Gateway {
    /// Connects, identifies and waits for READY.
    pub async fn connect(emulator: &Emulator) -> Self {
        let url = format!("{}/?v=10&encoding=json", emulator.gateway_url());
        let (ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connect");
        let mut gateway = Self { ws };
        let hello = gateway.payload().await;
        assert_eq!(hello["op"], 10, "HELLO first: {hello}");
        let identify = json!({ "op": 2, "d": {
            "token": emulator.token(),
            "intents": ALL_INTENTS,
            "properties": { "os": "linux", "browser": "test", "device": "test" },
        }});
        gateway.ws.send(Message::text(identify.to_string())).await.expect("send identify");
        gateway.dispatch("READY").await;
        gateway
    }

    async fn payload(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("gateway payload in time")
                .expect("gateway open")
                .expect("gateway frame");
            if let Message::Text(text) = message {
                return serde_json::from_str(&text).expect("gateway JSON");
            }
        }
    }

    /// The data of the next dispatch named `name`, skipping others.
    pub async fn dispatch(&mut self, name: &str) -> Value {
        loop {
            let payload = self.payload().await;
            if payload["op"] == 0 && payload["t"] == name {
                return payload["d"].clone();
            }
        }
    }

    /// The names of the dispatches that arrive until one named `last`, inclusive.
    pub async fn names_until(&mut self, last: &str) -> Vec<String> {
        let mut names = Vec::new();
        loop {
            let payload = self.payload().await;
            if payload["op"] != 0 {
                continue;
            }
            let name = payload["t"].as_str().unwrap_or_default().to_owned();
            let done = name == last;
            names.push(name);
            if done {
                return names;
            }
        }
    }
}

/// Ids of the generated world, by name, for the first guild.
#[derive(Debug, Clone)]
pub struct World {
    pub guild: String,
    pub general: String,
    pub random: String,
    pub announcements: String,
    pub read_only: String,
    pub mod_log: String,
    pub voice: String,
    pub category: String,
    /// A member without the Moderator role, and a moderator.
    pub member: String,
    pub moderator: String,
    pub owner: String,
    pub member_role: String,
    pub moderator_role: String,
    pub bot_role: String,
    pub bot: String,
    pub application: String,
}

impl World {
    /// Reads the ids over REST.
    pub async fn read(rest: &Rest) -> Self {
        let guilds = rest.get("/users/@me/guilds").await.expect(200);
        let guild = guilds[0]["id"].as_str().unwrap().to_owned();
        let channels = rest.get(&format!("/guilds/{guild}/channels")).await.expect(200);
        let named = |name: &str| {
            channels.as_array().unwrap().iter().find(|c| c["name"] == name).map_or_else(
                || panic!("no channel {name}"),
                |c| c["id"].as_str().unwrap().to_owned(),
            )
        };
        let roles = rest.get(&format!("/guilds/{guild}/roles")).await.expect(200);
        let role = |name: &str| {
            roles
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let bot_role = roles
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["managed"] == true)
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .unwrap();
        let me = rest.get("/users/@me").await.expect(200);
        let bot = me["id"].as_str().unwrap().to_owned();
        let full = rest.get(&format!("/guilds/{guild}")).await.expect(200);
        let owner = full["owner_id"].as_str().unwrap().to_owned();
        let members = rest.get(&format!("/guilds/{guild}/members?limit=1000")).await.expect(200);
        let moderator_role = role("Moderator");
        let with = |pred: &dyn Fn(&Value) -> bool| {
            members
                .as_array()
                .unwrap()
                .iter()
                .find(|m| pred(m))
                .map(|m| m["user"]["id"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let member = with(&|m: &Value| {
            m["user"]["id"] != bot.as_str()
                && m["user"]["id"] != owner.as_str()
                && !m["roles"].as_array().unwrap().iter().any(|r| r == moderator_role.as_str())
        });
        let moderator = with(&|m: &Value| {
            m["user"]["id"] != owner.as_str()
                && m["roles"].as_array().unwrap().iter().any(|r| r == moderator_role.as_str())
        });
        let app = rest.get("/applications/@me").await.expect(200);
        Self {
            general: named("general"),
            random: named("random"),
            announcements: named("announcements"),
            read_only: named("read-only"),
            mod_log: named("mod-log"),
            voice: named("Lounge"),
            category: named("Text Channels"),
            member,
            moderator,
            owner,
            member_role: role("Member"),
            moderator_role,
            bot_role,
            bot,
            application: app["id"].as_str().unwrap().to_owned(),
            guild,
        }
    }
}
