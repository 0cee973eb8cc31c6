//! Interactions of all five types, their data and resolved maps, and responses.
//!
//! An [`Interaction`]'s `data` depends on its `type`, which may come after `data` in the JSON;
//! the data is read once into a private struct with every possible field, then turned into the
//! right [`InteractionData`] variant when the whole object has been read.

mod data;
mod modal;
mod owners;
mod resolved;
mod response;

use serde::{Deserialize, Deserializer, Serialize};

pub use data::{
    CommandData, CommandDataOption, CommandOptionValue, ComponentData, InteractionData,
    ModalSubmitData,
};
pub use modal::{
    ModalSubmitComponent, SubmittedCheckbox, SubmittedChoice, SubmittedFiles, SubmittedLabel,
    SubmittedRow, SubmittedText, SubmittedTextDisplay, SubmittedValues,
};
pub use owners::AuthorizingIntegrationOwners;
pub use resolved::Resolved;
pub use response::{
    ActivityInstanceResource, AutocompleteData, InteractionCallback, InteractionCallbackData,
    InteractionCallbackResource, InteractionCallbackResponse, InteractionCallbackType,
    InteractionResponse, InteractionResponseData, ModalData,
};

use self::data::PendingData;
use crate::application::InteractionContextType;
use crate::channel::Channel;
use crate::guild::{GuildFeature, PartialMember};
use crate::id::Id;
use crate::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, InteractionMarker};
use crate::locale::Locale;
use crate::message::Message;
use crate::monetization::Entitlement;
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::Secret;

int_enum! {
    /// The kinds of interaction.
    pub enum InteractionType: u8 {
        /// Discord checks that an HTTP interactions endpoint answers.
        Ping = 1,
        /// A user used an application command.
        ApplicationCommand = 2,
        /// A user clicked a button or chose in a select menu.
        MessageComponent = 3,
        /// A user is typing an option with autocomplete.
        ApplicationCommandAutocomplete = 4,
        /// A user submitted a modal.
        ModalSubmit = 5,
    }
}

/// An interaction: a user used a command, a component or a modal of the app (or Discord
/// pinged its endpoint), received in INTERACTION_CREATE or at the interactions endpoint.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Interaction {
    /// The interaction's id.
    pub id: Id<InteractionMarker>,
    /// The application the interaction is for (always sent by Discord, but missing from the
    /// docs' slash command example).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The kind of interaction.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// What the interaction is about; absent for PING.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<InteractionData>,
    /// The guild it happened in (partial).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild: Option<InteractionGuild>,
    /// The guild it happened in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel it happened in (partial).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Box<Channel>>,
    /// The channel it happened in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The user's membership, with their `permissions` in the channel, in guilds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<Box<PartialMember>>,
    /// The user, outside guilds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The token to respond and send follow-ups with, valid for 15 minutes.
    pub token: Secret,
    /// Always 1 (missing from the docs' slash command example).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u8>,
    /// The message a component is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Box<Message>>,
    /// The app's permissions in the channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_permissions: Option<Permissions>,
    /// The user's language; absent for PING.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// The guild's preferred language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild_locale: Option<Locale>,
    /// The user's and the guild's entitlements to the app's SKUs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlements: Option<Vec<Entitlement>>,
    /// The installations that authorized the interaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizing_integration_owners: Option<AuthorizingIntegrationOwners>,
    /// Where the interaction happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<InteractionContextType>,
    /// The largest file the app may attach in its response, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment_size_limit: Option<u64>,
}

impl Interaction {
    /// An interaction with the required fields; the rest is `None`.
    pub fn new(
        id: Id<InteractionMarker>,
        application_id: Id<ApplicationMarker>,
        kind: InteractionType,
        token: impl Into<Secret>,
    ) -> Self {
        Self {
            id,
            application_id: Some(application_id),
            kind,
            data: None,
            guild: None,
            guild_id: None,
            channel: None,
            channel_id: None,
            member: None,
            user: None,
            token: token.into(),
            version: Some(1),
            message: None,
            app_permissions: None,
            locale: None,
            guild_locale: None,
            entitlements: None,
            authorizing_integration_owners: None,
            context: None,
            attachment_size_limit: None,
        }
    }

    /// The user who triggered the interaction, in a guild or not.
    pub fn author(&self) -> Option<&User> {
        self.member.as_ref().and_then(|member| member.user.as_ref()).or(self.user.as_ref())
    }

    /// The command data, for command and autocomplete interactions.
    pub fn command_data(&self) -> Option<&CommandData> {
        match &self.data {
            Some(InteractionData::ApplicationCommand(data)) => Some(data),
            _ => None,
        }
    }

    /// The component data, for component interactions.
    pub fn component_data(&self) -> Option<&ComponentData> {
        match &self.data {
            Some(InteractionData::MessageComponent(data)) => Some(data),
            _ => None,
        }
    }

    /// The modal data, for modal submissions.
    pub fn modal_data(&self) -> Option<&ModalSubmitData> {
        match &self.data {
            Some(InteractionData::ModalSubmit(data)) => Some(data),
            _ => None,
        }
    }
}

/// The guild an interaction happened in, as the interaction describes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InteractionGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The guild's preferred language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// What the guild has unlocked or turned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<GuildFeature>>,
}

impl InteractionGuild {
    /// A guild with only its id.
    pub const fn new(id: Id<GuildMarker>) -> Self {
        Self { id, locale: None, features: None }
    }
}

impl<'de> Deserialize<'de> for Interaction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The interaction with its data not yet typed.
        #[derive(Deserialize)]
        struct Raw {
            id: Id<InteractionMarker>,
            #[serde(default)]
            application_id: Option<Id<ApplicationMarker>>,
            #[serde(rename = "type")]
            kind: InteractionType,
            #[serde(default)]
            data: Option<PendingData>,
            #[serde(default)]
            guild: Option<InteractionGuild>,
            #[serde(default)]
            guild_id: Option<Id<GuildMarker>>,
            #[serde(default)]
            channel: Option<Box<Channel>>,
            #[serde(default)]
            channel_id: Option<Id<ChannelMarker>>,
            #[serde(default)]
            member: Option<Box<PartialMember>>,
            #[serde(default)]
            user: Option<User>,
            token: Secret,
            #[serde(default)]
            version: Option<u8>,
            #[serde(default)]
            message: Option<Box<Message>>,
            #[serde(default)]
            app_permissions: Option<Permissions>,
            #[serde(default)]
            locale: Option<Locale>,
            #[serde(default)]
            guild_locale: Option<Locale>,
            #[serde(default)]
            entitlements: Option<Vec<Entitlement>>,
            #[serde(default)]
            authorizing_integration_owners: Option<AuthorizingIntegrationOwners>,
            #[serde(default)]
            context: Option<InteractionContextType>,
            #[serde(default)]
            attachment_size_limit: Option<u64>,
        }

        let raw = Raw::deserialize(deserializer)?;
        let data = match raw.data {
            Some(data) => Some(data.into_data::<D::Error>(raw.kind)?),
            None => None,
        };
        Ok(Self {
            id: raw.id,
            application_id: raw.application_id,
            kind: raw.kind,
            data,
            guild: raw.guild,
            guild_id: raw.guild_id,
            channel: raw.channel,
            channel_id: raw.channel_id,
            member: raw.member,
            user: raw.user,
            token: raw.token,
            version: raw.version,
            message: raw.message,
            app_permissions: raw.app_permissions,
            locale: raw.locale,
            guild_locale: raw.guild_locale,
            entitlements: raw.entitlements,
            authorizing_integration_owners: raw.authorizing_integration_owners,
            context: raw.context,
            attachment_size_limit: raw.attachment_size_limit,
        })
    }
}

#[cfg(test)]
mod tests;
