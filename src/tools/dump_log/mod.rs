//! `kafka-dump-log`: prints the contents of a broker's files (Java's DumpLogSegments): log
//! segments and KRaft snapshots (batches, records, decoded payloads), offset and time indexes,
//! transaction indexes and producer state snapshots. No broker: the files are read as they are.
//!
//! Segments are streamed a batch at a time (`batch`); metadata and coordinator records are
//! decoded by Kafka's own message schemas (`schema`).

pub(crate) use crate::common::kafka_log::batch;
mod files;
#[doc(hidden)]
pub mod fuzz;
pub(crate) use crate::common::kafka_log::schema;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::{anyhow, Context as _, Result};
use clap::{Parser, ValueHint};
use serde_json::{json, Map, Value};

use crate::error::usage;
use crate::output::{Format, OutputArgs};
use crate::tools::{Context, Tool};
use batch::{codec_name, Batch, BatchReader, Record};
use schema::{Coordinator, CoordinatorRecord};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Batches of a segment",
        "kafka-dump-log --files /var/lib/kafka/data/orders-0/00000000000000000000.log",
    ),
    (
        "Every record with its key and value",
        "kafka-dump-log --files 00000000000000000000.log --print-data-log",
    ),
    (
        "The cluster metadata log, records as JSON",
        "kafka-dump-log --cluster-metadata-decoder --files __cluster_metadata-0/00000000000000000000.log",
    ),
    (
        "Check an index against its segment",
        "kafka-dump-log --verify-index-only --files 00000000000000000000.index",
    ),
];

const STRING_DECODER: &str = "org.apache.kafka.tools.api.StringDecoder";

/// Parse a log file and dump its contents to the console, useful for debugging a seemingly
/// corrupt log segment.
#[derive(Parser, Debug)]
#[command(name = "kafka-dump-log", version)]
pub struct DumpLogArgs {
    /// REQUIRED: The comma separated list of data and index log files to be dumped
    #[arg(long, value_name = "file1, file2, ...", value_hint = ValueHint::FilePath)]
    files: Option<String>,

    /// Print the messages' content (implied by any decoder option)
    #[arg(long = "print-data-log")]
    print_data_log: bool,

    /// Deep instead of shallow iteration (implied by --print-data-log)
    #[arg(long = "deep-iteration")]
    deep_iteration: bool,

    /// Just verify the index against the log, without printing its content
    #[arg(long = "verify-index-only")]
    verify_index_only: bool,

    /// Just check the index sanity (the broker's startup check), without printing its content
    #[arg(long = "index-sanity-check")]
    index_sanity_check: bool,

    /// Size of the largest message
    #[arg(long = "max-message-size", value_name = "size", default_value_t = 5 * 1024 * 1024)]
    max_message_size: i32,

    /// Limit the amount of total batches read in bytes, avoiding reading the whole .log file(s)
    #[arg(long = "max-bytes", value_name = "size", default_value_t = i32::MAX)]
    max_bytes: i32,

    /// Decoder of the keys: org.apache.kafka.tools.api.StringDecoder (default), LongDecoder,
    /// IntegerDecoder or DefaultDecoder
    #[arg(long = "key-decoder-class", value_name = "class", num_args = 0..=1, default_missing_value = STRING_DECODER)]
    key_decoder_class: Option<String>,

    /// Decoder of the values (same classes as --key-decoder-class)
    #[arg(long = "value-decoder-class", value_name = "class", num_args = 0..=1, default_missing_value = STRING_DECODER)]
    value_decoder_class: Option<String>,

    /// Parse log data as offset data from the __consumer_offsets topic
    #[arg(long = "offsets-decoder")]
    offsets_decoder: bool,

    /// Parse log data as transaction metadata from the __transaction_state topic
    #[arg(long = "transaction-log-decoder")]
    transaction_log_decoder: bool,

    /// Parse log data as cluster metadata records
    #[arg(long = "cluster-metadata-decoder")]
    cluster_metadata_decoder: bool,

    /// Parse log data as TopicBasedRemoteLogMetadataManager (RLMM) metadata records (not
    /// supported yet)
    #[arg(long = "remote-log-metadata-decoder")]
    remote_log_metadata_decoder: bool,

    /// Parse log data as share group state data from the __share_group_state topic
    #[arg(long = "share-group-state-decoder")]
    share_group_state_decoder: bool,

    /// Skip metadata when printing records (control records too)
    #[arg(long = "skip-record-metadata")]
    skip_record_metadata: bool,

    #[command(flatten)]
    output: OutputArgs,
}

/// How keys and values are turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decoder {
    String,
    Long,
    Integer,
    Default,
}

impl Decoder {
    fn parse(class: &str) -> Result<Decoder> {
        let short = class.rsplit('.').next().unwrap_or(class);
        match (class, short) {
            (_, "StringDecoder") if class == short || class.ends_with("tools.api.StringDecoder") => Ok(Decoder::String),
            (_, "LongDecoder") if class == short || class.ends_with("tools.api.LongDecoder") => Ok(Decoder::Long),
            (_, "IntegerDecoder") if class == short || class.ends_with("tools.api.IntegerDecoder") => Ok(Decoder::Integer),
            (_, "DefaultDecoder") if class == short || class.ends_with("tools.api.DefaultDecoder") => Ok(Decoder::Default),
            _ => Err(usage(format!(
                "Failed to load decoder class {class}: the decoders are org.apache.kafka.tools.api.StringDecoder, LongDecoder, IntegerDecoder and DefaultDecoder (no custom classes)"
            ))),
        }
    }

    fn decode(self, bytes: &[u8], offset: i64) -> Result<String> {
        let short = |n: usize| {
            anyhow!(
                "cannot decode {} bytes at offset {offset} with the {self:?}Decoder (it reads {n}): java.nio.BufferUnderflowException",
                bytes.len()
            )
        };
        Ok(match self {
            Decoder::String | Decoder::Default => String::from_utf8_lossy(bytes).into_owned(),
            Decoder::Long => {
                let b: [u8; 8] = bytes
                    .get(..8)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| short(8))?;
                i64::from_be_bytes(b).to_string()
            }
            Decoder::Integer => {
                let b: [u8; 4] = bytes
                    .get(..4)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| short(4))?;
                i32::from_be_bytes(b).to_string()
            }
        })
    }
}

/// What the record contents are parsed as.
#[derive(Clone, Copy, Debug)]
enum Parser_ {
    Decoders { key: Decoder, value: Decoder },
    Coordinator(Coordinator),
    ClusterMetadata,
}

/// A decoded key or payload: text, or JSON (printed compact in text mode, embedded in JSON).
enum Decoded {
    Text(String),
    Json(Value),
}

impl Decoded {
    fn text(&self) -> String {
        match self {
            Decoded::Text(t) => t.clone(),
            Decoded::Json(v) => schema::java_json(v),
        }
    }
    fn json(self) -> Value {
        match self {
            Decoded::Text(t) => Value::String(t),
            Decoded::Json(v) => v,
        }
    }
}

impl Parser_ {
    fn parse(self, record: &Record) -> Result<(Option<Decoded>, Option<Decoded>)> {
        match self {
            Parser_::Decoders { key, value } => Ok((
                record
                    .key
                    .as_deref()
                    .map(|k| key.decode(k, record.offset).map(Decoded::Text))
                    .transpose()?,
                record
                    .value
                    .as_deref()
                    .map(|v| value.decode(v, record.offset).map(Decoded::Text))
                    .transpose()?,
            )),
            Parser_::ClusterMetadata => {
                let payload = match record.value.as_deref().map(schema::metadata_record) {
                    Some(Ok(json)) => Decoded::Json(json),
                    Some(Err(e)) => {
                        Decoded::Text(format!("Error at {}, skipping. {e}", record.offset))
                    }
                    None => {
                        Decoded::Text(format!("Error at {}, skipping. null value", record.offset))
                    }
                };
                Ok((None, Some(payload)))
            }
            Parser_::Coordinator(coordinator) => {
                let Some(key) = record.key.as_deref() else {
                    return Err(anyhow!(
                        "Failed to decode message at offset {} using the specified decoder (message had a missing key)",
                        record.offset
                    ));
                };
                Ok(
                    match schema::coordinator_record(coordinator, key, record.value.as_deref()) {
                        Ok(CoordinatorRecord::Decoded(k, v)) => (
                            Some(Decoded::Json(k)),
                            Some(v.map_or_else(|| Decoded::Text("<DELETE>".into()), Decoded::Json)),
                        ),
                        Ok(CoordinatorRecord::UnknownType(t)) => (
                            Some(Decoded::Text(format!(
                                "Unknown record type {t} at offset {}, skipping.",
                                record.offset
                            ))),
                            None,
                        ),
                        Err(e) => (
                            Some(Decoded::Text(format!(
                                "Error at offset {}, skipping. {e}",
                                record.offset
                            ))),
                            None,
                        ),
                    },
                )
            }
        }
    }
}

/// The options every file is dumped with.
struct Options {
    print_contents: bool,
    deep: bool,
    skip_metadata: bool,
    parser: Result<Parser_, String>,
    max_bytes: i32,
    max_message_size: i32,
    sanity_only: bool,
    verify_only: bool,
    json: bool,
}

/// Problems found along the way, printed on stderr at the end (as Java does), by file.
#[derive(Default)]
struct Problems {
    index_mismatches: Vec<(String, BTreeMap<i64, i64>)>,
    time_mismatches: Vec<(String, Vec<(i64, i64)>)>,
    out_of_order: Vec<(String, Vec<(i64, i64)>)>,
    shallow_not_found: Vec<(String, Vec<(i64, i64)>)>,
    non_consecutive: Vec<(String, BTreeMap<i64, i64>)>,
}

fn entry<'a, T: Default>(list: &'a mut Vec<(String, T)>, file: &str) -> &'a mut T {
    let at = match list.iter().position(|(f, _)| f == file) {
        Some(at) => at,
        None => {
            list.push((file.to_string(), T::default()));
            list.len() - 1
        }
    };
    &mut list[at].1
}

/// Java's `File.getAbsolutePath`: the working directory joined to a relative path, as given.
fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => format!("{}/{path}", cwd.display()),
        Err(_) => path.to_string(),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The offset a segment file's name starts with (`00000000000000000042.log` -> 42).
fn start_offset(path: &str) -> Result<i64> {
    let stem = file_name(path).split('.').next().unwrap_or_default();
    stem.parse::<i64>().map_err(|_| {
        anyhow!(
            "{path}: the file name does not start with an offset (For input string: \"{stem}\")"
        )
    })
}

impl Tool for DumpLogArgs {
    const NAME: &'static str = "kafka-dump-log";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let Some(files) = self.files.clone() else {
            return Err(usage("Missing required argument \"[files]\""));
        };
        let decoders = self.key_decoder_class.is_some() || self.value_decoder_class.is_some();
        let print_contents = self.print_data_log
            || self.offsets_decoder
            || self.transaction_log_decoder
            || self.cluster_metadata_decoder
            || self.remote_log_metadata_decoder
            || self.share_group_state_decoder
            || decoders;
        let parser = if self.offsets_decoder {
            Ok(Parser_::Coordinator(Coordinator::Group))
        } else if self.transaction_log_decoder {
            Ok(Parser_::Coordinator(Coordinator::Transaction))
        } else if self.cluster_metadata_decoder {
            Ok(Parser_::ClusterMetadata)
        } else if self.remote_log_metadata_decoder {
            Err("--remote-log-metadata-decoder is not supported yet (RemoteLogMetadata's Java toString form)".to_string())
        } else if self.share_group_state_decoder {
            Ok(Parser_::Coordinator(Coordinator::Share))
        } else {
            let key = Decoder::parse(self.key_decoder_class.as_deref().unwrap_or(STRING_DECODER));
            let value = Decoder::parse(
                self.value_decoder_class
                    .as_deref()
                    .unwrap_or(STRING_DECODER),
            );
            match (key, value) {
                (Ok(key), Ok(value)) => Ok(Parser_::Decoders { key, value }),
                (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
            }
        };
        let opts = Options {
            print_contents,
            deep: self.deep_iteration || print_contents,
            skip_metadata: self.skip_record_metadata,
            parser,
            max_bytes: self.max_bytes,
            max_message_size: self.max_message_size,
            sanity_only: self.index_sanity_check,
            verify_only: self.verify_index_only,
            json: self.output.output == Format::Json,
        };
        let mut problems = Problems::default();
        // Java's String.split drops trailing empty strings.
        let mut list: Vec<&str> = files.split(',').collect();
        while list.last() == Some(&"") {
            list.pop();
        }
        for path in list {
            let mut sink = Sink {
                ctx,
                json: opts.json,
                file: path,
            };
            sink.text(&format!("Dumping {path}"))?;
            let name = file_name(path);
            let suffix = name.rfind('.').map(|i| &name[i..]).unwrap_or("");
            match suffix {
                ".log" | ".checkpoint" => dump_log(&mut sink, path, &opts, &mut problems)?,
                ".index" => files::dump_index(&mut sink, path, &opts, &mut problems)?,
                ".timeindex" => files::dump_time_index(&mut sink, path, &opts, &mut problems)?,
                ".snapshot" => files::dump_producer_snapshot(&mut sink, path)?,
                ".txnindex" => files::dump_txn_index(&mut sink, path)?,
                _ => {
                    sink.ctx
                        .out
                        .stderr_line(&format!("Ignoring unknown file {path}"));
                    sink.json(json!({"file": path, "ignored": "unknown file type"}))?;
                }
            }
        }
        print_problems(ctx, &problems, opts.json)
    }
}

/// Where one file's dump goes: Java's text lines, or JSON Lines objects naming the file.
struct Sink<'a> {
    ctx: &'a mut Context,
    json: bool,
    file: &'a str,
}

impl Sink<'_> {
    /// A line of the text form (nothing in JSON mode).
    fn text(&mut self, line: &str) -> Result<()> {
        if !self.json {
            self.ctx.out.line(line)?;
        }
        Ok(())
    }

    /// An object of the JSON form (nothing in text mode); `file` is added first.
    fn json(&mut self, value: Value) -> Result<()> {
        if self.json {
            let mut map = Map::new();
            map.insert("file".into(), Value::String(self.file.to_string()));
            if let Value::Object(rest) = value {
                map.extend(rest);
            }
            self.ctx.out.line(&Value::Object(map).to_string())?;
        }
        Ok(())
    }

    /// A message Java prints on stderr and goes on.
    fn warn(&mut self, line: &str) -> Result<()> {
        self.ctx.out.stderr_line(line);
        self.json(json!({"warning": line}))
    }
}

fn print_problems(ctx: &mut Context, p: &Problems, json: bool) -> Result<()> {
    let mut lines = Vec::new();
    let mut objects = Vec::new();
    for (file, map) in &p.index_mismatches {
        lines.push(format!("Mismatches in :{file}"));
        for (index, log) in map.iter().rev() {
            lines.push(format!("  Index offset: {index}, log offset: {log}"));
            objects.push(
                json!({"file": file, "indexMismatch": {"indexOffset": index, "logOffset": log}}),
            );
        }
    }
    for (file, list) in &p.time_mismatches {
        lines.push(format!("Found timestamp mismatch in :{file}"));
        for (index, log) in list {
            lines.push(format!("  Index timestamp: {index}, log timestamp: {log}"));
            objects.push(json!({"file": file, "timestampMismatch": {"indexTimestamp": index, "logTimestamp": log}}));
        }
    }
    for (file, list) in &p.out_of_order {
        lines.push(format!("Found out of order timestamp in :{file}"));
        for (index, prev) in list {
            lines.push(format!(
                "  Index timestamp: {index}, Previously indexed timestamp: {prev}"
            ));
            objects.push(json!({"file": file, "outOfOrderTimestamp": {"indexTimestamp": index, "previousTimestamp": prev}}));
        }
    }
    for (file, list) in &p.shallow_not_found {
        lines.push(format!(
            "The following indexed offsets are not found in :{file}"
        ));
        for (index, log) in list {
            lines.push(format!("Indexed offset: {index}, found log offset: {log}"));
            objects.push(json!({"file": file, "indexedOffsetNotFound": {"indexedOffset": index, "foundLogOffset": log}}));
        }
    }
    for (file, map) in &p.non_consecutive {
        lines.push(format!("Non-consecutive offsets in {file}"));
        for (a, b) in map {
            lines.push(format!("  {a} is followed by {b}"));
            objects.push(
                json!({"file": file, "nonConsecutiveOffsets": {"offset": a, "followedBy": b}}),
            );
        }
    }
    for line in lines {
        ctx.out.stderr_line(&line);
    }
    if json {
        for o in objects {
            ctx.out.line(&o.to_string())?;
        }
    }
    Ok(())
}

/// Dumps a segment or a snapshot: each batch, and with deep iteration each record.
fn dump_log(
    sink: &mut Sink<'_>,
    path: &str,
    opts: &Options,
    problems: &mut Problems,
) -> Result<()> {
    let name = file_name(path);
    if name.ends_with(".log") {
        let start = start_offset(path)?;
        sink.text(&format!("Log starting offset: {start}"))?;
        sink.json(json!({"logStartOffset": start}))?;
    } else if name == "bootstrap.checkpoint" {
        sink.text("KRaft bootstrap snapshot")?;
        sink.json(json!({"snapshot": "KRaft bootstrap snapshot"}))?;
    } else {
        let (offset, epoch) = snapshot_id(name).ok_or_else(|| {
            anyhow!("{path}: not a snapshot file name (<20-digit end offset>-<10-digit epoch>.checkpoint): No value present")
        })?;
        sink.text(&format!("Snapshot end offset: {offset}, epoch: {epoch}"))?;
        sink.json(json!({"snapshotEndOffset": offset, "epoch": epoch}))?;
    }
    let parser = if opts.print_contents {
        Some(opts.parser.clone().map_err(usage)?)
    } else {
        None
    };
    let file = File::open(path).with_context(|| format!("{path}: cannot open"))?;
    let len = file
        .metadata()
        .with_context(|| format!("{path}: cannot read"))?
        .len();
    if opts.max_bytes < 0 {
        return Err(anyhow!(
            "Invalid size: {} in fileRecords of {path}",
            opts.max_bytes
        ));
    }
    let end = len.min(opts.max_bytes as u64);
    let mut reader = BatchReader::new(BufReader::with_capacity(256 * 1024, file), 0, end, path);
    let mut valid_bytes = 0u64;
    let mut last_offset = -1i64;
    let abs = absolute(path);
    let failed = |e: batch::ReadError| anyhow!("{path}: {e}");
    while let Some(batch) = reader.next_batch().map_err(failed)? {
        let mut records_json = Vec::new();
        if !opts.json {
            sink.text(&batch_line(&batch, valid_bytes))?;
        }
        if opts.deep {
            for record in batch.records().map_err(failed)? {
                let record = record.map_err(failed)?;
                if record.offset != last_offset.wrapping_add(1) {
                    entry(&mut problems.non_consecutive, &abs).insert(last_offset, record.offset);
                }
                last_offset = record.offset;
                if opts.json {
                    records_json.push(record_json(&batch, &record, opts, parser)?);
                } else {
                    let line = record_line(&batch, &record, opts, parser)?;
                    sink.text(&line)?;
                }
            }
        }
        if opts.json {
            let mut b = batch_json(&batch, valid_bytes);
            if opts.deep {
                if let Value::Object(map) = &mut b {
                    map.insert("records".into(), Value::Array(records_json));
                }
            }
            sink.json(json!({"batch": b}))?;
        }
        valid_bytes += batch.size();
    }
    let trailing = end - valid_bytes;
    if trailing > 0 && opts.max_bytes == i32::MAX {
        sink.text(&format!(
            "Found {trailing} invalid bytes at the end of {name}"
        ))?;
        sink.json(json!({"invalidTrailingBytes": trailing, "position": valid_bytes}))?;
    }
    Ok(())
}

/// `<end offset>-<epoch>.checkpoint` (Kafka's `Snapshots.parse`).
fn snapshot_id(name: &str) -> Option<(i64, i32)> {
    let stem = name.strip_suffix(".checkpoint")?;
    let (offset, epoch) = stem.split_once('-')?;
    Some((offset.parse().ok()?, epoch.parse().ok()?))
}

fn optional_long(v: Option<i64>) -> String {
    match v {
        Some(v) => format!("OptionalLong[{v}]"),
        None => "OptionalLong.empty".to_string(),
    }
}

fn batch_line(b: &Batch, position: u64) -> String {
    let head = if b.magic() >= 2 {
        format!(
            "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {} producerId: {} producerEpoch: {} partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {}",
            b.base_offset(),
            b.last_offset(),
            b.count(),
            b.base_sequence(),
            b.last_sequence(),
            b.producer_id(),
            b.producer_epoch(),
            b.partition_leader_epoch(),
            b.is_transactional(),
            b.is_control(),
            optional_long(b.delete_horizon_ms()),
        )
    } else {
        format!("offset: {}", b.last_offset())
    };
    format!(
        "{head} position: {position} {}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {}",
        b.timestamp_type(),
        b.max_timestamp(),
        b.size(),
        b.magic(),
        codec_name(b.codec()),
        b.checksum(),
        b.is_valid()
    )
}

fn batch_json(b: &Batch, position: u64) -> Value {
    let mut m = Map::new();
    if b.magic() >= 2 {
        m.insert("baseOffset".into(), b.base_offset().into());
        m.insert("lastOffset".into(), b.last_offset().into());
        m.insert("count".into(), b.count().into());
        m.insert("baseSequence".into(), b.base_sequence().into());
        m.insert("lastSequence".into(), b.last_sequence().into());
        m.insert("producerId".into(), b.producer_id().into());
        m.insert("producerEpoch".into(), b.producer_epoch().into());
        m.insert(
            "partitionLeaderEpoch".into(),
            b.partition_leader_epoch().into(),
        );
        m.insert("isTransactional".into(), b.is_transactional().into());
        m.insert("isControl".into(), b.is_control().into());
        m.insert("deleteHorizonMs".into(), b.delete_horizon_ms().into());
    } else {
        m.insert("lastOffset".into(), b.last_offset().into());
    }
    m.insert("position".into(), position.into());
    m.insert(
        "timestampType".into(),
        b.timestamp_type().to_string().into(),
    );
    m.insert("maxTimestamp".into(), b.max_timestamp().into());
    m.insert("size".into(), b.size().into());
    m.insert("magic".into(), b.magic().into());
    m.insert("compressCodec".into(), codec_name(b.codec()).into());
    m.insert("crc".into(), b.checksum().into());
    m.insert("isValid".into(), b.is_valid().into());
    Value::Object(m)
}

/// A control record: its type and its decoded value, as Java prints them (`None`: the text
/// after the record's metadata).
fn control(record: &Record) -> Result<(String, Value)> {
    let key = record.key.as_deref().unwrap_or_default();
    if key.len() < 4 {
        return Err(anyhow!(
            "Invalid value size found for control record key. Expecting 4 bytes, found {} (offset {})",
            key.len(),
            record.offset
        ));
    }
    let version = i16::from_be_bytes([key[0], key[1]]);
    if version < 0 {
        return Err(anyhow!(
            "Invalid version found for control record: {version}"
        ));
    }
    let type_id = i16::from_be_bytes([key[2], key[3]]);
    let value = record.value.as_deref().unwrap_or_default();
    let decode = |name: &str| {
        schema::control_record(name, value).map_err(|e| {
            anyhow!(
                "offset {}: cannot read the {name} control record: {e}",
                record.offset
            )
        })
    };
    Ok(match type_id {
        0 | 1 => {
            let kind = if type_id == 0 { "ABORT" } else { "COMMIT" };
            if value.len() < 6 {
                return Err(anyhow!(
                    "Invalid value size found for end transaction marker at offset {}. Must have at least 6 bytes, but found {}",
                    record.offset,
                    value.len()
                ));
            }
            let epoch = i32::from_be_bytes([value[2], value[3], value[4], value[5]]);
            (
                format!(" endTxnMarker: {kind} coordinatorEpoch: {epoch}"),
                json!({"endTxnMarker": kind, "coordinatorEpoch": epoch}),
            )
        }
        2 => {
            let v = decode("LeaderChangeMessage")?;
            (
                format!(" LeaderChange: {}", schema::java_json(&v)),
                json!({"LeaderChange": v}),
            )
        }
        3 => {
            let v = decode("SnapshotHeaderRecord")?;
            (
                format!(" SnapshotHeader {}", schema::java_json(&v)),
                json!({"SnapshotHeader": v}),
            )
        }
        4 => {
            let v = decode("SnapshotFooterRecord")?;
            (
                format!(" SnapshotFooter {}", schema::java_json(&v)),
                json!({"SnapshotFooter": v}),
            )
        }
        5 => {
            let v = decode("KRaftVersionRecord")?;
            (
                format!(" KRaftVersion {}", schema::java_json(&v)),
                json!({"KRaftVersion": v}),
            )
        }
        6 => {
            let v = decode("VotersRecord")?;
            (
                format!(" KRaftVoters {}", schema::java_json(&v)),
                json!({"KRaftVoters": v}),
            )
        }
        other => (
            format!(" controlType: UNKNOWN({other})"),
            json!({"controlType": "UNKNOWN", "typeId": other}),
        ),
    })
}

fn record_line(
    batch: &Batch,
    r: &Record,
    opts: &Options,
    parser: Option<Parser_>,
) -> Result<String> {
    use std::fmt::Write as _;
    let mut line = String::with_capacity(128);
    if !opts.skip_metadata {
        let _ = write!(
            line,
            "| offset: {} {}: {} keySize: {} valueSize: {}",
            r.offset,
            batch.timestamp_type(),
            r.timestamp,
            r.key_size(),
            r.value_size()
        );
        if batch.magic() >= 2 {
            let keys: Vec<&str> = r.headers.iter().map(|(k, _)| k.as_str()).collect();
            let _ = write!(
                line,
                " sequence: {} headerKeys: [{}]",
                r.sequence,
                keys.join(",")
            );
        }
        if let Some((valid, crc)) = r.legacy {
            let _ = write!(line, " isValid: {valid} crc: {crc}");
        }
        if batch.is_control() {
            line.push_str(&control(r)?.0);
        }
    }
    if let (Some(parser), false) = (parser, batch.is_control()) {
        let mut prefix = if opts.skip_metadata { "| " } else { " " };
        let (key, payload) = parser.parse(r)?;
        if let Some(key) = key {
            let _ = write!(line, "{prefix}key: {}", key.text());
            prefix = " ";
        }
        if let Some(payload) = payload {
            let _ = write!(line, "{prefix}payload: {}", payload.text());
        }
    }
    Ok(line)
}

fn record_json(
    batch: &Batch,
    r: &Record,
    opts: &Options,
    parser: Option<Parser_>,
) -> Result<Value> {
    let mut m = Map::new();
    m.insert("offset".into(), r.offset.into());
    m.insert("timestamp".into(), r.timestamp.into());
    m.insert("keySize".into(), r.key_size().into());
    m.insert("valueSize".into(), r.value_size().into());
    if batch.magic() >= 2 {
        m.insert("sequence".into(), r.sequence.into());
        let keys: Vec<Value> = r
            .headers
            .iter()
            .map(|(k, _)| Value::String(k.clone()))
            .collect();
        m.insert("headerKeys".into(), Value::Array(keys));
    }
    if let Some((valid, crc)) = r.legacy {
        m.insert("isValid".into(), valid.into());
        m.insert("crc".into(), crc.into());
    }
    if batch.is_control() && !opts.skip_metadata {
        m.insert("control".into(), control(r)?.1);
    }
    if let (Some(parser), false) = (parser, batch.is_control()) {
        let (key, payload) = parser.parse(r)?;
        if let Some(key) = key {
            m.insert("key".into(), key.json());
        }
        if let Some(payload) = payload {
            m.insert("payload".into(), payload.json());
        }
    }
    Ok(Value::Object(m))
}

/// Whether `path` names an existing file (for the index dumps' companion files).
fn exists(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoders_read_as_javas() {
        assert_eq!(
            Decoder::Long.decode(&7i64.to_be_bytes(), 0).ok().as_deref(),
            Some("7")
        );
        assert_eq!(
            Decoder::Integer
                .decode(&(-3i32).to_be_bytes(), 0)
                .ok()
                .as_deref(),
            Some("-3")
        );
        assert!(Decoder::Long.decode(b"abc", 0).is_err());
        assert!(Decoder::parse("org.apache.kafka.tools.api.LongDecoder").is_ok());
        assert!(Decoder::parse("com.example.Mine").is_err());
    }

    #[test]
    fn snapshot_names_parse() {
        assert_eq!(
            snapshot_id("00000000000000000042-0000000003.checkpoint"),
            Some((42, 3))
        );
        assert_eq!(snapshot_id("bootstrap.checkpoint"), None);
    }
}
