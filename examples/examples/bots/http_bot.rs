//! The HTTP bot: no gateway connection at all. Discord posts every interaction to the bot's
//! Interactions Endpoint URL, signed; the framework answers in the HTTP response. Slash
//! commands, autocomplete, a button vote, a modal and a slow command deferred in time.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use accord_emulator::{CommandCall, Emulator, Probe};
use accord_examples::{Error, Transcript};
use accord_framework::interactions::{Server, Verifier};
use accord_framework::model::component::ButtonStyle;
use accord_framework::registration::SyncOutcome;
use accord_framework::reply::{ModalBuilder, Reply, action_row, button};
use accord_framework::router::{Route, RouteParams};
use accord_framework::{Context, Framework, command};
use accord_http::Client;

use crate::support::{PATIENCE, Scene, eventually, render};

/// What every command shares.
pub(crate) struct Data {
    rolls: AtomicU64,
    transcript: Transcript,
}

type Ctx = Context<Data>;

/// Rolls a die.
#[command(slash)]
async fn roll(
    ctx: Ctx,
    #[description = "How many sides (6 by default)"]
    #[min = 2]
    #[max = 100]
    sides: Option<u8>,
) -> Result<(), Error> {
    let sides = u64::from(sides.unwrap_or(6));
    let n = ctx.data().rolls.fetch_add(3, Ordering::Relaxed);
    ctx.say(format!("🎲 {} (d{sides})", n % sides + 1)).await?;
    Ok(())
}

#[allow(clippy::unused_async, reason = "autocomplete callbacks are async")]
async fn fruits(_: Ctx, typed: &str) -> Vec<String> {
    ["apple", "apricot", "banana", "cherry", "grape"]
        .into_iter()
        .filter(|fruit| fruit.starts_with(typed))
        .map(str::to_owned)
        .collect()
}

/// Picks a fruit, with suggestions as you type.
#[command(slash)]
async fn fruit(
    ctx: Ctx,
    #[description = "The fruit"]
    #[autocomplete = fruits]
    name: String,
) -> Result<(), Error> {
    ctx.say(format!("One {name}, coming up")).await?;
    Ok(())
}

/// Starts a lunch vote.
#[command(slash)]
async fn lunch(ctx: Ctx, #[description = "What to eat"] meal: String) -> Result<(), Error> {
    let buttons = action_row(vec![
        button(ButtonStyle::Success, format!("vote:{meal}:yes"), "Yes"),
        button(ButtonStyle::Danger, format!("vote:{meal}:no"), "No"),
    ]);
    ctx.send(Reply::new().content(format!("{meal} for lunch?")).components(vec![buttons])).await?;
    Ok(())
}

/// `vote:{meal}:{answer}` buttons: the vote edits the poll.
async fn vote(ctx: Ctx, params: RouteParams) -> Result<(), Error> {
    let (meal, answer) = (params.get("meal").unwrap_or("?"), params.get("answer").unwrap_or("?"));
    let text = format!("{} says {answer} to {meal}", ctx.author().username);
    ctx.update(Reply::new().content(text)).await?;
    Ok(())
}

/// Asks for feedback in a modal.
#[command(slash)]
async fn feedback(ctx: Ctx) -> Result<(), Error> {
    let modal = ModalBuilder::new("feedback", "Feedback")
        .short("subject", "Subject")
        .paragraph("body", "Your thoughts")
        .build();
    let Some(submitted) = ctx.ask_modal(modal, Duration::from_secs(300)).await? else {
        return Ok(());
    };
    let subject = submitted.modal_value("subject").unwrap_or_default().to_owned();
    let body = submitted.modal_value("body").unwrap_or_default().to_owned();
    submitted.say(format!("Thanks! Noted under “{subject}”: {body}")).await?;
    Ok(())
}

/// Builds a report, which takes a while: the framework defers it in time.
#[command(slash)]
async fn report(ctx: Ctx) -> Result<(), Error> {
    tokio::time::sleep(Duration::from_millis(800)).await;
    ctx.say("Report ready: 3 votes, 1 feedback").await?;
    Ok(())
}

/// The framework: slash commands only (prefix commands need the gateway's messages).
pub(crate) fn framework(http: Client, transcript: Transcript) -> Framework<Data> {
    Framework::builder()
        .data(Data { rolls: AtomicU64::new(4), transcript })
        .commands([roll(), fruit(), lunch(), feedback(), report()])
        .routes([Route::component("vote:{meal}:{answer}", vote)])
        // Well inside Discord's 3 seconds, and the endpoint's own deadline (2.5 s).
        .auto_defer(Some(Duration::from_millis(500)))
        .post_command(|ctx: Ctx| async move {
            let command = ctx.command_path().join(" ");
            ctx.data().transcript.note(format!("ran `{command}` for {}", ctx.author().username));
        })
        .build(http)
}

/// Binds `127.0.0.1:port` at once and serves `POST /interactions` with the framework
/// (verified with `verifier`) until `shutdown`; registers the commands in the background, so
/// PINGs are answered even while (or when) the REST API cannot be reached.
pub(crate) async fn serve(
    framework: Framework<Data>,
    verifier: Verifier,
    port: u16,
    shutdown: impl Future<Output = ()>,
) -> Result<(), Error> {
    let transcript = framework.data().transcript.clone();
    let service = framework.interaction_service(verifier).path("/interactions").build();
    let server = Server::bind(SocketAddr::from(([127, 0, 0, 1], port)), service).await?;
    transcript.note(format!("serving POST http://{}/interactions", server.local_addr()?));
    let (registering, notes) = (framework.clone(), transcript.clone());
    tokio::spawn(async move {
        let transcript = notes;
        match registering.register_globally().await {
            Ok(SyncOutcome::Updated { count }) => {
                transcript.note(format!("registered {count} commands with one bulk write"));
            }
            Ok(_) => transcript.note("the registered commands are up to date"),
            Err(error) => {
                tracing::error!(%error, "registering the commands failed; serving anyway");
                transcript.note(format!("registering the commands failed: {error}"));
            }
        }
    });
    server.run_until(shutdown).await;
    transcript.note("stopped");
    Ok(())
}

/// What the online half reads from the environment.
#[derive(Debug)]
pub(crate) struct Settings {
    public_key: String,
    port: u16,
    api_url: Option<String>,
}

impl Settings {
    /// Reads `DISCORD_PUBLIC_KEY`, `PORT` and the optional `DISCORD_API_URL` through `var`.
    pub(crate) fn read(var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let public_key = var("DISCORD_PUBLIC_KEY")
            .ok_or("set DISCORD_PUBLIC_KEY to the application's public key (64 hex digits)")?;
        let port = var("PORT").ok_or("set PORT to the port to serve POST /interactions on")?;
        let port =
            port.trim().parse().map_err(|_| format!("PORT is not a port number: {port:?}"))?;
        let api_url = var("DISCORD_API_URL").filter(|url| !url.trim().is_empty());
        Ok(Self { public_key, port, api_url })
    }
}

/// Until Ctrl-C or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let Ok(mut terminate) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            drop(tokio::signal::ctrl_c().await);
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    drop(tokio::signal::ctrl_c().await);
}

/// Against Discord: serves on `127.0.0.1:PORT` until stopped; put a tunnel or a reverse proxy
/// with TLS in front of it and set its URL as the application's Interactions Endpoint URL.
pub(crate) async fn online(token: String, transcript: Transcript) -> Result<(), Error> {
    let settings = Settings::read(|name| std::env::var(name).ok())?;
    // A wrong key fails here, at start-up, not at the first request.
    let verifier = Verifier::new(&settings.public_key)?;
    let mut http = Client::builder().token(token);
    if let Some(url) = settings.api_url {
        http = http.base_url(url);
    }
    serve(framework(http.build(), transcript), verifier, settings.port, stop_signal()).await
}

/// Waits for the transcript's note that starts with `prefix` and returns the rest of it.
async fn note_after(transcript: &Transcript, prefix: &str) -> Result<String, Error> {
    let mut found = None;
    eventually(prefix, || {
        found = transcript
            .lines()
            .into_iter()
            .find_map(|line| line.text.strip_prefix(prefix).map(str::to_owned));
        found.is_some()
    })
    .await?;
    found.ok_or_else(|| format!("no note {prefix:?}").into())
}

/// Against the embedded emulator: it verifies the endpoint as Discord does, then five people
/// use the bot; every interaction reaches it over HTTP.
pub(crate) async fn offline(transcript: Transcript) -> Result<(), Error> {
    let emulator = Emulator::builder().guilds(1).members_per_guild(8).seed(7).start().await?;
    transcript.note(format!("emulator listening on {}", emulator.http_url()));
    let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
    let framework = framework(http, transcript.clone());
    let verifier = Verifier::new(&emulator.verify_key())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(serve(framework, verifier, 0, async {
        drop(stopped.await);
    }));
    let url = note_after(&transcript, "serving POST ").await?;
    let handle = emulator.handle();
    handle.set_interactions_endpoint(&url).await?;
    transcript.note("the emulator verified the endpoint (a PING answered, a forged one refused)");
    note_after(&transcript, "registered ").await?;

    let guild_id = *handle.guild_ids().first().ok_or("the emulator has no guild")?;
    let scene = Scene::new(&emulator, &transcript, guild_id)?;
    let channel = scene.channel_id;
    let [alice, bob, carol, dave, erin, ..] = scene.people.as_slice() else {
        return Err("the guild has too few people".into());
    };
    scene
        .interact(alice, "/roll sides:20", |h| {
            h.run_command(CommandCall::slash(alice.id, channel, "roll").option("sides", 20_i64))
        })
        .await?;
    transcript.say(&bob.name, "/fruit name:ap… (typing)");
    let asked = std::time::Instant::now();
    let call = CommandCall::slash(bob.id, channel, "fruit").option("name", "ap").focus("name");
    let choices = handle.autocomplete(call)?.autocomplete_choices().await.ok_or("no choices")?;
    let names: Vec<&str> = choices.iter().map(|choice| choice.name.as_str()).collect();
    transcript.answer(format!("suggests {}", names.join(", ")), asked.elapsed());
    scene
        .interact(bob, "/fruit name:apricot", |h| {
            h.run_command(CommandCall::slash(bob.id, channel, "fruit").option("name", "apricot"))
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
    let opened = handle.run_command(CommandCall::slash(erin.id, channel, "feedback"))?;
    let modal = opened.modal().await.ok_or("the bot did not open a modal")?;
    transcript.answer(format!("opens the modal “{}”", modal.title), asked.elapsed());
    scene
        .interact(erin, "fills in the modal and submits it", |h| {
            h.submit_modal(&opened, &[("subject", "Lunch"), ("body", "More ramen, please")])
        })
        .await?;
    transcript.say(&alice.name, "/report");
    let asked = std::time::Instant::now();
    let report = handle.run_command(CommandCall::slash(alice.id, channel, "report"))?;
    let done = report
        .wait_for(PATIENCE, |o| o.original.as_ref().is_some_and(|m| !m.content.is_empty()))
        .await
        .ok_or("the report did not arrive")?;
    let (first, message) =
        (done.response.ok_or("no response")?, done.original.ok_or("no message")?);
    transcript.answer(render(&message), asked.elapsed());
    transcript.note(format!(
        "/report was answered with type {} first (deferred), then its message edited",
        u8::from(first.kind)
    ));

    // What an attacker or a broken proxy would send: the emulator's probes.
    for (probe, what) in [
        (Probe::FlippedBody, "a body with one bit flipped"),
        (Probe::WrongKey, "a request signed by another key"),
        (Probe::Unsigned, "an unsigned request"),
    ] {
        let report = handle.probe_interactions_endpoint(probe).await?;
        transcript.note(format!("{what}: {}", report.status));
    }
    let replayed = handle.probe_interactions_endpoint(Probe::Replayed).await?;
    transcript.note(format!(
        "the same request twice: {:?} then {}",
        replayed.first_status, replayed.status
    ));

    stop.send(()).map_err(|()| "the server stopped early")?;
    serving.await??;
    Ok(())
}
