//! IDENTIFY and RESUME: the checks Discord makes, then READY and the GUILD_CREATEs, or the
//! replay of missed events and RESUMED.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use accord_model::application::ApplicationFlags;
use accord_model::gateway::event::{GuildCreate, Ready, ReadyApplication, Resumed};
use accord_model::gateway::{CloseCode, Event, Identify, Intents, Resume, ShardId};
use accord_model::guild::UnavailableGuild;
use tokio::time::Instant;

use super::connection::{Connection, Flow, Serving, State};
use super::limits::Refusal;
use super::registry::{ResumeOutcome, Session};
use crate::world::World;
use crate::world::guild_create::View;

/// Discord's default and bounds for `large_threshold`.
const LARGE_THRESHOLD: (u8, u8, u8) = (50, 50, 250);

impl Connection {
    pub(super) async fn identify(&mut self, identify: Identify) -> Flow {
        let shared = self.shared.clone();
        let config = &shared.config;
        if !token_matches(identify.token.expose(), &config.token) {
            tracing::info!("IDENTIFY with a wrong token; closing with 4004");
            return self.close(CloseCode::AuthenticationFailed, "authentication failed").await;
        }
        let intents = identify.intents;
        if !intents.undefined().is_empty() {
            tracing::info!(
                bits = intents.undefined().bits(),
                "undefined intents; closing with 4013"
            );
            return self.close(CloseCode::InvalidIntents, "invalid intent(s)").await;
        }
        let disallowed = intents.privileged() - config.granted_intents;
        if !disallowed.is_empty() {
            tracing::info!(?disallowed, "privileged intents not granted; closing with 4014");
            return self.close(CloseCode::DisallowedIntents, "disallowed intent(s)").await;
        }
        let shard = identify.shard.unwrap_or(ShardId::ONE);
        let on_shard = shared.read(|world| guilds_on_shard(world, shard).count());
        if on_shard > usize::try_from(config.gateway.max_guilds_per_shard).unwrap_or(usize::MAX) {
            tracing::info!(%shard, guilds = on_shard, "too many guilds for one shard; closing with 4011");
            return self.close(CloseCode::ShardingRequired, "sharding required").await;
        }
        let admitted =
            shared.identify.lock().unwrap_or_else(std::sync::PoisonError::into_inner).admit(
                shard,
                Instant::now(),
                config.gateway.max_concurrency,
                config.timings.identify_window,
                (config.gateway.identify_budget, config.timings.identify_budget_window),
            );
        if let Err(refusal) = admitted {
            match refusal {
                Refusal::Concurrency => tracing::info!(
                    %shard,
                    "another shard of this bucket identified within the identify window; invalid session"
                ),
                Refusal::Budget => {
                    tracing::info!(%shard, "the identify budget is spent; invalid session");
                }
            }
            self.invalid_session(false).await;
            return Flow::Continue;
        }
        shared.counters.identifies.fetch_add(1, Ordering::Relaxed);
        if identify.compress == Some(true) {
            tracing::info!(
                "IDENTIFY asked for payload compression, which the emulator does not emulate; sending plain payloads"
            );
        }
        if let Some(presence) = identify.presence {
            shared.mutate(|world| world.set_bot_presence(&presence.status, &presence.activities));
        }
        let (_, low, high) = LARGE_THRESHOLD;
        let large_threshold =
            identify.large_threshold.unwrap_or(LARGE_THRESHOLD.0).clamp(low, high);
        let view = View { intents, large_threshold: u64::from(large_threshold) };
        let session_id: Arc<str> = new_session_id().into();
        let resume_url = shared.ws_origin();
        let (wake, frames) = shared.read(|world| {
            let frames = first_frames(
                world,
                &session_id,
                &resume_url,
                shard,
                identify.shard.is_some(),
                view,
            );
            let wake = shared.sessions.create_session(
                Session::new(session_id.clone(), shard, view),
                self.id,
                &frames,
                config.gateway.replay_capacity,
            );
            (wake, frames.len())
        });
        shared.counters.events_dispatched.fetch_add(frames as u64, Ordering::Relaxed);
        let span = tracing::Span::current();
        span.record("shard", tracing::field::display(shard));
        span.record("session", &*session_id);
        tracing::info!(%shard, ?intents, guilds = frames - 1, "identified");
        self.state = State::Serving(Serving { session: session_id, shard, view, cursor: 0, wake });
        Flow::Continue
    }

    pub(super) async fn resume(&mut self, resume: Resume) -> Flow {
        let shared = self.shared.clone();
        if !token_matches(resume.token.expose(), &shared.config.token) {
            tracing::info!("RESUME with a wrong token; closing with 4004");
            return self.close(CloseCode::AuthenticationFailed, "authentication failed").await;
        }
        match shared.sessions.resume(&resume.session_id, resume.seq, self.id) {
            ResumeOutcome::Resumed { shard, view, wake } => {
                shared.counters.resumes.fetch_add(1, Ordering::Relaxed);
                let session: Arc<str> = resume.session_id.as_str().into();
                shared.reply(&session, &Event::Resumed(Resumed::default()));
                let span = tracing::Span::current();
                span.record("shard", tracing::field::display(shard));
                span.record("session", &*session);
                tracing::info!(seq = resume.seq, "resumed");
                self.state =
                    State::Serving(Serving { session, shard, view, cursor: resume.seq, wake });
            }
            ResumeOutcome::Unknown => {
                tracing::info!(session = %resume.session_id, "RESUME of an unknown or expired session");
                self.invalid_session(false).await;
            }
            ResumeOutcome::BadSequence => {
                tracing::info!(session = %resume.session_id, seq = resume.seq, "RESUME from a sequence the session no longer has");
                self.invalid_session(false).await;
            }
        }
        Flow::Continue
    }
}

/// Whether a token matches, with or without the `Bot ` prefix.
fn token_matches(sent: &str, expected: &str) -> bool {
    sent.strip_prefix("Bot ").unwrap_or(sent) == expected
}

fn guilds_on_shard(
    world: &World,
    shard: ShardId,
) -> impl Iterator<Item = &crate::world::GuildState> {
    world
        .guilds
        .iter()
        .filter(move |(id, _)| ShardId::for_guild(**id, shard.total()) == shard)
        .map(|(_, state)| state)
}

/// READY and one GUILD_CREATE per guild of the shard (with the GUILDS intent), as
/// `(name, data)` pairs.
fn first_frames(
    world: &World,
    session_id: &str,
    resume_url: &str,
    shard: ShardId,
    shard_sent: bool,
    view: View,
) -> Vec<(&'static str, String)> {
    let guilds: Vec<_> = guilds_on_shard(world, shard).map(|g| g.guild.id).collect();
    let mut flags = ApplicationFlags::empty();
    for (intent, flag) in [
        (Intents::GUILD_PRESENCES, ApplicationFlags::GATEWAY_PRESENCE),
        (Intents::GUILD_MEMBERS, ApplicationFlags::GATEWAY_GUILD_MEMBERS),
        (Intents::MESSAGE_CONTENT, ApplicationFlags::GATEWAY_MESSAGE_CONTENT),
    ] {
        if view.intents.contains(intent) {
            flags |= flag;
        }
    }
    // READY's user is the current user, with the fields only the owner of an account sees.
    let mut user = world.application.bot.clone();
    user.mfa_enabled = Some(user.mfa_enabled.unwrap_or(false));
    user.verified = Some(user.verified.unwrap_or(true));
    user.flags = Some(user.flags.unwrap_or_else(accord_model::user::UserFlags::empty));
    let mut ready = Ready::new(
        user,
        guilds.iter().map(|id| UnavailableGuild::new(*id)).collect(),
        session_id,
        resume_url,
        ReadyApplication::new(world.application.id, flags),
    );
    ready.shard = shard_sent.then_some(shard);
    let mut frames = vec![("READY", serde_json::to_string(&ready).unwrap_or_default())];
    if view.intents.contains(Intents::GUILDS) {
        for guild_id in guilds {
            if let Some(guild) = world.guild_create_for(guild_id, view) {
                let create = GuildCreate::Available(guild);
                frames.push(("GUILD_CREATE", serde_json::to_string(&create).unwrap_or_default()));
            }
        }
    }
    frames
}

/// A session id: 32 hex digits, unpredictable enough for a test double.
fn new_session_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = RandomState::new();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let [a, b] = [0, 1].map(|part: u8| {
        let mut hasher = state.build_hasher();
        hasher.write_u64(count);
        hasher.write_u8(part);
        hasher.finish()
    });
    format!("{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::{new_session_id, token_matches};

    #[test]
    fn session_ids_are_unique_hex_and_tokens_may_carry_the_prefix() {
        let (a, b) = (new_session_id(), new_session_id());
        assert_ne!(a, b);
        assert!(a.len() == 32 && a.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(token_matches("Bot abc", "abc") && token_matches("abc", "abc"));
        assert!(!token_matches("abd", "abc"));
    }
}
