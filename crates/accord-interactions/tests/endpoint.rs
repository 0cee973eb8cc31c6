//! The endpoint over real sockets: valid requests are answered, every tampered one refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use accord_interactions::model::interaction::{
    Interaction, InteractionCallbackData, InteractionResponse,
};
use accord_interactions::{Delivery, Responder};
use bytes::Bytes;
use http::StatusCode;
use http_body_util::{Full, StreamBody};
use support::{Connection, Discord, command, hex, json, now, ping, send, serve, signed, unhex};

/// Answers every command with its name, and counts the calls.
fn echo(calls: Arc<AtomicUsize>) -> impl accord_interactions::Handler {
    move |interaction: Interaction, responder: Responder| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            let name = interaction.command_data().map_or("?", |data| data.name.as_str()).to_owned();
            let delivery = responder
                .respond(InteractionResponse::message(InteractionCallbackData::content(format!(
                    "hi from {name}"
                ))))
                .await;
            assert_eq!(delivery.unwrap(), Delivery::HttpBody);
        }
    }
}

async fn endpoint(discord: &Discord) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let addr =
        serve(support::service(discord, echo(Arc::clone(&calls))).max_body(64 * 1024).build())
            .await;
    (addr, calls)
}

#[tokio::test]
async fn answers_a_signed_ping_with_pong_without_the_handler() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let (status, body) = send(addr, discord.request(&ping(1))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body), serde_json::json!({ "type": 1 }));
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_first_response_is_the_http_body() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let (status, body) = send(addr, discord.request(&command(2, "hello"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        json(&body),
        serde_json::json!({ "type": 4, "data": { "content": "hi from hello" } })
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_flipped_bit_anywhere_in_the_body_is_refused() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let body = command(3, "hello");
    let timestamp = now().to_string();
    let signature = discord.sign(&timestamp, &body);
    let mut connection = Connection::open(addr).await;
    // Every byte, each with another bit.
    for (index, bit) in (0..body.len()).map(|index| (index, index % 8)) {
        let mut tampered = body.clone();
        tampered[index] ^= 1 << bit;
        let (status, _) = connection.send(signed(&tampered, &signature, &timestamp)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "byte {index} bit {bit}");
    }
    // A byte more or less is tampering too.
    let mut longer = body.clone();
    longer.push(b' ');
    assert_eq!(
        send(addr, signed(&longer, &signature, &timestamp)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let shorter = &body[..body.len() - 1];
    assert_eq!(
        send(addr, signed(shorter, &signature, &timestamp)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0, "nothing tampered reached the handler");
    // The untampered original still passes.
    assert_eq!(send(addr, signed(&body, &signature, &timestamp)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_flipped_bit_in_the_signature_or_the_timestamp_is_refused() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let body = command(4, "hello");
    let timestamp = now().to_string();
    let signature = unhex(&discord.sign(&timestamp, &body));
    for index in 0..signature.len() {
        let mut tampered = signature.clone();
        tampered[index] ^= 1 << (index % 8);
        let (status, _) = send(addr, signed(&body, &hex(&tampered), &timestamp)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "signature byte {index}");
    }
    let good = hex(&signature);
    for index in 0..timestamp.len() {
        for bit in [0, 1, 6] {
            let mut tampered = timestamp.clone().into_bytes();
            tampered[index] ^= 1 << bit;
            let tampered = String::from_utf8(tampered).unwrap();
            let (status, _) = send(addr, signed(&body, &good, &tampered)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "timestamp {tampered:?}");
        }
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(send(addr, signed(&body, &good, &timestamp)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn missing_or_malformed_headers_are_unauthorized() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let body = ping(5);
    let timestamp = now().to_string();
    let signature = discord.sign(&timestamp, &body);

    let mut no_signature = signed(&body, &signature, &timestamp);
    no_signature.headers_mut().remove("x-signature-ed25519");
    assert_eq!(
        send(addr, no_signature).await,
        (StatusCode::UNAUTHORIZED, Bytes::from("missing the X-Signature-Ed25519 header"))
    );
    let mut no_timestamp = signed(&body, &signature, &timestamp);
    no_timestamp.headers_mut().remove("x-signature-timestamp");
    assert_eq!(send(addr, no_timestamp).await.0, StatusCode::UNAUTHORIZED);
    let mut neither = signed(&body, &signature, &timestamp);
    neither.headers_mut().clear();
    assert_eq!(send(addr, neither).await.0, StatusCode::UNAUTHORIZED);

    for bad in [
        String::new(),
        signature[..126].to_owned(),
        format!("{signature}00"),
        signature.replace(|c: char| c.is_ascii_digit(), "z"),
    ] {
        assert_eq!(
            send(addr, signed(&body, &bad, &timestamp)).await.0,
            StatusCode::UNAUTHORIZED,
            "{bad:?}"
        );
    }
    // Upper-case hex is the same signature.
    assert_eq!(
        send(addr, signed(&body, &signature.to_uppercase(), &timestamp)).await.0,
        StatusCode::OK
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_request_signed_by_another_key_is_refused() {
    let discord = Discord::new(1);
    let impostor = Discord::new(2);
    let (addr, calls) = endpoint(&discord).await;
    let (status, body) = send(addr, impostor.request(&command(6, "hello"))).await;
    assert_eq!(
        (status, body),
        (StatusCode::UNAUTHORIZED, Bytes::from("invalid request signature"))
    );
    assert_eq!(send(addr, impostor.request(&ping(7))).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_huge_body_is_refused_whether_declared_or_streamed() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    // Validly signed, so only the size can be the reason.
    let mut huge = command(8, "hello");
    huge.pop();
    huge.extend_from_slice(format!(r#","padding":"{}"}}"#, "x".repeat(128 * 1024)).as_bytes());
    let (status, _) = send(addr, discord.request(&huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // Without a Content-Length (chunked), the cap applies while reading.
    let timestamp = now().to_string();
    let signature = discord.sign(&timestamp, &huge);
    let chunks: Vec<Result<_, std::convert::Infallible>> = huge
        .chunks(8 * 1024)
        .map(|chunk| Ok(hyper::body::Frame::data(Bytes::copy_from_slice(chunk))))
        .collect();
    let body = StreamBody::new(futures_util::stream::iter(chunks));
    let request = http::Request::post("/interactions")
        .header("x-signature-ed25519", signature)
        .header("x-signature-timestamp", timestamp)
        .body(body)
        .unwrap();
    assert!(request.headers().get("content-length").is_none());
    assert_eq!(send(addr, request).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(calls.load(Ordering::SeqCst), 0);

    // A large body under the cap is fine.
    let mut large = command(9, "hello");
    large.pop();
    large.extend_from_slice(format!(r#","padding":"{}"}}"#, "x".repeat(32 * 1024)).as_bytes());
    assert_eq!(send(addr, discord.request(&large)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn other_methods_paths_and_bodies_get_405_404_and_400() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let get = http::Request::get("/interactions").body(Full::new(Bytes::new())).unwrap();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
    tokio::spawn(connection);
    let response = sender.send_request(get).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");

    let mut elsewhere = discord.request(&ping(10));
    *elsewhere.uri_mut() = "/other".parse().unwrap();
    assert_eq!(send(addr, elsewhere).await.0, StatusCode::NOT_FOUND);

    // Signed, but not an interaction.
    for body in
        [&b""[..], b"{", b"null", b"[]", br#"{"type":2}"#, br#"{"id":"1","type":"x","token":"t"}"#]
    {
        assert_eq!(send(addr, discord.request(body)).await.0, StatusCode::BAD_REQUEST, "{body:?}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_replayed_interaction_runs_once() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let body = command(11, "hello");
    let timestamp = now().to_string();
    let signature = discord.sign(&timestamp, &body);
    assert_eq!(send(addr, signed(&body, &signature, &timestamp)).await.0, StatusCode::OK);
    let (status, answer) = send(addr, signed(&body, &signature, &timestamp)).await;
    assert_eq!(
        (status, answer),
        (StatusCode::CONFLICT, Bytes::from("this interaction was already received"))
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // A PING too: Discord gives every request its own id.
    assert_eq!(send(addr, discord.request(&ping(12))).await.0, StatusCode::OK);
    assert_eq!(send(addr, discord.request(&ping(12))).await.0, StatusCode::CONFLICT);
}

#[tokio::test]
async fn replay_memory_can_be_turned_off() {
    let discord = Discord::new(1);
    let calls = Arc::new(AtomicUsize::new(0));
    let addr =
        serve(support::service(&discord, echo(Arc::clone(&calls))).replay_memory(0).build()).await;
    let body = command(13, "hello");
    let timestamp = now().to_string();
    let signature = discord.sign(&timestamp, &body);
    for _ in 0..2 {
        assert_eq!(send(addr, signed(&body, &signature, &timestamp)).await.0, StatusCode::OK);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn stale_timestamps_pass_by_default_and_are_refused_with_a_window() {
    let discord = Discord::new(1);
    let old = (now() - 3600).to_string();
    let (lenient, _) = endpoint(&discord).await;
    let body = ping(14);
    assert_eq!(
        send(lenient, signed(&body, &discord.sign(&old, &body), &old)).await.0,
        StatusCode::OK
    );

    let strict = serve(
        support::service(&discord, echo(Arc::new(AtomicUsize::new(0))))
            .max_age(Some(std::time::Duration::from_secs(300)))
            .build(),
    )
    .await;
    let (status, answer) = send(strict, signed(&body, &discord.sign(&old, &body), &old)).await;
    assert_eq!(
        (status, answer),
        (
            StatusCode::UNAUTHORIZED,
            Bytes::from("the request's timestamp is outside the accepted window")
        )
    );
    let future = (now() + 3600).to_string();
    assert_eq!(
        send(strict, signed(&body, &discord.sign(&future, &body), &future)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(send(strict, discord.request(&body)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn keeps_serving_on_one_connection() {
    let discord = Discord::new(1);
    let (addr, calls) = endpoint(&discord).await;
    let mut connection = Connection::open(addr).await;
    for id in 20..30 {
        // Refusals do not close the connection either.
        assert_eq!(
            connection.send(Discord::new(9).request(&ping(id))).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(connection.send(discord.request(&command(id, "hello"))).await.0, StatusCode::OK);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 10);
}
