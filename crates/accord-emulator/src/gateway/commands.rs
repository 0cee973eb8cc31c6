//! The commands an identified connection may send besides heartbeats: presence and voice
//! state updates, and requests for members, soundboard sounds and channel info.

use accord_model::gateway::event::{
    ChannelInfo, ChannelInfoChannel, GuildMembersChunk, RateLimited, SoundboardSounds,
    VoiceServerUpdate,
};
use accord_model::gateway::{
    ChannelInfoField, Event, GatewayCommand, Intents, RequestChannelInfo, RequestGuildMembers,
    ShardId, UpdateVoiceState,
};
use accord_model::guild::Member;
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::util::Secret;
use tokio::time::Instant;

use super::connection::{Connection, Flow, State};
use crate::world::{GuildState, VoiceChange, World};

/// Members per GUILD_MEMBERS_CHUNK.
const CHUNK: usize = 1000;
/// The most members a query or a list of user ids returns.
const QUERY_LIMIT: usize = 100;
/// The longest nonce Discord echoes.
const NONCE_BYTES: usize = 32;

impl Connection {
    /// Runs a command of an identified connection.
    pub(super) fn command(&mut self, command: GatewayCommand) -> Flow {
        let State::Serving(serving) = &self.state else { return Flow::Continue };
        let (session, shard, intents) =
            (serving.session.clone(), serving.shard, serving.view.intents);
        let shared = self.shared.clone();
        match command {
            GatewayCommand::UpdatePresence(presence) => {
                tracing::debug!(status = ?presence.status, "presence update");
                shared
                    .mutate(|world| world.set_bot_presence(&presence.status, &presence.activities));
            }
            GatewayCommand::UpdateVoiceState(update) => {
                if !on_shard(update.guild_id, shard) {
                    tracing::info!(guild = %update.guild_id, "voice state update for a guild of another shard; ignored");
                    return Flow::Continue;
                }
                self.voice_state(update, &session);
            }
            GatewayCommand::RequestGuildMembers(request) => {
                self.request_members(&request, shard, intents);
            }
            GatewayCommand::RequestSoundboardSounds(request) => {
                shared.read(|world| {
                    for guild_id in request.guild_ids.into_iter().filter(|g| on_shard(*g, shard)) {
                        let Ok(guild) = world.guild(guild_id) else { continue };
                        let sounds = guild.guild.soundboard_sounds.clone().unwrap_or_default();
                        let event = SoundboardSounds::new(sounds, guild_id);
                        shared.reply(&session, &Event::SoundboardSounds(Box::new(event)));
                    }
                });
            }
            GatewayCommand::RequestChannelInfo(request) if on_shard(request.guild_id, shard) => {
                shared.read(|world| {
                    if let Some(info) = channel_info(world, &request) {
                        shared.reply(&session, &Event::ChannelInfo(Box::new(info)));
                    }
                });
            }
            // Heartbeats, IDENTIFY and RESUME are handled before this.
            _ => {}
        }
        Flow::Continue
    }

    fn voice_state(&self, update: UpdateVoiceState, session: &str) {
        let shared = &self.shared;
        let result = shared.mutate(|world| {
            let bot = world.bot_id();
            world.update_voice_state(
                update.guild_id,
                bot,
                update.channel_id,
                (update.self_mute, update.self_deaf),
                session,
            )
        });
        match result {
            Ok((_, VoiceChange::Joined)) => {
                let token = Secret::new(format!("voice-{session}"));
                let mut server = VoiceServerUpdate::new(token, update.guild_id);
                server.endpoint = Some(format!("{}/voice", shared.addr).into());
                shared.reply(session, &Event::VoiceServerUpdate(Box::new(server)));
            }
            Ok(_) => {}
            Err(error) => {
                tracing::info!(?error, guild = %update.guild_id, "voice state update refused");
            }
        }
    }

    fn request_members(&self, request: &RequestGuildMembers, shard: ShardId, intents: Intents) {
        let shared = &self.shared;
        let State::Serving(serving) = &self.state else { return };
        let guild_id = request.guild_id;
        if !on_shard(guild_id, shard) {
            tracing::info!(guild = %guild_id, "member request for a guild of another shard; ignored");
            return;
        }
        let nonce = request.nonce.clone().filter(|nonce| nonce.len() <= NONCE_BYTES);
        if request.nonce.is_some() && nonce.is_none() {
            tracing::info!("member request nonce over 32 bytes; chunks go without it");
        }
        let presences =
            request.presences.unwrap_or(false) && intents.contains(Intents::GUILD_PRESENCES);
        let user_ids = request.user_ids.as_ref().map(|ids| ids.as_slice().to_vec());
        if user_ids.as_ref().is_some_and(|ids| ids.len() > QUERY_LIMIT) {
            tracing::info!("member request for more than 100 user ids; ignored");
            return;
        }
        let full = request.is_full_list();
        if full {
            if !intents.contains(Intents::GUILD_MEMBERS) {
                tracing::info!("full member list requested without GUILD_MEMBERS; ignored");
                return;
            }
            let cooldown = shared.config.timings.member_request_cooldown;
            let admitted = shared
                .member_requests
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .admit(guild_id, Instant::now(), cooldown);
            if let Err(wait) = admitted {
                tracing::info!(guild = %guild_id, "full member list requested again within the cooldown");
                let limited =
                    RateLimited::request_guild_members(guild_id, nonce, wait.as_secs_f64());
                shared.reply(&serving.session, &Event::RateLimited(Box::new(limited)));
                return;
            }
        } else if user_ids.is_none() && request.query.is_none() {
            tracing::info!("member request without a query or user ids; ignored");
            return;
        }
        shared.read(|world| {
            let Ok(guild) = world.guild(guild_id) else {
                tracing::info!(guild = %guild_id, "member request for an unknown guild; ignored");
                return;
            };
            let (members, not_found) = match &user_ids {
                Some(ids) => {
                    let found =
                        ids.iter().filter_map(|id| guild.members.get(id).cloned()).collect();
                    let missing =
                        ids.iter().filter(|id| !guild.members.contains_key(id)).copied().collect();
                    (found, Some(missing))
                }
                None if full => (guild.members.values().cloned().collect(), None),
                None => (query(guild, request), None),
            };
            let chunks = chunk(guild, &members, not_found, nonce.as_deref(), presences);
            for chunk in chunks {
                shared.reply(&serving.session, &Event::GuildMembersChunk(Box::new(chunk)));
            }
        });
    }
}

/// The members whose username or nickname starts with the query, case-insensitively, at
/// most `limit` (0 meaning the most a query may return).
fn query(guild: &GuildState, request: &RequestGuildMembers) -> Vec<Member> {
    let prefix = request.query.as_deref().unwrap_or_default().to_lowercase();
    let limit = match request.limit.map(|l| usize::try_from(l).unwrap_or(usize::MAX)) {
        Some(0) | None => QUERY_LIMIT,
        Some(limit) => limit.min(QUERY_LIMIT),
    };
    let matches = |m: &&Member| {
        m.user.username.to_lowercase().starts_with(&prefix)
            || m.nick.as_ref().is_some_and(|n| n.to_lowercase().starts_with(&prefix))
    };
    guild.members.values().filter(matches).take(limit).cloned().collect()
}

/// GUILD_MEMBERS_CHUNKs of at most 1,000 members (one empty chunk for no members), with the
/// nonce on each, `not_found` on the first and presences if asked for.
fn chunk(
    guild: &GuildState,
    members: &[Member],
    not_found: Option<Vec<Id<UserMarker>>>,
    nonce: Option<&str>,
    presences: bool,
) -> Vec<GuildMembersChunk> {
    let count = u32::try_from(members.len().div_ceil(CHUNK).max(1)).unwrap_or(u32::MAX);
    let mut parts: Vec<Vec<Member>> = members.chunks(CHUNK).map(<[Member]>::to_vec).collect();
    if parts.is_empty() {
        parts.push(Vec::new());
    }
    let mut not_found = not_found;
    (0..count)
        .zip(parts)
        .map(|(index, members)| {
            let mut chunk = GuildMembersChunk::new(guild.guild.id, members, index, count);
            chunk.nonce = nonce.map(Into::into);
            chunk.not_found = not_found.take();
            if presences {
                chunk.presences = Some(
                    chunk
                        .members
                        .iter()
                        .filter_map(|m| guild.presences.get(&m.user.id).cloned())
                        .collect(),
                );
            }
            chunk
        })
        .collect()
}

fn on_shard(guild_id: Id<GuildMarker>, shard: ShardId) -> bool {
    ShardId::for_guild(guild_id, shard.total()) == shard
}

/// CHANNEL_INFO for the guild's voice channels, with the fields asked for.
fn channel_info(world: &World, request: &RequestChannelInfo) -> Option<ChannelInfo> {
    let guild = world.guild(request.guild_id).ok()?;
    let channels = guild
        .channels
        .iter()
        .filter_map(|id| world.channels.get(id))
        .filter(|c| c.channel.kind.is_voice())
        .map(|c| {
            let mut info = ChannelInfoChannel::new(c.channel.id);
            if request.fields.contains(&ChannelInfoField::Status) {
                info.status.clone_from(&c.channel.status);
            }
            if request.fields.contains(&ChannelInfoField::VoiceStartTime) {
                info.voice_start_time = c.channel.voice_start_time;
            }
            info
        })
        .collect();
    Some(ChannelInfo::new(request.guild_id, channels))
}
