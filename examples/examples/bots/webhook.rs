//! The http-only tool: posts an announcement through a channel's webhook and edits it, with
//! the REST client alone (no gateway). The bot token is needed to find or create the
//! webhook; posting and editing through it need only the webhook's own token.

use accord_emulator::Emulator;
use accord_examples::{Error, Transcript};
use accord_http::Client;
use accord_model::id::Id;
use accord_model::id::marker::ChannelMarker;
use accord_model::message::{Embed, Message};

use crate::support::{Scene, render};

/// The name the tool gives its webhook, and looks for before creating another.
const WEBHOOK_NAME: &str = "Accord announcements";

/// Posts `text` in `channel_id` through the tool's webhook (created on first use), then marks
/// it as edited.
pub(crate) async fn announce(
    http: &Client,
    channel_id: Id<ChannelMarker>,
    text: &str,
    transcript: &Transcript,
) -> Result<Message, Error> {
    let existing = http.list_channel_webhooks(channel_id).await?.model().await?;
    let found = existing.into_iter().find(|w| w.name.as_deref() == Some(WEBHOOK_NAME));
    let webhook = if let Some(webhook) = found {
        transcript.note(format!("found the webhook “{WEBHOOK_NAME}” ({})", webhook.id));
        webhook
    } else {
        let created = http
            .create_webhook(channel_id, WEBHOOK_NAME)
            .reason("accord-examples: announcements")
            .await?
            .model()
            .await?;
        transcript.note(format!("created the webhook “{WEBHOOK_NAME}” ({})", created.id));
        created
    };
    let token = webhook.token.ok_or("the webhook has no token (it is not an incoming one)")?;

    let mut embed = Embed::new();
    embed.title = Some("Announcement".to_owned());
    embed.description = Some(text.to_owned());
    embed.color = Some(0x0058_65F2);
    let embeds = [embed];
    let posted = http
        .execute_webhook(webhook.id, &token)
        .username("Release bot")
        .embeds(&embeds)
        // Without `wait`, Discord answers 204 and the message is not returned.
        .wait(true)
        .await?
        .model()
        .await?
        .ok_or("Discord did not return the message")?;
    transcript.note(format!("posted message {} through the webhook", posted.id));

    let edited = http
        .update_webhook_message(webhook.id, &token, posted.id)
        .content(Some("(edited: the date was wrong)"))
        .await?
        .model()
        .await?;
    transcript.note(format!("edited message {}", edited.id));
    Ok(edited)
}

/// Against Discord: posts in the channel `ANNOUNCE_CHANNEL_ID` (the text from `ANNOUNCEMENT`).
pub(crate) async fn online(token: String, transcript: Transcript) -> Result<(), Error> {
    let channel_id = std::env::var("ANNOUNCE_CHANNEL_ID")
        .map_err(|_| "set ANNOUNCE_CHANNEL_ID to the id of the channel to post in")?
        .parse()
        .map_err(|error| format!("ANNOUNCE_CHANNEL_ID is not an id: {error}"))?;
    let text = std::env::var("ANNOUNCEMENT").unwrap_or_else(|_| "Hello from Accord!".to_owned());
    let message = announce(&Client::new(token), channel_id, &text, &transcript).await?;
    transcript.say(WEBHOOK_NAME, render(&message));
    Ok(())
}

/// Against the embedded emulator: two announcements in #general (the second finds the
/// webhook the first created), then what the channel shows.
pub(crate) async fn offline(transcript: Transcript) -> Result<(), Error> {
    let emulator = Emulator::builder().guilds(1).members_per_guild(4).seed(7).start().await?;
    transcript.note(format!("emulator listening on {}", emulator.http_url()));
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    let scene = Scene::first(&emulator, &transcript)?;
    let texts = ["Version 1.0 ships on Friday!", "The release party is at 18:00."];
    for text in texts {
        announce(&http, scene.channel_id, text, &transcript).await?;
    }
    transcript.note("#general now shows:");
    let mut messages = emulator.handle().messages(scene.channel_id);
    messages.sort_by_key(|message| message.id);
    for message in messages {
        transcript.say(message.author.username.as_str(), render(&message));
    }
    Ok(())
}
