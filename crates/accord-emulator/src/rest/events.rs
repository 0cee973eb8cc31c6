//! Guild scheduled events and stage instances.

use accord_model::audit_log::AuditLogEventType;
use accord_model::channel::ChannelType;
use accord_model::gateway::Event;
use accord_model::guild::Member;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, ScheduledEventMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::scheduled_event::{
    GuildScheduledEvent, ScheduledEventEntityMetadata, ScheduledEventEntityType,
    ScheduledEventPrivacyLevel, ScheduledEventStatus,
};
use accord_model::stage_instance::{StageInstance, StagePrivacyLevel};
use accord_model::user::User;
use accord_model::util::Timestamp;
use serde_json::json;

use super::call::{Call, Fields};
use super::common::{channel_permission, guild_of, guild_permission};
use super::error::ApiError;
use super::reply::{Answer, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

fn event(
    world: &World,
    guild_id: Id<GuildMarker>,
    id: Id<ScheduledEventMarker>,
) -> Result<GuildScheduledEvent, ApiError> {
    world
        .extras
        .scheduled_events
        .get(&id)
        .filter(|e| e.guild_id == guild_id)
        .cloned()
        .ok_or_else(|| ApiError::code(10070))
}

fn with_count(world: &World, mut event: GuildScheduledEvent, counts: bool) -> GuildScheduledEvent {
    if counts {
        event.user_count = Some(
            world
                .extras
                .event_users
                .get(&event.id)
                .map_or(0, |u| u32::try_from(u.len()).unwrap_or(u32::MAX)),
        );
    }
    event
}

/// `GET /guilds/{guild_id}/scheduled-events`: `with_user_count`.
pub(super) fn list_guild_scheduled_events(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let counts = call.query_bool("with_user_count")?.unwrap_or(false);
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let events: Vec<GuildScheduledEvent> = world
            .extras
            .scheduled_events
            .values()
            .filter(|e| e.guild_id == guild_id)
            .map(|e| with_count(world, e.clone(), counts))
            .collect();
        ok(&events)
    })
}

/// `GET /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}`: 10070 when there is
/// none.
pub(super) fn get_guild_scheduled_event(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<ScheduledEventMarker>("guild_scheduled_event_id")?;
    let counts = call.query_bool("with_user_count")?.unwrap_or(false);
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(&with_count(world, event(world, guild_id, id)?, counts))
    })
}

/// What an event body sets.
#[allow(clippy::option_option, reason = "in PATCH, absent and null mean different things")]
struct EventFields {
    name: Option<String>,
    description: Option<Option<String>>,
    start: Option<Timestamp>,
    end: Option<Option<Timestamp>>,
    entity_type: Option<ScheduledEventEntityType>,
    channel: Option<Option<Id<ChannelMarker>>>,
    location: Option<String>,
    status: Option<ScheduledEventStatus>,
}

fn event_fields(fields: &mut Fields, creating: bool) -> EventFields {
    let read = EventFields {
        name: if creating {
            fields.required_string("name", 1, 100)
        } else {
            fields.string("name", 1, 100)
        },
        description: fields.nullable("description"),
        start: if creating {
            fields.required("scheduled_start_time")
        } else {
            fields.get("scheduled_start_time")
        },
        end: fields.nullable("scheduled_end_time"),
        entity_type: if creating {
            fields.required("entity_type")
        } else {
            fields.get("entity_type")
        },
        channel: fields.nullable("channel_id"),
        location: fields
            .raw("entity_metadata")
            .and_then(|m| m.get("location"))
            .and_then(|l| l.as_str())
            .map(str::to_owned),
        status: if creating { None } else { fields.get("status") },
    };
    if let Some(privacy) = fields.integer("privacy_level", 1, 2)
        && privacy != 2
    {
        fields.error("privacy_level", "BASE_TYPE_CHOICES", "Value must be one of {2}.");
    }
    read
}

/// Checks the entity of an event: a stage or voice channel of the guild, or an external
/// place with an end time.
fn check_entity(
    world: &World,
    guild_id: Id<GuildMarker>,
    event: &GuildScheduledEvent,
) -> Result<(), ApiError> {
    match event.entity_type {
        ScheduledEventEntityType::External => {
            if event.entity_metadata.as_ref().and_then(|m| m.location.as_ref()).is_none() {
                return Err(ApiError::form(
                    "entity_metadata.location",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
            if event.scheduled_end_time.is_none() {
                return Err(ApiError::form(
                    "scheduled_end_time",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ));
            }
        }
        kind => {
            let channel = event.channel_id.ok_or_else(|| {
                ApiError::form("channel_id", "BASE_TYPE_REQUIRED", "This field is required")
            })?;
            let wanted = if kind == ScheduledEventEntityType::StageInstance {
                ChannelType::GuildStageVoice
            } else {
                ChannelType::GuildVoice
            };
            let found = world.channel(channel)?.channel.clone();
            if found.guild_id != Some(guild_id) || found.kind != wanted {
                return Err(ApiError::form(
                    "channel_id",
                    "CHANNEL_TYPE_INVALID",
                    "The channel does not fit the entity type",
                ));
            }
        }
    }
    Ok(())
}

/// `POST /guilds/{guild_id}/scheduled-events` (CREATE_EVENTS or MANAGE_EVENTS): emits
/// GUILD_SCHEDULED_EVENT_CREATE.
pub(super) fn create_guild_scheduled_event(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let read = event_fields(&mut fields, true);
    fields.finish()?;
    let (Some(name), Some(start), Some(kind)) = (read.name, read.start, read.entity_type) else {
        return Err(ApiError::code(50035));
    };
    if start < Timestamp::now() {
        return Err(ApiError::form(
            "scheduled_start_time",
            "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
            "Cannot schedule event in the past.",
        ));
    }
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::CREATE_EVENTS)
            .or_else(|_| guild_permission(world, guild_id, Permissions::MANAGE_EVENTS))?;
        let mut event = GuildScheduledEvent::new(world.ids.next(), guild_id, name, kind, start);
        event.description = read.description.flatten();
        event.scheduled_end_time = read.end.flatten();
        event.channel_id = read.channel.flatten();
        event.entity_metadata = read.location.map(ScheduledEventEntityMetadata::location);
        event.privacy_level = ScheduledEventPrivacyLevel::GuildOnly;
        event.creator_id = Some(world.bot_id());
        event.creator = Some(Box::new(world.application.bot.clone()));
        check_entity(world, guild_id, &event)?;
        world.extras.scheduled_events.insert(event.id, event.clone());
        world.emit(Event::GuildScheduledEventCreate(Box::new(event.clone())), Some(guild_id));
        world.audit(
            guild_id,
            AuditLogEventType::GuildScheduledEventCreate,
            Some(event.id.cast()),
            reason,
        );
        ok(&event)
    })
}

/// Whether a status change is one Discord allows.
fn transition(from: ScheduledEventStatus, to: ScheduledEventStatus) -> bool {
    use ScheduledEventStatus as S;
    from == to
        || matches!((from, to), (S::Scheduled, S::Active | S::Canceled) | (S::Active, S::Completed))
}

/// `PATCH /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}` (MANAGE_EVENTS, or
/// CREATE_EVENTS for the bot's own): fields and status (scheduled to active or canceled,
/// active to completed); emits GUILD_SCHEDULED_EVENT_UPDATE.
pub(super) fn update_guild_scheduled_event(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<ScheduledEventMarker>("guild_scheduled_event_id")?;
    let mut fields = call.fields()?;
    let read = event_fields(&mut fields, false);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        let mut event = event(world, guild_id, id)?;
        let own = event.creator_id == Some(world.bot_id());
        let needed = if own { Permissions::CREATE_EVENTS } else { Permissions::MANAGE_EVENTS };
        guild_permission(world, guild_id, needed)
            .or_else(|_| guild_permission(world, guild_id, Permissions::MANAGE_EVENTS))?;
        if event.status.is_final() {
            return Err(ApiError::form(
                "status",
                "GUILD_SCHEDULED_EVENT_INVALID_STATUS",
                "Cannot change a finished event.",
            ));
        }
        if let Some(status) = read.status {
            if !transition(event.status, status) {
                return Err(ApiError::form(
                    "status",
                    "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
                    "Invalid status transition.",
                ));
            }
            event.status = status;
        }
        if let Some(name) = read.name {
            event.name = name.into();
        }
        if let Some(description) = read.description {
            event.description = description;
        }
        if let Some(start) = read.start {
            event.scheduled_start_time = start;
        }
        if let Some(end) = read.end {
            event.scheduled_end_time = end;
        }
        if let Some(kind) = read.entity_type {
            event.entity_type = kind;
        }
        if let Some(channel) = read.channel {
            event.channel_id = channel;
        }
        if let Some(location) = read.location {
            event.entity_metadata = Some(ScheduledEventEntityMetadata::location(location));
        }
        check_entity(world, guild_id, &event)?;
        world.extras.scheduled_events.insert(id, event.clone());
        world.emit(Event::GuildScheduledEventUpdate(Box::new(event.clone())), Some(guild_id));
        world.audit(
            guild_id,
            AuditLogEventType::GuildScheduledEventUpdate,
            Some(id.cast()),
            reason,
        );
        ok(&event)
    })
}

/// `DELETE /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}`: emits
/// GUILD_SCHEDULED_EVENT_DELETE.
pub(super) fn delete_guild_scheduled_event(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<ScheduledEventMarker>("guild_scheduled_event_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        let event = event(world, guild_id, id)?;
        let own = event.creator_id == Some(world.bot_id());
        let needed = if own { Permissions::CREATE_EVENTS } else { Permissions::MANAGE_EVENTS };
        guild_permission(world, guild_id, needed)
            .or_else(|_| guild_permission(world, guild_id, Permissions::MANAGE_EVENTS))?;
        world.extras.scheduled_events.remove(&id);
        world.extras.event_users.remove(&id);
        world.emit(Event::GuildScheduledEventDelete(Box::new(event)), Some(guild_id));
        world.audit(
            guild_id,
            AuditLogEventType::GuildScheduledEventDelete,
            Some(id.cast()),
            reason,
        );
        no_content()
    })
}

/// `GET /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users`: the interested
/// users, `with_member`, `before`, `after`, `limit` (1 to 100).
pub(super) fn list_guild_scheduled_event_users(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<ScheduledEventMarker>("guild_scheduled_event_id")?;
    let limit = call.query_number("limit", 1_usize, 100)?.unwrap_or(100);
    let with_member = call.query_bool("with_member")?.unwrap_or(false);
    let before = call.query_id::<UserMarker>("before")?;
    let after = call.query_id::<UserMarker>("after")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        event(world, guild_id, id)?;
        let mut ids = world.extras.event_users.get(&id).cloned().unwrap_or_default();
        ids.sort_unstable();
        let users: Vec<_> = ids
            .into_iter()
            .filter(|u| before.is_none_or(|b| *u < b) && after.is_none_or(|a| *u > a))
            .take(limit)
            .filter_map(|u| {
                let user: User = world.users.get(&u)?.clone();
                let member: Option<Member> =
                    with_member.then(|| world.member(guild_id, u).ok().cloned()).flatten();
                Some(json!({ "guild_scheduled_event_id": id, "user": user, "member": member }))
            })
            .collect();
        ok(&users)
    })
}

fn stage(world: &World, channel_id: Id<ChannelMarker>) -> Result<StageInstance, ApiError> {
    world.extras.stage_instances.get(&channel_id).cloned().ok_or_else(|| ApiError::code(10067))
}

/// Stage moderators: MANAGE_CHANNELS, MUTE_MEMBERS and MOVE_MEMBERS in the stage channel.
const STAGE_MODERATOR: Permissions =
    Permissions::MANAGE_CHANNELS.union(Permissions::MUTE_MEMBERS).union(Permissions::MOVE_MEMBERS);

/// `POST /stage-instances`: `channel_id` (a stage channel), `topic` (1 to 120),
/// `privacy_level`; emits STAGE_INSTANCE_CREATE.
pub(super) fn create_stage_instance(shared: &Shared, call: &Call) -> Answer {
    let mut fields = call.fields()?;
    let channel: Option<Id<ChannelMarker>> =
        fields.required::<serde_json::Value>("channel_id").and_then(|_| fields.id("channel_id"));
    let topic = fields.required_string("topic", 1, 120);
    let privacy: Option<StagePrivacyLevel> = fields.get("privacy_level");
    fields.finish()?;
    let (Some(channel_id), Some(topic)) = (channel, topic) else {
        return Err(ApiError::code(50035));
    };
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        if world.channel(channel_id)?.channel.kind != ChannelType::GuildStageVoice {
            return Err(ApiError::code(50024));
        }
        channel_permission(world, channel_id, STAGE_MODERATOR)?;
        if world.extras.stage_instances.contains_key(&channel_id) {
            return Err(ApiError::form(
                "channel_id",
                "STAGE_ALREADY_OPEN",
                "A stage instance already exists.",
            ));
        }
        let mut stage = StageInstance::new(world.ids.next(), guild_id, channel_id, topic);
        stage.privacy_level = privacy.unwrap_or(StagePrivacyLevel::GuildOnly);
        world.extras.stage_instances.insert(channel_id, stage.clone());
        world.emit(Event::StageInstanceCreate(Box::new(stage.clone())), Some(guild_id));
        world.audit(
            guild_id,
            AuditLogEventType::StageInstanceCreate,
            Some(stage.id.cast()),
            call.reason(),
        );
        ok(&stage)
    })
}

/// `GET /stage-instances/{channel_id}`: 10067 without a live stage.
pub(super) fn get_stage_instance(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        ok(&stage(world, channel_id)?)
    })
}

/// `PATCH /stage-instances/{channel_id}`: `topic`, `privacy_level`; emits
/// STAGE_INSTANCE_UPDATE.
pub(super) fn update_stage_instance(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let topic = fields.string("topic", 1, 120);
    let privacy: Option<StagePrivacyLevel> = fields.get("privacy_level");
    fields.finish()?;
    shared.mutate(|world| {
        let mut stage = stage(world, channel_id)?;
        channel_permission(world, channel_id, STAGE_MODERATOR)?;
        if let Some(topic) = topic {
            stage.topic = topic.into();
        }
        if let Some(privacy) = privacy {
            stage.privacy_level = privacy;
        }
        world.extras.stage_instances.insert(channel_id, stage.clone());
        world.emit(Event::StageInstanceUpdate(Box::new(stage.clone())), Some(stage.guild_id));
        world.audit(
            stage.guild_id,
            AuditLogEventType::StageInstanceUpdate,
            Some(stage.id.cast()),
            call.reason(),
        );
        ok(&stage)
    })
}

/// `DELETE /stage-instances/{channel_id}`: emits STAGE_INSTANCE_DELETE.
pub(super) fn delete_stage_instance(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.mutate(|world| {
        let stage = stage(world, channel_id)?;
        channel_permission(world, channel_id, STAGE_MODERATOR)?;
        world.extras.stage_instances.remove(&channel_id);
        world.emit(Event::StageInstanceDelete(Box::new(stage.clone())), Some(stage.guild_id));
        world.audit(
            stage.guild_id,
            AuditLogEventType::StageInstanceDelete,
            Some(stage.id.cast()),
            call.reason(),
        );
        no_content()
    })
}

#[cfg(test)]
mod tests {
    use accord_model::scheduled_event::ScheduledEventStatus as S;

    use super::transition;

    #[test]
    fn status_transitions() {
        assert!(transition(S::Scheduled, S::Active));
        assert!(transition(S::Scheduled, S::Canceled));
        assert!(transition(S::Active, S::Completed));
        assert!(!transition(S::Active, S::Scheduled));
        assert!(!transition(S::Scheduled, S::Completed));
    }
}
