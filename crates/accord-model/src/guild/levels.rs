//! The settings levels of a guild: verification, notifications, content filter, MFA, NSFW and
//! boost tier, and the system channel's flags.

int_enum! {
    /// What a user must have done before they can talk in a guild.
    pub enum VerificationLevel: u8 {
        /// Nothing.
        None = 0,
        /// A verified email address.
        Low = 1,
        /// An account older than five minutes.
        Medium = 2,
        /// Membership older than ten minutes.
        High = 3,
        /// A verified phone number.
        VeryHigh = 4,
    }
}

int_enum! {
    /// Which messages notify members by default.
    pub enum DefaultMessageNotificationLevel: u8 {
        /// Every message.
        AllMessages = 0,
        /// Only messages that mention the member.
        OnlyMentions = 1,
    }
}

int_enum! {
    /// Whose media Discord scans for explicit content.
    pub enum ExplicitContentFilter: u8 {
        /// Nobody's.
        Disabled = 0,
        /// That of members without roles.
        MembersWithoutRoles = 1,
        /// Everyone's.
        AllMembers = 2,
    }
}

int_enum! {
    /// Whether moderators need two-factor authentication for moderation actions.
    pub enum MfaLevel: u8 {
        /// No requirement.
        None = 0,
        /// Moderation actions need 2FA.
        Elevated = 1,
    }
}

int_enum! {
    /// A guild's age-restriction level.
    pub enum NsfwLevel: u8 {
        /// Not set.
        Default = 0,
        /// Explicit.
        Explicit = 1,
        /// Safe.
        Safe = 2,
        /// Age-restricted.
        AgeRestricted = 3,
    }
}

int_enum! {
    /// The Server Boost level a guild reached.
    pub enum PremiumTier: u8 {
        /// No boost perks.
        None = 0,
        /// Level 1 perks.
        Tier1 = 1,
        /// Level 2 perks.
        Tier2 = 2,
        /// Level 3 perks.
        Tier3 = 3,
    }
}

flags! {
    /// Which notices the system channel does not show.
    pub struct SystemChannelFlags: u64 as integer {
        /// No member join messages.
        const SUPPRESS_JOIN_NOTIFICATIONS = 1 << 0;
        /// No Server Boost messages.
        const SUPPRESS_PREMIUM_SUBSCRIPTIONS = 1 << 1;
        /// No server setup tips.
        const SUPPRESS_GUILD_REMINDER_NOTIFICATIONS = 1 << 2;
        /// No sticker reply button on join messages.
        const SUPPRESS_JOIN_NOTIFICATION_REPLIES = 1 << 3;
        /// No role subscription purchase and renewal messages.
        const SUPPRESS_ROLE_SUBSCRIPTION_PURCHASE_NOTIFICATIONS = 1 << 4;
        /// No sticker reply button on role subscription messages.
        const SUPPRESS_ROLE_SUBSCRIPTION_PURCHASE_NOTIFICATION_REPLIES = 1 << 5;
    }
}
