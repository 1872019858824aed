//! kafka-share-groups against the single 4.4 node (share groups on), compared with the real Java
//! tool on the same groups. Groups are made by Java's console share consumer reading a few
//! records and leaving (`share.auto.offset.reset=earliest` set on the group first), so they are
//! Empty with start offsets, which keeps every output deterministic.

use std::process::{Child, Output, Stdio};

use crate::support::{create_topic, java, ok, run, single, tool, unique, wait_for};

/// A topic of `partitions` with `records` keyed records (spread by the key hash).
pub(crate) fn topic_with_records(partitions: u32, records: usize) -> String {
    let topic = create_topic(&single(), "sg", partitions, &[]);
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

/// Makes `group` start at the earliest offset (share groups start at the latest by default).
pub(crate) fn from_earliest(group: &str) {
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &single(),
        "--alter",
        "--entity-type",
        "groups",
        "--entity-name",
        group,
        "--add-config",
        "share.auto.offset.reset=earliest",
    ]));
}

/// A share group that read `n` records of `topic` with Java's console share consumer and left.
fn consumed_group(prefix: &str, topic: &str, n: usize) -> String {
    let group = unique(prefix);
    from_earliest(&group);
    ok(java("kafka-console-share-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--group",
        &group,
        "--max-messages",
        &n.to_string(),
        "--timeout-ms",
        "30000",
    ]));
    group
}

/// A child process killed when dropped (also when the test fails).
pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Java's console share consumer staying in `group` until dropped.
fn active_member(topic: &str, group: &str) -> Killed {
    Killed(
        java("kafka-console-share-consumer")
            .args([
                "--bootstrap-server",
                &single(),
                "--topic",
                topic,
                "--group",
                group,
                "--timeout-ms",
                "120000",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

fn ours(args: &[&str]) -> Output {
    run(tool("kafka-share-groups")
        .args(["--bootstrap-server", &single()])
        .args(args))
}

fn theirs(args: &[&str]) -> Output {
    run(java("kafka-share-groups")
        .args(["--bootstrap-server", &single()])
        .args(args))
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Asserts that our stdout and exit status equal Java's, and returns our output.
fn same_as_java(args: &[&str]) -> Output {
    let (a, b) = (ours(args), theirs(args));
    assert_eq!(
        a.status.code(),
        b.status.code(),
        "{args:?}: ours: {}\njava: {}",
        stderr(&a),
        stderr(&b)
    );
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "{args:?}\nours stderr: {}",
        stderr(&a)
    );
    a
}

/// The (partition, start offset, lag) rows of the offsets view.
fn offset_rows(text: &str) -> Vec<(i32, String, String)> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with("GROUP "))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[2].parse().unwrap(), f[3].into(), f[4].into())
        })
        .collect()
}

#[test]
fn describe_and_list_match_java_for_an_empty_group() {
    let topic = topic_with_records(3, 30);
    let group = consumed_group("sg-desc", &topic, 10);
    let text = stdout(&same_as_java(&["--describe", "--group", &group]));
    let rows = offset_rows(&text);
    assert_eq!(rows.len(), 3, "{text}");
    // Ten of the thirty records were read and acknowledged: the lag counts the other twenty
    // (the broker's lag leaves out acknowledged records past the start offset).
    let lag: i64 = rows.iter().filter_map(|r| r.2.parse::<i64>().ok()).sum();
    assert_eq!(lag, 20, "{text}");
    for (_, start, lag) in &rows {
        if start == "-" {
            assert_eq!(lag, "-", "{text}");
        } else {
            assert!(lag.parse::<i64>().unwrap() >= 0, "{text}");
        }
    }
    same_as_java(&["--describe", "--group", &group, "--offsets"]);
    let verbose = stdout(&same_as_java(&[
        "--describe",
        "--group",
        &group,
        "--verbose",
    ]));
    assert!(verbose.contains("LEADER-EPOCH"), "{verbose}");
    for view in [
        &["--state"][..],
        &["--state", "--verbose"],
        &["--members"],
        &["--members", "--verbose"],
    ] {
        let mut args = vec!["--describe", "--group", group.as_str()];
        args.extend_from_slice(view);
        let out = same_as_java(&args);
        assert_eq!(
            stderr(&out),
            format!("\nShare group '{group}' has no active members.\n"),
            "{args:?}"
        );
    }
    // Listing: our group's line as Java's (other tests add groups meanwhile).
    let line = |out: &Output| {
        stdout(out)
            .lines()
            .find(|l| l.split_whitespace().next() == Some(group.as_str()))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    assert_eq!(line(&ours(&["--list"])), Some(group.clone()));
    assert_eq!(line(&theirs(&["--list"])), Some(group.clone()));
    let (a, b) = (
        ours(&["--list", "--state", "empty"]),
        theirs(&["--list", "--state", "empty"]),
    );
    assert_eq!(line(&a), Some(format!("{group} Empty")));
    assert_eq!(line(&a), line(&b));
    assert_eq!(line(&ours(&["--list", "--state", "Stable"])), None);
    // JSON: one document with the same numbers.
    let json: serde_json::Value = serde_json::from_str(&stdout(&ours(&[
        "--describe",
        "--group",
        &group,
        "--output",
        "json",
    ])))
    .unwrap();
    let parts = json["groups"][0]["partitions"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    for (p, (partition, start, _)) in parts.iter().zip(&rows) {
        assert_eq!(p["partition"], *partition);
        assert_eq!(p["start_offset"].to_string().replace("null", "-"), *start);
    }
    // --all-groups includes the group, in Java's block format.
    let all = stdout(&ours(&["--describe", "--all-groups", "--state"]));
    assert!(all.contains(&format!("\n{group}")), "{all}");
}

#[test]
fn resets_by_ours_are_seen_by_java_and_the_reverse() {
    let topic = topic_with_records(3, 30);
    let group = consumed_group("sg-reset", &topic, 10);
    // Plans first: dry runs of every target print what Java prints (hash order included).
    let file = std::env::temp_dir().join(format!("{group}.csv"));
    std::fs::write(&file, format!("{topic},0,1\n{topic},2,0\n")).unwrap();
    let file = file.to_string_lossy().into_owned();
    let base = ["--reset-offsets", "--group", group.as_str(), "--dry-run"];
    for target in [
        vec!["--all-topics", "--to-earliest"],
        vec!["--all-topics", "--to-latest", "--export"],
        vec!["--topic", topic.as_str(), "--to-offset", "3"],
        vec![
            "--topic",
            topic.as_str(),
            "--to-datetime",
            "2020-01-01T00:00:00.000",
        ],
        vec!["--from-file", file.as_str()],
    ] {
        let mut args = base.to_vec();
        args.extend(target);
        same_as_java(&args);
    }
    let before = stdout(&ours(&["--describe", "--group", &group]));
    // Ours executes; Java's describe sees it.
    ok(tool("kafka-share-groups").args([
        "--bootstrap-server",
        &single(),
        "--reset-offsets",
        "--group",
        &group,
        "--all-topics",
        "--to-earliest",
        "--execute",
    ]));
    let java_view = stdout(&theirs(&["--describe", "--group", &group]));
    assert_ne!(java_view, before);
    for (_, start, _) in offset_rows(&java_view) {
        assert_eq!(start, "0", "{java_view}");
    }
    // Java executes on one partition; ours sees the log end there.
    let p0 = format!("{topic}:0");
    let out = theirs(&[
        "--reset-offsets",
        "--group",
        &group,
        "--topic",
        &p0,
        "--to-latest",
        "--execute",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let end: i64 = stdout(&out)
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .parse()
        .unwrap();
    let ours_view = stdout(&same_as_java(&["--describe", "--group", &group]));
    let row = offset_rows(&ours_view)
        .into_iter()
        .find(|r| r.0 == 0)
        .unwrap();
    assert_eq!(row.1, end.to_string(), "{ours_view}");
    assert_eq!(row.2, "0", "{ours_view}");
}

#[test]
fn a_group_with_a_member_is_described_but_not_reset_nor_deleted() {
    let topic = topic_with_records(2, 4);
    let group = unique("sg-active");
    from_earliest(&group);
    let member = active_member(&topic, &group);
    let assigned = format!("{topic}:0,1");
    wait_for("the member to be assigned both partitions", 60, || {
        let out = ours(&["--describe", "--group", &group, "--members"]);
        stdout(&out).contains(&assigned)
    });
    let members = stdout(&same_as_java(&[
        "--describe",
        "--group",
        &group,
        "--members",
        "--verbose",
    ]));
    assert!(members.contains("console-share-consumer"), "{members}");
    assert!(members.contains(&assigned), "{members}");
    same_as_java(&["--describe", "--group", &group, "--state", "--verbose"]);
    // A reset needs an empty group: Java's message, exit 1.
    let args = [
        "--reset-offsets",
        "--group",
        &group,
        "--all-topics",
        "--to-earliest",
        "--execute",
    ];
    let (a, b) = (ours(&args), theirs(&args));
    assert_eq!(a.status.code(), Some(1));
    assert_eq!(b.status.code(), Some(1));
    assert!(
        stderr(&a).contains(&format!("Share group '{group}' is not empty.")),
        "{}",
        stderr(&a)
    );
    assert!(stderr(&b).contains(&format!("Share group '{group}' is not empty.")));
    let deleted = stdout(&same_as_java(&["--delete", "--group", &group]));
    assert!(deleted.contains("GroupNotEmptyException"), "{deleted}");
    let offsets = stdout(&same_as_java(&[
        "--delete-offsets",
        "--group",
        &group,
        "--topic",
        &topic,
    ]));
    assert!(
        offsets.contains("Error: The group is not empty."),
        "{offsets}"
    );
    drop(member);
}

#[test]
fn delete_and_delete_offsets_match_java() {
    let topic = topic_with_records(2, 10);
    let one = consumed_group("sg-del1", &topic, 4);
    let two = consumed_group("sg-del2", &topic, 4);
    // Offsets of one topic, by ours.
    let out = ours(&["--delete-offsets", "--group", &one, "--topic", &topic]);
    let tw = topic.len().max(15);
    assert_eq!(
        stdout(&out),
        format!("\n{:<tw$} STATUS\n{:<tw$} Successful\n", "TOPIC", topic)
    );
    let after = stdout(&theirs(&["--describe", "--group", &one]));
    assert_eq!(
        after,
        format!("\nShare group '{one}' has no offset information.\n")
    );
    same_as_java(&["--describe", "--group", &one]);
    // Unknown topic and group: Java's lines.
    same_as_java(&[
        "--delete-offsets",
        "--group",
        &two,
        "--topic",
        "no-such-topic-sg",
    ]);
    same_as_java(&[
        "--delete-offsets",
        "--group",
        "no-such-group-sg",
        "--topic",
        &topic,
    ]);
    // Groups: ours deletes one, Java the other; each sees the other's.
    let out = ours(&["--delete", "--group", &one]);
    assert_eq!(
        stdout(&out),
        format!("Deletion of requested share groups ('{one}') was successful.\n")
    );
    let out = theirs(&["--delete", "--group", &two]);
    assert!(out.status.success());
    for group in [&one, &two] {
        let listed = stdout(&ours(&["--list"]));
        assert!(!listed.lines().any(|l| l == group.as_str()), "{listed}");
    }
    same_as_java(&["--delete", "--group", &one]);
}

#[test]
fn errors_and_usage_match_java() {
    // A missing group: Java's line on stdout, exit 0.
    let out = same_as_java(&["--describe", "--group", "no-such-share-group"]);
    assert_eq!(
        stdout(&out),
        "\nError: Executing share group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group no-such-share-group not found.\n"
    );
    // JSON: the error object, exit 1.
    let out = ours(&[
        "--describe",
        "--group",
        "no-such-share-group",
        "--output",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        json["error"].as_str().unwrap().contains("not found"),
        "{json}"
    );
    // Usage errors: exit 1 for both, Java's message in one line.
    for args in [
        &["--list", "--state", "Bogus"][..],
        &["--describe"],
        &[
            "--reset-offsets",
            "--group",
            "g",
            "--all-topics",
            "--to-earliest",
        ],
        &[
            "--reset-offsets",
            "--group",
            "g",
            "--all-topics",
            "--dry-run",
        ],
        &["--delete-offsets", "--group", "g"],
        &["--list", "--describe", "--group", "g"],
        &["--members", "--list"],
    ] {
        let (a, b) = (ours(args), theirs(args));
        assert_eq!(a.status.code(), Some(1), "{args:?}: {}", stderr(&a));
        assert_eq!(b.status.code(), Some(1), "{args:?}");
        let line = stderr(&a);
        assert_eq!(line.lines().count(), 1, "{line}");
        let message = line.trim_end().split(": error: ").nth(1).unwrap();
        // Java lists the valid states from a Set.of, whose order changes from run to run.
        let message = message.split(" Valid states are:").next().unwrap();
        assert!(
            stderr(&b).contains(message),
            "{args:?}: {message:?} vs {}",
            stderr(&b)
        );
        assert!(!line.contains("panicked"));
    }
}

#[test]
fn command_config_reaches_the_secured_node_and_a_refusal_names_the_group() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (bootstrap, dir) = (var("KAFKA_SECURE_SASL"), var("KAFKA_SECURE_DIR"));
    let run_as = |user: &str, args: &[&str]| {
        let config = format!("{dir}/{user}.properties");
        let mut cmd = tool("kafka-share-groups");
        cmd.args([
            "--bootstrap-server",
            &bootstrap,
            "--command-config",
            &config,
        ]);
        cmd.args(args);
        let ours = run(&mut cmd);
        let mut cmd = java("kafka-share-groups");
        cmd.args([
            "--bootstrap-server",
            &bootstrap,
            "--command-config",
            &config,
        ]);
        cmd.args(args);
        (ours, run(&mut cmd))
    };
    // The admin gets Java's answer (the group does not exist).
    let (a, b) = run_as(
        "admin",
        &["--describe", "--group", "no-such-secure-share-group"],
    );
    assert_eq!(stdout(&a), stdout(&b), "{}", stderr(&a));
    assert!(
        stdout(&a).contains("GroupIdNotFoundException"),
        "{}",
        stdout(&a)
    );
    // Bob has no ACL for the group: Java prints its error and exits 0; ours names the group and
    // exits 1, as every tool of the suite does for a refusal.
    let (a, b) = run_as("plain-bob", &["--describe", "--group", "bobs-share-group"]);
    assert!(
        stdout(&b).contains("GroupAuthorizationException"),
        "{}",
        stdout(&b)
    );
    assert_eq!(a.status.code(), Some(1));
    assert!(
        stderr(&a).contains("not authorized for group 'bobs-share-group'"),
        "{}",
        stderr(&a)
    );
}
