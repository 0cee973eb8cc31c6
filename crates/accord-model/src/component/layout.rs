//! Layout components: rows, sections, containers, separators, labels and text.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use super::Component;

/// A row of up to 5 buttons or one select menu (or, in old modals, one text input).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActionRow {
    /// The component's number in the message, set by Discord when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The components in the row.
    pub components: Vec<Component>,
}

impl ActionRow {
    /// A row of components.
    pub const fn new(components: Vec<Component>) -> Self {
        Self { id: None, components }
    }
}

/// One to three text displays with an accessory (a button or a thumbnail) beside them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Section {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The text displays.
    pub components: Vec<Component>,
    /// The button or thumbnail beside the text.
    pub accessory: Box<Component>,
}

impl Section {
    /// A section of text displays with an accessory.
    pub fn new(components: Vec<Component>, accessory: impl Into<Component>) -> Self {
        Self { id: None, components, accessory: Box::new(accessory.into()) }
    }
}

/// Markdown text, like a message's content.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TextDisplay {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The text (markdown).
    pub content: String,
}

impl TextDisplay {
    /// A text display.
    pub fn new(content: impl Into<String>) -> Self {
        Self { id: None, content: content.into() }
    }
}

/// A gap between components, with or without a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Separator {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// Whether a line is drawn (`true` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divider: Option<bool>,
    /// How much space the gap takes (small by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spacing: Option<SeparatorSpacing>,
}

impl Separator {
    /// A separator with Discord's defaults (a line, small spacing).
    pub const fn new() -> Self {
        Self { id: None, divider: None, spacing: None }
    }
}

int_enum! {
    /// How much vertical space a separator takes.
    pub enum SeparatorSpacing: u8 {
        /// A small gap.
        Small = 1,
        /// A large gap.
        Large = 2,
    }
}

/// A box around components, with an optional accent color bar, like an embed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Container {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The components inside: rows, text displays, sections, galleries, separators, files.
    pub components: Vec<Component>,
    /// The color of the bar on the left, as RGB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<u32>,
    /// Whether the content is blurred until clicked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
}

impl Container {
    /// A container of components.
    pub const fn new(components: Vec<Component>) -> Self {
        Self { id: None, components, accent_color: None, spoiler: None }
    }
}

/// A modal field: a label and an optional description around one input component.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Label {
    /// The component's number in the modal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The label (up to 45 characters).
    pub label: CompactString,
    /// Text under the label (up to 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<CompactString>,
    /// The input: a text input, a select menu, a file upload, a radio group or checkboxes.
    pub component: Box<Component>,
}

impl Label {
    /// A label around an input.
    pub fn new(label: impl Into<CompactString>, component: impl Into<Component>) -> Self {
        Self {
            id: None,
            label: label.into(),
            description: None,
            component: Box::new(component.into()),
        }
    }
}
