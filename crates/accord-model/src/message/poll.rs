//! Polls: the poll of a message, the body to create one, and the voters of an answer.

use serde::{Deserialize, Serialize};

use crate::emoji::PartialEmoji;
use crate::user::User;
use crate::util::Timestamp;

/// A poll in a message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Poll {
    /// The question; only text is supported.
    pub question: PollMedia,
    /// The answers, in order.
    pub answers: Vec<PollAnswer>,
    /// When the poll ends; `None` for polls that do not end (a future feature).
    #[serde(default)]
    pub expiry: Option<Timestamp>,
    /// Whether users can pick several answers.
    pub allow_multiselect: bool,
    /// How the poll is drawn.
    pub layout_type: PollLayoutType,
    /// The vote counts; left out while Discord has not counted them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<PollResults>,
}

impl Poll {
    /// A poll as Discord stores it, with its results not yet counted.
    pub const fn new(
        question: PollMedia,
        answers: Vec<PollAnswer>,
        expiry: Option<Timestamp>,
        allow_multiselect: bool,
    ) -> Self {
        Self {
            question,
            answers,
            expiry,
            allow_multiselect,
            layout_type: PollLayoutType::Default,
            results: None,
        }
    }
}

/// The text and emoji of a question or an answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollMedia {
    /// The text (up to 300 characters for the question, 55 for an answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The emoji of an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
}

impl PollMedia {
    /// Text alone.
    pub fn text(text: impl Into<String>) -> Self {
        Self { text: Some(text.into()), emoji: None }
    }
}

/// An answer of a poll.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollAnswer {
    /// The answer's number; Discord numbers answers from 1 but may skip numbers.
    pub answer_id: u32,
    /// The answer's text and emoji.
    pub poll_media: PollMedia,
}

impl PollAnswer {
    /// An answer.
    pub const fn new(answer_id: u32, poll_media: PollMedia) -> Self {
        Self { answer_id, poll_media }
    }
}

/// The vote counts of a poll.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollResults {
    /// Whether the votes are final.
    pub is_finalized: bool,
    /// The count of each answer; answers without votes may be left out.
    pub answer_counts: Vec<PollAnswerCount>,
}

impl PollResults {
    /// Vote counts.
    pub const fn new(is_finalized: bool, answer_counts: Vec<PollAnswerCount>) -> Self {
        Self { is_finalized, answer_counts }
    }
}

/// The votes for one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollAnswerCount {
    /// The answer's `answer_id`.
    pub id: u32,
    /// The number of votes.
    pub count: u32,
    /// Whether the current user voted for it.
    pub me_voted: bool,
}

impl PollAnswerCount {
    /// The votes for an answer.
    pub const fn new(id: u32, count: u32, me_voted: bool) -> Self {
        Self { id, count, me_voted }
    }
}

int_enum! {
    /// How a poll is drawn.
    pub enum PollLayoutType: u8 {
        /// The usual layout.
        Default = 1,
    }
}

/// The poll of a request that sends a message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollCreate {
    /// The question.
    pub question: PollMedia,
    /// The answers (up to 10).
    pub answers: Vec<PollCreateAnswer>,
    /// How many hours the poll lasts (up to 768; 24 by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    /// Whether users can pick several answers (`false` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_multiselect: Option<bool>,
    /// How the poll is drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout_type: Option<PollLayoutType>,
}

impl PollCreate {
    /// A poll of a question and text answers.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(
        question: impl Into<String>,
        answers: I,
    ) -> Self {
        Self {
            question: PollMedia::text(question),
            answers: answers
                .into_iter()
                .map(|text| PollCreateAnswer { poll_media: PollMedia::text(text) })
                .collect(),
            duration: None,
            allow_multiselect: None,
            layout_type: None,
        }
    }
}

/// An answer of a poll to create.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollCreateAnswer {
    /// The answer's text and emoji.
    pub poll_media: PollMedia,
}

impl PollCreateAnswer {
    /// An answer.
    pub const fn new(poll_media: PollMedia) -> Self {
        Self { poll_media }
    }
}

/// The users who voted for an answer (`GET /channels/{id}/polls/{id}/answers/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollAnswerVoters {
    /// The users.
    pub users: Vec<User>,
}

impl PollAnswerVoters {
    /// A list of voters.
    pub const fn new(users: Vec<User>) -> Self {
        Self { users }
    }
}

#[cfg(test)]
mod tests {
    use super::PollCreate;

    #[test]
    fn create_body_has_answers_without_ids() {
        let poll = PollCreate::new("Tea?", ["Yes", "No"]);
        assert_eq!(
            serde_json::to_string(&poll).unwrap(),
            r#"{"question":{"text":"Tea?"},"answers":[{"poll_media":{"text":"Yes"}},{"poll_media":{"text":"No"}}]}"#
        );
    }
}
