//! The console producer's line grammar: Java's `LineMessageReader` (reference §3.3), on bytes.
//!
//! A line may carry headers, a key and a value, split by configurable separators; a value equal
//! to `null.marker` becomes null. Lines are bytes: nothing is decoded, so non-UTF-8 input is
//! produced unchanged.

use anyhow::Result;
use regex::bytes::Regex;

use crate::client::produce::OutRecord;
use crate::error::usage;

/// The reader's settings (`--reader-property`, `--reader-config`).
#[derive(Debug, Clone)]
pub(crate) struct LineFormat {
    parse_key: bool,
    key_separator: Vec<u8>,
    parse_headers: bool,
    headers_delimiter: Vec<u8>,
    headers_separator: Regex,
    headers_key_separator: Vec<u8>,
    ignore_error: bool,
    null_marker: Option<Vec<u8>>,
}

impl LineFormat {
    /// Builds the format from reader properties (later keys win), checking them as Java does.
    pub(crate) fn from_properties(props: &[(String, String)]) -> Result<Self> {
        let get = |key: &str| {
            props
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let flag = |key: &str| get(key).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let key_separator = get("key.separator").unwrap_or("\t");
        let headers_delimiter = get("headers.delimiter").unwrap_or("\t");
        let headers_separator = get("headers.separator").unwrap_or(",");
        let headers_key_separator = get("headers.key.separator").unwrap_or(":");
        let null_marker = get("null.marker");
        let pairs = [
            (
                "headers.delimiter",
                headers_delimiter,
                "headers.separator",
                headers_separator,
            ),
            (
                "headers.delimiter",
                headers_delimiter,
                "headers.key.separator",
                headers_key_separator,
            ),
            (
                "headers.separator",
                headers_separator,
                "headers.key.separator",
                headers_key_separator,
            ),
        ];
        for (a, va, b, vb) in pairs {
            if va == vb {
                return Err(usage(format!("{a} and {b} may not be equal")));
            }
        }
        if let Some(marker) = null_marker {
            for (name, value) in [
                ("key.separator", key_separator),
                ("headers.separator", headers_separator),
                ("headers.delimiter", headers_delimiter),
                ("headers.key.separator", headers_key_separator),
            ] {
                if marker == value {
                    return Err(usage(format!("null.marker and {name} may not be equal")));
                }
            }
        }
        let headers_separator = Regex::new(headers_separator).map_err(|e| {
            usage(format!(
                "headers.separator {headers_separator:?} is not a valid regular expression: {e}"
            ))
        })?;
        Ok(Self {
            parse_key: flag("parse.key"),
            key_separator: key_separator.as_bytes().to_vec(),
            parse_headers: flag("parse.headers"),
            headers_delimiter: headers_delimiter.as_bytes().to_vec(),
            headers_separator,
            headers_key_separator: headers_key_separator.as_bytes().to_vec(),
            ignore_error: flag("ignore.error"),
            null_marker: null_marker.map(|m| m.as_bytes().to_vec()),
        })
    }

    /// Whether lines are produced as they are (no key, no headers, no null marker).
    pub(crate) fn is_plain(&self) -> bool {
        !self.parse_key && !self.parse_headers && self.null_marker.is_none()
    }

    fn nullable(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        match &self.null_marker {
            Some(marker) if marker.as_slice() == bytes => None,
            _ => Some(bytes.to_vec()),
        }
    }

    /// Parses one line (without its terminator); `number` is the 1-based line number.
    pub(crate) fn parse(&self, line: Vec<u8>, number: u64) -> Result<OutRecord> {
        if self.is_plain() {
            return Ok(OutRecord {
                value: Some(line),
                ..OutRecord::default()
            });
        }
        let shown = || String::from_utf8_lossy(&line).into_owned();
        let mut pos = 0;
        let mut header_block: Option<&[u8]> = None;
        if self.parse_headers {
            match find(&line, &self.headers_delimiter, 0) {
                Some(at) => {
                    header_block = Some(&line[..at]);
                    pos = at + self.headers_delimiter.len();
                }
                None if self.ignore_error => {}
                None => {
                    return Err(usage(format!(
                        "No headers delimiter found on line number {number}: '{}'",
                        shown()
                    )))
                }
            }
        }
        let mut key = None;
        if self.parse_key {
            match find(&line, &self.key_separator, pos) {
                Some(at) => {
                    key = self.nullable(&line[pos..at]);
                    pos = at + self.key_separator.len();
                }
                None if self.ignore_error => {}
                None => {
                    return Err(usage(format!(
                        "No key separator found on line number {number}: '{}'",
                        shown()
                    )))
                }
            }
        }
        let value = self.nullable(&line[pos..]);
        let headers = match header_block {
            Some(block) if self.null_marker.as_deref() != Some(block) => {
                self.parse_headers_block(block, number)?
            }
            _ => Vec::new(),
        };
        Ok(OutRecord {
            key,
            value,
            headers,
            ..OutRecord::default()
        })
    }

    fn parse_headers_block(
        &self,
        block: &[u8],
        number: u64,
    ) -> Result<Vec<(String, Option<Vec<u8>>)>> {
        let mut pieces: Vec<&[u8]> = self.headers_separator.split(block).collect();
        // Java's Pattern.split drops trailing empty strings.
        while pieces.last().is_some_and(|p| p.is_empty()) {
            pieces.pop();
        }
        let mut headers = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match find(piece, &self.headers_key_separator, 0) {
                Some(at) => {
                    let key = &piece[..at];
                    if self.null_marker.as_deref() == Some(key) {
                        return Err(usage(format!(
                            "Header keys should not be equal to the null marker '{}' as they can't be null",
                            String::from_utf8_lossy(key)
                        )));
                    }
                    let value = self.nullable(&piece[at + self.headers_key_separator.len()..]);
                    headers.push((String::from_utf8_lossy(key).into_owned(), value));
                }
                None if self.ignore_error => {
                    headers.push((String::from_utf8_lossy(piece).into_owned(), None));
                }
                None => {
                    return Err(usage(format!(
                        "No header key separator found in pair '{}' on line number {number}",
                        String::from_utf8_lossy(piece)
                    )))
                }
            }
        }
        Ok(headers)
    }
}

/// The first index of `needle` in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(from);
    }
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(props: &[(&str, &str)]) -> LineFormat {
        let props: Vec<(String, String)> = props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        LineFormat::from_properties(&props).unwrap()
    }

    fn h(k: &str, v: Option<&str>) -> (String, Option<Vec<u8>>) {
        (k.to_string(), v.map(|v| v.as_bytes().to_vec()))
    }

    #[test]
    fn plain_lines_are_values_byte_for_byte() {
        let r = format(&[]).parse(vec![0xff, b'a', b'\t', 0xfe], 1).unwrap();
        assert_eq!(r.value, Some(vec![0xff, b'a', b'\t', 0xfe]));
        assert_eq!(r.key, None);
    }

    #[test]
    fn key_and_value_split_at_the_first_separator() {
        let f = format(&[("parse.key", "true")]);
        let r = f.parse(b"a\tb\tc".to_vec(), 1).unwrap();
        assert_eq!(
            (r.key.as_deref(), r.value.as_deref()),
            (Some(&b"a"[..]), Some(&b"b\tc"[..]))
        );
        let err = f.parse(b"abc".to_vec(), 3).unwrap_err().to_string();
        assert_eq!(err, "No key separator found on line number 3: 'abc'");
    }

    #[test]
    fn ignore_error_gives_a_null_key() {
        let f = format(&[("parse.key", "TRUE"), ("ignore.error", "true")]);
        let r = f.parse(b"abc".to_vec(), 1).unwrap();
        assert_eq!((r.key, r.value.as_deref()), (None, Some(&b"abc"[..])));
    }

    #[test]
    fn headers_key_and_value_as_in_the_reference_example() {
        let f = format(&[("parse.key", "true"), ("parse.headers", "true")]);
        let r = f.parse(b"h1:v1,h2:v2\tk\tv".to_vec(), 1).unwrap();
        assert_eq!(r.headers, vec![h("h1", Some("v1")), h("h2", Some("v2"))]);
        assert_eq!(
            (r.key.as_deref(), r.value.as_deref()),
            (Some(&b"k"[..]), Some(&b"v"[..]))
        );
    }

    #[test]
    fn header_errors_and_trailing_empty_pieces() {
        let f = format(&[("parse.headers", "true")]);
        assert_eq!(
            f.parse(b"novalue".to_vec(), 2).unwrap_err().to_string(),
            "No headers delimiter found on line number 2: 'novalue'"
        );
        assert_eq!(
            f.parse(b"h1\tv".to_vec(), 4).unwrap_err().to_string(),
            "No header key separator found in pair 'h1' on line number 4"
        );
        let r = f.parse(b"a:1,,\tv".to_vec(), 1).unwrap();
        assert_eq!(r.headers, vec![h("a", Some("1"))]);
    }

    #[test]
    fn null_marker_makes_keys_values_and_header_values_null() {
        let f = format(&[
            ("parse.key", "true"),
            ("parse.headers", "true"),
            ("null.marker", "NULL"),
        ]);
        let r = f.parse(b"a:NULL\tNULL\tNULL".to_vec(), 1).unwrap();
        assert_eq!(r.headers, vec![h("a", None)]);
        assert_eq!((r.key, r.value), (None, None));
        let r = f.parse(b"NULL\tk\tv".to_vec(), 1).unwrap();
        assert!(r.headers.is_empty());
        assert_eq!(
            f.parse(b"NULL:x\tk\tv".to_vec(), 1)
                .unwrap_err()
                .to_string(),
            "Header keys should not be equal to the null marker 'NULL' as they can't be null"
        );
    }

    #[test]
    fn headers_separator_is_a_regex() {
        let f = format(&[("parse.headers", "true"), ("headers.separator", "[;|]")]);
        let r = f.parse(b"a:1;b:2|c:3\tv".to_vec(), 1).unwrap();
        assert_eq!(r.headers.len(), 3);
    }

    #[test]
    fn conflicting_separators_are_refused_in_javas_order() {
        let props = |p: &[(&str, &str)]| -> String {
            let p: Vec<(String, String)> = p
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            LineFormat::from_properties(&p).unwrap_err().to_string()
        };
        assert_eq!(
            props(&[("headers.separator", "\t")]),
            "headers.delimiter and headers.separator may not be equal"
        );
        assert_eq!(
            props(&[("null.marker", "\t")]),
            "null.marker and key.separator may not be equal"
        );
        assert_eq!(
            props(&[("null.marker", ",")]),
            "null.marker and headers.separator may not be equal"
        );
    }
}
