//! Serving TLS: REST over HTTP/2 and HTTP/1.1 as ALPN decides, the gateway over `wss://`, the
//! URLs the emulator hands out, the binary's `--tls-cert`/`--tls-key`, and a plain client
//! turned away, all with certificates made by [`TestCa`] at test time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::process::Stdio;
use std::sync::Arc;

use accord_emulator::{Emulator, TestCa};
use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use gateway_support::{GUILDS, WAIT, identify};
use http::{Request, Version, header};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

const BINARY: &str = env!("CARGO_BIN_EXE_accord-emulator");

/// A TLS connection to `addr` trusting `ca`, offering `alpn`.
async fn tls(addr: &str, ca: &TestCa, alpn: &[&[u8]]) -> TlsStream<TcpStream> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(ca.roots())
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.unwrap()
}

/// A GET over an HTTP/2 or HTTP/1.1 connection: the version the response came with, and its
/// JSON body.
async fn get(
    stream: TlsStream<TcpStream>,
    addr: &str,
    path: &str,
    token: &str,
) -> (Version, Value) {
    let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
    // HTTP/2 names the origin in `:authority`; HTTP/1.1 sends the path and a `Host` header.
    let uri = if h2 { format!("https://{addr}{path}") } else { path.to_owned() };
    let request = Request::get(uri)
        .header(header::HOST, addr)
        .header(header::AUTHORIZATION, format!("Bot {token}"))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let io = TokioIo::new(stream);
    let response = if h2 {
        let (mut sender, connection) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), io).await.unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    } else {
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await.unwrap();
        tokio::spawn(connection);
        sender.send_request(request).await.unwrap()
    };
    assert_eq!(response.status(), 200, "{path}");
    let version = response.version();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (version, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn rest_speaks_http2_or_http1_as_alpn_decides_and_hands_out_secure_urls() {
    let ca = TestCa::new().unwrap();
    let emulator = Emulator::builder()
        .tls(ca.issue(&["localhost", "127.0.0.1"]).unwrap())
        .start()
        .await
        .unwrap();
    let addr = emulator.addr().to_string();
    assert_eq!(emulator.http_url(), format!("https://{addr}/api/v10"));
    assert_eq!(emulator.gateway_url(), format!("wss://{addr}"));
    assert_eq!(emulator.control_url(), format!("https://{addr}/_emulator"));

    // A client offering both gets HTTP/2, the emulator's first choice.
    let stream = tls(&addr, &ca, &[b"h2", b"http/1.1"]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let (version, bot) = get(stream, &addr, "/api/v10/gateway/bot", emulator.token()).await;
    assert_eq!(version, Version::HTTP_2);
    assert_eq!(bot["url"], format!("wss://{addr}"));
    let counters = emulator.handle().counters();
    assert_eq!((counters.rest_requests, counters.http2_requests), (1, 1));

    // A client offering only HTTP/1.1 gets it.
    let stream = tls(&addr, &ca, &[b"http/1.1"]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let (version, gateway) = get(stream, &addr, "/api/v10/gateway", emulator.token()).await;
    assert_eq!(version, Version::HTTP_11);
    assert_eq!(gateway["url"], format!("wss://{addr}"));
    // And one offering nothing (no ALPN at all) is served HTTP/1.1 too.
    let stream = tls(&addr, &ca, &[]).await;
    assert_eq!(stream.get_ref().1.alpn_protocol(), None);
    let (version, info) = get(stream, &addr, "/_emulator/", emulator.token()).await;
    assert_eq!(version, Version::HTTP_11);
    assert_eq!(info["rest"], format!("https://{addr}/api/v10"));
    assert_eq!(info["gateway"], format!("wss://{addr}/?v=10&encoding=json"));
    let counters = emulator.handle().counters();
    assert_eq!((counters.rest_requests, counters.http2_requests), (2, 1));
}

#[tokio::test]
async fn the_gateway_serves_wss_and_resumes_there() {
    let ca = TestCa::new().unwrap();
    let emulator =
        gateway_support::builder().tls(ca.issue(&["127.0.0.1"]).unwrap()).start().await.unwrap();
    let addr = emulator.addr().to_string();
    let stream = tls(&addr, &ca, &[b"http/1.1"]).await;
    let url = format!("{}/?v=10&encoding=json", emulator.gateway_url());
    let (mut ws, _) = tokio_tungstenite::client_async(url, stream).await.unwrap();
    let next = |message: Option<Result<tokio_tungstenite::tungstenite::Message, _>>| -> Value {
        serde_json::from_str(message.unwrap().unwrap().to_text().unwrap()).unwrap()
    };
    let hello = next(tokio::time::timeout(WAIT, ws.next()).await.unwrap());
    assert_eq!(hello["op"], 10);
    ws.send(identify(emulator.token(), GUILDS, None).to_string().into()).await.unwrap();
    let ready = next(tokio::time::timeout(WAIT, ws.next()).await.unwrap());
    assert_eq!(ready["t"], "READY");
    assert_eq!(ready["d"]["resume_gateway_url"], format!("wss://{addr}"));

    // A client that negotiated h2 must speak it: its HTTP/1.1 upgrade is not understood.
    let stream = tls(&addr, &ca, &[b"h2"]).await;
    let url = format!("{}/?v=10&encoding=json", emulator.gateway_url());
    let refused = tokio::time::timeout(WAIT, tokio_tungstenite::client_async(url, stream)).await;
    assert!(refused.unwrap().is_err());
    assert_eq!(emulator.handle().counters().connections, 1);
}

#[tokio::test]
async fn a_plain_client_on_a_tls_port_gets_no_answer() {
    let ca = TestCa::new().unwrap();
    let emulator =
        Emulator::builder().tls(ca.issue(&["127.0.0.1"]).unwrap()).start().await.unwrap();
    let mut tcp = TcpStream::connect(emulator.addr()).await.unwrap();
    tcp.write_all(b"GET /api/v10/gateway HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    // The handshake fails on bytes that are not a ClientHello; whatever comes back (an alert,
    // or nothing before the close) is not HTTP.
    let _ = tokio::time::timeout(WAIT, tcp.read_to_end(&mut answer)).await.unwrap();
    assert!(!answer.starts_with(b"HTTP/"), "{:?}", String::from_utf8_lossy(&answer));
    assert_eq!(emulator.handle().counters().rest_requests, 0);
}

#[tokio::test]
async fn the_binary_serves_tls_from_pem_files_and_refuses_bad_ones() {
    let ca = TestCa::new().unwrap();
    let (chain, key) = ca.issue_pem(&["127.0.0.1"]).unwrap();
    let dir = std::env::temp_dir().join(format!("accord-emulator-tls-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, chain).unwrap();
    std::fs::write(&key_path, &key).unwrap();

    let mut child = tokio::process::Command::new(BINARY)
        .arg("--tls-cert")
        .arg(&cert_path)
        .arg("--tls-key")
        .arg(&key_path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = std::collections::HashMap::new();
    while printed.len() < 3 {
        let line = tokio::time::timeout(WAIT, lines.next_line()).await.unwrap().unwrap().unwrap();
        if let Some((key, value)) = line.split_once(':')
            && ["REST", "Gateway", "Control"].contains(&key)
        {
            printed.insert(key.to_owned(), value.trim().to_owned());
        }
    }
    let addr = printed["REST"].trim_start_matches("https://").trim_end_matches("/api/v10");
    assert!(addr.starts_with("127.0.0.1:"), "{printed:?}");
    assert_eq!(printed["Gateway"], format!("wss://{addr}/?v=10&encoding=json"));
    assert_eq!(printed["Control"], format!("https://{addr}/_emulator"));
    let stream = tls(addr, &ca, &[b"h2", b"http/1.1"]).await;
    let (version, info) = get(stream, addr, "/_emulator/", "").await;
    assert_eq!(version, Version::HTTP_2);
    assert_eq!(info["control"], format!("https://{addr}/_emulator"));
    child.kill().await.unwrap();

    // A certificate file without a certificate, and a key file that is not the key's.
    let run = |cert: &std::path::Path, key: &std::path::Path| {
        let output = std::process::Command::new(BINARY)
            .arg("--tls-cert")
            .arg(cert)
            .arg("--tls-key")
            .arg(key)
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = run(&key_path, &key_path);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("invalid TLS certificate or key") && stderr.contains("no certificate"),
        "{stderr}"
    );
    let (_, other_key) = ca.issue_pem(&["127.0.0.1"]).unwrap();
    let other_key_path = dir.join("other-key.pem");
    std::fs::write(&other_key_path, other_key).unwrap();
    let (code, stderr) = run(&cert_path, &other_key_path);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot be used"), "{stderr}");
    let (code, stderr) = run(&cert_path, &dir.join("missing.pem"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("missing.pem"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
