//! Every kind of error, produced for real against the fake Discord (or a closed port), and the
//! retries that come before some of them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use accord_http::ratelimit::{BoxFuture, Permit, RatelimitRequest, Ratelimiter};
use accord_http::validate::ValidationErrorKind;
use accord_http::{BoxError, Client, ErrorKind, StatusCode};
use accord_model::id::Id;
use support::{FakeDiscord, Reply};

fn client(fake: &FakeDiscord) -> Client {
    Client::builder()
        .token("test-token")
        .base_url(fake.base_url())
        .retry_backoff(Duration::from_millis(1))
        .build()
}

#[tokio::test]
async fn validation_errors_are_reported_at_await_and_nothing_is_sent() {
    let fake = FakeDiscord::start().await;
    let client = client(&fake);
    let long = "x".repeat(2001);
    let error = client.create_message(Id::new(1)).content(&long).await.unwrap_err();
    let ErrorKind::Validation(validation) = error.kind() else { panic!("{error:?}") };
    assert_eq!(validation.field(), "content");
    assert_eq!(validation.kind(), &ValidationErrorKind::TooLong { max: 2000, actual: 2001 });
    assert_eq!(
        error.to_string(),
        "invalid request: `content` is 2001 characters long, at most 2000 are allowed"
    );

    let error = client.list_messages(Id::new(1)).limit(101).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(v) if v.field() == "limit"));
    let error = client
        .update_guild_member(Id::new(1), Id::new(2))
        .nick(Some(&"n".repeat(33)))
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(v) if v.field() == "nick"));
    let reason = "r".repeat(513);
    let error = client.delete_message(Id::new(1), Id::new(2)).reason(&reason).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(v) if v.field() == "reason"));
    let error = client.create_webhook(Id::new(1), "my discord hook").await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(v) if v.field() == "name"));
    assert!(fake.requests().is_empty(), "a request that failed validation was sent");
}

#[tokio::test]
async fn a_bad_base_url_fails_building_the_request() {
    let client = Client::builder().base_url("not a url").build();
    let error = client.get_my_user().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::BuildingRequest), "{error:?}");
    assert!(error.to_string().starts_with("failed to build the request"));
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api/v10"))
        .max_retries(2)
        .retry_backoff(Duration::from_millis(1))
        .build();
    // Even a POST is retried: a refused connection never reached Discord.
    let error = client.create_message(Id::new(1)).content("hi").await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Transport), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(200, "{}").delay(Duration::from_millis(500))));
    let client = Client::builder()
        .base_url(fake.base_url())
        .timeout(Duration::from_millis(50))
        .max_retries(1)
        .retry_backoff(Duration::from_millis(1))
        .build();
    let error = client.get_my_user().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { timeout } if *timeout == Duration::from_millis(50))
    );
    assert_eq!(fake.requests().len(), 2, "the GET was not retried once");
}

#[tokio::test]
async fn a_401_is_unauthorized() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(401, r#"{"message":"401: Unauthorized","code":0}"#)));
    let error = client(&fake).get_my_user().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Unauthorized { body: Some(body) } if body.code == 0));
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
}

#[tokio::test]
async fn a_4xx_carries_discords_code_message_and_field_errors() {
    let fake = FakeDiscord::start().await;
    fake.handle(|request| {
        Some(if request.method == "GET" {
            Reply::new(404, r#"{"message":"Unknown Channel","code":10003}"#)
        } else {
            Reply::new(400, r#"{"code":50035,"message":"Invalid Form Body","errors":{"embeds":{"0":{"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 4096 or fewer in length."}]}}}}}"#)
        })
    });
    let client = client(&fake);
    let error = client.get_channel(Id::new(1)).await.unwrap_err();
    assert_eq!(error.code(), Some(10003));
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(fake.requests().len(), 1, "a 404 was retried");

    let error = client.create_message(Id::new(1)).content("x").await.unwrap_err();
    let ErrorKind::Response { status, body: Some(body), .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, StatusCode::BAD_REQUEST);
    assert_eq!(body.code, 50035);
    assert_eq!(body.errors[0].path, "embeds.0.description");
    assert_eq!(body.errors[0].code, "BASE_TYPE_MAX_LENGTH");
}

#[tokio::test]
async fn a_4xx_without_json_keeps_the_raw_body() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(403, "<html>forbidden</html>")));
    let error = client(&fake).get_my_user().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Response { body: None, raw, .. } if raw == b"<html>forbidden</html>")
    );
}

#[tokio::test]
async fn server_errors_are_retried_for_idempotent_requests_only() {
    let fake = FakeDiscord::start().await;
    let mut failures = 2;
    fake.handle(move |request| {
        if request.method == "POST" {
            return Some(Reply::new(502, ""));
        }
        (failures > 0).then(|| {
            failures -= 1;
            Reply::new(500, "")
        })
    });
    let client = client(&fake);
    client.get_channel(Id::new(1)).await.expect("succeeds on the third attempt");
    assert_eq!(fake.requests().len(), 3);
    let error = client.create_message(Id::new(1)).content("once").await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::ServerError { status, attempts: 1 } if *status == StatusCode::BAD_GATEWAY)
    );
    assert_eq!(fake.requests().len(), 4, "a POST was sent twice after a 5xx");
}

#[tokio::test]
async fn retries_are_bounded() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(503, "")));
    let client = Client::builder()
        .base_url(fake.base_url())
        .max_retries(2)
        .retry_backoff(Duration::from_millis(1))
        .build();
    let error = client.get_channel(Id::new(1)).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::ServerError { attempts: 3, .. }), "{error:?}");
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn a_body_that_does_not_parse_is_a_parsing_error() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(200, r#"{"id": "not a user"#)));
    let response = client(&fake).get_my_user().await.expect("the status is fine");
    let error = response.model().await.unwrap_err();
    let ErrorKind::Parsing { body } = error.kind() else { panic!("{error:?}") };
    assert_eq!(body, br#"{"id": "not a user"#);
}

#[derive(Debug)]
struct Broken;

impl Ratelimiter for Broken {
    fn acquire<'a>(&'a self, _: &'a RatelimitRequest) -> BoxFuture<'a, Result<Permit, BoxError>> {
        Box::pin(async { Err(BoxError::from("the shared limiter is unreachable")) })
    }
}

#[tokio::test]
async fn a_failing_ratelimiter_is_reported() {
    let fake = FakeDiscord::start().await;
    let client =
        Client::builder().base_url(fake.base_url()).ratelimiter(Some(Arc::new(Broken))).build();
    let error = client.get_my_user().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Ratelimiter));
    let (_, source) = error.into_parts();
    assert_eq!(source.unwrap().to_string(), "the shared limiter is unreachable");
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn models_are_parsed_lazily_and_empty_bodies_are_typed() {
    let fake = FakeDiscord::start().await;
    fake.handle(|request| {
        Some(match request.method.as_str() {
            "GET" => Reply::new(200, r#"{"id":"80351110224678912","username":"Nelly","discriminator":"1337","global_name":null,"avatar":null}"#),
            _ => Reply::new(204, ""),
        })
    });
    let client = client(&fake);
    let response = client.get_user(Id::new(80_351_110_224_678_912)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let user = response.model().await.unwrap();
    assert_eq!(user.username, "Nelly");
    let deleted = client.delete_message(Id::new(1), Id::new(2)).await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(deleted.model().await.unwrap(), accord_http::EmptyBody);
}
