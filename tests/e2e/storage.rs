//! kafka-storage side by side with Java's: the lookups, what `format` writes (formatted by
//! each tool in turn into the same directories, so that Java's HashMap order of them is the
//! same), `info`, the errors, and a Java Kafka 4.4 node started on storage ours formatted.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::support::*;

const CLUSTER_ID: &str = "Ms0Ot-Y8Qz6gjO1xk7A-Xw";

/// In the random values of a format: blank the record sizes and positions too.
const SIZES: &str = "<sizes>";

/// A fresh directory under the system temp dir.
fn temp_root(prefix: &str) -> PathBuf {
    let root = std::env::temp_dir().join(unique(prefix));
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// Writes a server.properties into `root` with `log.dirs` under it and `extra` lines.
fn config(root: &Path, roles: &str, node: i32, dirs: &[&str], extra: &str) -> PathBuf {
    let dirs: Vec<String> = dirs
        .iter()
        .map(|d| root.join(d).display().to_string())
        .collect();
    let text = format!(
        "process.roles={roles}\nnode.id={node}\ncontroller.listener.names=CONTROLLER\n\
         log.dirs={}\n{extra}",
        dirs.join(",")
    );
    let path = root.join("server.properties");
    std::fs::write(&path, text).unwrap();
    path
}

/// Every file under `root` but the config, with its contents made comparable: meta.properties
/// without its date line and directory.id, a checkpoint as our dump-log decodes it with the
/// times, CRCs and `masked` strings blanked.
fn written(root: &Path, masked: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let content = if name.ends_with("meta.properties") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut lines = text.lines();
                assert_eq!(lines.next(), Some("#"), "{name}: {text}");
                assert!(lines.next().unwrap().starts_with('#'), "{name}: {text}");
                lines
                    .map(|l| {
                        if l.starts_with("directory.id=") {
                            "directory.id=<id>".to_string()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else if name.ends_with(".checkpoint") {
                let mode = std::os::unix::fs::PermissionsExt::mode(
                    &std::fs::metadata(&path).unwrap().permissions(),
                );
                let dump = ok(tool("kafka-dump-log").args([
                    "--cluster-metadata-decoder",
                    "--files",
                    path.to_str().unwrap(),
                ]));
                format!("mode {:o}\n{}", mode & 0o777, mask(&dump, masked))
            } else if name.ends_with("server.properties") {
                continue;
            } else {
                format!("{} bytes", std::fs::metadata(&path).unwrap().len())
            };
            out.push((name, content));
        }
    }
    out.sort();
    out
}

/// `text` with the values that differ between two formats blanked.
fn mask(text: &str, masked: &[&str]) -> String {
    let time = regex::Regex::new(r"(CreateTime: |crc: |lastContainedLogTimestamp.:)\d+").unwrap();
    let mut text = time.replace_all(text, "${1}<n>").into_owned();
    if masked.contains(&SIZES) {
        // A random SCRAM salt is 25 or 26 characters long (a 130-bit number in base 36).
        let sizes = regex::Regex::new(r"(valueSize: |size: |position: )\d+").unwrap();
        text = sizes.replace_all(&text, "${1}<n>").into_owned();
    }
    for m in masked {
        text = text.replace(m, "<masked>");
    }
    text
}

/// Formats with Java's tool, keeps what it wrote, clears it, formats with ours, and asserts
/// the same stdout (masked), exit status and files. `random` lists regexes of random values
/// (salts, voter directory ids) to blank.
fn format_both(root: &Path, args: &[&str], random: &[&str]) {
    let clear = || {
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let _ = std::process::Command::new("chmod")
                    .args(["-R", "u+w"])
                    .arg(&path)
                    .status();
                std::fs::remove_dir_all(&path).unwrap();
            }
        }
    };
    clear();
    let java_out = run(java("kafka-storage").args(args));
    let java_values = random_values(&String::from_utf8_lossy(&java_out.stdout), root, random);
    let java_files = written(
        root,
        &java_values.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    clear();
    let ours = run(tool("kafka-storage").args(args));
    let our_values = random_values(&String::from_utf8_lossy(&ours.stdout), root, random);
    let our_files = written(
        root,
        &our_values.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(
        ours.status.code(),
        java_out.status.code(),
        "{args:?}: ours {}, Java {}",
        String::from_utf8_lossy(&ours.stderr),
        String::from_utf8_lossy(&java_out.stderr)
    );
    let masked_out = |out: &std::process::Output, values: &[String]| {
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        for v in values {
            text = text.replace(v.as_str(), "<masked>");
        }
        text
    };
    assert_eq!(
        masked_out(&ours, &our_values),
        masked_out(&java_out, &java_values),
        "{args:?}"
    );
    assert_eq!(our_files, java_files, "{args:?}");
    assert!(!our_files.is_empty());
}

/// The random values of a format run: what the regexes match in its stdout and its files.
fn random_values(stdout: &str, root: &Path, random: &[&str]) -> Vec<String> {
    let mut text = stdout.to_string();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "checkpoint") {
                text.push_str(&ok(tool("kafka-dump-log").args([
                    "--cluster-metadata-decoder",
                    "--files",
                    path.to_str().unwrap(),
                ])));
            }
        }
    }
    let mut values = Vec::new();
    for r in random {
        if *r == SIZES {
            values.push(SIZES.to_string());
            continue;
        }
        let re = regex::Regex::new(r).unwrap();
        for c in re.captures_iter(&text) {
            values.push(c[1].to_string());
        }
    }
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    values
}

#[test]
fn lookups_match_java() {
    let cases: &[&[&str]] = &[
        &["version-mapping"],
        &["version-mapping", "--release-version", "3.9"],
        &["version-mapping", "-r", "4.5-IV0"],
        &["version-mapping", "-r", "2.8"],
        &[
            "feature-dependencies",
            "--feature",
            "eligible.leader.replicas.version=1",
            "-f",
            "metadata.version=22",
            "-f",
            " group.version = 1 ",
        ],
        &["feature-dependencies", "-f", "group.version"],
        &["feature-dependencies", "-f", "group.version=x"],
        &["feature-dependencies", "-f", "metadata.version=99"],
        &["feature-dependencies", "-f", "group.version=5"],
        &["feature-dependencies", "-f", "foo.version=1"],
    ];
    for args in cases {
        let j = run(java("kafka-storage").args(*args));
        let o = run(tool("kafka-storage").args(*args));
        assert_eq!(o.status.code(), j.status.code(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&j.stdout),
            "{args:?}"
        );
        let java_err = String::from_utf8_lossy(&j.stderr);
        if let Some(message) = java_err.lines().next() {
            let ours = String::from_utf8_lossy(&o.stderr);
            assert!(ours.contains(message), "{args:?}: {ours} lacks {message}");
        }
    }
    // No subcommand: a usage error, exit 1 (Java: "too few arguments").
    fails(&mut tool("kafka-storage"), 1, "too few arguments");
    let uuid = ok(tool("kafka-storage").arg("random-uuid"));
    assert_eq!(uuid.trim().len(), 22, "{uuid}");
    let json: serde_json::Value = serde_json::from_str(&ok(tool("kafka-storage").args([
        "version-mapping",
        "--output",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["release_version"], "4.4-IV2");
    let json: serde_json::Value = serde_json::from_str(&ok(tool("kafka-storage").args([
        "random-uuid",
        "--output",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["uuid"].as_str().unwrap().len(), 22);
}

#[test]
fn format_writes_what_java_writes() {
    // A static quorum, two log directories and a separate metadata directory.
    let root = temp_root("storage-static");
    let cfg = config(
        &root,
        "broker,controller",
        1,
        &["b", "a"],
        &format!(
            "controller.quorum.voters=1@localhost:39993\nlisteners=PLAINTEXT://localhost:39992,CONTROLLER://localhost:39993\nmetadata.log.dir={}\n",
            root.join("meta").display()
        ),
    );
    let cfg = cfg.to_str().unwrap();
    format_both(&root, &["format", "-c", cfg, "-t", CLUSTER_ID], &[]);
    format_both(
        &root,
        &[
            "format",
            "-c",
            cfg,
            "-t",
            CLUSTER_ID,
            "--release-version",
            "3.9-IV0",
            "--feature",
            "group.version=1",
        ],
        &[],
    );
    format_both(
        &root,
        &[
            "format",
            "-c",
            cfg,
            "--cluster-id",
            CLUSTER_ID,
            "-f",
            "metadata.version=24",
            "-f",
            "transaction.version=1",
        ],
        &[],
    );

    // A dynamic quorum: --standalone with SCRAM users (one salted here, one given salted).
    let root = temp_root("storage-dynamic");
    let cfg = config(
        &root,
        "broker,controller",
        1,
        &["d1", "d2"],
        "controller.quorum.bootstrap.servers=localhost:39993\nlisteners=PLAINTEXT://localhost:39992,CONTROLLER://localhost:39993\n",
    );
    let cfg = cfg.to_str().unwrap();
    let salted = [
        SIZES,
        r"voterDirectoryId.:.([A-Za-z0-9_-]{22})",
        r"(?s)name.:.alice.,.mechanism.:1,.salt.:.([^\x22]+)",
        r"(?s)name.:.alice.*?storedKey.:.([^\x22]+)",
        r"(?s)name.:.alice.*?serverKey.:.([^\x22]+)",
        r"name='alice', mechanism=1, salt=(\[[-0-9, ]+\])",
        r"name='alice'.*?storedKey=(\[[-0-9, ]+\])",
        r"name='alice'.*?serverKey=(\[[-0-9, ]+\])",
    ];
    format_both(
        &root,
        &[
            "format",
            "-c",
            cfg,
            "-t",
            CLUSTER_ID,
            "--standalone",
            "--add-scram",
            "SCRAM-SHA-256=[name=alice,password=alice-secret]",
            "-S",
            r#"SCRAM-SHA-512=[name=bob,iterations=8192,salt="N3E=",saltedpassword="YCE="]"#,
        ],
        &salted,
    );
    format_both(&root, &["format", "-c", cfg, "-t", CLUSTER_ID, "-N"], &[]);
    format_both(
        &root,
        &[
            "format",
            "-c",
            cfg,
            "-t",
            CLUSTER_ID,
            "--initial-controllers",
            "1@localhost:39993:JEXY6aqzQY-32P5TStzaFg,2@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,0@[::1]:8082:07R5amHmR32VDA6jHkGbTA",
        ],
        &[],
    );
    format_both(
        &root,
        &[
            "format",
            "-c",
            cfg,
            "-t",
            CLUSTER_ID,
            "-I",
            "2@example.com:8083:MvDxzVmcRsaTz33bUuRU6A",
        ],
        &[],
    );

    // A broker: no snapshot.
    let root = temp_root("storage-broker");
    let cfg = config(
        &root,
        "broker",
        7,
        &["x"],
        "controller.quorum.bootstrap.servers=localhost:39993\nlisteners=PLAINTEXT://localhost:39992\n",
    );
    format_both(
        &root,
        &["format", "-c", cfg.to_str().unwrap(), "-t", CLUSTER_ID],
        &[],
    );
}

#[test]
fn info_and_formatted_directories_match_java() {
    let root = temp_root("storage-info");
    let cfg = config(
        &root,
        "broker",
        7,
        &["x", "y"],
        "controller.quorum.bootstrap.servers=localhost:39993\nlisteners=PLAINTEXT://localhost:39992\n",
    );
    let cfg = cfg.to_str().unwrap();
    let same = |args: &[&str]| {
        let j = run(java("kafka-storage").args(args));
        let o = run(tool("kafka-storage").args(args));
        assert_eq!(o.status.code(), j.status.code(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&j.stdout),
            "{args:?}"
        );
        (
            String::from_utf8_lossy(&j.stderr).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // Nothing there yet: two problems, exit 1.
    same(&["info", "-c", cfg]);
    std::fs::create_dir_all(root.join("y")).unwrap();
    same(&["info", "-c", cfg]);
    ok(tool("kafka-storage").args(["format", "-c", cfg, "-t", CLUSTER_ID]));
    same(&["info", "-c", cfg]);
    // Already formatted: the error, then --ignore-formatted.
    let (j, o) = same(&["format", "-c", cfg, "-t", CLUSTER_ID]);
    assert!(o.contains(j.trim()), "{o} lacks {j}");
    same(&["format", "-c", cfg, "-t", CLUSTER_ID, "--ignore-formatted"]);
    let json: serde_json::Value = serde_json::from_str(&ok(
        tool("kafka-storage").args(["info", "-c", cfg, "--output", "json"])
    ))
    .unwrap();
    assert_eq!(json["metadata"]["cluster.id"], CLUSTER_ID);
    assert_eq!(json["directories"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_gets_javas_message_and_status() {
    let root = temp_root("storage-bad");
    let static_cfg = config(
        &root,
        "broker,controller",
        1,
        &["s"],
        "controller.quorum.voters=1@localhost:39993\nlisteners=PLAINTEXT://localhost:39992,CONTROLLER://localhost:39993\n",
    );
    let s = static_cfg.to_str().unwrap().to_string();
    let dynamic = root.join("dynamic");
    std::fs::create_dir_all(&dynamic).unwrap();
    let dynamic_cfg = config(
        &dynamic,
        "broker,controller",
        1,
        &["d"],
        "controller.quorum.bootstrap.servers=localhost:39993\nlisteners=PLAINTEXT://localhost:39992,CONTROLLER://localhost:39993\n",
    );
    let d = dynamic_cfg.to_str().unwrap().to_string();
    let broker = root.join("broker");
    std::fs::create_dir_all(&broker).unwrap();
    let broker_cfg = config(
        &broker,
        "broker",
        2,
        &["b"],
        "controller.quorum.bootstrap.servers=localhost:39993\nlisteners=PLAINTEXT://localhost:39992\n",
    );
    let b = broker_cfg.to_str().unwrap().to_string();
    let missing = root.join("nope.properties").display().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["format", "-c", &s, "-t", CLUSTER_ID, "-r", "2.8"],
        vec!["format", "-c", &s, "-t", CLUSTER_ID, "-r", "4.5-IV0"],
        vec![
            "format",
            "-c",
            &s,
            "-t",
            CLUSTER_ID,
            "-f",
            "group.version=7",
        ],
        vec!["format", "-c", &s, "-t", CLUSTER_ID, "-f", "foo.version=1"],
        vec![
            "format",
            "-c",
            &s,
            "-t",
            CLUSTER_ID,
            "-f",
            "metadata.version=20",
            "-r",
            "3.9",
        ],
        vec![
            "format",
            "-c",
            &s,
            "-t",
            CLUSTER_ID,
            "-f",
            "kraft.version=1",
        ],
        vec!["format", "-c", &s, "-t", CLUSTER_ID, "--standalone"],
        vec!["format", "-c", &d, "-t", CLUSTER_ID],
        vec![
            "format",
            "-c",
            &d,
            "-t",
            CLUSTER_ID,
            "-N",
            "-f",
            "kraft.version=0",
        ],
        vec![
            "format",
            "-c",
            &d,
            "-t",
            CLUSTER_ID,
            "-N",
            "-r",
            "3.9",
            "-f",
            "eligible.leader.replicas.version=1",
        ],
        vec![
            "format",
            "-c",
            &d,
            "-t",
            CLUSTER_ID,
            "-N",
            "-r",
            "3.4",
            "-S",
            "SCRAM-SHA-256=[name=a,password=b]",
        ],
        vec![
            "format",
            "-c",
            &d,
            "-t",
            CLUSTER_ID,
            "-N",
            "-S",
            "SCRAM-SHA-1=[name=a,password=b]",
        ],
        vec![
            "format",
            "-c",
            &d,
            "-t",
            CLUSTER_ID,
            "-I",
            "1@localhost:39093",
        ],
        vec!["format", "-c", &b, "-t", CLUSTER_ID, "--standalone"],
        vec!["format", "-c", &missing, "-t", CLUSTER_ID],
    ];
    for args in cases {
        let j = run(java("kafka-storage").args(&args));
        let java_err = String::from_utf8_lossy(&j.stderr);
        let first = java_err.lines().next().unwrap_or_default();
        // Java prints an uncaught exception's class before its message.
        let message = first.rsplit_once("Exception: ").map_or(first, |(_, m)| m);
        let message = if message.contains("nope.properties") {
            "nope.properties"
        } else {
            message
        };
        assert_eq!(j.status.code(), Some(1), "{args:?}: {java_err}");
        fails(tool("kafka-storage").args(&args), 1, message);
        let out = run(tool("kafka-storage").args(&args).args(["--output", "json"]));
        assert_eq!(out.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(json["error"].as_str().unwrap().contains(message), "{json}");
    }
    // Nothing was written by any of them.
    assert!(!root.join("s").exists() && !dynamic.join("d").exists() && !broker.join("b").exists());
}

/// One Java Kafka node at a time (they are large).
static NODE: Mutex<()> = Mutex::new(());

/// Two free ports in the 39000s (outside the test bed's ranges).
fn free_ports() -> (u16, u16) {
    let free = |p: u16| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok();
    let start = 39100 + (std::process::id() % 400) as u16 * 2;
    (start..39900)
        .step_by(2)
        .find(|p| free(*p) && free(*p + 1))
        .map(|p| (p, p + 1))
        .expect("free ports")
}

/// Formats a combined node with `formatter` (ours or Java's), starts Java Kafka on it, and
/// returns what our kafka-metadata-quorum and kafka-features say about it (stable lines).
fn start_and_describe(formatter: Command, name: &str) -> (Vec<String>, Vec<String>) {
    let root = temp_root(name);
    let (broker, controller) = free_ports();
    let cfg = config(
        &root,
        "broker,controller",
        1,
        &["data"],
        &format!(
            "controller.quorum.bootstrap.servers=127.0.0.1:{controller}\n\
             listeners=PLAINTEXT://127.0.0.1:{broker},CONTROLLER://127.0.0.1:{controller}\n\
             advertised.listeners=PLAINTEXT://127.0.0.1:{broker},CONTROLLER://127.0.0.1:{controller}\n\
             listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n\
             inter.broker.listener.name=PLAINTEXT\n\
             offsets.topic.replication.factor=1\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n\
             share.coordinator.state.topic.replication.factor=1\n\
             share.coordinator.state.topic.min.isr=1\n\
             group.initial.rebalance.delay.ms=0\n"
        ),
    );
    let cfg = cfg.to_str().unwrap().to_string();
    let mut formatter = formatter;
    ok(formatter.args(["format", "-c", &cfg, "-t", CLUSTER_ID, "--standalone"]));
    let _node = JavaNode::start(&root.join("node"), &std::fs::read_to_string(&cfg).unwrap());
    let bootstrap = format!("127.0.0.1:{broker}");
    let controllers = format!("127.0.0.1:{controller}");
    let mut status = String::new();
    wait_for("the node to serve the quorum status", 120, || {
        let out = run(tool("kafka-metadata-quorum").args([
            "--bootstrap-controller",
            &controllers,
            "describe",
            "--status",
        ]));
        status = String::from_utf8_lossy(&out.stdout).into_owned();
        out.status.success()
            && status
                .lines()
                .any(|l| l.starts_with("LeaderId:") && l.trim_end().ends_with(" 1"))
    });
    let mut features = String::new();
    wait_for("the broker to describe the features", 120, || {
        let out = run(tool("kafka-features").args(["--bootstrap-server", &bootstrap, "describe"]));
        features = String::from_utf8_lossy(&out.stdout).into_owned();
        out.status.success() && features.contains("metadata.version")
    });
    let stable_status: Vec<String> = status
        .lines()
        .filter(|l| {
            ["ClusterId", "LeaderId", "CurrentVoters", "CurrentObservers"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| {
            regex::Regex::new(r#""directoryId": *"[^"]+""#)
                .unwrap()
                .replace_all(l, "\"directoryId\":\"<id>\"")
                .replace(&controller.to_string(), "<port>")
        })
        .collect();
    let stable_features: Vec<String> = features
        .lines()
        .map(|l| {
            regex::Regex::new(r"Epoch: +\d+")
                .unwrap()
                .replace(l, "Epoch: <n>")
                .into_owned()
        })
        .collect();
    assert!(stable_status.len() >= 3, "{status}");
    // The voter is this node with the directory id formatted into its metadata directory.
    let meta = std::fs::read_to_string(root.join("data/meta.properties")).unwrap();
    let dir_id = meta
        .lines()
        .find_map(|l| l.strip_prefix("directory.id="))
        .unwrap();
    assert!(status.contains(dir_id), "{status} lacks {dir_id}");
    (stable_status, stable_features)
}

#[test]
fn a_java_node_starts_on_storage_ours_formatted_as_on_javas() {
    let _one = NODE.lock().unwrap_or_else(|e| e.into_inner());
    let ours = start_and_describe(tool("kafka-storage"), "storage-node-ours");
    let javas = start_and_describe(java("kafka-storage"), "storage-node-java");
    assert_eq!(ours.0, javas.0);
    assert_eq!(ours.1, javas.1);
    assert!(
        ours.1
            .iter()
            .any(|l| l.contains("kraft.version") && l.contains("FinalizedVersionLevel: 1")),
        "{:?}",
        ours.1
    );
}
