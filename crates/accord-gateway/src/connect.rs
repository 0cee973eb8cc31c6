//! Opening a websocket to the gateway: the URL's query, TCP, TLS when the URL asks for it,
//! and the handshake.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use crate::compression::Compression;
use crate::config::Config;
use crate::error::{ReceiveError, ReceiveErrorKind};

/// The gateway version this crate speaks.
pub(crate) const API_VERSION: u8 = 10;

/// How long connecting and the handshake may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The websocket of a connection.
pub(crate) type Socket = WebSocketStream<Stream>;

/// A TCP stream, with TLS when the URL is `wss://`.
#[derive(Debug)]
pub(crate) enum Stream {
    Plain(TcpStream),
    #[cfg(feature = "rustls")]
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            #[cfg(feature = "rustls")]
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            #[cfg(feature = "rustls")]
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            #[cfg(feature = "rustls")]
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            #[cfg(feature = "rustls")]
            Self::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

/// `base` with the query the gateway wants: `/?v=10&encoding=json[&compress=…]`.
pub(crate) fn url(base: &str, compression: Compression) -> String {
    let base = base.split(['?', '#']).next().unwrap_or(base).trim_end_matches('/');
    let mut url = format!("{base}/?v={API_VERSION}&encoding=json");
    if let Some(compress) = compression.query_value() {
        url.push_str("&compress=");
        url.push_str(compress);
    }
    url
}

/// Whether `url` is a websocket URL this build can connect to: `Ok(true)` for `wss://`,
/// `Ok(false)` for `ws://`.
pub(crate) fn is_secure(url: &str) -> Result<bool, ()> {
    let lower = url.get(..6).map(str::to_ascii_lowercase).unwrap_or_default();
    if lower.starts_with("wss://") {
        Ok(true)
    } else if lower.starts_with("ws://") {
        Ok(false)
    } else {
        Err(())
    }
}

/// The websocket settings of every connection. The read buffer is kept small: an idle shard
/// should cost little, and large messages simply take more reads.
fn websocket_config() -> WebSocketConfig {
    WebSocketConfig::default().read_buffer_size(16 * 1024).write_buffer_size(0)
}

/// Connects to `url` and completes the websocket handshake, with TLS as `config` says for
/// `wss://`.
pub(crate) async fn connect(url: String, config: Config) -> Result<Socket, ReceiveError> {
    match tokio::time::timeout(CONNECT_TIMEOUT, connect_inner(url, config)).await {
        Ok(result) => result,
        Err(elapsed) => Err(ReceiveError::with_source(ReceiveErrorKind::Connect, elapsed)),
    }
}

async fn connect_inner(url: String, config: Config) -> Result<Socket, ReceiveError> {
    let connect_error = |error| ReceiveError::with_source(ReceiveErrorKind::Connect, error);
    let request = url.as_str().into_client_request().map_err(connect_error)?;
    let uri = request.uri();
    let secure = is_secure(&url).map_err(|()| {
        ReceiveError::with_source(
            ReceiveErrorKind::Config,
            format!("`{url}` is not a websocket URL"),
        )
    })?;
    let host = uri.host().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    let tcp = TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| ReceiveError::with_source(ReceiveErrorKind::Connect, e))?;
    // Heartbeats and commands are small and latency matters more than packet count.
    let _ = tcp.set_nodelay(true);
    let stream = if secure { tls(tcp, host, &config).await? } else { Stream::Plain(tcp) };
    let (socket, _response) =
        tokio_tungstenite::client_async_with_config(request, stream, Some(websocket_config()))
            .await
            .map_err(connect_error)?;
    Ok(socket)
}

#[cfg(feature = "rustls")]
async fn tls(tcp: TcpStream, host: String, config: &Config) -> Result<Stream, ReceiveError> {
    let tls = config.tls().connect(tcp, host).await?;
    Ok(Stream::Tls(Box::new(tls)))
}

#[cfg(not(feature = "rustls"))]
#[allow(clippy::unused_async, reason = "the same signature as with TLS")]
async fn tls(_tcp: TcpStream, _host: String, _config: &Config) -> Result<Stream, ReceiveError> {
    Err(ReceiveError::with_source(
        ReceiveErrorKind::Config,
        "wss:// needs TLS; enable the `rustls-webpki-roots` feature",
    ))
}

#[cfg(test)]
mod tests {
    use super::{is_secure, url};
    use crate::compression::Compression;

    #[test]
    fn urls_carry_version_encoding_and_compression() {
        assert_eq!(
            url("wss://gateway.discord.gg", Compression::ZstdStream),
            "wss://gateway.discord.gg/?v=10&encoding=json&compress=zstd-stream"
        );
        assert_eq!(
            url("ws://127.0.0.1:9/?v=9&encoding=etf", Compression::None),
            "ws://127.0.0.1:9/?v=10&encoding=json"
        );
        assert_eq!(
            url("wss://gateway-us-east1-b.discord.gg/", Compression::ZlibStream),
            "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json&compress=zlib-stream"
        );
    }

    #[test]
    fn schemes() {
        assert_eq!(is_secure("wss://gateway.discord.gg"), Ok(true));
        assert_eq!(is_secure("WS://127.0.0.1:1"), Ok(false));
        assert_eq!(is_secure("https://discord.com"), Err(()));
        assert_eq!(is_secure("ws:"), Err(()));
    }
}
