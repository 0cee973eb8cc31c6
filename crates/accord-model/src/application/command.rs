//! Application commands: slash commands, user and message context menu commands, entry
//! points, their options and their per-guild permissions.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{ApplicationIntegrationType, InteractionContextType};
use crate::channel::ChannelType;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, CommandMarker, CommandVersionMarker, GenericMarker, GuildMarker,
};
use crate::locale::Localizations;
use crate::permissions::Permissions;

/// An application command, as registered (the body of a create or overwrite request) or as
/// Discord returns it (with `id`, `application_id` and `version`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Command {
    /// The command's id; absent in a registration request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<CommandMarker>>,
    /// The kind of command; Discord assumes a slash command when it is absent.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<CommandType>,
    /// The application that owns the command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The guild of a guild command; `None` for global commands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The name (1 to 32 characters; lower case for slash commands).
    pub name: CompactString,
    /// The name in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<Localizations>,
    /// The name in the requester's language, when fetched without all localizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<CompactString>,
    /// The description (1 to 100 characters for slash commands, empty for the others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<CompactString>,
    /// The description in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<Localizations>,
    /// The description in the requester's language, when fetched without all localizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localized: Option<CompactString>,
    /// The parameters and subcommands of a slash command (up to 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandOption>>,
    /// The permissions a member needs to see the command, until a guild admin changes them;
    /// `"0"` limits it to admins, `None` lets everyone use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_member_permissions: Option<Permissions>,
    /// Deprecated: whether the global command works in DMs; use `contexts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dm_permission: Option<bool>,
    /// Deprecated: whether the command is enabled by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_permission: Option<bool>,
    /// Whether the command is age-restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// The installation contexts the command is available in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_types: Option<Vec<ApplicationIntegrationType>>,
    /// Where the command can be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contexts: Option<Vec<InteractionContextType>>,
    /// The version, which changes with every update of the command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Id<CommandVersionMarker>>,
    /// Who handles a primary entry point command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<EntryPointHandler>,
}

impl Command {
    /// A command to register: a name, a type and, for slash commands, a description.
    pub fn new(
        kind: CommandType,
        name: impl Into<CompactString>,
        description: impl Into<CompactString>,
    ) -> Self {
        Self {
            id: None,
            kind: Some(kind),
            application_id: None,
            guild_id: None,
            name: name.into(),
            name_localizations: None,
            name_localized: None,
            description: Some(description.into()),
            description_localizations: None,
            description_localized: None,
            options: None,
            default_member_permissions: None,
            dm_permission: None,
            default_permission: None,
            nsfw: None,
            integration_types: None,
            contexts: None,
            version: None,
            handler: None,
        }
    }

    /// A slash command to register.
    pub fn chat_input(
        name: impl Into<CompactString>,
        description: impl Into<CompactString>,
    ) -> Self {
        Self::new(CommandType::ChatInput, name, description)
    }

    /// The kind of command, a slash command when Discord left the field out.
    pub fn kind(&self) -> CommandType {
        self.kind.unwrap_or(CommandType::ChatInput)
    }
}

int_enum! {
    /// The kinds of application command.
    pub enum CommandType: u8 {
        /// A slash command, typed in the message box.
        ChatInput = 1,
        /// A command in the context menu of a user.
        User = 2,
        /// A command in the context menu of a message.
        Message = 3,
        /// The main way to launch an app's activity.
        PrimaryEntryPoint = 4,
    }
}

int_enum! {
    /// Who handles a primary entry point command.
    pub enum EntryPointHandler: u8 {
        /// The app, which receives an interaction and answers it.
        AppHandler = 1,
        /// Discord, which launches the activity and sends a message in the channel.
        DiscordLaunchActivity = 2,
    }
}

/// A parameter, subcommand or subcommand group of a slash command.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CommandOption {
    /// The kind of option.
    #[serde(rename = "type")]
    pub kind: CommandOptionType,
    /// The name (1 to 32 characters).
    pub name: CompactString,
    /// The name in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<Localizations>,
    /// The name in the requester's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<CompactString>,
    /// The description (1 to 100 characters).
    pub description: CompactString,
    /// The description in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<Localizations>,
    /// The description in the requester's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localized: Option<CompactString>,
    /// Whether the parameter must be given; required parameters come first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The only values allowed for a string, integer or number (up to 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<CommandOptionChoice>>,
    /// The options of a subcommand or the subcommands of a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CommandOption>>,
    /// The channel types a channel parameter accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_types: Option<Vec<ChannelType>>,
    /// The smallest value of an integer or number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<CommandOptionNumber>,
    /// The largest value of an integer or number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<CommandOptionNumber>,
    /// The shortest string allowed (0 to 6000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u16>,
    /// The longest string allowed (1 to 6000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
    /// Whether the app suggests values while the user types (not with `choices`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<bool>,
}

impl CommandOption {
    /// An option with a kind, a name and a description; the rest is `None`.
    pub fn new(
        kind: CommandOptionType,
        name: impl Into<CompactString>,
        description: impl Into<CompactString>,
    ) -> Self {
        Self {
            kind,
            name: name.into(),
            name_localizations: None,
            name_localized: None,
            description: description.into(),
            description_localizations: None,
            description_localized: None,
            required: None,
            choices: None,
            options: None,
            channel_types: None,
            min_value: None,
            max_value: None,
            min_length: None,
            max_length: None,
            autocomplete: None,
        }
    }
}

int_enum! {
    /// The kinds of command option.
    pub enum CommandOptionType: u8 {
        /// A subcommand.
        SubCommand = 1,
        /// A group of subcommands.
        SubCommandGroup = 2,
        /// A string.
        String = 3,
        /// An integer between -2^53 and 2^53.
        Integer = 4,
        /// A boolean.
        Boolean = 5,
        /// A user.
        User = 6,
        /// A channel or category.
        Channel = 7,
        /// A role.
        Role = 8,
        /// A user or a role.
        Mentionable = 9,
        /// A floating-point number between -2^53 and 2^53.
        Number = 10,
        /// An uploaded file.
        Attachment = 11,
    }
}

/// An allowed value of a command option, with the name shown to the user.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CommandOptionChoice {
    /// The name shown (1 to 100 characters).
    pub name: CompactString,
    /// The name in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<Localizations>,
    /// The name in the requester's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<CompactString>,
    /// The value the app receives.
    pub value: CommandOptionChoiceValue,
}

impl CommandOptionChoice {
    /// A choice without localizations.
    pub fn new(name: impl Into<CompactString>, value: impl Into<CommandOptionChoiceValue>) -> Self {
        Self {
            name: name.into(),
            name_localizations: None,
            name_localized: None,
            value: value.into(),
        }
    }
}

/// The value of a choice: a string, an integer or a number, as the option's type says.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum CommandOptionChoiceValue {
    /// A string (up to 100 characters).
    String(CompactString),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Number(f64),
}

impl From<&str> for CommandOptionChoiceValue {
    fn from(value: &str) -> Self {
        Self::String(value.into())
    }
}

impl From<CompactString> for CommandOptionChoiceValue {
    fn from(value: CompactString) -> Self {
        Self::String(value)
    }
}

impl From<i64> for CommandOptionChoiceValue {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}

impl From<f64> for CommandOptionChoiceValue {
    fn from(value: f64) -> Self {
        Self::Number(value)
    }
}

impl Serialize for CommandOptionChoiceValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(value) => serializer.serialize_str(value),
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Number(value) => serializer.serialize_f64(*value),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionChoiceValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl Visitor<'_> for ValueVisitor {
            type Value = CommandOptionChoiceValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, an integer or a number")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::String(value.into()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::Integer(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                i64::try_from(value).map(CommandOptionChoiceValue::Integer).map_err(|_| {
                    E::invalid_value(de::Unexpected::Unsigned(value), &"an integer below 2^63")
                })
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
                Ok(CommandOptionChoiceValue::Number(value))
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

/// A bound of an integer or number option: an integer or a floating-point number.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum CommandOptionNumber {
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Number(f64),
}

impl Serialize for CommandOptionNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Integer(value) => serializer.serialize_i64(*value),
            Self::Number(value) => serializer.serialize_f64(*value),
        }
    }
}

impl<'de> Deserialize<'de> for CommandOptionNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match CommandOptionChoiceValue::deserialize(deserializer)? {
            CommandOptionChoiceValue::Integer(value) => Ok(Self::Integer(value)),
            CommandOptionChoiceValue::Number(value) => Ok(Self::Number(value)),
            CommandOptionChoiceValue::String(value) => {
                Err(de::Error::invalid_type(de::Unexpected::Str(&value), &"an integer or a number"))
            }
        }
    }
}

/// The permissions of one command (or of all the app's commands) in one guild.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildCommandPermissions {
    /// The command; the application's id when the permissions apply to all its commands.
    pub id: Id<GenericMarker>,
    /// The application.
    pub application_id: Id<ApplicationMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The permissions (up to 100).
    pub permissions: Vec<CommandPermission>,
}

impl GuildCommandPermissions {
    /// The permissions of a command in a guild.
    pub const fn new(
        id: Id<GenericMarker>,
        application_id: Id<ApplicationMarker>,
        guild_id: Id<GuildMarker>,
        permissions: Vec<CommandPermission>,
    ) -> Self {
        Self { id, application_id, guild_id, permissions }
    }
}

/// Whether a role, a user or a channel may use a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CommandPermission {
    /// The role, user or channel; the guild's id means @everyone, the guild's id minus 1 means
    /// every channel.
    pub id: Id<GenericMarker>,
    /// What `id` is.
    #[serde(rename = "type")]
    pub kind: CommandPermissionType,
    /// Whether use is allowed.
    pub permission: bool,
}

impl CommandPermission {
    /// A permission.
    pub const fn new(id: Id<GenericMarker>, kind: CommandPermissionType, permission: bool) -> Self {
        Self { id, kind, permission }
    }
}

int_enum! {
    /// What a command permission applies to.
    pub enum CommandPermissionType: u8 {
        /// A role.
        Role = 1,
        /// A user.
        User = 2,
        /// A channel.
        Channel = 3,
    }
}

#[cfg(test)]
mod tests {
    use super::{Command, CommandOption, CommandOptionChoiceValue, CommandOptionNumber};

    #[test]
    fn choice_values_keep_their_json_type() {
        for (json, value) in [
            (r#""dog""#, CommandOptionChoiceValue::String("dog".into())),
            ("-3", CommandOptionChoiceValue::Integer(-3)),
            ("7", CommandOptionChoiceValue::Integer(7)),
            ("2.5", CommandOptionChoiceValue::Number(2.5)),
        ] {
            let parsed: CommandOptionChoiceValue = serde_json::from_str(json).unwrap();
            assert_eq!(parsed, value);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        }
        assert!(serde_json::from_str::<CommandOptionNumber>(r#""1""#).is_err());
        assert!(serde_json::from_str::<CommandOptionChoiceValue>("true").is_err());
    }

    #[test]
    fn command_without_type_is_a_slash_command() {
        let command: Command =
            serde_json::from_str(r#"{"name":"a","description":"b","options":[]}"#).unwrap();
        assert_eq!(command.kind(), super::CommandType::ChatInput);
        let option: CommandOption = serde_json::from_str(
            r#"{"type":10,"name":"n","description":"d","min_value":0,"max_value":1.5}"#,
        )
        .unwrap();
        assert_eq!(option.min_value, Some(CommandOptionNumber::Integer(0)));
        assert_eq!(option.max_value, Some(CommandOptionNumber::Number(1.5)));
    }
}
