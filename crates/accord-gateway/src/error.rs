//! The errors of receiving, sending and configuring.

use std::error::Error;
use std::fmt;

use accord_model::gateway::CloseCode;

type Source = Box<dyn Error + Send + Sync>;

/// Something went wrong while receiving. Only [`ReceiveErrorKind::FatalClose`] and
/// [`ReceiveErrorKind::Config`] end the shard; after any other the shard carries on by itself.
#[derive(Debug)]
pub struct ReceiveError {
    kind: ReceiveErrorKind,
    source: Option<Source>,
}

/// What went wrong while receiving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReceiveErrorKind {
    /// The gateway closed the connection with a code after which reconnecting cannot succeed
    /// (bad token, invalid or disallowed intents, invalid shard, sharding required, bad API
    /// version). The shard has ended; [`CloseCode::description`] says what to fix.
    FatalClose(CloseCode),
    /// The configuration cannot work, for example a `wss://` URL without a TLS feature. The
    /// shard has ended.
    Config,
    /// Connecting or the websocket handshake failed; the shard retries after a backoff.
    Connect,
    /// The TLS handshake failed: the server's certificate was refused (issued for another
    /// host, by a CA that is not trusted, or expired) or no protocol version or cipher suite
    /// is shared. The source is rustls' error, which says which. The shard retries after a
    /// backoff, which only helps once the server or the configured roots change
    /// ([`ConfigBuilder::root_certificates`](crate::ConfigBuilder)).
    Tls,
    /// An established connection failed (I/O, TLS or websocket protocol error), or the gateway
    /// stopped answering heartbeats; the shard reconnects and resumes.
    Connection,
    /// A compressed message could not be decompressed; the shard reconnects and resumes.
    Decompress,
    /// A payload could not be parsed (the source is an
    /// [`accord_model::gateway::ParseError`]). Invalid JSON makes the shard reconnect and
    /// resume; a valid payload whose data does not match its type is skipped.
    Parse,
}

impl ReceiveError {
    pub(crate) fn new(kind: ReceiveErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: ReceiveErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self { kind, source: Some(source.into()) }
    }

    /// What went wrong.
    pub const fn kind(&self) -> &ReceiveErrorKind {
        &self.kind
    }

    /// Whether the shard has ended: it will yield nothing more.
    pub const fn is_fatal(&self) -> bool {
        matches!(self.kind, ReceiveErrorKind::FatalClose(_) | ReceiveErrorKind::Config)
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ReceiveErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ReceiveErrorKind::FatalClose(code) => write!(
                f,
                "the gateway closed the connection with {} and the shard cannot reconnect: {}",
                code.value(),
                code.description()
            )?,
            ReceiveErrorKind::Config => f.write_str("the shard's configuration cannot work")?,
            ReceiveErrorKind::Connect => {
                f.write_str("could not connect to the gateway; retrying after a backoff")?;
            }
            ReceiveErrorKind::Tls => {
                f.write_str("the TLS handshake with the gateway failed; retrying after a backoff")?;
            }
            ReceiveErrorKind::Connection => {
                f.write_str("the gateway connection failed; reconnecting")?;
            }
            ReceiveErrorKind::Decompress => {
                f.write_str("a gateway message could not be decompressed; reconnecting")?;
            }
            ReceiveErrorKind::Parse => f.write_str("a gateway payload could not be parsed")?,
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ReceiveError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

/// A command could not be sent.
#[derive(Debug)]
pub struct SendError {
    kind: SendErrorKind,
}

/// Why a command could not be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendErrorKind {
    /// The command's JSON is over the gateway's 4096-byte limit; sending it would close the
    /// connection with 4002.
    TooLarge {
        /// The size of the JSON, in bytes.
        size: usize,
    },
    /// The shard has ended (closed, dropped, or stopped by a fatal close code).
    ShardEnded,
}

impl SendError {
    pub(crate) const fn new(kind: SendErrorKind) -> Self {
        Self { kind }
    }

    /// Why the command could not be sent.
    pub const fn kind(&self) -> &SendErrorKind {
        &self.kind
    }

    /// The underlying error: there never is one, the kind says it all.
    #[allow(clippy::unused_self, reason = "the error API is the same for every error of the crate")]
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        None
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (SendErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, None)
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SendErrorKind::TooLarge { size } => write!(
                f,
                "the command is {size} bytes, over the gateway's limit of 4096; send less data \
                 per command (for example fewer user ids)"
            ),
            SendErrorKind::ShardEnded => {
                f.write_str("the shard has ended; start a new shard to send commands")
            }
        }
    }
}

impl Error for SendError {}

/// A [`crate::ConfigBuilder`] holds a value the gateway would refuse.
#[derive(Debug)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    source: Option<Source>,
}

/// What is wrong with a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The gateway URL is not a `ws://` or `wss://` URL.
    GatewayUrl(String),
    /// The gateway URL is `wss://` but no TLS feature is enabled.
    TlsDisabled,
    /// `large_threshold` is outside 50 to 250.
    LargeThreshold(u8),
    /// A shard group's range is empty or goes past the shard count.
    ShardRange {
        /// The first shard number.
        start: u32,
        /// One past the last shard number.
        end: u32,
        /// The shard count.
        total: u32,
    },
}

impl ConfigError {
    pub(crate) const fn new(kind: ConfigErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// What is wrong.
    pub const fn kind(&self) -> &ConfigErrorKind {
        &self.kind
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ConfigErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConfigErrorKind::GatewayUrl(url) => {
                write!(f, "gateway URL `{url}` is not a ws:// or wss:// URL")?;
            }
            ConfigErrorKind::TlsDisabled => f.write_str(
                "the gateway URL is wss:// but TLS is disabled; enable the \
                 `rustls-webpki-roots` feature",
            )?,
            ConfigErrorKind::LargeThreshold(value) => {
                write!(f, "large_threshold {value} is outside 50 to 250")?;
            }
            ConfigErrorKind::ShardRange { start, end, total } => write!(
                f,
                "shards {start}..{end} are not a non-empty range within the shard count {total}"
            )?,
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ConfigError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::CloseCode;

    use super::{ReceiveError, ReceiveErrorKind, SendError, SendErrorKind};

    #[test]
    fn fatal_errors_say_what_to_fix() {
        let error = ReceiveError::new(ReceiveErrorKind::FatalClose(CloseCode::DisallowedIntents));
        assert!(error.is_fatal());
        let message = error.to_string();
        assert!(message.contains("4014"), "{message}");
        assert!(message.contains("enable it in the developer portal"), "{message}");
        assert!(!ReceiveError::new(ReceiveErrorKind::Decompress).is_fatal());
    }

    #[test]
    fn parts_round_trip() {
        let error = ReceiveError::with_source(ReceiveErrorKind::Connection, "reset by peer");
        let (kind, source) = error.into_parts();
        assert_eq!(kind, ReceiveErrorKind::Connection);
        assert_eq!(source.unwrap().to_string(), "reset by peer");
        let error = SendError::new(SendErrorKind::TooLarge { size: 5000 });
        assert!(error.to_string().contains("5000 bytes"));
        assert_eq!(error.into_parts().0, SendErrorKind::TooLarge { size: 5000 });
    }
}
