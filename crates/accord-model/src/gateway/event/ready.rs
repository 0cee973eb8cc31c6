//! READY, RESUMED and RATE_LIMITED: the events about the session itself.

use compact_str::CompactString;
use serde::de::{Deserializer, IgnoredAny};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::application::ApplicationFlags;
use crate::gateway::{OpCode, ShardId};
use crate::guild::UnavailableGuild;
use crate::id::Id;
use crate::id::marker::{ApplicationMarker, GuildMarker};
use crate::user::User;

/// The session is ready: who the bot is and which guilds will follow as GUILD_CREATE.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Ready {
    /// The gateway version.
    pub v: u8,
    /// The bot's user.
    pub user: User,
    /// The guilds of this shard, all unavailable until their GUILD_CREATE arrives.
    pub guilds: Vec<UnavailableGuild>,
    /// The session, for RESUME.
    pub session_id: CompactString,
    /// Where to reconnect to resume.
    pub resume_gateway_url: CompactString,
    /// The shard this session serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardId>,
    /// The application's id and flags.
    pub application: ReadyApplication,
}

impl Ready {
    /// A READY for a session.
    pub fn new(
        user: User,
        guilds: Vec<UnavailableGuild>,
        session_id: impl Into<CompactString>,
        resume_gateway_url: impl Into<CompactString>,
        application: ReadyApplication,
    ) -> Self {
        Self {
            v: 10,
            user,
            guilds,
            session_id: session_id.into(),
            resume_gateway_url: resume_gateway_url.into(),
            shard: None,
            application,
        }
    }
}

/// The application in READY: its id and flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ReadyApplication {
    /// The application's id.
    pub id: Id<ApplicationMarker>,
    /// The application's flags.
    pub flags: ApplicationFlags,
}

impl ReadyApplication {
    /// The application part of READY.
    pub const fn new(id: Id<ApplicationMarker>, flags: ApplicationFlags) -> Self {
        Self { id, flags }
    }
}

/// The session was resumed and every missed event replayed. Its data carries nothing a client
/// needs, so any value is accepted and `{}` is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resumed;

impl<'de> Deserialize<'de> for Resumed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Self)
    }
}

impl Serialize for Resumed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// A gateway command was rate limited; only sent for full member list requests (op 8) today.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RateLimited {
    /// The opcode of the command that was limited.
    pub opcode: OpCode,
    /// Seconds to wait before trying again.
    pub retry_after: f64,
    /// What the limited request was about.
    pub meta: RateLimitedMeta,
}

impl RateLimited {
    /// A RATE_LIMITED for a member request on a guild.
    pub fn request_guild_members(
        guild_id: Id<GuildMarker>,
        nonce: Option<CompactString>,
        retry_after: f64,
    ) -> Self {
        Self {
            opcode: OpCode::RequestGuildMembers,
            retry_after,
            meta: RateLimitedMeta { guild_id: Some(guild_id), nonce },
        }
    }
}

/// The request a RATE_LIMITED event refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RateLimitedMeta {
    /// The guild of a member request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The nonce of a member request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<CompactString>,
}

impl RateLimitedMeta {
    /// A `RateLimitedMeta` from its required fields; the optional ones are `None`.
    pub fn new() -> Self {
        Self { guild_id: None, nonce: None }
    }
}
