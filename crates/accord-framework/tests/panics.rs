//! Panics in user code, against the emulator: a panicking slash command, prefix command,
//! component route, autocomplete callback and check each reach `on_error` as a `Panic`, and
//! the interaction ends with a real answer, never the "thinking…" placeholder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_emulator::CommandCall;
use accord_framework::model::component::ButtonStyle;
use accord_framework::model::interaction::InteractionCallbackType;
use accord_framework::reply::{Reply, action_row, button};
use accord_framework::router::{Route, RouteParams};
use accord_framework::{
    Context, Framework, FrameworkBuilder, FrameworkErrorKind, NoCache, command,
};
use support::{Bot, PATIENCE};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The panics `on_error` saw, by command path (empty for routes).
#[derive(Default)]
struct Data {
    panics: Mutex<Vec<(String, String)>>,
}

type Ctx = Context<Data>;

const FALLBACK: &str = "Something went wrong while running this command.";

fn boom(what: &str) -> ! {
    panic!("{what} exploded")
}

/// Panics after the auto-defer delay, so the interaction is "thinking…" when it does.
#[command(slash, prefix)]
async fn crash(_: Ctx) -> Result<(), Error> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    boom("crash")
}

/// Panics at once.
#[command(prefix)]
async fn quick(_: Ctx) -> Result<(), Error> {
    boom("quick")
}

/// Panics at once, as a slash command.
#[command(slash)]
async fn instant(_: Ctx) -> Result<(), Error> {
    boom("instant")
}

#[allow(clippy::unused_async, reason = "checks are async")]
async fn exploding_check(_: Ctx) -> Result<bool, Error> {
    boom("the check")
}

/// Guarded by a check that panics.
#[command(slash, check = exploding_check)]
async fn guarded(ctx: Ctx) -> Result<(), Error> {
    ctx.say("the check let me through").await?;
    Ok(())
}

#[allow(clippy::unused_async, reason = "autocomplete callbacks are async")]
async fn exploding_complete(_: Ctx, _: &str) -> Vec<String> {
    boom("the autocomplete")
}

/// Suggests nothing: its autocomplete panics.
#[command(slash)]
async fn pick(
    ctx: Ctx,
    #[description = "Anything"]
    #[autocomplete = exploding_complete]
    thing: String,
) -> Result<(), Error> {
    ctx.say(thing).await?;
    Ok(())
}

/// Posts a button whose route panics.
#[command(slash)]
async fn trap(ctx: Ctx) -> Result<(), Error> {
    let row = action_row(vec![button(ButtonStyle::Danger, "trap:1", "Do not press")]);
    ctx.send(Reply::new().content("A button").components(vec![row])).await?;
    Ok(())
}

#[allow(clippy::unused_async, reason = "routes are async")]
async fn sprung(_: Ctx, _: RouteParams) -> Result<(), Error> {
    boom("the route")
}

fn builder() -> FrameworkBuilder<Data, NoCache, Arc<Data>> {
    Framework::builder()
        .prefix("!")
        .data(Data::default())
        .auto_defer(Some(Duration::from_millis(100)))
        .commands([crash(), quick(), guarded(), pick(), trap()])
        .routes([Route::component("trap:{n}", sprung)])
        .on_error(|error, ctx: Ctx| async move {
            if let FrameworkErrorKind::Panic { message } = error.kind() {
                let path = ctx.command_path().join(" ");
                ctx.data().panics.lock().unwrap().push((path, message.clone()));
            }
            accord_framework::default_on_error(error, ctx).await;
        })
}

async fn bot() -> Bot<Data> {
    let bot = Bot::start(builder()).await;
    bot.framework.register_in_guild(bot.guild_id).await.expect("the commands register");
    bot
}

fn panics(bot: &Bot<Data>) -> Vec<(String, String)> {
    bot.framework.data().panics.lock().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_slash_command_is_answered_after_its_deferral() {
    let bot = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "crash")).unwrap();
    let outcome = pending
        .wait_for(PATIENCE, |o| o.original.as_ref().is_some_and(|m| m.content == FALLBACK))
        .await
        .unwrap_or_else(|| panic!("the placeholder was replaced: {:?}", pending.outcome()));
    // It was deferred while the command ran (the 300 ms exceed the 100 ms), then edited.
    let response = outcome.response.expect("a response");
    assert_eq!(response.kind, InteractionCallbackType::DeferredChannelMessageWithSource);
    assert!(outcome.followups.is_empty(), "{:?}", outcome.followups);
    assert_eq!(panics(&bot), [("crash".to_owned(), "crash exploded".to_owned())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_prefix_command_is_answered() {
    let bot = bot().await;
    assert_eq!(bot.message_reply(bot.member, "!quick").await.content, FALLBACK);
    assert_eq!(bot.message_reply(bot.member, "!crash").await.content, FALLBACK);
    assert_eq!(
        panics(&bot),
        [
            ("quick".to_owned(), "quick exploded".to_owned()),
            ("crash".to_owned(), "crash exploded".to_owned())
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_check_is_an_error_not_a_pass() {
    let bot = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "guarded")).unwrap();
    let outcome = pending
        .wait_for(PATIENCE, |o| o.original.is_some())
        .await
        .unwrap_or_else(|| panic!("an answer: {:?}", pending.outcome()));
    assert_eq!(outcome.original.unwrap().content, FALLBACK);
    assert_eq!(panics(&bot), [("guarded".to_owned(), "the check exploded".to_owned())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_autocomplete_answers_no_choices() {
    let bot = bot().await;
    let call =
        CommandCall::slash(bot.member, bot.channel_id, "pick").option("thing", "a").focus("thing");
    let pending = bot.handle.autocomplete(call).expect("the autocomplete starts");
    let choices = pending.autocomplete_choices().await.expect("an answer, not a spinning menu");
    assert!(choices.is_empty(), "{choices:?}");
    assert_eq!(panics(&bot), [("pick".to_owned(), "the autocomplete exploded".to_owned())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_route_is_answered() {
    let bot = bot().await;
    let posted =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "trap")).unwrap();
    let message = posted
        .wait_for(PATIENCE, |o| o.original.is_some())
        .await
        .and_then(|o| o.original)
        .expect("the button is posted");
    let click = bot.handle.click_button(bot.member, bot.channel_id, message.id, "trap:1").unwrap();
    let answered = click
        .wait_for(PATIENCE, |o| {
            o.original.iter().chain(&o.followups).any(|m| m.content == FALLBACK)
        })
        .await;
    assert!(answered.is_some(), "the click was answered: {:?}", click.outcome());
    assert_eq!(panics(&bot), [(String::new(), "the route exploded".to_owned())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auto_defer_timer_stops_when_the_handler_panics() {
    // A hook that answers nothing: were the timer left running, it would defer the
    // interaction after its 100 ms and leave it "thinking…" for good.
    let builder = Framework::builder()
        .data(Data::default())
        .auto_defer(Some(Duration::from_millis(100)))
        .commands([instant()])
        .on_error(|error, ctx: Ctx| async move {
            if let FrameworkErrorKind::Panic { message } = error.kind() {
                ctx.data()
                    .panics
                    .lock()
                    .unwrap()
                    .push((ctx.command_path().join(" "), message.clone()));
            }
        });
    let bot = Bot::start(builder).await;
    bot.framework.register_in_guild(bot.guild_id).await.unwrap();
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "instant")).unwrap();
    let reported = tokio::time::timeout(PATIENCE, async {
        while panics(&bot).is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(reported.is_ok(), "on_error saw the panic");
    // Five times the auto-defer delay: no deferral came.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(pending.outcome().response.is_none(), "{:?}", pending.outcome());
}
