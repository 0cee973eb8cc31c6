//! Roles: listing, creating, editing, moving and deleting, with the role hierarchy enforced.

use std::collections::HashMap;

use accord_model::audit_log::AuditLogEventType;
use accord_model::guild::Role;
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker};
use accord_model::permissions::Permissions;
use serde_json::Value;

use super::call::{Call, Fields};
use super::common::guild_permission;
use super::error::{ApiError, FormErrors};
use super::reply::{Answer, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// The most roles a guild has.
const MAX_ROLES: usize = 250;

/// `GET /guilds/{guild_id}/roles`.
pub(super) fn list_guild_roles(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(&world.guild(guild_id)?.guild.roles)
    })
}

/// `GET /guilds/{guild_id}/roles/{role_id}`.
pub(super) fn get_guild_role(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let role_id = call.id::<RoleMarker>("role_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(world.role(guild_id, role_id)?)
    })
}

/// `GET /guilds/{guild_id}/roles/member-counts`: members per role, @everyone left out.
pub(super) fn guild_role_member_counts(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let state = world.guild(guild_id)?;
        let mut counts: HashMap<Id<RoleMarker>, u64> = state
            .guild
            .roles
            .iter()
            .filter(|r| r.id != guild_id.cast())
            .map(|r| (r.id, 0))
            .collect();
        for member in state.members.values() {
            for role in &member.roles {
                if let Some(count) = counts.get_mut(role) {
                    *count += 1;
                }
            }
        }
        ok(&counts)
    })
}

/// What a role body sets.
#[derive(Debug, Default)]
#[allow(clippy::option_option, reason = "in PATCH, absent and null mean different things")]
struct RoleFields {
    name: Option<String>,
    permissions: Option<Permissions>,
    color: Option<u32>,
    hoist: Option<bool>,
    mentionable: Option<bool>,
    unicode_emoji: Option<Option<String>>,
}

fn role_fields(fields: &mut Fields) -> RoleFields {
    RoleFields {
        name: fields.string("name", 0, 100),
        permissions: fields.get("permissions"),
        color: fields.integer("color", 0, 0xFF_FFFF).and_then(|c| u32::try_from(c).ok()),
        hoist: fields.boolean("hoist"),
        mentionable: fields.boolean("mentionable"),
        unicode_emoji: fields.nullable("unicode_emoji"),
    }
}

impl RoleFields {
    fn apply(self, role: &mut Role) {
        if let Some(name) = self.name {
            role.name = name.into();
        }
        if let Some(permissions) = self.permissions {
            role.permissions = permissions;
        }
        if let Some(color) = self.color {
            role.color = color;
        }
        if let Some(hoist) = self.hoist {
            role.hoist = hoist;
        }
        if let Some(mentionable) = self.mentionable {
            role.mentionable = mentionable;
        }
        if let Some(emoji) = self.unicode_emoji {
            role.unicode_emoji = emoji.map(Into::into);
        }
    }
}

/// A bot can only give a role permissions it has itself.
fn check_grant(
    world: &World,
    guild_id: Id<GuildMarker>,
    permissions: Option<Permissions>,
) -> Result<(), ApiError> {
    let Some(permissions) = permissions else { return Ok(()) };
    let mine = world.guild_permissions(guild_id, world.bot_id())?;
    if mine.contains(Permissions::ADMINISTRATOR) || mine.contains(permissions) {
        Ok(())
    } else {
        Err(ApiError::code(50013))
    }
}

/// Fails with 50013 unless the bot may manage the role (MANAGE_ROLES, and the role is below
/// its highest role).
pub(super) fn check_manageable(
    world: &World,
    guild_id: Id<GuildMarker>,
    role_id: Id<RoleMarker>,
) -> Result<(), ApiError> {
    guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
    if world.role_below(guild_id, world.bot_id(), role_id)? {
        Ok(())
    } else {
        Err(ApiError::code(50013))
    }
}

/// `POST /guilds/{guild_id}/roles` (MANAGE_ROLES): a new role just above @everyone; emits
/// GUILD_ROLE_CREATE.
pub(super) fn create_guild_role(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let settings = role_fields(&mut fields);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
        check_grant(world, guild_id, settings.permissions)?;
        if world.guild(guild_id)?.guild.roles.len() >= MAX_ROLES {
            return Err(ApiError::code(30005));
        }
        let everyone = world.role(guild_id, guild_id.cast())?.permissions;
        let mut role = Role::new(world.ids.next(), "new role", everyone);
        settings.apply(&mut role);
        let role = world.add_role(guild_id, role)?;
        world.audit(guild_id, AuditLogEventType::RoleCreate, Some(role.id.cast()), reason);
        ok(&role)
    })
}

/// `PATCH /guilds/{guild_id}/roles/{role_id}` (MANAGE_ROLES, role below the bot's highest);
/// emits GUILD_ROLE_UPDATE.
pub(super) fn update_guild_role(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let role_id = call.id::<RoleMarker>("role_id")?;
    let mut fields = call.fields()?;
    let settings = role_fields(&mut fields);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        world.role(guild_id, role_id)?;
        check_manageable(world, guild_id, role_id)?;
        check_grant(world, guild_id, settings.permissions)?;
        let role = world.change_role(guild_id, role_id, |role| settings.apply(role))?;
        world.audit(guild_id, AuditLogEventType::RoleUpdate, Some(role_id.cast()), reason);
        ok(&role)
    })
}

/// `PATCH /guilds/{guild_id}/roles`: new positions; only roles below the bot's highest can
/// move, and not above it.
pub(super) fn bulk_update_guild_roles(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let Value::Array(items) = call.value()? else {
        return Err(ApiError::form("", "BASE_TYPE_LIST", "Must be a list."));
    };
    let mut errors = FormErrors::default();
    let mut positions = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            errors.add(
                &index.to_string(),
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            );
            continue;
        };
        let mut fields = Fields::nested(map, &index.to_string());
        let id: Option<Id<RoleMarker>> =
            fields.required::<Value>("id").and_then(|_| fields.id("id"));
        let position =
            fields.integer("position", 0, i64::from(i32::MAX)).and_then(|p| i32::try_from(p).ok());
        errors.merge(&fields.take_errors());
        if let (Some(id), Some(position)) = (id, position) {
            positions.push((id, position));
        }
    }
    errors.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
        let bot = world.bot_id();
        let top = world.top_role(guild_id, bot)?.position;
        let owner = world.guild(guild_id)?.guild.owner_id == bot;
        for (id, position) in &positions {
            if *id == guild_id.cast() {
                return Err(ApiError::code(50013));
            }
            if !owner && (!world.role_below(guild_id, bot, *id)? || *position >= top) {
                return Err(ApiError::code(50013));
            }
        }
        let roles = world.move_roles(guild_id, &positions)?;
        for (id, _) in &positions {
            world.audit(guild_id, AuditLogEventType::RoleUpdate, Some(id.cast()), reason.clone());
        }
        ok(&roles)
    })
}

/// `DELETE /guilds/{guild_id}/roles/{role_id}`: not @everyone, not a managed role; emits
/// GUILD_ROLE_DELETE.
pub(super) fn delete_guild_role(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let role_id = call.id::<RoleMarker>("role_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        let role = world.role(guild_id, role_id)?;
        if role.managed || role_id == guild_id.cast() {
            return Err(ApiError::form("role_id", "ROLE_INVALID", "Cannot delete this role"));
        }
        check_manageable(world, guild_id, role_id)?;
        world.remove_role(guild_id, role_id)?;
        world.audit(guild_id, AuditLogEventType::RoleDelete, Some(role_id.cast()), reason);
        no_content()
    })
}
