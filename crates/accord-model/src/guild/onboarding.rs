//! Onboarding: the questions a guild asks new members, and what each answer grants.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::emoji::PartialEmoji;
use crate::id::Id;
use crate::id::marker::{
    ChannelMarker, EmojiMarker, GuildMarker, OnboardingPromptMarker, OnboardingPromptOptionMarker,
    RoleMarker,
};

/// A guild's onboarding flow (`GET /guilds/{id}/onboarding`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Onboarding {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The questions, shown in onboarding and in Channels & Roles.
    pub prompts: Vec<OnboardingPrompt>,
    /// The channels every member is opted into.
    pub default_channel_ids: Vec<Id<ChannelMarker>>,
    /// Whether onboarding is on.
    pub enabled: bool,
    /// What counts towards the requirements for turning onboarding on; always sent by
    /// Discord, though the docs' example leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<OnboardingMode>,
}

/// A question of the onboarding flow.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct OnboardingPrompt {
    /// The prompt's id.
    pub id: Id<OnboardingPromptMarker>,
    /// How the options are shown.
    #[serde(rename = "type")]
    pub kind: OnboardingPromptType,
    /// The answers.
    pub options: Vec<OnboardingPromptOption>,
    /// The question.
    pub title: CompactString,
    /// Whether only one answer may be picked.
    pub single_select: bool,
    /// Whether an answer is needed to finish onboarding.
    pub required: bool,
    /// Whether the prompt is in onboarding, or only in Channels & Roles.
    pub in_onboarding: bool,
}

/// An answer to an onboarding question.
///
/// Discord sends the emoji as `emoji`; requests set it with `emoji_id`, `emoji_name` and
/// `emoji_animated` instead.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct OnboardingPromptOption {
    /// The option's id.
    pub id: Id<OnboardingPromptOptionMarker>,
    /// The channels a member who picks it is added to.
    pub channel_ids: Vec<Id<ChannelMarker>>,
    /// The roles a member who picks it receives.
    pub role_ids: Vec<Id<RoleMarker>>,
    /// The emoji, as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
    /// The custom emoji's id, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The emoji's name or Unicode character, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<CompactString>,
    /// Whether the emoji is animated, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji_animated: Option<bool>,
    /// The answer's text.
    pub title: CompactString,
    /// A longer explanation.
    #[serde(default)]
    pub description: Option<String>,
}

int_enum! {
    /// What counts towards the requirements for turning onboarding on.
    pub enum OnboardingMode: u8 {
        /// Only the default channels.
        Default = 0,
        /// The default channels and the questions.
        Advanced = 1,
    }
}

int_enum! {
    /// How the options of an onboarding question are shown.
    pub enum OnboardingPromptType: u8 {
        /// As buttons.
        MultipleChoice = 0,
        /// In a dropdown.
        Dropdown = 1,
    }
}
