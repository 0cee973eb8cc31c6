//! The REST side's handle methods over HTTP: running commands, clicking components and
//! submitting modals as a user and reading the app's answers, the registered commands, and
//! the REST faults.

use std::collections::BTreeMap;
use std::time::Duration;

use accord_model::id::Id;
use accord_model::id::marker::{GenericMarker, InteractionMarker};
use accord_model::interaction::CommandOptionValue;
use accord_model::locale::Locale;
use bytes::Bytes;
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Routed, parse, parse_id, parse_value};
use super::{ControlError, ControlErrorKind};
use crate::handle::EmulatorHandle;
use crate::rest::{CommandCall, InteractionError, PendingInteraction};

/// Routes for interactions and the REST side's faults.
pub(super) fn interaction_routes(
    handle: &EmulatorHandle,
    method: &Method,
    path: &[&str],
    body: &Bytes,
) -> Routed {
    let answer = match (method.as_str(), path) {
        ("POST", ["interactions", "commands"]) => {
            let call = command_call(parse(body)?)?;
            started(handle, handle.run_command(call))
        }
        ("POST", ["interactions", "autocomplete"]) => {
            let call = command_call(parse(body)?)?;
            started(handle, handle.autocomplete(call))
        }
        ("POST", ["interactions", "buttons"]) => {
            let body: Component = parse(body)?;
            let (user, channel, message) = (
                parse_id(&body.user_id)?,
                parse_id(&body.channel_id)?,
                parse_id(&body.message_id)?,
            );
            started(handle, handle.click_button(user, channel, message, &body.custom_id))
        }
        ("POST", ["interactions", "selects"]) => {
            let body: Component = parse(body)?;
            let (user, channel, message) = (
                parse_id(&body.user_id)?,
                parse_id(&body.channel_id)?,
                parse_id(&body.message_id)?,
            );
            let values: Vec<&str> = body.values.iter().map(String::as_str).collect();
            started(handle, handle.select(user, channel, message, &body.custom_id, &values))
        }
        ("POST", ["interactions", id, "modal"]) => {
            let body: ModalBody = parse(body)?;
            let opened = pending(handle, parse_id(id)?)?;
            let values: Vec<(&str, &str)> =
                body.values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            started(handle, handle.submit_modal(&opened, &values))
        }
        ("GET", ["interactions", id]) => {
            let outcome = pending(handle, parse_id(id)?)?.outcome();
            Ok((
                StatusCode::OK,
                json!({
                    "response": outcome.response,
                    "original": outcome.original,
                    "followups": outcome.followups,
                    "endpoint_status": outcome.endpoint_status,
                    "failure": outcome.failure.as_ref().map(super::endpoint::failure),
                }),
            ))
        }
        ("GET", ["commands"]) => Ok((StatusCode::OK, to_value(&handle.commands(None)))),
        ("GET", ["guilds", guild, "commands"]) => {
            Ok((StatusCode::OK, to_value(&handle.commands(Some(parse_id(guild)?)))))
        }
        ("POST", ["rest-faults"]) => {
            let body: RestFault = parse(body)?;
            handle.fail_rest_requests(body.count, body.status);
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        ("POST", ["rest-rate-limits"]) => {
            let body: SharedLimit = parse(body)?;
            let retry = Duration::from_millis(body.retry_after_ms);
            if !handle.rate_limit_shared(&body.method, &body.route, body.count, retry) {
                return Err(ControlError::new(
                    ControlErrorKind::Invalid,
                    format!("no REST route {} {}", body.method, body.route),
                ));
            }
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        ("GET", ["rest-requests", operation]) => {
            Ok((StatusCode::OK, json!({ "requests": handle.rest_requests_to(operation) })))
        }
        _ => return Ok(None),
    };
    answer.map(Some)
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// Remembers a started interaction (for its outcome and modals) and answers with it.
fn started(
    handle: &EmulatorHandle,
    result: Result<PendingInteraction, InteractionError>,
) -> Result<(StatusCode, Value), ControlError> {
    let pending = result.map_err(interaction_error)?;
    let answer = json!({
        "id": pending.id(),
        "token": pending.token(),
        "interaction": pending.interaction(),
    });
    handle.shared.remember_interaction(pending);
    Ok((StatusCode::OK, answer))
}

fn pending(
    handle: &EmulatorHandle,
    id: Id<InteractionMarker>,
) -> Result<PendingInteraction, ControlError> {
    handle.shared.interaction(id).ok_or_else(|| {
        ControlError::new(
            ControlErrorKind::Invalid,
            format!("no interaction {id} was started over the control API"),
        )
    })
}

fn interaction_error(error: InteractionError) -> ControlError {
    let kind = match error {
        InteractionError::UnknownChannel => ControlErrorKind::UnknownChannel,
        InteractionError::UnknownUser => ControlErrorKind::UnknownUser,
        InteractionError::UnknownMessage => ControlErrorKind::UnknownMessage,
        InteractionError::NotAMember => ControlErrorKind::UnknownMember,
        _ => ControlErrorKind::Invalid,
    };
    ControlError::with_source(kind, "the interaction could not start", error)
}

/// A command call as JSON: `type` is `slash` (the default), `user` or `message`; options by
/// name, their JSON type deciding the value's (ids as strings).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandBody {
    user_id: String,
    channel_id: String,
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    target_id: Option<String>,
    #[serde(default)]
    subcommands: Vec<String>,
    #[serde(default)]
    options: BTreeMap<String, Value>,
    #[serde(default)]
    focused: Option<String>,
    #[serde(default)]
    locale: Option<Value>,
}

fn command_call(body: CommandBody) -> Result<CommandCall, ControlError> {
    let (user, channel) = (parse_id(&body.user_id)?, parse_id(&body.channel_id)?);
    let target = || -> Result<Id<GenericMarker>, ControlError> {
        body.target_id.as_deref().map(parse_id).transpose()?.ok_or_else(|| {
            ControlError::new(ControlErrorKind::Invalid, "target_id is required for this type")
        })
    };
    let mut call = match body.kind.as_deref() {
        None | Some("slash") => CommandCall::slash(user, channel, body.name.as_str()),
        Some("user") => CommandCall::user(user, channel, body.name.as_str(), target()?.cast()),
        Some("message") => {
            CommandCall::message(user, channel, body.name.as_str(), target()?.cast())
        }
        Some(other) => {
            return Err(ControlError::new(
                ControlErrorKind::Invalid,
                format!("unknown command type {other:?} (slash, user or message)"),
            ));
        }
    };
    for name in body.subcommands {
        call = call.subcommand(name);
    }
    for (name, value) in body.options {
        let value = match value {
            Value::String(text) => CommandOptionValue::from(text),
            Value::Bool(flag) => CommandOptionValue::from(flag),
            Value::Number(number) => match number.as_i64() {
                Some(integer) => CommandOptionValue::from(integer),
                None => CommandOptionValue::from(number.as_f64().unwrap_or_default()),
            },
            other => {
                return Err(ControlError::new(
                    ControlErrorKind::Invalid,
                    format!("option {name:?}: {other} is not a string, number or boolean"),
                ));
            }
        };
        call = call.option(name, value);
    }
    if let Some(focused) = body.focused {
        call = call.focus(focused);
    }
    if let Some(locale) = body.locale {
        call = call.locale(parse_value::<Locale>(locale)?);
    }
    Ok(call)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Component {
    user_id: String,
    channel_id: String,
    message_id: String,
    custom_id: String,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModalBody {
    values: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RestFault {
    count: u32,
    #[serde(default = "internal_error")]
    status: u16,
}

fn internal_error() -> u16 {
    500
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedLimit {
    method: String,
    route: String,
    #[serde(default = "one")]
    count: u32,
    retry_after_ms: u64,
}

fn one() -> u32 {
    1
}

#[cfg(test)]
mod tests {
    use super::{CommandBody, command_call};

    #[test]
    fn command_bodies_become_calls() {
        let body: CommandBody = serde_json::from_str(
            r#"{"user_id": "1", "channel_id": "2", "name": "roll", "subcommands": ["dice"],
                "options": {"sides": 20, "loud": true, "label": "d20", "weight": 1.5}}"#,
        )
        .unwrap();
        assert!(command_call(body).is_ok());
        let needs_target: CommandBody = serde_json::from_str(
            r#"{"user_id": "1", "channel_id": "2", "name": "inspect", "type": "user"}"#,
        )
        .unwrap();
        assert!(command_call(needs_target).unwrap_err().to_string().contains("target_id"));
        let bad: CommandBody = serde_json::from_str(
            r#"{"user_id": "1", "channel_id": "2", "name": "x", "options": {"o": [1]}}"#,
        )
        .unwrap();
        assert!(command_call(bad).is_err());
    }
}
