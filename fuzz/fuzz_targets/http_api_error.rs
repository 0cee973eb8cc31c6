//! Discord's JSON error bodies: any body is an `ApiError` or `None`, and its message renders.
#![no_main]

use accord_http::ApiError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(error) = ApiError::from_slice(data) {
        let text = error.to_string();
        assert!(text.starts_with("error "), "{text}");
    }
});
