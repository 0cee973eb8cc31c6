//! What the tests share: a signing "Discord", interaction bodies, and a client for the endpoint.

#![allow(dead_code, unreachable_pub, reason = "each test file uses a part")]

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use accord_interactions::{Handler, InteractionService, Server, Verifier};
use bytes::Bytes;
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::{BodyExt, Full};
use tokio::net::{TcpListener, TcpStream};

/// Plays Discord: holds the application's private key and signs requests with it.
pub struct Discord {
    key: SigningKey,
}

impl Discord {
    pub fn new(seed: u8) -> Self {
        Self { key: SigningKey::from_bytes(&[seed; 32]) }
    }

    /// The public key as the developer portal shows it.
    pub fn public_key_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    pub fn verifier(&self) -> Verifier {
        Verifier::new(&self.public_key_hex()).unwrap()
    }

    /// The hex signature of `timestamp ‖ body`.
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        hex(&self.key.sign(&message).to_bytes())
    }

    /// A POST to `/interactions` signed now.
    pub fn request(&self, body: &[u8]) -> http::Request<Full<Bytes>> {
        let timestamp = now().to_string();
        let signature = self.sign(&timestamp, body);
        signed(body, &signature, &timestamp)
    }
}

/// A POST with the given signature and timestamp headers.
pub fn signed(body: &[u8], signature: &str, timestamp: &str) -> http::Request<Full<Bytes>> {
    http::Request::post("/interactions")
        .header("content-type", "application/json")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(Full::new(Bytes::copy_from_slice(body)))
        .unwrap()
}

pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut text, byte| {
        let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{byte:02x}"));
        text
    })
}

pub fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

/// A PING, as Discord sends it when the endpoint URL is saved.
pub fn ping(id: u64) -> Vec<u8> {
    format!(r#"{{"id":"{id}","application_id":"11","type":1,"token":"ping-token","version":1}}"#)
        .into_bytes()
}

/// A slash command `/hello` by a user in a guild.
pub fn command(id: u64, name: &str) -> Vec<u8> {
    format!(
        r#"{{"id":"{id}","application_id":"11","type":2,"token":"token-{id}","version":1,
        "guild_id":"22","channel_id":"33","locale":"en-US","app_permissions":"2048",
        "member":{{"user":{{"id":"44","username":"mellow_maple","discriminator":"0","global_name":null,"avatar":null}},
        "roles":[],"joined_at":"2024-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"permissions":"2048","flags":0}},
        "data":{{"id":"55","name":"{name}","type":1}}}}"#
    )
    .into_bytes()
}

/// A button click on message 66 with the given custom id.
pub fn component(id: u64, custom_id: &str) -> Vec<u8> {
    format!(
        r#"{{"id":"{id}","application_id":"11","type":3,"token":"token-{id}","version":1,
        "channel_id":"33","locale":"en-US","user":{{"id":"44","username":"mellow_maple","discriminator":"0","avatar":null}},
        "message":{{"id":"66","channel_id":"33","author":{{"id":"11","username":"bot","discriminator":"0","avatar":null,"bot":true}},
        "content":"vote","timestamp":"2024-01-01T00:00:00.000000+00:00","edited_timestamp":null,"tts":false,
        "mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"pinned":false,"type":0}},
        "data":{{"custom_id":"{custom_id}","component_type":2}}}}"#
    )
    .into_bytes()
}

/// An autocomplete request for `/pick`'s option `fruit`.
pub fn autocomplete(id: u64, typed: &str) -> Vec<u8> {
    format!(
        r#"{{"id":"{id}","application_id":"11","type":4,"token":"token-{id}","version":1,"channel_id":"33",
        "user":{{"id":"44","username":"mellow_maple","discriminator":"0","avatar":null}},
        "data":{{"id":"56","name":"pick","type":1,"options":[{{"name":"fruit","type":3,"value":"{typed}","focused":true}}]}}}}"#
    )
    .into_bytes()
}

/// The service on a free port of 127.0.0.1, served in the background.
pub async fn serve(service: InteractionService) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = Server::from_listener(listener, service);
    let addr = server.local_addr().unwrap();
    tokio::spawn(server.run());
    addr
}

/// A service at `/interactions` for Discord's key.
pub fn service(discord: &Discord, handler: impl Handler) -> accord_interactions::ServiceBuilder {
    InteractionService::builder(discord.verifier(), handler).path("/interactions")
}

/// The status and body of one request over a fresh connection.
pub async fn send<B>(addr: SocketAddr, request: http::Request<B>) -> (http::StatusCode, Bytes)
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(connection);
    let response = sender.send_request(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, body)
}

/// One keep-alive connection to the endpoint, for many requests.
pub struct Connection(hyper::client::conn::http1::SendRequest<Full<Bytes>>);

impl Connection {
    pub async fn open(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.unwrap();
        let (sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .unwrap();
        tokio::spawn(connection);
        Self(sender)
    }

    pub async fn send(&mut self, request: http::Request<Full<Bytes>>) -> (http::StatusCode, Bytes) {
        let response = self.0.send_request(request).await.unwrap();
        let status = response.status();
        (status, response.into_body().collect().await.unwrap().to_bytes())
    }
}

/// Reads a JSON body.
pub fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}
