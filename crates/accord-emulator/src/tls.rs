//! Serving `https://` and `wss://`: the certificate and key, and the TLS handshake of each
//! connection.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::StartError;

/// How long a client may take to complete the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The protocols offered by ALPN, in the emulator's order of preference: HTTP/2 for REST,
/// HTTP/1.1 for REST and the gateway's websocket upgrade.
const ALPN: [&[u8]; 2] = [b"h2", b"http/1.1"];

/// A certificate chain and its private key: with one, the emulator serves TLS on its port
/// (`https://` REST and control API, `wss://` gateway) and offers HTTP/2 and HTTP/1.1 by ALPN.
///
/// ```no_run
/// use accord_emulator::{Emulator, TlsIdentity};
///
/// # async fn run() -> Result<(), accord_emulator::StartError> {
/// let identity = TlsIdentity::from_pem_files("localhost.pem", "localhost-key.pem")?;
/// let emulator = Emulator::builder().tls(identity).start().await?;
/// assert!(emulator.http_url().starts_with("https://"));
/// assert!(emulator.gateway_url().starts_with("wss://"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TlsIdentity {
    config: Arc<ServerConfig>,
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The private key stays out of logs.
        f.debug_struct("TlsIdentity").finish_non_exhaustive()
    }
}

impl TlsIdentity {
    /// A certificate chain (the server's certificate first) and its private key (PKCS #8,
    /// PKCS #1 or SEC1), both PEM.
    pub fn from_pem(cert_chain: &[u8], private_key: &[u8]) -> Result<Self, StartError> {
        let chain =
            CertificateDer::pem_slice_iter(cert_chain).collect::<Result<Vec<_>, _>>().map_err(
                |error| StartError::Tls(format!("the certificate chain is not PEM: {error}")),
            )?;
        if chain.is_empty() {
            return Err(StartError::Tls("the certificate file holds no certificate".to_owned()));
        }
        let key = PrivateKeyDer::from_pem_slice(private_key)
            .map_err(|error| StartError::Tls(format!("the private key is not PEM: {error}")))?;
        Self::from_der(chain, key)
    }

    /// [`TlsIdentity::from_pem`] with the contents of two files.
    pub fn from_pem_files(
        cert_chain: impl AsRef<Path>,
        private_key: impl AsRef<Path>,
    ) -> Result<Self, StartError> {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|error| {
                StartError::Tls(format!("cannot read {}: {error}", path.display()))
            })
        };
        Self::from_pem(&read(cert_chain.as_ref())?, &read(private_key.as_ref())?)
    }

    /// A certificate chain and its private key, DER.
    pub fn from_der(
        cert_chain: Vec<CertificateDer<'static>>,
        private_key: PrivateKeyDer<'static>,
    ) -> Result<Self, StartError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| {
                builder.with_no_client_auth().with_single_cert(cert_chain, private_key)
            })
            .map_err(|error| {
                StartError::Tls(format!("the certificate or key cannot be used: {error}"))
            })?;
        config.alpn_protocols = ALPN.iter().map(|protocol| protocol.to_vec()).collect();
        Ok(Self { config: Arc::new(config) })
    }

    pub(crate) fn acceptor(&self) -> Acceptor {
        Acceptor(TlsAcceptor::from(self.config.clone()))
    }
}

/// Completes the server side of TLS handshakes.
#[derive(Clone)]
pub(crate) struct Acceptor(TlsAcceptor);

impl Acceptor {
    /// The handshake with a client, or `None` (logged) when it fails or takes too long.
    pub(crate) async fn accept(&self, tcp: TcpStream) -> Option<TlsStream<TcpStream>> {
        match tokio::time::timeout(HANDSHAKE_TIMEOUT, self.0.accept(tcp)).await {
            Ok(Ok(stream)) => {
                let alpn = stream.get_ref().1.alpn_protocol().map(String::from_utf8_lossy);
                tracing::debug!(alpn = alpn.as_deref(), "tls handshake done");
                Some(stream)
            }
            Ok(Err(error)) => {
                tracing::debug!(%error, "tls handshake failed");
                None
            }
            Err(_) => {
                tracing::debug!("tls handshake timed out");
                None
            }
        }
    }
}

/// A certificate authority made on the spot, for tests over TLS: it issues the emulator's
/// certificate, and clients trust it through [`TestCa::roots`]. Each one has a key of its own,
/// so a client trusting one refuses certificates of another.
///
/// ```no_run
/// use accord_emulator::{Emulator, TestCa};
///
/// # async fn run() -> Result<(), accord_emulator::StartError> {
/// let ca = TestCa::new()?;
/// let emulator = Emulator::builder().tls(ca.issue(&["localhost", "127.0.0.1"])?).start().await?;
/// // Give `ca.roots()` to the client (accord-gateway's and accord-http's `root_certificates`).
/// let roots = ca.roots();
/// # let _ = (emulator, roots); Ok(()) }
/// ```
#[derive(Debug)]
pub struct TestCa {
    issuer: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    /// A new authority with a fresh ECDSA P-256 key and a name no other one in this process
    /// has.
    pub fn new() -> Result<Self, StartError> {
        static MADE: AtomicU64 = AtomicU64::new(0);
        let mut params = rcgen::CertificateParams::default();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        // A name of its own, so that a client trusting another authority does not take this
        // one for it (and fail on the signature instead of on the issuer).
        let number = MADE.fetch_add(1, Ordering::Relaxed);
        let name = format!("accord-emulator test CA {} {number}", std::process::id());
        params.distinguished_name.push(rcgen::DnType::CommonName, name);
        params.key_usages =
            vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::DigitalSignature];
        let key = rcgen::KeyPair::generate().map_err(|e| certificate_error(&e))?;
        let issuer =
            rcgen::CertifiedIssuer::self_signed(params, key).map_err(|e| certificate_error(&e))?;
        Ok(Self { issuer })
    }

    /// The authority's certificate, DER.
    pub fn certificate(&self) -> CertificateDer<'static> {
        self.issuer.der().clone()
    }

    /// The authority's certificate, PEM.
    pub fn certificate_pem(&self) -> String {
        self.issuer.pem()
    }

    /// A root store holding only this authority.
    pub fn roots(&self) -> rustls::RootCertStore {
        let mut roots = rustls::RootCertStore::empty();
        // A certificate rcgen just made always parses.
        let _ = roots.add(self.certificate());
        roots
    }

    /// A certificate for `names` (host names, or IP addresses such as `127.0.0.1`) and its
    /// key, PEM: the chain (the certificate, then the authority's) and the PKCS #8 key, as
    /// the binary's `--tls-cert` and `--tls-key` read them.
    pub fn issue_pem(&self, names: &[&str]) -> Result<(String, String), StartError> {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = rcgen::CertificateParams::new(names).map_err(|e| certificate_error(&e))?;
        params.distinguished_name.push(rcgen::DnType::CommonName, "accord-emulator");
        params.use_authority_key_identifier_extension = true;
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let key = rcgen::KeyPair::generate().map_err(|e| certificate_error(&e))?;
        let certificate =
            params.signed_by(&key, &self.issuer).map_err(|e| certificate_error(&e))?;
        Ok((format!("{}{}", certificate.pem(), self.issuer.pem()), key.serialize_pem()))
    }

    /// [`TestCa::issue_pem`] as a [`TlsIdentity`] to serve with.
    pub fn issue(&self, names: &[&str]) -> Result<TlsIdentity, StartError> {
        let (chain, key) = self.issue_pem(names)?;
        TlsIdentity::from_pem(chain.as_bytes(), key.as_bytes())
    }
}

fn certificate_error(error: &rcgen::Error) -> StartError {
    StartError::Tls(format!("cannot make a test certificate: {error}"))
}
