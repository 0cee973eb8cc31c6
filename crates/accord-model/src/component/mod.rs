//! Message and modal components, both the classic (v1) and the layout (v2) system.
//!
//! [`Component`] is one enum for every component type, tagged by the integer `type`. The same
//! types describe components in requests (messages and modals an app sends) and in responses
//! (messages Discord returns); fields that only one side has are optional. What a user submits
//! in a modal is read by [`crate::interaction::ModalSubmitComponent`] instead.

mod interactive;
mod layout;
mod media;
pub(crate) mod superset;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use interactive::{
    Button, ButtonStyle, Checkbox, CheckboxGroup, EntitySelect, FileUpload, RadioGroup,
    SelectDefaultValue, SelectDefaultValueType, SelectOption, StringSelect, TextInput,
    TextInputStyle,
};
pub use layout::{ActionRow, Container, Label, Section, Separator, SeparatorSpacing, TextDisplay};
pub use media::{
    File, MediaGallery, MediaGalleryItem, MediaLoadingState, Thumbnail, UnfurledMedia,
};

use self::superset::{required, superset};
use crate::channel::ChannelType;
use crate::emoji::PartialEmoji;
use crate::id::Id;
use crate::id::marker::SkuMarker;

int_enum! {
    /// The type of a component.
    pub enum ComponentType: u8 {
        /// A row of buttons or one select menu.
        ActionRow = 1,
        /// A button.
        Button = 2,
        /// A select menu of the app's options.
        StringSelect = 3,
        /// A text field of a modal.
        TextInput = 4,
        /// A select menu of users.
        UserSelect = 5,
        /// A select menu of roles.
        RoleSelect = 6,
        /// A select menu of users and roles.
        MentionableSelect = 7,
        /// A select menu of channels.
        ChannelSelect = 8,
        /// Text with an accessory beside it.
        Section = 9,
        /// Markdown text.
        TextDisplay = 10,
        /// A picture beside a section.
        Thumbnail = 11,
        /// A grid of pictures and videos.
        MediaGallery = 12,
        /// An uploaded file.
        File = 13,
        /// A gap, with or without a line.
        Separator = 14,
        /// A box around components.
        Container = 17,
        /// A modal field's label around an input.
        Label = 18,
        /// A modal field to upload files.
        FileUpload = 19,
        /// A modal field to pick one option.
        RadioGroup = 21,
        /// A modal field to pick several options.
        CheckboxGroup = 22,
        /// A modal checkbox.
        Checkbox = 23,
    }
}

/// A component of a message or a modal.
///
/// Unknown component types are kept whole, as the JSON object Discord sent, in
/// [`Component::Unknown`], and written back unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Component {
    /// A row of buttons or one select menu.
    ActionRow(ActionRow),
    /// A button.
    Button(Button),
    /// A select menu of the app's options.
    StringSelect(StringSelect),
    /// A text field of a modal.
    TextInput(TextInput),
    /// A select menu of users.
    UserSelect(EntitySelect),
    /// A select menu of roles.
    RoleSelect(EntitySelect),
    /// A select menu of users and roles.
    MentionableSelect(EntitySelect),
    /// A select menu of channels.
    ChannelSelect(EntitySelect),
    /// Text with an accessory beside it.
    Section(Section),
    /// Markdown text.
    TextDisplay(TextDisplay),
    /// A picture beside a section.
    Thumbnail(Thumbnail),
    /// A grid of pictures and videos.
    MediaGallery(MediaGallery),
    /// An uploaded file.
    File(File),
    /// A gap, with or without a line.
    Separator(Separator),
    /// A box around components.
    Container(Container),
    /// A modal field's label around an input.
    Label(Label),
    /// A modal field to upload files.
    FileUpload(FileUpload),
    /// A modal field to pick one option.
    RadioGroup(RadioGroup),
    /// A modal field to pick several options.
    CheckboxGroup(CheckboxGroup),
    /// A modal checkbox.
    Checkbox(Checkbox),
    /// A component type this version does not know, as the JSON object it was (with `type`).
    Unknown(Map<String, Value>),
}

impl Component {
    /// The component's type.
    pub fn kind(&self) -> ComponentType {
        match self {
            Self::ActionRow(_) => ComponentType::ActionRow,
            Self::Button(_) => ComponentType::Button,
            Self::StringSelect(_) => ComponentType::StringSelect,
            Self::TextInput(_) => ComponentType::TextInput,
            Self::UserSelect(_) => ComponentType::UserSelect,
            Self::RoleSelect(_) => ComponentType::RoleSelect,
            Self::MentionableSelect(_) => ComponentType::MentionableSelect,
            Self::ChannelSelect(_) => ComponentType::ChannelSelect,
            Self::Section(_) => ComponentType::Section,
            Self::TextDisplay(_) => ComponentType::TextDisplay,
            Self::Thumbnail(_) => ComponentType::Thumbnail,
            Self::MediaGallery(_) => ComponentType::MediaGallery,
            Self::File(_) => ComponentType::File,
            Self::Separator(_) => ComponentType::Separator,
            Self::Container(_) => ComponentType::Container,
            Self::Label(_) => ComponentType::Label,
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

    /// The component's number in its message or modal, if set.
    pub fn id(&self) -> Option<i32> {
        match self {
            Self::ActionRow(c) => c.id,
            Self::Button(c) => c.id,
            Self::StringSelect(c) => c.id,
            Self::TextInput(c) => c.id,
            Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c) => c.id,
            Self::Section(c) => c.id,
            Self::TextDisplay(c) => c.id,
            Self::Thumbnail(c) => c.id,
            Self::MediaGallery(c) => c.id,
            Self::File(c) => c.id,
            Self::Separator(c) => c.id,
            Self::Container(c) => c.id,
            Self::Label(c) => c.id,
            Self::FileUpload(c) => c.id,
            Self::RadioGroup(c) => c.id,
            Self::CheckboxGroup(c) => c.id,
            Self::Checkbox(c) => c.id,
            Self::Unknown(map) => {
                map.get("id").and_then(Value::as_i64).and_then(|id| i32::try_from(id).ok())
            }
        }
    }

    /// The `custom_id` of an interactive component.
    pub fn custom_id(&self) -> Option<&str> {
        match self {
            Self::Button(c) => c.custom_id.as_deref(),
            Self::StringSelect(c) => Some(&c.custom_id),
            Self::TextInput(c) => Some(&c.custom_id),
            Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c) => Some(&c.custom_id),
            Self::FileUpload(c) => Some(&c.custom_id),
            Self::RadioGroup(c) => Some(&c.custom_id),
            Self::CheckboxGroup(c) => Some(&c.custom_id),
            Self::Checkbox(c) => Some(&c.custom_id),
            _ => None,
        }
    }

    /// The components directly inside this one (rows, sections, containers, a label's input,
    /// a section's accessory).
    pub fn children(&self) -> Vec<&Component> {
        match self {
            Self::ActionRow(c) => c.components.iter().collect(),
            Self::Container(c) => c.components.iter().collect(),
            Self::Section(c) => c.components.iter().chain([&*c.accessory]).collect(),
            Self::Label(c) => vec![&*c.component],
            _ => Vec::new(),
        }
    }
}

macro_rules! component_from {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl From<$ty> for Component {
            fn from(component: $ty) -> Self {
                Self::$variant(component)
            }
        }
    )*};
}

component_from! {
    ActionRow(ActionRow),
    Button(Button),
    StringSelect(StringSelect),
    TextInput(TextInput),
    Section(Section),
    TextDisplay(TextDisplay),
    Thumbnail(Thumbnail),
    MediaGallery(MediaGallery),
    File(File),
    Separator(Separator),
    Container(Container),
    Label(Label),
    FileUpload(FileUpload),
    RadioGroup(RadioGroup),
    CheckboxGroup(CheckboxGroup),
    Checkbox(Checkbox),
}

/// A variant's fields after its `type`.
#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: ComponentType,
    #[serde(flatten)]
    inner: &'a T,
}

impl Serialize for Component {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn tagged<S: Serializer, T: Serialize>(
            serializer: S,
            kind: ComponentType,
            inner: &T,
        ) -> Result<S::Ok, S::Error> {
            Tagged { kind, inner }.serialize(serializer)
        }

        let kind = self.kind();
        match self {
            Self::ActionRow(c) => tagged(serializer, kind, c),
            Self::Button(c) => tagged(serializer, kind, c),
            Self::StringSelect(c) => tagged(serializer, kind, c),
            Self::TextInput(c) => tagged(serializer, kind, c),
            Self::UserSelect(c)
            | Self::RoleSelect(c)
            | Self::MentionableSelect(c)
            | Self::ChannelSelect(c) => tagged(serializer, kind, c),
            Self::Section(c) => tagged(serializer, kind, c),
            Self::TextDisplay(c) => tagged(serializer, kind, c),
            Self::Thumbnail(c) => tagged(serializer, kind, c),
            Self::MediaGallery(c) => tagged(serializer, kind, c),
            Self::File(c) => tagged(serializer, kind, c),
            Self::Separator(c) => tagged(serializer, kind, c),
            Self::Container(c) => tagged(serializer, kind, c),
            Self::Label(c) => tagged(serializer, kind, c),
            Self::FileUpload(c) => tagged(serializer, kind, c),
            Self::RadioGroup(c) => tagged(serializer, kind, c),
            Self::CheckboxGroup(c) => tagged(serializer, kind, c),
            Self::Checkbox(c) => tagged(serializer, kind, c),
            Self::Unknown(map) => map.serialize(serializer),
        }
    }
}

superset! {
    /// Every field of every component type.
    struct RawComponent {
        "type" => kind: ComponentType,
        "id" => id: i32,
        "custom_id" => custom_id: compact_str::CompactString,
        "components" => components: Vec<Component>,
        "accessory" => accessory: Box<Component>,
        "component" => component: Box<Component>,
        "style" => style: u8,
        "label" => label: compact_str::CompactString,
        "emoji" => emoji: PartialEmoji,
        "url" => url: compact_str::CompactString,
        "sku_id" => sku_id: Id<SkuMarker>,
        "disabled" => disabled: bool,
        "placeholder" => placeholder: compact_str::CompactString,
        "min_values" => min_values: u8,
        "max_values" => max_values: u8,
        "required" => required: bool,
        "options" => options: Vec<SelectOption>,
        "default_values" => default_values: Vec<SelectDefaultValue>,
        "channel_types" => channel_types: Vec<ChannelType>,
        "value" => value: String,
        "min_length" => min_length: u16,
        "max_length" => max_length: u16,
        "content" => content: String,
        "media" => media: UnfurledMedia,
        "description" => description: String,
        "spoiler" => spoiler: bool,
        "items" => items: Vec<MediaGalleryItem>,
        "file" => file: UnfurledMedia,
        "name" => name: compact_str::CompactString,
        "size" => size: u64,
        "divider" => divider: bool,
        "spacing" => spacing: SeparatorSpacing,
        "accent_color" => accent_color: u32,
        "default" => default: bool,
    }
}

impl RawComponent {
    fn entity_select<E: serde::de::Error>(self) -> Result<EntitySelect, E> {
        Ok(EntitySelect {
            id: self.id,
            custom_id: required(self.custom_id, "custom_id")?,
            channel_types: self.channel_types,
            placeholder: self.placeholder,
            default_values: self.default_values,
            min_values: self.min_values,
            max_values: self.max_values,
            disabled: self.disabled,
            required: self.required,
        })
    }

    #[allow(clippy::too_many_lines, reason = "one short arm per component type")]
    fn into_component<E: serde::de::Error>(self) -> Result<Component, E> {
        let kind = required(self.kind, "type")?;
        Ok(match kind {
            ComponentType::ActionRow => Component::ActionRow(ActionRow {
                id: self.id,
                components: required(self.components, "components")?,
            }),
            ComponentType::Button => Component::Button(Button {
                id: self.id,
                style: ButtonStyle::from_value(required(self.style, "style")?),
                label: self.label,
                emoji: self.emoji,
                custom_id: self.custom_id,
                sku_id: self.sku_id,
                url: self.url,
                disabled: self.disabled,
            }),
            ComponentType::StringSelect => Component::StringSelect(StringSelect {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?,
                placeholder: self.placeholder,
                min_values: self.min_values,
                max_values: self.max_values,
                disabled: self.disabled,
                required: self.required,
            }),
            ComponentType::TextInput => Component::TextInput(TextInput {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                style: TextInputStyle::from_value(required(self.style, "style")?),
                label: self.label,
                min_length: self.min_length,
                max_length: self.max_length,
                required: self.required,
                value: self.value,
                placeholder: self.placeholder,
            }),
            ComponentType::UserSelect => Component::UserSelect(self.entity_select()?),
            ComponentType::RoleSelect => Component::RoleSelect(self.entity_select()?),
            ComponentType::MentionableSelect => Component::MentionableSelect(self.entity_select()?),
            ComponentType::ChannelSelect => Component::ChannelSelect(self.entity_select()?),
            ComponentType::Section => Component::Section(Section {
                id: self.id,
                components: required(self.components, "components")?,
                accessory: required(self.accessory, "accessory")?,
            }),
            ComponentType::TextDisplay => Component::TextDisplay(TextDisplay {
                id: self.id,
                content: required(self.content, "content")?,
            }),
            ComponentType::Thumbnail => Component::Thumbnail(Thumbnail {
                id: self.id,
                media: required(self.media, "media")?,
                description: self.description,
                spoiler: self.spoiler,
            }),
            ComponentType::MediaGallery => Component::MediaGallery(MediaGallery {
                id: self.id,
                items: required(self.items, "items")?,
            }),
            ComponentType::File => Component::File(File {
                id: self.id,
                file: required(self.file, "file")?,
                spoiler: self.spoiler,
                name: self.name,
                size: self.size,
            }),
            ComponentType::Separator => Component::Separator(Separator {
                id: self.id,
                divider: self.divider,
                spacing: self.spacing,
            }),
            ComponentType::Container => Component::Container(Container {
                id: self.id,
                components: required(self.components, "components")?,
                accent_color: self.accent_color,
                spoiler: self.spoiler,
            }),
            ComponentType::Label => Component::Label(Label {
                id: self.id,
                label: required(self.label, "label")?,
                description: self.description.map(Into::into),
                component: required(self.component, "component")?,
            }),
            ComponentType::FileUpload => Component::FileUpload(FileUpload {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                min_values: self.min_values,
                max_values: self.max_values,
                required: self.required,
            }),
            ComponentType::RadioGroup => Component::RadioGroup(RadioGroup {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?,
                required: self.required,
            }),
            ComponentType::CheckboxGroup => Component::CheckboxGroup(CheckboxGroup {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                options: required(self.options, "options")?,
                min_values: self.min_values,
                max_values: self.max_values,
                required: self.required,
            }),
            ComponentType::Checkbox => Component::Checkbox(Checkbox {
                id: self.id,
                custom_id: required(self.custom_id, "custom_id")?,
                default: self.default,
            }),
            ComponentType::Unknown(_) => Component::Unknown(self.into_json()?),
        })
    }
}

impl<'de> Deserialize<'de> for Component {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawComponent::deserialize(deserializer)?.into_component()
    }
}

#[cfg(test)]
mod tests;
