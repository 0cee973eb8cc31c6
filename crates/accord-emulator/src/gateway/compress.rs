//! Transport compression as the gateway does it: one zlib or zstd stream per connection.

use flate2::{Compress, FlushCompress};
use zstd::stream::raw::{Encoder, InBuffer, Operation, OutBuffer};

/// The `compress` query parameter of a gateway URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Plain text frames.
    None,
    /// `zlib-stream`: one deflate stream; every message ends with a sync flush (`00 00 ff ff`).
    Zlib,
    /// `zstd-stream`: one zstd stream; every message is flushed, never ending the frame.
    Zstd,
}

impl Compression {
    /// The compression a query value asks for; `None` for a value Discord does not accept.
    pub fn from_query(value: Option<&str>) -> Option<Self> {
        match value {
            None => Some(Self::None),
            Some("zlib-stream") => Some(Self::Zlib),
            Some("zstd-stream") => Some(Self::Zstd),
            Some(_) => None,
        }
    }
}

/// The compressor of one connection, holding the stream's state between messages.
pub(crate) enum Compressor {
    None,
    Zlib(Box<Compress>),
    Zstd(Box<Encoder<'static>>),
}

/// A frame to send: text when uncompressed, binary otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    Text(String),
    Binary(Vec<u8>),
}

impl Compressor {
    pub(crate) fn new(compression: Compression) -> std::io::Result<Self> {
        Ok(match compression {
            Compression::None => Self::None,
            Compression::Zlib => {
                Self::Zlib(Box::new(Compress::new(flate2::Compression::fast(), true)))
            }
            Compression::Zstd => Self::Zstd(Box::new(Encoder::new(3)?)),
        })
    }

    /// Compresses one gateway message into one websocket frame.
    pub(crate) fn frame(&mut self, json: &str) -> std::io::Result<Frame> {
        match self {
            Self::None => Ok(Frame::Text(json.to_owned())),
            Self::Zlib(zlib) => {
                let mut out = Vec::with_capacity(json.len() / 2 + 64);
                let mut input = json.as_bytes();
                loop {
                    let before = zlib.total_in();
                    zlib.compress_vec(input, &mut out, FlushCompress::Sync)
                        .map_err(std::io::Error::other)?;
                    let consumed = usize::try_from(zlib.total_in() - before).unwrap_or(input.len());
                    input = input.get(consumed..).unwrap_or_default();
                    // Spare room after the call means the sync flush completed.
                    if input.is_empty() && out.len() < out.capacity() {
                        break;
                    }
                    out.reserve(out.capacity());
                }
                Ok(Frame::Binary(out))
            }
            Self::Zstd(zstd) => {
                let mut out = vec![0; zstd::zstd_safe::compress_bound(json.len()) + 64];
                let mut written = 0;
                let mut input = InBuffer::around(json.as_bytes());
                while input.pos() < json.len() {
                    let mut output = OutBuffer::around(spare(&mut out, written)?);
                    zstd.run(&mut input, &mut output)?;
                    written += output.pos();
                }
                loop {
                    let mut output = OutBuffer::around(spare(&mut out, written)?);
                    let remaining = zstd.flush(&mut output)?;
                    written += output.pos();
                    if remaining == 0 {
                        break;
                    }
                    out.resize(out.len() * 2, 0);
                }
                out.truncate(written);
                Ok(Frame::Binary(out))
            }
        }
    }
}

/// The unwritten end of a buffer sized by `compress_bound`.
fn spare(out: &mut [u8], written: usize) -> std::io::Result<&mut [u8]> {
    out.get_mut(written..)
        .ok_or_else(|| std::io::Error::other("zstd wrote past its compress_bound buffer"))
}

#[cfg(test)]
mod tests {
    use super::{Compression, Compressor, Frame};

    fn binary(frame: Frame) -> Vec<u8> {
        match frame {
            Frame::Binary(bytes) => bytes,
            Frame::Text(_) => panic!("expected a binary frame"),
        }
    }

    #[test]
    fn zlib_messages_end_with_the_sync_suffix_and_share_one_stream() {
        let mut compressor = Compressor::new(Compression::Zlib).unwrap();
        let mut inflate = flate2::Decompress::new(true);
        for message in [
            r#"{"op":10,"d":{"heartbeat_interval":41250}}"#,
            r#"{"op":11,"d":null}"#,
            &"y".repeat(70_000),
        ] {
            let frame = binary(compressor.frame(message).unwrap());
            assert!(frame.ends_with(&[0, 0, 0xff, 0xff]));
            let mut out = Vec::with_capacity(message.len() + 64);
            inflate.decompress_vec(&frame, &mut out, flate2::FlushDecompress::Sync).unwrap();
            assert_eq!(out, message.as_bytes());
        }
    }

    #[test]
    fn zstd_messages_decode_one_by_one_with_one_context() {
        let mut compressor = Compressor::new(Compression::Zstd).unwrap();
        let mut decoder = zstd::stream::raw::Decoder::new().unwrap();
        for message in ["first message", &"x".repeat(100_000), "third"] {
            let frame = binary(compressor.frame(message).unwrap());
            let mut out = vec![0; message.len() + 1024];
            let mut input = zstd::stream::raw::InBuffer::around(&frame);
            let mut output = zstd::stream::raw::OutBuffer::around(&mut out[..]);
            while input.pos() < frame.len() {
                zstd::stream::raw::Operation::run(&mut decoder, &mut input, &mut output).unwrap();
            }
            let written = output.pos();
            assert_eq!(&out[..written], message.as_bytes());
        }
    }
}
