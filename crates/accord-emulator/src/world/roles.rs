//! Roles and the role hierarchy: creating, editing, moving and deleting roles, and who may act
//! on whom.

use std::cmp::Ordering;

use accord_model::audit_log::{AuditLogEntry, AuditLogEventType};
use accord_model::gateway::Event;
use accord_model::gateway::event::{GuildRoleCreate, GuildRoleDelete, GuildRoleUpdate};
use accord_model::guild::Role;
use accord_model::id::Id;
use accord_model::id::marker::{GenericMarker, GuildMarker, RoleMarker, UserMarker};

use super::{World, WorldError};

impl World {
    /// A member's highest role (@everyone when they have no other).
    pub(crate) fn top_role(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Role, WorldError> {
        let state = self.guild(guild_id)?;
        let member = state.members.get(&user_id).ok_or(WorldError::UnknownMember)?;
        let everyone = guild_id.cast();
        state
            .guild
            .roles
            .iter()
            .filter(|role| role.id == everyone || member.roles.contains(&role.id))
            .max_by(|a, b| a.hierarchy_cmp(b))
            .cloned()
            .ok_or(WorldError::UnknownRole)
    }

    /// Whether `actor` may act on member `target`: the owner may act on anyone, nobody on the
    /// owner, others only on members whose highest role is below theirs.
    pub(crate) fn outranks(
        &self,
        guild_id: Id<GuildMarker>,
        actor: Id<UserMarker>,
        target: Id<UserMarker>,
    ) -> Result<bool, WorldError> {
        let owner = self.guild(guild_id)?.guild.owner_id;
        if actor == owner {
            return Ok(true);
        }
        if target == owner {
            return Ok(false);
        }
        let (mine, theirs) = (self.top_role(guild_id, actor)?, self.top_role(guild_id, target)?);
        Ok(mine.hierarchy_cmp(&theirs) == Ordering::Greater)
    }

    /// Whether `actor` may manage `role`: it must be below their highest role.
    pub(crate) fn role_below(
        &self,
        guild_id: Id<GuildMarker>,
        actor: Id<UserMarker>,
        role_id: Id<RoleMarker>,
    ) -> Result<bool, WorldError> {
        let state = self.guild(guild_id)?;
        let role =
            state.guild.roles.iter().find(|r| r.id == role_id).ok_or(WorldError::UnknownRole)?;
        if state.guild.owner_id == actor {
            return Ok(true);
        }
        Ok(self.top_role(guild_id, actor)?.hierarchy_cmp(role) == Ordering::Greater)
    }

    /// A role of a guild.
    pub(crate) fn role(
        &self,
        guild_id: Id<GuildMarker>,
        role_id: Id<RoleMarker>,
    ) -> Result<&Role, WorldError> {
        self.guild(guild_id)?
            .guild
            .roles
            .iter()
            .find(|r| r.id == role_id)
            .ok_or(WorldError::UnknownRole)
    }

    /// Adds a role just above @everyone, moving the others up, and emits GUILD_ROLE_CREATE
    /// (and GUILD_ROLE_UPDATE for each role that moved).
    pub(crate) fn add_role(
        &mut self,
        guild_id: Id<GuildMarker>,
        mut role: Role,
    ) -> Result<Role, WorldError> {
        let state = self.guild_mut(guild_id)?;
        let everyone = guild_id.cast::<RoleMarker>();
        let mut moved = Vec::new();
        for existing in &mut state.guild.roles {
            if existing.id != everyone && existing.position >= 1 {
                existing.position += 1;
                moved.push(existing.clone());
            }
        }
        role.position = 1;
        super::guild_create::complete_role(&mut role);
        state.guild.roles.push(role.clone());
        for existing in moved {
            self.emit(
                Event::GuildRoleUpdate(Box::new(GuildRoleUpdate::new(guild_id, existing))),
                Some(guild_id),
            );
        }
        self.emit(
            Event::GuildRoleCreate(Box::new(GuildRoleCreate::new(guild_id, role.clone()))),
            Some(guild_id),
        );
        Ok(role)
    }

    /// Changes a role and emits GUILD_ROLE_UPDATE.
    pub(crate) fn change_role(
        &mut self,
        guild_id: Id<GuildMarker>,
        role_id: Id<RoleMarker>,
        change: impl FnOnce(&mut Role),
    ) -> Result<Role, WorldError> {
        let state = self.guild_mut(guild_id)?;
        let role = state
            .guild
            .roles
            .iter_mut()
            .find(|r| r.id == role_id)
            .ok_or(WorldError::UnknownRole)?;
        change(role);
        super::guild_create::complete_role(role);
        let role = role.clone();
        self.emit(
            Event::GuildRoleUpdate(Box::new(GuildRoleUpdate::new(guild_id, role.clone()))),
            Some(guild_id),
        );
        Ok(role)
    }

    /// Sets role positions and emits GUILD_ROLE_UPDATE for each role that moved.
    pub(crate) fn move_roles(
        &mut self,
        guild_id: Id<GuildMarker>,
        positions: &[(Id<RoleMarker>, i32)],
    ) -> Result<Vec<Role>, WorldError> {
        let state = self.guild_mut(guild_id)?;
        let mut moved = Vec::new();
        for (role_id, position) in positions {
            let role = state
                .guild
                .roles
                .iter_mut()
                .find(|r| r.id == *role_id)
                .ok_or(WorldError::UnknownRole)?;
            if role.position != *position {
                role.position = *position;
                moved.push(role.clone());
            }
        }
        let roles = state.guild.roles.clone();
        for role in moved {
            self.emit(
                Event::GuildRoleUpdate(Box::new(GuildRoleUpdate::new(guild_id, role))),
                Some(guild_id),
            );
        }
        Ok(roles)
    }

    /// Deletes a role, takes it from every member, and emits GUILD_ROLE_DELETE.
    pub(crate) fn remove_role(
        &mut self,
        guild_id: Id<GuildMarker>,
        role_id: Id<RoleMarker>,
    ) -> Result<Role, WorldError> {
        let state = self.guild_mut(guild_id)?;
        let index = state
            .guild
            .roles
            .iter()
            .position(|r| r.id == role_id)
            .ok_or(WorldError::UnknownRole)?;
        let role = state.guild.roles.remove(index);
        for member in state.members.values_mut() {
            member.roles.retain(|r| *r != role_id);
        }
        self.emit(
            Event::GuildRoleDelete(Box::new(GuildRoleDelete::new(guild_id, role_id))),
            Some(guild_id),
        );
        Ok(role)
    }

    /// Records an audit log entry made by the bot and emits GUILD_AUDIT_LOG_ENTRY_CREATE.
    pub(crate) fn audit(
        &mut self,
        guild_id: Id<GuildMarker>,
        action: AuditLogEventType,
        target: Option<Id<GenericMarker>>,
        reason: Option<String>,
    ) {
        let mut entry = AuditLogEntry::new(self.ids.next(), action);
        entry.user_id = Some(self.bot_id());
        entry.target_id = target;
        entry.reason = reason;
        entry.guild_id = Some(guild_id);
        self.extras.audit_log.entry(guild_id).or_default().push(entry.clone());
        self.emit(Event::GuildAuditLogEntryCreate(Box::new(entry)), Some(guild_id));
    }
}
