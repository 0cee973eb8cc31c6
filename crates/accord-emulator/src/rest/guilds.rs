//! Guilds: reading and changing them, their channels, active threads, audit log and prune.

use accord_model::audit_log::AuditLogEventType;
use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelFlags, ChannelType, PermissionOverwrite,
};
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::locale::Locale;
use accord_model::permissions::Permissions;
use serde_json::{Value, json};

use super::call::{Call, Fields};
use super::common::{channel_permission, guild_permission};
use super::error::ApiError;
use super::reply::{Answer, created, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// `GET /guilds/{guild_id}`, with approximate counts on `with_counts=true`.
pub(super) fn get_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let counts = call.query_bool("with_counts")?.unwrap_or(false);
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let state = world.guild(guild_id)?;
        let mut guild = state.guild.clone();
        guild.stickers = Some(guild.stickers.unwrap_or_default());
        if counts {
            guild.approximate_member_count = u32::try_from(state.members.len()).ok();
            guild.approximate_presence_count = u32::try_from(state.presences.len()).ok();
        }
        ok(&guild)
    })
}

/// `GET /guilds/{guild_id}/preview`.
pub(super) fn get_guild_preview(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        let state = world.guild(guild_id)?;
        let guild = &state.guild;
        ok(&json!({
            "id": guild.id,
            "name": guild.name,
            "icon": guild.icon,
            "splash": guild.splash,
            "discovery_splash": guild.discovery_splash,
            "emojis": guild.emojis,
            "features": guild.features,
            "approximate_member_count": state.members.len(),
            "approximate_presence_count": state.presences.len(),
            "description": guild.description,
            "stickers": guild.stickers.clone().unwrap_or_default(),
        }))
    })
}

/// `PATCH /guilds/{guild_id}` (MANAGE_GUILD): name, description, locale, system and rules
/// channels, AFK settings, levels; emits GUILD_UPDATE.
pub(super) fn update_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let name = fields.string("name", 2, 100);
    let description: Option<Option<String>> = fields.nullable("description");
    let locale: Option<Locale> = fields.get("preferred_locale");
    let system_channel: Option<Option<Id<ChannelMarker>>> = fields.nullable("system_channel_id");
    let rules_channel: Option<Option<Id<ChannelMarker>>> = fields.nullable("rules_channel_id");
    let afk_channel: Option<Option<Id<ChannelMarker>>> = fields.nullable("afk_channel_id");
    let afk_timeout = fields.integer("afk_timeout", 60, 3600);
    let verification = fields.integer("verification_level", 0, 4);
    let notifications = fields.integer("default_message_notifications", 0, 1);
    let content_filter = fields.integer("explicit_content_filter", 0, 2);
    let progress_bar = fields.boolean("premium_progress_bar_enabled");
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD)?;
        for channel in [system_channel, rules_channel, afk_channel].into_iter().flatten().flatten()
        {
            if world.guild_of(channel) != Some(guild_id) {
                return Err(ApiError::form(
                    "system_channel_id",
                    "CHANNEL_INVALID",
                    "Invalid channel",
                ));
            }
        }
        let state = world.guild_mut(guild_id)?;
        let guild = &mut state.guild;
        if let Some(name) = name {
            guild.name = name.into();
        }
        if let Some(description) = description {
            guild.description = description;
        }
        if let Some(locale) = locale {
            guild.preferred_locale = locale;
        }
        if let Some(channel) = system_channel {
            guild.system_channel_id = channel;
        }
        if let Some(channel) = rules_channel {
            guild.rules_channel_id = channel;
        }
        if let Some(channel) = afk_channel {
            guild.afk_channel_id = channel;
        }
        if let Some(timeout) = afk_timeout.and_then(|t| u32::try_from(t).ok()) {
            guild.afk_timeout = timeout;
        }
        if let Some(level) = verification.and_then(|l| u8::try_from(l).ok()) {
            guild.verification_level = level.into();
        }
        if let Some(level) = notifications.and_then(|l| u8::try_from(l).ok()) {
            guild.default_message_notifications = level.into();
        }
        if let Some(level) = content_filter.and_then(|l| u8::try_from(l).ok()) {
            guild.explicit_content_filter = level.into();
        }
        if let Some(enabled) = progress_bar {
            guild.premium_progress_bar_enabled = Some(enabled);
        }
        let guild = guild.clone();
        world.emit(Event::GuildUpdate(Box::new(guild.clone())), Some(guild_id));
        world.audit(guild_id, AuditLogEventType::GuildUpdate, Some(guild_id.cast()), reason);
        ok(&guild)
    })
}

/// `GET /guilds/{guild_id}/channels`: every channel but threads, in position order.
pub(super) fn list_guild_channels(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let mut channels: Vec<&Channel> = world
            .guild(guild_id)?
            .channels
            .iter()
            .filter_map(|id| world.channels.get(id))
            .map(|c| &c.channel)
            .filter(|c| !c.is_thread())
            .collect();
        channels.sort_by_key(|c| (c.position, c.id));
        ok(&channels)
    })
}

/// The channel types a guild channel can be created with.
const CREATABLE: &[ChannelType] = &[
    ChannelType::GuildText,
    ChannelType::GuildVoice,
    ChannelType::GuildCategory,
    ChannelType::GuildAnnouncement,
    ChannelType::GuildStageVoice,
    ChannelType::GuildForum,
    ChannelType::GuildMedia,
];

/// Checks overwrites the bot wants to set: it can only allow or deny what it has itself.
pub(super) fn check_overwrites(
    world: &World,
    guild_id: Id<GuildMarker>,
    overwrites: &[PermissionOverwrite],
) -> Result<(), ApiError> {
    if overwrites.is_empty() {
        return Ok(());
    }
    guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
    let mine = world.guild_permissions(guild_id, world.bot_id())?;
    if mine.contains(Permissions::ADMINISTRATOR) {
        return Ok(());
    }
    if overwrites.iter().any(|o| !mine.contains(o.allow | o.deny)) {
        return Err(ApiError::code(50013));
    }
    Ok(())
}

/// Text channel names are lower case, with dashes for spaces.
fn channel_name(kind: ChannelType, name: &str) -> String {
    if matches!(
        kind,
        ChannelType::GuildText
            | ChannelType::GuildAnnouncement
            | ChannelType::GuildForum
            | ChannelType::GuildMedia
    ) {
        name.trim().to_lowercase().replace(' ', "-")
    } else {
        name.to_owned()
    }
}

/// Reads the settings a channel can be created or edited with.
pub(super) fn channel_settings(fields: &mut Fields, channel: &mut Channel) {
    if let Some(topic) = fields.nullable::<String>("topic") {
        let max = if channel.kind.is_thread_only() { 4096 } else { 1024 };
        match topic {
            Some(topic) if topic.chars().count() > max => {
                fields.error(
                    "topic",
                    "BASE_TYPE_MAX_LENGTH",
                    format!("Must be {max} or fewer in length."),
                );
            }
            topic => channel.topic = topic,
        }
    }
    if let Some(nsfw) = fields.boolean("nsfw") {
        channel.nsfw = Some(nsfw);
    }
    if let Some(slowmode) = fields.integer("rate_limit_per_user", 0, 21600) {
        channel.rate_limit_per_user = u16::try_from(slowmode).ok();
    }
    if let Some(position) = fields.integer("position", 0, i64::from(i32::MAX)) {
        channel.position = i32::try_from(position).ok();
    }
    if let Some(bitrate) = fields.integer("bitrate", 8000, 384_000) {
        channel.bitrate = u32::try_from(bitrate).ok();
    }
    if let Some(limit) = fields.integer("user_limit", 0, 99) {
        channel.user_limit = u32::try_from(limit).ok();
    }
    if let Some(duration) = fields.integer("default_auto_archive_duration", 60, 10080) {
        channel.default_auto_archive_duration =
            u16::try_from(duration).ok().map(AutoArchiveDuration::from_value);
    }
    if let Some(tags) = fields.get("available_tags") {
        channel.available_tags = Some(tags);
    }
    if let Some(reaction) = fields.nullable("default_reaction_emoji") {
        channel.default_reaction_emoji = reaction;
    }
    if let Some(slowmode) = fields.integer("default_thread_rate_limit_per_user", 0, 21600) {
        channel.default_thread_rate_limit_per_user = u16::try_from(slowmode).ok();
    }
    if let Some(order) = fields.nullable("default_sort_order") {
        channel.default_sort_order = order;
    }
    if let Some(layout) = fields.get("default_forum_layout") {
        channel.default_forum_layout = Some(layout);
    }
    if let Some(region) = fields.nullable::<String>("rtc_region") {
        channel.rtc_region = region.map(Into::into);
    }
    if let Some(flags) = fields.get::<ChannelFlags>("flags") {
        channel.flags = Some(flags);
    }
}

/// `POST /guilds/{guild_id}/channels` (MANAGE_CHANNELS); emits CHANNEL_CREATE.
pub(super) fn create_guild_channel(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let name = fields.required_string("name", 1, 100);
    let kind = fields.get::<ChannelType>("type").unwrap_or(ChannelType::GuildText);
    if !CREATABLE.contains(&kind) {
        fields.error("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5, 13, 15, 16}.");
    }
    let parent: Option<Id<ChannelMarker>> = fields.id("parent_id");
    let overwrites: Vec<PermissionOverwrite> =
        fields.get("permission_overwrites").unwrap_or_default();
    let mut channel = Channel::new(Id::new(1), kind);
    channel_settings(&mut fields, &mut channel);
    fields.finish()?;
    let name = name.unwrap_or_default();
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_CHANNELS)?;
        check_overwrites(world, guild_id, &overwrites)?;
        if let Some(parent) = parent {
            let parent_channel = &world.channel(parent)?.channel;
            if parent_channel.guild_id != Some(guild_id)
                || parent_channel.kind != ChannelType::GuildCategory
                || kind == ChannelType::GuildCategory
            {
                return Err(ApiError::form(
                    "parent_id",
                    "CHANNEL_PARENT_INVALID",
                    "Not a category",
                ));
            }
        }
        let state = world.guild(guild_id)?;
        if state.channels.len() >= 500 {
            return Err(ApiError::code(30013));
        }
        let position = state
            .channels
            .iter()
            .filter_map(|id| world.channels.get(id))
            .filter(|c| !c.channel.is_thread())
            .count();
        channel.id = world.ids.next();
        channel.guild_id = Some(guild_id);
        channel.name = Some(channel_name(kind, &name).into());
        channel.parent_id = parent;
        channel.permission_overwrites = Some(overwrites);
        channel.position = channel.position.or(i32::try_from(position).ok());
        channel.flags = Some(channel.flags());
        if matches!(kind, ChannelType::GuildText | ChannelType::GuildAnnouncement) {
            channel.nsfw = Some(channel.is_nsfw());
            channel.rate_limit_per_user = Some(channel.rate_limit_per_user.unwrap_or(0));
        }
        if kind.is_voice() {
            channel.bitrate = Some(channel.bitrate.unwrap_or(64_000));
            channel.user_limit = Some(channel.user_limit.unwrap_or(0));
        }
        if kind.is_thread_only() {
            channel.available_tags = Some(channel.available_tags.take().unwrap_or_default());
        }
        let channel = world.add_channel(channel)?;
        world.audit(guild_id, AuditLogEventType::ChannelCreate, Some(channel.id.cast()), reason);
        created(&channel)
    })
}

/// `PATCH /guilds/{guild_id}/channels` (MANAGE_CHANNELS): positions and parents of several
/// channels; CHANNEL_UPDATE for each.
pub(super) fn bulk_update_guild_channels(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let Value::Array(items) = call.value()? else {
        return Err(ApiError::form("", "BASE_TYPE_LIST", "Must be a list."));
    };
    let mut changes = Vec::new();
    let mut errors = super::error::FormErrors::default();
    for (index, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            errors.add(
                &index.to_string(),
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            );
            continue;
        };
        let mut fields = Fields::nested(map, &index.to_string());
        let id: Option<Id<ChannelMarker>> =
            fields.required::<Value>("id").and_then(|_| fields.id("id"));
        let position = fields.integer("position", 0, i64::from(i32::MAX));
        let parent: Option<Option<Id<ChannelMarker>>> = fields.nullable("parent_id");
        errors.merge(&fields.take_errors());
        if let Some(id) = id {
            changes.push((id, position, parent));
        }
    }
    errors.finish()?;
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_CHANNELS)?;
        for (id, _, parent) in &changes {
            if world.guild_of(*id) != Some(guild_id) {
                return Err(ApiError::code(10003));
            }
            if let Some(Some(parent)) = parent
                && world.channel(*parent)?.channel.kind != ChannelType::GuildCategory
            {
                return Err(ApiError::form(
                    "parent_id",
                    "CHANNEL_PARENT_INVALID",
                    "Not a category",
                ));
            }
        }
        for (id, position, parent) in changes {
            world.change_channel(id, |channel| {
                if let Some(position) = position.and_then(|p| i32::try_from(p).ok()) {
                    channel.position = Some(position);
                }
                if let Some(parent) = parent {
                    channel.parent_id = parent;
                }
            })?;
        }
        no_content()
    })
}

/// `GET /guilds/{guild_id}/threads/active`: the unarchived threads the bot can see, with its
/// thread memberships.
pub(super) fn get_active_guild_threads(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let bot = world.bot_id();
        let threads: Vec<&Channel> = world
            .guild(guild_id)?
            .channels
            .iter()
            .filter_map(|id| world.channels.get(id))
            .map(|c| &c.channel)
            .filter(|c| c.is_thread() && !c.thread_metadata.is_some_and(|m| m.archived))
            .filter(|c| channel_permission(world, c.id, Permissions::empty()).is_ok())
            .collect();
        let members: Vec<_> = threads
            .iter()
            .filter_map(|t| world.extras.thread_members.get(&t.id)?.get(&bot).cloned())
            .collect();
        ok(&json!({ "threads": threads, "members": members }))
    })
}

/// `GET /guilds/{guild_id}/audit-logs` (VIEW_AUDIT_LOG): `user_id`, `action_type`, `before`,
/// `after` and `limit` (1 to 100, 50 by default); newest first.
pub(super) fn list_guild_audit_log_entries(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let limit = call.query_number("limit", 1_usize, 100)?.unwrap_or(50);
    let user = call.query_id::<UserMarker>("user_id")?;
    let action = call.query_number("action_type", 0_u16, u16::MAX)?;
    let before = call.query_id("before")?;
    let after = call.query_id("after")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::VIEW_AUDIT_LOG)?;
        let entries: Vec<_> = world
            .extras
            .audit_log
            .get(&guild_id)
            .into_iter()
            .flatten()
            .rev()
            .filter(|e| user.is_none_or(|u| e.user_id == Some(u)))
            .filter(|e| action.is_none_or(|a| e.action_type.value() == a))
            .filter(|e| before.is_none_or(|b| e.id < b) && after.is_none_or(|a| e.id > a))
            .take(limit)
            .collect();
        let users: Vec<_> = world.users.get(&world.bot_id()).into_iter().collect();
        ok(&json!({
            "audit_log_entries": entries,
            "users": users,
            "webhooks": [],
            "threads": [],
            "application_commands": [],
            "guild_scheduled_events": [],
            "auto_moderation_rules": [],
            "integrations": [],
        }))
    })
}

/// The members a prune would remove: not the owner, not the bot, and without roles other than
/// `include_roles`.
fn prunable(
    world: &World,
    guild_id: Id<GuildMarker>,
    include: &[Id<RoleMarker>],
) -> Result<Vec<Id<UserMarker>>, ApiError> {
    let state = world.guild(guild_id)?;
    Ok(state
        .members
        .values()
        .filter(|m| m.user.id != state.guild.owner_id && m.user.id != world.bot_id())
        .filter(|m| m.roles.iter().all(|r| include.contains(r)))
        .map(|m| m.user.id)
        .collect())
}

fn include_roles(raw: &[&str]) -> Vec<Id<RoleMarker>> {
    raw.iter().flat_map(|value| value.split(',')).filter_map(|id| id.trim().parse().ok()).collect()
}

/// `GET /guilds/{guild_id}/prune` (MANAGE_GUILD and KICK_MEMBERS): how many members a prune
/// would remove.
pub(super) fn preview_prune_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    call.query_number("days", 1_u32, 30)?;
    let include = include_roles(&call.query_all("include_roles"));
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD | Permissions::KICK_MEMBERS)?;
        ok(&json!({ "pruned": prunable(world, guild_id, &include)?.len() }))
    })
}

/// `POST /guilds/{guild_id}/prune`: removes the members a prune finds (GUILD_MEMBER_REMOVE
/// each).
pub(super) fn prune_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    fields.integer("days", 1, 30);
    let compute = fields.boolean("compute_prune_count").unwrap_or(true);
    let include: Vec<Id<RoleMarker>> = fields.ids("include_roles", 250).unwrap_or_default();
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD | Permissions::KICK_MEMBERS)?;
        let doomed = prunable(world, guild_id, &include)?;
        for user_id in &doomed {
            world.leave_guild(guild_id, *user_id)?;
        }
        world.audit(guild_id, AuditLogEventType::MemberPrune, None, reason);
        ok(&json!({ "pruned": compute.then_some(doomed.len()) }))
    })
}
