//! kafka-cluster against the real clusters, side by side with the Java tool.

use crate::support::{fails, java, ok, old, run, single, three, three_shared, tool};

static CONTROLLERS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::support::on_bed("127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194")
});

#[test]
fn cluster_id_is_javas_from_brokers_controllers_and_a_39_broker() {
    let _shared = three_shared();
    let three = three();
    let single = crate::support::single();
    for args in [
        vec!["cluster-id", "--bootstrap-server", three.as_str()],
        vec!["cluster-id", "-C", CONTROLLERS.as_str()],
        vec!["cluster-id", "-b", single.as_str()],
    ] {
        let ours = ok(tool("kafka-cluster").args(&args));
        assert!(ours.starts_with("Cluster ID: "), "{ours}");
        assert_eq!(ours, ok(java("kafka-cluster").args(&args)), "{args:?}");
    }
    let bs = old();
    let args = ["cluster-id", "--bootstrap-server", bs.as_str()];
    assert_eq!(
        ok(tool("kafka-cluster").args(args)),
        ok(java("kafka-cluster").args(args))
    );
    // The same id from brokers and controllers of one cluster.
    assert_eq!(
        ok(tool("kafka-cluster").args(["cluster-id", "-b", &three])),
        ok(tool("kafka-cluster").args(["cluster-id", "-C", CONTROLLERS.as_str()]))
    );
    let out = ok(tool("kafka-cluster").args(["cluster-id", "-b", &three, "--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        doc["cluster_id"].as_str().is_some_and(|id| id.len() == 22),
        "{doc}"
    );
}

#[test]
fn endpoints_are_listed_in_javas_columns() {
    let _shared = three_shared();
    let three = three();
    let old = crate::support::old();
    let cases: [Vec<&str>; 4] = [
        vec!["list-endpoints", "--bootstrap-server", &three],
        vec![
            "list-endpoints",
            "--bootstrap-server",
            &three,
            "--include-fenced-brokers",
        ],
        vec![
            "list-endpoints",
            "--bootstrap-controller",
            CONTROLLERS.as_str(),
        ],
        vec!["list-endpoints", "--bootstrap-server", old.as_str()],
    ];
    for args in cases {
        let ours = ok(tool("kafka-cluster").args(&args));
        assert_eq!(ours, ok(java("kafka-cluster").args(&args)), "{args:?}");
    }
    let ours = ok(tool("kafka-cluster").args(["list-endpoints", "-C", CONTROLLERS.as_str()]));
    assert_eq!(ours.lines().count(), 4, "{ours}");
    let second = format!(
        "{:<10} null       controller",
        crate::support::bed_port(19193)
    );
    assert!(ours.contains(&second), "{ours}");
    // Fenced brokers cannot be asked of controllers: Java's message, one line, exit 1.
    fails(
        tool("kafka-cluster").args([
            "list-endpoints",
            "-C",
            CONTROLLERS.as_str(),
            "--include-fenced-brokers",
        ]),
        1,
        "The option --include-fenced-brokers is only supported with --bootstrap-server option",
    );
    let out = ok(tool("kafka-cluster").args(["list-endpoints", "-b", &three, "--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["endpoint_type"], "broker");
    let ids: Vec<i64> = doc["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(doc["endpoints"][0]["state"], "unfenced");
}

/// The Java tool's error: the exception's line among its log lines and stack trace.
fn java_error(args: &[&str]) -> String {
    let out = run(java("kafka-cluster").args(args));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    stderr
        .lines()
        .find(|l| l.starts_with("org.apache.kafka.common.errors."))
        .unwrap_or_else(|| panic!("{stderr}"))
        .to_string()
}

#[test]
fn unregistering_an_unknown_broker_fails_as_java_does() {
    let _shared = three_shared();
    let three = three();
    let old = old();
    // 77 is no broker of any test cluster: nothing live is unregistered.
    for args in [
        vec![
            "unregister",
            "--bootstrap-server",
            three.as_str(),
            "--id",
            "77",
        ],
        vec!["unregister", "-C", CONTROLLERS.as_str(), "-i", "77"],
        vec!["unregister", "-b", old.as_str(), "--id", "77"],
    ] {
        let expected = java_error(&args);
        assert!(
            expected.contains("BrokerIdNotRegisteredException"),
            "{expected}"
        );
        // Kafka 3.9 sends no message: Java's line ends with ": ", ours without the space.
        let expected = expected.trim_end();
        let stderr = fails(tool("kafka-cluster").args(&args), 1, expected);
        assert_eq!(stderr, format!("kafka-cluster: error: {expected}\n"));
    }
    let out = run(tool("kafka-cluster").args([
        "unregister",
        "-b",
        &three,
        "--id",
        "77",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["error"],
        "org.apache.kafka.common.errors.BrokerIdNotRegisteredException: Broker ID 77 is not currently registered"
    );
}

#[test]
fn unregistering_a_controller_that_is_unknown_or_active_fails_as_java_does() {
    let _shared = three_shared();
    let three = three();
    let active = ok(tool("kafka-metadata-quorum").args([
        "--bootstrap-server",
        &three,
        "describe",
        "--status",
        "--output",
        "json",
    ]));
    let active: serde_json::Value = serde_json::from_str(&active).unwrap();
    let leader = active["leader_id"].to_string();
    for (args, class) in [
        (
            vec!["unregister-controller", "-b", three.as_str(), "--id", "77"],
            "ControllerIdNotRegisteredException",
        ),
        (
            vec![
                "unregister-controller",
                "-C",
                CONTROLLERS.as_str(),
                "-i",
                "77",
            ],
            "ControllerIdNotRegisteredException",
        ),
        (
            vec![
                "unregister-controller",
                "-C",
                CONTROLLERS.as_str(),
                "-i",
                &leader,
            ],
            "InvalidRequestException",
        ),
    ] {
        let expected = java_error(&args);
        assert!(expected.contains(class), "{expected}");
        let stderr = fails(tool("kafka-cluster").args(&args), 1, &expected);
        assert_eq!(stderr, format!("kafka-cluster: error: {expected}\n"));
    }
    // Kafka 3.9 has no UnregisterController: one line, exit 0, as Java.
    let old = old();
    let args = ["unregister-controller", "-b", old.as_str(), "--id", "77"];
    let ours = ok(tool("kafka-cluster").args(args));
    assert_eq!(ours, ok(java("kafka-cluster").args(args)));
    assert_eq!(
        ours,
        "The target cluster does not support the controller unregistration API.\n"
    );
}

#[test]
fn usage_errors_are_one_line() {
    let bs = single();
    fails(
        tool("kafka-cluster").args(["cluster-id"]),
        1,
        "one of the arguments --bootstrap-server/-b --bootstrap-controller/-C is required",
    );
    fails(
        tool("kafka-cluster").args(["cluster-id", "-b", &bs, "-C", "127.0.0.1:9093"]),
        1,
        "not allowed with argument --bootstrap-server/-b",
    );
    fails(
        tool("kafka-cluster").args(["unregister", "-b", &bs]),
        1,
        "--id",
    );
    fails(
        tool("kafka-cluster").args(["unregister", "-b", &bs, "--id", "x"]),
        1,
        "'x'",
    );
    fails(&mut tool("kafka-cluster"), 1, "subcommand");
    let config = std::env::temp_dir().join("kafka-cluster-empty.properties");
    std::fs::write(&config, "").unwrap();
    let config = config.to_str().unwrap();
    fails(
        tool("kafka-cluster").args(["cluster-id", "-b", &bs, "--config", config, "-c", config]),
        1,
        "--config and --command-config cannot be specified together.",
    );
    // The deprecated --config still works, with Java's warning (on stderr).
    let out = run(tool("kafka-cluster").args(["cluster-id", "-b", &bs, "--config", config]));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Cluster ID: "));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Option --config has been deprecated"));
}
