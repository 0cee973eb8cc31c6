//! Firehose events: a seeded mix of realistic dispatches, each carrying its number.

use accord_model::application::InteractionContextType;
use accord_model::channel::ChannelType;
use accord_model::component::ComponentType;
use accord_model::emoji::PartialEmoji;
use accord_model::gateway::Event;
use accord_model::gateway::event::{
    GuildMemberUpdate, MessageDelete, MessageReactionAdd, TypingStart,
};
use accord_model::guild::{Member, PartialMember};
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker};
use accord_model::interaction::{
    AuthorizingIntegrationOwners, ComponentData, Interaction, InteractionData, InteractionType,
};
use accord_model::locale::Locale;
use accord_model::message::{Message, Nonce};
use accord_model::permissions::Permissions;
use accord_model::presence::{Activity, Presence, Status};
use accord_model::util::Timestamp;
use accord_model::voice::VoiceState;

use crate::world::{Dispatch, Rng, World};

/// Message, reaction and interaction ids of firehose event `n` are `FIREHOSE_ID_BASE + n`:
/// snowflakes from the first seconds of 2016, older than anything in the world.
pub const FIREHOSE_ID_BASE: u64 = (1_451_606_400_000 - 1_420_070_400_000) << 22;
/// TYPING_START timestamps of firehose event `n` are `FIREHOSE_TYPING_BASE + n` (Unix seconds
/// from 2016-01-01).
pub const FIREHOSE_TYPING_BASE: u64 = 1_451_606_400;
pub(super) const NUMBER_SPAN: u64 = 1 << 28;
/// The upload limit of a guild without boosts, as interactions report it.
const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;
const LABEL: &str = "Firehose #";
const VOICE_PREFIX: &str = "firehose-";

/// The number a firehose event carries, or `None` for any other event.
///
/// | Event | Where the number is |
/// |---|---|
/// | MESSAGE_CREATE, MESSAGE_UPDATE, MESSAGE_DELETE | message id, [`FIREHOSE_ID_BASE`] + n (and the nonce) |
/// | MESSAGE_REACTION_ADD | message id, [`FIREHOSE_ID_BASE`] + n |
/// | INTERACTION_CREATE | interaction id, [`FIREHOSE_ID_BASE`] + n (and `custom_id` `firehose:n`) |
/// | TYPING_START | timestamp, [`FIREHOSE_TYPING_BASE`] + n |
/// | PRESENCE_UPDATE | first activity's name, `Firehose #n` |
/// | GUILD_MEMBER_UPDATE | nickname, `Firehose #n` |
/// | VOICE_STATE_UPDATE | session id, `firehose-n` |
pub fn firehose_number(event: &Event) -> Option<u64> {
    let from_id = |id: u64| id.checked_sub(FIREHOSE_ID_BASE).filter(|n| *n < NUMBER_SPAN);
    let from_label = |text: &str| text.strip_prefix(LABEL)?.parse().ok();
    match event {
        Event::MessageCreate(message) | Event::MessageUpdate(message) => from_id(message.id.get()),
        Event::MessageDelete(delete) => from_id(delete.id.get()),
        Event::MessageReactionAdd(reaction) => from_id(reaction.message_id.get()),
        Event::InteractionCreate(interaction) => from_id(interaction.id.get()),
        Event::TypingStart(typing) => {
            typing.timestamp.checked_sub(FIREHOSE_TYPING_BASE).filter(|n| *n < NUMBER_SPAN)
        }
        Event::PresenceUpdate(presence) => from_label(&presence.activities.first()?.name),
        Event::GuildMemberUpdate(update) => from_label(update.nick.as_deref()?),
        Event::VoiceStateUpdate(voice) => voice.session_id.strip_prefix(VOICE_PREFIX)?.parse().ok(),
        _ => None,
    }
}
/// Where firehose events happen: guilds with their text and voice channels and members.
#[derive(Debug)]
pub(super) struct Plan {
    application_id: Id<ApplicationMarker>,
    targets: Vec<Target>,
    rng: Rng,
}

#[derive(Debug)]
struct Target {
    guild_id: Id<GuildMarker>,
    text: Vec<Id<ChannelMarker>>,
    voice: Vec<Id<ChannelMarker>>,
    members: Vec<Member>,
}

const EMOJIS: &[&str] = &["👍", "🎉", "😂", "❤️", "🔥", "👀"];
const WORDS: &[&str] = &["hello", "ship it", "lgtm", "brb", "gg", "on my way", "nice", "see you"];

impl Plan {
    pub(super) fn new(world: &World, seed: u64) -> Option<Self> {
        let bot = world.bot_id();
        let targets: Vec<Target> = world
            .guilds
            .iter()
            .map(|(guild_id, state)| {
                let kinds = |wanted: fn(ChannelType) -> bool| {
                    state
                        .channels
                        .iter()
                        .filter(|id| world.channels.get(id).is_some_and(|c| wanted(c.channel.kind)))
                        .copied()
                        .collect::<Vec<_>>()
                };
                Target {
                    guild_id: *guild_id,
                    text: kinds(|k| {
                        matches!(k, ChannelType::GuildText | ChannelType::GuildAnnouncement)
                    }),
                    voice: kinds(ChannelType::is_voice),
                    members: state.members.values().filter(|m| m.user.id != bot).cloned().collect(),
                }
            })
            .filter(|t| !t.text.is_empty() && !t.members.is_empty())
            .collect();
        (!targets.is_empty()).then(|| Self {
            application_id: world.application.id,
            targets,
            rng: Rng::new(seed),
        })
    }

    /// Firehose event `n`: a seeded pick of kind, guild, channel and member.
    pub(super) fn event(&mut self, n: u64) -> Dispatch {
        let rng = &mut self.rng;
        let target = rng.pick(&self.targets);
        let guild_id = target.guild_id;
        let channel_id = *rng.pick(&target.text);
        let member = rng.pick(&target.members).clone();
        let user_id = member.user.id;
        let marker = Id::new(FIREHOSE_ID_BASE + n);
        let label = format!("{LABEL}{n}");
        let event = match rng.below(100) {
            0..30 => Event::MessageCreate(message(n, guild_id, channel_id, &member, false)),
            30..40 => Event::MessageUpdate(message(n, guild_id, channel_id, &member, true)),
            40..45 => {
                let mut delete = MessageDelete::new(marker, channel_id);
                delete.guild_id = Some(guild_id);
                Event::MessageDelete(Box::new(delete))
            }
            45..60 => {
                let mut typing = TypingStart::new(channel_id, user_id, FIREHOSE_TYPING_BASE + n);
                typing.guild_id = Some(guild_id);
                typing.member = Some(member);
                Event::TypingStart(Box::new(typing))
            }
            60..70 => {
                let status =
                    rng.pick(&[Status::Online, Status::Idle, Status::DoNotDisturb]).clone();
                let mut presence = Presence::new(user_id, status);
                presence.guild_id = Some(guild_id);
                presence.activities.push(Activity::playing(label));
                Event::PresenceUpdate(Box::new(presence))
            }
            70..75 => {
                let mut update =
                    GuildMemberUpdate::new(guild_id, member.roles.clone(), member.user.clone());
                update.nick = Some(label.into());
                update.joined_at = member.joined_at;
                Event::GuildMemberUpdate(Box::new(update))
            }
            75..90 => {
                let emoji = PartialEmoji::unicode(*rng.pick(EMOJIS));
                let mut reaction = MessageReactionAdd::new(user_id, channel_id, marker, emoji);
                reaction.guild_id = Some(guild_id);
                reaction.member = Some(member);
                Event::MessageReactionAdd(Box::new(reaction))
            }
            90..95 => {
                let channel =
                    (!target.voice.is_empty() && rng.chance(70)).then(|| *rng.pick(&target.voice));
                let mut voice = VoiceState::new(user_id, channel, format!("{VOICE_PREFIX}{n}"));
                voice.guild_id = Some(guild_id);
                voice.member = Some(Box::new(member));
                voice.self_video = Some(false);
                Event::VoiceStateUpdate(Box::new(voice))
            }
            _ => Event::InteractionCreate(interaction(
                n,
                self.application_id,
                guild_id,
                channel_id,
                member,
            )),
        };
        Dispatch { event, guild_id: Some(guild_id) }
    }
}

/// MESSAGE_CREATE or MESSAGE_UPDATE `n`, by a member, with the number as id and nonce.
fn message(
    n: u64,
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    member: &Member,
    edited: bool,
) -> Box<Message> {
    let content = format!("{} ({n})", rng_word(n));
    let id = Id::new(FIREHOSE_ID_BASE + n);
    let mut message = Message::new(id, channel_id, member.user.clone(), content, Timestamp::now());
    message.guild_id = Some(guild_id);
    let mut partial = PartialMember::from(member.clone());
    partial.user = None;
    message.member = Some(Box::new(partial));
    message.nonce = Some(Nonce::String(n.to_string().into()));
    if edited {
        message.edited_timestamp = Some(Timestamp::now());
    }
    Box::new(message)
}

/// A button click `n` by a member, with the fields Discord always sends with a guild
/// interaction.
fn interaction(
    n: u64,
    application_id: Id<ApplicationMarker>,
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    member: Member,
) -> Box<Interaction> {
    let token = format!("firehose-interaction-token-{n}");
    let id = Id::new(FIREHOSE_ID_BASE + n);
    let mut interaction =
        Interaction::new(id, application_id, InteractionType::MessageComponent, token);
    interaction.data = Some(InteractionData::MessageComponent(Box::new(ComponentData::new(
        format!("firehose:{n}"),
        ComponentType::Button,
    ))));
    interaction.guild_id = Some(guild_id);
    interaction.channel_id = Some(channel_id);
    interaction.member = Some(Box::new(PartialMember::from(member)));
    interaction.app_permissions = Some(Permissions::empty());
    interaction.locale = Some(Locale::EnglishUs);
    interaction.guild_locale = Some(Locale::EnglishUs);
    interaction.entitlements = Some(Vec::new());
    interaction.authorizing_integration_owners =
        Some(AuthorizingIntegrationOwners::guild(guild_id));
    interaction.context = Some(InteractionContextType::Guild);
    interaction.attachment_size_limit = Some(ATTACHMENT_SIZE_LIMIT);
    Box::new(interaction)
}

#[expect(clippy::indexing_slicing, reason = "the index is taken modulo the length")]
fn rng_word(n: u64) -> &'static str {
    WORDS[usize::try_from(n % WORDS.len() as u64).unwrap_or(0)]
}
#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Plan, firehose_number};
    use crate::config::WorldSpec;
    use crate::world::generate;

    #[test]
    fn every_event_carries_its_number_and_the_mix_is_seeded() {
        let world =
            generate(&WorldSpec { guilds: 2, members_per_guild: 5, seed: 1, file: None }, "bot");
        let mut plan = Plan::new(&world, 7).unwrap();
        let mut kinds = HashMap::new();
        for n in 0..2_000 {
            let dispatch = plan.event(n);
            assert_eq!(firehose_number(&dispatch.event), Some(n), "{:?}", dispatch.event.kind());
            *kinds.entry(dispatch.event.name().to_owned()).or_insert(0) += 1;
        }
        assert_eq!(kinds.len(), 9, "{kinds:?}");
        let mut again = Plan::new(&world, 7).unwrap();
        let first: Vec<_> = (0..50).map(|n| again.event(n).event.name().to_owned()).collect();
        let mut same = Plan::new(&world, 7).unwrap();
        assert_eq!(
            first,
            (0..50).map(|n| same.event(n).event.name().to_owned()).collect::<Vec<_>>()
        );
    }
}
