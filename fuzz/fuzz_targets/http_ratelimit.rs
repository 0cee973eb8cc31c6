//! Rate limit headers and 429 bodies, read and handed to the in-memory limiter as the client
//! does. The input is text: a status line, `name: value` header lines, a blank line, the body.
#![no_main]

use std::time::Duration;

use accord_http::ratelimit::{
    InMemoryRatelimiter, Outcome, RatelimitHeaders, RatelimitRequest, Ratelimiter,
};
use accord_http::routing::{Major, Method};
use futures_util::FutureExt;
use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use tokio::runtime::Runtime;

/// The longest wait the client accepts from a response: a day.
const LONGEST_WAIT: Duration = Duration::from_hours(24);

/// A runtime per input: the timers a limiter leaves behind end with it, instead of piling up
/// and slowing every later input down.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a runtime")
}

fn split(data: &[u8]) -> (u16, HeaderMap, &[u8]) {
    let (head, body) = data
        .windows(2)
        .position(|window| window == b"\n\n")
        .map_or((data, &[][..]), |end| (&data[..end], &data[end + 2..]));
    let mut lines = head.split(|&byte| byte == b'\n');
    let status = lines
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or(200);
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|&byte| byte == b':') else { continue };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name.trim_ascii()), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    (status, headers, body)
}

fuzz_target!(|data: &[u8]| {
    let (status, headers, body) = split(data);
    let mut parsed = RatelimitHeaders::from_headers(&headers);
    if status == 429 {
        parsed.apply_body(body);
    }
    assert!(parsed.wait() <= LONGEST_WAIT, "waits {:?}", parsed.wait());
    if let Some(reset_after) = parsed.reset_after {
        assert!(reset_after <= LONGEST_WAIT, "resets after {reset_after:?}");
    }

    let limiter = InMemoryRatelimiter::new();
    let request = RatelimitRequest::new(
        Method::Post,
        "/channels/{channel_id}/messages",
        Some(Major::Channel(1)),
        false,
    );
    runtime().block_on(async {
        let permit = limiter.acquire(&request).await.expect("the first request goes at once");
        permit.complete(Outcome::Response { status, headers: &parsed });
        // The next request either goes at once or waits; asking must not panic.
        if let Some(Ok(permit)) = limiter.acquire(&request).now_or_never() {
            permit.complete(Outcome::NotSent);
        }
    });
});
