//! Invites and their metadata.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::application::Application;
use crate::channel::ChannelType;
use crate::guild::{
    GuildFeature, NsfwLevel, PartialMember, RoleColors, VerificationLevel, WelcomeScreen,
};
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use crate::permissions::Permissions;
use crate::scheduled_event::GuildScheduledEvent;
use crate::user::User;
use crate::util::{ImageHash, Timestamp};

/// A code that adds a user to a guild or a group DM (`GET /invites/{code}`).
///
/// The metadata fields (`uses` to `created_at`) come only from the endpoints that list or
/// create invites; [`Invite::metadata`] gathers them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Invite {
    /// What the invite is for.
    #[serde(rename = "type")]
    pub kind: InviteType,
    /// The code, the invite's unique id.
    pub code: CompactString,
    /// The guild the invite is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<Box<InviteGuild>>,
    /// The guild's id (undocumented; the spec lists it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel the invite is for.
    #[serde(default)]
    pub channel: Option<InviteChannel>,
    /// Who created the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter: Option<User>,
    /// What a voice channel invite opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<InviteTargetType>,
    /// The user whose stream a stream invite shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_user: Option<User>,
    /// The embedded application an application invite opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_application: Option<Box<Application>>,
    /// About how many members are online (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_presence_count: Option<u32>,
    /// About how many members there are (with `with_counts=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_member_count: Option<u32>,
    /// When the invite expires; `None` if never.
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
    /// The scheduled event the invite points to (with `guild_scheduled_event_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_scheduled_event: Option<Box<GuildScheduledEvent>>,
    /// The invite's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<InviteFlags>,
    /// The roles given to whoever accepts the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<InviteRole>>,
    /// The live stage of the channel (deprecated by Discord).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_instance: Option<Box<InviteStageInstance>>,
    /// How many times the invite was used (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<u32>,
    /// How many uses the invite allows; 0 for no limit (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uses: Option<u32>,
    /// How many seconds the invite lasts; 0 for ever (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// Whether members who joined through it are kicked when they go offline without a role
    /// (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary: Option<bool>,
    /// When the invite was created (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
}

impl Invite {
    /// An invite with a code; the optional fields are `None`.
    pub fn new(kind: InviteType, code: impl Into<CompactString>) -> Self {
        Self {
            kind,
            code: code.into(),
            guild: None,
            guild_id: None,
            channel: None,
            inviter: None,
            target_type: None,
            target_user: None,
            target_application: None,
            approximate_presence_count: None,
            approximate_member_count: None,
            expires_at: None,
            guild_scheduled_event: None,
            flags: None,
            roles: None,
            stage_instance: None,
            uses: None,
            max_uses: None,
            max_age: None,
            temporary: None,
            created_at: None,
        }
    }

    /// The metadata, when the invite came with all of it.
    pub fn metadata(&self) -> Option<InviteMetadata> {
        Some(InviteMetadata {
            uses: self.uses?,
            max_uses: self.max_uses?,
            max_age: self.max_age?,
            temporary: self.temporary?,
            created_at: self.created_at?,
        })
    }

    /// The invite with its metadata set.
    #[must_use]
    pub fn with_metadata(mut self, metadata: InviteMetadata) -> Self {
        self.uses = Some(metadata.uses);
        self.max_uses = Some(metadata.max_uses);
        self.max_age = Some(metadata.max_age);
        self.temporary = Some(metadata.temporary);
        self.created_at = Some(metadata.created_at);
        self
    }

    /// The URL of the invite.
    pub fn url(&self) -> String {
        format!("https://discord.gg/{}", self.code)
    }
}

/// How an invite was used and how long it lasts: the fields Discord adds to invites when
/// listing or creating them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteMetadata {
    /// How many times the invite was used.
    pub uses: u32,
    /// How many uses it allows; 0 for no limit.
    pub max_uses: u32,
    /// How many seconds it lasts; 0 for ever.
    pub max_age: u32,
    /// Whether it grants only temporary membership.
    pub temporary: bool,
    /// When it was created.
    pub created_at: Timestamp,
}

impl InviteMetadata {
    /// Metadata of an unused invite.
    pub const fn new(max_uses: u32, max_age: u32, temporary: bool, created_at: Timestamp) -> Self {
        Self { uses: 0, max_uses, max_age, temporary, created_at }
    }
}

int_enum! {
    /// What an invite is for.
    pub enum InviteType: u8 {
        /// A guild.
        Guild = 0,
        /// A group DM.
        GroupDm = 1,
        /// A friend request.
        Friend = 2,
    }
}

int_enum! {
    /// What a voice channel invite opens.
    pub enum InviteTargetType: u8 {
        /// A user's stream.
        Stream = 1,
        /// An embedded application.
        EmbeddedApplication = 2,
        /// The purchase of a role subscription.
        RoleSubscriptionsPurchase = 3,
    }
}

flags! {
    /// Flags on a guild invite.
    pub struct InviteFlags: u64 as integer {
        /// A guest invite to a voice channel.
        const IS_GUEST_INVITE = 1 << 0;
    }
}

/// The guild of an invite: what someone may see before accepting.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// The invite splash hash.
    #[serde(default)]
    pub splash: Option<ImageHash>,
    /// The banner hash.
    #[serde(default)]
    pub banner: Option<ImageHash>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// What the guild has unlocked or turned on.
    #[serde(default)]
    pub features: Vec<GuildFeature>,
    /// What a user must have done before they can talk.
    #[serde(default)]
    pub verification_level: Option<VerificationLevel>,
    /// The vanity invite code.
    #[serde(default)]
    pub vanity_url_code: Option<CompactString>,
    /// The age-restriction level.
    #[serde(default)]
    pub nsfw_level: Option<NsfwLevel>,
    /// Whether the guild is age-restricted (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// How many boosts the guild has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_subscription_count: Option<u32>,
    /// The welcome screen of a Community guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_screen: Option<WelcomeScreen>,
}

/// The channel of an invite.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteChannel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The channel type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The name.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// The icon hash of a group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// The members of a group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<InviteRecipient>>,
}

/// A member of the group DM an invite is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteRecipient {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The username.
    pub username: CompactString,
    /// The avatar hash.
    #[serde(default)]
    pub avatar: Option<ImageHash>,
}

/// A role given to whoever accepts an invite.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteRole {
    /// The role's id.
    pub id: Id<RoleMarker>,
    /// The name.
    pub name: CompactString,
    /// The position in the hierarchy.
    pub position: i32,
    /// The primary color as RGB.
    pub color: u32,
    /// The role's colors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colors: Option<RoleColors>,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// A Unicode emoji used as the icon.
    #[serde(default)]
    pub unicode_emoji: Option<CompactString>,
    /// The permissions the role grants (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

/// The live stage of an invite's channel (deprecated by Discord).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteStageInstance {
    /// The members speaking.
    pub members: Vec<PartialMember>,
    /// How many users are in the stage.
    pub participant_count: u32,
    /// How many users are speaking.
    pub speaker_count: u32,
    /// The topic.
    pub topic: CompactString,
}

/// The progress of the job that reads an invite's CSV of target users
/// (`GET /invites/{code}/target-users/job-status`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TargetUsersJobStatus {
    /// Where the job is.
    pub status: TargetUsersJobStatusCode,
    /// How many users the file lists.
    pub total_users: u32,
    /// How many were processed so far.
    pub processed_users: u32,
    /// When the job started.
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    /// When the job finished.
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    /// Why the job failed.
    #[serde(default)]
    pub error_message: Option<String>,
}

int_enum! {
    /// Where a target users job is.
    pub enum TargetUsersJobStatusCode: u8 {
        /// Not set.
        Unspecified = 0,
        /// Still running.
        Processing = 1,
        /// Finished successfully.
        Completed = 2,
        /// Failed; see the error message.
        Failed = 3,
    }
}

#[cfg(test)]
mod tests {
    use super::{Invite, InviteMetadata, InviteType};
    use crate::util::Timestamp;

    #[test]
    fn metadata_needs_every_field() {
        let invite = Invite::new(InviteType::Guild, "abc");
        assert_eq!(invite.metadata(), None);
        let metadata = InviteMetadata::new(5, 3600, false, Timestamp::from_secs(1));
        let mut invite = invite.with_metadata(metadata);
        assert_eq!(invite.metadata(), Some(metadata));
        invite.temporary = None;
        assert_eq!(invite.metadata(), None);
        assert_eq!(invite.url(), "https://discord.gg/abc");
    }
}
