//! Transport compression: one zlib-stream or zstd-stream context per connection, inflating
//! each websocket message into a buffer the shard reuses.

use std::error::Error;
use std::fmt;

/// The largest gateway message the shard inflates. Discord's largest payloads (GUILD_CREATE
/// of big guilds) are far smaller; the cap stops a hostile stream from exhausting memory.
pub(crate) const MAX_MESSAGE: usize = 128 * 1024 * 1024;

/// Transport compression: how the gateway compresses what it sends.
///
/// The default is the best one enabled: zstd-stream, then zlib-stream, then none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// Plain text frames.
    #[cfg_attr(not(any(feature = "zlib", feature = "zstd")), default)]
    None,
    /// `zlib-stream`: one deflate stream per connection (feature `zlib`).
    #[cfg(feature = "zlib")]
    #[cfg_attr(not(feature = "zstd"), default)]
    ZlibStream,
    /// `zstd-stream`: one zstd stream per connection (feature `zstd`).
    #[cfg(feature = "zstd")]
    #[default]
    ZstdStream,
}

impl Compression {
    /// The value of the `compress` query parameter, if any.
    pub const fn query_value(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            #[cfg(feature = "zlib")]
            Self::ZlibStream => Some("zlib-stream"),
            #[cfg(feature = "zstd")]
            Self::ZstdStream => Some("zstd-stream"),
        }
    }
}

/// A websocket message could not be decompressed.
#[derive(Debug)]
pub(crate) struct DecompressError {
    message: &'static str,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl DecompressError {
    fn new(message: &'static str) -> Self {
        Self { message, source: None }
    }

    #[cfg(any(feature = "zlib", feature = "zstd"))]
    fn with_source(message: &'static str, source: impl Error + Send + Sync + 'static) -> Self {
        Self { message, source: Some(Box::new(source)) }
    }
}

impl fmt::Display for DecompressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl Error for DecompressError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

/// The decompression context of one connection.
pub(crate) enum Inflater {
    /// No transport compression: binary frames are an error.
    None,
    #[cfg(feature = "zlib")]
    Zlib(zlib::Zlib),
    #[cfg(feature = "zstd")]
    Zstd(zstd::Zstd),
}

impl fmt::Debug for Inflater {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "Inflater::None",
            #[cfg(feature = "zlib")]
            Self::Zlib(_) => "Inflater::Zlib",
            #[cfg(feature = "zstd")]
            Self::Zstd(_) => "Inflater::Zstd",
        })
    }
}

impl Inflater {
    /// A fresh context, as each connection needs.
    pub(crate) fn new(compression: Compression) -> Self {
        match compression {
            Compression::None => Self::None,
            #[cfg(feature = "zlib")]
            Compression::ZlibStream => Self::Zlib(zlib::Zlib::new()),
            #[cfg(feature = "zstd")]
            Compression::ZstdStream => Self::Zstd(zstd::Zstd::new()),
        }
    }

    /// Decompresses one binary websocket message into `out` (cleared first). Returns `false`
    /// when the message is only part of a gateway message (zlib-stream may split one).
    pub(crate) fn decompress(
        &mut self,
        frame: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, DecompressError> {
        out.clear();
        match self {
            Self::None => {
                let _ = frame;
                Err(DecompressError::new("binary frame on a connection without compression"))
            }
            #[cfg(feature = "zlib")]
            Self::Zlib(zlib) => zlib.decompress(frame, out),
            #[cfg(feature = "zstd")]
            Self::Zstd(zstd) => zstd.decompress(frame, out).map(|()| true),
        }
    }
}

/// The decompression context of one connection, for the fuzz targets in the repository's
/// `fuzz/` directory. Not part of the API: it may change in any release.
#[doc(hidden)]
#[derive(Debug)]
pub struct Decompressor(Inflater);

impl Decompressor {
    /// A fresh context, as each connection starts with.
    pub fn new(compression: Compression) -> Self {
        Self(Inflater::new(compression))
    }

    /// Decompresses one binary websocket message as the shard does: `Ok(false)` when the
    /// message is only part of a gateway message.
    pub fn decompress(
        &mut self,
        frame: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<bool, Box<dyn Error + Send + Sync>> {
        self.0.decompress(frame, out).map_err(Box::from)
    }
}

/// Makes room in `out` for at least `at_least` more bytes, growing geometrically.
#[cfg(any(feature = "zlib", feature = "zstd"))]
fn grow(out: &mut Vec<u8>, at_least: usize) -> Result<(), DecompressError> {
    if out.len() >= MAX_MESSAGE {
        return Err(DecompressError::new("decompressed message is larger than 128 MiB"));
    }
    let spare = out.capacity() - out.len();
    if spare < at_least {
        out.reserve(out.capacity().max(at_least).min(MAX_MESSAGE));
    }
    Ok(())
}

#[cfg(feature = "zlib")]
mod zlib {
    use flate2::{Decompress, FlushDecompress, Status};

    use super::{DecompressError, MAX_MESSAGE, grow};

    /// The four bytes a zlib-stream message ends with (a sync flush).
    const SUFFIX: [u8; 4] = [0, 0, 0xff, 0xff];

    /// A zlib-stream inflater, with the start of a message split over several frames.
    pub(crate) struct Zlib {
        inflate: Decompress,
        pending: Vec<u8>,
    }

    impl Zlib {
        pub(crate) fn new() -> Self {
            Self { inflate: Decompress::new(true), pending: Vec::new() }
        }

        pub(crate) fn decompress(
            &mut self,
            frame: &[u8],
            out: &mut Vec<u8>,
        ) -> Result<bool, DecompressError> {
            let input = if self.pending.is_empty() && frame.ends_with(&SUFFIX) {
                frame
            } else {
                if self.pending.len() + frame.len() > MAX_MESSAGE {
                    self.pending = Vec::new();
                    return Err(DecompressError::new(
                        "compressed message is larger than 128 MiB without a flush",
                    ));
                }
                self.pending.extend_from_slice(frame);
                if !self.pending.ends_with(&SUFFIX) {
                    return Ok(false);
                }
                &self.pending
            };
            let result = inflate(&mut self.inflate, input, out);
            if !self.pending.is_empty() {
                self.pending = Vec::new();
            }
            result.map(|()| true)
        }
    }

    fn inflate(
        inflate: &mut Decompress,
        mut input: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), DecompressError> {
        loop {
            grow(out, input.len().saturating_mul(4).max(1024))?;
            let (before_in, before_out) = (inflate.total_in(), out.len());
            let status = inflate
                .decompress_vec(input, out, FlushDecompress::Sync)
                .map_err(|e| DecompressError::with_source("zlib-stream message is corrupt", e))?;
            let consumed = usize::try_from(inflate.total_in() - before_in).unwrap_or(input.len());
            input = input.get(consumed..).unwrap_or_default();
            let room_left = out.len() < out.capacity();
            if input.is_empty() && room_left {
                return Ok(());
            }
            let stalled = consumed == 0 && out.len() == before_out;
            if status == Status::StreamEnd || (stalled && room_left) {
                return Err(DecompressError::new("zlib-stream message does not inflate"));
            }
        }
    }
}

#[cfg(feature = "zstd")]
mod zstd {
    use zstd::stream::raw::{Decoder, InBuffer, Operation, OutBuffer};

    use super::{DecompressError, grow};

    /// A zstd-stream decoder: one context for the connection, one message per frame.
    pub(crate) struct Zstd {
        decoder: Option<Decoder<'static>>,
    }

    impl Zstd {
        pub(crate) fn new() -> Self {
            // Creating a context only fails when zstd cannot allocate; the first message
            // then reports it as an error instead of panicking here.
            Self { decoder: Decoder::new().ok() }
        }

        pub(crate) fn decompress(
            &mut self,
            frame: &[u8],
            out: &mut Vec<u8>,
        ) -> Result<(), DecompressError> {
            let decoder = self
                .decoder
                .as_mut()
                .ok_or_else(|| DecompressError::new("zstd context could not be created"))?;
            let mut input = InBuffer::around(frame);
            loop {
                grow(out, frame.len().saturating_mul(4).max(1024))?;
                let (before_in, before_out) = (input.pos(), out.len());
                let full = {
                    let position = out.len();
                    let mut output = OutBuffer::around_pos(out, position);
                    decoder.run(&mut input, &mut output).map_err(|e| {
                        DecompressError::with_source("zstd-stream message is corrupt", e)
                    })?;
                    output.pos() == output.capacity()
                };
                if input.pos() == frame.len() && !full {
                    return Ok(());
                }
                if input.pos() == before_in && out.len() == before_out {
                    return Err(DecompressError::new("zstd-stream message does not decode"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
