//! Wake-ups: the scripts publish the tickets whose turn has come, and one subscriber per limiter
//! hands them to the waiters of this process, so a waiter sleeps until its slot or its name is
//! called, never polling.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Wake-ups for tickets not waiting yet are kept this long: the wake-up may come between the
/// script's answer and the waiter's sleep.
const EARLY_KEPT: Duration = Duration::from_secs(10);

/// The waiters of this process, by ticket.
#[derive(Debug)]
pub(crate) struct Wakeups {
    /// Tickets of this process start with it; others are not ours to wake.
    process: String,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    waiting: HashMap<String, Arc<Notify>>,
    early: HashMap<String, Instant>,
}

impl Wakeups {
    pub(crate) fn new(process: String) -> Self {
        Self { process, state: Mutex::new(State::default()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The notification a waiter sleeps on; already notified if its wake-up came first.
    pub(crate) fn register(&self, ticket: &str) -> Arc<Notify> {
        let mut state = self.lock();
        let notify = state.waiting.entry(ticket.to_owned()).or_default().clone();
        if state.early.remove(ticket).is_some() {
            notify.notify_one();
        }
        notify
    }

    pub(crate) fn unregister(&self, ticket: &str) {
        let mut state = self.lock();
        state.waiting.remove(ticket);
        state.early.remove(ticket);
    }

    /// Wakes the tickets of this process named in a published message.
    pub(crate) fn deliver(&self, payload: &str) {
        let now = Instant::now();
        let mut state = self.lock();
        for ticket in payload.split(' ').filter(|ticket| ticket.starts_with(&self.process)) {
            if let Some(notify) = state.waiting.get(ticket) {
                notify.notify_one();
            } else {
                state.early.insert(ticket.to_owned(), now);
            }
        }
        if state.early.len() > 1024 {
            state.early.retain(|_, at| now.saturating_duration_since(*at) < EARLY_KEPT);
        }
    }
}

/// Subscribes to `channel` and delivers its messages until the limiter is gone, subscribing
/// again after `retry` when the connection breaks.
pub(crate) async fn listen(
    client: redis::Client,
    channel: String,
    wakeups: Weak<Wakeups>,
    retry: Duration,
) {
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    let mut messages = pubsub.into_on_message();
                    while let Some(message) = messages.next().await {
                        let Some(wakeups) = wakeups.upgrade() else { return };
                        match message.get_payload::<String>() {
                            Ok(payload) => wakeups.deliver(&payload),
                            Err(error) => tracing::debug!(%error, "unreadable wake-up"),
                        }
                    }
                    tracing::debug!("the wake-up subscription ended; subscribing again");
                }
                Err(error) => tracing::debug!(%error, "could not subscribe to wake-ups"),
            },
            Err(error) => tracing::debug!(%error, "could not connect for wake-ups"),
        }
        if wakeups.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(retry).await;
    }
}

#[cfg(test)]
mod tests {
    use super::Wakeups;

    #[tokio::test]
    async fn a_wake_up_before_the_sleep_is_not_lost_and_others_are_ignored() {
        let wakeups = Wakeups::new("p1-".to_owned());
        wakeups.deliver("p1-7 p2-7");
        let notify = wakeups.register("p1-7");
        // Completes at once: the wake-up was kept.
        notify.notified().await;
        let other = wakeups.register("p2-7");
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(20), other.notified())
                .await
                .is_err(),
            "a ticket of another process was woken"
        );
    }
}
