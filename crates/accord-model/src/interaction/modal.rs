//! The components of a submitted modal, with the values the user entered.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::component::ComponentType;
use crate::component::superset::{required, superset};
use crate::id::Id;
use crate::id::marker::AttachmentMarker;

/// A component of a submitted modal: the layout (rows, labels, text) and the inputs with what
/// the user entered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModalSubmitComponent {
    /// A row holding an input (the older modal layout).
    ActionRow(SubmittedRow),
    /// A label holding an input.
    Label(SubmittedLabel),
    /// A text display, which submits nothing.
    TextDisplay(SubmittedTextDisplay),
    /// A text input and its text.
    TextInput(SubmittedText),
    /// A string select and the values chosen.
    StringSelect(SubmittedValues),
    /// A user select and the user ids chosen.
    UserSelect(SubmittedValues),
    /// A role select and the role ids chosen.
    RoleSelect(SubmittedValues),
    /// A mentionable select and the user and role ids chosen.
    MentionableSelect(SubmittedValues),
    /// A channel select and the channel ids chosen.
    ChannelSelect(SubmittedValues),
    /// A file upload and the attachments uploaded.
    FileUpload(SubmittedFiles),
    /// A radio group and the value chosen.
    RadioGroup(SubmittedChoice),
    /// A checkbox group and the values checked.
    CheckboxGroup(SubmittedValues),
    /// A checkbox and whether it is checked.
    Checkbox(SubmittedCheckbox),
    /// A component type this version does not know, as the JSON object it was.
    Unknown(Map<String, Value>),
}

impl ModalSubmitComponent {
    /// The component's type.
    pub fn kind(&self) -> ComponentType {
        match self {
            Self::ActionRow(_) => ComponentType::ActionRow,
            Self::Label(_) => ComponentType::Label,
            Self::TextDisplay(_) => ComponentType::TextDisplay,
            Self::TextInput(_) => ComponentType::TextInput,
            Self::StringSelect(_) => ComponentType::StringSelect,
            Self::UserSelect(_) => ComponentType::UserSelect,
            Self::RoleSelect(_) => ComponentType::RoleSelect,
            Self::MentionableSelect(_) => ComponentType::MentionableSelect,
            Self::ChannelSelect(_) => ComponentType::ChannelSelect,
            Self::FileUpload(_) => ComponentType::FileUpload,
            Self::RadioGroup(_) => ComponentType::RadioGroup,
            Self::CheckboxGroup(_) => ComponentType::CheckboxGroup,
            Self::Checkbox(_) => ComponentType::Checkbox,
            Self::Unknown(map) => {
                let value = map.get("type").and_then(Value::as_u64).unwrap_or(0);
                ComponentType::from_value(u8::try_from(value).unwrap_or(u8::MAX))
            }
        }
    }

    /// The `custom_id` of an input.
    pub fn custom_id(&self) -> Option<&str> {
        match self {
            Self::TextInput(c) => Some(&c.custom_id),
            Self::StringSelect(c)
            | Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c)
            | Self::CheckboxGroup(c) => Some(&c.custom_id),
            Self::FileUpload(c) => Some(&c.custom_id),
            Self::RadioGroup(c) => Some(&c.custom_id),
            Self::Checkbox(c) => Some(&c.custom_id),
            Self::ActionRow(_) | Self::Label(_) | Self::TextDisplay(_) | Self::Unknown(_) => None,
        }
    }
}

/// A submitted row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedRow {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The inputs in the row.
    pub components: Vec<ModalSubmitComponent>,
}

impl SubmittedRow {
    /// A row of submitted inputs.
    pub const fn new(components: Vec<ModalSubmitComponent>) -> Self {
        Self { id: None, components }
    }
}

/// A submitted label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedLabel {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input in the label.
    pub component: Box<ModalSubmitComponent>,
}

impl SubmittedLabel {
    /// A label around a submitted input.
    pub fn new(component: ModalSubmitComponent) -> Self {
        Self { id: None, component: Box::new(component) }
    }
}

/// A text display of a submitted modal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct SubmittedTextDisplay {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
}

/// A submitted text input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedText {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input's `custom_id`.
    pub custom_id: CompactString,
    /// The text entered; empty when an optional field was left blank.
    pub value: String,
}

impl SubmittedText {
    /// A submitted text input.
    pub fn new(custom_id: impl Into<CompactString>, value: impl Into<String>) -> Self {
        Self { id: None, custom_id: custom_id.into(), value: value.into() }
    }
}

/// A submitted select menu or checkbox group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedValues {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input's `custom_id`.
    pub custom_id: CompactString,
    /// The values chosen (ids for user, role, mentionable and channel selects).
    pub values: Vec<CompactString>,
}

impl SubmittedValues {
    /// A submitted select menu or checkbox group.
    pub fn new(custom_id: impl Into<CompactString>, values: Vec<CompactString>) -> Self {
        Self { id: None, custom_id: custom_id.into(), values }
    }
}

/// A submitted file upload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedFiles {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input's `custom_id`.
    pub custom_id: CompactString,
    /// The attachments uploaded, described in the data's `resolved`.
    pub values: Vec<Id<AttachmentMarker>>,
}

impl SubmittedFiles {
    /// A submitted file upload.
    pub fn new(custom_id: impl Into<CompactString>, values: Vec<Id<AttachmentMarker>>) -> Self {
        Self { id: None, custom_id: custom_id.into(), values }
    }
}

/// A submitted radio group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedChoice {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input's `custom_id`.
    pub custom_id: CompactString,
    /// The value chosen; `None` when nothing was.
    pub value: Option<CompactString>,
}

impl SubmittedChoice {
    /// A submitted radio group.
    pub fn new(custom_id: impl Into<CompactString>, value: Option<CompactString>) -> Self {
        Self { id: None, custom_id: custom_id.into(), value }
    }
}

/// A submitted checkbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubmittedCheckbox {
    /// The component's number in the modal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The input's `custom_id`.
    pub custom_id: CompactString,
    /// Whether the box is checked.
    pub value: bool,
}

impl SubmittedCheckbox {
    /// A submitted checkbox.
    pub fn new(custom_id: impl Into<CompactString>, value: bool) -> Self {
        Self { id: None, custom_id: custom_id.into(), value }
    }
}

#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: ComponentType,
    #[serde(flatten)]
    inner: &'a T,
}

impl Serialize for ModalSubmitComponent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kind = self.kind();
        match self {
            Self::ActionRow(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::Label(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::TextDisplay(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::TextInput(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::StringSelect(inner)
            | Self::UserSelect(inner)
            | Self::RoleSelect(inner)
            | Self::MentionableSelect(inner)
            | Self::ChannelSelect(inner)
            | Self::CheckboxGroup(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::FileUpload(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::RadioGroup(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::Checkbox(inner) => Tagged { kind, inner }.serialize(serializer),
            Self::Unknown(map) => map.serialize(serializer),
        }
    }
}

/// A submitted `value`: text (text inputs, radio groups), a boolean (checkboxes), or anything
/// else for component types this version does not know.
enum RawValue {
    Text(String),
    Bool(bool),
    Other(Value),
}

impl Serialize for RawValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(text) => serializer.serialize_str(text),
            Self::Bool(checked) => serializer.serialize_bool(*checked),
            Self::Other(value) => value.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;

        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = RawValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a boolean")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawValue, E> {
                Ok(RawValue::Text(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<RawValue, E> {
                Ok(RawValue::Text(value))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(value))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawValue, E> {
                Ok(RawValue::Other(value.into()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawValue, E> {
                Ok(RawValue::Other(value.into()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawValue, E> {
                Ok(RawValue::Other(value.into()))
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<RawValue, A::Error> {
                Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawValue::Other)
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawValue, A::Error> {
                Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawValue::Other)
            }
        }

        deserializer.deserialize_any(ValueVisitor)
    }
}

superset! {
    /// Every field of every submitted component.
    struct RawSubmitted {
        "type" => kind: ComponentType,
        "id" => id: i32,
        "custom_id" => custom_id: CompactString,
        "components" => components: Vec<ModalSubmitComponent>,
        "component" => component: Box<ModalSubmitComponent>,
        "value" => value: RawValue,
        "values" => values: Vec<CompactString>,
    }
}

impl RawSubmitted {
    fn values<E: de::Error>(self) -> Result<SubmittedValues, E> {
        Ok(SubmittedValues {
            id: self.id,
            custom_id: required(self.custom_id, "custom_id")?,
            values: required(self.values, "values")?,
        })
    }

    fn into_component<E: de::Error>(self) -> Result<ModalSubmitComponent, E> {
        let wrong_value = || E::invalid_type(de::Unexpected::Other("value"), &"another value");
        Ok(match required(self.kind, "type")? {
            ComponentType::ActionRow => ModalSubmitComponent::ActionRow(SubmittedRow {
                id: self.id,
                components: required(self.components, "components")?,
            }),
            ComponentType::Label => ModalSubmitComponent::Label(SubmittedLabel {
                id: self.id,
                component: required(self.component, "component")?,
            }),
            ComponentType::TextDisplay => {
                ModalSubmitComponent::TextDisplay(SubmittedTextDisplay { id: self.id })
            }
            ComponentType::TextInput => ModalSubmitComponent::TextInput(SubmittedText {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                value: match required(self.value, "value")? {
                    RawValue::Text(text) => text,
                    RawValue::Bool(_) | RawValue::Other(_) => return Err(wrong_value()),
                },
            }),
            ComponentType::StringSelect => ModalSubmitComponent::StringSelect(self.values()?),
            ComponentType::UserSelect => ModalSubmitComponent::UserSelect(self.values()?),
            ComponentType::RoleSelect => ModalSubmitComponent::RoleSelect(self.values()?),
            ComponentType::MentionableSelect => {
                ModalSubmitComponent::MentionableSelect(self.values()?)
            }
            ComponentType::ChannelSelect => ModalSubmitComponent::ChannelSelect(self.values()?),
            ComponentType::CheckboxGroup => ModalSubmitComponent::CheckboxGroup(self.values()?),
            ComponentType::FileUpload => ModalSubmitComponent::FileUpload(SubmittedFiles {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                values: required(self.values, "values")?
                    .iter()
                    .map(|id| id.parse().map_err(E::custom))
                    .collect::<Result<_, E>>()?,
            }),
            ComponentType::RadioGroup => ModalSubmitComponent::RadioGroup(SubmittedChoice {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                value: match self.value {
                    Some(RawValue::Text(text)) => Some(text.into()),
                    None => None,
                    Some(RawValue::Bool(_) | RawValue::Other(_)) => return Err(wrong_value()),
                },
            }),
            ComponentType::Checkbox => ModalSubmitComponent::Checkbox(SubmittedCheckbox {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                value: match required(self.value, "value")? {
                    RawValue::Bool(checked) => checked,
                    RawValue::Text(_) | RawValue::Other(_) => return Err(wrong_value()),
                },
            }),
            _ => ModalSubmitComponent::Unknown(self.into_json()?),
        })
    }
}

impl<'de> Deserialize<'de> for ModalSubmitComponent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawSubmitted::deserialize(deserializer)?.into_component()
    }
}
