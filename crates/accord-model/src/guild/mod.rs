//! Guilds and what belongs to them: members, roles, bans, integrations, onboarding, widgets.

mod feature;
mod integration;
mod levels;
mod member;
mod moderation;
mod object;
mod onboarding;
mod role;
mod template;
mod welcome_screen;
mod widget;

pub use feature::GuildFeature;
pub use integration::{
    Integration, IntegrationAccount, IntegrationApplication, IntegrationExpireBehavior,
    IntegrationGuild, IntegrationType, PartialIntegration,
};
pub use levels::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, MfaLevel, NsfwLevel, PremiumTier,
    SystemChannelFlags, VerificationLevel,
};
pub use member::{Member, MemberFlags, PartialMember};
pub use moderation::{Ban, BulkBan, IncidentsData, PruneCount};
pub use object::{Guild, GuildPreview, PartialGuild, UnavailableGuild, VanityUrl};
pub use onboarding::{
    Onboarding, OnboardingMode, OnboardingPrompt, OnboardingPromptOption, OnboardingPromptType,
};
pub use role::{Role, RoleColors, RoleFlags, RoleMemberCounts, RoleTags};
pub use template::{
    GuildTemplate, TemplateChannel, TemplateGuild, TemplateId, TemplatePermissionOverwrite,
    TemplateRole, TemplateTag,
};
pub use welcome_screen::{WelcomeScreen, WelcomeScreenChannel};
pub use widget::{GuildWidget, GuildWidgetSettings, WidgetActivity, WidgetChannel, WidgetMember};
