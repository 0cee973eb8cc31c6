//! Audit logs: entries, changes and the objects they mention.

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::application::command::Command;
use crate::auto_moderation::{AutoModerationRule, AutoModerationTriggerType};
use crate::channel::{Channel, PermissionOverwriteType};
use crate::guild::{IntegrationType, PartialIntegration};
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, AuditLogEntryMarker, ChannelMarker, GenericMarker, GuildMarker,
    MessageMarker, UserMarker,
};
use crate::scheduled_event::GuildScheduledEvent;
use crate::user::User;
use crate::webhook::Webhook;

/// A page of a guild's audit log, with the objects its entries mention
/// (`GET /guilds/{id}/audit-logs`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuditLog {
    /// The application commands the entries mention.
    #[serde(default)]
    pub application_commands: Vec<Command>,
    /// The entries, newest first (oldest first when paging with `after`).
    pub audit_log_entries: Vec<AuditLogEntry>,
    /// The auto-moderation rules the entries mention.
    #[serde(default)]
    pub auto_moderation_rules: Vec<AutoModerationRule>,
    /// The scheduled events the entries mention.
    #[serde(default)]
    pub guild_scheduled_events: Vec<GuildScheduledEvent>,
    /// The integrations the entries mention.
    #[serde(default)]
    pub integrations: Vec<PartialIntegration>,
    /// The threads the entries mention, archived ones included.
    #[serde(default)]
    pub threads: Vec<Channel>,
    /// The users the entries mention.
    #[serde(default)]
    pub users: Vec<User>,
    /// The webhooks the entries mention.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

/// One administrative action in a guild's audit log.
///
/// Also the payload of GUILD_AUDIT_LOG_ENTRY_CREATE, which adds `guild_id`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuditLogEntry {
    /// The entity acted on: a user, role, channel, webhook... (for command permission
    /// updates, the command or the application).
    #[serde(default)]
    pub target_id: Option<Id<GenericMarker>>,
    /// What changed on the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<AuditLogChange>>,
    /// The user or application that acted.
    #[serde(default)]
    pub user_id: Option<Id<UserMarker>>,
    /// The entry's id.
    pub id: Id<AuditLogEntryMarker>,
    /// What was done.
    pub action_type: AuditLogEventType,
    /// Extra information for some kinds of action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Box<AuditLogEntryInfo>>,
    /// Why, as given in the `X-Audit-Log-Reason` header (1 to 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The guild (GUILD_AUDIT_LOG_ENTRY_CREATE only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl AuditLogEntry {
    /// An entry for an action, with no target, changes or reason.
    pub const fn new(id: Id<AuditLogEntryMarker>, action_type: AuditLogEventType) -> Self {
        Self {
            target_id: None,
            changes: None,
            user_id: None,
            id,
            action_type,
            options: None,
            reason: None,
            guild_id: None,
        }
    }

    /// The change of a key, if the entry has one.
    pub fn change(&self, key: &str) -> Option<&AuditLogChange> {
        self.changes.as_deref()?.iter().find(|change| change.key == key)
    }
}

/// One changed property of an audit log entry's target.
///
/// The values keep the type of the property they belong to, so they stay raw JSON; an absent
/// `new_value` means the property was reset, an absent `old_value` that it was unset before.
/// Some keys are special: `$add` and `$remove` (roles of a member, as lists of `{id, name}`),
/// `avatar_hash` (webhooks), `channel_id` (invites) and, for command permissions, the id of
/// the role, user or channel whose permission changed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuditLogChange {
    /// The new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_value: Option<serde_json::Value>,
    /// The old value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_value: Option<serde_json::Value>,
    /// The name of the changed property.
    pub key: CompactString,
}

impl AuditLogChange {
    /// The new value parsed as `T`; `None` when absent, an error when it is not a `T`.
    pub fn new_value_as<T: serde::de::DeserializeOwned>(&self) -> Option<serde_json::Result<T>> {
        self.new_value.as_ref().map(T::deserialize)
    }

    /// The old value parsed as `T`; `None` when absent, an error when it is not a `T`.
    pub fn old_value_as<T: serde::de::DeserializeOwned>(&self) -> Option<serde_json::Result<T>> {
        self.old_value.as_ref().map(T::deserialize)
    }
}

/// Extra information of an audit log entry; which fields are set depends on the action.
///
/// Discord sends the counts and the overwrite type as strings; they are parsed into numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuditLogEntryInfo {
    /// The application whose command permissions changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The name of the auto-moderation rule that triggered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_moderation_rule_name: Option<CompactString>,
    /// The trigger type of the auto-moderation rule that triggered.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "stringified")]
    pub auto_moderation_rule_trigger_type: Option<AutoModerationTriggerType>,
    /// The channel the action happened in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// How many entities were affected (messages deleted, members moved or disconnected).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "stringified")]
    pub count: Option<u64>,
    /// The inactivity, in days, of the members a prune kicked.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "stringified")]
    pub delete_member_days: Option<u64>,
    /// The role or member of a permission overwrite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<GenericMarker>>,
    /// How many members a prune removed.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "stringified")]
    pub members_removed: Option<u64>,
    /// The message pinned or unpinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// The role's name, for overwrites of a role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<CompactString>,
    /// Whether a permission overwrite is for a role or a member.
    #[serde(
        default,
        rename = "type",
        skip_serializing_if = "Option::is_none",
        with = "stringified"
    )]
    pub kind: Option<PermissionOverwriteType>,
    /// The kind of integration that kicked a member or changed their roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_type: Option<IntegrationType>,
}

int_enum! {
    /// What an audit log entry records.
    pub enum AuditLogEventType: u16 {
        /// The guild's settings changed.
        GuildUpdate = 1,
        /// A channel was created.
        ChannelCreate = 10,
        /// A channel's settings changed.
        ChannelUpdate = 11,
        /// A channel was deleted.
        ChannelDelete = 12,
        /// A permission overwrite was added to a channel.
        ChannelOverwriteCreate = 13,
        /// A channel's permission overwrite changed.
        ChannelOverwriteUpdate = 14,
        /// A permission overwrite was removed from a channel.
        ChannelOverwriteDelete = 15,
        /// A member was kicked.
        MemberKick = 20,
        /// Members were pruned.
        MemberPrune = 21,
        /// A member was banned.
        MemberBanAdd = 22,
        /// A ban was lifted.
        MemberBanRemove = 23,
        /// A member changed (nickname, mute, timeout...).
        MemberUpdate = 24,
        /// A member gained or lost roles.
        MemberRoleUpdate = 25,
        /// A member was moved to another voice channel.
        MemberMove = 26,
        /// A member was disconnected from voice.
        MemberDisconnect = 27,
        /// A bot joined.
        BotAdd = 28,
        /// A role was created.
        RoleCreate = 30,
        /// A role changed.
        RoleUpdate = 31,
        /// A role was deleted.
        RoleDelete = 32,
        /// An invite was created.
        InviteCreate = 40,
        /// An invite changed.
        InviteUpdate = 41,
        /// An invite was deleted.
        InviteDelete = 42,
        /// A webhook was created.
        WebhookCreate = 50,
        /// A webhook's settings or channel changed.
        WebhookUpdate = 51,
        /// A webhook was deleted.
        WebhookDelete = 52,
        /// An emoji was created.
        EmojiCreate = 60,
        /// An emoji was renamed.
        EmojiUpdate = 61,
        /// An emoji was deleted.
        EmojiDelete = 62,
        /// A message was deleted.
        MessageDelete = 72,
        /// Messages were deleted in bulk.
        MessageBulkDelete = 73,
        /// A message was pinned.
        MessagePin = 74,
        /// A message was unpinned.
        MessageUnpin = 75,
        /// An application was added.
        IntegrationCreate = 80,
        /// An application changed (its scopes, for example).
        IntegrationUpdate = 81,
        /// An application was removed.
        IntegrationDelete = 82,
        /// A stage went live.
        StageInstanceCreate = 83,
        /// A stage changed.
        StageInstanceUpdate = 84,
        /// A stage ended.
        StageInstanceDelete = 85,
        /// A sticker was created.
        StickerCreate = 90,
        /// A sticker changed.
        StickerUpdate = 91,
        /// A sticker was deleted.
        StickerDelete = 92,
        /// A scheduled event was created.
        GuildScheduledEventCreate = 100,
        /// A scheduled event changed.
        GuildScheduledEventUpdate = 101,
        /// A scheduled event was cancelled.
        GuildScheduledEventDelete = 102,
        /// A thread was created.
        ThreadCreate = 110,
        /// A thread changed.
        ThreadUpdate = 111,
        /// A thread was deleted.
        ThreadDelete = 112,
        /// A command's permissions changed.
        ApplicationCommandPermissionUpdate = 121,
        /// A soundboard sound was created.
        SoundboardSoundCreate = 130,
        /// A soundboard sound changed.
        SoundboardSoundUpdate = 131,
        /// A soundboard sound was deleted.
        SoundboardSoundDelete = 132,
        /// An auto-moderation rule was created.
        AutoModerationRuleCreate = 140,
        /// An auto-moderation rule changed.
        AutoModerationRuleUpdate = 141,
        /// An auto-moderation rule was deleted.
        AutoModerationRuleDelete = 142,
        /// Auto-moderation blocked a message.
        AutoModerationBlockMessage = 143,
        /// Auto-moderation flagged a message to a channel.
        AutoModerationFlagToChannel = 144,
        /// Auto-moderation timed a member out.
        AutoModerationUserCommunicationDisabled = 145,
        /// Auto-moderation quarantined a member.
        AutoModerationQuarantineUser = 146,
        /// A creator monetization request was created.
        CreatorMonetizationRequestCreated = 150,
        /// The creator monetization terms were accepted.
        CreatorMonetizationTermsAccepted = 151,
        /// An onboarding question was created.
        OnboardingPromptCreate = 163,
        /// An onboarding question changed.
        OnboardingPromptUpdate = 164,
        /// An onboarding question was deleted.
        OnboardingPromptDelete = 165,
        /// Onboarding was set up.
        OnboardingCreate = 166,
        /// Onboarding changed.
        OnboardingUpdate = 167,
        /// The Server Guide was set up.
        HomeSettingsCreate = 190,
        /// The Server Guide changed.
        HomeSettingsUpdate = 191,
        /// An occurrence of a recurring event was moved or cancelled.
        GuildScheduledEventExceptionCreate = 200,
        /// A moved or cancelled occurrence changed.
        GuildScheduledEventExceptionUpdate = 201,
        /// A moved or cancelled occurrence was restored.
        GuildScheduledEventExceptionDelete = 202,
    }
}

/// Numbers that Discord writes as decimal strings in audit log options; parsed from a string
/// or a number, written as a string.
mod stringified {
    use super::{AutoModerationTriggerType, PermissionOverwriteType, fmt};

    use serde::de::{self, Deserializer, Visitor};
    use serde::ser::Serializer;

    /// A value carried as a decimal integer.
    pub(super) trait Stringified: Copy {
        fn from_u64(value: u64) -> Option<Self>;
        fn to_u64(self) -> u64;
    }

    impl Stringified for u64 {
        fn from_u64(value: u64) -> Option<Self> {
            Some(value)
        }

        fn to_u64(self) -> u64 {
            self
        }
    }

    impl Stringified for AutoModerationTriggerType {
        fn from_u64(value: u64) -> Option<Self> {
            u8::try_from(value).ok().map(Self::from_value)
        }

        fn to_u64(self) -> u64 {
            self.value().into()
        }
    }

    impl Stringified for PermissionOverwriteType {
        fn from_u64(value: u64) -> Option<Self> {
            u8::try_from(value).ok().map(Self::from_value)
        }

        fn to_u64(self) -> u64 {
            self.value().into()
        }
    }

    #[allow(clippy::ref_option, reason = "serde passes fields by reference")]
    pub(super) fn serialize<T: Stringified, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_str(itoa::Buffer::new().format(value.to_u64())),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, T: Stringified, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        struct StringifiedVisitor<T>(std::marker::PhantomData<T>);

        impl<T: Stringified> Visitor<'_> for StringifiedVisitor<T> {
            type Value = Option<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative integer, as a decimal string or a number")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<T>, E> {
                T::from_u64(value)
                    .map(Some)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<T>, E> {
                let value = u64::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))?;
                self.visit_u64(value)
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<T>, E> {
                let number: u64 = value
                    .parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))?;
                self.visit_u64(number)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
        }

        deserializer.deserialize_any(StringifiedVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::{AuditLogEntry, AuditLogEntryInfo, AuditLogEventType};
    use crate::channel::PermissionOverwriteType;
    use crate::id::Id;

    #[test]
    fn options_parse_stringified_numbers_and_write_them_back() {
        let json = r#"{"count":"5","id":"7","type":"1","delete_member_days":"30"}"#;
        let info: AuditLogEntryInfo = serde_json::from_str(json).unwrap();
        assert_eq!(info.count, Some(5));
        assert_eq!(info.kind, Some(PermissionOverwriteType::Member));
        assert_eq!(info.delete_member_days, Some(30));
        assert_eq!(info.id, Some(Id::new(7)));
        let written = serde_json::to_value(&info).unwrap();
        assert_eq!(written, serde_json::from_str::<serde_json::Value>(json).unwrap());
        assert!(serde_json::from_str::<AuditLogEntryInfo>(r#"{"count":"x"}"#).is_err());
        let null: AuditLogEntryInfo = serde_json::from_str(r#"{"count":null}"#).unwrap();
        assert_eq!(null.count, None);
    }

    #[test]
    fn entry_finds_changes_by_key_and_reads_values() {
        let json = r#"{"id":"1","action_type":24,"target_id":"2","user_id":"3",
            "changes":[{"key":"nick","old_value":"a","new_value":"b"},{"key":"mute","new_value":true}]}"#;
        let entry: AuditLogEntry = serde_json::from_str(json).unwrap();
        assert_eq!(entry.action_type, AuditLogEventType::MemberUpdate);
        let nick = entry.change("nick").unwrap();
        assert_eq!(nick.new_value_as::<String>().unwrap().unwrap(), "b");
        assert!(entry.change("mute").unwrap().new_value_as::<String>().unwrap().is_err());
        assert!(entry.change("deaf").is_none());
    }
}
