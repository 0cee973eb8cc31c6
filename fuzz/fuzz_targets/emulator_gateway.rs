//! The emulator's gateway as a client reaches it: the input is one payload per line (the first
//! line may instead be the URL query, starting with `?`), sent as websocket frames on a real
//! connection (lines that are not UTF-8 go as binary frames), then a close. IDENTIFY with
//! `my_token` authenticates, as in the docs. Whatever arrives, the emulator answers or closes
//! and does not panic or hang.
#![no_main]

use accord_fuzz::{DEADLINE, Emulated};
use futures_util::{SinkExt, StreamExt};
use libfuzzer_sys::fuzz_target;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

fuzz_target!(|data: &[u8]| {
    let emulated = Emulated::get();
    let data = emulated.fill(data);
    let mut lines = data.split(|&byte| byte == b'\n').peekable();
    let query = match lines.peek() {
        Some(line) if line.starts_with(b"?") => {
            String::from_utf8_lossy(lines.next().unwrap_or_default()).into_owned()
        }
        _ => "?v=10&encoding=json".to_owned(),
    };
    let frames: Vec<Message> = lines
        .filter(|line| !line.is_empty())
        .map(|line| match std::str::from_utf8(line) {
            Ok(text) => Message::text(text),
            Err(_) => Message::binary(line.to_vec()),
        })
        .collect();
    let url = format!("{}/{query}", emulated.emulator.gateway_url());
    let addr = emulated.emulator.addr();
    emulated.runtime.block_on(async {
        let session = async {
            let stream = TcpStream::connect(addr).await.expect("the emulator listens");
            // A query that is not a valid URL, or one the emulator refuses, ends here.
            let Ok((mut socket, _)) = tokio_tungstenite::client_async(url, stream).await else {
                return;
            };
            for frame in frames {
                if socket.send(frame).await.is_err() {
                    break;
                }
            }
            let close = CloseFrame { code: CloseCode::Normal, reason: "".into() };
            let _ = socket.send(Message::Close(Some(close))).await;
            // Everything the emulator sends until it closes: its answers to every frame.
            while let Some(Ok(_)) = socket.next().await {}
        };
        let closed = tokio::time::timeout(DEADLINE, session).await;
        assert!(closed.is_ok(), "the emulator did not close within {DEADLINE:?}");
    });
});
