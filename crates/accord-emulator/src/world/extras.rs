//! World state that REST creates and reads beside guilds, channels and messages: bans,
//! webhooks, thread members, pins, invites, scheduled events, stage instances, command
//! permissions, audit logs and interactions.

use std::collections::{BTreeMap, HashMap};

use accord_model::application::Application;
use accord_model::application::command::GuildCommandPermissions;
use accord_model::audit_log::AuditLogEntry;
use accord_model::channel::ThreadMember;
use accord_model::emoji::Emoji;
use accord_model::guild::Ban;
use accord_model::id::Id;
use accord_model::id::marker::{
    ChannelMarker, GuildMarker, MessageMarker, ScheduledEventMarker, UserMarker, WebhookMarker,
};
use accord_model::invite::Invite;
use accord_model::scheduled_event::GuildScheduledEvent;
use accord_model::stage_instance::StageInstance;
use accord_model::util::Timestamp;
use accord_model::webhook::Webhook;
use serde_json::Value;

use super::interactions::Interactions;

/// The REST-driven parts of the world.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    /// The application object, once read or changed over REST.
    pub(crate) application: Option<Application>,
    /// The application's own emojis.
    pub(crate) application_emojis: Vec<Emoji>,
    /// The application's role connection metadata records.
    pub(crate) role_connection_metadata: Vec<Value>,
    pub(crate) bans: HashMap<Id<GuildMarker>, BTreeMap<Id<UserMarker>, Ban>>,
    /// Webhooks with their tokens.
    pub(crate) webhooks: BTreeMap<Id<WebhookMarker>, Webhook>,
    /// Announcement channels and the channel-follower webhooks that receive their crossposts.
    pub(crate) followers: HashMap<Id<ChannelMarker>, Vec<Id<WebhookMarker>>>,
    pub(crate) thread_members: HashMap<Id<ChannelMarker>, BTreeMap<Id<UserMarker>, ThreadMember>>,
    /// Pinned messages per channel with when they were pinned, oldest pin first.
    pub(crate) pins: HashMap<Id<ChannelMarker>, Vec<(Id<MessageMarker>, Timestamp)>>,
    pub(crate) invites: BTreeMap<String, Invite>,
    pub(crate) scheduled_events: BTreeMap<Id<ScheduledEventMarker>, GuildScheduledEvent>,
    /// The users interested in each scheduled event.
    pub(crate) event_users: HashMap<Id<ScheduledEventMarker>, Vec<Id<UserMarker>>>,
    pub(crate) stage_instances: HashMap<Id<ChannelMarker>, StageInstance>,
    pub(crate) command_permissions: HashMap<Id<GuildMarker>, Vec<GuildCommandPermissions>>,
    /// Audit log entries per guild, oldest first.
    pub(crate) audit_log: HashMap<Id<GuildMarker>, Vec<AuditLogEntry>>,
    pub(crate) interactions: Interactions,
}
