//! The one world state behind both the gateway and REST: users, guilds, channels, messages.
//!
//! Every change goes through a [`World`] method that records the gateway events it causes in
//! the outbox; [`crate::shared::Shared::mutate`] delivers them to the sessions while the world
//! lock is still held, so every session sees events in the order the world changed.

mod activity;
mod channel_edits;
mod commands;
pub(crate) mod extras;
mod file;
mod generate;
pub(crate) mod guild_create;
mod ids;
pub(crate) mod interactions;
mod members;
mod messages;
mod moderation;
mod permissions;
pub(crate) mod reactions;
mod roles;
mod threads;
mod voice;
pub(crate) mod webhooks;

use std::collections::{BTreeMap, HashMap};

use accord_model::application::command::Command;
use accord_model::channel::Channel;
use accord_model::gateway::Event;
use accord_model::guild::{Guild, Member};
use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, UserMarker,
};
use accord_model::message::Message;
use accord_model::presence::Presence;
use accord_model::user::User;
use accord_model::voice::VoiceState;

pub(crate) use self::file::load;
pub(crate) use self::generate::{Rng, generate};
pub(crate) use self::ids::IdGen;
#[allow(unused_imports, reason = "used by the REST and control modules as they grow")]
pub(crate) use self::messages::MessageDraft;
pub(crate) use self::voice::VoiceChange;

/// A gateway event and the guild it belongs to (which decides the shard).
#[derive(Debug, Clone)]
pub(crate) struct Dispatch {
    pub(crate) event: Event,
    pub(crate) guild_id: Option<Id<GuildMarker>>,
}

/// The application behind the bot.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub(crate) id: Id<ApplicationMarker>,
    pub(crate) name: String,
    pub(crate) bot: User,
    pub(crate) global_commands: Vec<Command>,
    pub(crate) guild_commands: HashMap<Id<GuildMarker>, Vec<Command>>,
}

/// A guild and what belongs to it. `guild` holds the guild's own fields and roles; members,
/// presences and voice states live beside it.
#[derive(Debug, Clone)]
pub(crate) struct GuildState {
    pub(crate) guild: Guild,
    pub(crate) members: BTreeMap<Id<UserMarker>, Member>,
    pub(crate) channels: Vec<Id<ChannelMarker>>,
    pub(crate) presences: HashMap<Id<UserMarker>, Presence>,
    pub(crate) voice_states: HashMap<Id<UserMarker>, VoiceState>,
}

/// A channel and its messages, in id (and so creation) order.
#[derive(Debug, Clone)]
pub(crate) struct ChannelState {
    pub(crate) channel: Channel,
    pub(crate) messages: BTreeMap<Id<MessageMarker>, Message>,
}

/// Why a change to the world was refused, in Discord's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WorldError {
    UnknownChannel,
    UnknownGuild,
    UnknownMember,
    UnknownMessage,
    UnknownRole,
    UnknownUser,
    MissingAccess,
    MissingPermissions,
    /// `50035`, with the offending field and what is wrong with it.
    InvalidForm {
        field: &'static str,
        code: &'static str,
        message: String,
    },
    /// `50006`.
    EmptyMessage,
    /// Any other of Discord's JSON error codes (`10015` Unknown Webhook, `40060`...), for the
    /// refusals that REST-driven changes add.
    Code(u32),
}

/// The world.
#[derive(Debug)]
pub(crate) struct World {
    pub(crate) ids: IdGen,
    pub(crate) application: AppState,
    pub(crate) users: HashMap<Id<UserMarker>, User>,
    pub(crate) guilds: BTreeMap<Id<GuildMarker>, GuildState>,
    pub(crate) channels: HashMap<Id<ChannelMarker>, ChannelState>,
    /// The DM channel between the bot and each user who has one.
    pub(crate) dms: HashMap<Id<UserMarker>, Id<ChannelMarker>>,
    /// Who reacted to which message with what.
    pub(crate) reactions: reactions::Reactions,
    /// What REST creates beside guilds, channels and messages (bans, webhooks, pins,
    /// interactions...).
    pub(crate) extras: extras::Extras,
    outbox: Vec<Dispatch>,
}

impl World {
    /// An empty world with just the application and its bot user.
    pub(crate) fn new(mut ids: IdGen, application_name: &str) -> Self {
        let id: Id<ApplicationMarker> = ids.next();
        let mut bot = User::new(id.cast(), application_name);
        bot.bot = Some(true);
        let mut users = HashMap::new();
        users.insert(bot.id, bot.clone());
        Self {
            ids,
            application: AppState {
                id,
                name: application_name.to_owned(),
                bot,
                global_commands: Vec::new(),
                guild_commands: HashMap::new(),
            },
            users,
            guilds: BTreeMap::new(),
            channels: HashMap::new(),
            dms: HashMap::new(),
            reactions: reactions::Reactions::default(),
            extras: extras::Extras::default(),
            outbox: Vec::new(),
        }
    }

    /// The bot's user id.
    pub(crate) fn bot_id(&self) -> Id<UserMarker> {
        self.application.bot.id
    }

    /// Records an event for delivery.
    pub(crate) fn emit(&mut self, event: Event, guild_id: Option<Id<GuildMarker>>) {
        self.outbox.push(Dispatch { event, guild_id });
    }

    /// The events recorded since the last call.
    pub(crate) fn take_outbox(&mut self) -> Vec<Dispatch> {
        std::mem::take(&mut self.outbox)
    }

    pub(crate) fn guild(&self, guild_id: Id<GuildMarker>) -> Result<&GuildState, WorldError> {
        self.guilds.get(&guild_id).ok_or(WorldError::UnknownGuild)
    }

    pub(crate) fn guild_mut(
        &mut self,
        guild_id: Id<GuildMarker>,
    ) -> Result<&mut GuildState, WorldError> {
        self.guilds.get_mut(&guild_id).ok_or(WorldError::UnknownGuild)
    }

    pub(crate) fn channel(
        &self,
        channel_id: Id<ChannelMarker>,
    ) -> Result<&ChannelState, WorldError> {
        self.channels.get(&channel_id).ok_or(WorldError::UnknownChannel)
    }

    pub(crate) fn channel_mut(
        &mut self,
        channel_id: Id<ChannelMarker>,
    ) -> Result<&mut ChannelState, WorldError> {
        self.channels.get_mut(&channel_id).ok_or(WorldError::UnknownChannel)
    }

    pub(crate) fn user(&self, user_id: Id<UserMarker>) -> Result<&User, WorldError> {
        self.users.get(&user_id).ok_or(WorldError::UnknownUser)
    }

    /// The guild a channel is in, if any.
    pub(crate) fn guild_of(&self, channel_id: Id<ChannelMarker>) -> Option<Id<GuildMarker>> {
        self.channels.get(&channel_id)?.channel.guild_id
    }

    /// The DM channel between the bot and a user, created on first use.
    pub(crate) fn dm_channel(
        &mut self,
        user_id: Id<UserMarker>,
    ) -> Result<Id<ChannelMarker>, WorldError> {
        if let Some(channel_id) = self.dms.get(&user_id) {
            return Ok(*channel_id);
        }
        let user = self.user(user_id)?.clone();
        let id = self.ids.next();
        let mut channel = Channel::new(id, accord_model::channel::ChannelType::Dm);
        channel.recipients = Some(vec![user]);
        self.channels.insert(id, ChannelState { channel, messages: BTreeMap::new() });
        self.dms.insert(user_id, id);
        Ok(id)
    }
}
