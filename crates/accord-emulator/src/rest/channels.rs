//! Channels: reading, changing and deleting them, permission overwrites, typing, following
//! announcement channels.

use accord_model::audit_log::AuditLogEventType;
use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelType, FollowedChannel, PermissionOverwrite,
    PermissionOverwriteType,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GenericMarker, GuildMarker, TagMarker};
use accord_model::permissions::Permissions;
use accord_model::util::{Secret, Timestamp};
use accord_model::webhook::{Webhook, WebhookType};

use super::call::Call;
use super::common::{base_url, channel_permission, guild_of};
use super::error::ApiError;
use super::guilds::{channel_settings, check_overwrites};
use super::reply::{Answer, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// `GET /channels/{channel_id}`: 50001 when the bot cannot see it.
pub(super) fn get_channel(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        ok(&world.channel(channel_id)?.channel)
    })
}

/// Whether the bot started a thread.
fn owns(world: &World, channel: &Channel) -> bool {
    channel.owner_id == Some(world.bot_id())
}

/// What a `PATCH /channels/{channel_id}` body changes.
#[allow(clippy::option_option, reason = "in PATCH, absent and null mean different things")]
struct ChannelEdit {
    name: Option<String>,
    overwrites: Option<Vec<PermissionOverwrite>>,
    parent: Option<Option<Id<ChannelMarker>>>,
    kind: Option<ChannelType>,
    archived: Option<bool>,
    locked: Option<bool>,
    invitable: Option<bool>,
    auto_archive: Option<AutoArchiveDuration>,
    applied_tags: Option<Vec<Id<TagMarker>>>,
    /// Whether topic, nsfw, slowmode, position, bitrate or user limit change.
    settings: bool,
    /// The channel with those settings applied.
    scratch: Channel,
}

fn channel_edit(fields: &mut super::call::Fields, mut scratch: Channel) -> ChannelEdit {
    let settings = ["topic", "nsfw", "rate_limit_per_user", "position", "bitrate", "user_limit"]
        .iter()
        .any(|key| fields.has(key));
    ChannelEdit {
        name: fields.string("name", 1, 100),
        overwrites: fields.get("permission_overwrites"),
        parent: fields.nullable("parent_id"),
        kind: fields.get("type"),
        archived: fields.boolean("archived"),
        locked: fields.boolean("locked"),
        invitable: fields.boolean("invitable"),
        auto_archive: fields
            .integer("auto_archive_duration", 60, 10080)
            .and_then(|d| u16::try_from(d).ok())
            .map(AutoArchiveDuration::from_value),
        applied_tags: fields.ids("applied_tags", 5),
        settings,
        scratch: {
            channel_settings(fields, &mut scratch);
            scratch
        },
    }
}

/// Threads: MANAGE_THREADS, or their owner for the name, archive state and duration; an
/// archived thread can only be unarchived (50083).
fn check_thread_edit(world: &World, channel: &Channel, edit: &ChannelEdit) -> Result<(), ApiError> {
    let metadata = channel.thread_metadata;
    let unarchive_only = edit.archived == Some(false);
    if metadata.is_some_and(|m| m.archived) && !unarchive_only {
        return Err(ApiError::code(50083));
    }
    let owner_change =
        edit.name.is_some() || edit.archived.is_some() || edit.auto_archive.is_some();
    let needs_manage = edit.locked.is_some()
        || edit.invitable.is_some()
        || edit.settings
        || edit.applied_tags.is_some();
    let locked = metadata.is_some_and(|m| m.locked) && unarchive_only;
    if needs_manage || locked || (owner_change && !owns(world, channel)) {
        channel_permission(world, channel.id, Permissions::MANAGE_THREADS)?;
    }
    Ok(())
}

/// Other guild channels: MANAGE_CHANNELS, overwrites the bot may set, text and announcement
/// conversions only, a category of the guild as parent.
fn check_channel_edit(
    world: &World,
    guild_id: Id<GuildMarker>,
    channel: &Channel,
    edit: &ChannelEdit,
) -> Result<(), ApiError> {
    channel_permission(world, channel.id, Permissions::MANAGE_CHANNELS)?;
    if let Some(overwrites) = &edit.overwrites {
        check_overwrites(world, guild_id, overwrites)?;
    }
    if let Some(kind) = edit.kind {
        let convertible = [ChannelType::GuildText, ChannelType::GuildAnnouncement];
        if !(convertible.contains(&kind) && convertible.contains(&channel.kind)) {
            return Err(ApiError::form(
                "type",
                "CHANNEL_TYPE_INVALID",
                "Cannot convert the channel to this type",
            ));
        }
    }
    if let Some(Some(parent)) = edit.parent {
        let parent = &world.channel(parent)?.channel;
        if parent.guild_id != Some(guild_id) || parent.kind != ChannelType::GuildCategory {
            return Err(ApiError::form("parent_id", "CHANNEL_PARENT_INVALID", "Not a category"));
        }
    }
    Ok(())
}

impl ChannelEdit {
    fn apply(self, channel: &mut Channel, now: Timestamp) {
        let scratch = self.scratch;
        channel.topic = scratch.topic;
        channel.nsfw = scratch.nsfw;
        channel.rate_limit_per_user = scratch.rate_limit_per_user;
        channel.position = scratch.position;
        channel.bitrate = scratch.bitrate;
        channel.user_limit = scratch.user_limit;
        channel.default_auto_archive_duration = scratch.default_auto_archive_duration;
        channel.available_tags = scratch.available_tags;
        channel.default_reaction_emoji = scratch.default_reaction_emoji;
        channel.flags = scratch.flags;
        if let Some(name) = self.name {
            channel.name = Some(name.into());
        }
        if let Some(overwrites) = self.overwrites {
            channel.permission_overwrites = Some(overwrites);
        }
        if let Some(parent) = self.parent {
            channel.parent_id = parent;
        }
        if let Some(kind) = self.kind {
            channel.kind = kind;
        }
        if let Some(tags) = self.applied_tags {
            channel.applied_tags = Some(tags);
        }
        let Some(metadata) = &mut channel.thread_metadata else { return };
        if let Some(archived) = self.archived {
            if metadata.archived != archived {
                metadata.archive_timestamp = Some(now);
            }
            metadata.archived = archived;
        }
        if let Some(locked) = self.locked {
            metadata.locked = locked;
        }
        if let Some(invitable) = self.invitable {
            metadata.invitable = Some(invitable);
        }
        if let Some(duration) = self.auto_archive {
            metadata.auto_archive_duration = duration;
        }
    }
}

/// `PATCH /channels/{channel_id}`: guild channels (MANAGE_CHANNELS; overwrites need
/// MANAGE_ROLES) and threads (MANAGE_THREADS, or the thread's owner for its name, archive
/// state and duration); emits CHANNEL_UPDATE or THREAD_UPDATE.
pub(super) fn update_channel(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let scratch = shared.read(|world| world.channel(channel_id).map(|c| c.channel.clone()))?;
    let edit = channel_edit(&mut fields, scratch);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        let channel = world.channel(channel_id)?.channel.clone();
        let guild_id = guild_of(world, channel_id)?;
        channel_permission(world, channel_id, Permissions::empty())?;
        if channel.is_thread() {
            check_thread_edit(world, &channel, &edit)?;
        } else {
            check_channel_edit(world, guild_id, &channel, &edit)?;
        }
        let now = Timestamp::now();
        let updated = world.change_channel(channel_id, |channel| edit.apply(channel, now))?;
        let action = if updated.is_thread() {
            AuditLogEventType::ThreadUpdate
        } else {
            AuditLogEventType::ChannelUpdate
        };
        world.audit(guild_id, action, Some(channel_id.cast()), reason);
        ok(&updated)
    })
}

/// `DELETE /channels/{channel_id}`: guild channels (MANAGE_CHANNELS), threads
/// (MANAGE_THREADS), or closing a DM; emits CHANNEL_DELETE or THREAD_DELETE.
pub(super) fn delete_channel(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        let channel = world.channel(channel_id)?.channel.clone();
        let Some(guild_id) = channel.guild_id else {
            return ok(&channel);
        };
        let needed = if channel.is_thread() {
            Permissions::MANAGE_THREADS
        } else {
            Permissions::MANAGE_CHANNELS
        };
        channel_permission(world, channel_id, needed)?;
        let deleted = world.remove_channel(channel_id)?;
        let action = if deleted.is_thread() {
            AuditLogEventType::ThreadDelete
        } else {
            AuditLogEventType::ChannelDelete
        };
        world.audit(guild_id, action, Some(channel_id.cast()), reason);
        ok(&deleted)
    })
}

/// `PUT /channels/{channel_id}/permissions/{overwrite_id}` (MANAGE_ROLES): `type` 0 for a
/// role, 1 for a member, `allow`, `deny`; emits CHANNEL_UPDATE.
pub(super) fn set_channel_permission_overwrite(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let target = call.id::<GenericMarker>("overwrite_id")?;
    let mut fields = call.fields()?;
    let kind: Option<PermissionOverwriteType> = fields.required("type");
    let allow: Permissions = fields.get("allow").unwrap_or_default();
    let deny: Permissions = fields.get("deny").unwrap_or_default();
    if let Some(PermissionOverwriteType::Unknown(_)) = kind {
        fields.error("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
    }
    fields.finish()?;
    let Some(kind) = kind else { return Err(ApiError::code(50035)) };
    let reason = call.reason();
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        if world.channel(channel_id)?.channel.is_thread() {
            return Err(ApiError::code(50024));
        }
        channel_permission(world, channel_id, Permissions::MANAGE_ROLES)?;
        let overwrite = if kind == PermissionOverwriteType::Member {
            world.member(guild_id, target.cast())?;
            PermissionOverwrite::member(target.cast(), allow, deny)
        } else {
            world.role(guild_id, target.cast())?;
            PermissionOverwrite::role(target.cast(), allow, deny)
        };
        check_overwrites(world, guild_id, std::slice::from_ref(&overwrite))?;
        let existed = world
            .channel(channel_id)?
            .channel
            .permission_overwrites
            .iter()
            .flatten()
            .any(|o| o.id == target);
        world.change_channel(channel_id, |channel| {
            let list = channel.permission_overwrites.get_or_insert_with(Vec::new);
            list.retain(|o| o.id != target);
            list.push(overwrite);
        })?;
        let action = if existed {
            AuditLogEventType::ChannelOverwriteUpdate
        } else {
            AuditLogEventType::ChannelOverwriteCreate
        };
        world.audit(guild_id, action, Some(channel_id.cast()), reason);
        no_content()
    })
}

/// `DELETE /channels/{channel_id}/permissions/{overwrite_id}` (MANAGE_ROLES): emits
/// CHANNEL_UPDATE; 10009 when there is no such overwrite.
pub(super) fn delete_channel_permission_overwrite(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let target = call.id::<GenericMarker>("overwrite_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        channel_permission(world, channel_id, Permissions::MANAGE_ROLES)?;
        let exists = world
            .channel(channel_id)?
            .channel
            .permission_overwrites
            .iter()
            .flatten()
            .any(|o| o.id == target);
        if !exists {
            return Err(ApiError::code(10009));
        }
        world.change_channel(channel_id, |channel| {
            if let Some(list) = &mut channel.permission_overwrites {
                list.retain(|o| o.id != target);
            }
        })?;
        world.audit(
            guild_id,
            AuditLogEventType::ChannelOverwriteDelete,
            Some(channel_id.cast()),
            reason,
        );
        no_content()
    })
}

/// `POST /channels/{channel_id}/typing` (SEND_MESSAGES): emits TYPING_START.
pub(super) fn trigger_typing_indicator(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.mutate(|world| {
        let thread = world.channel(channel_id)?.channel.is_thread();
        let needed =
            if thread { Permissions::SEND_MESSAGES_IN_THREADS } else { Permissions::SEND_MESSAGES };
        channel_permission(world, channel_id, needed)?;
        let now = u64::try_from(Timestamp::now().as_secs()).unwrap_or(0);
        let bot = world.bot_id();
        world.start_typing(channel_id, bot, now)?;
        no_content()
    })
}

/// A webhook token: unique, unguessable enough for tests.
pub(super) fn new_token(world: &mut World) -> String {
    let a: Id<GenericMarker> = world.ids.next();
    let b: Id<GenericMarker> = world.ids.next();
    let mix =
        |v: u64| v.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29) ^ 0xA5A5_5A5A_C3C3_3C3C;
    format!("{:016x}{:016x}{:016x}", mix(a.get()), mix(b.get()), mix(a.get() ^ b.get()))
}

/// `POST /channels/{channel_id}/followers`: follows an announcement channel into
/// `webhook_channel_id` (MANAGE_WEBHOOKS there) with a channel follower webhook.
pub(super) fn follow_channel(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let target: Option<Id<ChannelMarker>> = fields
        .required::<serde_json::Value>("webhook_channel_id")
        .and_then(|_| fields.id("webhook_channel_id"));
    fields.finish()?;
    let Some(target) = target else { return Err(ApiError::code(50035)) };
    let base = base_url(shared);
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        if world.channel(channel_id)?.channel.kind != ChannelType::GuildAnnouncement {
            return Err(ApiError::code(50024));
        }
        let target_guild = guild_of(world, target)?;
        channel_permission(world, target, Permissions::MANAGE_WEBHOOKS)?;
        let source_name = world.channel(channel_id)?.channel.name.clone().unwrap_or_default();
        let id = world.ids.next();
        let token = new_token(world);
        let mut webhook = Webhook::new(id, WebhookType::ChannelFollower, source_name);
        webhook.guild_id = Some(target_guild);
        webhook.channel_id = Some(target);
        webhook.user = Some(world.application.bot.clone());
        webhook.token = Some(Secret::new(token.clone()));
        webhook.url = Some(Secret::new(format!("{base}/api/webhooks/{id}/{token}")));
        world.add_webhook(webhook);
        world.extras.followers.entry(channel_id).or_default().push(id);
        ok(&FollowedChannel::new(channel_id, id))
    })
}
