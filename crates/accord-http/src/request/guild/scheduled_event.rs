//! Scheduled events of a guild, their exceptions (changed occurrences of recurring events)
//! and their subscribers.

use accord_model::id::Id;
use accord_model::id::marker::{
    ChannelMarker, GuildMarker, ScheduledEventExceptionMarker, ScheduledEventMarker, UserMarker,
};
use accord_model::scheduled_event::{
    GuildScheduledEvent, GuildScheduledEventUser, RecurrenceRule, ScheduledEventEntityMetadata,
    ScheduledEventEntityType, ScheduledEventException, ScheduledEventPrivacyLevel,
    ScheduledEventStatus, ScheduledEventUserCounts,
};
use accord_model::util::Timestamp;

use crate::response::EmptyBody;
use crate::validate::{chars, count, range};

requests! {
    /// Lists the scheduled events of a guild.
    list_guild_scheduled_events => ListGuildScheduledEvents:
        GET "/guilds/{guild_id}/scheduled-events" -> Vec<GuildScheduledEvent> {
        path: guild_id: Id<GuildMarker>;
        query:
            /// Whether to include how many users subscribed.
            with_user_count: bool;
    }

    /// Schedules an event: in a stage or voice channel (`channel_id`), or elsewhere
    /// (`entity_metadata.location` and `scheduled_end_time` required).
    create_guild_scheduled_event => CreateGuildScheduledEvent:
        POST "/guilds/{guild_id}/scheduled-events" -> GuildScheduledEvent {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args:
            name: &'a str [chars(1, 100)],
            privacy_level: ScheduledEventPrivacyLevel,
            scheduled_start_time: Timestamp,
            entity_type: ScheduledEventEntityType;
        fields:
            channel_id: Id<ChannelMarker>,
            entity_metadata: &'a ScheduledEventEntityMetadata,
            scheduled_end_time: Timestamp,
            /// At most 1000 characters.
            description: &'a str [chars(0, 1000)],
            /// A data URI of the cover image.
            image: &'a str,
            recurrence_rule: &'a RecurrenceRule;
    }

    /// Returns a scheduled event.
    get_guild_scheduled_event => GetGuildScheduledEvent:
        GET "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}" -> GuildScheduledEvent {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
        query:
            /// Whether to include how many users subscribed.
            with_user_count: bool;
    }

    /// Deletes a scheduled event.
    delete_guild_scheduled_event => DeleteGuildScheduledEvent:
        DELETE "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}" -> EmptyBody {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
    }

    /// Changes a scheduled event, or starts, ends or cancels it through `status`.
    update_guild_scheduled_event => UpdateGuildScheduledEvent:
        PATCH "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}" -> GuildScheduledEvent {
        #[reason]
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
        fields:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)],
            privacy_level: ScheduledEventPrivacyLevel,
            scheduled_start_time: Timestamp,
            entity_type: ScheduledEventEntityType,
            status: ScheduledEventStatus;
        nullable:
            /// Set to `None` when moving the event out of a channel.
            channel_id: Id<ChannelMarker>,
            entity_metadata: &'a ScheduledEventEntityMetadata,
            scheduled_end_time: Timestamp,
            /// At most 1000 characters.
            description: &'a str [chars(0, 1000)],
            /// A data URI of the cover image.
            image: &'a str,
            recurrence_rule: &'a RecurrenceRule;
    }

    /// Changes or cancels one occurrence of a recurring event.
    create_guild_scheduled_event_exception => CreateGuildScheduledEventException:
        POST "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions"
        -> ScheduledEventException {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
        args:
            /// When the occurrence was to start.
            original_scheduled_start_time: Timestamp;
        fields:
            scheduled_start_time: Timestamp,
            scheduled_end_time: Timestamp,
            is_canceled: bool;
    }

    /// Restores an occurrence of a recurring event.
    delete_guild_scheduled_event_exception => DeleteGuildScheduledEventException:
        DELETE "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions/{exception_id}"
        -> EmptyBody {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>,
            exception_id: Id<ScheduledEventExceptionMarker>;
    }

    /// Changes an exception of a recurring event.
    update_guild_scheduled_event_exception => UpdateGuildScheduledEventException:
        PATCH "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/exceptions/{exception_id}"
        -> ScheduledEventException {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>,
            exception_id: Id<ScheduledEventExceptionMarker>;
        nullable:
            scheduled_start_time: Timestamp,
            scheduled_end_time: Timestamp,
            is_canceled: bool;
    }

    /// Lists the users subscribed to a scheduled event.
    list_guild_scheduled_event_users => ListGuildScheduledEventUsers:
        GET "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users"
        -> Vec<GuildScheduledEventUser> {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
        query:
            /// Whether to include each user's guild member object.
            with_member: bool,
            /// 1 to 100, 100 by default.
            limit: u16 [range(1, 100)],
            before: Id<UserMarker>,
            after: Id<UserMarker>;
    }

    /// Counts the users subscribed to a scheduled event and to its exceptions.
    count_guild_scheduled_event_users => CountGuildScheduledEventUsers:
        GET "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users/counts"
        -> ScheduledEventUserCounts {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>;
        query:
            /// At most 10 exceptions.
            guild_scheduled_event_exception_ids: &'a [Id<ScheduledEventExceptionMarker>] [count(0, 10)];
    }

    /// Lists the users subscribed to one occurrence of a recurring event.
    list_guild_scheduled_event_exception_users => ListGuildScheduledEventExceptionUsers:
        GET "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/{guild_scheduled_event_exception_id}/users"
        -> Vec<GuildScheduledEventUser> {
        path: guild_id: Id<GuildMarker>, guild_scheduled_event_id: Id<ScheduledEventMarker>,
            guild_scheduled_event_exception_id: Id<ScheduledEventExceptionMarker>;
        query:
            /// Whether to include each user's guild member object.
            with_member: bool,
            /// 1 to 100, 100 by default.
            limit: u16 [range(1, 100)],
            before: Id<UserMarker>,
            after: Id<UserMarker>;
    }
}
