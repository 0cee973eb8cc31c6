//! Discord entities as arguments: users, members, channels, roles, mentionables and
//! attachments, from mentions or ids in prefix commands and from resolved data in slash
//! commands.
//!
//! Prefix lookups use the message's mentions first and REST requests otherwise (`GET
//! /users/{id}`, the guild member, the channel, the guild's roles).

use std::future::Future;

use accord_http::StatusCode;
use accord_model::application::command::{CommandOption, CommandOptionType, CommandType};
use accord_model::channel::Channel;
use accord_model::guild::{Member, PartialMember, Role};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, RoleMarker, UserMarker};
use accord_model::interaction::CommandOptionValue;
use accord_model::message::{Attachment, Message};
use accord_model::user::User;

use super::{
    ArgumentError, ArgumentErrorKind, ContextMenuTarget, PrefixArgs, PrefixArgument, SlashArgument,
};
use crate::invocation::Invocation;

/// A user or a role, the value of a mentionable option.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Mentionable {
    /// A user.
    User(Box<User>),
    /// A role.
    Role(Box<Role>),
}

/// The id in `<@123>`, `<@!123>` or `123`.
fn user_id(token: &str) -> Option<Id<UserMarker>> {
    let inner = token.strip_prefix("<@").and_then(|t| t.strip_suffix('>'));
    let digits = inner.map_or(token, |inner| inner.strip_prefix('!').unwrap_or(inner));
    digits.parse().ok()
}

/// The id in `<#123>` or `123`.
fn channel_id(token: &str) -> Option<Id<ChannelMarker>> {
    token.strip_prefix("<#").and_then(|t| t.strip_suffix('>')).unwrap_or(token).parse().ok()
}

/// The id in `<@&123>` or `123`.
fn role_id(token: &str) -> Option<Id<RoleMarker>> {
    token.strip_prefix("<@&").and_then(|t| t.strip_suffix('>')).unwrap_or(token).parse().ok()
}

fn is_not_found(error: &accord_http::Error) -> bool {
    matches!(
        error.status(),
        Some(StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::BAD_REQUEST)
    )
}

fn lookup_failed(error: accord_http::Error) -> ArgumentError {
    ArgumentError::custom(error)
}

fn slash_id<M>(value: &CommandOptionValue, what: &'static str) -> Result<Id<M>, ArgumentError> {
    value.as_id().ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), what))
}

async fn fetch_user(
    invocation: &Invocation,
    id: Id<UserMarker>,
    token: &str,
) -> Result<User, ArgumentError> {
    if let Some(mention) =
        invocation.message().and_then(|m| m.mentions.iter().find(|m| m.user.id == id))
    {
        return Ok(mention.user.clone());
    }
    match invocation.http().get_user(id).await {
        Ok(response) => response.model().await.map_err(lookup_failed),
        Err(error) if is_not_found(&error) => Err(ArgumentError::not_found("user", token)),
        Err(error) => Err(lookup_failed(error)),
    }
}

impl SlashArgument for User {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::User;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let id = slash_id(value, "a user")?;
        invocation
            .resolved()
            .and_then(|resolved| resolved.user(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("user", id.to_string()))
    }
}

impl PrefixArgument for User {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let token = args.token();
        async move {
            let token = token?;
            let id = user_id(&token)
                .ok_or_else(|| ArgumentError::invalid(token.clone(), "a user mention or id"))?;
            fetch_user(invocation, id, &token).await
        }
    }
}

/// A member built from the partial member and the user of resolved data.
fn member_of(user: User, partial: &PartialMember) -> Member {
    let mut member = Member::new(user, partial.joined_at);
    member.nick.clone_from(&partial.nick);
    member.avatar.clone_from(&partial.avatar);
    member.roles.clone_from(&partial.roles);
    member.premium_since = partial.premium_since;
    member.pending = partial.pending;
    member.permissions = partial.permissions;
    member.communication_disabled_until = partial.communication_disabled_until;
    member
}

fn resolved_member(invocation: &Invocation, id: Id<UserMarker>) -> Result<Member, ArgumentError> {
    let resolved = invocation.resolved();
    let user = resolved.and_then(|r| r.user(id)).cloned();
    let partial = resolved.and_then(|r| r.member(id));
    match (user, partial) {
        (Some(user), Some(partial)) => Ok(member_of(user, partial)),
        _ => Err(ArgumentError::not_found("member", id.to_string())),
    }
}

impl SlashArgument for Member {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::User;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        resolved_member(invocation, slash_id(value, "a member")?)
    }
}

impl PrefixArgument for Member {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let token = args.token();
        async move {
            let token = token?;
            let id = user_id(&token)
                .ok_or_else(|| ArgumentError::invalid(token.clone(), "a member mention or id"))?;
            let guild_id = invocation
                .guild_id()
                .ok_or_else(|| ArgumentError::not_found("member", token.clone()))?;
            match invocation.http().get_guild_member(guild_id, id).await {
                Ok(response) => response.model().await.map_err(lookup_failed),
                Err(error) if is_not_found(&error) => {
                    Err(ArgumentError::not_found("member", token))
                }
                Err(error) => Err(lookup_failed(error)),
            }
        }
    }
}

fn check_channel_type(channel: &Channel, option: &CommandOption) -> Result<(), ArgumentError> {
    match &option.channel_types {
        Some(types) if !types.is_empty() && !types.contains(&channel.kind) => {
            Err(ArgumentError::new(ArgumentErrorKind::ChannelType))
        }
        _ => Ok(()),
    }
}

impl SlashArgument for Channel {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::Channel;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        option: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let id = slash_id(value, "a channel")?;
        let channel = invocation
            .resolved()
            .and_then(|resolved| resolved.channel(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("channel", id.to_string()))?;
        check_channel_type(&channel, option)?;
        Ok(channel)
    }
}

impl PrefixArgument for Channel {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        option: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let token = args.token();
        async move {
            let token = token?;
            let id = channel_id(&token)
                .ok_or_else(|| ArgumentError::invalid(token.clone(), "a channel mention or id"))?;
            let channel: Channel = match invocation.http().get_channel(id).await {
                Ok(response) => response.model().await.map_err(lookup_failed)?,
                Err(error) if is_not_found(&error) => {
                    return Err(ArgumentError::not_found("channel", token));
                }
                Err(error) => return Err(lookup_failed(error)),
            };
            if channel.guild_id.is_some() && channel.guild_id != invocation.guild_id() {
                return Err(ArgumentError::not_found("channel", token));
            }
            check_channel_type(&channel, option)?;
            Ok(channel)
        }
    }
}

async fn fetch_role(invocation: &Invocation, token: &str) -> Result<Role, ArgumentError> {
    let guild_id = invocation.guild_id().ok_or_else(|| ArgumentError::not_found("role", token))?;
    let roles: Vec<Role> = match invocation.http().list_guild_roles(guild_id).await {
        Ok(response) => response.model().await.map_err(lookup_failed)?,
        Err(error) => return Err(lookup_failed(error)),
    };
    let id = role_id(token);
    roles
        .into_iter()
        .find(|role| Some(role.id) == id || role.name.eq_ignore_ascii_case(token))
        .ok_or_else(|| ArgumentError::not_found("role", token))
}

impl SlashArgument for Role {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::Role;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let id = slash_id(value, "a role")?;
        invocation
            .resolved()
            .and_then(|resolved| resolved.role(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("role", id.to_string()))
    }
}

impl PrefixArgument for Role {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let token = args.token();
        async move { fetch_role(invocation, &token?).await }
    }
}

impl SlashArgument for Mentionable {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::Mentionable;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let id = slash_id::<UserMarker>(value, "a user or a role")?;
        let resolved = invocation.resolved();
        if let Some(user) = resolved.and_then(|r| r.user(id)) {
            return Ok(Self::User(Box::new(user.clone())));
        }
        resolved
            .and_then(|r| r.role(id.cast()))
            .map(|role| Self::Role(Box::new(role.clone())))
            .ok_or_else(|| ArgumentError::not_found("user or role", id.to_string()))
    }
}

impl PrefixArgument for Mentionable {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let token = args.token();
        async move {
            let token = token?;
            if token.starts_with("<@&") {
                return fetch_role(invocation, &token).await.map(|role| Self::Role(Box::new(role)));
            }
            if let Some(id) = user_id(&token)
                && let Ok(user) = fetch_user(invocation, id, &token).await
            {
                return Ok(Self::User(Box::new(user)));
            }
            fetch_role(invocation, &token)
                .await
                .map(|role| Self::Role(Box::new(role)))
                .map_err(|_| ArgumentError::not_found("user or role", token))
        }
    }
}

impl SlashArgument for Attachment {
    fn describe(option: &mut CommandOption) {
        option.kind = CommandOptionType::Attachment;
    }

    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        _: &CommandOption,
    ) -> Result<Self, ArgumentError> {
        let id = slash_id(value, "an attachment")?;
        invocation
            .resolved()
            .and_then(|resolved| resolved.attachment(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("attachment", id.to_string()))
    }
}

/// Prefix commands take attachments from the message, in order; they use no text.
impl PrefixArgument for Attachment {
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        _: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
        let index = args.next_attachment();
        let attachment =
            invocation.message().and_then(|message| message.attachments.get(index)).cloned();
        std::future::ready(attachment.ok_or_else(ArgumentError::missing))
    }
}

fn target_id<M>(invocation: &Invocation) -> Result<Id<M>, ArgumentError> {
    invocation
        .interaction()
        .and_then(|interaction| interaction.command_data())
        .and_then(|data| data.target_id)
        .map(Id::cast)
        .ok_or_else(ArgumentError::missing)
}

impl ContextMenuTarget for User {
    const KIND: CommandType = CommandType::User;

    fn extract(invocation: &Invocation) -> Result<Self, ArgumentError> {
        let id = target_id(invocation)?;
        invocation
            .resolved()
            .and_then(|resolved| resolved.user(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("user", id.to_string()))
    }
}

impl ContextMenuTarget for Member {
    const KIND: CommandType = CommandType::User;

    fn extract(invocation: &Invocation) -> Result<Self, ArgumentError> {
        resolved_member(invocation, target_id(invocation)?)
    }
}

impl ContextMenuTarget for Message {
    const KIND: CommandType = CommandType::Message;

    fn extract(invocation: &Invocation) -> Result<Self, ArgumentError> {
        let id = target_id(invocation)?;
        invocation
            .resolved()
            .and_then(|resolved| resolved.message(id))
            .cloned()
            .ok_or_else(|| ArgumentError::not_found("message", id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use accord_model::id::Id;

    use super::{channel_id, role_id, user_id};

    #[test]
    fn mentions_and_ids() {
        assert_eq!(user_id("<@42>").map(Id::get), Some(42));
        assert_eq!(user_id("<@!42>").map(Id::get), Some(42));
        assert_eq!(user_id("42").map(Id::get), Some(42));
        assert_eq!(user_id("<@&42>"), None);
        assert_eq!(user_id("bob"), None);
        assert_eq!(channel_id("<#7>").map(Id::get), Some(7));
        assert_eq!(role_id("<@&9>").map(Id::get), Some(9));
        assert_eq!(role_id("9").map(Id::get), Some(9));
    }
}
