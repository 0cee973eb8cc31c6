//! A ready HTTP/1.1 server for the service on a TCP socket.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, ToSocketAddrs};

use crate::error::{Error, ErrorKind};
use crate::service::InteractionService;

/// How long a client may take to send the request headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish after a shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The service bound to a socket. Bind first, print [`local_addr`](Self::local_addr), then
/// [`run`](Self::run).
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    service: InteractionService,
}

impl Server {
    /// Binds `addr`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the address cannot be bound.
    pub async fn bind(
        addr: impl ToSocketAddrs,
        service: InteractionService,
    ) -> Result<Self, Error> {
        let listener = TcpListener::bind(addr).await.map_err(io_error)?;
        Ok(Self { listener, service })
    }

    /// Serves on a listener bound elsewhere.
    pub fn from_listener(listener: TcpListener, service: InteractionService) -> Self {
        Self { listener, service }
    }

    /// The address it listens on.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the socket has no local address.
    pub fn local_addr(&self) -> Result<SocketAddr, Error> {
        self.listener.local_addr().map_err(io_error)
    }

    /// Serves until the process ends. A failed accept (too many open files) is logged and
    /// retried.
    pub async fn run(self) {
        self.run_until(std::future::pending()).await;
    }

    /// Serves until `shutdown` completes, then stops accepting and gives open connections up
    /// to 10 seconds to finish.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) {
        let graceful = GracefulShutdown::new();
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                accepted = self.listener.accept() => accepted,
                () = &mut shutdown => break,
            };
            let (stream, peer) = match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY");
            }
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), self.service.clone());
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::debug!(%error, %peer, "interactions connection ended");
                }
            });
        }
        drop(self.listener);
        if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
            tracing::warn!("open interactions connections did not finish in time");
        }
    }
}

impl InteractionService {
    /// Binds `addr` and serves until the process ends: [`Server::bind`] then [`Server::run`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the address cannot be bound.
    pub async fn serve(self, addr: impl ToSocketAddrs) -> Result<(), Error> {
        Server::bind(addr, self).await?.run().await;
        Ok(())
    }
}

fn io_error(error: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, Some(Box::new(error)))
}
