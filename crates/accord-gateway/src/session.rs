//! A gateway session, which outlives connections and can outlive the process.

use serde::{Deserialize, Serialize};

/// What RESUME needs: the session's id, the last sequence number received and the URL to
/// resume at.
///
/// Export it with [`crate::Shard::session`] (or the session [`crate::Shard::close`] returns),
/// store it (it is `serde`), and give it to a new shard with
/// [`crate::ConfigBuilder::session`]: a restarted process then resumes within Discord's
/// resume window instead of identifying again.
///
/// ```
/// use accord_gateway::Session;
///
/// let session = Session::new("a5a1ba9e", 42, "wss://gateway-us-east1-b.discord.gg");
/// let json = serde_json::to_string(&session)?;
/// assert_eq!(serde_json::from_str::<Session>(&json)?, session);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct Session {
    id: String,
    sequence: u64,
    resume_url: String,
}

impl Session {
    /// A session with this id, last sequence number and resume URL.
    pub fn new(id: impl Into<String>, sequence: u64, resume_url: impl Into<String>) -> Self {
        Self { id: id.into(), sequence, resume_url: resume_url.into() }
    }

    /// The session's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The sequence number of the last event received.
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }

    /// The URL to resume at (READY's `resume_gateway_url`).
    pub fn resume_url(&self) -> &str {
        &self.resume_url
    }

    pub(crate) fn set_sequence(&mut self, sequence: u64) {
        self.sequence = sequence;
    }
}

#[cfg(test)]
mod tests {
    use super::Session;

    #[test]
    fn serializes_with_stable_field_names() {
        let session = Session::new("abc", 7, "ws://127.0.0.1:1");
        let json = serde_json::to_string(&session).unwrap();
        assert_eq!(json, r#"{"id":"abc","sequence":7,"resume_url":"ws://127.0.0.1:1"}"#);
        let back: Session = serde_json::from_str(&json).unwrap();
        assert_eq!((back.id(), back.sequence(), back.resume_url()), ("abc", 7, "ws://127.0.0.1:1"));
    }
}
