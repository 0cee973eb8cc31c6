//! Discord's permission algorithm on plain data: the one calculation every Accord crate uses.

use crate::channel::{ChannelType, PermissionOverwrite};
use crate::id::Id;
use crate::id::marker::{GuildMarker, RoleMarker, UserMarker};
use crate::util::Timestamp;

use super::Permissions;

impl Permissions {
    /// The permissions that mean nothing without SEND_MESSAGES: they only qualify a message
    /// (mention everyone, text-to-speech, attachments, embeds).
    pub const NEEDS_SEND_MESSAGES: Self = Self::MENTION_EVERYONE
        .union(Self::SEND_TTS_MESSAGES)
        .union(Self::ATTACH_FILES)
        .union(Self::EMBED_LINKS);

    /// The voice permissions that mean nothing without CONNECT in a voice or stage channel.
    pub const NEEDS_CONNECT: Self = Self::SPEAK
        .union(Self::MUTE_MEMBERS)
        .union(Self::DEAFEN_MEMBERS)
        .union(Self::MOVE_MEMBERS)
        .union(Self::USE_VAD)
        .union(Self::PRIORITY_SPEAKER)
        .union(Self::STREAM)
        .union(Self::USE_SOUNDBOARD)
        .union(Self::USE_EXTERNAL_SOUNDS)
        .union(Self::REQUEST_TO_SPEAK);
}

/// The permissions of one member of one guild, calculated as Discord does from data you
/// bring: no cache, no requests.
///
/// In a guild ([`base`](Self::base)): the owner has every permission; otherwise the
/// permissions of the @everyone role and of the member's roles are combined, and
/// ADMINISTRATOR grants everything.
///
/// In a channel ([`in_channel`](Self::in_channel)), unless the member is the owner or an
/// administrator: the @everyone overwrite applies, then the overwrites of the member's roles
/// together (every deny, then every allow), then the member's own overwrite. A member timed
/// out at `now` keeps only [`Permissions::TIMED_OUT`]. In a thread, which takes its parent's
/// overwrites, sending is SEND_MESSAGES_IN_THREADS, not SEND_MESSAGES. Then the implicit
/// denials: without VIEW_CHANNEL nothing is left; without SEND_MESSAGES the permissions of
/// [`Permissions::NEEDS_SEND_MESSAGES`] go; in a voice or stage channel without CONNECT, those
/// of [`Permissions::NEEDS_CONNECT`] go.
///
/// From the model's own types, with the member's roles looked up in the guild's role list:
///
/// ```
/// use accord_model::channel::{ChannelType, PermissionOverwrite};
/// use accord_model::guild::{Guild, Member, Role};
/// use accord_model::id::Id;
/// use accord_model::permissions::{PermissionCalculator, Permissions as P};
/// use accord_model::user::User;
/// use accord_model::util::Timestamp;
///
/// let mut guild = Guild::new(Id::new(1), "Accord", Id::new(99));
/// let everyone_may = P::VIEW_CHANNEL | P::SEND_MESSAGES | P::READ_MESSAGE_HISTORY;
/// guild.roles = vec![
///     Role::new(Id::new(1), "@everyone", everyone_may),
///     Role::new(Id::new(5), "Moderator", P::MANAGE_MESSAGES),
/// ];
/// let mut member = Member::new(User::new(Id::new(2), "ada"), None);
/// member.roles = vec![Id::new(5)];
///
/// let everyone = guild.roles.iter().find(|r| r.id == guild.id.cast()).map(|r| r.permissions);
/// let roles: Vec<_> = guild
///     .roles
///     .iter()
///     .filter(|role| member.roles.contains(&role.id))
///     .map(|role| (role.id, role.permissions))
///     .collect();
/// let calculator = PermissionCalculator::new(
///     guild.id,
///     guild.owner_id,
///     member.user.id,
///     everyone.unwrap_or_default(),
///     &roles,
/// )
/// .communication_disabled_until(member.communication_disabled_until);
/// assert!(calculator.base().contains(P::MANAGE_MESSAGES));
///
/// // The @everyone overwrite takes sending away, and embeds (a role allows them) go with it.
/// let muted = [
///     PermissionOverwrite::role(Id::new(1), P::empty(), P::SEND_MESSAGES),
///     PermissionOverwrite::role(Id::new(5), P::EMBED_LINKS, P::empty()),
/// ];
/// let now = Timestamp::from_secs(1_700_000_000);
/// let in_channel = calculator.in_channel(ChannelType::GuildText, &muted, now);
/// assert!(in_channel.contains(P::VIEW_CHANNEL | P::MANAGE_MESSAGES));
/// assert!(!in_channel.intersects(P::SEND_MESSAGES | P::EMBED_LINKS));
///
/// // Timed out until after `now`: reading is all that is left.
/// let timed_out = calculator.communication_disabled_until(Some(now.add_micros(60_000_000)));
/// assert_eq!(timed_out.in_channel(ChannelType::GuildText, &[], now), P::TIMED_OUT);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct PermissionCalculator<'a> {
    guild_id: Id<GuildMarker>,
    owner_id: Id<UserMarker>,
    user_id: Id<UserMarker>,
    everyone: Permissions,
    roles: &'a [(Id<RoleMarker>, Permissions)],
    communication_disabled_until: Option<Timestamp>,
}

impl<'a> PermissionCalculator<'a> {
    /// The member `user_id` of guild `guild_id`, which `owner_id` owns, with the permissions
    /// of the @everyone role and the member's other roles, each with its permissions (the
    /// order does not matter). The member is not timed out.
    pub const fn new(
        guild_id: Id<GuildMarker>,
        owner_id: Id<UserMarker>,
        user_id: Id<UserMarker>,
        everyone: Permissions,
        roles: &'a [(Id<RoleMarker>, Permissions)],
    ) -> Self {
        Self { guild_id, owner_id, user_id, everyone, roles, communication_disabled_until: None }
    }

    /// Until when the member is timed out (the member's `communication_disabled_until`);
    /// whether the timeout runs is decided by the `now` given to
    /// [`in_channel`](Self::in_channel).
    pub const fn communication_disabled_until(mut self, until: Option<Timestamp>) -> Self {
        self.communication_disabled_until = until;
        self
    }

    /// Whether the member is timed out at `now`.
    pub fn is_timed_out(&self, now: Timestamp) -> bool {
        self.communication_disabled_until.is_some_and(|until| until > now)
    }

    /// The member's permissions in the guild, before any channel: owner, @everyone, roles,
    /// administrator. Timeouts and implicit denials are channel rules and do not apply here.
    pub fn base(&self) -> Permissions {
        if self.user_id == self.owner_id {
            return Permissions::all();
        }
        let permissions = self.roles.iter().fold(self.everyone, |all, (_, role)| all | *role);
        if permissions.contains(Permissions::ADMINISTRATOR) {
            Permissions::all()
        } else {
            permissions
        }
    }

    /// The member's permissions at `now` in a channel of type `kind` with `overwrites`; for a
    /// thread, pass the thread's type and its parent channel's overwrites.
    pub fn in_channel(
        &self,
        kind: ChannelType,
        overwrites: &[PermissionOverwrite],
        now: Timestamp,
    ) -> Permissions {
        let base = self.base();
        if base.contains(Permissions::ADMINISTRATOR) {
            return Permissions::all();
        }
        let mut permissions = self.apply_overwrites(base, overwrites);
        if self.is_timed_out(now) {
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
            permissions -= Permissions::NEEDS_SEND_MESSAGES;
        }
        if kind.is_voice() && !permissions.contains(Permissions::CONNECT) {
            permissions -= Permissions::NEEDS_CONNECT;
        }
        permissions
    }

    /// The overwrites in Discord's order: @everyone, the member's roles together, the member.
    fn apply_overwrites(
        &self,
        base: Permissions,
        overwrites: &[PermissionOverwrite],
    ) -> Permissions {
        let everyone = self.guild_id.cast::<RoleMarker>();
        let mut permissions = base;
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
        permissions
    }
}

#[cfg(test)]
mod tests;
