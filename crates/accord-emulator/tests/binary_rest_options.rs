//! The binary's REST options for benchmarks: `--no-rate-limits` drops the rate limit headers
//! and the limits behind them, `--latency` delays every REST response.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const BINARY: &str = env!("CARGO_BIN_EXE_accord-emulator");
const WAIT: Duration = Duration::from_secs(10);

/// Starts the binary with `flags` and returns it with the address it printed.
async fn start(flags: &[&str]) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(BINARY)
        .args(["--addr", "127.0.0.1:0", "--token", "bin.token"])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = tokio::time::timeout(WAIT, lines.next_line()).await.unwrap().unwrap().unwrap();
        if let Some(addr) = line.strip_prefix("accord-emulator listening on ") {
            return (child, addr.trim().to_owned());
        }
    }
}

/// `GET /api/v10/users/@me` over a fresh connection: the status line and headers, lower-case.
async fn get_me(addr: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET /api/v10/users/@me HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bot bin.token\r\n\
         Connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response)).await.unwrap().unwrap();
    let text = String::from_utf8_lossy(&response).to_lowercase();
    text.split("\r\n\r\n").next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn no_rate_limits_sends_no_limit_headers_and_refuses_nothing() {
    let (_limited, addr) = start(&[]).await;
    assert!(get_me(&addr).await.contains("x-ratelimit-remaining"), "limits on by default");

    let (_child, addr) = start(&["--no-rate-limits"]).await;
    // More than the default bucket (50 per second) and the global limit allow.
    for _ in 0..60 {
        let head = get_me(&addr).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(!head.contains("x-ratelimit"), "{head}");
    }
}

#[tokio::test]
async fn latency_delays_every_rest_response() {
    let (_child, addr) = start(&["--latency", "150", "--latency-jitter", "20"]).await;
    for _ in 0..3 {
        let started = Instant::now();
        let head = get_me(&addr).await;
        assert!(head.starts_with("http/1.1 200"), "{head}");
        // A lower bound only: the delay is there, however slow the machine is.
        assert!(started.elapsed() >= Duration::from_millis(130), "{:?}", started.elapsed());
    }
}
