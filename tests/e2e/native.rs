//! Version negotiation against an older broker: the test bed's Apache Kafka 3.9.1 node
//! (`support::old()`), side by side with Java 4.4's tools on the same broker. The native protocol
//! path must send what 3.9 knows (ListOffsets up to v9, DescribeTopicPartitions v0) and refuse
//! what it lacks (ListOffsets v11) in one line; the librdkafka tools must simply work.

use std::process::Output;

use crate::support::{create_topic, fails, java, ok, old, run, tool, unique, wait_for, with_stdin};

/// Keyed lines `k<i>\tv<i>` (spread over the partitions by the key hash).
fn keyed_lines(n: usize) -> String {
    (0..n).map(|i| format!("k{i}\tv{i}\n")).collect()
}

/// Creates a topic on the 3.9 node and produces `n` keyed records with our console producer.
fn topic_with_records(prefix: &str, partitions: u32, n: usize) -> String {
    let bs = old();
    let topic = create_topic(&bs, prefix, partitions, &[]);
    let out = with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &topic,
            "--reader-property",
            "parse.key=true",
        ]),
        keyed_lines(n).as_bytes(),
    );
    assert!(
        out.status.success(),
        "producer: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    topic
}

/// Our tool and the Java one with the same arguments; asserts identical stdout and returns it.
fn same_as_java(name: &str, args: &[&str]) -> String {
    let ours = ok(tool(name).args(args));
    let theirs = ok(java(name).args(args));
    assert_eq!(
        ours, theirs,
        "{name} {args:?} differs from Java on Kafka 3.9"
    );
    ours
}

/// The `topic:partition:offset` lines of kafka-get-offsets, summed.
fn offsets_sum(out: &str) -> u64 {
    out.lines()
        .map(|l| l.rsplit(':').next().unwrap().parse::<u64>().unwrap())
        .sum()
}

#[test]
fn tiered_offset_times_match_java_on_kafka_3_9() {
    let bs = old();
    let topic = topic_with_records("v39-offs", 3, 30);
    // Partition 0 emptied (log start = its end offset), so that -4 (earliest local, the log
    // start offset here) differs from -2 (earliest) and the answer is not all zeros.
    let p0 = ok(tool("kafka-get-offsets").args([
        "--bootstrap-server",
        &bs,
        "--topic-partitions",
        &format!("{topic}:0"),
    ]));
    let p0_end = offsets_sum(&p0);
    assert!(p0_end > 0, "partition 0 got no record: {p0}");
    let file = std::env::temp_dir().join(format!("{topic}.json"));
    std::fs::write(
        &file,
        format!(r#"{{"partitions": [{{"topic": "{topic}", "partition": 0, "offset": -1}}]}}"#),
    )
    .unwrap();
    ok(tool("kafka-delete-records").args([
        "--bootstrap-server",
        &bs,
        "--offset-json-file",
        file.to_str().unwrap(),
    ]));
    let _ = std::fs::remove_file(&file);
    for time in ["-1", "-2", "-4", "earliest-local", "-5", "latest-tiered"] {
        let out = same_as_java(
            "kafka-get-offsets",
            &["--bootstrap-server", &bs, "--topic", &topic, "--time", time],
        );
        match time {
            "-1" => assert_eq!(offsets_sum(&out), 30, "{out}"),
            "-4" | "earliest-local" => {
                assert_eq!(out.lines().count(), 3, "{out}");
                assert!(
                    out.contains(&format!("{topic}:0:{p0_end}\n")),
                    "earliest-local of the emptied partition: {out}"
                );
            }
            // No tiered storage on the broker: no offset, no line (Java leaves them out too).
            "-5" | "latest-tiered" => assert_eq!(out, "", "{time}"),
            _ => {}
        }
    }
    // The JSON document goes through the same native request.
    let json = ok(tool("kafka-get-offsets").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--time",
        "-4",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(json.contains(&p0_end.to_string()), "{doc}");
}

#[test]
fn earliest_pending_upload_is_refused_in_one_line_naming_list_offsets_versions() {
    let bs = old();
    let topic = topic_with_records("v39-pending", 2, 4);
    for time in ["-6", "earliest-pending-upload"] {
        let err = fails(
            tool("kafka-get-offsets").args([
                "--bootstrap-server",
                &bs,
                "--topic",
                &topic,
                "--time",
                time,
            ]),
            1,
            "the broker supports ListOffsets versions",
        );
        // Kafka 3.9.1 announces ListOffsets 0-9; -6 needs v11 (KIP-1023).
        for part in ["versions 0-9", "version 11", &bs] {
            assert!(err.contains(part), "--time {time}: {err:?} lacks {part:?}");
        }
    }
    // --output json: the same line as {"error": ...} on stdout, exit 1.
    let out = run(tool("kafka-get-offsets").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--time",
        "-6",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = doc["error"].as_str().unwrap();
    assert!(
        error.contains("ListOffsets versions 0-9") && error.contains("version 11"),
        "{doc}"
    );
    // Java 4.4 on the same broker skips every partition with an UnsupportedVersionException
    // line each, prints no offset and exits 0 (a known difference: we fail in one line).
    let theirs: Output = run(java("kafka-get-offsets").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--time",
        "-6",
    ]));
    let stderr = String::from_utf8_lossy(&theirs.stderr);
    assert!(theirs.status.success(), "{stderr}");
    assert!(theirs.stdout.is_empty(), "{theirs:?}");
    assert!(
        stderr.contains("LIST_OFFSETS with version in range [11,11]"),
        "{stderr}"
    );
}

#[test]
fn topics_create_list_and_describe_match_java_on_kafka_3_9() {
    let bs = old();
    let topic = create_topic(
        &bs,
        "v39-topics",
        4,
        &[
            "--config",
            "retention.ms=86400000",
            "--config",
            "cleanup.policy=compact",
        ],
    );
    let listed = same_as_java(
        "kafka-topics",
        &["--bootstrap-server", &bs, "--list", "--topic", &topic],
    );
    assert_eq!(listed, format!("{topic}\n"));
    // 3.9 has DescribeTopicPartitions v0: Java prints the Elr columns (empty), and so do we.
    let described = same_as_java(
        "kafka-topics",
        &["--bootstrap-server", &bs, "--describe", "--topic", &topic],
    );
    assert_eq!(
        described
            .lines()
            .filter(|l| l.ends_with("\tElr: \tLastKnownElr: "))
            .count(),
        4,
        "{described}"
    );
    assert!(described.contains("cleanup.policy=compact"), "{described}");
    same_as_java(
        "kafka-topics",
        &[
            "--bootstrap-server",
            &bs,
            "--describe",
            "--topic",
            &topic,
            "--topics-with-overrides",
        ],
    );
    // By topic id: the Metadata-style rendering.
    let json = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &topic,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let id = doc["topics"][0]["topic_id"].as_str().unwrap().to_string();
    same_as_java(
        "kafka-topics",
        &["--bootstrap-server", &bs, "--describe", "--topic-id", &id],
    );
}

#[test]
fn console_round_trip_and_consumer_group_describe_match_java_on_kafka_3_9() {
    let bs = old();
    let topic = topic_with_records("v39-console", 3, 25);
    let group = unique("v39-cg");
    let consume = |cmd: &mut std::process::Command, group: &str| -> Vec<String> {
        let out = ok(cmd.args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &topic,
            "--group",
            group,
            "--from-beginning",
            "--max-messages",
            "25",
            "--formatter-property",
            "print.key=true",
        ]));
        let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let ours = consume(&mut tool("kafka-console-consumer"), &group);
    let theirs = consume(&mut java("kafka-console-consumer"), &unique("v39-cg-java"));
    let mut want: Vec<String> = keyed_lines(25).lines().map(str::to_string).collect();
    want.sort();
    assert_eq!(ours, want);
    assert_eq!(theirs, want);
    // Our consumer committed and left: the group has no members and offsets at the end.
    let describe = [
        "--bootstrap-server",
        bs.as_str(),
        "--describe",
        "--group",
        &group,
    ];
    wait_for("our consumer to leave its group", 30, || {
        let out = run(tool("kafka-consumer-groups").args(describe));
        String::from_utf8_lossy(&out.stderr).contains("has no active members")
    });
    let out = same_as_java("kafka-consumer-groups", &describe);
    let lag_zero = out
        .lines()
        .filter(|l| l.starts_with(&format!("{group} ")))
        .filter(|l| l.split_whitespace().nth(5) == Some("0"))
        .count();
    assert_eq!(lag_zero, 3, "{out}");
    same_as_java(
        "kafka-consumer-groups",
        &[
            "--bootstrap-server",
            &bs,
            "--describe",
            "--group",
            &group,
            "--state",
        ],
    );
    let listed = ok(tool("kafka-consumer-groups").args(["--bootstrap-server", &bs, "--list"]));
    assert!(listed.lines().any(|l| l == group), "{listed}");
}
