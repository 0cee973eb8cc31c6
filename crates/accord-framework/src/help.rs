//! The built-in help command: every command by category with its description, or one command
//! with its usage, parameters and subcommands.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::argument::{PrefixArgs, SlashArgs};
use crate::cache::CacheState;
use crate::command::{Command, Parameter};
use crate::context::{Arguments, Context};
use crate::error::FrameworkError;

fn first_line(text: Option<&str>) -> &str {
    text.and_then(|t| t.lines().next()).unwrap_or("").trim()
}

/// The help of all commands: one section per category (uncategorized commands first), one
/// line per command, by name.
pub fn overview<D: Send + Sync + 'static, C: CacheState>(
    commands: &[Command<D, C>],
    prefix: &str,
) -> String {
    let mut categories: BTreeMap<&str, Vec<&Command<D, C>>> = BTreeMap::new();
    for command in commands.iter().filter(|c| !c.is_hidden_in_help()) {
        categories.entry(command.category().unwrap_or("")).or_default().push(command);
    }
    let mut text = String::new();
    for (category, commands) in categories {
        let title = if category.is_empty() { "Commands" } else { category };
        let _ = writeln!(text, "**{title}**");
        let mut commands = commands;
        commands.sort_by(|a, b| a.name().cmp(b.name()));
        for command in commands {
            let invoke = if command.kinds().prefix {
                format!("{prefix}{}", command.name())
            } else if command.kinds().slash {
                format!("/{}", command.name())
            } else {
                command.menu_name().to_owned()
            };
            let _ = writeln!(text, "`{invoke}` — {}", first_line(command.description()));
        }
        text.push('\n');
    }
    let _ = write!(text, "Use `{prefix}help <command>` for details.");
    text
}

/// The help of one command (names separated by spaces for subcommands), or `None` when
/// there is no such command.
pub fn details<D: Send + Sync + 'static, C: CacheState>(
    commands: &[Command<D, C>],
    path: &str,
    prefix: &str,
) -> Option<String> {
    let mut names = path.split_whitespace();
    let first = names.next()?;
    let mut command =
        commands.iter().find(|c| c.prefix_names().any(|n| n == first) || c.menu_name() == first)?;
    let mut full = vec![command.name()];
    for name in names {
        command = command.subcommands().iter().find(|c| c.prefix_names().any(|n| n == name))?;
        full.push(command.name());
    }
    let full = full.join(" ");
    let mut text = format!("**{full}**\n");
    if let Some(description) = command.description() {
        let _ = writeln!(text, "{}", description.trim());
    }
    let usage = command.usage();
    if command.kinds().prefix {
        let _ = writeln!(text, "Usage: `{prefix}{full} {usage}`");
    }
    if command.kinds().slash {
        let _ = writeln!(text, "Slash: `/{full}`");
    }
    for parameter in command.parameters() {
        let _ =
            writeln!(text, "• `{}` — {}", parameter.option().name, parameter.option().description);
    }
    if !command.subcommands().is_empty() {
        let _ = writeln!(text, "Subcommands:");
        for sub in command.subcommands().iter().filter(|c| !c.is_hidden_in_help()) {
            let _ = writeln!(text, "• `{}` — {}", sub.name(), first_line(sub.description()));
        }
    }
    if !command.aliases().is_empty() {
        let _ = writeln!(text, "Aliases: {}", command.aliases().join(", "));
    }
    Some(text.trim_end().to_owned())
}

/// The `help` command, for prefix and slash use, with an optional `command` argument.
///
/// ```
/// # struct Data;
/// let help = accord_framework::help::command::<Data, accord_framework::NoCache>();
/// assert_eq!(help.name(), "help");
/// ```
pub fn command<D: Send + Sync + 'static, C: CacheState>() -> Command<D, C> {
    let parameter = Parameter::new("command")
        .description("The command to explain")
        .slash_type::<String>()
        .required(false)
        .rest();
    Command::builder("help")
        .description("Lists the commands, or explains one")
        .parameter(parameter)
        .action(|ctx: Context<D, C>| async move {
            let option = crate::__private::parameter_option(&ctx, 0)?.clone();
            let wanted: Option<String> = match ctx.arguments() {
                Arguments::Prefix(mut args) => {
                    let args: &mut PrefixArgs = &mut args;
                    args.optional_rest_as::<String>(ctx.invocation(), &option).await?
                }
                Arguments::Slash(args) => {
                    let args: SlashArgs<'_> = args;
                    args.optional::<String>(ctx.invocation(), &option)?
                }
                _ => None,
            };
            let prefix = ctx.prefix().to_owned();
            let text = match wanted {
                Some(path) => details(ctx.commands(), &path, &prefix)
                    .unwrap_or_else(|| format!("There is no command `{path}`.")),
                None => overview(ctx.commands(), &prefix),
            };
            ctx.send(crate::reply::Reply::new().content(text).ephemeral(true)).await.map_err(
                |error| FrameworkError::with_source(crate::FrameworkErrorKind::Reply, error),
            )?;
            Ok(())
        })
        .category("Help")
        .build()
}

#[cfg(test)]
mod tests {
    use super::{details, overview};
    use crate::command::{Command, CommandKinds, Parameter};

    #[test]
    fn help_lists_by_category_and_explains() {
        let roll = Command::<()>::builder("roll")
            .description("Rolls a die\nWith as many sides as you like.")
            .parameter(Parameter::new("sides").description("How many sides"))
            .category("Fun")
            .alias("dice")
            .build();
        let hidden = Command::<()>::builder("secret").hide_in_help(true).build();
        let slash_only = Command::<()>::builder("ping")
            .description("Pong")
            .kinds(CommandKinds { slash: true, ..CommandKinds::default() })
            .build();
        let commands = vec![roll, hidden, slash_only];

        let text = overview(&commands, "!");
        assert!(text.contains("**Commands**\n`/ping` — Pong"), "{text}");
        assert!(text.contains("**Fun**\n`!roll` — Rolls a die"), "{text}");
        assert!(!text.contains("secret"));

        let roll = details(&commands, "dice", "!").unwrap();
        assert!(roll.contains("Usage: `!roll <sides>`"), "{roll}");
        assert!(roll.contains("• `sides` — How many sides"), "{roll}");
        assert!(details(&commands, "nothing", "!").is_none());
    }
}
