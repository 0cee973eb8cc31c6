//! Examples of gateway payloads, parsed with the same entry points the gateway uses.

use accord_model::gateway::event::VoiceServerUpdate;
use accord_model::gateway::{GatewayBot, GatewayCommand, GatewayEvent, GatewayInfo};

use crate::Entry;

/// A payload the gateway sends: parsed with `GatewayEvent::from_json`, written back with
/// `to_json`, and compared.
fn received(json: &str) -> Result<(), String> {
    let event = GatewayEvent::from_json(json).map_err(|e| format!("does not parse: {e}"))?;
    let original: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let written: serde_json::Value =
        serde_json::from_str(&event.to_json()).map_err(|e| e.to_string())?;
    crate::compare::same(&original, &written, "$")?;
    let again = GatewayEvent::from_json(&event.to_json()).map_err(|e| e.to_string())?;
    if again == event { Ok(()) } else { Err("a second round trip changed the event".into()) }
}

/// A payload a client sends: parsed with `GatewayCommand::from_json` and compared likewise.
fn sent(json: &str) -> Result<(), String> {
    let command = GatewayCommand::from_json(json).map_err(|e| format!("does not parse: {e}"))?;
    let original: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let written: serde_json::Value =
        serde_json::from_str(&command.to_json()).map_err(|e| e.to_string())?;
    crate::compare::same(&original, &written, "$")?;
    let again = GatewayCommand::from_json(&command.to_json()).map_err(|e| e.to_string())?;
    if again == command { Ok(()) } else { Err("a second round trip changed the command".into()) }
}

pub(crate) const ENTRIES: &[Entry] = crate::examples![
    "events_gateway-events__hello-example-hello.json" => @received,
    "events_gateway__hello-event-example-hello-event.json" => @received,
    "events_gateway-events__reconnect-example-gateway-reconnect.json" => @received,
    "events_gateway-events__invalid-session-example-gateway-invalid-session.json" => @received,
    "events_gateway__heartbeat-interval-example-heartbeat-ack.json" => @received,
    "events_gateway-events__payload-structure-example-gateway-event-payload.json" => @received,
    "events_gateway__gateway-events-example-gateway-event.json" => @received,
    "events_gateway-events__heartbeat-example-heartbeat.json" => @sent,
    "events_gateway__identifying-example-identify-payload.json" => @sent,
    "events_gateway-events__resume-example-resume.json" => @sent,
    "events_gateway__preparing-to-resume-example-gateway-resume-event.json" => @sent,
    "events_gateway-events__request-guild-members-example-request-guild-members.json" => @sent,
    "events_gateway-events__update-presence-example-gateway-presence-update.json" => @sent,
    "events_gateway-events__update-voice-state-example-gateway-voice-state-update.json" => @sent,
    "topics_voice-connections__retrieving-voice-server-information-gateway-voice-state-update-example.json" => @sent,
    "events_gateway-events__request-soundboard-sounds-example-request-soundboard-sounds.json" => @sent,
    "events_gateway-events__request-channel-info-example-request-channel-info.json" => @sent,
    "events_gateway-events__voice-server-update-example-voice-server-update-payload.json" => VoiceServerUpdate,
    "topics_voice-connections__retrieving-voice-server-information-example-voice-server-update-payload.json" => @received,
    "events_gateway__get-gateway-example-response.json" => GatewayInfo,
    "events_gateway__get-gateway-bot-example-response.json" => GatewayBot,
];
