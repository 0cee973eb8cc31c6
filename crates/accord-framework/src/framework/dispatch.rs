//! From an event to a running command, autocomplete, route or waiter, each behind a panic
//! boundary.

use std::sync::{Arc, PoisonError};

use accord_model::application::command::CommandType;
use accord_model::gateway::Event;
use accord_model::gateway::event::Ready;
use accord_model::interaction::{Interaction, InteractionType};
use accord_model::message::Message;
use tokio::task::JoinHandle;

use super::{Shared, checks};
use crate::argument::SlashArgs;
use crate::cache::CacheState;
use crate::command::Command;
use crate::context::Context;
use crate::error::{FrameworkError, FrameworkErrorKind};
use crate::invocation::Invocation;
use crate::panic::{catch, catch_hook};
use crate::router::RouteKind;

pub(super) fn handle<D: Send + Sync + 'static, C: CacheState>(
    shared: &Arc<Shared<D, C>>,
    event: Event,
) -> Option<JoinHandle<()>> {
    match event {
        Event::Ready(ready) => {
            ready_event(shared, &ready);
            None
        }
        Event::MessageCreate(message) => prefix(shared, *message),
        Event::InteractionCreate(interaction) => self::interaction(shared, *interaction),
        _ => None,
    }
}

/// Learns the bot's user id and the application id from READY.
fn ready_event<D: Send + Sync + 'static, C: CacheState>(shared: &Shared<D, C>, ready: &Ready) {
    *shared.bot_user_id.lock().unwrap_or_else(PoisonError::into_inner) = Some(ready.user.id);
    let id = *shared.application_id.get_or_init(|| ready.application.id);
    if id != ready.application.id {
        tracing::warn!(
            given = %id,
            ready = %ready.application.id,
            "the application id given to the builder is not the one of READY; keeping the given one"
        );
    }
}

/// Processes one interaction, whatever brought it (a gateway event, an HTTP endpoint).
pub(super) fn interaction<D: Send + Sync + 'static, C: CacheState>(
    shared: &Arc<Shared<D, C>>,
    interaction: Interaction,
) -> Option<JoinHandle<()>> {
    if let Some(id) = interaction.application_id {
        shared.application_id.get_or_init(|| id);
    }
    match interaction.kind {
        InteractionType::ApplicationCommand => {
            Some(tokio::spawn(application_command(shared.clone(), interaction)))
        }
        InteractionType::ApplicationCommandAutocomplete => {
            Some(tokio::spawn(autocomplete(shared.clone(), interaction)))
        }
        InteractionType::MessageComponent | InteractionType::ModalSubmit => {
            let interaction = shared.waiters.offer(Box::new(interaction)).err()?;
            Some(tokio::spawn(route(shared.clone(), *interaction)))
        }
        // PING is answered by an HTTP endpoint itself; other types are not Discord's yet.
        _ => None,
    }
}

/// The message's text after a prefix, if it starts with one.
fn strip_prefix<'a, D: Send + Sync + 'static, C: CacheState>(
    shared: &Shared<D, C>,
    content: &'a str,
) -> Option<&'a str> {
    for prefix in &shared.options.prefixes {
        if let Some(rest) = content.strip_prefix(prefix.as_str()) {
            return Some(rest);
        }
    }
    if shared.options.mention_prefix
        && let Some(bot) = shared.bot_user_id()
    {
        for mention in [format!("<@{bot}>"), format!("<@!{bot}>")] {
            if let Some(rest) = content.strip_prefix(mention.as_str()) {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// Splits off the first word.
fn first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    text.split_at(end)
}

fn find_prefix<'c, D: Send + Sync + 'static, C: CacheState>(
    commands: &'c [Command<D, C>],
    name: &str,
    case_insensitive: bool,
) -> Option<(usize, &'c Command<D, C>)> {
    commands.iter().enumerate().find(|(_, command)| {
        command.kinds().prefix
            && command.prefix_names().any(|candidate| {
                if case_insensitive {
                    candidate.eq_ignore_ascii_case(name)
                } else {
                    candidate == name
                }
            })
    })
}

fn prefix<D: Send + Sync + 'static, C: CacheState>(
    shared: &Arc<Shared<D, C>>,
    message: Message,
) -> Option<JoinHandle<()>> {
    if (shared.options.ignore_bots && message.author.bot == Some(true))
        || Some(message.author.id) == shared.bot_user_id()
    {
        return None;
    }
    let rest = strip_prefix(shared, &message.content)?;
    let (name, mut args) = first_word(rest);
    if name.is_empty() {
        return None;
    }
    let insensitive = shared.options.case_insensitive;
    let mut path = Vec::new();
    let found = find_prefix(&shared.commands, name, insensitive);
    if let Some((index, mut command)) = found {
        path.push(index);
        loop {
            let (word, after) = first_word(args);
            match find_prefix(command.subcommands(), word, insensitive) {
                Some((index, sub)) if !word.is_empty() => {
                    path.push(index);
                    command = sub;
                    args = after;
                }
                _ => break,
            }
        }
    }
    let Some(application_id) = shared.application_id() else {
        tracing::warn!(
            "a prefix command before the application id is known: feed READY first, or give it to the builder"
        );
        return None;
    };
    let name = name.to_owned();
    let args: Arc<str> = Arc::from(args.trim());
    let ephemeral = found.is_some_and(|(_, c)| c.is_ephemeral());
    let known = found.is_some();
    let invocation = Invocation::from_message(shared.http.clone(), application_id, message)
        .ephemeral_by_default(ephemeral);
    let mut ctx = Context::new(shared.clone(), invocation);
    Some(tokio::spawn(async move {
        if !known {
            let error = FrameworkError::new(FrameworkErrorKind::UnknownCommand { name });
            catch_hook(&ctx.shared.on_error.clone(), error, ctx).await;
            return;
        }
        ctx.path = Arc::from(path);
        ctx.prefix_args = Some(args);
        execute(ctx).await;
    }))
}

/// Runs a command found for `ctx`: checks, hooks, the command, and the error hook. A panic
/// in the checks, the hooks or the command is an error of kind `Panic`.
async fn execute<D: Send + Sync + 'static, C: CacheState>(ctx: Context<D, C>) {
    let shared = ctx.shared.clone();
    let timer = shared.schedule_auto_defer(&ctx.invocation);
    let result = catch(async {
        let command = ctx.command().ok_or_else(|| mismatch("no command"))?;
        if command.is_subcommand_required() && !command.subcommands().is_empty() {
            return Err(FrameworkError::new(FrameworkErrorKind::SubcommandRequired));
        }
        checks::run(&ctx).await?;
        if let Some(hook) = &shared.pre_command {
            hook(ctx.clone()).await;
        }
        command.run(ctx.clone()).await?;
        if let Some(hook) = &shared.post_command {
            hook(ctx.clone()).await;
        }
        Ok(())
    })
    .await;
    // The handler is over: the error reply is the interaction's answer, not a late deferral.
    drop(timer);
    if let Err(error) = result {
        catch_hook(&shared.on_error, error, ctx).await;
    }
}

fn mismatch(reason: impl Into<String>) -> FrameworkError {
    FrameworkError::new(FrameworkErrorKind::StructureMismatch { reason: reason.into() })
}

/// Finds the command an application command interaction names: the index path, or the error.
fn resolve<D: Send + Sync + 'static, C: CacheState>(
    shared: &Shared<D, C>,
    interaction: &Interaction,
) -> Result<Vec<usize>, FrameworkError> {
    let data = interaction.command_data().ok_or_else(|| mismatch("no command data"))?;
    let kind = data.kind;
    let found = shared.commands.iter().enumerate().find(|(_, command)| match kind {
        CommandType::ChatInput => command.kinds().slash && command.name() == data.name,
        CommandType::User => command.kinds().user && command.menu_name() == data.name,
        CommandType::Message => command.kinds().message && command.menu_name() == data.name,
        _ => false,
    });
    let Some((top, mut command)) = found else {
        return Err(FrameworkError::new(FrameworkErrorKind::UnknownCommand {
            name: data.name.to_string(),
        }));
    };
    let mut path = vec![top];
    if kind != CommandType::ChatInput {
        return Ok(path);
    }
    for name in SlashArgs::leaf(data).0 {
        let (index, sub) = command
            .subcommands()
            .iter()
            .enumerate()
            .find(|(_, sub)| sub.kinds().slash && sub.name() == name)
            .ok_or_else(|| mismatch(format!("unknown subcommand `{name}`")))?;
        path.push(index);
        command = sub;
    }
    if command.subcommands().iter().any(|sub| sub.kinds().slash) {
        return Err(mismatch(format!("`{}` needs a subcommand", command.name())));
    }
    Ok(path)
}

fn context_for<D: Send + Sync + 'static, C: CacheState>(
    shared: &Arc<Shared<D, C>>,
    interaction: Interaction,
    ephemeral: bool,
) -> Option<Context<D, C>> {
    let application_id = interaction.application_id.or_else(|| shared.application_id())?;
    let responder = shared.responders.take(interaction.id);
    let invocation =
        Invocation::from_interaction(shared.http.clone(), application_id, interaction)?
            .ephemeral_by_default(ephemeral)
            .with_responder(responder);
    Some(Context::new(shared.clone(), invocation))
}

async fn application_command<D: Send + Sync + 'static, C: CacheState>(
    shared: Arc<Shared<D, C>>,
    interaction: Interaction,
) {
    let resolved = resolve(&shared, &interaction);
    let ephemeral = resolved.as_ref().ok().and_then(|path| {
        let (first, rest) = path.split_first()?;
        let mut command = shared.commands.get(*first)?;
        for index in rest {
            command = command.subcommands().get(*index)?;
        }
        Some(command.is_ephemeral())
    });
    let Some(mut ctx) = context_for(&shared, interaction, ephemeral.unwrap_or(true)) else {
        tracing::warn!("an application command interaction without a user or a channel");
        return;
    };
    match resolved {
        Ok(path) => {
            ctx.path = Arc::from(path);
            execute(ctx).await;
        }
        Err(error) => catch_hook(&shared.on_error, error, ctx).await,
    }
}

async fn autocomplete<D: Send + Sync + 'static, C: CacheState>(
    shared: Arc<Shared<D, C>>,
    interaction: Interaction,
) {
    let path = match resolve(&shared, &interaction) {
        Ok(path) => path,
        Err(error) => {
            tracing::warn!(%error, "autocomplete for an unknown command");
            return;
        }
    };
    let focused = interaction.command_data().and_then(|data| data.focused()).map(|option| {
        let partial = match &option.value {
            Some(value) => value.as_str().map_or_else(|| format!("{value:?}"), str::to_owned),
            None => String::new(),
        };
        (option.name.to_string(), partial)
    });
    let Some((name, partial)) = focused else { return };
    let Some(mut ctx) = context_for(&shared, interaction, false) else { return };
    ctx.path = Arc::from(path);
    let Some(parameter) = ctx.parameters().iter().find(|p| p.name() == name).cloned() else {
        tracing::warn!(option = %name, "autocomplete for an unknown option");
        return;
    };
    let choices = catch(async { Ok(parameter.complete(ctx.clone(), partial).await) }).await;
    let choices = match choices {
        Ok(Some(choices)) => choices,
        Ok(None) => {
            tracing::warn!(option = %name, "autocomplete for an option without a callback");
            Vec::new()
        }
        Err(error) => {
            catch_hook(&shared.on_error, error, ctx.clone()).await;
            Vec::new()
        }
    };
    // Answered even when the callback failed, so the user's menu does not spin.
    if let Err(error) = ctx.invocation().autocomplete(choices).await {
        tracing::warn!(%error, "could not send autocomplete choices");
    }
}

async fn route<D: Send + Sync + 'static, C: CacheState>(
    shared: Arc<Shared<D, C>>,
    interaction: Interaction,
) {
    let (kind, custom_id) =
        match (&interaction.kind, interaction.component_data(), interaction.modal_data()) {
            (InteractionType::MessageComponent, Some(data), _) => {
                (RouteKind::Component, data.custom_id.to_string())
            }
            (InteractionType::ModalSubmit, _, Some(data)) => {
                (RouteKind::Modal, data.custom_id.to_string())
            }
            _ => return,
        };
    let found = shared.routes.iter().find_map(|route| {
        (route.kind() == kind)
            .then(|| route.pattern().matches(&custom_id))
            .flatten()
            .map(|p| (route.clone(), p))
    });
    let Some((route, params)) = found else {
        tracing::debug!(%custom_id, "no route for this custom id");
        return;
    };
    let Some(ctx) = context_for(&shared, interaction, false) else { return };
    let timer = shared.schedule_auto_defer(&ctx.invocation);
    let result = catch(route.run(ctx.clone(), params)).await;
    drop(timer);
    if let Err(error) = result {
        catch_hook(&shared.on_error, error, ctx).await;
    }
}
