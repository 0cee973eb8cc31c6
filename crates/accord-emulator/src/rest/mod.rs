//! The REST API under `/api/v10`.

use std::sync::Arc;

use http::{Request, Response, StatusCode};
use hyper::body::Incoming;

use crate::server::{Body, json};
use crate::shared::Shared;

/// Answers a REST request.
pub(crate) async fn handle(_shared: Arc<Shared>, _request: Request<Incoming>) -> Response<Body> {
    json(StatusCode::NOT_FOUND, &serde_json::json!({ "message": "404: Not Found", "code": 0 }))
}
