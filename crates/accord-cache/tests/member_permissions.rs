//! The cache's permissions of random members in random channels equal the emulator's own
//! (`EmulatorHandle::channel_permissions`, which its REST checks use).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;

use accord_cache::InMemoryCache;
use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;
use serde_json::json;
use support::{Gateway, Rest, Rng, eventually};

const CHANGED: [Permissions; 7] = [
    Permissions::VIEW_CHANNEL,
    Permissions::SEND_MESSAGES,
    Permissions::SEND_MESSAGES_IN_THREADS,
    Permissions::EMBED_LINKS,
    Permissions::CONNECT,
    Permissions::SPEAK,
    Permissions::MANAGE_MESSAGES,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_members_have_the_same_permissions_in_cache_and_world() {
    let emulator = support::permission_world(3, 20, 21).await;
    let cache = Arc::new(InMemoryCache::new());
    let _gateway = Gateway::connect(&emulator, Arc::clone(&cache)).await;
    let handle = emulator.handle().clone();
    let guilds = handle.guild_ids();
    eventually("every GUILD_CREATE", || guilds.iter().all(|g| cache.guild(*g).is_some())).await;
    let rest = Rest::new(&emulator);
    let mut rng = Rng(0xBEEF);

    for guild in &guilds {
        let parent = handle
            .channels(*guild)
            .into_iter()
            .find(|c| c.kind == ChannelType::GuildText)
            .expect("a text channel");
        rest.call(
            "POST",
            &format!("/channels/{}/threads", parent.id),
            Some(json!({ "name": "thread", "type": 11 })),
        )
        .await;
    }
    for _ in 0..200 {
        let guild = *rng.pick(&guilds);
        let world = handle.guild(guild).expect("the guild exists");
        let roles: Vec<Id<RoleMarker>> =
            world.roles.iter().filter(|r| !r.managed).map(|r| r.id).collect();
        let members = handle.members(guild);
        let member = rng.pick(&members).user.id;
        let channels: Vec<_> =
            handle.channels(guild).into_iter().filter(|c| !c.kind.is_thread()).collect();
        let channel = rng.pick(&channels).id;
        change_something(&rest, &mut rng, guild, &roles, member, channel).await;
    }
    let sentinel_channel = handle
        .channels(guilds[0])
        .into_iter()
        .find(|c| c.kind == ChannelType::GuildText)
        .expect("a text channel")
        .id;
    let sentinel = handle
        .send_message(sentinel_channel, emulator.bot_user_id(), "sentinel")
        .expect("the sentinel is sent");
    eventually("the sentinel", || cache.message(sentinel_channel, sentinel.id).is_some()).await;

    let mut compared = 0;
    for _ in 0..500 {
        let guild = *rng.pick(&guilds);
        let members = handle.members(guild);
        let user = rng.pick(&members).user.id;
        let channels = handle.channels(guild);
        let channel = rng.pick(&channels);
        let Some(world) = handle.channel_permissions(channel.id, user) else { continue };
        let cached = cache.channel_permissions(channel.id, user).expect("the cache can tell");
        assert_eq!(cached, world, "user {user} in channel {} ({:?})", channel.id, channel.kind);
        compared += 1;
    }
    assert!(compared > 400, "most pairs were compared: {compared}");
}

/// One random change to what decides permissions: an overwrite, a role's permissions, a
/// member's roles or a member's timeout.
async fn change_something(
    rest: &Rest,
    rng: &mut Rng,
    guild: Id<GuildMarker>,
    roles: &[Id<RoleMarker>],
    member: Id<UserMarker>,
    channel: Id<ChannelMarker>,
) {
    match rng.below(4) {
        0 => {
            let (target, kind) =
                if rng.percent(60) { (rng.pick(roles).get(), 0) } else { (member.get(), 1) };
            let body = json!({ "type": kind, "allow": rng.permissions(&CHANGED, 30).bits().to_string(), "deny": rng.permissions(&CHANGED, 30).bits().to_string() });
            rest.call("PUT", &format!("/channels/{channel}/permissions/{target}"), Some(body))
                .await;
        }
        1 => {
            let role = *rng.pick(roles);
            rest.call(
                "PATCH",
                &format!("/guilds/{guild}/roles/{role}"),
                Some(json!({ "permissions": rng.permissions(&CHANGED, 30).bits().to_string() })),
            )
            .await;
        }
        2 => {
            let chosen: Vec<String> = roles
                .iter()
                .filter(|r| r.get() != guild.get() && rng.percent(40))
                .map(ToString::to_string)
                .collect();
            rest.call(
                "PATCH",
                &format!("/guilds/{guild}/members/{member}"),
                Some(json!({ "roles": chosen })),
            )
            .await;
        }
        _ => {
            let until = if rng.percent(50) {
                json!(Timestamp::now().add_micros(86_400_000_000).to_string())
            } else {
                json!(null)
            };
            rest.call(
                "PATCH",
                &format!("/guilds/{guild}/members/{member}"),
                Some(json!({ "communication_disabled_until": until })),
            )
            .await;
        }
    }
}
