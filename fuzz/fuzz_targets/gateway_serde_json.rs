//! Gateway payloads through the serde_json parser: any text parses or is an error, and what
//! parses survives a round trip through `to_json`.
#![no_main]

use accord_model::gateway::{EventTypeSet, GatewayEvent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else { return };
    let Ok(event) = GatewayEvent::from_serde_json(json, EventTypeSet::all()) else {
        return;
    };
    let text = event.to_json();
    let again = GatewayEvent::from_serde_json(&text, EventTypeSet::all())
        .unwrap_or_else(|error| panic!("`{text}` does not parse back: {error}"));
    assert_eq!(event, again, "the round trip through `{text}` changed the payload");
    // A dispatch left unparsed keeps its sequence number.
    let skipped = GatewayEvent::from_serde_json(json, EventTypeSet::empty())
        .unwrap_or_else(|error| panic!("parses with every event but not with none: {error}"));
    assert_eq!(skipped.seq(), event.seq());
});
