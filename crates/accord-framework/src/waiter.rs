//! Waiting for a component or modal interaction from inside a command: a registry of one-shot
//! senders, each with a filter, offered every component and modal interaction first.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use accord_model::id::Id;
use accord_model::id::marker::{MessageMarker, UserMarker};
use accord_model::interaction::{Interaction, InteractionType};
use tokio::sync::oneshot;

/// Which interaction a waiter wants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitFilter {
    /// A component interaction with this custom id.
    CustomId(String),
    /// A component interaction whose custom id starts with this.
    CustomIdPrefix(String),
    /// A component interaction on this message.
    Message(Id<MessageMarker>),
    /// A modal submission with this custom id.
    Modal(String),
    /// Another filter, for this user only.
    User(Id<UserMarker>, Box<WaitFilter>),
}

impl WaitFilter {
    /// Whether `interaction` is what the filter wants.
    pub fn accepts(&self, interaction: &Interaction) -> bool {
        let component = interaction
            .component_data()
            .filter(|_| interaction.kind == InteractionType::MessageComponent);
        match self {
            Self::CustomId(id) => component.is_some_and(|data| data.custom_id == *id),
            Self::CustomIdPrefix(prefix) => {
                component.is_some_and(|data| data.custom_id.starts_with(prefix.as_str()))
            }
            Self::Message(message_id) => {
                component.is_some()
                    && interaction.message.as_ref().is_some_and(|m| m.id == *message_id)
            }
            Self::Modal(id) => interaction.modal_data().is_some_and(|data| data.custom_id == *id),
            Self::User(user_id, filter) => {
                interaction.author().is_some_and(|user| user.id == *user_id)
                    && filter.accepts(interaction)
            }
        }
    }
}

#[derive(Debug)]
struct Entry {
    id: u64,
    filter: WaitFilter,
    sender: oneshot::Sender<Box<Interaction>>,
}

/// The waiters of a framework (or of any event loop): [`register`](Self::register) one, and
/// [`offer`](Self::offer) every component and modal interaction before routing it.
#[derive(Debug, Default)]
pub struct Waiters {
    next: AtomicU64,
    entries: Mutex<Vec<Entry>>,
}

impl Waiters {
    /// No waiters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a waiter for the first interaction `filter` accepts. It is removed when it
    /// receives one, times out or is dropped.
    pub fn register(self: &Arc<Self>, filter: WaitFilter) -> Waiter {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = oneshot::channel();
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).push(Entry {
            id,
            filter,
            sender,
        });
        Waiter { waiters: self.clone(), id, receiver }
    }

    /// Hands `interaction` to the oldest waiter that wants it, or gives it back.
    pub fn offer(&self, interaction: Box<Interaction>) -> Result<(), Box<Interaction>> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|entry| !entry.sender.is_closed());
        let mut interaction = interaction;
        while let Some(index) = entries.iter().position(|entry| entry.filter.accepts(&interaction))
        {
            let entry = entries.remove(index);
            match entry.sender.send(interaction) {
                Ok(()) => return Ok(()),
                Err(returned) => interaction = returned,
            }
        }
        Err(interaction)
    }

    /// How many waiters are registered.
    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether no waiter is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn remove(&self, id: u64) {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).retain(|entry| entry.id != id);
    }
}

/// A registered wait; dropping it unregisters it.
#[derive(Debug)]
pub struct Waiter {
    waiters: Arc<Waiters>,
    id: u64,
    receiver: oneshot::Receiver<Box<Interaction>>,
}

impl Waiter {
    /// Waits for the interaction, for at most `timeout`; `None` on timeout.
    ///
    /// Cancel safe: dropping the future unregisters the waiter.
    pub async fn wait(mut self, timeout: Duration) -> Option<Box<Interaction>> {
        tokio::time::timeout(timeout, &mut self.receiver).await.ok()?.ok()
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        self.waiters.remove(self.id);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use accord_model::component::ComponentType;
    use accord_model::id::Id;
    use accord_model::interaction::{ComponentData, Interaction, InteractionData, InteractionType};

    use super::{WaitFilter, Waiters};

    fn click(custom_id: &str) -> Box<Interaction> {
        let mut interaction =
            Interaction::new(Id::new(1), Id::new(2), InteractionType::MessageComponent, "t");
        let data = ComponentData::new(custom_id, ComponentType::Button);
        interaction.data = Some(InteractionData::MessageComponent(Box::new(data)));
        Box::new(interaction)
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_get_what_they_filter_once() {
        let waiters = Arc::new(Waiters::new());
        let yes = waiters.register(WaitFilter::CustomId("yes".into()));
        let any = waiters.register(WaitFilter::CustomIdPrefix("confirm:".into()));
        assert_eq!(waiters.len(), 2);
        assert!(waiters.offer(click("other")).is_err());
        assert!(waiters.offer(click("yes")).is_ok());
        assert!(waiters.offer(click("yes")).is_err(), "a waiter gets one interaction");
        assert!(waiters.offer(click("confirm:1")).is_ok());
        assert_eq!(
            yes.wait(Duration::from_secs(1)).await.unwrap().component_data().unwrap().custom_id,
            "yes"
        );
        assert_eq!(
            any.wait(Duration::from_secs(1)).await.unwrap().component_data().unwrap().custom_id,
            "confirm:1"
        );
        assert!(waiters.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn timeouts_and_drops_unregister() {
        let waiters = Arc::new(Waiters::new());
        let waiter = waiters.register(WaitFilter::CustomId("late".into()));
        assert!(waiter.wait(Duration::from_secs(60)).await.is_none());
        assert!(waiters.is_empty());
        drop(waiters.register(WaitFilter::Modal("m".into())));
        assert!(waiters.is_empty());
        assert!(waiters.offer(click("late")).is_err());
    }
}
