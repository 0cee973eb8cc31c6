//! Tests of the cache as a whole: events in, queries out.

use accord_model::application::ApplicationFlags;
use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelType, PermissionOverwrite, ThreadMetadata,
};
use accord_model::emoji::PartialEmoji;
use accord_model::gateway::event::{
    GuildCreate, GuildMemberRemove, GuildMemberUpdate, GuildMembersChunk, GuildRoleDelete,
    MessageDelete, MessageReactionAdd, Ready, ReadyApplication, ThreadListSync,
};
use accord_model::gateway::{Event, ShardId};
use accord_model::guild::{Guild, Member, Role, UnavailableGuild};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::message::Message;
use accord_model::permissions::Permissions;
use accord_model::presence::{Presence, Status};
use accord_model::user::User;
use accord_model::util::Timestamp;
use accord_model::voice::VoiceState;

use crate::{InMemoryCache, ResourceType};

static_assertions::assert_impl_all!(InMemoryCache: Send, Sync, std::fmt::Debug);
static_assertions::assert_impl_all!(crate::CacheStats: Send, Sync, Clone, std::fmt::Debug);

fn user(id: u64) -> User {
    User::new(Id::new(id), format!("user{id}"))
}

fn member(id: u64, roles: &[u64]) -> Member {
    let mut member = Member::new(user(id), Some(Timestamp::from_secs(1_600_000_000)));
    member.roles = roles.iter().map(|r| Id::new(*r)).collect();
    member
}

/// A guild with an @everyone role, a "mods" role (id guild+1), a text channel (id guild+2)
/// and the given members.
fn guild(id: u64, members: impl IntoIterator<Item = Member>) -> Guild {
    let mut guild = Guild::new(Id::new(id), format!("guild{id}"), Id::new(1));
    guild.roles = vec![
        Role::new(Id::new(id), "@everyone", Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES),
        Role::new(Id::new(id + 1), "mods", Permissions::MANAGE_MESSAGES),
    ];
    guild.members = Some(members.into_iter().collect());
    guild.member_count = Some(u64::try_from(guild.members.as_ref().map_or(0, Vec::len)).unwrap());
    guild.channels = Some(vec![text_channel(id + 2, None)]);
    guild.large = Some(false);
    guild
}

fn text_channel(id: u64, guild_id: Option<u64>) -> Channel {
    let mut channel = Channel::guild_text(Id::new(id), Id::new(1), format!("channel{id}"));
    channel.guild_id = guild_id.map(Id::new);
    channel
}

fn thread(id: u64, guild_id: u64, parent: u64) -> Channel {
    let mut thread = Channel::new(Id::new(id), ChannelType::PublicThread);
    thread.guild_id = Some(Id::new(guild_id));
    thread.parent_id = Some(Id::new(parent));
    thread.name = Some("thread".into());
    thread.thread_metadata =
        Some(ThreadMetadata::new(AutoArchiveDuration::Day, Timestamp::from_secs(5)));
    thread
}

/// The GUILD_DELETE of a guild the bot left.
fn removed(id: u64) -> UnavailableGuild {
    let mut guild = UnavailableGuild::new(Id::new(id));
    guild.unavailable = None;
    guild
}

fn create(guild: Guild) -> Event {
    Event::GuildCreate(Box::new(GuildCreate::Available(guild)))
}

fn message(id: u64, channel: u64, guild_id: Option<u64>, author: u64) -> Message {
    let mut message = Message::new(
        Id::new(id),
        Id::new(channel),
        user(author),
        format!("message {id}"),
        Timestamp::from_secs(1_700_000_000),
    );
    message.guild_id = guild_id.map(Id::new);
    message
}

/// Everything a cache holds, rendered in a canonical order, to compare two caches.
fn snapshot(cache: &InMemoryCache) -> String {
    let mut out = Vec::new();
    let mut guilds = cache.guild_ids();
    guilds.sort();
    for guild_id in guilds {
        out.push(format!(
            "{:?} unavailable={}",
            cache.guild(guild_id),
            cache.is_unavailable(guild_id)
        ));
        let mut roles = cache.guild_roles(guild_id);
        roles.sort_by_key(|r| r.id);
        out.push(format!("{roles:?}"));
        let mut members = cache.guild_member_ids(guild_id);
        members.sort();
        for user_id in members {
            out.push(format!(
                "{:?} {:?}",
                cache.member(guild_id, user_id),
                cache.presence(guild_id, user_id)
            ));
            out.push(format!("{:?}", cache.voice_state(guild_id, user_id)));
        }
        let mut channels = cache.guild_channel_ids(guild_id);
        channels.sort();
        for channel_id in channels {
            out.push(format!("{:?}", cache.channel(channel_id)));
            for message_id in cache.channel_message_ids(channel_id) {
                out.push(format!("{:?}", cache.message(channel_id, message_id)));
            }
        }
    }
    let stats = cache.stats();
    out.push(format!(
        "users={} members={} messages={}",
        stats.users.count, stats.members.count, stats.messages.count
    ));
    out.join("\n")
}

#[test]
fn two_guilds_sharing_100_users_store_100_users() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, (1..=100).map(|id| member(id, &[])))));
    cache.update(&create(guild(2000, (1..=100).map(|id| member(id, &[2001])))));
    let stats = cache.stats();
    assert_eq!(stats.members.count, 200);
    assert_eq!(stats.users.count, 100);
    assert_eq!(cache.user_guild_ids(Id::new(7)).len(), 2);

    cache.update(&Event::GuildDelete(Box::new(removed(1000))));
    assert_eq!(cache.stats().users.count, 100, "the other guild still refers to them");
    cache.update(&Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(
        Id::new(2000),
        user(5),
    ))));
    assert_eq!(cache.stats().users.count, 99, "a user goes with its last membership");
    assert!(cache.user(Id::new(5)).is_none());
    cache.update(&Event::GuildDelete(Box::new(removed(2000))));
    let stats = cache.stats();
    assert_eq!(
        (stats.users.count, stats.members.count, stats.channels.count, stats.guilds.count),
        (0, 0, 0, 0)
    );
}

#[test]
fn guild_delete_for_an_outage_keeps_everything() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [member(5, &[1001])])));
    cache.update(&Event::GuildDelete(Box::new(UnavailableGuild::new(Id::new(1000)))));
    assert!(cache.is_unavailable(Id::new(1000)));
    assert_eq!(cache.guild(Id::new(1000)).unwrap().unavailable, Some(true));
    assert!(cache.member(Id::new(1000), Id::new(5)).is_some());
    cache.update(&create(guild(1000, [member(5, &[1001])])));
    assert!(!cache.is_unavailable(Id::new(1000)));
    assert!(cache.unavailable_guild_ids().is_empty());
}

#[test]
fn queries_return_what_the_events_said() {
    let cache = InMemoryCache::new();
    let mut alice = member(5, &[1001]);
    alice.nick = Some("Al".into());
    alice.user.global_name = Some("Alice".into());
    let mut source = guild(1000, [alice.clone(), member(6, &[])]);
    source.voice_states = Some(vec![VoiceState::new(Id::new(5), Some(Id::new(1002)), "session")]);
    let mut presence = Presence::new(Id::new(5), Status::Idle);
    presence.guild_id = Some(Id::new(1000));
    source.presences = Some(vec![presence.clone()]);
    cache.update(&create(source.clone()));

    assert_eq!(cache.member(Id::new(1000), Id::new(5)), Some(alice.clone()));
    assert_eq!(cache.user(Id::new(5)), Some(alice.user.clone()));
    assert_eq!(cache.role(Id::new(1000), Id::new(1001)), Some(source.roles[1].clone()));
    let mut channel = source.channels.as_ref().unwrap()[0].clone();
    channel.guild_id = Some(Id::new(1000));
    assert_eq!(
        cache.channel(channel.id),
        Some(channel.clone()),
        "GUILD_CREATE channels get their guild id"
    );
    assert_eq!(cache.presence(Id::new(1000), Id::new(5)), Some(presence));
    assert_eq!(cache.voice_channel_states(Id::new(1002)).len(), 1);
    let guild = cache.guild(Id::new(1000)).unwrap();
    assert_eq!(guild.name, "guild1000");
    assert!(guild.members.is_none() && guild.roles.is_empty(), "lists have their own queries");
    assert_eq!(
        cache.with_member(Id::new(1000), Id::new(5), |m| m.nick().map(str::to_owned)),
        Some(Some("Al".to_owned()))
    );
    assert_eq!(
        cache.with_user(Id::new(5), |u| u.display_name().to_owned()).as_deref(),
        Some("Alice")
    );
    assert_eq!(cache.member_role_ids(Id::new(1000), Id::new(5)), Some(vec![Id::new(1001)]));

    channel.topic = Some("new topic".into());
    cache.update(&Event::ChannelUpdate(Box::new(channel.clone())));
    assert_eq!(cache.channel(channel.id).unwrap().topic.as_deref(), Some("new topic"));
}

#[test]
fn every_update_is_idempotent() {
    let events = scripted_events();
    let once = InMemoryCache::new();
    let twice = InMemoryCache::new();
    for event in &events {
        once.update(event);
        twice.update(event);
        twice.update(event);
    }
    assert_eq!(snapshot(&once), snapshot(&twice));
    // Replaying the whole stream after a resume changes nothing either.
    for event in &events {
        twice.update(event);
    }
    assert_eq!(snapshot(&once), snapshot(&twice));
}

/// A stream touching every kind of state (reactions aside, whose counts cannot be
/// idempotent without knowing who reacted).
fn scripted_events() -> Vec<Event> {
    let mut events = vec![create(guild(1000, (1..=10).map(|id| member(id, &[]))))];
    let mut update = GuildMemberUpdate::new(Id::new(1000), vec![Id::new(1001)], user(3));
    update.nick = Some("three".into());
    update.joined_at = Some(Timestamp::from_secs(1_600_000_000));
    events.push(Event::GuildMemberUpdate(Box::new(update)));
    let mut added = member(11, &[1001]);
    added.guild_id = Some(Id::new(1000));
    events.push(Event::GuildMemberAdd(Box::new(added)));
    events.push(Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(Id::new(1000), user(2)))));
    events.push(Event::ChannelCreate(Box::new(text_channel(1003, Some(1000)))));
    events.push(Event::ThreadCreate(Box::new(thread(1004, 1000, 1002))));
    for id in 0..5 {
        events.push(Event::MessageCreate(Box::new(message(
            5000 + id,
            1002,
            Some(1000),
            1 + id % 3,
        ))));
    }
    events.push(Event::MessageDelete(Box::new(MessageDelete::new(Id::new(5001), Id::new(1002)))));
    let mut edited = message(5002, 1002, Some(1000), 3);
    edited.content = "edited".into();
    edited.edited_timestamp = Some(Timestamp::from_secs(1_700_000_100));
    events.push(Event::MessageUpdate(Box::new(edited)));
    let mut presence = Presence::new(Id::new(4), Status::Online);
    presence.guild_id = Some(Id::new(1000));
    presence.user.username = Some("renamed".into());
    events.push(Event::PresenceUpdate(Box::new(presence)));
    let mut voice = VoiceState::new(Id::new(4), Some(Id::new(1003)), "s");
    voice.guild_id = Some(Id::new(1000));
    events.push(Event::VoiceStateUpdate(Box::new(voice)));
    events
        .push(Event::GuildRoleDelete(Box::new(GuildRoleDelete::new(Id::new(1000), Id::new(1001)))));
    events
}

#[test]
fn role_delete_takes_the_role_from_members() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [member(5, &[1001]), member(6, &[1001])])));
    cache.update(&Event::GuildRoleDelete(Box::new(GuildRoleDelete::new(
        Id::new(1000),
        Id::new(1001),
    ))));
    assert!(cache.role(Id::new(1000), Id::new(1001)).is_none());
    assert_eq!(cache.member(Id::new(1000), Id::new(5)).unwrap().roles, vec![]);
    assert_eq!(cache.member_role_ids(Id::new(1000), Id::new(6)), Some(vec![]));
}

#[test]
fn member_updates_are_partial_and_counted() {
    let cache = InMemoryCache::new();
    let mut deaf = member(5, &[]);
    deaf.deaf = true;
    cache.update(&create(guild(1000, [deaf])));
    let mut update = GuildMemberUpdate::new(Id::new(1000), vec![Id::new(1001)], user(5));
    update.joined_at = Some(Timestamp::from_secs(1_600_000_000));
    update.communication_disabled_until = Some(Timestamp::from_secs(4_000_000_000));
    cache.update(&Event::GuildMemberUpdate(Box::new(update)));
    let member = cache.member(Id::new(1000), Id::new(5)).unwrap();
    assert!(member.deaf, "an update without `deaf` keeps it");
    assert_eq!(member.roles, vec![Id::new(1001)]);
    assert!(
        cache.with_member(Id::new(1000), Id::new(5), |m| m.is_timed_out(Timestamp::now())).unwrap()
    );

    let mut joined = self::member(6, &[]);
    joined.guild_id = Some(Id::new(1000));
    cache.update(&Event::GuildMemberAdd(Box::new(joined.clone())));
    cache.update(&Event::GuildMemberAdd(Box::new(joined)));
    assert_eq!(
        cache.guild(Id::new(1000)).unwrap().member_count,
        Some(2),
        "a replayed join counts once"
    );
    cache.update(&Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(
        Id::new(1000),
        user(6),
    ))));
    cache.update(&Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(
        Id::new(1000),
        user(6),
    ))));
    assert_eq!(cache.guild(Id::new(1000)).unwrap().member_count, Some(1));
}

#[test]
fn members_chunk_fills_members_and_presences() {
    let cache = InMemoryCache::new();
    let mut large = guild(1000, [member(1, &[])]);
    large.large = Some(true);
    cache.update(&create(large.clone()));
    let mut chunk =
        GuildMembersChunk::new(Id::new(1000), (2..=50).map(|id| member(id, &[])).collect(), 0, 1);
    let mut presence = Presence::new(Id::new(7), Status::DoNotDisturb);
    presence.guild_id = Some(Id::new(1000));
    chunk.presences = Some(vec![presence]);
    cache.update(&Event::GuildMembersChunk(Box::new(chunk)));
    assert_eq!(cache.guild_member_ids(Id::new(1000)).len(), 50);
    assert_eq!(cache.presence(Id::new(1000), Id::new(7)).unwrap().status, Status::DoNotDisturb);
    // A large guild's GUILD_CREATE has only some members: the chunked ones stay.
    cache.update(&create(large));
    assert_eq!(cache.guild_member_ids(Id::new(1000)).len(), 50);
    // A small guild's GUILD_CREATE has them all: the others left.
    cache.update(&create(guild(1000, [member(1, &[])])));
    assert_eq!(cache.guild_member_ids(Id::new(1000)).len(), 1);
    assert_eq!(cache.stats().users.count, 1);
}

#[test]
fn presence_updates_refresh_users_and_offline_means_none() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [member(5, &[])])));
    let mut presence = Presence::new(Id::new(5), Status::Online);
    presence.guild_id = Some(Id::new(1000));
    presence.user.username = Some("new-name".into());
    cache.update(&Event::PresenceUpdate(Box::new(presence.clone())));
    assert_eq!(cache.user(Id::new(5)).unwrap().username, "new-name");
    assert_eq!(cache.presence(Id::new(1000), Id::new(5)).unwrap().status, Status::Online);
    presence.status = Status::Offline;
    cache.update(&Event::PresenceUpdate(Box::new(presence)));
    assert!(cache.presence(Id::new(1000), Id::new(5)).is_none());
    // A presence of someone the cache does not know creates no user.
    let mut stranger = Presence::new(Id::new(99), Status::Online);
    stranger.guild_id = Some(Id::new(1000));
    cache.update(&Event::PresenceUpdate(Box::new(stranger)));
    assert!(cache.user(Id::new(99)).is_none());
}

#[test]
fn channel_delete_takes_its_messages_and_threads() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [member(5, &[])])));
    cache.update(&Event::ThreadCreate(Box::new(thread(1010, 1000, 1002))));
    cache.update(&Event::MessageCreate(Box::new(message(5000, 1002, Some(1000), 77))));
    cache.update(&Event::MessageCreate(Box::new(message(5001, 1010, Some(1000), 78))));
    assert_eq!(cache.stats().users.count, 3, "message authors are referenced");
    assert_eq!(cache.channel(Id::new(1002)).unwrap().last_message_id, Some(Id::new(5000)));
    let deleted = cache.channel(Id::new(1002)).unwrap();
    cache.update(&Event::ChannelDelete(Box::new(deleted)));
    assert!(cache.channel(Id::new(1010)).is_none(), "threads go with their parent");
    assert!(cache.message(Id::new(1010), Id::new(5001)).is_none());
    assert!(cache.channel_message_ids(Id::new(1002)).is_empty());
    assert!(cache.guild_channel_ids(Id::new(1000)).is_empty());
    assert_eq!(cache.stats().users.count, 1, "authors go with their messages");
}

#[test]
fn thread_list_sync_replaces_the_threads_of_its_parents() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [])));
    cache.update(&Event::ChannelCreate(Box::new(text_channel(1003, Some(1000)))));
    for (id, parent) in [(1010, 1002), (1011, 1002), (1012, 1003)] {
        cache.update(&Event::ThreadCreate(Box::new(thread(id, 1000, parent))));
    }
    let mut sync = ThreadListSync::new(
        Id::new(1000),
        vec![thread(1011, 1000, 1002), thread(1013, 1000, 1002)],
        vec![],
    );
    sync.channel_ids = Some(vec![Id::new(1002)]);
    cache.update(&Event::ThreadListSync(Box::new(sync)));
    let mut ids = cache.guild_channel_ids(Id::new(1000));
    ids.sort();
    assert_eq!(ids, [1002, 1003, 1011, 1012, 1013].map(Id::new).to_vec());
}

#[test]
fn the_message_ring_keeps_the_newest_in_order() {
    let cache = InMemoryCache::builder().message_cache_size(3).build();
    for id in [10, 12, 11, 14, 13, 9] {
        cache.update(&Event::MessageCreate(Box::new(message(id, 7, None, id))));
    }
    assert_eq!(cache.channel_message_ids(Id::new(7)), [14, 13, 12].map(Id::new).to_vec());
    assert_eq!(cache.stats().users.count, 3, "dropped messages release their authors");
    assert_eq!(cache.message(Id::new(7), Id::new(13)).unwrap(), message(13, 7, None, 13));
}

#[test]
fn reactions_follow_the_events_and_survive_edits() {
    let cache = InMemoryCache::new();
    cache.update(&Event::Ready(Box::new(ready(99, &[]))));
    cache.update(&Event::MessageCreate(Box::new(message(10, 7, None, 3))));
    let thumbs = PartialEmoji::unicode("👍");
    cache.update(&Event::MessageReactionAdd(Box::new(MessageReactionAdd::new(
        Id::new(99),
        Id::new(7),
        Id::new(10),
        thumbs.clone(),
    ))));
    cache.update(&Event::MessageReactionAdd(Box::new(MessageReactionAdd::new(
        Id::new(4),
        Id::new(7),
        Id::new(10),
        thumbs,
    ))));
    let mut edited = message(10, 7, None, 3);
    edited.content = "edited".into();
    cache.update(&Event::MessageUpdate(Box::new(edited)));
    let reactions = cache.message(Id::new(7), Id::new(10)).unwrap().reactions.unwrap();
    assert_eq!((reactions[0].count, reactions[0].me), (2, true));
    assert_eq!(
        cache.with_message(Id::new(7), Id::new(10), |m| m.content().to_owned()).unwrap(),
        "edited"
    );
}

fn ready(user_id: u64, guilds: &[u64]) -> Ready {
    let mut ready = Ready::new(
        user(user_id),
        guilds.iter().map(|id| UnavailableGuild::new(Id::new(*id))).collect(),
        "session",
        "wss://gateway.example",
        ReadyApplication::new(Id::new(user_id), ApplicationFlags::empty()),
    );
    ready.shard = ShardId::new(0, 1);
    ready
}

#[test]
fn ready_sets_the_current_user_and_forgets_guilds_left_meanwhile() {
    let cache = InMemoryCache::new();
    cache.update(&create(guild(1000, [])));
    cache.update(&create(guild(2000, [])));
    cache.update(&Event::Ready(Box::new(ready(99, &[2000]))));
    assert_eq!(cache.current_user().unwrap().id, Id::new(99));
    assert_eq!(cache.guild_ids(), vec![Id::new(2000)]);
    assert!(cache.is_unavailable(Id::new(2000)));
    let mut renamed = user(99);
    renamed.username = "renamed".into();
    cache.update(&Event::UserUpdate(Box::new(renamed)));
    assert_eq!(cache.current_user().unwrap().username, "renamed");
}

#[test]
fn unkept_kinds_are_ignored() {
    let cache =
        InMemoryCache::builder().resource_types(ResourceType::GUILD | ResourceType::MEMBER).build();
    cache.update(&create(guild(1000, [member(5, &[])])));
    cache.update(&Event::MessageCreate(Box::new(message(10, 1002, Some(1000), 5))));
    let stats = cache.stats();
    assert_eq!(
        (
            stats.members.count,
            stats.users.count,
            stats.channels.count,
            stats.messages.count,
            stats.roles.count
        ),
        (1, 0, 0, 0, 0)
    );
    assert_eq!(
        cache.member(Id::new(1000), Id::new(5)).unwrap().user,
        User::new(Id::new(5), ""),
        "without users, members know only the user id"
    );
}

#[test]
fn stats_bytes_grow_with_content() {
    let cache = InMemoryCache::new();
    let empty = cache.stats().total_bytes();
    cache.update(&create(guild(1000, (1..=100).map(|id| member(id, &[1001])))));
    let stats = cache.stats();
    assert!(stats.total_bytes() > empty);
    assert!(stats.members.bytes >= 100 * size_of::<crate::record::CachedMember>());
    assert!(stats.users.bytes >= 100 * size_of::<crate::record::CachedUser>());
}

#[test]
fn cache_permissions_use_roles_overwrites_and_threads() {
    let cache = InMemoryCache::new();
    let mut source = guild(1000, [member(1, &[]), member(5, &[1001]), member(6, &[])]);
    let mut channel = text_channel(1002, None);
    channel.permission_overwrites = Some(vec![
        PermissionOverwrite::role(Id::new(1000), Permissions::empty(), Permissions::SEND_MESSAGES),
        PermissionOverwrite::role(Id::new(1001), Permissions::SEND_MESSAGES, Permissions::empty()),
    ]);
    source.channels = Some(vec![channel]);
    cache.update(&create(source));
    cache.update(&Event::ThreadCreate(Box::new(thread(1010, 1000, 1002))));
    let mods = cache.channel_permissions(Id::new(1002), Id::new(5)).unwrap();
    let plain = cache.channel_permissions(Id::new(1002), Id::new(6)).unwrap();
    assert!(mods.contains(Permissions::SEND_MESSAGES | Permissions::MANAGE_MESSAGES));
    assert!(
        !plain.contains(Permissions::SEND_MESSAGES) && plain.contains(Permissions::VIEW_CHANNEL)
    );
    assert_eq!(
        cache.channel_permissions(Id::new(1010), Id::new(1)).unwrap(),
        Permissions::all(),
        "the owner"
    );
    let in_thread = cache.channel_permissions(Id::new(1010), Id::new(5)).unwrap();
    assert!(
        !in_thread.contains(Permissions::SEND_MESSAGES),
        "sending in threads needs SEND_MESSAGES_IN_THREADS"
    );
    assert!(
        cache
            .guild_permissions(Id::new(1000), Id::new(5))
            .unwrap()
            .contains(Permissions::MANAGE_MESSAGES)
    );
    let missing: Id<UserMarker> = Id::new(77);
    let error = cache.channel_permissions(Id::new(1002), missing).unwrap_err();
    assert!(matches!(error.kind(), crate::PermissionErrorKind::UnknownMember { .. }), "{error}");
    let unknown: Id<ChannelMarker> = Id::new(4242);
    assert!(matches!(
        cache.channel_permissions(unknown, Id::new(5)).unwrap_err().kind(),
        crate::PermissionErrorKind::UnknownChannel { .. }
    ));
    let unknown_guild: Id<GuildMarker> = Id::new(4243);
    assert!(cache.guild_permissions(unknown_guild, Id::new(5)).is_err());
}
