//! Permission calculation: the whole algorithm of Discord's permissions page, on cached data
//! or on data you bring.
//!
//! In order: the owner has every permission; otherwise the @everyone role's permissions and
//! those of the member's roles are combined, and ADMINISTRATOR grants everything. In a
//! channel, the @everyone overwrite applies, then the member's role overwrites aggregated
//! (all denies, then all allows), then the member's own overwrite. A timed-out member keeps
//! only VIEW_CHANNEL and READ_MESSAGE_HISTORY (owner and administrators are exempt). Then the
//! implicit denials: without VIEW_CHANNEL nothing is left; without SEND_MESSAGES the
//! permissions that only qualify a message (mention everyone, TTS, attachments, embeds) go;
//! in a voice or stage channel without CONNECT the voice permissions go. A thread takes its
//! parent's overwrites, and sending there is SEND_MESSAGES_IN_THREADS, not SEND_MESSAGES.

use std::error::Error;
use std::fmt;

use accord_model::channel::{ChannelType, PermissionOverwrite};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;

use crate::InMemoryCache;

/// The permissions that mean nothing without SEND_MESSAGES.
const NEEDS_SEND: Permissions = Permissions::MENTION_EVERYONE
    .union(Permissions::SEND_TTS_MESSAGES)
    .union(Permissions::ATTACH_FILES)
    .union(Permissions::EMBED_LINKS);

/// The voice permissions that mean nothing without CONNECT.
const NEEDS_CONNECT: Permissions = Permissions::SPEAK
    .union(Permissions::MUTE_MEMBERS)
    .union(Permissions::DEAFEN_MEMBERS)
    .union(Permissions::MOVE_MEMBERS)
    .union(Permissions::USE_VAD)
    .union(Permissions::PRIORITY_SPEAKER)
    .union(Permissions::STREAM)
    .union(Permissions::USE_SOUNDBOARD)
    .union(Permissions::USE_EXTERNAL_SOUNDS)
    .union(Permissions::REQUEST_TO_SPEAK);

/// The permission calculation for one member, from plain data.
///
/// ```
/// use accord_cache::permission::Calculator;
/// use accord_model::channel::{ChannelType, PermissionOverwrite};
/// use accord_model::id::Id;
/// use accord_model::permissions::Permissions as P;
///
/// let everyone = P::VIEW_CHANNEL | P::SEND_MESSAGES | P::EMBED_LINKS;
/// let roles = [(Id::new(5), P::MANAGE_MESSAGES)];
/// let calculator = Calculator::new(Id::new(1), Id::new(2), Id::new(3), everyone, &roles);
/// assert!(calculator.root().contains(P::MANAGE_MESSAGES));
///
/// // The @everyone overwrite takes sending away, and embeds go with it.
/// let muted = [PermissionOverwrite::role(Id::new(1), P::empty(), P::SEND_MESSAGES)];
/// let in_channel = calculator.in_channel(ChannelType::GuildText, &muted);
/// assert!(!in_channel.contains(P::SEND_MESSAGES) && !in_channel.contains(P::EMBED_LINKS));
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct Calculator<'a> {
    guild_id: Id<GuildMarker>,
    user_id: Id<UserMarker>,
    owner_id: Id<UserMarker>,
    everyone: Permissions,
    roles: &'a [(Id<RoleMarker>, Permissions)],
    timed_out: bool,
}

impl<'a> Calculator<'a> {
    /// A member `user_id` of guild `guild_id` owned by `owner_id`, with the @everyone role's
    /// permissions and the member's other roles.
    pub const fn new(
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        owner_id: Id<UserMarker>,
        everyone: Permissions,
        roles: &'a [(Id<RoleMarker>, Permissions)],
    ) -> Self {
        Self { guild_id, user_id, owner_id, everyone, roles, timed_out: false }
    }

    /// Whether the member is timed out now.
    pub const fn timed_out(mut self, timed_out: bool) -> Self {
        self.timed_out = timed_out;
        self
    }

    /// The member's permissions in the guild, before any channel.
    pub fn root(&self) -> Permissions {
        if self.user_id == self.owner_id {
            return Permissions::all();
        }
        let permissions = self.roles.iter().fold(self.everyone, |all, (_, p)| all | *p);
        if permissions.contains(Permissions::ADMINISTRATOR) {
            Permissions::all()
        } else {
            permissions
        }
    }

    /// The member's permissions in a channel of type `kind` with `overwrites`; for a thread,
    /// pass the thread's type and its parent's overwrites.
    pub fn in_channel(&self, kind: ChannelType, overwrites: &[PermissionOverwrite]) -> Permissions {
        let root = self.root();
        if root.contains(Permissions::ADMINISTRATOR) || self.user_id == self.owner_id {
            return Permissions::all();
        }
        let mut permissions = root;
        let everyone = self.guild_id.cast::<RoleMarker>();
        if let Some(overwrite) = overwrites.iter().find(|o| o.role_id() == Some(everyone)) {
            permissions = (permissions - overwrite.deny) | overwrite.allow;
        }
        let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
        for overwrite in overwrites {
            if let Some(role) = overwrite.role_id()
                && role != everyone
                && self.roles.iter().any(|(id, _)| *id == role)
            {
                allow |= overwrite.allow;
                deny |= overwrite.deny;
            }
        }
        permissions = (permissions - deny) | allow;
        if let Some(overwrite) = overwrites.iter().find(|o| o.user_id() == Some(self.user_id)) {
            permissions = (permissions - overwrite.deny) | overwrite.allow;
        }
        if self.timed_out {
            permissions &= Permissions::TIMED_OUT;
        }
        if kind.is_thread() {
            permissions.set(
                Permissions::SEND_MESSAGES,
                permissions.contains(Permissions::SEND_MESSAGES_IN_THREADS),
            );
        }
        if !permissions.contains(Permissions::VIEW_CHANNEL) {
            return Permissions::empty();
        }
        if !permissions.contains(Permissions::SEND_MESSAGES) {
            permissions -= NEEDS_SEND;
        }
        if kind.is_voice() && !permissions.contains(Permissions::CONNECT) {
            permissions -= NEEDS_CONNECT;
        }
        permissions
    }
}

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
        self.calculate(guild_id, user_id, Timestamp::now(), |calculator| calculator.root())
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
        self.calculate(guild_id, user_id, now, |calculator| {
            calculator.in_channel(kind, &overwrites)
        })
    }

    fn calculate(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        now: Timestamp,
        run: impl FnOnce(Calculator<'_>) -> Permissions,
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
        let calculator = Calculator::new(guild_id, user_id, owner_id, everyone, &roles)
            .timed_out(member.is_timed_out(now));
        Ok(run(calculator))
    }
}

#[cfg(test)]
mod tests;
