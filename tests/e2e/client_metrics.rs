//! kafka-client-metrics against the real broker, side by side with the real Java tool: what one
//! changes the other sees, the same text, the same messages and exit codes. Other tests may add
//! subscriptions at the same time, so listings are compared on this test's own names.

use std::process::Command;

use crate::support::{fails, java, ok, old, run, single, tool, unique, wait_for};

fn ours(bootstrap: &str) -> Command {
    let mut cmd = tool("kafka-client-metrics");
    cmd.args(["--bootstrap-server", bootstrap]);
    cmd
}

fn theirs(bootstrap: &str) -> Command {
    let mut cmd = java("kafka-client-metrics");
    cmd.args(["--bootstrap-server", bootstrap]);
    cmd
}

/// The names `--list` prints that are among `mine`, in its order.
fn listed(listing: &str, mine: &[&str]) -> Vec<String> {
    listing
        .lines()
        .filter(|l| mine.contains(l))
        .map(str::to_string)
        .collect()
}

/// `--describe --name` by ours and by Java: equal, and returned.
fn describe_both(bootstrap: &str, name: &str) -> String {
    let a = ok(ours(bootstrap).args(["--describe", "--name", name]));
    let b = ok(theirs(bootstrap).args(["--describe", "--name", name]));
    assert_eq!(a, b, "describe {name}");
    a
}

/// The whole round on one cluster: ours alters, Java sees it; Java alters, ours sees it; list,
/// describe (all and one), delete by each, a missing one.
fn round_trip(bootstrap: &str, with_match_entry: bool) {
    let by_ours = unique("cm-ours");
    let by_java = unique("cm-java");
    let mine = [by_ours.as_str(), by_java.as_str()];
    assert_eq!(
        ok(ours(bootstrap).args([
            "--alter",
            "--name",
            &by_ours,
            "--metrics",
            "org.apache.kafka.producer.,org.apache.kafka.consumer.",
            "--metrics",
            "org.apache.kafka.consumer.coordinator",
            "--interval",
            "1000",
            "--match",
            "client_id=abc.*,client_software_name=kafka",
        ])),
        format!("Altered client metrics config for {by_ours}.\n")
    );
    assert_eq!(
        ok(theirs(bootstrap).args([
            "--alter",
            "--name",
            &by_java,
            "--metrics",
            "org.apache.kafka.producer.",
            "--interval",
            "200",
        ])),
        format!("Altered client metrics config for {by_java}.\n")
    );
    wait_for("both subscriptions listed by ours", 15, || {
        listed(&ok(ours(bootstrap).arg("--list")), &mine).len() == 2
    });
    let text = describe_both(bootstrap, &by_ours);
    assert_eq!(
        text,
        format!(
            "Client metrics configs for {by_ours} are:\n  interval.ms=1000\n  \
             match=client_id=abc.*,client_software_name=kafka\n  \
             metrics=org.apache.kafka.producer.,org.apache.kafka.consumer.,org.apache.kafka.consumer.coordinator\n"
        )
    );
    let text = describe_both(bootstrap, &by_java);
    let expected = if with_match_entry {
        format!(
            "Client metrics configs for {by_java} are:\n  interval.ms=200\n  match=\n  \
             metrics=org.apache.kafka.producer.\n"
        )
    } else {
        format!(
            "Client metrics configs for {by_java} are:\n  interval.ms=200\n  \
             metrics=org.apache.kafka.producer.\n"
        )
    };
    assert_eq!(text, expected);
    // The listing and the describe of all: the same names in the same (broker's) order.
    let a = listed(&ok(ours(bootstrap).arg("--list")), &mine);
    let b = listed(&ok(theirs(bootstrap).arg("--list")), &mine);
    assert_eq!(a, b);
    let all = ok(ours(bootstrap).arg("--describe"));
    assert!(all.contains(&describe_both(bootstrap, &by_ours)), "{all}");
    // Changing one config keeps the others; an empty interval resets it (a deletion).
    ok(ours(bootstrap).args(["--alter", "--name", &by_java, "--interval", ""]));
    let text = describe_both(bootstrap, &by_java);
    // Kafka 4.4 then shows the default, 3.9 no interval at all.
    assert!(!text.contains("interval.ms=200"), "{text}");
    assert!(
        text.contains("  metrics=org.apache.kafka.producer.\n"),
        "{text}"
    );
    // JSON.
    let json = ok(ours(bootstrap).args(["--describe", "--name", &by_ours, "--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["subscriptions"][0]["name"], by_ours.as_str(), "{json}");
    assert_eq!(doc["subscriptions"][0]["exists"], true, "{json}");
    assert_eq!(
        doc["subscriptions"][0]["configs"]["interval.ms"], "1000",
        "{json}"
    );
    let json = ok(ours(bootstrap).args(["--list", "--output", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        doc["names"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == by_ours.as_str()),
        "{json}"
    );
    // Deleted by Java, gone for ours; deleted by ours, gone for Java.
    assert_eq!(
        ok(theirs(bootstrap).args(["--delete", "--name", &by_ours])),
        format!("Deleted client metrics config for {by_ours}.\n")
    );
    assert_eq!(
        ok(ours(bootstrap).args(["--delete", "--name", &by_java])),
        format!("Deleted client metrics config for {by_java}.\n")
    );
    let missing = |name: &str| {
        format!(
            "The client metric resource {name} doesn't exist and doesn't have dynamic config.\n"
        )
    };
    wait_for("both subscriptions gone", 15, || {
        listed(&ok(ours(bootstrap).arg("--list")), &mine).is_empty()
    });
    assert_eq!(describe_both(bootstrap, &by_ours), missing(&by_ours));
    assert_eq!(describe_both(bootstrap, &by_java), missing(&by_java));
    assert!(listed(&ok(theirs(bootstrap).arg("--list")), &mine).is_empty());
    // Deleting a missing one: Java says it deleted it, and so do we.
    let nothing = unique("cm-missing");
    let a = ok(ours(bootstrap).args(["--delete", "--name", &nothing]));
    let b = ok(theirs(bootstrap).args(["--delete", "--name", &nothing]));
    assert_eq!(a, b);
    assert_eq!(a, format!("Deleted client metrics config for {nothing}.\n"));
}

#[test]
fn client_metrics_round_trip_with_java() {
    round_trip(&single(), true);
}

#[test]
fn client_metrics_round_trip_with_java_on_kafka_3_9() {
    round_trip(&old(), false);
}

#[test]
fn client_metrics_generate_name_makes_a_java_uuid_name() {
    let bootstrap = single();
    let out = ok(ours(&bootstrap).args([
        "--alter",
        "--generate-name",
        "--metrics",
        "m.",
        "--interval",
        "500",
    ]));
    let name = out
        .strip_prefix("Altered client metrics config for ")
        .and_then(|s| s.strip_suffix(".\n"))
        .unwrap_or_else(|| panic!("{out}"))
        .to_string();
    assert_eq!(name.len(), 22, "{name}");
    assert!(name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    wait_for("the generated subscription listed", 15, || {
        ok(theirs(&bootstrap).arg("--list"))
            .lines()
            .any(|l| l == name)
    });
    assert_eq!(
        describe_both(&bootstrap, &name),
        format!(
            "Client metrics configs for {name} are:\n  interval.ms=500\n  match=\n  metrics=m.\n"
        )
    );
    ok(ours(&bootstrap).args(["--delete", "--name", &name]));
}

#[test]
fn client_metrics_failures_are_javas() {
    let bootstrap = single();
    let name = unique("cm-bad");
    // Broker refusals: Java's line on stdout, exit 1.
    for args in [
        &["--alter", "--name", &name, "--match", "foo=bar"][..],
        &["--alter", "--name", &name, "--interval", "10"][..],
    ] {
        let a = run(ours(&bootstrap).args(args));
        let b = run(theirs(&bootstrap).args(args));
        assert_eq!(a.status.code(), Some(1), "{args:?}");
        assert_eq!(b.status.code(), Some(1), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&a.stdout),
            String::from_utf8_lossy(&b.stdout),
            "{args:?}"
        );
        assert!(String::from_utf8_lossy(&a.stdout)
            .starts_with("Error while executing client metrics command : "));
        assert!(
            a.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&a.stderr)
        );
        // JSON: one document with the error.
        let out = run(ours(&bootstrap).args(args).args(["--output", "json"]));
        assert_eq!(out.status.code(), Some(1));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(doc["error"].is_string(), "{doc}");
    }
    // Usage errors: one line, exit 1, Java's words (Java prints them on stderr too).
    for (args, message) in [
        (
            &["--list", "--describe"][..],
            "Command must include exactly one action: --alter, --delete, --describe or --list.",
        ),
        (
            &["--alter", "--metrics", "m"][..],
            "One of --name or --generate-name must be specified with --alter.",
        ),
        (
            &["--alter", "--name", "a", "--generate-name"][..],
            "One of --name or --generate-name must be specified with --alter.",
        ),
        (
            &["--alter", "--name", "a", "--interval", "abc"][..],
            "Invalid interval value. Enter an integer, or leave empty to reset.",
        ),
        (
            &["--delete"][..],
            "A client metrics resource name must be specified with --delete.",
        ),
        (
            &["--list", "--name", "a"][..],
            "Option \"[list]\" can't be used with option \"[name]\"",
        ),
        (
            &["--describe", "--metrics", "m"][..],
            "Option \"[describe]\" can't be used with option \"[metrics]\"",
        ),
        (
            &["--delete", "--name", "a", "--generate-name"][..],
            "Option \"[delete]\" can't be used with option \"[generate-name]\"",
        ),
    ] {
        fails(ours(&bootstrap).args(args), 1, message);
        let b = run(theirs(&bootstrap).args(args));
        assert_eq!(b.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&b.stderr).contains(message),
            "{args:?}: {}",
            String::from_utf8_lossy(&b.stderr)
        );
    }
    // An unknown option (Java: "metric is not a recognized option").
    fails(
        ours(&bootstrap).args(["--alter", "--name", "a", "--metric", "m"]),
        1,
        "--metric",
    );
    fails(
        tool("kafka-client-metrics").arg("--list"),
        1,
        "--bootstrap-server must be specified.",
    );
}
