//! kafka-topics against the real brokers, checked with the real Java tool.

use crate::support::{
    create_named_topic, create_topic, fails, java, ok, run, single, testbed, three,
    three_exclusive, three_shared, tool, unique, wait_for,
};

#[test]
fn create_on_three_brokers_is_seen_by_java_describe() {
    let _three = three_shared();
    let topic = unique("rf3");
    let out = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &three(),
        "--create",
        "--topic",
        &topic,
        "--partitions",
        "3",
        "--replication-factor",
        "3",
    ]));
    assert_eq!(out, format!("Created topic {topic}.\n"));
    let described = ok(java("kafka-topics").args([
        "--bootstrap-server",
        &three(),
        "--describe",
        "--topic",
        &topic,
    ]));
    let header = described.lines().next().unwrap();
    assert!(
        header.starts_with(&format!("Topic: {topic}\tTopicId: ")),
        "{described}"
    );
    assert!(
        header.contains("\tPartitionCount: 3\tReplicationFactor: 3\t"),
        "{described}"
    );
    let partitions: Vec<&str> = described.lines().skip(1).collect();
    assert_eq!(partitions.len(), 3, "{described}");
    for (i, line) in partitions.iter().enumerate() {
        assert!(line.contains(&format!("\tPartition: {i}\t")), "{line}");
        let replicas = line
            .split('\t')
            .find(|f| f.starts_with("Replicas: "))
            .unwrap();
        assert_eq!(
            replicas.trim_start_matches("Replicas: ").split(',').count(),
            3,
            "{line}"
        );
    }
}

#[test]
fn the_seed_example_creates_a_topic_with_its_retention_config() {
    // The seed's command: three partitions, one replica, a two-day retention.
    let topic = format!("hello.kafka.{}", unique("seed").replace('-', "."));
    let out = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--create",
        "--partitions",
        "3",
        "--replication-factor",
        "1",
        "--config",
        "retention.ms=172800000",
        "--topic",
        &topic,
    ]));
    // Java prints the metric-name warning first for names with '.' or '_'.
    assert!(
        out.starts_with("WARNING: Due to limitations in metric names"),
        "{out}"
    );
    assert!(out.ends_with(&format!("Created topic {topic}.\n")), "{out}");
    let described = ok(java("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--topic",
        &topic,
    ]));
    assert!(
        described.contains("PartitionCount: 3\tReplicationFactor: 1\t"),
        "{described}"
    );
    assert!(described.contains("retention.ms=172800000"), "{described}");
}

#[test]
fn list_matches_java_and_filters() {
    let a = unique("lista");
    let b = unique("listb");
    for topic in [&a, &b] {
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &single(),
            "--create",
            "--topic",
            topic,
        ]));
    }
    let ours = ok(tool("kafka-topics").args(["--bootstrap-server", &single(), "--list"]));
    let theirs = ok(java("kafka-topics").args(["--bootstrap-server", &single(), "--list"]));
    // Other tests create topics concurrently: compare on the two we own plus the ordering rule.
    for topic in [&a, &b] {
        assert!(ours.lines().any(|l| l == topic.as_str()), "{ours}");
        assert!(theirs.lines().any(|l| l == topic.as_str()), "{theirs}");
    }
    let mut sorted: Vec<&str> = ours.lines().collect();
    sorted.sort();
    assert_eq!(sorted, ours.lines().collect::<Vec<_>>());

    let filtered = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--list",
        "--topic",
        &format!("{a},{b}"),
    ]));
    assert_eq!(filtered, format!("{a}\n{b}\n"));
    let none = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--list",
        "--topic",
        "no-such-topic-x",
    ]));
    assert_eq!(none, "\n");
    let java_none = ok(java("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--list",
        "--topic",
        "no-such-topic-x",
    ]));
    assert_eq!(none, java_none);
}

#[test]
fn list_json_and_exclude_internal() {
    let group_topic = "__consumer_offsets";
    let topic = unique("json");
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--create",
        "--topic",
        &topic,
    ]));
    let json = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--list",
        "--output",
        "json",
    ]));
    assert_eq!(json.lines().count(), 1, "one document: {json}");
    assert!(json.contains(&format!("\"{topic}\"")), "{json}");
    assert!(json.starts_with("{\"topics\":["), "{json}");
    let excluded = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &single(),
        "--list",
        "--exclude-internal",
    ]));
    assert!(!excluded.lines().any(|l| l == group_topic), "{excluded}");
    assert!(excluded.lines().any(|l| l == topic), "{excluded}");
}

#[test]
fn creating_twice_fails_like_java_unless_if_not_exists() {
    let topic = unique("twice");
    let create = |extra: &[&str]| {
        let mut cmd = tool("kafka-topics");
        cmd.args([
            "--bootstrap-server",
            &single(),
            "--create",
            "--topic",
            &topic,
        ])
        .args(extra);
        cmd
    };
    ok(&mut create(&[]));
    fails(
        &mut create(&[]),
        1,
        &format!("Topic '{topic}' already exists."),
    );
    assert_eq!(ok(&mut create(&["--if-not-exists"])), "");
}

#[test]
fn a_replication_factor_above_the_broker_count_gets_the_broker_error() {
    let topic = unique("rf9");
    fails(
        tool("kafka-topics").args(["--bootstrap-server", &single(), "--create", "--topic", &topic, "--replication-factor", "3"]),
        1,
        "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered",
    );
}

#[test]
fn an_unknown_topic_config_is_refused_by_name() {
    let topic = unique("badcfg");
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            &single(),
            "--create",
            "--topic",
            &topic,
            "--config",
            "no.such.config=1",
        ]),
        1,
        "no.such.config",
    );
}

#[test]
fn the_bootstrap_server_can_come_from_the_environment() {
    let out = ok(tool("kafka-topics")
        .env("KAFKA_BOOTSTRAP_SERVERS", single())
        .args(["--list"]));
    assert!(out.lines().count() >= 1);
}

/// Creates `n` topics with a common prefix on `bootstrap`; returns the prefix.
fn topics_with_prefix(bootstrap: &str, n: usize, extra: &[&str]) -> String {
    let prefix = unique("desc");
    for i in 0..n {
        let partitions = u32::try_from(i % 3 + 1).unwrap();
        create_named_topic(bootstrap, &format!("{prefix}-{i}"), partitions, extra);
    }
    prefix
}

/// Runs ours and Java's kafka-topics with the same arguments and asserts identical stdout.
fn same_as_java(args: &[&str]) -> String {
    let ours = ok(tool("kafka-topics").args(args));
    let theirs = ok(java("kafka-topics").args(args));
    assert_eq!(ours, theirs, "kafka-topics {args:?} differs from Java");
    ours
}

#[test]
fn describe_matches_java_byte_for_byte_including_order() {
    let bs = single();
    let prefix = topics_with_prefix(
        &bs,
        12,
        &[
            "--config",
            "retention.ms=1000000",
            "--config",
            "cleanup.policy=compact",
        ],
    );
    let pattern = format!("{prefix}-.*");
    let out = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &pattern]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("Topic: ")).count(),
        12,
        "{out}"
    );
    assert!(out.contains("retention.ms=1000000"), "{out}");
    for filter in [
        "--topics-with-overrides",
        "--under-replicated-partitions",
        "--under-min-isr-partitions",
        "--at-min-isr-partitions",
        "--unavailable-partitions",
    ] {
        same_as_java(&[
            "--bootstrap-server",
            &bs,
            "--describe",
            "--topic",
            &pattern,
            filter,
        ]);
    }
}

#[test]
fn describe_on_three_brokers_matches_java() {
    let _three = three_shared();
    let bs = three();
    let prefix = topics_with_prefix(
        &bs,
        5,
        &[
            "--replication-factor",
            "3",
            "--config",
            "min.insync.replicas=2",
        ],
    );
    let pattern = format!("{prefix}-.*");
    let out = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &pattern]);
    assert!(out.contains("ReplicationFactor: 3"), "{out}");
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &pattern,
        "--at-min-isr-partitions",
    ]);
}

#[test]
fn describe_json_and_table() {
    let bs = single();
    let topic = unique("djson");
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--create",
        "--topic",
        &topic,
        "--partitions",
        "2",
        "--config",
        "retention.ms=5000",
    ]));
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
    let t = &doc["topics"][0];
    assert_eq!(t["name"], topic.as_str());
    assert_eq!(t["partition_count"], 2);
    assert_eq!(t["replication_factor"], 1);
    assert_eq!(t["configs"]["retention.ms"], "5000");
    assert_eq!(t["partitions"][1]["partition"], 1);
    assert_eq!(t["partitions"][1]["leader"], 1);
    assert_eq!(t["partitions"][1]["replicas"], serde_json::json!([1]));
    assert_eq!(t["topic_id"].as_str().unwrap().len(), 22);
    let table = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &topic,
        "--output",
        "table",
    ]));
    assert!(
        table.contains("PARTITION") && table.contains(&topic),
        "{table}"
    );
}

#[test]
fn alter_adds_partitions_and_refuses_to_shrink_like_java() {
    let bs = single();
    let topic = create_topic(&bs, "alter", 2, &[]);
    assert_eq!(
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--partitions",
            "4"
        ])),
        ""
    );
    let described =
        ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--describe", "--topic", &topic]));
    assert!(described.contains("PartitionCount: 4"), "{described}");
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--partitions",
            "3",
        ]),
        1,
        "currently has 4 partition(s); 3 would not be an increase.",
    );
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &unique("none"),
            "--partitions",
            "3",
        ]),
        1,
        "does not exist as expected",
    );
}

#[test]
fn alter_with_replica_assignment_places_the_new_partitions() {
    let _three = three_shared();
    let bs = three();
    let topic = unique("alterra");
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--create",
        "--topic",
        &topic,
        "--replica-assignment",
        "1:2,2:3",
    ]));
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--partitions",
        "3",
        "--replica-assignment",
        "1:2,2:3,3:1",
    ]));
    let described =
        ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--describe", "--topic", &topic]));
    assert!(
        described.contains("\tPartition: 2\tLeader: 3\tReplicas: 3,1\t"),
        "{described}"
    );
    assert!(
        described.contains("\tPartition: 0\tLeader: 1\tReplicas: 1,2\t"),
        "{described}"
    );
}

#[test]
fn delete_by_pattern_if_exists_and_internal_topics_refused() {
    let bs = single();
    let prefix = topics_with_prefix(&bs, 3, &[]);
    assert_eq!(
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--delete",
            "--topic",
            &format!("{prefix}-.*")
        ])),
        ""
    );
    let listed = ok(java("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--list",
        "--topic",
        &format!("{prefix}-.*"),
    ]));
    assert_eq!(listed, "\n", "deleted topics still listed");
    assert_eq!(
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--delete",
            "--topic",
            &prefix,
            "--if-exists"
        ])),
        ""
    );
    fails(
        tool("kafka-topics").args(["--bootstrap-server", &bs, "--delete", "--topic", &prefix]),
        1,
        &format!("Topic '{prefix}' does not exist as expected"),
    );
    // A group lookup has the broker create __consumer_offsets on a fresh bed.
    run(tool("kafka-consumer-groups").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--group",
        &prefix,
    ]));
    wait_for("__consumer_offsets", 30, || {
        ok(tool("kafka-topics").args(["--bootstrap-server", &bs, "--list"]))
            .lines()
            .any(|l| l == "__consumer_offsets")
    });
    fails(
        tool("kafka-topics").args(["--bootstrap-server", &bs, "--delete", "--topic", "__consumer_offsets"]),
        1,
        "Topic __consumer_offsets is a kafka internal topic and is not allowed to be marked for deletion.",
    );
}

#[test]
fn describe_of_a_missing_topic_fails_unless_if_exists() {
    let bs = single();
    let name = unique("missing");
    fails(
        tool("kafka-topics").args(["--bootstrap-server", &bs, "--describe", "--topic", &name]),
        1,
        &format!("Topic '{name}' does not exist as expected"),
    );
    assert_eq!(
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--describe",
            "--topic",
            &name,
            "--if-exists"
        ])),
        ""
    );
    // Describing must not auto-create it (the brokers allow auto-creation).
    let listed =
        ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--list", "--topic", &name]));
    assert_eq!(listed, "\n");
}

#[test]
fn describe_by_topic_id_uses_the_metadata_style() {
    let bs = single();
    let topic = unique("byid");
    ok(tool("kafka-topics").args(["--bootstrap-server", &bs, "--create", "--topic", &topic]));
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
    let id = doc["topics"][0]["topic_id"].as_str().unwrap().to_string();
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic-id", &id]);
}

#[test]
fn broker_summary_shows_leader_skew_after_a_broker_restart() {
    let _three = three_exclusive();
    let bs = three();
    let topic = create_topic(&bs, "skew", 6, &["--replication-factor", "3"]);
    let summary = |topic: &str| -> serde_json::Value {
        let json = ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--describe",
            "--topic",
            topic,
            "--broker-summary",
            "--output",
            "json",
        ]));
        serde_json::from_str(&json).unwrap()
    };
    let before = summary(&topic);
    assert_eq!(before["summary"]["partitions"], 6);
    assert_eq!(before["summary"]["not_preferred"], 0, "{before}");
    for b in before["brokers"].as_array().unwrap() {
        assert_eq!(b["leaders"], 2, "balanced at creation: {before}");
        assert_eq!(b["replicas"], 6);
        assert_eq!(b["leader_share"], 33.3, "{before}");
    }
    // A topic whose ISR must hold all three replicas: with broker 1 down, it becomes an
    // eligible leader replica (KIP-966), which only DescribeTopicPartitions reports.
    let elr_topic = create_topic(
        &bs,
        "elr",
        2,
        &[
            "--replication-factor",
            "3",
            "--config",
            "min.insync.replicas=3",
        ],
    );
    // Stopping broker 1 moves its leaders to 2 and 3; they stay there after it comes back.
    testbed(&["stop-broker", "1"]);
    let describe_elr = [
        "--bootstrap-server",
        bs.as_str(),
        "--describe",
        "--topic",
        &elr_topic,
    ];
    let mut ours = String::new();
    crate::support::wait_for("broker 1 in the ELR", 30, || {
        ours = ok(tool("kafka-topics").args(describe_elr));
        ours.lines().skip(1).all(|l| l.contains("\tElr: 1\t"))
    });
    assert_eq!(ours, ok(java("kafka-topics").args(describe_elr)));
    testbed(&["start-broker", "1"]);
    let after = summary(&topic);
    let broker1 = after["brokers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["broker"] == 1)
        .unwrap()
        .clone();
    assert_eq!(broker1["leaders"], 0, "{after}");
    assert_eq!(broker1["preferred_leaders"], 2, "{after}");
    assert_eq!(broker1["leader_share"], 0.0, "{after}");
    assert_eq!(after["summary"]["not_preferred"], 2, "{after}");
    assert_eq!(after["summary"]["offline"], 0, "{after}");
    let text = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &topic,
        "--broker-summary",
    ]));
    assert!(
        text.starts_with(
            "BROKER LEADERS PREFERRED-LEADERS NON-PREFERRED-LEADERS REPLICAS LEADER-SHARE\n"
        ),
        "{text}"
    );
    assert!(text.contains("\n6 partitions, 2 led by a broker other than their preferred replica, 0 without a leader.\n"), "{text}");
}

#[test]
fn describe_shows_adding_and_removing_replicas_during_a_reassignment_like_java() {
    let _three = crate::support::three_shared();
    let _reassignments = crate::support::reassignments();
    let bs = three();
    let topic = create_topic(&bs, "moving", 1, &["--replication-factor", "1"]);
    // Enough data that a 1 byte/s throttle keeps the move going until it is cancelled.
    ok(tool("kafka-verifiable-producer").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &topic,
        "--max-messages",
        "2000",
    ]));
    let describe = [
        "--bootstrap-server",
        bs.as_str(),
        "--describe",
        "--topic",
        &topic,
    ];
    let leader: i32 = ok(tool("kafka-topics").args(describe))
        .split("\tLeader: ")
        .nth(1)
        .and_then(|s| s.split('\t').next())
        .and_then(|s| s.parse().ok())
        .expect("a leader");
    let target = if leader == 3 { 2 } else { 3 };
    let dir = std::env::temp_dir().join(crate::support::unique("reassign"));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.json");
    std::fs::write(
        &plan,
        format!(
            r#"{{"version":1,"partitions":[{{"topic":"{topic}","partition":0,"replicas":[{target}]}}]}}"#
        ),
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    ok(java("kafka-reassign-partitions").args([
        "--bootstrap-server",
        &bs,
        "--reassignment-json-file",
        plan,
        "--execute",
        "--throttle",
        "1",
    ]));
    let ours = ok(tool("kafka-topics").args(describe));
    let theirs = ok(java("kafka-topics").args(describe));
    ok(java("kafka-reassign-partitions").args([
        "--bootstrap-server",
        &bs,
        "--reassignment-json-file",
        plan,
        "--cancel",
    ]));
    let expected = format!("\tAdding Replicas: {target}\tRemoving Replicas: {leader}\t");
    assert!(ours.contains(&expected), "{ours}");
    assert!(ours.contains("ReplicationFactor: 1\t"), "{ours}");
    assert_eq!(ours, theirs);
}

#[test]
fn broker_summary_json_and_table_carry_share_and_summary() {
    let bs = single();
    let topic = create_topic(&bs, "summary", 3, &[]);
    let args = [
        "--bootstrap-server",
        bs.as_str(),
        "--describe",
        "--topic",
        topic.as_str(),
        "--broker-summary",
    ];
    let json = ok(tool("kafka-topics").args(args).args(["--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let brokers = doc["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 1, "{json}");
    assert!(brokers[0]["broker"].is_i64(), "{json}");
    assert_eq!(brokers[0]["leaders"], 3, "{json}");
    assert_eq!(brokers[0]["leader_share"], 100.0, "{json}");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"partitions": 3, "not_preferred": 0, "offline": 0}),
        "{json}"
    );
    let table = ok(tool("kafka-topics").args(args).args(["--output", "table"]));
    assert!(table.contains("LEADER-SHARE"), "{table}");
    assert!(table.contains("100.0%"), "{table}");
    assert!(
        table.ends_with(
            "\n\n3 partitions, 0 led by a broker other than their preferred replica, 0 without a leader.\n"
        ),
        "{table}"
    );
}

#[test]
fn create_alter_delete_print_one_json_document() {
    let bs = single();
    let topic = unique("topics-json");
    let run_json = |args: &[&str]| -> serde_json::Value {
        let out = ok(tool("kafka-topics")
            .args(["--bootstrap-server", &bs])
            .args(args)
            .args(["--output", "json"]));
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    };
    let created = run_json(&["--create", "--topic", &topic, "--partitions", "1"]);
    assert_eq!(
        created,
        serde_json::json!({"topic": topic, "created": true})
    );
    let again = run_json(&[
        "--create",
        "--topic",
        &topic,
        "--partitions",
        "1",
        "--if-not-exists",
    ]);
    assert_eq!(again, serde_json::json!({"topic": topic, "created": false}));
    let altered = run_json(&["--alter", "--topic", &topic, "--partitions", "2"]);
    assert_eq!(
        altered,
        serde_json::json!({"topics": [topic], "partitions": 2})
    );
    let deleted = run_json(&["--delete", "--topic", &topic]);
    assert_eq!(deleted, serde_json::json!({"topics": [topic]}));
    // The text form stays Java's: nothing for alter and delete.
    let text = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--delete",
        "--topic",
        &topic,
        "--if-exists",
    ]));
    assert_eq!(text, "");
}
