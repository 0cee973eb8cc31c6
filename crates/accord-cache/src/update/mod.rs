//! Folding gateway events into the cache. Every update is idempotent: applying an event twice
//! leaves the state of applying it once (reaction counts excepted, see the crate docs).

mod channel;
mod guild;
mod member;
mod message;
mod other;

use accord_model::gateway::Event;
use accord_model::gateway::event::GuildCreate;

use crate::InMemoryCache;

impl InMemoryCache {
    /// Applies a gateway event. Events about resources the cache does not keep, and events
    /// that carry no state (typing, interactions, invites…), are ignored.
    pub fn update(&self, event: &Event) {
        match event {
            Event::Ready(ready) => self.on_ready(ready),
            Event::UserUpdate(user) => self.on_user_update(user),
            Event::GuildCreate(create) => match &**create {
                GuildCreate::Available(guild) => self.on_guild_create(guild),
                GuildCreate::Unavailable(guild) => self.mark_unavailable(guild.id),
                _ => {}
            },
            Event::GuildUpdate(guild) => self.on_guild_update(guild),
            Event::GuildDelete(guild) => {
                if guild.is_outage() {
                    self.mark_unavailable(guild.id);
                } else {
                    self.remove_guild(guild.id);
                }
            }
            Event::GuildEmojisUpdate(update) => self.set_emojis(update.guild_id, &update.emojis),
            Event::GuildStickersUpdate(update) => {
                self.set_stickers(update.guild_id, &update.stickers);
            }
            Event::GuildRoleCreate(create) => self.put_role(create.guild_id, &create.role),
            Event::GuildRoleUpdate(update) => self.put_role(update.guild_id, &update.role),
            Event::GuildRoleDelete(delete) => self.delete_role(delete.guild_id, delete.role_id),
            Event::GuildMemberAdd(member) => self.on_member_add(member),
            Event::GuildMemberUpdate(update) => self.on_member_update(update),
            Event::GuildMemberRemove(remove) => {
                self.on_member_remove(remove.guild_id, remove.user.id);
            }
            Event::GuildMembersChunk(chunk) => self.on_members_chunk(chunk),
            Event::ChannelCreate(channel) | Event::ChannelUpdate(channel) => {
                self.put_channel(channel, None);
            }
            Event::ChannelDelete(channel) => self.on_channel_delete(channel.id),
            Event::ChannelPinsUpdate(pins) => {
                self.on_pins_update(pins.channel_id, pins.last_pin_timestamp);
            }
            Event::ChannelInfo(info) => self.on_channel_info(info),
            Event::VoiceChannelStatusUpdate(update) => {
                self.on_voice_status(update.id, update.status.as_ref());
            }
            Event::VoiceChannelStartTimeUpdate(update) => {
                self.on_voice_start_time(update.id, update.voice_start_time);
            }
            Event::ThreadCreate(thread) | Event::ThreadUpdate(thread) => {
                self.put_channel(thread, None);
            }
            Event::ThreadDelete(delete) => self.remove_channel(delete.id),
            Event::ThreadListSync(sync) => self.on_thread_list_sync(sync),
            Event::ThreadMemberUpdate(member) => self.on_thread_member_update(member),
            Event::ThreadMembersUpdate(update) => self.on_thread_members_update(update),
            Event::MessageCreate(message) => self.on_message_create(message),
            Event::MessageUpdate(message) => self.on_message_update(message),
            Event::MessageDelete(delete) => self.remove_messages(delete.channel_id, &[delete.id]),
            Event::MessageDeleteBulk(delete) => {
                self.remove_messages(delete.channel_id, &delete.ids);
            }
            Event::MessageReactionAdd(add) => self.on_reaction_add(add),
            Event::MessageReactionRemove(remove) => self.on_reaction_remove(remove),
            Event::MessageReactionRemoveAll(remove) => {
                self.on_reaction_clear(remove.channel_id, remove.message_id, None);
            }
            Event::MessageReactionRemoveEmoji(remove) => {
                self.on_reaction_clear(remove.channel_id, remove.message_id, Some(&remove.emoji));
            }
            Event::PresenceUpdate(presence) => self.on_presence_update(presence),
            Event::VoiceStateUpdate(state) => self.on_voice_state_update(state),
            Event::TypingStart(typing) => {
                if let (Some(guild_id), Some(member)) = (typing.guild_id, &typing.member) {
                    self.put_member_in(guild_id, member);
                }
            }
            Event::StageInstanceCreate(stage) | Event::StageInstanceUpdate(stage) => {
                self.put_stage(stage);
            }
            Event::StageInstanceDelete(stage) => self.remove_stage(stage),
            Event::GuildScheduledEventCreate(event) | Event::GuildScheduledEventUpdate(event) => {
                self.put_scheduled_event(event);
            }
            Event::GuildScheduledEventDelete(event) => self.remove_scheduled_event(event),
            _ => {}
        }
    }
}
