//! The connector (TCP, TLS by rustls, HTTP/2 offered by ALPN) under the connection pool.

use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;

use super::pool::Pool;

#[cfg(feature = "rustls-webpki-roots")]
pub(crate) type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls-webpki-roots"))]
pub(crate) type Connector = HttpConnector;

pub(crate) type Transport = Pool;

/// Builds the transport. `http://` URLs (the emulator, a proxy) work with or without TLS.
pub(crate) fn build(connect_timeout: Duration, idle_timeout: Duration) -> Transport {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_keepalive(Some(Duration::from_secs(60)));

    #[cfg(feature = "rustls-webpki-roots")]
    let connector = {
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .expect("the ring provider supports the default TLS versions")
            .https_or_http()
            .enable_http1();
        #[cfg(feature = "http2")]
        let builder = builder.enable_http2();
        builder.wrap_connector(http)
    };
    #[cfg(not(feature = "rustls-webpki-roots"))]
    let connector = http;

    Pool::new(connector, idle_timeout)
}
