#![doc = include_str!("../README.md")]

mod api_error;
mod client;
mod error;
pub mod ratelimit;
pub mod request;
mod response;
pub mod routing;
pub mod validate;

pub use api_error::{ApiError, FieldError};
pub use client::{Client, ClientBuilder, DISCORD_API_BASE};
pub use error::{BoxError, Error, ErrorKind};
pub use http::{HeaderMap, StatusCode};
pub use response::{BinaryBody, EmptyBody, Response, ResponseFuture};
/// The rustls version [`ClientBuilder::tls_config`] and [`ClientBuilder::root_certificates`]
/// take.
#[cfg(feature = "rustls")]
pub use rustls;

/// Entry points for the fuzz targets in the repository's `fuzz/` directory; not part of the API.
#[doc(hidden)]
pub mod fuzz {
    /// Parses a response body into `U` as [`Response::json`](crate::Response::json) does.
    pub fn parse_body<U: serde::de::DeserializeOwned>(body: &[u8]) -> Result<U, crate::Error> {
        crate::response::parse(body)
    }
}
