//! `multipart/form-data` bodies for uploads: a `payload_json` part and one part per file.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;

/// A `multipart/form-data` body being built.
#[derive(Clone, Debug)]
pub struct Form {
    boundary: String,
    buffer: Vec<u8>,
}

impl Form {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let state = RandomState::new();
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let boundary = format!(
            "accord{:016x}{:016x}",
            state.hash_one(count),
            state.hash_one(count.wrapping_add(u64::MAX / 2))
        );
        Self::with_boundary(boundary)
    }

    /// An empty form with the given boundary (tests use a fixed one).
    pub fn with_boundary(boundary: impl Into<String>) -> Self {
        Self { boundary: boundary.into(), buffer: Vec::new() }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    fn start_part(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>) {
        self.buffer.extend_from_slice(b"--");
        self.buffer.extend_from_slice(self.boundary.as_bytes());
        self.buffer.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        push_quoted(&mut self.buffer, name);
        self.buffer.push(b'"');
        if let Some(filename) = filename {
            self.buffer.extend_from_slice(b"; filename=\"");
            push_quoted(&mut self.buffer, filename);
            self.buffer.push(b'"');
        }
        if let Some(content_type) = content_type {
            self.buffer.extend_from_slice(b"\r\nContent-Type: ");
            self.buffer.extend_from_slice(content_type.as_bytes());
        }
        self.buffer.extend_from_slice(b"\r\n\r\n");
    }

    /// Adds a JSON part (Discord's `payload_json`).
    #[must_use]
    pub fn json(mut self, name: &str, json: &[u8]) -> Self {
        self.start_part(name, None, Some("application/json"));
        self.buffer.extend_from_slice(json);
        self.buffer.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a text field.
    #[must_use]
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.start_part(name, None, None);
        self.buffer.extend_from_slice(value.as_bytes());
        self.buffer.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file.
    #[must_use]
    pub fn file(mut self, name: &str, filename: &str, content_type: &str, data: &[u8]) -> Self {
        self.start_part(name, Some(filename), Some(content_type));
        self.buffer.extend_from_slice(data);
        self.buffer.extend_from_slice(b"\r\n");
        self
    }

    /// The finished body and its `Content-Type` header value.
    pub fn finish(mut self) -> (Bytes, String) {
        self.buffer.extend_from_slice(b"--");
        self.buffer.extend_from_slice(self.boundary.as_bytes());
        self.buffer.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        (Bytes::from(self.buffer), content_type)
    }
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes a quoted-string value, escaping what would end it as browsers do (`"` and line
/// breaks become percent escapes).
fn push_quoted(buffer: &mut Vec<u8>, text: &str) {
    for &byte in text.as_bytes() {
        match byte {
            b'"' => buffer.extend_from_slice(b"%22"),
            b'\r' => buffer.extend_from_slice(b"%0D"),
            b'\n' => buffer.extend_from_slice(b"%0A"),
            other => buffer.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Form;

    #[test]
    fn parts_are_framed_byte_for_byte() {
        let (body, content_type) = Form::with_boundary("XyZ")
            .json("payload_json", br#"{"content":"hi"}"#)
            .file("files[0]", "a\"b.txt", "text/plain", b"data")
            .finish();
        assert_eq!(content_type, "multipart/form-data; boundary=XyZ");
        let expected = "--XyZ\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
            Content-Type: application/json\r\n\r\n{\"content\":\"hi\"}\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a%22b.txt\"\r\n\
            Content-Type: text/plain\r\n\r\ndata\r\n--XyZ--\r\n";
        assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(Form::new().boundary(), Form::new().boundary());
    }
}
