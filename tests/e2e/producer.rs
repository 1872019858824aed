//! kafka-console-producer against the real broker; records are read back with the Java tools.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{
    create_topic, fails, java, ok, records_in, run, single, single_with_auto_create,
    three_without_auto_create, tool, unique, wait_for, with_stdin,
};

/// Creates a topic on the single-node cluster.
fn topic(partitions: u32) -> String {
    create_topic(&single(), "prod", partitions, &[])
}

/// Our producer on the single-node cluster with extra args.
fn produce(topic: &str, extra: &[&str], input: &[u8]) -> std::process::Output {
    let out = with_stdin(
        tool("kafka-console-producer")
            .args(["--bootstrap-server", &single(), "--topic", topic])
            .args(extra),
        input,
    );
    out
}

fn produce_ok(topic: &str, extra: &[&str], input: &[u8]) {
    let out = produce(topic, extra, input);
    assert!(
        out.status.success(),
        "producer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stderr, b"", "{}", String::from_utf8_lossy(&out.stderr));
}

/// Reads `n` records back with the Java console consumer; returns raw stdout.
fn consume_java(topic: &str, n: usize, props: &[&str]) -> Vec<u8> {
    let mut cmd = java("kafka-console-consumer");
    cmd.args([
        "--bootstrap-server",
        &single(),
        "--topic",
        topic,
        "--from-beginning",
    ])
    .args(["--max-messages", &n.to_string(), "--timeout-ms", "30000"]);
    for p in props {
        cmd.args(["--formatter-property", p]);
    }
    let out = run(&mut cmd);
    assert!(
        out.status.success(),
        "java consumer: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// key -> partition as the Java consumer reports them.
fn key_partitions(topic: &str, n: usize) -> BTreeMap<String, String> {
    let out = String::from_utf8(consume_java(
        topic,
        n,
        &[
            "print.key=true",
            "print.partition=true",
            "print.value=false",
        ],
    ))
    .unwrap();
    out.lines()
        .map(|l| {
            let (partition, key) = l.split_once('\t').unwrap();
            (key.to_string(), partition.to_string())
        })
        .collect()
}

#[test]
fn lines_become_records_and_the_last_line_needs_no_newline() {
    let t = topic(1);
    produce_ok(&t, &[], b"one\r\ntwo\n\nthree");
    assert_eq!(consume_java(&t, 4, &[]), b"one\ntwo\n\nthree\n");
}

#[test]
fn librdkafkas_names_for_settings_the_tool_has_defaults_for_are_honoured() {
    // The tool's defaults (acks=-1, retries=3, which turn idempotence on) must give way to
    // the same settings under librdkafka's names, which the tool also accepts: acks=1 with
    // idempotence would be refused by librdkafka.
    let t = topic(1);
    produce_ok(
        &t,
        &[
            "--command-property",
            "request.required.acks=1",
            "--command-property",
            "message.send.max.retries=0",
        ],
        b"a\nb\n",
    );
    assert_eq!(consume_java(&t, 2, &[]), b"a\nb\n");
}

#[test]
fn lines_longer_than_a_read_block_and_lines_across_blocks_arrive_whole() {
    // The reader takes 256 KiB blocks: a 700 KB line spans three, and the short lines around
    // it (CRLF ones too) cross block boundaries at every offset the sizes give.
    let t = topic(1);
    let long = "x".repeat(700_000);
    let mut input = String::new();
    for i in 0..40_000 {
        input.push_str(&format!("line-{i}\r\n"));
    }
    input.push_str(&long);
    input.push('\n');
    input.push_str("after\r");
    produce_ok(
        &t,
        &["--producer-property", "max.request.size=2000000"],
        input.as_bytes(),
    );
    let out = consume_java(&t, 40_002, &[]);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 40_002);
    assert_eq!(lines[0], "line-0");
    assert_eq!(lines[39_999], "line-39999");
    assert_eq!(lines[40_000].len(), 700_000);
    assert_eq!(lines[40_001], "after");
}

#[test]
fn keyed_records_land_where_the_java_producer_puts_them() {
    let ours = topic(3);
    let theirs = topic(3);
    let keys: Vec<String> = (0..60).map(|i| format!("key-{i}")).collect();
    let input: String = keys.iter().map(|k| format!("{k}\tvalue\n")).collect();
    produce_ok(
        &ours,
        &["--reader-property", "parse.key=true"],
        input.as_bytes(),
    );
    let out = with_stdin(
        java("kafka-console-producer").args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &theirs,
            "--reader-property",
            "parse.key=true",
        ]),
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = key_partitions(&ours, 60);
    let theirs = key_partitions(&theirs, 60);
    assert_eq!(ours.len(), 60);
    assert_eq!(
        ours, theirs,
        "key -> partition differs from the Java producer"
    );
    let used: std::collections::BTreeSet<&String> = ours.values().collect();
    assert_eq!(used.len(), 3, "60 keys should use all 3 partitions");
}

#[test]
fn the_same_key_always_goes_to_the_same_partition() {
    let t = topic(3);
    let input: String = (0..30).map(|i| format!("k{}:{i}\n", i % 3)).collect();
    produce_ok(
        &t,
        &[
            "--reader-property",
            "parse.key=true",
            "--reader-property",
            "key.separator=:",
        ],
        input.as_bytes(),
    );
    let out = String::from_utf8(consume_java(
        &t,
        30,
        &["print.key=true", "print.partition=true"],
    ))
    .unwrap();
    let mut seen: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for line in out.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        seen.entry(fields[1].to_string())
            .or_default()
            .insert(fields[0].to_string());
    }
    assert_eq!(seen.len(), 3);
    for (key, partitions) in seen {
        assert_eq!(partitions.len(), 1, "key {key} went to {partitions:?}");
    }
}

/// Records without a key stay on one partition for `batch.size` bytes of values, then move to
/// the next (Java's default partitioner does the same, KIP-794), so every batch fills in one go.
#[test]
fn records_without_a_key_fill_one_partition_for_batch_size_bytes_then_the_next() {
    let t = topic(3);
    let n = 30_000;
    let input: String = (1..=n).map(|i| format!("{i:05}\n")).collect();
    produce_ok(&t, &["--batch-size", "16384"], input.as_bytes());
    let out = String::from_utf8(consume_java(&t, n, &["print.partition=true"])).unwrap();
    // Runs of consecutive values per partition: (first value, length, partition).
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    let mut last: BTreeMap<u32, usize> = BTreeMap::new();
    for line in out.lines() {
        let (partition, value) = line.split_once('\t').unwrap();
        let partition: u32 = partition.trim_start_matches("Partition:").parse().unwrap();
        let value: u32 = value.parse().unwrap();
        match last.get(&partition).map(|&i| (i, runs[i])) {
            Some((i, (first, len, _))) if first + len == value => runs[i].1 += 1,
            _ => {
                last.insert(partition, runs.len());
                runs.push((value, 1, partition));
            }
        }
    }
    runs.sort();
    // 16384 bytes of 5-byte values: 3277 records per run, each run on the next partition.
    assert_eq!(runs.len(), 10, "{runs:?}");
    for (i, pair) in runs.windows(2).enumerate() {
        assert_eq!(pair[0].1, 3277, "run {i}: {runs:?}");
        assert_eq!(pair[1].0, pair[0].0 + 3277, "{runs:?}");
        assert_eq!(pair[1].2, (pair[0].2 + 1) % 3, "{runs:?}");
    }
}

#[test]
fn headers_keys_and_null_markers_are_parsed_like_java() {
    let t = topic(1);
    let props = ["parse.key=true", "parse.headers=true", "null.marker=NULL"];
    let mut args = Vec::new();
    for p in props {
        args.extend(["--reader-property", p]);
    }
    produce_ok(
        &t,
        &args,
        b"h1:v1,h2:v2\tk\tv\nNULL\tk2\tNULL\nh3:NULL\tNULL\tv3\n",
    );
    let out = String::from_utf8(consume_java(
        &t,
        3,
        &[
            "print.key=true",
            "print.headers=true",
            "null.literal=<null>",
        ],
    ))
    .unwrap();
    assert_eq!(
        out,
        "h1:v1,h2:v2\tk\tv\nNO_HEADERS\tk2\t<null>\nh3:<null>\t<null>\tv3\n"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_produced_unchanged() {
    let t = topic(1);
    let input = [0xff, 0xfe, b'a', 0x80, b'\n', 0xc3, 0x28, b'\n'];
    produce_ok(&t, &[], &input);
    assert_eq!(consume_java(&t, 2, &[]), input);
}

#[test]
fn a_malformed_line_stops_with_javas_message_after_producing_the_earlier_lines() {
    let t = topic(1);
    let out = produce(
        &t,
        &["--reader-property", "parse.key=true"],
        b"k\tv\nbroken\nk2\tv2\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "kafka-console-producer: error: No key separator found on line number 2: 'broken'\n"
    );
    assert_eq!(consume_java(&t, 1, &["print.key=true"]), b"k\tv\n");
}

#[test]
fn an_oversized_record_is_reported_counted_and_fails_the_run() {
    let t = topic(1);
    let mut input = b"small\n".to_vec();
    input.extend(vec![b'x'; 2_000_000]);
    input.extend(b"\nsmall2\n");
    let out = produce(&t, &[], &input);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("line 2: record not sent: "), "{err}");
    assert!(err.contains("1 of 3 records were not delivered"), "{err}");
    assert_eq!(consume_java(&t, 2, &[]), b"small\nsmall2\n");
}

#[test]
fn json_input_sets_keys_headers_partitions_and_raw_bytes() {
    let t = topic(3);
    let input = concat!(
        r#"{"key":"k","value":"v","headers":[{"key":"h","value":"x"}],"partition":2}"#,
        "\n",
        r#"{"key":null,"value":{"base64":"/2E="},"partition":1}"#,
        "\n",
    );
    produce_ok(&t, &["--input-format", "json"], input.as_bytes());
    let out = consume_java(
        &t,
        2,
        &[
            "print.key=true",
            "print.partition=true",
            "print.headers=true",
        ],
    );
    let mut lines: Vec<&[u8]> = out
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        vec![
            &b"Partition:1\tNO_HEADERS\tnull\t\xffa"[..],
            &b"Partition:2\th:x\tk\tv"[..]
        ]
    );
}

/// The partition count of `topic` per the Java kafka-topics (`None`: no such topic).
fn partitions_of(bootstrap: &str, topic: &str) -> Option<usize> {
    let out = run(java("kafka-topics").args([
        "--bootstrap-server",
        bootstrap,
        "--describe",
        "--topic",
        topic,
    ]));
    let text = String::from_utf8_lossy(&out.stdout);
    let n = text
        .lines()
        .filter(|l| l.trim_start().starts_with("Topic:") && l.contains("Partition:"))
        .count();
    (out.status.success() && n > 0).then_some(n)
}

#[test]
fn a_missing_topic_is_created_by_a_broker_that_allows_it_like_java() {
    let bs = single_with_auto_create();
    let (mine, javas) = (unique("autoprod"), unique("autoprod-java"));
    let out = with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", &bs, "--topic", &mine]),
        b"hi\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = with_stdin(
        java("kafka-console-producer").args(["--bootstrap-server", &bs, "--topic", &javas]),
        b"hi\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The broker's num.partitions decides, the same for both.
    assert_eq!(partitions_of(&bs, &mine), partitions_of(&bs, &javas));
    assert!(partitions_of(&bs, &mine).is_some());
    assert_eq!(records_in(&bs, &mine), 1);
    assert_eq!(records_in(&bs, &javas), 1);
}

#[test]
fn a_missing_topic_the_broker_will_not_create_fails_fast() {
    let bs = three_without_auto_create();
    let name = unique("noprod");
    let started = std::time::Instant::now();
    fails(
        tool("kafka-console-producer").args(["--bootstrap-server", &bs, "--topic", &name]),
        1,
        &format!("topic '{name}' does not exist and the broker did not create it"),
    );
    // Java waits max.block.ms (60 s by default) for it; we give up after a short grace.
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let out = with_stdin(
        java("kafka-console-producer").args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &name,
            "--max-block-ms",
            "2000",
        ]),
        b"hi\n",
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not present in metadata"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(partitions_of(&bs, &name), None);
}

#[test]
fn java_option_rules() {
    fails(
        tool("kafka-console-producer").args(["--bootstrap-server", &single()]),
        1,
        "Missing required argument \"[topic]\"",
    );
    fails(
        tool("kafka-console-producer").args(["--bootstrap-server", "localhost", "--topic", "t"]),
        1,
        "Please provide valid host:port like host1:9091,host2:9092",
    );
    fails(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &single(),
            "--topic",
            "t",
            "--property",
            "a=b",
            "--reader-property",
            "c=d",
        ]),
        1,
        "Options --reader-property and --property cannot be specified together.",
    );
    let t = topic(1);
    let out = produce(&t, &["--property", "parse.key=false"], b"x\n");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Warning: --property is deprecated and will be removed in a future version. Use --reader-property instead.\n"
    );
}

#[test]
fn sigterm_while_piping_loses_nothing_that_was_accepted() {
    let t = topic(1);
    let mut child = tool("kafka-console-producer")
        .args([
            "--bootstrap-server",
            &single(),
            "--topic",
            &t,
            "--timeout",
            "5",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut i: u64 = 0;
        loop {
            i += 1;
            // Stops when the producer has exited (broken pipe).
            if writeln!(stdin, "line-{i:09}").is_err() {
                return;
            }
        }
    });
    // Well under way (startup is slow on a loaded machine), but far from the end of the input.
    wait_for("2,000 records in the topic", 60, || {
        records_in(&single(), &t) >= 2000
    });
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(143), "{err}");
    // "kafka-console-producer: stopped by SIGTERM: N records accepted, N delivered, 0 failed"
    let counts: Vec<u64> = err
        .trim()
        .rsplit(": ")
        .next()
        .unwrap()
        .split(", ")
        .map(|f| f.split(' ').next().unwrap().parse().unwrap())
        .collect();
    let (accepted, delivered, failed) = (counts[0], counts[1], counts[2]);
    assert!(
        err.starts_with("kafka-console-producer: stopped by SIGTERM: "),
        "{err}"
    );
    assert!(
        accepted > 1000,
        "too few records accepted to mean anything: {err}"
    );
    assert_eq!((delivered, failed), (accepted, 0), "{err}");
    // Exactly the first `accepted` lines, in order, nothing more.
    let offsets =
        ok(java("kafka-get-offsets").args(["--bootstrap-server", &single(), "--topic", &t]));
    assert_eq!(offsets.trim(), format!("{t}:0:{accepted}"));
    let n = usize::try_from(accepted).unwrap();
    let back = String::from_utf8(consume_java(&t, n, &[])).unwrap();
    let mut count = 0;
    for (i, line) in back.lines().enumerate() {
        assert_eq!(line, format!("line-{:09}", i + 1));
        count += 1;
    }
    assert_eq!(count, n);
}

#[test]
fn an_interactive_terminal_gets_javas_prompt() {
    let t = topic(1);
    let bin = env!("CARGO_BIN_EXE_kafka-console-producer");
    // `script` gives the producer a terminal for stdin and stdout, as a person at a shell has.
    let mut child = Command::new("script")
        .args([
            "-qfec",
            &format!("{bin} --bootstrap-server {} --topic {t}", single()),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // What the terminal shows, read as it comes: each line is typed only after its prompt is
    // on the screen (the terminal echoes typed input at once, prompt or not).
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = std::io::Read::read(&mut stdout, &mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let mut prompts = |n: usize| {
        wait_for(&format!("prompt {n}"), 60, || {
            while let Ok(chunk) = rx.try_recv() {
                seen.extend(chunk);
            }
            seen.iter().filter(|&&b| b == b'>').count() >= n
        });
    };
    prompts(1);
    stdin.write_all(b"one\n").unwrap();
    prompts(2);
    stdin.write_all(b"two\n").unwrap();
    prompts(3);
    stdin.write_all(b"\x04").unwrap();
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert!(status.success(), "{status:?}");
    seen.extend(rx.try_iter().flatten());
    let screen = String::from_utf8_lossy(&seen).replace('\r', "");
    assert_eq!(screen, ">one\n>two\n>", "terminal showed {screen:?}");
    assert_eq!(consume_java(&t, 2, &[]), b"one\ntwo\n");
}

#[test]
fn sync_with_piped_input_stops_on_the_first_sigterm() {
    let t = topic(1);
    let input: String = (1..=200_000).map(|i| format!("{i}\n")).collect();
    let mut child = tool("kafka-console-producer")
        .args(["--bootstrap-server", &single(), "--topic", &t, "--sync"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // All of it is written at once, so the reader thread has far more read than sent.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    wait_for("20 records in the topic", 60, || {
        records_in(&single(), &t) >= 20
    });
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    // It must end by itself, promptly (one record's acknowledgement), not keep sending.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() >= deadline {
            let _ = child.kill();
            panic!("--sync kept running 20 s after SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(143), "{err}");
    assert!(
        err.starts_with("kafka-console-producer: stopped by SIGTERM: "),
        "{err}"
    );
    // Nothing accepted is lost, and far from everything that was read was sent.
    let in_topic = records_in(&single(), &t);
    assert!(
        err.contains(&format!(
            "{in_topic} records accepted, {in_topic} delivered, 0 failed"
        )),
        "{in_topic} in the topic: {err}"
    );
    assert!(in_topic < 200_000, "{err}");
}

#[test]
fn end_of_input_flushes_at_once_whatever_the_linger() {
    // --timeout is linger.ms: a record at EOF must not wait for it (Java's close sends at once).
    let t = topic(1);
    let started = std::time::Instant::now();
    let out = produce(&t, &["--timeout", "60000"], b"hi\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "waited out the 60 s linger"
    );
    assert_eq!(records_in(&single(), &t), 1);
}
