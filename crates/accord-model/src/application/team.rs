//! Developer teams that own applications.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{TeamMarker, UserMarker};
use crate::user::User;
use crate::util::ImageHash;

/// A group of developers sharing applications.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Team {
    /// The team's id.
    pub id: Id<TeamMarker>,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The name.
    pub name: CompactString,
    /// The members.
    pub members: Vec<TeamMember>,
    /// The owner.
    pub owner_user_id: Id<UserMarker>,
}

impl Team {
    /// A team.
    pub fn new(
        id: Id<TeamMarker>,
        name: impl Into<CompactString>,
        owner_user_id: Id<UserMarker>,
        members: Vec<TeamMember>,
    ) -> Self {
        Self { id, icon: None, name: name.into(), members, owner_user_id }
    }
}

/// A member of a team.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TeamMember {
    /// Whether the user accepted the invitation.
    pub membership_state: TeamMembershipState,
    /// The team.
    pub team_id: Id<TeamMarker>,
    /// The user (a partial user).
    pub user: User,
    /// The member's role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<TeamMemberRole>,
    /// Legacy permissions, always `["*"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<CompactString>>,
}

impl TeamMember {
    /// A member who accepted the invitation.
    pub const fn new(team_id: Id<TeamMarker>, user: User, role: TeamMemberRole) -> Self {
        Self {
            membership_state: TeamMembershipState::Accepted,
            team_id,
            user,
            role: Some(role),
            permissions: None,
        }
    }
}

int_enum! {
    /// Whether a user joined a team.
    pub enum TeamMembershipState: u8 {
        /// Invited, not yet accepted.
        Invited = 1,
        /// Accepted.
        Accepted = 2,
    }
}

str_enum! {
    /// What a team member may do; the owner is not a role but the team's `owner_user_id`.
    pub enum TeamMemberRole {
        /// Nearly everything the owner can do.
        Admin = "admin",
        /// Access to the team's apps, such as their secrets and configuration.
        Developer = "developer",
        /// Read-only access to the team and its apps.
        ReadOnly = "read_only",
    }
}
