//! The control API over HTTP: JSON in, JSON out, under `/_emulator`. Each route calls the
//! [`EmulatorHandle`] method of the same name; the crate README lists them.

use std::sync::Arc;
use std::time::Duration;

use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::presence::{Activity, Status};
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::endpoint::endpoint_routes;
use super::interactions::interaction_routes;
use super::{ControlError, ControlErrorKind};
use crate::gateway::fault::{Fault, FaultTarget};
use crate::gateway::firehose::{FirehoseReport, FirehoseSpec};
use crate::handle::EmulatorHandle;
use crate::server::{Body, json as reply};
use crate::shared::Shared;

/// The largest control request body.
const MAX_BODY: usize = 1 << 20;

type Answer = Result<(StatusCode, Value), ControlError>;

/// Answers a control request.
pub(crate) async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Response<Body> {
    let method = request.method().clone();
    let path = request.uri().path().trim_start_matches("/_emulator").to_owned();
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(body) => body.to_bytes(),
        Err(error) => {
            return reply(
                StatusCode::BAD_REQUEST,
                &json!({ "message": format!("could not read the body: {error}") }),
            );
        }
    };
    let handle = EmulatorHandle { shared };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let answered = match endpoint_routes(&handle, &method, &segments, &body).await {
        Ok(Some(answer)) => Ok(answer),
        Ok(None) => route(&handle, &method, &segments, &body),
        Err(error) => Err(error),
    };
    match answered {
        Ok((status, value)) => reply(status, &value),
        Err(error) => {
            let status = match error.kind() {
                ControlErrorKind::Invalid
                | ControlErrorKind::Firehose
                | ControlErrorKind::InteractionsEndpoint => StatusCode::BAD_REQUEST,
                _ => StatusCode::NOT_FOUND,
            };
            reply(
                status,
                &json!({ "message": error.to_string(), "kind": format!("{:?}", error.kind()) }),
            )
        }
    }
}

/// What a group of routes answers: `None` for a path it does not serve.
pub(super) type Routed = Result<Option<(StatusCode, Value)>, ControlError>;

fn route(handle: &EmulatorHandle, method: &Method, path: &[&str], body: &Bytes) -> Answer {
    for group in [gateway_routes, guild_routes, channel_routes, interaction_routes] {
        if let Some(answer) = group(handle, method, path, body)? {
            return Ok(answer);
        }
    }
    Err(ControlError::new(
        ControlErrorKind::Invalid,
        format!("unknown control route {method} /_emulator/{}", path.join("/")),
    ))
}

/// The emulator itself: info, counters, sessions, connections, faults, firehose.
fn gateway_routes(handle: &EmulatorHandle, method: &Method, path: &[&str], body: &Bytes) -> Routed {
    let answer: Answer = match (method.as_str(), path) {
        ("GET", []) => ok(info(handle)),
        ("GET", ["counters"]) => ok(counters(handle)),
        ("GET", ["sessions"]) => ok(sessions(handle)),
        ("GET", ["connections"]) => ok(connections(handle)),
        ("POST", ["faults"]) => {
            let body: NewFault = parse(body)?;
            let reached = handle.inject(&body.target.into(), &body.fault.into());
            ok(json!({ "connections": reached }))
        }
        ("POST", ["firehose"]) => {
            let body: NewFirehose = parse(body)?;
            let mut spec = FirehoseSpec::new(body.count);
            if let Some(seed) = body.seed {
                spec = spec.seed(seed);
            }
            if let Some(window) = body.window {
                spec = spec.window(window);
            }
            handle.firehose(spec).map_err(|error| {
                ControlError::with_source(
                    ControlErrorKind::Firehose,
                    "the firehose could not start",
                    error,
                )
            })?;
            Ok((StatusCode::ACCEPTED, json!({ "count": body.count })))
        }
        ("GET", ["firehose"]) => match handle.firehose_report() {
            Some(report) => ok(firehose(&report)),
            None => Err(ControlError::new(ControlErrorKind::Firehose, "no firehose has run")),
        },
        _ => return Ok(None),
    };
    answer.map(Some)
}

/// Guilds, members, presences and users.
fn guild_routes(handle: &EmulatorHandle, method: &Method, path: &[&str], body: &Bytes) -> Routed {
    let answer: Answer = match (method.as_str(), path) {
        ("GET", ["guilds"]) => to(&handle.guilds()),
        ("POST", ["guilds"]) => {
            let body: NewGuild = parse(body)?;
            let owner = body.owner_id.map(|id| parse_id(&id)).transpose()?;
            to(&handle.create_guild(&body.name, owner)?)
        }
        ("GET", ["guilds", guild]) => {
            let guild = handle
                .guild(parse_id(guild)?)
                .ok_or_else(|| unknown(ControlErrorKind::UnknownGuild))?;
            to(&guild)
        }
        ("GET", ["guilds", guild, "channels"]) => to(&handle.channels(known_guild(handle, guild)?)),
        ("POST", ["guilds", guild, "channels"]) => {
            let body: NewChannel = parse(body)?;
            let kind = channel_type(body.kind.as_ref())?;
            to(&handle.create_channel(parse_id(guild)?, &body.name, kind)?)
        }
        ("GET", ["guilds", guild, "members"]) => to(&handle.members(known_guild(handle, guild)?)),
        ("PUT", ["guilds", guild, "members", user]) => {
            to(&handle.join_guild(parse_id(guild)?, parse_id(user)?)?)
        }
        ("DELETE", ["guilds", guild, "members", user]) => {
            handle.leave_guild(parse_id(guild)?, parse_id(user)?)?;
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        ("GET", ["guilds", guild, "presences"]) => {
            to(&handle.presences(known_guild(handle, guild)?))
        }
        ("GET", ["guilds", guild, "voice-states"]) => {
            to(&handle.voice_states(known_guild(handle, guild)?))
        }
        ("POST", ["users"]) => {
            let body: NewUser = parse(body)?;
            to(&handle.create_user(&body.username))
        }
        ("GET", ["users", user]) => {
            let user = handle
                .user(parse_id(user)?)
                .ok_or_else(|| unknown(ControlErrorKind::UnknownUser))?;
            to(&user)
        }
        ("PUT", ["users", user, "presence"]) => {
            let body: NewPresence = parse(body)?;
            let status = parse_value::<Status>(Value::String(body.status))?;
            let activities: Vec<_> = body.activity.into_iter().map(Activity::playing).collect();
            to(&handle.set_presence(parse_id(user)?, &status, &activities)?)
        }
        ("POST", ["users", user, "dm"]) => {
            let body: NewContent = parse(body)?;
            to(&handle.send_dm(parse_id(user)?, body.content)?)
        }
        _ => return Ok(None),
    };
    answer.map(Some)
}

/// Channels: messages, reactions, typing.
fn channel_routes(handle: &EmulatorHandle, method: &Method, path: &[&str], body: &Bytes) -> Routed {
    let answer: Answer = match (method.as_str(), path) {
        ("GET", ["channels", channel, "messages"]) => {
            let channel = parse_id(channel)?;
            handle.channel(channel).ok_or_else(|| unknown(ControlErrorKind::UnknownChannel))?;
            to(&handle.messages(channel))
        }
        ("POST", ["channels", channel, "messages"]) => {
            let body: NewMessage = parse(body)?;
            to(&handle.send_message(
                parse_id(channel)?,
                parse_id(&body.author_id)?,
                body.content,
            )?)
        }
        ("PATCH", ["channels", channel, "messages", message]) => {
            let body: NewContent = parse(body)?;
            to(&handle.edit_message(parse_id(channel)?, parse_id(message)?, body.content)?)
        }
        ("DELETE", ["channels", channel, "messages", message]) => {
            handle.delete_message(parse_id(channel)?, parse_id(message)?)?;
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        (verb @ ("PUT" | "DELETE"), ["channels", channel, "messages", message, "reactions"]) => {
            let body: NewReaction = parse(body)?;
            let (channel, message, user) =
                (parse_id(channel)?, parse_id(message)?, parse_id(&body.user_id)?);
            let changed = if verb == "PUT" {
                handle.react(channel, message, user, &body.emoji)?
            } else {
                handle.unreact(channel, message, user, &body.emoji)?
            };
            ok(json!({ "changed": changed }))
        }
        ("POST", ["channels", channel, "typing"]) => {
            let body: UserOnly = parse(body)?;
            handle.start_typing(parse_id(channel)?, parse_id(&body.user_id)?)?;
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        _ => return Ok(None),
    };
    answer.map(Some)
}

/// A 200 answer.
#[allow(clippy::unnecessary_wraps, reason = "every route answers with an `Answer`")]
fn ok(value: Value) -> Answer {
    Ok((StatusCode::OK, value))
}

/// A 200 answer with a serializable body.
fn to<T: serde::Serialize>(value: &T) -> Answer {
    ok(serde_json::to_value(value).unwrap_or_default())
}

fn unknown(kind: ControlErrorKind) -> ControlError {
    let what = match kind {
        ControlErrorKind::UnknownGuild => "unknown guild",
        ControlErrorKind::UnknownUser => "unknown user",
        ControlErrorKind::UnknownChannel => "unknown channel",
        _ => "not found",
    };
    ControlError::new(kind, what)
}

fn known_guild<M>(handle: &EmulatorHandle, raw: &str) -> Result<Id<M>, ControlError> {
    let id = parse_id(raw)?;
    if handle.guild_ids().contains(&id) {
        Ok(id.cast())
    } else {
        Err(unknown(ControlErrorKind::UnknownGuild))
    }
}

pub(super) fn parse_id<M>(raw: &str) -> Result<Id<M>, ControlError> {
    raw.parse().map_err(|_| {
        ControlError::new(ControlErrorKind::Invalid, format!("{raw:?} is not a snowflake"))
    })
}

pub(super) fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, ControlError> {
    let body = if body.is_empty() { &b"{}"[..] } else { &body[..] };
    serde_json::from_slice(body).map_err(|error| {
        ControlError::with_source(ControlErrorKind::Invalid, "invalid JSON body", error)
    })
}

pub(super) fn parse_value<T: DeserializeOwned>(value: Value) -> Result<T, ControlError> {
    serde_json::from_value(value).map_err(|error| {
        ControlError::with_source(ControlErrorKind::Invalid, "invalid value", error)
    })
}

fn channel_type(kind: Option<&Value>) -> Result<ChannelType, ControlError> {
    Ok(match kind {
        None => ChannelType::GuildText,
        Some(Value::String(name)) => match name.as_str() {
            "text" => ChannelType::GuildText,
            "voice" => ChannelType::GuildVoice,
            "category" => ChannelType::GuildCategory,
            "announcement" => ChannelType::GuildAnnouncement,
            "forum" => ChannelType::GuildForum,
            "stage" => ChannelType::GuildStageVoice,
            other => {
                return Err(ControlError::new(
                    ControlErrorKind::Invalid,
                    format!(
                        "unknown channel type {other:?} (text, voice, category, announcement, forum or stage)"
                    ),
                ));
            }
        },
        Some(number) => parse_value(number.clone())?,
    })
}

fn info(handle: &EmulatorHandle) -> Value {
    let shared = &handle.shared;
    json!({
        "rest": format!("{}/api/v10", shared.http_origin()),
        "gateway": format!("{}/?v=10&encoding=json", shared.ws_origin()),
        "control": format!("{}/_emulator", shared.http_origin()),
        "token": shared.config.token,
        "application_id": handle.application_id(),
        "bot_user_id": handle.bot_user_id(),
        "verify_key": handle.verify_key(),
        "interactions_endpoint_url": handle.interactions_endpoint(),
    })
}

fn counters(handle: &EmulatorHandle) -> Value {
    let c = handle.counters();
    let codes = |map: &std::collections::BTreeMap<u16, u64>| -> Value {
        map.iter()
            .map(|(code, count)| (code.to_string(), json!(count)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    json!({
        "events_dispatched": c.events_dispatched,
        "identifies": c.identifies,
        "identifies_refused": c.identifies_refused,
        "resumes": c.resumes,
        "invalid_sessions": c.invalid_sessions,
        "connections": c.connections,
        "connections_dropped": c.connections_dropped,
        "closed_by_server": codes(&c.closed_by_server),
        "closed_by_client": codes(&c.closed_by_client),
        "identify_log": c.identify_log.iter().map(|r| json!({
            "shard": r.shard,
            "bucket": r.bucket,
            "at_ms": duration_ms(r.at),
        })).collect::<Vec<_>>(),
        "rest_requests": c.rest_requests,
        "http2_requests": c.http2_requests,
        "rate_limited": c.rate_limited,
        "invalid_requests": c.invalid_requests,
    })
}

fn duration_ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn sessions(handle: &EmulatorHandle) -> Value {
    handle
        .sessions()
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "shard": s.shard,
                "intents": s.intents,
                "seq": s.seq,
                "written": s.written,
                "connection": s.connection,
            })
        })
        .collect()
}

fn connections(handle: &EmulatorHandle) -> Value {
    handle
        .connections()
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "shard": c.shard,
                "session_id": c.session_id,
                "compression": format!("{:?}", c.compression).to_lowercase(),
            })
        })
        .collect()
}

fn firehose(report: &FirehoseReport) -> Value {
    json!({
        "total": report.total,
        "emitted": report.emitted,
        "finished": report.finished,
        "undispatched": report.undispatched,
        "sessions": report.sessions.iter().map(|s| json!({
            "session_id": s.session_id,
            "shard": s.shard,
            "dispatched": s.dispatched,
            "invalidated": s.invalidated.map(|reason| format!("{reason:?}")),
            "undelivered": s.undelivered,
        })).collect::<Vec<_>>(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewGuild {
    name: String,
    #[serde(default)]
    owner_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewChannel {
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPresence {
    status: String,
    #[serde(default)]
    activity: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewContent {
    content: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewMessage {
    author_id: String,
    content: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewReaction {
    user_id: String,
    emoji: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserOnly {
    user_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewFirehose {
    count: u64,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    window: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewFault {
    #[serde(default = "all")]
    target: TargetBody,
    fault: FaultBody,
}

fn all() -> TargetBody {
    TargetBody::All
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum TargetBody {
    All,
    Shard(u32),
    Connection(u64),
    Session(String),
}

impl From<TargetBody> for FaultTarget {
    fn from(target: TargetBody) -> Self {
        match target {
            TargetBody::All => Self::All,
            TargetBody::Shard(shard) => Self::Shard(shard),
            TargetBody::Connection(id) => Self::Connection(id),
            TargetBody::Session(id) => Self::Session(id),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FaultBody {
    Drop,
    Close(u16),
    StopHeartbeatAcks,
    ResumeHeartbeatAcks,
    Reconnect,
    InvalidSession(bool),
    CorruptFrame,
    TruncateFrame,
    DelayFramesMs(u64),
    RequestHeartbeat,
}

impl From<FaultBody> for Fault {
    fn from(fault: FaultBody) -> Self {
        match fault {
            FaultBody::Drop => Self::Drop,
            FaultBody::Close(code) => Self::Close(code),
            FaultBody::StopHeartbeatAcks => Self::StopHeartbeatAcks,
            FaultBody::ResumeHeartbeatAcks => Self::ResumeHeartbeatAcks,
            FaultBody::Reconnect => Self::Reconnect,
            FaultBody::InvalidSession(resumable) => Self::InvalidSession { resumable },
            FaultBody::CorruptFrame => Self::CorruptFrame,
            FaultBody::TruncateFrame => Self::TruncateFrame,
            FaultBody::DelayFramesMs(ms) => Self::DelayFrames(Duration::from_millis(ms)),
            FaultBody::RequestHeartbeat => Self::RequestHeartbeat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{FaultBody, NewFault, TargetBody};

    #[test]
    fn fault_bodies_read_as_documented() {
        let fault: NewFault =
            serde_json::from_str(r#"{"target": {"shard": 1}, "fault": {"close": 4000}}"#).unwrap();
        assert!(matches!(
            (fault.target, fault.fault),
            (TargetBody::Shard(1), FaultBody::Close(4000))
        ));
        let fault: NewFault = serde_json::from_str(r#"{"fault": "drop"}"#).unwrap();
        assert!(matches!((fault.target, fault.fault), (TargetBody::All, FaultBody::Drop)));
        assert!(serde_json::from_str::<NewFault>(r#"{"fault": "explode"}"#).is_err());
    }
}
