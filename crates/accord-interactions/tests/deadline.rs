//! The deadline on tokio's paused clock: a slow handler gets a deferral sent for it, and its
//! late response goes out through the `RestResponder`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_interactions::model::id::Id;
use accord_interactions::model::id::marker::ApplicationMarker;
use accord_interactions::model::interaction::{
    Interaction, InteractionCallbackData, InteractionResponse,
};
use accord_interactions::model::util::Secret;
use accord_interactions::{
    BoxError, BoxFuture, DEFAULT_DEADLINE, Delivery, ErrorKind, InteractionService, Responder,
    RestResponder,
};
use http::StatusCode;
use http_body_util::BodyExt;
use support::{Discord, autocomplete, command, component, json};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// A REST call: the method's name, the application id, the token and the message.
type Call = (&'static str, u64, String, InteractionCallbackData);

/// Records the REST calls, as Discord would receive them.
#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<Call>>>,
}

impl RestResponder for Recorder {
    fn edit_original<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        self.calls.lock().unwrap().push((
            "edit_original",
            application_id.get(),
            token.expose().to_owned(),
            data,
        ));
        Box::pin(async { Ok(()) })
    }

    fn create_followup<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        self.calls.lock().unwrap().push((
            "create_followup",
            application_id.get(),
            token.expose().to_owned(),
            data,
        ));
        Box::pin(async { Ok(()) })
    }
}

/// A handler that waits `delay`, responds with `response`, and reports how it was delivered.
fn slow(
    delay: Duration,
    response: InteractionResponse,
    outcome: mpsc::UnboundedSender<Result<Delivery, ErrorKind>>,
) -> impl accord_interactions::Handler {
    move |_: Interaction, responder: Responder| {
        let (response, outcome) = (response.clone(), outcome.clone());
        async move {
            tokio::time::sleep(delay).await;
            let delivered = responder.respond(response).await.map_err(|error| error.kind());
            outcome.send(delivered).unwrap();
        }
    }
}

async fn answer(
    service: &InteractionService,
    discord: &Discord,
    body: &[u8],
) -> (StatusCode, serde_json::Value) {
    let response = service.handle(discord.request(body)).await;
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, if status.is_success() { json(&body) } else { serde_json::Value::Null })
}

fn hello() -> InteractionResponse {
    InteractionResponse::message(InteractionCallbackData::content("hello"))
}

#[tokio::test(start_paused = true)]
async fn a_response_before_the_deadline_is_the_body() {
    let discord = Discord::new(1);
    let (sender, mut outcome) = mpsc::unbounded_channel();
    let rest = Recorder::default();
    let service = InteractionService::builder(
        discord.verifier(),
        slow(Duration::from_secs(2), hello(), sender),
    )
    .rest_responder(rest.clone())
    .build();
    let started = Instant::now();
    let (status, body) = answer(&service, &discord, &command(1, "slow")).await;
    assert_eq!(started.elapsed(), Duration::from_secs(2), "answered as soon as the handler did");
    assert_eq!(
        (status, body),
        (StatusCode::OK, serde_json::json!({ "type": 4, "data": { "content": "hello" } }))
    );
    assert_eq!(outcome.recv().await.unwrap(), Ok(Delivery::HttpBody));
    assert!(rest.calls.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_slow_command_is_deferred_at_the_deadline_and_its_response_edits_the_original() {
    let discord = Discord::new(1);
    let (sender, mut outcome) = mpsc::unbounded_channel();
    let rest = Recorder::default();
    let service = InteractionService::builder(
        discord.verifier(),
        slow(Duration::from_secs(10), hello(), sender),
    )
    .rest_responder(rest.clone())
    .build();
    let started = Instant::now();
    let (status, body) = answer(&service, &discord, &command(2, "slow")).await;
    assert_eq!(started.elapsed(), DEFAULT_DEADLINE);
    assert_eq!((status, body), (StatusCode::OK, serde_json::json!({ "type": 5 })));
    assert!(rest.calls.lock().unwrap().is_empty(), "nothing sent before the handler answers");

    assert_eq!(outcome.recv().await.unwrap(), Ok(Delivery::EditedOriginal));
    let calls = rest.calls.lock().unwrap();
    assert_eq!(
        *calls,
        [("edit_original", 11, "token-2".to_owned(), InteractionCallbackData::content("hello"))]
    );
}

#[tokio::test(start_paused = true)]
async fn the_deadline_is_configurable() {
    let discord = Discord::new(1);
    let (sender, _outcome) = mpsc::unbounded_channel();
    let service = InteractionService::builder(
        discord.verifier(),
        slow(Duration::from_secs(10), hello(), sender),
    )
    .rest_responder(Recorder::default())
    .deadline(Duration::from_millis(500))
    .build();
    let started = Instant::now();
    let (_, body) = answer(&service, &discord, &command(3, "slow")).await;
    assert_eq!(started.elapsed(), Duration::from_millis(500));
    assert_eq!(body, serde_json::json!({ "type": 5 }));
}

#[tokio::test(start_paused = true)]
async fn a_slow_component_gets_a_deferred_update_then_an_edit_or_a_followup() {
    let discord = Discord::new(1);
    let rest = Recorder::default();
    for (id, late, expected_call, expected) in [
        (
            4,
            InteractionResponse::update(InteractionCallbackData::content("edited")),
            "edit_original",
            Delivery::EditedOriginal,
        ),
        (
            5,
            InteractionResponse::message(InteractionCallbackData::content("new")),
            "create_followup",
            Delivery::Followup,
        ),
    ] {
        let (sender, mut outcome) = mpsc::unbounded_channel();
        let service = InteractionService::builder(
            discord.verifier(),
            slow(Duration::from_secs(5), late, sender),
        )
        .rest_responder(rest.clone())
        .build();
        let (status, body) = answer(&service, &discord, &component(id, "vote:yes")).await;
        assert_eq!((status, body), (StatusCode::OK, serde_json::json!({ "type": 6 })));
        assert_eq!(outcome.recv().await.unwrap(), Ok(expected));
        assert_eq!(rest.calls.lock().unwrap().last().unwrap().0, expected_call);
        assert_eq!(rest.calls.lock().unwrap().last().unwrap().2, format!("token-{id}"));
    }
}

#[tokio::test(start_paused = true)]
async fn slow_autocomplete_gets_no_choices_and_the_late_ones_are_an_error() {
    let discord = Discord::new(1);
    let (sender, mut outcome) = mpsc::unbounded_channel();
    let rest = Recorder::default();
    let late = InteractionResponse::autocomplete(Vec::new());
    let service =
        InteractionService::builder(discord.verifier(), slow(Duration::from_secs(5), late, sender))
            .rest_responder(rest.clone())
            .build();
    let (_, body) = answer(&service, &discord, &autocomplete(6, "ban")).await;
    assert_eq!(body, serde_json::json!({ "type": 8, "data": { "choices": [] } }));
    assert_eq!(outcome.recv().await.unwrap(), Err(ErrorKind::ResponseExpired));
    assert!(rest.calls.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_late_modal_is_an_error_and_a_late_deferral_is_nothing_to_do() {
    let discord = Discord::new(1);
    let rest = Recorder::default();
    for (id, late, expected) in [
        (
            7,
            InteractionResponse::modal("form", "Form", Vec::new()),
            Err(ErrorKind::ResponseExpired),
        ),
        (8, InteractionResponse::deferred(), Ok(Delivery::AlreadyDeferred)),
    ] {
        let (sender, mut outcome) = mpsc::unbounded_channel();
        let service = InteractionService::builder(
            discord.verifier(),
            slow(Duration::from_secs(5), late, sender),
        )
        .rest_responder(rest.clone())
        .build();
        let (_, body) = answer(&service, &discord, &command(id, "form")).await;
        assert_eq!(body, serde_json::json!({ "type": 5 }));
        assert_eq!(outcome.recv().await.unwrap(), expected);
    }
    assert!(rest.calls.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_panicking_or_silent_handler_gets_500_at_once() {
    let discord = Discord::new(1);
    let panics =
        InteractionService::builder(discord.verifier(), |_: Interaction, _: Responder| async {
            panic!("boom");
        })
        .build();
    let started = Instant::now();
    assert_eq!(
        answer(&panics, &discord, &command(9, "x")).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(started.elapsed(), Duration::ZERO);
    // The service keeps working after the panic.
    assert_eq!(answer(&panics, &discord, &support::ping(10)).await.0, StatusCode::OK);

    let panics_before_the_future = InteractionService::builder(
        discord.verifier(),
        |_: Interaction, _: Responder| -> std::future::Ready<()> {
            panic!("boom");
        },
    )
    .build();
    assert_eq!(
        answer(&panics_before_the_future, &discord, &command(11, "x")).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );

    let silent = InteractionService::builder(
        discord.verifier(),
        |_: Interaction, responder: Responder| async move {
            drop(responder);
        },
    )
    .build();
    assert_eq!(
        answer(&silent, &discord, &command(12, "x")).await.0,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[tokio::test(start_paused = true)]
async fn a_body_that_stalls_times_out_with_408() {
    let discord = Discord::new(1);
    let service =
        InteractionService::builder(discord.verifier(), |_: Interaction, _: Responder| async {})
            .read_timeout(Duration::from_secs(1))
            .build();
    // Headers arrive, the body never does.
    let (_keep, receiver) =
        mpsc::channel::<Result<hyper::body::Frame<bytes::Bytes>, std::convert::Infallible>>(1);
    let body = http_body_util::StreamBody::new(tokio_stream(receiver));
    let request = http::Request::post("/")
        .header("x-signature-ed25519", "00".repeat(64))
        .header("x-signature-timestamp", "1")
        .body(body)
        .unwrap();
    let started = Instant::now();
    let response = service.handle(request).await;
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(started.elapsed(), Duration::from_secs(1));
}

/// A receiver as a stream, without tokio-stream.
fn tokio_stream<T>(mut receiver: mpsc::Receiver<T>) -> impl futures_util::Stream<Item = T> {
    futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx))
}
