//! Guild members as compact records: the user is stored apart, once, and roles are slots of
//! the guild's role table.

use std::num::NonZeroU16;

use accord_model::gateway::event::GuildMemberUpdate;
use accord_model::guild::{Member, MemberFlags, PartialMember};
use accord_model::id::Id;
use accord_model::id::marker::RoleMarker;
use accord_model::permissions::Permissions;
use accord_model::user::{AvatarDecorationData, Collectibles, User};
use accord_model::util::{ImageHash, Timestamp};
use compact_str::CompactString;

use crate::compact::{RoleList, opt_bool_in, opt_bool_out, string_heap, time_in, time_out};
use crate::record::role::RoleTable;

const DEAF: u16 = 1;
const MUTE: u16 = 1 << 1;
/// Shift of the two bits of `pending`.
const PENDING: u32 = 2;
/// The flags did not fit 16 bits and are in the rest.
const WIDE_FLAGS: u16 = 1 << 4;

/// What few members have: a guild avatar or banner, a boost, a timeout, decorations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct MemberRest {
    avatar: Option<ImageHash>,
    banner: Option<ImageHash>,
    premium_since: Option<Timestamp>,
    communication_disabled_until: Option<Timestamp>,
    is_pending: Option<bool>,
    permissions: Option<Permissions>,
    avatar_decoration_data: Option<Box<AvatarDecorationData>>,
    collectibles: Option<Box<Collectibles>>,
    wide_flags: MemberFlags,
}

/// A member, 64 bytes: nickname inline (up to 24 bytes), up to four roles inline as 2-byte
/// slots, join time as an integer, flags as bits; the user is not here but in the user store,
/// shared with the user's other memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedMember {
    nick: Option<CompactString>,
    roles: RoleList,
    joined_at: i64,
    rest: Option<Box<MemberRest>>,
    flags: u16,
    bits: u16,
}

impl CachedMember {
    /// A member's compact form; role ids get slots in `table`.
    pub(crate) fn new(member: &Member, table: &mut RoleTable) -> Self {
        let mut record = Self {
            nick: member.nick.clone(),
            roles: role_list(&member.roles, table),
            joined_at: time_in(member.joined_at),
            rest: None,
            flags: 0,
            bits: opt_bool_in(member.pending, PENDING),
        };
        if member.deaf {
            record.bits |= DEAF;
        }
        if member.mute {
            record.bits |= MUTE;
        }
        record.set_flags(member.flags);
        let rare = member.avatar.is_some()
            || member.banner.is_some()
            || member.premium_since.is_some()
            || member.communication_disabled_until.is_some()
            || member.is_pending.is_some()
            || member.permissions.is_some()
            || member.avatar_decoration_data.is_some()
            || member.collectibles.is_some();
        record.set_rest_if(rare, |rest| {
            rest.avatar.clone_from(&member.avatar);
            rest.banner.clone_from(&member.banner);
            rest.premium_since = member.premium_since;
            rest.communication_disabled_until = member.communication_disabled_until;
            rest.is_pending = member.is_pending;
            rest.permissions = member.permissions;
            rest.avatar_decoration_data.clone_from(&member.avatar_decoration_data);
            rest.collectibles.clone_from(&member.collectibles);
        });
        record
    }

    /// A member made from a GUILD_MEMBER_UPDATE for a member the cache did not have.
    pub(crate) fn from_update(update: &GuildMemberUpdate, table: &mut RoleTable) -> Self {
        let mut member = Member::new(update.user.clone(), update.joined_at);
        member.roles.clone_from(&update.roles);
        let mut record = Self::new(&member, table);
        record.apply_update(update, table);
        record
    }

    /// Applies a GUILD_MEMBER_UPDATE: fields it always carries replace ours, optional ones
    /// only when present.
    pub(crate) fn apply_update(&mut self, update: &GuildMemberUpdate, table: &mut RoleTable) {
        self.nick.clone_from(&update.nick);
        self.roles = role_list(&update.roles, table);
        self.joined_at = time_in(update.joined_at);
        self.set_bit(DEAF, update.deaf);
        self.set_bit(MUTE, update.mute);
        if update.pending.is_some() {
            self.bits = (self.bits & !(3 << PENDING)) | opt_bool_in(update.pending, PENDING);
        }
        if let Some(flags) = update.flags {
            self.set_flags(flags);
        }
        let rare = update.avatar.is_some()
            || update.banner.is_some()
            || update.premium_since.is_some()
            || update.communication_disabled_until.is_some()
            || update.avatar_decoration_data.is_some()
            || update.collectibles.is_some();
        self.set_rest_if(rare, |rest| {
            rest.avatar.clone_from(&update.avatar);
            rest.banner.clone_from(&update.banner);
            rest.premium_since = update.premium_since;
            rest.communication_disabled_until = update.communication_disabled_until;
            rest.avatar_decoration_data.clone_from(&update.avatar_decoration_data);
            rest.collectibles.clone_from(&update.collectibles);
        });
    }

    /// Applies the partial member of a message or reaction (it has no user).
    pub(crate) fn apply_partial(&mut self, partial: &PartialMember, table: &mut RoleTable) {
        self.nick.clone_from(&partial.nick);
        self.roles = role_list(&partial.roles, table);
        if partial.joined_at.is_some() {
            self.joined_at = time_in(partial.joined_at);
        }
        self.set_bit(DEAF, partial.deaf);
        self.set_bit(MUTE, partial.mute);
        if partial.pending.is_some() {
            self.bits = (self.bits & !(3 << PENDING)) | opt_bool_in(partial.pending, PENDING);
        }
        if let Some(flags) = partial.flags {
            self.set_flags(flags);
        }
        let rare = partial.avatar.is_some()
            || partial.banner.is_some()
            || partial.premium_since.is_some()
            || partial.communication_disabled_until.is_some();
        self.set_rest_if(rare, |rest| {
            rest.avatar.clone_from(&partial.avatar);
            rest.banner.clone_from(&partial.banner);
            rest.premium_since = partial.premium_since;
            rest.communication_disabled_until = partial.communication_disabled_until;
        });
    }

    fn set_bit(&mut self, bit: u16, value: Option<bool>) {
        match value {
            Some(true) => self.bits |= bit,
            Some(false) => self.bits &= !bit,
            None => {}
        }
    }

    fn set_flags(&mut self, flags: MemberFlags) {
        if let Ok(value) = u16::try_from(flags.bits()) {
            self.flags = value;
            if self.bits & WIDE_FLAGS != 0 {
                self.bits &= !WIDE_FLAGS;
                self.set_rest(|rest| rest.wide_flags = MemberFlags::empty());
            }
        } else {
            self.flags = 0;
            self.bits |= WIDE_FLAGS;
            self.set_rest(|rest| rest.wide_flags = flags);
        }
    }

    /// Changes the rest, unless it is empty and the change has nothing to put in it.
    fn set_rest_if(&mut self, rare: bool, change: impl FnOnce(&mut MemberRest)) {
        if rare || self.rest.is_some() {
            self.set_rest(change);
        }
    }

    /// Changes the rest, then drops it if it holds nothing.
    fn set_rest(&mut self, change: impl FnOnce(&mut MemberRest)) {
        let mut rest = self.rest.take().map_or_else(MemberRest::default, |rest| *rest);
        change(&mut rest);
        if rest != MemberRest::default() {
            self.rest = Some(Box::new(rest));
        }
    }

    /// Removes a role slot; `true` if the member had it.
    pub(crate) fn remove_role(&mut self, slot: NonZeroU16) -> bool {
        match self.roles.without(slot) {
            Some(roles) => {
                self.roles = roles;
                true
            }
            None => false,
        }
    }

    /// The member as the model's type, with its user.
    pub(crate) fn to_member(&self, user: User, table: &RoleTable) -> Member {
        let mut member = Member::new(user, time_out(self.joined_at));
        member.nick.clone_from(&self.nick);
        member.roles = self.role_ids(table).collect();
        member.deaf = self.bits & DEAF != 0;
        member.mute = self.bits & MUTE != 0;
        member.pending = opt_bool_out(self.bits, PENDING);
        member.flags = self.flags();
        if let Some(rest) = &self.rest {
            member.avatar.clone_from(&rest.avatar);
            member.banner.clone_from(&rest.banner);
            member.premium_since = rest.premium_since;
            member.communication_disabled_until = rest.communication_disabled_until;
            member.is_pending = rest.is_pending;
            member.permissions = rest.permissions;
            member.avatar_decoration_data.clone_from(&rest.avatar_decoration_data);
            member.collectibles.clone_from(&rest.collectibles);
        }
        member
    }

    /// The role ids, in the order Discord sent them.
    pub(crate) fn role_ids<'a>(
        &'a self,
        table: &'a RoleTable,
    ) -> impl Iterator<Item = Id<RoleMarker>> + 'a {
        self.roles.iter().filter_map(|slot| table.id(slot))
    }

    /// The nickname.
    pub fn nick(&self) -> Option<&str> {
        self.nick.as_deref()
    }

    /// When the user joined.
    pub fn joined_at(&self) -> Option<Timestamp> {
        time_out(self.joined_at)
    }

    /// Until when the member is timed out.
    pub fn communication_disabled_until(&self) -> Option<Timestamp> {
        self.rest.as_ref()?.communication_disabled_until
    }

    /// Since when the member boosts the guild.
    pub fn premium_since(&self) -> Option<Timestamp> {
        self.rest.as_ref()?.premium_since
    }

    /// The guild avatar hash.
    pub fn avatar(&self) -> Option<&ImageHash> {
        self.rest.as_ref()?.avatar.as_ref()
    }

    /// The member's flags.
    pub fn flags(&self) -> MemberFlags {
        if self.bits & WIDE_FLAGS != 0 {
            self.rest.as_ref().map(|rest| rest.wide_flags).unwrap_or_default()
        } else {
            MemberFlags::from_bits_retain(u64::from(self.flags))
        }
    }

    /// Whether the member is deafened in voice channels.
    pub const fn is_deaf(&self) -> bool {
        self.bits & DEAF != 0
    }

    /// Whether the member is muted in voice channels.
    pub const fn is_mute(&self) -> bool {
        self.bits & MUTE != 0
    }

    /// Whether the member is timed out at `now`.
    pub fn is_timed_out(&self, now: Timestamp) -> bool {
        self.communication_disabled_until().is_some_and(|until| until > now)
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.nick.as_ref().map_or(0, string_heap)
            + self.roles.heap_bytes()
            + self.rest.as_ref().map_or(0, |_| size_of::<MemberRest>())
    }
}

/// Role ids as slots, allocating slots for ids the table does not know yet.
fn role_list(ids: &[Id<RoleMarker>], table: &mut RoleTable) -> RoleList {
    RoleList::collect(ids.iter().filter_map(|id| table.slot(*id)))
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::event::GuildMemberUpdate;
    use accord_model::guild::{Member, MemberFlags};
    use accord_model::id::Id;
    use accord_model::user::User;
    use accord_model::util::Timestamp;
    use proptest::prelude::*;

    use super::CachedMember;
    use crate::record::role::RoleTable;

    #[test]
    fn a_member_is_64_bytes() {
        assert_eq!(size_of::<CachedMember>(), 64);
    }

    #[test]
    fn updates_keep_what_they_do_not_carry() {
        let mut table = RoleTable::default();
        let user = User::new(Id::new(1), "a");
        let mut member = Member::new(user.clone(), Some(Timestamp::from_secs(10)));
        member.deaf = true;
        let mut cached = CachedMember::new(&member, &mut table);
        let mut update = GuildMemberUpdate::new(Id::new(9), vec![Id::new(4)], user.clone());
        update.joined_at = member.joined_at;
        update.nick = Some("nick".into());
        update.communication_disabled_until = Some(Timestamp::from_secs(99));
        cached.apply_update(&update, &mut table);
        let back = cached.to_member(user, &table);
        assert!(back.deaf, "deaf was not in the update");
        assert_eq!(back.nick.as_deref(), Some("nick"));
        assert_eq!(back.roles, vec![Id::new(4)]);
        assert!(cached.is_timed_out(Timestamp::from_secs(50)));
        assert!(!cached.is_timed_out(Timestamp::from_secs(100)));
    }

    proptest! {
        #[test]
        fn every_member_round_trips(
            nick in proptest::option::of("\\PC{0,40}"),
            roles in proptest::collection::vec(1_u64..40, 0..9),
            joined in proptest::option::of(0_i64..2_000_000_000_000_000),
            boost in proptest::option::of(0_i64..2_000_000_000_000_000),
            flags in any::<u64>(),
            deaf: bool, mute: bool,
            pending in proptest::option::of(any::<bool>()),
            avatar in proptest::option::of("(a_)?[0-9a-f]{32}|x"),
        ) {
            let mut roles: Vec<Id<_>> = roles.into_iter().map(Id::new).collect();
            roles.dedup();
            let mut member = Member::new(User::new(Id::new(3), "u"), joined.map(Timestamp::from_micros));
            member.nick = nick.map(Into::into);
            member.roles = roles;
            member.premium_since = boost.map(Timestamp::from_micros);
            member.flags = MemberFlags::from_bits_retain(flags);
            member.deaf = deaf;
            member.mute = mute;
            member.pending = pending;
            member.avatar = avatar.map(|a| a.parse().unwrap());
            let mut table = RoleTable::default();
            let cached = CachedMember::new(&member, &mut table);
            prop_assert_eq!(cached.to_member(member.user.clone(), &table), member);
        }
    }
}
