//! Permission calculation on cached data, with Discord's algorithm from
//! [`accord_model::permissions::PermissionCalculator`]: owner, @everyone and roles,
//! administrator, channel overwrites in Discord's order, timeouts, thread rules and implicit
//! denials. This module finds the inputs in the cache and says what is missing when it cannot.

use std::error::Error;
use std::fmt;

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::{PermissionCalculator, Permissions};
use accord_model::util::Timestamp;

use crate::InMemoryCache;

/// Why a permission could not be calculated from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionError {
    kind: PermissionErrorKind,
}

/// What is missing from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermissionErrorKind {
    /// The guild (its owner) is not cached; keep [`ResourceType::GUILD`](crate::ResourceType::GUILD).
    UnknownGuild {
        /// The guild.
        guild_id: Id<GuildMarker>,
    },
    /// The member is not cached; request it (GUILD_MEMBERS_CHUNK) or keep
    /// [`ResourceType::MEMBER`](crate::ResourceType::MEMBER).
    UnknownMember {
        /// The guild.
        guild_id: Id<GuildMarker>,
        /// The user.
        user_id: Id<UserMarker>,
    },
    /// A role of the member (or @everyone) is not cached; keep
    /// [`ResourceType::ROLE`](crate::ResourceType::ROLE).
    UnknownRole {
        /// The guild.
        guild_id: Id<GuildMarker>,
        /// The role.
        role_id: Id<RoleMarker>,
    },
    /// The channel, or a thread's parent, is not cached; keep
    /// [`ResourceType::CHANNEL`](crate::ResourceType::CHANNEL).
    UnknownChannel {
        /// The channel.
        channel_id: Id<ChannelMarker>,
    },
    /// The channel is a DM, where guild permissions do not apply.
    NotInGuild {
        /// The channel.
        channel_id: Id<ChannelMarker>,
    },
}

impl PermissionError {
    const fn new(kind: PermissionErrorKind) -> Self {
        Self { kind }
    }

    /// What is missing.
    pub const fn kind(&self) -> &PermissionErrorKind {
        &self.kind
    }

    /// The underlying error: there is none, the cache only lacked data.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        None
    }

    /// The kind and the (absent) source.
    pub fn into_parts(self) -> (PermissionErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, None)
    }
}

impl fmt::Display for PermissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PermissionErrorKind::UnknownGuild { guild_id } => {
                write!(f, "guild {guild_id} is not cached")
            }
            PermissionErrorKind::UnknownMember { guild_id, user_id } => {
                write!(
                    f,
                    "member {user_id} of guild {guild_id} is not cached; request it with GUILD_MEMBERS_CHUNK"
                )
            }
            PermissionErrorKind::UnknownRole { guild_id, role_id } => {
                write!(f, "role {role_id} of guild {guild_id} is not cached")
            }
            PermissionErrorKind::UnknownChannel { channel_id } => {
                write!(f, "channel {channel_id} is not cached")
            }
            PermissionErrorKind::NotInGuild { channel_id } => {
                write!(
                    f,
                    "channel {channel_id} is not in a guild, so guild permissions do not apply"
                )
            }
        }
    }
}

impl Error for PermissionError {}

impl InMemoryCache {
    /// A member's permissions in a guild, before channel overwrites, timeouts or implicit
    /// denials.
    pub fn guild_permissions(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Permissions, PermissionError> {
        self.calculate(guild_id, user_id, |calculator| calculator.base())
    }

    /// A member's permissions in a channel or thread, now.
    pub fn channel_permissions(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Permissions, PermissionError> {
        self.channel_permissions_at(channel_id, user_id, Timestamp::now())
    }

    /// A member's permissions in a channel or thread at a given time (which decides whether a
    /// timeout is running).
    pub fn channel_permissions_at(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
        now: Timestamp,
    ) -> Result<Permissions, PermissionError> {
        let unknown =
            |channel_id| PermissionError::new(PermissionErrorKind::UnknownChannel { channel_id });
        let (kind, guild_id, parent, mut overwrites) = self
            .with_channel(channel_id, |c| {
                (c.kind(), c.guild_id(), c.parent_id(), c.permission_overwrites().to_vec())
            })
            .ok_or_else(|| unknown(channel_id))?;
        let guild_id =
            guild_id.ok_or(PermissionError::new(PermissionErrorKind::NotInGuild { channel_id }))?;
        if kind.is_thread() {
            let parent = parent.ok_or_else(|| unknown(channel_id))?;
            overwrites = self
                .with_channel(parent, |c| c.permission_overwrites().to_vec())
                .ok_or_else(|| unknown(parent))?;
        }
        self.calculate(guild_id, user_id, |calculator| {
            calculator.in_channel(kind, &overwrites, now)
        })
    }

    fn calculate(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        run: impl FnOnce(PermissionCalculator<'_>) -> Permissions,
    ) -> Result<Permissions, PermissionError> {
        let unknown_guild = PermissionError::new(PermissionErrorKind::UnknownGuild { guild_id });
        let entry = self.guilds.get(&guild_id.get()).ok_or_else(|| unknown_guild.clone())?;
        let owner_id = entry.guild.as_ref().ok_or(unknown_guild)?.owner_id();
        let member = entry.members.get(&user_id.get()).ok_or(PermissionError::new(
            PermissionErrorKind::UnknownMember { guild_id, user_id },
        ))?;
        let unknown_role =
            |role_id| PermissionError::new(PermissionErrorKind::UnknownRole { guild_id, role_id });
        let everyone_id = guild_id.cast();
        let everyone =
            entry.roles.role(everyone_id).ok_or_else(|| unknown_role(everyone_id))?.permissions();
        let roles = member
            .role_ids(&entry.roles)
            .map(|id| Ok((id, entry.roles.role(id).ok_or_else(|| unknown_role(id))?.permissions())))
            .collect::<Result<Vec<_>, _>>()?;
        let calculator = PermissionCalculator::new(guild_id, owner_id, user_id, everyone, &roles)
            .communication_disabled_until(member.communication_disabled_until());
        Ok(run(calculator))
    }
}
