#![doc = include_str!("../README.md")]

pub mod argument;
mod cache;
mod command;
mod context;
pub mod cooldown;
mod error;
mod framework;
pub mod help;
mod http_interactions;
mod invocation;
mod on_error;
mod panic;
pub mod permissions;
pub mod registration;
pub mod reply;
pub mod router;
pub mod waiter;

pub use accord_http as http;
pub use accord_interactions as interactions;
pub use accord_macros::{ChoiceArgument, command};
pub use accord_model as model;

pub use crate::cache::{CacheState, NoCache};
pub use crate::command::{
    AutocompleteChoice, BoxFuture, Check, Command, CommandBuilder, CommandKinds, Parameter,
};
pub use crate::context::{Arguments, Context};
pub use crate::error::{BoxError, FrameworkError, FrameworkErrorKind};
pub use crate::framework::{
    DEFAULT_AUTO_DEFER, DataState, EventItem, Framework, FrameworkBuilder, MissingData,
};
pub use crate::http_interactions::HttpRestResponder;
pub use crate::invocation::{Acknowledgement, Invocation, Source};
pub use crate::on_error::{default_on_error, error_message};
pub use crate::reply::{Reply, ReplyHandle};

/// What the macros' generated code uses. Not public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::argument::{
        ArgumentError, ChoiceArgument, ContextMenuTarget, PrefixArgs, PrefixArgument, SlashArgs,
        SlashArgument, choice_describe, choice_extract, choice_parse,
    };
    pub use crate::argument::{matches_choice, string_choice};
    pub use crate::cache::CacheState;
    pub use crate::command::{Check, Command, CommandKinds, Parameter};
    pub use crate::context::{Arguments, Context};
    pub use crate::cooldown::{CooldownBucket, CooldownConfig};
    pub use crate::error::{BoxError, FrameworkError, FrameworkErrorKind};
    pub use accord_model::application::command::{CommandOption, CommandOptionChoice};
    pub use accord_model::channel::ChannelType;
    pub use accord_model::interaction::CommandOptionValue;
    pub use accord_model::permissions::Permissions;
    pub use std::boxed::Box;
    pub use std::future::Future;
    pub use std::option::Option;
    pub use std::result::Result;
    pub use std::string::String;
    pub use std::time::Duration;
    pub use std::vec::Vec;

    use crate::command::AutocompleteChoice;

    /// The user data type of a command's context type.
    #[diagnostic::on_unimplemented(
        message = "the first parameter of a command must be its context, such as `ctx: Context<Data>`",
        label = "not an `accord_framework::Context`"
    )]
    pub trait ContextType {
        /// The user data.
        type Data: Send + Sync + 'static;
        /// The cache state.
        type Cache: CacheState;
    }

    impl<D: Send + Sync + 'static, C: CacheState> ContextType for Context<D, C> {
        type Data = D;
        type Cache = C;
    }

    /// The result of a command function, with the error boxed.
    #[diagnostic::on_unimplemented(
        message = "a command must return `Result<(), E>` where `E` converts into a boxed error",
        label = "not `Result<(), E>`"
    )]
    pub trait CommandOutput {
        /// Converts into the framework's result.
        fn into_framework(self) -> Result<(), FrameworkError>;
    }

    impl<E: Into<BoxError>> CommandOutput for Result<(), E> {
        fn into_framework(self) -> Result<(), FrameworkError> {
            self.map_err(FrameworkError::command)
        }
    }

    /// Autocomplete results as choices.
    pub fn into_choices<I, C>(choices: I) -> Vec<CommandOptionChoice>
    where
        I: IntoIterator<Item = C>,
        C: Into<AutocompleteChoice>,
    {
        choices.into_iter().map(|choice| choice.into().0).collect()
    }

    /// The registered option of the command's parameter `index`.
    pub fn parameter_option<D: Send + Sync + 'static, C: CacheState>(
        ctx: &Context<D, C>,
        index: usize,
    ) -> Result<&CommandOption, FrameworkError> {
        ctx.parameters().get(index).map(Parameter::option).ok_or_else(|| {
            FrameworkError::new(FrameworkErrorKind::StructureMismatch {
                reason: "the command has fewer parameters than its function".into(),
            })
        })
    }

    /// The error for a context-menu command used another way.
    pub fn not_a_context_menu() -> FrameworkError {
        FrameworkError::new(FrameworkErrorKind::StructureMismatch {
            reason: "a context-menu command used another way".into(),
        })
    }

    /// The error for arguments from a source the command does not take.
    pub fn unexpected_source() -> FrameworkError {
        FrameworkError::new(FrameworkErrorKind::StructureMismatch {
            reason: "the command cannot be used this way".into(),
        })
    }
}

#[cfg(test)]
mod assertions {
    use static_assertions::assert_impl_all;

    use super::{
        Command, Context, Framework, FrameworkBuilder, FrameworkError, Invocation, Parameter,
        Reply, ReplyHandle,
    };
    use crate::argument::{ArgumentError, PrefixArgs};
    use crate::cooldown::Cooldowns;
    use crate::router::{Pattern, Route};
    use crate::waiter::Waiters;

    struct Data;

    assert_impl_all!(Framework<Data>: Send, Sync, Clone, std::fmt::Debug);
    #[cfg(feature = "cache")]
    assert_impl_all!(Framework<Data, accord_cache::InMemoryCache>: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(FrameworkBuilder<Data>: Send, std::fmt::Debug);
    assert_impl_all!(Context<Data>: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Command<Data>: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Parameter<Data>: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Route<Data>: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Invocation: Send, Sync, std::fmt::Debug);
    assert_impl_all!(Reply: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(ReplyHandle: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(FrameworkError: Send, Sync, std::error::Error);
    assert_impl_all!(ArgumentError: Send, Sync, std::error::Error);
    assert_impl_all!(PrefixArgs: Send, Sync, Clone);
    assert_impl_all!(Pattern: Send, Sync, Clone);
    assert_impl_all!(Waiters: Send, Sync);
    assert_impl_all!(Cooldowns: Send, Sync);
}
