//! The built-in `HyperRestResponder` against a local server that records what it receives.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use accord_interactions::model::id::Id;
use accord_interactions::model::interaction::InteractionCallbackData;
use accord_interactions::model::util::Secret;
use accord_interactions::{HyperRestResponder, RestResponder};
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// What the server saw: method, path, whether an Authorization header came, the body.
type Seen = Arc<Mutex<Vec<(String, String, bool, serde_json::Value)>>>;

/// Answers the first `limited` requests with 429 and a `retry_after`, then 200.
async fn webhook_server(limited: usize) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let recorded = Arc::clone(&seen);
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let recorded = Arc::clone(&recorded);
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let recorded = Arc::clone(&recorded);
                async move {
                    let method = request.method().to_string();
                    let path = request.uri().path().to_owned();
                    let authorized = request.headers().contains_key("authorization");
                    let body = request.into_body().collect().await.unwrap().to_bytes();
                    let count = {
                        let mut seen = recorded.lock().unwrap();
                        seen.push((
                            method,
                            path,
                            authorized,
                            serde_json::from_slice(&body).unwrap(),
                        ));
                        seen.len()
                    };
                    let response = if count <= limited {
                        Response::builder()
                            .status(StatusCode::TOO_MANY_REQUESTS)
                            .body(Full::new(Bytes::from(r#"{"message":"You are being rate limited.","retry_after":0.05,"global":false}"#)))
                    } else {
                        Response::builder()
                            .status(StatusCode::OK)
                            .body(Full::new(Bytes::from("{}")))
                    };
                    Ok::<_, Infallible>(response.unwrap())
                }
            });
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service),
            );
        }
    });
    (format!("http://{addr}/api/v10/"), seen)
}

#[tokio::test]
async fn edits_the_original_and_posts_followups_with_the_interaction_token_only() {
    let (base, seen) = webhook_server(0).await;
    let client = HyperRestResponder::with_base_url(base).unwrap();
    assert!(client.base_url().ends_with("/api/v10"), "a trailing slash is dropped");
    let token = Secret::new("aW50ZXJhY3Rpb246MTIz");
    client
        .edit_original(Id::new(11), &token, InteractionCallbackData::content("edited"))
        .await
        .unwrap();
    client
        .create_followup(Id::new(11), &token, InteractionCallbackData::content("more"))
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(
        *seen,
        [
            (
                "PATCH".into(),
                "/api/v10/webhooks/11/aW50ZXJhY3Rpb246MTIz/messages/@original".into(),
                false,
                serde_json::json!({ "content": "edited" })
            ),
            (
                "POST".into(),
                "/api/v10/webhooks/11/aW50ZXJhY3Rpb246MTIz".into(),
                false,
                serde_json::json!({ "content": "more" })
            ),
        ]
    );
}

#[tokio::test]
async fn waits_out_a_rate_limit_then_gives_up_after_three_tries() {
    let (base, seen) = webhook_server(2).await;
    let client = HyperRestResponder::with_base_url(base).unwrap();
    let token = Secret::new("token");
    client.edit_original(Id::new(11), &token, InteractionCallbackData::content("x")).await.unwrap();
    assert_eq!(seen.lock().unwrap().len(), 3, "two 429s, then the edit");

    let (base, seen) = webhook_server(usize::MAX).await;
    let client = HyperRestResponder::with_base_url(base).unwrap();
    let error = client
        .edit_original(Id::new(11), &token, InteractionCallbackData::content("x"))
        .await
        .unwrap_err();
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert!(error.to_string().contains("429"), "{error}");
    assert!(!error.to_string().contains("token"), "the token is not in the error: {error}");
}

#[tokio::test]
async fn a_token_that_cannot_be_in_a_url_is_an_error_not_a_panic() {
    let (base, seen) = webhook_server(0).await;
    let client = HyperRestResponder::with_base_url(base).unwrap();
    let error = client
        .edit_original(
            Id::new(11),
            &Secret::new("bad token\n"),
            InteractionCallbackData::content("x"),
        )
        .await
        .unwrap_err();
    assert!(error.to_string().contains("not valid in a URL"), "{error}");
    assert!(seen.lock().unwrap().is_empty());
}
