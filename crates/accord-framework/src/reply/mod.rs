//! Replies: what a command sends back, the handle to edit it, and builders for embeds,
//! components and modals.

mod builders;

use accord_http::Client;
use accord_model::component::Component;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, ChannelMarker, MessageMarker};
use accord_model::interaction::InteractionCallbackData;
use accord_model::message::{AllowedMentions, Embed, Message, MessageFlags};
use accord_model::util::Secret;

pub use self::builders::{
    ButtonBuilder, EmbedBuilder, EntitySelectBuilder, ModalBuilder, StringSelectBuilder,
    action_row, button, link_button, select_option, string_select,
};

/// A message to send: text, embeds, components, and whether only the user sees it.
///
/// ```
/// use accord_framework::reply::{EmbedBuilder, Reply, action_row, button};
/// use accord_framework::model::component::ButtonStyle;
///
/// let reply = Reply::new()
///     .content("Vote!")
///     .embed(EmbedBuilder::new().title("Lunch").description("Pizza or pasta?").build())
///     .components(vec![action_row(vec![
///         button(ButtonStyle::Primary, "vote:1:pizza", "Pizza"),
///         button(ButtonStyle::Secondary, "vote:1:pasta", "Pasta"),
///     ])])
///     .ephemeral(true);
/// assert_eq!(reply.content.as_deref(), Some("Vote!"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
#[non_exhaustive]
pub struct Reply {
    /// The text.
    pub content: Option<String>,
    /// The embeds.
    pub embeds: Vec<Embed>,
    /// The components (rows of buttons and selects): `None` leaves a message's components as
    /// they are, `Some` replaces them (an empty list removes them).
    pub components: Option<Vec<Component>>,
    /// Whether only the user sees it (interactions only); `None` follows the command's
    /// setting.
    pub ephemeral: Option<bool>,
    /// Which mentions notify; `None` uses Discord's default.
    pub allowed_mentions: Option<AllowedMentions>,
}

impl Reply {
    /// An empty reply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text.
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Adds an embed.
    pub fn embed(mut self, embed: Embed) -> Self {
        self.embeds.push(embed);
        self
    }

    /// Sets the components; an empty list removes them from the message an edit or
    /// [`Context::update`](crate::Context::update) changes.
    pub fn components(mut self, components: Vec<Component>) -> Self {
        self.components = Some(components);
        self
    }

    /// Sets whether only the user sees it.
    pub const fn ephemeral(mut self, ephemeral: bool) -> Self {
        self.ephemeral = Some(ephemeral);
        self
    }

    /// Sets which mentions notify.
    pub fn allowed_mentions(mut self, mentions: AllowedMentions) -> Self {
        self.allowed_mentions = Some(mentions);
        self
    }

    /// The flags to send: EPHEMERAL when asked for (or by default).
    pub(crate) fn flags(&self, ephemeral_by_default: bool) -> Option<MessageFlags> {
        self.ephemeral.unwrap_or(ephemeral_by_default).then_some(MessageFlags::EPHEMERAL)
    }

    /// The reply as an interaction response's message.
    pub fn to_callback_data(&self, ephemeral_by_default: bool) -> InteractionCallbackData {
        let mut data = InteractionCallbackData::default();
        data.content.clone_from(&self.content);
        data.embeds = (!self.embeds.is_empty()).then(|| self.embeds.clone());
        data.components.clone_from(&self.components);
        data.allowed_mentions.clone_from(&self.allowed_mentions);
        data.flags = self.flags(ephemeral_by_default);
        data
    }
}

impl From<&str> for Reply {
    fn from(content: &str) -> Self {
        Self::new().content(content)
    }
}

impl From<String> for Reply {
    fn from(content: String) -> Self {
        Self::new().content(content)
    }
}

impl From<Embed> for Reply {
    fn from(embed: Embed) -> Self {
        Self::new().embed(embed)
    }
}

/// Which message a [`ReplyHandle`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplyTarget {
    /// A message sent in a channel (prefix commands).
    Channel {
        /// The channel.
        channel_id: Id<ChannelMarker>,
        /// The message.
        message_id: Id<MessageMarker>,
    },
    /// The original response of an interaction.
    Original,
    /// A followup message of an interaction.
    Followup(Id<MessageMarker>),
}

/// A message a command sent, to edit, fetch or delete it later.
#[derive(Debug, Clone)]
pub struct ReplyHandle {
    http: Client,
    application_id: Id<ApplicationMarker>,
    place: Place,
    message: Option<Box<Message>>,
}

/// Where the message is, with the token interaction messages need.
#[derive(Debug, Clone)]
pub(crate) enum Place {
    Channel(Id<ChannelMarker>, Id<MessageMarker>),
    Original(Secret),
    Followup(Secret, Id<MessageMarker>),
}

impl ReplyHandle {
    pub(crate) fn new(
        http: Client,
        application_id: Id<ApplicationMarker>,
        place: Place,
        message: Option<Message>,
    ) -> Self {
        Self { http, application_id, place, message: message.map(Box::new) }
    }

    /// Which message this is.
    pub const fn target(&self) -> ReplyTarget {
        match &self.place {
            Place::Channel(channel_id, message_id) => {
                ReplyTarget::Channel { channel_id: *channel_id, message_id: *message_id }
            }
            Place::Original(_) => ReplyTarget::Original,
            Place::Followup(_, message_id) => ReplyTarget::Followup(*message_id),
        }
    }

    /// The message as Discord returned it when it was sent, if it did (channel messages and
    /// followups).
    pub fn sent(&self) -> Option<&Message> {
        self.message.as_deref()
    }

    /// The message's id, when known without a request.
    pub fn message_id(&self) -> Option<Id<MessageMarker>> {
        match &self.place {
            Place::Channel(_, message_id) | Place::Followup(_, message_id) => Some(*message_id),
            Place::Original(_) => self.message.as_ref().map(|message| message.id),
        }
    }

    /// Edits the message: the fields `reply` sets replace the message's (components set to an
    /// empty list are removed).
    pub async fn edit(&self, reply: Reply) -> Result<Message, accord_http::Error> {
        let embeds = (!reply.embeds.is_empty()).then_some(reply.embeds.as_slice());
        let components = reply.components.as_deref();
        let content = reply.content.as_deref();
        macro_rules! apply {
            ($request:expr) => {{
                let mut request = $request;
                if content.is_some() {
                    request = request.content(content);
                }
                if embeds.is_some() {
                    request = request.embeds(embeds);
                }
                if components.is_some() {
                    request = request.components(components);
                }
                request.await?.model().await
            }};
        }
        let client = self.http.interaction(self.application_id);
        match &self.place {
            Place::Channel(channel_id, message_id) => {
                apply!(self.http.update_message(*channel_id, *message_id))
            }
            Place::Followup(token, message_id) => {
                apply!(client.update_followup(token, *message_id))
            }
            Place::Original(token) => apply!(client.update_response(token)),
        }
    }

    /// Fetches the message as it is now.
    pub async fn message(&self) -> Result<Message, accord_http::Error> {
        let client = self.http.interaction(self.application_id);
        match &self.place {
            Place::Channel(channel_id, message_id) => {
                self.http.get_message(*channel_id, *message_id).await?.model().await
            }
            Place::Followup(token, message_id) => {
                client.get_followup(token, *message_id).await?.model().await
            }
            Place::Original(token) => client.get_response(token).await?.model().await,
        }
    }

    /// Deletes the message.
    pub async fn delete(&self) -> Result<(), accord_http::Error> {
        let client = self.http.interaction(self.application_id);
        match &self.place {
            Place::Channel(channel_id, message_id) => {
                self.http.delete_message(*channel_id, *message_id).await?;
            }
            Place::Followup(token, message_id) => {
                client.delete_followup(token, *message_id).await?;
            }
            Place::Original(token) => {
                client.delete_response(token).await?;
            }
        }
        Ok(())
    }
}
