//! Folding gateway events into the cache. Every update is idempotent: applying an event twice
//! leaves the state of applying it once (reaction counts excepted, see the crate docs).

mod channel;
mod guild;
mod member;
mod message;
mod other;

use accord_model::gateway::event::GuildCreate;
use accord_model::gateway::{Event, EventType, EventTypeSet};

use crate::InMemoryCache;

/// Writes `update` and the two sets that describe it from one list, so that the sets cannot
/// drift from the match: each handled event with its arm, then the ignored events by name.
macro_rules! update {
    (
        fn update(&$this:ident, $event:ident) {
            $($($variant:ident($binding:pat_param))|+ => $arm:expr,)*
        }
        ignored { $($ignored:ident,)* }
    ) => {
        impl InMemoryCache {
            /// The events [`update`](Self::update) folds into the cache.
            pub const HANDLED_EVENTS: EventTypeSet =
                EventTypeSet::empty()$($(.with(EventType::$variant))+)*;

            /// The events [`update`](Self::update) ignores on purpose, because they carry no
            /// state the cache keeps (the crate's README says why for each). With
            /// [`HANDLED_EVENTS`](Self::HANDLED_EVENTS) they are every event type.
            pub const IGNORED_EVENTS: EventTypeSet =
                EventTypeSet::empty()$(.with(EventType::$ignored))*;

            /// Applies a gateway event: one of [`HANDLED_EVENTS`](Self::HANDLED_EVENTS) changes
            /// what the cache keeps (of the resources it was told to keep); one of
            /// [`IGNORED_EVENTS`](Self::IGNORED_EVENTS), or an event unknown to the model, is
            /// ignored.
            pub fn update(&$this, $event: &Event) {
                match $event {
                    $($(Event::$variant($binding))|+ => $arm,)*
                    $(Event::$ignored(_))|* | Event::Unknown(_) => {}
                    // `Event` is non-exhaustive: only an event added to the model after these
                    // lists gets here, and `every_event_type_is_handled_or_ignored` fails for
                    // it until it is listed above.
                    _ => {}
                }
            }
        }
    };
}

update! {
    fn update(&self, event) {
        Ready(ready) => self.on_ready(ready),
        UserUpdate(user) => self.on_user_update(user),
        GuildCreate(create) => match &**create {
            GuildCreate::Available(guild) => self.on_guild_create(guild),
            GuildCreate::Unavailable(guild) => self.mark_unavailable(guild.id),
            // `GuildCreate` is non-exhaustive: a form this version cannot read leaves the
            // guild's data unknown, which is what unavailable means.
            other => self.mark_unavailable(other.id()),
        },
        GuildUpdate(guild) => self.on_guild_update(guild),
        GuildDelete(guild) => {
            if guild.is_outage() {
                self.mark_unavailable(guild.id);
            } else {
                self.remove_guild(guild.id);
            }
        },
        GuildEmojisUpdate(update) => self.set_emojis(update.guild_id, &update.emojis),
        GuildStickersUpdate(update) => self.set_stickers(update.guild_id, &update.stickers),
        GuildRoleCreate(create) => self.put_role(create.guild_id, &create.role),
        GuildRoleUpdate(update) => self.put_role(update.guild_id, &update.role),
        GuildRoleDelete(delete) => self.delete_role(delete.guild_id, delete.role_id),
        GuildMemberAdd(member) => self.on_member_add(member),
        GuildMemberUpdate(update) => self.on_member_update(update),
        GuildMemberRemove(remove) => self.on_member_remove(remove.guild_id, remove.user.id),
        GuildMembersChunk(chunk) => self.on_members_chunk(chunk),
        ChannelCreate(channel) | ChannelUpdate(channel) => self.put_channel(channel, None),
        ChannelDelete(channel) => self.on_channel_delete(channel.id),
        ChannelPinsUpdate(pins) => self.on_pins_update(pins.channel_id, pins.last_pin_timestamp),
        ChannelInfo(info) => self.on_channel_info(info),
        VoiceChannelStatusUpdate(update) => {
            self.on_voice_status(update.id, update.status.as_ref());
        },
        VoiceChannelStartTimeUpdate(update) => {
            self.on_voice_start_time(update.id, update.voice_start_time);
        },
        ThreadCreate(thread) | ThreadUpdate(thread) => self.put_channel(thread, None),
        ThreadDelete(delete) => self.remove_channel(delete.id),
        ThreadListSync(sync) => self.on_thread_list_sync(sync),
        ThreadMemberUpdate(member) => self.on_thread_member_update(member),
        ThreadMembersUpdate(update) => self.on_thread_members_update(update),
        MessageCreate(message) => self.on_message_create(message),
        MessageUpdate(message) => self.on_message_update(message),
        MessageDelete(delete) => self.remove_messages(delete.channel_id, &[delete.id]),
        MessageDeleteBulk(delete) => self.remove_messages(delete.channel_id, &delete.ids),
        MessageReactionAdd(add) => self.on_reaction_add(add),
        MessageReactionRemove(remove) => self.on_reaction_remove(remove),
        MessageReactionRemoveAll(remove) => {
            self.on_reaction_clear(remove.channel_id, remove.message_id, None);
        },
        MessageReactionRemoveEmoji(remove) => {
            self.on_reaction_clear(remove.channel_id, remove.message_id, Some(&remove.emoji));
        },
        PresenceUpdate(presence) => self.on_presence_update(presence),
        VoiceStateUpdate(state) => self.on_voice_state_update(state),
        TypingStart(typing) => {
            if let (Some(guild_id), Some(member)) = (typing.guild_id, &typing.member) {
                self.put_member_in(guild_id, member);
            }
        },
        StageInstanceCreate(stage) | StageInstanceUpdate(stage) => self.put_stage(stage),
        StageInstanceDelete(stage) => self.remove_stage(stage),
        GuildScheduledEventCreate(event) | GuildScheduledEventUpdate(event) => {
            self.put_scheduled_event(event);
        },
        GuildScheduledEventDelete(event) => self.remove_scheduled_event(event),
    }
    ignored {
        Resumed,
        RateLimited,
        ApplicationCommandPermissionsUpdate,
        AutoModerationRuleCreate,
        AutoModerationRuleUpdate,
        AutoModerationRuleDelete,
        AutoModerationActionExecution,
        EntitlementCreate,
        EntitlementUpdate,
        EntitlementDelete,
        GuildAuditLogEntryCreate,
        GuildBanAdd,
        GuildBanRemove,
        GuildIntegrationsUpdate,
        GuildScheduledEventUserAdd,
        GuildScheduledEventUserRemove,
        GuildSoundboardSoundCreate,
        GuildSoundboardSoundUpdate,
        GuildSoundboardSoundDelete,
        GuildSoundboardSoundsUpdate,
        SoundboardSounds,
        IntegrationCreate,
        IntegrationUpdate,
        IntegrationDelete,
        InteractionCreate,
        InviteCreate,
        InviteDelete,
        MessagePollVoteAdd,
        MessagePollVoteRemove,
        SubscriptionCreate,
        SubscriptionUpdate,
        SubscriptionDelete,
        VoiceChannelEffectSend,
        VoiceServerUpdate,
        WebhooksUpdate,
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::EventType;

    use crate::InMemoryCache;

    #[test]
    fn every_event_type_is_handled_or_ignored() {
        let handled = InMemoryCache::HANDLED_EVENTS;
        let ignored = InMemoryCache::IGNORED_EVENTS;
        for kind in EventType::ALL.iter().copied() {
            assert!(
                handled.contains(kind) || ignored.contains(kind),
                "{kind} is neither handled by InMemoryCache::update nor listed as ignored: \
                 give it an arm, or add it to the ignored list and to the README"
            );
            assert!(
                !(handled.contains(kind) && ignored.contains(kind)),
                "{kind} is both handled and ignored"
            );
        }
    }

    #[test]
    fn the_readme_names_every_ignored_event() {
        let readme = include_str!("../../README.md");
        let ignored: Vec<_> = InMemoryCache::IGNORED_EVENTS.iter().collect();
        assert_eq!(ignored.len(), 35);
        for kind in ignored {
            assert!(readme.contains(&format!("`{kind}`")), "the README does not list {kind}");
        }
    }
}
