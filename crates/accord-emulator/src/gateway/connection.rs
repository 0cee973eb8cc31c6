//! One websocket connection: HELLO, then the client's commands.

use std::sync::Arc;

use accord_model::gateway::{GatewayCommand, GatewayEvent, Hello};
use futures_util::{SinkExt, StreamExt};
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;

use super::ConnectParams;
use super::compress::{Compressor, Frame};
use crate::shared::Shared;

type Socket = WebSocketStream<TokioIo<Upgraded>>;

/// Serves one connection until it closes.
pub(crate) async fn run(shared: Arc<Shared>, mut socket: Socket, params: ConnectParams) {
    let Ok(mut compressor) = Compressor::new(params.compression) else { return };
    let interval =
        u64::try_from(shared.config.timings.heartbeat_interval.as_millis()).unwrap_or(u64::MAX);
    let hello = GatewayEvent::Hello(Hello::new(interval)).to_json();
    if send(&mut socket, &mut compressor, hello).await.is_err() {
        return;
    }
    while let Some(Ok(message)) = socket.next().await {
        let Message::Text(text) = message else { continue };
        if let Ok(GatewayCommand::Heartbeat(_)) = GatewayCommand::from_json(&text) {
            if send(&mut socket, &mut compressor, GatewayEvent::HeartbeatAck.to_json())
                .await
                .is_err()
            {
                return;
            }
        }
    }
}

async fn send(socket: &mut Socket, compressor: &mut Compressor, json: String) -> Result<(), ()> {
    let message = match compressor.frame(json).map_err(|_| ())? {
        Frame::Text(text) => Message::text(text),
        Frame::Binary(bytes) => Message::binary(bytes),
    };
    socket.send(message).await.map_err(|_| ())
}
