//! kafka-streams-application-reset against the single node, side by side with the Java tool:
//! the same lines for the same application, and the same committed offsets and deleted topics
//! when each tool resets its own copy of an application.

use std::collections::BTreeMap;

use crate::support::{
    create_named_topic, fails, java, ok, run, single, tool, unique, wait_for, with_stdin,
};

/// A Kafka Streams-like application: `app`, an input topic (3 partitions, 30 keyed records), an
/// intermediate topic (2 partitions, 4 records), three internal topics and an output topic of
/// the application (kept: not an internal name).
struct App {
    app: String,
    input: String,
    intermediate: String,
}

fn application(bs: &str) -> App {
    let app = unique("app");
    let input = unique("srin");
    let intermediate = unique("srmid");
    create_named_topic(bs, &input, 3, &[]);
    create_named_topic(bs, &intermediate, 2, &[]);
    for internal in [
        format!("{app}-store-changelog"),
        format!("{app}-KSTREAM-MAP-0000000003-repartition"),
        format!("{app}-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000007-topic"),
        format!("{app}-output"),
    ] {
        create_named_topic(bs, &internal, 1, &[]);
    }
    let lines: String = (0..30).map(|i| format!("k{i}\tv{i}\n")).collect();
    let produce = |topic: &str, lines: &str| {
        let out = with_stdin(
            tool("kafka-console-producer").args([
                "--bootstrap-server",
                bs,
                "--topic",
                topic,
                "--property",
                "parse.key=true",
            ]),
            lines.as_bytes(),
        );
        assert!(out.status.success(), "{out:?}");
    };
    produce(&input, &lines);
    produce(&intermediate, "a\tb\nc\td\ne\tf\ng\th\n");
    App {
        app,
        input,
        intermediate,
    }
}

/// The group's committed offsets, `topic-partition -> offset`.
fn committed(bs: &str, group: &str) -> BTreeMap<String, i64> {
    let out = run(tool("kafka-consumer-groups").args([
        "--bootstrap-server",
        bs,
        "--describe",
        "--group",
        group,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    doc["groups"][0]["partitions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some((
                format!("{}-{}", p["topic"].as_str()?, p["partition"]),
                p["current_offset"].as_i64()?,
            ))
        })
        .collect()
}

fn topics(bs: &str, app: &str) -> Vec<String> {
    ok(tool("kafka-topics").args(["--bootstrap-server", bs, "--list"]))
        .lines()
        .filter(|t| t.starts_with(&format!("{app}-")))
        .map(str::to_string)
        .collect()
}

/// Stdout and exit status of a run (Java's stack traces and ours on stderr aside).
fn stdout_and_status(cmd: &mut std::process::Command) -> (String, Option<i32>) {
    let out = run(cmd);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

#[test]
fn dry_runs_print_javas_lines_for_every_reset_position() {
    let bs = single();
    let a = application(&bs);
    // The group has offsets to shift from: 4 of each partition's records read.
    let plan = std::env::temp_dir().join(format!("{}.csv", a.app));
    std::fs::write(&plan, format!("{0},0,1\n{0},1,100\n{0},2,-5\n", a.input)).unwrap();
    let plan = plan.to_string_lossy().into_owned();
    let base = [
        "--bootstrap-server",
        bs.as_str(),
        "--application-id",
        a.app.as_str(),
        "--dry-run",
    ];
    let inputs = format!("{},missing-{}", a.input, a.app);
    for extra in [
        vec!["--input-topics", &inputs],
        vec![
            "--input-topics",
            &a.input,
            "--intermediate-topics",
            &a.intermediate,
        ],
        vec!["--input-topics", &a.input, "--to-offset", "5"],
        vec!["--input-topics", &a.input, "--to-latest"],
        vec!["--input-topics", &a.input, "--to-earliest"],
        vec!["--input-topics", &a.input, "--shift-by", "-2"],
        vec![
            "--input-topics",
            &a.input,
            "--to-datetime",
            "2000-01-01T00:00:00.000",
        ],
        vec!["--input-topics", &a.input, "--by-duration", "PT0S"],
        vec!["--input-topics", &a.input, "--from-file", &plan],
        vec!["--internal-topics", &format!("{}-store-changelog", a.app)],
        vec![],
    ] {
        let args: Vec<&str> = base.iter().copied().chain(extra.iter().copied()).collect();
        let ours = stdout_and_status(tool("kafka-streams-application-reset").args(&args));
        let theirs = stdout_and_status(java("kafka-streams-application-reset").args(&args));
        assert_eq!(ours, theirs, "{args:?}");
    }
    // A dry run changes nothing.
    assert!(committed(&bs, &a.app).is_empty());
    assert_eq!(topics(&bs, &a.app).len(), 4);
}

#[test]
fn a_reset_commits_and_deletes_what_javas_does() {
    let bs = single();
    let ours = application(&bs);
    let theirs = application(&bs);
    for (a, command) in [
        (&ours, tool("kafka-streams-application-reset")),
        (&theirs, java("kafka-streams-application-reset")),
    ] {
        let mut command = command;
        let out = ok(command.args([
            "--bootstrap-server",
            &bs,
            "--application-id",
            &a.app,
            "--input-topics",
            &a.input,
            "--intermediate-topics",
            &a.intermediate,
            "--to-offset",
            "3",
        ]));
        assert!(out.contains("Deleting inferred internal topics ["), "{out}");
    }
    let strip = |a: &App, offsets: BTreeMap<String, i64>| -> BTreeMap<String, i64> {
        offsets
            .into_iter()
            .map(|(k, v)| (k.replace(&a.input, "IN").replace(&a.intermediate, "MID"), v))
            .collect()
    };
    let ours_committed = strip(&ours, committed(&bs, &ours.app));
    assert_eq!(ours_committed, strip(&theirs, committed(&bs, &theirs.app)));
    // 3 input partitions at offset 3 or their end, 2 intermediate ones at their end.
    assert_eq!(ours_committed.len(), 5, "{ours_committed:?}");
    assert_eq!(
        ours_committed.values().filter(|o| **o <= 3).count(),
        5,
        "{ours_committed:?}"
    );
    // Internal topics go, the output topic stays (once the deletion has reached the broker).
    wait_for("the internal topics to be deleted", 30, || {
        topics(&bs, &ours.app).len() == 1 && topics(&bs, &theirs.app).len() == 1
    });
    assert_eq!(topics(&bs, &ours.app), vec![format!("{}-output", ours.app)]);

    // JSON: one document of what was done.
    let out = ok(tool("kafka-streams-application-reset").args([
        "--bootstrap-server",
        &bs,
        "--application-id",
        &ours.app,
        "--input-topics",
        &ours.input,
        "--output",
        "json",
    ]));
    assert_eq!(out.lines().count(), 1, "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["input_offsets"].as_array().unwrap().len(), 3, "{doc}");
    assert_eq!(doc["committed"], true);
    assert_eq!(doc["internal_topics"], serde_json::json!([]));
    assert_eq!(
        committed(&bs, &ours.app)
            .iter()
            .filter(|(k, _)| k.starts_with(&ours.input))
            .map(|(_, v)| *v)
            .sum::<i64>(),
        0,
        "back to the earliest offsets"
    );
}

#[test]
fn a_live_member_stops_the_reset_unless_forced() {
    let bs = single();
    let a = application(&bs);
    // A member that stays registered after its process is gone: a classic consumer killed
    // without leaving, with a long session timeout (Java's reason for --force).
    let mut consumer = tool("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &a.input,
            "--group",
            &a.app,
            "--consumer-property",
            "session.timeout.ms=60000",
            "--from-beginning",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let members = || {
        let out = run(tool("kafka-consumer-groups").args([
            "--bootstrap-server",
            &bs,
            "--describe",
            "--group",
            &a.app,
            "--members",
        ]));
        String::from_utf8_lossy(&out.stdout)
            .matches("/127.0.0.1")
            .count()
    };
    wait_for("the consumer to join", 60, || members() == 1);
    consumer.kill().unwrap();
    consumer.wait().unwrap();
    let args = [
        "--bootstrap-server",
        &bs,
        "--application-id",
        &a.app,
        "--input-topics",
        &a.input,
    ];
    let stderr = fails(
        tool("kafka-streams-application-reset").args(args),
        1,
        &format!("java.lang.IllegalStateException: Consumer group '{}' is still active and has following members: [(memberId=", a.app),
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.ends_with("You can use option '--force' to remove active members from the group.\n")
    );
    let out = ok(tool("kafka-streams-application-reset")
        .args(args)
        .arg("--force"));
    assert!(
        out.starts_with(&format!(
            "Force deleting all active members in the group: {}\n",
            a.app
        )),
        "{out}"
    );
    assert_eq!(members(), 0);
    assert_eq!(committed(&bs, &a.app).len(), 3);
}

#[test]
fn bad_input_is_one_line_as_javas_message() {
    let bs = single();
    for (args, message) in [
        (
            vec!["--input-topics", "x"],
            "Missing required option(s) [application-id]",
        ),
        (
            vec!["--application-id", "a", "--to-offset", "3", "--to-latest"],
            "Option \"[to-offset]\" can't be used with option \"[to-latest]\"",
        ),
        (
            vec!["--application-id", "a", "--by-duration", "1h"],
            "Text cannot be parsed to a Duration",
        ),
    ] {
        let mut full = vec!["--bootstrap-server", bs.as_str()];
        full.extend(args);
        let stderr = fails(
            tool("kafka-streams-application-reset").args(&full),
            1,
            message,
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let a = application(&bs);
    let stderr = fails(
        tool("kafka-streams-application-reset").args([
            "--bootstrap-server",
            &bs,
            "--application-id",
            &a.app,
            "--internal-topics",
            &a.input,
        ]),
        1,
        "java.lang.IllegalArgumentException: Invalid topic specified in the --internal-topics option.",
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let out = run(tool("kafka-streams-application-reset").args([
        "--bootstrap-server",
        &bs,
        "--application-id",
        &a.app,
        "--internal-topics",
        &a.input,
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["error"].as_str().unwrap().contains("--internal-topics"));
    // A missing input topic: Java's lines and exit status 1.
    let args = [
        "--bootstrap-server",
        &bs,
        "--application-id",
        &a.app,
        "--input-topics",
        "no-such-topic-here",
        "--dry-run",
    ];
    let ours = stdout_and_status(tool("kafka-streams-application-reset").args(args));
    assert_eq!(ours.1, Some(1));
    assert_eq!(
        ours,
        stdout_and_status(java("kafka-streams-application-reset").args(args))
    );
}
