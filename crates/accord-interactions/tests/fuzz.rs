//! Fuzz-style properties: nothing a request carries makes the service panic, and nothing
//! unsigned reaches the handler.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use accord_interactions::model::interaction::{Interaction, InteractionResponse};
use accord_interactions::{InteractionService, Responder};
use bytes::Bytes;
use http::StatusCode;
use http_body_util::Full;
use proptest::prelude::*;
use support::{Discord, command, component, now, ping};

fn service(discord: &Discord, calls: &Arc<AtomicUsize>) -> InteractionService {
    let calls = Arc::clone(calls);
    InteractionService::builder(discord.verifier(), move |_: Interaction, responder: Responder| {
        calls.fetch_add(1, Ordering::SeqCst);
        async move {
            let _ = responder.respond(InteractionResponse::deferred()).await;
        }
    })
    .replay_memory(0)
    .max_body(16 * 1024)
    .build()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Header values: valid-looking ones, hex of the wrong length, and raw bytes.
fn header_value() -> impl Strategy<Value = Option<Vec<u8>>> {
    prop_oneof![
        Just(None),
        "[0-9a-fA-F]{0,140}".prop_map(|text| Some(text.into_bytes())),
        "[0-9]{0,25}".prop_map(|text| Some(text.into_bytes())),
        proptest::collection::vec(any::<u8>(), 0..160).prop_map(Some),
    ]
}

fn methods() -> impl Strategy<Value = http::Method> {
    prop_oneof![
        Just(http::Method::POST),
        Just(http::Method::GET),
        Just(http::Method::PUT),
        Just(http::Method::DELETE)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_requests_are_refused_without_panicking(
        method in methods(),
        signature in header_value(),
        timestamp in header_value(),
        body in proptest::collection::vec(any::<u8>(), 0..2048),
        content_length in proptest::option::of(any::<u64>()),
    ) {
        let discord = Discord::new(1);
        let calls = Arc::new(AtomicUsize::new(0));
        let service = service(&discord, &calls);
        let mut request = http::Request::new(Full::new(Bytes::from(body)));
        *request.method_mut() = method.clone();
        for (name, value) in [("x-signature-ed25519", signature), ("x-signature-timestamp", timestamp)] {
            if let Some(value) = value.and_then(|value| http::HeaderValue::from_bytes(&value).ok()) {
                request.headers_mut().insert(name, value);
            }
        }
        if let Some(length) = content_length {
            request.headers_mut().insert("content-length", length.into());
        }
        let status = runtime().block_on(service.handle(request)).status();
        let expected: &[StatusCode] = if method == http::Method::POST {
            &[StatusCode::UNAUTHORIZED, StatusCode::PAYLOAD_TOO_LARGE]
        } else {
            &[StatusCode::METHOD_NOT_ALLOWED]
        };
        prop_assert!(expected.contains(&status), "{status}");
        prop_assert_eq!(calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn signed_garbage_is_a_400_not_a_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let discord = Discord::new(1);
        let calls = Arc::new(AtomicUsize::new(0));
        let status = runtime().block_on(service(&discord, &calls).handle(discord.request(&body))).status();
        prop_assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    /// Valid interactions with bytes replaced: signed, so only the parser decides.
    #[test]
    fn signed_mutations_of_real_interactions_never_panic(
        which in 0_usize..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let discord = Discord::new(1);
        let calls = Arc::new(AtomicUsize::new(0));
        let mut body = vec![ping(1), command(2, "hello"), component(3, "vote:yes")].swap_remove(which);
        for (index, byte) in edits {
            let at = index.index(body.len());
            body[at] = byte;
        }
        let status = runtime().block_on(service(&discord, &calls).handle(discord.request(&body))).status();
        prop_assert!([StatusCode::OK, StatusCode::BAD_REQUEST].contains(&status), "{status}");
        prop_assert!(status == StatusCode::OK || calls.load(Ordering::SeqCst) == 0, "a refused body reached the handler");
    }

    /// A signature over one timestamp never covers another.
    #[test]
    fn a_signature_is_bound_to_its_timestamp(delta in 1_u64..1_000_000) {
        let discord = Discord::new(1);
        let calls = Arc::new(AtomicUsize::new(0));
        let body = command(4, "hello");
        let timestamp = now();
        let signature = discord.sign(&timestamp.to_string(), &body);
        let other = (timestamp + delta).to_string();
        let request = support::signed(&body, &signature, &other);
        let status = runtime().block_on(service(&discord, &calls).handle(request)).status();
        prop_assert_eq!(status, StatusCode::UNAUTHORIZED);
        prop_assert_eq!(calls.load(Ordering::SeqCst), 0);
    }
}
