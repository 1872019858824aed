//! kafka-streams-groups against Java's StreamsGroupCommand on the single node, on a real
//! streams group: Java's WordCountDemo (`group.protocol=streams`) under a unique application
//! id. While it runs, both tools describe the group the same way; once it is stopped, our
//! reset gives the offsets Java then reads, and our delete-offsets and delete act as Java's.

use std::path::PathBuf;
use std::process::{Child, Command, Output};

use crate::support::{fails, java, ok, old, run, single, tool, unique, wait_for, with_stdin};

/// WordCountDemo's fixed input topic.
const INPUT: &str = "streams-plaintext-input";

/// A running WordCountDemo, killed when dropped (a failing test too).
struct StreamsApp {
    child: Child,
    dir: PathBuf,
}

impl StreamsApp {
    fn start(bs: &str, app_id: &str) -> StreamsApp {
        let dir = std::env::temp_dir().join(unique("streams-app"));
        std::fs::create_dir_all(dir.join("state")).expect("app directory");
        let props = dir.join("app.properties");
        std::fs::write(
            &props,
            format!(
                "group.protocol=streams\napplication.id={app_id}\nbootstrap.servers={bs}\n\
                 state.dir={}\ncommit.interval.ms=200\n",
                dir.join("state").display()
            ),
        )
        .expect("app properties");
        let log = std::fs::File::create(dir.join("app.log")).expect("app log");
        let child = java("kafka-run-class")
            .arg("org.apache.kafka.streams.examples.wordcount.WordCountDemo")
            .arg(&props)
            .env(
                "KAFKA_TESTBED_TOOLS_OPTS",
                "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            )
            .stdout(log.try_clone().expect("app log"))
            .stderr(log)
            .spawn()
            .expect("WordCountDemo starts");
        StreamsApp { child, dir }
    }

    /// Stops the application cleanly (its shutdown hook closes Kafka Streams, which leaves
    /// the group) and waits for it.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while self.child.try_wait().ok().flatten().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = self.child.kill();
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.child.wait();
    }
}

impl Drop for StreamsApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn ours(bs: &str, args: &[&str]) -> Output {
    run(tool("kafka-streams-groups")
        .args(["--bootstrap-server", bs])
        .args(args))
}

fn theirs(bs: &str, args: &[&str]) -> Output {
    run(java("kafka-streams-groups")
        .args(["--bootstrap-server", bs])
        .args(args))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts both tools print the same and exit the same; the group may still be moving
/// (commits, epochs), so a difference is retried for a while.
fn same(bs: &str, args: &[&str]) -> String {
    let mut last = (String::new(), String::new());
    for _ in 0..40 {
        let (a, b) = (ours(bs, args), theirs(bs, args));
        if stdout(&a) == stdout(&b) && a.status.code() == b.status.code() {
            return stdout(&a);
        }
        last = (stdout(&a), stdout(&b));
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!(
        "{args:?}: ours and Java's differ\n--- ours\n{}\n--- Java\n{}",
        last.0, last.1
    );
}

fn borrow(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn input_topic(bs: &str) {
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        bs,
        "--create",
        "--if-not-exists",
        "--topic",
        INPUT,
        "--partitions",
        "2",
    ]));
    let out = with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", bs, "--topic", INPUT]),
        b"hello world\nhello kafka streams\nall streams lead to kafka\n",
    );
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_streams_group_is_described_reset_and_deleted_as_java_does() {
    let bs = single();
    input_topic(&bs);
    let app = unique("sg-wordcount");
    let mut running = StreamsApp::start(&bs, &app);
    // Stable with a member, and every input partition with data processed (lag 0).
    wait_for("the streams group to be stable", 180, || {
        let out = stdout(&theirs(&bs, &["--describe", "--group", &app, "--state"]));
        out.lines()
            .any(|l| l.starts_with(&app) && l.contains(" Stable ") && !l.ends_with(" 0"))
    });
    wait_for("the application to commit its input", 120, || {
        let out = stdout(&ours(&bs, &["--describe", "--group", &app, "--verbose"]));
        let rows: Vec<&str> = out.lines().skip(1).collect();
        rows.len() >= 4 && rows.iter().all(|l| l.trim_end().ends_with(" 0"))
    });

    assert!(same(&bs, &["--list"]).lines().any(|l| l == app));
    assert!(same(&bs, &["--list", "--state"]).contains(&app));
    for view in [
        &[][..],
        &["--offsets"],
        &["--verbose"],
        &["--members"],
        &["--members", "--verbose"],
        &["--state"],
        &["--state", "--verbose"],
    ] {
        let mut args = vec!["--describe", "--group", &app];
        args.extend_from_slice(view);
        let out = same(&bs, &args);
        assert!(out.contains(&app), "{view:?}: {out}");
    }
    let all = same(&bs, &["--describe", "--all-groups", "--state"]);
    assert!(all.contains(&app), "{all}");
    // The broker has no topology description plugin: both fail the same way.
    same(&bs, &["--describe", "--group", &app, "--topology"]);
    // A reset of an active group is refused in Java's words.
    let refused = same(
        &bs,
        &[
            "--reset-offsets",
            "--group",
            &app,
            "--all-input-topics",
            "--to-earliest",
            "--dry-run",
        ],
    );
    assert!(refused.contains("is inactive, but the current state is"));
    // So is a deletion.
    let not_empty = same(&bs, &["--delete", "--group", &app]);
    assert!(not_empty.contains("GroupNotEmptyException"), "{not_empty}");

    running.stop();
    wait_for("the streams group to be empty", 120, || {
        stdout(&theirs(&bs, &["--list", "--state"]))
            .lines()
            .any(|l| l.starts_with(&app) && l.ends_with("Empty"))
    });
    // An empty group: Java prints only the state view.
    same(&bs, &["--describe", "--group", &app]);
    same(&bs, &["--describe", "--group", &app, "--members"]);
    same(&bs, &["--describe", "--group", &app, "--state"]);

    let reset = |target: &[&str], mode: &str| {
        let mut args = vec!["--reset-offsets", "--group", &app, "--all-input-topics"];
        args.extend_from_slice(target);
        args.push(mode);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    for target in [
        &["--to-earliest"][..],
        &["--to-latest"],
        &["--to-current"],
        &["--to-offset", "1"],
        &["--shift-by", "-1"],
        &["--by-duration", "PT1H"],
        &["--to-datetime", "2020-01-01T00:00:00.000"],
    ] {
        same(&bs, &borrow(&reset(target, "--dry-run")));
    }
    let mut export = reset(&["--to-earliest"], "--dry-run");
    export.push("--export".into());
    same(&bs, &borrow(&export));
    same(
        &bs,
        &[
            "--reset-offsets",
            "--group",
            &app,
            "--input-topic",
            &format!("{INPUT}:0,1"),
            "--to-offset",
            "1",
            "--dry-run",
        ],
    );

    // A plan exported by ours is read back by both.
    let mut exported = reset(&["--to-offset", "1"], "--dry-run");
    exported.push("--export".into());
    let csv = ours(&bs, &borrow(&exported));
    assert!(csv.status.success(), "{csv:?}");
    let file = std::env::temp_dir().join(format!("{app}.csv"));
    std::fs::write(&file, &csv.stdout).expect("plan file");
    let path = file.display().to_string();
    same(
        &bs,
        &[
            "--reset-offsets",
            "--group",
            &app,
            "--from-file",
            &path,
            "--dry-run",
        ],
    );
    let _ = std::fs::remove_file(&file);

    // Our reset: the plan Java's dry run shows, and afterwards the offsets Java reads.
    let plan = same(&bs, &borrow(&reset(&["--to-earliest"], "--dry-run")));
    let executed = ours(&bs, &borrow(&reset(&["--to-earliest"], "--execute")));
    assert!(executed.status.success(), "{executed:?}");
    assert_eq!(stdout(&executed), plan);
    let current = stdout(&theirs(
        &bs,
        &borrow(&reset(&["--to-current"], "--dry-run")),
    ));
    assert_eq!(current, plan);

    // Our delete-offsets: Java's lines, and the offsets are gone for Java.
    let deleted = ours(
        &bs,
        &["--delete-offsets", "--group", &app, "--input-topic", INPUT],
    );
    assert_eq!(
        stdout(&deleted),
        format!(
            "Request succeeded for deleting offsets from group {app}.\n\n\
             TOPIC                   PARTITION  STATUS         \n\
             {INPUT} 0          Successful     \n\
             {INPUT} 1          Successful     \n"
        )
    );
    let after = stdout(&theirs(
        &bs,
        &borrow(&reset(&["--to-current"], "--dry-run")),
    ));
    assert!(!after.contains(INPUT), "{after}");

    // Our delete, with the internal topics; Java no longer lists either.
    let out = ours(
        &bs,
        &["--delete", "--group", &app, "--delete-all-internal-topics"],
    );
    assert_eq!(
        stdout(&out),
        format!(
            "Deletion of requested streams groups ('{app}') was successful.\n\
             Deletion of associated internal topics of the streams groups ('{app}') was successful.\n"
        )
    );
    assert!(!stdout(&theirs(&bs, &["--list"])).lines().any(|l| l == app));
    let topics = ok(java("kafka-topics").args(["--bootstrap-server", &bs, "--list"]));
    assert!(
        !topics.lines().any(|t| t.starts_with(&format!("{app}-"))),
        "{topics}"
    );
}

#[test]
fn failures_are_javas_lines_and_exit_codes() {
    let bs = single();
    let group = unique("sg-missing");
    // An unknown group: Java's runtime failure on stdout, exit 1.
    for view in [&[][..], &["--members"], &["--state"]] {
        let mut args = vec!["--describe", "--group", &group];
        args.extend_from_slice(view);
        let out = same(&bs, &args);
        assert!(out.contains("GroupIdNotFoundException"), "{out}");
        assert_eq!(ours(&bs, &args).status.code(), Some(1));
    }
    let delete = same(&bs, &["--delete", "--group", &group]);
    assert!(delete.contains("does not exist or is not a streams group"));
    // Offsets of an unknown group: the broker's error per partition, or Java's wrapped failure.
    let input = "streams-plaintext-input";
    input_topic(&bs);
    let missing = same(
        &bs,
        &[
            "--delete-offsets",
            "--group",
            &group,
            "--input-topic",
            input,
        ],
    );
    assert!(
        missing.contains("Error: The group id does not exist."),
        "{missing}"
    );
    same(
        &bs,
        &["--delete-offsets", "--group", &group, "--all-input-topics"],
    );
    same(
        &bs,
        &[
            "--reset-offsets",
            "--group",
            &group,
            "--all-input-topics",
            "--to-earliest",
            "--dry-run",
        ],
    );
    same(
        &bs,
        &[
            "--reset-offsets",
            "--group",
            &group,
            "--input-topic",
            input,
            "--dry-run",
        ],
    );
    // Beyond Java: one JSON document, the failure as its error object.
    let doc: serde_json::Value =
        serde_json::from_slice(&ours(&bs, &["--list", "--state", "--output", "json"]).stdout)
            .expect("JSON");
    assert!(doc["groups"].is_array(), "{doc}");
    let out = ours(&bs, &["--describe", "--group", &group, "--output", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        doc["error"]
            .as_str()
            .is_some_and(|e| e.contains("GroupIdNotFoundException")),
        "{doc}"
    );
    // A broker without streams groups: a runtime failure, exit 1, as Java.
    let old_bs = old();
    let args = ["--describe", "--group", group.as_str()];
    let out = ours(&old_bs, &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("does not support StreamsGroupDescribe"),
        "{out:?}"
    );
    assert_eq!(theirs(&old_bs, &args).status.code(), Some(1));
    // Usage errors: one line on stderr, Java's first line and exit code.
    for (args, needle) in [
        (
            &["--describe"][..],
            "Option [describe] takes one of these options: [all-groups], [group]",
        ),
        (
            &["--describe", "--group", "g", "--members", "--state"],
            "Option [describe] takes at most one of these options",
        ),
        (
            &["--list", "--group", "g"],
            "Option \"[group]\" can't be used with option \"[list]\"",
        ),
        (
            &[
                "--reset-offsets",
                "--group",
                "g",
                "--all-input-topics",
                "--to-earliest",
            ],
            "Option [reset-offsets] takes the option: [execute] or [dry-run]",
        ),
        (
            &["--delete-offsets", "--group", "g"],
            "Option [delete-offsets] takes the [group] and one of these options",
        ),
        (&[], "Command must include exactly one action"),
    ] {
        let line = fails(
            tool("kafka-streams-groups")
                .args(["--bootstrap-server", &bs])
                .args(args),
            1,
            needle,
        );
        let java_out = theirs(&bs, args);
        assert_eq!(java_out.status.code(), Some(1), "{args:?}");
        let java_first = String::from_utf8_lossy(&java_out.stderr)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            line.contains(&java_first),
            "{args:?}: {line} vs {java_first}"
        );
    }
}
