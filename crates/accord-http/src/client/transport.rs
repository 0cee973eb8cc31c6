//! The connector (TCP, TLS by rustls, HTTP/2 offered by ALPN) under the connection pool.

use std::time::Duration;

use hyper_util::client::legacy::connect::HttpConnector;

use super::pool::Pool;
use super::tls::Https;

#[cfg(feature = "rustls")]
pub(crate) type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls"))]
pub(crate) type Connector = HttpConnector;

pub(crate) type Transport = Pool;

/// Builds the transport. `http://` URLs (the emulator, a proxy) work with or without TLS;
/// `https://` ones connect as `https` says.
pub(crate) fn build(connect_timeout: Duration, idle_timeout: Duration, https: &Https) -> Transport {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_keepalive(Some(Duration::from_secs(60)));

    #[cfg(feature = "rustls")]
    let connector = {
        let builder = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(https.tls.client_config())
            .https_or_http()
            .enable_http1();
        #[cfg(feature = "http2")]
        if !https.http1_only {
            return Pool::new(builder.enable_http2().wrap_connector(http), idle_timeout);
        }
        builder.wrap_connector(http)
    };
    #[cfg(not(feature = "rustls"))]
    let connector = {
        let _ = https;
        http
    };

    Pool::new(connector, idle_timeout)
}
