//! Embeds: rich content blocks in messages, sent by apps or generated from links.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::util::Timestamp;

/// A block of rich content in a message.
///
/// Every field is optional; [`Embed::new`] gives an empty rich embed to fill in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Embed {
    /// The title (up to 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The kind of embed; apps always send rich embeds.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<EmbedType>,
    /// The description (up to 4096 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The URL the title links to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
    /// The time shown in the footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Timestamp>,
    /// The color of the left bar, as RGB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    /// The footer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<EmbedFooter>,
    /// The large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<EmbedImage>,
    /// The small image at the top right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<EmbedThumbnail>,
    /// The video of a link embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<EmbedVideo>,
    /// The site a link embed comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<EmbedProvider>,
    /// The author line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<EmbedAuthor>,
    /// The fields (up to 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<EmbedField>>,
    /// Flags of the embed (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
}

impl Embed {
    /// An empty rich embed.
    pub fn new() -> Self {
        Self { kind: Some(EmbedType::Rich), ..Self::default() }
    }

    /// The number of characters Discord counts against the 6000 limit of a message's embeds:
    /// title, description, field names and values, footer text and author name.
    pub fn text_length(&self) -> usize {
        let count = |text: &str| text.chars().count();
        self.title.as_deref().map_or(0, count)
            + self.description.as_deref().map_or(0, count)
            + self.fields.iter().flatten().map(|f| count(&f.name) + count(&f.value)).sum::<usize>()
            + self.footer.as_ref().map_or(0, |f| count(&f.text))
            + self.author.as_ref().map_or(0, |a| count(&a.name))
    }
}

str_enum! {
    /// The kind of an embed; Discord generates all but `rich` from links.
    pub enum EmbedType {
        /// A generic embed, the only kind apps send.
        Rich = "rich",
        /// An image.
        Image = "image",
        /// A video.
        Video = "video",
        /// An animated GIF shown as a video.
        Gifv = "gifv",
        /// An article.
        Article = "article",
        /// A link.
        Link = "link",
        /// The results of a finished poll.
        PollResult = "poll_result",
        /// An auto-moderation alert.
        AutoModerationMessage = "auto_moderation_message",
        /// An auto-moderation notification.
        AutoModerationNotification = "auto_moderation_notification",
    }
}

/// The footer of an embed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedFooter {
    /// The text (up to 2048 characters).
    pub text: String,
    /// The icon's URL (http, https or `attachment://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<CompactString>,
    /// The icon's URL through Discord's media proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_icon_url: Option<CompactString>,
}

impl EmbedFooter {
    /// A footer of text.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), icon_url: None, proxy_icon_url: None }
    }
}

/// An image of an embed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedImage {
    /// The URL (http, https or `attachment://`).
    pub url: CompactString,
    /// The URL through Discord's media proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<CompactString>,
    /// The height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<CompactString>,
    /// A ThumbHash placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Flags of the image (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
}

impl EmbedImage {
    /// An image from a URL.
    pub fn new(url: impl Into<CompactString>) -> Self {
        Self {
            url: url.into(),
            proxy_url: None,
            height: None,
            width: None,
            content_type: None,
            placeholder: None,
            placeholder_version: None,
            description: None,
            flags: None,
        }
    }
}

/// The thumbnail of an embed, the same shape as its image.
pub type EmbedThumbnail = EmbedImage;

/// The video of an embed (from links only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedVideo {
    /// The URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
    /// The URL through Discord's media proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<CompactString>,
    /// The height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The width.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<CompactString>,
    /// A ThumbHash placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Flags of the video (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
}

/// The site a link embed comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedProvider {
    /// The site's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// The site's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
}

/// The author line of an embed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedAuthor {
    /// The name (up to 256 characters).
    pub name: String,
    /// The URL the name links to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
    /// The icon's URL (http, https or `attachment://`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<CompactString>,
    /// The icon's URL through Discord's media proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_icon_url: Option<CompactString>,
}

impl EmbedAuthor {
    /// An author line of a name.
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into(), url: None, icon_url: None, proxy_icon_url: None }
    }
}

/// A field of an embed: a name over a value.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct EmbedField {
    /// The name (up to 256 characters).
    pub name: String,
    /// The value (up to 1024 characters).
    pub value: String,
    /// Whether the field sits beside others on the same line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline: Option<bool>,
}

impl EmbedField {
    /// A field.
    pub fn new(name: impl Into<String>, value: impl Into<String>, inline: bool) -> Self {
        Self { name: name.into(), value: value.into(), inline: Some(inline) }
    }
}

#[cfg(test)]
mod tests {
    use super::{Embed, EmbedField, EmbedType};

    #[test]
    fn link_embed_types_and_unknown_ones_round_trip() {
        let json = r#"{"type":"gifv","url":"https://tenor.com/x"}"#;
        let embed: Embed = serde_json::from_str(json).unwrap();
        assert_eq!(embed.kind, Some(EmbedType::Gifv));
        assert_eq!(serde_json::to_string(&embed).unwrap(), json);
        let odd: Embed = serde_json::from_str(r#"{"type":"hologram"}"#).unwrap();
        assert_eq!(odd.kind, Some(EmbedType::Unknown("hologram".into())));
    }

    #[test]
    fn text_length_counts_characters() {
        let embed = Embed {
            title: Some("héllo".into()),
            fields: Some(vec![EmbedField::new("a", "bc", false)]),
            ..Embed::new()
        };
        assert_eq!(embed.text_length(), 8);
    }
}
