//! Guilds and what belongs to them: members, roles, bans, integrations, onboarding, widgets.

mod member;
mod role;

pub use member::{Member, MemberFlags, PartialMember};
pub use role::{Role, RoleColors, RoleFlags, RoleMemberCounts, RoleTags};
