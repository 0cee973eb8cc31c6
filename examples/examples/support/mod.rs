//! What the examples' scripts share: the people of the emulator's first guild, and ways to talk
//! to the bot as them while the transcript records both sides.

#![allow(dead_code, reason = "each example uses a part of it")]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use accord_emulator::{Emulator, EmulatorHandle, PendingInteraction};
use accord_examples::{Error, Transcript};
use accord_model::channel::ChannelType;
use accord_model::component::Component;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::message::Message;

/// How long a script waits for the bot before it gives up.
pub(crate) const PATIENCE: Duration = Duration::from_secs(10);

/// Someone in the emulator's world.
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub(crate) id: Id<UserMarker>,
    pub(crate) name: String,
}

/// A guild of the emulator as a script sees it: its `general` channel and its people.
pub(crate) struct Scene {
    pub(crate) handle: EmulatorHandle,
    pub(crate) transcript: Transcript,
    pub(crate) guild_id: Id<GuildMarker>,
    pub(crate) channel_id: Id<ChannelMarker>,
    /// The members who are neither the bot nor the owner, in the emulator's order.
    pub(crate) people: Vec<Person>,
}

impl Scene {
    /// The scene of the emulator's first guild.
    pub(crate) fn first(emulator: &Emulator, transcript: &Transcript) -> Result<Self, Error> {
        let guild_id = *emulator.handle().guild_ids().first().ok_or("the emulator has no guild")?;
        Self::new(emulator, transcript, guild_id)
    }

    /// The scene of `guild_id`.
    pub(crate) fn new(
        emulator: &Emulator,
        transcript: &Transcript,
        guild_id: Id<GuildMarker>,
    ) -> Result<Self, Error> {
        let handle = emulator.handle().clone();
        let guild = handle.guild(guild_id).ok_or("the emulator has no such guild")?;
        let channel_id = handle
            .channels(guild_id)
            .into_iter()
            .find(|c| c.kind == ChannelType::GuildText && c.name.as_deref() == Some("general"))
            .ok_or("the guild has no #general")?
            .id;
        let people = handle
            .members(guild_id)
            .into_iter()
            .filter(|m| m.user.id != handle.bot_user_id() && m.user.id != guild.owner_id)
            .map(|m| Person { id: m.user.id, name: m.user.username.to_string() })
            .collect();
        Ok(Self { handle, transcript: transcript.clone(), guild_id, channel_id, people })
    }

    /// The `n`th person.
    pub(crate) fn person(&self, n: usize) -> Result<&Person, Error> {
        self.people.get(n).ok_or_else(|| format!("the guild has no person #{n}").into())
    }

    /// `who` says `content` in #general.
    pub(crate) fn say(&self, who: &Person, content: &str) -> Result<Message, Error> {
        self.transcript.say(&who.name, content);
        Ok(self.handle.send_message(self.channel_id, who.id, content)?)
    }

    /// `who` says `content` in #general and the bot answers there.
    pub(crate) async fn say_and_wait(&self, who: &Person, content: &str) -> Result<Message, Error> {
        let asked = Instant::now();
        let sent = self.say(who, content)?;
        let bot = self.handle.bot_user_id();
        let mut answer = None;
        let answered = self
            .handle
            .wait_for(PATIENCE, |handle| {
                answer = handle
                    .messages(self.channel_id)
                    .into_iter()
                    .find(|m| m.author.id == bot && m.id > sent.id);
                answer.is_some()
            })
            .await;
        let answer = answer.filter(|_| answered).ok_or("the bot did not answer in time")?;
        self.transcript.answer(render(&answer), asked.elapsed());
        Ok(answer)
    }

    /// Waits for the bot's first answer to an interaction `who` started with `action`.
    pub(crate) async fn interact(
        &self,
        who: &Person,
        action: &str,
        start: impl FnOnce(
            &EmulatorHandle,
        ) -> Result<PendingInteraction, accord_emulator::InteractionError>,
    ) -> Result<(PendingInteraction, Message), Error> {
        self.transcript.say(&who.name, action);
        let asked = Instant::now();
        let pending = start(&self.handle)?;
        let outcome = pending
            .wait_for(PATIENCE, |o| {
                o.response.is_some() && o.original.as_ref().is_some_and(|m| !is_loading(m))
            })
            .await
            .ok_or("the bot did not answer in time")?;
        let message = outcome.original.ok_or("answered")?;
        self.transcript.answer(render(&message), asked.elapsed());
        Ok((pending, message))
    }
}

/// Waits until `done` holds, for at most [`PATIENCE`].
pub(crate) async fn eventually(what: &str, mut done: impl FnMut() -> bool) -> Result<(), Error> {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        if Instant::now() > deadline {
            return Err(format!("timed out waiting until {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Ok(())
}

/// Whether the message is the "thinking…" placeholder of a deferred answer.
fn is_loading(message: &Message) -> bool {
    message.content.is_empty() && message.embeds.is_empty() && message.components.is_none()
}

/// A message as a transcript shows it: its text, its embeds' titles and its buttons.
pub(crate) fn render(message: &Message) -> String {
    let mut text = message.content.clone();
    for embed in &message.embeds {
        let title = embed.title.as_deref().unwrap_or_default();
        let description = embed.description.as_deref().unwrap_or_default();
        let _ = write!(text, " [embed: {title}: {description}]");
    }
    for row in message.components.iter().flatten() {
        if let Component::ActionRow(row) = row {
            for component in &row.components {
                if let Component::Button(button) = component {
                    let _ = write!(text, " [{}]", button.label.as_deref().unwrap_or("button"));
                }
            }
        }
    }
    text.trim_start().to_owned()
}
