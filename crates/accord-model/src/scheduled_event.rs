//! Guild scheduled events and their recurrence rules.

use std::collections::HashMap;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::guild::Member;
use crate::id::Id;
use crate::id::marker::{
    ChannelMarker, GenericMarker, GuildMarker, ScheduledEventExceptionMarker, ScheduledEventMarker,
    UserMarker,
};
use crate::user::User;
use crate::util::{ImageHash, Timestamp};

/// An event planned in a guild: in a stage, in a voice channel or somewhere else.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildScheduledEvent {
    /// The event's id.
    pub id: Id<ScheduledEventMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The stage or voice channel hosting the event; `None` for external events.
    #[serde(default)]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Who created the event; `None` for events older than October 2021.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<Id<UserMarker>>,
    /// The name, 1 to 100 characters.
    pub name: CompactString,
    /// The description, 1 to 1000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the event starts.
    pub scheduled_start_time: Timestamp,
    /// When the event ends; always set for external events.
    #[serde(default)]
    pub scheduled_end_time: Option<Timestamp>,
    /// Who can see the event.
    pub privacy_level: ScheduledEventPrivacyLevel,
    /// Where the event is in its life.
    pub status: ScheduledEventStatus,
    /// Where the event takes place.
    pub entity_type: ScheduledEventEntityType,
    /// The entity the event is attached to, such as a stage instance.
    #[serde(default)]
    pub entity_id: Option<Id<GenericMarker>>,
    /// Extra data for the entity: the location of an external event.
    #[serde(default)]
    pub entity_metadata: Option<ScheduledEventEntityMetadata>,
    /// The user who created the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Box<User>>,
    /// How many users are interested (only when asked for with `with_user_count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_count: Option<u32>,
    /// The cover image hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageHash>,
    /// How the event repeats; `None` for a one-off event.
    #[serde(default)]
    pub recurrence_rule: Option<Box<RecurrenceRule>>,
    /// Occurrences of a recurring event that were moved or cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_event_exceptions: Option<Vec<ScheduledEventException>>,
}

impl GuildScheduledEvent {
    /// A scheduled, guild-only event; the optional fields are `None`.
    pub fn new(
        id: Id<ScheduledEventMarker>,
        guild_id: Id<GuildMarker>,
        name: impl Into<CompactString>,
        entity_type: ScheduledEventEntityType,
        scheduled_start_time: Timestamp,
    ) -> Self {
        Self {
            id,
            guild_id,
            channel_id: None,
            creator_id: None,
            name: name.into(),
            description: None,
            scheduled_start_time,
            scheduled_end_time: None,
            privacy_level: ScheduledEventPrivacyLevel::GuildOnly,
            status: ScheduledEventStatus::Scheduled,
            entity_type,
            entity_id: None,
            entity_metadata: None,
            creator: None,
            user_count: None,
            image: None,
            recurrence_rule: None,
            guild_scheduled_event_exceptions: None,
        }
    }
}

int_enum! {
    /// Who can see a scheduled event.
    pub enum ScheduledEventPrivacyLevel: u8 {
        /// Only the guild's members.
        GuildOnly = 2,
    }
}

int_enum! {
    /// Where a scheduled event takes place.
    pub enum ScheduledEventEntityType: u8 {
        /// In a stage channel.
        StageInstance = 1,
        /// In a voice channel.
        Voice = 2,
        /// Outside Discord, at a location.
        External = 3,
    }
}

int_enum! {
    /// Where a scheduled event is in its life: scheduled, then active, then completed; or
    /// cancelled before it starts. Completed and cancelled are final.
    pub enum ScheduledEventStatus: u8 {
        /// Not started yet.
        Scheduled = 1,
        /// Happening now.
        Active = 2,
        /// Over.
        Completed = 3,
        /// Cancelled.
        Canceled = 4,
    }
}

impl ScheduledEventStatus {
    /// Whether the status can no longer change.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Canceled)
    }
}

/// Extra data about where a scheduled event takes place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ScheduledEventEntityMetadata {
    /// Where an external event happens, 1 to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<CompactString>,
}

impl ScheduledEventEntityMetadata {
    /// Metadata with a location, for an external event.
    pub fn location(location: impl Into<CompactString>) -> Self {
        Self { location: Some(location.into()) }
    }
}

/// How a scheduled event repeats: a subset of iCalendar's RRULE.
///
/// Discord accepts only some combinations: `by_weekday` for daily and weekly events,
/// `by_n_weekday` for monthly ones, `by_month` with `by_month_day` for yearly ones; `end`,
/// `count` and `by_year_day` cannot be set by applications.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RecurrenceRule {
    /// When the recurrence starts.
    pub start: Timestamp,
    /// When the recurrence ends.
    #[serde(default)]
    pub end: Option<Timestamp>,
    /// The unit of repetition.
    pub frequency: RecurrenceFrequency,
    /// How many units between occurrences (2 with weekly frequency: every other week).
    pub interval: u16,
    /// The days of the week the event happens on.
    #[serde(default)]
    pub by_weekday: Option<Vec<RecurrenceWeekday>>,
    /// The days of a given week of the month the event happens on.
    #[serde(default)]
    pub by_n_weekday: Option<Vec<RecurrenceNthWeekday>>,
    /// The months the event happens in.
    #[serde(default)]
    pub by_month: Option<Vec<RecurrenceMonth>>,
    /// The days of the month the event happens on.
    #[serde(default)]
    pub by_month_day: Option<Vec<u8>>,
    /// The days of the year the event happens on.
    #[serde(default)]
    pub by_year_day: Option<Vec<u16>>,
    /// How many times the event happens before stopping.
    #[serde(default)]
    pub count: Option<u32>,
}

impl RecurrenceRule {
    /// A rule repeating every `interval` units of `frequency` from `start`, on no particular
    /// days.
    pub const fn new(start: Timestamp, frequency: RecurrenceFrequency, interval: u16) -> Self {
        Self {
            start,
            end: None,
            frequency,
            interval,
            by_weekday: None,
            by_n_weekday: None,
            by_month: None,
            by_month_day: None,
            by_year_day: None,
            count: None,
        }
    }
}

int_enum! {
    /// The unit a recurring event repeats by.
    pub enum RecurrenceFrequency: u8 {
        /// Every year.
        Yearly = 0,
        /// Every month.
        Monthly = 1,
        /// Every week.
        Weekly = 2,
        /// Every day.
        Daily = 3,
    }
}

int_enum! {
    /// A day of the week in a recurrence rule, Monday first.
    pub enum RecurrenceWeekday: u8 {
        /// Monday.
        Monday = 0,
        /// Tuesday.
        Tuesday = 1,
        /// Wednesday.
        Wednesday = 2,
        /// Thursday.
        Thursday = 3,
        /// Friday.
        Friday = 4,
        /// Saturday.
        Saturday = 5,
        /// Sunday.
        Sunday = 6,
    }
}

int_enum! {
    /// A month in a recurrence rule.
    pub enum RecurrenceMonth: u8 {
        /// January.
        January = 1,
        /// February.
        February = 2,
        /// March.
        March = 3,
        /// April.
        April = 4,
        /// May.
        May = 5,
        /// June.
        June = 6,
        /// July.
        July = 7,
        /// August.
        August = 8,
        /// September.
        September = 9,
        /// October.
        October = 10,
        /// November.
        November = 11,
        /// December.
        December = 12,
    }
}

/// A day of a given week of the month, such as the fourth Wednesday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RecurrenceNthWeekday {
    /// The week of the month, 1 to 5.
    pub n: u8,
    /// The day of that week.
    pub day: RecurrenceWeekday,
}

impl RecurrenceNthWeekday {
    /// The `n`th `day` of the month.
    pub const fn new(n: u8, day: RecurrenceWeekday) -> Self {
        Self { n, day }
    }
}

/// One occurrence of a recurring event that was moved or skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ScheduledEventException {
    /// The event.
    pub event_id: Id<ScheduledEventMarker>,
    /// The exception's id, which encodes the occurrence's original start time; not unique
    /// across events.
    pub event_exception_id: Id<ScheduledEventExceptionMarker>,
    /// The new start time, if it moved.
    #[serde(default)]
    pub scheduled_start_time: Option<Timestamp>,
    /// The new end time, if it moved.
    #[serde(default)]
    pub scheduled_end_time: Option<Timestamp>,
    /// Whether the occurrence is skipped.
    pub is_canceled: bool,
}

/// A user interested in a scheduled event (`GET .../scheduled-events/{id}/users`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildScheduledEventUser {
    /// The event.
    pub guild_scheduled_event_id: Id<ScheduledEventMarker>,
    /// The occurrence of a recurring event the user is interested in, if only one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_event_exception_id: Option<Id<ScheduledEventExceptionMarker>>,
    /// The user.
    pub user: User,
    /// The user's membership in the guild (with `with_member=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
}

/// How many users are interested in an event and in some of its occurrences
/// (`GET .../scheduled-events/{id}/users/counts`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ScheduledEventUserCounts {
    /// Users interested in the event.
    pub guild_scheduled_event_count: u64,
    /// Users interested in each requested occurrence.
    #[serde(default)]
    pub guild_scheduled_event_exception_counts: HashMap<Id<ScheduledEventExceptionMarker>, u64>,
}

#[cfg(test)]
mod tests {
    use super::{
        RecurrenceFrequency, RecurrenceNthWeekday, RecurrenceWeekday, ScheduledEventUserCounts,
    };
    use crate::id::Id;

    #[test]
    fn nth_weekday_round_trips() {
        let json = r#"{"n":4,"day":2}"#;
        let value: RecurrenceNthWeekday = serde_json::from_str(json).unwrap();
        assert_eq!(value, RecurrenceNthWeekday::new(4, RecurrenceWeekday::Wednesday));
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(RecurrenceFrequency::from_value(3), RecurrenceFrequency::Daily);
    }

    #[test]
    fn exception_counts_are_keyed_by_id() {
        let json = r#"{"guild_scheduled_event_count":122,
            "guild_scheduled_event_exception_counts":{"1446863752396800000":6}}"#;
        let counts: ScheduledEventUserCounts = serde_json::from_str(json).unwrap();
        assert_eq!(counts.guild_scheduled_event_count, 122);
        assert_eq!(
            counts.guild_scheduled_event_exception_counts[&Id::new(1_446_863_752_396_800_000)],
            6
        );
    }
}
