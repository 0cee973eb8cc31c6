//! Auto moderation rules of a guild.

use accord_model::auto_moderation::{
    AutoModerationAction, AutoModerationEventType, AutoModerationRule,
    AutoModerationTriggerMetadata, AutoModerationTriggerType,
};
use accord_model::id::Id;
use accord_model::id::marker::{AutoModerationRuleMarker, ChannelMarker, GuildMarker, RoleMarker};

use crate::response::EmptyBody;
use crate::validate::{chars, count};

requests! {
    /// Lists the auto moderation rules of a guild.
    list_auto_moderation_rules => ListAutoModerationRules:
        GET "/guilds/{guild_id}/auto-moderation/rules" -> Vec<AutoModerationRule> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates an auto moderation rule.
    create_auto_moderation_rule => CreateAutoModerationRule:
        POST "/guilds/{guild_id}/auto-moderation/rules" -> AutoModerationRule {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args:
            name: &'a str [chars(1, 100)],
            event_type: AutoModerationEventType,
            trigger_type: AutoModerationTriggerType;
        fields:
            /// Required for the keyword preset and member profile triggers.
            trigger_metadata: &'a AutoModerationTriggerMetadata,
            /// 1 to 5 actions.
            actions: &'a [AutoModerationAction] [count(1, 5)],
            enabled: bool,
            /// At most 20 roles.
            exempt_roles: &'a [Id<RoleMarker>] [count(0, 20)],
            /// At most 50 channels.
            exempt_channels: &'a [Id<ChannelMarker>] [count(0, 50)];
    }

    /// Returns an auto moderation rule.
    get_auto_moderation_rule => GetAutoModerationRule:
        GET "/guilds/{guild_id}/auto-moderation/rules/{rule_id}" -> AutoModerationRule {
        path: guild_id: Id<GuildMarker>, rule_id: Id<AutoModerationRuleMarker>;
    }

    /// Deletes an auto moderation rule.
    delete_auto_moderation_rule => DeleteAutoModerationRule:
        DELETE "/guilds/{guild_id}/auto-moderation/rules/{rule_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, rule_id: Id<AutoModerationRuleMarker>;
    }

    /// Changes an auto moderation rule.
    update_auto_moderation_rule => UpdateAutoModerationRule:
        PATCH "/guilds/{guild_id}/auto-moderation/rules/{rule_id}" -> AutoModerationRule {
        #[reason]
        path: guild_id: Id<GuildMarker>, rule_id: Id<AutoModerationRuleMarker>;
        fields:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)],
            event_type: AutoModerationEventType,
            trigger_metadata: &'a AutoModerationTriggerMetadata,
            /// 1 to 5 actions.
            actions: &'a [AutoModerationAction] [count(1, 5)],
            enabled: bool,
            /// At most 20 roles.
            exempt_roles: &'a [Id<RoleMarker>] [count(0, 20)],
            /// At most 50 channels.
            exempt_channels: &'a [Id<ChannelMarker>] [count(0, 50)];
    }
}
