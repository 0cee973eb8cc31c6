//! Messages: creating, editing and deleting them, with mentions resolved as Discord does.

use accord_model::component::Component;
use accord_model::gateway::Event;
use accord_model::gateway::event::{MessageDelete, MessageDeleteBulk};
use accord_model::guild::PartialMember;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, RoleMarker, UserMarker};
use accord_model::message::{
    AllowedMentions, Attachment, Embed, Mention, Message, MessageFlags, MessageReference,
    MessageReferenceType, MessageType,
};
use accord_model::util::Timestamp;

use super::{World, WorldError};

/// What a new message is made of, from REST, a webhook, an interaction reply or a test.
#[derive(Debug, Clone, Default)]
pub(crate) struct MessageDraft {
    pub(crate) content: String,
    pub(crate) embeds: Vec<Embed>,
    pub(crate) components: Vec<Component>,
    pub(crate) attachments: Vec<Attachment>,
    pub(crate) tts: bool,
    pub(crate) flags: Option<MessageFlags>,
    pub(crate) reference: Option<MessageReference>,
    pub(crate) allowed_mentions: Option<AllowedMentions>,
}

impl MessageDraft {
    /// A message with only text.
    pub(crate) fn text(content: impl Into<String>) -> Self {
        Self { content: content.into(), ..Self::default() }
    }

    fn is_empty(&self) -> bool {
        self.content.is_empty()
            && self.embeds.is_empty()
            && self.components.is_empty()
            && self.attachments.is_empty()
    }
}

/// The user and role ids mentioned in a text (`<@id>`, `<@!id>`, `<@&id>`), and whether it
/// mentions @everyone or @here.
/// The components with an `id` on each, as Discord numbers them: the ones the sender left
/// without one get 1, 2, ... depth first, skipping the ids the sender gave. A component that
/// cannot be read back unchanged is returned as it came.
fn numbered(components: Vec<Component>) -> Vec<Component> {
    let Ok(mut json) = serde_json::to_value(&components) else { return components };
    let mut taken = std::collections::HashSet::new();
    visit(&mut json, &mut |object| {
        if let Some(id) = object.get("id").and_then(serde_json::Value::as_u64) {
            taken.insert(id);
        }
    });
    let mut next = 0_u64;
    visit(&mut json, &mut |object| {
        if object.get("id").and_then(serde_json::Value::as_u64).is_none_or(|id| id == 0) {
            next += 1;
            while taken.contains(&next) {
                next += 1;
            }
            object.insert("id".into(), next.into());
        }
    });
    serde_json::from_value(json).unwrap_or(components)
}

/// Calls `each` on every component object in `json`, depth first, a parent before its children
/// (`components`, `component`, then `accessory`).
fn visit(
    json: &mut serde_json::Value,
    each: &mut impl FnMut(&mut serde_json::Map<String, serde_json::Value>),
) {
    match json {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| visit(item, each)),
        serde_json::Value::Object(object) => {
            each(object);
            for key in ["components", "component", "accessory"] {
                if let Some(child) = object.get_mut(key) {
                    visit(child, each);
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn parse_mentions(content: &str) -> (Vec<Id<UserMarker>>, Vec<Id<RoleMarker>>, bool) {
    let mut users = Vec::new();
    let mut roles = Vec::new();
    let mut rest = content;
    while let Some(start) = rest.find("<@") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('>') else { break };
        let inner = &rest[..end];
        if let Some(role) = inner.strip_prefix('&') {
            if let Ok(id) = role.parse()
                && !roles.contains(&id)
            {
                roles.push(id);
            }
        } else if let Ok(id) = inner.trim_start_matches('!').parse()
            && !users.contains(&id)
        {
            users.push(id);
        }
    }
    let everyone = content.contains("@everyone") || content.contains("@here");
    (users, roles, everyone)
}

impl World {
    /// Creates a message by `author_id` in a channel and emits MESSAGE_CREATE. Permission
    /// checks are the caller's: REST checks the bot's, the control API acts for anyone.
    pub(crate) fn create_message(
        &mut self,
        channel_id: Id<ChannelMarker>,
        author_id: Id<UserMarker>,
        draft: MessageDraft,
    ) -> Result<Message, WorldError> {
        if draft.is_empty() {
            return Err(WorldError::EmptyMessage);
        }
        let author = self.user(author_id)?.clone();
        let guild_id = self.channel(channel_id)?.channel.guild_id;
        let referenced = match &draft.reference {
            Some(reference) => {
                let target = reference.message_id.ok_or(WorldError::UnknownMessage)?;
                let source = reference.channel_id.unwrap_or(channel_id);
                Some(
                    self.channel(source)?
                        .messages
                        .get(&target)
                        .cloned()
                        .ok_or(WorldError::UnknownMessage)?,
                )
            }
            None => None,
        };
        let (user_ids, role_ids, everyone) = parse_mentions(&draft.content);
        let allowed = draft.allowed_mentions.clone();
        let parse_all = allowed.is_none();
        let allows = |kind: &str| {
            allowed
                .as_ref()
                .and_then(|a| a.parse.as_ref())
                .is_some_and(|parse| parse.iter().any(|p| p.as_str() == kind))
        };
        let mut mentions = Vec::new();
        for user_id in user_ids {
            let listed = allowed
                .as_ref()
                .is_some_and(|a| a.users.as_ref().is_some_and(|u| u.contains(&user_id)));
            if !(parse_all || allows("users") || listed) {
                continue;
            }
            let Ok(user) = self.user(user_id) else { continue };
            let member = guild_id
                .and_then(|g| self.guilds.get(&g))
                .and_then(|g| g.members.get(&user_id))
                .map(|m| Box::new(PartialMember::from(m.clone())));
            let mut mention = Mention::new(user.clone());
            mention.member = member;
            mentions.push(mention);
        }
        if let Some(referenced) = &referenced {
            let mention_replied = allowed.as_ref().is_none_or(|a| a.replied_user.unwrap_or(false));
            if mention_replied && !mentions.iter().any(|m| m.user.id == referenced.author.id) {
                mentions.push(Mention::new(referenced.author.clone()));
            }
        }
        let mention_roles: Vec<_> = role_ids
            .into_iter()
            .filter(|r| {
                parse_all
                    || allows("roles")
                    || allowed
                        .as_ref()
                        .is_some_and(|a| a.roles.as_ref().is_some_and(|ids| ids.contains(r)))
            })
            .collect();

        let id: Id<MessageMarker> = self.ids.next();
        let mut message = Message::new(id, channel_id, author, draft.content, Timestamp::now());
        message.guild_id = guild_id;
        message.member = guild_id
            .and_then(|g| self.guilds.get(&g))
            .and_then(|g| g.members.get(&author_id))
            .map(|m| {
                let mut partial = PartialMember::from(m.clone());
                partial.user = None;
                Box::new(partial)
            });
        message.mentions = mentions;
        message.mention_roles = mention_roles;
        message.mention_everyone = everyone && (parse_all || allows("everyone"));
        message.embeds = draft.embeds;
        message.attachments = draft.attachments;
        message.components = (!draft.components.is_empty()).then(|| numbered(draft.components));
        message.tts = draft.tts;
        // Discord always sends `flags`, 0 when none are set.
        message.flags = Some(draft.flags.unwrap_or_else(MessageFlags::empty));
        if let Some(referenced) = referenced {
            message.kind = MessageType::Reply;
            // Discord fills in the channel (and guild) and the type of a reply's reference.
            message.message_reference = draft.reference.map(|mut reference| {
                reference.channel_id.get_or_insert(referenced.channel_id);
                reference.guild_id = reference.guild_id.or(referenced.guild_id);
                reference.kind.get_or_insert(MessageReferenceType::Default);
                reference
            });
            message.referenced_message = Some(Some(Box::new(referenced)));
        }

        let state = self.channel_mut(channel_id)?;
        state.channel.last_message_id = Some(id);
        state.messages.insert(id, message.clone());
        self.emit(Event::MessageCreate(Box::new(message.clone())), guild_id);
        Ok(message)
    }

    /// Edits a message's content, embeds or components and emits MESSAGE_UPDATE.
    pub(crate) fn edit_message(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        edit: impl FnOnce(&mut Message),
    ) -> Result<Message, WorldError> {
        let guild_id = self.guild_of(channel_id);
        let state = self.channel_mut(channel_id)?;
        let message = state.messages.get_mut(&message_id).ok_or(WorldError::UnknownMessage)?;
        edit(message);
        message.components = message.components.take().map(numbered);
        message.edited_timestamp = Some(Timestamp::now());
        let message = message.clone();
        self.emit(Event::MessageUpdate(Box::new(message.clone())), guild_id);
        Ok(message)
    }

    /// Deletes a message and emits MESSAGE_DELETE.
    pub(crate) fn delete_message(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Result<Message, WorldError> {
        let guild_id = self.guild_of(channel_id);
        let state = self.channel_mut(channel_id)?;
        let message = state.messages.remove(&message_id).ok_or(WorldError::UnknownMessage)?;
        self.emit(
            Event::MessageDelete(Box::new({
                let mut delete = MessageDelete::new(message_id, channel_id);
                delete.guild_id = guild_id;
                delete
            })),
            guild_id,
        );
        Ok(message)
    }

    /// Deletes several messages at once and emits MESSAGE_DELETE_BULK.
    pub(crate) fn delete_messages(
        &mut self,
        channel_id: Id<ChannelMarker>,
        ids: &[Id<MessageMarker>],
    ) -> Result<(), WorldError> {
        let guild_id = self.guild_of(channel_id);
        let state = self.channel_mut(channel_id)?;
        let deleted: Vec<_> =
            ids.iter().filter(|id| state.messages.remove(id).is_some()).copied().collect();
        self.emit(
            Event::MessageDeleteBulk(Box::new({
                let mut delete = MessageDeleteBulk::new(deleted, channel_id);
                delete.guild_id = guild_id;
                delete
            })),
            guild_id,
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_mentions;

    #[test]
    fn mentions_are_found_once_each() {
        let (users, roles, everyone) =
            parse_mentions("hi <@1> and <@!1>, <@&7>, <@x> <@2 and @here");
        assert_eq!(users.iter().map(|id| id.get()).collect::<Vec<_>>(), [1]);
        assert_eq!(roles.iter().map(|id| id.get()).collect::<Vec<_>>(), [7]);
        assert!(everyone);
    }
}
