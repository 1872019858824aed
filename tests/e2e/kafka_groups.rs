//! kafka-groups against the real broker, side by side with the real Java tool. Other tests make
//! and delete groups on the same clusters at the same time, so outputs are compared on this
//! test's own groups (and the header, whose width their long names decide).

use std::process::Stdio;

use crate::support::{create_topic, fails, java, ok, old, run, single, tool, unique, wait_for};

/// Group names long enough (over 60 characters) that they set every column's width.
fn long_name(kind: &str) -> String {
    unique(&format!(
        "kafka-groups-{kind}-a-name-longer-than-every-other-group"
    ))
}

/// Produces three records into `topic` with our console producer.
fn produce(bootstrap: &str, topic: &str) {
    let mut child = tool("kafka-console-producer")
        .args(["--bootstrap-server", bootstrap, "--topic", topic])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"a\nb\nc\n").unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
}

/// Our console consumer reads one record in `group` (committing its offset), with `extra`.
fn consume_in_group(bootstrap: &str, topic: &str, group: &str, extra: &[&str]) {
    ok(tool("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            bootstrap,
            "--topic",
            topic,
            "--group",
            group,
            "--from-beginning",
            "--max-messages",
            "1",
        ])
        .args(extra));
}

/// The header and this test's lines of a listing (in the listing's order).
fn own_lines(listing: &str, groups: &[&str]) -> Vec<String> {
    listing
        .lines()
        .enumerate()
        .filter(|(i, line)| *i == 0 || groups.iter().any(|g| line.split(' ').next() == Some(*g)))
        .map(|(_, line)| line.to_string())
        .collect()
}

/// `kafka-groups --list <filter>` by ours and by Java, on this test's groups: equal, and the
/// groups listed.
fn compare(bootstrap: &str, filter: &[&str], groups: &[&str]) -> Vec<String> {
    let args = |cmd: &mut std::process::Command| {
        cmd.args(["--bootstrap-server", bootstrap, "--list"])
            .args(filter);
    };
    let mut ours_cmd = tool("kafka-groups");
    args(&mut ours_cmd);
    let mut java_cmd = java("kafka-groups");
    args(&mut java_cmd);
    let ours = ok(&mut ours_cmd);
    let theirs = ok(&mut java_cmd);
    let (ours, theirs) = (own_lines(&ours, groups), own_lines(&theirs, groups));
    let listed: Vec<String> = ours
        .iter()
        .skip(1)
        .map(|l| l.split(' ').next().unwrap_or_default().to_string())
        .collect();
    if listed.is_empty() {
        // No group of this test passes: the width is other tests' (and may change meanwhile).
        assert!(ours[0].starts_with("GROUP "), "{filter:?}: {ours:?}");
        assert_eq!(theirs.len(), 1, "{filter:?}: {theirs:?}");
    } else {
        let mut sorted_ours = ours.clone();
        let mut sorted_theirs = theirs.clone();
        sorted_ours.sort();
        sorted_theirs.sort();
        assert_eq!(sorted_ours, sorted_theirs, "{filter:?}");
    }
    listed
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn kafka_groups_lists_every_type_as_java_for_every_filter() {
    let bootstrap = single();
    let topic = create_topic(&bootstrap, "kgroups", 1, &[]);
    produce(&bootstrap, &topic);
    let classic = long_name("classic");
    let consumer = long_name("consumer");
    let simple = long_name("simple");
    let share = long_name("share");
    consume_in_group(&bootstrap, &topic, &classic, &[]);
    consume_in_group(
        &bootstrap,
        &topic,
        &consumer,
        &["--consumer-property", "group.protocol=consumer"],
    );
    // A simple group: offsets committed with no member (protocol type "").
    ok(tool("kafka-consumer-groups").args([
        "--bootstrap-server",
        &bootstrap,
        "--reset-offsets",
        "--to-earliest",
        "--execute",
        "--group",
        &simple,
        "--topic",
        &topic,
    ]));
    // A share group, made by Java's share consumer.
    let out = run(java("kafka-console-share-consumer").args([
        "--bootstrap-server",
        &bootstrap,
        "--topic",
        &topic,
        "--group",
        &share,
        "--max-messages",
        "1",
        "--timeout-ms",
        "20000",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let groups = [
        classic.as_str(),
        consumer.as_str(),
        simple.as_str(),
        share.as_str(),
    ];
    wait_for("every group listed", 30, || {
        let listing = ok(tool("kafka-groups").args(["--bootstrap-server", &bootstrap, "--list"]));
        own_lines(&listing, &groups).len() == 5
    });
    let all = sorted(vec![
        classic.clone(),
        consumer.clone(),
        simple.clone(),
        share.clone(),
    ]);
    let cases: Vec<(Vec<&str>, Vec<String>)> = vec![
        (vec![], all.clone()),
        (
            vec!["--consumer"],
            sorted(vec![classic.clone(), consumer.clone(), simple.clone()]),
        ),
        (vec!["--share"], vec![share.clone()]),
        (vec!["--streams"], vec![]),
        (
            vec!["--group-type", "classic"],
            sorted(vec![classic.clone(), simple.clone()]),
        ),
        (vec!["--group-type", "Consumer"], vec![consumer.clone()]),
        (vec!["--group-type", "share"], vec![share.clone()]),
        (vec!["--group-type", "streams"], vec![]),
        (
            vec!["--protocol", "consumer"],
            sorted(vec![classic.clone(), consumer.clone()]),
        ),
        (vec!["--protocol", ""], vec![simple.clone()]),
        (vec!["--protocol", "share"], vec![share.clone()]),
        (
            vec!["--group-type", "classic", "--protocol", "consumer"],
            vec![classic.clone()],
        ),
        (
            vec!["--group-type", "consumer", "--protocol", "nope"],
            vec![],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(
            sorted(compare(&bootstrap, &filter, &groups)),
            expected,
            "{filter:?}"
        );
    }

    // The types and protocols, as printed (JSON too).
    let json = ok(tool("kafka-groups").args([
        "--bootstrap-server",
        &bootstrap,
        "--list",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entry = |name: &str| {
        doc["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} not in {json}"))
    };
    assert_eq!(
        entry(&classic),
        serde_json::json!({"group": classic, "type": "Classic", "protocol": "consumer"})
    );
    assert_eq!(
        entry(&consumer),
        serde_json::json!({"group": consumer, "type": "Consumer", "protocol": "consumer"})
    );
    assert_eq!(
        entry(&simple),
        serde_json::json!({"group": simple, "type": "Classic", "protocol": ""})
    );
    assert_eq!(
        entry(&share),
        serde_json::json!({"group": share, "type": "Share", "protocol": "share"})
    );
}

#[test]
fn kafka_groups_on_kafka_3_9_as_java() {
    let bootstrap = old();
    let topic = create_topic(&bootstrap, "kgroups39", 1, &[]);
    produce(&bootstrap, &topic);
    let classic = long_name("classic39");
    consume_in_group(&bootstrap, &topic, &classic, &[]);
    let groups = [classic.as_str()];
    wait_for("the group listed", 30, || {
        let listing = ok(tool("kafka-groups").args(["--bootstrap-server", &bootstrap, "--list"]));
        own_lines(&listing, &groups).len() == 2
    });
    for filter in [
        &[][..],
        &["--consumer"][..],
        &["--group-type", "classic"][..],
        &["--share"][..],
    ] {
        compare(&bootstrap, filter, &groups);
    }
    assert_eq!(
        compare(&bootstrap, &["--protocol", "consumer"], &groups),
        [classic]
    );
}

#[test]
fn kafka_groups_usage_errors_are_javas() {
    let b = single();
    for (args, message) in [
        (
            &["--list"][..],
            "Missing required option(s) [bootstrap-server]",
        ),
        (
            &["--bootstrap-server", &b][..],
            "Command must include exactly one action: --list.",
        ),
        (
            &["--bootstrap-server", &b, "--list", "--group-type", "nope"][..],
            "--group-type must be a valid group type.",
        ),
        (
            &["--bootstrap-server", &b, "--list", "--consumer", "--share"][..],
            "Option \"[consumer]\" can't be used with option \"[share]\"",
        ),
        (
            &[
                "--bootstrap-server",
                &b,
                "--list",
                "--streams",
                "--protocol",
                "x",
            ][..],
            "Option \"[streams]\" can't be used with option \"[protocol]\"",
        ),
    ] {
        fails(tool("kafka-groups").args(args), 1, message);
        let java_out = run(java("kafka-groups").args(args));
        assert_eq!(java_out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&java_out.stderr).contains(message),
            "{args:?}"
        );
    }
    // A failure in JSON: one document, exit 1.
    let out = run(tool("kafka-groups").args([
        "--bootstrap-server",
        "127.0.0.1:1",
        "--list",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["error"].is_string(), "{doc}");
}
