//! A framework built with a cache, against the emulator: it feeds the cache every event, and
//! commands read it directly through `ctx.cache()`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;

use accord_cache::InMemoryCache;
use accord_framework::{Context, Framework, command};
use support::{Bot, PATIENCE};

type Error = Box<dyn std::error::Error + Send + Sync>;
type Ctx = Context<(), InMemoryCache>;

/// Names the guild and counts its channels, from the cache alone.
#[command(prefix)]
async fn server(ctx: Ctx) -> Result<(), Error> {
    let guild_id = ctx.guild_id().ok_or("not in a guild")?;
    let guild = ctx.cache().guild(guild_id).ok_or("the guild is not cached")?;
    let channels = ctx.cache().guild_channels(guild_id).len();
    ctx.say(format!("{} has {channels} channels", guild.name)).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_framework_feeds_its_cache_and_commands_read_it() {
    let cache = Arc::new(InMemoryCache::new());
    let builder =
        Framework::builder_with_cache(cache.clone()).prefix("!").data(()).commands([server()]);
    let bot: Bot<(), InMemoryCache> = Bot::start(builder).await;
    assert!(Arc::ptr_eq(bot.framework.cache(), &cache));
    let arrived = bot.handle.wait_for(PATIENCE, |_| cache.guild(bot.guild_id).is_some()).await;
    assert!(arrived, "GUILD_CREATE reached the cache through the framework");

    let guild = bot.handle.guild(bot.guild_id).unwrap();
    let channels = bot.handle.channels(bot.guild_id).len();
    let reply = bot.message_reply(bot.member, "!server").await;
    assert_eq!(reply.content, format!("{} has {channels} channels", guild.name));
    // The command's message was cached before the command ran.
    assert!(cache.stats().messages.count >= 1, "{:?}", cache.stats().messages);
}
