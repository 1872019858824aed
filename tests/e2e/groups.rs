//! kafka-consumer-groups against the real broker, compared with the real Java tool on the same
//! groups. Groups are made by the Java console consumer (`--max-messages`), so they have
//! committed offsets and no members, which makes every output deterministic.

use std::io::Write;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{create_topic, java, ok, run, single, tool, unique};

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
