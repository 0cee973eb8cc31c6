//! The sharded bot: a [`ShardGroup`] that identifies through the queue bucket by bucket and
//! requests every guild's members, one cache fed by every shard, statistics of the cache at an interval, and `!where`, which says
//! which shard serves the guild.

use std::sync::Arc;
use std::time::Duration;

use accord_cache::InMemoryCache;
use accord_emulator::{Emulator, GatewayLimits, Timings};
use accord_examples::{Error, Transcript};
use accord_gateway::{CloseMode, Config, InMemoryQueue, ShardGroup};
use accord_http::Client;
use accord_model::gateway::{Event, Intents};

use crate::support::{Scene, eventually};

fn intents() -> Intents {
    Intents::GUILDS
        | Intents::GUILD_MEMBERS
        | Intents::GUILD_MESSAGES
        | Intents::GUILD_PRESENCES
        | Intents::GUILD_VOICE_STATES
        | Intents::MESSAGE_CONTENT
}

/// One line of cache statistics.
fn statistics(cache: &InMemoryCache) -> String {
    let stats = cache.stats();
    format!(
        "cache: {} guilds, {} channels, {} roles, {} members, {} users, {} messages; {} KiB",
        stats.guilds.count,
        stats.channels.count,
        stats.roles.count,
        stats.members.count,
        stats.users.count,
        stats.messages.count,
        stats.total_bytes() / 1024,
    )
}

/// The bot: every shard's events go to the cache; statistics every `interval`.
pub(crate) async fn bot(
    mut group: ShardGroup,
    http: Client,
    transcript: Transcript,
    interval: Duration,
) -> Result<(), Error> {
    let cache = InMemoryCache::new();
    let mut statistics_due = tokio::time::interval(interval);
    statistics_due.tick().await;
    loop {
        // `ShardGroup::next_event` is cancel safe: losing the race to the timer loses nothing.
        let (shard, item) = tokio::select! {
            _ = statistics_due.tick() => {
                transcript.note(statistics(&cache));
                continue;
            }
            next = group.next_event() => match next {
                Some(next) => next,
                None => break,
            },
        };
        let event = match item {
            Ok(event) => event,
            Err(error) if error.is_fatal() => return Err(error.into()),
            Err(error) => {
                tracing::warn!(%error, shard = shard.number(), "gateway");
                continue;
            }
        };
        cache.update(&event);
        match &event {
            Event::Ready(ready) => {
                let guilds = ready.guilds.len();
                let plural = if guilds == 1 { "" } else { "s" };
                let (number, total) = (shard.number(), shard.total());
                transcript
                    .note(format!("shard {number}/{total} ready with {guilds} guild{plural}"));
            }
            Event::MessageCreate(message) if message.content.trim() == "!where" => {
                let guild = message
                    .guild_id
                    .and_then(|id| cache.guild(id))
                    .map_or_else(|| "this DM".to_owned(), |guild| guild.name.to_string());
                let answer =
                    format!("{guild} is served by shard {} of {}", shard.number(), shard.total());
                http.create_message(message.channel_id).content(&answer).await?;
            }
            _ => {}
        }
    }
    transcript.note(statistics(&cache));
    Ok(())
}

/// Against Discord: as many shards as Discord recommends, statistics every minute.
pub(crate) async fn online(token: String, transcript: Transcript) -> Result<(), Error> {
    let http = Client::new(token.clone());
    let gateway = http.get_bot_gateway().await?.model().await?;
    // Large guilds send only some members in GUILD_CREATE: request the rest for the cache.
    let config =
        Config::builder(token, intents()).gateway_bot(&gateway).request_members(true).build()?;
    let group = ShardGroup::recommended(&gateway, &config);
    transcript.note(format!("starting {} shards", group.len()));
    bot(group, http, transcript, Duration::from_secs(60)).await
}

/// Against the embedded emulator: 4 shards over 8 large guilds, two identify buckets.
pub(crate) async fn offline(transcript: Transcript) -> Result<(), Error> {
    const SHARDS: u32 = 4;
    let mut limits = GatewayLimits::default();
    limits.max_concurrency = 2;
    // Discord's time rules, 50 times faster: one IDENTIFY per bucket per 100 ms.
    let timings = Timings::default().scaled_down(50);
    let window = timings.identify_window;
    let command_window = timings.command_window;
    let emulator = Emulator::builder()
        .guilds(8)
        // Over the large threshold (50): GUILD_CREATE carries only the online members, the
        // member requests bring the others.
        .members_per_guild(60)
        .seed(7)
        .gateway_limits(limits)
        .timings(timings)
        .start()
        .await?;
    transcript.note(format!("emulator listening on {}", emulator.http_url()));
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    let gateway = http.get_bot_gateway().await?.model().await?;
    transcript.note(format!(
        "GET /gateway/bot: max_concurrency {}, {} identifies left today",
        gateway.session_start_limit.max_concurrency, gateway.session_start_limit.remaining
    ));
    // The queue keeps to the emulator's shortened window, with a margin for network jitter.
    let queue = InMemoryQueue::from_limit(gateway.session_start_limit)
        .with_window(window + Duration::from_millis(20));
    let config = Config::builder(emulator.token(), intents())
        .gateway_bot(&gateway)
        .queue(Arc::new(queue))
        .command_limit(120, command_window)
        .request_members(true)
        .build()?;
    let group = ShardGroup::new(0..SHARDS, SHARDS, &config)?;
    let senders = group.senders();
    let running = tokio::spawn(bot(group, http, transcript.clone(), Duration::from_millis(250)));

    eventually("every shard is ready", || {
        transcript.lines().iter().filter(|line| line.text.contains("ready with")).count()
            == SHARDS as usize
    })
    .await?;
    let log = emulator.handle().counters().identify_log;
    let order: Vec<String> = log
        .iter()
        .map(|r| {
            format!("shard {} (bucket {}) at {} ms", r.shard.number(), r.bucket, r.at.as_millis())
        })
        .collect();
    transcript.note(format!("the emulator saw IDENTIFY from {}", order.join(", ")));

    for guild_id in emulator.handle().guild_ids().into_iter().take(3) {
        let scene = Scene::new(&emulator, &transcript, guild_id)?;
        scene.say_and_wait(scene.person(0)?, "!where").await?;
    }
    let shown = transcript.lines().len();
    eventually("the next statistics", || {
        transcript.lines().iter().skip(shown).any(|line| line.text.starts_with("cache:"))
    })
    .await?;

    for sender in senders {
        sender.close(CloseMode::End)?;
    }
    tokio::time::timeout(crate::support::PATIENCE, running).await???;
    transcript.note("every shard closed its session; done");
    Ok(())
}
