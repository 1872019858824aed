//! kafka-reassign-partitions on the three-broker cluster, compared with the Java tool: a topic
//! moved off broker 3 while our producer writes to it (nothing lost), throttles set and
//! cleared, --generate's JSON, --list and --cancel of a throttled move, log-dir moves, and
//! Java's errors.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{
    fails, java, ok, records_in, run, three, three_exclusive, three_shared, tool, unique, wait_for,
};

const TOOL: &str = "kafka-reassign-partitions";

/// A topic named `<prefix>-<unique>` with the given replica assignment (`3:1,3:2`).
fn topic_on(prefix: &str, assignment: &str) -> String {
    let name = unique(prefix);
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &three(),
        "--create",
        "--topic",
        &name,
        "--replica-assignment",
        assignment,
    ]));
    name
}

/// Writes `text` to a fresh file and returns its path.
fn file(text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("{}.json", unique("reassign")));
    std::fs::write(&path, text).unwrap();
    path
}

/// A reassignment plan: each partition of `topic` to the given replicas.
fn plan(topic: &str, replicas: &[&[i32]]) -> PathBuf {
    let parts: Vec<Value> = replicas
        .iter()
        .enumerate()
        .map(|(p, r)| serde_json::json!({"topic": topic, "partition": p, "replicas": r}))
        .collect();
    file(&serde_json::json!({"version": 1, "partitions": parts}).to_string())
}

fn ours(args: &[&str]) -> std::process::Output {
    run(tool(TOOL).args(["--bootstrap-server", &three()]).args(args))
}

fn theirs(args: &[&str]) -> std::process::Output {
    run(java(TOOL).args(["--bootstrap-server", &three()]).args(args))
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Verifies until the plan's partitions are all completed (our tool); returns the last output.
fn verify_until_done(plan: &str) -> String {
    let mut last = String::new();
    wait_for("the reassignment to complete", 120, || {
        let out = ours(&["--verify", "--reassignment-json-file", plan]);
        last = stdout(&out);
        // The controller may have finished while the broker that answers Metadata still has
        // the old replica set (Java's "There is no active reassignment ..., but replica set
        // is ..."): both pass within moments.
        !last.contains("still in progress") && !last.contains("but replica set is")
    });
    last
}

/// The replicas of each partition of `topic`, per kafka-topics --describe.
fn replicas_of(topic: &str) -> Vec<String> {
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &three(),
        "--describe",
        "--topic",
        topic,
    ]))
    .lines()
    .filter_map(|l| {
        l.split('\t')
            .find_map(|f| f.trim().strip_prefix("Replicas: ").map(str::to_string))
    })
    .collect()
}

/// A config of one entity as a kafka-configs (`java` or ours) describes it (`None` when not
/// set).
fn config(java_tool: bool, kind: &str, name: &str, key: &str) -> Option<String> {
    let mut cmd = if java_tool {
        java("kafka-configs")
    } else {
        tool("kafka-configs")
    };
    let out = ok(cmd.args([
        "--bootstrap-server",
        &three(),
        "--describe",
        "--entity-type",
        kind,
        "--entity-name",
        name,
    ]));
    out.lines().find_map(|l| {
        l.trim()
            .strip_prefix(&format!("{key}="))
            .map(|v| v.split(' ').next().unwrap_or_default().to_string())
    })
}

#[test]
fn a_topic_moves_off_broker_3_while_our_producer_writes_and_nothing_is_lost() {
    let _shared = three_shared();
    let _reassignments = crate::support::reassignments();
    let topic = topic_on("reassign-move", "3:1,3:2,1:3");
    let mut producer = tool("kafka-console-producer")
        .args(["--bootstrap-server", &three(), "--topic", &topic])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = producer.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for i in 0..3000 {
            writeln!(input, "record-{i}").unwrap();
            if i % 100 == 0 {
                input.flush().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let plan = plan(&topic, &[&[1, 2], &[2, 1], &[1, 2]]);
    let plan = plan.to_str().unwrap();
    let out = ours(&[
        "--execute",
        "--reassignment-json-file",
        plan,
        "--additional",
    ]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with(
            "Current partition replica assignment\n\n{\"version\":1,\"partitions\":[{\"topic\":"
        ),
        "{text}"
    );
    assert!(
        text.contains("Save this to use as the --reassignment-json-file option during rollback\n")
    );
    assert!(text.ends_with(&format!(
        "Successfully started partition reassignments for {topic}-0,{topic}-1,{topic}-2\n"
    )));
    writer.join().unwrap();
    let done = producer.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let last = verify_until_done(plan);
    assert_eq!(
        last,
        format!(
            "Status of partition reassignment:\nReassignment of partition {topic}-0 is completed.\n\
             Reassignment of partition {topic}-1 is completed.\nReassignment of partition {topic}-2 is completed.\n\n\
             Clearing broker-level throttles on brokers 1,2,3\nClearing topic-level throttles on topic {topic}\n"
        )
    );
    // Java says the same of the finished move.
    assert_eq!(
        stdout(&theirs(&["--verify", "--reassignment-json-file", plan])),
        last
    );
    assert_eq!(replicas_of(&topic), vec!["1,2", "2,1", "1,2"]);
    assert_eq!(records_in(&three(), &topic), 3000);
}

#[test]
fn throttle_sets_javas_configs_and_verify_clears_them() {
    // Broker-level configs are read by other tests: nobody else runs meanwhile.
    let _exclusive = three_exclusive();
    let topic = topic_on("reassign-throttle", "3,1");
    let plan = plan(&topic, &[&[1], &[2]]);
    let plan = plan.to_str().unwrap();
    let out = ours(&[
        "--execute",
        "--reassignment-json-file",
        plan,
        "--throttle",
        "2000000",
    ]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(
        "Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.\n\
         The inter-broker throttle limit was set to 2000000 B/s\n"
    ));
    assert_eq!(
        config(
            true,
            "topics",
            &topic,
            "leader.replication.throttled.replicas"
        )
        .as_deref(),
        Some("0:3,1:1")
    );
    assert_eq!(
        config(
            true,
            "topics",
            &topic,
            "follower.replication.throttled.replicas"
        )
        .as_deref(),
        Some("0:1,1:2")
    );
    for broker in ["1", "2", "3"] {
        // Java reads broker 1; ours (faster) the others.
        let java_tool = broker == "1";
        assert_eq!(
            config(
                java_tool,
                "brokers",
                broker,
                "leader.replication.throttled.rate"
            )
            .as_deref(),
            Some("2000000")
        );
        assert_eq!(
            config(
                java_tool,
                "brokers",
                broker,
                "follower.replication.throttled.rate"
            )
            .as_deref(),
            Some("2000000")
        );
    }
    verify_until_done(plan);
    for broker in ["1", "2", "3"] {
        assert_eq!(
            config(
                false,
                "brokers",
                broker,
                "leader.replication.throttled.rate"
            ),
            None
        );
        assert_eq!(
            config(
                false,
                "brokers",
                broker,
                "follower.replication.throttled.rate"
            ),
            None
        );
    }
    assert_eq!(
        config(true, "brokers", "1", "leader.replication.throttled.rate"),
        None
    );
    assert_eq!(
        config(
            true,
            "topics",
            &topic,
            "leader.replication.throttled.replicas"
        ),
        None
    );
    assert_eq!(
        config(
            false,
            "topics",
            &topic,
            "follower.replication.throttled.replicas"
        ),
        None
    );
}

/// The two JSON documents of --generate's output.
fn generated(text: &str) -> (Value, Value) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(lines[0], "Current partition replica assignment");
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "Proposed partition reassignment configuration");
    (
        serde_json::from_str(lines[1]).unwrap(),
        serde_json::from_str(lines[4]).unwrap(),
    )
}

#[test]
fn generate_prints_javas_documents_with_a_valid_assignment() {
    let _shared = three_shared();
    let _reassignments = crate::support::reassignments();
    let a = topic_on("reassign-gen-a", "1:2,2:3,3:1,1:3");
    let b = topic_on("reassign-gen-b", "3");
    let topics = file(&format!(
        r#"{{"topics":[{{"topic":"{a}"}},{{"topic":"{b}"}}],"version":1}}"#
    ));
    let args = [
        "--generate",
        "--topics-to-move-json-file",
        topics.to_str().unwrap(),
        "--broker-list",
        "1,2",
    ];
    let (our_current, our_proposed) = generated(&stdout(&ours(&args)));
    let (java_current, java_proposed) = generated(&stdout(&theirs(&args)));
    // The current assignment, log directories included, is Java's to the byte.
    assert_eq!(our_current, java_current);
    for proposed in [&our_proposed, &java_proposed] {
        let parts = proposed["partitions"].as_array().unwrap();
        assert_eq!(proposed["version"], 1);
        assert_eq!(parts.len(), 5);
        for p in parts {
            let replicas: Vec<i64> = p["replicas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_i64().unwrap())
                .collect();
            let rf = if p["topic"] == a.as_str() { 2 } else { 1 };
            assert_eq!(replicas.len(), rf, "{p}");
            assert!(replicas.iter().all(|r| *r == 1 || *r == 2), "{p}");
            assert!(rf == 1 || replicas[0] != replicas[1], "{p}");
            assert_eq!(p["log_dirs"], serde_json::json!(vec!["any"; rf]));
        }
        let keys = |v: &Value| {
            v["partitions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["topic"].to_string(), p["partition"].as_i64().unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(proposed), keys(&java_proposed));
    }
    // Balanced leaders: topic a's four partitions lead two on each broker.
    let balanced = stdout(&ours(&[&args[..], &["--balance-leaders"]].concat()));
    let (_, proposed) = generated(&balanced);
    let leaders: Vec<i64> = proposed["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["replicas"][0].as_i64().unwrap())
        .collect();
    let ones = leaders.iter().filter(|l| **l == 1).count();
    assert!((2..=3).contains(&ones), "{leaders:?}");
}

#[test]
fn list_and_cancel_of_a_throttled_move_are_javas() {
    let _exclusive = three_exclusive();
    let first = topic_on("reassign-cancel", "3");
    let second = topic_on("reassign-cancel", "3");
    for topic in [&first, &second] {
        ok(tool("kafka-producer-perf-test").args([
            "--topic",
            topic,
            "--num-records",
            "3000",
            "--record-size",
            "1000",
            "--throughput",
            "-1",
            "--producer-props",
            &format!("bootstrap.servers={}", three()),
        ]));
    }
    let first_plan = plan(&first, &[&[1]]);
    let second_plan = plan(&second, &[&[1]]);
    let out = ours(&[
        "--execute",
        "--reassignment-json-file",
        first_plan.to_str().unwrap(),
        "--throttle",
        "1024",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    // A second one needs --additional, as in Java.
    let refused = ours(&[
        "--execute",
        "--reassignment-json-file",
        second_plan.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stdout(&refused),
        stdout(&theirs(&[
            "--execute",
            "--reassignment-json-file",
            second_plan.to_str().unwrap()
        ]))
    );
    assert!(stdout(&refused)
        .starts_with("Cannot execute because there is an existing partition assignment."));
    let out = ours(&[
        "--execute",
        "--additional",
        "--reassignment-json-file",
        second_plan.to_str().unwrap(),
        "--throttle",
        "1024",
    ]);
    assert!(out.status.success(), "{}", stdout(&out));
    let listed = stdout(&ours(&["--list"]));
    assert_eq!(listed, stdout(&theirs(&["--list"])));
    assert_eq!(
        listed,
        format!(
            "Current partition reassignments:\n{first}-0: replicas: 1,3. adding: 1. removing: 3.\n\
             {second}-0: replicas: 1,3. adding: 1. removing: 3.\n"
        )
    );
    // Both keep the throttles (clearing them would let the other move finish at once).
    let java_cancel = theirs(&[
        "--cancel",
        "--preserve-throttles",
        "--reassignment-json-file",
        second_plan.to_str().unwrap(),
    ]);
    let our_cancel = ours(&[
        "--cancel",
        "--preserve-throttles",
        "--reassignment-json-file",
        first_plan.to_str().unwrap(),
    ]);
    assert!(our_cancel.status.success());
    assert!(java_cancel.status.success());
    assert_eq!(
        stdout(&our_cancel).replace(&first, "T"),
        stdout(&java_cancel).replace(&second, "T")
    );
    assert_eq!(
        stdout(&our_cancel),
        format!(
            "Successfully cancelled partition reassignment for: {first}-0\n\
             None of the specified partition moves are active."
        )
    );
    // Cancelling again finds nothing to cancel, and clears the throttles.
    let again = ours(&[
        "--cancel",
        "--reassignment-json-file",
        first_plan.to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&again),
        format!(
            "None of the specified partition reassignments are active.\n\
             None of the specified partition moves are active.Clearing broker-level throttles on brokers 1,2,3\n\
             Clearing topic-level throttles on topic {first}\n"
        )
    );
    assert_eq!(
        config(false, "brokers", "1", "follower.replication.throttled.rate"),
        None
    );
    wait_for("the cancelled move to revert", 30, || {
        replicas_of(&first) == vec!["3"]
    });
    assert_eq!(
        stdout(&ours(&["--list"])),
        "No partition reassignments found.\n"
    );
}

#[test]
fn a_replica_moved_to_its_own_log_dir_completes_like_java() {
    let _shared = three_shared();
    let _reassignments = crate::support::reassignments();
    let topic = topic_on("reassign-dir", "1");
    let topics = file(&format!(r#"{{"topics":[{{"topic":"{topic}"}}]}}"#));
    let (current, _) = generated(&stdout(&ours(&[
        "--generate",
        "--topics-to-move-json-file",
        topics.to_str().unwrap(),
        "--broker-list",
        "1",
    ])));
    let dir = current["partitions"][0]["log_dirs"][0]
        .as_str()
        .unwrap()
        .to_string();
    assert!(dir.starts_with('/'), "{current}");
    let plan = file(&format!(
        r#"{{"version":1,"partitions":[{{"topic":"{topic}","partition":0,"replicas":[1],"log_dirs":["{dir}"]}}]}}"#
    ));
    let plan = plan.to_str().unwrap();
    let text = stdout(&ours(&[
        "--execute",
        "--reassignment-json-file",
        plan,
        "--additional",
    ]));
    assert!(
        text.ends_with(&format!(
            "Successfully started partition reassignment for {topic}-0\n\
         Successfully started moving log directory to {dir} for replica {topic}-0 with broker 1 \n"
        )),
        "{text}"
    );
    let verified = stdout(&ours(&[
        "--verify",
        "--reassignment-json-file",
        plan,
        "--preserve-throttles",
    ]));
    assert_eq!(
        verified,
        stdout(&theirs(&[
            "--verify",
            "--reassignment-json-file",
            plan,
            "--preserve-throttles"
        ]))
    );
    assert!(verified.contains(&format!(
        "Reassignment of replica {topic}-0-1 completed successfully.\n"
    )));
}

#[test]
fn errors_are_javas() {
    let _shared = three_shared();
    let _reassignments = crate::support::reassignments();
    let topic = topic_on("reassign-err", "1");
    let cases = [
        format!(r#"{{"partitions":[{{"topic":"{topic}","partition":0,"replicas":[1,9]}}]}}"#),
        r#"{"partitions":[{"topic":"reassign-no-such-topic","partition":0,"replicas":[1]}]}"#
            .to_string(),
        format!(r#"{{"partitions":[{{"topic":"{topic}","partition":5,"replicas":[1]}}]}}"#),
        format!(r#"{{"partitions":[{{"topic":"{topic}","partition":0,"replicas":[1,1]}}]}}"#),
        r#"{"version":2}"#.to_string(),
    ];
    for case in cases {
        let path = file(&case);
        let args = [
            "--execute",
            "--reassignment-json-file",
            path.to_str().unwrap(),
        ];
        let (o, j) = (ours(&args), theirs(&args));
        assert_eq!(o.status.code(), Some(1), "{case}");
        assert_eq!(j.status.code(), Some(1), "{case}");
        // Java's first line (its stack trace follows; ours does not).
        assert_eq!(
            stdout(&o),
            format!("{}\n", stdout(&j).lines().next().unwrap()),
            "{case}"
        );
        assert!(stdout(&o).starts_with("Error: "), "{case}");
        // Shown once, on stdout, as Java shows it.
        assert!(
            o.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let bad = file("{bad");
    let o = ours(&[
        "--verify",
        "--reassignment-json-file",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("Error: "));
    // Usage errors: one line on stderr, status 1, Java's words.
    fails(
        tool(TOOL).args(["--bootstrap-server", &three(), "--verify"]),
        1,
        "Missing required argument \"[reassignment-json-file]\"",
    );
    fails(
        tool(TOOL).args(["--bootstrap-server", &three(), "--list", "--throttle", "5"]),
        1,
        "Option \"[throttle]\" can't be used with action \"[list]\"",
    );
    fails(
        tool(TOOL).args(["--bootstrap-server", &three()]),
        1,
        "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list",
    );
    // JSON: one document, also for a failure.
    let out = ours(&["--list", "--output", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["reassignments"].is_array());
    let path = file(&format!(
        r#"{{"partitions":[{{"topic":"{topic}","partition":0,"replicas":[9]}}]}}"#
    ));
    let out = ours(&[
        "--execute",
        "--reassignment-json-file",
        path.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"], "Unknown broker id 9");
}
