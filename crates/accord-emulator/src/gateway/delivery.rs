//! Which session gets which event, in which form: shards, intents, the MESSAGE_CONTENT gate,
//! and GUILD_CREATE cut to each session's view.

use std::collections::HashMap;
use std::sync::Arc;

use accord_model::gateway::event::GuildCreate;
use accord_model::gateway::{Event, EventType, Intents, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use accord_model::message::Message;

use super::registry::Session;
use crate::world::Dispatch;
use crate::world::guild_create::{View, tailor};

/// Queues one dispatch for every session that wants it, calling `received` for each.
pub(super) fn deliver_one(
    sessions: &mut HashMap<Arc<str>, Session>,
    dispatch: &Dispatch,
    bot_id: Id<UserMarker>,
    replay_capacity: usize,
    mut received: impl FnMut(&Session, u64),
) -> u64 {
    let Some(kind) = dispatch.event.kind() else { return 0 };
    let mut full: Option<String> = None;
    let mut gated: Option<String> = None;
    let mut tailored: Vec<(View, String)> = Vec::new();
    let mut delivered = 0;
    for session in sessions.values_mut() {
        if !wants(session, kind, dispatch, bot_id) {
            continue;
        }
        let data = if let Event::GuildCreate(create) = &dispatch.event {
            // GUILD_CREATE's members and presences depend on each session's view.
            let index =
                if let Some(index) = tailored.iter().position(|(view, _)| *view == session.view) {
                    index
                } else {
                    let json = match &**create {
                        GuildCreate::Available(guild) => {
                            serde_json::to_string(&tailor(guild, session.view, bot_id))
                        }
                        other => serde_json::to_string(other),
                    };
                    tailored.push((session.view, json.unwrap_or_default()));
                    tailored.len() - 1
                };
            tailored.get(index).map_or("", |(_, json)| json.as_str())
        } else if needs_content_gate(session.view.intents, &dispatch.event, bot_id) {
            gated.get_or_insert_with(|| gate_content(&dispatch.event, bot_id)).as_str()
        } else {
            full.get_or_insert_with(|| data_json(dispatch)).as_str()
        };
        let seq = session.push(kind.name(), data, replay_capacity);
        received(session, seq);
        delivered += 1;
    }
    delivered
}

/// The `d` of a dispatch. GUILD_MEMBER_ADD carries the guild id beside the member's fields,
/// which the model's member type has no room for.
fn data_json(dispatch: &Dispatch) -> String {
    match (&dispatch.event, dispatch.guild_id) {
        (Event::GuildMemberAdd(member), Some(guild_id)) => {
            let mut value = serde_json::to_value(member).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("guild_id".to_owned(), guild_id.to_string().into());
            }
            value.to_string()
        }
        (event, _) => serde_json::to_string(&event.payload()).unwrap_or_default(),
    }
}

/// Whether a session receives an event: the right shard (events without a guild go to shard
/// 0), and an intent that delivers it.
fn wants(session: &Session, kind: EventType, dispatch: &Dispatch, bot_id: Id<UserMarker>) -> bool {
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
    // The bot hears about its own member updates without GUILD_MEMBERS.
    if let Event::GuildMemberUpdate(update) = &dispatch.event
        && update.user.id == bot_id
    {
        return true;
    }
    // Message, reaction, typing and poll events come through the guild or the DM intent,
    // depending on where they happen.
    let dm = Intents::DIRECT_MESSAGES
        | Intents::DIRECT_MESSAGE_REACTIONS
        | Intents::DIRECT_MESSAGE_TYPING
        | Intents::DIRECT_MESSAGE_POLLS;
    let guild_intents = needs & !dm;
    let dm_intents = needs & dm;
    match (dispatch.guild_id, dm_intents.is_empty()) {
        (None, false) => session.view.intents.intersects(dm_intents),
        _ => session.view.intents.intersects(guild_intents),
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
fn gate_content(event: &Event, bot_id: Id<UserMarker>) -> String {
    match event {
        Event::MessageCreate(message) | Event::MessageUpdate(message) => {
            let mut message = (**message).clone();
            clear_content(&mut message);
            // A replied-to message is gated on its own terms.
            if let Some(Some(referenced)) = &mut message.referenced_message
                && !content_exempt(referenced, bot_id)
            {
                clear_content(referenced);
            }
            serde_json::to_string(&message).unwrap_or_default()
        }
        other => serde_json::to_string(&other.payload()).unwrap_or_default(),
    }
}

fn clear_content(message: &mut Message) {
    message.content.clear();
    message.embeds.clear();
    message.attachments.clear();
    message.components = message.components.as_ref().map(|_| Vec::new());
    message.poll = None;
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::Event;
    use accord_model::id::Id;
    use accord_model::message::{Mention, Message};
    use accord_model::user::User;
    use accord_model::util::Timestamp;

    use super::gate_content;

    fn message(id: u64, author: u64, content: &str) -> Message {
        let mut message = Message::new(
            Id::new(id),
            Id::new(10),
            User::new(Id::new(author), "someone"),
            content,
            Timestamp::from_secs(0),
        );
        message.guild_id = Some(Id::new(20));
        message
    }

    #[test]
    fn gated_messages_lose_their_content_and_so_do_replied_ones_unless_exempt() {
        let bot = Id::new(99);
        let mut reply = message(2, 5, "reply");
        reply.referenced_message = Some(Some(Box::new(message(1, 6, "original"))));
        let gated: serde_json::Value = serde_json::from_str(&gate_content(
            &Event::MessageCreate(Box::new(reply.clone())),
            bot,
        ))
        .unwrap();
        assert_eq!(
            (gated["content"].as_str(), gated["referenced_message"]["content"].as_str()),
            (Some(""), Some(""))
        );

        let mut mentioning = message(1, 6, "hey <@99>");
        mentioning.mentions.push(Mention::new(User::new(bot, "bot")));
        reply.referenced_message = Some(Some(Box::new(mentioning)));
        let gated: serde_json::Value =
            serde_json::from_str(&gate_content(&Event::MessageCreate(Box::new(reply)), bot))
                .unwrap();
        assert_eq!(gated["referenced_message"]["content"], "hey <@99>", "it mentions the bot");
    }
}
