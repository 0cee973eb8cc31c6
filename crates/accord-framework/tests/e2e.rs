//! A bot built with the framework, against the emulator over real sockets: prefix and slash
//! commands, autocomplete, subcommands, context menus, components, modals, cooldowns,
//! permissions, registration and automatic deferral.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use accord_emulator::CommandCall;
use accord_framework::cooldown::ManualClock;
use accord_framework::model::application::command::{
    Command as ApplicationCommand, CommandOption, CommandOptionType,
};
use accord_framework::model::component::{ButtonStyle, Component};
use accord_framework::model::emoji::PartialEmoji;
use accord_framework::model::interaction::{InteractionCallbackType, InteractionResponseData};
use accord_framework::model::message::MessageFlags;
use accord_framework::model::user::User;
use accord_framework::registration::SyncOutcome;
use accord_framework::reply::{
    ButtonBuilder, EntitySelectBuilder, ModalBuilder, Reply, action_row, button,
};
use accord_framework::router::{Route, RouteParams};
use accord_framework::{ChoiceArgument, Context, Framework, FrameworkBuilder, NoCache, command};
use support::{Bot, PATIENCE};
use tokio::sync::Notify;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Default)]
struct Data {
    /// Lets the slow command finish.
    release: Notify,
}

type Ctx = Context<Data>;

/// Checks that the bot is alive.
#[command(prefix, slash, category = "Basics")]
async fn ping(ctx: Ctx) -> Result<(), Error> {
    ctx.reply("Pong!").await?;
    Ok(())
}

/// Adds numbers.
#[command(prefix, category = "Basics")]
async fn add(
    ctx: Ctx,
    #[description = "The first number"] a: i64,
    #[description = "The others"] rest: Vec<i64>,
    #[flag] verbose: bool,
) -> Result<(), Error> {
    let sum = a + rest.iter().sum::<i64>();
    let text = if verbose { format!("{a} + {rest:?} = {sum}") } else { sum.to_string() };
    ctx.say(text).await?;
    Ok(())
}

/// Says something back.
#[command(prefix, slash)]
async fn echo(
    ctx: Ctx,
    #[description = "How many times"]
    #[min = 1]
    #[max = 3]
    times: Option<u8>,
    #[description = "What to say"]
    #[rest]
    text: String,
) -> Result<(), Error> {
    ctx.say(vec![text; usize::from(times.unwrap_or(1))].join(" ")).await?;
    Ok(())
}

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

#[derive(ChoiceArgument, Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Vanilla,
    #[name = "Dark chocolate"]
    Chocolate,
}

/// Orders ice cream.
#[command(slash, prefix)]
async fn order(ctx: Ctx, #[description = "The flavor"] flavor: Flavor) -> Result<(), Error> {
    ctx.say(format!("One {flavor:?} coming up")).await?;
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

/// Adds a tag.
#[command(slash, prefix)]
async fn add_tag(ctx: Ctx, #[description = "The tag's name"] name: String) -> Result<(), Error> {
    ctx.say(format!("Tag `{name}` added")).await?;
    Ok(())
}

/// Lists tags.
#[command(slash, prefix)]
async fn list(ctx: Ctx) -> Result<(), Error> {
    ctx.say("No tags yet").await?;
    Ok(())
}

/// Manages tags.
#[command(slash, prefix, subcommands(add_tag, list), subcommand_required)]
async fn tag(_: Ctx) -> Result<(), Error> {
    Ok(())
}

#[command(user = "User Info")]
async fn user_info(ctx: Ctx, user: User) -> Result<(), Error> {
    ctx.say(format!("{} has the id {}", user.username, user.id)).await?;
    Ok(())
}

/// Starts a poll.
#[command(slash)]
async fn poll(ctx: Ctx) -> Result<(), Error> {
    let buttons = action_row(vec![
        button(ButtonStyle::Success, "vote:7:yes", "Yes"),
        button(ButtonStyle::Danger, "vote:7:no", "No"),
    ]);
    ctx.send(Reply::new().content("Lunch at noon?").components(vec![buttons])).await?;
    Ok(())
}

/// Shows every builder: a disabled button with an emoji, a link, a close button, and a user
/// select.
#[command(slash)]
async fn panel(ctx: Ctx) -> Result<(), Error> {
    let buttons = action_row(vec![
        ButtonBuilder::new(ButtonStyle::Secondary, "panel:locked", "Locked")
            .emoji(PartialEmoji::unicode("🔒"))
            .disabled(true)
            .build(),
        ButtonBuilder::link("https://discord.com/developers/docs", "Docs").build(),
        button(ButtonStyle::Danger, "close:panel", "Close"),
    ]);
    let users = action_row(vec![EntitySelectBuilder::user("panel:users").values(1, 3).build()]);
    ctx.send(Reply::new().content("The panel").components(vec![buttons, users])).await?;
    Ok(())
}

/// Closes a panel: same text, no components.
async fn close(ctx: Ctx, _: RouteParams) -> Result<(), Error> {
    ctx.update(Reply::new().content("Closed").components(vec![])).await?;
    Ok(())
}

async fn vote(ctx: Ctx, params: RouteParams) -> Result<(), Error> {
    let poll: u64 = params.parse("poll")?;
    let choice = params.get("choice").unwrap_or_default().to_owned();
    ctx.update(
        Reply::new().content(format!("Poll {poll}: {} voted {choice}", ctx.author().username)),
    )
    .await?;
    Ok(())
}

/// Asks for feedback.
#[command(slash)]
async fn feedback(ctx: Ctx) -> Result<(), Error> {
    let modal = ModalBuilder::new(
        format!("feedback:{}", ctx.invocation().interaction().map_or(0, |i| i.id.get())),
        "Feedback",
    )
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

/// Claims the daily reward.
#[command(slash, user_cooldown = 60)]
async fn daily(ctx: Ctx) -> Result<(), Error> {
    ctx.say("Here is your reward").await?;
    Ok(())
}

/// Bans someone.
#[command(slash, prefix, required_permissions = "BAN_MEMBERS", guild_only)]
async fn ban(ctx: Ctx) -> Result<(), Error> {
    ctx.say("The hammer is ready").await?;
    Ok(())
}

/// Changes the server.
#[command(slash, required_bot_permissions = "MANAGE_GUILD")]
async fn settings(ctx: Ctx) -> Result<(), Error> {
    ctx.say("Settings changed").await?;
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

fn framework_builder(clock: &ManualClock) -> FrameworkBuilder<Data, NoCache, Arc<Data>> {
    Framework::builder()
        .prefix("!")
        .data(Data::default())
        .clock(Arc::new(clock.clone()))
        .auto_defer(Some(Duration::from_millis(100)))
        .commands([
            ping(),
            add(),
            echo(),
            roll(),
            order(),
            fruit(),
            tag(),
            user_info(),
            poll(),
            feedback(),
            report(),
            daily(),
            ban(),
            settings(),
            slow(),
            panel(),
            accord_framework::help::command(),
        ])
        .routes([
            Route::component("close:{what}", close),
            Route::component("vote:{poll}:{choice}", vote),
            Route::modal("report:{ticket}", report_submitted),
        ])
}

async fn bot() -> (Bot<Data>, ManualClock) {
    let clock = ManualClock::new();
    let bot = Bot::start(framework_builder(&clock)).await;
    bot.framework.register_in_guild(bot.guild_id).await.expect("the commands register");
    (bot, clock)
}

/// The content of the message an interaction's answers ended with.
async fn answer(
    pending: &accord_emulator::PendingInteraction,
    wanted: impl Fn(&str) -> bool,
) -> String {
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

fn ephemeral(pending: &accord_emulator::PendingInteraction) -> bool {
    let outcome = pending.outcome();
    outcome.original.is_some_and(|m| m.flags.is_some_and(|f| f.contains(MessageFlags::EPHEMERAL)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefix_commands_answer_with_typed_arguments() {
    let (bot, _) = bot().await;
    let reply = bot.message_reply(bot.member, "!ping").await;
    assert_eq!(reply.content, "Pong!");
    let referenced =
        reply.message_reference.and_then(|r| r.message_id).expect("`reply` references the command");
    assert_eq!(bot.handle.message(bot.channel_id, referenced).unwrap().content, "!ping");

    assert_eq!(bot.message_reply(bot.member, "!add 1 2 3").await.content, "6");
    assert_eq!(bot.message_reply(bot.member, "!add --verbose 1 2").await.content, "1 + [2] = 3");
    assert_eq!(
        bot.message_reply(bot.member, r#"!echo 2 "hi there""#).await.content,
        r#""hi there" "hi there""#
    );
    assert_eq!(bot.message_reply(bot.member, "!echo just words").await.content, "just words");
    assert_eq!(
        bot.message_reply(bot.member, r#"!order "dark chocolate""#).await.content,
        "One Chocolate coming up"
    );

    let error = bot.message_reply(bot.member, "!add one").await;
    assert_eq!(
        error.content,
        "`a`: `one` is not an integer\nUsage: `!add <a> [rest...] [--verbose]`"
    );
    let error = bot.message_reply(bot.member, "!order mint").await;
    assert!(
        error.content.starts_with("`flavor` must be one of Vanilla, Dark chocolate"),
        "{}",
        error.content
    );

    // Unknown commands and other text are ignored: the next answer is the help's.
    bot.handle.send_message(bot.channel_id, bot.member, "!nothing").unwrap();
    bot.handle.send_message(bot.channel_id, bot.member, "hello !ping").unwrap();
    let help = bot.message_reply(bot.member, "!help").await;
    assert!(
        help.content.starts_with("**Commands**\n`!ban` — Bans someone.\n`/daily`"),
        "{}",
        help.content
    );
    assert!(
        help.content.contains(
            "**Basics**\n`!add` — Adds numbers.\n`!ping` — Checks that the bot is alive."
        ),
        "{}",
        help.content
    );
    assert!(
        help.content.contains("**Commands**") && help.content.contains("`/roll` — Rolls a die."),
        "{}",
        help.content
    );
    let details = bot.message_reply(bot.member, "!help echo").await;
    assert!(details.content.contains("Usage: `!echo [times] <text...>`"), "{}", details.content);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_commands_read_typed_options_and_reject_out_of_range() {
    let (bot, _) = bot().await;
    let run = |call: CommandCall| bot.handle.run_command(call).expect("the command runs");
    let roll = run(CommandCall::slash(bot.member, bot.channel_id, "roll").option("sides", 20_i64));
    assert_eq!(answer(&roll, |c| !c.is_empty()).await, "You rolled a d20");
    assert!(!ephemeral(&roll));

    // The registered option carries the bounds, so Discord (the emulator) refuses 500 itself.
    let refused = bot.handle.run_command(
        CommandCall::slash(bot.member, bot.channel_id, "roll").option("sides", 500_i64),
    );
    assert!(refused.is_err(), "the bounds were registered");

    // An older registration without the bounds lets 500 through: the framework refuses it.
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
    assert!(ephemeral(&out_of_range), "error replies are ephemeral");

    bot.framework.register_in_guild(bot.guild_id).await.unwrap();
    let choice =
        run(CommandCall::slash(bot.member, bot.channel_id, "order").option("flavor", "Chocolate"));
    assert_eq!(answer(&choice, |c| !c.is_empty()).await, "One Chocolate coming up");
    let echo = run(CommandCall::slash(bot.member, bot.channel_id, "echo")
        .option("text", "hey")
        .option("times", 2_i64));
    assert_eq!(answer(&echo, |c| !c.is_empty()).await, "hey hey");
    let help =
        run(CommandCall::slash(bot.member, bot.channel_id, "help").option("command", "roll"));
    assert!(
        answer(&help, |c| !c.is_empty())
            .await
            .starts_with("**roll**\nRolls a die.\nSlash: `/roll`")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_suggests_choices() {
    let (bot, _) = bot().await;
    let call =
        CommandCall::slash(bot.member, bot.channel_id, "fruit").option("name", "ap").focus("name");
    let pending = bot.handle.autocomplete(call).expect("the autocomplete starts");
    let choices = pending.autocomplete_choices().await.expect("choices arrive");
    let names: Vec<_> = choices.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["apple", "apricot"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subcommands_run_from_slash_and_prefix() {
    let (bot, _) = bot().await;
    let call = CommandCall::slash(bot.member, bot.channel_id, "tag")
        .subcommand("add_tag")
        .option("name", "rust");
    let pending = bot.handle.run_command(call).unwrap();
    assert_eq!(answer(&pending, |c| !c.is_empty()).await, "Tag `rust` added");
    let list = bot
        .handle
        .run_command(CommandCall::slash(bot.member, bot.channel_id, "tag").subcommand("list"))
        .unwrap();
    assert_eq!(answer(&list, |c| !c.is_empty()).await, "No tags yet");
    assert_eq!(bot.message_reply(bot.member, "!tag add_tag go").await.content, "Tag `go` added");
    assert_eq!(
        bot.message_reply(bot.member, "!tag").await.content,
        "This command needs a subcommand"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_context_menu_gets_its_target() {
    let (bot, _) = bot().await;
    let target = bot.handle.user(bot.moderator).unwrap();
    let pending = bot
        .handle
        .run_command(CommandCall::user(bot.member, bot.channel_id, "User Info", bot.moderator))
        .unwrap();
    assert_eq!(
        answer(&pending, |c| !c.is_empty()).await,
        format!("{} has the id {}", target.username, target.id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_routed_by_pattern() {
    let (bot, _) = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "poll")).unwrap();
    let outcome =
        pending.wait_for(PATIENCE, |o| o.original.is_some()).await.expect("the poll is posted");
    let message = outcome.original.unwrap();
    assert!(matches!(message.components.as_deref(), Some([Component::ActionRow(_)])));
    let click =
        bot.handle.click_button(bot.moderator, bot.channel_id, message.id, "vote:7:no").unwrap();
    let voter = bot.handle.user(bot.moderator).unwrap().username;
    assert_eq!(
        click.response().await.map(|r| r.kind),
        Some(InteractionCallbackType::UpdateMessage)
    );
    let updated = bot.handle.message(bot.channel_id, message.id).unwrap();
    assert_eq!(updated.content, format!("Poll 7: {voter} voted no"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modals_are_awaited_and_routed() {
    let (bot, _) = bot().await;
    // A command that awaits its modal.
    let opened =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "feedback")).unwrap();
    let modal = opened.modal().await.expect("a modal opens");
    assert_eq!(modal.title, "Feedback");
    let submitted = bot
        .handle
        .submit_modal(&opened, &[("subject", "Docs"), ("body", "More examples")])
        .unwrap();
    assert_eq!(answer(&submitted, |c| !c.is_empty()).await, "Thanks for `Docs`: More examples");

    // A modal whose submission a route handles, with the ticket parsed out of its id.
    let opened = bot
        .handle
        .run_command(
            CommandCall::slash(bot.member, bot.channel_id, "report").option("ticket", 42_i64),
        )
        .unwrap();
    assert_eq!(opened.modal().await.expect("a modal opens").custom_id, "report:42");
    let submitted = bot.handle.submit_modal(&opened, &[("details", "It broke")]).unwrap();
    assert_eq!(answer(&submitted, |c| !c.is_empty()).await, "Ticket 42: It broke");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldowns_block_the_second_call() {
    let (bot, clock) = bot().await;
    let daily =
        || bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "daily")).unwrap();
    let first = daily();
    assert_eq!(answer(&first, |c| !c.is_empty()).await, "Here is your reward");
    clock.advance(Duration::from_secs(15));
    let second = daily();
    assert_eq!(
        answer(&second, |c| !c.is_empty()).await,
        "The command is on cooldown; try again in 45 s"
    );
    // Another user has their own cooldown.
    let other =
        bot.handle.run_command(CommandCall::slash(bot.moderator, bot.channel_id, "daily")).unwrap();
    assert_eq!(answer(&other, |c| !c.is_empty()).await, "Here is your reward");
    clock.advance(Duration::from_secs(45));
    let third = daily();
    assert_eq!(answer(&third, |c| !c.is_empty()).await, "Here is your reward");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_permissions_are_reported() {
    let (bot, _) = bot().await;
    let refused =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "ban")).unwrap();
    assert_eq!(answer(&refused, |c| !c.is_empty()).await, "You need the Ban Members permission(s)");
    let allowed =
        bot.handle.run_command(CommandCall::slash(bot.moderator, bot.channel_id, "ban")).unwrap();
    assert_eq!(answer(&allowed, |c| !c.is_empty()).await, "The hammer is ready");
    // Prefix commands compute the permissions over REST.
    assert_eq!(
        bot.message_reply(bot.member, "!ban").await.content,
        "You need the Ban Members permission(s)"
    );
    assert_eq!(bot.message_reply(bot.moderator, "!ban").await.content, "The hammer is ready");
    // The bot's own permissions come from the interaction.
    let settings = bot
        .handle
        .run_command(CommandCall::slash(bot.moderator, bot.channel_id, "settings"))
        .unwrap();
    assert_eq!(
        answer(&settings, |c| !c.is_empty()).await,
        "The bot needs the Manage Guild permission(s)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_twice_writes_once() {
    let clock = ManualClock::new();
    let bot = Bot::start(framework_builder(&clock)).await;
    // Nobody gave the builder the application id: READY did.
    assert_eq!(bot.framework.application_id(), Some(bot.emulator.application_id()));
    let first = bot.framework.register_in_guild(bot.guild_id).await.unwrap();
    assert_eq!(first, SyncOutcome::Updated { count: 16 });
    let second = bot.framework.register_in_guild(bot.guild_id).await.unwrap();
    assert_eq!(second, SyncOutcome::Unchanged);
    assert_eq!(bot.handle.rest_requests_to("bulk_set_guild_application_commands"), 1);
    assert_eq!(bot.handle.rest_requests_to("list_guild_application_commands"), 2);
    let registered = bot.handle.commands(Some(bot.guild_id));
    assert_eq!(registered.len(), 16);
    assert!(registered.iter().all(|c| c.name != "add"), "prefix-only commands are not registered");

    assert_eq!(
        bot.framework.register_globally().await.unwrap(),
        SyncOutcome::Updated { count: 16 }
    );
    assert_eq!(bot.framework.register_globally().await.unwrap(), SyncOutcome::Unchanged);
    assert_eq!(bot.handle.rest_requests_to("bulk_set_application_commands"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_handlers_are_deferred_in_time() {
    let (bot, _) = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "slow")).unwrap();
    // The handler waits; the framework defers after its 100 ms.
    let deferred =
        pending.wait_for(PATIENCE, |o| o.response.is_some()).await.expect("a response in time");
    let response = deferred.response.unwrap();
    assert_eq!(response.kind, InteractionCallbackType::DeferredChannelMessageWithSource);
    assert!(
        !matches!(response.data, Some(InteractionResponseData::Message(ref m)) if m.flags.is_some())
    );
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_before_ready_fetches_the_application_id() {
    let bot = Bot::start(framework_builder(&ManualClock::new())).await;
    // A second framework that has seen no event: registration asks `GET /applications/@me`.
    let cold = framework_builder(&ManualClock::new()).build(bot.http.clone());
    assert_eq!(cold.application_id(), None);
    cold.register_in_guild(bot.guild_id).await.expect("the commands register");
    assert_eq!(cold.application_id(), Some(bot.emulator.application_id()));
    assert_eq!(bot.handle.rest_requests_to("get_my_application"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_components_are_sent_and_an_empty_list_removes_them() {
    let (bot, _) = bot().await;
    let pending =
        bot.handle.run_command(CommandCall::slash(bot.member, bot.channel_id, "panel")).unwrap();
    let message = pending
        .wait_for(PATIENCE, |o| o.original.is_some())
        .await
        .and_then(|o| o.original)
        .expect("the panel is posted");
    let rows = message.components.clone().unwrap_or_default();
    let [Component::ActionRow(buttons), Component::ActionRow(users)] = rows.as_slice() else {
        panic!("two rows: {rows:?}");
    };
    let [Component::Button(locked), Component::Button(link), Component::Button(_)] =
        buttons.components.as_slice()
    else {
        panic!("three buttons: {buttons:?}");
    };
    assert_eq!(locked.disabled, Some(true));
    assert_eq!(locked.emoji.as_ref().and_then(|e| e.name.as_deref()), Some("🔒"));
    assert_eq!(link.url.as_deref(), Some("https://discord.com/developers/docs"));
    assert!(
        matches!(users.components.as_slice(), [Component::UserSelect(s)] if s.max_values == Some(3))
    );

    let click =
        bot.handle.click_button(bot.member, bot.channel_id, message.id, "close:panel").unwrap();
    assert_eq!(
        click.response().await.map(|r| r.kind),
        Some(InteractionCallbackType::UpdateMessage)
    );
    let closed = bot.handle.message(bot.channel_id, message.id).unwrap();
    assert_eq!(closed.content, "Closed");
    assert!(closed.components.as_ref().is_none_or(Vec::is_empty), "{:?}", closed.components);
}
