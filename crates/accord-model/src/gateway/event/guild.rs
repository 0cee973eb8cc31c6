//! Guild events: the guild itself, bans, expressions, members, roles, scheduled event
//! subscribers, soundboard and integrations.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::emoji::Emoji;
use crate::guild::{Guild, Member, MemberFlags, Role, UnavailableGuild};
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, GuildMarker, IntegrationMarker, RoleMarker, ScheduledEventMarker,
    SoundboardSoundMarker, UserMarker,
};
use crate::presence::Presence;
use crate::soundboard::SoundboardSound;
use crate::sticker::Sticker;
use crate::user::{AvatarDecorationData, Collectibles, User};
use crate::util::{ImageHash, Timestamp};

/// A guild became available to the bot: at startup, when it recovers from an outage, or when
/// the bot joins it. During an outage Discord sends only the id with `unavailable: true`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "events hold it boxed; boxing the guild again would cost an allocation per GUILD_CREATE"
)]
pub enum GuildCreate {
    /// The whole guild, with the GUILD_CREATE-only fields (members, channels, presences…).
    Available(Guild),
    /// A guild in an outage.
    Unavailable(UnavailableGuild),
}

impl GuildCreate {
    /// The guild's id.
    pub fn id(&self) -> Id<GuildMarker> {
        match self {
            Self::Available(guild) => guild.id,
            Self::Unavailable(guild) => guild.id,
        }
    }
}

impl Serialize for GuildCreate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Available(guild) => guild.serialize(serializer),
            Self::Unavailable(guild) => guild.serialize(serializer),
        }
    }
}

/// Reads a GUILD_CREATE in one pass: the data goes straight into [`Guild`] while the `id` and
/// `unavailable` fields are noted on the way; if the guild turns out to be the short
/// unavailable form, those notes make the [`UnavailableGuild`].
impl<'de> Deserialize<'de> for GuildCreate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(GuildCreateVisitor)
    }
}

struct GuildCreateVisitor;

impl<'de> Visitor<'de> for GuildCreateVisitor {
    type Value = GuildCreate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a guild")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GuildCreate, A::Error> {
        let mut spy =
            Spy { inner: map, key: SpyKey::Other, id: None, unavailable: None, exhausted: false };
        match Guild::deserialize(de::value::MapAccessDeserializer::new(&mut spy)) {
            Ok(guild) => Ok(GuildCreate::Available(guild)),
            // Only the short form fails after reading every entry (for missing fields) with
            // `unavailable: true`; any other failure is a real error.
            Err(error) => match spy.id {
                Some(id) if spy.exhausted && spy.unavailable == Some(true) => {
                    Ok(GuildCreate::Unavailable(UnavailableGuild::new(id)))
                }
                _ => Err(error),
            },
        }
    }
}

#[derive(Clone, Copy)]
enum SpyKey {
    Id,
    Unavailable,
    Other,
}

/// A map that notes `id` and `unavailable` while handing every entry to the inner visitor.
struct Spy<A> {
    inner: A,
    key: SpyKey,
    id: Option<Id<GuildMarker>>,
    unavailable: Option<bool>,
    /// Whether the inner map said it has no more entries.
    exhausted: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Spy<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let key = self.inner.next_key_seed(KeySpy { seed, key: &mut self.key })?;
        self.exhausted = key.is_none();
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.key {
            SpyKey::Id => {
                let id: Id<GuildMarker> = self.inner.next_value()?;
                self.id = Some(id);
                seed.deserialize(id.get().into_deserializer())
            }
            SpyKey::Unavailable => {
                let unavailable: bool = self.inner.next_value()?;
                self.unavailable = Some(unavailable);
                seed.deserialize(BoolValue(unavailable, std::marker::PhantomData))
            }
            SpyKey::Other => self.inner.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct KeySpy<'a, K> {
    seed: K,
    key: &'a mut SpyKey,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySpy<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeySpy<'_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<K::Value, E> {
        *self.key = match key {
            "id" => SpyKey::Id,
            "unavailable" => SpyKey::Unavailable,
            _ => SpyKey::Other,
        };
        self.seed.deserialize(key.into_deserializer())
    }
}

/// A boolean that also reads as `Some(bool)`, for `Option<bool>` fields.
struct BoolValue<E>(bool, std::marker::PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for BoolValue<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_bool(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A user was banned.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildBanAdd {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The banned user.
    pub user: User,
}

impl GuildBanAdd {
    /// A `GuildBanAdd` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, user: User) -> Self {
        Self { guild_id, user }
    }
}

/// A user was unbanned.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildBanRemove {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The unbanned user.
    pub user: User,
}

impl GuildBanRemove {
    /// A `GuildBanRemove` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, user: User) -> Self {
        Self { guild_id, user }
    }
}

/// The guild's emojis changed; the list is complete.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildEmojisUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Every emoji of the guild.
    pub emojis: Vec<Emoji>,
}

impl GuildEmojisUpdate {
    /// A `GuildEmojisUpdate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, emojis: Vec<Emoji>) -> Self {
        Self { guild_id, emojis }
    }
}

/// The guild's stickers changed; the list is complete.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildStickersUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Every sticker of the guild.
    pub stickers: Vec<Sticker>,
}

impl GuildStickersUpdate {
    /// A `GuildStickersUpdate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, stickers: Vec<Sticker>) -> Self {
        Self { guild_id, stickers }
    }
}

/// The guild's integrations changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildIntegrationsUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl GuildIntegrationsUpdate {
    /// A `GuildIntegrationsUpdate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>) -> Self {
        Self { guild_id }
    }
}

/// A user left or was removed from a guild.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildMemberRemove {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The user who left.
    pub user: User,
}

impl GuildMemberRemove {
    /// A `GuildMemberRemove` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, user: User) -> Self {
        Self { guild_id, user }
    }
}

/// A member changed: roles, nickname, avatar, timeout…
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildMemberUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The member's roles.
    pub roles: Vec<Id<RoleMarker>>,
    /// The user.
    pub user: User,
    /// The nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<CompactString>,
    /// The guild-specific avatar hash.
    #[serde(default)]
    pub avatar: Option<ImageHash>,
    /// The guild-specific banner hash.
    #[serde(default)]
    pub banner: Option<ImageHash>,
    /// When the user joined.
    #[serde(default)]
    pub joined_at: Option<Timestamp>,
    /// Since when the member boosts the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the member is deafened in voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the member is muted in voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Whether the member has not passed membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// Until when the member is timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// The member's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MemberFlags>,
    /// The guild-specific avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<Box<AvatarDecorationData>>,
    /// The guild-specific collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Box<Collectibles>>,
}

impl GuildMemberUpdate {
    /// A `GuildMemberUpdate` from its required fields; the optional ones are `None`.
    pub fn new(guild_id: Id<GuildMarker>, roles: Vec<Id<RoleMarker>>, user: User) -> Self {
        Self {
            guild_id,
            roles,
            user,
            nick: None,
            avatar: None,
            banner: None,
            joined_at: None,
            premium_since: None,
            deaf: None,
            mute: None,
            pending: None,
            communication_disabled_until: None,
            flags: None,
            avatar_decoration_data: None,
            collectibles: None,
        }
    }
}

/// Members sent in answer to a Request Guild Members command, at most 1,000 per chunk.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildMembersChunk {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The members in this chunk.
    pub members: Vec<Member>,
    /// This chunk's index, from 0.
    pub chunk_index: u32,
    /// How many chunks answer the request.
    pub chunk_count: u32,
    /// Requested user ids that are not members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_found: Option<Vec<Id<UserMarker>>>,
    /// The members' presences, when requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<Vec<Presence>>,
    /// The request's nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<CompactString>,
}

impl GuildMembersChunk {
    /// A `GuildMembersChunk` from its required fields; the optional ones are `None`.
    pub fn new(
        guild_id: Id<GuildMarker>,
        members: Vec<Member>,
        chunk_index: u32,
        chunk_count: u32,
    ) -> Self {
        Self {
            guild_id,
            members,
            chunk_index,
            chunk_count,
            not_found: None,
            presences: None,
            nonce: None,
        }
    }
}

/// A role was created.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildRoleCreate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The role.
    pub role: Role,
}

impl GuildRoleCreate {
    /// A `GuildRoleCreate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, role: Role) -> Self {
        Self { guild_id, role }
    }
}

/// A role changed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildRoleUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The role as it is now.
    pub role: Role,
}

impl GuildRoleUpdate {
    /// A `GuildRoleUpdate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, role: Role) -> Self {
        Self { guild_id, role }
    }
}

/// A role was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildRoleDelete {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The deleted role.
    pub role_id: Id<RoleMarker>,
}

impl GuildRoleDelete {
    /// A `GuildRoleDelete` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>) -> Self {
        Self { guild_id, role_id }
    }
}

/// A user subscribed to a scheduled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildScheduledEventUserAdd {
    /// The event.
    pub guild_scheduled_event_id: Id<ScheduledEventMarker>,
    /// The user.
    pub user_id: Id<UserMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl GuildScheduledEventUserAdd {
    /// A `GuildScheduledEventUserAdd` from its fields.
    pub fn new(
        guild_scheduled_event_id: Id<ScheduledEventMarker>,
        user_id: Id<UserMarker>,
        guild_id: Id<GuildMarker>,
    ) -> Self {
        Self { guild_scheduled_event_id, user_id, guild_id }
    }
}

/// A user unsubscribed from a scheduled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildScheduledEventUserRemove {
    /// The event.
    pub guild_scheduled_event_id: Id<ScheduledEventMarker>,
    /// The user.
    pub user_id: Id<UserMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl GuildScheduledEventUserRemove {
    /// A `GuildScheduledEventUserRemove` from its fields.
    pub fn new(
        guild_scheduled_event_id: Id<ScheduledEventMarker>,
        user_id: Id<UserMarker>,
        guild_id: Id<GuildMarker>,
    ) -> Self {
        Self { guild_scheduled_event_id, user_id, guild_id }
    }
}

/// A soundboard sound was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildSoundboardSoundDelete {
    /// The sound.
    pub sound_id: Id<SoundboardSoundMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl GuildSoundboardSoundDelete {
    /// A `GuildSoundboardSoundDelete` from its fields.
    pub fn new(sound_id: Id<SoundboardSoundMarker>, guild_id: Id<GuildMarker>) -> Self {
        Self { sound_id, guild_id }
    }
}

/// Several soundboard sounds changed.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildSoundboardSoundsUpdate {
    /// The sounds as they are now.
    pub soundboard_sounds: Vec<SoundboardSound>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl GuildSoundboardSoundsUpdate {
    /// A `GuildSoundboardSoundsUpdate` from its fields.
    pub fn new(soundboard_sounds: Vec<SoundboardSound>, guild_id: Id<GuildMarker>) -> Self {
        Self { soundboard_sounds, guild_id }
    }
}

/// A guild's soundboard sounds, in answer to a Request Soundboard Sounds command.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SoundboardSounds {
    /// The sounds.
    pub soundboard_sounds: Vec<SoundboardSound>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
}

impl SoundboardSounds {
    /// A `SoundboardSounds` from its fields.
    pub fn new(soundboard_sounds: Vec<SoundboardSound>, guild_id: Id<GuildMarker>) -> Self {
        Self { soundboard_sounds, guild_id }
    }
}

/// An integration was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IntegrationDelete {
    /// The integration.
    pub id: Id<IntegrationMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The bot or OAuth2 application of the integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
}

impl IntegrationDelete {
    /// A `IntegrationDelete` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<IntegrationMarker>, guild_id: Id<GuildMarker>) -> Self {
        Self { id, guild_id, application_id: None }
    }
}
