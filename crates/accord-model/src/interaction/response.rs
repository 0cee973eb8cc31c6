//! Responses to interactions, and what Discord returns about them.

use compact_str::CompactString;
use serde::de;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::InteractionType;
use crate::application::command::CommandOptionChoice;
use crate::component::Component;
use crate::component::superset::{required, superset};
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, InteractionMarker, MessageMarker};
use crate::message::{
    AllowedMentions, Embed, Message, MessageFlags, PartialAttachment, PollCreate,
};

/// The response to an interaction: the body of `POST /interactions/{id}/{token}/callback`, or
/// of the HTTP answer to an interaction received at the interactions endpoint.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InteractionResponse {
    /// What the response does.
    #[serde(rename = "type")]
    pub kind: InteractionCallbackType,
    /// The message, choices or modal, as the type requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<InteractionResponseData>,
}

impl InteractionResponse {
    /// The answer to a PING.
    pub const fn pong() -> Self {
        Self { kind: InteractionCallbackType::Pong, data: None }
    }

    /// A message in the channel (or, with the EPHEMERAL flag, for the user only).
    pub fn message(data: InteractionCallbackData) -> Self {
        Self {
            kind: InteractionCallbackType::ChannelMessageWithSource,
            data: Some(InteractionResponseData::Message(Box::new(data))),
        }
    }

    /// A "thinking" state now, a message later through the follow-up endpoints.
    pub const fn deferred() -> Self {
        Self { kind: InteractionCallbackType::DeferredChannelMessageWithSource, data: None }
    }

    /// Like [`deferred`](Self::deferred), but only the user will see the message.
    pub fn deferred_ephemeral() -> Self {
        Self {
            kind: InteractionCallbackType::DeferredChannelMessageWithSource,
            data: Some(InteractionResponseData::Message(Box::new(InteractionCallbackData {
                flags: Some(MessageFlags::EPHEMERAL),
                ..InteractionCallbackData::default()
            }))),
        }
    }

    /// For component interactions: nothing now, an edit of the message later.
    pub const fn deferred_update() -> Self {
        Self { kind: InteractionCallbackType::DeferredUpdateMessage, data: None }
    }

    /// For component interactions: an edit of the message the component is in.
    pub fn update(data: InteractionCallbackData) -> Self {
        Self {
            kind: InteractionCallbackType::UpdateMessage,
            data: Some(InteractionResponseData::Message(Box::new(data))),
        }
    }

    /// For autocomplete interactions: the suggestions (up to 25).
    pub fn autocomplete(choices: Vec<CommandOptionChoice>) -> Self {
        Self {
            kind: InteractionCallbackType::ApplicationCommandAutocompleteResult,
            data: Some(InteractionResponseData::Autocomplete(AutocompleteData { choices })),
        }
    }

    /// A modal for the user to fill in.
    pub fn modal(
        custom_id: impl Into<CompactString>,
        title: impl Into<CompactString>,
        components: Vec<Component>,
    ) -> Self {
        Self {
            kind: InteractionCallbackType::Modal,
            data: Some(InteractionResponseData::Modal(ModalData {
                custom_id: custom_id.into(),
                title: title.into(),
                components,
            })),
        }
    }

    /// Launches the app's activity.
    pub const fn launch_activity() -> Self {
        Self { kind: InteractionCallbackType::LaunchActivity, data: None }
    }
}

int_enum! {
    /// What an interaction response does.
    pub enum InteractionCallbackType: u8 {
        /// Acknowledges a PING.
        Pong = 1,
        /// Sends a message.
        ChannelMessageWithSource = 4,
        /// Shows a loading state; the message comes later.
        DeferredChannelMessageWithSource = 5,
        /// For components: acknowledges now, edits the message later.
        DeferredUpdateMessage = 6,
        /// For components: edits the message the component is in.
        UpdateMessage = 7,
        /// Suggests choices for an autocomplete option.
        ApplicationCommandAutocompleteResult = 8,
        /// Opens a modal.
        Modal = 9,
        /// Deprecated: asks the user to buy premium; use a premium button.
        PremiumRequired = 10,
        /// Launches the app's activity.
        LaunchActivity = 12,
    }
}

/// The data of an interaction response, whose shape depends on the callback type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum InteractionResponseData {
    /// A message, for types 4 to 7.
    Message(Box<InteractionCallbackData>),
    /// Autocomplete suggestions, for type 8.
    Autocomplete(AutocompleteData),
    /// A modal, for type 9.
    Modal(ModalData),
    /// Data for a type this version does not know, as the JSON object it was.
    Unknown(Map<String, Value>),
}

impl Serialize for InteractionResponseData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Message(data) => data.serialize(serializer),
            Self::Autocomplete(data) => data.serialize(serializer),
            Self::Modal(data) => data.serialize(serializer),
            Self::Unknown(map) => map.serialize(serializer),
        }
    }
}

/// A message sent or edited by an interaction response; also the shape of a message body in
/// general (content, embeds, components, attachments, poll).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InteractionCallbackData {
    /// Whether the message is read aloud.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tts: Option<bool>,
    /// The text (up to 2000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The embeds (up to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embeds: Option<Vec<Embed>>,
    /// Which mentions notify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_mentions: Option<AllowedMentions>,
    /// Flags: EPHEMERAL, SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2,
    /// IS_VOICE_MESSAGE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// The components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    /// The attachments to upload or keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<PartialAttachment>>,
    /// A poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollCreate>,
}

impl InteractionCallbackData {
    /// A message of text.
    pub fn content(content: impl Into<String>) -> Self {
        Self { content: Some(content.into()), ..Self::default() }
    }

    /// A components v2 message: the layout is the whole message.
    pub fn components_v2(components: Vec<Component>) -> Self {
        Self {
            flags: Some(MessageFlags::IS_COMPONENTS_V2),
            components: Some(components),
            ..Self::default()
        }
    }

    /// The same message, only visible to the user.
    #[must_use]
    pub fn ephemeral(mut self) -> Self {
        self.flags = Some(self.flags.unwrap_or_default() | MessageFlags::EPHEMERAL);
        self
    }
}

/// Autocomplete suggestions.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutocompleteData {
    /// The suggestions (up to 25).
    pub choices: Vec<CommandOptionChoice>,
}

impl AutocompleteData {
    /// Suggestions.
    pub const fn new(choices: Vec<CommandOptionChoice>) -> Self {
        Self { choices }
    }
}

/// A modal.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ModalData {
    /// The id sent back when the modal is submitted (up to 100 characters).
    pub custom_id: CompactString,
    /// The title (up to 45 characters).
    pub title: CompactString,
    /// The fields: labels, text displays, or (older) rows of text inputs; 1 to 5.
    pub components: Vec<Component>,
}

impl ModalData {
    /// A modal.
    pub fn new(
        custom_id: impl Into<CompactString>,
        title: impl Into<CompactString>,
        components: Vec<Component>,
    ) -> Self {
        Self { custom_id: custom_id.into(), title: title.into(), components }
    }
}

superset! {
    /// Every field of every kind of response data.
    struct RawResponseData {
        "tts" => tts: bool,
        "content" => content: String,
        "embeds" => embeds: Vec<Embed>,
        "allowed_mentions" => allowed_mentions: AllowedMentions,
        "flags" => flags: MessageFlags,
        "components" => components: Vec<Component>,
        "attachments" => attachments: Vec<PartialAttachment>,
        "poll" => poll: PollCreate,
        "choices" => choices: Vec<CommandOptionChoice>,
        "custom_id" => custom_id: CompactString,
        "title" => title: CompactString,
    }
}

impl RawResponseData {
    fn into_data<E: de::Error>(
        self,
        kind: InteractionCallbackType,
    ) -> Result<InteractionResponseData, E> {
        Ok(match kind {
            InteractionCallbackType::ChannelMessageWithSource
            | InteractionCallbackType::DeferredChannelMessageWithSource
            | InteractionCallbackType::DeferredUpdateMessage
            | InteractionCallbackType::UpdateMessage => {
                InteractionResponseData::Message(Box::new(InteractionCallbackData {
                    tts: self.tts,
                    content: self.content,
                    embeds: self.embeds,
                    allowed_mentions: self.allowed_mentions,
                    flags: self.flags,
                    components: self.components,
                    attachments: self.attachments,
                    poll: self.poll,
                }))
            }
            InteractionCallbackType::ApplicationCommandAutocompleteResult => {
                InteractionResponseData::Autocomplete(AutocompleteData {
                    choices: required(self.choices, "choices")?,
                })
            }
            InteractionCallbackType::Modal => InteractionResponseData::Modal(ModalData {
                custom_id: required(self.custom_id, "custom_id")?,
                title: required(self.title, "title")?,
                components: required(self.components, "components")?,
            }),
            _ => InteractionResponseData::Unknown(self.into_json()?),
        })
    }
}

impl<'de> Deserialize<'de> for InteractionResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "type")]
            kind: InteractionCallbackType,
            #[serde(default)]
            data: Option<RawResponseData>,
        }

        let raw = Raw::deserialize(deserializer)?;
        let data = raw.data.map(|data| data.into_data::<D::Error>(raw.kind)).transpose()?;
        Ok(Self { kind: raw.kind, data })
    }
}

/// What Discord returns for a response sent with `?with_response=true`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InteractionCallbackResponse {
    /// The interaction answered.
    pub interaction: InteractionCallback,
    /// What the response created: a message or an activity instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<InteractionCallbackResource>,
}

impl InteractionCallbackResponse {
    /// What Discord returns for a response.
    pub const fn new(
        interaction: InteractionCallback,
        resource: Option<InteractionCallbackResource>,
    ) -> Self {
        Self { interaction, resource }
    }
}

/// The interaction a response answered.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InteractionCallback {
    /// The interaction.
    pub id: Id<InteractionMarker>,
    /// The interaction's type.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// The activity instance launched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_instance_id: Option<CompactString>,
    /// The message created by the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_id: Option<Id<MessageMarker>>,
    /// Whether the message is in a loading state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_loading: Option<bool>,
    /// Whether the message is ephemeral.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_message_ephemeral: Option<bool>,
    /// The channel of the interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The guild of the interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl InteractionCallback {
    /// The interaction answered, without details.
    pub const fn new(id: Id<InteractionMarker>, kind: InteractionType) -> Self {
        Self {
            id,
            kind,
            activity_instance_id: None,
            response_message_id: None,
            response_message_loading: None,
            response_message_ephemeral: None,
            channel_id: None,
            guild_id: None,
        }
    }
}

/// What an interaction response created.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InteractionCallbackResource {
    /// The response's type.
    #[serde(rename = "type")]
    pub kind: InteractionCallbackType,
    /// The activity instance launched (LAUNCH_ACTIVITY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_instance: Option<ActivityInstanceResource>,
    /// The message created or updated (types 4 and 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Message>>,
}

impl InteractionCallbackResource {
    /// A message created or updated by a response of type `kind`.
    pub fn message(kind: InteractionCallbackType, message: Message) -> Self {
        Self { kind, activity_instance: None, message: Some(Box::new(message)) }
    }

    /// An activity instance launched.
    pub fn activity_instance(id: impl Into<CompactString>) -> Self {
        Self {
            kind: InteractionCallbackType::LaunchActivity,
            activity_instance: Some(ActivityInstanceResource { id: id.into() }),
            message: None,
        }
    }
}

/// An activity instance launched by an interaction response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActivityInstanceResource {
    /// The instance's id.
    pub id: CompactString,
}
