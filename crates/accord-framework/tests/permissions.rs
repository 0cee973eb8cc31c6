//! `permissions::fetch`, the REST path of prefix-command permission checks, against the
//! emulator: the member a message carries is used as it is (its roles and its timeout) and not
//! fetched again; without one the member is fetched. And a prefix command's check through the
//! whole framework, which hands `fetch` the message's member.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use accord_emulator::{Emulator, RateLimits};
use accord_framework::permissions::fetch;
use accord_framework::{Context, Framework, command};
use accord_http::Client;
use accord_model::channel::ChannelType;
use accord_model::guild::PartialMember;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::permissions::Permissions as P;
use accord_model::util::Timestamp;
use support::Bot;

type Error = Box<dyn std::error::Error + Send + Sync>;

struct World {
    emulator: Emulator,
    http: Client,
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    /// A moderator: the generated guild's second member.
    moderator: Id<UserMarker>,
}

async fn world() -> World {
    let mut rate_limits = RateLimits::default();
    rate_limits.enabled = false;
    let emulator = Emulator::builder()
        .guilds(1)
        .members_per_guild(4)
        .seed(18)
        .rate_limits(rate_limits)
        .start()
        .await
        .expect("the emulator starts");
    let handle = emulator.handle();
    let guild_id = *handle.guild_ids().first().expect("a guild");
    let guild = handle.guild(guild_id).expect("the guild");
    let moderator_role = guild.roles.iter().find(|r| r.name == "Moderator").expect("the role").id;
    let moderator = handle
        .members(guild_id)
        .into_iter()
        .find(|m| m.roles.contains(&moderator_role) && m.user.id != guild.owner_id)
        .expect("a moderator who does not own the guild")
        .user
        .id;
    let channel_id = handle
        .channels(guild_id)
        .into_iter()
        .find(|c| c.kind == ChannelType::GuildText && c.name.as_deref() == Some("general"))
        .expect("a general channel")
        .id;
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    World { emulator, http, guild_id, channel_id, moderator }
}

impl World {
    /// The member as a message carries it.
    fn partial(&self, user_id: Id<UserMarker>) -> PartialMember {
        let member = self.emulator.handle().member(self.guild_id, user_id).expect("the member");
        PartialMember::from(member)
    }

    /// `fetch`'s answer and the number of REST requests it made.
    async fn fetch_counting(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
        member: Option<&PartialMember>,
    ) -> (P, u64) {
        let before = self.emulator.handle().counters().rest_requests;
        let permissions = fetch(&self.http, self.guild_id, channel_id, user_id, member)
            .await
            .expect("the lookups succeed");
        (permissions, self.emulator.handle().counters().rest_requests - before)
    }
}

#[tokio::test]
async fn a_member_the_message_carries_is_not_fetched() {
    let world = world().await;
    let member = world.partial(world.moderator);
    let (given, requests) =
        world.fetch_counting(world.channel_id, world.moderator, Some(&member)).await;
    assert_eq!(requests, 2, "the guild and the channel, not the member");
    let (fetched, requests) = world.fetch_counting(world.channel_id, world.moderator, None).await;
    assert_eq!(requests, 3, "the guild, the channel and the member");
    assert_eq!(given, fetched);
    let expected = world
        .emulator
        .handle()
        .channel_permissions(world.channel_id, world.moderator)
        .expect("the emulator can tell");
    assert_eq!(given, expected);

    // A thread: its parent's overwrites are fetched too.
    let created = world
        .http
        .create_thread(world.channel_id, "checks")
        .kind(ChannelType::PublicThread)
        .await
        .expect("the thread is created")
        .model()
        .await
        .expect("a channel");
    let (in_thread, requests) =
        world.fetch_counting(created.id, world.moderator, Some(&member)).await;
    assert_eq!(requests, 3, "the guild, the thread and its parent");
    assert_eq!(
        Some(in_thread),
        world.emulator.handle().channel_permissions(created.id, world.moderator)
    );
}

#[tokio::test]
async fn the_roles_and_timeout_the_message_carries_are_the_ones_used() {
    let world = world().await;
    let mut member = world.partial(world.moderator);
    let as_moderator = world.fetch_counting(world.channel_id, world.moderator, Some(&member)).await;
    assert!(as_moderator.0.contains(P::BAN_MEMBERS | P::SEND_MESSAGES));

    // The message says the member has no role any more: the world is not asked.
    member.roles.clear();
    let without_roles =
        world.fetch_counting(world.channel_id, world.moderator, Some(&member)).await;
    assert!(!without_roles.0.contains(P::BAN_MEMBERS), "{:?}", without_roles.0);
    assert!(without_roles.0.contains(P::SEND_MESSAGES), "@everyone still may");

    // Timed out until tomorrow: viewing and reading history are all that is left.
    member.communication_disabled_until = Some(Timestamp::now().add_micros(86_400_000_000));
    let timed_out = world.fetch_counting(world.channel_id, world.moderator, Some(&member)).await;
    assert_eq!(timed_out.0, P::TIMED_OUT);
}

/// Bans someone.
#[command(prefix, required_permissions = "BAN_MEMBERS", guild_only)]
async fn ban(ctx: Context<()>) -> Result<(), Error> {
    ctx.say("The hammer is ready").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefix_check_reads_the_authors_roles_from_the_message() {
    let bot = Bot::start(Framework::builder().prefix("!").data(()).commands([ban()])).await;
    for (author, answer) in [
        (bot.moderator, "The hammer is ready"),
        (bot.member, "You need the Ban Members permission(s)"),
    ] {
        let before = bot.handle.counters().rest_requests;
        assert_eq!(bot.message_reply(author, "!ban").await.content, answer);
        let requests = bot.handle.counters().rest_requests - before;
        assert_eq!(requests, 3, "the guild and the channel for the check, then the answer");
    }
}
