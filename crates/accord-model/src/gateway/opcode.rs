//! Gateway opcodes: what a payload is.

int_enum! {
    /// The `op` of a gateway payload.
    pub enum OpCode: u8 {
        /// An event was dispatched (receive).
        Dispatch = 0,
        /// Keep the connection alive (send), or a request to do so now (receive).
        Heartbeat = 1,
        /// Start a new session (send).
        Identify = 2,
        /// Update the client's presence (send).
        PresenceUpdate = 3,
        /// Join, move between or leave voice channels (send).
        VoiceStateUpdate = 4,
        /// Resume a previous session (send).
        Resume = 6,
        /// Reconnect and resume now (receive).
        Reconnect = 7,
        /// Request members of a guild (send).
        RequestGuildMembers = 8,
        /// The session is invalid; `d` says whether it can be resumed (receive).
        InvalidSession = 9,
        /// The first payload, with the heartbeat interval (receive).
        Hello = 10,
        /// A heartbeat was received (receive).
        HeartbeatAck = 11,
        /// Request the soundboard sounds of guilds (send).
        RequestSoundboardSounds = 31,
        /// Request ephemeral information about a guild's channels (send).
        RequestChannelInfo = 43,
    }
}
