//! Roles: permissions, colors, tags.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::Id;
use crate::id::marker::{IntegrationMarker, RoleMarker, SkuMarker, UserMarker};
use crate::permissions::Permissions;
use crate::util::ImageHash;

/// A role in a guild.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Role {
    /// The role's id; the @everyone role has the guild's id.
    pub id: Id<RoleMarker>,
    /// The name.
    pub name: CompactString,
    /// The primary color as RGB (deprecated by Discord in favour of `colors`).
    pub color: u32,
    /// The role's colors, including gradients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<RoleColors>,
    /// Whether members with the role are shown apart in the member list.
    pub hoist: bool,
    /// The icon hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// A Unicode emoji shown as the role's icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unicode_emoji: Option<CompactString>,
    /// The position in the hierarchy; ties are broken by id.
    pub position: i32,
    /// The permissions the role grants.
    pub permissions: Permissions,
    /// The same permissions under their API v8 transition name, still in some old payloads
    /// (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_new: Option<Permissions>,
    /// Whether an integration manages the role.
    pub managed: bool,
    /// Whether anyone can mention the role.
    pub mentionable: bool,
    /// What manages the role, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<RoleTags>,
    /// The role's flags; left out of some payloads (such as the docs' `GET /guilds/{id}`
    /// example), see [`Role::flags()`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<RoleFlags>,
}

impl Role {
    /// A role with a name and permissions, at position 0, not hoisted, managed or mentionable.
    pub fn new(
        id: Id<RoleMarker>,
        name: impl Into<CompactString>,
        permissions: Permissions,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            color: 0,
            colors: None,
            hoist: false,
            icon: None,
            unicode_emoji: None,
            position: 0,
            permissions,
            permissions_new: None,
            managed: false,
            mentionable: false,
            tags: None,
            flags: Some(RoleFlags::empty()),
        }
    }

    /// The role's flags; empty when Discord left them out.
    pub fn flags(&self) -> RoleFlags {
        self.flags.unwrap_or_default()
    }

    /// Compares roles by their place in the hierarchy: position, then id (lower id ranks higher
    /// among equal positions).
    pub fn hierarchy_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.position.cmp(&other.position).then_with(|| other.id.cmp(&self.id))
    }
}

/// The colors of a role: a solid color, or a gradient of two or three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RoleColors {
    /// The primary color as RGB.
    pub primary_color: u32,
    /// The second color of a gradient.
    #[serde(default)]
    pub secondary_color: Option<u32>,
    /// The third color of a holographic gradient.
    #[serde(default)]
    pub tertiary_color: Option<u32>,
}

impl RoleColors {
    /// A plain color: `primary_color` without a gradient.
    pub const fn new(primary_color: u32) -> Self {
        Self { primary_color, secondary_color: None, tertiary_color: None }
    }
}

/// What a role belongs to. Discord marks boolean tags by the presence of a `null` value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RoleTags {
    /// The bot the role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_id: Option<Id<UserMarker>>,
    /// The integration the role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<Id<IntegrationMarker>>,
    /// Whether this is the guild's booster role.
    #[serde(
        default,
        deserialize_with = "present",
        serialize_with = "as_null",
        skip_serializing_if = "is_false"
    )]
    pub premium_subscriber: bool,
    /// The role subscription listing the role belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_listing_id: Option<Id<SkuMarker>>,
    /// Whether the role can be purchased.
    #[serde(
        default,
        deserialize_with = "present",
        serialize_with = "as_null",
        skip_serializing_if = "is_false"
    )]
    pub available_for_purchase: bool,
    /// Whether the role is a linked role.
    #[serde(
        default,
        deserialize_with = "present",
        serialize_with = "as_null",
        skip_serializing_if = "is_false"
    )]
    pub guild_connections: bool,
}

/// A tag present in the JSON (whatever its value, normally `null`) means `true`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(deserializer).map(|_| true)
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde passes fields by reference")]
fn as_null<S: Serializer>(_: &bool, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_unit()
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde passes fields by reference")]
fn is_false(value: &bool) -> bool {
    !value
}

flags! {
    /// Flags on a role.
    pub struct RoleFlags: u64 as integer {
        /// The role can be selected in an onboarding prompt.
        const IN_PROMPT = 1 << 0;
    }
}

/// How many members have each role (`GET /guilds/{guild.id}/roles/member-counts`).
pub type RoleMemberCounts = std::collections::HashMap<Id<RoleMarker>, u64>;

#[cfg(test)]
mod tests {
    use super::RoleTags;

    #[test]
    fn null_tags_mean_true_and_round_trip() {
        let json = r#"{"bot_id":"1","premium_subscriber":null}"#;
        let tags: RoleTags = serde_json::from_str(json).unwrap();
        assert!(tags.premium_subscriber && !tags.guild_connections);
        assert_eq!(serde_json::to_string(&tags).unwrap(), json);
    }
}
