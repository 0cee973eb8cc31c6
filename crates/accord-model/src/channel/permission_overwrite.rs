//! Permission overwrites: per-channel permission changes for a role or a member.

use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{GenericMarker, RoleMarker, UserMarker};
use crate::permissions::Permissions;

/// A change to the permissions of one role or member in one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PermissionOverwrite {
    /// The role or user the overwrite applies to; `kind` says which.
    pub id: Id<GenericMarker>,
    /// Whether `id` is a role or a member.
    #[serde(rename = "type")]
    pub kind: PermissionOverwriteType,
    /// Permissions granted, even if the roles deny them.
    pub allow: Permissions,
    /// Permissions taken away, even if the roles grant them.
    pub deny: Permissions,
}

impl PermissionOverwrite {
    /// An overwrite for a role.
    pub const fn role(id: Id<RoleMarker>, allow: Permissions, deny: Permissions) -> Self {
        Self { id: id.cast(), kind: PermissionOverwriteType::Role, allow, deny }
    }

    /// An overwrite for a member.
    pub const fn member(id: Id<UserMarker>, allow: Permissions, deny: Permissions) -> Self {
        Self { id: id.cast(), kind: PermissionOverwriteType::Member, allow, deny }
    }

    /// The role, if the overwrite is for a role.
    pub const fn role_id(&self) -> Option<Id<RoleMarker>> {
        match self.kind {
            PermissionOverwriteType::Role => Some(self.id.cast()),
            _ => None,
        }
    }

    /// The user, if the overwrite is for a member.
    pub const fn user_id(&self) -> Option<Id<UserMarker>> {
        match self.kind {
            PermissionOverwriteType::Member => Some(self.id.cast()),
            _ => None,
        }
    }
}

int_enum! {
    /// What a permission overwrite applies to.
    pub enum PermissionOverwriteType: u8 {
        /// A role.
        Role = 0,
        /// A member.
        Member = 1,
    }
}

#[cfg(test)]
mod tests {
    use super::{PermissionOverwrite, PermissionOverwriteType};
    use crate::id::Id;
    use crate::permissions::Permissions;

    #[test]
    fn permissions_are_strings_and_the_id_is_typed_by_kind() {
        let json = r#"{"id":"7","type":1,"allow":"1024","deny":"0"}"#;
        let overwrite: PermissionOverwrite = serde_json::from_str(json).unwrap();
        assert_eq!(overwrite.kind, PermissionOverwriteType::Member);
        assert_eq!(overwrite.allow, Permissions::VIEW_CHANNEL);
        assert_eq!(overwrite.user_id(), Some(Id::new(7)));
        assert_eq!(overwrite.role_id(), None);
        assert_eq!(serde_json::to_string(&overwrite).unwrap(), json);
        let role =
            PermissionOverwrite::role(Id::new(7), Permissions::empty(), Permissions::empty());
        assert_eq!(role.role_id(), Some(Id::new(7)));
    }
}
