//! End to end against the emulator as Discord: it verifies the endpoint URL, sends its
//! tampered, unsigned, stale and replayed probes, and posts signed interactions whose answer
//! it takes as the initial response.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::time::Duration;

use accord_emulator::{CommandCall, Emulator, EndpointErrorKind, Probe};
use accord_interactions::model::channel::ChannelType;
use accord_interactions::model::id::Id;
use accord_interactions::model::id::marker::{ChannelMarker, UserMarker};
use accord_interactions::model::interaction::{
    Interaction, InteractionCallbackData, InteractionCallbackType, InteractionResponse,
};
use accord_interactions::{
    Delivery, HyperRestResponder, InteractionService, Responder, ServiceBuilder, Verifier,
};
use bytes::Bytes;
use http_body_util::Full;
use tokio::sync::mpsc;

/// A person and #general in the emulator's one guild.
fn scene(emulator: &Emulator) -> (Id<UserMarker>, Id<ChannelMarker>) {
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let general = handle
        .channels(guild)
        .into_iter()
        .find(|c| c.kind == ChannelType::GuildText && c.name.as_deref() == Some("general"))
        .unwrap()
        .id;
    let owner = handle.guild(guild).unwrap().owner_id;
    let user = handle
        .members(guild)
        .into_iter()
        .find(|m| m.user.id != emulator.bot_user_id() && m.user.id != owner)
        .unwrap()
        .user
        .id;
    (user, general)
}

/// Registers the global command `/name` through the emulator's REST API.
async fn register(emulator: &Emulator, name: &str) {
    let addr = emulator.addr();
    let body = format!(r#"{{"name":"{name}","description":"A test command"}}"#);
    let request = http::Request::post(format!(
        "/api/v10/applications/{}/commands",
        emulator.application_id()
    ))
    .header("host", addr.to_string())
    .header("authorization", format!("Bot {}", emulator.token()))
    .header("content-type", "application/json")
    .body(Full::new(Bytes::from(body)))
    .unwrap();
    let (status, body) = support::send(addr, request).await;
    assert!(status.is_success(), "{status}: {body:?}");
}

/// The service for the emulator's application key, at `/interactions`, on a free port.
async fn endpoint(
    emulator: &Emulator,
    configure: impl FnOnce(ServiceBuilder) -> ServiceBuilder,
    handler: impl accord_interactions::Handler,
) -> String {
    let verifier = Verifier::new(&emulator.verify_key()).unwrap();
    let builder = InteractionService::builder(verifier, handler).path("/interactions");
    let addr = support::serve(configure(builder).build()).await;
    format!("http://{addr}/interactions")
}

fn says(text: &'static str) -> impl accord_interactions::Handler {
    move |_: Interaction, responder: Responder| async move {
        let reply = InteractionResponse::message(InteractionCallbackData::content(text));
        assert_eq!(responder.respond(reply).await.unwrap(), Delivery::HttpBody);
    }
}

#[tokio::test]
async fn the_emulator_verifies_the_url_and_every_tampered_probe_is_refused() {
    let emulator = Emulator::builder().guilds(1).start().await.unwrap();
    let url = endpoint(&emulator, |builder| builder, says("hi")).await;
    let handle = emulator.handle();
    handle.set_interactions_endpoint(&url).await.expect("a PING answered, a forgery refused");
    assert_eq!(handle.interactions_endpoint(), Some(url));

    let status = |probe| async move { handle.probe_interactions_endpoint(probe).await.unwrap() };
    assert_eq!(status(Probe::Valid).await.status, 200);
    for probe in [
        Probe::FlippedBody,
        Probe::FlippedSignature,
        Probe::FlippedTimestamp,
        Probe::Unsigned,
        Probe::WrongKey,
    ] {
        assert_eq!(status(probe).await.status, 401, "{probe:?}");
    }
    // No timestamp window by default: an old but genuine request is answered.
    assert_eq!(status(Probe::Stale(Duration::from_secs(3600))).await.status, 200);
    let replayed = status(Probe::Replayed).await;
    assert_eq!((replayed.first_status, replayed.status), (Some(200), 409));
}

#[tokio::test]
async fn with_a_window_a_stale_probe_is_refused() {
    let emulator = Emulator::builder().guilds(1).start().await.unwrap();
    let url =
        endpoint(&emulator, |builder| builder.max_age(Some(Duration::from_secs(300))), says("hi"))
            .await;
    let handle = emulator.handle();
    handle.set_interactions_endpoint(&url).await.unwrap();
    let probe =
        |probe| async move { handle.probe_interactions_endpoint(probe).await.unwrap().status };
    assert_eq!(probe(Probe::Stale(Duration::from_secs(3600))).await, 401);
    assert_eq!(probe(Probe::Stale(Duration::from_secs(10))).await, 200);
}

#[tokio::test]
async fn an_endpoint_with_the_wrong_key_is_refused_when_set() {
    let emulator = Emulator::builder().guilds(1).start().await.unwrap();
    let other = support::Discord::new(3);
    let addr =
        support::serve(InteractionService::builder(other.verifier(), says("hi")).build()).await;
    let handle = emulator.handle();
    let error = handle.set_interactions_endpoint(&format!("http://{addr}/")).await.unwrap_err();
    assert_eq!(error.kind(), EndpointErrorKind::NoPong, "{error}");
    assert_eq!(handle.interactions_endpoint(), None);
}

#[tokio::test]
async fn a_slash_command_is_answered_in_the_http_body() {
    let emulator = Emulator::builder().guilds(1).start().await.unwrap();
    register(&emulator, "hello").await;
    let url = endpoint(&emulator, |builder| builder, says("hello over HTTP")).await;
    let handle = emulator.handle();
    handle.set_interactions_endpoint(&url).await.unwrap();
    let (user, general) = scene(&emulator);

    let pending = handle.run_command(CommandCall::slash(user, general, "hello")).unwrap();
    let response = pending.response().await.expect("answered in time");
    assert_eq!(response.kind, InteractionCallbackType::ChannelMessageWithSource);
    let outcome = pending.outcome();
    assert_eq!(outcome.endpoint_status, Some(200));
    assert_eq!(outcome.original.unwrap().content, "hello over HTTP");
    assert!(outcome.failure.is_none());
}

#[tokio::test]
async fn a_slow_handler_is_deferred_and_its_answer_edits_the_original_over_rest() {
    let emulator = Emulator::builder().guilds(1).start().await.unwrap();
    register(&emulator, "slow").await;
    let (sender, mut delivered) = mpsc::unbounded_channel();
    let handler = move |_: Interaction, responder: Responder| {
        let sender = sender.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(600)).await;
            let reply =
                InteractionResponse::message(InteractionCallbackData::content("worth the wait"));
            sender.send(responder.respond(reply).await.map_err(|error| error.to_string())).unwrap();
        }
    };
    let rest = HyperRestResponder::with_base_url(emulator.http_url()).unwrap();
    let url = endpoint(
        &emulator,
        |builder| builder.deadline(Duration::from_millis(200)).rest_responder(rest),
        handler,
    )
    .await;
    let handle = emulator.handle();
    handle.set_interactions_endpoint(&url).await.unwrap();
    let (user, general) = scene(&emulator);

    let pending = handle.run_command(CommandCall::slash(user, general, "slow")).unwrap();
    let response = pending.response().await.expect("the deferral, in time");
    assert_eq!(response.kind, InteractionCallbackType::DeferredChannelMessageWithSource);
    assert_eq!(delivered.recv().await.unwrap(), Ok(Delivery::EditedOriginal));
    let outcome = pending.outcome();
    assert_eq!(outcome.original.unwrap().content, "worth the wait");
    assert!(outcome.failure.is_none(), "{:?}", outcome.failure);
}
