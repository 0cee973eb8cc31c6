//! Tokens appear only where they belong: in the `Authorization` header and in the paths of
//! webhook and interaction routes, never in `Debug`, `Display` or logs. Alone in its binary,
//! because it installs a `tracing` subscriber.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::{Arc, Mutex};

use accord_http::Client;
use accord_http::request::TryIntoRequest;
use accord_model::id::Id;
use accord_model::util::Secret;
use support::{FakeDiscord, Reply};

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_never_reach_debug_display_or_logs() {
    let logs = Arc::new(Mutex::new(Vec::new()));
    let writer = {
        let logs = logs.clone();
        move || Capture(logs.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(writer)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = FakeDiscord::start().await;
    fake.handle(|request| {
        (request.path == "/users/@me")
            .then(|| Reply::new(401, r#"{"message":"401: Unauthorized","code":0}"#))
    });
    let client = Client::builder().token("bot-SECRET-token").base_url(fake.base_url()).build();
    let hook = Secret::new("hook-SECRET-token");

    let error = client.get_my_user().await.unwrap_err();
    let builder = client.execute_webhook(Id::new(1), &hook).content("x");
    let request =
        client.execute_webhook(Id::new(1), &hook).content("x").try_into_request().unwrap();
    let mut texts = vec![
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{error:?}"),
        error.to_string(),
        format!("{builder:?}"),
        format!("{request:?}"),
    ];
    builder.await.unwrap();
    client.interaction(Id::new(1)).update_response(&hook).content(Some("y")).await.unwrap();
    texts.push(String::from_utf8_lossy(&logs.lock().unwrap()).into_owned());

    // The tokens were used where they belong...
    let requests = fake.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bot bot-SECRET-token"));
    assert!(requests[1].path.contains("hook-SECRET-token"));
    let logs = texts.last().unwrap();
    assert!(logs.contains("route=\"/users/@me\""), "the request span was not logged: {logs}");
    // ...and nowhere else.
    for text in &texts {
        assert!(!text.contains("SECRET"), "a token leaked: {text}");
    }
}
