//! `https://` against the emulator serving TLS with a certificate made at test time: HTTP/2
//! negotiated by ALPN, HTTP/1.1 when the client offers only that, the extra roots and custom
//! rustls configuration options, and certificates that must be refused, with the error kind
//! that says so. Which protocol carried each request is counted by the emulator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::error::Error as _;
use std::sync::Arc;

use accord_emulator::{Emulator, TestCa};
use accord_http::rustls;
use accord_http::{Client, ClientBuilder, Error, ErrorKind};
use accord_model::channel::ChannelType;
use accord_model::id::Id;

/// An emulator serving TLS with a certificate `ca` issued for `names`.
async fn tls_emulator(ca: &TestCa, names: &[&str]) -> Emulator {
    Emulator::builder().tls(ca.issue(names).unwrap()).start().await.unwrap()
}

fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder().token(emulator.token()).base_url(emulator.http_url())
}

/// Gets the gateway URL and sends a message: a GET, and a POST with a body.
async fn exercise(client: &Client, emulator: &Emulator) {
    let bot = client.get_bot_gateway().await.unwrap().model().await.unwrap();
    assert_eq!(bot.url.as_str(), emulator.gateway_url());
    assert!(bot.url.starts_with("wss://"));
    let handle = emulator.handle();
    let channels = handle.channels(handle.guild_ids()[0]);
    let channel =
        channels.iter().find(|channel| channel.kind == ChannelType::GuildText).unwrap().id;
    let message =
        client.create_message(channel).content("over tls").await.unwrap().model().await.unwrap();
    assert_eq!(handle.message(channel, message.id).unwrap().content, "over tls");
}

/// The rustls error inside a TLS error, within `io::Error`s.
fn rustls_error(error: Error) -> rustls::Error {
    let mut source = error.into_source().unwrap();
    loop {
        match source.downcast::<rustls::Error>() {
            Ok(error) => return *error,
            Err(other) => {
                source = other.downcast::<std::io::Error>().unwrap().into_inner().unwrap();
            }
        }
    }
}

/// A configuration trusting `ca` that names its own ALPN protocols (hyper-rustls would panic
/// on it as it is).
fn custom_config(ca: &TestCa) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(ca.roots())
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config
}

#[tokio::test]
async fn https_negotiates_http2_by_alpn() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["localhost", "127.0.0.1"]).await;
    assert!(emulator.http_url().starts_with("https://127.0.0.1:"));
    let client = builder(&emulator).root_certificates(ca.roots()).build();
    exercise(&client, &emulator).await;
    // Many requests at once share the HTTP/2 connection.
    let gets: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(
                async move { client.get_my_user().await.map(|response| response.status()) },
            )
        })
        .collect();
    for get in gets {
        assert_eq!(get.await.unwrap().unwrap(), 200);
    }
    let counters = emulator.handle().counters();
    assert_eq!(counters.rest_requests, 22);
    assert_eq!(counters.http2_requests, 22, "every request went over HTTP/2");
}

#[tokio::test]
async fn http1_only_speaks_http1_over_tls() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["127.0.0.1"]).await;
    let client = builder(&emulator).root_certificates(ca.roots()).http1_only().build();
    exercise(&client, &emulator).await;
    let counters = emulator.handle().counters();
    assert_eq!((counters.rest_requests, counters.http2_requests), (2, 0));
}

#[tokio::test]
async fn a_custom_config_is_used_with_the_clients_own_alpn() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["127.0.0.1"]).await;
    // Its `http/1.1`-only ALPN is replaced: HTTP/2 is offered and chosen.
    let client = builder(&emulator).tls_config(custom_config(&ca)).build();
    exercise(&client, &emulator).await;
    assert_eq!(emulator.handle().counters().http2_requests, 2);
    // The last of `root_certificates` and `tls_config` wins.
    let other = TestCa::new().unwrap();
    let client =
        builder(&emulator).tls_config(custom_config(&other)).root_certificates(ca.roots()).build();
    assert_eq!(client.get_my_user().await.unwrap().status(), 200);
    let client =
        builder(&emulator).root_certificates(ca.roots()).tls_config(custom_config(&other)).build();
    assert!(matches!(client.get_my_user().await.unwrap_err().kind(), ErrorKind::Tls));
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_with_a_tls_error() {
    let ca = TestCa::new().unwrap();
    let emulator = tls_emulator(&ca, &["example.invalid"]).await;
    let client = builder(&emulator).root_certificates(ca.roots()).build();
    let error = client.get_channel(Id::new(1)).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Tls), "{error:?}");
    assert!(error.to_string().starts_with("the TLS handshake failed"), "{error}");
    let cause = error.source().unwrap().to_string();
    assert!(
        cause.contains("not valid for name \"127.0.0.1\"") && cause.contains("example.invalid"),
        "{cause}"
    );
    assert!(!format!("{error:?} {error}").contains(emulator.token()));
    assert!(matches!(
        rustls_error(error),
        rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForNameContext { .. })
    ));
    // Refused during the handshake: no request reached the emulator, none was retried.
    assert_eq!(emulator.handle().counters().rest_requests, 0);
}

#[tokio::test]
async fn a_certificate_from_an_untrusted_authority_is_refused() {
    let trusted = TestCa::new().unwrap();
    let other = TestCa::new().unwrap();
    let emulator = tls_emulator(&other, &["127.0.0.1"]).await;
    // Trusting another authority, and trusting only the default (webpki) roots.
    for client in
        [builder(&emulator).root_certificates(trusted.roots()).build(), builder(&emulator).build()]
    {
        let error = client.get_my_user().await.unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Tls), "{error:?}");
        assert_eq!(
            rustls_error(error),
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
        );
    }
    assert_eq!(emulator.handle().counters().rest_requests, 0);
}
