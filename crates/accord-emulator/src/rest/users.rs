//! Gateway discovery, the bot user, its guilds and DMs, and voice regions.

use accord_model::gateway::event::GuildMemberRemove;
use accord_model::gateway::{Event, GatewayBot, GatewayInfo, SessionStartLimit};
use accord_model::guild::UnavailableGuild;
use accord_model::id::Id;
use accord_model::id::marker::GuildMarker;
use accord_model::locale::Locale;
use accord_model::permissions::Permissions;
use accord_model::user::{PremiumType, UserFlags};
use serde_json::{Value, json};

use super::call::Call;
use super::error::ApiError;
use super::reply::{Answer, no_content, ok, ok_with_keys};
use crate::shared::Shared;
use crate::world::World;

/// `GET /gateway`.
pub(super) fn get_gateway(shared: &Shared, _: &Call) -> Answer {
    ok(&GatewayInfo::new(shared.ws_origin()))
}

/// `GET /gateway/bot`: the identify budget left and the recommended shard count (one per
/// 1000 guilds).
pub(super) fn get_bot_gateway(shared: &Shared, _: &Call) -> Answer {
    let limits = &shared.config.gateway;
    let (remaining, reset_after) =
        shared.identify.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remaining(
            tokio::time::Instant::now(),
            limits.identify_budget,
            shared.config.timings.identify_budget_window,
        );
    let guilds = shared.read(|world| world.guilds.len());
    let shards = u32::try_from(guilds.div_ceil(1000)).unwrap_or(u32::MAX).max(1);
    ok(&GatewayBot::new(
        shared.ws_origin(),
        shards,
        SessionStartLimit::new(
            limits.identify_budget,
            remaining,
            reset_after,
            limits.max_concurrency,
        ),
    ))
}

/// `GET /users/@me`: the bot user with the private fields Discord adds for its own account
/// (`UserPIIResponse`): `mfa_enabled`, `locale`, `flags`, `public_flags`, `premium_type`
/// and the nullable keys.
pub(super) fn get_my_user(shared: &Shared, _: &Call) -> Answer {
    let mut me = shared.read(|world| world.application.bot.clone());
    me.mfa_enabled.get_or_insert(false);
    me.locale.get_or_insert(Locale::EnglishUs);
    let flags = *me.flags.get_or_insert(UserFlags::empty());
    me.public_flags.get_or_insert(flags);
    me.premium_type.get_or_insert(PremiumType::None);
    me.verified.get_or_insert(true);
    ok_with_keys(
        &me,
        &[
            "banner",
            "accent_color",
            "avatar_decoration_data",
            "collectibles",
            "primary_guild",
            "email",
        ],
    )
}

/// `PATCH /users/@me`: the bot's username (2 to 32 characters); emits USER_UPDATE.
pub(super) fn update_my_user(shared: &Shared, call: &Call) -> Answer {
    let mut fields = call.fields()?;
    let username = fields.string("username", 2, 32);
    let _avatar: Option<Option<String>> = fields.nullable("avatar");
    let _banner: Option<Option<String>> = fields.nullable("banner");
    fields.finish()?;
    shared.mutate(|world| {
        if let Some(username) = username {
            let bot = world.bot_id();
            world.application.bot.username = username.as_str().into();
            let user = world.application.bot.clone();
            world.users.insert(bot, user.clone());
            for guild in world.guilds.values_mut() {
                if let Some(member) = guild.members.get_mut(&bot) {
                    member.user = user.clone();
                }
            }
        }
        let user = world.application.bot.clone();
        world.emit(Event::UserUpdate(Box::new(user.clone())), None);
        ok(&user)
    })
}

/// `GET /users/{user_id}`.
pub(super) fn get_user(shared: &Shared, call: &Call) -> Answer {
    let user_id = call.id("user_id")?;
    shared.read(|world| ok(world.user(user_id)?))
}

fn partial_guild(world: &World, guild_id: Id<GuildMarker>, counts: bool) -> Option<Value> {
    let state = world.guilds.get(&guild_id)?;
    let permissions =
        world.guild_permissions(guild_id, world.bot_id()).unwrap_or(Permissions::empty());
    let mut guild = json!({
        "id": guild_id,
        "name": state.guild.name,
        "icon": state.guild.icon,
        "banner": state.guild.banner,
        "owner": state.guild.owner_id == world.bot_id(),
        "permissions": permissions,
        "features": state.guild.features,
    });
    if counts && let Some(object) = guild.as_object_mut() {
        object.insert("approximate_member_count".to_owned(), json!(state.members.len()));
        object.insert("approximate_presence_count".to_owned(), json!(state.presences.len()));
    }
    Some(guild)
}

/// `GET /users/@me/guilds`: `before`, `after`, `limit` (1 to 200) and `with_counts`.
pub(super) fn list_my_guilds(shared: &Shared, call: &Call) -> Answer {
    let limit = call.query_number("limit", 1_usize, 200)?.unwrap_or(200);
    let before = call.query_id::<GuildMarker>("before")?;
    let after = call.query_id::<GuildMarker>("after")?;
    let counts = call.query_bool("with_counts")?.unwrap_or(false);
    shared.read(|world| {
        let bot = world.bot_id();
        let ids = world
            .guilds
            .iter()
            .filter(|(_, g)| g.members.contains_key(&bot))
            .map(|(id, _)| *id)
            .filter(|id| before.is_none_or(|b| *id < b) && after.is_none_or(|a| *id > a));
        let ids: Vec<_> = if before.is_some() && after.is_none() {
            let all: Vec<_> = ids.collect();
            let skip = all.len().saturating_sub(limit);
            all.into_iter().skip(skip).collect()
        } else {
            ids.take(limit).collect()
        };
        let guilds: Vec<Value> =
            ids.into_iter().filter_map(|id| partial_guild(world, id, counts)).collect();
        ok(&guilds)
    })
}

/// `DELETE /users/@me/guilds/{guild_id}`: the bot leaves; the guild is gone for it
/// (GUILD_DELETE without `unavailable`).
pub(super) fn leave_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.mutate(|world| {
        let bot = world.bot_id();
        let state = world.guild(guild_id)?;
        if !state.members.contains_key(&bot) {
            return Err(ApiError::code(10004));
        }
        let channels = state.channels.clone();
        let state = world.guilds.remove(&guild_id).ok_or_else(|| ApiError::code(10004))?;
        for channel in channels {
            world.channels.remove(&channel);
        }
        world.emit(
            Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(
                guild_id,
                world.application.bot.clone(),
            ))),
            Some(guild_id),
        );
        let mut gone = UnavailableGuild::new(guild_id);
        gone.unavailable = None;
        world.emit(Event::GuildDelete(Box::new(gone)), Some(guild_id));
        drop(state);
        no_content()
    })
}

/// `GET /users/@me/guilds/{guild_id}/member`.
pub(super) fn get_my_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        let member = world.member(guild_id, world.bot_id()).map_err(|_| ApiError::code(10004))?;
        ok(member)
    })
}

/// `POST /users/@me/channels`: the DM channel with `recipient_id`.
pub(super) fn create_dm(shared: &Shared, call: &Call) -> Answer {
    let mut fields = call.fields()?;
    let recipient = fields.required("recipient_id").and_then(|_: Value| fields.id("recipient_id"));
    fields.finish()?;
    let Some(recipient) = recipient else { return Err(ApiError::code(50035)) };
    shared.mutate(|world| {
        let channel_id = world.dm_channel(recipient)?;
        ok(&world.channel(channel_id)?.channel)
    })
}

/// `GET /users/@me/connections`: bots have none.
pub(super) fn list_my_connections(_: &Shared, _: &Call) -> Answer {
    ok(&Vec::<Value>::new())
}

/// The voice regions the emulator offers.
fn regions() -> Value {
    let region = |id: &str, name: &str, optimal: bool| json!({ "id": id, "name": name, "optimal": optimal, "deprecated": false, "custom": false });
    json!([
        region("us-east", "US East", true),
        region("us-west", "US West", false),
        region("rotterdam", "Rotterdam", false),
        region("singapore", "Singapore", false),
    ])
}

/// `GET /voice/regions`.
pub(super) fn list_voice_regions(_: &Shared, _: &Call) -> Answer {
    ok(&regions())
}

/// `GET /guilds/{guild_id}/regions`.
pub(super) fn list_guild_voice_regions(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| world.guild(guild_id).map(|_| ()))?;
    ok(&regions())
}
