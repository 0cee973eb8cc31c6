//! Members: listing and searching, reading, changing (nickname, roles, timeout, voice),
//! adding and removing roles, kicking, with the role hierarchy enforced.

use accord_model::audit_log::AuditLogEventType;
use accord_model::gateway::Intents;
use accord_model::guild::Member;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;

use super::call::Call;
use super::common::guild_permission;
use super::error::ApiError;
use super::reply::{Answer, created, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// The longest timeout: 28 days.
const MAX_TIMEOUT_MICROS: i64 = 28 * 24 * 3600 * 1_000_000;

/// `GET /guilds/{guild_id}/members`: `limit` (1 to 1000, 1 by default) members after
/// `after`, by user id. Needs the GUILD_MEMBERS intent (50001 without).
pub(super) fn list_guild_members(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let limit = call.query_number("limit", 1_usize, 1000)?.unwrap_or(1);
    let after = call.query_id::<UserMarker>("after")?;
    if !shared.config.granted_intents.contains(Intents::GUILD_MEMBERS) {
        return Err(ApiError::code(50001));
    }
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let members: Vec<&Member> = world
            .guild(guild_id)?
            .members
            .range((
                after.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded),
                std::ops::Bound::Unbounded,
            ))
            .map(|(_, m)| m)
            .take(limit)
            .collect();
        ok(&members)
    })
}

/// `GET /guilds/{guild_id}/members/search`: members whose username or nickname starts with
/// `query` (case-insensitive), `limit` 1 to 1000.
pub(super) fn search_guild_members(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let Some(query) = call.query("query") else {
        return Err(ApiError::form("query", "BASE_TYPE_REQUIRED", "This field is required"));
    };
    let query = query.to_lowercase();
    let limit = call.query_number("limit", 1_usize, 1000)?.unwrap_or(1);
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let members: Vec<&Member> = world
            .guild(guild_id)?
            .members
            .values()
            .filter(|m| {
                m.user.username.to_lowercase().starts_with(&query)
                    || m.nick.as_ref().is_some_and(|n| n.to_lowercase().starts_with(&query))
                    || m.user
                        .global_name
                        .as_ref()
                        .is_some_and(|n| n.to_lowercase().starts_with(&query))
            })
            .take(limit)
            .collect();
        ok(&members)
    })
}

/// `GET /guilds/{guild_id}/members/{user_id}`.
pub(super) fn get_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(world.member(guild_id, user_id)?)
    })
}

/// Fails with 50013 unless the bot has `needed` and outranks the member.
fn check_over(
    world: &World,
    guild_id: Id<GuildMarker>,
    user_id: Id<UserMarker>,
    needed: Permissions,
) -> Result<(), ApiError> {
    guild_permission(world, guild_id, needed)?;
    world.member(guild_id, user_id)?;
    if world.outranks(guild_id, world.bot_id(), user_id)? {
        Ok(())
    } else {
        Err(ApiError::code(50013))
    }
}

/// `PATCH /guilds/{guild_id}/members/{user_id}`: `nick` (MANAGE_NICKNAMES), `roles`
/// (MANAGE_ROLES, each changed role below the bot's highest), `communication_disabled_until`
/// (MODERATE_MEMBERS, at most 28 days ahead, not on administrators), `mute`, `deaf`,
/// `channel_id`; emits GUILD_MEMBER_UPDATE.
pub(super) fn update_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let mut fields = call.fields()?;
    let nick: Option<Option<String>> = if fields.has("nick") {
        match fields.raw("nick") {
            None => Some(None),
            Some(_) => fields.string("nick", 0, 32).map(|n| (!n.is_empty()).then_some(n)),
        }
    } else {
        None
    };
    let roles: Option<Vec<Id<RoleMarker>>> = fields.ids("roles", 250);
    let timeout: Option<Option<Timestamp>> = fields.nullable("communication_disabled_until");
    let now = Timestamp::now();
    if let Some(Some(until)) = timeout
        && until.as_micros() > now.as_micros() + MAX_TIMEOUT_MICROS
    {
        fields.error(
            "communication_disabled_until",
            "BASE_TYPE_BAD_TIME",
            "The timeout must be at most 28 days in the future.",
        );
    }
    let mute = fields.boolean("mute");
    let deaf = fields.boolean("deaf");
    let channel: Option<Option<Id<ChannelMarker>>> = fields.nullable("channel_id");
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        let bot = world.bot_id();
        let member = world.member(guild_id, user_id)?.clone();
        if nick.is_some() {
            if user_id == bot {
                guild_permission(world, guild_id, Permissions::CHANGE_NICKNAME)?;
            } else {
                check_over(world, guild_id, user_id, Permissions::MANAGE_NICKNAMES)?;
            }
        }
        if let Some(roles) = &roles {
            guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
            for role in roles {
                world.role(guild_id, *role)?;
            }
            let changed = roles
                .iter()
                .filter(|r| !member.roles.contains(r))
                .chain(member.roles.iter().filter(|r| !roles.contains(r)));
            for role in changed {
                if world.role(guild_id, *role)?.managed
                    || !world.role_below(guild_id, bot, *role)?
                {
                    return Err(ApiError::code(50013));
                }
            }
        }
        if timeout.is_some() {
            check_over(world, guild_id, user_id, Permissions::MODERATE_MEMBERS)?;
            let theirs = world.guild_permissions(guild_id, user_id)?;
            if theirs.contains(Permissions::ADMINISTRATOR) {
                return Err(ApiError::code(50013));
            }
        }
        if mute.is_some() {
            guild_permission(world, guild_id, Permissions::MUTE_MEMBERS)?;
        }
        if deaf.is_some() {
            guild_permission(world, guild_id, Permissions::DEAFEN_MEMBERS)?;
        }
        if channel.is_some() {
            guild_permission(world, guild_id, Permissions::MOVE_MEMBERS)?;
        }
        let role_change = roles.is_some();
        let updated = world.change_member(guild_id, user_id, |member| {
            if let Some(nick) = nick {
                member.nick = nick.map(Into::into);
            }
            if let Some(roles) = roles {
                member.roles = roles;
            }
            if let Some(timeout) = timeout {
                member.communication_disabled_until = timeout.filter(|t| *t > now);
            }
            if let Some(mute) = mute {
                member.mute = mute;
            }
            if let Some(deaf) = deaf {
                member.deaf = deaf;
            }
        })?;
        let action = if role_change {
            AuditLogEventType::MemberRoleUpdate
        } else {
            AuditLogEventType::MemberUpdate
        };
        world.audit(guild_id, action, Some(user_id.cast()), reason);
        ok(&updated)
    })
}

/// `PATCH /guilds/{guild_id}/members/@me`: the bot's own nickname (CHANGE_NICKNAME).
pub(super) fn update_my_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let nick = if fields.raw("nick").is_some() { fields.string("nick", 0, 32) } else { None };
    let clear = fields.has("nick") && fields.raw("nick").is_none();
    fields.finish()?;
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::CHANGE_NICKNAME)?;
        let bot = world.bot_id();
        let member = world.change_member(guild_id, bot, |member| {
            if let Some(nick) = nick {
                member.nick = (!nick.is_empty()).then(|| nick.into());
            } else if clear {
                member.nick = None;
            }
        })?;
        ok(&member)
    })
}

/// `PUT /guilds/{guild_id}/members/{user_id}`: adds a known user with an OAuth2
/// `access_token` (any non-empty one; the emulator does not model OAuth2): 201 with the
/// member, or 204 when already a member.
pub(super) fn add_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let mut fields = call.fields()?;
    let token = fields.required_string("access_token", 1, 512);
    let nick = fields.string("nick", 1, 32);
    let roles: Option<Vec<Id<RoleMarker>>> = fields.ids("roles", 250);
    fields.finish()?;
    if token.is_none() {
        return Err(ApiError::code(50025));
    }
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::CREATE_INSTANT_INVITE)?;
        world.user(user_id)?;
        if world.guild(guild_id)?.members.contains_key(&user_id) {
            return no_content();
        }
        if world.bans(guild_id).is_some_and(|b| b.contains_key(&user_id)) {
            return Err(ApiError::code(50013));
        }
        if nick.is_some() {
            guild_permission(world, guild_id, Permissions::MANAGE_NICKNAMES)?;
        }
        if roles.is_some() {
            guild_permission(world, guild_id, Permissions::MANAGE_ROLES)?;
        }
        world.join_guild(guild_id, user_id)?;
        let state = world.guild_mut(guild_id)?;
        let member = state.members.get_mut(&user_id).ok_or_else(|| ApiError::code(10007))?;
        member.nick = nick.map(Into::into);
        member.roles = roles.unwrap_or_default();
        created(&member.clone())
    })
}

/// `DELETE /guilds/{guild_id}/members/{user_id}`: kick (KICK_MEMBERS, outranking the member);
/// emits GUILD_MEMBER_REMOVE.
pub(super) fn delete_guild_member(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        check_over(world, guild_id, user_id, Permissions::KICK_MEMBERS)?;
        world.leave_guild(guild_id, user_id)?;
        world.audit(guild_id, AuditLogEventType::MemberKick, Some(user_id.cast()), reason);
        no_content()
    })
}

fn member_role(call: &Call, add: bool, shared: &Shared) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let role_id = call.id::<RoleMarker>("role_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        let has = world.member(guild_id, user_id)?.roles.contains(&role_id);
        let role = world.role(guild_id, role_id)?;
        if role.managed || role_id == guild_id.cast() {
            return Err(ApiError::code(50013));
        }
        super::roles::check_manageable(world, guild_id, role_id)?;
        if has != add {
            world.change_member(guild_id, user_id, |member| {
                if add {
                    member.roles.push(role_id);
                } else {
                    member.roles.retain(|r| *r != role_id);
                }
            })?;
            world.audit(
                guild_id,
                AuditLogEventType::MemberRoleUpdate,
                Some(user_id.cast()),
                reason,
            );
        }
        no_content()
    })
}

/// `PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}`: emits GUILD_MEMBER_UPDATE.
pub(super) fn add_guild_member_role(shared: &Shared, call: &Call) -> Answer {
    member_role(call, true, shared)
}

/// `DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}`: emits GUILD_MEMBER_UPDATE.
pub(super) fn delete_guild_member_role(shared: &Shared, call: &Call) -> Answer {
    member_role(call, false, shared)
}
