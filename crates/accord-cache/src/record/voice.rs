//! Voice states as compact records.

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::util::Timestamp;
use accord_model::voice::VoiceState;
use compact_str::CompactString;

use crate::compact::{opt_bool_in, opt_bool_out, string_heap, time_in, time_out};

const DEAF: u16 = 1;
const MUTE: u16 = 1 << 1;
const SELF_DEAF: u16 = 1 << 2;
const SELF_MUTE: u16 = 1 << 3;
const SUPPRESS: u16 = 1 << 4;
/// Shifts of the two-bit `Option<bool>`s.
const SELF_STREAM: u32 = 5;
const SELF_VIDEO: u32 = 7;

/// A voice state, 48 bytes: the booleans as bits, the request-to-speak time as an integer.
/// The member it may carry goes to the member store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedVoiceState {
    session_id: CompactString,
    channel_id: Option<Id<ChannelMarker>>,
    request_to_speak: i64,
    bits: u16,
}

impl CachedVoiceState {
    /// A voice state's compact form.
    pub(crate) fn new(state: &VoiceState) -> Self {
        let mut bits =
            opt_bool_in(state.self_stream, SELF_STREAM) | opt_bool_in(state.self_video, SELF_VIDEO);
        for (bit, on) in [
            (DEAF, state.deaf),
            (MUTE, state.mute),
            (SELF_DEAF, state.self_deaf),
            (SELF_MUTE, state.self_mute),
            (SUPPRESS, state.suppress),
        ] {
            if on {
                bits |= bit;
            }
        }
        Self {
            session_id: state.session_id.clone(),
            channel_id: state.channel_id,
            request_to_speak: time_in(state.request_to_speak_timestamp),
            bits,
        }
    }

    /// The voice channel.
    pub const fn channel_id(&self) -> Option<Id<ChannelMarker>> {
        self.channel_id
    }

    /// The voice session.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// When the user asked to speak.
    pub fn request_to_speak_timestamp(&self) -> Option<Timestamp> {
        time_out(self.request_to_speak)
    }

    /// Whether the user muted themselves.
    pub const fn is_self_mute(&self) -> bool {
        self.bits & SELF_MUTE != 0
    }

    /// Whether the user deafened themselves.
    pub const fn is_self_deaf(&self) -> bool {
        self.bits & SELF_DEAF != 0
    }

    /// The voice state as the model's type, without a member.
    pub fn to_voice_state(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) -> VoiceState {
        let mut state = VoiceState::new(user_id, self.channel_id, self.session_id.clone());
        state.guild_id = Some(guild_id);
        state.deaf = self.bits & DEAF != 0;
        state.mute = self.bits & MUTE != 0;
        state.self_deaf = self.bits & SELF_DEAF != 0;
        state.self_mute = self.bits & SELF_MUTE != 0;
        state.suppress = self.bits & SUPPRESS != 0;
        state.self_stream = opt_bool_out(self.bits, SELF_STREAM);
        state.self_video = opt_bool_out(self.bits, SELF_VIDEO);
        state.request_to_speak_timestamp = self.request_to_speak_timestamp();
        state
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.session_id)
    }
}

#[cfg(test)]
mod tests {
    use accord_model::id::Id;
    use accord_model::util::Timestamp;
    use accord_model::voice::VoiceState;

    use super::CachedVoiceState;

    #[test]
    fn voice_states_round_trip() {
        assert!(size_of::<CachedVoiceState>() <= 48);
        let mut state = VoiceState::new(Id::new(2), Some(Id::new(3)), "abc");
        state.guild_id = Some(Id::new(1));
        state.self_mute = true;
        state.suppress = true;
        state.self_video = Some(false);
        state.request_to_speak_timestamp = Some(Timestamp::from_secs(5));
        assert_eq!(CachedVoiceState::new(&state).to_voice_state(Id::new(1), Id::new(2)), state);
    }
}
