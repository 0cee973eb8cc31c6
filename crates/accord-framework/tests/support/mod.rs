//! Test support: an emulator, a minimal gateway client feeding a framework, and the people in
//! the emulator's first guild.

#![allow(dead_code, unreachable_pub, reason = "each test file uses a part")]

use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{Emulator, EmulatorHandle, RateLimits, Timings};
use accord_framework::interactions::{Server, ServiceBuilder, Verifier};
use accord_framework::{CacheState, Framework, FrameworkBuilder, NoCache};
use accord_gateway::{Config, Shard};
use accord_http::Client;
use accord_model::channel::ChannelType;
use accord_model::gateway::{Event, Intents, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::message::Message;
use tokio::sync::mpsc;

/// How long a test waits for something that should happen in milliseconds.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// A running emulator, a framework connected to its gateway, and who is who.
pub struct Bot<D, C: CacheState = NoCache> {
    pub emulator: Emulator,
    pub handle: EmulatorHandle,
    pub framework: Framework<D, C>,
    pub http: Client,
    pub guild_id: Id<GuildMarker>,
    /// The guild's `general` channel.
    pub channel_id: Id<ChannelMarker>,
    /// A member with no permission beyond @everyone's.
    pub member: Id<UserMarker>,
    /// A member with the Moderator role (ban, kick, manage messages).
    pub moderator: Id<UserMarker>,
}

/// An emulator with Discord's time rules, without rate limits: the tests send more messages
/// than a channel may in five seconds.
async fn emulator() -> Emulator {
    let mut rate_limits = RateLimits::default();
    rate_limits.enabled = false;
    Emulator::builder()
        .guilds(1)
        .members_per_guild(8)
        .timings(Timings::default())
        .rate_limits(rate_limits)
        .start()
        .await
        .expect("the emulator starts")
}

/// Connects a shard to the emulator's gateway and streams its events (READY first).
fn gateway(emulator: &Emulator) -> mpsc::UnboundedReceiver<Event> {
    let intents = Intents::GUILDS
        | Intents::GUILD_MESSAGES
        | Intents::MESSAGE_CONTENT
        | Intents::DIRECT_MESSAGES;
    let config = Config::builder(emulator.token(), intents)
        .gateway_url(emulator.gateway_url())
        .build()
        .expect("a valid gateway configuration");
    let mut shard = Shard::new(ShardId::ONE, config);
    let (events, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(item) = shard.next_event().await {
            let event = item.expect("the emulator sends only valid events");
            if events.send(event).is_err() {
                return;
            }
        }
    });
    receiver
}

impl<D: Send + Sync + 'static, C: CacheState> Bot<D, C> {
    /// Starts an emulator (interaction deadlines as Discord's), builds the framework with a
    /// client pointed at it, and feeds it the gateway's events. The application id is the
    /// one READY carries: the builder is not given it.
    pub async fn start(builder: FrameworkBuilder<D, C, Arc<D>>) -> Self {
        let emulator = emulator().await;
        let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
        let framework = builder.build(http.clone());
        let mut events = gateway(&emulator);
        // READY first, so the framework knows the bot's id before any message.
        loop {
            let event = tokio::time::timeout(PATIENCE, events.recv())
                .await
                .expect("READY arrives")
                .expect("the gateway stays open");
            let ready = matches!(event, Event::Ready(_));
            framework.handle(event);
            if ready {
                break;
            }
        }
        let runner = framework.clone();
        tokio::spawn(async move {
            runner.run(futures_util::stream::poll_fn(move |cx| events.poll_recv(cx))).await;
        });
        Self::with(emulator, framework, http)
    }

    /// Like [`start`](Self::start), but without a gateway: the framework serves an
    /// interactions endpoint on 127.0.0.1, which the emulator verifies and then posts every
    /// interaction to. `service` adjusts the endpoint (its deadline, say).
    pub async fn start_http(
        builder: FrameworkBuilder<D, C, Arc<D>>,
        service: impl FnOnce(ServiceBuilder) -> ServiceBuilder,
    ) -> Self {
        let emulator = emulator().await;
        let http = Client::builder().token(emulator.token()).base_url(emulator.http_url()).build();
        let framework = builder.build(http.clone());
        let verifier = Verifier::new(&emulator.verify_key()).expect("the emulator's key is valid");
        let service = service(framework.interaction_service(verifier).path("/interactions"));
        let server =
            Server::bind("127.0.0.1:0", service.build()).await.expect("a free port on 127.0.0.1");
        let url = format!("http://{}/interactions", server.local_addr().expect("bound"));
        tokio::spawn(server.run());
        emulator.handle().set_interactions_endpoint(&url).await.expect("the endpoint verifies");
        Self::with(emulator, framework, http)
    }

    /// Who is who in the emulator's guild.
    fn with(emulator: Emulator, framework: Framework<D, C>, http: Client) -> Self {
        let handle = emulator.handle().clone();
        let guild_id = handle.guild_ids()[0];
        let guild = handle.guild(guild_id).expect("the guild exists");
        let channel_id = handle
            .channels(guild_id)
            .into_iter()
            .find(|c| c.kind == ChannelType::GuildText && c.name.as_deref() == Some("general"))
            .expect("a general channel")
            .id;
        let moderator_role =
            guild.roles.iter().find(|r| r.name == "Moderator").expect("a Moderator role").id;
        let members = handle.members(guild_id);
        let humans = members
            .iter()
            .filter(|m| m.user.id != handle.bot_user_id() && m.user.id != guild.owner_id);
        let member = humans
            .clone()
            .find(|m| !m.roles.contains(&moderator_role))
            .expect("a plain member")
            .user
            .id;
        let moderator = humans
            .clone()
            .find(|m| m.roles.contains(&moderator_role))
            .expect("a moderator")
            .user
            .id;
        Self { emulator, handle, framework, http, guild_id, channel_id, member, moderator }
    }

    /// Sends a message as `author` in `general` and waits for the bot's next message there.
    pub async fn message_reply(&self, author: Id<UserMarker>, content: &str) -> Message {
        let sent = self
            .handle
            .send_message(self.channel_id, author, content)
            .expect("the message is sent");
        let bot = self.handle.bot_user_id();
        let mut found = None;
        let arrived = self
            .handle
            .wait_for(PATIENCE, |handle| {
                found = handle
                    .messages(self.channel_id)
                    .into_iter()
                    .find(|m| m.author.id == bot && m.id > sent.id);
                found.is_some()
            })
            .await;
        assert!(arrived, "the bot answered `{content}`");
        found.expect("checked above")
    }

    /// Every message of the bot in `general` after `after`.
    pub fn bot_messages_after(
        &self,
        after: Id<accord_model::id::marker::MessageMarker>,
    ) -> Vec<Message> {
        let bot = self.handle.bot_user_id();
        self.handle
            .messages(self.channel_id)
            .into_iter()
            .filter(|m| m.author.id == bot && m.id > after)
            .collect()
    }
}
