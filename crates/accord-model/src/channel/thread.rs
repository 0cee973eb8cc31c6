//! Threads: their metadata, their members and the lists of threads REST returns.

use serde::{Deserialize, Serialize};

use super::Channel;
use crate::guild::Member;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, UserMarker};
use crate::message::Message;
use crate::util::Timestamp;

/// State only threads have: archiving, locking, invitations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadMetadata {
    /// Whether the thread is archived.
    pub archived: bool,
    /// After how long without activity the thread archives itself.
    pub auto_archive_duration: AutoArchiveDuration,
    /// When the archived state last changed (or the thread was created, if it never did).
    #[serde(default)]
    pub archive_timestamp: Option<Timestamp>,
    /// Whether only members with MANAGE_THREADS can unarchive the thread.
    pub locked: bool,
    /// Whether members who are not moderators can add others to a private thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitable: Option<bool>,
    /// When the thread was created; only set for threads created after 2022-01-09.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_timestamp: Option<Timestamp>,
}

impl ThreadMetadata {
    /// The metadata of an open thread.
    pub const fn new(auto_archive_duration: AutoArchiveDuration, created: Timestamp) -> Self {
        Self {
            archived: false,
            auto_archive_duration,
            archive_timestamp: Some(created),
            locked: false,
            invitable: None,
            create_timestamp: Some(created),
        }
    }
}

int_enum! {
    /// Minutes without activity after which a thread archives itself.
    pub enum AutoArchiveDuration: u16 {
        /// One hour.
        Hour = 60,
        /// One day.
        Day = 1440,
        /// Three days.
        ThreeDays = 4320,
        /// One week.
        Week = 10080,
    }
}

impl AutoArchiveDuration {
    /// The duration in minutes.
    pub const fn minutes(self) -> u16 {
        self.value()
    }
}

/// A user's membership of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadMember {
    /// The thread; left out in the threads of GUILD_CREATE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<ChannelMarker>>,
    /// The user; left out in the threads of GUILD_CREATE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Id<UserMarker>>,
    /// When the user last joined the thread.
    pub join_timestamp: Timestamp,
    /// The user's settings for the thread, mostly notifications.
    pub flags: ThreadMemberFlags,
    /// The user's guild membership, when asked for with `with_member`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
}

impl ThreadMember {
    /// A thread member without the guild membership.
    pub const fn new(
        id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
        join_timestamp: Timestamp,
    ) -> Self {
        Self {
            id: Some(id),
            user_id: Some(user_id),
            join_timestamp,
            flags: ThreadMemberFlags::empty(),
            member: None,
        }
    }
}

flags! {
    /// A user's settings for one thread (Discord does not document the bits).
    pub struct ThreadMemberFlags: u64 as integer {
        /// The user has interacted with the thread.
        const HAS_INTERACTED = 1 << 0;
        /// The user is notified of every message.
        const ALL_MESSAGES = 1 << 1;
        /// The user is notified only of mentions.
        const ONLY_MENTIONS = 1 << 2;
        /// The user is not notified.
        const NO_MESSAGES = 1 << 3;
    }
}

/// A list of threads with the current user's memberships, as REST returns for active and
/// archived threads.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadList {
    /// The threads.
    pub threads: Vec<Channel>,
    /// The current user's membership of each thread they joined.
    pub members: Vec<ThreadMember>,
    /// Whether more threads can be fetched (archived threads only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more: Option<bool>,
    /// The first message of each thread, when Discord includes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_messages: Option<Vec<Message>>,
}

impl ThreadList {
    /// A list of threads.
    pub const fn new(threads: Vec<Channel>, members: Vec<ThreadMember>) -> Self {
        Self { threads, members, has_more: None, first_messages: None }
    }
}

/// The result of a search among the threads of a forum or media channel
/// (`GET /channels/{id}/threads/search`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadSearch {
    /// The threads found.
    pub threads: Vec<Channel>,
    /// The current user's membership of each thread they joined.
    pub members: Vec<ThreadMember>,
    /// Whether more results can be fetched.
    pub has_more: bool,
    /// How many threads match in total.
    pub total_results: u32,
    /// The first message of each thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_messages: Option<Vec<Message>>,
}

impl ThreadSearch {
    /// A search result.
    pub const fn new(
        threads: Vec<Channel>,
        members: Vec<ThreadMember>,
        has_more: bool,
        total_results: u32,
    ) -> Self {
        Self { threads, members, has_more, total_results, first_messages: None }
    }
}

#[cfg(test)]
mod tests {
    use super::{AutoArchiveDuration, ThreadMember, ThreadMemberFlags};

    #[test]
    fn thread_member_of_guild_create_has_no_ids() {
        let json = r#"{"join_timestamp":"2021-04-12T23:40:39.855793+00:00","flags":3}"#;
        let member: ThreadMember = serde_json::from_str(json).unwrap();
        assert!(member.id.is_none() && member.user_id.is_none());
        assert_eq!(
            member.flags,
            ThreadMemberFlags::HAS_INTERACTED | ThreadMemberFlags::ALL_MESSAGES
        );
        assert_eq!(AutoArchiveDuration::from_value(4320), AutoArchiveDuration::ThreeDays);
        assert_eq!(AutoArchiveDuration::Week.minutes(), 10080);
    }
}
