//! kafka-get-offsets, compared with the Java tool.

use crate::support::{fails, java, ok, single, tool, unique};

#[test]
fn get_offsets_matches_java_for_every_selector_and_time() {
    let bs = single();
    let prefix = unique("offs");
    for (i, partitions) in [3, 12].iter().enumerate() {
        let t = format!("{prefix}-{i}");
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--create",
            "--topic",
            &t,
            "--partitions",
            &partitions.to_string(),
        ]));
        ok(tool("kafka-verifiable-producer").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &t,
            "--max-messages",
            "100",
            "--repeating-keys",
            "17",
        ]));
    }
    let pattern = format!("{prefix}-.*");
    let cases: Vec<Vec<String>> = vec![
        vec!["--topic".into(), pattern.clone()],
        vec![
            "--topic".into(),
            pattern.clone(),
            "--time".into(),
            "earliest".into(),
        ],
        vec![
            "--topic".into(),
            pattern.clone(),
            "--time".into(),
            "-3".into(),
        ],
        vec![
            "--topic".into(),
            pattern.clone(),
            "--partitions".into(),
            "0,2,10".into(),
        ],
        vec![
            "--topic-partitions".into(),
            format!("{prefix}-1:2-11,{prefix}-0:1"),
        ],
        vec![
            "--topic".into(),
            pattern.clone(),
            "--time".into(),
            "1".into(),
        ],
        vec![
            "--topic".into(),
            pattern.clone(),
            "--time".into(),
            "99999999999999".into(),
        ],
    ];
    // Tiered-storage times go through the native path (ListOffsets v8, v9, v11).
    let mut cases = cases;
    for time in [
        "-4",
        "earliest-local",
        "-5",
        "latest-tiered",
        "-6",
        "earliest-pending-upload",
    ] {
        cases.push(vec![
            "--topic".into(),
            pattern.clone(),
            "--time".into(),
            time.into(),
        ]);
    }
    for args in cases {
        let ours = ok(tool("kafka-get-offsets")
            .args(["--bootstrap-server", &bs])
            .args(&args));
        let theirs = ok(java("kafka-get-offsets")
            .args(["--bootstrap-server", &bs])
            .args(&args));
        assert_eq!(ours, theirs, "kafka-get-offsets {args:?}");
    }
    // Java's string order: partition 10 before partition 2.
    let lines = ok(tool("kafka-get-offsets").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &format!("{prefix}-1"),
    ]));
    let order: Vec<&str> = lines
        .lines()
        .map(|l| l.split(':').nth(1).unwrap())
        .take(4)
        .collect();
    assert_eq!(order, ["0", "1", "10", "11"]);
}

#[test]
fn tiered_storage_times_reach_every_partition_leader_like_java() {
    let bs = crate::support::three();
    let _shared = crate::support::three_shared();
    let t = crate::support::create_topic(&bs, "offs-tiered", 6, &["--replication-factor", "2"]);
    ok(tool("kafka-verifiable-producer").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &t,
        "--max-messages",
        "60",
    ]));
    for time in ["-4", "-5", "-6"] {
        let args = ["--bootstrap-server", &bs, "--topic", &t, "--time", time];
        let ours = ok(tool("kafka-get-offsets").args(args));
        let theirs = ok(java("kafka-get-offsets").args(args));
        assert_eq!(ours, theirs, "--time {time}");
        if time == "-4" {
            assert_eq!(ours.lines().count(), 6, "{ours}");
        }
    }
}

#[test]
fn get_offsets_errors() {
    let bs = single();
    fails(
        tool("kafka-get-offsets").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            "x",
            "--topic-partitions",
            "y",
        ]),
        1,
        "--topic-partitions cannot be used with --topic or --partitions",
    );
    fails(
        tool("kafka-get-offsets").args(["--bootstrap-server", &bs, "--time", "soon"]),
        1,
        "Malformed time argument soon.",
    );
    fails(
        tool("kafka-get-offsets").args(["--bootstrap-server", &bs, "--topic", &unique("none")]),
        1,
        "Could not match any topic-partitions with the specified filters",
    );
    fails(
        tool("kafka-get-offsets").args(["--bootstrap-server", "nohost", "--topic", "x"]),
        1,
        "Please provide valid host:port like host1:9091,host2:9092",
    );
}
