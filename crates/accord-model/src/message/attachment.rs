//! Files attached to messages, and the references to them in requests.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::application::Application;
use crate::id::Id;
use crate::id::marker::AttachmentMarker;
use crate::user::User;
use crate::util::Timestamp;

/// A file attached to a message.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Attachment {
    /// The attachment's id.
    pub id: Id<AttachmentMarker>,
    /// The file name.
    pub filename: CompactString,
    /// The title, which may hold characters a file name cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<CompactString>,
    /// Alternative text (up to 1024 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The media type, such as `image/png`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<CompactString>,
    /// The size in bytes.
    pub size: u64,
    /// The URL of the file.
    pub url: CompactString,
    /// The URL through Discord's media proxy.
    pub proxy_url: CompactString,
    /// The height of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The width of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Whether the attachment is ephemeral (deleted after a while).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<bool>,
    /// The length of a voice message, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    /// The waveform of a voice message: base64 of up to 256 byte-sized samples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waveform: Option<String>,
    /// The attachment's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<AttachmentFlags>,
    /// A ThumbHash placeholder of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// When a clip was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip_created_at: Option<Timestamp>,
    /// The users in a clip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip_participants: Option<Vec<User>>,
    /// The application a clip was recorded in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Box<Application>>,
}

impl Attachment {
    /// An attachment with the required fields; the rest is `None`.
    pub fn new(
        id: Id<AttachmentMarker>,
        filename: impl Into<CompactString>,
        size: u64,
        url: impl Into<CompactString>,
        proxy_url: impl Into<CompactString>,
    ) -> Self {
        Self {
            id,
            filename: filename.into(),
            title: None,
            description: None,
            content_type: None,
            size,
            url: url.into(),
            proxy_url: proxy_url.into(),
            height: None,
            width: None,
            ephemeral: None,
            duration_secs: None,
            waveform: None,
            flags: None,
            placeholder: None,
            placeholder_version: None,
            clip_created_at: None,
            clip_participants: None,
            application: None,
        }
    }
}

flags! {
    /// Flags on an attachment.
    pub struct AttachmentFlags: u64 as integer {
        /// The attachment is a clip from a stream.
        const IS_CLIP = 1 << 0;
        /// The attachment is the thumbnail of a thread in a media channel.
        const IS_THUMBNAIL = 1 << 1;
        /// The attachment was edited with the image remix feature.
        const IS_REMIX = 1 << 2;
        /// The attachment is marked as a spoiler.
        const IS_SPOILER = 1 << 3;
        /// The attachment was flagged as explicit.
        const CONTAINS_EXPLICIT_MEDIA = 1 << 4;
        /// The attachment is an animated image.
        const IS_ANIMATED = 1 << 5;
    }
}

/// An attachment as a request names it: a new upload (its index among the request's files) or
/// an existing attachment to keep (its id), with the metadata to set.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialAttachment {
    /// The index of the uploaded file (`files[n]`), or the id of an existing attachment.
    #[serde(deserialize_with = "index_or_id")]
    pub id: u64,
    /// The file name to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<CompactString>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<CompactString>,
    /// The length of a voice message, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    /// The waveform of a voice message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waveform: Option<String>,
    /// Whether to mark the file as a spoiler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_spoiler: Option<bool>,
}

impl PartialAttachment {
    /// The upload at `index` among the request's files.
    pub fn upload(index: u64, filename: impl Into<CompactString>) -> Self {
        Self {
            id: index,
            filename: Some(filename.into()),
            description: None,
            title: None,
            duration_secs: None,
            waveform: None,
            is_spoiler: None,
        }
    }

    /// An existing attachment to keep.
    pub const fn keep(id: Id<AttachmentMarker>) -> Self {
        Self {
            id: id.get(),
            filename: None,
            description: None,
            title: None,
            duration_secs: None,
            waveform: None,
            is_spoiler: None,
        }
    }
}

/// An attachment index or id, as an integer or a decimal string.
fn index_or_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct IndexVisitor;

    impl Visitor<'_> for IndexVisitor {
        type Value = u64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an attachment index or id")
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<u64, E> {
            Ok(value)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<u64, E> {
            u64::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<u64, E> {
            value.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
        }
    }

    deserializer.deserialize_any(IndexVisitor)
}

#[cfg(test)]
mod tests {
    use super::PartialAttachment;

    #[test]
    fn index_or_id_accepts_both_forms() {
        let a: PartialAttachment = serde_json::from_str(r#"{"id":0,"filename":"a.png"}"#).unwrap();
        let b: PartialAttachment = serde_json::from_str(r#"{"id":"1234"}"#).unwrap();
        assert_eq!((a.id, b.id), (0, 1234));
        assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"id":0,"filename":"a.png"}"#);
    }
}
