//! Transport compression: zlib-stream and zstd-stream with one context per connection,
//! decoded here with a fresh inflater or zstd decoder for each connection; and the frame
//! faults (corrupt and truncated frames) with the recovery a client makes from them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use accord_emulator::{Emulator, Fault, FaultTarget};
use gateway_support::{
    Client, GUILD_MESSAGES, GUILD_PRESENCES, GUILDS, MESSAGE_CONTENT, Recv, builder, resume,
};

const ZLIB: &str = "&compress=zlib-stream";
const ZSTD: &str = "&compress=zstd-stream";
const INTENTS: u64 = GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT | GUILD_PRESENCES;

async fn emulator() -> Emulator {
    // Two hundred members with presences make GUILD_CREATEs of tens of kilobytes.
    builder().guilds(2).members_per_guild(200).start().await.unwrap()
}

fn place(
    emulator: &Emulator,
) -> (
    accord_model::id::Id<accord_model::id::marker::ChannelMarker>,
    accord_model::id::Id<accord_model::id::marker::UserMarker>,
) {
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let user = handle
        .members(guild)
        .iter()
        .map(|m| m.user.id)
        .find(|u| *u != handle.bot_user_id())
        .unwrap();
    (handle.channels(guild)[2].id, user)
}

async fn stream_decodes(query: &str) {
    let emulator = emulator().await;
    let (channel, user) = place(&emulator);
    // Two connections, each with its own decoder: the second must not depend on the first.
    for round in 0..2 {
        let mut client = Client::connect(&emulator, query).await;
        let ready = client.start(&emulator, INTENTS, None).await;
        assert_eq!(ready["guilds"].as_array().unwrap().len(), 2);
        for n in 0..20 {
            emulator
                .handle()
                .send_message(
                    channel,
                    user,
                    format!("round {round} message {n} {}", "x".repeat(n * 50)),
                )
                .unwrap();
        }
        for n in 0..20 {
            let payload = client.dispatch("MESSAGE_CREATE").await;
            assert_eq!(
                payload["d"]["content"],
                format!("round {round} message {n} {}", "x".repeat(n * 50))
            );
        }
        client.close(1000).await;
    }
}

#[tokio::test]
async fn zlib_stream_decodes_with_one_inflater_per_connection() {
    stream_decodes(ZLIB).await;
}

#[tokio::test]
async fn zstd_stream_decodes_with_one_decoder_per_connection() {
    stream_decodes(ZSTD).await;
}

#[tokio::test]
async fn unknown_compression_is_refused_at_the_handshake() {
    let emulator = builder().start().await.unwrap();
    let url = format!("{}/?v=10&encoding=json&compress=brotli", emulator.gateway_url());
    let error = tokio_tungstenite::connect_async(url).await.unwrap_err();
    assert!(error.to_string().contains("400"), "{error}");
}

/// Injects a frame fault, checks the client cannot decode what follows, then reconnects with
/// a fresh decoder and resumes to get the damaged event again.
async fn recovers_from(query: &str, fault: Fault) {
    let emulator = emulator().await;
    let (channel, user) = place(&emulator);
    let handle = emulator.handle();
    let mut client = Client::connect(&emulator, query).await;
    let ready = client.start(&emulator, INTENTS, None).await;
    let session = ready["session_id"].as_str().unwrap().to_owned();
    let seq = client.seq.unwrap();
    handle.inject(&FaultTarget::All, &fault);
    handle.send_message(channel, user, "first after the fault").unwrap();
    handle.send_message(channel, user, "second after the fault").unwrap();
    let damaged = loop {
        match client.recv().await {
            Recv::Garbage(error) => break error,
            Recv::Payload(payload) => {
                assert_ne!(
                    payload["t"], "MESSAGE_CREATE",
                    "{fault:?} left the stream readable: {payload}"
                );
            }
            other => panic!("{other:?}"),
        }
    };
    assert!(!damaged.is_empty());
    client.close(4000).await;

    let mut client = Client::connect(&emulator, query).await;
    assert_eq!(client.payload().await["op"], 10);
    client.send(&resume(emulator.token(), &session, seq)).await;
    assert_eq!(client.dispatch("MESSAGE_CREATE").await["d"]["content"], "first after the fault");
    assert_eq!(client.dispatch("MESSAGE_CREATE").await["d"]["content"], "second after the fault");
    assert_eq!(client.payload().await["t"], "RESUMED");
}

#[tokio::test]
async fn corrupt_frames_break_zlib_zstd_and_plain_json() {
    for query in [ZLIB, ZSTD, ""] {
        recovers_from(query, Fault::CorruptFrame).await;
    }
}

#[tokio::test]
async fn truncated_frames_break_zlib_zstd_and_plain_json() {
    for query in [ZLIB, ZSTD, ""] {
        recovers_from(query, Fault::TruncateFrame).await;
    }
}
