//! What the emulator sends carries every field Discord sends (the spec's `required` lists), and
//! what Discord accepts the emulator accepts too: over real sockets, REST by hand-written HTTP
//! and the gateway by a bare websocket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use futures_util::{SinkExt, StreamExt};
use rest_support::{ALL_INTENTS, Rest, WAIT, World, builder};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// The spec's component schemas, or `None` (after a note) outside CI when it is missing.
fn schemas() -> Option<Value> {
    let path = accord_emulator::reference::discord_api("openapi.json")?;
    let text = std::fs::read_to_string(path).expect("the spec reads");
    let spec: Value = serde_json::from_str(&text).expect("the spec is JSON");
    Some(spec["components"]["schemas"].clone())
}

/// Asserts `object` has each key the spec's schema `name` lists as required.
#[track_caller]
fn has_required(schemas: &Value, name: &str, object: &Value) {
    let required = schemas[name]["required"].as_array().unwrap_or_else(|| panic!("{name} lists"));
    assert!(!required.is_empty(), "{name} requires keys");
    let missing: Vec<&str> = required
        .iter()
        .filter_map(Value::as_str)
        .filter(|key| object.get(*key).is_none())
        .collect();
    assert!(missing.is_empty(), "{name} lacks {missing:?}: {object}");
}

#[tokio::test]
async fn the_application_has_its_owner_and_every_required_field() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let Some(schemas) = schemas() else { return };
    for path in ["/oauth2/applications/@me", "/applications/@me"] {
        let app = rest.get(path).await.expect(200);
        has_required(&schemas, "PrivateApplicationResponse", &app);
        assert!(app["owner"]["id"].is_string(), "owner is a user: {app}");
        assert!(app["team"].is_null(), "no team: {app}");
    }
}

#[tokio::test]
async fn the_current_user_has_its_private_fields() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let Some(schemas) = schemas() else { return };
    let me = rest.get("/users/@me").await.expect(200);
    has_required(&schemas, "UserPIIResponse", &me);
    assert_eq!(me["mfa_enabled"], false);
    assert_eq!(me["locale"], "en-US");
    assert!(me["flags"].is_u64() && me["public_flags"].is_u64(), "{me}");
}

#[tokio::test]
async fn messages_have_flags_references_and_numbered_components() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let Some(schemas) = schemas() else { return };
    let path = format!("/channels/{}/messages", world.general);
    let button =
        |custom: &str| json!({ "type": 2, "style": 1, "label": custom, "custom_id": custom });
    let first = rest
        .post(
            &path,
            &json!({ "content": "first", "components": [
                { "type": 1, "components": [button("a"), button("b")] },
                { "type": 1, "components": [button("c")] },
            ]}),
        )
        .await
        .expect(200);
    has_required(&schemas, "MessageResponse", &first);
    assert_eq!(first["flags"], 0);
    let ids = |message: &Value| -> Vec<Value> {
        let rows = message["components"].as_array().expect("rows");
        rows.iter()
            .flat_map(|row| {
                std::iter::once(row["id"].clone()).chain(
                    row["components"].as_array().expect("children").iter().map(|c| c["id"].clone()),
                )
            })
            .collect()
    };
    assert_eq!(ids(&first), [1, 2, 3, 4, 5], "depth first from 1: {first}");

    let given = rest
        .post(
            &path,
            &json!({ "content": "given", "components": [
                { "type": 1, "id": 2, "components": [button("a"), button("b")] },
            ]}),
        )
        .await
        .expect(200);
    assert_eq!(ids(&given), [2, 1, 3], "the sender's ids are kept and skipped: {given}");

    let reply = rest
        .post(
            &path,
            &json!({ "content": "reply", "message_reference": { "message_id": first["id"] } }),
        )
        .await
        .expect(200);
    let reference = &reply["message_reference"];
    has_required(&schemas, "MessageReferenceResponse", reference);
    assert_eq!(reference["channel_id"], world.general.as_str());
    assert_eq!(reference["type"], 0);
}

#[tokio::test]
async fn commands_send_default_member_permissions_as_null() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let Some(schemas) = schemas() else { return };
    let path = format!("/applications/{}/commands", world.application);
    let body = json!({ "name": "ping", "description": "Replies." });
    let created = rest.post(&path, &body).await.expect(201);
    has_required(&schemas, "ApplicationCommandResponse", &created);
    assert!(created["default_member_permissions"].is_null(), "{created}");
    let listed = rest.get(&path).await.expect(200);
    has_required(&schemas, "ApplicationCommandResponse", &listed[0]);
    let one = rest.get(&format!("{path}/{}", created["id"].as_str().unwrap())).await.expect(200);
    has_required(&schemas, "ApplicationCommandResponse", &one);
}

#[tokio::test]
async fn allowed_mentions_take_an_empty_list_beside_parse() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let path = format!("/channels/{}/messages", world.general);
    let empty = json!({ "content": "hi", "allowed_mentions": { "parse": ["users", "roles"], "users": [], "roles": [] } });
    rest.post(&path, &empty).await.expect(200);
    let listed = json!({ "content": "hi", "allowed_mentions": { "parse": ["users"], "users": [world.member] } });
    assert_eq!(
        rest.post(&path, &listed).await.status,
        400,
        "a non-empty list beside parse is refused"
    );
}

/// Identifies with `identify` sent in a frame made by `frame` and returns the first dispatch or
/// close that follows.
async fn identify_with(identify: &Value, frame: fn(String) -> Message) -> Message {
    let emulator = builder().start().await.unwrap();
    let url = format!("{}/?v=10&encoding=json", emulator.gateway_url());
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connect");
    let mut payload = identify.clone();
    payload["d"]["token"] = emulator.token().into();
    ws.send(frame(payload.to_string())).await.expect("send identify");
    loop {
        let message = tokio::time::timeout(WAIT, ws.next()).await.expect("in time");
        let message = message.expect("open").expect("frame");
        match &message {
            Message::Text(text) if text.contains("\"op\":10") => {}
            Message::Text(_) | Message::Close(_) => return message,
            _ => {}
        }
    }
}

#[track_caller]
fn assert_ready(message: &Message) {
    let Message::Text(text) = message else { panic!("READY expected, got {message:?}") };
    let payload: Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(payload["t"], "READY", "{payload}");
}

fn identify(presence: &Value) -> Value {
    json!({ "op": 2, "d": {
        "intents": ALL_INTENTS,
        "properties": { "os": "linux", "browser": "test", "device": "test" },
        "presence": presence,
    }})
}

#[tokio::test]
async fn identify_takes_a_presence_without_activities_and_any_since() {
    for since in [json!(null), json!(0), json!("now"), json!(false), json!(1.5)] {
        let presence = json!({ "status": "online", "since": since, "afk": false });
        assert_ready(&identify_with(&identify(&presence), Message::text).await);
    }
}

#[tokio::test]
async fn identify_in_a_binary_frame_is_read_as_text() {
    let presence = json!({ "status": "idle", "since": 0, "activities": [], "afk": false });
    let binary = |text: String| Message::binary(text.into_bytes());
    assert_ready(&identify_with(&identify(&presence), binary).await);
}
