//! The cache's permission calculation agrees with the emulator's own checks: after random
//! changes to overwrites and to the @everyone role, the bot's REST requests succeed exactly
//! where the cache says the bot may act, and fail with Missing Access (50001) where it may
//! not see the channel and Missing Permissions (50013) where it may see but not send.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;

use accord_cache::InMemoryCache;
use accord_emulator::EmulatorHandle;
use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;
use serde_json::json;
use support::{Gateway, Rest, Rng, eventually};

const ROUNDS: usize = 150;

const CHANGED: [Permissions; 5] = [
    Permissions::VIEW_CHANNEL,
    Permissions::SEND_MESSAGES,
    Permissions::SEND_MESSAGES_IN_THREADS,
    Permissions::READ_MESSAGE_HISTORY,
    Permissions::EMBED_LINKS,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_may_send_exactly_where_the_cache_says() {
    let emulator = support::permission_world(2, 10, 5).await;
    let cache = Arc::new(InMemoryCache::new());
    let _gateway = Gateway::connect(&emulator, Arc::clone(&cache)).await;
    let handle = emulator.handle().clone();
    let guilds = handle.guild_ids();
    eventually("every GUILD_CREATE", || guilds.iter().all(|g| cache.guild(*g).is_some())).await;
    let rest = Rest::new(&emulator);
    let bot = emulator.bot_user_id();
    let mut rng = Rng(0x9E12);
    let (mut allowed, mut hidden, mut read_only) = (0, 0, 0);

    // A thread in each guild, so that parents' overwrites are exercised too.
    for guild in &guilds {
        let parent = handle
            .channels(*guild)
            .into_iter()
            .find(|c| c.kind == ChannelType::GuildText)
            .expect("a text channel");
        let created = rest
            .call(
                "POST",
                &format!("/channels/{}/threads", parent.id),
                Some(json!({ "name": "perm-thread", "type": 11 })),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
    }

    for round in 0..ROUNDS {
        let guild = *rng.pick(&guilds);
        change_something(&rest, &handle, &mut rng, guild, bot).await;
        // Let the cache catch up: the world's overwrites and roles are what it has.
        eventually("the cache to catch up", || {
            handle.channels(guild).iter().all(|c| {
                cache.channel(c.id).map(|cached| cached.permission_overwrites)
                    == Some(c.permission_overwrites.clone())
            }) && handle.guild(guild).is_some_and(|g| {
                g.roles
                    .iter()
                    .all(|r| cache.role(guild, r.id).map(|c| c.permissions) == Some(r.permissions))
            })
        })
        .await;

        let targets: Vec<_> = handle
            .channels(guild)
            .into_iter()
            .filter(|c| c.kind == ChannelType::GuildText || c.kind.is_thread())
            .collect();
        let channel = rng.pick(&targets).clone();
        let permissions = cache.channel_permissions(channel.id, bot).expect("the cache can tell");
        let response = rest
            .call(
                "POST",
                &format!("/channels/{}/messages", channel.id),
                Some(json!({ "content": format!("round {round}") })),
            )
            .await;
        let code = serde_json::from_str::<serde_json::Value>(&response.body)
            .ok()
            .and_then(|v| v["code"].as_u64());
        let context = format!(
            "round {round}, channel {} ({:?}), cache says {permissions:?}: {} {}",
            channel.id, channel.kind, response.status, response.body
        );
        if !permissions.contains(Permissions::VIEW_CHANNEL) {
            assert_eq!((response.status, code), (403, Some(50001)), "{context}");
            hidden += 1;
        } else if !permissions.contains(Permissions::SEND_MESSAGES) {
            assert_eq!((response.status, code), (403, Some(50013)), "{context}");
            read_only += 1;
        } else {
            assert_eq!(response.status, 200, "{context}");
            allowed += 1;
        }
    }
    assert!(
        allowed > 0 && hidden > 0 && read_only > 0,
        "every outcome was tried: {allowed} {hidden} {read_only}"
    );
}

/// One random change to what decides the bot's permissions in a guild: an overwrite for
/// @everyone, the bot's role or the bot, set or removed, or a permission of @everyone toggled.
async fn change_something(
    rest: &Rest,
    handle: &EmulatorHandle,
    rng: &mut Rng,
    guild: Id<GuildMarker>,
    bot: Id<UserMarker>,
) {
    let world = handle.guild(guild).expect("the guild exists");
    let everyone: Id<RoleMarker> = guild.cast();
    let bot_role = handle
        .member(guild, bot)
        .and_then(|m| m.roles.first().copied())
        .expect("the bot has its role");
    let channels: Vec<_> =
        handle.channels(guild).into_iter().filter(|c| c.kind == ChannelType::GuildText).collect();
    match rng.below(3) {
        0 => {
            let channel = rng.pick(&channels).id;
            let (target, kind) = match rng.below(3) {
                0 => (everyone.get(), 0),
                1 => (bot_role.get(), 0),
                _ => (bot.get(), 1),
            };
            let body = json!({ "type": kind, "allow": rng.permissions(&CHANGED, 35).bits().to_string(), "deny": rng.permissions(&CHANGED, 35).bits().to_string() });
            rest.call("PUT", &format!("/channels/{channel}/permissions/{target}"), Some(body))
                .await;
        }
        1 => {
            let channel = rng.pick(&channels).id;
            let target = *rng.pick(&[everyone.get(), bot_role.get(), bot.get()]);
            rest.call("DELETE", &format!("/channels/{channel}/permissions/{target}"), None).await;
        }
        _ => {
            let current = world
                .roles
                .iter()
                .find(|r| r.id == everyone)
                .map(|r| r.permissions)
                .unwrap_or_default();
            let toggled = current ^ *rng.pick(&CHANGED);
            rest.call(
                "PATCH",
                &format!("/guilds/{guild}/roles/{everyone}"),
                Some(json!({ "permissions": toggled.bits().to_string() })),
            )
            .await;
        }
    }
}
