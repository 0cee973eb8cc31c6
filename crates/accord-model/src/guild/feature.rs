//! Guild features: what a guild has unlocked or turned on.

str_enum! {
    /// Something a guild has unlocked or turned on, listed in its `features`.
    pub enum GuildFeature {
        /// May set an animated banner.
        AnimatedBanner = "ANIMATED_BANNER",
        /// May set an animated icon.
        AnimatedIcon = "ANIMATED_ICON",
        /// Uses the old behaviour of application command permissions.
        ApplicationCommandPermissionsV2 = "APPLICATION_COMMAND_PERMISSIONS_V2",
        /// Has auto-moderation rules.
        AutoModeration = "AUTO_MODERATION",
        /// May set a banner.
        Banner = "BANNER",
        /// A Community guild: welcome screen, membership screening, stages, discovery.
        Community = "COMMUNITY",
        /// Monetization is on.
        CreatorMonetizableProvisional = "CREATOR_MONETIZABLE_PROVISIONAL",
        /// The role subscription promotion page is on.
        CreatorStorePage = "CREATOR_STORE_PAGE",
        /// A support server in the App Directory.
        DeveloperSupportServer = "DEVELOPER_SUPPORT_SERVER",
        /// Listed in the directory.
        Discoverable = "DISCOVERABLE",
        /// May be featured in the directory.
        Featurable = "FEATURABLE",
        /// May set gradient role colors.
        EnhancedRoleColors = "ENHANCED_ROLE_COLORS",
        /// May create guest invites.
        GuestsEnabled = "GUESTS_ENABLED",
        /// May set a guild tag.
        GuildTags = "GUILD_TAGS",
        /// Invites are paused: nobody new can join.
        InvitesDisabled = "INVITES_DISABLED",
        /// May set an invite splash background.
        InviteSplash = "INVITE_SPLASH",
        /// Membership screening is on.
        MemberVerificationGateEnabled = "MEMBER_VERIFICATION_GATE_ENABLED",
        /// Has extra soundboard slots.
        MoreSoundboard = "MORE_SOUNDBOARD",
        /// Has extra sticker slots.
        MoreStickers = "MORE_STICKERS",
        /// May create announcement channels.
        News = "NEWS",
        /// An official guild of one or more games.
        OfficialGameGuild = "OFFICIAL_GAME_GUILD",
        /// Partnered.
        Partnered = "PARTNERED",
        /// May be previewed before joining.
        PreviewEnabled = "PREVIEW_ENABLED",
        /// Only administrators and the owner may prune members.
        PruneRequiresAdmin = "PRUNE_REQUIRES_ADMIN",
        /// Join raid alerts are off.
        RaidAlertsDisabled = "RAID_ALERTS_DISABLED",
        /// May set role icons.
        RoleIcons = "ROLE_ICONS",
        /// Has role subscriptions for sale.
        RoleSubscriptionsAvailableForPurchase = "ROLE_SUBSCRIPTIONS_AVAILABLE_FOR_PURCHASE",
        /// Role subscriptions are on.
        RoleSubscriptionsEnabled = "ROLE_SUBSCRIPTIONS_ENABLED",
        /// Has soundboard sounds.
        Soundboard = "SOUNDBOARD",
        /// Ticketed events are on.
        TicketedEventsEnabled = "TICKETED_EVENTS_ENABLED",
        /// May set a vanity URL.
        VanityUrl = "VANITY_URL",
        /// Verified.
        Verified = "VERIFIED",
        /// May use a 384 kbps voice bitrate.
        VipRegions = "VIP_REGIONS",
        /// The welcome screen is on.
        WelcomeScreenEnabled = "WELCOME_SCREEN_ENABLED",
    }
}
