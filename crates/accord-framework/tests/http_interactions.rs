//! The framework's interaction scenarios over HTTP instead of the gateway: the emulator
//! verifies the framework's interactions endpoint and posts every interaction to it, signed.
//! Slash commands, autocomplete, components and modals work unchanged; the first response is
//! the HTTP body (no callback request); the framework's automatic deferral still answers in
//! time, and the service's own deadline covers a framework without one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{CommandCall, PendingInteraction};
use accord_framework::model::application::command::{
    Command as ApplicationCommand, CommandOption, CommandOptionType,
};
use accord_framework::model::component::ButtonStyle;
use accord_framework::model::interaction::InteractionCallbackType;
use accord_framework::model::message::MessageFlags;
use accord_framework::reply::{ModalBuilder, Reply, action_row, button};
use accord_framework::router::{Route, RouteParams};
use accord_framework::{Context, Framework, FrameworkBuilder, NoCache, command};
use support::{Bot, PATIENCE};
use tokio::sync::Notify;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Default)]
struct Data {
    /// Lets the slow command finish.
    release: Notify,
}

type Ctx = Context<Data>;

/// Rolls a die.
#[command(slash)]
async fn roll(
    ctx: Ctx,
    #[description = "How many sides"]
    #[min = 1]
    #[max = 100]
    sides: i64,
) -> Result<(), Error> {
    ctx.say(format!("You rolled a d{sides}")).await?;
    Ok(())
}

#[allow(clippy::unused_async, reason = "autocomplete callbacks are async")]
async fn complete_fruit(_: Ctx, partial: &str) -> Vec<String> {
    ["apple", "apricot", "banana", "cherry"]
        .iter()
        .filter(|f| f.starts_with(partial))
        .map(|f| (*f).to_owned())
        .collect()
}

/// Picks a fruit.
#[command(slash)]
async fn fruit(
    ctx: Ctx,
    #[description = "The fruit"]
    #[autocomplete = complete_fruit]
    name: String,
) -> Result<(), Error> {
    ctx.say(format!("You picked {name}")).await?;
    Ok(())
}

/// Starts a poll.
#[command(slash)]
async fn poll(ctx: Ctx) -> Result<(), Error> {
    let buttons = action_row(vec![
        button(ButtonStyle::Success, "vote:7:yes", "Yes"),
        button(ButtonStyle::Danger, "vote:7:no", "No"),
        button(ButtonStyle::Secondary, "slowvote:7", "Think about it"),
    ]);
    ctx.send(Reply::new().content("Lunch at noon?").components(vec![buttons])).await?;
    Ok(())
}

async fn vote(ctx: Ctx, params: RouteParams) -> Result<(), Error> {
    let poll: u64 = params.parse("poll")?;
    let choice = params.get("choice").unwrap_or_default().to_owned();
    let voter = ctx.author().username.clone();
    ctx.update(Reply::new().content(format!("Poll {poll}: {voter} voted {choice}"))).await?;
    Ok(())
}

/// Asks for feedback.
#[command(slash)]
async fn feedback(ctx: Ctx) -> Result<(), Error> {
    let modal = ModalBuilder::new("feedback", "Feedback")
        .short("subject", "Subject")
        .paragraph("body", "Your thoughts")
        .build();
    let Some(submitted) = ctx.ask_modal(modal, Duration::from_secs(10)).await? else {
        return Ok(());
    };
    let subject = submitted.modal_value("subject").unwrap_or_default().to_owned();
    let body = submitted.modal_value("body").unwrap_or_default().to_owned();
    submitted.say(format!("Thanks for `{subject}`: {body}")).await?;
    Ok(())
}

/// Reports a problem.
#[command(slash)]
async fn report(ctx: Ctx, #[description = "The ticket"] ticket: i64) -> Result<(), Error> {
    let modal = ModalBuilder::new(format!("report:{ticket}"), "Report")
        .paragraph("details", "What happened?")
        .build();
    ctx.invocation().open_modal(modal).await?;
    Ok(())
}

async fn report_submitted(ctx: Ctx, params: RouteParams) -> Result<(), Error> {
    let ticket: i64 = params.parse("ticket")?;
    let details = ctx.modal_value("details").unwrap_or_default().to_owned();
    ctx.say(format!("Ticket {ticket}: {details}")).await?;
    Ok(())
}

/// Takes its time.
#[command(slash)]
async fn slow(ctx: Ctx) -> Result<(), Error> {
    ctx.data().release.notified().await;
    ctx.say("Done at last").await?;
    ctx.say("And a followup").await?;
    Ok(())
}

/// A button that takes its time before it edits its message.
async fn slow_vote(ctx: Ctx, _: RouteParams) -> Result<(), Error> {
    ctx.data().release.notified().await;
    ctx.update(Reply::new().content("Counted, slowly")).await?;
    Ok(())
}

fn framework_builder(auto_defer: Option<Duration>) -> FrameworkBuilder<Data, NoCache, Arc<Data>> {
    Framework::builder()
        .data(Data::default())
        .auto_defer(auto_defer)
        .commands([roll(), fruit(), poll(), feedback(), report(), slow()])
        .routes([
            Route::component("vote:{poll}:{choice}", vote),
            Route::component("slowvote:{n}", slow_vote),
            Route::modal("report:{ticket}", report_submitted),
        ])
}

/// A framework behind the emulator's interactions endpoint, deferring after 100 ms, its
/// commands registered.
async fn bot() -> Bot<Data> {
    bot_with(Some(Duration::from_millis(100)), |service| service).await
}

async fn bot_with(
    auto_defer: Option<Duration>,
    service: impl FnOnce(
        accord_framework::interactions::ServiceBuilder,
    ) -> accord_framework::interactions::ServiceBuilder,
) -> Bot<Data> {
    let bot = Bot::start_http(framework_builder(auto_defer), service).await;
    bot.framework.register_in_guild(bot.guild_id).await.expect("the commands register");
    bot
}

/// The content of the message an interaction's answers ended with.
async fn answer(pending: &PendingInteraction, wanted: impl Fn(&str) -> bool) -> String {
    let outcome = pending
        .wait_for(PATIENCE, |outcome| {
            outcome.original.iter().chain(&outcome.followups).any(|m| wanted(&m.content))
        })
        .await
        .unwrap_or_else(|| panic!("no expected answer; got {:?}", pending.outcome()));
    outcome
        .original
        .iter()
        .chain(&outcome.followups)
        .map(|m| m.content.clone())
        .find(|c| wanted(c))
        .expect("checked")
}

/// No interaction was answered with a callback request: every first response was an HTTP body.
fn no_callbacks(bot: &Bot<Data>) {
    assert_eq!(bot.handle.rest_requests_to("create_interaction_response"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_answer_in_the_http_body() {
    let bot = bot().await;
    let run = |call: CommandCall| bot.handle.run_command(call).expect("the command runs");
    let roll = run(CommandCall::slash(bot.member, bot.channel_id, "roll").option("sides", 20_i64));
    assert_eq!(answer(&roll, |c| !c.is_empty()).await, "You rolled a d20");
    let outcome = roll.outcome();
    assert_eq!(outcome.endpoint_status, Some(200));
    assert_eq!(
        outcome.response.map(|r| r.kind),
        Some(InteractionCallbackType::ChannelMessageWithSource)
    );

    // An older registration without the bounds lets 500 through: the framework's error reply
    // is ephemeral, in the HTTP body as well.
    let mut stale = ApplicationCommand::chat_input("roll", "Rolls a die");
    let mut sides = CommandOption::new(CommandOptionType::Integer, "sides", "How many sides");
    sides.required = Some(true);
    stale.options = Some(vec![sides]);
    bot.http
        .bulk_set_guild_application_commands(bot.emulator.application_id(), bot.guild_id, &[stale])
        .await
        .unwrap();
    let out_of_range =
        run(CommandCall::slash(bot.member, bot.channel_id, "roll").option("sides", 500_i64));
    assert_eq!(
        answer(&out_of_range, |c| !c.is_empty()).await,
        "`sides` must be between 1 and 100 (got 500)"
    );
    let original = out_of_range.outcome().original.unwrap();
    assert!(original.flags.is_some_and(|f| f.contains(MessageFlags::EPHEMERAL)));
    no_callbacks(&bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_suggests_choices() {
    let bot = bot().await;
    let call =
        CommandCall::slash(bot.member, bot.channel_id, "fruit").option("name", "ap").focus("name");
    let pending = bot.handle.autocomplete(call).expect("the autocomplete starts");
    let choices = pending.autocomplete_choices().await.expect("choices arrive");
    let names: Vec<_> = choices.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["apple", "apricot"]);
    no_callbacks(&bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_routed_by_pattern() {
    let bot = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "poll")).unwrap();
    let outcome =
        pending.wait_for(PATIENCE, |o| o.original.is_some()).await.expect("the poll is posted");
    let message = outcome.original.unwrap();
    let click =
        bot.handle.click_button(bot.moderator, bot.channel_id, message.id, "vote:7:no").unwrap();
    let voter = bot.handle.user(bot.moderator).unwrap().username;
    assert_eq!(
        click.response().await.map(|r| r.kind),
        Some(InteractionCallbackType::UpdateMessage)
    );
    let updated = bot.handle.message(bot.channel_id, message.id).unwrap();
    assert_eq!(updated.content, format!("Poll 7: {voter} voted no"));
    no_callbacks(&bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modals_are_awaited_and_routed() {
    let bot = bot().await;
    // A command that awaits its modal: the submission reaches it through a waiter.
    let opened =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "feedback")).unwrap();
    assert_eq!(opened.modal().await.expect("a modal opens").title, "Feedback");
    let submitted = bot
        .handle
        .submit_modal(&opened, &[("subject", "Docs"), ("body", "More examples")])
        .unwrap();
    assert_eq!(answer(&submitted, |c| !c.is_empty()).await, "Thanks for `Docs`: More examples");
    assert_eq!(submitted.outcome().endpoint_status, Some(200));

    // A modal whose submission a route handles.
    let opened = bot
        .handle
        .run_command(
            CommandCall::slash(bot.member, bot.channel_id, "report").option("ticket", 42_i64),
        )
        .unwrap();
    assert_eq!(opened.modal().await.expect("a modal opens").custom_id, "report:42");
    let submitted = bot.handle.submit_modal(&opened, &[("details", "It broke")]).unwrap();
    assert_eq!(answer(&submitted, |c| !c.is_empty()).await, "Ticket 42: It broke");
    no_callbacks(&bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_automatic_deferral_is_the_http_body_and_the_rest_goes_over_rest() {
    let bot = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "slow")).unwrap();
    // The handler waits; the framework defers after its 100 ms, in the HTTP answer.
    let deferred =
        pending.wait_for(PATIENCE, |o| o.response.is_some()).await.expect("a response in time");
    assert_eq!(
        deferred.response.unwrap().kind,
        InteractionCallbackType::DeferredChannelMessageWithSource
    );
    assert_eq!(deferred.endpoint_status, Some(200));
    bot.framework.data().release.notify_one();
    // The first reply edits the deferred response; the next is a followup.
    let done = pending
        .wait_for(PATIENCE, |o| {
            o.original.as_ref().is_some_and(|m| m.content == "Done at last")
                && o.followups.len() == 1
        })
        .await
        .unwrap_or_else(|| panic!("the deferred response was completed: {:?}", pending.outcome()));
    assert_eq!(done.followups[0].content, "And a followup");
    no_callbacks(&bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_auto_defer_the_service_deadline_defers_and_the_framework_carries_on() {
    let bot = bot_with(None, |service| service.deadline(Duration::from_millis(300))).await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "slow")).unwrap();
    let deferred =
        pending.wait_for(PATIENCE, |o| o.response.is_some()).await.expect("a response in time");
    assert_eq!(
        deferred.response.unwrap().kind,
        InteractionCallbackType::DeferredChannelMessageWithSource
    );
    bot.framework.data().release.notify_one();
    // The framework's first reply went to the responder, which edited the original through
    // the framework's client; the framework knew, so the second is a followup.
    let done = pending
        .wait_for(PATIENCE, |o| {
            o.original.as_ref().is_some_and(|m| m.content == "Done at last")
                && o.followups.len() == 1
        })
        .await
        .unwrap_or_else(|| panic!("the deferred response was completed: {:?}", pending.outcome()));
    assert_eq!(done.followups[0].content, "And a followup");
    assert!(done.failure.is_none());

    // A slow button: the service defers the update, the framework's update edits the message.
    let posted =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "poll")).unwrap();
    let message =
        posted.wait_for(PATIENCE, |o| o.original.is_some()).await.unwrap().original.unwrap();
    let click =
        bot.handle.click_button(bot.member, bot.channel_id, message.id, "slowvote:7").unwrap();
    let deferred =
        click.wait_for(PATIENCE, |o| o.response.is_some()).await.expect("a response in time");
    assert_eq!(deferred.response.unwrap().kind, InteractionCallbackType::DeferredUpdateMessage);
    bot.framework.data().release.notify_one();
    let edited = bot
        .handle
        .wait_for(PATIENCE, |handle| {
            handle
                .message(bot.channel_id, message.id)
                .is_some_and(|m| m.content == "Counted, slowly")
        })
        .await;
    assert!(
        edited,
        "the update reached the message: {:?}",
        bot.handle.message(bot.channel_id, message.id)
    );
    no_callbacks(&bot);
}
