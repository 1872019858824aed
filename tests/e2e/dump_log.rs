//! kafka-dump-log against the files of the single-node broker, side by side with Java's tool.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};

use crate::support::*;

/// The single-node broker's data directory.
fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".testbed/data/single/1")
}

/// A copy of a partition directory (the broker keeps writing the original), in a fresh temp dir.
fn copy_partition(dir: &str) -> PathBuf {
    let to = std::env::temp_dir().join(unique("dumplog"));
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(data_dir().join(dir)).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    to
}

/// Runs ours and Java's with `args` and asserts the same stdout and exit status; returns it.
fn same_as_java(args: &[&str]) -> String {
    let java_out = run(java("kafka-dump-log").args(args));
    let ours = run(tool("kafka-dump-log").args(args));
    let (j, o) = (
        String::from_utf8_lossy(&java_out.stdout),
        String::from_utf8_lossy(&ours.stdout),
    );
    for (i, (jl, ol)) in j.lines().zip(o.lines()).enumerate() {
        assert_eq!(jl, ol, "line {} differs for {args:?}", i + 1);
    }
    assert_eq!(j.lines().count(), o.lines().count(), "{args:?}");
    assert_eq!(
        java_out.status.code(),
        ours.status.code(),
        "{args:?}: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    o.into_owned()
}

fn file(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn every_codec_keys_and_headers_dump_as_java_dumps_them() {
    let bootstrap = single();
    let topic = create_topic(&bootstrap, "dumplog-codecs", 1, &[]);
    // Java's producer (librdkafka sends a batch uncompressed when that is smaller).
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        let input = format!("k1\tv1-{codec}\nk2\tv2-{codec}\n\tno key\n");
        let out = with_stdin(
            java("kafka-console-producer")
                .args(["--bootstrap-server", &bootstrap, "--topic", &topic])
                .args(["--compression-codec", codec, "--property", "parse.key=true"]),
            input.as_bytes(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = with_stdin(
        tool("kafka-console-producer")
            .args(["--bootstrap-server", &bootstrap, "--topic", &topic])
            .args([
                "--property",
                "parse.key=true",
                "--property",
                "parse.headers=true",
            ]),
        b"h1:a,h2:b\tkk\tvv\n",
    );
    assert!(out.status.success());
    let dir = copy_partition(&format!("{topic}-0"));
    let log = file(&dir, "00000000000000000000.log");
    let text = same_as_java(&["--files", &log, "--print-data-log"]);
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        assert!(
            text.contains(&format!("compresscodec: {codec} ")),
            "{codec}: {text}"
        );
        assert!(
            text.contains(&format!("key: k1 payload: v1-{codec}")),
            "{text}"
        );
    }
    assert!(
        text.contains("headerKeys: [h1,h2] key: kk payload: vv"),
        "{text}"
    );
    same_as_java(&[
        "--files",
        &log,
        "--deep-iteration",
        "--skip-record-metadata",
        "--print-data-log",
    ]);
    same_as_java(&["--files", &log]);
    let index = file(&dir, "00000000000000000000.index");
    let time_index = file(&dir, "00000000000000000000.timeindex");
    same_as_java(&["--files", &format!("{index},{time_index}")]);
    same_as_java(&[
        "--files",
        &format!("{index},{time_index}"),
        "--verify-index-only",
    ]);
    same_as_java(&[
        "--files",
        &format!("{index},{time_index}"),
        "--index-sanity-check",
    ]);

    // --output json: one object per line, a batch with its records.
    let json =
        ok(tool("kafka-dump-log").args(["--files", &log, "--print-data-log", "--output", "json"]));
    let batches: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v.get("batch").is_some())
        .collect();
    assert_eq!(batches.len(), 6, "{json}");
    assert_eq!(batches[1]["batch"]["compressCodec"], "gzip");
    assert_eq!(batches[1]["batch"]["records"][0]["key"], "k1");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn aborted_and_committed_transactions_dump_as_java_dumps_them() {
    let bootstrap = single();
    let topic = create_topic(&bootstrap, "dumplog-txn", 1, &[]);
    let producer: ThreadedProducer<DefaultProducerContext> = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("transactional.id", unique("dumplog-tx"))
        .create()
        .unwrap();
    let timeout = Duration::from_secs(30);
    producer.init_transactions(timeout).unwrap();
    for (i, commit) in [false, true, false].into_iter().enumerate() {
        producer.begin_transaction().unwrap();
        for j in 0..3 {
            let value = format!("t{i}-{j}");
            producer
                .send(BaseRecord::to(&topic).key("k").payload(&value))
                .unwrap();
        }
        producer.flush(timeout).unwrap();
        if commit {
            producer.commit_transaction(timeout).unwrap();
        } else {
            producer.abort_transaction(timeout).unwrap();
        }
    }
    // The coordinator writes the last marker after abort_transaction returns.
    let mut dir = PathBuf::new();
    wait_for("the last abort marker in the segment", 30, || {
        if !dir.as_os_str().is_empty() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        dir = copy_partition(&format!("{topic}-0"));
        let log = file(&dir, "00000000000000000000.log");
        let text = ok(tool("kafka-dump-log").args(["--files", &log, "--deep-iteration"]));
        text.matches("endTxnMarker: ABORT").count() == 2
    });
    let log = file(&dir, "00000000000000000000.log");
    let text = same_as_java(&["--files", &log, "--print-data-log"]);
    assert_eq!(text.matches("endTxnMarker: ABORT").count(), 2, "{text}");
    assert_eq!(text.matches("endTxnMarker: COMMIT").count(), 1, "{text}");
    assert!(text.contains("isTransactional: true"), "{text}");
    let txn_index = dir.join("00000000000000000000.txnindex");
    if txn_index.exists() {
        let text = same_as_java(&["--files", &txn_index.display().to_string()]);
        assert_eq!(text.matches("version: 0 producerId:").count(), 2, "{text}");
    }
    // The transaction coordinator's log: every __transaction_state partition that has data.
    let mut state_logs = Vec::new();
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("__transaction_state-") {
            let copy = copy_partition(&name);
            state_logs.push(file(&copy, "00000000000000000000.log"));
        }
    }
    assert!(!state_logs.is_empty());
    let text = same_as_java(&[
        "--files",
        &state_logs.join(","),
        "--transaction-log-decoder",
    ]);
    assert!(
        text.contains("\"transactionStatus\":\"CompleteAbort\""),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn coordinator_and_metadata_logs_decode_as_java_decodes_them() {
    let bootstrap = single();
    let topic = create_topic(&bootstrap, "dumplog-groups", 1, &[]);
    let out = with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", &bootstrap, "--topic", &topic]),
        b"a\nb\n",
    );
    assert!(out.status.success());
    let group = unique("dumplog-group");
    ok(tool("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            &bootstrap,
            "--topic",
            &topic,
            "--group",
            &group,
        ])
        .args(["--from-beginning", "--max-messages", "2"]));
    let mut offsets_logs = Vec::new();
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("__consumer_offsets-") {
            let copy = copy_partition(&name);
            offsets_logs.push(file(&copy, "00000000000000000000.log"));
        }
    }
    let text = same_as_java(&["--files", &offsets_logs.join(","), "--offsets-decoder"]);
    assert!(
        text.contains(&format!(
            "{{\"type\":\"2\",\"data\":{{\"group\":\"{group}\"}}}}"
        )),
        "{text}"
    );
    assert!(text.contains("\"protocolType\":\"consumer\""), "{text}");

    let meta = copy_partition("__cluster_metadata-0");
    let mut files = vec![file(&meta, "00000000000000000000.log")];
    for entry in std::fs::read_dir(&meta).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "checkpoint") {
            files.push(path.display().to_string());
        }
    }
    let text = same_as_java(&["--files", &files.join(","), "--cluster-metadata-decoder"]);
    assert!(
        text.contains(&format!(
            "\"type\":\"TOPIC_RECORD\",\"version\":0,\"data\":{{\"name\":\"{topic}\""
        )),
        "{text}"
    );
    assert!(text.contains("LeaderChange: {"), "{text}");
    assert!(text.contains("SnapshotHeader {"), "{text}");
}

#[test]
fn truncated_and_corrupt_segments_fail_or_stop_as_java_does() {
    let bootstrap = single();
    let topic = create_topic(&bootstrap, "dumplog-corrupt", 1, &[]);
    let out = with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", &bootstrap, "--topic", &topic]),
        b"one\n",
    );
    assert!(out.status.success());
    let out = with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", &bootstrap, "--topic", &topic]),
        b"two\n",
    );
    assert!(out.status.success());
    let dir = copy_partition(&format!("{topic}-0"));
    let log = dir.join("00000000000000000000.log");
    let bytes = std::fs::read(&log).unwrap();

    // Cut inside the second batch: its bytes are trailing, reported on stdout.
    std::fs::write(&log, &bytes[..bytes.len() - 5]).unwrap();
    let text = same_as_java(&["--files", &log.display().to_string(), "--print-data-log"]);
    assert!(
        text.contains("invalid bytes at the end of 00000000000000000000.log"),
        "{text}"
    );

    // A batch size below the minimum: an error naming the position, exit 1.
    let mut bad = bytes.clone();
    bad[8..12].copy_from_slice(&3i32.to_be_bytes());
    std::fs::write(&log, &bad).unwrap();
    let out = run(tool("kafka-dump-log").args(["--files", &log.display().to_string()]));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "at position 0: Found record size 3 smaller than minimum record overhead (14)"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // A flipped byte in a record: the batch prints isvalid: false, as Java's does.
    let mut flipped = bytes.clone();
    let last = flipped.len() - 2;
    flipped[last] ^= 0xff;
    std::fs::write(&log, &flipped).unwrap();
    let text = same_as_java(&["--files", &log.display().to_string()]);
    assert!(text.contains("isvalid: false"), "{text}");

    // A file name that is no offset.
    let odd = dir.join("segment.log");
    std::fs::write(&odd, &bytes).unwrap();
    fails(
        tool("kafka-dump-log").args(["--files", &odd.display().to_string()]),
        1,
        "For input string: \"segment\"",
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_files_option_and_unknown_decoders_are_usage_errors() {
    fails(
        tool("kafka-dump-log").arg("--print-data-log"),
        1,
        "Missing required argument \"[files]\"",
    );
    let dir = copy_partition("__cluster_metadata-0");
    fails(
        tool("kafka-dump-log")
            .args(["--files", &file(&dir, "00000000000000000000.log")])
            .args(["--value-decoder-class", "com.example.Mine"]),
        1,
        "Failed to load decoder class com.example.Mine",
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn producer_snapshots_dump_as_java_dumps_them_and_a_bad_crc_is_reported() {
    // Brokers write these on segment roll and shutdown; this one is made as they make it:
    // version 1, CRC-32C of the rest, then the entries (ProducerSnapshot v1).
    // producer id, epoch, last sequence, last offset, offset delta, timestamp,
    // coordinator epoch, current transaction's first offset
    type Entry = (i64, i16, i32, i64, i32, i64, i32, i64);
    let entries: [Entry; 2] = [
        (7, 3, 41, 1000, 4, 1_796_000_000_000, 2, -1),
        (9, 0, 2, 1003, 0, 1_796_000_000_500, -1, 990),
    ];
    let mut body = (entries.len() as i32).to_be_bytes().to_vec();
    for (pid, epoch, seq, offset, delta, ts, coordinator, txn) in entries {
        body.extend_from_slice(&pid.to_be_bytes());
        body.extend_from_slice(&epoch.to_be_bytes());
        body.extend_from_slice(&seq.to_be_bytes());
        body.extend_from_slice(&offset.to_be_bytes());
        body.extend_from_slice(&delta.to_be_bytes());
        body.extend_from_slice(&ts.to_be_bytes());
        body.extend_from_slice(&coordinator.to_be_bytes());
        body.extend_from_slice(&txn.to_be_bytes());
    }
    let mut bytes = 1i16.to_be_bytes().to_vec();
    bytes.extend_from_slice(&crc32c::crc32c(&body).to_be_bytes());
    bytes.extend_from_slice(&body);
    let dir = std::env::temp_dir().join(unique("dumplog-snapshot"));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("00000000000000001234.snapshot");
    std::fs::write(&good, &bytes).unwrap();
    let text = same_as_java(&["--files", &good.display().to_string()]);
    assert!(text.contains("producerId: 9 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong[990]"), "{text}");
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&good, &bytes).unwrap();
    let out = run(tool("kafka-dump-log").args(["--files", &good.display().to_string()]));
    let java_out = run(java("kafka-dump-log").args(["--files", &good.display().to_string()]));
    assert_eq!(out.status.code(), java_out.status.code());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Snapshot is corrupt (CRC is no longer valid). Stored crc:"),
        "{err}"
    );
    assert!(
        String::from_utf8_lossy(&java_out.stdout).contains(err.trim())
            || String::from_utf8_lossy(&java_out.stderr).contains(err.trim())
    );
    std::fs::remove_dir_all(dir).unwrap();
}
