//! The 52 permission flags, as a bit set that keeps bits it does not know, and Discord's
//! algorithm that computes them for a member ([`PermissionCalculator`]).

mod calculator;

pub use calculator::PermissionCalculator;

flags! {
    /// What a member may do in a guild or channel; serialized as a decimal string.
    ///
    /// Unknown bits are kept, so permissions Discord adds later survive a round trip.
    ///
    /// ```
    /// use accord_model::permissions::Permissions;
    ///
    /// let p: Permissions = serde_json::from_str("\"3136\"")?;
    /// assert_eq!(p, Permissions::SEND_MESSAGES | Permissions::ADD_REACTIONS | Permissions::VIEW_CHANNEL);
    /// assert_eq!(serde_json::to_string(&p)?, "\"3136\"");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub struct Permissions: u64 as string {
        /// Create invites.
        const CREATE_INSTANT_INVITE = 1 << 0;
        /// Kick members (needs 2FA where the guild requires it).
        const KICK_MEMBERS = 1 << 1;
        /// Ban members (needs 2FA where the guild requires it).
        const BAN_MEMBERS = 1 << 2;
        /// Every permission, bypassing channel overwrites.
        const ADMINISTRATOR = 1 << 3;
        /// Create, edit and delete channels.
        const MANAGE_CHANNELS = 1 << 4;
        /// Edit the guild's settings.
        const MANAGE_GUILD = 1 << 5;
        /// Add new reactions to messages.
        const ADD_REACTIONS = 1 << 6;
        /// Read the audit log.
        const VIEW_AUDIT_LOG = 1 << 7;
        /// Use priority speaker in voice channels.
        const PRIORITY_SPEAKER = 1 << 8;
        /// Go live.
        const STREAM = 1 << 9;
        /// See a channel (read messages, join voice).
        const VIEW_CHANNEL = 1 << 10;
        /// Send messages, and create forum posts.
        const SEND_MESSAGES = 1 << 11;
        /// Send text-to-speech messages.
        const SEND_TTS_MESSAGES = 1 << 12;
        /// Delete and pin other members' messages.
        const MANAGE_MESSAGES = 1 << 13;
        /// Links are embedded.
        const EMBED_LINKS = 1 << 14;
        /// Upload files.
        const ATTACH_FILES = 1 << 15;
        /// Read past messages.
        const READ_MESSAGE_HISTORY = 1 << 16;
        /// Mention @everyone, @here and every role.
        const MENTION_EVERYONE = 1 << 17;
        /// Use emojis from other guilds.
        const USE_EXTERNAL_EMOJIS = 1 << 18;
        /// See guild insights.
        const VIEW_GUILD_INSIGHTS = 1 << 19;
        /// Join voice channels.
        const CONNECT = 1 << 20;
        /// Speak in voice channels.
        const SPEAK = 1 << 21;
        /// Server-mute members in voice.
        const MUTE_MEMBERS = 1 << 22;
        /// Server-deafen members in voice.
        const DEAFEN_MEMBERS = 1 << 23;
        /// Move members between voice channels.
        const MOVE_MEMBERS = 1 << 24;
        /// Use voice activity detection.
        const USE_VAD = 1 << 25;
        /// Change one's own nickname.
        const CHANGE_NICKNAME = 1 << 26;
        /// Change other members' nicknames.
        const MANAGE_NICKNAMES = 1 << 27;
        /// Create, edit and assign roles below one's highest role.
        const MANAGE_ROLES = 1 << 28;
        /// Create, edit and delete webhooks.
        const MANAGE_WEBHOOKS = 1 << 29;
        /// Edit and delete anyone's emojis, stickers and soundboard sounds.
        const MANAGE_GUILD_EXPRESSIONS = 1 << 30;
        /// Use application commands.
        const USE_APPLICATION_COMMANDS = 1 << 31;
        /// Ask to speak in stage channels.
        const REQUEST_TO_SPEAK = 1 << 32;
        /// Edit and delete anyone's scheduled events.
        const MANAGE_EVENTS = 1 << 33;
        /// Delete and archive threads, and see every private thread.
        const MANAGE_THREADS = 1 << 34;
        /// Create public and announcement threads.
        const CREATE_PUBLIC_THREADS = 1 << 35;
        /// Create private threads.
        const CREATE_PRIVATE_THREADS = 1 << 36;
        /// Use stickers from other guilds.
        const USE_EXTERNAL_STICKERS = 1 << 37;
        /// Send messages in threads.
        const SEND_MESSAGES_IN_THREADS = 1 << 38;
        /// Launch activities.
        const USE_EMBEDDED_ACTIVITIES = 1 << 39;
        /// Time members out.
        const MODERATE_MEMBERS = 1 << 40;
        /// See role subscription insights.
        const VIEW_CREATOR_MONETIZATION_ANALYTICS = 1 << 41;
        /// Use the soundboard.
        const USE_SOUNDBOARD = 1 << 42;
        /// Create emojis, stickers and sounds, and edit one's own.
        const CREATE_GUILD_EXPRESSIONS = 1 << 43;
        /// Create scheduled events, and edit one's own.
        const CREATE_EVENTS = 1 << 44;
        /// Use soundboard sounds from other guilds.
        const USE_EXTERNAL_SOUNDS = 1 << 45;
        /// Send voice messages.
        const SEND_VOICE_MESSAGES = 1 << 46;
        /// Set the status of a voice channel.
        const SET_VOICE_CHANNEL_STATUS = 1 << 48;
        /// Send polls.
        const SEND_POLLS = 1 << 49;
        /// Let user-installed apps send public replies.
        const USE_EXTERNAL_APPS = 1 << 50;
        /// Pin and unpin messages.
        const PIN_MESSAGES = 1 << 51;
        /// Ignore slowmode.
        const BYPASS_SLOWMODE = 1 << 52;
    }
}

impl Permissions {
    /// The permissions that need the owner's two-factor authentication when the guild requires
    /// it (marked `*` in Discord's table).
    pub const REQUIRES_MFA: Self = Self::KICK_MEMBERS
        .union(Self::BAN_MEMBERS)
        .union(Self::ADMINISTRATOR)
        .union(Self::MANAGE_CHANNELS)
        .union(Self::MANAGE_GUILD)
        .union(Self::MANAGE_MESSAGES)
        .union(Self::MANAGE_ROLES)
        .union(Self::MANAGE_WEBHOOKS)
        .union(Self::MANAGE_GUILD_EXPRESSIONS)
        .union(Self::MANAGE_THREADS)
        .union(Self::VIEW_CREATOR_MONETIZATION_ANALYTICS);

    /// What a timed-out member keeps in a channel.
    pub const TIMED_OUT: Self = Self::VIEW_CHANNEL.union(Self::READ_MESSAGE_HISTORY);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Permissions;

    #[test]
    fn all_is_the_documented_value() {
        assert_eq!(Permissions::all().bits(), 8_866_461_766_385_663);
        assert_eq!(Permissions::all().iter().count(), 52);
    }

    #[test]
    fn accepts_integers_too() {
        let p: Permissions = serde_json::from_str("8").unwrap();
        assert_eq!(p, Permissions::ADMINISTRATOR);
        assert!(serde_json::from_str::<Permissions>("\"-1\"").is_err());
        assert!(serde_json::from_str::<Permissions>("\"lots\"").is_err());
    }

    proptest! {
        #[test]
        fn every_bit_pattern_round_trips(bits: u64) {
            let p = Permissions::from_bits_retain(bits);
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(json.clone(), format!("\"{bits}\""));
            prop_assert_eq!(serde_json::from_str::<Permissions>(&json).unwrap().bits(), bits);
        }
    }
}
