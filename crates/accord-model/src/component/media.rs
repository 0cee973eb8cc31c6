//! Media components: thumbnails, galleries, files, and the media items they show.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{AttachmentMarker, GenericMarker};

/// A picture beside a section's text.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Thumbnail {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The image.
    pub media: UnfurledMedia,
    /// Alternative text (up to 1024 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the image is blurred until clicked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
}

impl Thumbnail {
    /// A thumbnail of an image.
    pub const fn new(media: UnfurledMedia) -> Self {
        Self { id: None, media, description: None, spoiler: None }
    }
}

/// A grid of 1 to 10 images or videos.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MediaGallery {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The pictures and videos.
    pub items: Vec<MediaGalleryItem>,
}

impl MediaGallery {
    /// A gallery.
    pub const fn new(items: Vec<MediaGalleryItem>) -> Self {
        Self { id: None, items }
    }
}

/// One picture or video of a gallery.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MediaGalleryItem {
    /// The image or video.
    pub media: UnfurledMedia,
    /// Alternative text (up to 1024 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the item is blurred until clicked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
}

impl MediaGalleryItem {
    /// A gallery item.
    pub const fn new(media: UnfurledMedia) -> Self {
        Self { media, description: None, spoiler: None }
    }
}

/// An uploaded file shown as a download.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct File {
    /// The component's number in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    /// The file; only `attachment://<filename>` references are allowed.
    pub file: UnfurledMedia,
    /// Whether the file is blurred until clicked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spoiler: Option<bool>,
    /// The file's name, filled in by Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// The file's size in bytes, filled in by Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

impl File {
    /// A file component for an uploaded attachment, e.g. `attachment://notes.txt`.
    pub const fn new(file: UnfurledMedia) -> Self {
        Self { id: None, file, spoiler: None, name: None, size: None }
    }
}

/// A piece of media: a URL or `attachment://` reference that Discord resolves and describes.
///
/// Only `url` is read from requests; Discord fills in the rest in responses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UnfurledMedia {
    /// Any URL, or `attachment://<filename>` for a file uploaded with the message.
    pub url: CompactString,
    /// The URL through Discord's media proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_url: Option<CompactString>,
    /// The height of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The width of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The media type, such as `image/png`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<CompactString>,
    /// The attachment, for `attachment://` references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<Id<AttachmentMarker>>,
    /// The id Discord gives the resolved media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<GenericMarker>>,
    /// A ThumbHash placeholder of an image or video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<CompactString>,
    /// The version of the placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder_version: Option<u32>,
    /// Whether Discord has fetched the media yet (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loading_state: Option<MediaLoadingState>,
    /// Flags of the media (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
}

impl UnfurledMedia {
    /// Media from a URL or an `attachment://` reference.
    pub fn new(url: impl Into<CompactString>) -> Self {
        Self {
            url: url.into(),
            proxy_url: None,
            height: None,
            width: None,
            content_type: None,
            attachment_id: None,
            id: None,
            placeholder: None,
            placeholder_version: None,
            loading_state: None,
            flags: None,
        }
    }
}

int_enum! {
    /// Whether Discord has fetched a piece of media (undocumented).
    pub enum MediaLoadingState: u8 {
        /// Not reported.
        Unset = 0,
        /// Being fetched.
        Loading = 1,
        /// Fetched.
        LoadedSuccess = 2,
        /// The URL led nowhere.
        LoadedNotFound = 3,
    }
}
