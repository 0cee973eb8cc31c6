//! Decoder tests: whole, split, corrupt and truncated frames, and arbitrary bytes.

use proptest::prelude::*;

use super::{Compression, Inflater};

/// A compressor like the gateway's: one stream, one flushed websocket message per payload.
enum Deflater {
    Zlib(flate2::Compress),
    Zstd(zstd::stream::raw::Encoder<'static>),
}

impl Deflater {
    fn new(compression: Compression) -> Self {
        match compression {
            Compression::ZlibStream => {
                Self::Zlib(flate2::Compress::new(flate2::Compression::fast(), true))
            }
            Compression::ZstdStream => Self::Zstd(zstd::stream::raw::Encoder::new(3).unwrap()),
            Compression::None => unreachable!("tests compress"),
        }
    }

    fn frame(&mut self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Zlib(zlib) => {
                let mut out = Vec::with_capacity(message.len() + 1024);
                let mut input = message;
                loop {
                    let before = zlib.total_in();
                    zlib.compress_vec(input, &mut out, flate2::FlushCompress::Sync).unwrap();
                    input = &input[usize::try_from(zlib.total_in() - before).unwrap()..];
                    if input.is_empty() && out.len() < out.capacity() {
                        return out;
                    }
                    out.reserve(out.capacity());
                }
            }
            Self::Zstd(zstd) => {
                use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
                let mut out = vec![0; zstd::zstd_safe::compress_bound(message.len()) + 64];
                let mut written = 0;
                let mut input = InBuffer::around(message);
                while input.pos() < message.len() {
                    let mut output = OutBuffer::around(&mut out[written..]);
                    zstd.run(&mut input, &mut output).unwrap();
                    written += output.pos();
                }
                loop {
                    let mut output = OutBuffer::around(&mut out[written..]);
                    let remaining = zstd.flush(&mut output).unwrap();
                    written += output.pos();
                    if remaining == 0 {
                        break;
                    }
                }
                out.truncate(written);
                out
            }
        }
    }
}

const BOTH: [Compression; 2] = [Compression::ZlibStream, Compression::ZstdStream];

fn messages() -> Vec<Vec<u8>> {
    vec![
        br#"{"op":10,"d":{"heartbeat_interval":41250}}"#.to_vec(),
        br#"{"op":11,"d":null}"#.to_vec(),
        // Larger than any first guess of the output size, and barely compressible.
        (0..300_000_u32).flat_map(|i| (i.wrapping_mul(2_654_435_761) >> 7).to_le_bytes()).collect(),
        br#"{"t":"RESUMED","s":9,"op":0,"d":{}}"#.to_vec(),
    ]
}

#[test]
fn messages_decode_one_by_one_with_one_context() {
    for compression in BOTH {
        let mut deflater = Deflater::new(compression);
        let mut inflater = Inflater::new(compression);
        let mut out = Vec::new();
        for message in messages() {
            let frame = deflater.frame(&message);
            assert!(inflater.decompress(&frame, &mut out).unwrap(), "{compression:?}");
            assert!(out == message, "{compression:?}: {} bytes decoded", out.len());
        }
    }
}

#[test]
fn the_output_buffer_is_reused() {
    for compression in BOTH {
        let mut deflater = Deflater::new(compression);
        let mut inflater = Inflater::new(compression);
        let mut out = Vec::new();
        let message = vec![b'x'; 10_000];
        inflater.decompress(&deflater.frame(&message), &mut out).unwrap();
        let (capacity, pointer) = (out.capacity(), out.as_ptr());
        for _ in 0..10 {
            inflater.decompress(&deflater.frame(&message), &mut out).unwrap();
            assert_eq!(out.len(), 10_000);
        }
        assert_eq!((out.capacity(), out.as_ptr()), (capacity, pointer), "{compression:?}");
    }
}

#[test]
fn a_zlib_message_split_over_frames_is_reassembled() {
    let mut deflater = Deflater::new(Compression::ZlibStream);
    let mut inflater = Inflater::new(Compression::ZlibStream);
    let mut out = Vec::new();
    for message in messages() {
        let frame = deflater.frame(&message);
        let (first, rest) = frame.split_at(frame.len() / 2);
        assert!(!inflater.decompress(first, &mut out).unwrap(), "no suffix yet");
        assert!(inflater.decompress(rest, &mut out).unwrap());
        assert!(out == message);
    }
}

#[test]
fn corrupt_frames_are_errors() {
    for compression in BOTH {
        let mut deflater = Deflater::new(compression);
        let mut inflater = Inflater::new(compression);
        let mut out = Vec::new();
        inflater.decompress(&deflater.frame(b"{}"), &mut out).unwrap();
        let mut garbage = vec![0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06];
        garbage.extend_from_slice(&[0, 0, 0xff, 0xff]);
        let result = inflater.decompress(&garbage, &mut out);
        assert!(result.is_err(), "{compression:?}: {result:?}");
    }
}

#[test]
fn a_truncated_frame_never_yields_the_message() {
    for compression in BOTH {
        let mut deflater = Deflater::new(compression);
        let mut inflater = Inflater::new(compression);
        let mut out = Vec::new();
        let message = messages().swap_remove(2);
        let frame = deflater.frame(&message);
        let truncated = &frame[..frame.len() / 2];
        // zlib waits for the rest (the suffix is missing); zstd decodes what it can. Neither
        // produces the whole message, and the next frame, out of step, does not decode to it.
        let first = inflater.decompress(truncated, &mut out);
        assert!(!matches!(first, Ok(true)) || out != message, "{compression:?}");
        let next = deflater.frame(br#"{"op":11,"d":null}"#);
        let second = inflater.decompress(&next, &mut out);
        assert!(
            second.is_err() || out != br#"{"op":11,"d":null}"#,
            "{compression:?} decoded the frame after a truncated one"
        );
    }
}

#[test]
fn binary_frames_without_compression_are_errors() {
    let mut out = Vec::new();
    assert!(Inflater::new(Compression::None).decompress(b"{}", &mut out).is_err());
}

#[test]
fn query_values() {
    assert_eq!(Compression::ZlibStream.query_value(), Some("zlib-stream"));
    assert_eq!(Compression::ZstdStream.query_value(), Some("zstd-stream"));
    assert_eq!(Compression::None.query_value(), None);
    assert_eq!(Compression::default(), Compression::ZstdStream);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(frames in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..512), 1..8)) {
        for compression in BOTH {
            let mut inflater = Inflater::new(compression);
            let mut out = Vec::new();
            for frame in &frames {
                let _ = inflater.decompress(frame, &mut out);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_prefix_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..2048),
        suffix in any::<bool>(),
    ) {
        for compression in BOTH {
            let mut deflater = Deflater::new(compression);
            let mut inflater = Inflater::new(compression);
            let mut out = Vec::new();
            inflater.decompress(&deflater.frame(br#"{"op":11}"#), &mut out).unwrap();
            let mut frame = tail.clone();
            if suffix {
                frame.extend_from_slice(&[0, 0, 0xff, 0xff]);
            }
            let _ = inflater.decompress(&frame, &mut out);
        }
    }

    #[test]
    fn any_split_of_a_zlib_stream_decodes(cuts in prop::collection::vec(0.0_f64..1.0, 0..4)) {
        let mut deflater = Deflater::new(Compression::ZlibStream);
        let mut inflater = Inflater::new(Compression::ZlibStream);
        let mut out = Vec::new();
        for message in [br#"{"op":10,"d":{"heartbeat_interval":41250}}"#.as_slice(), b"second"] {
            let frame = deflater.frame(message);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss, reason = "a fraction of a small length")]
            let mut points: Vec<usize> = cuts.iter().map(|cut| (cut * frame.len() as f64) as usize).collect();
            points.push(frame.len());
            points.sort_unstable();
            let mut start = 0;
            let mut done = false;
            for point in points {
                let piece = &frame[start..point];
                start = point;
                // A piece is complete only when it ends the frame (the suffix is at the end).
                done = inflater.decompress(piece, &mut out).unwrap();
            }
            prop_assert!(done);
            prop_assert_eq!(&out[..], message);
        }
    }
}
