//! Gateway payloads through the simd-json parser (in place): any bytes parse or are an error,
//! and where both parsers accept a payload they read the same thing.
#![no_main]

use accord_model::gateway::{EventTypeSet, GatewayEvent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut buffer = data.to_vec();
    let simd = GatewayEvent::from_slice(&mut buffer);
    let Ok(json) = std::str::from_utf8(data) else { return };
    let serde = GatewayEvent::from_serde_json(json, EventTypeSet::all());
    if let (Ok(simd), Ok(serde)) = (simd, serde) {
        assert_eq!(simd, serde, "simd-json and serde_json disagree on {json}");
    }
});
