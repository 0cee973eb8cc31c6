//! The control API over HTTP, under `/_emulator`, for people and for tests of the binary.

use std::sync::Arc;

use http::{Request, Response, StatusCode};
use hyper::body::Incoming;

use crate::server::{Body, json};
use crate::shared::Shared;

/// Answers a control request.
pub(crate) async fn handle(_shared: Arc<Shared>, _request: Request<Incoming>) -> Response<Body> {
    json(StatusCode::NOT_FOUND, &serde_json::json!({ "message": "unknown control route" }))
}
