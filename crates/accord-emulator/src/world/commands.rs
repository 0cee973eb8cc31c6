//! Application commands, global and per guild: created (or overwritten by name and type),
//! edited, deleted and replaced in bulk, and their per-guild permissions.

use accord_model::application::command::{Command, CommandPermission, GuildCommandPermissions};
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{CommandMarker, GenericMarker, GuildMarker};

use super::{World, WorldError};

impl World {
    /// The commands of a scope: global (`None`) or one guild's.
    pub(crate) fn commands(&self, guild_id: Option<Id<GuildMarker>>) -> &[Command] {
        match guild_id {
            None => &self.application.global_commands,
            Some(guild_id) => {
                self.application.guild_commands.get(&guild_id).map_or(&[], Vec::as_slice)
            }
        }
    }

    fn commands_mut(&mut self, guild_id: Option<Id<GuildMarker>>) -> &mut Vec<Command> {
        match guild_id {
            None => &mut self.application.global_commands,
            Some(guild_id) => self.application.guild_commands.entry(guild_id).or_default(),
        }
    }

    /// Fills the fields Discord owns (id, application, guild, version) of a command about to
    /// be stored, keeping the id of the command it replaces.
    fn stamp(
        &mut self,
        guild_id: Option<Id<GuildMarker>>,
        command: &mut Command,
        id: Option<Id<CommandMarker>>,
    ) {
        command.id = Some(id.unwrap_or_else(|| self.ids.next()));
        command.application_id = Some(self.application.id);
        command.guild_id = guild_id;
        command.version = Some(self.ids.next());
        if command.kind.is_none() {
            command.kind = Some(command.kind());
        }
    }

    /// Creates a command, or overwrites the one with the same name and type. Returns the
    /// command and whether it is new.
    pub(crate) fn upsert_command(
        &mut self,
        guild_id: Option<Id<GuildMarker>>,
        mut command: Command,
    ) -> (Command, bool) {
        let existing = self
            .commands(guild_id)
            .iter()
            .position(|c| c.name == command.name && c.kind() == command.kind());
        let id = existing.and_then(|index| self.commands(guild_id).get(index)?.id);
        self.stamp(guild_id, &mut command, id);
        let commands = self.commands_mut(guild_id);
        if let Some(slot) = existing.and_then(|index| commands.get_mut(index)) {
            *slot = command.clone();
            (command, false)
        } else {
            commands.push(command.clone());
            (command, true)
        }
    }

    /// A command by id: 10063 when there is none.
    pub(crate) fn command(
        &self,
        guild_id: Option<Id<GuildMarker>>,
        id: Id<CommandMarker>,
    ) -> Result<&Command, WorldError> {
        self.commands(guild_id).iter().find(|c| c.id == Some(id)).ok_or(WorldError::Code(10063))
    }

    /// Changes a command (it gets a new version).
    pub(crate) fn change_command(
        &mut self,
        guild_id: Option<Id<GuildMarker>>,
        id: Id<CommandMarker>,
        change: impl FnOnce(&mut Command),
    ) -> Result<Command, WorldError> {
        let version = self.ids.next();
        let command = self
            .commands_mut(guild_id)
            .iter_mut()
            .find(|c| c.id == Some(id))
            .ok_or(WorldError::Code(10063))?;
        change(command);
        command.version = Some(version);
        Ok(command.clone())
    }

    /// Deletes a command.
    pub(crate) fn delete_command(
        &mut self,
        guild_id: Option<Id<GuildMarker>>,
        id: Id<CommandMarker>,
    ) -> Result<(), WorldError> {
        let commands = self.commands_mut(guild_id);
        let index =
            commands.iter().position(|c| c.id == Some(id)).ok_or(WorldError::Code(10063))?;
        commands.remove(index);
        if let Some(guild_id) = guild_id
            && let Some(permissions) = self.extras.command_permissions.get_mut(&guild_id)
        {
            permissions.retain(|p| p.id != id.cast());
        }
        Ok(())
    }

    /// Replaces every command of a scope; commands with the name and type of an existing one
    /// keep its id.
    pub(crate) fn replace_commands(
        &mut self,
        guild_id: Option<Id<GuildMarker>>,
        commands: Vec<Command>,
    ) -> Vec<Command> {
        let old = std::mem::take(self.commands_mut(guild_id));
        let mut stored = Vec::with_capacity(commands.len());
        for mut command in commands {
            let id = old
                .iter()
                .find(|c| c.name == command.name && c.kind() == command.kind())
                .and_then(|c| c.id);
            self.stamp(guild_id, &mut command, id);
            stored.push(command);
        }
        self.commands_mut(guild_id).clone_from(&stored);
        stored
    }

    /// The permissions set for commands of a guild.
    pub(crate) fn command_permissions(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> &[GuildCommandPermissions] {
        self.extras.command_permissions.get(&guild_id).map_or(&[], Vec::as_slice)
    }

    /// Sets the permissions of one command (or, with the application's id, of all of them) in
    /// a guild and emits APPLICATION_COMMAND_PERMISSIONS_UPDATE.
    pub(crate) fn set_command_permissions(
        &mut self,
        guild_id: Id<GuildMarker>,
        target: Id<GenericMarker>,
        permissions: Vec<CommandPermission>,
    ) -> Result<GuildCommandPermissions, WorldError> {
        self.guild(guild_id)?;
        let entry =
            GuildCommandPermissions::new(target, self.application.id, guild_id, permissions);
        let list = self.extras.command_permissions.entry(guild_id).or_default();
        list.retain(|p| p.id != target);
        list.push(entry.clone());
        self.emit(
            Event::ApplicationCommandPermissionsUpdate(Box::new(entry.clone())),
            Some(guild_id),
        );
        Ok(entry)
    }
}
