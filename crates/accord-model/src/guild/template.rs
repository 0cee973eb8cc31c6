//! Guild templates: a snapshot of a guild's settings, roles and channels that new guilds can
//! be created from.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, SystemChannelFlags, VerificationLevel,
};
use crate::channel::{
    AutoArchiveDuration, ChannelType, DefaultReaction, ForumLayout, PermissionOverwriteType,
    SortOrder, TagSearchSetting,
};
use crate::guild::RoleColors;
use crate::id::Id;
use crate::id::marker::{EmojiMarker, GuildMarker, UserMarker};
use crate::locale::Locale;
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::{ImageHash, Timestamp};

/// A template to create guilds from (`GET /guilds/templates/{code}`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildTemplate {
    /// The template's code, its id.
    pub code: CompactString,
    /// The name, 1 to 100 characters.
    pub name: CompactString,
    /// The description, up to 120 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// How many guilds were created from it.
    pub usage_count: u32,
    /// Who created it.
    pub creator_id: Id<UserMarker>,
    /// The user who created it.
    #[serde(default)]
    pub creator: Option<User>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last synced with its guild.
    pub updated_at: Timestamp,
    /// The guild it was made from.
    pub source_guild_id: Id<GuildMarker>,
    /// The snapshot of the guild.
    pub serialized_source_guild: TemplateGuild,
    /// Whether the guild changed since the last sync.
    #[serde(default)]
    pub is_dirty: Option<bool>,
}

/// An id local to a template: roles and channels of a snapshot are numbered from 0 (the
/// @everyone role) instead of having snowflakes. Parsed from an integer or a string, written
/// as an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TemplateId(pub u64);

impl Serialize for TemplateId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for TemplateId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TemplateIdVisitor;

        impl Visitor<'_> for TemplateIdVisitor {
            type Value = TemplateId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a template-local id as an integer or a string")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<TemplateId, E> {
                Ok(TemplateId(value))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<TemplateId, E> {
                u64::try_from(value)
                    .map(TemplateId)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<TemplateId, E> {
                value
                    .parse()
                    .map(TemplateId)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }

        deserializer.deserialize_any(TemplateIdVisitor)
    }
}

/// The snapshot of a guild inside a template.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TemplateGuild {
    /// The name.
    pub name: CompactString,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The voice region (deprecated).
    #[serde(default)]
    pub region: Option<CompactString>,
    /// What a user must have done before they can talk.
    pub verification_level: VerificationLevel,
    /// Which messages notify members by default.
    pub default_message_notifications: DefaultMessageNotificationLevel,
    /// Whose media is scanned for explicit content.
    pub explicit_content_filter: ExplicitContentFilter,
    /// The language.
    pub preferred_locale: Locale,
    /// The AFK channel, by template id.
    #[serde(default)]
    pub afk_channel_id: Option<TemplateId>,
    /// Seconds of inactivity before a member is moved to the AFK channel.
    pub afk_timeout: u32,
    /// The system channel, by template id.
    #[serde(default)]
    pub system_channel_id: Option<TemplateId>,
    /// Which notices the system channel does not show.
    pub system_channel_flags: SystemChannelFlags,
    /// The roles; id 0 is @everyone.
    pub roles: Vec<TemplateRole>,
    /// The channels.
    pub channels: Vec<TemplateChannel>,
    /// The icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<ImageHash>,
}

/// A role in a template snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TemplateRole {
    /// The template-local id; 0 is @everyone.
    pub id: TemplateId,
    /// The name.
    pub name: CompactString,
    /// The permissions the role grants.
    pub permissions: Permissions,
    /// The primary color as RGB.
    pub color: u32,
    /// The role's colors, including gradients.
    #[serde(default)]
    pub colors: Option<RoleColors>,
    /// Whether members with the role are shown apart.
    pub hoist: bool,
    /// Whether anyone can mention the role.
    pub mentionable: bool,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// A Unicode emoji used as the icon.
    #[serde(default)]
    pub unicode_emoji: Option<CompactString>,
}

/// A channel in a template snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TemplateChannel {
    /// The template-local id.
    #[serde(default)]
    pub id: Option<TemplateId>,
    /// The channel type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The name.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// The position in the channel list.
    #[serde(default)]
    pub position: Option<i32>,
    /// The topic.
    #[serde(default)]
    pub topic: Option<String>,
    /// The bitrate of a voice channel, in bits per second.
    #[serde(default)]
    pub bitrate: u32,
    /// The user limit of a voice channel; 0 for none.
    #[serde(default)]
    pub user_limit: u32,
    /// Whether the channel is age-restricted.
    #[serde(default)]
    pub nsfw: bool,
    /// The slowmode, in seconds.
    #[serde(default)]
    pub rate_limit_per_user: u32,
    /// The category, by template id.
    #[serde(default)]
    pub parent_id: Option<TemplateId>,
    /// The default archive delay of new threads.
    #[serde(default)]
    pub default_auto_archive_duration: Option<AutoArchiveDuration>,
    /// The permission overwrites, by template role id.
    pub permission_overwrites: Vec<TemplatePermissionOverwrite>,
    /// The tags of a forum or media channel.
    #[serde(default)]
    pub available_tags: Option<Vec<TemplateTag>>,
    /// The template text of new posts (forum and media channels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<CompactString>,
    /// The reaction emoji shown on posts.
    #[serde(default)]
    pub default_reaction_emoji: Option<DefaultReaction>,
    /// The slowmode of new threads, in seconds.
    #[serde(default)]
    pub default_thread_rate_limit_per_user: Option<u32>,
    /// How posts are sorted.
    #[serde(default)]
    pub default_sort_order: Option<SortOrder>,
    /// How posts are laid out.
    #[serde(default)]
    pub default_forum_layout: Option<ForumLayout>,
    /// How tag filters combine.
    #[serde(default)]
    pub default_tag_setting: Option<TagSearchSetting>,
    /// The channel's theme color as RGB.
    #[serde(default)]
    pub theme_color: Option<u32>,
}

/// A permission overwrite in a template snapshot, for a template role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TemplatePermissionOverwrite {
    /// The template-local role id.
    pub id: TemplateId,
    /// Whether the overwrite is for a role or a member.
    #[serde(rename = "type")]
    pub kind: PermissionOverwriteType,
    /// The permissions granted.
    pub allow: Permissions,
    /// The permissions denied.
    pub deny: Permissions,
}

/// A forum tag in a template snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TemplateTag {
    /// The template-local id.
    #[serde(default)]
    pub id: Option<TemplateId>,
    /// The name.
    pub name: CompactString,
    /// The guild's custom emoji.
    #[serde(default)]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The Unicode emoji.
    #[serde(default)]
    pub emoji_name: Option<CompactString>,
    /// Whether only moderators may apply the tag.
    #[serde(default)]
    pub moderated: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::TemplateId;

    #[test]
    fn template_ids_accept_integers_and_strings() {
        assert_eq!(serde_json::from_str::<TemplateId>("0").unwrap(), TemplateId(0));
        assert_eq!(serde_json::from_str::<TemplateId>(r#""12""#).unwrap(), TemplateId(12));
        assert!(serde_json::from_str::<TemplateId>("-1").is_err());
        assert_eq!(serde_json::to_string(&TemplateId(2)).unwrap(), "2");
    }
}
