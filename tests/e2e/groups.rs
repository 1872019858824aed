//! kafka-consumer-groups against the real broker, compared with the real Java tool on the same
//! groups. Groups are made by the Java console consumer (`--max-messages`), so they have
//! committed offsets and no members, which makes every output deterministic.

use std::io::Write;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{
    create_topic, java, ok, run, single, three, three_shared, tool, unique, wait_for,
};

/// Creates a topic and produces `records` keyed records (spread by the key hash).
fn topic_with_records(partitions: u32, records: usize) -> String {
    let topic = create_topic(&single(), "cg", partitions, &[]);
    produce(&topic, records, 0);
    topic
}

/// Produces `n` keyed records `k<first+i>\tv`.
fn produce(topic: &str, n: usize, first: usize) {
    let mut child = tool("kafka-console-producer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            topic,
            "--reader-property",
            "parse.key=true",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = (first..first + n)
        .map(|i| format!("k{i}\tv{i}\n"))
        .collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Lets the Java console consumer read `n` records in `group` and commit, then leave.
fn consume(topic: &str, group: &str, n: usize) {
    ok(java("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--group",
        group,
        "--from-beginning",
        "--max-messages",
        &n.to_string(),
    ]));
}

/// Our tool with the single-node bootstrap and `args`.
fn ours(args: &[&str]) -> Output {
    run(tool("kafka-consumer-groups")
        .args(["--bootstrap-server", &single()])
        .args(args))
}

/// The Java tool with the same arguments.
fn theirs(args: &[&str]) -> Output {
    run(java("kafka-consumer-groups")
        .args(["--bootstrap-server", &single()])
        .args(args))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Asserts that our stdout equals Java's, byte for byte, and returns it.
fn same_as_java(args: &[&str]) -> String {
    let (a, b) = (ours(args), theirs(args));
    assert_eq!(
        a.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "{args:?}\nours stderr: {}",
        String::from_utf8_lossy(&a.stderr)
    );
    stdout(&a)
}

/// Parses the offsets view into (partition, current, log-end, lag) rows.
fn offset_rows(text: &str) -> Vec<(i32, String, String, String)> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with("GROUP "))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[2].parse().unwrap(), f[3].into(), f[4].into(), f[5].into())
        })
        .collect()
}

#[test]
fn describe_shows_committed_log_end_and_lag_exactly_like_java() {
    let topic = topic_with_records(3, 30);
    let group = unique("cg-desc");
    consume(&topic, &group, 12);
    produce(&topic, 9, 30);
    let out = ours(&["--describe", "--group", &group]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("\nConsumer group '{group}' has no active members.\n")
    );
    let text = same_as_java(&["--describe", "--group", &group]);
    assert!(text.starts_with("\nGROUP "), "{text}");
    let rows = offset_rows(&text);
    assert_eq!(rows.len(), 3, "{text}");
    let (mut committed, mut end) = (0, 0);
    for (_, current, log_end, lag) in &rows {
        let (c, e): (i64, i64) = (current.parse().unwrap(), log_end.parse().unwrap());
        assert_eq!(lag.parse::<i64>().unwrap(), e - c, "{text}");
        committed += c;
        end += e;
    }
    // The Java console consumer commits what it read; every record produced is in LEO.
    assert_eq!(end, 39, "{text}");
    assert!((12..=30).contains(&committed), "{text}");
    // --offsets is the same view; --verbose adds LEADER-EPOCH.
    same_as_java(&["--describe", "--group", &group, "--offsets"]);
    same_as_java(&["--describe", "--group", &group, "--verbose"]);
    same_as_java(&["--describe", "--group", &group, "--members"]);
    same_as_java(&["--describe", "--group", &group, "--members", "--verbose"]);
    same_as_java(&["--describe", "--group", &group, "--state"]);
    same_as_java(&["--describe", "--group", &group, "--state", "--verbose"]);
}

/// A Java console consumer that stays in the group until dropped.
struct Member(Child);

impl Drop for Member {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn active_member(topic: &str, group: &str) -> Member {
    let child = java("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            topic,
            "--group",
            group,
            "--from-beginning",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let member = Member(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let state = stdout(&ours(&["--describe", "--group", group, "--state"]));
        if state.contains("Stable") && state.lines().any(|l| l.trim_end().ends_with(" 1")) {
            // Wait until the assignment is visible too.
            let members = stdout(&ours(&["--describe", "--group", group, "--members"]));
            if members
                .lines()
                .any(|l| l.contains(group) && !l.contains(" 0 "))
            {
                return member;
            }
        }
        assert!(
            Instant::now() < deadline,
            "group {group} never became stable"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn an_active_group_is_described_like_java_and_refuses_a_reset() {
    let topic = topic_with_records(2, 10);
    let group = unique("cg-active");
    let _member = active_member(&topic, &group);
    // Let the member's auto-commit (every 5 s) cover every record, so that both tools
    // describe the same committed offsets.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = stdout(&ours(&["--describe", "--group", &group]));
        let caught_up = text
            .lines()
            .filter(|l| l.contains(&topic))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .all(|cols| cols.len() > 4 && cols[3] == cols[4]);
        if caught_up && text.contains(&topic) {
            break;
        }
        assert!(Instant::now() < deadline, "never committed: {text}");
        std::thread::sleep(Duration::from_millis(500));
    }
    for view in [
        &[][..],
        &["--members"],
        &["--members", "--verbose"],
        &["--state"],
    ] {
        let mut args = vec!["--describe", "--group", &group];
        args.extend_from_slice(view);
        same_as_java(&args);
    }
    let text = stdout(&ours(&["--describe", "--group", &group]));
    assert!(text.contains("/127.0.0.1"), "{text}");
    let out = same_as_java(&[
        "--reset-offsets",
        "--group",
        &group,
        "--all-topics",
        "--to-earliest",
        "--execute",
    ]);
    assert!(
        out.contains(&format!(
            "Error: Assignments can only be reset if the group '{group}' is inactive, but the current state is Stable."
        )),
        "{out}"
    );
}

#[test]
fn every_reset_target_plans_like_java() {
    let topic = topic_with_records(3, 30);
    let group = unique("cg-reset");
    consume(&topic, &group, 15);
    let targets: Vec<Vec<&str>> = vec![
        vec!["--to-earliest"],
        vec!["--to-latest"],
        vec!["--to-current"],
        vec!["--to-offset", "4"],
        vec!["--to-offset", "1000"],
        vec!["--shift-by", "-2"],
        vec!["--shift-by", "1000"],
        vec!["--to-datetime", "2020-01-01T00:00:00.000"],
        vec!["--to-datetime", "2999-01-01T00:00:00.000+01:00"],
        vec!["--by-duration", "PT1H"],
    ];
    let t0 = format!("{topic}:0");
    let scopes: Vec<Vec<&str>> = vec![
        vec!["--all-topics"],
        vec!["--topic", &topic],
        vec!["--topic", &t0],
    ];
    // Every target on --all-topics, every scope with two targets (each case runs a JVM).
    let mut cases: Vec<(&Vec<&str>, &Vec<&str>)> =
        targets.iter().map(|t| (t, &scopes[0])).collect();
    for scope in &scopes[1..] {
        cases.push((&targets[0], scope));
        cases.push((&targets[5], scope));
    }
    for (target, scope) in cases {
        {
            let mut args = vec!["--reset-offsets", "--group", &group, "--dry-run"];
            args.extend(scope.iter().copied());
            args.extend(target.iter().copied());
            let text = same_as_java(&args);
            assert!(text.contains("NEW-OFFSET"), "{args:?}: {text}");
        }
    }
    let export = same_as_java(&[
        "--reset-offsets",
        "--group",
        &group,
        "--all-topics",
        "--to-offset",
        "2",
        "--export",
    ]);
    assert!(export.ends_with("\n\n"), "{export:?}");
}

#[test]
fn execute_commits_what_java_then_describes() {
    let topic = topic_with_records(3, 30);
    let group = unique("cg-exec");
    consume(&topic, &group, 15);
    let out = ours(&[
        "--reset-offsets",
        "--group",
        &group,
        "--topic",
        &topic,
        "--to-earliest",
        "--execute",
    ]);
    assert!(out.status.success());
    let text = stdout(&theirs(&["--describe", "--group", &group]));
    for (_, current, end, lag) in offset_rows(&text) {
        assert_eq!(current, "0", "{text}");
        assert_eq!(lag, end, "{text}");
    }
    // Shift forward by one, from a file exported by ourselves, then compare with Java.
    let plan = stdout(&ours(&[
        "--reset-offsets",
        "--group",
        &group,
        "--all-topics",
        "--shift-by",
        "1",
        "--export",
    ]));
    let file = std::env::temp_dir().join(format!("{group}.csv"));
    std::fs::write(&file, plan.trim_end()).unwrap();
    let path = file.to_str().unwrap();
    same_as_java(&[
        "--reset-offsets",
        "--group",
        &group,
        "--from-file",
        path,
        "--dry-run",
    ]);
    assert!(ours(&[
        "--reset-offsets",
        "--group",
        &group,
        "--from-file",
        path,
        "--execute"
    ])
    .status
    .success());
    let text = stdout(&theirs(&["--describe", "--group", &group]));
    for (_, current, end, _) in offset_rows(&text) {
        let expected = 1.min(end.parse::<i64>().unwrap());
        assert_eq!(current, expected.to_string(), "{text}");
    }
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn delete_offsets_and_delete_groups_like_java() {
    let topic = topic_with_records(2, 10);
    let (ga, gb) = (unique("cg-del"), unique("cg-del"));
    consume(&topic, &ga, 5);
    consume(&topic, &gb, 5);
    let t0 = format!("{topic}:0");
    let a = ours(&["--delete-offsets", "--group", &ga, "--topic", &t0]);
    let b = theirs(&["--delete-offsets", "--group", &gb, "--topic", &t0]);
    assert_eq!(stdout(&a).replace(&ga, "G"), stdout(&b).replace(&gb, "G"));
    assert!(stdout(&a).starts_with(&format!(
        "Request succeeded for deleting offsets from group {ga}.\n"
    )));
    let rows = offset_rows(&stdout(&theirs(&["--describe", "--group", &ga])));
    assert_eq!(rows.len(), 1, "partition 0 is gone, partition 1 is left");
    let out = ours(&["--delete", "--group", &ga]);
    assert_eq!(
        stdout(&out),
        format!("Deletion of requested consumer groups ('{ga}') was successful.\n")
    );
    // Deleting it again fails like Java, still with exit status 0.
    let a = ours(&["--delete", "--group", &ga]);
    let b = theirs(&["--delete", "--group", &ga]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(stdout(&a), stdout(&b));
    assert!(
        stdout(&a).contains("GroupIdNotFoundException"),
        "{}",
        stdout(&a)
    );
    ok(tool("kafka-consumer-groups").args([
        "--bootstrap-server",
        &single(),
        "--delete",
        "--group",
        &gb,
    ]));
}

#[test]
fn list_with_state_and_type_shows_our_group() {
    let topic = topic_with_records(1, 3);
    let group = unique("cg-list");
    consume(&topic, &group, 3);
    let plain = stdout(&ours(&["--list"]));
    assert!(plain.lines().any(|l| l == group), "{plain}");
    let table = stdout(&ours(&["--list", "--state", "empty", "--type"]));
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("GROUP ")
            && header.contains(" TYPE ")
            && header.ends_with("STATE               "),
        "{header:?}"
    );
    let row = table.lines().find(|l| l.starts_with(&group)).unwrap();
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        [&group[..], "Classic", "Empty"]
    );
    let stable = stdout(&ours(&["--list", "--state", "Stable"]));
    assert!(!stable.contains(&group), "{stable}");
}

#[test]
fn runtime_errors_exit_0_and_usage_errors_exit_1_like_java() {
    let missing = unique("cg-none");
    let out = ours(&["--describe", "--group", &missing]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!("\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group {missing} not found.\n")
    );
    assert_eq!(
        stdout(&out),
        stdout(&theirs(&["--describe", "--group", &missing]))
    );
    // Printed once: Java's line on stdout, nothing more on stderr.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = ours(&["--describe"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Option [describe] takes one of these options"));
}

#[test]
fn json_and_lag_time() {
    let topic = topic_with_records(2, 20);
    let group = unique("cg-json");
    consume(&topic, &group, 5);
    let out = ours(&["--describe", "--group", &group, "--output", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = doc["groups"][0]["partitions"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let end: i64 = rows
        .iter()
        .map(|r| r["log_end_offset"].as_i64().unwrap())
        .sum();
    assert_eq!(end, 20);
    let text = stdout(&ours(&["--describe", "--group", &group, "--lag-time"]));
    assert!(text.contains(" LAG-TIME-MS "), "{text}");
    let total = text.lines().find(|l| l.contains(" TOTAL ")).unwrap();
    let fields: Vec<&str> = total.split_whitespace().collect();
    let committed: i64 = rows
        .iter()
        .map(|r| r["current_offset"].as_i64().unwrap())
        .sum();
    assert_eq!(fields[5], (20 - committed).to_string(), "{text}");
    let lag_ms: i64 = fields[6].parse().unwrap();
    assert!((0..600_000).contains(&lag_ms), "{text}");
}

#[test]
fn validate_regex_prints_javas_verdicts_without_a_cluster() {
    for pattern in ["sec-.*", "(", "a**", r"\Q*\E", "[[:foo:]]"] {
        let args = ["--validate-regex", pattern];
        let ours = ok(tool("kafka-consumer-groups").args(args));
        let theirs = ok(java("kafka-consumer-groups").args(args));
        assert_eq!(ours, theirs, "{pattern}");
    }
}

#[test]
fn bad_datetime_and_duration_fail_at_run_time_like_java() {
    let topic = topic_with_records(1, 3);
    let group = unique("cg-badtime");
    consume(&topic, &group, 3);
    for (target, value, message) in [
        (
            "--to-datetime",
            "nonsense",
            "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format",
        ),
        (
            "--by-duration",
            "nonsense",
            "Text cannot be parsed to a Duration",
        ),
        // Out of range: Java's strict SimpleDateFormat and java.time's overflow checks.
        (
            "--to-datetime",
            "2023-02-29T00:00:00.000",
            "java.text.ParseException: Unparseable date: \"2023-02-29T00:00:00.000Z\"",
        ),
        (
            "--to-datetime",
            "2024-01-01T00:00:00.000-14:00",
            "java.text.ParseException: Unparseable date: \"2024-01-01T00:00:00.000-14:00\"",
        ),
        (
            "--by-duration",
            "PT9999999999999999H",
            "Text cannot be parsed to a Duration: hours",
        ),
        ("--by-duration", "P200000000000D", "long overflow"),
        (
            "--by-duration",
            "PT9223372036854775807S",
            "Instant exceeds minimum or maximum instant",
        ),
        (
            "--by-duration",
            "PT-9223372036854775808S",
            "Exceeds capacity of Duration: 9223372036854775808000000000",
        ),
    ] {
        let args = [
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            target,
            value,
            "--dry-run",
        ];
        let (a, b) = (ours(&args), theirs(&args));
        assert_eq!(a.status.code(), Some(0), "{args:?}");
        assert_eq!(b.status.code(), Some(0), "{args:?}");
        assert_eq!(
            stdout(&a),
            format!("\nError: Executing consumer group command failed due to {message}\n")
        );
        assert_eq!(stdout(&a), stdout(&b), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&a.stderr), "", "{args:?}");
        // With --output json: the error object and a failure status.
        let mut json = args.to_vec();
        json.extend(["--output", "json"]);
        let out = ours(&json);
        assert_eq!(out.status.code(), Some(1), "{json:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc, serde_json::json!({ "error": message }));
    }
}

/// The secured node's address and the properties file of `bob`, who has no ACL at all.
fn as_bob() -> (String, String) {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let dir = std::path::PathBuf::from(var("KAFKA_SECURE_DIR"));
    (
        var("KAFKA_SECURE_SASL"),
        dir.join("plain-bob.properties").display().to_string(),
    )
}

#[test]
fn a_refused_group_is_named_by_every_action() {
    let (bootstrap, bob) = as_bob();
    let group = unique("sec-cg-refused");
    let topic = unique("sec-cg-refused");
    let actions: [&[&str]; 4] = [
        &["--describe"],
        &["--delete"],
        &[
            "--reset-offsets",
            "--all-topics",
            "--to-earliest",
            "--dry-run",
        ],
        &["--delete-offsets", "--topic", &topic],
    ];
    for action in actions {
        for format in ["text", "json"] {
            let out = run(tool("kafka-consumer-groups")
                .args(["--bootstrap-server", &bootstrap, "--command-config", &bob])
                .args(action)
                .args(["--group", &group, "--output", format]));
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            let needle = format!("not authorized for group '{group}'");
            assert_eq!(out.status.code(), Some(1), "{action:?} {format}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{action:?} {format}: {stderr}");
            assert!(stderr.contains(&needle), "{action:?} {format}: {stderr}");
            if format == "json" {
                let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                let error = doc["error"].as_str().unwrap();
                assert!(error.contains(&needle), "{action:?}: {doc}");
            } else if action[0] == "--delete" {
                // Java's report of each group comes first.
                assert_eq!(
                    stdout(&out),
                    format!("\nError: Deletion of some consumer groups failed:\n* Group '{group}' could not be deleted due to: org.apache.kafka.common.errors.GroupAuthorizationException: Group authorization failed.\n")
                );
            } else {
                assert_eq!(stdout(&out), "", "{action:?}");
            }
        }
    }
}

#[test]
fn json_uses_fields_numbers_and_null_for_what_is_absent() {
    let topic = topic_with_records(1, 5);
    let group = unique("cg-shape");
    consume(&topic, &group, 5);
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["--output", "json"]);
        let out = ours(&all);
        assert!(out.status.success(), "{args:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // No member: null, not "-".
    let doc = json(&["--describe", "--group", &group]);
    let row = &doc["groups"][0]["partitions"][0];
    assert_eq!(row["partition"], 0, "{doc}");
    for field in ["consumer_id", "host", "client_id"] {
        assert!(row[field].is_null(), "{field}: {doc}");
    }
    assert!(row.get("lag_ms").is_none(), "only with --lag-time: {doc}");
    // The coordinator as an object, the missing assignor as null.
    let doc = json(&["--describe", "--group", &group, "--state", "--verbose"]);
    let state = &doc["groups"][0];
    assert!(state["coordinator"]["id"].is_i64(), "{doc}");
    assert!(state["coordinator"]["port"].is_u64(), "{doc}");
    assert!(state["coordinator"]["host"].is_string(), "{doc}");
    assert!(state["assignment_strategy"].is_null(), "{doc}");
    assert_eq!(state["members"], 0, "{doc}");
    // No lag: lag time 0 in text and JSON.
    let doc = json(&["--describe", "--group", &group, "--lag-time"]);
    let row = &doc["groups"][0]["partitions"][0];
    assert_eq!(
        (&row["lag"], &row["lag_ms"]),
        (&0.into(), &0.into()),
        "{doc}"
    );
    assert_eq!(doc["groups"][0]["total"]["max_lag_ms"], 0, "{doc}");
    let text = stdout(&ours(&["--describe", "--group", &group, "--lag-time"]));
    let cols: Vec<&str> = text.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!(cols[5..7], ["0", "0"], "{text}");
    // A lag whose record is gone (deleted): lag time unknown, `-` in text, null in JSON, also
    // in the total. The short --timeout bounds the look for the record.
    let lagging = unique("cg-shape");
    consume(&topic, &lagging, 2);
    let plan = std::env::temp_dir().join(format!("{lagging}.json"));
    std::fs::write(
        &plan,
        format!(r#"{{"partitions":[{{"topic":"{topic}","partition":0,"offset":4}}],"version":1}}"#),
    )
    .unwrap();
    ok(tool("kafka-delete-records").args([
        "--bootstrap-server",
        &single(),
        "--offset-json-file",
        plan.to_str().unwrap(),
    ]));
    std::fs::remove_file(&plan).unwrap();
    let args = [
        "--describe",
        "--group",
        &lagging,
        "--lag-time",
        "--timeout",
        "2000",
    ];
    let doc = json(&args);
    let block = &doc["groups"][0];
    assert_eq!(block["partitions"][0]["lag"], 3, "{doc}");
    assert!(block["partitions"][0]["lag_ms"].is_null(), "{doc}");
    assert!(block["total"]["max_lag_ms"].is_null(), "{doc}");
    let text = stdout(&ours(&args));
    for line in text.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[5..7], ["3", "-"], "{text}");
    }
    // Reset plans, deletions: topic and partition fields, numbers as numbers.
    let doc = json(&[
        "--reset-offsets",
        "--group",
        &group,
        "--topic",
        &topic,
        "--to-offset",
        "1",
        "--dry-run",
    ]);
    assert_eq!(
        doc["groups"][0]["partitions"][0],
        serde_json::json!({ "topic": topic, "partition": 0, "offset": 4 }),
        "clamped to the log start: {doc}"
    );
    let t0 = format!("{topic}:0");
    let doc = json(&["--delete-offsets", "--group", &lagging, "--topic", &t0]);
    assert_eq!(
        doc["partitions"][0],
        serde_json::json!({ "topic": topic, "partition": 0, "error": null }),
        "{doc}"
    );
    let doc = json(&["--delete", "--group", &group, "--group", &lagging]);
    assert_eq!(doc["failed"], serde_json::json!([]), "{doc}");
    let doc = json(&["--delete", "--group", &group]);
    assert_eq!(doc["failed"][0]["group"], group.as_str(), "{doc}");
    assert!(doc["failed"][0]["error"]
        .as_str()
        .unwrap()
        .contains("GroupIdNotFoundException"));
}

#[test]
fn json_members_are_lists_of_topic_partitions() {
    let topic = topic_with_records(2, 10);
    let group = unique("cg-members");
    let _member = active_member(&topic, &group);
    let out = ours(&[
        "--describe",
        "--group",
        &group,
        "--members",
        "--verbose",
        "--output",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let member = &doc["groups"][0]["members"][0];
    assert_eq!(member["partitions"], 2, "{doc}");
    assert_eq!(
        member["assignment"],
        serde_json::json!([
            { "topic": topic, "partition": 0 },
            { "topic": topic, "partition": 1 }
        ]),
        "{doc}"
    );
    assert!(member["group_instance_id"].is_null(), "{doc}");
    let out = ours(&["--describe", "--group", &group, "--output", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &doc["groups"][0]["partitions"][0];
    assert!(
        row["consumer_id"].is_string() && row["host"].is_string(),
        "{doc}"
    );
}

/// Our tool running `--describe --watch 1` on `group`, stdout piped, read line by line.
struct Watch {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(group: &str, extra: &[&str]) -> Watch {
        let mut child = tool("kafka-consumer-groups")
            .args([
                "--bootstrap-server",
                &single(),
                "--describe",
                "--group",
                group,
            ])
            .args(["--watch", "1"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits until `count` lines satisfy `pred`.
    fn wait_lines(&mut self, count: usize, pred: impl Fn(&str) -> bool) {
        wait_for(&format!("{count} refreshes"), 60, || {
            self.seen.extend(self.lines.try_iter());
            self.seen.iter().filter(|l| pred(l)).count() >= count
        });
    }

    /// Sends SIGTERM and returns the exit status.
    fn terminate(mut self) -> Option<i32> {
        ok(std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]));
        self.child.wait().unwrap().code()
    }
}

#[test]
fn watch_appends_each_refresh_after_a_title_line_when_not_on_a_terminal() {
    let topic = topic_with_records(1, 3);
    let group = unique("cg-watch");
    consume(&topic, &group, 3);
    let title = format!("Every 1s: kafka-consumer-groups --bootstrap-server {} --describe --group {group} --watch 1   ", single());
    let mut watch = Watch::start(&group, &[]);
    watch.wait_lines(2, |l| l.starts_with(&title));
    // Each title is followed by a whole refresh: the blank line, the header and the row.
    watch.wait_lines(2, |l| l.starts_with(&group));
    let seen = watch.seen.clone();
    assert_eq!(watch.terminate(), Some(143));
    assert!(
        !seen.iter().any(|l| l.contains('\x1b')),
        "no terminal codes: {seen:?}"
    );
    let first = seen.iter().position(|l| l.starts_with(&title)).unwrap();
    assert_eq!(seen[first + 1], "", "{seen:?}");
    assert!(seen[first + 2].starts_with("GROUP "), "{seen:?}");
    assert!(seen[first + 3].starts_with(&group), "{seen:?}");
    let stamp = &seen[first][title.len()..];
    assert!(stamp.len() == 23 && stamp.ends_with(" UTC"), "{stamp:?}");
    // JSON: one document per refresh, nothing else.
    let mut watch = Watch::start(&group, &["--output", "json"]);
    watch.wait_lines(2, |_| true);
    let seen = watch.seen.clone();
    assert_eq!(watch.terminate(), Some(143));
    for line in &seen {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(doc["groups"][0]["group"], group.as_str(), "{line}");
    }
}

#[test]
fn watch_on_a_terminal_clears_the_screen_and_redraws() {
    let topic = topic_with_records(1, 3);
    let group = unique("cg-watch-tty");
    consume(&topic, &group, 3);
    let bin = env!("CARGO_BIN_EXE_kafka-consumer-groups");
    // `script` gives the tool a terminal for its stdout.
    let mut child = std::process::Command::new("script")
        .args([
            "-qfec",
            &format!(
                "{bin} --bootstrap-server {} --describe --group {group} --watch 1",
                single()
            ),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut stdout, &mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let clear = "\x1b[H\x1b[2JEvery 1s: kafka-consumer-groups ";
    let mut seen = Vec::new();
    wait_for("two redraws", 60, || {
        seen.extend(rx.try_iter().flatten());
        let screen = String::from_utf8_lossy(&seen);
        screen.matches(clear).count() >= 3
    });
    // Ctrl-C on the terminal ends it like a SIGINT.
    child.stdin.take().unwrap().write_all(b"\x03").unwrap();
    let status = child.wait().unwrap();
    reader.join().unwrap();
    seen.extend(rx.try_iter().flatten());
    let screen = String::from_utf8_lossy(&seen).replace('\r', "");
    assert_eq!(status.code(), Some(130), "{screen:?}");
    let frames: Vec<&str> = screen.split("\x1b[H\x1b[2J").skip(1).collect();
    assert!(frames.len() >= 3, "{screen:?}");
    for frame in &frames[..2] {
        assert!(frame.starts_with("Every 1s: "), "{frame:?}");
        assert!(
            frame.contains(&format!("\n{group} ")),
            "a whole refresh: {frame:?}"
        );
        assert_eq!(frame.matches("\nGROUP ").count(), 1, "{frame:?}");
    }
}

/// Our console consumer in `group`, with the KIP-848 consumer protocol when `consumer`, else
/// the classic one; stays in the group until dropped.
fn our_member(topic: &str, group: &str, consumer: bool) -> Member {
    let mut cmd = tool("kafka-console-consumer");
    cmd.args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--group",
        group,
    ]);
    if consumer {
        cmd.args(["--consumer-property", "group.protocol=consumer"]);
    }
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Member(child)
}

/// The member rows of `--describe --members` (our tool): (consumer id, #partitions).
fn member_rows(group: &str) -> Vec<(String, usize)> {
    stdout(&ours(&["--describe", "--group", group, "--members"]))
        .lines()
        .filter(|l| l.starts_with(&format!("{group} ")))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[1].to_string(), f[f.len() - 1].parse().unwrap())
        })
        .collect()
}

/// The STATE column of `--describe --state` (our tool).
fn group_state(group: &str) -> String {
    let text = stdout(&ours(&["--describe", "--group", group, "--state"]));
    text.lines()
        .find(|l| l.starts_with(&format!("{group} ")))
        .and_then(|l| l.split_whitespace().nth(4))
        .unwrap_or_default()
        .to_string()
}

/// Waits until `group` is Stable with `members` members that all have partitions.
fn wait_stable(group: &str, members: usize) {
    wait_for(
        &format!("{group} stable with {members} members"),
        60,
        || {
            let rows = member_rows(group);
            rows.len() == members
                && rows.iter().all(|(_, n)| *n > 0)
                && group_state(group) == "Stable"
        },
    );
}

fn signal(member: &Member, name: &str) {
    ok(std::process::Command::new("kill").args([name, &member.0.id().to_string()]));
}

#[test]
fn a_consumer_protocol_group_shows_epochs_and_upgraded_like_java() {
    let topic = topic_with_records(3, 9);
    let group = unique("cg-848");
    let _first = our_member(&topic, &group, true);
    wait_stable(&group, 1);
    for view in [
        &["--members", "--verbose"][..],
        &["--state", "--verbose"],
        &["--members"],
        &["--state"],
        &[],
    ] {
        let mut args = vec!["--describe", "--group", &group];
        args.extend_from_slice(view);
        same_as_java(&args);
    }
    // The epochs are numbers, not librdkafka's `-`.
    let text = stdout(&ours(&[
        "--describe",
        "--group",
        &group,
        "--state",
        "--verbose",
    ]));
    let row: Vec<&str> = text.lines().nth(2).unwrap().split_whitespace().collect();
    assert_eq!(row[3..5], ["uniform", "Stable"], "{text}");
    let epoch: i32 = row[5].parse().expect("GROUP-EPOCH");
    assert!(epoch > 0, "{text}");
    assert_eq!(row[6], row[5], "TARGET-ASSIGNMENT-EPOCH: {text}");
    let text = stdout(&ours(&[
        "--describe",
        "--group",
        &group,
        "--members",
        "--verbose",
    ]));
    assert!(
        !text.contains(" UPGRADED"),
        "one protocol, no UPGRADED: {text}"
    );
    let row: Vec<&str> = text.lines().nth(2).unwrap().split_whitespace().collect();
    let all = format!("{topic}:0,1,2");
    assert_eq!([row[6], row[8]], [all.as_str(), all.as_str()], "{text}");
    assert_eq!(row[5], row[7], "{text}");
    assert!(row[5].parse::<i32>().is_ok(), "CURRENT-EPOCH: {text}");
    // A classic member joins the consumer-protocol group: Java adds UPGRADED.
    let _second = our_member(&topic, &group, false);
    wait_stable(&group, 2);
    let text = same_as_java(&["--describe", "--group", &group, "--members", "--verbose"]);
    assert!(
        text.lines().nth(1).unwrap().ends_with(" UPGRADED"),
        "{text}"
    );
    let mut upgraded: Vec<&str> = text
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().last().unwrap())
        .collect();
    upgraded.sort_unstable();
    assert_eq!(upgraded, ["false", "true"], "{text}");
    same_as_java(&["--describe", "--group", &group, "--state", "--verbose"]);
    // JSON: numbers and booleans.
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--describe", "--group", &group];
        all.extend_from_slice(args);
        all.extend(["--output", "json"]);
        serde_json::from_slice(&ours(&all).stdout).unwrap()
    };
    let doc = json(&["--members", "--verbose"]);
    let members = doc["groups"][0]["members"].as_array().unwrap();
    let mut kinds: Vec<bool> = members
        .iter()
        .map(|m| m["upgraded"].as_bool().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, [false, true], "{doc}");
    for m in members {
        assert!(m["current_epoch"].as_i64().unwrap() > 0, "{doc}");
        assert!(m["target_epoch"].as_i64().unwrap() > 0, "{doc}");
    }
    let doc = json(&["--state", "--verbose"]);
    let state = &doc["groups"][0];
    assert_eq!(state["state"], "Stable", "{doc}");
    assert!(
        state["group_epoch"].as_i64().unwrap() > i64::from(epoch),
        "{doc}"
    );
    assert!(state["target_assignment_epoch"].is_i64(), "{doc}");
}

/// Runs the views with both tools while `group` is held in a passing `state`, and says
/// whether it still was at the end (a JVM under load may outlast it; the caller then tries
/// again with a fresh group).
fn while_in_state(group: &str, state: &str, views: &[&[&str]]) -> (Vec<(Output, Output)>, bool) {
    let seen = views
        .iter()
        .map(|view| {
            let args = [view, &["--group", group][..]].concat();
            (ours(&args), theirs(&args))
        })
        .collect();
    (seen, group_state(group) == state)
}

/// Asserts that both tools printed the same, with Java's rebalancing warning from ours.
fn assert_same(group: &str, seen: &[(Output, Output)]) {
    for (a, b) in seen {
        assert_eq!(a.status.code(), Some(0));
        assert_eq!(stdout(a), stdout(b));
        assert_eq!(
            String::from_utf8_lossy(&a.stderr),
            format!("\nWarning: Consumer group '{group}' is rebalancing.\n")
        );
    }
}

#[test]
fn a_reconciling_consumer_protocol_group_is_described_like_java() {
    let topic = topic_with_records(3, 9);
    for attempt in 1..=3 {
        let group = unique("cg-848-rec");
        // The longest session the broker allows: the stopped member stays that long.
        ok(tool("kafka-configs").args([
            "--bootstrap-server",
            &single(),
            "--alter",
            "--entity-type",
            "groups",
            "--entity-name",
            &group,
            "--add-config",
            "consumer.session.timeout.ms=60000",
        ]));
        let first = our_member(&topic, &group, true);
        wait_stable(&group, 1);
        // A stopped member cannot give partitions up: the newcomer waits, the group reconciles
        // until the stopped one's session times out.
        signal(&first, "-STOP");
        let _second = our_member(&topic, &group, true);
        wait_for("Reconciling", 30, || group_state(&group) == "Reconciling");
        let views: [&[&str]; 3] = [
            &["--describe", "--state", "--verbose"],
            &["--describe", "--members", "--verbose"],
            &[
                "--reset-offsets",
                "--all-topics",
                "--to-earliest",
                "--dry-run",
            ],
        ];
        let (seen, held) = while_in_state(&group, "Reconciling", &views);
        signal(&first, "-CONT");
        if !held && attempt < 3 {
            continue;
        }
        assert_same(&group, &seen[..2]);
        assert_eq!(stdout(&seen[2].0), stdout(&seen[2].1));
        assert!(stdout(&seen[0].0).contains(" Reconciling "));
        // A reset is refused naming the state, as Java does.
        let text = stdout(&seen[2].0);
        assert!(
            text.contains("is inactive, but the current state is Reconciling."),
            "{text}"
        );
        // The stopped member is behind the target epoch.
        let text = stdout(&seen[1].0);
        assert!(
            text.lines().skip(2).any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f[5] != f[7]
            }),
            "{text}"
        );
        return;
    }
}

#[test]
fn a_consumer_protocol_group_over_sasl_ssl_is_described_like_java() {
    // ConsumerGroupDescribe goes through the native path: SCRAM over TLS here.
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let bootstrap = var("KAFKA_SECURE_SASL_SSL");
    let alice = std::path::PathBuf::from(var("KAFKA_SECURE_DIR"))
        .join("scram256-ssl-alice.properties")
        .display()
        .to_string();
    let (topic, group) = (unique("sec-cg-848"), unique("sec-cg-848"));
    let secured = ["--bootstrap-server", &bootstrap, "--command-config", &alice];
    ok(tool("kafka-topics").args(secured).args([
        "--create",
        "--topic",
        &topic,
        "--partitions",
        "2",
    ]));
    let _member = Member(
        tool("kafka-console-consumer")
            .args([
                "--bootstrap-server",
                &bootstrap,
                "--consumer.config",
                &alice,
            ])
            .args(["--topic", &topic, "--group", &group])
            .args(["--consumer-property", "group.protocol=consumer"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let describe = |cmd: &mut std::process::Command, view: &str| -> String {
        stdout(&run(cmd.args(secured).args([
            "--describe",
            "--group",
            &group,
            view,
            "--verbose",
        ])))
    };
    wait_for("a stable member", 60, || {
        let text = describe(&mut tool("kafka-consumer-groups"), "--state");
        text.contains(" Stable ") && text.trim_end().ends_with(" 1")
    });
    for view in ["--state", "--members"] {
        let ours = describe(&mut tool("kafka-consumer-groups"), view);
        let theirs = describe(&mut java("kafka-consumer-groups"), view);
        assert_eq!(ours, theirs, "{view}");
        let row: Vec<&str> = ours.lines().nth(2).unwrap().split_whitespace().collect();
        // GROUP-EPOCH in the state view, CURRENT-EPOCH in the members view.
        assert!(row[5].parse::<i32>().unwrap() > 0, "{ours}");
    }
}

#[test]
fn an_assigning_consumer_protocol_group_is_described_like_java() {
    let topic = topic_with_records(3, 9);
    for attempt in 1..=3 {
        let group = unique("cg-848-asg");
        // A new target assignment at most every 15 s (the broker's maximum interval): a
        // newcomer leaves the group Assigning until then.
        ok(tool("kafka-configs").args([
            "--bootstrap-server",
            &single(),
            "--alter",
            "--entity-type",
            "groups",
            "--entity-name",
            &group,
            "--add-config",
            "consumer.assignment.interval.ms=15000",
        ]));
        let _first = our_member(&topic, &group, true);
        wait_stable(&group, 1);
        let _second = our_member(&topic, &group, true);
        wait_for("Assigning", 30, || group_state(&group) == "Assigning");
        let (seen, held) = while_in_state(
            &group,
            "Assigning",
            &[&["--describe", "--state", "--verbose"]],
        );
        if !held && attempt < 3 {
            continue;
        }
        assert_same(&group, &seen);
        // --list --state names the state too (librdkafka lists it as Unknown), and filters on
        // it, as Java's ListGroups does; checked while the group is still Assigning after.
        let listed = stdout(&ours(&["--list", "--state", "Assigning"]));
        let theirs_listed = stdout(&theirs(&["--list", "--state", "Assigning"]));
        if group_state(&group) == "Assigning" {
            let line = |text: &str| {
                text.lines()
                    .find(|l| l.starts_with(&format!("{group} ")))
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            };
            assert_eq!(
                line(&listed),
                Some(format!("{group} Assigning")),
                "{listed}"
            );
            assert_eq!(line(&listed), line(&theirs_listed), "{theirs_listed}");
        }
        let text = stdout(&seen[0].0);
        let row: Vec<&str> = text.lines().nth(2).unwrap().split_whitespace().collect();
        assert_eq!(row[4], "Assigning", "{text}");
        let (epoch, target): (i32, i32) = (row[5].parse().unwrap(), row[6].parse().unwrap());
        assert!(epoch > target, "the group epoch is ahead: {text}");
        let doc: serde_json::Value = serde_json::from_slice(
            &ours(&[
                "--describe",
                "--group",
                &group,
                "--state",
                "--output",
                "json",
            ])
            .stdout,
        )
        .unwrap();
        assert_eq!(doc["groups"][0]["group_epoch"], epoch, "{doc}");
        return;
    }
}

#[test]
fn consumer_protocol_groups_on_three_brokers_are_asked_at_their_coordinators() {
    let _shared = three_shared();
    let bootstrap = three();
    let topic = create_topic(&bootstrap, "cg-848-3", 3, &["--replication-factor", "3"]);
    let groups: Vec<String> = (0..4).map(|_| unique("cg-848-3")).collect();
    let _members: Vec<Member> = groups
        .iter()
        .map(|group| {
            Member(
                tool("kafka-console-consumer")
                    .args(["--bootstrap-server", &bootstrap, "--topic", &topic])
                    .args(["--group", group])
                    .args(["--consumer-property", "group.protocol=consumer"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap(),
            )
        })
        .collect();
    let mut args = vec!["--bootstrap-server", &bootstrap, "--describe"];
    for group in &groups {
        args.extend(["--group", group]);
    }
    args.extend(["--state", "--verbose"]);
    wait_for("four stable groups", 60, || {
        let text = stdout(&run(tool("kafka-consumer-groups").args(&args)));
        text.matches(" Stable ").count() == 4
    });
    // Each group is described by its own coordinator (the groups hash over three brokers).
    let ours = stdout(&run(tool("kafka-consumer-groups").args(&args)));
    assert_eq!(
        ours,
        stdout(&run(java("kafka-consumer-groups").args(&args)))
    );
    for line in ours.lines().filter(|l| l.starts_with("cg-848-3")) {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f[5].parse::<i32>().unwrap() > 0, "{ours}");
    }
}

/// The lines of `text` that mention one of `names`, in order.
fn mentioning<'a>(text: &'a str, names: &[String]) -> Vec<&'a str> {
    text.lines()
        .filter(|l| names.iter().any(|n| l.split_whitespace().next() == Some(n)))
        .collect()
}

#[test]
fn list_prints_groups_in_javas_order() {
    // Java prints the values of a HashMap keyed by group id: a dozen groups make the order
    // differ from both the broker's and the sorted one.
    let topic = topic_with_records(1, 1);
    let prefix = unique("cg-order");
    let groups: Vec<String> = (0..12).map(|i| format!("{prefix}-{i}")).collect();
    for g in &groups {
        consume(&topic, g, 1);
    }
    for args in [
        vec!["--list"],
        vec!["--list", "--state"],
        vec!["--list", "--type", "classic"],
        vec!["--list", "--state", "Empty", "--type"],
    ] {
        // Other tests create and delete groups on the shared broker: compare once both tools
        // saw the same set of groups (the map's capacity depends on how many there are).
        let mut attempts = 0;
        loop {
            let (a, b) = (ours(&args), theirs(&args));
            assert_eq!(a.status.code(), Some(0), "{args:?}");
            let (a, b) = (stdout(&a), stdout(&b));
            // The order is what is compared: other tests' groups may also change state
            // between the two runs, so whole lines are compared for this test's groups only.
            let ids = |text: &str| -> Vec<String> {
                text.lines()
                    .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
                    .collect()
            };
            let (ia, ib) = (ids(&a), ids(&b));
            let (mut sa, mut sb) = (ia.clone(), ib.clone());
            sa.sort_unstable();
            sb.sort_unstable();
            if sa != sb && attempts < 20 {
                attempts += 1;
                continue;
            }
            let ours_mine = mentioning(&a, &groups);
            assert_eq!(ours_mine.len(), groups.len(), "{args:?}: {a}");
            assert_eq!(ours_mine, mentioning(&b, &groups), "{args:?}");
            assert_eq!(ia, ib, "{args:?}:\n{a}\n{b}");
            break;
        }
    }
}

#[test]
fn reset_warnings_come_in_javas_partition_order() {
    // 480 keys leave no partition of 24 empty, so each has a committed offset to shift.
    let topic = topic_with_records(24, 480);
    let group = unique("cg-warn-order");
    consume(&topic, &group, 480);
    for target in [["--to-offset", "1000"], ["--shift-by", "-1000"]] {
        let mut args = vec![
            "--reset-offsets",
            "--group",
            &group,
            "--topic",
            &topic,
            "--dry-run",
        ];
        args.extend(target);
        let (a, b) = (ours(&args), theirs(&args));
        assert_eq!(a.status.code(), Some(0), "{args:?}");
        // Java logs `... WARN New offset (...) ... Value will be set to N (logger)`.
        let warnings = |out: &Output| -> Vec<String> {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .filter_map(|l| l.find("New offset (").map(|i| l[i..].to_string()))
                .map(|w| w.split(" Value will be set").next().unwrap().to_string())
                .collect()
        };
        let (wa, wb) = (warnings(&a), warnings(&b));
        assert_eq!(
            wa.len(),
            24,
            "{args:?}: {}",
            String::from_utf8_lossy(&a.stderr)
        );
        assert_eq!(wa, wb, "{args:?}");
        assert_eq!(stdout(&a), stdout(&b), "{args:?}");
    }
}
