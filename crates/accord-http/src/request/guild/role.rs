//! Roles of a guild.

use accord_model::guild::{Role, RoleColors, RoleMemberCounts};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker};
use accord_model::permissions::Permissions;
use serde::Serialize;

use crate::response::EmptyBody;
use crate::validate::{chars, range};

/// The new position of a role, for [`Client::bulk_update_guild_roles`](crate::Client::bulk_update_guild_roles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RolePosition {
    /// The role.
    pub id: Id<RoleMarker>,
    /// Its new position; `None` leaves it.
    pub position: Option<i32>,
}

impl RolePosition {
    /// A role and its new position.
    pub const fn new(id: Id<RoleMarker>, position: i32) -> Self {
        Self { id, position: Some(position) }
    }
}

requests! {
    /// Lists the roles of a guild.
    list_guild_roles => ListGuildRoles: GET "/guilds/{guild_id}/roles" -> Vec<Role> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates a role.
    create_guild_role => CreateGuildRole: POST "/guilds/{guild_id}/roles" -> Role {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        fields:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)],
            permissions: Permissions,
            /// An RGB color (0 to 0xFFFFFF).
            color: u32 [range(0, 0xFF_FFFF)],
            /// Gradient and holographic colors (guilds with enhanced role colors).
            colors: &'a RoleColors,
            /// Whether members are shown apart in the member list.
            hoist: bool,
            mentionable: bool,
            /// A data URI of the icon (guilds with role icons).
            icon: &'a str,
            /// A Unicode emoji as the icon.
            unicode_emoji: &'a str [chars(0, 100)];
    }

    /// Moves roles: the positions of several roles at once.
    bulk_update_guild_roles => BulkUpdateGuildRoles: PATCH "/guilds/{guild_id}/roles" -> Vec<Role> {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        json: positions: &'a [RolePosition];
    }

    /// Counts the members of each role of a guild (the @everyone role left out).
    guild_role_member_counts => GuildRoleMemberCounts:
        GET "/guilds/{guild_id}/roles/member-counts" -> RoleMemberCounts {
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns a role.
    get_guild_role => GetGuildRole: GET "/guilds/{guild_id}/roles/{role_id}" -> Role {
        path: guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>;
    }

    /// Deletes a role.
    delete_guild_role => DeleteGuildRole: DELETE "/guilds/{guild_id}/roles/{role_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>;
    }

    /// Changes a role.
    update_guild_role => UpdateGuildRole: PATCH "/guilds/{guild_id}/roles/{role_id}" -> Role {
        #[reason]
        path: guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>;
        nullable:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)],
            permissions: Permissions,
            /// An RGB color (0 to 0xFFFFFF).
            color: u32 [range(0, 0xFF_FFFF)],
            colors: &'a RoleColors,
            hoist: bool,
            mentionable: bool,
            /// A data URI of the icon; `None` removes it.
            icon: &'a str,
            /// A Unicode emoji as the icon.
            unicode_emoji: &'a str [chars(0, 100)];
    }
}
