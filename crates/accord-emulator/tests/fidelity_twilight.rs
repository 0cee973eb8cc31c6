//! Fidelity: unmodified twilight-gateway and twilight-http 0.18, pointed at the emulator
//! through their proxy options, identify, receive READY and every GUILD_CREATE, send a
//! message over REST and receive its MESSAGE_CREATE, and resume after an injected drop.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::collections::BTreeSet;
use std::time::Duration;

use accord_emulator::{Emulator, Fault, FaultTarget, FirehoseSpec};
use accord_model::channel::ChannelType;
use accord_model::presence::{Activity, Status};
use gateway_support::{WAIT, builder, timings};
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt as _,
};
use twilight_model::id::Id as TwilightId;

async fn next(shard: &mut Shard) -> Event {
    loop {
        let received = tokio::time::timeout(WAIT, shard.next_event(EventTypeFlags::all()))
            .await
            .expect("timed out waiting for twilight's shard")
            .expect("the shard stream ended");
        match received {
            Ok(event) => return event,
            Err(error) => {
                // A payload twilight cannot read is a fidelity bug; anything else (the
                // injected drop) is a reconnect the shard recovers from by itself.
                let text = error.to_string();
                assert!(!text.contains("could not be deserialized"), "{text}");
            }
        }
    }
}

/// A twilight shard connected to the emulator, past READY and every GUILD_CREATE.
async fn connected(emulator: &Emulator) -> Shard {
    let handle = emulator.handle();
    let intents = Intents::all();
    let config = ConfigBuilder::new(emulator.token().to_owned(), intents)
        .proxy_url(emulator.gateway_url())
        .build();
    let mut shard = Shard::with_config(ShardId::ONE, config);
    let ready = loop {
        match next(&mut shard).await {
            Event::Ready(ready) => break ready,
            Event::GatewayHello(_) | Event::GatewayHeartbeatAck => {}
            other => panic!("READY comes first, got {other:?}"),
        }
    };
    assert_eq!(ready.user.id.get(), handle.bot_user_id().get());
    assert_eq!(ready.resume_gateway_url, emulator.gateway_url());
    let expected: BTreeSet<u64> = handle.guild_ids().iter().map(|g| g.get()).collect();
    assert_eq!(ready.guilds.iter().map(|g| g.id.get()).collect::<BTreeSet<_>>(), expected);
    let mut seen = BTreeSet::new();
    while seen.len() < expected.len() {
        if let Event::GuildCreate(create) = next(&mut shard).await {
            seen.insert(create.id().get());
        }
    }
    assert_eq!(seen, expected);
    shard
}

async fn emulator() -> Emulator {
    let mut timings = timings();
    // Short enough that twilight heartbeats during the test, long enough that its heartbeats
    // stay well inside the command limit of the (unscaled) command window.
    timings.heartbeat_interval = Duration::from_secs(2);
    builder().guilds(3).members_per_guild(10).timings(timings).start().await.unwrap()
}

#[tokio::test]
async fn twilight_gateway_reads_every_event_and_resumes_after_a_drop() {
    let emulator = emulator().await;
    let handle = emulator.handle();
    let mut shard = connected(&emulator).await;
    let guild = handle.guild_ids()[0];
    let channel = handle.channels(guild)[2].id;
    let user = handle
        .members(guild)
        .iter()
        .map(|m| m.user.id)
        .find(|u| *u != handle.bot_user_id())
        .unwrap();
    let message = handle.send_message(channel, user, "before the drop").unwrap();
    loop {
        if let Event::MessageCreate(message) = next(&mut shard).await {
            assert_eq!(message.content, "before the drop");
            assert_eq!(message.guild_id.map(TwilightId::get), Some(guild.get()));
            break;
        }
    }
    // Every kind of event the control API causes parses in twilight, with its guild.
    let newcomer = handle.join_guild_as_new_user(guild, "newcomer").unwrap().user.id;
    handle.react(channel, message.id, newcomer, "👍").unwrap();
    handle.start_typing(channel, newcomer).unwrap();
    handle.set_presence(newcomer, &Status::Online, &[Activity::playing("chess")]).unwrap();
    handle.create_channel(guild, "extra", ChannelType::GuildText).unwrap();
    handle.edit_message(channel, message.id, "edited").unwrap();
    handle.unreact(channel, message.id, newcomer, "👍").unwrap();
    handle.delete_message(channel, message.id).unwrap();
    handle.leave_guild(guild, newcomer).unwrap();
    let mut kinds = Vec::new();
    while kinds.last().map(String::as_str) != Some("MemberRemove") {
        let event = next(&mut shard).await;
        if let Event::MemberAdd(add) = &event {
            assert_eq!(add.guild_id.get(), guild.get(), "GUILD_MEMBER_ADD carries its guild");
        }
        if !matches!(event, Event::GatewayHeartbeatAck) {
            kinds.push(format!("{:?}", event.kind()));
        }
    }
    assert_eq!(
        kinds,
        [
            "MemberAdd",
            "ReactionAdd",
            "TypingStart",
            "PresenceUpdate",
            "ChannelCreate",
            "MessageUpdate",
            "ReactionRemove",
            "MessageDelete",
            "MemberRemove",
        ]
    );

    // Drop the connection without a close frame: twilight reconnects to the resume URL and
    // resumes, and gets what was sent meanwhile before RESUMED.
    assert_eq!(handle.inject(&FaultTarget::All, &Fault::Drop), 1);
    handle.send_message(channel, user, "while you were away").unwrap();
    let (mut resumed, mut missed) = (false, false);
    while !(resumed && missed) {
        match next(&mut shard).await {
            Event::Resumed => resumed = true,
            Event::MessageCreate(message) => {
                assert_eq!(message.content, "while you were away");
                missed = true;
            }
            Event::Ready(_) => panic!("twilight identified again instead of resuming"),
            _ => {}
        }
    }
    let counters = handle.counters();
    assert_eq!((counters.identifies, counters.resumes), (1, 1), "resumed, not identified again");
}

#[tokio::test]
async fn twilight_http_sends_a_message_that_twilight_gateway_receives() {
    let emulator = emulator().await;
    let handle = emulator.handle();
    let mut shard = connected(&emulator).await;
    let channel = handle.channels(handle.guild_ids()[0])[2].id;
    let http = twilight_http::Client::builder()
        .token(emulator.token().to_owned())
        .proxy(emulator.addr().to_string(), true)
        .build();
    let sent = http
        .create_message(TwilightId::new(channel.get()))
        .content("hello from twilight")
        .await
        .expect("create message over REST")
        .model()
        .await
        .expect("a message body");
    assert_eq!(sent.content, "hello from twilight");
    loop {
        if let Event::MessageCreate(message) = next(&mut shard).await {
            assert_eq!(message.id, sent.id);
            assert_eq!(message.content, "hello from twilight");
            assert_eq!(message.author.id.get(), handle.bot_user_id().get());
            break;
        }
    }
}

#[tokio::test]
async fn twilight_reads_every_kind_of_firehose_event() {
    let emulator = emulator().await;
    let mut shard = connected(&emulator).await;
    let firehose = emulator.handle().firehose(FirehoseSpec::new(1_000).seed(11)).unwrap();
    let mut kinds = BTreeSet::new();
    let mut count = 0;
    while count < 1_000 {
        let event = next(&mut shard).await;
        if matches!(event, Event::GatewayHeartbeatAck | Event::GatewayHello(_)) {
            continue;
        }
        kinds.insert(format!("{:?}", event.kind()));
        count += 1;
    }
    let report = firehose.finish().await;
    assert!(report.undispatched.is_empty());
    assert_eq!(kinds.len(), 9, "{kinds:?}");
}
