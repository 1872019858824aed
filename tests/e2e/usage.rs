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
