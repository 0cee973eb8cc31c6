//! The one port, plain or TLS: REST under `/api/v{9,10}`, the control API under
//! `/_emulator`, and the gateway as a websocket upgrade on any other path.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::shared::Shared;
use crate::tls::TlsIdentity;

/// The body of every response.
pub(crate) type Body = Full<Bytes>;

/// Accepts connections until `shutdown` turns true, with a TLS handshake first when the
/// configuration has a [`TlsIdentity`].
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let tls = shared.config.tls.as_ref().map(TlsIdentity::acceptor);
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
        let shutdown = shutdown.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => serve_connection(stream, false, shared, shutdown).await,
                Some(tls) => {
                    if let Some(stream) = tls.accept(stream).await {
                        let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
                        serve_connection(stream, h2, shared, shutdown).await;
                    }
                }
            }
        });
    }
}

/// Serves one connection, plain or TLS: HTTP/2 only when ALPN chose it (`h2`), as Discord's
/// servers do; otherwise HTTP/1.1 (with upgrades, for the gateway) or HTTP/2, whichever the
/// client's first bytes speak.
async fn serve_connection<S>(
    stream: S,
    h2: bool,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |request| route(shared.clone(), request));
    let io = TokioIo::new(stream);
    let result = if h2 {
        let builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
        tokio::select! {
            result = builder.serve_connection(io, service) => result.map_err(Into::into),
            _ = shutdown.changed() => Ok(()),
        }
    } else {
        let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
        tokio::select! {
            result = builder.serve_connection_with_upgrades(io, service) => result,
            _ = shutdown.changed() => Ok(()),
        }
    };
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}

async fn route(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    if request.version() == http::Version::HTTP_2 {
        shared.counters.http2_requests.fetch_add(1, Ordering::Relaxed);
    }
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
