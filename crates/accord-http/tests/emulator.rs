//! The client against the emulator, a local Discord on 127.0.0.1 with real sockets: the rate
//! limiter under load (no 429 served for a thousand messages, channels in parallel, the global
//! limit kept), 429s and 5xx faults injected by the emulator, every error kind the emulator can
//! produce, the token kept out of `Debug`, and typed happy paths checked against the world.
//!
//! Discord's windows are scaled down (5 per 5 s becomes 5 per 10 ms) so the file runs in a few
//! seconds; what the tests assert is counted by the emulator (429s served, invalid requests,
//! requests per operation) or read from its world, never a wall-clock speed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::future::IntoFuture;
use std::sync::Arc;
use std::time::{Duration, Instant};

use accord_emulator::{Bucket, Emulator, EmulatorHandle, RateLimits};
use accord_http::ratelimit::{InMemoryRatelimiter, RatelimitScope};
use accord_http::request::TryIntoRequest;
use accord_http::routing::{Major, Method};
use accord_http::{Client, Error, ErrorKind, StatusCode};
use accord_model::application::command::{Command, CommandOption, CommandOptionType};
use accord_model::channel::{Channel, ChannelType};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker};
use accord_model::message::Message;
use tokio::net::TcpListener;

/// The bot token; every test checks that `SECRET` shows in no `Debug` or `Display` output.
const TOKEN: &str = "accord-SECRET-bot-token";
const MESSAGES: &str = "/channels/{channel_id}/messages";
const REACTION: &str = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me";

/// Discord's limits, with `routes` instead of the default route buckets.
fn limits(global_per_second: Option<u32>, routes: &[(&str, &str, Bucket)]) -> RateLimits {
    let mut limits = RateLimits::default();
    limits.global_per_second = global_per_second;
    limits.routes = routes
        .iter()
        .map(|(method, template, bucket)| ((*method).to_owned(), (*template).to_owned(), *bucket))
        .collect();
    limits
}

async fn emulator(limits: RateLimits) -> Emulator {
    Emulator::builder().token(TOKEN).rate_limits(limits).start().await.expect("emulator starts")
}

fn client(emulator: &Emulator, limiter: &InMemoryRatelimiter) -> Client {
    Client::builder()
        .token(emulator.token())
        .base_url(emulator.http_url())
        .ratelimiter(Some(Arc::new(limiter.clone())))
        .retry_backoff(Duration::from_millis(1))
        .build()
}

/// A limiter without the global limit, for tests about per-route buckets.
fn no_global() -> InMemoryRatelimiter {
    InMemoryRatelimiter::builder().global_limit(None).build()
}

fn guild(handle: &EmulatorHandle) -> Id<GuildMarker> {
    handle.guild_ids()[0]
}

/// A generated text channel of the first guild by name (`general`, `read-only`, `mod-log`...).
fn channel(handle: &EmulatorHandle, name: &str) -> Id<ChannelMarker> {
    handle
        .channels(guild(handle))
        .into_iter()
        .find(|channel| channel.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("the generated world has a `{name}` channel"))
        .id
}

/// Fails if the token shows in `text`.
fn assert_redacted(text: &str) {
    assert!(!text.contains("SECRET"), "a token leaked: {text}");
}

/// Fails if the token shows in an error's `Debug`, `Display` or the `Display` of its sources.
fn assert_error_redacted(error: &Error) {
    assert_redacted(&format!("{error:?} {error:#?} {error}"));
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        assert_redacted(&format!("{inner} {inner:?}"));
        source = inner.source();
    }
}

async fn send_messages(
    client: &Client,
    channels: &[Id<ChannelMarker>],
    per_channel: usize,
) -> Vec<Message> {
    // Channel by channel: a limiter that served channels one after another (one bucket for
    // the route, say) would send every message of the first channel before the second's.
    let tasks: Vec<_> = channels
        .iter()
        .flat_map(|channel| (0..per_channel).map(move |i| (i, *channel)))
        .map(|(i, channel)| {
            let client = client.clone();
            tokio::spawn(async move {
                let content = format!("message {i} to {channel}");
                client.create_message(channel).content(&content).await?.model().await
            })
        })
        .collect();
    let mut sent = Vec::with_capacity(tasks.len());
    for task in tasks {
        sent.push(task.await.expect("the task ran").expect("every message is sent"));
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_messages_to_one_channel_get_no_429() {
    let bucket = Bucket::new(5, Duration::from_millis(10));
    let emulator = emulator(limits(None, &[("POST", MESSAGES, bucket)])).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let limiter = no_global();
    let client = client(&emulator, &limiter);

    let sent = send_messages(&client, &[general], 1_000).await;

    let counters = handle.counters();
    assert_eq!(counters.rate_limited, 0, "the limiter let through a request Discord refused");
    assert_eq!(counters.rest_requests, 1_000, "a message was sent twice or not at all");
    let in_world: BTreeSet<String> =
        handle.messages(general).into_iter().map(|message| message.content).collect();
    let expected: BTreeSet<String> =
        (0..1_000).map(|i| format!("message {i} to {general}")).collect();
    assert_eq!(in_world, expected, "the channel holds exactly the messages sent");
    assert!(sent.iter().all(|message| message.channel_id == general));
    let snapshot = limiter
        .bucket(Method::Post, MESSAGES, Some(Major::Channel(general.get())))
        .expect("the limiter knows the bucket");
    assert_eq!(snapshot.limit, Some(5), "the limit was learned from the headers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_channels_are_served_in_parallel() {
    let bucket = Bucket::new(5, Duration::from_millis(10));
    let emulator = emulator(limits(None, &[("POST", MESSAGES, bucket)])).await;
    let handle = emulator.handle();
    let channels: Vec<Id<ChannelMarker>> = (0..20)
        .map(|i| {
            handle
                .create_channel(guild(handle), &format!("load-{i}"), ChannelType::GuildText)
                .expect("a new channel")
                .id
        })
        .collect();
    let limiter = no_global();
    let client = client(&emulator, &limiter);

    send_messages(&client, &channels, 50).await;

    assert_eq!(handle.counters().rate_limited, 0);
    // Message ids grow in the order the emulator created the messages, across channels: the
    // ids of one channel span its ten windows.
    let mut ranges = Vec::new();
    for (index, channel) in channels.iter().enumerate() {
        let messages = handle.messages(*channel);
        assert_eq!(messages.len(), 50, "every message of channel {index} arrived");
        ranges.push((messages[0].id, messages[49].id));
    }
    // Served one after another (the messages were queued channel by channel), each channel's
    // ids would end before the next channel's begin. In parallel, every channel's windows run
    // while every other's do: the last channel to start started before the first to finish
    // finished, so all twenty ranges overlap.
    let latest_first = ranges.iter().map(|(first, _)| *first).max().unwrap();
    let earliest_last = ranges.iter().map(|(_, last)| *last).min().unwrap();
    assert!(
        latest_first < earliest_last,
        "a channel finished before another one started: channels were served one at a time"
    );
    // Each channel has a bucket of its own in the limiter, learned from the headers.
    for channel in &channels {
        let snapshot = limiter.bucket(Method::Post, MESSAGES, Some(Major::Channel(channel.get())));
        assert_eq!(snapshot.and_then(|bucket| bucket.limit), Some(5));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_global_limit_is_never_exceeded() {
    // Discord's global limit of 50 per second (the emulator cannot scale it), with buckets
    // large enough that only the global limit binds.
    let mut limits = limits(Some(50), &[]);
    limits.default_bucket = Bucket::new(1_000, Duration::from_secs(1));
    let emulator = emulator(limits).await;
    let handle = emulator.handle();
    let guilds = handle.guild_ids();
    let channels: Vec<Id<ChannelMarker>> = guilds
        .iter()
        .flat_map(|guild| handle.channels(*guild))
        .filter(|channel| channel.name.as_deref() != Some("mod-log"))
        .map(|channel| channel.id)
        .collect();
    // The client's default limiter: 50 requests per second.
    let client = client(&emulator, &InMemoryRatelimiter::new());

    // 150 requests over five routes and many major parameters, all at once.
    let tasks: Vec<_> = (0..150_usize)
        .map(|i| {
            let client = client.clone();
            let channel = channels[i % channels.len()];
            let guild = guilds[i % guilds.len()];
            tokio::spawn(async move {
                let status = match i % 5 {
                    0 => client.get_channel(channel).await?.status(),
                    1 => client.list_messages(channel).limit(1).await?.status(),
                    2 => client.get_guild(guild).await?.status(),
                    3 => client.list_guild_members(guild).limit(5).await?.status(),
                    _ => client.list_guild_roles(guild).await?.status(),
                };
                Ok::<_, Error>(status)
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().expect("every request succeeds"), StatusCode::OK);
    }

    let counters = handle.counters();
    assert_eq!(counters.rate_limited, 0, "the emulator served a 429 (the global limit)");
    assert_eq!(counters.rest_requests, 150, "a request was sent twice or not at all");
}

#[tokio::test]
async fn a_shared_429_is_waited_out_and_is_not_invalid() {
    let one_a_minute = Bucket::new(1, Duration::from_secs(60));
    let emulator = emulator(limits(Some(50), &[("PUT", REACTION, one_a_minute)])).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let limiter = InMemoryRatelimiter::new();
    let client = client(&emulator, &limiter);
    let retry_after = Duration::from_millis(150);
    assert!(handle.rate_limit_shared("GET", "/channels/{channel_id}", 1, retry_after));

    let started = Instant::now();
    let channel: Channel = client.get_channel(general).await.unwrap().model().await.unwrap();
    assert_eq!(channel.id, general);
    assert!(started.elapsed() >= retry_after, "the retry did not wait for `retry_after`");

    let counters = handle.counters();
    assert_eq!((counters.rate_limited, counters.rest_requests), (1, 2));
    assert_eq!(counters.invalid_requests, 0, "a shared 429 counted as invalid by the emulator");
    assert_eq!(limiter.invalid_requests(), 0, "a shared 429 counted as invalid by the client");

    // The counters work: a user-scope 429, which a client without a limiter runs into, counts.
    let unlimited = Client::builder()
        .token(emulator.token())
        .base_url(emulator.http_url())
        .ratelimiter(None)
        .max_ratelimit_retries(0)
        .build();
    let author = handle.members(guild(handle))[1].user.id;
    let message = handle.send_message(general, author, "hi").expect("a user's message").id;
    // One reaction a minute: the second one is refused.
    unlimited.add_my_message_reaction(general, message, "👍").await.unwrap();
    let error = unlimited.add_my_message_reaction(general, message, "👎").await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RatelimitedGaveUp { scope: Some(RatelimitScope::User), .. }
        ),
        "{error:?}"
    );
    let counters = handle.counters();
    assert_eq!((counters.rate_limited, counters.invalid_requests), (2, 1));
}

#[tokio::test]
async fn a_429_storm_gives_up_after_the_retry_budget() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.http_url())
        .max_ratelimit_retries(3)
        .build();
    handle.rate_limit_shared("GET", "/channels/{channel_id}", 100, Duration::from_millis(5));

    let error = client.get_channel(general).await.unwrap_err();
    assert_error_redacted(&error);
    let ErrorKind::RatelimitedGaveUp { attempts, retry_after, global, scope } = error.kind() else {
        panic!("expected RatelimitedGaveUp, got {error:?}")
    };
    assert_eq!((*attempts, *global, scope), (4, false, &Some(RatelimitScope::Shared)));
    assert_eq!(*retry_after, Duration::from_millis(5));
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    let counters = handle.counters();
    assert_eq!(counters.rate_limited, 4, "one request and three retries, then it stopped");
    assert_eq!(counters.rest_requests, 4);
}

#[tokio::test]
async fn a_429_storm_shorter_than_the_budget_ends_in_success() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let client = Client::builder()
        .token(emulator.token())
        .base_url(emulator.http_url())
        .max_ratelimit_retries(3)
        .build();
    handle.rate_limit_shared("GET", "/guilds/{guild_id}", 3, Duration::from_millis(5));

    let response = client.get_guild(guild(handle)).await.expect("the fourth attempt succeeds");
    assert_eq!(response.status(), StatusCode::OK);
    let counters = handle.counters();
    assert_eq!((counters.rate_limited, counters.rest_requests), (3, 4));
    assert_eq!(counters.invalid_requests, 0);
}

#[tokio::test]
async fn server_errors_are_retried_for_idempotent_requests_only() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let client = client(&emulator, &InMemoryRatelimiter::new());

    // A GET is sent again after each 503 and succeeds on the third attempt.
    handle.fail_rest_requests(2, 503);
    let response = client.get_channel(general).await.expect("retried until it succeeds");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(handle.counters().rest_requests, 3);

    // A POST is not: Discord may have acted on it.
    handle.fail_rest_requests(1, 500);
    let error = client.create_message(general).content("once").await.unwrap_err();
    assert_error_redacted(&error);
    assert!(
        matches!(error.kind(), ErrorKind::ServerError { status, attempts: 1 } if *status == 500),
        "{error:?}"
    );
    assert_eq!(handle.counters().rest_requests, 4, "the POST was sent again");
    assert_eq!(handle.rest_requests_to("create_message"), 0);
    // The fault was spent on the POST: the next one goes through.
    client.create_message(general).content("twice").await.expect("no fault left");
    assert_eq!(handle.messages(general).len(), 1);

    // Retries are bounded: 3 by default, so 4 attempts.
    handle.fail_rest_requests(10, 502);
    let error = client.get_guild(guild(handle)).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::ServerError { status, attempts: 4 } if *status == 502),
        "{error:?}"
    );
    assert_eq!(handle.counters().rest_requests, 5 + 4);
}

#[tokio::test]
async fn discords_errors_carry_their_status_and_code() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let client = client(&emulator, &InMemoryRatelimiter::new());
    let mut errors = Vec::new();

    // 401: a wrong token.
    let impostor = Client::builder()
        .token("wrong-SECRET-token")
        .base_url(emulator.http_url())
        .max_retries(0)
        .build();
    let error = impostor.get_channel(general).await.unwrap_err();
    let ErrorKind::Unauthorized { body: Some(body) } = error.kind() else {
        panic!("expected Unauthorized with Discord's body, got {error:?}")
    };
    assert_eq!(body.code, 0);
    assert_eq!(handle.counters().invalid_requests, 1);
    errors.push(error);

    // 404 with Discord's codes: unknown channel, unknown message.
    let error = client.get_channel(Id::new(1)).await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(StatusCode::NOT_FOUND), Some(10_003)));
    errors.push(error);
    let error = client.get_message(general, Id::new(1)).await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(StatusCode::NOT_FOUND), Some(10_008)));
    errors.push(error);

    // 403: `read-only` denies the bot SEND_MESSAGES (50013), `mod-log` is hidden (50001).
    let read_only = channel(handle, "read-only");
    let error = client.create_message(read_only).content("x").await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(StatusCode::FORBIDDEN), Some(50_013)));
    assert!(handle.messages(read_only).is_empty());
    errors.push(error);
    let error = client.create_message(channel(handle, "mod-log")).content("x").await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(StatusCode::FORBIDDEN), Some(50_001)));
    errors.push(error);

    // 400 50035 with nested per-field errors: both commands are wrong in ways only Discord
    // checks (a required option after an optional one, a name with capitals and a space).
    let mut options = vec![
        CommandOption::new(CommandOptionType::String, "first", "optional"),
        CommandOption::new(CommandOptionType::String, "second", "required"),
    ];
    options[1].required = Some(true);
    let mut ping = Command::chat_input("ping", "replies");
    ping.options = Some(options);
    let commands = [ping, Command::chat_input("Bad Name", "invalid")];
    let error = client
        .bulk_set_guild_application_commands(emulator.application_id(), guild(handle), &commands)
        .await
        .unwrap_err();
    let ErrorKind::Response { status, body: Some(body), .. } = error.kind() else {
        panic!("expected a response error with Discord's body, got {error:?}")
    };
    assert_eq!((*status, body.code), (StatusCode::BAD_REQUEST, 50_035));
    let paths: BTreeMap<&str, &str> =
        body.errors.iter().map(|e| (e.path.as_str(), e.code.as_str())).collect();
    assert_eq!(
        paths,
        BTreeMap::from([
            ("0.options.1.required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"),
            ("1.name", "APPLICATION_COMMAND_INVALID_NAME"),
        ])
    );
    assert!(handle.commands(Some(guild(handle))).is_empty(), "nothing was registered");
    errors.push(error);

    for error in &errors {
        assert_error_redacted(error);
    }
    assert_eq!(errors.len(), 6);
}

#[tokio::test]
async fn errors_without_a_discord_answer() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let client = client(&emulator, &InMemoryRatelimiter::new());
    let mut errors = Vec::new();

    // Validation: caught before sending, nothing reaches the emulator.
    let requests = handle.counters().rest_requests;
    let too_long = "x".repeat(2_001);
    let error = client.create_message(general).content(&too_long).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(_)), "{error:?}");
    errors.push(error);
    let error = client.list_guild_members(guild(handle)).limit(0).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Validation(_)), "{error:?}");
    errors.push(error);
    assert_eq!(handle.rest_requests_to("create_message"), 0);
    assert_eq!(handle.rest_requests_to("list_guild_members"), 0);
    assert_eq!(handle.counters().rest_requests, requests);

    // Parsing: a body that is not the type asked for keeps the bytes.
    let response = client.get_guild(guild(handle)).await.unwrap();
    let error = response.json::<Vec<Message>>().await.unwrap_err();
    let ErrorKind::Parsing { body } = error.kind() else { panic!("{error:?}") };
    assert!(String::from_utf8_lossy(body).contains(&guild(handle).to_string()));
    errors.push(error);

    // Timeout: a listener that accepts and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap();
    let held = tokio::spawn(async move {
        let mut connections = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            connections.push(stream);
        }
    });
    let timeout = Duration::from_millis(100);
    let slow = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://{silent_addr}/api/v10"))
        .timeout(timeout)
        .max_retries(0)
        .build();
    let error = slow.get_channel(general).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { timeout: t } if *t == timeout),
        "{error:?}"
    );
    errors.push(error);
    held.abort();

    // Transport: a port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let unreachable = Client::builder()
        .token(TOKEN)
        .base_url(format!("http://{closed}/api/v10"))
        .retry_backoff(Duration::from_millis(1))
        .build();
    let error = unreachable.get_channel(general).await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Transport), "{error:?}");
    assert!(std::error::Error::source(&error).is_some(), "the cause is kept");
    errors.push(error);

    for error in &errors {
        assert_error_redacted(error);
    }
    assert_eq!(errors.len(), 5);
}

#[tokio::test]
async fn the_token_shows_in_no_debug_output() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let general = channel(handle, "general");
    let client = client(&emulator, &InMemoryRatelimiter::new());
    let mut texts = vec![format!("{client:?}"), format!("{client:#?}")];

    let builder = client.create_message(general).content("debug me");
    texts.push(format!("{builder:?}"));
    let request = builder.try_into_request().unwrap();
    texts.push(format!("{request:?}"));
    let response = client.send::<Message>(request).await.unwrap();
    texts.push(format!("{response:?} {response:#?}"));
    let message = response.model().await.unwrap();
    let future = client.get_guild(guild(handle)).into_future();
    texts.push(format!("{future:?}"));
    texts.push(format!("{:?}", future.await.unwrap()));
    texts.push(format!("{:?}", client.delete_message(general, message.id)));
    texts.push(format!("{:?}", client.ratelimiter()));

    for text in &texts {
        assert_redacted(text);
    }
    // The emulator saw the token: it was sent, just never shown.
    assert_eq!(handle.message(general, message.id).unwrap().content, "debug me");
    assert_eq!(handle.counters().invalid_requests, 0);
}

#[tokio::test]
async fn typed_happy_paths_change_the_world() {
    let emulator = emulator(RateLimits::default()).await;
    let handle = emulator.handle();
    let guild_id = guild(handle);
    let general = channel(handle, "general");
    let client = client(&emulator, &InMemoryRatelimiter::new());

    let guild = client.get_guild(guild_id).await.unwrap().model().await.unwrap();
    let expected = handle.guild(guild_id).unwrap();
    assert_eq!(
        (guild.id, &guild.name, guild.owner_id),
        (guild_id, &expected.name, expected.owner_id)
    );

    let members = client.list_guild_members(guild_id).limit(1_000).await.unwrap().model().await;
    let members: BTreeSet<_> = members.unwrap().into_iter().map(|member| member.user.id).collect();
    let expected: BTreeSet<_> =
        handle.members(guild_id).into_iter().map(|member| member.user.id).collect();
    assert_eq!(members, expected);

    let sent = client.create_message(general).content("first").await.unwrap().model().await;
    let sent = sent.unwrap();
    assert_eq!(sent.author.id, emulator.bot_user_id());
    assert_eq!(handle.message(general, sent.id).unwrap().content, "first");

    let edited = client.update_message(general, sent.id).content(Some("second")).await.unwrap();
    assert_eq!(edited.model().await.unwrap().content, "second");
    let stored = handle.message(general, sent.id).unwrap();
    assert_eq!(stored.content, "second");
    assert!(stored.edited_timestamp.is_some());

    let reacted = client.add_my_message_reaction(general, sent.id, "👍").await.unwrap();
    assert_eq!(reacted.status(), StatusCode::NO_CONTENT);
    let reactions = handle.message(general, sent.id).unwrap().reactions.unwrap_or_default();
    assert_eq!(reactions.len(), 1);
    assert_eq!((reactions[0].emoji.name.as_deref(), reactions[0].me), (Some("👍"), true));

    let thread = client
        .create_thread(general, "a thread")
        .kind(ChannelType::PublicThread)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let stored = handle.channel(thread.id).expect("the thread exists in the world");
    assert_eq!(stored.parent_id, Some(general));
    assert_eq!(
        (stored.kind, stored.name.as_deref()),
        (ChannelType::PublicThread, Some("a thread"))
    );

    let commands = [Command::chat_input("ping", "replies with pong"), {
        let mut echo = Command::chat_input("echo", "repeats");
        echo.options =
            Some(vec![CommandOption::new(CommandOptionType::String, "text", "what to say")]);
        echo
    }];
    let registered = client
        .bulk_set_guild_application_commands(emulator.application_id(), guild_id, &commands)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert!(registered.iter().all(|command| command.id.is_some()));
    let names: BTreeSet<_> =
        handle.commands(Some(guild_id)).into_iter().map(|command| command.name).collect();
    assert_eq!(names, BTreeSet::from(["echo".into(), "ping".into()]));

    let deleted = client.delete_message(general, sent.id).await.unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(handle.message(general, sent.id).is_none());
    assert_eq!(handle.counters().rate_limited, 0);
}
