//! kafka-log-dirs against the real clusters, side by side with the Java tool (sizes masked).

use crate::support::{
    create_topic, fails, java, ok, old, run, single, three, three_shared, tool, wait_for,
};

/// The output with every size and offset lag replaced by 0 (they change as logs are written).
fn masked(text: &str) -> String {
    let numbers = regex::Regex::new(r#""(size|offsetLag)":[0-9]+"#).unwrap();
    numbers.replace_all(text, "\"$1\":0").into_owned()
}

#[test]
fn the_three_brokers_are_described_as_java_describes_them() {
    let _shared = three_shared();
    let bs = three();
    let a = create_topic(&bs, "logdirs", 5, &["--replication-factor", "3"]);
    let b = create_topic(&bs, "logdirs", 3, &["--replication-factor", "2"]);
    let topics = format!("{a},{b}");
    for extra in [
        vec![],
        vec!["--broker-list", "3,1"],
        vec!["--broker-list", "2,,2"],
    ] {
        let mut args = vec![
            "--describe",
            "--bootstrap-server",
            bs.as_str(),
            "--topic-list",
            &topics,
        ];
        args.extend(extra);
        let ours = ok(tool("kafka-log-dirs").args(&args));
        let java_out = ok(java("kafka-log-dirs").args(&args));
        assert_eq!(masked(&ours), masked(&java_out), "{args:?}");
        assert!(ours.starts_with("Querying brokers for log directories information\nReceived log directory information from brokers "));
    }
    // Every replica is listed: 5 × 3 + 3 × 2.
    let ours = ok(tool("kafka-log-dirs").args([
        "--describe",
        "--bootstrap-server",
        &bs,
        "--topic-list",
        &topics,
    ]));
    assert_eq!(ours.matches("\"partition\":").count(), 21, "{ours}");

    let out = ok(tool("kafka-log-dirs").args([
        "--describe",
        "--bootstrap-server",
        &bs,
        "--topic-list",
        &topics,
        "--output",
        "json",
    ]));
    assert_eq!(
        out.lines().count(),
        1,
        "one document, no progress lines: {out}"
    );
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let brokers = doc["brokers"].as_array().unwrap();
    assert_eq!(brokers.len(), 3);
    let replicas: usize = brokers
        .iter()
        .flat_map(|b| b["log_dirs"].as_array().unwrap())
        .map(|d| d["partitions"].as_array().unwrap().len())
        .sum();
    assert_eq!(replicas, 21);
    let first = &brokers[0]["log_dirs"][0]["partitions"][0];
    assert!(
        first["topic"].as_str().unwrap().starts_with("logdirs"),
        "{doc}"
    );
    assert!(first["partition"].is_number() && first["size"].is_number());
    assert_eq!(first["is_future"], false);
}

#[test]
fn the_single_node_and_a_39_broker_are_described_as_java_describes_them() {
    for bs in [single(), old()] {
        let topic = create_topic(&bs, "logdirs", 4, &[]);
        let args = [
            "--describe",
            "--bootstrap-server",
            bs.as_str(),
            "--topic-list",
            &topic,
        ];
        // The new topic's replicas appear in the log directory a moment after its creation.
        wait_for("the new topic's 4 replicas", 30, || {
            ok(tool("kafka-log-dirs").args(args))
                .matches("\"partition\":")
                .count()
                == 4
        });
        let ours = ok(tool("kafka-log-dirs").args(args));
        assert_eq!(
            masked(&ours),
            masked(&ok(java("kafka-log-dirs").args(args))),
            "{bs}"
        );
        assert_eq!(ours.matches("\"partition\":").count(), 4, "{ours}");
    }
}

#[test]
fn errors_are_javas_in_one_line() {
    let _shared = three_shared();
    let bs = three();
    let args = [
        "--describe",
        "--bootstrap-server",
        bs.as_str(),
        "--broker-list",
        "9,1,7",
    ];
    let java_out = run(java("kafka-log-dirs").args(args));
    assert_eq!(java_out.status.code(), Some(1));
    let expected = String::from_utf8_lossy(&java_out.stderr)
        .trim_end()
        .to_string();
    assert_eq!(
        expected,
        "ERROR: The given brokers do not exist from --broker-list: 7,9. Current existent brokers: 1,2,3"
    );
    fails(tool("kafka-log-dirs").args(args), 1, &expected);
    fails(
        tool("kafka-log-dirs").args([
            "--describe",
            "--bootstrap-server",
            &bs,
            "--broker-list",
            "1,x",
        ]),
        1,
        "For input string: \"x\"",
    );
    fails(
        tool("kafka-log-dirs").args(["--bootstrap-server", &bs]),
        1,
        "Missing required argument \"[describe]\"",
    );
    fails(
        tool("kafka-log-dirs").args(["--describe"]),
        1,
        "Missing required argument \"[bootstrap-server]\"",
    );
    let out = run(tool("kafka-log-dirs").args([
        "--describe",
        "--bootstrap-server",
        &bs,
        "--broker-list",
        "7",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"].as_str().unwrap().contains("--broker-list: 7."),
        "{doc}"
    );
}
