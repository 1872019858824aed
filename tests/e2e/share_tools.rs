//! kafka-verifiable-share-consumer and kafka-share-consumer-perf-test against the single 4.4
//! node (share groups on), each run next to the real Java tool on the same topic (with its own
//! group). Every group starts at the earliest offset (`--offset-reset-strategy earliest`, or
//! `share.auto.offset.reset=earliest` set with our kafka-configs first): share groups start at
//! the latest by default.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{create_topic, fails, java, ok, run_within, single, tool, unique};

/// A topic of `partitions` with `records` keyed records (spread by the key hash).
fn topic_with_records(partitions: u32, records: usize) -> String {
    let topic = create_topic(&single(), "share-tools", partitions, &[]);
    let input: String = (0..records).map(|i| format!("k{i}\tv{i}\n")).collect();
    let out = crate::support::with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &topic,
            "--reader-property",
            "parse.key=true",
        ]),
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    topic
}

/// A new group that starts at the earliest offset (set with our kafka-configs).
fn group_from_earliest(prefix: &str) -> String {
    let group = unique(prefix);
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &single(),
        "--alter",
        "--entity-type",
        "groups",
        "--entity-name",
        &group,
        "--add-config",
        "share.auto.offset.reset=earliest",
    ]));
    group
}

/// Runs `cmd` (it must end within 120 s and succeed) and returns its stdout.
fn finished(cmd: &mut std::process::Command) -> String {
    let out = run_within(120, cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed with {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// The JSON events of a run.
fn events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect()
}

fn names(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["name"].as_str().unwrap_or(""))
        .collect()
}

fn field_names(e: &Value) -> Vec<String> {
    e.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// The first event of each name: name -> its field names (Java's order).
fn shapes(events: &[Value]) -> BTreeMap<String, Vec<String>> {
    let mut shapes = BTreeMap::new();
    for e in events {
        let name = e["name"].as_str().unwrap_or("").to_string();
        shapes.entry(name).or_insert_with(|| field_names(e));
    }
    shapes
}

/// Every (partition, offset) in the records_consumed events, with how often it came.
fn consumed(events: &[Value]) -> BTreeMap<(i64, i64), u32> {
    let mut seen = BTreeMap::new();
    for e in events.iter().filter(|e| e["name"] == "records_consumed") {
        let mut total = 0;
        for p in e["partitions"].as_array().unwrap() {
            let offsets = p["offsets"].as_array().unwrap();
            assert_eq!(p["count"].as_u64().unwrap(), offsets.len() as u64, "{e}");
            total += offsets.len() as u64;
            for o in offsets {
                *seen
                    .entry((p["partition"].as_i64().unwrap(), o.as_i64().unwrap()))
                    .or_insert(0) += 1;
            }
        }
        assert_eq!(e["count"].as_u64().unwrap(), total, "{e}");
    }
    seen
}

/// The offsets acknowledged successfully, per (partition, offset).
fn acknowledged(events: &[Value]) -> BTreeMap<(i64, i64), u32> {
    let mut seen = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| e["name"] == "offsets_acknowledged")
    {
        assert_eq!(e["success"], true, "{e}");
        let mut total = 0;
        for p in e["partitions"].as_array().unwrap() {
            let offsets = p["offsets"].as_array().unwrap();
            total += offsets.len() as u64;
            for o in offsets {
                *seen
                    .entry((p["partition"].as_i64().unwrap(), o.as_i64().unwrap()))
                    .or_insert(0) += 1;
            }
        }
        assert_eq!(e["count"].as_u64().unwrap(), total, "{e}");
    }
    seen
}

fn verifiable(topic: &str, group: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--group-id",
        group,
        "--offset-reset-strategy",
        "earliest",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

#[test]
fn verifiable_share_consumer_consumes_every_record_once_with_java_events() {
    let n = 40;
    let topic = topic_with_records(3, n);
    let extra = ["--max-messages", "40", "--verbose"];
    let ours = events(&finished(
        tool("kafka-verifiable-share-consumer").args(verifiable(
            &topic,
            &unique("vsc-ours"),
            &extra,
        )),
    ));
    let theirs = events(&finished(
        java("kafka-verifiable-share-consumer").args(verifiable(
            &topic,
            &unique("vsc-java"),
            &extra,
        )),
    ));
    for (who, run) in [("ours", &ours), ("java", &theirs)] {
        let names = names(run);
        assert_eq!(
            names[..2],
            ["startup_complete", "offset_reset_strategy_set"],
            "{who}: {names:?}"
        );
        assert_eq!(
            names[names.len() - 2..],
            ["shutdown_complete", "shutdown_requested"],
            "{who}: {names:?}"
        );
        assert_eq!(run[1]["offsetResetStrategy"], "earliest");
        let consumed = consumed(run);
        assert_eq!(consumed.len(), n, "{who}: {consumed:?}");
        assert!(consumed.values().all(|c| *c == 1), "{who}: {consumed:?}");
        assert_eq!(acknowledged(run), consumed, "{who}");
        let records = run.iter().filter(|e| e["name"] == "record_data").count();
        assert_eq!(records, n, "{who}");
    }
    // The same fields, in the same order, in every kind of event.
    assert_eq!(shapes(&ours), shapes(&theirs));
    let value_of = |run: &[Value]| -> BTreeMap<String, String> {
        run.iter()
            .filter(|e| e["name"] == "record_data")
            .map(|e| {
                (
                    e["key"].as_str().unwrap().to_string(),
                    e["value"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(value_of(&ours), value_of(&theirs));
}

#[test]
fn an_ack_pattern_acknowledges_explicitly_and_counts_the_types_as_java() {
    let topic = topic_with_records(1, 10);
    let extra = [
        "--max-messages",
        "10",
        "--acknowledgement-mode",
        "sync",
        "--ack-pattern",
        "accept,reject",
    ];
    let ours = events(&finished(
        tool("kafka-verifiable-share-consumer").args(verifiable(
            &topic,
            &unique("vsc-ours"),
            &extra,
        )),
    ));
    let theirs = events(&finished(
        java("kafka-verifiable-share-consumer").args(verifiable(
            &topic,
            &unique("vsc-java"),
            &extra,
        )),
    ));
    for (who, run) in [("ours", &ours), ("java", &theirs)] {
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for e in run.iter().filter(|e| e["name"] == "offsets_acknowledged") {
            for (k, v) in e["ackTypeCounts"].as_object().unwrap() {
                *counts.entry(k.clone()).or_default() += v.as_i64().unwrap();
            }
        }
        let expected: BTreeMap<String, i64> =
            [("ACCEPT".to_string(), 5), ("REJECT".to_string(), 5)]
                .into_iter()
                .collect();
        assert_eq!(counts, expected, "{who}: {run:?}");
        assert_eq!(acknowledged(run).len(), 10, "{who}");
    }
    assert_eq!(shapes(&ours), shapes(&theirs));
}

/// The summary line's columns (Java's 7), with the record count parsed.
fn summary_columns(line: &str) -> Vec<String> {
    line.split(", ").map(str::to_string).collect()
}

#[test]
fn the_perf_test_counts_every_record_in_javas_columns() {
    let n = 30;
    let topic = topic_with_records(2, n);
    let args = |group: &str| {
        vec![
            "--bootstrap-server".to_string(),
            single(),
            "--topic".into(),
            topic.clone(),
            "--group".into(),
            group.to_string(),
            "--num-records".into(),
            n.to_string(),
            "--show-consumer-stats".into(),
        ]
    };
    let ours = finished(
        tool("kafka-share-consumer-perf-test").args(args(&group_from_earliest("scp-ours"))),
    );
    let theirs = finished(
        java("kafka-share-consumer-perf-test").args(args(&group_from_earliest("scp-java"))),
    );
    for (who, out) in [("ours", &ours), ("java", &theirs)] {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{who}: {out}");
        assert_eq!(
            lines[0],
            "start.time, end.time, data.consumed.in.MB, MB.sec, nMsg.sec, data.consumed.in.nMsg, fetch.time.ms",
            "{who}"
        );
        assert!(
            lines[1].starts_with(
                "Share consumer 1 having client id perf-share-consumer-client consumption metrics- "
            ),
            "{who}: {}",
            lines[1]
        );
        let columns = summary_columns(lines[2]);
        assert_eq!(columns.len(), 7, "{who}: {}", lines[2]);
        assert_eq!(columns[5], n.to_string(), "{who}: {}", lines[2]);
        // The MB and rate columns have Java's 4 decimals; the times are Java's default format.
        for c in &columns[2..5] {
            assert_eq!(c.split('.').nth(1).map(str::len), Some(4), "{who}: {c}");
        }
        assert_eq!(columns[0].len(), "yyyy-MM-dd HH:mm:ss:SSS".len(), "{who}");
        assert!(columns[6].parse::<i64>().unwrap() >= 0, "{who}");
    }
}

#[test]
fn detailed_stats_lines_have_javas_shape_and_the_summary_follows() {
    let n = 20;
    let topic = topic_with_records(1, n);
    let args = |group: &str| {
        vec![
            "--bootstrap-server".to_string(),
            single(),
            "--topic".into(),
            topic.clone(),
            "--group".into(),
            group.to_string(),
            "--num-records".into(),
            n.to_string(),
            "--show-detailed-stats".into(),
            "--reporting-interval".into(),
            "1".into(),
            "--hide-header".into(),
        ]
    };
    let ours = finished(
        tool("kafka-share-consumer-perf-test").args(args(&group_from_earliest("scp-ours"))),
    );
    let theirs = finished(
        java("kafka-share-consumer-perf-test").args(args(&group_from_earliest("scp-java"))),
    );
    for (who, out) in [("ours", &ours), ("java", &theirs)] {
        let lines: Vec<&str> = out.lines().collect();
        let (summary, progress) = lines.split_last().unwrap();
        // Unlike the consumer benchmark, the summary comes with detailed stats too.
        let columns = summary_columns(summary);
        assert_eq!(columns.len(), 7, "{who}: {out}");
        assert_eq!(columns[5], n.to_string(), "{who}: {out}");
        for line in progress {
            let (stats, member) = line.split_once(" for share consumer ").unwrap();
            assert_eq!(member, "1", "{who}: {line}");
            assert_eq!(summary_columns(stats).len(), 7, "{who}: {line}");
        }
    }
}

#[test]
fn the_perf_test_with_two_members_and_json_output_counts_every_record() {
    let n = 40;
    let topic = topic_with_records(4, n);
    let out = finished(tool("kafka-share-consumer-perf-test").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &topic,
        "--group",
        &group_from_earliest("scp-json"),
        "--num-records",
        &n.to_string(),
        "--threads",
        "2",
        "--show-consumer-stats",
        "--output",
        "json",
    ]));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let members: Vec<&Value> = lines
        .iter()
        .filter(|v| v["type"] == "share_consumer")
        .collect();
    assert_eq!(members.len(), 2, "{out}");
    assert_eq!(members[0]["client_id"], "perf-share-consumer-client1");
    assert_eq!(members[1]["client_id"], "perf-share-consumer-client2");
    let per_member: i64 = members.iter().map(|m| m["records"].as_i64().unwrap()).sum();
    let total = lines.last().unwrap();
    assert_eq!(total["type"], "total", "{out}");
    assert_eq!(total["records"], n as i64, "{out}");
    assert_eq!(per_member, n as i64, "{out}");
}

#[test]
fn errors_are_one_line_and_fail() {
    fails(
        tool("kafka-verifiable-share-consumer").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--group-id",
            "g",
        ]),
        1,
        "argument --topic is required",
    );
    fails(
        tool("kafka-verifiable-share-consumer").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
        ]),
        1,
        "argument --group-id is required",
    );
    fails(
        tool("kafka-verifiable-share-consumer").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
            "--group-id",
            "g",
            "--ack-pattern",
            "accept",
        ]),
        1,
        "--ack-pattern requires --acknowledgement-mode to be 'sync' or 'async', not 'auto'",
    );
    fails(
        tool("kafka-share-consumer-perf-test").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--num-records",
            "1",
        ]),
        1,
        "Missing required argument \"[topic]\"",
    );
    fails(
        tool("kafka-share-consumer-perf-test").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
        ]),
        1,
        "Exactly one of the following arguments is required: [messages], [num-records]",
    );
}

#[test]
fn an_unreachable_broker_fails_with_one_line() {
    let line = fails(
        tool("kafka-verifiable-share-consumer").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
            "--group-id",
            "g",
            "--max-messages",
            "1",
        ]),
        1,
        "127.0.0.1:9",
    );
    assert!(!line.contains("not implemented"), "{line}");
    fails(
        tool("kafka-share-consumer-perf-test").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
            "--num-records",
            "1",
        ]),
        1,
        "127.0.0.1:9",
    );
}

#[test]
fn sigterm_acknowledges_what_was_consumed_and_prints_the_closing_events() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let n = 12;
    let topic = topic_with_records(2, n);
    let group = unique("vsc-term");
    let mut child = tool("kafka-verifiable-share-consumer")
        .args(verifiable(&topic, &group, &[]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    // Read until every record was consumed (auto mode: not yet acknowledged, or some of it).
    let mut lines: Vec<Value> = Vec::new();
    let mut seen = 0;
    while seen < n {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).unwrap() > 0, "{lines:?}");
        let event: Value = serde_json::from_str(&line).unwrap();
        if event["name"] == "records_consumed" {
            seen += event["count"].as_u64().unwrap() as usize;
        }
        lines.push(event);
    }
    ok(std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]));
    let rest: Vec<Value> = reader
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{rest:?}");
    // The hook's event first (an acknowledgement of the last poll may come before it), then
    // the acknowledgements of the close, then shutdown_complete.
    let tail: Vec<&str> = names(&rest)
        .into_iter()
        .filter(|n| *n != "offsets_acknowledged")
        .collect();
    assert_eq!(
        tail,
        ["shutdown_requested", "shutdown_complete"],
        "{rest:?}"
    );
    assert_eq!(names(&rest).last(), Some(&"shutdown_complete"));
    lines.extend(rest);
    // Everything consumed was acknowledged, by the polls or on the way out.
    let all = format!("{lines:?}");
    for e in lines.iter().filter(|e| e["name"] == "offsets_acknowledged") {
        assert_eq!(e["success"], true, "{all}");
    }
    assert_eq!(acknowledged(&lines), consumed(&lines));
    assert_eq!(consumed(&lines).len(), n);
}
