#![doc = include_str!("../README.md")]

#[cfg(feature = "client")]
mod client;
mod error;
mod responder;
mod server;
mod service;
mod verify;

pub use accord_model as model;

#[cfg(feature = "client")]
pub use client::{DISCORD_API, HyperRestResponder};
pub use error::{BoxError, Error, ErrorKind};
pub use responder::{BoxFuture, Delivery, Responder, RestResponder, deferral_for};
pub use server::Server;
pub use service::{
    DEFAULT_DEADLINE, DEFAULT_MAX_BODY, DEFAULT_READ_TIMEOUT, DEFAULT_REPLAY_MEMORY, Handler,
    HttpResponse, InteractionService, ServiceBuilder,
};
pub use verify::{Rejection, SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier};

#[cfg(test)]
mod assertions {
    use static_assertions::assert_impl_all;

    use super::{Error, InteractionService, Responder, Server, Verifier};

    assert_impl_all!(Verifier: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(InteractionService: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Responder: Send, Sync, std::fmt::Debug);
    assert_impl_all!(Server: Send, Sync);
    assert_impl_all!(Error: Send, Sync, std::error::Error);
}
