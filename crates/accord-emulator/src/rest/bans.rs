//! Bans: listing, reading, banning one user or many, and lifting bans.

use accord_model::audit_log::AuditLogEventType;
use accord_model::guild::{Ban, BulkBan};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::permissions::Permissions;

use super::call::Call;
use super::common::guild_permission;
use super::error::ApiError;
use super::reply::{Answer, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// The longest history a ban deletes: 7 days.
const MAX_DELETE_SECONDS: i64 = 604_800;

/// `GET /guilds/{guild_id}/bans` (BAN_MEMBERS): `limit` (1 to 1000), `before`, `after`.
pub(super) fn list_guild_bans(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let limit = call.query_number("limit", 1_usize, 1000)?.unwrap_or(1000);
    let before = call.query_id::<UserMarker>("before")?;
    let after = call.query_id::<UserMarker>("after")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::BAN_MEMBERS)?;
        let bans = world.bans(guild_id).into_iter().flatten();
        let bans: Vec<&Ban> = match (before, after) {
            (Some(before), None) => {
                let all: Vec<_> = bans.filter(|(id, _)| **id < before).map(|(_, b)| b).collect();
                let skip = all.len().saturating_sub(limit);
                all.into_iter().skip(skip).collect()
            }
            _ => bans
                .filter(|(id, _)| after.is_none_or(|a| **id > a) && before.is_none_or(|b| **id < b))
                .map(|(_, b)| b)
                .take(limit)
                .collect(),
        };
        ok(&bans)
    })
}

/// `GET /guilds/{guild_id}/bans/{user_id}`: 10026 when the user is not banned.
pub(super) fn get_guild_ban(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::BAN_MEMBERS)?;
        ok(world
            .bans(guild_id)
            .and_then(|b| b.get(&user_id))
            .ok_or_else(|| ApiError::code(10026))?)
    })
}

/// Whether the bot may ban the user: members only when it outranks them.
fn bannable(
    world: &World,
    guild_id: Id<GuildMarker>,
    user_id: Id<UserMarker>,
) -> Result<bool, ApiError> {
    world.user(user_id)?;
    if user_id == world.bot_id() || user_id == world.guild(guild_id)?.guild.owner_id {
        return Ok(false);
    }
    if world.guild(guild_id)?.members.contains_key(&user_id) {
        return Ok(world.outranks(guild_id, world.bot_id(), user_id)?);
    }
    Ok(true)
}

/// `PUT /guilds/{guild_id}/bans/{user_id}` (BAN_MEMBERS): `delete_message_seconds` up to 7
/// days; emits GUILD_MEMBER_REMOVE, MESSAGE_DELETE_BULK and GUILD_BAN_ADD.
pub(super) fn ban_user_from_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let mut fields = call.fields()?;
    let seconds = fields.integer("delete_message_seconds", 0, MAX_DELETE_SECONDS);
    let days = fields.integer("delete_message_days", 0, 7);
    fields.finish()?;
    let seconds = seconds.or(days.map(|d| d * 86_400)).unwrap_or(0);
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::BAN_MEMBERS)?;
        if !bannable(world, guild_id, user_id)? {
            return Err(ApiError::code(50013));
        }
        world.ban(guild_id, user_id, reason.clone(), u64::try_from(seconds).unwrap_or(0))?;
        world.audit(guild_id, AuditLogEventType::MemberBanAdd, Some(user_id.cast()), reason);
        no_content()
    })
}

/// `DELETE /guilds/{guild_id}/bans/{user_id}`: emits GUILD_BAN_REMOVE.
pub(super) fn unban_user_from_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let user_id = call.id::<UserMarker>("user_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::BAN_MEMBERS)?;
        world.unban(guild_id, user_id)?;
        world.audit(guild_id, AuditLogEventType::MemberBanRemove, Some(user_id.cast()), reason);
        no_content()
    })
}

/// `POST /guilds/{guild_id}/bulk-ban` (BAN_MEMBERS and MANAGE_GUILD): up to 200 users; those
/// the bot may not ban (or already banned) come back in `failed_users`.
pub(super) fn bulk_ban_users_from_guild(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let users: Vec<Id<UserMarker>> = fields.ids("user_ids", 200).unwrap_or_default();
    if !fields.has("user_ids") {
        fields.error("user_ids", "BASE_TYPE_REQUIRED", "This field is required");
    }
    let seconds = fields.integer("delete_message_seconds", 0, MAX_DELETE_SECONDS).unwrap_or(0);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::BAN_MEMBERS | Permissions::MANAGE_GUILD)?;
        let mut result = BulkBan::default();
        for user_id in users {
            let banned = world.bans(guild_id).is_some_and(|b| b.contains_key(&user_id));
            if banned || !bannable(world, guild_id, user_id).unwrap_or(false) {
                result.failed_users.push(user_id);
                continue;
            }
            world.ban(guild_id, user_id, reason.clone(), u64::try_from(seconds).unwrap_or(0))?;
            world.audit(
                guild_id,
                AuditLogEventType::MemberBanAdd,
                Some(user_id.cast()),
                reason.clone(),
            );
            result.banned_users.push(user_id);
        }
        if result.banned_users.is_empty() {
            return Err(ApiError::code(500_000));
        }
        ok(&result)
    })
}
