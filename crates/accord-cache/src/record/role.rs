//! Roles as compact records, and each guild's role table, which numbers roles with small
//! slots so that members store two bytes per role instead of eight.

use std::num::NonZeroU16;

use accord_model::guild::{Role, RoleColors, RoleFlags};
use accord_model::id::Id;
use accord_model::id::marker::RoleMarker;
use accord_model::permissions::Permissions;
use compact_str::CompactString;

use crate::compact::{PackedHash, join_hash, split_hash, string_heap};
use crate::hash::IdMap;

const HOIST: u8 = 1;
const MANAGED: u8 = 1 << 1;
const MENTIONABLE: u8 = 1 << 2;
/// `flags` is `Some`, kept in `flags`.
const FLAGS: u8 = 1 << 3;

/// A role, 96 bytes: name, permissions, colors and position inline; the rarely set fields
/// (tags, unicode emoji, gradients) in a boxed rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedRole {
    name: CompactString,
    permissions: Permissions,
    rest: Option<Box<Role>>,
    color: u32,
    position: i32,
    colors: Option<RoleColors>,
    flags: u32,
    icon: Option<PackedHash>,
    bits: u8,
}

impl CachedRole {
    /// A role's compact form.
    pub(crate) fn new(role: &Role) -> Self {
        let mut rest = role.clone();
        let name = std::mem::take(&mut rest.name);
        let (icon, odd_icon) = split_hash(rest.icon.take());
        rest.icon = odd_icon;
        let mut bits = 0;
        for (flag, on) in
            [(HOIST, role.hoist), (MANAGED, role.managed), (MENTIONABLE, role.mentionable)]
        {
            if on {
                bits |= flag;
            }
        }
        let colors = rest.colors.take();
        let mut flags = 0;
        if let Some(value) = rest.flags
            && let Ok(value) = u32::try_from(value.bits())
        {
            flags = value;
            bits |= FLAGS;
            rest.flags = None;
        }
        let baseline = Self::baseline(role.id);
        rest.hoist = false;
        rest.managed = false;
        rest.mentionable = false;
        rest.color = 0;
        rest.position = 0;
        rest.permissions = Permissions::empty();
        Self {
            name,
            permissions: role.permissions,
            rest: (rest != baseline).then(|| Box::new(rest)),
            color: role.color,
            position: role.position,
            colors,
            flags,
            icon,
            bits,
        }
    }

    fn baseline(id: Id<RoleMarker>) -> Role {
        let mut role = Role::new(id, "", Permissions::empty());
        role.flags = None;
        role
    }

    /// The role as the model's type.
    pub fn to_role(&self, id: Id<RoleMarker>) -> Role {
        let mut role = self.rest.as_deref().cloned().unwrap_or_else(|| Self::baseline(id));
        role.name.clone_from(&self.name);
        role.permissions = self.permissions;
        role.color = self.color;
        role.position = self.position;
        role.hoist = self.bits & HOIST != 0;
        role.managed = self.bits & MANAGED != 0;
        role.mentionable = self.bits & MENTIONABLE != 0;
        role.colors = self.colors;
        if self.bits & FLAGS != 0 {
            role.flags = Some(RoleFlags::from_bits_retain(u64::from(self.flags)));
        }
        join_hash(self.icon, &mut role.icon);
        role
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The permissions the role grants.
    pub const fn permissions(&self) -> Permissions {
        self.permissions
    }

    /// The position in the hierarchy.
    pub const fn position(&self) -> i32 {
        self.position
    }

    /// The RGB color.
    pub const fn color(&self) -> u32 {
        self.color
    }

    /// Whether an integration manages the role.
    pub const fn is_managed(&self) -> bool {
        self.bits & MANAGED != 0
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.name) + self.rest.as_ref().map_or(0, |_| size_of::<Role>())
    }
}

/// One slot of a role table: a role id, and the role once it is known (a member may list a
/// role before its GUILD_ROLE_CREATE arrives).
#[derive(Debug, Clone)]
pub(crate) struct RoleSlot {
    pub(crate) id: u64,
    pub(crate) role: Option<CachedRole>,
}

/// A guild's roles, each at a slot numbered from 1 that members refer to.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleTable {
    slots: Vec<Option<RoleSlot>>,
    index: IdMap<NonZeroU16>,
    free: Vec<NonZeroU16>,
}

impl RoleTable {
    /// The slot of a role id, given one if it has none; `None` only if all 65,535 slots are
    /// taken, which no guild comes near (Discord allows 250 roles).
    pub(crate) fn slot(&mut self, id: Id<RoleMarker>) -> Option<NonZeroU16> {
        if let Some(slot) = self.index.get(&id.get()) {
            return Some(*slot);
        }
        let slot = if let Some(slot) = self.free.pop() {
            slot
        } else {
            let next = NonZeroU16::new(u16::try_from(self.slots.len() + 1).ok()?)?;
            self.slots.push(None);
            next
        };
        *self.slots.get_mut(usize::from(slot.get() - 1))? =
            Some(RoleSlot { id: id.get(), role: None });
        self.index.insert(id.get(), slot);
        Some(slot)
    }

    /// The slot of a role id, if it has one.
    pub(crate) fn find(&self, id: Id<RoleMarker>) -> Option<NonZeroU16> {
        self.index.get(&id.get()).copied()
    }

    /// What is at a slot.
    pub(crate) fn get(&self, slot: NonZeroU16) -> Option<&RoleSlot> {
        self.slots.get(usize::from(slot.get() - 1))?.as_ref()
    }

    /// The id at a slot.
    pub(crate) fn id(&self, slot: NonZeroU16) -> Option<Id<RoleMarker>> {
        self.get(slot).and_then(|s| Id::new_checked(s.id))
    }

    /// The role with an id.
    pub(crate) fn role(&self, id: Id<RoleMarker>) -> Option<&CachedRole> {
        self.get(self.find(id)?)?.role.as_ref()
    }

    /// Stores a role, keeping its slot if it has one.
    pub(crate) fn upsert(&mut self, role: &Role) {
        if let Some(slot) = self.slot(role.id)
            && let Some(Some(entry)) = self.slots.get_mut(usize::from(slot.get() - 1))
        {
            entry.role = Some(CachedRole::new(role));
        }
    }

    /// Frees a role's slot; the caller removes it from members first.
    pub(crate) fn remove(&mut self, id: Id<RoleMarker>) -> Option<NonZeroU16> {
        let slot = self.index.remove(&id.get())?;
        if let Some(entry) = self.slots.get_mut(usize::from(slot.get() - 1)) {
            *entry = None;
        }
        self.free.push(slot);
        Some(slot)
    }

    /// The known roles with their ids.
    pub(crate) fn roles(&self) -> impl Iterator<Item = (Id<RoleMarker>, &CachedRole)> {
        self.slots
            .iter()
            .flatten()
            .filter_map(|slot| Some((Id::new_checked(slot.id)?, slot.role.as_ref()?)))
    }

    /// How many roles are known.
    pub(crate) fn len(&self) -> usize {
        self.roles().count()
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * size_of::<Option<RoleSlot>>()
            + self.index.capacity() * (size_of::<(u64, NonZeroU16)>() + 1)
            + self.free.capacity() * 2
            + self.roles().map(|(_, role)| role.heap_bytes()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use accord_model::guild::{Role, RoleTags};
    use accord_model::id::Id;
    use accord_model::permissions::Permissions;

    use super::{CachedRole, RoleTable};

    #[test]
    fn roles_round_trip_with_and_without_rare_fields() {
        let mut plain = Role::new(Id::new(5), "mods", Permissions::KICK_MEMBERS);
        plain.position = 3;
        plain.hoist = true;
        plain.icon = Some("a_1269e74af4df7417b13759eae50c83dc".parse().unwrap());
        let cached = CachedRole::new(&plain);
        assert!(cached.rest.is_none());
        assert_eq!(cached.to_role(plain.id), plain);

        let mut rare = plain.clone();
        let mut tags = RoleTags::default();
        tags.premium_subscriber = true;
        rare.tags = Some(tags);
        rare.unicode_emoji = Some("🙂".into());
        rare.flags = None;
        let cached = CachedRole::new(&rare);
        assert!(cached.rest.is_some());
        assert_eq!(cached.to_role(rare.id), rare);
        assert!(size_of::<CachedRole>() <= 96, "{}", size_of::<CachedRole>());
    }

    #[test]
    fn slots_are_reused_after_removal() {
        let mut table = RoleTable::default();
        let a = table.slot(Id::new(10)).unwrap();
        let b = table.slot(Id::new(11)).unwrap();
        assert_ne!(a, b);
        assert_eq!(table.slot(Id::new(10)), Some(a));
        table.upsert(&Role::new(Id::new(11), "b", Permissions::empty()));
        assert_eq!(table.len(), 1, "a slot without a role is not a role");
        assert_eq!(table.remove(Id::new(10)), Some(a));
        assert_eq!(table.slot(Id::new(12)), Some(a));
        assert_eq!(table.id(a), Some(Id::new(12)));
        assert_eq!(table.role(Id::new(11)).unwrap().name(), "b");
    }
}
