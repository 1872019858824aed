//! The JSON shape of one record, shared by `kafka-console-consumer --output json` (which writes
//! it) and `kafka-console-producer --input-format json` (which reads it), so that one tool's
//! output piped into the other copies records with keys, headers and partitions intact.
//!
//! ```json
//! {"topic":"t","partition":0,"offset":7,"timestamp":1700000000000,"timestamp_type":"CreateTime",
//!  "key":"k","value":"v","headers":[{"key":"h","value":"x"}]}
//! ```
//!
//! Keys, values and header values are JSON strings when their bytes are UTF-8, `null` when null,
//! and `{"base64":"..."}` when they are not UTF-8, so every byte survives the round trip.

use anyhow::{anyhow, Result};
use serde_json::{json, Map, Value};

use crate::client::produce::OutRecord;

/// Encodes bytes as a JSON string (UTF-8) or `{"base64": ...}`.
pub(crate) fn encode_bytes(bytes: Option<&[u8]>) -> Value {
    match bytes {
        None => Value::Null,
        Some(b) => match std::str::from_utf8(b) {
            Ok(text) => Value::String(text.to_string()),
            Err(_) => json!({ "base64": base64_encode(b) }),
        },
    }
}

/// Decodes a value written by [`encode_bytes`].
fn decode_bytes(value: Option<&Value>, field: &str) -> Result<Option<Vec<u8>>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_bytes().to_vec())),
        Some(Value::Object(o)) => match o.get("base64") {
            Some(Value::String(b64)) => base64_decode(b64)
                .map(Some)
                .ok_or_else(|| anyhow!("{field}: invalid base64")),
            _ => Err(anyhow!(
                "{field}: expected a string, null or {{\"base64\": ...}}"
            )),
        },
        Some(_) => Err(anyhow!(
            "{field}: expected a string, null or {{\"base64\": ...}}"
        )),
    }
}

/// A record as one JSON object (the console consumer's `--output json`).
pub(crate) struct RecordJson<'a> {
    pub(crate) topic: &'a str,
    pub(crate) partition: i32,
    pub(crate) offset: i64,
    pub(crate) timestamp: Option<(i64, &'static str)>,
    pub(crate) key: Option<&'a [u8]>,
    pub(crate) value: Option<&'a [u8]>,
    pub(crate) headers: Vec<(&'a str, Option<&'a [u8]>)>,
}

impl RecordJson<'_> {
    /// The JSON object, fields in a stable order.
    pub(crate) fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("topic".into(), json!(self.topic));
        map.insert("partition".into(), json!(self.partition));
        map.insert("offset".into(), json!(self.offset));
        match self.timestamp {
            Some((ts, kind)) => {
                map.insert("timestamp".into(), json!(ts));
                map.insert("timestamp_type".into(), json!(kind));
            }
            None => {
                map.insert("timestamp".into(), Value::Null);
                map.insert("timestamp_type".into(), json!("NoTimestampType"));
            }
        }
        map.insert("key".into(), encode_bytes(self.key));
        map.insert("value".into(), encode_bytes(self.value));
        let headers: Vec<Value> = self
            .headers
            .iter()
            .map(|(k, v)| json!({ "key": k, "value": encode_bytes(*v) }))
            .collect();
        map.insert("headers".into(), Value::Array(headers));
        Value::Object(map)
    }
}

/// Parses one input line of `--input-format json` into a record to produce.
///
/// `key`, `value`, `headers`, `partition` and `timestamp` are read; other fields (`topic`,
/// `offset`, ...) are ignored, so consumer output can be piped in as it is.
pub(crate) fn parse_line(line: &[u8], number: u64) -> Result<OutRecord> {
    let doc: Value = serde_json::from_slice(line)
        .map_err(|e| anyhow!("line {number}: not a JSON object: {e}"))?;
    let Value::Object(obj) = doc else {
        return Err(anyhow!("line {number}: not a JSON object"));
    };
    let at = |e: anyhow::Error| anyhow!("line {number}: {e}");
    let key = decode_bytes(obj.get("key"), "key").map_err(at)?;
    let value = decode_bytes(obj.get("value"), "value").map_err(at)?;
    let headers = match obj.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|h| {
                let k = h
                    .get("key")
                    .and_then(Value::as_str)
                    .ok_or_else(|| anyhow!("headers: each header needs a string \"key\""))?;
                Ok((k.to_string(), decode_bytes(h.get("value"), "header value")?))
            })
            .collect::<Result<Vec<_>>>()
            .map_err(at)?,
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), decode_bytes(Some(v), "header value")?)))
            .collect::<Result<Vec<_>>>()
            .map_err(at)?,
        Some(_) => {
            return Err(anyhow!(
                "line {number}: headers must be an array or an object"
            ))
        }
    };
    let int = |field: &str| -> Result<Option<i64>> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| anyhow!("line {number}: {field} must be an integer")),
        }
    };
    let partition = int("partition")?
        .map(|p| i32::try_from(p).map_err(|_| anyhow!("line {number}: partition out of range")))
        .transpose()?;
    Ok(OutRecord {
        key,
        value,
        headers,
        partition,
        timestamp: int("timestamp")?,
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(B64[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional); `None` when malformed.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u32> = text
        .trim_end_matches('=')
        .bytes()
        .map(|b| B64.iter().position(|c| *c == b).map(|p| p as u32))
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (d << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for data in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            b"fooba",
            b"foobar",
            &[0xff, 0x00, 0xfe],
        ] {
            assert_eq!(base64_decode(&base64_encode(data)).unwrap(), data);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert!(base64_decode("a").is_none());
    }

    #[test]
    fn consumer_output_reads_back_as_the_same_record() {
        let line = RecordJson {
            topic: "t",
            partition: 2,
            offset: 9,
            timestamp: Some((1700, "CreateTime")),
            key: Some(b"k"),
            value: Some(&[0xff, 0x61]),
            headers: vec![("h", Some(b"x")), ("n", None)],
        }
        .to_value()
        .to_string();
        let r = parse_line(line.as_bytes(), 1).unwrap();
        assert_eq!(r.key.as_deref(), Some(&b"k"[..]));
        assert_eq!(r.value.as_deref(), Some(&[0xff, 0x61][..]));
        assert_eq!(
            r.headers,
            vec![
                ("h".to_string(), Some(b"x".to_vec())),
                ("n".to_string(), None)
            ]
        );
        assert_eq!((r.partition, r.timestamp), (Some(2), Some(1700)));
        assert!(line.contains("\"value\":{\"base64\":\"/2E=\"}"), "{line}");
    }

    #[test]
    fn bad_lines_name_the_line_and_field() {
        assert!(parse_line(b"nope", 4)
            .unwrap_err()
            .to_string()
            .starts_with("line 4: not a JSON object"));
        assert_eq!(
            parse_line(b"{\"key\":5}", 2).unwrap_err().to_string(),
            "line 2: key: expected a string, null or {\"base64\": ...}"
        );
        assert_eq!(
            parse_line(b"{\"partition\":\"x\"}", 1)
                .unwrap_err()
                .to_string(),
            "line 1: partition must be an integer"
        );
    }
}
