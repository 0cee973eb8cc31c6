//! How HTTPS connections are made: the rustls client configuration (the default one, extra
//! roots, or the caller's own) and the protocols offered by ALPN.

#[cfg(feature = "rustls")]
use std::sync::Arc;

#[cfg(feature = "rustls")]
use rustls::{ClientConfig, RootCertStore};

/// What the builder's TLS options set.
#[derive(Clone, Debug, Default)]
pub(crate) struct Https {
    #[cfg(feature = "rustls")]
    pub(crate) tls: Tls,
    /// Offer only HTTP/1.1 by ALPN, even with the `http2` feature.
    pub(crate) http1_only: bool,
}

/// What [`ClientBuilder::tls_config`](crate::ClientBuilder::tls_config) and
/// [`ClientBuilder::root_certificates`](crate::ClientBuilder::root_certificates) set.
#[cfg(feature = "rustls")]
#[derive(Clone, Default)]
pub(crate) enum Tls {
    /// The ring provider, rustls' safe default protocol versions, the webpki roots (with the
    /// `rustls-webpki-roots` feature).
    #[default]
    Default,
    /// The default configuration trusting these roots as well.
    ExtraRoots(RootCertStore),
    /// The caller's configuration.
    Custom(Arc<ClientConfig>),
}

#[cfg(feature = "rustls")]
impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Default => "Default",
            Self::ExtraRoots(_) => "ExtraRoots",
            Self::Custom(_) => "Custom",
        })
    }
}

#[cfg(feature = "rustls")]
impl Tls {
    /// The configuration to connect with, ALPN left empty for the connector to fill in with
    /// the protocols the client speaks.
    pub(crate) fn client_config(&self) -> ClientConfig {
        let mut config = match self {
            Self::Default => with_roots(RootCertStore::empty()),
            Self::ExtraRoots(extra) => with_roots(extra.clone()),
            Self::Custom(config) => ClientConfig::clone(config),
        };
        config.alpn_protocols.clear();
        config
    }
}

#[cfg(feature = "rustls")]
fn with_roots(extra: RootCertStore) -> ClientConfig {
    #[cfg(feature = "rustls-webpki-roots")]
    let mut roots: RootCertStore = webpki_roots::TLS_SERVER_ROOTS.iter().cloned().collect();
    #[cfg(not(feature = "rustls-webpki-roots"))]
    let mut roots = RootCertStore::empty();
    roots.extend(extra.roots);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    #[allow(clippy::expect_used, reason = "ring has cipher suites for both TLS 1.2 and 1.3")]
    ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports rustls' default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// Whether a transport error is rustls refusing the handshake (and not, say, the connection
/// lost during it): rustls' error, as the connector reports it, inside `io::Error`s.
#[cfg(feature = "rustls")]
pub(crate) fn is_rustls_error(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error.is::<rustls::Error>() {
            return true;
        }
        // `io::Error::source` skips the error it wraps: descend into that one instead.
        next = match error.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        };
    }
    false
}

#[cfg(all(test, feature = "rustls"))]
mod tests {
    use std::sync::Arc;

    use rustls::RootCertStore;

    use super::{Tls, is_rustls_error};

    #[test]
    fn alpn_is_left_to_the_connector() {
        // hyper-rustls panics on a configuration that already names ALPN protocols.
        let mut custom = Tls::Default.client_config();
        custom.alpn_protocols = vec![b"h2".to_vec(), b"fancy".to_vec()];
        let config = Tls::Custom(Arc::new(custom)).client_config();
        assert!(config.alpn_protocols.is_empty());
        assert!(Tls::ExtraRoots(RootCertStore::empty()).client_config().alpn_protocols.is_empty());
    }

    #[test]
    fn rustls_errors_are_found_inside_io_errors_only() {
        let refused = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let wrapped = std::io::Error::new(std::io::ErrorKind::InvalidData, refused.clone());
        assert!(is_rustls_error(&wrapped));
        // As hyper-rustls reports it: wrapped twice.
        assert!(is_rustls_error(&std::io::Error::other(wrapped)));
        assert!(is_rustls_error(&refused));
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(!is_rustls_error(&reset));
    }
}
