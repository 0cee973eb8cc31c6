//! Percent-encoding for path segments, query strings and the audit log reason header.

/// Characters that never need encoding anywhere (RFC 3986 "unreserved").
const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

#[expect(clippy::indexing_slicing, reason = "a nibble is below 16, the table's length")]
fn push_encoded(out: &mut String, text: &str, keep: impl Fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

/// Appends one path segment: unreserved characters, `:` (custom emoji `name:id`) and `@`
/// stay as they are, everything else (`/`, `?`, spaces, non-ASCII) is encoded.
pub(crate) fn push_path_segment(out: &mut String, segment: &str) {
    push_encoded(out, segment, |byte| is_unreserved(byte) || matches!(byte, b':' | b'@'));
}

/// Appends a query key or value: only unreserved characters stay as they are.
pub(crate) fn push_query_component(out: &mut String, text: &str) {
    push_encoded(out, text, is_unreserved);
}

/// Encodes a header value (the audit log reason): only unreserved characters stay as they are.
pub(crate) fn header_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text, is_unreserved);
    out
}

#[cfg(test)]
mod tests {
    use super::{header_value, push_path_segment, push_query_component};
    use proptest::prelude::*;

    fn decode(text: &str) -> Vec<u8> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn reasons_are_ascii_and_decode_back() {
        assert_eq!(header_value("spam: ça suffit"), "spam%3A%20%C3%A7a%20suffit");
    }

    proptest! {
        #[test]
        fn encoding_round_trips_and_is_header_safe(text in ".*") {
            let mut path = String::new();
            push_path_segment(&mut path, &text);
            let mut query = String::new();
            push_query_component(&mut query, &text);
            for encoded in [&path, &query, &header_value(&text)] {
                prop_assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
                prop_assert!(!encoded.contains(['/', '?', '&', '=', '#']));
                prop_assert_eq!(decode(encoded), text.as_bytes());
            }
        }
    }
}
