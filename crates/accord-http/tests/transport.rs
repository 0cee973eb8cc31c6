//! The transport against a hand-written HTTP/1.1 server on 127.0.0.1 that counts the
//! connections it accepts and the ones clients close: never more connections than requests in
//! flight, connections reused across a pause shorter than the idle timeout and closed after
//! it; bodies bounded in size and time (429 bodies too); and the rate limit permit completed
//! before a body is read.
//!
//! No assertion is about speed: they count connections and requests, or wait for an event
//! with a generous deadline that only a broken client misses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use accord_http::ratelimit::InMemoryRatelimiter;
use accord_http::{Client, ErrorKind};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What a broken client would wait for forever.
const DEADLINE: Duration = Duration::from_secs(10);

/// A trickling body sends one byte this often.
const TRICKLE: Duration = Duration::from_millis(50);

#[derive(Default)]
struct Counters {
    accepted: AtomicUsize,
    closed: AtomicUsize,
    requests: AtomicUsize,
    /// Requests to `/trickle` received, and `/after-trickle` requests received while a
    /// trickling body was still being written.
    trickling: AtomicUsize,
    during_trickle: AtomicUsize,
    /// 429s served.
    limited: AtomicUsize,
}

struct Server {
    addr: SocketAddr,
    counters: Arc<Counters>,
}

impl Server {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let counters = Arc::new(Counters::default());
        let shared = counters.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                stream.set_nodelay(true).unwrap();
                tokio::spawn(serve(stream, shared.clone()));
            }
        });
        Self { addr, counters }
    }

    fn client(&self) -> accord_http::ClientBuilder {
        Client::builder().token("token").base_url(format!("http://{}/api/v10", self.addr))
    }

    fn accepted(&self) -> usize {
        self.counters.accepted.load(Ordering::SeqCst)
    }

    fn closed(&self) -> usize {
        self.counters.closed.load(Ordering::SeqCst)
    }
}

/// Serves one keep-alive connection until the client closes it.
async fn serve(stream: TcpStream, counters: Arc<Counters>) {
    let mut stream = BufReader::new(stream);
    loop {
        let mut path = None;
        let mut line = String::new();
        // The request head: the request line, headers, an empty line. No request has a body.
        loop {
            line.clear();
            match stream.read_line(&mut line).await {
                Ok(0) | Err(_) => {
                    counters.closed.fetch_add(1, Ordering::SeqCst);
                    return;
                }
                Ok(_) => {}
            }
            if path.is_none() {
                path = line.split(' ').nth(1).map(str::to_owned);
            } else if line == "\r\n" {
                break;
            }
        }
        counters.requests.fetch_add(1, Ordering::SeqCst);
        let path = path.unwrap_or_default();
        let path = path.strip_prefix("/api/v10").unwrap_or(&path);
        let stream = stream.get_mut();
        let written = match path {
            "/users/@me" => ok(stream, br#"{"id":"1","username":"bot"}"#).await,
            // Two megabytes, more than the tests let a client read.
            "/huge" => ok(stream, &vec![b' '; 2 * 1024 * 1024]).await,
            // A body that never ends: it announces 1000 bytes and sends one now and then.
            "/trickle" => {
                counters.trickling.fetch_add(1, Ordering::SeqCst);
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            content-length: 1000\r\n\r\n";
                trickle(stream, head).await
            }
            "/after-trickle" => {
                if counters.trickling.load(Ordering::SeqCst) > 0 {
                    counters.during_trickle.fetch_add(1, Ordering::SeqCst);
                }
                ok(stream, b"{}").await
            }
            // The first request is limited for 50 ms (`Retry-After` says a whole second, as
            // Discord rounds it), with a 429 body that never ends; the next ones pass.
            "/limited-once" => {
                if counters.limited.fetch_add(1, Ordering::SeqCst) == 0 {
                    let head = "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\
                                retry-after: 1\r\nx-ratelimit-limit: 1\r\n\
                                x-ratelimit-remaining: 0\r\nx-ratelimit-reset-after: 0.050\r\n\
                                x-ratelimit-bucket: limited\r\nx-ratelimit-scope: user\r\n\
                                content-length: 1000\r\n\r\n";
                    trickle(stream, head).await
                } else {
                    ok(stream, b"{}").await
                }
            }
            _ => false,
        };
        if !written {
            counters.closed.fetch_add(1, Ordering::SeqCst);
            return;
        }
    }
}

async fn ok(stream: &mut TcpStream, body: &[u8]) -> bool {
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(body);
    stream.write_all(&response).await.is_ok()
}

/// Writes `head`, then a byte every [`TRICKLE`] until the client goes away; always `false`.
async fn trickle(stream: &mut TcpStream, head: &str) -> bool {
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    while stream.write_all(b" ").await.is_ok() {
        tokio::time::sleep(TRICKLE).await;
    }
    false
}

/// `workers` tasks sending `each` requests one after another, all at once.
async fn burst(client: &Client, workers: usize, each: usize) {
    let tasks: Vec<_> = (0..workers)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                for _ in 0..each {
                    let response = client.get_my_user().await.unwrap();
                    response.bytes().await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test]
async fn never_more_connections_than_requests_in_flight_and_reused_across_a_pause() {
    let server = Server::start().await;
    let client =
        server.client().ratelimiter(None).pool_idle_timeout(Duration::from_secs(30)).build();
    // One request at a time: one connection, whatever the number of requests.
    burst(&client, 1, 50).await;
    assert_eq!(server.accepted(), 1);
    // Eight at a time, each sending its next request the moment its body ended.
    for round in 0..5 {
        burst(&client, 8, 40).await;
        let accepted = server.accepted();
        assert!(accepted <= 8, "{accepted} connections for 8 requests in flight (round {round})");
        // A pause far shorter than the idle timeout: the next burst finds them open.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let before = server.accepted();
    burst(&client, 8, 40).await;
    assert_eq!(server.accepted(), before, "a burst after a pause opened connections");
    assert_eq!(server.closed(), 0, "the client closed connections it could reuse");
    assert_eq!(server.counters.requests.load(Ordering::SeqCst), 50 + 6 * 8 * 40);
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    let server = Server::start().await;
    let client =
        server.client().ratelimiter(None).pool_idle_timeout(Duration::from_millis(200)).build();
    burst(&client, 3, 5).await;
    let opened = server.accepted();
    assert!((1..=3).contains(&opened), "{opened}");
    tokio::time::timeout(DEADLINE, async {
        while server.closed() < opened {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("idle connections were never closed");
    // And the client is still usable: it opens a new one.
    burst(&client, 1, 1).await;
    assert_eq!(server.accepted(), opened + 1);
}

#[tokio::test]
async fn a_huge_body_is_refused_with_a_clear_error() {
    let server = Server::start().await;
    let client = server.client().ratelimiter(None).max_body_size(1024 * 1024).build();
    let response = client.request(accord_http::routing::Method::Get, "/huge", None).await.unwrap();
    let error = response.bytes().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit } if *limit == 1024 * 1024),
        "{error:?}"
    );
    assert!(error.to_string().contains("larger than 1048576 bytes"), "{error}");
    // The client goes on with another connection.
    burst(&client, 1, 1).await;
}

#[tokio::test]
async fn a_body_that_trickles_forever_times_out() {
    let server = Server::start().await;
    let timeout = Duration::from_millis(300);
    let client = server.client().ratelimiter(None).body_timeout(timeout).build();
    let response = client.request(accord_http::routing::Method::Get, "/trickle", None).await;
    let read = tokio::time::timeout(DEADLINE, response.unwrap().bytes()).await;
    let error = read.expect("the body read never ended").unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::BodyTimeout { timeout: t } if *t == timeout));
    assert!(error.to_string().contains("did not arrive within 300 ms"), "{error}");
}

#[tokio::test]
async fn the_permit_is_complete_before_the_body_is_read() {
    let server = Server::start().await;
    let limiter = InMemoryRatelimiter::builder()
        .global_limit(Some(1))
        .global_period(Duration::from_millis(10))
        .build();
    let client = server.client().ratelimiter(Some(Arc::new(limiter))).build();
    // The global limit allows one request in flight; a request whose permit were held until
    // its body ended would keep the next one waiting for as long as the body trickles.
    let trickling = client.request(accord_http::routing::Method::Get, "/trickle", None).await;
    let trickling = trickling.unwrap();
    let next = tokio::time::timeout(
        DEADLINE,
        client.request(accord_http::routing::Method::Get, "/after-trickle", None),
    )
    .await
    .expect("the next request waited for the body of the previous one");
    assert_eq!(next.unwrap().bytes().await.unwrap().as_ref(), b"{}");
    assert_eq!(server.counters.during_trickle.load(Ordering::SeqCst), 1);
    drop(trickling);
}

#[tokio::test]
async fn a_429_body_that_never_ends_neither_hangs_nor_holds_the_bucket() {
    let server = Server::start().await;
    let limiter = InMemoryRatelimiter::builder().global_limit(None).build();
    let client = server
        .client()
        .ratelimiter(Some(Arc::new(limiter)))
        .body_timeout(Duration::from_millis(200))
        .build();
    let response = tokio::time::timeout(
        DEADLINE,
        client.request(accord_http::routing::Method::Get, "/limited-once", None),
    )
    .await
    .expect("a 429 body that never ends hung the request");
    assert_eq!(response.unwrap().bytes().await.unwrap().as_ref(), b"{}");
    assert_eq!(server.counters.limited.load(Ordering::SeqCst), 2, "one 429, then the retry");
}
