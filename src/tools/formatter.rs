//! Java's `DefaultMessageFormatter` (reference §4.4): which fields of a record are printed, in
//! which order, with which separators, and the deserializers that make sense without a JVM.
//!
//! Bytes are written as they are unless a deserializer is configured, so a value that is not
//! UTF-8 reaches stdout unchanged, as with Java's byte-array path.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, Result};

use crate::client::consume::InRecord;
use crate::client::properties;
use crate::error::usage;
use crate::output::Output;
use crate::tools::record_json::RecordJson;

/// The formatter options of the console consumers (`kafka-console-consumer`,
/// `kafka-console-share-consumer`).
#[derive(clap::Args, Debug, Default)]
pub(crate) struct FormatterArgs {
    /// Formatter class: DefaultMessageFormatter (default), LoggingMessageFormatter, NoOpMessageFormatter
    #[arg(long, value_name = "CLASS", value_parser = crate::tools::Suggest(&["org.apache.kafka.tools.consumer.DefaultMessageFormatter", "org.apache.kafka.tools.consumer.LoggingMessageFormatter", "org.apache.kafka.tools.consumer.NoOpMessageFormatter"]), hide_possible_values = true)]
    formatter: Option<String>,

    /// A formatter property: print.key, print.value, print.timestamp, print.partition, print.offset, print.delivery, print.epoch, print.headers, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer, ...
    #[arg(long = "formatter-property", value_name = "KEY=VALUE")]
    formatter_property: Vec<String>,

    /// Deprecated alias of --formatter-property
    #[arg(long, value_name = "KEY=VALUE")]
    property: Vec<String>,

    /// Java properties file with formatter properties
    #[arg(long = "formatter-config", value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    formatter_config: Option<PathBuf>,

    /// Deserializer class for keys (formatter property key.deserializer)
    #[arg(long = "key-deserializer", value_name = "CLASS")]
    key_deserializer: Option<String>,

    /// Deserializer class for values (formatter property value.deserializer)
    #[arg(long = "value-deserializer", value_name = "CLASS")]
    value_deserializer: Option<String>,
}

impl FormatterArgs {
    /// Java's checks of `--property` against `--formatter-property`, then its deprecation
    /// warning, then the formatter.
    pub(crate) fn build(&self, out: &mut Output) -> Result<Formatter> {
        if !self.property.is_empty() && !self.formatter_property.is_empty() {
            return Err(usage(
                "Options --property and --formatter-property cannot be specified together.",
            ));
        }
        warn_deprecated(
            out,
            &[(
                !self.property.is_empty(),
                "--property",
                "--formatter-property",
            )],
        )?;
        let kind = FormatterKind::from_class(
            self.formatter
                .as_deref()
                .unwrap_or("org.apache.kafka.tools.consumer.DefaultMessageFormatter"),
        )?;
        let mut props = match &self.formatter_config {
            Some(path) => properties::load_file(path)?,
            None => Vec::new(),
        };
        if let Some(k) = &self.key_deserializer {
            props.push(("key.deserializer".into(), k.clone()));
        }
        if let Some(v) = &self.value_deserializer {
            props.push(("value.deserializer".into(), v.clone()));
        }
        props.extend(
            self.formatter_property
                .iter()
                .chain(&self.property)
                .map(|w| properties::parse_key_value_word(w)),
        );
        Formatter::new(kind, &props)
    }
}

/// Java's warning for each deprecated option given: `(given, option, its replacement)`.
pub(crate) fn warn_deprecated(out: &mut Output, options: &[(bool, &str, &str)]) -> Result<()> {
    for (given, name, instead) in options {
        if *given {
            out.line(&format!("Option {name} is deprecated and will be removed in a future version. Use {instead} instead."))?;
        }
    }
    Ok(())
}

/// Appends one record to `buf` as `--output json` writes it (a JSON line), or as the
/// formatter prints it; on error nothing of the record is appended.
pub(crate) fn render(
    record: &InRecord<'_>,
    formatter: &Formatter,
    json: bool,
    buf: &mut Vec<u8>,
) -> Result<()> {
    if !json {
        return formatter.format(record, buf);
    }
    let headers: Vec<(String, Option<&[u8]>)> = record
        .headers
        .iter()
        .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), *v))
        .collect();
    let mut value = RecordJson {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        key: record.key,
        value: record.value,
        headers: headers.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
    }
    .to_value();
    if let (Some(n), Some(map)) = (record.delivery, value.as_object_mut()) {
        map.insert("delivery_count".into(), n.into());
    }
    serde_json::to_writer(&mut *buf, &value)?;
    buf.push(b'\n');
    Ok(())
}

/// The formatter classes `--formatter` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatterKind {
    /// `DefaultMessageFormatter` (and `LoggingMessageFormatter`, whose extra log line is INFO).
    Default,
    /// `NoOpMessageFormatter`: prints nothing.
    NoOp,
}

impl FormatterKind {
    /// Maps a Java class name; other formatters are refused.
    pub(crate) fn from_class(class: &str) -> Result<Self> {
        let simple = class.rsplit('.').next().unwrap_or(class);
        match simple {
            "DefaultMessageFormatter" | "LoggingMessageFormatter" => Ok(Self::Default),
            "NoOpMessageFormatter" => Ok(Self::NoOp),
            _ => Err(usage(format!(
                "formatter {class} is not available here (use org.apache.kafka.tools.consumer.DefaultMessageFormatter, LoggingMessageFormatter or NoOpMessageFormatter)"
            ))),
        }
    }
}

/// Kafka's deserializers, by what they print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deserializer {
    /// The bytes as they are (ByteArray/ByteBuffer/Bytes, or none configured).
    Raw,
    /// UTF-8 text; invalid sequences become U+FFFD as in Java.
    Text,
    Short,
    Integer,
    Long,
    Float,
    Double,
    Uuid,
    Boolean,
    Void,
}

impl Deserializer {
    fn from_class(class: &str) -> Result<Self> {
        let simple = class.rsplit('.').next().unwrap_or(class);
        Ok(match simple {
            "ByteArrayDeserializer" | "ByteBufferDeserializer" | "BytesDeserializer" => Self::Raw,
            "StringDeserializer" => Self::Text,
            "ShortDeserializer" => Self::Short,
            "IntegerDeserializer" => Self::Integer,
            "LongDeserializer" => Self::Long,
            "FloatDeserializer" => Self::Float,
            "DoubleDeserializer" => Self::Double,
            "UUIDDeserializer" => Self::Uuid,
            "BooleanDeserializer" => Self::Boolean,
            "VoidDeserializer" => Self::Void,
            _ => {
                return Err(usage(format!(
                    "deserializer {class} is not available here (use org.apache.kafka.common.serialization.StringDeserializer, ByteArrayDeserializer, IntegerDeserializer, LongDeserializer, ShortDeserializer, FloatDeserializer, DoubleDeserializer, UUIDDeserializer or BooleanDeserializer)"
                )))
            }
        })
    }

    /// Renders `bytes` as Java's `deserialize(...).toString()` would.
    fn render(self, bytes: &[u8], out: &mut Vec<u8>) -> Result<()> {
        let fixed = |n: usize, name: &str| -> Result<()> {
            if bytes.len() == n {
                Ok(())
            } else {
                Err(anyhow!("Size of data received by {name} is not {n}"))
            }
        };
        match self {
            Self::Raw => out.extend_from_slice(bytes),
            Self::Text => out.extend_from_slice(String::from_utf8_lossy(bytes).as_bytes()),
            Self::Short => {
                fixed(2, "ShortDeserializer")?;
                write!(out, "{}", i16::from_be_bytes([bytes[0], bytes[1]]))?;
            }
            Self::Integer => {
                fixed(4, "IntegerDeserializer")?;
                write!(
                    out,
                    "{}",
                    i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
                )?;
            }
            Self::Long => {
                fixed(8, "LongDeserializer")?;
                let mut b = [0u8; 8];
                b.copy_from_slice(bytes);
                write!(out, "{}", i64::from_be_bytes(b))?;
            }
            Self::Float => {
                fixed(4, "FloatDeserializer")?;
                write!(
                    out,
                    "{}",
                    java_float(f64::from(f32::from_be_bytes([
                        bytes[0], bytes[1], bytes[2], bytes[3]
                    ])))
                )?;
            }
            Self::Double => {
                fixed(8, "DoubleDeserializer")?;
                let mut b = [0u8; 8];
                b.copy_from_slice(bytes);
                write!(out, "{}", java_float(f64::from_be_bytes(b)))?;
            }
            Self::Uuid => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| anyhow!("Error parsing data into UUID"))?;
                out.extend_from_slice(text.as_bytes());
            }
            Self::Boolean => {
                fixed(1, "BooleanDeserializer")?;
                out.extend_from_slice(if bytes[0] != 0 { b"true" } else { b"false" });
            }
            Self::Void => {
                if !bytes.is_empty() {
                    return Err(anyhow!("Data should be null for a VoidDeserializer."));
                }
                out.extend_from_slice(b"null");
            }
        }
        Ok(())
    }
}

/// Java's `Double.toString` for ordinary values: a decimal point is always present.
fn java_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if v == v.trunc() && v.abs() < 1e7 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// The formatter of one run, configured from the formatter properties.
#[derive(Debug, Clone)]
pub(crate) struct Formatter {
    kind: FormatterKind,
    print_timestamp: bool,
    print_partition: bool,
    print_offset: bool,
    print_delivery: bool,
    print_epoch: bool,
    print_headers: bool,
    print_key: bool,
    print_value: bool,
    key_separator: Vec<u8>,
    line_separator: Vec<u8>,
    headers_separator: Vec<u8>,
    null_literal: Vec<u8>,
    key_deserializer: Deserializer,
    value_deserializer: Deserializer,
    headers_deserializer: Deserializer,
}

impl Formatter {
    /// Whether it prints record headers (`print.headers`).
    pub(crate) fn prints_headers(&self) -> bool {
        self.print_headers
    }

    /// Builds the formatter from its properties (later keys win).
    pub(crate) fn new(kind: FormatterKind, props: &[(String, String)]) -> Result<Self> {
        let get = |key: &str| {
            props
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        let flag = |key: &str, default: bool| {
            get(key).map_or(default, |v| v.trim().eq_ignore_ascii_case("true"))
        };
        let bytes = |key: &str, default: &str| get(key).unwrap_or(default).as_bytes().to_vec();
        let deser = |key: &str| get(key).map_or(Ok(Deserializer::Raw), Deserializer::from_class);
        Ok(Self {
            kind,
            print_timestamp: flag("print.timestamp", false),
            print_partition: flag("print.partition", false),
            print_offset: flag("print.offset", false),
            print_delivery: flag("print.delivery", false),
            print_epoch: flag("print.epoch", false),
            print_headers: flag("print.headers", false),
            print_key: flag("print.key", false),
            print_value: flag("print.value", true),
            key_separator: bytes("key.separator", "\t"),
            line_separator: bytes("line.separator", "\n"),
            headers_separator: bytes("headers.separator", ","),
            null_literal: bytes("null.literal", "null"),
            key_deserializer: deser("key.deserializer")?,
            value_deserializer: deser("value.deserializer")?,
            headers_deserializer: deser("headers.deserializer")?,
        })
    }

    /// Appends one record's text to `out`; on error nothing of the record is appended.
    pub(crate) fn format(&self, record: &InRecord<'_>, out: &mut Vec<u8>) -> Result<()> {
        if self.kind == FormatterKind::NoOp {
            return Ok(());
        }
        let start = out.len();
        let result = self.write_fields(record, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    /// Writes a nullable field through a deserializer (a null is rendered from `null.literal`
    /// bytes when a deserializer is set, as Java does).
    fn field(&self, bytes: Option<&[u8]>, deser: Deserializer, out: &mut Vec<u8>) -> Result<()> {
        match bytes {
            Some(b) => deser.render(b, out),
            None if deser == Deserializer::Raw => {
                out.extend_from_slice(&self.null_literal);
                Ok(())
            }
            None => deser.render(&self.null_literal.clone(), out),
        }
    }

    fn write_fields(&self, r: &InRecord<'_>, out: &mut Vec<u8>) -> Result<()> {
        let enabled = [
            self.print_timestamp,
            self.print_partition,
            self.print_offset,
            self.print_delivery,
            self.print_epoch,
            self.print_headers,
            self.print_key,
            self.print_value,
        ];
        let after = |i: usize, out: &mut Vec<u8>| {
            if enabled[i + 1..].iter().any(|e| *e) {
                out.extend_from_slice(&self.key_separator);
            } else {
                out.extend_from_slice(&self.line_separator);
            }
        };
        if self.print_timestamp {
            match r.timestamp {
                Some((ts, kind)) => write!(out, "{kind}:{ts}")?,
                None => out.extend_from_slice(b"NO_TIMESTAMP"),
            }
            after(0, out);
        }
        if self.print_partition {
            write!(out, "Partition:{}", r.partition)?;
            after(1, out);
        }
        if self.print_offset {
            write!(out, "Offset:{}", r.offset)?;
            after(2, out);
        }
        if self.print_delivery {
            match r.delivery {
                Some(n) => write!(out, "Delivery:{n}")?,
                None => out.extend_from_slice(b"Delivery:NOT_PRESENT"),
            }
            after(3, out);
        }
        if self.print_epoch {
            match r.epoch {
                Some(n) => write!(out, "Epoch:{n}")?,
                None => out.extend_from_slice(b"Epoch:NOT_PRESENT"),
            }
            after(4, out);
        }
        if self.print_headers {
            if r.headers.is_empty() {
                out.extend_from_slice(b"NO_HEADERS");
            }
            for (i, (name, value)) in r.headers.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(&self.headers_separator);
                }
                out.extend_from_slice(name);
                out.push(b':');
                self.field(*value, self.headers_deserializer, out)?;
            }
            after(5, out);
        }
        if self.print_key {
            self.field(r.key, self.key_deserializer, out)?;
            after(6, out);
        }
        if self.print_value {
            self.field(r.value, self.value_deserializer, out)?;
            out.extend_from_slice(&self.line_separator);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(key: Option<&'a [u8]>, value: Option<&'a [u8]>) -> InRecord<'a> {
        InRecord {
            topic: "t",
            partition: 0,
            offset: 42,
            timestamp: Some((1712345678901, "CreateTime")),
            key,
            value,
            headers: vec![(b"h1".to_vec(), Some(b"v1")), (b"h2".to_vec(), Some(b"v2"))],
            delivery: None,
            epoch: None,
        }
    }

    fn fmt(props: &[(&str, &str)], r: &InRecord<'_>) -> Vec<u8> {
        let props: Vec<(String, String)> = props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let f = Formatter::new(FormatterKind::Default, &props).unwrap();
        let mut out = Vec::new();
        f.format(r, &mut out).unwrap();
        out
    }

    #[test]
    fn the_reference_examples() {
        let r = record(Some(b"k"), Some(b"v"));
        assert_eq!(fmt(&[], &r), b"v\n");
        assert_eq!(fmt(&[("print.key", "true")], &r), b"k\tv\n");
        assert_eq!(
            fmt(&[("print.key", "true")], &record(None, Some(b"v"))),
            b"null\tv\n"
        );
        let all = [
            ("print.timestamp", "true"),
            ("print.key", "true"),
            ("print.offset", "true"),
            ("print.partition", "true"),
            ("print.headers", "true"),
        ];
        assert_eq!(
            fmt(&all, &r),
            b"CreateTime:1712345678901\tPartition:0\tOffset:42\th1:v1,h2:v2\tk\tv\n"
        );
        assert_eq!(
            fmt(&[("print.value", "false"), ("print.key", "true")], &r),
            b"k\n"
        );
        assert_eq!(fmt(&[("print.value", "false")], &r), b"");
    }

    #[test]
    fn separators_null_literal_and_raw_bytes() {
        let r = record(None, Some(&[0xff, 0xfe]));
        let out = fmt(
            &[
                ("print.key", "true"),
                ("key.separator", "|"),
                ("line.separator", ";"),
                ("null.literal", "NIL"),
            ],
            &r,
        );
        assert_eq!(out, b"NIL|\xff\xfe;");
    }

    #[test]
    fn deserializers_render_like_java() {
        let int = 258i32.to_be_bytes();
        assert_eq!(
            fmt(
                &[(
                    "value.deserializer",
                    "org.apache.kafka.common.serialization.IntegerDeserializer"
                )],
                &record(None, Some(&int))
            ),
            b"258\n"
        );
        let long = (-5i64).to_be_bytes();
        assert_eq!(
            fmt(
                &[(
                    "value.deserializer",
                    "org.apache.kafka.common.serialization.LongDeserializer"
                )],
                &record(None, Some(&long))
            ),
            b"-5\n"
        );
        let dbl = 1.5f64.to_be_bytes();
        assert_eq!(
            fmt(
                &[(
                    "value.deserializer",
                    "org.apache.kafka.common.serialization.DoubleDeserializer"
                )],
                &record(None, Some(&dbl))
            ),
            b"1.5\n"
        );
        let text = [b'a', 0xff];
        assert_eq!(
            fmt(
                &[(
                    "value.deserializer",
                    "org.apache.kafka.common.serialization.StringDeserializer"
                )],
                &record(None, Some(&text))
            ),
            "a\u{fffd}\n".as_bytes()
        );
        let props = vec![(
            "value.deserializer".to_string(),
            "org.apache.kafka.common.serialization.IntegerDeserializer".to_string(),
        )];
        let f = Formatter::new(FormatterKind::Default, &props).unwrap();
        let mut out = b"keep".to_vec();
        let err = f.format(&record(None, Some(b"abc")), &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Size of data received by IntegerDeserializer is not 4"
        );
        assert_eq!(out, b"keep");
    }

    #[test]
    fn unknown_classes_are_refused() {
        assert!(FormatterKind::from_class("com.example.Fancy").is_err());
        assert_eq!(
            FormatterKind::from_class("org.apache.kafka.tools.consumer.NoOpMessageFormatter")
                .unwrap(),
            FormatterKind::NoOp
        );
        let props = vec![(
            "key.deserializer".to_string(),
            "io.confluent.AvroDeserializer".to_string(),
        )];
        assert!(Formatter::new(FormatterKind::Default, &props).is_err());
    }
}
