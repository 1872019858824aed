//! The command-line contract that needs no broker: help, usage errors, bad settings.

use crate::support::{fails, ok, tool};

#[test]
fn help_exits_zero_and_lists_the_shared_options() {
    let help = ok(tool("kafka-topics").arg("--help"));
    for option in [
        "--bootstrap-server",
        "--command-config",
        "--command-property",
        "--output",
    ] {
        assert!(help.contains(option), "{option} missing from --help");
    }
}

#[test]
fn an_unknown_option_is_one_line_and_exit_1() {
    fails(
        tool("kafka-topics").args(["--zookeeper", "x", "--list"]),
        1,
        "kafka-topics: error: unexpected argument '--zookeeper'",
    );
}

#[test]
fn no_bootstrap_server_says_where_to_give_one() {
    fails(
        tool("kafka-topics").arg("--list"),
        1,
        "--bootstrap-server HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS",
    );
}

#[test]
fn an_unknown_client_property_is_named() {
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--list",
            "--command-property",
            "no.such.property=1",
        ]),
        1,
        "no.such.property",
    );
}

#[test]
fn a_missing_command_config_file_is_named() {
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--list",
            "--command-config",
            "/nonexistent/client.properties",
        ]),
        1,
        "/nonexistent/client.properties",
    );
}

#[test]
fn an_unreachable_cluster_fails_promptly_with_a_clear_line() {
    let start = std::time::Instant::now();
    let line = fails(
        tool("kafka-topics").args(["--bootstrap-server", "127.0.0.1:9", "--list"]),
        1,
        "127.0.0.1:9",
    );
    assert!(line.contains("no broker is reachable"), "{line}");
    // Far below Java's 60 s API timeout: librdkafka reports all brokers down at once.
    assert!(start.elapsed().as_secs() < 30, "took {:?}", start.elapsed());
}

#[test]
fn validation_errors_match_the_java_wording() {
    fails(
        tool("kafka-topics").args(["--bootstrap-server", "127.0.0.1:9"]),
        1,
        "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
    );
    fails(
        tool("kafka-topics").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--list",
            "--partitions",
            "2",
        ]),
        1,
        "Option \"[partitions]\" can't be used with option \"[list]\"",
    );
}

/// The one executable behind every tool name (`target/debug/kafka-tools`).
fn suite() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kafka-tools"));
    cmd.env_remove("KAFKA_BOOTSTRAP_SERVERS");
    cmd
}

const NAMES: &[&str] = &[
    "kafka-topics",
    "kafka-console-producer",
    "kafka-console-consumer",
    "kafka-verifiable-producer",
    "kafka-verifiable-consumer",
    "kafka-verifiable-share-consumer",
    "kafka-producer-perf-test",
    "kafka-consumer-perf-test",
    "kafka-e2e-latency",
    "kafka-share-consumer-perf-test",
    "kafka-consumer-groups",
    "kafka-share-groups",
    "kafka-replica-verification",
    "kafka-console-share-consumer",
    "kafka-streams-groups",
    "kafka-get-offsets",
    "kafka-configs",
    "kafka-delete-records",
    "kafka-leader-election",
    "kafka-dump-log",
    "kafka-acls",
    "kafka-transactions",
    "kafka-reassign-partitions",
    "kafka-broker-api-versions",
    "kafka-cluster",
    "kafka-log-dirs",
    "kafka-streams-application-reset",
    "kafka-metadata-quorum",
    "kafka-features",
    "kafka-metadata-shell",
    "kafka-client-metrics",
    "kafka-groups",
    "kafka-storage",
    "kafka-delegation-tokens",
];

#[test]
fn the_executable_lists_every_tool_and_runs_one_by_name_or_short_name() {
    for flag in ["--help", "--version"] {
        let listing = ok(suite().arg(flag));
        for name in NAMES {
            assert!(listing.contains(name), "{flag} lacks {name}: {listing}");
        }
    }
    let via_name = ok(tool("kafka-topics").arg("--version"));
    assert_eq!(ok(suite().args(["kafka-topics", "--version"])), via_name);
    assert_eq!(ok(suite().args(["topics", "--version"])), via_name);
    assert_eq!(ok(suite().args(["kafka-topics.sh", "--version"])), via_name);
    fails(
        suite().arg("kafka-nope"),
        1,
        "'kafka-nope' is not a tool of this suite",
    );
    // A usage error is the tool's own, under the tool's name.
    fails(
        suite().args(["get-offsets", "--nope"]),
        1,
        "kafka-get-offsets: error: unexpected argument '--nope'",
    );
}

#[test]
fn script_names_and_links_run_the_tool() {
    let dir = std::env::temp_dir().join(crate::support::unique("links"));
    std::fs::create_dir_all(&dir).unwrap();
    let launcher = env!("CARGO_BIN_EXE_kafka-topics");
    let expected = ok(tool("kafka-topics").arg("--help"));
    // A link to the launcher under Kafka's script name, and a link to the executable itself.
    let to_launcher = dir.join("kafka-topics.sh");
    std::os::unix::fs::symlink(launcher, &to_launcher).unwrap();
    let to_suite = dir.join("kafka-configs.sh");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kafka-tools"), &to_suite).unwrap();
    assert_eq!(
        ok(std::process::Command::new(&to_launcher).arg("--help")),
        expected
    );
    assert_eq!(
        ok(std::process::Command::new(&to_suite).arg("--help")),
        ok(tool("kafka-configs").arg("--help"))
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_launcher_without_the_executable_beside_it_says_so_and_exits_127() {
    let dir = std::env::temp_dir().join(crate::support::unique("lonely"));
    std::fs::create_dir_all(&dir).unwrap();
    let lonely = dir.join("kafka-topics");
    std::fs::copy(env!("CARGO_BIN_EXE_kafka-topics"), &lonely).unwrap();
    let line = fails(
        std::process::Command::new(&lonely).arg("--list"),
        127,
        "kafka-tools",
    );
    assert!(
        line.starts_with("kafka-topics: error: cannot start ")
            && line.contains("next to kafka-topics"),
        "{line}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn launchers_do_not_link_librdkafka() {
    for name in NAMES {
        let path = std::path::Path::new(env!("CARGO_BIN_EXE_kafka-tools")).with_file_name(name);
        let bytes = std::fs::read(&path).unwrap();
        let links = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!links(b"rd_kafka_new"), "{name} contains librdkafka");
        assert!(!links(b"OPENSSL_init"), "{name} contains OpenSSL");
    }
    let suite = std::fs::read(env!("CARGO_BIN_EXE_kafka-tools")).unwrap();
    assert!(suite.windows(12).any(|w| w == b"rd_kafka_new"));
}

#[test]
fn usage_errors_keep_clap_hints_on_their_one_line() {
    fails(
        tool("kafka-topics").arg("--descibe"),
        1,
        "unexpected argument '--descibe' found; did you mean '--describe'?",
    );
    fails(
        tool("kafka-topics").args(["--output", "yaml"]),
        1,
        "possible values: text, json, table",
    );
    let help = ok(tool("kafka-get-offsets").arg("--help"));
    assert!(!help.contains("interactive shell"), "{help}");
    let line = fails(
        tool("kafka-get-offsets").args([
            "--bootstrap-server",
            "127.0.0.1:9",
            "--topic",
            "t",
            "--time",
            "soon",
        ]),
        1,
        "Malformed time argument soon.",
    );
    assert!(!line.contains("-4"), "{line}");
}
