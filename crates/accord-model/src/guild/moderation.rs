//! Moderation results: bans, bulk bans, prune counts and incident protections.

use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::UserMarker;
use crate::user::User;
use crate::util::Timestamp;

/// A ban from a guild (`GET /guilds/{id}/bans`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Ban {
    /// Why the user was banned.
    #[serde(default)]
    pub reason: Option<String>,
    /// The banned user.
    pub user: User,
}

impl Ban {
    /// A ban of a user, with an optional reason.
    pub const fn new(user: User, reason: Option<String>) -> Self {
        Self { reason, user }
    }
}

/// The outcome of banning many users at once (`POST /guilds/{id}/bulk-ban`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct BulkBan {
    /// The users now banned.
    pub banned_users: Vec<Id<UserMarker>>,
    /// The users that could not be banned.
    pub failed_users: Vec<Id<UserMarker>>,
}

/// How many members a prune removed or would remove (`GET` and `POST /guilds/{id}/prune`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PruneCount {
    /// The number of members; `None` when the prune was started with
    /// `compute_prune_count=false`.
    #[serde(default)]
    pub pruned: Option<u64>,
}

/// Raid and spam incidents of a guild, and until when protections stay on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IncidentsData {
    /// Until when invites are paused.
    #[serde(default)]
    pub invites_disabled_until: Option<Timestamp>,
    /// Until when direct messages between members are off.
    #[serde(default)]
    pub dms_disabled_until: Option<Timestamp>,
    /// When DM spam was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dm_spam_detected_at: Option<Timestamp>,
    /// When a raid was detected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raid_detected_at: Option<Timestamp>,
}

impl IncidentsData {
    /// Whether invites are paused at `now`.
    pub fn invites_disabled_at(&self, now: Timestamp) -> bool {
        self.invites_disabled_until.is_some_and(|until| until > now)
    }

    /// Whether direct messages are off at `now`.
    pub fn dms_disabled_at(&self, now: Timestamp) -> bool {
        self.dms_disabled_until.is_some_and(|until| until > now)
    }
}
