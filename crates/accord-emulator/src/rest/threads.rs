//! Threads: starting them from a message, alone or as forum posts; joining, leaving and
//! listing members; listing archived threads.

use accord_model::audit_log::AuditLogEventType;
use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelFlags, ChannelType, ThreadMember, ThreadMetadata,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, TagMarker, UserMarker};
use accord_model::message::MessageFlags;
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;
use serde_json::{Value, json};

use super::call::{Call, Fields};
use super::common::{base_url, channel_permission, guild_of};
use super::error::ApiError;
use super::reply::{Answer, created, no_content, ok};
use super::validate;
use crate::shared::Shared;
use crate::world::World;

/// A thread channel under `parent`.
fn thread(
    world: &mut World,
    id: Id<ChannelMarker>,
    parent: &Channel,
    kind: ChannelType,
    name: String,
    archive: AutoArchiveDuration,
) -> Channel {
    let mut thread = Channel::new(id, kind);
    thread.guild_id = parent.guild_id;
    thread.parent_id = Some(parent.id);
    thread.name = Some(name.into());
    thread.owner_id = Some(world.bot_id());
    thread.rate_limit_per_user = Some(0);
    thread.flags = Some(ChannelFlags::empty());
    let mut metadata = ThreadMetadata::new(archive, Timestamp::now());
    if kind == ChannelType::PrivateThread {
        metadata.invitable = Some(true);
    }
    thread.thread_metadata = Some(metadata);
    thread
}

fn archive_duration(fields: &mut Fields, parent: Option<&Channel>) -> AutoArchiveDuration {
    match fields.integer("auto_archive_duration", 60, 10080) {
        Some(minutes @ (60 | 1440 | 4320 | 10080)) => {
            AutoArchiveDuration::from_value(u16::try_from(minutes).unwrap_or(1440))
        }
        Some(_) => {
            fields.error(
                "auto_archive_duration",
                "BASE_TYPE_CHOICES",
                "Value must be one of {60, 1440, 4320, 10080}.",
            );
            AutoArchiveDuration::Day
        }
        None => {
            parent.and_then(|p| p.default_auto_archive_duration).unwrap_or(AutoArchiveDuration::Day)
        }
    }
}

/// `POST /channels/{channel_id}/messages/{message_id}/threads` (CREATE_PUBLIC_THREADS): a
/// public thread with the message's id; THREAD_CREATE and MESSAGE_UPDATE.
pub(super) fn create_thread_from_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id("message_id")?;
    let mut fields = call.fields()?;
    let name = fields.required_string("name", 1, 100);
    let slowmode = fields.integer("rate_limit_per_user", 0, 21600);
    let parent = shared.read(|world| world.channel(channel_id).map(|c| c.channel.clone()))?;
    let archive = archive_duration(&mut fields, Some(&parent));
    fields.finish()?;
    let name = name.unwrap_or_default();
    let reason = call.reason();
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        let kind = match parent.kind {
            ChannelType::GuildText => ChannelType::PublicThread,
            ChannelType::GuildAnnouncement => ChannelType::AnnouncementThread,
            _ => return Err(ApiError::code(50024)),
        };
        channel_permission(
            world,
            channel_id,
            Permissions::CREATE_PUBLIC_THREADS | Permissions::READ_MESSAGE_HISTORY,
        )?;
        let message = world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .ok_or_else(|| ApiError::code(10008))?;
        if message.thread.is_some() || world.channels.contains_key(&message_id.cast()) {
            return Err(ApiError::code(160_004));
        }
        let mut channel = thread(world, message_id.cast(), &parent, kind, name, archive);
        channel.rate_limit_per_user = slowmode.and_then(|s| u16::try_from(s).ok()).or(Some(0));
        let bot = world.bot_id();
        let channel = world.open_thread(channel, bot, Some(message_id))?;
        world.audit(guild_id, AuditLogEventType::ThreadCreate, Some(channel.id.cast()), reason);
        created(&channel)
    })
}

/// The first message of a forum post, read from the `message` field.
fn forum_post(call: &Call, fields: &mut Fields) -> Option<validate::MessageBody> {
    match fields.raw("message").cloned() {
        Some(Value::Object(map)) => {
            let mut inner = Fields::nested(map, "message");
            let flags = MessageFlags::SUPPRESS_EMBEDS
                | MessageFlags::SUPPRESS_NOTIFICATIONS
                | MessageFlags::IS_COMPONENTS_V2;
            let body = validate::message_body(call, &mut inner, flags);
            fields.merge(&inner.take_errors());
            Some(body)
        }
        Some(_) => {
            fields.error(
                "message",
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            );
            None
        }
        None => {
            fields.error("message", "BASE_TYPE_REQUIRED", "This field is required");
            None
        }
    }
}

/// The type of a thread opened without a message: private by default in text channels,
/// announcement threads in announcement channels, public posts in forums.
fn thread_kind(
    parent: ChannelType,
    requested: Option<ChannelType>,
    forum: bool,
) -> Result<ChannelType, ApiError> {
    if forum {
        return Ok(ChannelType::PublicThread);
    }
    match (parent, requested.unwrap_or(ChannelType::PrivateThread)) {
        (
            ChannelType::GuildText,
            kind @ (ChannelType::PublicThread | ChannelType::PrivateThread),
        ) => Ok(kind),
        (
            ChannelType::GuildAnnouncement,
            ChannelType::AnnouncementThread | ChannelType::PublicThread,
        ) => Ok(ChannelType::AnnouncementThread),
        (ChannelType::GuildText | ChannelType::GuildAnnouncement, _) => {
            Err(ApiError::form("type", "BASE_TYPE_CHOICES", "Value must be one of {10, 11, 12}."))
        }
        _ => Err(ApiError::code(50024)),
    }
}

/// A forum post needs content, ATTACH_FILES for files, and known tags (one at least when the
/// forum requires it).
fn check_post(
    world: &World,
    parent: &Channel,
    body: &validate::MessageBody,
    applied_tags: &[Id<TagMarker>],
) -> Result<(), ApiError> {
    validate::require_content(body)?;
    if !body.uploads.is_empty() {
        channel_permission(world, parent.id, Permissions::ATTACH_FILES)?;
    }
    let tags = parent.available_tags.as_deref().unwrap_or_default();
    if applied_tags.iter().any(|t| !tags.iter().any(|a| a.id == *t)) {
        return Err(ApiError::form("applied_tags", "TAG_INVALID", "Unknown tag"));
    }
    if parent.flags().contains(ChannelFlags::REQUIRE_TAG) && applied_tags.is_empty() {
        return Err(ApiError::form("applied_tags", "TAG_REQUIRED", "A tag is required"));
    }
    Ok(())
}

/// `POST /channels/{channel_id}/threads`: a thread without a message (private by default;
/// CREATE_PRIVATE_THREADS or CREATE_PUBLIC_THREADS), or a forum/media post with its first
/// message (SEND_MESSAGES).
pub(super) fn create_thread(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let name = fields.required_string("name", 1, 100);
    let parent = shared.read(|world| world.channel(channel_id).map(|c| c.channel.clone()))?;
    let archive = archive_duration(&mut fields, Some(&parent));
    let slowmode = fields.integer("rate_limit_per_user", 0, 21600);
    let invitable = fields.boolean("invitable");
    let requested: Option<ChannelType> = fields.get("type");
    let applied_tags: Vec<Id<TagMarker>> = fields.ids("applied_tags", 5).unwrap_or_default();
    let forum = parent.kind.is_thread_only();
    let post = if forum { forum_post(call, &mut fields) } else { None };
    fields.finish()?;
    let name = name.unwrap_or_default();
    let reason = call.reason();
    let base = base_url(shared);
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        let kind = thread_kind(parent.kind, requested, forum)?;
        let needed = match (forum, kind) {
            (true, _) => Permissions::SEND_MESSAGES,
            (false, ChannelType::PrivateThread) => Permissions::CREATE_PRIVATE_THREADS,
            _ => Permissions::CREATE_PUBLIC_THREADS,
        };
        channel_permission(world, channel_id, needed)?;
        if let Some(body) = &post {
            check_post(world, &parent, body, &applied_tags)?;
        }
        let id = world.ids.next();
        let mut channel = thread(world, id, &parent, kind, name, archive);
        channel.rate_limit_per_user = slowmode.and_then(|s| u16::try_from(s).ok()).or(Some(0));
        if let (Some(invitable), Some(metadata)) = (invitable, &mut channel.thread_metadata)
            && kind == ChannelType::PrivateThread
        {
            metadata.invitable = Some(invitable);
        }
        if forum {
            channel.applied_tags = Some(applied_tags);
        }
        let bot = world.bot_id();
        let channel = world.open_thread(channel, bot, None)?;
        world.audit(guild_id, AuditLogEventType::ThreadCreate, Some(channel.id.cast()), reason);
        let Some(body) = post else { return created(&channel) };
        let attachments = validate::attachments(world, &base, channel.id, &body, false);
        let draft = validate::draft(&body, attachments);
        let thread_id = channel.id;
        let poll = body.poll.as_ref().map(validate::poll);
        let message = world.create_message_with(thread_id, bot, draft, |message| {
            message.id = thread_id.cast();
            message.poll = poll.map(Box::new);
        })?;
        bump_thread_counts(world, thread_id);
        let mut value =
            serde_json::to_value(world.channel(thread_id)?.channel.clone()).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert("message".to_owned(), serde_json::to_value(&message).unwrap_or(Value::Null));
        }
        created(&value)
    })
}

/// Counts a new message in a thread.
pub(super) fn bump_thread_counts(world: &mut World, thread_id: Id<ChannelMarker>) {
    if let Some(state) = world.channels.get_mut(&thread_id)
        && state.channel.is_thread()
    {
        state.channel.message_count = Some(state.channel.message_count.unwrap_or(0) + 1);
        state.channel.total_message_sent = Some(state.channel.total_message_sent.unwrap_or(0) + 1);
    }
}

fn thread_of(world: &World, channel_id: Id<ChannelMarker>) -> Result<Channel, ApiError> {
    let channel = world.channel(channel_id)?.channel.clone();
    if !channel.is_thread() {
        return Err(ApiError::code(50024));
    }
    channel_permission(world, channel_id, Permissions::empty())?;
    Ok(channel)
}

/// `PUT /channels/{channel_id}/thread-members/@me`: THREAD_MEMBER_UPDATE and
/// THREAD_MEMBERS_UPDATE.
pub(super) fn join_thread(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.mutate(|world| {
        thread_of(world, channel_id)?;
        let bot = world.bot_id();
        world.join_thread(channel_id, bot)?;
        no_content()
    })
}

/// `DELETE /channels/{channel_id}/thread-members/@me`: THREAD_MEMBERS_UPDATE.
pub(super) fn leave_thread(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.mutate(|world| {
        thread_of(world, channel_id)?;
        let bot = world.bot_id();
        world.leave_thread(channel_id, bot)?;
        no_content()
    })
}

/// `PUT /channels/{channel_id}/thread-members/{user_id}`: the user must be a member of the
/// guild; private threads need MANAGE_THREADS unless invitable.
pub(super) fn add_thread_member(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    shared.mutate(|world| {
        let thread = thread_of(world, channel_id)?;
        let guild_id = guild_of(world, channel_id)?;
        world.member(guild_id, user_id)?;
        channel_permission(world, channel_id, Permissions::SEND_MESSAGES_IN_THREADS)?;
        let invitable = thread.thread_metadata.and_then(|m| m.invitable).unwrap_or(true);
        if thread.kind == ChannelType::PrivateThread && !invitable {
            channel_permission(world, channel_id, Permissions::MANAGE_THREADS)?;
        }
        world.join_thread(channel_id, user_id)?;
        no_content()
    })
}

/// `DELETE /channels/{channel_id}/thread-members/{user_id}`: MANAGE_THREADS, or the owner of
/// a private thread.
pub(super) fn delete_thread_member(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    shared.mutate(|world| {
        let thread = thread_of(world, channel_id)?;
        let owner =
            thread.owner_id == Some(world.bot_id()) && thread.kind == ChannelType::PrivateThread;
        if !owner {
            channel_permission(world, channel_id, Permissions::MANAGE_THREADS)?;
        }
        world.leave_thread(channel_id, user_id)?;
        no_content()
    })
}

fn with_member(
    world: &World,
    channel_id: Id<ChannelMarker>,
    mut member: ThreadMember,
    full: bool,
) -> ThreadMember {
    if full {
        member.member = world
            .guild_of(channel_id)
            .and_then(|g| world.guilds.get(&g))
            .and_then(|g| g.members.get(&member.user_id?))
            .cloned();
    }
    member
}

/// `GET /channels/{channel_id}/thread-members/{user_id}`: `with_member` adds the guild member.
pub(super) fn get_thread_member(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let full = call.query_bool("with_member")?.unwrap_or(false);
    shared.read(|world| {
        thread_of(world, channel_id)?;
        let member = world
            .thread_members(channel_id)
            .into_iter()
            .find(|m| m.user_id == Some(user_id))
            .ok_or_else(|| ApiError::code(10007))?;
        ok(&with_member(world, channel_id, member, full))
    })
}

/// `GET /channels/{channel_id}/thread-members`: `with_member`, `after`, `limit` (1 to 100).
pub(super) fn list_thread_members(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let full = call.query_bool("with_member")?.unwrap_or(false);
    let after = call.query_id::<UserMarker>("after")?;
    let limit = call.query_number("limit", 1_usize, 100)?.unwrap_or(100);
    shared.read(|world| {
        thread_of(world, channel_id)?;
        let members: Vec<ThreadMember> = world
            .thread_members(channel_id)
            .into_iter()
            .filter(|m| after.is_none_or(|a| m.user_id.is_some_and(|u| u > a)))
            .take(limit)
            .map(|m| with_member(world, channel_id, m, full))
            .collect();
        ok(&members)
    })
}

/// Archived threads of a parent, newest archive first, filtered by `keep`.
fn archived(
    world: &World,
    parent: Id<ChannelMarker>,
    call: &Call,
    keep: impl Fn(&Channel) -> bool,
    by_id: bool,
) -> Answer {
    let limit = call.query_number("limit", 2_usize, 100)?.unwrap_or(50);
    let before_time = if by_id {
        None
    } else {
        match call.query("before") {
            None => None,
            Some(raw) => Some(raw.parse::<Timestamp>().map_err(|_| {
                ApiError::form(
                    "before",
                    "DATE_TIME_TYPE_PARSE",
                    format!("Could not parse {raw}. Should be ISO8601."),
                )
            })?),
        }
    };
    let before_id = if by_id { call.query_id::<ChannelMarker>("before")? } else { None };
    let bot = world.bot_id();
    let mut threads: Vec<&Channel> = world
        .channels
        .values()
        .map(|c| &c.channel)
        .filter(|c| c.parent_id == Some(parent) && c.is_thread())
        .filter(|c| c.thread_metadata.is_some_and(|m| m.archived))
        .filter(|c| keep(c))
        .filter(|c| {
            let archived_at = c.thread_metadata.and_then(|m| m.archive_timestamp);
            before_time.is_none_or(|b| archived_at.is_some_and(|t| t < b))
                && before_id.is_none_or(|b| c.id < b)
        })
        .collect();
    threads.sort_by_key(|c| std::cmp::Reverse(c.thread_metadata.and_then(|m| m.archive_timestamp)));
    let has_more = threads.len() > limit;
    threads.truncate(limit);
    let members: Vec<ThreadMember> = threads
        .iter()
        .filter_map(|t| world.extras.thread_members.get(&t.id)?.get(&bot).cloned())
        .collect();
    ok(&json!({ "threads": threads, "members": members, "has_more": has_more }))
}

/// `GET /channels/{channel_id}/threads/archived/public` (READ_MESSAGE_HISTORY).
pub(super) fn list_public_archived_threads(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::READ_MESSAGE_HISTORY)?;
        archived(world, channel_id, call, |c| c.kind != ChannelType::PrivateThread, false)
    })
}

/// `GET /channels/{channel_id}/threads/archived/private` (READ_MESSAGE_HISTORY and
/// MANAGE_THREADS).
pub(super) fn list_private_archived_threads(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        channel_permission(
            world,
            channel_id,
            Permissions::READ_MESSAGE_HISTORY | Permissions::MANAGE_THREADS,
        )?;
        archived(world, channel_id, call, |c| c.kind == ChannelType::PrivateThread, false)
    })
}

/// `GET /channels/{channel_id}/users/@me/threads/archived/private`: the private archived
/// threads the bot is in; `before` is a thread id.
pub(super) fn list_my_private_archived_threads(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::READ_MESSAGE_HISTORY)?;
        let bot = world.bot_id();
        archived(
            world,
            channel_id,
            call,
            |c| {
                c.kind == ChannelType::PrivateThread
                    && world.extras.thread_members.get(&c.id).is_some_and(|m| m.contains_key(&bot))
            },
            true,
        )
    })
}
