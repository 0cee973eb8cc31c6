//! Parse throughput of accord-model (serde_json and simd-json) and twilight-model 0.18 on the
//! same bytes: (a) a large GUILD_CREATE, (b) a rich MESSAGE_CREATE, (c) a mixed stream of
//! 10,000 dispatch events. Every payload comes from a seeded generator, so runs compare.
#![allow(clippy::print_stdout, reason = "the benchmark reports its inputs")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark harness over generated inputs: a failure aborts the run"
)]
#![recursion_limit = "512"]
#![allow(missing_docs, reason = "criterion_group! generates an undocumented function")]

use std::hint::black_box;

use accord_model::gateway::{EventTypeSet, GatewayEvent};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::DeserializeSeed;
use serde_json::{Value, json};
use twilight_model::gateway::event::GatewayEventDeserializer;

/// SplitMix64, so the inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn id(&mut self) -> String {
        // Snowflakes from 2016 to 2024.
        (((1_451_606_400_000 + self.below(252_460_800_000) - 1_420_070_400_000) << 22)
            | self.below(1 << 22))
        .to_string()
    }

    fn hash(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }

    fn word(&mut self) -> &'static str {
        const WORDS: &[&str] = &[
            "otter", "falcon", "panda", "comet", "maple", "ember", "harbor", "pixel", "walrus",
            "badger", "cedar", "lynx",
        ];
        WORDS[usize::try_from(self.below(WORDS.len() as u64)).unwrap()]
    }

    fn timestamp(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
            16 + self.below(8),
            1 + self.below(12),
            1 + self.below(28),
            self.below(24),
            self.below(60),
            self.below(60),
            self.below(1_000_000)
        )
    }
}

fn user(rng: &mut Rng, id: &str) -> Value {
    json!({
        "id": id,
        "username": format!("{}_{}{}", rng.word(), rng.word(), rng.below(1000)),
        "discriminator": "0",
        "global_name": if rng.below(3) > 0 { json!(format!("{} {}", rng.word(), rng.word())) } else { Value::Null },
        "avatar": if rng.below(5) > 0 { json!(rng.hash()) } else { Value::Null },
        "avatar_decoration_data": null,
        "public_flags": rng.below(2) * 64,
        "bot": rng.below(50) == 0,
    })
}

fn member(rng: &mut Rng, user_id: &str, roles: &[String]) -> Value {
    let role_count = usize::try_from(rng.below(4)).unwrap();
    let member_roles: Vec<&String> = (0..role_count)
        .map(|_| &roles[usize::try_from(rng.below(roles.len() as u64)).unwrap()])
        .collect();
    json!({
        "user": user(rng, user_id),
        "nick": if rng.below(5) == 0 { json!(format!("nick {}", rng.word())) } else { Value::Null },
        "avatar": null,
        "banner": null,
        "roles": member_roles,
        "joined_at": rng.timestamp(),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

fn presence(rng: &mut Rng, user_id: &str, guild_id: &str) -> Value {
    let activities = if rng.below(2) == 0 {
        json!([{ "name": "Factorio", "type": 0, "created_at": 1_700_000_000_000_u64 + rng.below(1_000_000), "id": rng.hash() }])
    } else {
        json!([])
    };
    let status = ["online", "idle", "dnd"][usize::try_from(rng.below(3)).unwrap()];
    json!({
        "user": { "id": user_id },
        "guild_id": guild_id,
        "status": status,
        "activities": activities,
        "client_status": { "desktop": "online" },
    })
}

fn channel(rng: &mut Rng, guild_id: &str, position: u64, roles: &[String]) -> Value {
    let overwrites: Vec<Value> = (0..rng.below(3))
        .map(|_| json!({ "id": roles[usize::try_from(rng.below(roles.len() as u64)).unwrap()], "type": 0, "allow": "1024", "deny": "2048" }))
        .collect();
    json!({
        "id": rng.id(),
        "type": if position % 10 == 9 { 2 } else { 0 },
        "guild_id": guild_id,
        "name": format!("{}-{}", rng.word(), position),
        "position": position,
        "permission_overwrites": overwrites,
        "topic": format!("All about {}", rng.word()),
        "nsfw": false,
        "last_message_id": rng.id(),
        "rate_limit_per_user": 0,
        "parent_id": null,
        "flags": 0,
    })
}

fn role(rng: &mut Rng, id: &str, position: u64) -> Value {
    json!({
        "id": id,
        "name": format!("{} {}", rng.word(), position),
        "color": rng.below(0x00FF_FFFF),
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": rng.below(4) == 0,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": rng.below(1 << 40).to_string(),
        "managed": false,
        "mentionable": rng.below(2) == 0,
        "flags": 0,
    })
}

fn dispatch(t: &str, s: u64, d: &Value) -> String {
    format!(r#"{{"t":"{t}","s":{s},"op":0,"d":{d}}}"#)
}

/// (a) A GUILD_CREATE with 1,000 members, 100 channels, 50 roles and 300 presences.
fn guild_create(rng: &mut Rng) -> String {
    let guild_id = rng.id();
    let roles: Vec<String> =
        std::iter::once(guild_id.clone()).chain((1..50).map(|_| rng.id())).collect();
    let users: Vec<String> = (0..1000).map(|_| rng.id()).collect();
    let d = json!({
        "id": guild_id,
        "name": "Benchmark Guild",
        "icon": rng.hash(),
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": users[0],
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": roles.iter().enumerate().map(|(i, id)| role(rng, id, i as u64)).collect::<Vec<_>>(),
        "emojis": [],
        "features": ["COMMUNITY", "NEWS"],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 2,
        "premium_subscription_count": 14,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "stickers": [],
        "joined_at": rng.timestamp(),
        "large": true,
        "unavailable": false,
        "member_count": 1000,
        "voice_states": [],
        "members": users.iter().map(|id| member(rng, id, &roles)).collect::<Vec<_>>(),
        "channels": (0..100).map(|i| channel(rng, &guild_id, i, &roles)).collect::<Vec<_>>(),
        "threads": [],
        "presences": users[..300].iter().map(|id| presence(rng, id, &guild_id)).collect::<Vec<_>>(),
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    });
    dispatch("GUILD_CREATE", 1, &d)
}

fn message(rng: &mut Rng, channel_id: &str, guild_id: &str, rich: bool) -> Value {
    let author = rng.id();
    let mut value = json!({
        "id": rng.id(),
        "channel_id": channel_id,
        "guild_id": guild_id,
        "author": user(rng, &author),
        "member": { "roles": [], "joined_at": rng.timestamp(), "deaf": false, "mute": false, "flags": 0, "nick": null, "avatar": null, "premium_since": null, "pending": false },
        "content": format!("the {} jumped over the {} {} times", rng.word(), rng.word(), rng.below(100)),
        "timestamp": rng.timestamp(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": [],
        "nonce": rng.id(),
    });
    if rich {
        value["embeds"] = json!([{
            "type": "rich", "title": "Release notes", "description": "Lots of things changed in this release. ".repeat(8),
            "url": "https://example.com/notes", "color": 5_814_783, "timestamp": rng.timestamp(),
            "footer": { "text": "footer text", "icon_url": "https://example.com/i.png" },
            "author": { "name": "Someone", "url": "https://example.com" },
            "fields": (0..5).map(|i| json!({ "name": format!("field {i}"), "value": "value ".repeat(10), "inline": i % 2 == 0 })).collect::<Vec<_>>(),
        }]);
        value["components"] = json!([{ "type": 1, "id": 1, "components": [
            { "type": 2, "id": 2, "style": 1, "label": "Approve", "custom_id": "approve:1" },
            { "type": 2, "id": 3, "style": 4, "label": "Reject", "custom_id": "reject:1" },
            { "type": 2, "id": 4, "style": 5, "label": "Docs", "url": "https://example.com/docs" },
        ]}, { "type": 1, "id": 5, "components": [
            { "type": 3, "id": 6, "custom_id": "pick", "placeholder": "Pick one", "min_values": 1, "max_values": 1,
              "options": (0..5).map(|i| json!({ "label": format!("Option {i}"), "value": format!("o{i}"), "description": "an option" })).collect::<Vec<_>>() },
        ]}]);
        let referenced = message(rng, channel_id, guild_id, false);
        value["message_reference"] = json!({ "type": 0, "message_id": referenced["id"], "channel_id": channel_id, "guild_id": guild_id });
        value["referenced_message"] = referenced;
        value["type"] = json!(19);
    }
    value
}

/// (c) A mixed stream of dispatch events, in the proportions a busy bot sees.
fn mixed_stream(rng: &mut Rng, count: u64) -> Vec<String> {
    let guild_id = rng.id();
    let channels: Vec<String> = (0..20).map(|_| rng.id()).collect();
    let roles: Vec<String> = (0..10).map(|_| rng.id()).collect();
    (1..=count)
        .map(|seq| {
            let channel_id = channels[usize::try_from(rng.below(20)).unwrap()].clone();
            let user_id = rng.id();
            let (t, d) = match rng.below(100) {
                0..30 => {
                    let rich = rng.below(10) == 0;
                    ("MESSAGE_CREATE", message(rng, &channel_id, &guild_id, rich))
                }
                30..38 => ("MESSAGE_UPDATE", message(rng, &channel_id, &guild_id, false)),
                38..43 => ("MESSAGE_DELETE", json!({ "id": rng.id(), "channel_id": channel_id, "guild_id": guild_id })),
                43..58 => ("TYPING_START", json!({ "channel_id": channel_id, "guild_id": guild_id, "user_id": user_id, "timestamp": 1_700_000_000 + rng.below(1_000_000), "member": member(rng, &user_id, &roles) })),
                58..73 => ("PRESENCE_UPDATE", presence(rng, &user_id, &guild_id)),
                73..78 => {
                    let mut update = member(rng, &user_id, &roles);
                    update["guild_id"] = json!(guild_id);
                    ("GUILD_MEMBER_UPDATE", update)
                }
                78..85 => ("MESSAGE_REACTION_ADD", json!({ "user_id": user_id, "channel_id": channel_id, "message_id": rng.id(), "guild_id": guild_id, "member": member(rng, &user_id, &roles), "emoji": { "id": null, "name": "🔥" }, "burst": false, "type": 0 })),
                85..90 => ("MESSAGE_REACTION_REMOVE", json!({ "user_id": user_id, "channel_id": channel_id, "message_id": rng.id(), "guild_id": guild_id, "emoji": { "id": null, "name": "🔥" }, "burst": false, "type": 0 })),
                90..95 => ("VOICE_STATE_UPDATE", json!({ "guild_id": guild_id, "channel_id": channel_id, "user_id": user_id, "member": member(rng, &user_id, &roles), "session_id": rng.hash(), "deaf": false, "mute": false, "self_deaf": false, "self_mute": rng.below(2) == 0, "self_video": false, "suppress": false, "request_to_speak_timestamp": null })),
                _ => ("INTERACTION_CREATE", json!({
                    "id": rng.id(), "application_id": rng.id(), "type": 2, "token": rng.hash(), "version": 1,
                    "guild_id": guild_id, "channel_id": channel_id, "channel": { "id": channel_id, "type": 0 },
                    "member": { "user": user(rng, &user_id), "roles": [], "joined_at": rng.timestamp(), "deaf": false, "mute": false, "flags": 0, "permissions": "2248473465835073" },
                    "app_permissions": "2248473465835073", "locale": "en-US", "guild_locale": "en-US", "entitlements": [],
                    "authorizing_integration_owners": { "0": guild_id }, "context": 0, "attachment_size_limit": 26_214_400,
                    "data": { "id": rng.id(), "name": "roll", "type": 1, "options": [{ "name": "sides", "type": 4, "value": 20 }] },
                })),
            };
            dispatch(t, seq, &d)
        })
        .collect()
}

/// Parses with twilight-model the way twilight-gateway does: find `op`, `t` and `s`, then
/// deserialize the payload with the seed.
fn twilight_serde_json(json: &str) -> twilight_model::gateway::event::GatewayEvent {
    let seed = GatewayEventDeserializer::from_json(json).expect("a gateway payload");
    seed.deserialize(&mut serde_json::Deserializer::from_str(json)).expect("twilight parses it")
}

fn twilight_simd_json(
    json: &str,
    buffer: &mut Vec<u8>,
) -> twilight_model::gateway::event::GatewayEvent {
    let seed = GatewayEventDeserializer::from_json(json).expect("a gateway payload");
    let seed = seed.into_owned();
    buffer.clear();
    buffer.extend_from_slice(json.as_bytes());
    let mut deserializer = simd_json::Deserializer::from_slice(buffer).expect("valid JSON");
    seed.deserialize(&mut deserializer).expect("twilight parses it")
}

fn accord_serde_json(json: &str) -> GatewayEvent {
    GatewayEvent::from_serde_json(json, EventTypeSet::all()).expect("accord parses it")
}

fn accord_simd_json(json: &str, buffer: &mut Vec<u8>) -> GatewayEvent {
    buffer.clear();
    buffer.extend_from_slice(json.as_bytes());
    GatewayEvent::from_slice(buffer).expect("accord parses it")
}

fn bench_one(c: &mut Criterion, name: &str, payloads: &[String], throughput: Throughput) {
    for json in payloads {
        // Every parser must accept every payload before anything is timed.
        let _ = (
            accord_serde_json(json),
            accord_simd_json(json, &mut Vec::new()),
            twilight_serde_json(json),
        );
    }
    let mut group = c.benchmark_group(name);
    group.throughput(throughput);
    let mut buffer = Vec::new();
    group.bench_function("accord serde_json", |b| {
        b.iter(|| {
            for json in payloads {
                black_box(accord_serde_json(json));
            }
        });
    });
    group.bench_function("accord simd-json", |b| {
        b.iter(|| {
            for json in payloads {
                black_box(accord_simd_json(json, &mut buffer));
            }
        });
    });
    group.bench_function("twilight serde_json", |b| {
        b.iter(|| {
            for json in payloads {
                black_box(twilight_serde_json(json));
            }
        });
    });
    group.bench_function("twilight simd-json", |b| {
        b.iter(|| {
            for json in payloads {
                black_box(twilight_simd_json(json, &mut buffer));
            }
        });
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let mut rng = Rng(0x00AC_C04D);
    let guild = vec![guild_create(&mut rng)];
    let (channel_id, guild_id) = (rng.id(), rng.id());
    let message =
        vec![dispatch("MESSAGE_CREATE", 2, &message(&mut rng, &channel_id, &guild_id, true))];
    let stream = mixed_stream(&mut rng, 10_000);
    let stream_bytes: usize = stream.iter().map(String::len).sum();
    println!(
        "inputs: guild_create {} bytes, message_create {} bytes, stream 10000 events / {stream_bytes} bytes",
        guild[0].len(),
        message[0].len()
    );
    bench_one(c, "a_guild_create", &guild, Throughput::Bytes(guild[0].len() as u64));
    bench_one(c, "b_message_create", &message, Throughput::Bytes(message[0].len() as u64));
    bench_one(c, "c_mixed_stream_bytes", &stream, Throughput::Bytes(stream_bytes as u64));
    bench_one(c, "c_mixed_stream_events", &stream, Throughput::Elements(stream.len() as u64));
}

criterion_group!(parse, benches);
criterion_main!(parse);
