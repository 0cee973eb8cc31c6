//! TLS for `wss://`: the rustls client configuration of a shard, made once, and the
//! handshake.

use std::fmt;
use std::io;
use std::sync::{Arc, OnceLock};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, RootCertStore};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::error::{ReceiveError, ReceiveErrorKind};

/// The websocket upgrade is an HTTP/1.1 request: a server that picked `h2` could not answer
/// it, so this is the only protocol offered.
const ALPN: &[u8] = b"http/1.1";

/// The client configuration for `wss://` connections, or why none could be made. Cheap to
/// clone: every shard of a group shares one.
#[derive(Clone)]
pub(crate) struct Tls {
    config: Result<Arc<ClientConfig>, rustls::Error>,
    custom: bool,
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let roots = match (&self.config, self.custom) {
            (Err(_), _) => "unusable",
            (Ok(_), false) => "default",
            (Ok(_), true) => "custom",
        };
        f.debug_tuple("Tls").field(&roots).finish()
    }
}

impl Default for Tls {
    /// The webpki roots (with the `rustls-webpki-roots` feature), made once per process.
    fn default() -> Self {
        static DEFAULT: OnceLock<Result<Arc<ClientConfig>, rustls::Error>> = OnceLock::new();
        let config = DEFAULT.get_or_init(|| with_roots(RootCertStore::empty()).map(Arc::new));
        Self { config: config.clone(), custom: false }
    }
}

impl Tls {
    /// The default roots and `extra` ones.
    pub(crate) fn with_extra_roots(extra: RootCertStore) -> Self {
        Self { config: with_roots(extra).map(Arc::new), custom: true }
    }

    /// The caller's configuration, offering HTTP/1.1 by ALPN whatever it offered.
    pub(crate) fn custom(config: Arc<ClientConfig>) -> Self {
        let config = if config.alpn_protocols == [ALPN] {
            config
        } else {
            let mut config = Arc::unwrap_or_clone(config);
            config.alpn_protocols = vec![ALPN.to_vec()];
            Arc::new(config)
        };
        Self { config: Ok(config), custom: true }
    }

    /// The TLS handshake with `host` over `tcp`.
    pub(crate) async fn connect(
        &self,
        tcp: TcpStream,
        host: String,
    ) -> Result<TlsStream<TcpStream>, ReceiveError> {
        let config = self
            .config
            .clone()
            .map_err(|e| ReceiveError::with_source(ReceiveErrorKind::Config, e))?;
        let name = ServerName::try_from(host)
            .map_err(|e| ReceiveError::with_source(ReceiveErrorKind::Config, e))?;
        tokio_rustls::TlsConnector::from(config).connect(name, tcp).await.map_err(|error| {
            // rustls' own errors (a refused certificate, no common protocol) come wrapped in
            // an `io::Error`; anything else is the connection failing during the handshake.
            let kind =
                if is_rustls(&error) { ReceiveErrorKind::Tls } else { ReceiveErrorKind::Connect };
            ReceiveError::with_source(kind, error)
        })
    }
}

fn is_rustls(error: &io::Error) -> bool {
    matches!(error.get_ref(), Some(inner) if inner.is::<rustls::Error>())
}

/// A configuration trusting the default roots and `roots`, offering HTTP/1.1 by ALPN.
fn with_roots(extra: RootCertStore) -> Result<ClientConfig, rustls::Error> {
    #[cfg(feature = "rustls-webpki-roots")]
    let mut roots: RootCertStore = webpki_roots::TLS_SERVER_ROOTS.iter().cloned().collect();
    #[cfg(not(feature = "rustls-webpki-roots"))]
    let mut roots = RootCertStore::empty();
    roots.extend(extra.roots);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![ALPN.to_vec()];
    Ok(config)
}
