//! kafka-delete-records against the real broker, compared with the real Java tool.

use std::io::Write;
use std::process::Stdio;

use crate::support::{create_topic, fails, java, ok, single, tool, unique};

fn produce(topic: &str, lines: usize) {
    let mut child = tool("kafka-console-producer")
        .args(["--bootstrap-server", &single(), "--topic", topic])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = (0..lines).map(|i| format!("line {i}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
}

fn offsets_file(name: &str, json: &str) -> String {
    let path = std::env::temp_dir().join(format!("{name}.json"));
    std::fs::write(&path, json).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn deletes_up_to_an_offset_and_reports_like_java() {
    let bs = single();
    let topic = create_topic(&bs, "delrec", 1, &[]);
    produce(&topic, 5);
    let file = offsets_file(
        &topic,
        &format!(
            r#"{{"partitions": [{{"topic": "{topic}", "partition": 0, "offset": 3}}], "version": 1}}"#
        ),
    );
    let out = ok(tool("kafka-delete-records").args([
        "--bootstrap-server",
        &bs,
        "--offset-json-file",
        &file,
    ]));
    assert_eq!(
        out,
        format!("Executing records delete operation\nRecords delete operation completed:\npartition: {topic}-0\tlow_watermark: 3\n")
    );
    // Beyond the end: a per-partition error, exit 0, Java's text.
    let file = offsets_file(
        &topic,
        &format!(r#"{{"partitions": [{{"topic": "{topic}", "partition": 0, "offset": 100}}]}}"#),
    );
    let args = [
        "--bootstrap-server",
        bs.as_str(),
        "--offset-json-file",
        file.as_str(),
    ];
    let ours = ok(tool("kafka-delete-records").args(args));
    let theirs = ok(java("kafka-delete-records").args(args));
    assert_eq!(ours, theirs);
    assert!(ours.contains("\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.\n"), "{ours}");
}

#[test]
fn several_partitions_print_in_javas_order() {
    let bs = single();
    let topic = create_topic(&bs, "delrec-order", 6, &[]);
    produce(&topic, 30);
    let entries: Vec<String> = (0..6)
        .map(|p| format!(r#"{{"topic": "{topic}", "partition": {p}, "offset": -1}}"#))
        .collect();
    let file = offsets_file(
        &topic,
        &format!(r#"{{"partitions": [{}]}}"#, entries.join(",")),
    );
    let args = [
        "--bootstrap-server",
        bs.as_str(),
        "--offset-json-file",
        file.as_str(),
    ];
    // Offset -1 deletes up to the high watermark, so a second run reports the same watermarks.
    let theirs = ok(java("kafka-delete-records").args(args));
    let ours = ok(tool("kafka-delete-records").args(args));
    // Java's line order changes from run to run; the lines are the same.
    let sorted = |s: &str| {
        let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(&ours), sorted(&theirs));
    assert!(ours
        .starts_with("Executing records delete operation\nRecords delete operation completed:\n"));
    let json = ok(tool("kafka-delete-records")
        .args(args)
        .args(["--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["partitions"].as_array().unwrap().len(), 6, "{json}");
}

#[test]
fn bad_files_fail_with_javas_messages() {
    let name = unique("delrec-bad");
    let file = offsets_file(&name, r#"{"version": 1}"#);
    fails(
        tool("kafka-delete-records").args([
            "--bootstrap-server",
            &single(),
            "--offset-json-file",
            &file,
        ]),
        1,
        "Missing partitions field",
    );
    fails(
        tool("kafka-delete-records").args(["--bootstrap-server", &single()]),
        1,
        "Missing required argument \"[offset-json-file]\"",
    );
}
