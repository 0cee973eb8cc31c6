//! Users: the current user, other users, DMs and connections.

use accord_model::channel::Channel;
use accord_model::guild::PartialGuild;
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::user::{Connection, User};

use crate::response::EmptyBody;
use crate::validate::{chars, range};

requests! {
    /// Returns the user of the token.
    get_my_user => GetMyUser: GET "/users/@me" -> User {}

    /// Changes the username, avatar or banner of the bot's user.
    update_my_user => UpdateMyUser: PATCH "/users/@me" -> User {
        fields:
            /// 2 to 32 characters.
            username: &'a str [chars(2, 32)];
        nullable:
            /// A data URI of the image (`data:image/png;base64,...`).
            avatar: &'a str,
            /// A data URI of the image.
            banner: &'a str;
    }

    /// Returns a user.
    get_user => GetUser: GET "/users/{user_id}" -> User {
        path: user_id: Id<UserMarker>;
    }

    /// Opens (or returns the open) DM channel with a user.
    create_dm => CreateDm: POST "/users/@me/channels" -> Channel {
        args: recipient_id: Id<UserMarker>;
    }

    /// Lists the connected accounts of the user (an OAuth2 `connections` scope).
    list_my_connections => ListMyConnections: GET "/users/@me/connections" -> Vec<Connection> {}

    /// Leaves a guild.
    leave_guild => LeaveGuild: DELETE "/users/@me/guilds/{guild_id}" -> EmptyBody {
        path: guild_id: Id<GuildMarker>;
    }

    /// Lists the guilds of the user (200 at a time).
    list_my_guilds => ListMyGuilds: GET "/users/@me/guilds" -> Vec<PartialGuild> {
        query:
            before: Id<GuildMarker>,
            after: Id<GuildMarker>,
            limit: u16 [range(1, 200)],
            with_counts: bool;
    }
}
