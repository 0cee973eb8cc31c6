//! The gateway protocol, driven with a raw websocket client: HELLO and heartbeats, every
//! IDENTIFY check and its close code, READY and GUILD_CREATE, sharding, intents and message
//! content gating.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::time::Duration;

use accord_emulator::{Emulator, Fault, FaultTarget, GatewayLimits};
use accord_model::gateway::{Intents, ShardId};
use gateway_support::{
    ALL, Client, DIRECT_MESSAGES, GUILD_MESSAGE_TYPING, GUILD_MESSAGES, GUILD_PRESENCES, GUILDS,
    MESSAGE_CONTENT, Recv, WAIT, builder, identify, timings,
};
use serde_json::{Value, json};

async fn closes_with(emulator: &Emulator, payloads: &[Value], code: u16) {
    let mut client = Client::connect(emulator, "").await;
    assert_eq!(client.payload().await["op"], 10);
    for payload in payloads {
        client.send(payload).await;
    }
    assert_eq!(client.closed().await, Some(code), "after {payloads:?}");
    assert!(
        emulator
            .handle()
            .wait_for(WAIT, |h| h.counters().closed_by_server.get(&code).copied().unwrap_or(0) > 0)
            .await,
        "the close is counted"
    );
}

#[tokio::test]
async fn hello_carries_the_interval_and_heartbeats_are_acked() {
    let mut timings = timings();
    timings.heartbeat_interval = Duration::from_millis(12_345);
    let emulator = builder().timings(timings).start().await.unwrap();
    let mut client = Client::connect(&emulator, "").await;
    let hello = client.payload().await;
    assert_eq!(
        hello,
        json!({ "t": null, "s": null, "op": 10, "d": { "heartbeat_interval": 12_345 } })
    );
    client.send(&json!({ "op": 1, "d": null })).await;
    assert_eq!(client.payload().await["op"], 11);
}

#[tokio::test]
async fn the_gateway_asks_for_heartbeats_and_can_stop_acking() {
    let emulator = builder().start().await.unwrap();
    let mut client = Client::connect(&emulator, "").await;
    client.identify(&emulator, GUILDS, None).await;
    let handle = emulator.handle();
    assert_eq!(handle.inject(&FaultTarget::All, &Fault::RequestHeartbeat), 1);
    assert_eq!(client.op(1).await, json!({ "t": null, "s": null, "op": 1, "d": null }));

    handle.inject(&FaultTarget::All, &Fault::StopHeartbeatAcks);
    client.send(&json!({ "op": 1, "d": client.seq })).await;
    // Nothing comes back for the heartbeat: the next payload is the marker dispatch.
    let guild = handle.guild_ids()[0];
    handle.create_channel(guild, "marker", accord_model::channel::ChannelType::GuildText).unwrap();
    let next = client.payload().await;
    assert_eq!(next["t"], "CHANNEL_CREATE", "no HEARTBEAT_ACK while acks are stopped: {next}");
    handle.inject(&FaultTarget::All, &Fault::ResumeHeartbeatAcks);
    client.send(&json!({ "op": 1, "d": client.seq })).await;
    assert_eq!(client.payload().await["op"], 11);
}

#[tokio::test]
async fn a_client_that_stops_heartbeating_is_closed_with_4009() {
    let mut timings = timings();
    timings.heartbeat_interval = Duration::from_millis(100);
    timings.heartbeat_grace = Duration::from_millis(50);
    let emulator = builder().timings(timings).start().await.unwrap();
    let mut client = Client::connect(&emulator, "").await;
    client.identify(&emulator, GUILDS, None).await;
    let started = tokio::time::Instant::now();
    // Heartbeat twice, then stop: the deadline moves with each heartbeat.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(60)).await;
        client.send(&json!({ "op": 1, "d": client.seq })).await;
    }
    assert_eq!(client.closed().await, Some(4009));
    assert!(
        started.elapsed() >= Duration::from_millis(120 + 150),
        "the deadline followed the heartbeats"
    );
    assert!(
        emulator.handle().wait_for(WAIT, |h| h.sessions().is_empty()).await,
        "4009 ends the session"
    );
}

#[tokio::test]
async fn identify_checks_close_with_discords_codes() {
    let mut limits = GatewayLimits::default();
    limits.max_guilds_per_shard = 1;
    limits.commands_per_window = 5;
    let emulator = builder()
        .granted_intents(Intents::MESSAGE_CONTENT)
        .gateway_limits(limits)
        .start()
        .await
        .unwrap();
    let token = emulator.token().to_owned();
    let heartbeat = json!({ "op": 1, "d": null });
    closes_with(&emulator, &[identify("wrong", GUILDS, Some([0, 2]))], 4004).await;
    closes_with(&emulator, &[identify(&token, GUILDS | 1 << 17, Some([0, 2]))], 4013).await;
    closes_with(&emulator, &[identify(&token, GUILDS | GUILD_PRESENCES, Some([0, 2]))], 4014).await;
    closes_with(&emulator, &[identify(&token, GUILDS, Some([2, 2]))], 4010).await;
    closes_with(&emulator, &[identify(&token, GUILDS, Some([0, 0]))], 4010).await;
    // Two guilds on one shard, one allowed per shard.
    closes_with(&emulator, &[identify(&token, GUILDS, None)], 4011).await;
    let mut big = identify(&token, GUILDS, Some([0, 2]));
    big["d"]["properties"]["os"] = json!("x".repeat(4096));
    closes_with(&emulator, &[big], 4002).await;
    closes_with(&emulator, &vec![heartbeat.clone(); 6], 4008).await;
    closes_with(&emulator, &[json!({ "op": 3, "d": { "since": null, "activities": [], "status": "online", "afk": false } })], 4003).await;
    closes_with(&emulator, &[json!({ "op": 99, "d": null })], 4001).await;
    closes_with(&emulator, &[json!({ "op": 2, "d": 5 })], 4001).await;
    let counters = emulator.handle().counters();
    assert_eq!(counters.identifies, 0);
    for code in [4001, 4002, 4003, 4004, 4008, 4010, 4011, 4013, 4014] {
        assert!(
            counters.closed_by_server.contains_key(&code),
            "{code} in {:?}",
            counters.closed_by_server
        );
    }
}

#[tokio::test]
async fn malformed_frames_close_without_harming_the_emulator() {
    let emulator = builder().start().await.unwrap();
    let mut client = Client::connect(&emulator, "").await;
    client.payload().await;
    client.send_text("{not json").await;
    assert_eq!(client.closed().await, Some(4002));

    let mut client = Client::connect(&emulator, "").await;
    client.payload().await;
    client
        .send_message(tokio_tungstenite::tungstenite::Message::binary(vec![0x78, 0x9c, 1, 2]))
        .await;
    assert_eq!(client.closed().await, Some(4002));

    let mut client = Client::connect(&emulator, "").await;
    client.payload().await;
    client.send_text(r#"{"op":2}"#).await;
    assert_eq!(client.closed().await, Some(4001), "IDENTIFY without d");

    // The emulator still serves new connections.
    let mut client = Client::connect(&emulator, "").await;
    let ready = client.identify(&emulator, GUILDS, None).await;
    assert!(ready["session_id"].is_string());
}

#[tokio::test]
async fn a_second_identify_closes_with_4005() {
    let emulator = builder().start().await.unwrap();
    let mut client = Client::connect(&emulator, "").await;
    client.identify(&emulator, GUILDS, None).await;
    client.send(&identify(emulator.token(), GUILDS, None)).await;
    assert_eq!(client.closed().await, Some(4005));
}

#[tokio::test]
async fn versions_and_encodings_are_checked_before_hello() {
    let emulator = builder().start().await.unwrap();
    let base = emulator.gateway_url();
    let mut client = Client::connect_url(&format!("{base}/?v=5&encoding=json")).await;
    assert!(matches!(client.recv().await, Recv::Closed(4012)));
    let mut client = Client::connect_url(&format!("{base}/?v=10&encoding=etf")).await;
    assert!(matches!(client.recv().await, Recv::Closed(4002)));
    let mut client = Client::connect_url(&format!("{base}/?v=9&encoding=json")).await;
    assert_eq!(client.payload().await["op"], 10, "v9 is still served");
}

#[tokio::test]
async fn identifies_queue_by_bucket_and_budget() {
    let mut timings = timings();
    timings.identify_window = Duration::from_millis(300);
    let mut limits = GatewayLimits::default();
    limits.max_concurrency = 2;
    limits.identify_budget = 4;
    let emulator =
        builder().guilds(4).timings(timings).gateway_limits(limits).start().await.unwrap();
    let token = emulator.token().to_owned();
    let mut clients = Vec::new();
    for shard in [0, 1] {
        let mut client = Client::connect(&emulator, "").await;
        client.identify(&emulator, GUILDS, Some([shard, 4])).await;
        clients.push(client);
    }
    // Shard 2 is in bucket 0, which identified less than a window ago.
    let mut early = Client::connect(&emulator, "").await;
    early.payload().await;
    early.send(&identify(&token, GUILDS, Some([2, 4]))).await;
    assert_eq!(early.op(9).await["d"], false);
    // The connection stays open: the same IDENTIFY after the window succeeds.
    tokio::time::sleep(Duration::from_millis(300)).await;
    early.send(&identify(&token, GUILDS, Some([2, 4]))).await;
    early.dispatch("READY").await;
    let log = emulator.handle().identify_log();
    assert_eq!(
        log.iter().map(|r| (r.shard.number(), r.bucket)).collect::<Vec<_>>(),
        [(0, 0), (1, 1), (2, 0)]
    );
    assert!(log[2].at.saturating_sub(log[0].at) >= Duration::from_millis(300));
    // The budget of four: one more identify passes, the next is refused.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut fourth = Client::connect(&emulator, "").await;
    fourth.identify(&emulator, GUILDS, Some([3, 4])).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut fifth = Client::connect(&emulator, "").await;
    fifth.payload().await;
    fifth.send(&identify(&token, GUILDS, Some([0, 4]))).await;
    assert_eq!(fifth.op(9).await["d"], false);
    let counters = emulator.handle().counters();
    assert_eq!(
        (counters.identifies, counters.identifies_refused, counters.invalid_sessions),
        (4, 2, 2)
    );
}

#[tokio::test]
async fn ready_and_guild_create_describe_the_shard() {
    let emulator = builder().guilds(6).start().await.unwrap();
    let handle = emulator.handle();
    for shard in 0..2 {
        let mut client = Client::connect(&emulator, "").await;
        let ready = client.identify(&emulator, ALL, Some([shard, 2])).await;
        let mine: Vec<String> = handle
            .guild_ids()
            .into_iter()
            .filter(|g| ShardId::for_guild(*g, 2).number() == shard)
            .map(|g| g.to_string())
            .collect();
        assert!(!mine.is_empty(), "the seeded world puts guilds on both shards");
        assert_eq!(ready["v"], 10);
        assert_eq!(ready["shard"], json!([shard, 2]));
        assert_eq!(ready["resume_gateway_url"], emulator.gateway_url());
        assert_eq!(ready["user"]["id"], handle.bot_user_id().to_string());
        assert_eq!(ready["application"]["id"], handle.application_id().to_string());
        assert_eq!(ready["session_id"].as_str().unwrap().len(), 32);
        let unavailable: Vec<_> = ready["guilds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(unavailable, mine);
        assert!(ready["guilds"].as_array().unwrap().iter().all(|g| g["unavailable"] == true));
        for id in &mine {
            let create = client.dispatch("GUILD_CREATE").await;
            let guild = &create["d"];
            assert_eq!(&guild["id"], id);
            let full = handle.guild(id.parse().unwrap()).unwrap();
            assert_eq!(guild["member_count"], full.members.as_ref().unwrap().len());
            assert_eq!(
                guild["channels"].as_array().unwrap().len(),
                full.channels.as_ref().unwrap().len()
            );
            assert_eq!(guild["roles"].as_array().unwrap().len(), full.roles.len());
            assert!(
                guild["channels"].as_array().unwrap().iter().all(|c| c.get("guild_id").is_none())
            );
            assert_eq!(guild["large"], false);
            assert!(
                guild["joined_at"].is_string()
                    && guild["voice_states"].is_array()
                    && guild["threads"].is_array()
            );
        }
    }
}

#[tokio::test]
async fn guild_create_members_follow_presences_and_large_threshold() {
    let emulator = builder().guilds(1).members_per_guild(80).start().await.unwrap();
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let online = handle
        .presences(guild)
        .iter()
        .filter(|p| !matches!(p.status, accord_model::presence::Status::Offline))
        .count();
    let mut with = Client::connect(&emulator, "").await;
    with.payload().await;
    let mut payload = identify(emulator.token(), GUILDS | GUILD_PRESENCES, None);
    payload["d"]["large_threshold"] = json!(50);
    with.send(&payload).await;
    let create = with.dispatch("GUILD_CREATE").await;
    assert_eq!(create["d"]["large"], true);
    assert_eq!(
        create["d"]["members"].as_array().unwrap().len(),
        online + 1,
        "online members and the bot"
    );
    assert_eq!(create["d"]["presences"].as_array().unwrap().len(), online);

    let mut without = Client::connect(&emulator, "").await;
    without.identify(&emulator, GUILDS, None).await;
    let create = without.dispatch("GUILD_CREATE").await;
    let members = create["d"]["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "only the bot without GUILD_PRESENCES");
    assert_eq!(members[0]["user"]["id"], handle.bot_user_id().to_string());
    assert!(create["d"]["presences"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn events_reach_the_right_shard_and_intents() {
    let emulator = builder().guilds(6).start().await.unwrap();
    let handle = emulator.handle();
    let mut shard0 = Client::connect(&emulator, "").await;
    shard0.start(&emulator, GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES, Some([0, 2])).await;
    let mut shard1 = Client::connect(&emulator, "").await;
    shard1.start(&emulator, GUILDS | GUILD_MESSAGE_TYPING | DIRECT_MESSAGES, Some([1, 2])).await;
    let guild =
        handle.guild_ids().into_iter().find(|g| ShardId::for_guild(*g, 2).number() == 1).unwrap();
    let channel = handle.channels(guild)[2].id;
    let user = handle
        .members(guild)
        .iter()
        .map(|m| m.user.id)
        .find(|u| *u != handle.bot_user_id())
        .unwrap();
    handle.send_message(channel, user, "on shard one").unwrap();
    handle.start_typing(channel, user).unwrap();
    // A DM has no guild: shard 0 only.
    handle.send_dm(user, "psst").unwrap();
    handle.create_channel(guild, "marker", accord_model::channel::ChannelType::GuildText).unwrap();

    let typing = shard1.payload().await;
    assert_eq!(
        typing["t"], "TYPING_START",
        "GUILD_MESSAGE_TYPING but not GUILD_MESSAGES: {typing}"
    );
    assert_eq!(typing["d"]["member"]["user"]["id"], user.to_string());
    assert_eq!(shard1.payload().await["t"], "CHANNEL_CREATE", "shard 1 gets no DM");
    let dm = shard0.payload().await;
    assert_eq!(
        (dm["t"].as_str(), dm["d"]["content"].as_str()),
        (Some("MESSAGE_CREATE"), Some("psst"))
    );
    assert!(dm["d"].get("guild_id").is_none());
}

#[tokio::test]
async fn message_content_is_gated_without_the_intent() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let bot = handle.bot_user_id();
    let guild = handle.guild_ids()[0];
    let channel = handle.channels(guild)[2].id;
    let user = handle.members(guild).iter().map(|m| m.user.id).find(|u| *u != bot).unwrap();
    let mut gated = Client::connect(&emulator, "").await;
    gated.start(&emulator, GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES, None).await;
    let mut open = Client::connect(&emulator, "").await;
    open.identify(&emulator, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT, None).await;

    handle.send_message(channel, user, "secret").unwrap();
    handle.send_message(channel, user, format!("hey <@{bot}>")).unwrap();
    handle.send_message(channel, bot, "mine").unwrap();
    handle.send_dm(user, "direct").unwrap();
    let edited = handle.send_message(channel, user, "before").unwrap();
    handle.edit_message(channel, edited.id, "after").unwrap();

    let mut contents = Vec::new();
    for _ in 0..6 {
        let payload = gated.payload().await;
        contents.push((
            payload["t"].as_str().unwrap().to_owned(),
            payload["d"]["content"].as_str().unwrap().to_owned(),
        ));
    }
    let expected = [
        ("MESSAGE_CREATE", ""),
        ("MESSAGE_CREATE", &*format!("hey <@{bot}>")),
        ("MESSAGE_CREATE", "mine"),
        ("MESSAGE_CREATE", "direct"),
        ("MESSAGE_CREATE", ""),
        ("MESSAGE_UPDATE", ""),
    ];
    assert_eq!(contents, expected.map(|(t, c)| (t.to_owned(), c.to_owned())));
    assert_eq!(open.dispatch("MESSAGE_CREATE").await["d"]["content"], "secret");
}

#[tokio::test]
async fn member_add_carries_the_guild_id_and_world_changes_arrive_in_order() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let mut client = Client::connect(&emulator, "").await;
    client.identify(&emulator, ALL, None).await;
    client.dispatch("GUILD_CREATE").await;
    let member = handle.join_guild_as_new_user(guild, "newcomer").unwrap();
    let channel = handle.channels(guild)[2].id;
    let message = handle.send_message(channel, member.user.id, "hello all").unwrap();
    assert!(handle.react(channel, message.id, member.user.id, "👍").unwrap());
    handle.set_presence(member.user.id, &accord_model::presence::Status::Idle, &[]).unwrap();
    handle.leave_guild(guild, member.user.id).unwrap();
    let names = [
        "GUILD_MEMBER_ADD",
        "MESSAGE_CREATE",
        "MESSAGE_REACTION_ADD",
        "PRESENCE_UPDATE",
        "GUILD_MEMBER_REMOVE",
    ];
    let first = client.seq.unwrap() + 1;
    for (seq, name) in (first..).zip(names) {
        let payload = client.payload().await;
        assert_eq!(payload["t"], name, "{payload}");
        assert_eq!(payload["s"], seq, "consecutive sequence numbers");
        assert_eq!(payload["d"]["guild_id"], guild.to_string(), "{name} names its guild");
    }
}
