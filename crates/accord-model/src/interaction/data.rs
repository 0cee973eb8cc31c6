//! The `data` of an interaction: what command, component or modal it is about.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{InteractionType, ModalSubmitComponent, Resolved};
use crate::application::command::{CommandOptionType, CommandType};
use crate::component::ComponentType;
use crate::component::superset::{required, superset};
use crate::id::Id;
use crate::id::marker::{CommandMarker, CommandVersionMarker, GenericMarker, GuildMarker};

/// The data of an interaction, whose shape depends on the interaction's type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum InteractionData {
    /// An application command or an autocomplete request.
    ApplicationCommand(Box<CommandData>),
    /// A click on a button or a choice in a select menu.
    MessageComponent(Box<ComponentData>),
    /// A submitted modal.
    ModalSubmit(Box<ModalSubmitData>),
    /// The data of an interaction type this version does not know, as the JSON object it was.
    Unknown(Map<String, Value>),
}

impl Serialize for InteractionData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::ApplicationCommand(data) => data.serialize(serializer),
            Self::MessageComponent(data) => data.serialize(serializer),
            Self::ModalSubmit(data) => data.serialize(serializer),
            Self::Unknown(map) => map.serialize(serializer),
        }
    }
}

/// The data of an application command or autocomplete interaction.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CommandData {
    /// The command.
    pub id: Id<CommandMarker>,
    /// The command's name.
    pub name: CompactString,
    /// The kind of command.
    #[serde(rename = "type")]
    pub kind: CommandType,
    /// The users, members, roles, channels and attachments the options refer to, and the
    /// target of a context menu command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<Resolved>>,
    /// The options the user filled in, with subcommands as nested options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandDataOption>>,
    /// The guild of a guild command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The user or message a context menu command was used on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Id<GenericMarker>>,
    /// The command's version (undocumented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Id<CommandVersionMarker>>,
}

impl CommandData {
    /// Command data without options or resolved objects.
    pub fn new(id: Id<CommandMarker>, name: impl Into<CompactString>, kind: CommandType) -> Self {
        Self {
            id,
            name: name.into(),
            kind,
            resolved: None,
            options: None,
            guild_id: None,
            target_id: None,
            version: None,
        }
    }

    /// The options; empty when none were given.
    pub fn options(&self) -> &[CommandDataOption] {
        self.options.as_deref().unwrap_or_default()
    }

    /// The option being typed, in an autocomplete interaction (searched through subcommands).
    pub fn focused(&self) -> Option<&CommandDataOption> {
        fn find(options: &[CommandDataOption]) -> Option<&CommandDataOption> {
            options.iter().find_map(|option| {
                if option.focused == Some(true) {
                    Some(option)
                } else {
                    find(option.options.as_deref().unwrap_or_default())
                }
            })
        }
        find(self.options())
    }
}

/// An option the user filled in, or a subcommand (group) with its options.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CommandDataOption {
    /// The option's name.
    pub name: CompactString,
    /// The option's type.
    #[serde(rename = "type")]
    pub kind: CommandOptionType,
    /// The value; absent for subcommands and groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<CommandOptionValue>,
    /// The options of a subcommand or the subcommand of a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandDataOption>>,
    /// Whether the user is typing this option (autocomplete only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focused: Option<bool>,
}

impl CommandDataOption {
    /// An option with a value.
    pub fn new(
        name: impl Into<CompactString>,
        kind: CommandOptionType,
        value: impl Into<CommandOptionValue>,
    ) -> Self {
        Self { name: name.into(), kind, value: Some(value.into()), options: None, focused: None }
    }
}

/// The value of an option, kept with the JSON type Discord used: strings (also the ids of
/// users, channels, roles, mentionables and attachments), integers, numbers or booleans.
///
/// The value of the focused option of an autocomplete interaction is the text typed so far,
/// a string even for numeric options.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CommandOptionValue {
    /// A string, or an id.
    String(String),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
}

impl CommandOptionValue {
    /// The value as a string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(value) => Some(value),
            _ => None,
        }
    }

    /// The value as an integer, if it is one.
    pub const fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Integer(value) => Some(*value),
            _ => None,
        }
    }

    /// The value as a number; integers are converted.
    #[allow(clippy::cast_precision_loss, reason = "Discord bounds integers to 2^53")]
    pub const fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(value) => Some(*value),
            Self::Integer(value) => Some(*value as f64),
            _ => None,
        }
    }

    /// The value as a boolean, if it is one.
    pub const fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Boolean(value) => Some(*value),
            _ => None,
        }
    }

    /// The value as an id (of a user, channel, role or attachment), if it is one.
    pub fn as_id<M>(&self) -> Option<Id<M>> {
        self.as_str()?.parse().ok()
    }
}

impl From<&str> for CommandOptionValue {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl From<String> for CommandOptionValue {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl From<i64> for CommandOptionValue {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}

impl From<f64> for CommandOptionValue {
    fn from(value: f64) -> Self {
        Self::Number(value)
    }
}

impl From<bool> for CommandOptionValue {
    fn from(value: bool) -> Self {
        Self::Boolean(value)
    }
}

impl<M> From<Id<M>> for CommandOptionValue {
    fn from(id: Id<M>) -> Self {
        Self::String(id.to_string())
    }
}

impl Serialize for CommandOptionValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(value) => serializer.serialize_str(value),
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Number(value) => serializer.serialize_f64(*value),
            Self::Boolean(value) => serializer.serialize_bool(*value),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl Visitor<'_> for ValueVisitor {
            type Value = CommandOptionValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, an integer, a number or a boolean")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(CommandOptionValue::String(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(CommandOptionValue::String(value))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(CommandOptionValue::Integer(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                i64::try_from(value)
                    .map(CommandOptionValue::Integer)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
                Ok(CommandOptionValue::Number(value))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
                Ok(CommandOptionValue::Boolean(value))
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

/// The data of a message component interaction.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ComponentData {
    /// The component's `custom_id`.
    pub custom_id: CompactString,
    /// The component's type.
    pub component_type: ComponentType,
    /// The component's number in the message, when Discord sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The values chosen in a select menu (ids for user, role, mentionable and channel
    /// selects).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<CompactString>>,
    /// The users, members, roles and channels chosen in an auto-populated select menu.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<Resolved>>,
}

impl ComponentData {
    /// The data of a button click.
    pub fn new(custom_id: impl Into<CompactString>, component_type: ComponentType) -> Self {
        Self { custom_id: custom_id.into(), component_type, id: None, values: None, resolved: None }
    }

    /// The values chosen; empty for buttons.
    pub fn values(&self) -> &[CompactString] {
        self.values.as_deref().unwrap_or_default()
    }
}

/// The data of a modal submission.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ModalSubmitData {
    /// The modal's `custom_id`.
    pub custom_id: CompactString,
    /// The fields with the values submitted.
    pub components: Vec<ModalSubmitComponent>,
    /// The users, members, roles, channels and attachments chosen in selects and uploads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<Resolved>>,
}

impl ModalSubmitData {
    /// Modal data.
    pub fn new(custom_id: impl Into<CompactString>, components: Vec<ModalSubmitComponent>) -> Self {
        Self { custom_id: custom_id.into(), components, resolved: None }
    }

    /// The submitted component with a `custom_id`, searched through rows and labels.
    pub fn component(&self, custom_id: &str) -> Option<&ModalSubmitComponent> {
        fn find<'a>(
            components: &'a [ModalSubmitComponent],
            custom_id: &str,
        ) -> Option<&'a ModalSubmitComponent> {
            components.iter().find_map(|component| match component {
                ModalSubmitComponent::ActionRow(row) => find(&row.components, custom_id),
                ModalSubmitComponent::Label(label) => {
                    find(std::slice::from_ref(&*label.component), custom_id)
                }
                other => (other.custom_id() == Some(custom_id)).then_some(other),
            })
        }
        find(&self.components, custom_id)
    }
}

superset! {
    /// Every field of every kind of interaction data.
    struct RawData {
        "id" => id: Id<GenericMarker>,
        "name" => name: CompactString,
        "type" => command_kind: CommandType,
        "resolved" => resolved: Box<Resolved>,
        "options" => options: Vec<CommandDataOption>,
        "guild_id" => guild_id: Id<GuildMarker>,
        "target_id" => target_id: Id<GenericMarker>,
        "version" => version: Id<CommandVersionMarker>,
        "custom_id" => custom_id: CompactString,
        "component_type" => component_type: ComponentType,
        "values" => values: Vec<CompactString>,
        "components" => components: Vec<ModalSubmitComponent>,
    }
}

/// The `data` of an interaction, read before its type is known.
pub(super) struct PendingData(RawData);

impl<'de> Deserialize<'de> for PendingData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawData::deserialize(deserializer).map(Self)
    }
}

impl PendingData {
    /// The data for an interaction of type `kind`.
    pub(super) fn into_data<E: de::Error>(
        self,
        kind: InteractionType,
    ) -> Result<InteractionData, E> {
        let raw = self.0;
        Ok(match kind {
            InteractionType::ApplicationCommand
            | InteractionType::ApplicationCommandAutocomplete => {
                InteractionData::ApplicationCommand(Box::new(CommandData {
                    id: required(raw.id, "id")?.cast(),
                    name: required(raw.name, "name")?,
                    kind: required(raw.command_kind, "type")?,
                    resolved: raw.resolved,
                    options: raw.options,
                    guild_id: raw.guild_id,
                    target_id: raw.target_id,
                    version: raw.version,
                }))
            }
            InteractionType::MessageComponent => {
                InteractionData::MessageComponent(Box::new(ComponentData {
                    custom_id: required(raw.custom_id, "custom_id")?,
                    component_type: required(raw.component_type, "component_type")?,
                    id: raw.id.and_then(|id| i32::try_from(id.get()).ok()),
                    values: raw.values,
                    resolved: raw.resolved,
                }))
            }
            InteractionType::ModalSubmit => {
                InteractionData::ModalSubmit(Box::new(ModalSubmitData {
                    custom_id: required(raw.custom_id, "custom_id")?,
                    components: required(raw.components, "components")?,
                    resolved: raw.resolved,
                }))
            }
            _ => InteractionData::Unknown(raw.into_json()?),
        })
    }
}
