//! Interactive components: buttons, select menus, text inputs, file uploads, radio groups and
//! checkboxes.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::channel::ChannelType;
use crate::emoji::PartialEmoji;
use crate::id::Id;
use crate::id::marker::{GenericMarker, SkuMarker};

/// A button: it sends an interaction, opens a URL, or offers a SKU for sale.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Button {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The look, which also says what the button does.
    pub style: ButtonStyle,
    /// The text (up to 80 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<CompactString>,
    /// The emoji before the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
    /// The id sent back in the interaction (not for link and premium buttons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<CompactString>,
    /// The SKU a premium button sells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<Id<SkuMarker>>,
    /// The URL a link button opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
    /// Whether the button is greyed out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

impl Button {
    /// A button that sends an interaction with `custom_id`.
    pub fn new(
        style: ButtonStyle,
        custom_id: impl Into<CompactString>,
        label: impl Into<CompactString>,
    ) -> Self {
        Self {
            id: None,
            style,
            label: Some(label.into()),
            emoji: None,
            custom_id: Some(custom_id.into()),
            sku_id: None,
            url: None,
            disabled: None,
        }
    }

    /// A button that opens a URL.
    pub fn link(url: impl Into<CompactString>, label: impl Into<CompactString>) -> Self {
        Self {
            id: None,
            style: ButtonStyle::Link,
            label: Some(label.into()),
            emoji: None,
            custom_id: None,
            sku_id: None,
            url: Some(url.into()),
            disabled: None,
        }
    }

    /// A button that offers a SKU for sale; Discord draws its label and emoji.
    pub const fn premium(sku_id: Id<SkuMarker>) -> Self {
        Self {
            id: None,
            style: ButtonStyle::Premium,
            label: None,
            emoji: None,
            custom_id: None,
            sku_id: Some(sku_id),
            url: None,
            disabled: None,
        }
    }
}

int_enum! {
    /// The look of a button.
    pub enum ButtonStyle: u8 {
        /// Blurple; sends an interaction.
        Primary = 1,
        /// Grey; sends an interaction.
        Secondary = 2,
        /// Green; sends an interaction.
        Success = 3,
        /// Red; sends an interaction.
        Danger = 4,
        /// Grey with a link icon; opens `url`.
        Link = 5,
        /// Blurple with the SKU's price; buys `sku_id`.
        Premium = 6,
    }
}

/// A select menu of options the app defines.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StringSelect {
    /// The component's number in the message or modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the interaction.
    pub custom_id: CompactString,
    /// The options (up to 25).
    pub options: Vec<SelectOption>,
    /// The text shown when nothing is selected (up to 150 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The fewest options that must be chosen (1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_values: Option<u8>,
    /// The most options that can be chosen (1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_values: Option<u8>,
    /// Whether the menu is greyed out (messages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Whether a choice is needed to submit the modal (modals only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl StringSelect {
    /// A select menu with options.
    pub fn new(custom_id: impl Into<CompactString>, options: Vec<SelectOption>) -> Self {
        Self {
            id: None,
            custom_id: custom_id.into(),
            options,
            placeholder: None,
            min_values: None,
            max_values: None,
            disabled: None,
            required: None,
        }
    }
}

/// An option of a string select, a radio group or a checkbox group.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SelectOption {
    /// The text shown (up to 100 characters).
    pub label: CompactString,
    /// The value sent back in the interaction (up to 100 characters).
    pub value: CompactString,
    /// More text under the label (up to 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<CompactString>,
    /// The emoji before the label (string selects only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
    /// Whether the option starts selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

impl SelectOption {
    /// An option.
    pub fn new(label: impl Into<CompactString>, value: impl Into<CompactString>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            description: None,
            emoji: None,
            default: None,
        }
    }
}

/// A select menu whose options Discord fills in: users, roles, both, or channels.
///
/// The same struct serves the four kinds; the [`Component`](super::Component) variant says
/// which one it is.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EntitySelect {
    /// The component's number in the message or modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the interaction.
    pub custom_id: CompactString,
    /// The channel types offered (channel selects only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_types: Option<Vec<ChannelType>>,
    /// The text shown when nothing is selected (up to 150 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The entries selected at first; their number must be within the bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_values: Option<Vec<SelectDefaultValue>>,
    /// The fewest entries that must be chosen (1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_values: Option<u8>,
    /// The most entries that can be chosen (1 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_values: Option<u8>,
    /// Whether the menu is greyed out (messages only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Whether a choice is needed to submit the modal (modals only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl EntitySelect {
    /// A select menu with Discord's defaults.
    pub fn new(custom_id: impl Into<CompactString>) -> Self {
        Self {
            id: None,
            custom_id: custom_id.into(),
            channel_types: None,
            placeholder: None,
            default_values: None,
            min_values: None,
            max_values: None,
            disabled: None,
            required: None,
        }
    }
}

/// An entry selected at first in a user, role, mentionable or channel select.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SelectDefaultValue {
    /// The user, role or channel.
    pub id: Id<GenericMarker>,
    /// What `id` is.
    #[serde(rename = "type")]
    pub kind: SelectDefaultValueType,
}

impl SelectDefaultValue {
    /// A default entry.
    pub const fn new(id: Id<GenericMarker>, kind: SelectDefaultValueType) -> Self {
        Self { id, kind }
    }
}

str_enum! {
    /// What a select menu's default entry is.
    pub enum SelectDefaultValueType {
        /// A user.
        User = "user",
        /// A role.
        Role = "role",
        /// A channel.
        Channel = "channel",
    }
}

/// A text field of a modal.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TextInput {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the modal submission.
    pub custom_id: CompactString,
    /// One line or several.
    pub style: TextInputStyle,
    /// Deprecated: the label, for text inputs in action rows; use a [`Label`](super::Label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<CompactString>,
    /// The shortest text allowed (0 to 4000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u16>,
    /// The longest text allowed (1 to 4000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u16>,
    /// Whether the field must be filled in (`true` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// The text already filled in (up to 4000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The text shown while the field is empty (up to 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
}

impl TextInput {
    /// A text input.
    pub fn new(custom_id: impl Into<CompactString>, style: TextInputStyle) -> Self {
        Self {
            id: None,
            custom_id: custom_id.into(),
            style,
            label: None,
            min_length: None,
            max_length: None,
            required: None,
            value: None,
            placeholder: None,
        }
    }
}

int_enum! {
    /// The size of a text input.
    pub enum TextInputStyle: u8 {
        /// One line.
        Short = 1,
        /// Several lines.
        Paragraph = 2,
    }
}

/// A modal field to upload files.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct FileUpload {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the modal submission.
    pub custom_id: CompactString,
    /// The fewest files that must be uploaded (0 to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_values: Option<u8>,
    /// The most files that can be uploaded (1 to 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_values: Option<u8>,
    /// Whether a file is needed to submit the modal (`true` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl FileUpload {
    /// A file upload with Discord's defaults.
    pub fn new(custom_id: impl Into<CompactString>) -> Self {
        Self {
            id: None,
            custom_id: custom_id.into(),
            min_values: None,
            max_values: None,
            required: None,
        }
    }
}

/// A modal field to pick exactly one of several options.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RadioGroup {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the modal submission.
    pub custom_id: CompactString,
    /// The options (up to 10).
    pub options: Vec<SelectOption>,
    /// Whether a choice is needed to submit the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl RadioGroup {
    /// A radio group.
    pub fn new(custom_id: impl Into<CompactString>, options: Vec<SelectOption>) -> Self {
        Self { id: None, custom_id: custom_id.into(), options, required: None }
    }
}

/// A modal field to pick any number of options.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CheckboxGroup {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the modal submission.
    pub custom_id: CompactString,
    /// The options (up to 10).
    pub options: Vec<SelectOption>,
    /// The fewest options that must be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_values: Option<u8>,
    /// The most options that can be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_values: Option<u8>,
    /// Whether a choice is needed to submit the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl CheckboxGroup {
    /// A checkbox group.
    pub fn new(custom_id: impl Into<CompactString>, options: Vec<SelectOption>) -> Self {
        Self {
            id: None,
            custom_id: custom_id.into(),
            options,
            min_values: None,
            max_values: None,
            required: None,
        }
    }
}

/// A single yes-or-no box of a modal.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Checkbox {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The id sent back in the modal submission.
    pub custom_id: CompactString,
    /// Whether the box starts checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<bool>,
}

impl Checkbox {
    /// An unchecked checkbox.
    pub fn new(custom_id: impl Into<CompactString>) -> Self {
        Self { id: None, custom_id: custom_id.into(), default: None }
    }
}
