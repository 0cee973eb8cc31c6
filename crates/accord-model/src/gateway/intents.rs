//! Gateway intents: which groups of events a connection subscribes to.

flags! {
    /// The groups of events a connection asks for in IDENTIFY; serialized as an integer.
    ///
    /// Unknown bits are kept (so they round-trip), but Discord closes the connection with 4013
    /// when IDENTIFY carries a bit it does not know.
    pub struct Intents: u64 as integer {
        /// Guilds, roles, channels, threads, stage instances and voice channel status.
        const GUILDS = 1 << 0;
        /// Member joins, updates and leaves (privileged).
        const GUILD_MEMBERS = 1 << 1;
        /// Bans and audit log entries.
        const GUILD_MODERATION = 1 << 2;
        /// Emojis, stickers and soundboard sounds.
        const GUILD_EXPRESSIONS = 1 << 3;
        /// Integrations.
        const GUILD_INTEGRATIONS = 1 << 4;
        /// Webhooks.
        const GUILD_WEBHOOKS = 1 << 5;
        /// Invites.
        const GUILD_INVITES = 1 << 6;
        /// Voice states and voice channel effects.
        const GUILD_VOICE_STATES = 1 << 7;
        /// Presences (privileged).
        const GUILD_PRESENCES = 1 << 8;
        /// Messages in guilds.
        const GUILD_MESSAGES = 1 << 9;
        /// Reactions in guilds.
        const GUILD_MESSAGE_REACTIONS = 1 << 10;
        /// Typing in guilds.
        const GUILD_MESSAGE_TYPING = 1 << 11;
        /// Messages in DMs.
        const DIRECT_MESSAGES = 1 << 12;
        /// Reactions in DMs.
        const DIRECT_MESSAGE_REACTIONS = 1 << 13;
        /// Typing in DMs.
        const DIRECT_MESSAGE_TYPING = 1 << 14;
        /// The content, embeds, attachments, components and polls of messages (privileged).
        const MESSAGE_CONTENT = 1 << 15;
        /// Scheduled events and their subscribers.
        const GUILD_SCHEDULED_EVENTS = 1 << 16;
        /// Auto-moderation rule changes.
        const AUTO_MODERATION_CONFIGURATION = 1 << 20;
        /// Auto-moderation actions taken.
        const AUTO_MODERATION_EXECUTION = 1 << 21;
        /// Poll votes in guilds.
        const GUILD_MESSAGE_POLLS = 1 << 24;
        /// Poll votes in DMs.
        const DIRECT_MESSAGE_POLLS = 1 << 25;
    }
}

impl Intents {
    /// The intents an application must enable in the Developer Portal (and, once verified,
    /// be approved for).
    pub const PRIVILEGED: Self =
        Self::GUILD_MEMBERS.union(Self::GUILD_PRESENCES).union(Self::MESSAGE_CONTENT);

    /// Every intent that is not privileged.
    pub const NON_PRIVILEGED: Self = Self::all().difference(Self::PRIVILEGED);

    /// The privileged intents in this set.
    #[must_use]
    pub const fn privileged(self) -> Self {
        self.intersection(Self::PRIVILEGED)
    }

    /// The bits Discord does not define, which it rejects with close code 4013.
    #[must_use]
    pub const fn undefined(self) -> Self {
        Self::from_bits_retain(self.bits() & !Self::all().bits())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Intents;

    #[test]
    fn sums_match_the_documented_values() {
        assert_eq!(Intents::all().bits(), 53_608_447);
        assert_eq!(Intents::NON_PRIVILEGED.bits(), 53_575_421);
        assert_eq!(Intents::all().iter().count(), 21);
    }

    #[test]
    fn undefined_bits_are_reported() {
        let intents = Intents::from_bits_retain(Intents::GUILDS.bits() | 1 << 17);
        assert_eq!(intents.undefined().bits(), 1 << 17);
        assert!(Intents::all().undefined().is_empty());
    }

    proptest! {
        #[test]
        fn every_bit_pattern_round_trips(bits: u64) {
            let intents = Intents::from_bits_retain(bits);
            let json = serde_json::to_string(&intents).unwrap();
            prop_assert_eq!(json.clone(), bits.to_string());
            prop_assert_eq!(serde_json::from_str::<Intents>(&json).unwrap().bits(), bits);
        }
    }
}
