//! Guild members: listing, searching, adding, editing and kicking them, their roles, bans
//! and voice states.

use accord_model::guild::{Ban, BulkBan, Member, MemberFlags};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::util::Timestamp;
use accord_model::voice::VoiceState;

use crate::response::EmptyBody;
use crate::validate::{chars, count, range};

requests! {
    /// Lists the members of a guild, by user id (needs the `GUILD_MEMBERS` intent).
    list_guild_members => ListGuildMembers: GET "/guilds/{guild_id}/members" -> Vec<Member> {
        path: guild_id: Id<GuildMarker>;
        query:
            /// 1 to 1000, 1 by default.
            limit: u16 [range(1, 1000)],
            /// Only members with a greater user id.
            after: Id<UserMarker>;
    }

    /// Finds members whose username or nickname starts with `query` (1 to 100 characters).
    search_guild_members => SearchGuildMembers:
        GET "/guilds/{guild_id}/members/search" -> Vec<Member> {
        path: guild_id: Id<GuildMarker>;
        query_args: query: &'a str;
        query:
            /// 1 to 1000, 1 by default.
            limit: u16 [range(1, 1000)];
    }

    /// Returns a member.
    get_guild_member => GetGuildMember: GET "/guilds/{guild_id}/members/{user_id}" -> Member {
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
    }

    /// Adds a user to a guild with an OAuth2 access token of theirs (`guilds.join` scope).
    /// Discord answers with the member, or nothing if the user was already there.
    add_guild_member => AddGuildMember:
        PUT "/guilds/{guild_id}/members/{user_id}" -> Option<Member> {
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
        args: access_token: &'a str;
        fields:
            /// At most 32 characters.
            nick: &'a str [chars(0, 32)],
            roles: &'a [Id<RoleMarker>] [count(0, 250)],
            mute: bool,
            deaf: bool,
            flags: MemberFlags;
    }

    /// Kicks a member.
    delete_guild_member => DeleteGuildMember:
        DELETE "/guilds/{guild_id}/members/{user_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
    }

    /// Changes a member: nickname, roles, voice state, timeout.
    update_guild_member => UpdateGuildMember:
        PATCH "/guilds/{guild_id}/members/{user_id}" -> Member {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
        nullable:
            /// At most 32 characters; `None` removes it.
            nick: &'a str [chars(0, 32)],
            /// The member's roles, replacing the current ones.
            roles: &'a [Id<RoleMarker>] [count(0, 350)],
            mute: bool,
            deaf: bool,
            /// Moves the member to a voice channel; `None` disconnects them.
            channel_id: Id<ChannelMarker>,
            /// Times the member out until then (at most 28 days ahead); `None` lifts it.
            communication_disabled_until: Timestamp,
            flags: MemberFlags;
    }

    /// Changes the bot's own member: nickname, and its guild avatar, banner and bio.
    update_my_guild_member => UpdateMyGuildMember:
        PATCH "/guilds/{guild_id}/members/@me" -> Member {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        nullable:
            /// At most 32 characters; `None` removes it.
            nick: &'a str [chars(0, 32)],
            /// A data URI of the avatar.
            avatar: &'a str,
            /// A data URI of the banner.
            banner: &'a str,
            /// At most 190 characters.
            bio: &'a str [chars(0, 190)];
    }

    /// Returns the user's member object in a guild (Bearer token with the
    /// `guilds.members.read` scope).
    get_my_guild_member => GetMyGuildMember: GET "/users/@me/guilds/{guild_id}/member" -> Member {
        path: guild_id: Id<GuildMarker>;
    }

    /// Gives a member a role.
    add_guild_member_role => AddGuildMemberRole:
        PUT "/guilds/{guild_id}/members/{user_id}/roles/{role_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>, role_id: Id<RoleMarker>;
    }

    /// Takes a role from a member.
    delete_guild_member_role => DeleteGuildMemberRole:
        DELETE "/guilds/{guild_id}/members/{user_id}/roles/{role_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>, role_id: Id<RoleMarker>;
    }

    /// Lists the bans of a guild, by user id.
    list_guild_bans => ListGuildBans: GET "/guilds/{guild_id}/bans" -> Vec<Ban> {
        path: guild_id: Id<GuildMarker>;
        query:
            /// 1 to 1000, 1000 by default.
            limit: u16 [range(1, 1000)],
            before: Id<UserMarker>,
            after: Id<UserMarker>;
    }

    /// Returns the ban of a user.
    get_guild_ban => GetGuildBan: GET "/guilds/{guild_id}/bans/{user_id}" -> Ban {
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
    }

    /// Bans a user.
    ban_user_from_guild => BanUserFromGuild: PUT "/guilds/{guild_id}/bans/{user_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
        fields:
            /// Deletes the user's messages of the last 0 to 604800 seconds (7 days).
            delete_message_seconds: u32 [range(0, 604_800)];
    }

    /// Lifts the ban of a user.
    unban_user_from_guild => UnbanUserFromGuild:
        DELETE "/guilds/{guild_id}/bans/{user_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
    }

    /// Bans up to 200 users at once.
    bulk_ban_users_from_guild => BulkBanUsersFromGuild: POST "/guilds/{guild_id}/bulk-ban" -> BulkBan {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args: user_ids: &'a [Id<UserMarker>] [count(1, 200)];
        fields:
            /// Deletes the users' messages of the last 0 to 604800 seconds (7 days).
            delete_message_seconds: u32 [range(0, 604_800)];
    }

    /// Returns the bot's voice state in a guild.
    get_self_voice_state => GetSelfVoiceState: GET "/guilds/{guild_id}/voice-states/@me" -> VoiceState {
        path: guild_id: Id<GuildMarker>;
    }

    /// Changes the bot's voice state in a stage: suppression and request to speak.
    update_self_voice_state => UpdateSelfVoiceState:
        PATCH "/guilds/{guild_id}/voice-states/@me" -> EmptyBody {
        path: guild_id: Id<GuildMarker>;
        fields:
            /// The stage channel the bot is in.
            channel_id: Id<ChannelMarker>,
            suppress: bool;
        nullable:
            /// Requests to speak (the present or a future time); `None` withdraws it.
            request_to_speak_timestamp: Timestamp;
    }

    /// Returns a user's voice state in a guild.
    get_voice_state => GetVoiceState:
        GET "/guilds/{guild_id}/voice-states/{user_id}" -> VoiceState {
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
    }

    /// Changes a user's voice state in a stage: whether they are suppressed.
    update_voice_state => UpdateVoiceState:
        PATCH "/guilds/{guild_id}/voice-states/{user_id}" -> EmptyBody {
        path: guild_id: Id<GuildMarker>, user_id: Id<UserMarker>;
        fields:
            /// The stage channel the user is in.
            channel_id: Id<ChannelMarker>,
            suppress: bool;
    }
}
