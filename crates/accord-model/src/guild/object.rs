//! The guild object and its smaller forms: unavailable, partial (the current user's guilds)
//! and preview.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, GuildFeature, IncidentsData, Member,
    MfaLevel, NsfwLevel, PremiumTier, Role, SystemChannelFlags, VerificationLevel, WelcomeScreen,
};
use crate::channel::Channel;
use crate::emoji::Emoji;
use crate::id::Id;
use crate::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, UserMarker};
use crate::locale::Locale;
use crate::permissions::Permissions;
use crate::presence::Presence;
use crate::scheduled_event::GuildScheduledEvent;
use crate::soundboard::SoundboardSound;
use crate::stage_instance::StageInstance;
use crate::sticker::Sticker;
use crate::util::{ImageHash, Timestamp};
use crate::voice::VoiceState;

/// A guild ("server"), as `GET /guilds/{id}`, GUILD_UPDATE and GUILD_CREATE send it.
///
/// The fields from `joined_at` to `soundboard_sounds` come only with GUILD_CREATE; elsewhere
/// they are `None`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Guild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name, 2 to 100 characters.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The icon hash, as guild templates give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<ImageHash>,
    /// The invite splash hash.
    #[serde(default)]
    pub splash: Option<ImageHash>,
    /// The discovery splash hash (guilds with the `DISCOVERABLE` feature).
    #[serde(default)]
    pub discovery_splash: Option<ImageHash>,
    /// Whether the current user owns the guild (`GET /users/@me/guilds` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<bool>,
    /// The owner.
    pub owner_id: Id<UserMarker>,
    /// The current user's permissions in the guild, without overwrites
    /// (`GET /users/@me/guilds` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// The voice region id (deprecated: channels have an `rtc_region`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<CompactString>,
    /// The AFK voice channel.
    #[serde(default)]
    pub afk_channel_id: Option<Id<ChannelMarker>>,
    /// Seconds of inactivity before a member is moved to the AFK channel: 60, 300, 900, 1800
    /// or 3600.
    pub afk_timeout: u32,
    /// Whether the widget is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_enabled: Option<bool>,
    /// The channel the widget invites to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_channel_id: Option<Id<ChannelMarker>>,
    /// What a user must have done before they can talk.
    pub verification_level: VerificationLevel,
    /// Which messages notify members by default.
    pub default_message_notifications: DefaultMessageNotificationLevel,
    /// Whose media is scanned for explicit content.
    pub explicit_content_filter: ExplicitContentFilter,
    /// The roles.
    pub roles: Vec<Role>,
    /// The custom emojis.
    pub emojis: Vec<Emoji>,
    /// What the guild has unlocked or turned on.
    pub features: Vec<GuildFeature>,
    /// Whether moderation actions need 2FA.
    pub mfa_level: MfaLevel,
    /// The application that created the guild, for bot-created guilds.
    #[serde(default)]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The channel of system notices (welcome messages, boosts).
    #[serde(default)]
    pub system_channel_id: Option<Id<ChannelMarker>>,
    /// Which notices the system channel does not show.
    pub system_channel_flags: SystemChannelFlags,
    /// The rules channel of a Community guild.
    #[serde(default)]
    pub rules_channel_id: Option<Id<ChannelMarker>>,
    /// The maximum number of presences; `None` except for the largest guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_presences: Option<u32>,
    /// The maximum number of members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_members: Option<u32>,
    /// The vanity invite code.
    #[serde(default)]
    pub vanity_url_code: Option<CompactString>,
    /// The description of a Community guild.
    #[serde(default)]
    pub description: Option<String>,
    /// The banner hash.
    #[serde(default)]
    pub banner: Option<ImageHash>,
    /// The Server Boost level.
    pub premium_tier: PremiumTier,
    /// How many boosts the guild has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_subscription_count: Option<u32>,
    /// The language of a Community guild, used by discovery, Discord's notices and
    /// interactions; `en-US` unless set.
    pub preferred_locale: Locale,
    /// The channel where a Community guild's moderators receive Discord's notices.
    #[serde(default)]
    pub public_updates_channel_id: Option<Id<ChannelMarker>>,
    /// The maximum number of users in a video channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_video_channel_users: Option<u32>,
    /// The maximum number of users in a stage video channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_stage_video_channel_users: Option<u32>,
    /// About how many members the guild has (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u32>,
    /// About how many members are online (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u32>,
    /// The welcome screen of a Community guild (in invites).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_screen: Option<Box<WelcomeScreen>>,
    /// The age-restriction level; always sent by Discord, though the docs' examples leave it
    /// out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw_level: Option<NsfwLevel>,
    /// Whether the guild is age-restricted (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// The custom stickers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// Whether the boost progress bar is shown; always sent by Discord, though the docs'
    /// examples leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_progress_bar_enabled: Option<bool>,
    /// The channel where a Community guild's moderators receive safety alerts.
    #[serde(default)]
    pub safety_alerts_channel_id: Option<Id<ChannelMarker>>,
    /// Raid and spam incidents, and the protections they triggered.
    #[serde(default)]
    pub incidents_data: Option<Box<IncidentsData>>,
    /// The header image hash of the guild's home (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_header: Option<ImageHash>,
    /// When the current user joined (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Timestamp>,
    /// Whether the guild is above the identify `large_threshold` (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large: Option<bool>,
    /// Whether an outage makes the guild unavailable (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<bool>,
    /// How many members the guild has (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u64>,
    /// The members in voice channels, without `guild_id` (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_states: Option<Vec<VoiceState>>,
    /// The members sent with the guild: all of them, or only the online, voice and role
    /// holders of large guilds, or only the bot without the presence intent (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<Member>>,
    /// The channels (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
    /// The active threads the current user can see (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<Vec<Channel>>,
    /// The presences of the members sent (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presences: Option<Vec<Presence>>,
    /// The live stages (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_instances: Option<Vec<StageInstance>>,
    /// The scheduled events (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_events: Option<Vec<GuildScheduledEvent>>,
    /// The soundboard sounds (GUILD_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soundboard_sounds: Option<Vec<SoundboardSound>>,
}

impl Guild {
    /// A guild with a name and an owner and nothing else: no roles, emojis or features, every
    /// level at its lowest, a five-minute AFK timeout, `en-US`, and `None` in the optional
    /// fields.
    pub fn new(
        id: Id<GuildMarker>,
        name: impl Into<CompactString>,
        owner_id: Id<UserMarker>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            icon: None,
            icon_hash: None,
            splash: None,
            discovery_splash: None,
            owner: None,
            owner_id,
            permissions: None,
            region: None,
            afk_channel_id: None,
            afk_timeout: 300,
            widget_enabled: None,
            widget_channel_id: None,
            verification_level: VerificationLevel::None,
            default_message_notifications: DefaultMessageNotificationLevel::AllMessages,
            explicit_content_filter: ExplicitContentFilter::Disabled,
            roles: Vec::new(),
            emojis: Vec::new(),
            features: Vec::new(),
            mfa_level: MfaLevel::None,
            application_id: None,
            system_channel_id: None,
            system_channel_flags: SystemChannelFlags::empty(),
            rules_channel_id: None,
            max_presences: None,
            max_members: None,
            vanity_url_code: None,
            description: None,
            banner: None,
            premium_tier: PremiumTier::None,
            premium_subscription_count: None,
            preferred_locale: Locale::EnglishUs,
            public_updates_channel_id: None,
            max_video_channel_users: None,
            max_stage_video_channel_users: None,
            approximate_member_count: None,
            approximate_presence_count: None,
            welcome_screen: None,
            nsfw_level: Some(NsfwLevel::Default),
            nsfw: None,
            stickers: None,
            premium_progress_bar_enabled: Some(false),
            safety_alerts_channel_id: None,
            incidents_data: None,
            home_header: None,
            joined_at: None,
            large: None,
            unavailable: None,
            member_count: None,
            voice_states: None,
            members: None,
            channels: None,
            threads: None,
            presences: None,
            stage_instances: None,
            guild_scheduled_events: None,
            soundboard_sounds: None,
        }
    }

    /// Whether the guild has a feature.
    pub fn has_feature(&self, feature: &GuildFeature) -> bool {
        self.features.contains(feature)
    }

    /// The @everyone role, whose id is the guild's.
    pub fn everyone_role(&self) -> Option<&Role> {
        let id = self.id.cast();
        self.roles.iter().find(|role| role.id == id)
    }
}

/// A guild whose data is not available: in READY before its GUILD_CREATE, and in GUILD_DELETE.
///
/// In GUILD_DELETE, `unavailable` absent means the current user left or was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UnavailableGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// Whether an outage makes the guild unavailable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<bool>,
}

impl UnavailableGuild {
    /// A guild unavailable because of an outage.
    pub const fn new(id: Id<GuildMarker>) -> Self {
        Self { id, unavailable: Some(true) }
    }

    /// Whether an outage is the reason; `false` in a GUILD_DELETE means the user left.
    pub fn is_outage(&self) -> bool {
        self.unavailable.unwrap_or(false)
    }
}

/// A guild the current user is in (`GET /users/@me/guilds`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The banner hash.
    #[serde(default)]
    pub banner: Option<ImageHash>,
    /// Whether the current user owns the guild.
    #[serde(default)]
    pub owner: bool,
    /// The current user's permissions in the guild, without overwrites.
    pub permissions: Permissions,
    /// What the guild has unlocked or turned on.
    pub features: Vec<GuildFeature>,
    /// About how many members the guild has (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u32>,
    /// About how many members are online (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u32>,
}

/// What anyone may see of a discoverable guild before joining (`GET /guilds/{id}/preview`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildPreview {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The invite splash hash.
    #[serde(default)]
    pub splash: Option<ImageHash>,
    /// The discovery splash hash.
    #[serde(default)]
    pub discovery_splash: Option<ImageHash>,
    /// The custom emojis.
    pub emojis: Vec<Emoji>,
    /// What the guild has unlocked or turned on.
    pub features: Vec<GuildFeature>,
    /// About how many members the guild has.
    pub approximate_member_count: u32,
    /// About how many members are online.
    pub approximate_presence_count: u32,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The custom stickers.
    #[serde(default)]
    pub stickers: Vec<Sticker>,
}

/// A guild's vanity invite and how often it was used (`GET /guilds/{id}/vanity-url`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VanityUrl {
    /// The invite code; `None` when the guild has none.
    #[serde(default)]
    pub code: Option<CompactString>,
    /// How many times it was used.
    pub uses: u64,
}

#[cfg(test)]
mod tests {
    use static_assertions::assert_impl_all;

    use super::{Guild, GuildFeature, UnavailableGuild};
    use crate::id::Id;
    use crate::presence::Status;

    assert_impl_all!(Guild: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(UnavailableGuild: Send, Sync, Copy);

    #[test]
    fn new_guild_round_trips_and_has_no_gateway_fields() {
        let guild = Guild::new(Id::new(1), "Test", Id::new(2));
        let json = serde_json::to_value(&guild).unwrap();
        assert_eq!(json["preferred_locale"], "en-US");
        assert_eq!(json["nsfw_level"], 0);
        assert!(json.get("members").is_none() && json.get("joined_at").is_none());
        assert_eq!(serde_json::from_value::<Guild>(json).unwrap(), guild);
    }

    #[test]
    fn guild_create_extras_parse() {
        let json = r#"{
            "id": "1", "name": "g", "icon": null, "splash": null, "discovery_splash": null,
            "owner_id": "2", "afk_channel_id": null, "afk_timeout": 300,
            "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "system_channel_flags": 0,
            "premium_tier": 0, "preferred_locale": "en-US", "nsfw_level": 0,
            "roles": [{"id": "1", "name": "@everyone", "color": 0, "hoist": false,
                "position": 0, "permissions": "1024", "managed": false, "mentionable": false}],
            "emojis": [], "features": ["COMMUNITY", "SOMETHING_NEW"],
            "joined_at": "2024-01-01T00:00:00+00:00", "large": false, "member_count": 2,
            "voice_states": [{"channel_id": "3", "user_id": "2", "session_id": "s",
                "deaf": false, "mute": false, "self_deaf": false, "self_mute": false,
                "self_video": false, "suppress": false, "request_to_speak_timestamp": null}],
            "members": [], "channels": [], "threads": [],
            "presences": [{"user": {"id": "2"}, "status": "dnd", "activities": [],
                "client_status": {"desktop": "dnd"}}],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": []
        }"#;
        let guild: Guild = serde_json::from_str(json).unwrap();
        assert!(guild.has_feature(&GuildFeature::Community));
        assert_eq!(guild.features[1].as_str(), "SOMETHING_NEW");
        assert_eq!(guild.everyone_role().unwrap().name, "@everyone");
        assert_eq!(guild.member_count, Some(2));
        assert_eq!(guild.voice_states.as_ref().unwrap()[0].guild_id, None);
        let presence = &guild.presences.as_ref().unwrap()[0];
        assert_eq!(presence.status, Status::DoNotDisturb);
        assert_eq!(presence.client_status.desktop, Some(Status::DoNotDisturb));
    }

    #[test]
    fn unavailable_guild_tells_outage_from_removal() {
        let outage: UnavailableGuild =
            serde_json::from_str(r#"{"id":"1","unavailable":true}"#).unwrap();
        let removed: UnavailableGuild = serde_json::from_str(r#"{"id":"1"}"#).unwrap();
        assert!(outage.is_outage() && !removed.is_outage());
    }
}
