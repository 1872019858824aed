//! kafka-leader-election against the real brokers, compared with the real Java tool; the
//! leader-skew cure on the three-broker cluster.

use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::{
    create_topic, fails, java, ok, run, single, testbed, three, three_exclusive, tool, unique,
};

#[test]
fn preferred_election_of_a_led_partition_is_not_needed_like_java() {
    let bs = single();
    let topic = create_topic(&bs, "elect", 2, &[]);
    let args = [
        "--bootstrap-server",
        bs.as_str(),
        "--election-type",
        "preferred",
        "--topic",
        topic.as_str(),
        "--partition",
        "0",
    ];
    let ours = ok(tool("kafka-leader-election").args(args));
    let theirs = ok(java("kafka-leader-election").args(args));
    assert_eq!(ours, theirs);
    assert_eq!(
        ours,
        format!("Valid replica already elected for partitions {topic}-0\n")
    );
}

#[test]
fn an_unknown_partition_fails_with_javas_line() {
    let bs = single();
    let topic = unique("elect-missing");
    let args = [
        "--bootstrap-server",
        bs.as_str(),
        "--election-type",
        "PREFERRED",
        "--topic",
        topic.as_str(),
        "--partition",
        "0",
    ];
    let ours = run(tool("kafka-leader-election").args(args));
    let theirs = run(java("kafka-leader-election").args(args));
    assert_eq!(ours.status.code(), Some(1));
    assert_eq!(theirs.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&ours.stdout),
        String::from_utf8_lossy(&theirs.stdout)
    );
    let stderr = String::from_utf8_lossy(&ours.stderr);
    assert_eq!(
        stderr,
        "kafka-leader-election: error: 1 replica(s) could not be elected\n"
    );
}

#[test]
fn usage_errors_are_javas() {
    fails(
        tool("kafka-leader-election").args(["--bootstrap-server", &single(), "--election-type", "preferred"]),
        1,
        "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file",
    );
    fails(
        tool("kafka-leader-election").args([
            "--bootstrap-server",
            &single(),
            "--election-type",
            "sometimes",
            "--all-topic-partitions",
        ]),
        1,
        "Value [sometimes] is not one of [PREFERRED,UNCLEAN]",
    );
}

/// The per-broker leader view of `kafka-topics --describe --broker-summary --output json`.
fn summary(bs: &str, topic: &str) -> serde_json::Value {
    let json = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        bs,
        "--describe",
        "--topic",
        topic,
        "--broker-summary",
        "--output",
        "json",
    ]));
    serde_json::from_str(&json).unwrap()
}

#[test]
fn preferred_election_rebalances_leaders_after_a_broker_restart() {
    let _three = three_exclusive();
    let bs = three();
    let topic = create_topic(&bs, "elect-skew", 6, &["--replication-factor", "3"]);
    assert_eq!(summary(&bs, &topic)["summary"]["not_preferred"], 0);
    testbed(&["stop-broker", "1"]);
    testbed(&["start-broker", "1"]);
    let skewed = summary(&bs, &topic);
    assert_eq!(
        skewed["summary"]["not_preferred"], 2,
        "leaders piled up: {skewed}"
    );
    let entries: Vec<String> = (0..6)
        .map(|p| format!(r#"{{"topic":"{topic}","partition":{p}}}"#))
        .collect();
    let path = std::env::temp_dir().join(format!("{topic}.json"));
    std::fs::write(
        &path,
        format!(r#"{{"partitions":[{}]}}"#, entries.join(",")),
    )
    .unwrap();
    // Broker 1 must be back in every ISR before it can lead again.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
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
        let partitions = doc["topics"][0]["partitions"].as_array().unwrap().clone();
        if partitions
            .iter()
            .all(|p| p["isr"].as_array().unwrap().len() == 3)
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "broker 1 did not rejoin the ISR: {json}"
        );
        sleep(Duration::from_millis(500));
    }
    let out = run(tool("kafka-leader-election").args([
        "--bootstrap-server",
        &bs,
        "--election-type",
        "preferred",
        "--path-to-json-file",
        path.to_str().unwrap(),
    ]));
    std::fs::remove_file(&path).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let elected = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("Successfully completed leader election (PREFERRED) for partitions ")
        })
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(elected.split(", ").count(), 2, "{stdout}");
    assert!(
        stdout.contains("Valid replica already elected for partitions "),
        "{stdout}"
    );
    let balanced = summary(&bs, &topic);
    assert_eq!(balanced["summary"]["not_preferred"], 0, "{balanced}");
    for b in balanced["brokers"].as_array().unwrap() {
        assert_eq!(b["leaders"], 2, "balanced again: {balanced}");
    }
}

#[test]
fn json_names_topic_and_partition_separately() {
    let bs = single();
    // A dash in the name: "topic-partition" strings could not be split back.
    let topic = create_topic(&bs, "elect-json", 2, &[]);
    let path = std::env::temp_dir().join(format!("{topic}.json"));
    std::fs::write(
        &path,
        format!(
            r#"{{"partitions":[{{"topic":"{topic}","partition":0}},{{"topic":"{topic}","partition":9}}]}}"#
        ),
    )
    .unwrap();
    let out = run(tool("kafka-leader-election").args([
        "--bootstrap-server",
        &bs,
        "--election-type",
        "preferred",
        "--path-to-json-file",
        path.to_str().unwrap(),
        "--output",
        "json",
    ]));
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    // One document: the result, which says what failed (no second {"error": ...} after it).
    let stdout = String::from_utf8_lossy(&out.stdout);
    let docs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 1, "{stdout}");
    let report = &docs[0];
    assert_eq!(report["election_type"], "PREFERRED", "{stdout}");
    assert_eq!(report["succeeded"], serde_json::json!([]), "{stdout}");
    assert_eq!(
        report["not_needed"],
        serde_json::json!([{"topic": topic, "partition": 0}]),
        "{stdout}"
    );
    let failed = report["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{stdout}");
    assert_eq!(failed[0]["topic"], topic.as_str(), "{stdout}");
    assert_eq!(failed[0]["partition"], 9, "{stdout}");
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("UnknownTopicOrPartitionException"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 replica(s) could not be elected"),
        "{out:?}"
    );
}
