//! kafka-console-share-consumer against the single 4.4 node, side by side with Java's: records
//! split between members of one share group (two of ours, one of Java's), each acknowledged
//! once; released records delivered again, rejected ones never; the formatter's output equal
//! to Java's; SIGTERM acknowledges what was written.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Output, Stdio};

use crate::share_groups::{from_earliest, topic_with_records, Killed};
use crate::support::{fails, java, ok, run, run_within, single, tool, unique, wait_for};

/// A share consumer (ours or Java's) of `topic` in `group` printing `partition offset value`.
fn reader(mut cmd: Command, topic: &str, group: &str, extra: &[&str]) -> Command {
    cmd.args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--group",
        group,
        "--formatter-property",
        "print.partition=true",
        "--formatter-property",
        "print.offset=true",
        "--formatter-property",
        "print.delivery=true",
    ])
    .args(extra);
    cmd
}

/// `(partition, offset) -> delivery count` of the lines a reader printed.
fn delivered(text: &str) -> BTreeMap<(i32, i64), i32> {
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |s: &str, tag: &str| s.strip_prefix(tag).unwrap().to_string();
            (
                (
                    num(f[0], "Partition:").parse().unwrap(),
                    num(f[1], "Offset:").parse().unwrap(),
                ),
                num(f[2], "Delivery:").parse().unwrap(),
            )
        })
        .collect()
}

/// The number of members `kafka-share-groups --describe --members` lists for `group`.
fn members(group: &str) -> usize {
    let out = run(tool("kafka-share-groups").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--members",
        "--group",
        group,
    ]));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with(group))
        .count()
}

fn produce(topic: &str, lines: &str) {
    let out = crate::support::with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &single(),
            "--topic",
            topic,
            "--reader-property",
            "parse.key=true",
        ]),
        lines.as_bytes(),
    );
    assert!(out.status.success());
}

#[test]
fn two_of_ours_and_one_of_java_split_the_records_each_once() {
    let topic = topic_with_records(3, 0);
    let group = unique("scsplit");
    from_earliest(&group);
    let spawn = |cmd: Command| {
        let mut cmd = reader(cmd, &topic, &group, &["--timeout-ms", "8000"]);
        Killed(
            cmd.stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        )
    };
    let readers = [
        spawn(tool("kafka-console-share-consumer")),
        spawn(tool("kafka-console-share-consumer")),
        spawn(java("kafka-console-share-consumer")),
    ];
    wait_for("three members in the share group", 60, || {
        members(&group) == 3
    });
    let n = 600;
    let input: String = (0..n).map(|i| format!("k{i}\tv{i}\n")).collect();
    produce(&topic, &input);
    let mut seen: BTreeMap<(i32, i64), i32> = BTreeMap::new();
    let mut counts = Vec::new();
    for mut r in readers {
        let (mut stdout, mut stderr) = (String::new(), String::new());
        r.0.stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        r.0.stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(r.0.wait().unwrap().success(), "{stderr}");
        let mine = delivered(&stdout);
        counts.push(mine.len());
        for (record, delivery) in mine {
            assert_eq!(delivery, 1, "{record:?} delivered again");
            assert!(seen.insert(record, delivery).is_none(), "{record:?} twice");
        }
    }
    assert_eq!(seen.len(), n, "per reader: {counts:?}");
    assert!(
        counts.iter().filter(|c| **c > 0).count() >= 2,
        "the records were not split: {counts:?}"
    );
    // Every record was accepted: the group's start offsets are at the ends, no lag.
    wait_for("the group's lag to be 0 everywhere", 30, || {
        let out = ok(tool("kafka-share-groups").args([
            "--bootstrap-server",
            &single(),
            "--describe",
            "--group",
            &group,
        ]));
        let rows: Vec<&str> = out.lines().filter(|l| l.starts_with(&group)).collect();
        rows.len() == 3 && rows.iter().all(|l| l.ends_with(" 0"))
    });
}

#[test]
fn released_records_come_again_and_rejected_ones_never() {
    let topic = topic_with_records(1, 5);
    let group = unique("screl");
    from_earliest(&group);
    let read = |cmd: Command, extra: &[&str]| {
        let mut cmd = reader(cmd, &topic, &group, extra);
        let out = run_within(60, &mut cmd);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        delivered(&String::from_utf8(out.stdout).unwrap())
    };
    let first = read(
        tool("kafka-console-share-consumer"),
        &["--release", "--max-messages", "5"],
    );
    assert_eq!(first.values().collect::<Vec<_>>(), vec![&1; 5]);
    // Java's reader gets them again, delivered a second time, and rejects them.
    let second = read(
        java("kafka-console-share-consumer"),
        &["--reject", "--max-messages", "5", "--timeout-ms", "30000"],
    );
    assert_eq!(
        second.keys().collect::<Vec<_>>(),
        first.keys().collect::<Vec<_>>()
    );
    assert_eq!(second.values().collect::<Vec<_>>(), vec![&2; 5]);
    // Rejected: nobody gets them again.
    let third = read(
        tool("kafka-console-share-consumer"),
        &["--timeout-ms", "3000"],
    );
    assert!(third.is_empty(), "{third:?}");
}

#[test]
fn the_formatter_prints_what_java_prints() {
    let topic = topic_with_records(2, 20);
    let props = [
        "print.key=true",
        "print.timestamp=true",
        "print.headers=true",
        "print.epoch=true",
        "print.delivery=true",
        "print.offset=true",
        "print.partition=true",
    ];
    let read = |mut cmd: Command| {
        let group = unique("scfmt");
        from_earliest(&group);
        cmd.args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &topic,
            "--group",
            &group,
        ]);
        cmd.args(["--max-messages", "20", "--timeout-ms", "30000"]);
        for p in props {
            cmd.args(["--formatter-property", p]);
        }
        let out = run_within(60, &mut cmd);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut lines: Vec<String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        (lines, String::from_utf8(out.stderr).unwrap())
    };
    let (ours, ours_err) = read(tool("kafka-console-share-consumer"));
    let (theirs, theirs_err) = read(java("kafka-console-share-consumer"));
    assert_eq!(ours.len(), 20);
    assert_eq!(ours, theirs);
    assert!(
        ours_err.ends_with("Processed a total of 20 messages\n"),
        "{ours_err}"
    );
    assert!(
        theirs_err.contains("Processed a total of 20 messages"),
        "{theirs_err}"
    );

    // --output json: one object a record, with the delivery count.
    let group = unique("scjson");
    from_earliest(&group);
    let out = ok(tool("kafka-console-share-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &topic,
        "--group",
        &group,
        "--max-messages",
        "3",
        "--output",
        "json",
    ]));
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["topic"], topic.as_str());
        assert_eq!(v["delivery_count"], 1);
    }
    assert_eq!(out.lines().count(), 3);
}

#[test]
fn sigterm_acknowledges_what_was_written_and_exits_143() {
    let topic = topic_with_records(1, 30);
    let group = unique("scterm");
    from_earliest(&group);
    let mut child = reader(tool("kafka-console-share-consumer"), &topic, &group, &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    for _ in 0..30 {
        out.read_line(&mut printed).unwrap();
    }
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let end = child.wait_with_output().unwrap();
    assert_eq!(end.status.code(), Some(143));
    assert_eq!(
        String::from_utf8_lossy(&end.stderr),
        "Processed a total of 30 messages\n"
    );
    assert_eq!(delivered(&printed).len(), 30);
    // All 30 were accepted on the way out: another reader of the group gets none.
    let mut java_reader = reader(
        java("kafka-console-share-consumer"),
        &topic,
        &group,
        &["--timeout-ms", "4000"],
    );
    let again = run_within(60, &mut java_reader);
    assert_eq!(String::from_utf8_lossy(&again.stdout), "");
}

#[test]
fn bad_options_fail_like_java() {
    for (args, needle) in [
        (vec!["--group", "g"], "--topic is a required argument"),
        (
            vec!["--topic", "t", "--reject", "--release"],
            "At most one of --reject and --release may be specified.",
        ),
    ] {
        let mut ours = tool("kafka-console-share-consumer");
        ours.args(["--bootstrap-server", &single()]).args(&args);
        fails(&mut ours, 1, needle);
        let theirs: Output = run(java("kafka-console-share-consumer")
            .args(["--bootstrap-server", &single()])
            .args(&args));
        assert_eq!(theirs.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&theirs.stdout).contains(needle)
                || String::from_utf8_lossy(&theirs.stderr).contains(needle),
            "{args:?}"
        );
    }
}

#[test]
fn records_of_every_compression_codec_are_decoded() {
    let topic = topic_with_records(1, 0);
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        let input: String = (0..10)
            .map(|i| format!("{codec}-k{i}\t{codec}-v{i}\n"))
            .collect();
        let out = crate::support::with_stdin(
            tool("kafka-console-producer").args([
                "--bootstrap-server",
                &single(),
                "--topic",
                &topic,
                "--reader-property",
                "parse.key=true",
                "--compression-codec",
                codec,
            ]),
            input.as_bytes(),
        );
        assert!(out.status.success(), "{codec}");
    }
    let group = unique("sccodec");
    from_earliest(&group);
    let out = ok(tool("kafka-console-share-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &topic,
        "--group",
        &group,
        "--max-messages",
        "50",
        "--formatter-property",
        "print.key=true",
    ]));
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    let mut want: Vec<String> = ["none", "gzip", "snappy", "lz4", "zstd"]
        .iter()
        .flat_map(|c| (0..10).map(move |i| format!("{c}-k{i}\t{c}-v{i}")))
        .collect();
    want.sort();
    assert_eq!(lines, want);
}
