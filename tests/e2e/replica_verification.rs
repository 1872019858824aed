//! kafka-replica-verification on the three-broker cluster, side by side with Java's: once every
//! replica holds the records, both report the same lag line; bad options fail alike.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{create_topic, fails, java, three, three_shared, tool, with_stdin};

/// Runs a verification of `topic` from the earliest offsets, a report every round, and returns
/// its first report line that says every replica caught up (timestamp cut off), then stops it.
fn caught_up_line(mut cmd: Command, topic: &str) -> (String, String) {
    let mut child = cmd
        .args([
            "--broker-list",
            &three(),
            "--topics-include",
            topic,
            "--time",
            "-2",
            "--report-interval-ms",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    // A watchdog: a tool that never reports fails the test instead of hanging it.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(90));
        let _ = Command::new("kill").arg(pid.to_string()).status();
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = lines.next().unwrap().unwrap();
    let mut found = String::new();
    for line in lines {
        let line = line.unwrap();
        if line.contains(": max lag is 0 for partition ") {
            found = line;
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let cut = |l: &str| {
        l.split_once(": ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default()
    };
    (cut(&started), cut(&found))
}

#[test]
fn both_tools_report_the_same_lag_once_the_replicas_agree() {
    let _shared = three_shared();
    let topic = create_topic(&three(), "rv", 3, &["--replication-factor", "3"]);
    let input: String = (0..300).map(|i| format!("k{i}\tv{i}\n")).collect();
    let out = with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &three(),
            "--topic",
            &topic,
            "--reader-property",
            "parse.key=true",
        ]),
        input.as_bytes(),
    );
    assert!(out.status.success());
    let (ours_start, ours) = caught_up_line(tool("kafka-replica-verification"), &topic);
    let (java_start, theirs) = caught_up_line(java("kafka-replica-verification"), &topic);
    assert_eq!(ours_start, "verification process is started");
    assert_eq!(java_start, ours_start);
    assert!(
        ours.starts_with(&format!("max lag is 0 for partition {topic}-"))
            && ours.ends_with(" among 3 partitions"),
        "{ours}"
    );
    assert_eq!(ours, theirs);
}

#[test]
fn bad_options_fail_with_one_line() {
    fails(
        tool("kafka-replica-verification").args(["--time", "-2"]),
        1,
        "Missing required argument \"[broker-list]\"",
    );
    let out = crate::support::run(tool("kafka-replica-verification").args([
        "--broker-list",
        &three(),
        "--topics-include",
        "no-such-topic-anywhere",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("No topics found. [topics-include] if specified, is either filtering out all topics or there is no topic."),
        "{err}"
    );
    fails(
        tool("kafka-replica-verification").args([
            "--broker-list",
            &three(),
            "--topics-include",
            "([",
        ]),
        1,
        "([ is an invalid regex",
    );
}
