//! The control API: acting as users and building the world through the handle, with the
//! gateway events each action causes; and the same over HTTP under `/_emulator`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use accord_emulator::{ControlErrorKind, Emulator};
use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::presence::{Activity, Status};
use gateway_support::{ALL, Client, builder, http, http_as};
use serde_json::{Value, json};

async fn watching(emulator: &Emulator) -> Client {
    let mut client = Client::connect(emulator, "").await;
    client.start(emulator, ALL, None).await;
    client
}

#[tokio::test]
async fn handle_actions_change_the_world_and_emit_events() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let mut client = watching(&emulator).await;

    let alice = handle.create_user("alice");
    let guild = handle.create_guild("Made for tests", Some(alice.id)).unwrap();
    let create = client.dispatch("GUILD_CREATE").await["d"].clone();
    assert_eq!(create["id"], guild.id.to_string());
    assert_eq!(create["member_count"], 2);
    assert_eq!(handle.guilds().len(), 2);

    let channel = handle.create_channel(guild.id, "chat", ChannelType::GuildText).unwrap();
    assert_eq!(client.payload().await["t"], "CHANNEL_CREATE");
    assert_eq!(handle.channels(guild.id).len(), 3);

    let bob = handle.join_guild_as_new_user(guild.id, "bob").unwrap().user;
    assert_eq!(client.payload().await["d"]["user"]["username"], "bob");
    assert!(handle.member(guild.id, bob.id).is_some());

    let message = handle.send_message(channel.id, bob.id, "hi <@&0> all").unwrap();
    let created = client.payload().await;
    assert_eq!(
        (created["t"].as_str(), created["d"]["id"].as_str()),
        (Some("MESSAGE_CREATE"), Some(&*message.id.to_string()))
    );
    handle.edit_message(channel.id, message.id, "edited").unwrap();
    assert_eq!(client.payload().await["d"]["content"], "edited");
    assert!(handle.react(channel.id, message.id, alice.id, "party:77").unwrap());
    let reaction = client.payload().await["d"].clone();
    assert_eq!(reaction["emoji"], json!({ "id": "77", "name": "party" }));
    assert!(handle.unreact(channel.id, message.id, alice.id, "party:77").unwrap());
    assert_eq!(client.payload().await["t"], "MESSAGE_REACTION_REMOVE");
    handle.start_typing(channel.id, alice.id).unwrap();
    assert_eq!(client.payload().await["t"], "TYPING_START");
    handle.set_presence(bob.id, &Status::Online, &[Activity::playing("chess")]).unwrap();
    let presence = client.payload().await["d"].clone();
    assert_eq!(
        (presence["status"].as_str(), presence["activities"][0]["name"].as_str()),
        (Some("online"), Some("chess"))
    );
    assert_eq!(handle.presences(guild.id).len(), 1);
    handle.delete_message(channel.id, message.id).unwrap();
    assert_eq!(client.payload().await["t"], "MESSAGE_DELETE");
    assert!(handle.messages(channel.id).is_empty());
    handle.leave_guild(guild.id, bob.id).unwrap();
    assert_eq!(client.payload().await["t"], "GUILD_MEMBER_REMOVE");

    let unknown = handle.send_message(Id::new(1), bob.id, "nowhere").unwrap_err();
    assert_eq!(unknown.kind(), ControlErrorKind::UnknownChannel);
    let not_member = handle.leave_guild(guild.id, bob.id).unwrap_err();
    assert_eq!(not_member.kind(), ControlErrorKind::UnknownMember);
    assert_eq!(
        handle.react(channel.id, Id::new(5), alice.id, "").unwrap_err().kind(),
        ControlErrorKind::Invalid
    );
}

#[tokio::test]
async fn the_http_control_api_mirrors_the_handle() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let addr = emulator.addr().to_string();
    let mut client = watching(&emulator).await;
    let api = |method: &'static str, path: String, body: Option<Value>| {
        let addr = addr.clone();
        async move { http(&addr, method, &format!("/_emulator{path}"), body.as_ref()).await }
    };

    let (status, info) = api("GET", "/".into(), None).await;
    assert_eq!(status, 200);
    assert_eq!(info["gateway"], format!("{}/?v=10&encoding=json", emulator.gateway_url()));
    assert_eq!(info["bot_user_id"], emulator.bot_user_id().to_string());

    let (_, user) = api("POST", "/users".into(), Some(json!({ "username": "carol" }))).await;
    let carol = user["id"].as_str().unwrap().to_owned();
    let (_, guilds) = api("GET", "/guilds".into(), None).await;
    let guild = guilds[0]["id"].as_str().unwrap().to_owned();
    let (status, _) = api("PUT", format!("/guilds/{guild}/members/{carol}"), None).await;
    assert_eq!(status, 200);
    assert_eq!(client.payload().await["t"], "GUILD_MEMBER_ADD");
    let (_, channels) = api("GET", format!("/guilds/{guild}/channels"), None).await;
    let channel = channels[2]["id"].as_str().unwrap().to_owned();
    let (status, message) = api(
        "POST",
        format!("/channels/{channel}/messages"),
        Some(json!({ "author_id": carol, "content": "over http" })),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(client.payload().await["d"]["content"], "over http");
    let id = message["id"].as_str().unwrap().to_owned();
    api(
        "PATCH",
        format!("/channels/{channel}/messages/{id}"),
        Some(json!({ "content": "patched" })),
    )
    .await;
    assert_eq!(client.payload().await["d"]["content"], "patched");
    let (_, changed) = api(
        "PUT",
        format!("/channels/{channel}/messages/{id}/reactions"),
        Some(json!({ "user_id": carol, "emoji": "🎉" })),
    )
    .await;
    assert_eq!(changed["changed"], true);
    assert_eq!(client.payload().await["t"], "MESSAGE_REACTION_ADD");
    api("POST", format!("/channels/{channel}/typing"), Some(json!({ "user_id": carol }))).await;
    assert_eq!(client.payload().await["t"], "TYPING_START");
    api(
        "PUT",
        format!("/users/{carol}/presence"),
        Some(json!({ "status": "idle", "activity": "cards" })),
    )
    .await;
    assert_eq!(client.payload().await["d"]["status"], "idle");
    let (_, messages) = api("GET", format!("/channels/{channel}/messages"), None).await;
    assert_eq!(messages[0]["content"], "patched");
    let (status, _) = api("DELETE", format!("/channels/{channel}/messages/{id}"), None).await;
    assert_eq!(status, 204);
    assert_eq!(client.payload().await["t"], "MESSAGE_DELETE");
    let (_, members) = api("GET", format!("/guilds/{guild}/members"), None).await;
    assert!(members.as_array().unwrap().iter().any(|m| m["user"]["id"] == carol.as_str()));
    let (_, presences) = api("GET", format!("/guilds/{guild}/presences"), None).await;
    assert!(presences.as_array().unwrap().iter().any(|p| p["user"]["id"] == carol.as_str()));

    let (_, sessions) = api("GET", "/sessions".into(), None).await;
    assert_eq!(sessions.as_array().unwrap().len(), 1);
    let (_, connections) = api("GET", "/connections".into(), None).await;
    assert_eq!(connections[0]["compression"], "none");
    let (_, counters) = api("GET", "/counters".into(), None).await;
    assert_eq!(counters["identifies"], 1);
    assert_eq!(counters["identify_log"][0]["shard"], json!([0, 1]));

    let (_, reached) = api(
        "POST",
        "/faults".into(),
        Some(json!({ "target": { "shard": 0 }, "fault": { "close": 4000 } })),
    )
    .await;
    assert_eq!(reached["connections"], 1);
    assert_eq!(client.closed().await, Some(4000));

    let (status, error) = api("GET", "/guilds/1/members".into(), None).await;
    assert_eq!((status, error["kind"].as_str()), (404, Some("UnknownGuild")));
    let (status, _) = api("POST", "/users".into(), Some(json!({ "name": "typo" }))).await;
    assert_eq!(status, 400);
    let (status, _) = api("GET", "/nothing/here".into(), None).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_firehose_runs_over_http() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let addr = emulator.addr().to_string();
    let (status, error) = http(&addr, "GET", "/_emulator/firehose", None).await;
    assert_eq!((status, error["kind"].as_str()), (400, Some("Firehose")));
    let mut client = watching(&emulator).await;
    let (status, _) =
        http(&addr, "POST", "/_emulator/firehose", Some(&json!({ "count": 50, "seed": 3 }))).await;
    assert_eq!(status, 202);
    let mut numbers = 0;
    while numbers < 50 {
        let payload = client.payload().await;
        if payload["op"] == 0 {
            numbers += 1;
        }
    }
    assert!(
        emulator
            .handle()
            .wait_for(gateway_support::WAIT, |h| h.firehose_report().is_some_and(|r| r.finished))
            .await
    );
    let (_, report) = http(&addr, "GET", "/_emulator/firehose", None).await;
    assert_eq!((report["total"].as_u64(), report["emitted"].as_u64()), (Some(50), Some(50)));
    assert_eq!(report["sessions"][0]["dispatched"].as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn interactions_and_rest_faults_over_http() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let addr = emulator.addr().to_string();
    let token = emulator.token().to_owned();
    let handle = emulator.handle();
    let app = handle.application_id();
    let guild = handle.guild_ids()[0];
    let channel = handle.channels(guild)[2].id;
    let user = handle
        .members(guild)
        .iter()
        .map(|m| m.user.id)
        .find(|u| *u != handle.bot_user_id())
        .unwrap();
    let (status, _) = http_as(
        &addr,
        Some(&token),
        "POST",
        &format!("/api/v10/applications/{app}/commands"),
        Some(&json!({ "name": "ping", "description": "Ping the bot", "type": 1 })),
    )
    .await;
    assert!(status == 200 || status == 201, "{status}");
    let (_, commands) = http(&addr, "GET", "/_emulator/commands", None).await;
    assert_eq!(commands[0]["name"], "ping");

    let mut client = watching(&emulator).await;
    let (status, started) = http(
        &addr,
        "POST",
        "/_emulator/interactions/commands",
        Some(&json!({ "user_id": user.to_string(), "channel_id": channel.to_string(), "name": "ping" })),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let id = started["id"].as_str().unwrap().to_owned();
    let created = client.dispatch("INTERACTION_CREATE").await;
    assert_eq!(created["d"]["id"], id.as_str());
    assert_eq!(created["d"]["data"]["name"], "ping");

    let interaction_token = started["token"].as_str().unwrap();
    let (status, _) = http_as(
        &addr,
        None,
        "POST",
        &format!("/api/v10/interactions/{id}/{interaction_token}/callback"),
        Some(&json!({ "type": 4, "data": { "content": "pong" } })),
    )
    .await;
    assert!(status == 204 || status == 200, "{status}");
    let (_, outcome) = http(&addr, "GET", &format!("/_emulator/interactions/{id}"), None).await;
    assert_eq!(outcome["response"]["type"], 4);
    assert_eq!(outcome["original"]["content"], "pong");
    let (_, count) =
        http(&addr, "GET", "/_emulator/rest-requests/create_interaction_response", None).await;
    assert_eq!(count["requests"], 1);

    let (status, _) =
        http(&addr, "POST", "/_emulator/rest-faults", Some(&json!({ "count": 1, "status": 503 })))
            .await;
    assert_eq!(status, 204);
    let (status, _) = http_as(&addr, Some(&token), "GET", "/api/v10/users/@me", None).await;
    assert_eq!(status, 503, "the injected REST fault");
    let (status, _) = http_as(&addr, Some(&token), "GET", "/api/v10/users/@me", None).await;
    assert_eq!(status, 200, "one fault only");

    let (status, error) = http(
        &addr,
        "POST",
        "/_emulator/interactions/commands",
        Some(&json!({ "user_id": user.to_string(), "channel_id": channel.to_string(), "name": "nope" })),
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["message"].as_str().unwrap().contains("nope"), "{error}");
}
