//! kafka-metadata-quorum against the test bed, side by side with the real Java tool.

use crate::support::{fails, java, ok, old, run, single, three, three_shared, tool, unique};

/// The single node's KRaft controller listener.
static SINGLE_CONTROLLER: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| crate::support::on_bed("127.0.0.1:9093"));
/// The three-node cluster's KRaft controllers (static quorum, `controller.quorum.voters`).
static THREE_CONTROLLERS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::support::on_bed("127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194")
});

/// The status block with the values that move between two runs (offsets, lag) blanked.
fn stable_status(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let (key, value) = line.split_once(':').unwrap();
            match key {
                "HighWatermark" | "MaxFollowerLag" | "MaxFollowerLagTimeMs" => {
                    assert!(value.trim().parse::<i64>().is_ok(), "{line}");
                    format!("{key}: <n>")
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

/// The replication table's stable columns (NodeId, DirectoryId, Status) per row, and whether
/// every row has Java's shape (cells padded to the column and ended by a tab).
fn stable_rows(text: &str) -> Vec<String> {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("NodeId\tDirectoryId           \tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus"), "{header}");
    let widths: Vec<usize> = header.split('\t').map(str::len).collect();
    lines
        .map(|line| {
            assert!(line.ends_with('\t'), "{line:?}");
            let cells: Vec<&str> = line.split('\t').collect();
            for (cell, width) in cells.iter().zip(&widths) {
                assert_eq!(cell.len(), *width, "{line:?}");
            }
            format!(
                "{} {} {}",
                cells[0].trim(),
                cells[1].trim(),
                cells[6].trim()
            )
        })
        .collect()
}

#[test]
fn describe_status_matches_java_on_every_cluster() {
    let _guard = three_shared();
    let cases = [
        ("--bootstrap-server", single()),
        (
            "--bootstrap-controller",
            SINGLE_CONTROLLER.as_str().to_string(),
        ),
        ("--bootstrap-server", three()),
        (
            "--bootstrap-controller",
            THREE_CONTROLLERS.as_str().to_string(),
        ),
        ("--bootstrap-server", old()),
    ];
    for (option, address) in &cases {
        let args = [*option, address.as_str(), "describe", "--status"];
        let ours = ok(tool("kafka-metadata-quorum").args(args));
        let theirs = ok(java("kafka-metadata-quorum").args(args));
        assert_eq!(stable_status(&ours), stable_status(&theirs), "{args:?}");
        assert!(ours.starts_with("ClusterId:              "), "{ours}");
        assert!(
            ours.contains("\"endpoints\": [\"CONTROLLER://127.0.0.1:"),
            "{ours}"
        );
    }
    let three_status = ok(tool("kafka-metadata-quorum").args([
        "--bootstrap-server",
        &three(),
        "--output",
        "json",
        "describe",
        "--status",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&three_status).unwrap();
    assert_eq!(doc["current_voters"].as_array().unwrap().len(), 3, "{doc}");
    assert!(doc["current_voters"][0]["directory_id"].is_null(), "{doc}");
}

#[test]
fn describe_replication_matches_java() {
    let _guard = three_shared();
    for (option, address) in [
        ("--bootstrap-server", single()),
        (
            "--bootstrap-controller",
            THREE_CONTROLLERS.as_str().to_string(),
        ),
        ("--bootstrap-server", old()),
    ] {
        for human in [false, true] {
            let mut args = vec![option, address.as_str(), "describe", "--replication"];
            if human {
                args.push("--human-readable");
            }
            let ours = ok(tool("kafka-metadata-quorum").args(&args));
            let theirs = ok(java("kafka-metadata-quorum").args(&args));
            assert_eq!(stable_rows(&ours), stable_rows(&theirs), "{args:?}");
            let first = ours.lines().nth(1).unwrap();
            if human {
                assert!(first.contains(" ms ago"), "{first}");
            } else {
                assert!(!first.contains(" ms ago"), "{first}");
            }
        }
    }
    let json = ok(tool("kafka-metadata-quorum").args([
        "--bootstrap-controller",
        THREE_CONTROLLERS.as_str(),
        "describe",
        "--replication",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let statuses: Vec<&str> = doc["replicas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["Leader", "Follower", "Follower"], "{json}");
}

/// Runs both tools and asserts the same status, the same stdout, and that our one stderr line
/// carries Java's first stderr line (Java adds a stack trace).
fn same_failure(args: &[&str]) -> String {
    // A quorum that just changed leader (another test restarted a node) answers
    // NotLeaderOrFollower / NotController for a moment: try again until both tools get the
    // settled answer.
    let transient = |o: &std::process::Output| {
        let e = String::from_utf8_lossy(&o.stderr);
        e.contains("NotLeaderOrFollowerException") || e.contains("NotControllerException")
    };
    let (mut ours, mut theirs) = (None, None);
    crate::support::wait_for("a settled quorum's answer from both tools", 60, || {
        let o = run(tool("kafka-metadata-quorum").args(args));
        let t = run(java("kafka-metadata-quorum").args(args));
        let settled = !transient(&o) && !transient(&t);
        (ours, theirs) = (Some(o), Some(t));
        settled
    });
    let (ours, theirs) = (ours.unwrap(), theirs.unwrap());
    assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
    assert_eq!(ours.stdout, theirs.stdout, "{args:?}");
    let java_stderr = String::from_utf8_lossy(&theirs.stderr).into_owned();
    let java_first = java_stderr.lines().next().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&ours.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(java_first),
        "{stderr:?} lacks Java's {java_first:?}"
    );
    stderr
}

#[test]
fn controller_changes_fail_on_the_static_quorum_as_java_does() {
    let _guard = three_shared();
    // The controller's own properties, as an operator would pass them (node.id, log.dirs with
    // its meta.properties, the controller listener).
    let config =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".testbed/config/three-1.properties");
    let config = config.to_str().unwrap();
    let dry = ok(tool("kafka-metadata-quorum").args([
        "--bootstrap-server",
        &three(),
        "--command-config",
        config,
        "add-controller",
        "--dry-run",
    ]));
    let java_dry = ok(java("kafka-metadata-quorum").args([
        "--bootstrap-server",
        &three(),
        "--command-config",
        config,
        "add-controller",
        "--dry-run",
    ]));
    assert_eq!(dry, java_dry);
    assert!(
        dry.starts_with("DRY RUN of adding controller 1 with directory id "),
        "{dry}"
    );
    let brokers = three();
    for connection in [
        ["--bootstrap-server", brokers.as_str()],
        ["--bootstrap-controller", THREE_CONTROLLERS.as_str()],
    ] {
        let mut args = connection.to_vec();
        args.extend(["--command-config", config, "add-controller"]);
        let stderr = same_failure(&args);
        assert!(stderr.contains("org.apache.kafka.common.errors.UnsupportedVersionException: Cluster doesn't support adding voter because the kraft.version feature is 0"), "{stderr}");
        let mut args = connection.to_vec();
        args.extend([
            "remove-controller",
            "-i",
            "3",
            "-d",
            "AAAAAAAAAAAAAAAAAAAAAA",
        ]);
        let stderr = same_failure(&args);
        assert!(
            stderr.contains(
                "InvalidRequestException: Remove voter request didn't include a valid voter"
            ),
            "{stderr}"
        );
        args.push("--unregister");
        same_failure(&args);
    }
    // Dry runs print and change nothing.
    let args = [
        "--bootstrap-controller",
        THREE_CONTROLLERS.as_str(),
        "remove-controller",
        "--controller-id",
        "3",
        "--controller-directory-id",
        "AAAAAAAAAAAAAAAAAAAAAA",
        "--dry-run",
        "--unregister",
    ];
    let ours = ok(tool("kafka-metadata-quorum").args(args));
    assert_eq!(ours, ok(java("kafka-metadata-quorum").args(args)));
    assert_eq!(ours, "DRY RUN of removing KRaft controller 3 with directory id AAAAAAAAAAAAAAAAAAAAAA\nDRY RUN of unregistering KRaft controller 3\n");
    // JSON: one document for the failure.
    let out = run(tool("kafka-metadata-quorum").args([
        "--bootstrap-controller",
        THREE_CONTROLLERS.as_str(),
        "--output",
        "json",
        "remove-controller",
        "-i",
        "3",
        "-d",
        "AAAAAAAAAAAAAAAAAAAAAA",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"]
            .as_str()
            .unwrap()
            .contains("InvalidRequestException"),
        "{doc}"
    );
}

#[test]
fn usage_errors_are_javas() {
    let bs = single();
    let name = unique("quorum-missing");
    let missing = format!("/tmp/{name}.properties");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "too few arguments"),
        (vec!["describe", "--status"], "one of the arguments --bootstrap-server --bootstrap-controller is required"),
        (vec!["--bootstrap-server", &bs, "--bootstrap-controller", SINGLE_CONTROLLER.as_str(), "describe", "--status"], "argument --bootstrap-controller: not allowed with argument --bootstrap-server"),
        (vec!["--bootstrap-server", &bs, "describe"], "One of --status or --replication must be specified with describe sub-command"),
        (vec!["--bootstrap-server", &bs, "describe", "--status", "--replication"], "Only one of --status or --replication should be specified with describe sub-command"),
        (vec!["--bootstrap-server", &bs, "describe", "--status", "--human-readable"], "The option --human-readable is only supported along with --replication"),
        (vec!["--bootstrap-server", &bs, "add-controller"], "You must supply the configuration file of the controller you are adding when using add-controller."),
        (vec!["--bootstrap-server", &bs, "--command-config", &missing, "add-controller"], "does not exist."),
        (vec!["--bootstrap-server", &bs, "remove-controller", "-i", "1"], "argument --controller-directory-id/-d is required"),
        (vec!["--bootstrap-server", &bs, "remove-controller", "-i", "-3", "-d", "xyz"], "Invalid negative --controller-id: -3"),
        (vec!["--bootstrap-server", &bs, "remove-controller", "-i", "3", "-d", "xyz"], "Failed to parse --controller-directory-id: Input string `xyz` decoded as 2 bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID"),
    ];
    for (args, message) in cases {
        fails(tool("kafka-metadata-quorum").args(&args), 1, message);
        let theirs = run(java("kafka-metadata-quorum").args(&args));
        assert_eq!(theirs.status.code(), Some(1), "{args:?}");
        // argparse wraps its message (even inside an option name): compare without blanks.
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let java_err = squeeze(&String::from_utf8_lossy(&theirs.stderr));
        let wanted = squeeze(message);
        assert!(
            java_err.contains(&wanted),
            "{args:?}: Java said {java_err:?}"
        );
    }
}

/// A KRaft quorum of its own with dynamic voters (`kraft.version` 1): controller 1 formatted
/// `--standalone`, controller 2 formatted `--no-initial-controllers`, each a Java 4.4 node
/// started by the test. Ours adds controller 2 as a voter, then removes and unregisters it;
/// Java's tools see the same quorum.
#[test]
fn controllers_are_added_removed_and_unregistered_on_a_dynamic_quorum() {
    use crate::support::{free_port, wait_for, JavaNode};
    let root = std::env::temp_dir().join(unique("dynamic-quorum"));
    let ports = [free_port(), free_port()];
    let bootstrap = format!("127.0.0.1:{}", ports[0]);
    let cluster_id = ok(java("kafka-storage").arg("random-uuid"))
        .trim()
        .to_string();
    let config = |n: usize| {
        format!(
            "process.roles=controller\nnode.id={n}\ncontroller.listener.names=CONTROLLER\n\
             listeners=CONTROLLER://127.0.0.1:{}\nlistener.security.protocol.map=CONTROLLER:PLAINTEXT\n\
             controller.quorum.bootstrap.servers={bootstrap}\nlog.dirs={}\n",
            ports[n - 1],
            root.join(format!("n{n}/data")).display()
        )
    };
    let mut nodes = Vec::new();
    for (n, how) in [(1, "--standalone"), (2, "--no-initial-controllers")] {
        let dir = root.join(format!("n{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let properties = dir.join("format.properties");
        std::fs::write(&properties, config(n)).unwrap();
        ok(java("kafka-storage").args([
            "format",
            "--config",
            &properties.to_string_lossy(),
            "--cluster-id",
            &cluster_id,
            how,
        ]));
        nodes.push(JavaNode::start(&dir, &config(n)));
    }
    let quorum = |args: &[&str]| {
        let mut cmd = tool("kafka-metadata-quorum");
        cmd.args(["--bootstrap-controller", &bootstrap]).args(args);
        run(&mut cmd)
    };
    let status = || -> serde_json::Value {
        let out = quorum(&["describe", "--status", "--output", "json"]);
        serde_json::from_slice(&out.stdout).unwrap_or_default()
    };
    let ids = |doc: &serde_json::Value, key: &str| -> Vec<i64> {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["id"].as_i64())
            .collect()
    };
    wait_for("controller 2 to observe the quorum", 120, || {
        ids(&status(), "current_observers") == [2]
    });
    let directory = std::fs::read_to_string(root.join("n2/data/meta.properties"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("directory.id=").map(str::to_string))
        .unwrap();

    let config_2 = nodes[1].dir.join("server.properties");
    let out = quorum(&[
        "--command-config",
        &config_2.to_string_lossy(),
        "add-controller",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "Added controller 2 with directory id {directory} and endpoints: CONTROLLER://127.0.0.1:{}\n",
            ports[1]
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for("controller 2 to be a voter", 60, || {
        ids(&status(), "current_voters") == [1, 2]
    });
    let args = [
        "--bootstrap-controller",
        bootstrap.as_str(),
        "describe",
        "--status",
    ];
    assert_eq!(
        stable_status(&ok(tool("kafka-metadata-quorum").args(args))),
        stable_status(&ok(java("kafka-metadata-quorum").args(args)))
    );

    let out = quorum(&[
        "remove-controller",
        "-i",
        "2",
        "-d",
        &directory,
        "--unregister",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "Removed KRaft controller 2 with directory id {directory}\nUnregistered KRaft controller 2\n"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for("controller 2 to be an observer again", 60, || {
        let doc = status();
        ids(&doc, "current_voters") == [1]
    });
    // With controller 2 gone it cannot register again: unregistering it now fails in the
    // same words with both tools (ours may still find its last registration first).
    drop(nodes.pop());
    let unregister = [
        "unregister-controller",
        "-C",
        bootstrap.as_str(),
        "--id",
        "2",
    ];
    let _ = run(tool("kafka-cluster").args(unregister));
    let theirs = run(java("kafka-cluster").args(unregister));
    let stderr = String::from_utf8_lossy(&theirs.stderr);
    let expected = stderr
        .lines()
        .find(|l| l.starts_with("org.apache.kafka.common.errors."))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        expected.contains("ControllerIdNotRegisteredException"),
        "{expected}"
    );
    fails(tool("kafka-cluster").args(unregister), 1, expected);
    drop(nodes);
    let _ = std::fs::remove_dir_all(&root);
}
