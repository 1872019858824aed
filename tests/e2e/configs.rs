//! kafka-configs against the real brokers, compared with the real Java tool.

use std::io::Write;

use crate::support::{self, fails, java, ok, run, single, tool, unique};

fn create_topic(bs: &str, partitions: u32) -> String {
    support::create_topic(bs, "cfg", partitions, &[])
}

/// Runs ours and Java's with the same arguments; asserts equal stdout and success.
fn same_as_java(args: &[&str]) -> String {
    let ours = ok(tool("kafka-configs").args(args));
    let theirs = ok(java("kafka-configs").args(args));
    assert_eq!(ours, theirs, "kafka-configs {args:?} differs from Java");
    ours
}

#[test]
fn alter_then_describe_a_topic_like_java() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000,cleanup.policy=[compact,delete]",
    ]));
    assert_eq!(
        out,
        format!("Completed updating config for topic {topic}.\n")
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert_eq!(
        described,
        format!(
            "Dynamic configs for topic {topic} are:\n  \
             cleanup.policy=compact,delete sensitive=false synonyms={{DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}}\n  \
             retention.ms=3600000 sensitive=false synonyms={{DYNAMIC_TOPIC_CONFIG:retention.ms=3600000}}\n"
        )
    );
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "topics",
        "--entity-name",
        &topic,
        "--all",
    ]);
    // Delete one override; Java sees the change.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--delete-config",
        "cleanup.policy",
    ]));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert!(!described.contains("cleanup.policy"), "{described}");
    assert!(described.contains("retention.ms=3600000"), "{described}");
}

#[test]
fn add_config_file_and_json_output() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let path = std::env::temp_dir().join(format!("{topic}.properties"));
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(
        file,
        "# a comment\nmax.message.bytes = 200000\nsegment.ms:7200000"
    )
    .unwrap();
    drop(file);
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config-file",
        path.to_str().unwrap(),
    ]));
    std::fs::remove_file(&path).ok();
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &topic,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entity = &doc["entities"][0];
    assert_eq!(entity["type"], "topic");
    assert_eq!(entity["name"], topic.as_str());
    let configs = entity["configs"].as_array().unwrap();
    let names: Vec<&str> = configs
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["max.message.bytes", "segment.ms"], "{json}");
    assert_eq!(configs[0]["value"], "200000");
    assert_eq!(configs[0]["source"], "DYNAMIC_TOPIC_CONFIG");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
}

#[test]
fn missing_topics_and_bad_changes() {
    let bs = single();
    let missing = unique("cfg-missing");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &missing]);
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &missing,
            "--add-config",
            "retention.ms=1",
        ]),
        1,
        "does not exist",
    );
    let topic = create_topic(&bs, 1);
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--add-config",
            "retention.ms=abc",
        ]),
        1,
        "Invalid value abc for configuration retention.ms",
    );
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--add-config",
            "a=b=c",
        ]),
        1,
        "all configs to be added must be in the format",
    );
}

/// The id of one broker of the cluster at `bs` (from our broker summary).
fn a_broker_id(bs: &str) -> String {
    let summary = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        bs,
        "--describe",
        "--broker-summary",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&summary).unwrap();
    doc["brokers"][0]["broker"].to_string()
}

#[test]
fn brokers_alter_and_describe_like_java() {
    let bs = single();
    let id = a_broker_id(&bs);
    // A per-broker dynamic config that changes nothing for other tests.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--broker",
        &id,
        "--add-config",
        "log.cleaner.backoff.ms=15001",
    ]));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", &id]);
    assert!(
        described.contains("  log.cleaner.backoff.ms=15001 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.backoff.ms=15001, DEFAULT_CONFIG:log.cleaner.backoff.ms=15000}"),
        "{described}"
    );
    // All brokers, then the cluster default (read from a broker's synonyms).
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "brokers",
    ]);
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker-defaults"]);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "brokers",
        "--entity-name",
        &id,
        "--delete-config",
        "log.cleaner.backoff.ms",
    ]));
    assert_eq!(out, format!("Completed updating config for broker {id}.\n"));
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", &id]);
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", "4242"]);
}

#[test]
fn unsupported_entity_types_say_so() {
    for args in [
        &["--describe", "--entity-type", "users"][..],
        &["--describe", "--client", "c1"][..],
        &["--describe", "--broker-logger", "1"][..],
        &[
            "--alter",
            "--ip-defaults",
            "--add-config",
            "connection_creation_rate=10",
        ][..],
    ] {
        fails(
            tool("kafka-configs")
                .args(["--bootstrap-server", &single()])
                .args(args),
            1,
            "not supported",
        );
    }
    fails(
        tool("kafka-configs").args(["--bootstrap-server", &single(), "--topic", "t"]),
        1,
        "Command must include exactly one action: --describe, --alter",
    );
    let out = run(tool("kafka-configs").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--entity-type",
        "nope",
    ]));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn group_configs_like_java() {
    let bs = single();
    let group = unique("cfg-group");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--group", &group]);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--group",
        &group,
        "--add-config",
        "consumer.session.timeout.ms=50000",
    ]));
    assert_eq!(
        out,
        format!("Completed updating config for group {group}.\n")
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--group", &group]);
    assert!(
        described.contains(
            "consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:"
        ),
        "{described}"
    );
    // JSON names the source as the text does (Java's DYNAMIC_GROUP_CONFIG).
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--group",
        &group,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let config = &doc["entities"][0]["configs"][0];
    assert_eq!(config["name"], "consumer.session.timeout.ms", "{json}");
    assert_eq!(config["value"], "50000", "{json}");
    assert_eq!(config["source"], "DYNAMIC_GROUP_CONFIG", "{json}");
}

/// Runs ours and Java's with the same arguments; asserts equal stdout and exit codes.
fn same_outcome_as_java(args: &[&str]) -> String {
    let ours = run(tool("kafka-configs").args(args));
    let theirs = run(java("kafka-configs").args(args));
    let stdout = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        (ours.status.code(), stdout(&ours)),
        (theirs.status.code(), stdout(&theirs)),
        "kafka-configs {args:?} differs from Java; our stderr: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(ours.status.code(), Some(0), "{args:?}");
    stdout(&ours)
}

#[test]
fn deleting_unset_configs_succeeds_like_java() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let group = unique("cfg-unset-group");
    let id = a_broker_id(&bs);
    // The README example, twice: the second delete finds nothing set and still succeeds.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000",
    ]));
    for _ in 0..2 {
        let out = ok(tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--delete-config",
            "retention.ms",
        ]));
        assert_eq!(
            out,
            format!("Completed updating config for topic {topic}.\n")
        );
    }
    // Unset known keys and keys that do not exist at all, on every entity type.
    for (entity, name, key) in [
        ("--topic", topic.as_str(), "retention.ms"),
        ("--topic", topic.as_str(), "nonsense.key"),
        ("--broker", id.as_str(), "log.cleaner.io.buffer.load.factor"),
        ("--broker", id.as_str(), "nonsense.key"),
        ("--group", group.as_str(), "consumer.session.timeout.ms"),
        ("--group", group.as_str(), "nonsense.key"),
    ] {
        let out = same_outcome_as_java(&[
            "--bootstrap-server",
            &bs,
            "--alter",
            entity,
            name,
            "--delete-config",
            key,
        ]);
        assert!(
            out.starts_with("Completed updating config for "),
            "{entity} {key}: {out}"
        );
    }
    // Nothing was set by any of it.
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert_eq!(
        described,
        format!("Dynamic configs for topic {topic} are:\n")
    );
}

#[test]
fn alter_with_json_output_is_one_document() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000,cleanup.policy=[compact,delete]",
        "--delete-config",
        "segment.ms",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "type": "topic",
            "name": topic,
            "set": [
                {"name": "retention.ms", "value": "3600000"},
                {"name": "cleanup.policy", "value": "compact,delete"}
            ],
            "deleted": ["segment.ms"]
        })
    );
    // A failure is the central {"error": ...} document with a non-zero exit.
    let missing = unique("cfg-missing");
    let out = run(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &missing,
        "--delete-config",
        "retention.ms",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"error": format!("The topic '{missing}' does not exist.")})
    );
}

#[test]
fn broker_defaults_json_has_a_null_name() {
    let bs = single();
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--broker-defaults",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entity = &doc["entities"][0];
    assert_eq!(entity["type"], "broker", "{json}");
    assert!(entity["name"].is_null(), "{json}");
}
