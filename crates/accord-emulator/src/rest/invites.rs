//! Invites: creating and listing them per channel or guild, resolving and revoking codes.

use accord_model::audit_log::AuditLogEventType;
use accord_model::gateway::Event;
use accord_model::gateway::event::{InviteCreate, InviteDelete};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GenericMarker, GuildMarker};
use accord_model::invite::{Invite, InviteMetadata, InviteType};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;
use serde_json::json;

use super::call::Call;
use super::common::{channel_permission, guild_of, guild_permission};
use super::error::ApiError;
use super::reply::{Answer, ok};
use crate::shared::Shared;
use crate::world::World;

const CODE_ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn new_code(world: &mut World) -> String {
    let seed: Id<GenericMarker> = world.ids.next();
    let mut value = seed.get().wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..8)
        .map(|_| {
            let index = usize::try_from(value % CODE_ALPHABET.len() as u64).unwrap_or(0);
            value = value.rotate_right(7).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ seed.get();
            #[expect(clippy::indexing_slicing, reason = "the index is taken modulo the length")]
            let letter = CODE_ALPHABET[index];
            char::from(letter)
        })
        .collect()
}

/// An invite with its guild and channel filled in as REST shows them.
fn shown(world: &World, invite: &Invite, counts: bool) -> Invite {
    let mut invite = invite.clone();
    if let Some(guild_id) = invite.guild_id
        && let Some(state) = world.guilds.get(&guild_id)
    {
        {
            let guild = &state.guild;
            invite.guild = serde_json::from_value(json!({
                "id": guild.id, "name": guild.name, "splash": guild.splash, "banner": guild.banner,
                "description": guild.description, "icon": guild.icon, "features": guild.features,
                "verification_level": guild.verification_level, "vanity_url_code": guild.vanity_url_code,
                "nsfw_level": guild.nsfw_level,
            }))
            .ok()
            .map(Box::new);
            if counts {
                invite.approximate_member_count = u32::try_from(state.members.len()).ok();
                invite.approximate_presence_count = u32::try_from(state.presences.len()).ok();
            }
        }
    }
    invite
}

fn alive(invite: &Invite, now: Timestamp) -> bool {
    invite.expires_at.is_none_or(|at| at > now)
        && !(invite.max_uses.unwrap_or(0) > 0 && invite.uses >= invite.max_uses)
}

/// `POST /channels/{channel_id}/invites` (CREATE_INSTANT_INVITE): `max_age` (0 to 604800
/// seconds, a day by default), `max_uses` (0 to 100), `temporary`, `unique`; emits
/// INVITE_CREATE.
pub(super) fn create_channel_invite(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let max_age = fields.integer("max_age", 0, 604_800).unwrap_or(86_400);
    let max_uses = fields.integer("max_uses", 0, 100).unwrap_or(0);
    let temporary = fields.boolean("temporary").unwrap_or(false);
    let unique = fields.boolean("unique").unwrap_or(false);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        channel_permission(world, channel_id, Permissions::CREATE_INSTANT_INVITE)?;
        let bot = world.bot_id();
        let (max_age, max_uses) =
            (u32::try_from(max_age).unwrap_or(0), u32::try_from(max_uses).unwrap_or(0));
        if !unique {
            let now = Timestamp::now();
            let reusable = world.extras.invites.values().find(|i| {
                i.channel.as_ref().is_some_and(|c| c.id == channel_id)
                    && i.inviter.as_ref().is_some_and(|u| u.id == bot)
                    && i.max_age == Some(max_age)
                    && i.max_uses == Some(max_uses)
                    && i.temporary == Some(temporary)
                    && alive(i, now)
            });
            if let Some(invite) = reusable {
                return ok(&shown(world, invite, false));
            }
        }
        let code = new_code(world);
        let now = Timestamp::now();
        let channel = &world.channel(channel_id)?.channel;
        let mut invite = Invite::new(InviteType::Guild, code.as_str())
            .with_metadata(InviteMetadata::new(max_uses, max_age, temporary, now));
        invite.guild_id = Some(guild_id);
        invite.channel = serde_json::from_value(
            json!({ "id": channel.id, "type": channel.kind, "name": channel.name }),
        )
        .ok();
        invite.inviter = Some(world.application.bot.clone());
        invite.expires_at = (max_age > 0).then(|| now.add_micros(i64::from(max_age) * 1_000_000));
        world.extras.invites.insert(code.clone(), invite.clone());
        let mut event = InviteCreate::new(
            channel_id,
            code.as_str().into(),
            now,
            max_age,
            max_uses,
            temporary,
            0,
        );
        event.guild_id = Some(guild_id);
        event.inviter.clone_from(&invite.inviter);
        event.expires_at = invite.expires_at;
        world.emit(Event::InviteCreate(Box::new(event)), Some(guild_id));
        world.audit(guild_id, AuditLogEventType::InviteCreate, None, reason);
        ok(&shown(world, &invite, false))
    })
}

/// `GET /channels/{channel_id}/invites` (MANAGE_CHANNELS).
pub(super) fn list_channel_invites(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        guild_of(world, channel_id)?;
        channel_permission(world, channel_id, Permissions::MANAGE_CHANNELS)?;
        let now = Timestamp::now();
        let invites: Vec<Invite> = world
            .extras
            .invites
            .values()
            .filter(|i| i.channel.as_ref().is_some_and(|c| c.id == channel_id) && alive(i, now))
            .map(|i| shown(world, i, false))
            .collect();
        ok(&invites)
    })
}

/// `GET /guilds/{guild_id}/invites` (MANAGE_GUILD).
pub(super) fn list_guild_invites(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD)?;
        let now = Timestamp::now();
        let invites: Vec<Invite> = world
            .extras
            .invites
            .values()
            .filter(|i| i.guild_id == Some(guild_id) && alive(i, now))
            .map(|i| shown(world, i, false))
            .collect();
        ok(&invites)
    })
}

/// `GET /invites/{code}`: `with_counts` adds approximate counts; 10006 for unknown or expired
/// codes.
pub(super) fn invite_resolve(shared: &Shared, call: &Call) -> Answer {
    let code = call.param("code").to_owned();
    let counts = call.query_bool("with_counts")?.unwrap_or(false);
    shared.read(|world| {
        let invite = world
            .extras
            .invites
            .get(&code)
            .filter(|i| alive(i, Timestamp::now()))
            .ok_or_else(|| ApiError::code(10006))?;
        let mut shown = shown(world, invite, counts);
        shown.uses = None;
        shown.max_uses = None;
        shown.max_age = None;
        shown.temporary = None;
        shown.created_at = None;
        ok(&shown)
    })
}

/// `DELETE /invites/{code}` (MANAGE_CHANNELS on its channel, or MANAGE_GUILD): emits
/// INVITE_DELETE.
pub(super) fn invite_revoke(shared: &Shared, call: &Call) -> Answer {
    let code = call.param("code").to_owned();
    let reason = call.reason();
    shared.mutate(|world| {
        let invite =
            world.extras.invites.get(&code).cloned().ok_or_else(|| ApiError::code(10006))?;
        let channel_id =
            invite.channel.as_ref().map(|c| c.id).ok_or_else(|| ApiError::code(10006))?;
        if channel_permission(world, channel_id, Permissions::MANAGE_CHANNELS).is_err() {
            let guild_id = invite.guild_id.ok_or_else(|| ApiError::code(50013))?;
            guild_permission(world, guild_id, Permissions::MANAGE_GUILD)?;
        }
        world.extras.invites.remove(&code);
        let mut event = InviteDelete::new(channel_id, code.as_str().into());
        event.guild_id = invite.guild_id;
        world.emit(Event::InviteDelete(Box::new(event)), invite.guild_id);
        if let Some(guild_id) = invite.guild_id {
            world.audit(guild_id, AuditLogEventType::InviteDelete, None, reason);
        }
        ok(&shown(world, &invite, false))
    })
}
