//! What the fuzz targets share: the framing of multi-message inputs and an emulator to send
//! client bytes to.

use std::sync::OnceLock;
use std::time::Duration;

use accord_emulator::{Emulator, GatewayLimits, Timings};
use accord_model::channel::ChannelType;
use tokio::runtime::Runtime;

/// The token the emulator accepts: the one in the docs' IDENTIFY example, so that the seed
/// corpus authenticates as written.
pub const TOKEN: &str = "my_token";

/// How long the emulator may take to answer one input before the target calls it a hang.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Splits an input into frames: each is a two-byte little-endian length and that many bytes;
/// the last one may be cut short. The seed step writes compressed streams in this shape.
pub fn frames(mut data: &[u8]) -> impl Iterator<Item = &[u8]> {
    std::iter::from_fn(move || {
        let (&[low, high], rest) = data.split_first_chunk::<2>()?;
        let len = usize::from(u16::from_le_bytes([low, high])).min(rest.len());
        let (frame, rest) = rest.split_at(len);
        data = rest;
        Some(frame)
    })
}

/// An emulator serving on 127.0.0.1, started once per fuzzing process, with the runtime that
/// drives it and the ids that inputs may name.
#[derive(Debug)]
pub struct Emulated {
    /// The runtime the emulator's tasks run on; targets drive their clients on it too.
    pub runtime: Runtime,
    /// The emulator.
    pub emulator: Emulator,
    /// `(placeholder, id)`: inputs write `{guild}` and the target sends a real guild's id.
    placeholders: Vec<(&'static [u8], Vec<u8>)>,
}

impl Emulated {
    /// The emulator of this process, started on first use.
    ///
    /// # Panics
    ///
    /// When the runtime or the emulator cannot start: the target cannot run at all then.
    pub fn get() -> &'static Self {
        static EMULATED: OnceLock<Emulated> = OnceLock::new();
        EMULATED.get_or_init(Self::start)
    }

    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let mut limits = GatewayLimits::default();
        // Fuzzing identifies thousands of times a minute; the budget and the concurrency are
        // not what is under test.
        limits.identify_budget = u32::MAX;
        limits.max_concurrency = 1024;
        let emulator = runtime
            .block_on(
                Emulator::builder()
                    .token(TOKEN)
                    .guilds(2)
                    .members_per_guild(5)
                    .timings(Timings::default().scaled_down(1000))
                    .gateway_limits(limits)
                    .no_rate_limits()
                    .start(),
            )
            .expect("the emulator starts");
        let handle = emulator.handle();
        let guild = handle.guild_ids().first().copied().expect("a generated guild");
        let channel = handle
            .channels(guild)
            .into_iter()
            .find(|channel| channel.kind == ChannelType::GuildText)
            .expect("a text channel");
        let user = handle
            .members(guild)
            .into_iter()
            .find_map(|member| (member.user.id != emulator.bot_user_id()).then_some(member.user.id))
            .expect("a member besides the bot");
        let message = handle.send_message(channel.id, user, "hello").expect("a message").id;
        let placeholders = vec![
            (&b"{application}"[..], emulator.application_id().to_string().into_bytes()),
            (b"{guild}", guild.to_string().into_bytes()),
            (b"{channel}", channel.id.to_string().into_bytes()),
            (b"{user}", user.to_string().into_bytes()),
            (b"{message}", message.to_string().into_bytes()),
            (b"{bot}", emulator.bot_user_id().to_string().into_bytes()),
        ];
        Self { runtime, emulator, placeholders }
    }

    /// `input` with every placeholder replaced by its id.
    pub fn fill(&self, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len());
        let mut rest = input;
        'outer: while let Some((&first, tail)) = rest.split_first() {
            if first == b'{' {
                for (placeholder, id) in &self.placeholders {
                    if let Some(after) = rest.strip_prefix(*placeholder) {
                        out.extend_from_slice(id);
                        rest = after;
                        continue 'outer;
                    }
                }
            }
            out.push(first);
            rest = tail;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::frames;

    #[test]
    fn frames_are_length_prefixed_and_the_last_may_be_short() {
        let input = [2, 0, b'a', b'b', 0, 0, 5, 0, b'c', b'd'];
        let split: Vec<&[u8]> = frames(&input).collect();
        assert_eq!(split, [&b"ab"[..], b"", b"cd"]);
        assert_eq!(frames(&[7]).count(), 0, "a lone byte is no frame");
    }
}
