//! kafka-console-consumer against the real broker, compared with the Java console consumer.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{
    create_named_topic, create_topic, fails, java, ok, run, run_within, single,
    single_with_auto_create, three_without_auto_create, tool, unique,
};

fn topic(partitions: u32) -> String {
    create_topic(&single(), "cons", partitions, &[])
}

/// Produces `input` with our producer and the given reader properties.
fn produce(topic: &str, props: &[&str], input: &[u8]) {
    let mut cmd = tool("kafka-console-producer");
    cmd.args(["--bootstrap-server", &single(), "--topic", topic]);
    for p in props {
        cmd.args(["--reader-property", p]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Stdout of a console consumer (ours or Java's) reading one partition from the start.
fn read_partition(
    cmd: &mut Command,
    topic: &str,
    partition: u32,
    n: usize,
    props: &[&str],
) -> Vec<u8> {
    cmd.args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--partition",
        &partition.to_string(),
    ])
    .args([
        "--offset",
        "earliest",
        "--max-messages",
        &n.to_string(),
        "--timeout-ms",
        "20000",
    ]);
    for p in props {
        cmd.args(["--formatter-property", p]);
    }
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("Processed a total of {n} messages")),
        "{stderr}"
    );
    out.stdout
}

#[test]
fn formatter_output_matches_java_byte_for_byte() {
    let t = topic(1);
    produce(
        &t,
        &["parse.key=true", "parse.headers=true", "null.marker=NULL"],
        b"h1:v1,h2:v2\tk1\tv1\nNULL\tk2\tNULL\nh3:NULL\tNULL\t\xff\xfe-raw\n",
    );
    let cases: &[&[&str]] = &[
        &[],
        &["print.key=true"],
        &[
            "print.timestamp=true",
            "print.partition=true",
            "print.offset=true",
            "print.headers=true",
            "print.key=true",
        ],
        &[
            "print.key=true",
            "print.headers=true",
            "key.separator=|",
            "line.separator=;\n",
            "headers.separator=#",
            "null.literal=<nil>",
        ],
        &["print.value=false", "print.key=true"],
        &["print.delivery=true", "print.epoch=true"],
        &[
            "print.key=true",
            "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
        ],
    ];
    for props in cases {
        let ours = read_partition(&mut tool("kafka-console-consumer"), &t, 0, 3, props);
        let theirs = read_partition(&mut java("kafka-console-consumer"), &t, 0, 3, props);
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "properties {props:?}"
        );
        assert_eq!(ours, theirs, "bytes differ for {props:?}");
    }
}

#[test]
fn numeric_deserializers_match_java() {
    let t = topic(1);
    // Four-byte values: 1, 258, -1 as big-endian integers.
    produce(
        &t,
        &[],
        &[
            0, 0, 0, 1, b'\n', 0, 0, 1, 2, b'\n', 0xff, 0xff, 0xff, 0xff, b'\n',
        ],
    );
    let props = ["value.deserializer=org.apache.kafka.common.serialization.IntegerDeserializer"];
    let ours = read_partition(&mut tool("kafka-console-consumer"), &t, 0, 3, &props);
    let theirs = read_partition(&mut java("kafka-console-consumer"), &t, 0, 3, &props);
    assert_eq!(String::from_utf8_lossy(&ours), "1\n258\n-1\n");
    assert_eq!(ours, theirs);
}

#[test]
fn a_group_commits_what_was_printed_and_resumes_there() {
    let t = topic(1);
    let group = unique("grp");
    produce(&t, &[], b"1\n2\n3\n4\n5\n");
    let first = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--group",
        &group,
        "--from-beginning",
        "--max-messages",
        "2",
    ]));
    assert_eq!(first, "1\n2\n");
    let described = ok(java("kafka-consumer-groups").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--group",
        &group,
    ]));
    let row = described
        .lines()
        .find(|l| l.contains(&t))
        .unwrap_or_else(|| panic!("{described}"));
    let fields: Vec<&str> = row.split_whitespace().collect();
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    assert_eq!(&fields[2..6], ["0", "2", "5", "3"], "{described}");
    let rest = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--group",
        &group,
        "--to-end",
    ]));
    assert_eq!(rest, "3\n4\n5\n");
}

#[test]
fn head_closes_the_pipe_and_the_consumer_exits_quietly() {
    let t = topic(1);
    produce(&t, &[], b"a\nb\nc\nd\n");
    let mut child = tool("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &t,
            "--from-beginning",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "a\n");
    drop(reader); // like `head -1` exiting
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "consumer kept running after its reader left"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("panic"),
        "{stderr}"
    );
}

#[test]
fn sigterm_commits_prints_the_total_and_exits_143() {
    let t = topic(1);
    let group = unique("grpterm");
    produce(&t, &[], b"x\ny\n");
    let mut child = tool("kafka-console-consumer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &t,
            "--group",
            &group,
            "--from-beginning",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stop it once both records are printed (it would wait for more).
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    for _ in 0..2 {
        reader.read_line(&mut printed).unwrap();
    }
    assert_eq!(printed, "x\ny\n");
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143));
    assert_eq!(rest, "", "nothing printed after SIGTERM");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Processed a total of 2 messages\n"
    );
    let described = ok(java("kafka-consumer-groups").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--group",
        &group,
    ]));
    let row = described
        .lines()
        .find(|l| l.contains(&t))
        .unwrap_or_else(|| panic!("{described}"));
    assert_eq!(row.split_whitespace().nth(3), Some("2"), "{described}");
}

#[test]
fn order_is_kept_within_a_partition_but_not_across_partitions() {
    let t = topic(3);
    // 90 keyed records numbered in the order they were produced.
    let input: String = (0..90).map(|i| format!("k{}\t{i}\n", i % 7)).collect();
    produce(&t, &["parse.key=true"], input.as_bytes());
    let out = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--from-beginning",
        "--to-end",
        "--formatter-property",
        "print.partition=true",
    ]));
    let mut last = [-1i64; 3];
    let mut seen = 0;
    for line in out.lines() {
        let (partition, value) = line.split_once('\t').unwrap();
        let p: usize = partition.trim_start_matches("Partition:").parse().unwrap();
        let n: i64 = value.parse().unwrap();
        assert!(n > last[p], "partition {p}: {n} after {}", last[p]);
        last[p] = n;
        seen += 1;
    }
    assert_eq!(seen, 90);
    assert!(
        last.iter().all(|l| *l >= 0),
        "all partitions used: {last:?}"
    );
}

#[test]
fn to_end_stops_after_a_trailing_transaction_marker() {
    let t = topic(1);
    let out = run(java("kafka-producer-perf-test").args([
        "--topic",
        &t,
        "--num-records",
        "20",
        "--record-size",
        "10",
        "--throughput",
        "-1",
        "--transactional-id",
        &unique("txn"),
        "--transaction-duration-ms",
        "100",
        "--command-property",
        &format!("bootstrap.servers={}", single()),
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut cmd = tool("kafka-console-consumer");
    cmd.args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--from-beginning",
        "--to-end",
    ]);
    let start = Instant::now();
    let out = run(&mut cmd);
    assert!(out.status.success());
    assert!(start.elapsed() < Duration::from_secs(30));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Processed a total of 20 messages\n"
    );
}

#[test]
fn json_output_round_trips_through_the_producer() {
    let a = topic(3);
    let b = topic(3);
    produce(
        &a,
        &["parse.key=true", "parse.headers=true"],
        b"h:1\tk1\tv1\nh:2\tk2\t\xffbin\n",
    );
    let json = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &a,
        "--from-beginning",
        "--to-end",
        "--output",
        "json",
    ]));
    assert_eq!(json.lines().count(), 2);
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    for field in [
        "topic",
        "partition",
        "offset",
        "timestamp",
        "timestamp_type",
        "key",
        "value",
        "headers",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }
    let mut child = tool("kafka-console-producer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &b,
            "--input-format",
            "json",
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let copy = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &b,
        "--from-beginning",
        "--to-end",
        "--output",
        "json",
    ]));
    let strip = |s: &str| -> Vec<serde_json::Value> {
        let mut v: Vec<serde_json::Value> = s
            .lines()
            .map(|l| {
                let mut r: serde_json::Value = serde_json::from_str(l).unwrap();
                for f in ["topic", "offset", "timestamp"] {
                    r.as_object_mut().unwrap().remove(f);
                }
                r
            })
            .collect();
        v.sort_by_key(|r| r.to_string());
        v
    };
    assert_eq!(strip(&json), strip(&copy));
}

#[test]
fn offsets_by_time() {
    let t = topic(1);
    produce(&t, &[], b"old\n");
    let all = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--partition",
        "0",
        "--offset",
        "-1h",
        "--timeout-ms",
        "3000",
    ]));
    assert_eq!(all, "old\n");
    let none = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        &single(),
        "--topic",
        &t,
        "--offset",
        "2099-01-01T00:00:00Z",
        "--timeout-ms",
        "2000",
    ]));
    assert_eq!(none, "");
}

#[test]
fn java_validation_messages() {
    let bs = single();
    fails(
        tool("kafka-console-consumer").args(["--bootstrap-server", &bs]),
        1,
        "Exactly one of the following arguments is required: [topic], [include]",
    );
    fails(
        tool("kafka-console-consumer").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            "t",
            "--partition",
            "0",
            "--group",
            "g",
        ]),
        1,
        "Options group and partition cannot be specified together.",
    );
    fails(
        tool("kafka-console-consumer").args(["--bootstrap-server", &bs, "--topic", "t", "--group", "a", "--command-property", "group.id=b"]),
        1,
        "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'",
    );
    fails(
        tool("kafka-console-consumer").args(["--bootstrap-server", &bs, "--topic", "t", "--from-beginning", "--command-property", "auto.offset.reset=latest"]),
        1,
        "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option",
    );
}

#[test]
fn a_missing_topic_the_broker_will_not_create_fails_fast() {
    let bs = three_without_auto_create();
    let missing = unique("nocons");
    // Subscribed (Java waits for it forever) and assigned (--partition).
    for extra in [&[][..], &["--partition", "0"][..]] {
        let out = run_within(
            20,
            tool("kafka-console-consumer")
                .args(["--bootstrap-server", &bs, "--topic", &missing])
                .args(extra),
        );
        assert_eq!(out.status.code(), Some(1), "{extra:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "topic '{missing}' does not exist and the broker did not create it"
            )),
            "{extra:?}: {stderr}"
        );
    }
}

#[test]
fn a_missing_topic_is_created_by_a_broker_that_allows_it_like_java() {
    let bs = single_with_auto_create();
    for (who, name) in [
        ("ours", unique("autocons")),
        ("java", unique("autocons-java")),
    ] {
        let mut cmd = if who == "ours" {
            tool("kafka-console-consumer")
        } else {
            java("kafka-console-consumer")
        };
        let out = run_within(
            60,
            cmd.args([
                "--bootstrap-server",
                &bs,
                "--topic",
                &name,
                "--timeout-ms",
                "3000",
            ]),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("Processed a total of 0 messages"),
            "{who}: {stderr}"
        );
        let listed =
            ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--list", "--topic", &name]));
        assert_eq!(listed, format!("{name}\n"), "{who}");
    }
}

/// `allow.auto.create.topics=false` (Java's consumer setting) is honoured: the broker would
/// create the topic, but is not asked to; instead of Java's endless wait, one line at once.
#[test]
fn a_consumer_told_not_to_create_topics_does_not_ask_the_broker() {
    let bs = single_with_auto_create();
    let missing = unique("noask");
    let out = run_within(
        20,
        tool("kafka-console-consumer").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &missing,
            "--consumer-property",
            "allow.auto.create.topics=false",
        ]),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "topic '{missing}' does not exist (allow.auto.create.topics=false"
        )),
        "{stderr}"
    );
    let listed =
        ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--list", "--topic", &missing]));
    assert_eq!(listed.trim(), "", "the topic was created");
}

/// Our console consumer with `args`, which must end by itself within 30 s; returns its stdout
/// after asserting exit 0 and the `Processed a total of N messages` line.
fn consume_to_end(args: &[&str], expect_records: usize) -> String {
    let out = run_within(
        30,
        tool("kafka-console-consumer")
            .args(["--bootstrap-server", &single()])
            .args(args),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    assert!(
        stderr.contains(&format!("Processed a total of {expect_records} messages")),
        "{args:?}: {stderr}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn include_is_a_full_match_regex_as_in_java() {
    // The README's own example shape: --include 'prefix.*' --from-beginning --to-end.
    let prefix = unique("incl");
    let (a, b) = (format!("{prefix}.a"), format!("{prefix}.b"));
    let other = format!("x{prefix}.a");
    for t in [&a, &b, &other] {
        create_named_topic(&single(), t, 1, &[]);
    }
    produce(&a, &[], b"a1\na2\n");
    produce(&b, &[], b"b1\n");
    produce(&other, &[], b"never\n");
    let pattern = format!("{prefix}.*");
    let printed = consume_to_end(&["--include", &pattern, "--from-beginning", "--to-end"], 3);
    let mut lines: Vec<&str> = printed.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        ["a1", "a2", "b1"],
        "a full match: {other} is not included"
    );
    // A plain name, with a group, and with the KIP-848 protocol.
    let printed = consume_to_end(
        &[
            "--include",
            &b,
            "--from-beginning",
            "--to-end",
            "--group",
            &unique("incl-g"),
        ],
        1,
    );
    assert_eq!(printed, "b1\n");
    let printed = consume_to_end(
        &[
            "--include",
            &b,
            "--from-beginning",
            "--to-end",
            "--group",
            &unique("incl-848"),
            "--command-property",
            "group.protocol=consumer",
        ],
        1,
    );
    assert_eq!(printed, "b1\n");
}

#[test]
fn to_end_stops_when_nothing_is_new() {
    let topic = topic(3);
    produce(&topic, &[], b"r1\nr2\nr3\n");
    // The default start (latest) on a topic that has records: nothing is new.
    consume_to_end(&["--topic", &topic, "--to-end"], 0);
    // A group that has read everything.
    let group = unique("toend-g");
    let all = [
        "--topic",
        &topic,
        "--group",
        &group,
        "--from-beginning",
        "--to-end",
    ];
    assert_eq!(consume_to_end(&all, 3).lines().count(), 3);
    consume_to_end(&["--topic", &topic, "--group", &group, "--to-end"], 0);
    // A partition assigned at its end by offset.
    let ends =
        ok(tool("kafka-get-offsets").args(["--bootstrap-server", &single(), "--topic", &topic]));
    let (partition, end) = ends
        .lines()
        .filter_map(|l| {
            let mut f = l.rsplitn(3, ':');
            let end: i64 = f.next()?.parse().ok()?;
            let partition = f.next()?.to_string();
            Some((partition, end))
        })
        .find(|(_, end)| *end > 0)
        .unwrap();
    consume_to_end(
        &[
            "--topic",
            &topic,
            "--partition",
            &partition,
            "--offset",
            &end.to_string(),
            "--to-end",
        ],
        0,
    );
    // Everything deleted: --from-beginning starts at the end too.
    let spec = format!(
        r#"{{"partitions":[{}],"version":1}}"#,
        (0..3)
            .map(|p| format!(r#"{{"topic":"{topic}","partition":{p},"offset":-1}}"#))
            .collect::<Vec<_>>()
            .join(",")
    );
    let file = std::env::temp_dir().join(format!("{topic}-delete.json"));
    std::fs::write(&file, spec).unwrap();
    ok(tool("kafka-delete-records").args([
        "--bootstrap-server",
        &single(),
        "--offset-json-file",
        file.to_str().unwrap(),
    ]));
    consume_to_end(&["--topic", &topic, "--from-beginning", "--to-end"], 0);
    consume_to_end(
        &[
            "--topic",
            &topic,
            "--partition",
            &partition,
            "--from-beginning",
            "--to-end",
        ],
        0,
    );
}

/// Records are taken from librdkafka in batches, and librdkafka's position runs ahead of what
/// was printed: `--to-end` must still print every record up to the end, and `--max-messages`
/// exactly its count, in offset order per partition.
#[test]
fn to_end_and_max_messages_count_every_record_taken_in_batches() {
    let t = unique("batches");
    create_named_topic(&single(), &t, 1, &[]);
    let input: String = (0..5000).map(|i| format!("{i}\n")).collect();
    produce(&t, &[], input.as_bytes());
    let printed = consume_to_end(&["--topic", &t, "--from-beginning", "--to-end"], 5000);
    assert_eq!(printed, input);
    let printed = consume_to_end(
        &["--topic", &t, "--from-beginning", "--max-messages", "2500"],
        2500,
    );
    assert_eq!(printed, input[..input.find("2500\n").unwrap()]);
}
