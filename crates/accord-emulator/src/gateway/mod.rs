//! The gateway: websocket connections, sessions, and event delivery.

mod commands;
pub(crate) mod compress;
mod connection;
mod delivery;
pub(crate) mod fault;
pub(crate) mod firehose;
mod identify;
pub(crate) mod limits;
pub(crate) mod registry;
mod writer;

use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio::sync::watch;
use tokio::time::{Duration, Instant};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

use self::compress::Compression;
use crate::server::{Body, json};
use crate::shared::Shared;

/// The websocket of one gateway connection.
type Socket = WebSocketStream<TokioIo<Upgraded>>;

/// The largest websocket message the emulator reads at all; anything past the gateway's own
/// 4096-byte rule but below this is read and answered with close code 4002.
const MAX_MESSAGE: usize = 1 << 20;

/// What a client asked for in the gateway URL's query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConnectParams {
    /// The `v` parameter; Discord closes with 4012 for versions it does not serve.
    pub(crate) version: Option<u8>,
    /// Whether `encoding` is `json` (or absent); ETF is not emulated.
    pub(crate) json: bool,
    pub(crate) compression: Compression,
}

impl ConnectParams {
    fn from_query(query: Option<&str>) -> Result<Self, String> {
        let mut params = Self { version: None, json: true, compression: Compression::None };
        let mut compress = None;
        for pair in query.unwrap_or_default().split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "v" => params.version = value.parse().ok(),
                "encoding" => params.json = value == "json",
                "compress" => compress = Some(value),
                _ => {}
            }
        }
        params.compression = Compression::from_query(compress)
            .ok_or_else(|| format!("unsupported compress value {compress:?}"))?;
        Ok(params)
    }
}

/// Answers a websocket upgrade and runs the connection in a task of its own.
pub(crate) fn upgrade(shared: Arc<Shared>, mut request: Request<Incoming>) -> Response<Body> {
    let key = request
        .headers()
        .get(header::SEC_WEBSOCKET_KEY)
        .map(|key| derive_accept_key(key.as_bytes()));
    let version_ok =
        request.headers().get(header::SEC_WEBSOCKET_VERSION).is_some_and(|v| v == "13");
    let (Some(accept), true) = (key, version_ok) else {
        return json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({ "message": "not a websocket handshake" }),
        );
    };
    let params = match ConnectParams::from_query(request.uri().query()) {
        Ok(params) => params,
        Err(message) => {
            return json(StatusCode::BAD_REQUEST, &serde_json::json!({ "message": message }));
        }
    };
    let upgrade = hyper::upgrade::on(&mut request);
    tokio::spawn(async move {
        match upgrade.await {
            Ok(upgraded) => {
                let config = WebSocketConfig::default()
                    .max_message_size(Some(MAX_MESSAGE))
                    .max_frame_size(Some(MAX_MESSAGE));
                let socket = WebSocketStream::from_raw_socket(
                    TokioIo::new(upgraded),
                    Role::Server,
                    Some(config),
                )
                .await;
                connection::run(shared, socket, params).await;
            }
            Err(error) => tracing::debug!(%error, "websocket upgrade failed"),
        }
    });
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert(header::CONNECTION, header::HeaderValue::from_static("upgrade"));
    headers.insert(header::UPGRADE, header::HeaderValue::from_static("websocket"));
    if let Ok(accept) = header::HeaderValue::from_str(&accept) {
        headers.insert(header::SEC_WEBSOCKET_ACCEPT, accept);
    }
    response
}

/// Expires sessions nobody resumed in time, and closes every connection when the emulator
/// stops.
pub(crate) async fn supervise(shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    let expiry = shared.config.timings.session_expiry;
    let tick = (expiry / 4).clamp(Duration::from_millis(1), Duration::from_secs(1));
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {
                shared.sessions.expire(Instant::now(), expiry);
            }
            _ = shutdown.changed() => break,
        }
    }
    shared.stop();
}

#[cfg(test)]
mod tests {
    use super::{Compression, ConnectParams};

    #[test]
    fn query_parameters() {
        let params =
            ConnectParams::from_query(Some("v=10&encoding=json&compress=zstd-stream")).unwrap();
        assert_eq!(
            (params.version, params.json, params.compression),
            (Some(10), true, Compression::Zstd)
        );
        assert!(!ConnectParams::from_query(Some("v=10&encoding=etf")).unwrap().json);
        assert!(ConnectParams::from_query(Some("compress=brotli")).is_err());
        assert_eq!(ConnectParams::from_query(None).unwrap().version, None);
    }
}
