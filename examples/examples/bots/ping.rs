//! The ping bot, on the bare crates: a gateway [`Shard`] for events and the REST [`Client`]
//! for answers. It answers `!ping` with its heartbeat latency.

use accord_emulator::Emulator;
use accord_examples::{Error, Transcript};
use accord_gateway::{CloseMode, Config, Shard};
use accord_http::Client;
use accord_model::gateway::{Event, EventType, EventTypeSet, Intents, ShardId};

use crate::support::{Scene, eventually};

/// Messages in guilds and DMs, and their text (a privileged intent: turn it on in the
/// developer portal).
fn intents() -> Intents {
    Intents::GUILD_MESSAGES | Intents::DIRECT_MESSAGES | Intents::MESSAGE_CONTENT
}

/// The shard's configuration: only READY and MESSAGE_CREATE are parsed, everything else is
/// skipped after a scan for its sequence number.
fn config(token: String, gateway_url: Option<String>) -> Result<Config, Error> {
    let mut config = Config::builder(token, intents())
        .event_types(EventTypeSet::empty().with(EventType::Ready).with(EventType::MessageCreate));
    if let Some(url) = gateway_url {
        config = config.gateway_url(url);
    }
    Ok(config.build()?)
}

/// The bot: reads events until the shard ends, answering `!ping`.
pub(crate) async fn bot(
    mut shard: Shard,
    http: Client,
    transcript: Transcript,
) -> Result<(), Error> {
    while let Some(item) = shard.next_event().await {
        match item {
            Ok(Event::Ready(ready)) => {
                transcript.note(format!("connected to the gateway as {}", ready.user.username));
            }
            Ok(Event::MessageCreate(message)) if message.content.trim() == "!ping" => {
                let latency = shard.latency().last().map_or_else(
                    || "no heartbeat acknowledged yet".to_owned(),
                    |rtt| format!("heartbeat latency {:.1} ms", rtt.as_secs_f64() * 1000.0),
                );
                let answer = format!("Pong! ({latency})");
                // A busier bot would spawn a task here, so that a slow request never holds up
                // the next event.
                http.create_message(message.channel_id).content(&answer).await?;
            }
            Ok(_) => {}
            Err(error) if error.is_fatal() => return Err(error.into()),
            // The shard has already reconnected (or skipped the payload): note and go on.
            Err(error) => tracing::warn!(%error, "gateway"),
        }
    }
    Ok(())
}

/// Against Discord: runs until stopped.
pub(crate) async fn online(token: String, transcript: Transcript) -> Result<(), Error> {
    let shard = Shard::new(ShardId::ONE, config(token.clone(), None)?);
    bot(shard, Client::new(token), transcript).await
}

/// Against the embedded emulator: the bot and a short conversation.
pub(crate) async fn offline(transcript: Transcript) -> Result<(), Error> {
    let emulator = Emulator::builder()
        .guilds(1)
        .members_per_guild(6)
        .seed(7)
        // Discord's 41.25 s, shortened so that the heartbeat latency is known within the run.
        .heartbeat_interval(std::time::Duration::from_millis(50))
        .start()
        .await?;
    transcript.note(format!("emulator listening on {}", emulator.http_url()));
    let shard = Shard::new(
        ShardId::ONE,
        config(emulator.token().to_owned(), Some(emulator.gateway_url()))?,
    );
    let closer = shard.sender();
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    let running = tokio::spawn(bot(shard, http, transcript.clone()));

    eventually("the bot connects", || transcript.contains("connected to the gateway")).await?;
    let scene = Scene::first(&emulator, &transcript)?;
    let (alice, bob) = (scene.person(0)?, scene.person(1)?);
    scene.say(alice, "hi all, is the bot up?")?;
    scene.say_and_wait(bob, "!ping").await?;
    scene.say_and_wait(alice, "!ping").await?;

    closer.close(CloseMode::End)?;
    running.await??;
    transcript.note("the shard closed its session; done");
    Ok(())
}
