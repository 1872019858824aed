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
