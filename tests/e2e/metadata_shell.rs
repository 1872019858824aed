//! kafka-metadata-shell on a copy of the single-node broker's `__cluster_metadata` log segment.
//!
//! Kafka 4.4's `kafka-shell` jar is not on Maven Central, so the test bed has no Java metadata
//! shell; `KAFKA_METADATA_SHELL_JAVA` may name a launcher of one (e.g. the 4.x shell sources
//! compiled against the test bed's jars), and then every command is compared with it line for
//! line. Without it the tests check the image against what the cluster says.

use std::path::PathBuf;
use std::process::Command;

use crate::support::*;

/// A copy of the single-node broker's metadata log (the broker keeps writing the original), two
/// directories deep in a fresh temp dir (Java's shell locks the grandparent if it has a `.lock`).
fn copied_log() -> String {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(".testbed/data/single/1/__cluster_metadata-0/00000000000000000000.log");
    let dir = std::env::temp_dir()
        .join(unique("mdshell"))
        .join("__cluster_metadata-0");
    std::fs::create_dir_all(&dir).unwrap();
    let to = dir.join("00000000000000000000.log");
    std::fs::copy(&from, &to).unwrap();
    to.display().to_string()
}

fn shell(log: &str, words: &[&str]) -> String {
    ok(tool("kafka-metadata-shell")
        .args(["--snapshot", log])
        .args(words))
}

fn java_shell() -> Option<Command> {
    let launcher = std::env::var("KAFKA_METADATA_SHELL_JAVA").ok()?;
    let mut cmd = Command::new(launcher);
    cmd.stdin(std::process::Stdio::null());
    Some(cmd)
}

/// A topic created on the single node, and a copy of the metadata log that holds it.
fn topic_and_log() -> (String, String) {
    let bootstrap = single();
    let topic = create_topic(
        &bootstrap,
        "mdshell",
        3,
        &["--config", "retention.ms=123456"],
    );
    let mut log = String::new();
    wait_for("the topic in the metadata log", 30, || {
        log = copied_log();
        shell(&log, &["ls", "/image/topics/byName"])
            .lines()
            .any(|l| l == topic)
    });
    (topic, log)
}

#[test]
fn the_image_holds_what_the_cluster_says() {
    let (topic, log) = topic_and_log();
    let bootstrap = single();
    let described = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bootstrap,
        "--describe",
        "--topic",
        &topic,
    ]));
    let id = described
        .split_whitespace()
        .skip_while(|w| *w != "TopicId:")
        .nth(1)
        .unwrap()
        .to_string();
    let base = format!("/image/topics/byName/{topic}");
    assert_eq!(
        shell(&log, &["cat", &format!("{base}/id")]),
        format!("{id}\n")
    );
    assert_eq!(shell(&log, &["ls", &base]), "0\n1\n2\nid\nname\n");
    let partition = shell(&log, &["cat", &format!("/image/topics/byId/{id}/2")]);
    assert!(
        partition.starts_with("PartitionRegistration(replicas=[1], directories=["),
        "{partition}"
    );
    assert!(partition.contains(", isr=[1], ") && partition.contains(", leader=1, "));
    assert_eq!(
        shell(
            &log,
            &["cat", &format!("/image/configs/TOPIC:{topic}/retention.ms")]
        ),
        "123456\n"
    );
    let broker = shell(&log, &["cat", "/image/cluster/brokers/1"]);
    assert!(
        broker.starts_with("BrokerRegistration(id=1, epoch="),
        "{broker}"
    );
    assert!(
        broker.contains(&format!(
            "host='127.0.0.1', port={})",
            crate::support::bed_port(9092)
        )),
        "{broker}"
    );
    assert_eq!(
        shell(&log, &["cat", "/image/features/metadataVersion"]),
        "Optional[4.4-IV2]\n"
    );
    let tree = shell(&log, &["tree", &base]);
    assert!(
        tree.starts_with("0:\n  PartitionRegistration(replicas=[1]"),
        "{tree}"
    );
    assert!(tree.ends_with(&format!("name:\n  {topic}\n")), "{tree}");
    let find = shell(&log, &["find", &base]);
    assert_eq!(
        find.lines().collect::<Vec<_>>(),
        [
            base.clone(),
            format!("{base}/0"),
            format!("{base}/1"),
            format!("{base}/2"),
            format!("{base}/id"),
            format!("{base}/name")
        ]
    );
    // Globs, and the messages of missing paths (on stdout, exit 0, as Java).
    assert_eq!(
        shell(
            &log,
            &["ls", &format!("/image/topics/byName/{topic}/{{1,id}}")]
        ),
        "1\nid\n"
    );
    assert_eq!(
        shell(&log, &["cat", "/image/nope"]),
        "cat: /image/nope: No such file or directory.\n"
    );
    assert_eq!(
        shell(&log, &["pwd"]),
        "invalid choice: 'pwd' (choose from 'cat', 'find', 'ls', 'tree')\n"
    );
    // --output json: one document.
    let json: serde_json::Value = serde_json::from_str(&ok(tool("kafka-metadata-shell").args([
        "--snapshot",
        &log,
        "--output",
        "json",
        "tree",
        &base,
    ])))
    .unwrap();
    assert_eq!(json["results"][0]["tree"]["name"], topic.as_str());
}

#[test]
fn commands_print_as_javas_shell() {
    if java_shell().is_none() {
        eprintln!("KAFKA_METADATA_SHELL_JAVA not set: no Java metadata shell to compare with");
        return;
    }
    let (topic, log) = topic_and_log();
    let base = format!("/image/topics/byName/{topic}");
    let commands: Vec<Vec<String>> = [
        vec!["ls", "/"],
        vec!["ls", "/image"],
        vec![
            "ls",
            "/image/cluster/brokers",
            "/image/features",
            "/local/version",
        ],
        vec!["ls", "/image/topics/byName/*"],
        vec!["cat", &format!("{base}/0")],
        vec![
            "cat",
            "/image/cluster/brokers/1",
            "/image/cluster/controllers/1",
        ],
        vec![
            "cat",
            "/image/features/metadataVersion",
            "/image/features/*",
        ],
        vec![
            "cat",
            "/image/provenance",
            "/image/producerIds/nextProducerId",
        ],
        vec!["cat", "/image/nope", "/image"],
        vec!["tree", &base],
        vec!["tree", "/image/configs", "/image/scram", "/image/acls"],
        vec!["find", "/image/cluster", "/image/features"],
        vec!["find", "/image/configs"],
        vec!["pwd"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    // Java's shell starts once the first batch is applied (`waitUntilCaughtUp` waits for an
    // offset above 0), so on a long log it may answer from a partly loaded image: a command
    // is compared with up to three runs of Java, one of which must print what ours prints.
    for words in commands {
        let ours = run(tool("kafka-metadata-shell")
            .args(["--snapshot", &log])
            .args(&words));
        let o = String::from_utf8_lossy(&ours.stdout).into_owned();
        let mut javas = Vec::new();
        for _ in 0..3 {
            let java = run(java_shell()
                .unwrap()
                .args(["--snapshot", &log])
                .args(&words));
            assert_eq!(java.status.code(), ours.status.code(), "{words:?}");
            let j = String::from_utf8_lossy(&java.stdout).into_owned();
            if j == o {
                break;
            }
            javas.push(j);
        }
        assert!(
            javas.len() < 3,
            "{words:?}: ours:\n{o}\nJava's:\n{}",
            javas[0]
        );
    }
    // The shell reading commands from a pipe.
    let input = b"cd /image/features\npwd\nls\nhistory 2\nman cat\nfoo\n";
    let ours = with_stdin(
        tool("kafka-metadata-shell").args(["--snapshot", &log]),
        input,
    );
    let o = String::from_utf8_lossy(&ours.stdout).into_owned();
    let same = (0..3).any(|_| {
        let java = with_stdin(java_shell().unwrap().args(["--snapshot", &log]), input);
        String::from_utf8_lossy(&java.stdout) == o
    });
    assert!(same, "the piped shell differs from Java's; ours:\n{o}");
}

#[test]
fn bad_files_fail_in_one_line() {
    let dir = std::env::temp_dir().join(unique("mdshell-bad"));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("none.log").display().to_string();
    fails(
        tool("kafka-metadata-shell").args(["--snapshot", &missing, "ls"]),
        1,
        &missing,
    );
    let junk = dir.join("junk.log");
    std::fs::write(&junk, b"this is not a kafka log segment at all, just text").unwrap();
    let junk = junk.display().to_string();
    fails(
        tool("kafka-metadata-shell").args(["--snapshot", &junk, "ls"]),
        1,
        &format!("{junk}: at position 0"),
    );
    // A log cut in the middle of a batch after the first: the batches before it load.
    let log = copied_log();
    let bytes = std::fs::read(&log).unwrap();
    let cut = dir.join("cut.log");
    std::fs::write(&cut, &bytes[..bytes.len().min(300)]).unwrap();
    let out = run(tool("kafka-metadata-shell").args([
        "--snapshot",
        &cut.display().to_string(),
        "ls",
        "/",
    ]));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    // A flipped byte inside the first batch: its CRC no longer matches.
    let mut corrupt = bytes.clone();
    corrupt[70] ^= 0xff;
    let bad = dir.join("corrupt.log");
    std::fs::write(&bad, &corrupt).unwrap();
    let bad = bad.display().to_string();
    fails(
        tool("kafka-metadata-shell").args(["--snapshot", &bad, "ls"]),
        1,
        "at position 0",
    );
    fails(
        tool("kafka-metadata-shell").args(["ls"]),
        1,
        "You must specify either a raft manager or a snapshot file reader.",
    );
}
