//! Files to upload with a message, a sticker or an application attachment.

use std::fmt;

use bytes::Bytes;

/// A file to upload.
///
/// ```
/// use accord_http::request::attachment::AttachmentFile;
///
/// let file = AttachmentFile::new("report.txt", b"all good".to_vec()).description("daily report");
/// assert_eq!(file.filename(), "report.txt");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentFile {
    pub(crate) filename: String,
    pub(crate) description: Option<String>,
    pub(crate) content_type: String,
    pub(crate) data: Bytes,
}

impl AttachmentFile {
    /// A file with its name and content; sent as `application/octet-stream` unless
    /// [`content_type`](Self::content_type) says otherwise.
    pub fn new(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        Self {
            filename: filename.into(),
            description: None,
            content_type: "application/octet-stream".to_owned(),
            data: data.into(),
        }
    }

    /// Sets the alt text (at most 1024 characters).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the MIME type of the content.
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

impl fmt::Debug for AttachmentFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachmentFile")
            .field("filename", &self.filename)
            .field("description", &self.description)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}
