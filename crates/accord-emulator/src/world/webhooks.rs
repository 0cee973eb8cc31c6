//! Webhooks: created, changed and deleted with WEBHOOKS_UPDATE, and executed as messages by a
//! pseudo-user carrying the webhook's id and name.

use accord_model::gateway::Event;
use accord_model::gateway::event::WebhooksUpdate;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, WebhookMarker};
use accord_model::message::Message;
use accord_model::user::User;
use accord_model::webhook::Webhook;

use super::{MessageDraft, World, WorldError};

/// How a webhook message presents itself: the username it overrides, if any.
#[derive(Debug, Clone, Default)]
pub(crate) struct WebhookPersona {
    pub(crate) username: Option<String>,
}

impl World {
    /// A webhook: 10015 when there is none.
    pub(crate) fn webhook(&self, id: Id<WebhookMarker>) -> Result<&Webhook, WorldError> {
        self.extras.webhooks.get(&id).ok_or(WorldError::Code(10015))
    }

    /// A webhook whose token must match: 10015 without the webhook, 50027 with a wrong token.
    pub(crate) fn webhook_with_token(
        &self,
        id: Id<WebhookMarker>,
        token: &str,
    ) -> Result<&Webhook, WorldError> {
        let webhook = self.webhook(id)?;
        match &webhook.token {
            Some(expected) if expected.expose() == token => Ok(webhook),
            _ => Err(WorldError::Code(50027)),
        }
    }

    fn webhooks_update(&mut self, channel_id: Option<Id<ChannelMarker>>) {
        let Some(channel_id) = channel_id else { return };
        if let Some(guild_id) = self.guild_of(channel_id) {
            self.emit(
                Event::WebhooksUpdate(Box::new(WebhooksUpdate::new(guild_id, channel_id))),
                Some(guild_id),
            );
        }
    }

    /// Adds a webhook and emits WEBHOOKS_UPDATE.
    pub(crate) fn add_webhook(&mut self, webhook: Webhook) -> Webhook {
        self.extras.webhooks.insert(webhook.id, webhook.clone());
        self.webhooks_update(webhook.channel_id);
        webhook
    }

    /// Changes a webhook and emits WEBHOOKS_UPDATE for its old and new channels.
    pub(crate) fn change_webhook(
        &mut self,
        id: Id<WebhookMarker>,
        change: impl FnOnce(&mut Webhook),
    ) -> Result<Webhook, WorldError> {
        let webhook = self.extras.webhooks.get_mut(&id).ok_or(WorldError::Code(10015))?;
        let before = webhook.channel_id;
        change(webhook);
        let webhook = webhook.clone();
        self.webhooks_update(before);
        if webhook.channel_id != before {
            self.webhooks_update(webhook.channel_id);
        }
        Ok(webhook)
    }

    /// Deletes a webhook and emits WEBHOOKS_UPDATE.
    pub(crate) fn remove_webhook(&mut self, id: Id<WebhookMarker>) -> Result<Webhook, WorldError> {
        let webhook = self.extras.webhooks.remove(&id).ok_or(WorldError::Code(10015))?;
        for followers in self.extras.followers.values_mut() {
            followers.retain(|f| *f != id);
        }
        self.webhooks_update(webhook.channel_id);
        Ok(webhook)
    }

    /// Posts a message as a webhook in `channel_id` (its channel, or a thread of it) and emits
    /// MESSAGE_CREATE.
    pub(crate) fn execute_webhook(
        &mut self,
        id: Id<WebhookMarker>,
        channel_id: Id<ChannelMarker>,
        draft: MessageDraft,
        persona: &WebhookPersona,
        customize: impl FnOnce(&mut Message),
    ) -> Result<Message, WorldError> {
        let webhook = self.webhook(id)?.clone();
        let mut author = User::new(id.cast(), webhook.name.clone().unwrap_or_default());
        if let Some(username) = &persona.username {
            author.username = username.as_str().into();
        }
        author.avatar = webhook.avatar;
        author.bot = Some(true);
        author.discriminator = "0000".into();
        let bot = self.bot_id();
        self.create_message_with(channel_id, bot, draft, |message| {
            message.author = author;
            message.member = None;
            message.webhook_id = Some(id);
            message.application_id = webhook.application_id;
            customize(message);
        })
    }
}
