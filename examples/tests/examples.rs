//! Each example run the way `cargo run --example NAME` runs it without `DISCORD_TOKEN`:
//! against the embedded emulator, over real sockets, with assertions on its transcript.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]
#![allow(dead_code, reason = "the examples' `online` halves need Discord")]
#![allow(clippy::print_stdout, reason = "the transcript, shown when a test fails")]

#[path = "../examples/bots/demo.rs"]
mod demo;
#[path = "../examples/bots/http_bot.rs"]
mod http_bot;
#[path = "../examples/bots/ping.rs"]
mod ping;
#[path = "../examples/bots/sharded.rs"]
mod sharded;
#[path = "../examples/support/mod.rs"]
mod support;
#[path = "../examples/bots/webhook.rs"]
mod webhook;

use accord_examples::Transcript;

/// The texts of the bot's lines.
fn answers(transcript: &Transcript) -> Vec<String> {
    transcript.lines().into_iter().filter(|line| line.who == "bot").map(|line| line.text).collect()
}

/// Runs an example's offline half and returns its transcript, printed for failures.
async fn run<F: Future<Output = Result<(), accord_examples::Error>>>(
    example: impl FnOnce(Transcript) -> F,
) -> Transcript {
    let transcript = Transcript::silent();
    let outcome = example(transcript.clone()).await;
    println!("{transcript}");
    outcome.expect("the example runs to its end");
    transcript
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_answers_each_ping_and_nothing_else() {
    let transcript = run(ping::offline).await;
    assert!(transcript.contains("connected to the gateway as"));
    let answers = answers(&transcript);
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert!(answers.iter().all(|answer| answer.starts_with("Pong! (")), "{answers:?}");
    assert!(transcript.lines().iter().all(|line| line.who != "bot" || line.took.is_some()));
    assert!(transcript.contains("closed its session"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_plays_commands_a_button_and_a_modal() {
    let transcript = run(demo::offline).await;
    assert!(transcript.contains("registered 5 commands with one bulk write"));
    assert!(transcript.contains("registering again: nothing changed, no write"));
    let answers = answers(&transcript);
    let expected: [&dyn Fn(&str) -> bool; 10] = [
        &|a| a == "Pong!",
        &|a| a == "🎲 5 (d20)",
        &|a| a.starts_with("The command is on cooldown; try again in"),
        &|a| a.starts_with("`sides` must be between 2 and 100 (got 500)"),
        &|a| a == "🎲 8 (d12)",
        &|a| a == "Pizza for lunch? [Yes] [No]",
        // The vote's update removed the buttons.
        &|a| a.ends_with("says yes to Pizza"),
        &|a| a == "opens the modal “Feedback”",
        &|a| a.starts_with("Thanks, ") && a.ends_with("Noted under “Lunch”: More ramen, please"),
        &|a| a.starts_with("**Basics**") && a.contains("`/lunch` — Starts a lunch vote."),
    ];
    assert_eq!(answers.len(), expected.len(), "{answers:#?}");
    for (answer, matches) in answers.iter().zip(expected) {
        assert!(matches(answer), "unexpected answer {answer:?}");
    }
    for command in ["ping", "roll", "lunch", "feedback", "help"] {
        assert!(transcript.contains(&format!("ran `{command}` for")), "no `{command}` ran");
    }
    assert!(transcript.contains("error: the command is on cooldown"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharded_identifies_by_bucket_and_caches_every_guild() {
    let transcript = run(sharded::offline).await;
    let ready = transcript.lines().iter().filter(|l| l.text.contains("ready with")).count();
    assert_eq!(ready, 4);
    let identify = transcript
        .lines()
        .into_iter()
        .find(|line| line.text.starts_with("the emulator saw IDENTIFY"))
        .expect("the identify order is shown")
        .text;
    let position =
        |shard: &str| identify.find(shard).unwrap_or_else(|| panic!("{shard} in {identify}"));
    // Buckets 0 and 1 first, then their second shards.
    assert!(position("shard 0 (bucket 0)") < position("shard 2 (bucket 0)"));
    assert!(position("shard 1 (bucket 1)") < position("shard 3 (bucket 1)"));
    let answers = answers(&transcript);
    assert_eq!(answers.len(), 3, "{answers:?}");
    assert!(answers.iter().all(|a| a.contains(" is served by shard ") && a.ends_with(" of 4")));
    let statistics = transcript.lines().into_iter().rev().find(|l| l.text.starts_with("cache:"));
    let statistics = statistics.expect("statistics are shown").text;
    // 8 guilds of 60 people and the bot, all of them: GUILD_CREATE of a large guild carries
    // only the online members, the member requests the rest. 3 messages and their 3 answers.
    assert!(statistics.starts_with("cache: 8 guilds, 64 channels"), "{statistics}");
    assert!(
        statistics.contains(" 488 members, ") && statistics.contains(" 6 messages; "),
        "{statistics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_posts_and_edits_through_one_webhook() {
    let transcript = run(webhook::offline).await;
    let notes: Vec<String> = transcript.lines().into_iter().map(|line| line.text).collect();
    assert_eq!(notes.iter().filter(|n| n.starts_with("created the webhook")).count(), 1);
    assert_eq!(notes.iter().filter(|n| n.starts_with("found the webhook")).count(), 1);
    let shown: Vec<String> = transcript
        .lines()
        .into_iter()
        .filter(|line| line.who == "Release bot")
        .map(|line| line.text)
        .collect();
    assert_eq!(
        shown,
        [
            "(edited: the date was wrong) [embed: Announcement: Version 1.0 ships on Friday!]",
            "(edited: the date was wrong) [embed: Announcement: The release party is at 18:00.]",
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_bot_answers_every_interaction_over_http() {
    let transcript = run(http_bot::offline).await;
    assert!(transcript.contains("registered 5 commands with one bulk write"));
    assert!(transcript.contains("the emulator verified the endpoint"));
    let answers = answers(&transcript);
    let expected: [&dyn Fn(&str) -> bool; 8] = [
        &|a| a == "🎲 5 (d20)",
        &|a| a == "suggests apple, apricot",
        &|a| a == "One apricot, coming up",
        &|a| a == "Pizza for lunch? [Yes] [No]",
        &|a| a.ends_with(" says yes to Pizza [Yes] [No]"),
        &|a| a == "opens the modal “Feedback”",
        &|a| a == "Thanks! Noted under “Lunch”: More ramen, please",
        &|a| a == "Report ready: 3 votes, 1 feedback",
    ];
    assert_eq!(answers.len(), expected.len(), "{answers:#?}");
    for (answer, matches) in answers.iter().zip(expected) {
        assert!(matches(answer), "unexpected answer {answer:?}");
    }
    assert!(transcript.contains("/report was answered with type 5 first (deferred)"));
    for probe in [
        "a body with one bit flipped: 401",
        "a request signed by another key: 401",
        "an unsigned request: 401",
    ] {
        assert!(transcript.contains(probe), "{probe}");
    }
    assert!(transcript.contains("the same request twice: Some(200) then 409"));
    assert!(transcript.contains("stopped"));
}

/// The online half's server, with its REST client pointed at `api`: an emulator only plays
/// Discord's side of the endpoint (its key, its PING and forged request).
async fn http_bot_online(
    api: &str,
) -> (
    accord_emulator::Emulator,
    Transcript,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), accord_examples::Error>>,
) {
    let emulator = accord_emulator::Emulator::builder().guilds(1).start().await.unwrap();
    let transcript = Transcript::silent();
    let http = accord_http::Client::builder().token("a-token").base_url(api).build();
    let framework = http_bot::framework(http, transcript.clone());
    let verifier = accord_framework::interactions::Verifier::new(&emulator.verify_key()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(http_bot::serve(framework, verifier, 0, async {
        drop(stopped.await);
    }));
    (emulator, transcript, stop, serving)
}

/// The address of the transcript's "serving POST …" note, once it is there.
async fn serving_url(transcript: &Transcript) -> String {
    for _ in 0..500 {
        if let Some(url) = transcript
            .lines()
            .into_iter()
            .find_map(|l| l.text.strip_prefix("serving POST ").map(str::to_owned))
        {
            return url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the bot never served: {transcript}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_bot_answers_pings_while_the_rest_api_hangs() {
    // A REST API that accepts connections and never answers: registration hangs.
    let hanging = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}/api/v10", hanging.local_addr().unwrap());
    let (emulator, transcript, stop, serving) = http_bot_online(&api).await;
    let url = serving_url(&transcript).await;
    // Discord's check of the URL: a signed PING must get a PONG, a forged one a 401.
    emulator.handle().set_interactions_endpoint(&url).await.expect("the endpoint answers at once");
    assert!(!transcript.contains("registered"), "registration cannot have finished: {transcript}");
    stop.send(()).unwrap();
    serving.await.unwrap().unwrap();
    drop(hanging);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_bot_logs_a_failed_registration_and_keeps_serving() {
    // Nothing listens there: every REST request fails at once.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}/api/v10", closed.local_addr().unwrap());
    drop(closed);
    let (emulator, transcript, stop, serving) = http_bot_online(&api).await;
    let url = serving_url(&transcript).await;
    for _ in 0..500 {
        if transcript.contains("registering the commands failed") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(transcript.contains("registering the commands failed"), "{transcript}");
    emulator
        .handle()
        .set_interactions_endpoint(&url)
        .await
        .expect("still serving after the failure");
    stop.send(()).unwrap();
    serving.await.unwrap().unwrap();
}

#[test]
fn http_bot_settings_say_what_is_missing() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned())
        }
    };
    let error = http_bot::Settings::read(vars(&[("PORT", "8080")])).unwrap_err();
    assert!(error.to_string().contains("DISCORD_PUBLIC_KEY"), "{error}");
    let error = http_bot::Settings::read(vars(&[("DISCORD_PUBLIC_KEY", "ab")])).unwrap_err();
    assert!(error.to_string().contains("set PORT"), "{error}");
    let error = http_bot::Settings::read(vars(&[("DISCORD_PUBLIC_KEY", "ab"), ("PORT", "http")]))
        .unwrap_err();
    assert!(error.to_string().contains("PORT is not a port number"), "{error}");
    let settings = http_bot::Settings::read(vars(&[
        ("DISCORD_PUBLIC_KEY", "ab"),
        ("PORT", "8080"),
        ("DISCORD_API_URL", "http://127.0.0.1:1/api/v10"),
    ]))
    .unwrap();
    assert_eq!(
        format!("{settings:?}"),
        r#"Settings { public_key: "ab", port: 8080, api_url: Some("http://127.0.0.1:1/api/v10") }"#
    );
}
