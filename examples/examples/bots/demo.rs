//! The framework bot: commands that work as prefix and slash commands from one function each,
//! a vote with buttons routed by custom id, a modal, a cooldown, the built-in help, and
//! registration that writes only when the commands changed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use accord_emulator::{CommandCall, Emulator};
use accord_examples::{Error, Transcript};
use accord_framework::model::component::ButtonStyle;
use accord_framework::model::emoji::PartialEmoji;
use accord_framework::model::gateway::{Intents, ShardId};
use accord_framework::registration::SyncOutcome;
use accord_framework::reply::{ButtonBuilder, ModalBuilder, Reply, action_row};
use accord_framework::router::{Route, RouteParams};
use accord_framework::{ChoiceArgument, Context, Framework, command};
use accord_gateway::{CloseMode, Config, Shard};
use accord_http::Client;

use crate::support::{PATIENCE, Scene, eventually};

/// What every command shares.
pub(crate) struct Data {
    rolls: AtomicU64,
    transcript: Transcript,
}

type Ctx = Context<Data>;

/// Checks that the bot is alive.
#[command(prefix, slash, category = "Basics")]
async fn ping(ctx: Ctx) -> Result<(), Error> {
    ctx.say("Pong!").await?;
    Ok(())
}

/// Rolls a die.
///
/// Once every 2 seconds per user.
#[command(prefix, slash, category = "Fun", user_cooldown = 2)]
async fn roll(
    ctx: Ctx,
    #[description = "How many sides"]
    #[min = 2]
    #[max = 100]
    sides: Option<u64>,
) -> Result<(), Error> {
    let sides = sides.unwrap_or(6);
    // Not random, so that the transcript is the same from run to run.
    let n = ctx.data().rolls.fetch_add(3, Ordering::Relaxed);
    ctx.say(format!("🎲 {} (d{sides})", n % sides + 1)).await?;
    Ok(())
}

#[derive(ChoiceArgument, Clone, Copy, Debug)]
enum Meal {
    Pizza,
    Ramen,
    #[name = "Pasta al pomodoro"]
    Pasta,
}

/// Starts a lunch vote.
#[command(slash, guild_only, category = "Fun")]
async fn lunch(ctx: Ctx, #[description = "What to eat"] meal: Meal) -> Result<(), Error> {
    let buttons = action_row(vec![
        ButtonBuilder::new(ButtonStyle::Success, format!("vote:{meal:?}:yes"), "Yes")
            .emoji(PartialEmoji::unicode("🍕"))
            .build(),
        ButtonBuilder::new(ButtonStyle::Danger, format!("vote:{meal:?}:no"), "No").build(),
    ]);
    let question = format!("{meal:?} for lunch?");
    ctx.send(Reply::new().content(question).components(vec![buttons])).await?;
    Ok(())
}

/// `vote:{meal}:{answer}` buttons land here, with both parts parsed out of the custom id. The
/// vote is over: the update removes the buttons (an empty list clears them).
async fn vote(ctx: Ctx, params: RouteParams) -> Result<(), Error> {
    let (meal, answer) = (params.get("meal").unwrap_or("?"), params.get("answer").unwrap_or("?"));
    let text = format!("{} says {answer} to {meal}", ctx.author().username);
    ctx.update(Reply::new().content(text).components(vec![])).await?;
    Ok(())
}

/// Tells the team what you think.
#[command(slash, category = "Basics")]
async fn feedback(ctx: Ctx) -> Result<(), Error> {
    let id = ctx.invocation().interaction().map_or(0, |interaction| interaction.id.get());
    let modal = ModalBuilder::new(format!("feedback:{id}"), "Feedback")
        .short("subject", "Subject")
        .paragraph("body", "Your thoughts")
        .build();
    let Some(submitted) = ctx.ask_modal(modal, Duration::from_secs(300)).await? else {
        return Ok(());
    };
    let subject = submitted.modal_value("subject").unwrap_or_default();
    let body = submitted.modal_value("body").unwrap_or_default();
    submitted
        .say(format!("Thanks, {}! Noted under “{subject}”: {body}", ctx.author().username))
        .await?;
    Ok(())
}

/// The framework: commands, the vote route, and hooks that write to the transcript.
pub(crate) fn framework(http: Client, transcript: Transcript) -> Framework<Data> {
    Framework::builder()
        .prefix("!")
        .data(Data { rolls: AtomicU64::new(4), transcript })
        .commands([ping(), roll(), lunch(), feedback(), accord_framework::help::command()])
        .routes([Route::component("vote:{meal}:{answer}", vote)])
        .post_command(|ctx: Ctx| async move {
            let command = ctx.command_path().join(" ");
            ctx.data().transcript.note(format!("ran `{command}` for {}", ctx.author().username));
        })
        .on_error(|error, ctx: Ctx| async move {
            ctx.data().transcript.note(format!("error: {error}"));
            // Then the default: an (ephemeral, where possible) answer to the user.
            accord_framework::default_on_error(error, ctx).await;
        })
        .build(http)
}

/// Registers the commands (writing only when they changed) and feeds the framework the
/// shard's events until the shard ends.
pub(crate) async fn bot(framework: Framework<Data>, shard: Shard) -> Result<(), Error> {
    let transcript = framework.data().transcript.clone();
    match framework.register_globally().await? {
        SyncOutcome::Updated { count } => {
            transcript.note(format!("registered {count} commands with one bulk write"));
        }
        _ => transcript.note("the registered commands are up to date"),
    }
    // Each command runs in a task of its own; gateway errors are logged.
    framework.run(shard).await;
    Ok(())
}

fn intents() -> Intents {
    Intents::GUILDS | Intents::GUILD_MESSAGES | Intents::DIRECT_MESSAGES | Intents::MESSAGE_CONTENT
}

/// Against Discord: runs until stopped. Slash commands are registered globally.
pub(crate) async fn online(token: String, transcript: Transcript) -> Result<(), Error> {
    // The framework learns the application id from READY (registration fetches it before).
    let shard = Shard::new(ShardId::ONE, Config::new(token.clone(), intents()));
    bot(framework(Client::new(token), transcript), shard).await
}

/// Against the embedded emulator: the bot and a conversation with six people.
pub(crate) async fn offline(transcript: Transcript) -> Result<(), Error> {
    let emulator = Emulator::builder().guilds(1).members_per_guild(8).seed(7).start().await?;
    transcript.note(format!("emulator listening on {}", emulator.http_url()));
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    let config = Config::builder(emulator.token(), intents()).gateway_url(emulator.gateway_url());
    let shard = Shard::new(ShardId::ONE, config.build()?);
    let closer = shard.sender();
    let framework = framework(http, transcript.clone());
    let running = tokio::spawn(bot(framework.clone(), shard));
    let handle = emulator.handle();
    eventually("the bot connects", || handle.counters().identifies == 1).await?;
    transcript.note("the bot connected");
    // A restarted bot finds its commands registered: no write.
    match framework.register_globally().await? {
        SyncOutcome::Updated { .. } => return Err("the second registration wrote".into()),
        _ => transcript.note("registering again: nothing changed, no write"),
    }

    let scene = Scene::first(&emulator, &transcript)?;
    let (channel, people) = (scene.channel_id, &scene.people);
    let [alice, bob, carol, dave, erin, ..] = people.as_slice() else {
        return Err("the guild has too few people".into());
    };
    scene.say_and_wait(alice, "!ping").await?;
    scene.say_and_wait(alice, "!roll 20").await?;
    scene.say_and_wait(alice, "!roll 20").await?;
    scene.say_and_wait(bob, "!roll 500").await?;
    scene
        .interact(erin, "/roll sides:12", |h| {
            h.run_command(CommandCall::slash(erin.id, channel, "roll").option("sides", 12_i64))
        })
        .await?;
    let (_, poll) = scene
        .interact(carol, "/lunch meal:Pizza", |h| {
            h.run_command(CommandCall::slash(carol.id, channel, "lunch").option("meal", "Pizza"))
        })
        .await?;
    scene
        .interact(dave, "clicks [Yes]", |h| {
            h.click_button(dave.id, channel, poll.id, "vote:Pizza:yes")
        })
        .await?;
    transcript.say(&erin.name, "/feedback");
    let asked = std::time::Instant::now();
    let opened = emulator.handle().run_command(CommandCall::slash(erin.id, channel, "feedback"))?;
    let modal = opened.modal().await.ok_or("the bot did not open a modal")?;
    transcript.answer(format!("opens the modal “{}”", modal.title), asked.elapsed());
    scene
        .interact(erin, "fills in the modal and submits it", |h| {
            h.submit_modal(&opened, &[("subject", "Lunch"), ("body", "More ramen, please")])
        })
        .await?;
    scene.say_and_wait(alice, "!help").await?;
    // The post-command hook notes a command after its answer went out; let the last one land
    // before the shard closes.
    eventually("the help command is noted", || transcript.contains("ran `help` for")).await?;

    closer.close(CloseMode::End)?;
    tokio::time::timeout(PATIENCE, running).await???;
    transcript.note("the shard closed its session; done");
    Ok(())
}
