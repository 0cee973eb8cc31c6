//! Lists of messages REST returns: pins and search results.

use serde::{Deserialize, Serialize};

use super::Message;
use crate::channel::{Channel, ThreadMember};
use crate::util::Timestamp;

/// A page of a channel's pinned messages (`GET /channels/{id}/messages/pins`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PinnedMessages {
    /// The pins, newest first.
    pub items: Vec<PinnedMessage>,
    /// Whether older pins can be fetched.
    pub has_more: bool,
}

/// A pinned message and when it was pinned.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PinnedMessage {
    /// When the message was pinned.
    pub pinned_at: Timestamp,
    /// The message.
    pub message: Message,
}

impl PinnedMessages {
    /// A page of pins.
    pub const fn new(items: Vec<PinnedMessage>, has_more: bool) -> Self {
        Self { items, has_more }
    }
}

impl PinnedMessage {
    /// A pin.
    pub const fn new(pinned_at: Timestamp, message: Message) -> Self {
        Self { pinned_at, message }
    }
}

/// The result of a guild message search (`GET /guilds/{id}/messages/search`).
///
/// Discord marks each found message with `hit: true`; that mark is not kept.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageSearch {
    /// The messages found, each in a list of one.
    pub messages: Vec<Vec<Message>>,
    /// Whether Discord is still indexing older messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doing_deep_historical_index: Option<bool>,
    /// How many messages match in total.
    pub total_results: u32,
    /// The threads the messages are in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<Vec<Channel>>,
    /// The current user's memberships of those threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<ThreadMember>>,
    /// How many messages Discord has indexed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_indexed: Option<u64>,
}

impl MessageSearch {
    /// A search result.
    pub const fn new(messages: Vec<Vec<Message>>, total_results: u32) -> Self {
        Self {
            messages,
            doing_deep_historical_index: None,
            total_results,
            threads: None,
            members: None,
            documents_indexed: None,
        }
    }
}

/// The answer to a message search while the guild is not indexed yet (HTTP 202).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SearchIndexNotReady {
    /// A description of the state.
    pub message: String,
    /// The error code (110000).
    pub code: u32,
    /// How many messages are indexed so far.
    pub documents_indexed: u64,
    /// After how many seconds to try again.
    pub retry_after: u32,
}

impl SearchIndexNotReady {
    /// The answer while `documents_indexed` messages are indexed.
    pub fn new(documents_indexed: u64, retry_after: u32) -> Self {
        Self {
            message: "Index not yet available. Try again later".to_owned(),
            code: 110_000,
            documents_indexed,
            retry_after,
        }
    }
}
