//! zstd-stream transport compression: a sequence of websocket messages on one connection,
//! inflated as the shard does. Hostile streams are errors, never panics or unbounded memory.
#![no_main]

use accord_fuzz::frames;
use accord_gateway::Compression;
use accord_gateway::fuzz::Decompressor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut decompressor = Decompressor::new(Compression::ZstdStream);
    let mut out = Vec::new();
    for frame in frames(data) {
        if decompressor.decompress(frame, &mut out).is_err() {
            // The shard reconnects with a fresh context after an error.
            return;
        }
    }
});
