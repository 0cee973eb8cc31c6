//! Guild members: a user's membership in one guild.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{GuildMarker, RoleMarker};
use crate::permissions::Permissions;
use crate::user::{AvatarDecorationData, Collectibles, User};
use crate::util::{ImageHash, Timestamp};

/// A member of a guild, with its user.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Member {
    /// The user.
    pub user: User,
    /// The nickname in this guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<CompactString>,
    /// The guild-specific avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// The guild-specific banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// The member's roles (the @everyone role is implied, not listed).
    pub roles: Vec<Id<RoleMarker>>,
    /// When the user joined; `None` for guest members.
    #[serde(default)]
    pub joined_at: Option<Timestamp>,
    /// Since when the member boosts the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the member is deafened in voice channels.
    pub deaf: bool,
    /// Whether the member is muted in voice channels.
    pub mute: bool,
    /// The member's flags.
    #[serde(default)]
    pub flags: MemberFlags,
    /// Whether the member has not yet passed membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// The older name of `pending`, still in some payloads (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_pending: Option<bool>,
    /// The member's permissions in the interaction's channel (interactions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Until when the member is timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// The guild-specific avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<Box<AvatarDecorationData>>,
    /// The guild-specific collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Box<Collectibles>>,
    /// The guild, sent only where the member is the whole payload: GUILD_MEMBER_ADD carries
    /// it as an extra field, so a cache can tell which guild the member joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl Member {
    /// A member with a user and a join time, no nickname, roles or flags, neither muted nor
    /// deafened.
    pub fn new(user: User, joined_at: Option<Timestamp>) -> Self {
        Self {
            user,
            nick: None,
            avatar: None,
            banner: None,
            roles: Vec::new(),
            joined_at,
            premium_since: None,
            deaf: false,
            mute: false,
            flags: MemberFlags::empty(),
            pending: None,
            is_pending: None,
            permissions: None,
            communication_disabled_until: None,
            avatar_decoration_data: None,
            collectibles: None,
            guild_id: None,
        }
    }

    /// The name to show in the guild: nickname, display name, then username.
    pub fn display_name(&self) -> &str {
        self.nick.as_deref().unwrap_or_else(|| self.user.display_name())
    }

    /// Whether the member is timed out at `now`.
    pub fn is_timed_out(&self, now: Timestamp) -> bool {
        self.communication_disabled_until.is_some_and(|until| until > now)
    }
}

/// A member without some fields: the `member` of MESSAGE_CREATE (no `user`) and the members of
/// an interaction's resolved data (no `user`, `deaf`, `mute`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialMember {
    /// The user, when included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The nickname in this guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick: Option<CompactString>,
    /// The guild-specific avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// The guild-specific banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// The member's roles.
    pub roles: Vec<Id<RoleMarker>>,
    /// When the user joined.
    #[serde(default)]
    pub joined_at: Option<Timestamp>,
    /// Since when the member boosts the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_since: Option<Timestamp>,
    /// Whether the member is deafened in voice channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the member is muted in voice channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// The member's flags; left out of some payloads (such as the docs' interaction examples),
    /// see [`PartialMember::flags()`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MemberFlags>,
    /// Whether the member has not yet passed membership screening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// The older name of `pending`, still in some payloads (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_pending: Option<bool>,
    /// The member's permissions in the interaction's channel (interactions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// Until when the member is timed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_disabled_until: Option<Timestamp>,
    /// The guild-specific avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<Box<AvatarDecorationData>>,
    /// The guild-specific collectibles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Box<Collectibles>>,
}

impl From<Member> for PartialMember {
    fn from(member: Member) -> Self {
        Self {
            user: Some(member.user),
            nick: member.nick,
            avatar: member.avatar,
            banner: member.banner,
            roles: member.roles,
            joined_at: member.joined_at,
            premium_since: member.premium_since,
            deaf: Some(member.deaf),
            mute: Some(member.mute),
            flags: Some(member.flags),
            pending: member.pending,
            is_pending: member.is_pending,
            permissions: member.permissions,
            communication_disabled_until: member.communication_disabled_until,
            avatar_decoration_data: member.avatar_decoration_data,
            collectibles: member.collectibles,
        }
    }
}

impl PartialMember {
    /// The member's flags; empty when Discord left them out.
    pub fn flags(&self) -> MemberFlags {
        self.flags.unwrap_or_default()
    }
}

flags! {
    /// Flags on a guild membership.
    pub struct MemberFlags: u64 as integer {
        /// The member left and rejoined the guild.
        const DID_REJOIN = 1 << 0;
        /// The member completed onboarding.
        const COMPLETED_ONBOARDING = 1 << 1;
        /// The member is exempt from verification requirements.
        const BYPASSES_VERIFICATION = 1 << 2;
        /// The member started onboarding.
        const STARTED_ONBOARDING = 1 << 3;
        /// The member is a guest and can only reach the voice channel they were invited to.
        const IS_GUEST = 1 << 4;
        /// The member started the home actions.
        const STARTED_HOME_ACTIONS = 1 << 5;
        /// The member completed the home actions.
        const COMPLETED_HOME_ACTIONS = 1 << 6;
        /// AutoMod quarantined the member for their username.
        const AUTOMOD_QUARANTINED_USERNAME = 1 << 7;
        /// The member acknowledged the DM settings upsell.
        const DM_SETTINGS_UPSELL_ACKNOWLEDGED = 1 << 9;
        /// AutoMod quarantined the member for their guild tag.
        const AUTOMOD_QUARANTINED_GUILD_TAG = 1 << 10;
    }
}

#[cfg(test)]
mod tests {
    use super::Member;
    use crate::id::Id;

    #[test]
    fn guild_member_add_keeps_its_guild_id() {
        let json = r#"{"guild_id":"9","user":{"id":"1","username":"u","discriminator":"0"},
            "roles":[],"joined_at":"2024-01-01T00:00:00+00:00","deaf":false,"mute":false}"#;
        let member: Member = serde_json::from_str(json).unwrap();
        assert_eq!(member.guild_id, Some(Id::new(9)));
        let plain = Member::new(member.user.clone(), member.joined_at);
        let text = serde_json::to_string(&plain).unwrap();
        assert!(!text.contains("guild_id"), "{text}");
    }
}
