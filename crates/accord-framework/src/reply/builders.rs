//! Builders for embeds, components and modals.

use accord_model::component::{
    ActionRow, Button, ButtonStyle, Component, Label, SelectOption, StringSelect, TextInput,
    TextInputStyle,
};
use accord_model::interaction::ModalData;
use accord_model::message::{Embed, EmbedField, EmbedFooter};

/// Builds an [`Embed`].
///
/// ```
/// use accord_framework::reply::EmbedBuilder;
///
/// let embed = EmbedBuilder::new()
///     .title("Weather")
///     .description("Sunny")
///     .field("High", "24 °C", true)
///     .color(0xFF_AA_00)
///     .footer("via accord")
///     .build();
/// assert_eq!(embed.fields.as_ref().map(Vec::len), Some(1));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EmbedBuilder(Embed);

impl EmbedBuilder {
    /// An empty rich embed.
    pub fn new() -> Self {
        Self(Embed::new())
    }

    /// Sets the title (up to 256 characters).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.0.title = Some(title.into());
        self
    }

    /// Sets the description (up to 4096 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// Adds a field (up to 25).
    pub fn field(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        inline: bool,
    ) -> Self {
        self.0.fields.get_or_insert_with(Vec::new).push(EmbedField::new(name, value, inline));
        self
    }

    /// Sets the color of the left bar, as RGB.
    pub const fn color(mut self, color: u32) -> Self {
        self.0.color = Some(color);
        self
    }

    /// Sets the footer's text.
    pub fn footer(mut self, text: impl Into<String>) -> Self {
        self.0.footer = Some(EmbedFooter::new(text));
        self
    }

    /// Sets the URL the title links to.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.0.url = Some(url.into().into());
        self
    }

    /// The embed.
    pub fn build(self) -> Embed {
        self.0
    }
}

impl Default for EmbedBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// A row of components (up to 5 buttons, or one select menu).
pub fn action_row(components: Vec<Component>) -> Component {
    Component::ActionRow(ActionRow::new(components))
}

/// A button that sends an interaction with `custom_id`.
pub fn button(
    style: ButtonStyle,
    custom_id: impl Into<String>,
    label: impl Into<String>,
) -> Component {
    Component::Button(Button::new(style, custom_id.into(), label.into()))
}

/// A button that opens a URL.
pub fn link_button(url: impl Into<String>, label: impl Into<String>) -> Component {
    Component::Button(Button::link(url.into(), label.into()))
}

/// A select menu of options.
pub fn string_select(custom_id: impl Into<String>, options: Vec<SelectOption>) -> Component {
    Component::StringSelect(StringSelect::new(custom_id.into(), options))
}

/// An option of a select menu.
pub fn select_option(label: impl Into<String>, value: impl Into<String>) -> SelectOption {
    SelectOption::new(label.into(), value.into())
}

/// Builds a modal of text inputs.
///
/// ```
/// use accord_framework::reply::ModalBuilder;
///
/// let modal = ModalBuilder::new("feedback", "Feedback")
///     .short("subject", "Subject")
///     .paragraph("body", "What do you think?")
///     .build();
/// assert_eq!(modal.components.len(), 2);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ModalBuilder {
    custom_id: String,
    title: String,
    components: Vec<Component>,
}

impl ModalBuilder {
    /// A modal sent back with `custom_id`, titled `title` (up to 45 characters).
    pub fn new(custom_id: impl Into<String>, title: impl Into<String>) -> Self {
        Self { custom_id: custom_id.into(), title: title.into(), components: Vec::new() }
    }

    /// Adds a labelled one-line text input.
    pub fn short(self, custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        self.input(TextInput::new(custom_id.into(), TextInputStyle::Short), label)
    }

    /// Adds a labelled multi-line text input.
    pub fn paragraph(self, custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        self.input(TextInput::new(custom_id.into(), TextInputStyle::Paragraph), label)
    }

    /// Adds a labelled text input configured by hand (placeholder, lengths, required).
    pub fn input(mut self, input: TextInput, label: impl Into<String>) -> Self {
        self.components
            .push(Component::Label(Label::new(label.into(), Component::TextInput(input))));
        self
    }

    /// The modal.
    pub fn build(self) -> ModalData {
        ModalData::new(self.custom_id, self.title, self.components)
    }
}
