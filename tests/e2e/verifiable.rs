//! The verifiable producer and consumer: event streams compared with the Java tools, and the
//! delivery guarantee checked across a broker restart.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{
    create_topic, java, ok, run, single, testbed, three, three_exclusive, tool, unique,
};

fn topic(bootstrap: &str, partitions: u32, extra: &[&str]) -> String {
    create_topic(bootstrap, "verify", partitions, extra)
}

/// The JSON events of a run (non-JSON lines skipped, as kafkatest does).
fn events(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .collect()
}

/// An event without the fields that legitimately differ between two runs.
fn comparable(e: &Value) -> Value {
    let mut e = e.clone();
    if let Some(o) = e.as_object_mut() {
        for field in ["timestamp", "avg_throughput"] {
            o.remove(field);
        }
    }
    e
}

fn field_names(e: &Value) -> Vec<String> {
    e.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn producer_events_match_java_field_by_field() {
    let bs = single();
    let args = [
        "--max-messages",
        "30",
        "--repeating-keys",
        "4",
        "--value-prefix",
        "9",
        "--acks",
        "-1",
    ];
    let ours_topic = topic(&bs, 2, &[]);
    let java_topic = topic(&bs, 2, &[]);
    let ours = events(&ok(tool("kafka-verifiable-producer")
        .args(["--bootstrap-server", &bs, "--topic", &ours_topic])
        .args(args)));
    let theirs = events(&ok(java("kafka-verifiable-producer")
        .args(["--bootstrap-server", &bs, "--topic", &java_topic])
        .args(args)));
    assert_eq!(ours.len(), theirs.len(), "{ours:?}\n{theirs:?}");
    let names = |v: &[Value]| {
        v.iter()
            .map(|e| e["name"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&ours), names(&theirs));
    // Same fields in the same order for each kind of event.
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(field_names(a), field_names(b), "{a} vs {b}");
    }
    // Same records: (key, value, partition, offset) as sets (delivery order may differ).
    let records = |v: &[Value]| -> BTreeSet<String> {
        v.iter()
            .filter(|e| e["name"] == "producer_send_success")
            .map(|e| {
                format!(
                    "{}|{}|{}|{}",
                    e["key"], e["value"], e["partition"], e["offset"]
                )
            })
            .collect()
    };
    assert_eq!(records(&ours), records(&theirs));
    let tool_data = |v: &[Value]| comparable(v.last().unwrap());
    assert_eq!(tool_data(&ours), tool_data(&theirs));
}

#[test]
fn consumer_events_match_java_field_by_field() {
    let bs = single();
    let t = topic(&bs, 2, &[]);
    ok(tool("kafka-verifiable-producer").args([
        "--bootstrap-server",
        &bs,
        "--topic",
        &t,
        "--max-messages",
        "40",
        "--repeating-keys",
        "5",
    ]));
    let run_one = |cmd: &mut Command| {
        let group = unique("vgroup");
        events(&ok(cmd.args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &t,
            "--group-id",
            &group,
            "--max-messages",
            "40",
            "--verbose",
        ])))
    };
    let ours = run_one(&mut tool("kafka-verifiable-consumer"));
    let theirs = run_one(&mut java("kafka-verifiable-consumer"));
    for stream in [&ours, &theirs] {
        assert_eq!(stream.first().unwrap()["name"], "startup_complete");
        let tail: Vec<&str> = stream
            .iter()
            .rev()
            .take(2)
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(tail, ["shutdown_requested", "shutdown_complete"]);
    }
    let by_name = |v: &[Value], name: &str| -> Vec<Value> {
        v.iter().filter(|e| e["name"] == name).cloned().collect()
    };
    for name in [
        "partitions_assigned",
        "record_data",
        "records_consumed",
        "offsets_committed",
        "partitions_revoked",
    ] {
        let (a, b) = (by_name(&ours, name), by_name(&theirs, name));
        assert!(
            !a.is_empty() && !b.is_empty(),
            "{name}: ours {a:?} java {b:?}"
        );
        assert_eq!(field_names(&a[0]), field_names(&b[0]), "{name}");
    }
    let records = |v: &[Value]| -> BTreeSet<String> {
        by_name(v, "record_data")
            .iter()
            .map(|e| {
                format!(
                    "{}|{}|{}|{}",
                    e["key"], e["value"], e["partition"], e["offset"]
                )
            })
            .collect()
    };
    assert_eq!(records(&ours).len(), 40);
    assert_eq!(records(&ours), records(&theirs));
    let final_commits = |v: &[Value]| -> BTreeMap<i64, i64> {
        by_name(v, "offsets_committed")
            .iter()
            .flat_map(|e| e["offsets"].as_array().unwrap().clone())
            .map(|o| {
                (
                    o["partition"].as_i64().unwrap(),
                    o["offset"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(final_commits(&ours), final_commits(&theirs));
}

#[test]
fn sigterm_finishes_in_flight_work_and_prints_the_closing_events() {
    let bs = single();
    let t = topic(&bs, 1, &[]);
    let mut child = tool("kafka-verifiable-producer")
        .args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &t,
            "--throughput",
            "200",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Signal once 150 sends are acknowledged (startup is slow on a loaded machine).
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    let mut acks = 0;
    while acks < 150 {
        let mut line = String::new();
        let n = std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
        assert!(n > 0, "the producer ended early: {text}");
        acks += usize::from(line.contains(r#""name":"producer_send_success""#));
        text.push_str(&line);
    }
    let started = std::time::Instant::now();
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    std::io::Read::read_to_string(&mut stdout, &mut text).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "SIGTERM took {:?}",
        started.elapsed()
    );
    let ev = events(&text);
    let names: Vec<&str> = ev.iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(
        &names[names.len() - 2..],
        ["shutdown_complete", "tool_data"]
    );
    let data = ev.last().unwrap();
    let acked = ev
        .iter()
        .filter(|e| e["name"] == "producer_send_success")
        .count() as u64;
    assert_eq!(data["acked"].as_u64(), Some(acked));
    assert_eq!(
        data["sent"], data["acked"],
        "every send was acknowledged before exit: {data}"
    );
    assert!(acked >= 150, "{acked}");
    // 150 acks at 200/s take 0.75 s; 1,000 would take 5 s.
    assert!(acked < 1000, "throttling holds the rate: {acked}");
}

#[test]
fn nothing_acked_is_lost_or_duplicated_across_broker_restarts() {
    let _three = three_exclusive();
    let bs = three();
    let t = topic(
        &bs,
        3,
        &[
            "--replication-factor",
            "3",
            "--config",
            "min.insync.replicas=2",
        ],
    );
    let total = 200_000;
    let mut producer = tool("kafka-verifiable-producer")
        .args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &t,
            "--max-messages",
            &total.to_string(),
            "--throughput",
            "25000",
            "--acks",
            "-1",
        ])
        .args([
            "--command-property",
            "enable.idempotence=true",
            "--command-property",
            "retries=2147483647",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Read stdout while it runs (200,000 events overflow a pipe).
    let mut stdout = producer.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    std::thread::sleep(Duration::from_secs(3));
    testbed(&["stop-broker", "2"]);
    testbed(&["start-broker", "2"]);
    assert!(producer.wait().unwrap().success());
    let produced = events(&reader.join().unwrap().unwrap());
    let acked: BTreeSet<String> = produced
        .iter()
        .filter(|e| e["name"] == "producer_send_success")
        .map(|e| e["value"].as_str().unwrap().to_string())
        .collect();
    let failed = produced
        .iter()
        .filter(|e| e["name"] == "producer_send_error")
        .count();
    eprintln!("acked {} of {total}, {failed} sends failed", acked.len());
    assert!(
        acked.len() > total / 2,
        "most sends are acknowledged: {}",
        acked.len()
    );

    // How many records the topic holds (acked, plus any failed send that was written anyway).
    let offsets = ok(java("kafka-get-offsets").args(["--bootstrap-server", &bs, "--topic", &t]));
    let in_topic: u64 = offsets
        .lines()
        .filter_map(|l| l.rsplit(':').next()?.parse::<u64>().ok())
        .sum();

    // Read it all with a group while another broker restarts.
    let group = unique("vlost");
    let mut consumer = tool("kafka-verifiable-consumer")
        .args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &t,
            "--group-id",
            &group,
            "--max-messages",
            &in_topic.to_string(),
            "--verbose",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = consumer.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    std::thread::sleep(Duration::from_secs(2));
    testbed(&["stop-broker", "3"]);
    testbed(&["start-broker", "3"]);
    assert!(consumer.wait().unwrap().success());
    let text = reader.join().unwrap().unwrap();
    let consumed = events(&text);
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    let mut offsets_by_partition: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for e in consumed.iter().filter(|e| e["name"] == "record_data") {
        *seen
            .entry(e["value"].as_str().unwrap().to_string())
            .or_default() += 1;
        offsets_by_partition
            .entry(e["partition"].as_i64().unwrap())
            .or_default()
            .push(e["offset"].as_i64().unwrap());
    }
    for value in &acked {
        assert_eq!(
            seen.get(value),
            Some(&1),
            "acked value {value} consumed {:?} times",
            seen.get(value)
        );
    }
    assert!(
        seen.values().all(|n| *n == 1),
        "a record was consumed twice"
    );
    // No committed offset skips a record: each commit is one past a consumed offset, and the
    // consumed offsets of a partition are contiguous from 0.
    for offsets in offsets_by_partition.values_mut() {
        offsets.sort_unstable();
        for (i, o) in offsets.iter().enumerate() {
            assert_eq!(*o, i as i64, "gap in consumed offsets");
        }
    }
    for e in consumed
        .iter()
        .filter(|e| e["name"] == "offsets_committed" && e["success"] == true)
    {
        for o in e["offsets"].as_array().unwrap() {
            let p = o["partition"].as_i64().unwrap();
            let committed = o["offset"].as_i64().unwrap();
            let consumed_max = offsets_by_partition
                .get(&p)
                .map_or(-1, |v| *v.last().unwrap());
            assert!(
                committed <= consumed_max + 1,
                "commit {committed} of partition {p} skips past {consumed_max}"
            );
        }
    }
    let _ = run(java("kafka-topics").args(["--bootstrap-server", &bs, "--delete", "--topic", &t]));
}
