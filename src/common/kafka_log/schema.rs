//! Kafka's message schemas, interpreted: the bytes of a metadata, coordinator or control record
//! read by the field list of its JSON schema (`schemas/`, Kafka 4.4's own files), written as the
//! JSON of Kafka's generated `*JsonConverter` classes (field order, names, types, tagged fields
//! only when present).
//!
//! Every length read from the bytes is checked against the bytes left before anything is
//! allocated, so a corrupt record costs no more memory than its own size.

use std::collections::HashMap;
use std::sync::OnceLock;

use base64::Engine;
use serde_json::{Map, Value};

/// The schema files, embedded.
const FILES: &[&str] = &[
    include_str!("schemas/AbortTransactionRecord.json"),
    include_str!("schemas/AccessControlEntryRecord.json"),
    include_str!("schemas/BeginTransactionRecord.json"),
    include_str!("schemas/BrokerRegistrationChangeRecord.json"),
    include_str!("schemas/ClearElrRecord.json"),
    include_str!("schemas/ClientQuotaRecord.json"),
    include_str!("schemas/ConfigRecord.json"),
    include_str!("schemas/ConsumerGroupCurrentMemberAssignmentKey.json"),
    include_str!("schemas/ConsumerGroupCurrentMemberAssignmentValue.json"),
    include_str!("schemas/ConsumerGroupMemberMetadataKey.json"),
    include_str!("schemas/ConsumerGroupMemberMetadataValue.json"),
    include_str!("schemas/ConsumerGroupMetadataKey.json"),
    include_str!("schemas/ConsumerGroupMetadataValue.json"),
    include_str!("schemas/ConsumerGroupPartitionMetadataKey.json"),
    include_str!("schemas/ConsumerGroupPartitionMetadataValue.json"),
    include_str!("schemas/ConsumerGroupRegularExpressionKey.json"),
    include_str!("schemas/ConsumerGroupRegularExpressionValue.json"),
    include_str!("schemas/ConsumerGroupTargetAssignmentMemberKey.json"),
    include_str!("schemas/ConsumerGroupTargetAssignmentMemberValue.json"),
    include_str!("schemas/ConsumerGroupTargetAssignmentMetadataKey.json"),
    include_str!("schemas/ConsumerGroupTargetAssignmentMetadataValue.json"),
    include_str!("schemas/ConsumerProtocolAssignment.json"),
    include_str!("schemas/ConsumerProtocolSubscription.json"),
    include_str!("schemas/DelegationTokenRecord.json"),
    include_str!("schemas/EndTransactionRecord.json"),
    include_str!("schemas/FeatureLevelRecord.json"),
    include_str!("schemas/FenceBrokerRecord.json"),
    include_str!("schemas/GroupMetadataKey.json"),
    include_str!("schemas/GroupMetadataValue.json"),
    include_str!("schemas/KRaftVersionRecord.json"),
    include_str!("schemas/LeaderChangeMessage.json"),
    include_str!("schemas/LegacyOffsetCommitKey.json"),
    include_str!("schemas/LegacyOffsetCommitValue.json"),
    include_str!("schemas/NoOpRecord.json"),
    include_str!("schemas/OffsetCommitKey.json"),
    include_str!("schemas/OffsetCommitValue.json"),
    include_str!("schemas/PartitionChangeRecord.json"),
    include_str!("schemas/PartitionRecord.json"),
    include_str!("schemas/ProducerIdsRecord.json"),
    include_str!("schemas/ProducerSnapshot.json"),
    include_str!("schemas/RegisterBrokerRecord.json"),
    include_str!("schemas/RegisterControllerRecord.json"),
    include_str!("schemas/RemoteLogSegmentMetadataRecord.json"),
    include_str!("schemas/RemoteLogSegmentMetadataSnapshotRecord.json"),
    include_str!("schemas/RemoteLogSegmentMetadataUpdateRecord.json"),
    include_str!("schemas/RemotePartitionDeleteMetadataRecord.json"),
    include_str!("schemas/RemoveAccessControlEntryRecord.json"),
    include_str!("schemas/RemoveDelegationTokenRecord.json"),
    include_str!("schemas/RemoveTopicRecord.json"),
    include_str!("schemas/RemoveUserScramCredentialRecord.json"),
    include_str!("schemas/ShareGroupCurrentMemberAssignmentKey.json"),
    include_str!("schemas/ShareGroupCurrentMemberAssignmentValue.json"),
    include_str!("schemas/ShareGroupMemberMetadataKey.json"),
    include_str!("schemas/ShareGroupMemberMetadataValue.json"),
    include_str!("schemas/ShareGroupMetadataKey.json"),
    include_str!("schemas/ShareGroupMetadataValue.json"),
    include_str!("schemas/ShareGroupStatePartitionMetadataKey.json"),
    include_str!("schemas/ShareGroupStatePartitionMetadataValue.json"),
    include_str!("schemas/ShareGroupTargetAssignmentMemberKey.json"),
    include_str!("schemas/ShareGroupTargetAssignmentMemberValue.json"),
    include_str!("schemas/ShareGroupTargetAssignmentMetadataKey.json"),
    include_str!("schemas/ShareGroupTargetAssignmentMetadataValue.json"),
    include_str!("schemas/ShareSnapshotKey.json"),
    include_str!("schemas/ShareSnapshotValue.json"),
    include_str!("schemas/ShareUpdateKey.json"),
    include_str!("schemas/ShareUpdateValue.json"),
    include_str!("schemas/SnapshotFooterRecord.json"),
    include_str!("schemas/SnapshotHeaderRecord.json"),
    include_str!("schemas/StreamsGroupCurrentMemberAssignmentKey.json"),
    include_str!("schemas/StreamsGroupCurrentMemberAssignmentValue.json"),
    include_str!("schemas/StreamsGroupMemberMetadataKey.json"),
    include_str!("schemas/StreamsGroupMemberMetadataValue.json"),
    include_str!("schemas/StreamsGroupMetadataKey.json"),
    include_str!("schemas/StreamsGroupMetadataValue.json"),
    include_str!("schemas/StreamsGroupTargetAssignmentMemberKey.json"),
    include_str!("schemas/StreamsGroupTargetAssignmentMemberValue.json"),
    include_str!("schemas/StreamsGroupTargetAssignmentMetadataKey.json"),
    include_str!("schemas/StreamsGroupTargetAssignmentMetadataValue.json"),
    include_str!("schemas/StreamsGroupTopologyKey.json"),
    include_str!("schemas/StreamsGroupTopologyValue.json"),
    include_str!("schemas/TopicRecord.json"),
    include_str!("schemas/TransactionLogKey.json"),
    include_str!("schemas/TransactionLogValue.json"),
    include_str!("schemas/UnfenceBrokerRecord.json"),
    include_str!("schemas/UnregisterBrokerRecord.json"),
    include_str!("schemas/UnregisterControllerRecord.json"),
    include_str!("schemas/UserScramCredentialRecord.json"),
    include_str!("schemas/VotersRecord.json"),
    include_str!("schemas/ZkMigrationRecord.json"),
];

/// An inclusive range of versions; empty for `none`.
#[derive(Clone, Copy, Debug)]
struct Versions {
    lo: i32,
    hi: i32,
}

impl Versions {
    const NONE: Versions = Versions { lo: 1, hi: 0 };

    fn parse(text: Option<&str>) -> Versions {
        let Some(text) = text.map(str::trim) else {
            return Versions::NONE;
        };
        if text == "none" || text.is_empty() {
            return Versions::NONE;
        }
        if let Some(lo) = text.strip_suffix('+') {
            return Versions {
                lo: lo.parse().unwrap_or(i32::MAX),
                hi: i32::MAX,
            };
        }
        match text.split_once('-') {
            Some((lo, hi)) => Versions {
                lo: lo.parse().unwrap_or(i32::MAX),
                hi: hi.parse().unwrap_or(-1),
            },
            None => {
                let v = text.parse().unwrap_or(-1);
                Versions { lo: v, hi: v }
            }
        }
    }

    fn contains(self, v: i32) -> bool {
        v >= self.lo && v <= self.hi
    }
}

#[derive(Debug, Clone)]
enum Type {
    Bool,
    Int8,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Int64,
    Float64,
    Str,
    Bytes,
    Uuid,
    Array(Box<Type>),
    Struct(String),
}

impl Type {
    fn parse(text: &str) -> Type {
        if let Some(inner) = text.strip_prefix("[]") {
            return Type::Array(Box::new(Type::parse(inner)));
        }
        match text {
            "bool" => Type::Bool,
            "int8" => Type::Int8,
            "int16" => Type::Int16,
            "uint16" => Type::Uint16,
            "int32" => Type::Int32,
            "uint32" => Type::Uint32,
            "int64" => Type::Int64,
            "float64" => Type::Float64,
            "string" => Type::Str,
            "bytes" | "records" => Type::Bytes,
            "uuid" => Type::Uuid,
            name => Type::Struct(name.to_string()),
        }
    }
}

#[derive(Debug)]
struct Field {
    /// The JSON name: the schema's name with its first letter in lower case.
    json_name: String,
    ty: Type,
    versions: Versions,
    nullable: Versions,
    tagged: Versions,
    tag: Option<u64>,
    /// The schema's `default`, if any (a number or a string).
    default: Option<Value>,
}

impl Field {
    /// Whether `value` is the field's default: a tagged field is written to JSON only when it
    /// is not (Kafka's JSON converters), except a struct, which is always written.
    fn is_default(&self, value: &Value) -> bool {
        let text = match &self.default {
            Some(Value::String(t)) => Some(t.clone()),
            Some(Value::Null) => Some("null".to_string()),
            Some(other) => Some(other.to_string()),
            None => None,
        };
        if matches!(self.ty, Type::Struct(_)) {
            return false;
        }
        if text.as_deref() == Some("null") {
            return value.is_null();
        }
        match &self.ty {
            Type::Struct(_) => false,
            Type::Bool => value.as_bool() == Some(text.as_deref() == Some("true")),
            Type::Str => value.as_str() == Some(text.as_deref().unwrap_or("")),
            Type::Bytes | Type::Array(_) => {
                value.as_array().is_some_and(Vec::is_empty) || value.as_str() == Some("")
            }
            Type::Uuid => value.as_str() == Some("AAAAAAAAAAAAAAAAAAAAAA"),
            Type::Float64 => {
                value.as_f64() == Some(text.as_deref().and_then(|t| t.parse().ok()).unwrap_or(0.0))
            }
            _ => {
                let default = match text.as_deref() {
                    None => Some(0),
                    Some(t) => match t.strip_prefix("0x") {
                        Some(hex) => i64::from_str_radix(hex, 16).ok(),
                        None => t.parse::<i64>().ok(),
                    },
                };
                default.is_some_and(|d| value.as_i64() == Some(d))
            }
        }
    }
}

/// One message schema: its fields and the structs they use.
#[derive(Debug)]
pub(crate) struct Schema {
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) api_key: Option<i64>,
    valid: Versions,
    flexible: Versions,
    fields: Vec<Field>,
    structs: HashMap<String, Vec<Field>>,
}

fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn parse_fields(list: Option<&Value>, structs: &mut HashMap<String, Vec<Field>>) -> Vec<Field> {
    let Some(Value::Array(list)) = list else {
        return Vec::new();
    };
    list.iter()
        .map(|f| {
            let s = |k: &str| f.get(k).and_then(Value::as_str);
            let ty_text = s("type").unwrap_or("int8");
            let ty = Type::parse(ty_text);
            if f.get("fields").is_some() {
                let name = ty_text.trim_start_matches("[]").to_string();
                let inner = parse_fields(f.get("fields"), structs);
                structs.insert(name, inner);
            }
            Field {
                json_name: camel(s("name").unwrap_or_default()),
                ty,
                // A tagged-only field's versions are its tagged versions.
                versions: Versions::parse(s("versions").or(s("taggedVersions"))),
                nullable: Versions::parse(s("nullableVersions")),
                tagged: Versions::parse(s("taggedVersions")),
                tag: f.get("tag").and_then(Value::as_u64),
                default: f.get("default").cloned(),
            }
        })
        .collect()
}

impl Schema {
    fn parse(text: &str) -> Option<Schema> {
        let doc: Value = serde_json::from_str(text).ok()?;
        let mut structs = HashMap::new();
        if let Some(Value::Array(common)) = doc.get("commonStructs") {
            for c in common {
                let name = c.get("name").and_then(Value::as_str)?.to_string();
                let fields = parse_fields(c.get("fields"), &mut structs);
                structs.insert(name, fields);
            }
        }
        let fields = parse_fields(doc.get("fields"), &mut structs);
        Some(Schema {
            name: doc.get("name")?.as_str()?.to_string(),
            kind: doc.get("type")?.as_str()?.to_string(),
            api_key: doc.get("apiKey").and_then(Value::as_i64),
            valid: Versions::parse(doc.get("validVersions").and_then(Value::as_str)),
            flexible: Versions::parse(doc.get("flexibleVersions").and_then(Value::as_str)),
            fields,
            structs,
        })
    }

    /// Reads one message of `version` from `bytes` (all of it need not be used) as Java's JSON.
    pub(crate) fn read(&self, bytes: &[u8], version: i32) -> Result<Value, String> {
        if !self.valid.contains(version) {
            return Err(format!("Can't read version {version} of {}", self.name));
        }
        let mut cur = Cursor { buf: bytes, pos: 0 };
        self.read_struct(&self.fields, &mut cur, version, 0)
    }

    fn read_struct(
        &self,
        fields: &[Field],
        cur: &mut Cursor<'_>,
        version: i32,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > 32 {
            return Err("structs nested too deep".to_string());
        }
        let flexible = self.flexible.contains(version);
        let mut values: Vec<Option<Value>> = Vec::with_capacity(fields.len());
        for field in fields {
            if !field.versions.contains(version) || field.tagged.contains(version) {
                values.push(None);
                continue;
            }
            let nullable = field.nullable.contains(version);
            values.push(Some(
                self.read_value(&field.ty, nullable, flexible, cur, version, depth)?,
            ));
        }
        if flexible {
            let count = cur.uvarint()?;
            for _ in 0..count {
                let tag = u64::from(cur.uvarint()?);
                let size = cur.uvarint()? as usize;
                let data = cur.take(size)?;
                let found = fields.iter().position(|f| {
                    f.tag == Some(tag) && f.tagged.contains(version) && f.versions.contains(version)
                });
                if let Some(i) = found {
                    let field = &fields[i];
                    let mut sub = Cursor { buf: data, pos: 0 };
                    let nullable = field.nullable.contains(version);
                    // A tagged nullable struct is marked by an unsigned varint (0: null).
                    let value = if let (Type::Struct(_), true) = (&field.ty, nullable) {
                        if sub.uvarint()? == 0 {
                            Value::Null
                        } else {
                            self.read_value(&field.ty, false, true, &mut sub, version, depth)?
                        }
                    } else {
                        self.read_value(&field.ty, nullable, true, &mut sub, version, depth)?
                    };
                    values[i] = Some(value);
                }
            }
        }
        let mut map = Map::new();
        for (field, value) in fields.iter().zip(values) {
            let tagged = field.versions.contains(version) && field.tagged.contains(version);
            match value {
                Some(value) if tagged && field.is_default(&value) => {}
                Some(value) => {
                    map.insert(field.json_name.clone(), value);
                }
                // An absent tagged nullable struct is null, and Java writes it as null.
                None if tagged
                    && matches!(field.ty, Type::Struct(_))
                    && field.nullable.contains(version) =>
                {
                    map.insert(field.json_name.clone(), Value::Null);
                }
                None => {}
            }
        }
        Ok(Value::Object(map))
    }

    fn read_value(
        &self,
        ty: &Type,
        nullable: bool,
        flexible: bool,
        cur: &mut Cursor<'_>,
        version: i32,
        depth: usize,
    ) -> Result<Value, String> {
        Ok(match ty {
            Type::Bool => Value::Bool(cur.take(1)?[0] != 0),
            Type::Int8 => Value::from(cur.take(1)?[0] as i8),
            Type::Int16 => Value::from(cur.i16()?),
            Type::Uint16 => Value::from(cur.i16()? as u16),
            Type::Int32 => Value::from(cur.i32()?),
            Type::Uint32 => Value::from(cur.i32()? as u32),
            Type::Int64 => Value::from(cur.i64()?),
            Type::Float64 => {
                let bits = cur.i64()? as u64;
                serde_json::Number::from_f64(f64::from_bits(bits))
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
            Type::Str => match cur.length(flexible, false)? {
                None if nullable => Value::Null,
                None => return Err("non-nullable field was serialized as null".to_string()),
                Some(n) => Value::String(String::from_utf8_lossy(cur.take(n)?).into_owned()),
            },
            Type::Bytes => match cur.length(flexible, true)? {
                None if nullable => Value::Null,
                None => return Err("non-nullable field was serialized as null".to_string()),
                Some(n) => {
                    Value::String(base64::engine::general_purpose::STANDARD.encode(cur.take(n)?))
                }
            },
            Type::Uuid => Value::String(uuid_text(cur.take(16)?)),
            Type::Array(inner) => match cur.length(flexible, true)? {
                None if nullable => Value::Null,
                None => return Err("non-nullable field was serialized as null".to_string()),
                Some(n) => {
                    if n > cur.remaining() {
                        return Err(format!(
                            "Tried to read {n} elements, but only {} bytes remain",
                            cur.remaining()
                        ));
                    }
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.read_value(
                            inner,
                            false,
                            flexible,
                            cur,
                            version,
                            depth + 1,
                        )?);
                    }
                    Value::Array(items)
                }
            },
            Type::Struct(name) => {
                if nullable && (cur.take(1)?[0] as i8) < 0 {
                    return Ok(Value::Null);
                }
                let fields = self
                    .structs
                    .get(name)
                    .ok_or_else(|| format!("unknown struct {name} in {}", self.name))?;
                self.read_struct(fields, cur, version, depth + 1)?
            }
        })
    }
}

/// A Kafka `Uuid` as Java prints it: URL-safe base64 of its 16 bytes, no padding.
pub(crate) fn uuid_text(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `value` as Jackson's `JsonNode.toString` writes it: compact, doubles as Java's
/// `Double.toString` (`1.0E7`), control characters as `\uXXXX` in upper case.
pub(crate) fn java_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&java_double(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => write_json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Java's `Double.toString`: plain between 10^-3 and 10^7, else `d.dddE±n`; always a fraction.
pub(crate) fn java_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_string();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let abs = d.abs();
    if (1e-3..1e7).contains(&abs) {
        let plain = format!("{d}");
        return if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        };
    }
    // Shortest digits, as Rust's `{:e}` gives them: `1e7`, `1.5e-5`.
    let sci = format!("{d:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

/// A reader over bytes that fails, never panics, when they run out.
pub(crate) struct Cursor<'a> {
    pub(crate) buf: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.remaining() {
            return Err(format!(
                "Tried to read {n} bytes, but only {} bytes remain",
                self.remaining()
            ));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub(crate) fn i16(&mut self) -> Result<i16, String> {
        let b = self.take(2)?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    }

    pub(crate) fn i32(&mut self) -> Result<i32, String> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn i64(&mut self) -> Result<i64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_be_bytes(a))
    }

    /// An unsigned varint of at most 5 bytes (Kafka's `readUnsignedVarint`).
    pub(crate) fn uvarint(&mut self) -> Result<u32, String> {
        let mut value: u32 = 0;
        for i in 0..5 {
            let b = self.take(1)?[0];
            value |= u32::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("Varint is too long, the most significant bit in the 5th byte is set".to_string())
    }

    /// A length prefix: compact (unsigned varint, 0 = null) when flexible, else int16 (strings)
    /// or int32 (bytes, arrays), negative = null.
    fn length(&mut self, flexible: bool, wide: bool) -> Result<Option<usize>, String> {
        let n: i64 = if flexible {
            i64::from(self.uvarint()?) - 1
        } else if wide {
            i64::from(self.i32()?)
        } else {
            i64::from(self.i16()?)
        };
        Ok(usize::try_from(n).ok())
    }
}

/// Every schema, parsed once.
fn all() -> &'static [Schema] {
    static ALL: OnceLock<Vec<Schema>> = OnceLock::new();
    ALL.get_or_init(|| FILES.iter().filter_map(|f| Schema::parse(f)).collect())
}

fn find(kind: &str, api_key: i64, names: impl Fn(&str) -> bool) -> Option<&'static Schema> {
    all()
        .iter()
        .find(|s| s.kind == kind && s.api_key == Some(api_key) && names(&s.name))
}

fn by_name(name: &str) -> Option<&'static Schema> {
    all().iter().find(|s| s.name == name)
}

/// A schema name as Kafka's generated enums spell it: `RegisterBrokerRecord` ->
/// `REGISTER_BROKER_RECORD`.
fn upper_snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_capital = true;
    for c in name.chars() {
        if c.is_uppercase() {
            if !prev_capital {
                out.push('_');
            }
            out.extend(c.to_uppercase());
            prev_capital = true;
        } else {
            out.extend(c.to_uppercase());
            prev_capital = false;
        }
    }
    out
}

/// A cluster metadata record value (`MetadataRecordSerde`'s frame: frame version 1, api key,
/// version, message) as `{"type":...,"version":...,"data":...}`.
pub(crate) fn metadata_record(value: &[u8]) -> Result<Value, String> {
    let mut cur = Cursor { buf: value, pos: 0 };
    let frame = cur.uvarint()?;
    if frame == 0 {
        return Err("Could not deserialize metadata record with frame version 0. Note that upgrades from the preview release of KRaft in 2.8 to newer versions are not supported.".to_string());
    }
    if frame != 1 {
        return Err(format!(
            "Could not deserialize metadata record due to unknown frame version {frame}(only frame version 1 is supported)"
        ));
    }
    let api_key = cur.uvarint()?;
    let version = cur.uvarint()?;
    // The remote log metadata records are "metadata" schemas too, with their own api keys.
    let schema = find("metadata", i64::from(api_key), |n| !n.starts_with("Remote"))
        .ok_or_else(|| format!("Unknown metadata id {api_key}"))?;
    let version = i32::try_from(version).map_err(|_| format!("bad version {version}"))?;
    let data = schema.read(&value[cur.pos..], version)?;
    let mut map = Map::new();
    map.insert("type".into(), Value::String(upper_snake(&schema.name)));
    map.insert("version".into(), Value::from(version));
    map.insert("data".into(), data);
    Ok(Value::Object(map))
}

/// A KRaft control record's value (LeaderChange, SnapshotHeader, ...) as Java's JSON.
pub(crate) fn control_record(schema_name: &str, value: &[u8]) -> Result<Value, String> {
    let schema = by_name(schema_name).ok_or_else(|| format!("no schema {schema_name}"))?;
    schema.read(value, 0)
}

/// The producer state snapshot file's body (`ProducerSnapshot` at version 1, after the
/// version and before nothing: the CRC field is part of the message).
pub(crate) fn producer_snapshot(body: &[u8]) -> Result<Value, String> {
    let schema = by_name("ProducerSnapshot").ok_or("no ProducerSnapshot schema")?;
    schema.read(body, 1)
}

/// Which coordinator wrote a topic's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coordinator {
    /// `__consumer_offsets`.
    Group,
    /// `__transaction_state`.
    Transaction,
    /// `__share_group_state`.
    Share,
}

impl Coordinator {
    fn owns(self, name: &str) -> bool {
        match self {
            Coordinator::Transaction => name.starts_with("TransactionLog"),
            Coordinator::Share => {
                name.starts_with("ShareSnapshot") || name.starts_with("ShareUpdate")
            }
            Coordinator::Group => {
                !name.starts_with("TransactionLog")
                    && !name.starts_with("ShareSnapshot")
                    && !name.starts_with("ShareUpdate")
            }
        }
    }
}

/// What a coordinator record decodes to.
pub(crate) enum CoordinatorRecord {
    /// Key and value JSON (`None` value: a tombstone, `<DELETE>`).
    Decoded(Value, Option<Value>),
    /// The key's record type has no schema.
    UnknownType(i16),
}

/// A coordinator record (key: int16 record type then the key message at version 0; value:
/// int16 version then the value message) as Java's `{"type":...,"data":...}` key and
/// `{"version":...,"data":...}` value.
pub(crate) fn coordinator_record(
    coordinator: Coordinator,
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<CoordinatorRecord, String> {
    let mut cur = Cursor { buf: key, pos: 0 };
    let record_type = cur
        .i16()
        .map_err(|_| "Could not read version from key's buffer.".to_string())?;
    let Some(key_schema) = find("coordinator-key", i64::from(record_type), |n| {
        coordinator.owns(n)
    }) else {
        return Ok(CoordinatorRecord::UnknownType(record_type));
    };
    let key_data = key_schema.read(&key[2..], 0).map_err(|e| {
        format!("Could not read record with version {record_type} from key's buffer due to: {e}.")
    })?;
    let mut key_json = Map::new();
    key_json.insert("type".into(), Value::String(record_type.to_string()));
    key_json.insert("data".into(), key_data);
    let Some(value) = value else {
        return Ok(CoordinatorRecord::Decoded(Value::Object(key_json), None));
    };
    let value_schema = find("coordinator-value", i64::from(record_type), |n| {
        coordinator.owns(n)
    })
    .ok_or_else(|| format!("Unknown value record type {record_type}"))?;
    let mut cur = Cursor { buf: value, pos: 0 };
    let version = cur
        .i16()
        .map_err(|_| "Could not read version from value's buffer.".to_string())?;
    let mut data = value_schema
        .read(&value[2..], i32::from(version))
        .map_err(|e| {
            format!("Could not read record with version {version} from value's buffer due to: {e}.")
        })?;
    if value_schema.name == "GroupMetadataValue" {
        expand_consumer_protocol(&mut data);
    }
    if value_schema.name == "TransactionLogValue" {
        transaction_state_name(&mut data)?;
    }
    let mut value_json = Map::new();
    value_json.insert("version".into(), Value::String(version.to_string()));
    value_json.insert("data".into(), data);
    Ok(CoordinatorRecord::Decoded(
        Value::Object(key_json),
        Some(Value::Object(value_json)),
    ))
}

/// The transaction log's state, by name (Java's `TransactionState`), as Java prints it.
fn transaction_state_name(data: &mut Value) -> Result<(), String> {
    const STATES: &[&str] = &[
        "Empty",
        "Ongoing",
        "PrepareCommit",
        "PrepareAbort",
        "CompleteCommit",
        "CompleteAbort",
        "Dead",
        "PrepareEpochFence",
    ];
    let Some(obj) = data.as_object_mut() else {
        return Ok(());
    };
    if let Some(id) = obj.get("transactionStatus").and_then(Value::as_i64) {
        let name = usize::try_from(id)
            .ok()
            .and_then(|i| STATES.get(i))
            .ok_or_else(|| format!("Unknown transaction state id {id}"))?;
        obj.insert(
            "transactionStatus".into(),
            Value::String((*name).to_string()),
        );
    }
    Ok(())
}

/// A classic group of the consumer protocol: each member's subscription and assignment bytes
/// replaced by their decoded JSON, as Java does (kept as bytes when they do not decode).
fn expand_consumer_protocol(data: &mut Value) {
    if data.get("protocolType").and_then(Value::as_str) != Some("consumer") {
        return;
    }
    let Some(Value::Array(members)) = data.get_mut("members") else {
        return;
    };
    for member in members {
        for (field, schema) in [
            ("subscription", "ConsumerProtocolSubscription"),
            ("assignment", "ConsumerProtocolAssignment"),
        ] {
            let Some(Value::String(text)) = member.get(field) else {
                continue;
            };
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
                continue;
            };
            let decoded = by_name(schema).and_then(|s| {
                let mut cur = Cursor {
                    buf: &bytes,
                    pos: 0,
                };
                let version = cur.i16().ok()?;
                s.read(&bytes[2..], i32::from(version)).ok()
            });
            if let (Some(decoded), Some(obj)) = (decoded, member.as_object_mut()) {
                obj.insert(field.to_string(), decoded);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_file_parses() {
        assert_eq!(all().len(), FILES.len());
    }

    #[test]
    fn doubles_and_strings_print_as_jackson_prints_them() {
        assert_eq!(java_double(1e7), "1.0E7");
        assert_eq!(java_double(10.0), "10.0");
        assert_eq!(java_double(0.5), "0.5");
        assert_eq!(java_double(1.5e-5), "1.5E-5");
        assert_eq!(java_double(123456789.0), "1.23456789E8");
        assert_eq!(
            java_json(&serde_json::json!({"a": "x\u{1}\"y", "b": [1, 2.5]})),
            r#"{"a":"x\u0001\"y","b":[1,2.5]}"#
        );
    }

    #[test]
    fn names_are_spelled_as_kafka_enums() {
        assert_eq!(
            upper_snake("RegisterBrokerRecord"),
            "REGISTER_BROKER_RECORD"
        );
        assert_eq!(upper_snake("ClearElrRecord"), "CLEAR_ELR_RECORD");
    }

    #[test]
    fn a_feature_level_record_reads_as_java_prints_it() {
        // frame 1, api key 12, version 0, name "metadata.version" (compact), level 33, no tags.
        let mut bytes = vec![1u8, 12, 0, 17];
        bytes.extend_from_slice(b"metadata.version");
        bytes.extend_from_slice(&[0, 33, 0]);
        let json = metadata_record(&bytes).map(|v| v.to_string());
        assert_eq!(
            json.as_deref(),
            Ok(
                r#"{"type":"FEATURE_LEVEL_RECORD","version":0,"data":{"name":"metadata.version","featureLevel":33}}"#
            )
        );
    }

    #[test]
    fn lengths_beyond_the_bytes_fail_without_allocating() {
        // A TopicRecord whose name claims 2^31 bytes.
        let bytes = [1u8, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x07];
        assert!(metadata_record(&bytes).is_err());
        // An array of 2^31 elements in 3 bytes.
        let schema = by_name("VotersRecord");
        assert!(schema.is_some_and(|s| s.read(&[0, 0, 0xff, 0xff, 0xff, 0x7f], 0).is_err()));
    }
}
