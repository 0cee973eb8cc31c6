//! What runs before a command: where it may be used, by whom, with which permissions, custom
//! checks, and cooldowns.

use accord_model::guild::PartialMember;
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use accord_model::permissions::Permissions;

use crate::cache::CacheState;
use crate::command::Command;
use crate::context::Context;
use crate::cooldown::CooldownScope;
use crate::error::{FrameworkError, FrameworkErrorKind};
use crate::permissions;

/// The command and its parents, outermost first.
fn chain<D: Send + Sync + 'static, C: CacheState>(ctx: &Context<D, C>) -> Vec<&Command<D, C>> {
    let mut chain = Vec::new();
    let mut commands = ctx.commands();
    for index in ctx.path.iter() {
        let Some(command) = commands.get(*index) else { break };
        chain.push(command);
        commands = command.subcommands();
    }
    chain
}

fn lookup_error(error: accord_http::Error) -> FrameworkError {
    FrameworkError::with_source(FrameworkErrorKind::Lookup, error)
}

/// The permissions of `user_id` where the command is used; `None` in direct messages.
/// `member` is what the message or interaction says of that member (its roles), so that only
/// the guild and the channel need fetching.
async fn permissions_of<D: Send + Sync + 'static, C: CacheState>(
    ctx: &Context<D, C>,
    user_id: Id<UserMarker>,
    from_interaction: Option<Permissions>,
    member: Option<&PartialMember>,
) -> Result<Option<Permissions>, FrameworkError> {
    let Some(guild_id) = ctx.guild_id() else { return Ok(None) };
    if let Some(permissions) = from_interaction {
        return Ok(Some(permissions));
    }
    #[cfg(feature = "cache")]
    if let Some(cache) = ctx.cache_if_any()
        && let Ok(permissions) = cache.channel_permissions(ctx.channel_id(), user_id)
    {
        return Ok(Some(permissions));
    }
    permissions::fetch(ctx.http(), guild_id, ctx.channel_id(), user_id, member)
        .await
        .map(Some)
        .map_err(lookup_error)
}

async fn bot_user_id<D: Send + Sync + 'static, C: CacheState>(
    ctx: &Context<D, C>,
) -> Result<Id<UserMarker>, FrameworkError> {
    if let Some(id) = ctx.shared.bot_user_id() {
        return Ok(id);
    }
    let user = ctx
        .http()
        .get_my_user()
        .await
        .map_err(lookup_error)?
        .model()
        .await
        .map_err(lookup_error)?;
    *ctx.shared.bot_user_id.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
        Some(user.id);
    Ok(user.id)
}

async fn in_nsfw_channel<D: Send + Sync + 'static, C: CacheState>(
    ctx: &Context<D, C>,
) -> Result<bool, FrameworkError> {
    if ctx.guild_id().is_none() {
        return Ok(true);
    }
    if let Some(channel) = ctx.invocation().interaction().and_then(|i| i.channel.as_deref()) {
        return Ok(channel.is_nsfw());
    }
    let channel = ctx
        .http()
        .get_channel(ctx.channel_id())
        .await
        .map_err(lookup_error)?
        .model()
        .await
        .map_err(lookup_error)?;
    Ok(channel.is_nsfw())
}

/// Runs every check of the command and its parents, then starts its cooldowns.
pub(super) async fn run<D: Send + Sync + 'static, C: CacheState>(
    ctx: &Context<D, C>,
) -> Result<(), FrameworkError> {
    let chain = chain(ctx);
    let interaction = ctx.invocation().interaction();
    for command in &chain {
        if command.is_guild_only() && ctx.guild_id().is_none() {
            return Err(FrameworkError::new(FrameworkErrorKind::GuildOnly));
        }
        if command.is_dm_only() && ctx.guild_id().is_some() {
            return Err(FrameworkError::new(FrameworkErrorKind::DmOnly));
        }
        if command.is_owners_only() && !ctx.is_owner() {
            return Err(FrameworkError::new(FrameworkErrorKind::NotOwner));
        }
        if command.is_nsfw_only() && !in_nsfw_channel(ctx).await? {
            return Err(FrameworkError::new(FrameworkErrorKind::NsfwOnly));
        }
        if !command.required_permissions().is_empty() {
            let given = interaction.and_then(|i| i.member.as_ref()).and_then(|m| m.permissions);
            let member = ctx
                .invocation()
                .message()
                .and_then(|m| m.member.as_deref())
                .or_else(|| interaction.and_then(|i| i.member.as_deref()));
            if let Some(has) = permissions_of(ctx, ctx.author().id, given, member).await? {
                let missing = command.required_permissions() - has;
                if !missing.is_empty() {
                    return Err(FrameworkError::new(FrameworkErrorKind::MissingUserPermissions {
                        missing,
                    }));
                }
            }
        }
        if !command.required_bot_permissions().is_empty() {
            let given = interaction.and_then(|i| i.app_permissions);
            let bot = match given {
                Some(_) => ctx.author().id,
                None => bot_user_id(ctx).await?,
            };
            if let Some(has) = permissions_of(ctx, bot, given, None).await? {
                let missing = command.required_bot_permissions() - has;
                if !missing.is_empty() {
                    return Err(FrameworkError::new(FrameworkErrorKind::MissingBotPermissions {
                        missing,
                    }));
                }
            }
        }
        for check in command.checks() {
            let name = check.name().map(str::to_owned);
            match check.run(ctx.clone()).await {
                Ok(true) => {}
                Ok(false) => {
                    return Err(FrameworkError::new(FrameworkErrorKind::CheckFailed {
                        check: name,
                    }));
                }
                Err(error) => {
                    return Err(FrameworkError::with_source(
                        FrameworkErrorKind::CheckFailed { check: name },
                        error,
                    ));
                }
            }
        }
    }
    if let Some(command) = chain.last() {
        let scope = CooldownScope {
            user_id: ctx.author().id,
            guild_id: ctx.guild_id(),
            channel_id: ctx.channel_id(),
        };
        let name = ctx.command_path().join(" ");
        if let Err((bucket, remaining)) =
            ctx.shared.cooldowns.try_start(&name, command.cooldown(), scope)
        {
            return Err(FrameworkError::new(FrameworkErrorKind::Cooldown { remaining, bucket }));
        }
    }
    Ok(())
}
