//! Auto-moderation rules, triggers and actions.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{
    AutoModerationRuleMarker, ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker,
};

/// A rule Discord checks messages or member profiles against, and what it does on a match.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutoModerationRule {
    /// The rule's id.
    pub id: Id<AutoModerationRuleMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// Who created the rule.
    pub creator_id: Id<UserMarker>,
    /// When the rule is checked.
    pub event_type: AutoModerationEventType,
    /// What content triggers the rule.
    pub trigger_type: AutoModerationTriggerType,
    /// The settings of the trigger.
    #[serde(default)]
    pub trigger_metadata: AutoModerationTriggerMetadata,
    /// What happens when the rule triggers.
    pub actions: Vec<AutoModerationAction>,
    /// Whether the rule is on.
    pub enabled: bool,
    /// Roles the rule ignores, up to 20.
    #[serde(default)]
    pub exempt_roles: Vec<Id<RoleMarker>>,
    /// Channels the rule ignores, up to 50.
    #[serde(default)]
    pub exempt_channels: Vec<Id<ChannelMarker>>,
}

impl AutoModerationRule {
    /// An enabled rule without actions, exemptions or trigger settings.
    pub fn new(
        id: Id<AutoModerationRuleMarker>,
        guild_id: Id<GuildMarker>,
        name: impl Into<CompactString>,
        creator_id: Id<UserMarker>,
        event_type: AutoModerationEventType,
        trigger_type: AutoModerationTriggerType,
    ) -> Self {
        Self {
            id,
            guild_id,
            name: name.into(),
            creator_id,
            event_type,
            trigger_type,
            trigger_metadata: AutoModerationTriggerMetadata::default(),
            actions: Vec::new(),
            enabled: true,
            exempt_roles: Vec::new(),
            exempt_channels: Vec::new(),
        }
    }
}

int_enum! {
    /// When an auto-moderation rule is checked.
    pub enum AutoModerationEventType: u8 {
        /// When a member sends or edits a message.
        MessageSend = 1,
        /// When a member edits their profile.
        MemberUpdate = 2,
    }
}

int_enum! {
    /// What content triggers an auto-moderation rule.
    pub enum AutoModerationTriggerType: u8 {
        /// Words from the rule's own list (up to 6 rules per guild).
        Keyword = 1,
        /// Generic spam (1 rule).
        Spam = 3,
        /// Words from Discord's lists (1 rule).
        KeywordPreset = 4,
        /// More unique mentions than allowed (1 rule).
        MentionSpam = 5,
        /// Words from the rule's list in a member's profile (1 rule).
        MemberProfile = 6,
    }
}

/// The settings of a rule's trigger; which fields apply depends on the trigger type.
///
/// Keywords may start or end with `*` to match prefixes, suffixes or substrings; otherwise
/// they match whole words, ignoring case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutoModerationTriggerMetadata {
    /// Words or phrases to look for, up to 1000 of 60 characters (keyword, member profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword_filter: Option<Vec<CompactString>>,
    /// Rust-flavoured regular expressions, up to 10 of 260 characters (keyword, member
    /// profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_patterns: Option<Vec<String>>,
    /// Discord's word lists to use (keyword preset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presets: Option<Vec<AutoModerationKeywordPreset>>,
    /// Words or phrases that never trigger the rule (keyword, keyword preset, member profile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_list: Option<Vec<CompactString>>,
    /// How many unique user and role mentions a message may have, up to 50 (mention spam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_total_limit: Option<u8>,
    /// Whether mention raids are detected (mention spam).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_raid_protection_enabled: Option<bool>,
}

int_enum! {
    /// One of Discord's word lists.
    pub enum AutoModerationKeywordPreset: u8 {
        /// Swearing and cursing.
        Profanity = 1,
        /// Sexually explicit words.
        SexualContent = 2,
        /// Insults and hate speech.
        Slurs = 3,
    }
}

/// What an auto-moderation rule does when it triggers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutoModerationAction {
    /// The kind of action.
    #[serde(rename = "type")]
    pub kind: AutoModerationActionType,
    /// The action's settings; which fields apply depends on the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<AutoModerationActionMetadata>,
}

impl AutoModerationAction {
    /// Blocks the message, optionally telling the member why.
    pub fn block_message(custom_message: Option<CompactString>) -> Self {
        Self {
            kind: AutoModerationActionType::BlockMessage,
            metadata: custom_message.map(|message| AutoModerationActionMetadata {
                custom_message: Some(message),
                ..AutoModerationActionMetadata::default()
            }),
        }
    }

    /// Posts the flagged content to a channel.
    pub fn send_alert_message(channel_id: Id<ChannelMarker>) -> Self {
        Self {
            kind: AutoModerationActionType::SendAlertMessage,
            metadata: Some(AutoModerationActionMetadata {
                channel_id: Some(channel_id),
                ..AutoModerationActionMetadata::default()
            }),
        }
    }

    /// Times the member out for a number of seconds (up to four weeks).
    pub fn timeout(duration_seconds: u32) -> Self {
        Self {
            kind: AutoModerationActionType::Timeout,
            metadata: Some(AutoModerationActionMetadata {
                duration_seconds: Some(duration_seconds),
                ..AutoModerationActionMetadata::default()
            }),
        }
    }
}

int_enum! {
    /// The kind of an auto-moderation action.
    pub enum AutoModerationActionType: u8 {
        /// Blocks the message, with an optional explanation shown to the member.
        BlockMessage = 1,
        /// Posts the content to a channel.
        SendAlertMessage = 2,
        /// Times the member out (keyword and mention spam rules; needs MODERATE_MEMBERS).
        Timeout = 3,
        /// Stops the member from using text, voice and other interactions.
        BlockMemberInteraction = 4,
    }
}

/// The settings of an auto-moderation action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutoModerationActionMetadata {
    /// Where the content is posted (send alert message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// How long the timeout lasts, up to 2,419,200 seconds (timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// The explanation shown to the member, up to 150 characters (block message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<CompactString>,
}

/// A rule triggered and one of its actions ran (AUTO_MODERATION_ACTION_EXECUTION).
///
/// `content` and `matched_content` are empty without the MESSAGE_CONTENT intent.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AutoModerationActionExecution {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The action that ran.
    pub action: AutoModerationAction,
    /// The rule the action belongs to.
    pub rule_id: Id<AutoModerationRuleMarker>,
    /// What kind of trigger the rule has.
    pub rule_trigger_type: AutoModerationTriggerType,
    /// The user whose content triggered the rule.
    pub user_id: Id<UserMarker>,
    /// The channel the content was posted in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The message the content belongs to; `None` when it was blocked or was no message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// The alert message a send alert message action posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_system_message_id: Option<Id<MessageMarker>>,
    /// The content that triggered the rule.
    #[serde(default)]
    pub content: String,
    /// The keyword or phrase of the rule that matched.
    #[serde(default)]
    pub matched_keyword: Option<String>,
    /// The part of the content that matched.
    #[serde(default)]
    pub matched_content: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{AutoModerationAction, AutoModerationActionType};
    use crate::id::Id;

    #[test]
    fn action_constructors_fill_the_matching_metadata() {
        let json = serde_json::to_string(&AutoModerationAction::timeout(60)).unwrap();
        assert_eq!(json, r#"{"type":3,"metadata":{"duration_seconds":60}}"#);
        let alert = AutoModerationAction::send_alert_message(Id::new(9));
        assert_eq!(alert.kind, AutoModerationActionType::SendAlertMessage);
        assert_eq!(alert.metadata.unwrap().channel_id, Some(Id::new(9)));
        assert_eq!(AutoModerationAction::block_message(None).metadata, None);
    }
}
