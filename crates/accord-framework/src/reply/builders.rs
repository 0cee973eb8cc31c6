//! Builders for embeds, components and modals.

use accord_model::channel::ChannelType;
use accord_model::component::{
    ActionRow, Button, ButtonStyle, Component, EntitySelect, Label, SelectDefaultValue,
    SelectDefaultValueType, SelectOption, StringSelect, TextInput, TextInputStyle,
};
use accord_model::emoji::PartialEmoji;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, RoleMarker, UserMarker};
use accord_model::interaction::ModalData;
use accord_model::message::{
    Embed, EmbedAuthor, EmbedField, EmbedFooter, EmbedImage, EmbedThumbnail,
};
use accord_model::util::Timestamp;

/// Builds an [`Embed`].
///
/// ```
/// use accord_framework::reply::EmbedBuilder;
///
/// use accord_framework::model::util::Timestamp;
///
/// let embed = EmbedBuilder::new()
///     .title("Weather")
///     .description("Sunny")
///     .author("Ada", Some("https://example.com/ada"), Some("https://example.com/ada.png"))
///     .field("High", "24 °C", true)
///     .thumbnail("https://example.com/sun.png")
///     .image("https://example.com/map.png")
///     .color(0xFF_AA_00)
///     .footer("via accord")
///     .timestamp(Timestamp::from_secs(1_700_000_000))
///     .build();
/// assert_eq!(embed.fields.as_ref().map(Vec::len), Some(1));
/// assert_eq!(embed.author.as_ref().map(|a| a.name.as_str()), Some("Ada"));
/// assert_eq!(embed.image.as_ref().map(|i| i.url.as_str()), Some("https://example.com/map.png"));
/// assert_eq!(embed.timestamp.map(Timestamp::as_secs), Some(1_700_000_000));
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

    /// Sets the footer's text and icon.
    pub fn footer_with_icon(
        mut self,
        text: impl Into<String>,
        icon_url: impl Into<String>,
    ) -> Self {
        let mut footer = EmbedFooter::new(text);
        footer.icon_url = Some(icon_url.into().into());
        self.0.footer = Some(footer);
        self
    }

    /// Sets the URL the title links to.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.0.url = Some(url.into().into());
        self
    }

    /// Sets the author shown above the title (name up to 256 characters), with the URL the
    /// name links to and an icon, when given (a user's [`avatar_url`]).
    ///
    /// [`avatar_url`]: accord_model::user::User::avatar_url
    pub fn author(
        mut self,
        name: impl Into<String>,
        url: Option<&str>,
        icon_url: Option<&str>,
    ) -> Self {
        let mut author = EmbedAuthor::new(name);
        author.url = url.map(Into::into);
        author.icon_url = icon_url.map(Into::into);
        self.0.author = Some(author);
        self
    }

    /// Sets the small image at the top right.
    pub fn thumbnail(mut self, url: impl Into<String>) -> Self {
        self.0.thumbnail = Some(EmbedThumbnail::new(url.into()));
        self
    }

    /// Sets the large image at the bottom.
    pub fn image(mut self, url: impl Into<String>) -> Self {
        self.0.image = Some(EmbedImage::new(url.into()));
        self
    }

    /// Sets the time shown in the footer (in each reader's time zone).
    pub const fn timestamp(mut self, timestamp: Timestamp) -> Self {
        self.0.timestamp = Some(timestamp);
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

/// A button that sends an interaction with `custom_id` (see [`ButtonBuilder`] for emoji and
/// disabled buttons).
pub fn button(
    style: ButtonStyle,
    custom_id: impl Into<String>,
    label: impl Into<String>,
) -> Component {
    ButtonBuilder::new(style, custom_id, label).build()
}

/// A button that opens a URL.
pub fn link_button(url: impl Into<String>, label: impl Into<String>) -> Component {
    ButtonBuilder::link(url, label).build()
}

/// A select menu of options (see [`StringSelectBuilder`] for the rest of its settings).
pub fn string_select(custom_id: impl Into<String>, options: Vec<SelectOption>) -> Component {
    StringSelectBuilder::new(custom_id).options(options).build()
}

/// An option of a select menu.
pub fn select_option(label: impl Into<String>, value: impl Into<String>) -> SelectOption {
    SelectOption::new(label.into(), value.into())
}

/// Builds a button: one that sends an interaction, or a link.
///
/// ```
/// use accord_framework::model::component::{ButtonStyle, Component};
/// use accord_framework::model::emoji::PartialEmoji;
/// use accord_framework::reply::ButtonBuilder;
///
/// let button = ButtonBuilder::new(ButtonStyle::Danger, "delete:42", "Delete")
///     .emoji(PartialEmoji::unicode("🗑️"))
///     .disabled(true)
///     .build();
/// let Component::Button(button) = button else { unreachable!() };
/// assert_eq!((button.disabled, button.custom_id.as_deref()), (Some(true), Some("delete:42")));
///
/// let docs = ButtonBuilder::link("https://discord.com/developers/docs", "Docs").build();
/// let Component::Button(docs) = docs else { unreachable!() };
/// assert_eq!((docs.style, docs.custom_id), (ButtonStyle::Link, None));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ButtonBuilder(Button);

impl ButtonBuilder {
    /// A button of `style` (not `Link`) that sends an interaction with `custom_id`.
    pub fn new(style: ButtonStyle, custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        Self(Button::new(style, custom_id.into(), label.into()))
    }

    /// A grey button with a link icon that opens `url`; it sends no interaction.
    pub fn link(url: impl Into<String>, label: impl Into<String>) -> Self {
        Self(Button::link(url.into(), label.into()))
    }

    /// Sets the emoji before the label.
    pub fn emoji(mut self, emoji: PartialEmoji) -> Self {
        self.0.emoji = Some(emoji);
        self
    }

    /// Sets whether the button is greyed out.
    pub const fn disabled(mut self, disabled: bool) -> Self {
        self.0.disabled = Some(disabled);
        self
    }

    /// The button.
    pub fn build(self) -> Component {
        Component::Button(self.0)
    }
}

/// Builds a select menu of options the bot defines.
///
/// ```
/// use accord_framework::reply::{StringSelectBuilder, select_option};
///
/// let menu = StringSelectBuilder::new("flavor")
///     .option(select_option("Vanilla", "vanilla"))
///     .option(select_option("Chocolate", "chocolate"))
///     .placeholder("Pick one or two")
///     .values(1, 2)
///     .build();
/// # let accord_framework::model::component::Component::StringSelect(menu) = menu else { unreachable!() };
/// assert_eq!((menu.options.len(), menu.max_values), (2, Some(2)));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct StringSelectBuilder(StringSelect);

impl StringSelectBuilder {
    /// An empty menu sent back with `custom_id`.
    pub fn new(custom_id: impl Into<String>) -> Self {
        Self(StringSelect::new(custom_id.into(), Vec::new()))
    }

    /// Adds an option (up to 25).
    pub fn option(mut self, option: SelectOption) -> Self {
        self.0.options.push(option);
        self
    }

    /// Adds options.
    pub fn options(mut self, options: impl IntoIterator<Item = SelectOption>) -> Self {
        self.0.options.extend(options);
        self
    }

    /// Sets the text shown when nothing is chosen (up to 150 characters).
    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.0.placeholder = Some(placeholder.into().into());
        self
    }

    /// Sets how many options must be and can be chosen (0 to 25; 1 and 1 by default).
    pub const fn values(mut self, min: u8, max: u8) -> Self {
        self.0.min_values = Some(min);
        self.0.max_values = Some(max);
        self
    }

    /// Sets whether the menu is greyed out.
    pub const fn disabled(mut self, disabled: bool) -> Self {
        self.0.disabled = Some(disabled);
        self
    }

    /// The menu.
    pub fn build(self) -> Component {
        Component::StringSelect(self.0)
    }
}

/// What an [`EntitySelectBuilder`] offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntityKind {
    User,
    Role,
    Mentionable,
    Channel,
}

/// Builds a select menu whose options Discord fills in: users, roles, both, or channels.
///
/// ```
/// use accord_framework::model::channel::ChannelType;
/// use accord_framework::model::component::Component;
/// use accord_framework::model::id::Id;
/// use accord_framework::reply::EntitySelectBuilder;
///
/// let users = EntitySelectBuilder::user("invite").values(1, 5).default_user(Id::new(7)).build();
/// assert!(matches!(&users, Component::UserSelect(s) if s.default_values.as_ref().unwrap().len() == 1));
/// let channels = EntitySelectBuilder::channel("log")
///     .channel_types(vec![ChannelType::GuildText])
///     .placeholder("Where to log")
///     .build();
/// assert!(matches!(channels, Component::ChannelSelect(_)));
/// assert!(matches!(EntitySelectBuilder::role("r").build(), Component::RoleSelect(_)));
/// assert!(matches!(EntitySelectBuilder::mentionable("m").build(), Component::MentionableSelect(_)));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EntitySelectBuilder {
    kind: EntityKind,
    select: EntitySelect,
}

impl EntitySelectBuilder {
    fn new(kind: EntityKind, custom_id: impl Into<String>) -> Self {
        Self { kind, select: EntitySelect::new(custom_id.into()) }
    }

    /// A menu of the guild's members (or the DM's users).
    pub fn user(custom_id: impl Into<String>) -> Self {
        Self::new(EntityKind::User, custom_id)
    }

    /// A menu of the guild's roles.
    pub fn role(custom_id: impl Into<String>) -> Self {
        Self::new(EntityKind::Role, custom_id)
    }

    /// A menu of users and roles.
    pub fn mentionable(custom_id: impl Into<String>) -> Self {
        Self::new(EntityKind::Mentionable, custom_id)
    }

    /// A menu of channels (all types unless [`channel_types`](Self::channel_types) says).
    pub fn channel(custom_id: impl Into<String>) -> Self {
        Self::new(EntityKind::Channel, custom_id)
    }

    /// Sets the channel types offered (channel menus).
    pub fn channel_types(mut self, types: Vec<ChannelType>) -> Self {
        self.select.channel_types = Some(types);
        self
    }

    /// Sets the text shown when nothing is chosen (up to 150 characters).
    pub fn placeholder(mut self, placeholder: impl Into<String>) -> Self {
        self.select.placeholder = Some(placeholder.into().into());
        self
    }

    /// Sets how many entries must be and can be chosen (0 to 25; 1 and 1 by default).
    pub const fn values(mut self, min: u8, max: u8) -> Self {
        self.select.min_values = Some(min);
        self.select.max_values = Some(max);
        self
    }

    /// Sets whether the menu is greyed out.
    pub const fn disabled(mut self, disabled: bool) -> Self {
        self.select.disabled = Some(disabled);
        self
    }

    fn default_value(mut self, value: SelectDefaultValue) -> Self {
        self.select.default_values.get_or_insert_with(Vec::new).push(value);
        self
    }

    /// Selects a user at first (user and mentionable menus).
    pub fn default_user(self, id: Id<UserMarker>) -> Self {
        self.default_value(SelectDefaultValue::new(id.cast(), SelectDefaultValueType::User))
    }

    /// Selects a role at first (role and mentionable menus).
    pub fn default_role(self, id: Id<RoleMarker>) -> Self {
        self.default_value(SelectDefaultValue::new(id.cast(), SelectDefaultValueType::Role))
    }

    /// Selects a channel at first (channel menus).
    pub fn default_channel(self, id: Id<ChannelMarker>) -> Self {
        self.default_value(SelectDefaultValue::new(id.cast(), SelectDefaultValueType::Channel))
    }

    /// The menu.
    pub fn build(self) -> Component {
        match self.kind {
            EntityKind::User => Component::UserSelect(self.select),
            EntityKind::Role => Component::RoleSelect(self.select),
            EntityKind::Mentionable => Component::MentionableSelect(self.select),
            EntityKind::Channel => Component::ChannelSelect(self.select),
        }
    }
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
