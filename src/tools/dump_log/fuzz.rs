//! Fuzz entry points of `kafka-dump-log`'s readers (re-exported by `crate::fuzzing`).

use super::batch::BatchReader;
use super::schema::{self, Coordinator};
use super::{batch_line, Decoder, Parser_};

/// A segment: every batch, every record, every parser on every record.
pub fn dump_log_segment(data: &[u8]) {
    let mut reader = BatchReader::new(data, 0, data.len() as u64, "fuzz.log");
    let parsers = [
        Parser_::Decoders {
            key: Decoder::String,
            value: Decoder::Long,
        },
        Parser_::Decoders {
            key: Decoder::Integer,
            value: Decoder::Default,
        },
        Parser_::ClusterMetadata,
        Parser_::Coordinator(Coordinator::Group),
        Parser_::Coordinator(Coordinator::Transaction),
        Parser_::Coordinator(Coordinator::Share),
    ];
    let mut position = 0;
    while let Ok(Some(batch)) = reader.next_batch() {
        let _ = batch_line(&batch, position);
        position = reader.position();
        let Ok(records) = batch.records() else {
            continue;
        };
        for record in records {
            let Ok(record) = record else {
                break;
            };
            if batch.is_control() {
                let _ = super::control(&record);
            }
            for parser in parsers {
                let _ = parser.parse(&record);
            }
        }
    }
}

/// The message schema reader: the first byte picks what the rest is read as.
pub fn dump_log_schema(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 6 {
        0 => {
            let _ = schema::metadata_record(rest);
        }
        1 => {
            let names = [
                "LeaderChangeMessage",
                "SnapshotHeaderRecord",
                "SnapshotFooterRecord",
                "KRaftVersionRecord",
                "VotersRecord",
            ];
            for name in names {
                let _ = schema::control_record(name, rest);
            }
        }
        2 => {
            let _ = schema::producer_snapshot(rest);
        }
        kind => {
            let coordinator = match kind {
                3 => Coordinator::Group,
                4 => Coordinator::Transaction,
                _ => Coordinator::Share,
            };
            let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let (key, value) = rest.split_at(split);
            let value = value.get(1..);
            let _ = schema::coordinator_record(coordinator, key, value);
        }
    }
}

/// The file kinds [`dump_log_files`] writes, with the options it runs them with.
const FILE_KINDS: [(&str, &[&str]); 9] = [
    (".index", &[]),
    (".index", &["--index-sanity-check"]),
    (
        ".index",
        &["--verify-index-only", "--max-message-size", "300"],
    ),
    (".timeindex", &[]),
    (".timeindex", &["--index-sanity-check"]),
    (".timeindex", &["--verify-index-only"]),
    (".txnindex", &[]),
    (".snapshot", &[]),
    (".log", &["--deep-iteration", "--print-data-log"]),
];

/// The whole tool on files: the first byte picks the kind (index, time index with its offset
/// index, transaction index, producer snapshot, segment) and options, the next two the length
/// of the file's bytes; the rest is the segment beside it (`.log`, and the `.index` a time index
/// reads). Written to a scratch directory of the process, then dumped as `kafka-dump-log
/// --files` would (output discarded).
pub fn dump_log_files(data: &[u8]) {
    use clap::Parser;
    let [which, hi, lo, rest @ ..] = data else {
        return;
    };
    let (suffix, options) = FILE_KINDS[usize::from(*which) % FILE_KINDS.len()];
    let split = usize::from(u16::from_be_bytes([*hi, *lo])).min(rest.len());
    let (file, log) = rest.split_at(split);
    let dir = std::env::temp_dir().join(format!("kafka-tools-fuzz-{}", std::process::id()));
    let base = "00000000000000000000";
    let write =
        |suffix: &str, bytes: &[u8]| std::fs::write(dir.join(format!("{base}{suffix}")), bytes);
    if std::fs::create_dir_all(&dir).is_err()
        || write(".log", if suffix == ".log" { file } else { log }).is_err()
        || write(".index", if suffix == ".index" { file } else { log }).is_err()
        || write(suffix, file).is_err()
    {
        return;
    }
    let path = dir.join(format!("{base}{suffix}"));
    let mut argv = vec!["kafka-dump-log", "--files"];
    let path = path.to_string_lossy().into_owned();
    argv.push(&path);
    argv.extend(options);
    let Ok(args) = super::DumpLogArgs::try_parse_from(argv) else {
        return;
    };
    crate::fuzzing::run_discarding(args);
}
