//! What a message says about the interaction that produced it.

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::component::superset::{required, superset};
use crate::guild::PartialMember;
use crate::id::Id;
use crate::id::marker::{InteractionMarker, MessageMarker};
use crate::interaction::{AuthorizingIntegrationOwners, InteractionType};
use crate::user::User;

/// The interaction a message answers, by the interaction's type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InteractionMetadata {
    /// An application command.
    ApplicationCommand(CommandInteractionMetadata),
    /// A click or selection on a message component.
    MessageComponent(ComponentInteractionMetadata),
    /// A modal submission.
    ModalSubmit(ModalInteractionMetadata),
    /// An interaction type this version does not know, as the JSON object it was.
    Unknown(Map<String, Value>),
}

impl InteractionMetadata {
    /// The interaction's type.
    pub fn kind(&self) -> InteractionType {
        match self {
            Self::ApplicationCommand(_) => InteractionType::ApplicationCommand,
            Self::MessageComponent(_) => InteractionType::MessageComponent,
            Self::ModalSubmit(_) => InteractionType::ModalSubmit,
            Self::Unknown(map) => {
                let value = map.get("type").and_then(Value::as_u64).unwrap_or(0);
                InteractionType::from_value(u8::try_from(value).unwrap_or(u8::MAX))
            }
        }
    }

    /// The interaction's id, unless the type is unknown.
    pub fn id(&self) -> Option<Id<InteractionMarker>> {
        match self {
            Self::ApplicationCommand(m) => Some(m.id),
            Self::MessageComponent(m) => Some(m.id),
            Self::ModalSubmit(m) => Some(m.id),
            Self::Unknown(_) => None,
        }
    }

    /// The user who triggered the interaction, unless the type is unknown.
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::ApplicationCommand(m) => Some(&m.user),
            Self::MessageComponent(m) => Some(&m.user),
            Self::ModalSubmit(m) => Some(&m.user),
            Self::Unknown(_) => None,
        }
    }
}

/// The metadata of an application command interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CommandInteractionMetadata {
    /// The interaction.
    pub id: Id<InteractionMarker>,
    /// Who used the command.
    pub user: User,
    /// The installations that authorized the interaction.
    pub authorizing_integration_owners: AuthorizingIntegrationOwners,
    /// The original response, on follow-up messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_response_message_id: Option<Id<MessageMarker>>,
    /// The target of a user command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_user: Option<Box<User>>,
    /// The target of a message command.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_message_id: Option<Id<MessageMarker>>,
}

impl CommandInteractionMetadata {
    /// The metadata of a command used by `user`.
    pub const fn new(
        id: Id<InteractionMarker>,
        user: User,
        authorizing_integration_owners: AuthorizingIntegrationOwners,
    ) -> Self {
        Self {
            id,
            user,
            authorizing_integration_owners,
            original_response_message_id: None,
            target_user: None,
            target_message_id: None,
        }
    }
}

/// The metadata of a message component interaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ComponentInteractionMetadata {
    /// The interaction.
    pub id: Id<InteractionMarker>,
    /// Who used the component.
    pub user: User,
    /// The installations that authorized the interaction.
    pub authorizing_integration_owners: AuthorizingIntegrationOwners,
    /// The original response, on follow-up messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_response_message_id: Option<Id<MessageMarker>>,
    /// The message that holds the component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interacted_message_id: Option<Id<MessageMarker>>,
}

impl ComponentInteractionMetadata {
    /// The metadata of a component used by `user` on a message.
    pub const fn new(
        id: Id<InteractionMarker>,
        user: User,
        authorizing_integration_owners: AuthorizingIntegrationOwners,
        interacted_message_id: Id<MessageMarker>,
    ) -> Self {
        Self {
            id,
            user,
            authorizing_integration_owners,
            original_response_message_id: None,
            interacted_message_id: Some(interacted_message_id),
        }
    }
}

/// The metadata of a modal submission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ModalInteractionMetadata {
    /// The interaction.
    pub id: Id<InteractionMarker>,
    /// Who submitted the modal.
    pub user: User,
    /// The installations that authorized the interaction.
    pub authorizing_integration_owners: AuthorizingIntegrationOwners,
    /// The original response, on follow-up messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_response_message_id: Option<Id<MessageMarker>>,
    /// The command or component interaction that opened the modal.
    pub triggering_interaction_metadata: Box<InteractionMetadata>,
}

impl ModalInteractionMetadata {
    /// The metadata of a modal submitted by `user`, opened by another interaction.
    pub fn new(
        id: Id<InteractionMarker>,
        user: User,
        authorizing_integration_owners: AuthorizingIntegrationOwners,
        triggering_interaction_metadata: InteractionMetadata,
    ) -> Self {
        Self {
            id,
            user,
            authorizing_integration_owners,
            original_response_message_id: None,
            triggering_interaction_metadata: Box::new(triggering_interaction_metadata),
        }
    }
}

#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: InteractionType,
    #[serde(flatten)]
    inner: &'a T,
}

impl Serialize for InteractionMetadata {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = self.kind();
        match self {
            Self::ApplicationCommand(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::MessageComponent(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::ModalSubmit(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::Unknown(map) => map.serialize(serializer),
        }
    }
}

superset! {
    /// Every field of every kind of interaction metadata.
    struct RawMetadata {
        "id" => id: Id<InteractionMarker>,
        "type" => kind: InteractionType,
        "user" => user: User,
        "authorizing_integration_owners" => owners: AuthorizingIntegrationOwners,
        "original_response_message_id" => original_response_message_id: Id<MessageMarker>,
        "target_user" => target_user: Box<User>,
        "target_message_id" => target_message_id: Id<MessageMarker>,
        "interacted_message_id" => interacted_message_id: Id<MessageMarker>,
        "triggering_interaction_metadata" => triggering: Box<InteractionMetadata>,
    }
}

impl<'de> Deserialize<'de> for InteractionMetadata {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawMetadata::deserialize(deserializer)?;
        Ok(match required(raw.kind, "type")? {
            InteractionType::ApplicationCommand => {
                Self::ApplicationCommand(CommandInteractionMetadata {
                    id: required(raw.id, "id")?,
                    user: required(raw.user, "user")?,
                    authorizing_integration_owners: required(
                        raw.owners,
                        "authorizing_integration_owners",
                    )?,
                    original_response_message_id: raw.original_response_message_id,
                    target_user: raw.target_user,
                    target_message_id: raw.target_message_id,
                })
            }
            InteractionType::MessageComponent => {
                Self::MessageComponent(ComponentInteractionMetadata {
                    id: required(raw.id, "id")?,
                    user: required(raw.user, "user")?,
                    authorizing_integration_owners: required(
                        raw.owners,
                        "authorizing_integration_owners",
                    )?,
                    original_response_message_id: raw.original_response_message_id,
                    interacted_message_id: raw.interacted_message_id,
                })
            }
            InteractionType::ModalSubmit => Self::ModalSubmit(ModalInteractionMetadata {
                id: required(raw.id, "id")?,
                user: required(raw.user, "user")?,
                authorizing_integration_owners: required(
                    raw.owners,
                    "authorizing_integration_owners",
                )?,
                original_response_message_id: raw.original_response_message_id,
                triggering_interaction_metadata: required(
                    raw.triggering,
                    "triggering_interaction_metadata",
                )?,
            }),
            _ => Self::Unknown(raw.into_json()?),
        })
    }
}

/// Deprecated by Discord in favour of [`InteractionMetadata`]: the command a message answers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageInteraction {
    /// The interaction.
    pub id: Id<InteractionMarker>,
    /// The interaction's type.
    #[serde(rename = "type")]
    pub kind: InteractionType,
    /// The command's name, with the subcommand group and subcommand if any.
    pub name: CompactString,
    /// Who used the command.
    pub user: User,
    /// The user's membership, in guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<PartialMember>,
    /// The command's name in the user's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localized: Option<CompactString>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::InteractionMetadata;
    use crate::interaction::InteractionType;

    #[test]
    fn variants_by_type_and_nested_modal_metadata() {
        let user = json!({"id": "1", "username": "a", "discriminator": "0", "global_name": null, "avatar": null});
        let value = json!({
            "type": 5, "id": "10", "user": user, "authorizing_integration_owners": {"0": "3"},
            "triggering_interaction_metadata": {
                "id": "9", "type": 3, "user": user, "authorizing_integration_owners": {"1": "1"},
                "interacted_message_id": "8", "original_response_message_id": "7"
            }
        });
        let metadata: InteractionMetadata = serde_json::from_value(value.clone()).unwrap();
        let InteractionMetadata::ModalSubmit(modal) = &metadata else { panic!("not a modal") };
        assert_eq!(modal.triggering_interaction_metadata.kind(), InteractionType::MessageComponent);
        assert_eq!(serde_json::to_value(&metadata).unwrap(), value);

        let unknown = json!({"type": 99, "id": "11", "eligible": true});
        let metadata: InteractionMetadata = serde_json::from_value(unknown.clone()).unwrap();
        assert_eq!(metadata.kind(), InteractionType::Unknown(99));
        assert_eq!(serde_json::to_value(&metadata).unwrap(), unknown);
    }
}
