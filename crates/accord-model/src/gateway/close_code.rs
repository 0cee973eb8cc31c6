//! Gateway close codes, with what each means for reconnecting.

int_enum! {
    /// Why the gateway closed the connection.
    pub enum CloseCode: u16 {
        /// Something went wrong on Discord's side.
        UnknownError = 4000,
        /// The client sent an unknown opcode or an invalid payload for an opcode.
        UnknownOpcode = 4001,
        /// The client sent a payload Discord could not decode (or one over 4096 bytes).
        DecodeError = 4002,
        /// The client sent a payload before identifying.
        NotAuthenticated = 4003,
        /// The token is invalid.
        AuthenticationFailed = 4004,
        /// The client identified twice.
        AlreadyAuthenticated = 4005,
        /// The sequence number sent when resuming was invalid.
        InvalidSequence = 4007,
        /// The client sent payloads too fast.
        RateLimited = 4008,
        /// The session timed out.
        SessionTimedOut = 4009,
        /// The shard sent in IDENTIFY is invalid.
        InvalidShard = 4010,
        /// The bot is in too many guilds for the shard count and must shard.
        ShardingRequired = 4011,
        /// The gateway version is invalid.
        InvalidApiVersion = 4012,
        /// The intents are invalid.
        InvalidIntents = 4013,
        /// An intent is privileged and not enabled or approved for the application.
        DisallowedIntents = 4014,
    }
}

impl CloseCode {
    /// Whether a client may reconnect after this code. The others are fatal: retrying
    /// cannot succeed until the configuration is fixed.
    pub const fn can_reconnect(self) -> bool {
        !matches!(
            self,
            Self::AuthenticationFailed
                | Self::InvalidShard
                | Self::ShardingRequired
                | Self::InvalidApiVersion
                | Self::InvalidIntents
                | Self::DisallowedIntents
        )
    }

    /// Whether the session survives this code, so the client may resume rather than identify.
    /// Codes after which Discord asks for a new session (4007, 4009) and fatal codes do not.
    pub const fn can_resume(self) -> bool {
        self.can_reconnect() && !matches!(self, Self::InvalidSequence | Self::SessionTimedOut)
    }

    /// What the code means and, for fatal codes, what to change.
    pub const fn description(self) -> &'static str {
        match self {
            Self::UnknownError => "unknown gateway error",
            Self::UnknownOpcode => "an unknown opcode or an invalid payload was sent",
            Self::DecodeError => "a payload could not be decoded or was over 4096 bytes",
            Self::NotAuthenticated => "a payload was sent before identifying",
            Self::AuthenticationFailed => "the token is invalid; check the bot token",
            Self::AlreadyAuthenticated => "identify was sent twice",
            Self::InvalidSequence => "the resume sequence was invalid",
            Self::RateLimited => "more than 120 payloads were sent in 60 seconds",
            Self::SessionTimedOut => "the session timed out",
            Self::InvalidShard => "the shard id or count is invalid; check the shard configuration",
            Self::ShardingRequired => {
                "the bot is in too many guilds for its shard count; use more shards"
            }
            Self::InvalidApiVersion => "the gateway version is invalid; use version 10",
            Self::InvalidIntents => "the intents are invalid; remove undefined bits",
            Self::DisallowedIntents => {
                "a privileged intent is not enabled for the application; enable it in the developer portal or remove it"
            }
            Self::Unknown(_) => "a close code this version does not know",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CloseCode;

    #[test]
    fn fatal_codes_match_the_protocol_table() {
        let fatal: Vec<u16> = (4000..=4014)
            .map(CloseCode::from_value)
            .filter(|code| !matches!(code, CloseCode::Unknown(_)) && !code.can_reconnect())
            .map(CloseCode::value)
            .collect();
        assert_eq!(fatal, [4004, 4010, 4011, 4012, 4013, 4014]);
        assert!(CloseCode::from_value(4999).can_reconnect());
        assert!(!CloseCode::SessionTimedOut.can_resume());
        assert!(CloseCode::UnknownError.can_resume());
    }
}
