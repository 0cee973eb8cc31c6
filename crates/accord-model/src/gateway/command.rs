//! The payloads a client sends: IDENTIFY, RESUME, HEARTBEAT and the other commands.

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::{Intents, OpCode, ParseError, ParseErrorKind, ShardId};
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use crate::presence::{Activity, Status};
use crate::util::Secret;

/// Starts a new session (op 2).
#[derive(Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Identify {
    /// The bot token, without the `Bot ` prefix.
    pub token: Secret,
    /// The client's platform and library.
    pub properties: IdentifyProperties,
    /// Whether to compress some payloads with zlib (not with transport compression).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compress: Option<bool>,
    /// Member count (50 to 250) above which offline members are left out of GUILD_CREATE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_threshold: Option<u8>,
    /// The shard this connection serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardId>,
    /// The presence to start with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presence: Option<UpdatePresence>,
    /// The groups of events to receive.
    pub intents: Intents,
}

impl Identify {
    /// An IDENTIFY with the required fields.
    pub fn new(token: Secret, intents: Intents, properties: IdentifyProperties) -> Self {
        Self {
            token,
            properties,
            compress: None,
            large_threshold: None,
            shard: None,
            presence: None,
            intents,
        }
    }
}

impl fmt::Debug for Identify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identify")
            .field("token", &self.token)
            .field("properties", &self.properties)
            .field("compress", &self.compress)
            .field("large_threshold", &self.large_threshold)
            .field("shard", &self.shard)
            .field("presence", &self.presence)
            .field("intents", &self.intents)
            .finish()
    }
}

/// The client's platform and library, sent in IDENTIFY.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IdentifyProperties {
    /// The operating system.
    pub os: CompactString,
    /// The library's name.
    pub browser: CompactString,
    /// The library's name.
    pub device: CompactString,
}

impl IdentifyProperties {
    /// Properties naming this operating system and the given library.
    pub fn new(library: &str) -> Self {
        Self { os: std::env::consts::OS.into(), browser: library.into(), device: library.into() }
    }
}

/// Resumes a session after a disconnect (op 6).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Resume {
    /// The bot token.
    pub token: Secret,
    /// The session to resume.
    pub session_id: CompactString,
    /// The last sequence number received.
    pub seq: u64,
}

impl Resume {
    /// A RESUME of `session_id` after sequence `seq`.
    pub fn new(token: Secret, session_id: impl Into<CompactString>, seq: u64) -> Self {
        Self { token, session_id: session_id.into(), seq }
    }
}

/// Updates the client's presence (op 3), also the `presence` of IDENTIFY.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UpdatePresence {
    /// Since when (Unix milliseconds) the client is idle, or `None` if it is not.
    #[serde(default)]
    pub since: Option<u64>,
    /// The activities.
    pub activities: Vec<Activity>,
    /// The status.
    pub status: Status,
    /// Whether the client is away from keyboard.
    pub afk: bool,
}

impl UpdatePresence {
    /// A presence with this status and activities, not idle and not AFK.
    pub fn new(status: Status, activities: Vec<Activity>) -> Self {
        Self { since: None, activities, status, afk: false }
    }
}

/// Joins, moves between or leaves voice channels (op 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UpdateVoiceState {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The voice channel to join, or `None` to leave.
    #[serde(default)]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Whether the client mutes itself.
    pub self_mute: bool,
    /// Whether the client deafens itself.
    pub self_deaf: bool,
}

impl UpdateVoiceState {
    /// Joins `channel_id` (or leaves with `None`), neither muted nor deafened.
    pub const fn new(guild_id: Id<GuildMarker>, channel_id: Option<Id<ChannelMarker>>) -> Self {
        Self { guild_id, channel_id, self_mute: false, self_deaf: false }
    }
}

/// Requests members of a guild (op 8), answered by GUILD_MEMBERS_CHUNK events.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RequestGuildMembers {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// A username prefix; the empty string with `limit` 0 asks for every member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<CompactString>,
    /// How many members at most; 0 for no limit (with an empty query).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Whether to include presences (needs GUILD_PRESENCES).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<bool>,
    /// Specific users to fetch (at most 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<UserIds>,
    /// Echoed in the chunks (at most 32 bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<CompactString>,
}

impl RequestGuildMembers {
    /// Requests every member of the guild (needs GUILD_MEMBERS).
    pub fn all(guild_id: Id<GuildMarker>) -> Self {
        Self {
            guild_id,
            query: Some(CompactString::default()),
            limit: Some(0),
            presences: None,
            user_ids: None,
            nonce: None,
        }
    }

    /// Requests members whose username starts with `prefix`, at most `limit` (up to 100).
    pub fn query(guild_id: Id<GuildMarker>, prefix: &str, limit: u32) -> Self {
        Self { query: Some(prefix.into()), limit: Some(limit), ..Self::all(guild_id) }
    }

    /// Requests these users.
    pub fn users(guild_id: Id<GuildMarker>, user_ids: Vec<Id<UserMarker>>) -> Self {
        Self {
            query: None,
            limit: None,
            user_ids: Some(UserIds::Many(user_ids)),
            ..Self::all(guild_id)
        }
    }

    /// Whether this asks for the whole member list, the request Discord allows once per guild
    /// every 30 seconds.
    pub fn is_full_list(&self) -> bool {
        self.user_ids.is_none() && self.query.as_deref() == Some("") && self.limit == Some(0)
    }
}

/// One user id or several, as `user_ids` accepts both.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum UserIds {
    /// One user.
    One(Id<UserMarker>),
    /// Several users.
    Many(Vec<Id<UserMarker>>),
}

impl UserIds {
    /// The ids as a slice.
    pub fn as_slice(&self) -> &[Id<UserMarker>] {
        match self {
            Self::One(id) => std::slice::from_ref(id),
            Self::Many(ids) => ids,
        }
    }
}

/// Requests the soundboard sounds of guilds (op 31), answered by SOUNDBOARD_SOUNDS events.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RequestSoundboardSounds {
    /// The guilds.
    pub guild_ids: Vec<Id<GuildMarker>>,
}

impl RequestSoundboardSounds {
    /// Requests the sounds of these guilds.
    pub const fn new(guild_ids: Vec<Id<GuildMarker>>) -> Self {
        Self { guild_ids }
    }
}

/// Requests ephemeral information about a guild's channels (op 43), answered by CHANNEL_INFO.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RequestChannelInfo {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Which fields to send.
    pub fields: Vec<ChannelInfoField>,
}

impl RequestChannelInfo {
    /// Requests these fields for the guild's channels.
    pub const fn new(guild_id: Id<GuildMarker>, fields: Vec<ChannelInfoField>) -> Self {
        Self { guild_id, fields }
    }
}

str_enum! {
    /// A field of CHANNEL_INFO.
    pub enum ChannelInfoField {
        /// The voice channel status.
        Status = "status",
        /// When the voice channel's call started.
        VoiceStartTime = "voice_start_time",
    }
}

/// A payload a client sends, with its opcode. Serializes to `{"op": …, "d": …}`.
///
/// [`GatewayCommand::from_json`] reads one, as a gateway server (the emulator) does.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum GatewayCommand {
    /// Op 1, with the last sequence number received.
    Heartbeat(Option<u64>),
    /// Op 2.
    Identify(Box<Identify>),
    /// Op 3.
    UpdatePresence(Box<UpdatePresence>),
    /// Op 4.
    UpdateVoiceState(UpdateVoiceState),
    /// Op 6.
    Resume(Box<Resume>),
    /// Op 8.
    RequestGuildMembers(Box<RequestGuildMembers>),
    /// Op 31.
    RequestSoundboardSounds(RequestSoundboardSounds),
    /// Op 43.
    RequestChannelInfo(RequestChannelInfo),
}

impl GatewayCommand {
    /// Parses a payload a client sent, as a gateway server does.
    ///
    /// The error kind tells a server how to close: [`ParseErrorKind::Json`] is a decode error
    /// (4002), [`ParseErrorKind::UnknownOpcode`] and [`ParseErrorKind::Payload`] an unknown
    /// opcode or invalid payload (4001).
    pub fn from_json(json: &str) -> Result<Self, ParseError> {
        #[derive(Deserialize)]
        struct Envelope<'a> {
            op: Option<u8>,
            #[serde(borrow)]
            d: Option<&'a serde_json::value::RawValue>,
        }

        fn data<'a, T: Deserialize<'a>>(
            op: u8,
            d: Option<&'a serde_json::value::RawValue>,
        ) -> Result<T, ParseError> {
            let d = d.ok_or_else(|| ParseError::new(ParseErrorKind::MissingField("d")))?;
            serde_json::from_str(d.get()).map_err(|error| {
                ParseError::with_source(ParseErrorKind::Payload { opcode: op, event: None }, error)
            })
        }

        let envelope: Envelope<'_> = serde_json::from_str(json)
            .map_err(|error| ParseError::with_source(ParseErrorKind::Json, error))?;
        let op = envelope.op.ok_or_else(|| ParseError::new(ParseErrorKind::MissingOpcode))?;
        let d = envelope.d;
        Ok(match OpCode::from_value(op) {
            OpCode::Heartbeat => {
                Self::Heartbeat(d.map(|d| data(op, Some(d))).transpose()?.flatten())
            }
            OpCode::Identify => Self::Identify(data(op, d)?),
            OpCode::PresenceUpdate => Self::UpdatePresence(data(op, d)?),
            OpCode::VoiceStateUpdate => Self::UpdateVoiceState(data(op, d)?),
            OpCode::Resume => Self::Resume(data(op, d)?),
            OpCode::RequestGuildMembers => Self::RequestGuildMembers(data(op, d)?),
            OpCode::RequestSoundboardSounds => Self::RequestSoundboardSounds(data(op, d)?),
            OpCode::RequestChannelInfo => Self::RequestChannelInfo(data(op, d)?),
            _ => return Err(ParseError::new(ParseErrorKind::UnknownOpcode(op))),
        })
    }

    /// The opcode of this command.
    pub const fn opcode(&self) -> OpCode {
        match self {
            Self::Heartbeat(_) => OpCode::Heartbeat,
            Self::Identify(_) => OpCode::Identify,
            Self::UpdatePresence(_) => OpCode::PresenceUpdate,
            Self::UpdateVoiceState(_) => OpCode::VoiceStateUpdate,
            Self::Resume(_) => OpCode::Resume,
            Self::RequestGuildMembers(_) => OpCode::RequestGuildMembers,
            Self::RequestSoundboardSounds(_) => OpCode::RequestSoundboardSounds,
            Self::RequestChannelInfo(_) => OpCode::RequestChannelInfo,
        }
    }

    /// The JSON text to send.
    pub fn to_json(&self) -> String {
        // Serializing these types cannot fail: no maps with non-string keys, no custom errors.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for GatewayCommand {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        let mut payload = serializer.serialize_struct("GatewayCommand", 2)?;
        payload.serialize_field("op", &self.opcode())?;
        match self {
            Self::Heartbeat(seq) => payload.serialize_field("d", seq)?,
            Self::Identify(identify) => payload.serialize_field("d", identify)?,
            Self::UpdatePresence(presence) => payload.serialize_field("d", presence)?,
            Self::UpdateVoiceState(voice) => payload.serialize_field("d", voice)?,
            Self::Resume(resume) => payload.serialize_field("d", resume)?,
            Self::RequestGuildMembers(request) => payload.serialize_field("d", request)?,
            Self::RequestSoundboardSounds(request) => payload.serialize_field("d", request)?,
            Self::RequestChannelInfo(request) => payload.serialize_field("d", request)?,
        }
        payload.end()
    }
}

macro_rules! command_from {
    ($($variant:ident($ty:ty) => $wrap:expr;)*) => {$(
        impl From<$ty> for GatewayCommand {
            fn from(command: $ty) -> Self {
                Self::$variant($wrap(command))
            }
        }
    )*};
}

command_from! {
    Identify(Identify) => Box::new;
    UpdatePresence(UpdatePresence) => Box::new;
    UpdateVoiceState(UpdateVoiceState) => std::convert::identity;
    Resume(Resume) => Box::new;
    RequestGuildMembers(RequestGuildMembers) => Box::new;
    RequestSoundboardSounds(RequestSoundboardSounds) => std::convert::identity;
    RequestChannelInfo(RequestChannelInfo) => std::convert::identity;
}
