//! `wss://` against the emulator serving TLS with a certificate made at test time: both
//! transport compressions through READY, an event and a resume; the extra roots and custom
//! rustls configuration options; and certificates that must be refused, with the error that
//! says why.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use std::sync::Arc;

use accord_emulator::{Emulator, Fault, FaultTarget, TestCa};
use accord_gateway::rustls;
use accord_gateway::{Compression, ReceiveError, ReceiveErrorKind, Shard};
use accord_model::gateway::{Event, ShardId};

use common::{config, emulator, patiently};

/// An emulator serving TLS with a certificate `ca` issued for `names`.
async fn tls_emulator(ca: &TestCa, names: &[&str]) -> Emulator {
    emulator().tls(ca.issue(names).unwrap()).start().await.unwrap()
}

/// Reads until READY.
async fn until_ready(shard: &mut Shard) {
    loop {
        if let Event::Ready(_) = patiently("READY", shard.next_event()).await.unwrap().unwrap() {
            return;
        }
    }
}

/// Reads until a message with `content` arrives.
async fn until_message(shard: &mut Shard, content: &str) {
    loop {
        let event = patiently("MESSAGE_CREATE", shard.next_event()).await.unwrap().unwrap();
        if let Event::MessageCreate(message) = event
            && message.content == content
        {
            return;
        }
    }
}

/// Sends a message as a member of the first guild.
fn send_message(emulator: &Emulator, content: &str) {
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let channel = handle.channels(guild)[0].id;
    let user = handle.members(guild)[1].user.id;
    handle.send_message(channel, user, content).unwrap();
}

/// The first error a shard yields, which must come before READY.
async fn first_error(mut shard: Shard) -> ReceiveError {
    match patiently("an error", shard.next_event()).await {
        Some(Err(error)) => error,
        other => panic!("expected an error, got {other:?}"),
    }
}

/// The rustls error inside a TLS error.
fn rustls_error(error: ReceiveError) -> rustls::Error {
    let source = error.into_source().unwrap();
    let io = source.downcast::<std::io::Error>().unwrap();
    io.into_inner().unwrap().downcast::<rustls::Error>().map(|error| *error).unwrap()
}

#[tokio::test]
async fn both_compressions_reach_ready_an_event_and_a_resume_over_wss() {
    common::trace();
    let ca = TestCa::new().unwrap();
    for (compression, expected) in [
        (Compression::ZlibStream, accord_emulator::Compression::Zlib),
        (Compression::ZstdStream, accord_emulator::Compression::Zstd),
    ] {
        let emulator = tls_emulator(&ca, &["localhost", "127.0.0.1"]).await;
        assert!(emulator.gateway_url().starts_with("wss://127.0.0.1:"));
        let config = config(&emulator, compression).root_certificates(ca.roots()).build().unwrap();
        let mut shard = Shard::new(ShardId::ONE, config);
        until_ready(&mut shard).await;
        assert!(shard.session().unwrap().resume_url().starts_with("wss://"));
        let connections = emulator.handle().connections();
        assert_eq!(connections.len(), 1);
        assert_eq!(connections[0].compression, expected, "{compression:?}");
        send_message(&emulator, "over tls");
        until_message(&mut shard, "over tls").await;

        // The connection drops; the shard resumes at READY's wss:// resume URL, where the
        // message sent in between is replayed.
        emulator.handle().inject(&FaultTarget::All, &Fault::Drop);
        send_message(&emulator, "after the resume");
        // The shard yields a connection error for the drop before it resumes; skip it.
        loop {
            match patiently("the resumed message", shard.next_event()).await.unwrap() {
                Ok(Event::MessageCreate(message)) if message.content == "after the resume" => {
                    break;
                }
                Ok(_) => {}
                Err(error) => assert_eq!(*error.kind(), ReceiveErrorKind::Connection, "{error}"),
            }
        }
        assert_eq!(emulator.handle().counters().resumes, 1);
        assert_eq!(emulator.handle().counters().identifies, 1);
    }
}

#[tokio::test]
async fn a_custom_client_config_is_used_and_offers_http1_whatever_it_said() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["127.0.0.1"]).await;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(ca.roots())
        .with_no_client_auth();
    // The emulator prefers h2, on which a websocket upgrade cannot be answered: the shard
    // offers http/1.1 instead.
    tls.alpn_protocols = vec![b"h2".to_vec()];
    let config = config(&emulator, Compression::ZstdStream).tls_config(tls).build().unwrap();
    let mut shard = Shard::new(ShardId::ONE, config);
    until_ready(&mut shard).await;
    assert_eq!(emulator.handle().counters().http2_requests, 0);
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_with_a_tls_error() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["example.invalid"]).await;
    let config = config(&emulator, Compression::ZstdStream).root_certificates(ca.roots());
    let mut shard = Shard::new(ShardId::ONE, config.build().unwrap());
    let error = patiently("an error", shard.next_event()).await.unwrap().unwrap_err();
    assert_eq!(*error.kind(), ReceiveErrorKind::Tls);
    assert!(!error.is_fatal(), "the shard retries");
    let message = error.to_string();
    assert!(message.starts_with("the TLS handshake with the gateway failed"), "{message}");
    assert!(
        message.contains("not valid for name \"127.0.0.1\"") && message.contains("example.invalid"),
        "{message}"
    );
    assert!(matches!(
        rustls_error(error),
        rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForNameContext { .. })
    ));
    // It retries after its backoff, and is refused again; nothing reached the gateway.
    let again = patiently("a second error", shard.next_event()).await.unwrap().unwrap_err();
    assert_eq!(*again.kind(), ReceiveErrorKind::Tls);
    assert_eq!(shard.counters().connections(), 0);
    assert_eq!(emulator.handle().counters().connections, 0);
}

#[tokio::test]
async fn a_certificate_from_an_untrusted_authority_is_refused() {
    let trusted = TestCa::new().unwrap();
    let other = TestCa::new().unwrap();
    let emulator = tls_emulator(&other, &["127.0.0.1"]).await;
    // Trusting another authority, and trusting only the default (webpki) roots.
    for config in [
        config(&emulator, Compression::ZstdStream).root_certificates(trusted.roots()),
        config(&emulator, Compression::ZstdStream),
    ] {
        let error = first_error(Shard::new(ShardId::ONE, config.build().unwrap())).await;
        assert_eq!(*error.kind(), ReceiveErrorKind::Tls);
        assert!(error.to_string().contains("UnknownIssuer"), "{error}");
        assert_eq!(
            rustls_error(error),
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
        );
    }
    assert_eq!(emulator.handle().counters().connections, 0);
}
