//! The context handed to commands and handlers: the framework's data and client, the event
//! being answered, the command's arguments, and the reply methods.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use accord_http::Client;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker};
use accord_model::interaction::{ModalData, ModalSubmitComponent};
use accord_model::user::User;

use crate::argument::{PrefixArgs, SlashArgs};
use crate::cache::{CacheState, NoCache};
use crate::command::{Command, Parameter};
use crate::framework::Shared;
use crate::invocation::Invocation;
use crate::reply::{Reply, ReplyHandle};
use crate::waiter::WaitFilter;

/// Where a command's arguments come from.
#[derive(Debug)]
#[non_exhaustive]
pub enum Arguments<'a> {
    /// The text after a prefix command's name.
    Prefix(PrefixArgs),
    /// The options of a slash command.
    Slash(SlashArgs<'a>),
    /// A context-menu command: the target is the only argument.
    ContextMenu,
    /// Not a command (a component or modal handler).
    None,
}

/// The context of a command, a component or modal handler, or an autocomplete callback.
/// Cheap to clone.
pub struct Context<D, C: CacheState = NoCache> {
    pub(crate) shared: Arc<Shared<D, C>>,
    pub(crate) invocation: Arc<Invocation>,
    /// The command as indices into the command tree, outermost first; empty outside commands.
    pub(crate) path: Arc<[usize]>,
    /// The arguments of a prefix command, after its name.
    pub(crate) prefix_args: Option<Arc<str>>,
}

impl<D, C: CacheState> Clone for Context<D, C> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            invocation: self.invocation.clone(),
            path: self.path.clone(),
            prefix_args: self.prefix_args.clone(),
        }
    }
}

impl<D, C: CacheState> fmt::Debug for Context<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("invocation", &self.invocation)
            .field("command", &self.path)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Context<D, C> {
    pub(crate) fn new(shared: Arc<Shared<D, C>>, invocation: Invocation) -> Self {
        Self { shared, invocation: Arc::new(invocation), path: Arc::from([]), prefix_args: None }
    }

    /// The user data given to the framework builder.
    pub fn data(&self) -> &D {
        &self.shared.data
    }

    /// The user data, shared.
    pub fn data_arc(&self) -> Arc<D> {
        self.shared.data.clone()
    }

    /// The HTTP client.
    pub fn http(&self) -> &Client {
        self.invocation.http()
    }

    /// The application's id.
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.invocation.application_id()
    }

    /// The message or interaction being answered, with the lower-level reply methods.
    pub fn invocation(&self) -> &Invocation {
        &self.invocation
    }

    /// The user who used the command.
    pub fn author(&self) -> &User {
        self.invocation.author()
    }

    /// The guild it was used in; `None` in direct messages.
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.invocation.guild_id()
    }

    /// The channel it was used in.
    pub fn channel_id(&self) -> Id<ChannelMarker> {
        self.invocation.channel_id()
    }

    /// Whether the author is one of the bot's owners.
    pub fn is_owner(&self) -> bool {
        self.shared.options.owners.contains(&self.author().id)
    }

    /// The command being run (the subcommand, for subcommands); `None` in component, modal
    /// and event handlers.
    pub fn command(&self) -> Option<&Command<D, C>> {
        let (first, rest) = self.path.split_first()?;
        let mut command = self.shared.commands.get(*first)?;
        for index in rest {
            command = command.subcommands().get(*index)?;
        }
        Some(command)
    }

    /// The names of the command and its parents, outermost first (`["tag", "add"]`).
    pub fn command_path(&self) -> Vec<&str> {
        let mut names = Vec::new();
        let mut commands = self.shared.commands.as_slice();
        for index in self.path.iter() {
            let Some(command) = commands.get(*index) else { break };
            names.push(command.name());
            commands = command.subcommands();
        }
        names
    }

    /// Every command of the framework.
    pub fn commands(&self) -> &[Command<D, C>] {
        &self.shared.commands
    }

    /// The first prefix of prefix commands.
    pub fn prefix(&self) -> &str {
        self.shared.options.prefixes.first().map_or("", String::as_str)
    }

    /// The parameters of the command being run.
    pub fn parameters(&self) -> &[Parameter<D, C>] {
        self.command().map_or(&[], |command| command.parameters())
    }

    /// The arguments, to read with [`PrefixArgs`] or [`SlashArgs`].
    pub fn arguments(&self) -> Arguments<'_> {
        if let Some(text) = &self.prefix_args {
            return Arguments::Prefix(PrefixArgs::new(&**text));
        }
        match self.invocation.interaction().and_then(|i| i.command_data()) {
            Some(data) if data.target_id.is_some() => Arguments::ContextMenu,
            Some(data) => Arguments::Slash(SlashArgs::leaf(data).1),
            None => Arguments::None,
        }
    }

    /// The cache, for the framework's own lookups; `None` without one.
    #[cfg(feature = "cache")]
    pub(crate) fn cache_if_any(&self) -> Option<&accord_cache::InMemoryCache> {
        C::cache(&self.shared.cache)
    }

    /// Sends a reply (see [`Invocation::send`]).
    pub async fn send(&self, reply: impl Into<Reply>) -> Result<ReplyHandle, accord_http::Error> {
        self.invocation.send(reply).await
    }

    /// Sends text.
    pub async fn say(&self, content: impl Into<String>) -> Result<ReplyHandle, accord_http::Error> {
        self.invocation.say(content).await
    }

    /// Sends text as a reply to the command's message (for interactions, like `say`).
    pub async fn reply(
        &self,
        content: impl Into<String>,
    ) -> Result<ReplyHandle, accord_http::Error> {
        self.invocation.reply(content).await
    }

    /// Acknowledges now and answers later (see [`Invocation::defer`]).
    pub async fn defer(&self) -> Result<bool, accord_http::Error> {
        self.invocation.defer().await
    }

    /// For components: edits the message the component is on.
    pub async fn update(&self, reply: impl Into<Reply>) -> Result<(), accord_http::Error> {
        self.invocation.update(reply).await
    }

    /// For components: the component's custom id.
    pub fn custom_id(&self) -> Option<&str> {
        let interaction = self.invocation.interaction()?;
        interaction
            .component_data()
            .map(|data| data.custom_id.as_str())
            .or_else(|| interaction.modal_data().map(|data| data.custom_id.as_str()))
    }

    /// For select menus: the values chosen.
    pub fn values(&self) -> Vec<&str> {
        self.invocation
            .interaction()
            .and_then(|i| i.component_data())
            .map(|data| data.values().iter().map(compact_str::CompactString::as_str).collect())
            .unwrap_or_default()
    }

    /// For modal submissions: the text of the input `custom_id`.
    pub fn modal_value(&self, custom_id: &str) -> Option<&str> {
        let data = self.invocation.interaction()?.modal_data()?;
        match data.component(custom_id)? {
            ModalSubmitComponent::TextInput(text) => Some(text.value.as_str()),
            _ => None,
        }
    }

    fn with_interaction(
        &self,
        interaction: accord_model::interaction::Interaction,
    ) -> Option<Self> {
        let responder = self.shared.responders.take(interaction.id);
        let invocation =
            Invocation::from_interaction(self.http().clone(), self.application_id(), interaction)?
                .ephemeral_by_default(self.invocation.is_ephemeral_by_default())
                .with_responder(responder);
        let context = Self {
            shared: self.shared.clone(),
            invocation: Arc::new(invocation),
            path: self.path.clone(),
            prefix_args: None,
        };
        context.shared.schedule_auto_defer(&context.invocation).detach();
        Some(context)
    }

    /// Waits for a component interaction that `filter` accepts, for at most `timeout`, and
    /// returns a context to answer it (it is deferred automatically if not answered in
    /// time). `None` on timeout. The interaction does not reach the routes.
    ///
    /// Cancel safe: dropping the future stops waiting.
    pub async fn wait_for_component(&self, filter: WaitFilter, timeout: Duration) -> Option<Self> {
        let waiter = self.shared.waiters.register(filter);
        let interaction = waiter.wait(timeout).await?;
        self.with_interaction(*interaction)
    }

    /// Waits for a click on (or a choice in) a component of `message_id`.
    pub async fn wait_for_component_on(
        &self,
        message_id: Id<MessageMarker>,
        timeout: Duration,
    ) -> Option<Self> {
        self.wait_for_component(WaitFilter::Message(message_id), timeout).await
    }

    /// Opens `modal` as the response to this interaction and waits for its submission, for at
    /// most `timeout`; returns a context to answer the submission and read its values with
    /// [`modal_value`](Self::modal_value). `Ok(None)` on timeout, or when the interaction
    /// was already answered (a modal must be the first response, within the 3 s).
    pub async fn ask_modal(
        &self,
        modal: ModalData,
        timeout: Duration,
    ) -> Result<Option<Self>, accord_http::Error> {
        let waiter = self.shared.waiters.register(WaitFilter::Modal(modal.custom_id.to_string()));
        if !self.invocation.open_modal(modal).await? {
            return Ok(None);
        }
        Ok(waiter.wait(timeout).await.and_then(|interaction| self.with_interaction(*interaction)))
    }
}

#[cfg(feature = "cache")]
impl<D: Send + Sync + 'static> Context<D, accord_cache::InMemoryCache> {
    /// The cache the framework was built with ([`Framework::builder_with_cache`]), fed every
    /// event before it is dispatched.
    ///
    /// [`Framework::builder_with_cache`]: crate::Framework::builder_with_cache
    pub fn cache(&self) -> &accord_cache::InMemoryCache {
        &self.shared.cache
    }
}
