//! Every command and parameter attribute, and a choice enum, in one small bot.

use accord_framework::model::channel::Channel;
use accord_framework::model::message::Message;
use accord_framework::model::user::User;
use accord_framework::{ChoiceArgument, Context, Framework, command};

type Error = Box<dyn std::error::Error + Send + Sync>;
struct Data;

#[derive(ChoiceArgument)]
enum Color {
    Red,
    #[name = "Deep blue"]
    Blue,
}

async fn is_admin(ctx: Context<Data>) -> Result<bool, Error> {
    Ok(ctx.is_owner())
}

async fn names(_: Context<Data>, partial: &str) -> Vec<String> {
    vec![partial.to_owned()]
}

/// Paints something.
#[command(
    prefix,
    slash,
    rename = "paint",
    aliases("draw"),
    name_localized("de", "malen"),
    description_localized("de", "Malt etwas"),
    category = "Art",
    guild_only,
    nsfw_only,
    owners_only,
    ephemeral,
    default_member_permissions = "MANAGE_MESSAGES",
    required_permissions = "MANAGE_MESSAGES | EMBED_LINKS",
    required_bot_permissions = "EMBED_LINKS",
    check = is_admin,
    user_cooldown = 5,
    member_cooldown = 1.5,
    channel_cooldown = 2,
    guild_cooldown = 3,
    global_cooldown = 1
)]
async fn paint_command(
    ctx: Context<Data>,
    #[description = "The color"] color: Color,
    #[description = "How thick"] #[min = 1] #[max = 10] width: u8,
    #[description = "How opaque"] #[min = 0.0] #[max = 1.0] alpha: Option<f64>,
    #[description = "Where"] #[channel_types("GuildText")] channel: Option<Channel>,
    #[description = "A name"] #[min_length = 1] #[max_length = 20] #[autocomplete = names] #[rename = "title"] name: Option<String>,
    #[description = "Preview only"] #[name_localized("de", "vorschau")] #[flag] dry: bool,
    #[description = "Notes"] #[rest] notes: Option<String>,
) -> Result<(), Error> {
    let _ = (color, width, alpha, channel, name, dry, notes);
    ctx.say("done").await?;
    Ok(())
}

/// Adds numbers.
#[command(prefix, hide_in_help)]
async fn sum(ctx: Context<Data>, first: i64, others: Vec<i64>) -> Result<(), Error> {
    ctx.say((first + others.iter().sum::<i64>()).to_string()).await?;
    Ok(())
}

#[command(user = "Wave at")]
async fn wave(ctx: Context<Data>, user: User) -> Result<(), Error> {
    ctx.say(format!("👋 {}", user.username)).await?;
    Ok(())
}

#[command(message)]
async fn quote(ctx: Context<Data>, message: Message) -> Result<(), Error> {
    ctx.say(message.content).await?;
    Ok(())
}

/// Groups.
#[command(slash, subcommands(sum_slash), subcommand_required)]
async fn math(_: Context<Data>) -> Result<(), Error> {
    Ok(())
}

/// Adds two numbers.
#[command(slash, rename = "sum")]
async fn sum_slash(ctx: Context<Data>, a: i64, b: i64) -> Result<(), Error> {
    ctx.say((a + b).to_string()).await?;
    Ok(())
}

fn main() {
    let http = accord_framework::http::Client::builder().base_url("http://127.0.0.1:9").build();
    let framework = Framework::builder()
        .data(Data)
        .commands([paint_command(), sum(), wave(), quote(), math()])
        .build(http);
    let names: Vec<String> = framework.application_commands().into_iter().map(|c| c.name.to_string()).collect();
    assert_eq!(names, ["paint", "Wave at", "quote", "math"]);
    let paint = &framework.commands()[0];
    assert_eq!(paint.parameters()[4].option().name, "title");
    assert!(paint.parameters().iter().any(|p| p.is_flag() && p.name() == "dry"));
    assert_eq!(paint.aliases(), ["draw"]);
}
