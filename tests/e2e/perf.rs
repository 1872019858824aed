//! The benchmark tools: output lines in Java's format (both tools' output parsed with the same
//! patterns, side by side on the same broker), record counts checked on the broker, Java's
//! validation messages.

use regex::Regex;
use serde_json::Value;

use crate::support::{create_topic, fails, java, ok, records_in, single, tool};

/// Java's progress line and final summary of kafka-producer-perf-test.
const PROGRESS: &str = r"^\d+ records sent, \d+\.\d records/sec \(\d+\.\d\d MB/sec\), \d+\.\d ms avg latency, \d+\.\d ms max latency\.$";
const SUMMARY: &str = r"^(\d+)( steady state)? records sent, \d+\.\d{6} records/sec \(\d+\.\d\d MB/sec\), \d+\.\d\d ms avg latency, \d+\.\d\d ms max latency, \d+ ms 50th, \d+ ms 95th, \d+ ms 99th, \d+ ms 99\.9th\.$";

/// The kinds of the lines of a producer-perf-test run, each checked against Java's formats;
/// returns the record counts of the summaries.
fn producer_lines(stdout: &str) -> (Vec<&'static str>, Vec<u64>) {
    let progress = Regex::new(PROGRESS).unwrap();
    let summary = Regex::new(SUMMARY).unwrap();
    let mut kinds = Vec::new();
    let mut counts = Vec::new();
    for line in stdout.lines() {
        if progress.is_match(line) {
            kinds.push("progress");
        } else if let Some(c) = summary.captures(line) {
            kinds.push(if c.get(2).is_some() {
                "steady"
            } else {
                "summary"
            });
            counts.push(c[1].parse().unwrap());
        } else if line == "In steady state." {
            kinds.push("marker");
        } else if line.starts_with("Warmup first ") {
            kinds.push("warmup");
        } else {
            panic!("a line in no known format: {line:?}\n{stdout}");
        }
    }
    // Progress lines depend on timing; the rest must come in Java's order.
    kinds.retain(|k| *k != "progress" && *k != "marker");
    (kinds, counts)
}

#[test]
fn producer_perf_prints_javas_lines_and_the_broker_has_every_record() {
    let bs = single();
    let args = [
        "--num-records",
        "3000",
        "--record-size",
        "50",
        "--throughput",
        "3000",
        "--warmup-records",
        "1000",
        "--reporting-interval",
        "200",
        "--key-distribution",
        "range",
        "--record-key-range",
        "7",
    ];
    let ours_topic = create_topic(&bs, "pperf", 2, &[]);
    let java_topic = create_topic(&bs, "pperf", 2, &[]);
    let ours = ok(tool("kafka-producer-perf-test")
        .args(["--bootstrap-server", &bs, "--topic", &ours_topic])
        .args(args));
    let theirs = ok(java("kafka-producer-perf-test")
        .args(["--bootstrap-server", &bs, "--topic", &java_topic])
        .args(args));
    let (our_kinds, our_counts) = producer_lines(&ours);
    let (java_kinds, java_counts) = producer_lines(&theirs);
    assert_eq!(our_kinds, java_kinds, "ours:\n{ours}\nJava:\n{theirs}");
    assert_eq!(our_counts, vec![3000, 2000]);
    assert_eq!(our_counts, java_counts);
    assert!(
        ours.lines()
            .any(|l| Regex::new(PROGRESS).unwrap().is_match(l)),
        "a 200 ms interval over ~1 s shows progress lines:\n{ours}"
    );
    assert_eq!(records_in(&bs, &ours_topic), 3000);
    assert_eq!(records_in(&bs, &java_topic), 3000);
}

#[test]
fn producer_perf_transactions_commit_every_record() {
    let bs = single();
    let topic = create_topic(&bs, "pperf-txn", 1, &[]);
    let out = ok(tool("kafka-producer-perf-test").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--num-records",
        "500",
        "--payload-monotonic",
        "--throughput",
        "-1",
        "--transaction-duration-ms",
        "50",
    ]));
    let (kinds, counts) = producer_lines(&out);
    assert_eq!((kinds, counts), (vec!["summary"], vec![500]));
    // Committed: a read_committed consumer sees all 500 values, 0..499 in order.
    let read = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--from-beginning",
        "--max-messages",
        "500",
        "--isolation-level",
        "read_committed",
        "--timeout-ms",
        "20000",
    ]));
    let values: Vec<u64> = read.lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(values, (0..500).collect::<Vec<u64>>());
}

#[test]
fn producer_perf_json_is_one_line_per_report() {
    let bs = single();
    let topic = create_topic(&bs, "pperf-json", 1, &[]);
    let out = ok(tool("kafka-producer-perf-test").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--num-records",
        "100",
        "--record-size",
        "10",
        "--throughput",
        "-1",
        "--print-metrics",
        "--output",
        "json",
    ]));
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let total = docs.iter().find(|d| d["type"] == "total").unwrap();
    assert_eq!(total["records"], 100);
    assert!(total["p99_ms"].is_u64() && total["records_per_sec"].is_f64());
    let metrics = docs.iter().find(|d| d["type"] == "metrics").unwrap();
    assert_eq!(
        metrics["metrics"]["producer-metrics:record-send-total:{client-id=perf-producer-client}"],
        100.0
    );
}

#[test]
fn producer_perf_refuses_what_java_refuses() {
    let bs = single();
    let base = [
        "--bootstrap-server",
        &bs,
        "--topic",
        "t",
        "--throughput",
        "-1",
    ];
    for (extra, message) in [
        (
            vec!["--num-records", "0", "--record-size", "1"],
            "--num-records should be greater than zero.",
        ),
        (
            vec![
                "--num-records",
                "5",
                "--record-size",
                "1",
                "--warmup-records",
                "5",
            ],
            "The value for --warmup-records must be strictly fewer than the number of records",
        ),
        (
            vec![
                "--num-records",
                "5",
                "--record-size",
                "1",
                "--key-distribution",
                "random",
            ],
            "--record-key-range is required when --key-distribution is 'range' or 'random'.",
        ),
        (
            vec![
                "--num-records",
                "5",
                "--record-size",
                "1",
                "--record-key-range",
                "3",
            ],
            "--key-distribution must be 'range' or 'random' when --record-key-range is specified.",
        ),
        (
            vec![
                "--num-records",
                "5",
                "--record-size",
                "1",
                "--payload-monotonic",
            ],
            "cannot be used with",
        ),
    ] {
        fails(
            tool("kafka-producer-perf-test").args(base).args(&extra),
            1,
            message,
        );
    }
}

/// The consumer tool's CSV: header, summary line (two dates), detailed line (a date and 0).
const CSV_HEADER: &str = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
const DETAILED_HEADER: &str = "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
const DATE: &str = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3}";
const NUMS: &str = r"(-?\d+\.\d{4}|NaN|-?Infinity), (-?\d+\.\d{4}|NaN|-?Infinity), (\d+), (-?\d+\.\d{4}|NaN|-?Infinity), (\d+), (-?\d+), (-?\d+\.\d{4}|NaN|-?Infinity), (-?\d+\.\d{4}|NaN|-?Infinity)";

/// Produces `n` records of 100 bytes with our producer perf tool.
fn fill(bs: &str, topic: &str, n: &str) {
    ok(tool("kafka-producer-perf-test").args([
        "--bootstrap-server",
        bs,
        "--topic",
        topic,
        "--num-records",
        n,
        "--record-size",
        "100",
        "--throughput",
        "-1",
    ]));
}

/// The committed offsets of `group`, summed over its partitions.
fn committed(bs: &str, group: &str) -> u64 {
    let out = ok(tool("kafka-consumer-groups").args([
        "--bootstrap-server",
        bs,
        "--describe",
        "--group",
        group,
        "--output",
        "json",
    ]));
    let doc: Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    doc["groups"][0]["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["current_offset"].as_u64().unwrap())
        .sum()
}

#[test]
fn consumer_perf_prints_javas_csv_and_commits_what_it_read() {
    let bs = single();
    let topic = create_topic(&bs, "cperf", 3, &[]);
    fill(&bs, &topic, "2000");
    let summary = Regex::new(&format!("^{DATE}, {DATE}, {NUMS}$")).unwrap();
    let mut records = Vec::new();
    for (cmd, group) in [
        (tool("kafka-consumer-perf-test"), unique_group("ours")),
        (java("kafka-consumer-perf-test"), unique_group("java")),
    ] {
        let mut cmd = cmd;
        let out = ok(cmd.args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &topic,
            "--num-records",
            "2000",
            "--group",
            &group,
        ]));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(lines[0], CSV_HEADER);
        let c = summary
            .captures(lines[1])
            .unwrap_or_else(|| panic!("{out}"));
        assert_eq!(&c[3], "2000");
        assert_eq!(&c[1], "0.1907", "2000 × 100 bytes in MB");
        records.push(committed(&bs, &group));
    }
    assert_eq!(
        records,
        vec![2000, 2000],
        "both groups committed every record"
    );
}

fn unique_group(who: &str) -> String {
    crate::support::unique(&format!("cperf-{who}"))
}

#[test]
fn consumer_perf_detailed_stats_hide_header_and_timeout_like_java() {
    let bs = single();
    let topic = create_topic(&bs, "cperf-detail", 1, &[]);
    fill(&bs, &topic, "300");
    let detailed = Regex::new(&format!("^{DATE}, 0, {NUMS}$")).unwrap();
    let args = [
        "--topic",
        topic.as_str(),
        "--num-records",
        "301",
        "--timeout",
        "1500",
        "--show-detailed-stats",
        "--reporting-interval",
        "1",
    ];
    let ours = ok(tool("kafka-consumer-perf-test")
        .args(["--bootstrap-server", &bs])
        .args(args));
    let theirs = ok(java("kafka-consumer-perf-test")
        .args(["--bootstrap-server", &bs])
        .args(args));
    for out in [&ours, &theirs] {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], DETAILED_HEADER, "{out}");
        assert_eq!(
            lines.last().unwrap(),
            &"WARNING: Exiting before consuming the expected number of records: timeout (1500 ms) exceeded. You can use the --timeout option to increase the timeout.",
        );
        assert!(
            lines[1..lines.len() - 1]
                .iter()
                .all(|l| detailed.is_match(l)),
            "{out}"
        );
    }
    let hidden = ok(tool("kafka-consumer-perf-test").args([
        "--bootstrap-server",
        &bs,
        "--include",
        &topic,
        "--num-records",
        "300",
        "--hide-header",
        "--output",
        "json",
    ]));
    let doc: Value = serde_json::from_str(hidden.trim()).unwrap();
    assert_eq!(
        (doc["type"].as_str(), doc["records"].as_u64()),
        (Some("total"), Some(300))
    );
}

#[test]
fn consumer_perf_refuses_what_java_refuses() {
    let bs = single();
    for (args, message) in [
        (
            vec!["--num-records", "5"],
            "Exactly one of the following arguments is required: [topic], [include]",
        ),
        (
            vec!["--topic", "t"],
            "Exactly one of the following arguments is required: [messages], [num-records]",
        ),
        (
            vec![
                "--topic",
                "t",
                "--num-records",
                "5",
                "--reporting-interval",
                "0",
            ],
            "Reporting interval must be greater than 0.",
        ),
        (
            vec![
                "--topic",
                "t",
                "--num-records",
                "5",
                "--date-format",
                "yyyy-qq",
            ],
            "Illegal pattern character 'q'",
        ),
    ] {
        fails(
            tool("kafka-consumer-perf-test")
                .args(["--bootstrap-server", &bs])
                .args(&args),
            1,
            message,
        );
    }
}

#[test]
fn e2e_latency_prints_javas_lines_in_both_forms_and_sends_every_record() {
    let bs = single();
    let progress = Regex::new(r"^(\d+)\t\d+\.\d+(E-?\d+)?$").unwrap();
    let avg = Regex::new(r"^Avg latency: \d+\.\d{4} ms$").unwrap();
    let percentiles = Regex::new(r"^Percentiles: 50th = \d+, 99th = \d+, 99\.9th = \d+$").unwrap();
    let mut topics = Vec::new();
    for (who, positional) in [
        ("ours", false),
        ("java", false),
        ("ours", true),
        ("java", true),
    ] {
        let topic = crate::support::unique("e2elat");
        let mut cmd = if who == "ours" {
            tool("kafka-e2e-latency")
        } else {
            java("kafka-e2e-latency")
        };
        if positional {
            cmd.args([bs.as_str(), &topic, "1001", "all", "20"]);
        } else {
            cmd.args([
                "--bootstrap-server",
                &bs,
                "--topic",
                &topic,
                "--num-records",
                "1001",
                "--producer-acks",
                "1",
                "--record-size",
                "20",
                "--record-key-size",
                "4",
                "--num-headers",
                "2",
                "--record-header-key-size",
                "3",
                "--record-header-size",
                "-1",
            ]);
        }
        let out = ok(&mut cmd);
        let mut lines: Vec<&str> = out.lines().collect();
        if positional {
            assert!(
                lines
                    .remove(0)
                    .starts_with("WARNING: Positional argument usage is deprecated"),
                "{who}: {out}"
            );
        }
        assert_eq!(
            lines.remove(0),
            format!("Topic \"{topic}\" does not exist. Will create topic with 1 partition(s) and replication factor = 1"),
            "{who}: {out}"
        );
        let marks: Vec<&str> = lines[..2]
            .iter()
            .map(|l| {
                progress
                    .captures(l)
                    .unwrap_or_else(|| panic!("{who}: {out}"))
                    .get(1)
                    .unwrap()
                    .as_str()
            })
            .collect();
        assert_eq!(marks, ["0", "1000"], "{who}: {out}");
        assert!(
            avg.is_match(lines[2]) && percentiles.is_match(lines[3]),
            "{who}: {out}"
        );
        assert_eq!(lines.len(), 4, "{who}: {out}");
        topics.push(topic);
    }
    for topic in topics {
        assert_eq!(records_in(&bs, &topic), 1001, "{topic}");
    }
}

#[test]
fn e2e_latency_refuses_what_java_refuses() {
    let bs = single();
    let named = [
        "--bootstrap-server",
        bs.as_str(),
        "--topic",
        "t",
        "--record-size",
        "1",
    ];
    for (args, message) in [
        (
            vec!["--num-records", "2", "--producer-acks", "0"],
            "Invalid value for --producer-acks. Latency testing requires synchronous acknowledgement. Please use '1' or 'all'.",
        ),
        (
            vec!["--num-records", "0", "--producer-acks", "all"],
            "Value for --num-records must be a positive integer.",
        ),
        (
            vec!["--num-records", "1", "--producer-acks", "all", "--record-header-size", "-2"],
            "Value for --record-header-size must be a non-negative integer or -1 for null header value.",
        ),
    ] {
        fails(tool("kafka-e2e-latency").args(named).args(&args), 1, message);
    }
    fails(
        tool("kafka-e2e-latency").args([bs.as_str(), "t", "3"]),
        1,
        "Invalid number of arguments. Expected 5 or 6 positional arguments, but got 3.",
    );
}
