//! Sessions and event delivery: which session gets which event, with which sequence number.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use accord_model::gateway::{Event, EventType, Intents, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use accord_model::message::Message;
use tokio::sync::mpsc;

use crate::world::Dispatch;

/// A gateway session: it outlives connections, so that a client can resume.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) id: String,
    pub(crate) shard: ShardId,
    pub(crate) intents: Intents,
    /// The sequence number of the last event dispatched to this session.
    pub(crate) seq: u64,
    /// Recent frames by sequence number, for RESUME.
    pub(crate) replay: VecDeque<(u64, Arc<str>)>,
    /// The connection currently serving the session.
    pub(crate) sender: Option<mpsc::UnboundedSender<Arc<str>>>,
    /// When the last connection went away; a session expires some time after.
    pub(crate) disconnected_at: Option<Instant>,
}

impl Session {
    pub(crate) fn new(id: String, shard: ShardId, intents: Intents) -> Self {
        Self {
            id,
            shard,
            intents,
            seq: 0,
            replay: VecDeque::new(),
            sender: None,
            disconnected_at: None,
        }
    }

    /// Assigns the next sequence number to a dispatch and sends or buffers it.
    pub(crate) fn push(&mut self, name: &str, data: &str, replay_capacity: usize) -> u64 {
        self.seq += 1;
        let frame: Arc<str> =
            format!(r#"{{"t":"{name}","s":{},"op":0,"d":{data}}}"#, self.seq).into();
        if replay_capacity > 0 {
            if self.replay.len() == replay_capacity {
                self.replay.pop_front();
            }
            self.replay.push_back((self.seq, frame.clone()));
        }
        if let Some(sender) = &self.sender {
            if sender.send(frame).is_err() {
                self.sender = None;
                self.disconnected_at.get_or_insert_with(Instant::now);
            }
        }
        self.seq
    }
}

/// Every session, by id.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    sessions: Mutex<HashMap<String, Session>>,
}

impl Registry {
    /// Runs `f` with the sessions; never held across an await.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Session>) -> T) -> T {
        f(&mut self.sessions.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Delivers events to every session whose shard and intents select them. Returns how many
    /// frames were produced.
    pub(crate) fn deliver(
        &self,
        dispatches: &[Dispatch],
        bot_id: Id<UserMarker>,
        replay_capacity: usize,
    ) -> u64 {
        if dispatches.is_empty() {
            return 0;
        }
        let mut delivered = 0;
        self.with(|sessions| {
            for dispatch in dispatches {
                let Some(kind) = dispatch.event.kind() else { continue };
                let full = serde_json::to_string(&dispatch.event.payload()).unwrap_or_default();
                let mut gated: Option<String> = None;
                for session in sessions.values_mut() {
                    if !wants(session, kind, dispatch) {
                        continue;
                    }
                    let data = if needs_content_gate(session.intents, &dispatch.event, bot_id) {
                        gated.get_or_insert_with(|| gate_content(&dispatch.event)).as_str()
                    } else {
                        full.as_str()
                    };
                    session.push(kind.name(), data, replay_capacity);
                    delivered += 1;
                }
            }
        });
        delivered
    }
}

/// Whether a session receives an event: the right shard (events without a guild go to shard
/// 0), and an intent that delivers it.
fn wants(session: &Session, kind: EventType, dispatch: &Dispatch) -> bool {
    let shard = match dispatch.guild_id {
        Some(guild_id) => ShardId::for_guild(guild_id, session.shard.total()).number(),
        None => 0,
    };
    if shard != session.shard.number() {
        return false;
    }
    let needs = kind.intents();
    if needs.is_empty() {
        return true;
    }
    // Message, reaction, typing and poll events come through the guild or the DM intent,
    // depending on where they happen.
    let guild_intents = needs
        & !(Intents::DIRECT_MESSAGES
            | Intents::DIRECT_MESSAGE_REACTIONS
            | Intents::DIRECT_MESSAGE_TYPING
            | Intents::DIRECT_MESSAGE_POLLS);
    let dm_intents = needs
        & (Intents::DIRECT_MESSAGES
            | Intents::DIRECT_MESSAGE_REACTIONS
            | Intents::DIRECT_MESSAGE_TYPING
            | Intents::DIRECT_MESSAGE_POLLS);
    match (dispatch.guild_id, dm_intents.is_empty()) {
        (None, false) => session.intents.intersects(dm_intents),
        _ => session.intents.intersects(guild_intents),
    }
}

/// Without MESSAGE_CONTENT, message content is hidden except in DMs, in the bot's own
/// messages and in messages that mention the bot.
fn needs_content_gate(intents: Intents, event: &Event, bot_id: Id<UserMarker>) -> bool {
    if intents.contains(Intents::MESSAGE_CONTENT) {
        return false;
    }
    match event {
        Event::MessageCreate(message) | Event::MessageUpdate(message) => {
            !content_exempt(message, bot_id)
        }
        _ => false,
    }
}

fn content_exempt(message: &Message, bot_id: Id<UserMarker>) -> bool {
    message.guild_id.is_none()
        || message.author.id == bot_id
        || message.mentions.iter().any(|m| m.user.id == bot_id)
}

/// The event's data with the content fields emptied.
fn gate_content(event: &Event) -> String {
    match event {
        Event::MessageCreate(message) | Event::MessageUpdate(message) => {
            let mut message = (**message).clone();
            message.content.clear();
            message.embeds.clear();
            message.attachments.clear();
            message.components = message.components.as_ref().map(|_| Vec::new());
            message.poll = None;
            serde_json::to_string(&message).unwrap_or_default()
        }
        other => serde_json::to_string(&other.payload()).unwrap_or_default(),
    }
}
