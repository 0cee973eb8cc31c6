//! The commands of an identified connection: REQUEST_GUILD_MEMBERS with its chunks, nonces,
//! limits and cooldown; soundboard sounds; channel info; presence and voice state updates.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::time::Duration;

use accord_emulator::Emulator;
use accord_model::id::Id;
use accord_model::id::marker::GuildMarker;
use accord_model::presence::Status;
use gateway_support::{
    Client, GUILD_MEMBERS, GUILD_PRESENCES, GUILD_VOICE_STATES, GUILDS, builder, timings,
};
use serde_json::{Value, json};

fn request(guild: Id<GuildMarker>, extra: &Value) -> Value {
    let mut d = json!({ "guild_id": guild.to_string() });
    for (key, value) in extra.as_object().unwrap() {
        d[key] = value.clone();
    }
    json!({ "op": 8, "d": d })
}

/// Reads every chunk of one answer, checking indexes and counts.
async fn chunks(client: &mut Client) -> Vec<Value> {
    let first = client.dispatch("GUILD_MEMBERS_CHUNK").await["d"].clone();
    let count = first["chunk_count"].as_u64().unwrap();
    let mut chunks = vec![first];
    for index in 1..count {
        let chunk = client.dispatch("GUILD_MEMBERS_CHUNK").await["d"].clone();
        assert_eq!(chunk["chunk_index"], index);
        chunks.push(chunk);
    }
    assert_eq!(chunks[0]["chunk_index"], 0);
    chunks
}

async fn started(emulator: &Emulator, intents: u64) -> Client {
    let mut client = Client::connect(emulator, "").await;
    client.start(emulator, intents, None).await;
    client
}

#[tokio::test]
async fn full_member_lists_come_in_chunks_of_a_thousand_once_per_cooldown() {
    let mut timings = timings();
    timings.member_request_cooldown = Duration::from_millis(400);
    let emulator =
        builder().guilds(1).members_per_guild(2_300).timings(timings).start().await.unwrap();
    let guild = emulator.handle().guild_ids()[0];
    let mut client = started(&emulator, GUILDS | GUILD_MEMBERS | GUILD_PRESENCES).await;

    client
        .send(&request(
            guild,
            &json!({ "query": "", "limit": 0, "nonce": "n-1", "presences": true }),
        ))
        .await;
    let answer = chunks(&mut client).await;
    let sizes: Vec<usize> = answer.iter().map(|c| c["members"].as_array().unwrap().len()).collect();
    assert_eq!(sizes, [1000, 1000, 301]);
    assert!(answer.iter().all(|c| c["nonce"] == "n-1" && c["chunk_count"] == 3));
    let presences: usize = answer.iter().map(|c| c["presences"].as_array().unwrap().len()).sum();
    assert_eq!(presences, emulator.handle().presences(guild).len());

    client.send(&request(guild, &json!({ "query": "", "limit": 0, "nonce": "n-2" }))).await;
    let limited = client.dispatch("RATE_LIMITED").await["d"].clone();
    assert_eq!(limited["opcode"], 8);
    assert_eq!(limited["meta"], json!({ "guild_id": guild.to_string(), "nonce": "n-2" }));
    let retry = limited["retry_after"].as_f64().unwrap();
    assert!(retry > 0.0 && retry <= 0.4, "{retry}");

    tokio::time::sleep(Duration::from_secs_f64(retry)).await;
    client.send(&request(guild, &json!({ "query": "", "limit": 0 }))).await;
    let again = chunks(&mut client).await;
    assert_eq!(again.len(), 3, "allowed again after the cooldown");
    assert!(again[0].get("nonce").is_none());
}

#[tokio::test]
async fn queries_user_ids_nonces_and_presences() {
    let emulator = builder().guilds(1).members_per_guild(150).start().await.unwrap();
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let members = handle.members(guild);
    let mut client = started(&emulator, GUILDS).await;

    // A prefix query returns at most 100 matches; every generated username starts with one of
    // twenty adjectives, so pick the most common one.
    let mut prefixes = std::collections::HashMap::<String, usize>::new();
    for member in &members {
        let word = member.user.username.split('_').next().unwrap().to_owned();
        *prefixes.entry(word).or_default() += 1;
    }
    let (prefix, count) = prefixes.into_iter().max_by_key(|(_, n)| *n).unwrap();
    client.send(&request(guild, &json!({ "query": prefix.to_uppercase(), "limit": 0 }))).await;
    let answer = chunks(&mut client).await;
    let found = answer[0]["members"].as_array().unwrap();
    assert_eq!(found.len(), count.min(100), "case-insensitive prefix, capped at 100");
    assert!(found.iter().all(|m| m["user"]["username"].as_str().unwrap().starts_with(&prefix)));
    client.send(&request(guild, &json!({ "query": "", "limit": 7 }))).await;
    assert_eq!(chunks(&mut client).await[0]["members"].as_array().unwrap().len(), 7);

    // User ids, with one that is not a member; a nonce over 32 bytes is dropped; presences
    // are left out without GUILD_PRESENCES.
    let known = members[3].user.id.to_string();
    let long_nonce = "x".repeat(33);
    client
        .send(&request(
            guild,
            &json!({ "user_ids": [known, "42"], "nonce": long_nonce, "presences": true }),
        ))
        .await;
    let answer = chunks(&mut client).await;
    assert_eq!(answer[0]["members"].as_array().unwrap().len(), 1);
    assert_eq!(answer[0]["not_found"], json!(["42"]));
    assert!(answer[0].get("nonce").is_none());
    assert!(answer[0].get("presences").is_none());

    // Without GUILD_MEMBERS the full list is not sent, and more than 100 ids are refused:
    // the next answer is the one for a valid request sent after them.
    client.send(&request(guild, &json!({ "query": "", "limit": 0 }))).await;
    let ids: Vec<String> = (1..=101).map(|n: u64| n.to_string()).collect();
    client.send(&request(guild, &json!({ "user_ids": ids }))).await;
    client.send(&request(guild, &json!({ "user_ids": known, "nonce": "last" }))).await;
    let last = chunks(&mut client).await;
    assert_eq!(last[0]["nonce"], "last");
}

#[tokio::test]
async fn soundboard_sounds_and_channel_info() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let mut client = started(&emulator, GUILDS).await;
    client.send(&json!({ "op": 31, "d": { "guild_ids": [guild.to_string()] } })).await;
    let sounds = client.dispatch("SOUNDBOARD_SOUNDS").await["d"].clone();
    assert_eq!(sounds, json!({ "soundboard_sounds": [], "guild_id": guild.to_string() }));
    client
        .send(&json!({ "op": 43, "d": { "guild_id": guild.to_string(), "fields": ["status", "voice_start_time"] } }))
        .await;
    let info = client.dispatch("CHANNEL_INFO").await["d"].clone();
    let voice: Vec<String> = handle
        .channels(guild)
        .iter()
        .filter(|c| c.kind.is_voice())
        .map(|c| c.id.to_string())
        .collect();
    let ids: Vec<String> = info["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, voice);
}

#[tokio::test]
async fn presence_and_voice_state_updates() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let bot = handle.bot_user_id();
    let mut client = started(&emulator, GUILDS | GUILD_VOICE_STATES).await;

    client
        .send(&json!({ "op": 3, "d": { "since": null, "activities": [{ "name": "tests", "type": 0 }], "status": "dnd", "afk": false } }))
        .await;
    let lounge = handle.channels(guild).into_iter().find(|c| c.kind.is_voice()).unwrap().id;
    client
        .send(&json!({ "op": 4, "d": { "guild_id": guild.to_string(), "channel_id": lounge.to_string(), "self_mute": false, "self_deaf": true } }))
        .await;
    let state = client.dispatch("VOICE_STATE_UPDATE").await["d"].clone();
    assert_eq!(state["channel_id"], lounge.to_string());
    assert_eq!(state["user_id"], bot.to_string());
    assert_eq!(state["self_deaf"], true);
    let server = client.payload().await;
    assert_eq!(server["t"], "VOICE_SERVER_UPDATE", "right after joining: {server}");
    assert_eq!(server["d"]["guild_id"], guild.to_string());
    assert!(server["d"]["token"].is_string() && server["d"]["endpoint"].is_string());

    // The presence update was applied before the voice update was read.
    let presence = handle.presences(guild).into_iter().find(|p| p.user.id == bot).unwrap();
    assert_eq!(presence.status, Status::DoNotDisturb);
    assert_eq!(presence.activities[0].name, "tests");

    client.send(&json!({ "op": 4, "d": { "guild_id": guild.to_string(), "channel_id": null, "self_mute": false, "self_deaf": false } })).await;
    let left = client.payload().await;
    assert_eq!(
        (left["t"].as_str(), &left["d"]["channel_id"]),
        (Some("VOICE_STATE_UPDATE"), &Value::Null)
    );
    assert!(handle.voice_states(guild).is_empty());
    // Leaving sends no VOICE_SERVER_UPDATE: the next payload is the heartbeat's ACK.
    client.send(&json!({ "op": 1, "d": client.seq })).await;
    assert_eq!(client.payload().await["op"], 11);
}
