//! A small `multipart/form-data` parser for buffered bodies: `payload_json`, `files[n]` and
//! plain form fields.

use bytes::Bytes;

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Bytes,
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut pieces = content_type.split(';');
    if !pieces.next()?.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces.find_map(|piece| {
        let (key, value) = piece.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Splits a body into its parts; `Err` says what is malformed.
pub(crate) fn parse(body: &Bytes, boundary: &str) -> Result<Vec<Part>, String> {
    if boundary.is_empty() || boundary.len() > 200 {
        return Err("invalid multipart boundary".to_owned());
    }
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut position = find(body, delimiter, 0).ok_or("multipart boundary not found")?;
    let mut parts = Vec::new();
    loop {
        position += delimiter.len();
        if body.get(position..).is_some_and(|rest| rest.starts_with(b"--")) {
            return Ok(parts);
        }
        position =
            skip_line_break(body, position).ok_or("expected a line break after the boundary")?;
        let headers_end = find(body, b"\r\n\r\n", position).ok_or("unterminated part headers")?;
        let headers = body.get(position..headers_end).ok_or("part headers out of order")?;
        let headers = std::str::from_utf8(headers).map_err(|_| "part headers are not UTF-8")?;
        let data_start = headers_end + 4;
        let mut closing = Vec::with_capacity(delimiter.len() + 2);
        closing.extend_from_slice(b"\r\n");
        closing.extend_from_slice(delimiter);
        let data_end = find(body, &closing, data_start).ok_or("unterminated part")?;
        parts.push(part(headers, body.slice(data_start..data_end))?);
        position = data_end + 2;
    }
}

fn part(headers: &str, data: Bytes) -> Result<Part, String> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else { continue };
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            for piece in value.split(';').skip(1) {
                let Some((k, v)) = piece.split_once('=') else { continue };
                let v = v.trim().trim_matches('"').to_owned();
                match k.trim() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    let name = name.ok_or("a part has no name")?;
    Ok(Part { name, filename, content_type, data })
}

fn skip_line_break(body: &[u8], position: usize) -> Option<usize> {
    let rest = body.get(position..)?;
    if rest.starts_with(b"\r\n") {
        Some(position + 2)
    } else if rest.starts_with(b"\n") {
        Some(position + 1)
    } else {
        None
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::{boundary, parse};

    #[test]
    fn payload_and_files_are_split() {
        let body = Bytes::from_static(
            b"--xyz\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\r\n{\"content\":\"hi\"}\r\n\
              --xyz\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\
              Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n--xyz--\r\n",
        );
        let parts = parse(&body, &boundary("multipart/form-data; boundary=xyz").unwrap()).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "payload_json");
        assert_eq!(&parts[0].data[..], b"{\"content\":\"hi\"}");
        assert_eq!(parts[1].filename.as_deref(), Some("a.txt"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert_eq!(&parts[1].data[..], b"line one\r\nline two");
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        for body in [
            &b""[..],
            b"--xyz",
            b"--xyz\r\nno headers end",
            b"--xyz\r\nContent-Disposition: form-data\r\n\r\ndata\r\n--xyz--",
            b"--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
            b"--xyzgarbage",
        ] {
            assert!(parse(&Bytes::copy_from_slice(body), "xyz").is_err(), "{body:?}");
        }
        assert_eq!(boundary("application/json"), None);
        assert_eq!(boundary("multipart/form-data; boundary=\"q\"").as_deref(), Some("q"));
    }
}
