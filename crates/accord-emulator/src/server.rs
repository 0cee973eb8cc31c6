//! The one port: REST under `/api/v{9,10}`, the control API under `/_emulator`, and the
//! gateway as a websocket upgrade on any other path.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::shared::Shared;

/// The body of every response.
pub(crate) type Body = Full<Bytes>;

/// Accepts connections until `shutdown` turns true.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    continue;
                }
            },
            _ = shutdown.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| route(shared.clone(), request));
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
            tokio::select! {
                result = connection => {
                    if let Err(error) = result {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                }
                _ = shutdown.changed() => {}
            }
        });
    }
}

async fn route(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let path = request.uri().path();
    let response = if is_websocket_upgrade(&request) {
        crate::gateway::upgrade(shared, request)
    } else if path.starts_with("/api/v10/") || path.starts_with("/api/v9/") {
        crate::rest::handle(shared, request).await
    } else if path.starts_with("/_emulator/") {
        crate::control::handle(shared, request).await
    } else {
        json(StatusCode::NOT_FOUND, &serde_json::json!({ "message": "404: Not Found", "code": 0 }))
    };
    Ok(response)
}

fn is_websocket_upgrade<B>(request: &Request<B>) -> bool {
    request
        .headers()
        .get(header::UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: &impl serde::Serialize) -> Response<Body> {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::from(bytes)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}
