//! Entry points for the fuzz targets under `fuzz/` (one per parser; not an API).
//!
//! Each takes arbitrary bytes, turns them into the parser's input the way a user or a file
//! would give it, and calls the parser. Any result is fine, `Err` included: a fuzz target fails
//! only on a panic, a hang or unbounded memory. Several inputs are cut from one byte string at
//! its NUL bytes (`fields`).
#![doc(hidden)]
#![allow(missing_docs)]

use crate::client::consume::InRecord;
use crate::client::{properties, translate};
use crate::tools::consumer_groups::{regex, reset, time};
use crate::tools::formatter::{Formatter, FormatterKind};
use crate::tools::line_reader::LineFormat;
use crate::tools::{configs, console_consumer, delete_records, get_offsets, leader_election};
use crate::tools::{pattern, record_json, topics};

/// `kafka-dump-log`'s readers: a segment, and the message schema reader.
pub use crate::tools::dump_log::fuzz::{dump_log_files, dump_log_schema, dump_log_segment};

/// `kafka-metadata-shell`: a snapshot loaded into an image and walked.
pub use crate::tools::metadata_shell::metadata_image;

/// Runs a whole (offline) tool with its output discarded.
pub(crate) fn run_discarding<T: crate::tools::Tool>(args: T) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    let mut ctx = crate::tools::Context {
        out: crate::output::Output::discard(T::NAME, crate::output::Format::Text),
        shutdown: Default::default(),
    };
    let _ = runtime.block_on(args.run(&mut ctx));
}

/// The NUL-separated fields of `data` (at most `n`; the last takes the rest), as text.
fn fields(data: &[u8], n: usize) -> Vec<String> {
    data.splitn(n, |&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect()
}

/// A Java properties file, then its translation into librdkafka settings (JAAS included).
/// Store locations are left out: the translation reads those files.
pub fn client_properties(data: &[u8]) {
    let Ok(pairs) = properties::parse(data) else {
        return;
    };
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| !k.ends_with(".location"))
        .collect();
    let _ = translate::translate(&pairs);
}

/// One `--command-property`/`--property` word and the JAAS line of `sasl.jaas.config`.
pub fn jaas(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = properties::parse_key_value_word(&text);
    let pairs = vec![
        (
            "security.protocol".to_string(),
            "SASL_PLAINTEXT".to_string(),
        ),
        ("sasl.jaas.config".to_string(), text.into_owned()),
    ];
    let _ = translate::translate(&pairs);
}

/// The console producer's reader properties (a properties file), then one input line.
pub fn producer_line(data: &[u8]) {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let Ok(props) = properties::parse(&data[..split]) else {
        return;
    };
    let Ok(format) = LineFormat::from_properties(&props) else {
        return;
    };
    let line = data.get(split + 1..).unwrap_or_default().to_vec();
    let _ = format.parse(line, 1);
}

/// One `--input-format json` line.
pub fn record_json_line(data: &[u8]) {
    let _ = record_json::parse_line(data, 1);
}

/// The console consumer's formatter properties, then a record to format (key, value, a
/// header) under each formatter class.
pub fn formatter(data: &[u8]) {
    let f = fields(data, 4);
    let Ok(props) = properties::parse(f[0].as_bytes()) else {
        return;
    };
    let get = |i: usize| f.get(i).map(String::as_bytes);
    let headers = get(3)
        .map(|h| vec![(b"h".to_vec(), Some(h))])
        .unwrap_or_default();
    let record = InRecord {
        topic: "t",
        partition: 0,
        offset: 7,
        timestamp: Some((1_700_000_000_000, "CreateTime")),
        key: get(1),
        value: get(2),
        headers,
        delivery: Some(1),
        epoch: None,
    };
    for kind in [FormatterKind::Default, FormatterKind::NoOp] {
        if let Ok(formatter) = Formatter::new(kind, &props) {
            let mut out = Vec::new();
            let _ = formatter.format(&record, &mut out);
        }
    }
}

/// kafka-delete-records' `--offset-json-file` and kafka-leader-election's
/// `--path-to-json-file`.
pub fn offsets_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = delete_records::parse_offsets(&text);
    let _ = leader_election::parse_partitions(&text);
}

/// kafka-consumer-groups' `--from-file` reset plan (CSV), for one group and for several.
pub fn reset_plan(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = reset::parse_plan(&text, Some("g"));
    let _ = reset::parse_plan(&text, None);
}

/// Times and durations: `--to-datetime`, `--by-duration`, the console consumer's `--offset`,
/// kafka-get-offsets' `--time`.
pub fn times(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = time::parse_datetime(&text);
    let _ = time::ms_ago(&text, 1_700_000_000_000);
    let _ = console_consumer::parse_offset(&text);
    let _ = get_offsets::parse_time(&text);
}

/// Topic regexes: kafka-topics' and kafka-get-offsets' patterns, and `--validate-regex`'s RE2
/// verdict.
pub fn topic_regex(data: &[u8]) {
    let f = fields(data, 2);
    if let Ok(p) = pattern::TopicPattern::parse(&f[0]) {
        let _ = p.matches(f.get(1).map_or("topic", String::as_str));
    }
    let _ = regex::verdict(&f[0]);
}

/// The other option grammars: `--add-config`, `--config`, `--replica-assignment`,
/// `--topic-partitions` rules, the reset's `--topic t:0,1`.
pub fn option_values(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = configs::parse::add_config(&text);
    let _ = topics::parse_config(&text);
    let _ = topics::parse_replica_assignment(&text);
    let _ = get_offsets::parse_rules(&text);
    let _ = reset::parse_topic_arg(&text);
}

/// A fuzz entry point.
pub type Entry = fn(&[u8]);

/// A response as a broker would send it: frame size, then the API key and version it answers
/// (2 + 2 bytes), then header and body, decoded as the native path decodes it.
pub fn native_response(data: &[u8]) {
    let _ = crate::client::native::decode_any_response(data);
}

/// Every entry point, by the fuzz target's name (for the regression tests and the seeds
/// check).
pub const TARGETS: &[(&str, Entry)] = &[
    ("native_response", native_response),
    ("client_properties", client_properties),
    ("jaas", jaas),
    ("producer_line", producer_line),
    ("record_json_line", record_json_line),
    ("formatter", formatter),
    ("offsets_json", offsets_json),
    ("reset_plan", reset_plan),
    ("times", times),
    ("topic_regex", topic_regex),
    ("option_values", option_values),
    ("dump_log_segment", dump_log_segment),
    ("dump_log_schema", dump_log_schema),
    ("dump_log_files", dump_log_files),
    ("metadata_image", metadata_image),
];

#[cfg(test)]
mod tests {
    use super::TARGETS;

    /// Every seed and every input a fuzzer once crashed on (fuzz/regressions/<target>/) runs
    /// through its target without a panic, so CI keeps them fixed.
    #[test]
    fn seeds_and_past_findings_do_not_crash() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut ran = 0;
        for (name, entry) in TARGETS {
            assert!(
                root.join("fuzz_targets")
                    .join(format!("{name}.rs"))
                    .is_file(),
                "no fuzz target for {name}"
            );
            for dir in ["seeds", "regressions"] {
                let Ok(files) = std::fs::read_dir(root.join(dir).join(name)) else {
                    continue;
                };
                for file in files {
                    let path = file.unwrap().path();
                    entry(&std::fs::read(&path).unwrap());
                    ran += 1;
                }
            }
        }
        assert!(ran >= TARGETS.len(), "only {ran} inputs");
    }
}
