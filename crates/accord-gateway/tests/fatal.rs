//! Close codes after which reconnecting cannot help end the shard with an error that says
//! what to fix, and the shard does not try again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use accord_emulator::{Fault, FaultTarget, GatewayLimits};
use accord_gateway::{Compression, ReceiveErrorKind, Shard, ShardState};
use accord_model::gateway::{CloseCode, Event, Intents, ShardId};

use common::{config_with, emulator, patiently};

/// Runs a shard until it ends and returns its last error.
async fn run_to_the_end(
    shard: &mut Shard,
    fault: Option<(u16, &accord_emulator::EmulatorHandle)>,
) -> accord_gateway::ReceiveError {
    let mut last = None;
    while let Some(item) = patiently("the shard's end", shard.next_event()).await {
        match item {
            Ok(Event::Ready(_)) => {
                if let Some((code, handle)) = fault {
                    assert_eq!(handle.inject(&FaultTarget::All, &Fault::Close(code)), 1);
                }
            }
            Ok(_) => {}
            Err(error) => last = Some(error),
        }
    }
    last.expect("the shard ended with an error")
}

#[tokio::test]
async fn fatal_close_codes_end_the_shard() {
    common::trace();
    // Natural causes where the emulator has them (a wrong token, too many guilds for one
    // shard, undefined or ungranted intents), an injected close otherwise.
    let cases: Vec<(CloseCode, &str)> = vec![
        (CloseCode::AuthenticationFailed, "check the bot token"),
        (CloseCode::InvalidShard, "check the shard configuration"),
        (CloseCode::ShardingRequired, "use more shards"),
        (CloseCode::InvalidApiVersion, "use version 10"),
        (CloseCode::InvalidIntents, "remove undefined bits"),
        (CloseCode::DisallowedIntents, "enable it in the developer portal"),
    ];
    for (code, fix) in cases {
        let mut builder = emulator();
        if code == CloseCode::ShardingRequired {
            let mut limits = GatewayLimits::default();
            limits.max_guilds_per_shard = 1;
            builder = builder.guilds(3).gateway_limits(limits);
        }
        if code == CloseCode::DisallowedIntents {
            builder = builder.granted_intents(Intents::empty());
        }
        let emulator = builder.start().await.unwrap();
        let token = if code == CloseCode::AuthenticationFailed {
            "not the token"
        } else {
            emulator.token()
        };
        let intents = match code {
            CloseCode::InvalidIntents => Intents::from_bits_retain(1 << 17),
            CloseCode::DisallowedIntents => Intents::GUILD_MEMBERS,
            _ => Intents::GUILDS,
        };
        let config = config_with(&emulator, token, intents, Compression::ZstdStream);
        let mut shard = Shard::new(ShardId::ONE, config.build().unwrap());
        let injected = matches!(code, CloseCode::InvalidShard | CloseCode::InvalidApiVersion);
        let handle = emulator.handle().clone();
        let error = run_to_the_end(&mut shard, injected.then_some((code.value(), &handle))).await;
        assert_eq!(*error.kind(), ReceiveErrorKind::FatalClose(code), "{error}");
        assert!(error.is_fatal());
        assert!(error.to_string().contains(fix), "{error}");
        assert_eq!(shard.state(), ShardState::Ended);
        assert!(shard.next_event().await.is_none());
        assert!(
            shard
                .send(accord_model::gateway::UpdatePresence::new(
                    accord_model::presence::Status::Online,
                    Vec::new()
                ))
                .is_err()
        );
        assert_eq!(handle.counters().connections, 1, "{code:?}: no second attempt");
    }
}
