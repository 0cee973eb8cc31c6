//! The default error hook: tell the user what they can fix, log what they cannot.

use accord_model::interaction::InteractionType;

use crate::cache::CacheState;
use crate::context::Context;
use crate::error::{FrameworkError, FrameworkErrorKind};
use crate::invocation::Source;
use crate::reply::Reply;

/// The reply the default hook sends for `error`, if any.
pub fn error_message<D: Send + Sync + 'static, C: CacheState>(
    error: &FrameworkError,
    ctx: &Context<D, C>,
) -> Option<String> {
    let prefix_command = matches!(ctx.invocation().source(), Source::Message(_));
    let autocomplete = ctx.invocation().interaction().is_some_and(|interaction| {
        interaction.kind == InteractionType::ApplicationCommandAutocomplete
    });
    if autocomplete {
        // An autocomplete is answered with choices (the framework sends none), not a message.
        return None;
    }
    match error.kind() {
        FrameworkErrorKind::UnknownCommand { .. } if prefix_command => None,
        FrameworkErrorKind::UnknownCommand { .. }
        | FrameworkErrorKind::StructureMismatch { .. } => {
            Some("This command is out of date; please try again in a moment.".to_owned())
        }
        FrameworkErrorKind::Command
        | FrameworkErrorKind::Lookup
        | FrameworkErrorKind::Panic { .. } => {
            Some("Something went wrong while running this command.".to_owned())
        }
        FrameworkErrorKind::Reply => None,
        FrameworkErrorKind::Argument(_) if prefix_command => {
            let usage = ctx.command().map(|command| {
                format!(
                    "\nUsage: `{}{} {}`",
                    ctx.prefix(),
                    ctx.command_path().join(" "),
                    command.usage()
                )
            });
            Some(format!(
                "{}{}",
                capitalize(&error.to_string()),
                usage.unwrap_or_default().trim_end()
            ))
        }
        _ => Some(capitalize(&error.to_string())),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The default `on_error` hook: replies (ephemerally for interactions) with what the user can
/// fix — bad arguments with the usage, cooldowns with the time left, missing permissions,
/// failed checks — and logs errors of the command or the bot with `tracing`, answering with
/// a generic message. Unknown prefix commands are ignored.
///
/// Call it from a custom hook for the errors it does not handle itself.
pub async fn default_on_error<D: Send + Sync + 'static, C: CacheState>(
    error: FrameworkError,
    ctx: Context<D, C>,
) {
    let command = ctx.command_path().join(" ");
    if error.is_user_error() {
        tracing::debug!(%command, %error, "command refused");
    } else {
        let source = std::error::Error::source(&error).map(ToString::to_string);
        tracing::error!(%command, %error, ?source, "command failed");
    }
    let Some(message) = error_message(&error, &ctx) else { return };
    if let Err(reply_error) = ctx.send(Reply::new().content(message).ephemeral(true)).await {
        tracing::warn!(%reply_error, "could not send the error reply");
    }
}
