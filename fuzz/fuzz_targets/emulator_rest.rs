//! The emulator's REST API as a client reaches it: the input is a raw HTTP/1.1 request
//! (request line, headers, JSON or multipart body), sent over a real socket after `{guild}`,
//! `{channel}`, `{user}`, `{message}`, `{application}` and `{bot}` are replaced by ids of its
//! world. Whatever arrives, the emulator answers (or closes) and does not panic or hang.
#![no_main]

use accord_fuzz::{DEADLINE, Emulated};
use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fuzz_target!(|data: &[u8]| {
    let emulated = Emulated::get();
    let request = emulated.fill(data);
    let addr = emulated.emulator.addr();
    emulated.runtime.block_on(async {
        let exchange = async {
            let mut stream = TcpStream::connect(addr).await?;
            stream.write_all(&request).await?;
            // The end of the request: hyper answers what it has, then closes.
            stream.shutdown().await?;
            let mut response = Vec::new();
            stream.read_to_end(&mut response).await.map(|_| response)
        };
        // An answer or an I/O error are both fine; no answer at all is a hang.
        let answered = tokio::time::timeout(DEADLINE, exchange).await;
        assert!(answered.is_ok(), "the emulator did not answer within {DEADLINE:?}");
    });
});
