//! Test support: run our binaries and the real Java tools against the test bed.
//!
//! The test bed (`scripts/kafka-testbed start`) exports its addresses through `KAFKA_BOOTSTRAP`
//! (single node), `KAFKA_BOOTSTRAP_3` (three brokers) and `KAFKA_BOOTSTRAP_39` (a Kafka 3.9.1
//! node); `scripts/test` sets them all.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// The single-node cluster's bootstrap address.
pub fn single() -> String {
    bootstrap("KAFKA_BOOTSTRAP")
}

/// The Kafka 3.9.1 single-node cluster's bootstrap address (the test bed's `old` cluster), for
/// version negotiation with a broker older than 4.x.
pub fn old() -> String {
    bootstrap("KAFKA_BOOTSTRAP_39")
}

/// The three-broker cluster's bootstrap addresses.
///
/// Tests that use it while all brokers must be up hold [`three_shared`]; a test that stops a
/// broker holds [`three_exclusive`].
pub fn three() -> String {
    bootstrap("KAFKA_BOOTSTRAP_3")
}

static THREE: RwLock<()> = RwLock::new(());

/// Shared use of the three-broker cluster (all brokers up).
pub fn three_shared() -> RwLockReadGuard<'static, ()> {
    THREE.read().unwrap_or_else(|e| e.into_inner())
}

/// Exclusive use of the three-broker cluster, to stop and restart brokers.
pub fn three_exclusive() -> RwLockWriteGuard<'static, ()> {
    THREE.write().unwrap_or_else(|e| e.into_inner())
}

/// `addrs` (`host:port,...`) moved by `KAFKA_TESTBED_PORT_OFFSET`, as the test bed moves every
/// port (for the listeners `scripts/kafka-testbed env` does not export, e.g. controllers).
pub fn on_bed(addrs: &str) -> String {
    addrs
        .split(',')
        .map(|a| {
            let (host, port) = a.rsplit_once(':').expect("host:port");
            format!("{host}:{}", bed_port(port.parse().expect("a port")))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A test bed port moved by `KAFKA_TESTBED_PORT_OFFSET`.
pub fn bed_port(port: u16) -> u16 {
    let offset: u16 = std::env::var("KAFKA_TESTBED_PORT_OFFSET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    port + offset
}

/// Held by the tests that start partition reassignments on the three-broker cluster under
/// `three_shared()`: `--execute` refuses while any reassignment of the cluster is in progress,
/// so two such tests must not overlap.
pub fn reassignments() -> std::sync::MutexGuard<'static, ()> {
    static REASSIGNMENTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
    REASSIGNMENTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `scripts/kafka-testbed <args>` (e.g. `stop-broker 2`) and asserts it succeeded.
pub fn testbed(args: &[&str]) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka-testbed");
    let out = Command::new(script)
        .args(args)
        .output()
        .expect("kafka-testbed runs");
    assert!(
        out.status.success(),
        "kafka-testbed {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn bootstrap(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: run the tests with scripts/test, or start the test bed \
             (scripts/kafka-testbed start) and eval \"$(scripts/kafka-testbed env)\""
        )
    })
}

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{nanos:x}-{n}", std::process::id())
}

/// Creates a topic named `<prefix>-<unique>` with our kafka-topics (plus `extra` arguments,
/// e.g. `--config k=v`) and returns its name.
pub fn create_topic(bootstrap: &str, prefix: &str, partitions: u32, extra: &[&str]) -> String {
    let name = unique(prefix);
    create_named_topic(bootstrap, &name, partitions, extra);
    name
}

/// Creates the topic `name` with our kafka-topics (plus `extra` arguments).
pub fn create_named_topic(bootstrap: &str, name: &str, partitions: u32, extra: &[&str]) {
    ok(tool("kafka-topics")
        .args(["--bootstrap-server", bootstrap, "--create", "--topic", name])
        .args(["--partitions", &partitions.to_string()])
        .args(extra));
    if bootstrap.contains(',') {
        await_replicas(bootstrap, name);
    }
}

/// Waits until every replica of `name` is in sync and has its log on its broker, as every
/// broker reports it: the controller answers CreateTopics before the brokers have acted on it,
/// and a test comparing two tools' views of a just-created topic must not race that.
pub fn await_replicas(bootstrap: &str, name: &str) {
    let json = |cmd: &mut Command| -> Option<serde_json::Value> {
        let out = run(cmd);
        if !out.status.success() {
            return None;
        }
        serde_json::from_slice(&out.stdout).ok()
    };
    wait_for(&format!("every replica of {name}"), 30, || {
        let Some(topics) = json(tool("kafka-topics").args([
            "--bootstrap-server",
            bootstrap,
            "--describe",
            "--topic",
            name,
            "--output",
            "json",
        ])) else {
            return false;
        };
        let Some(partitions) = topics["topics"][0]["partitions"].as_array() else {
            return false;
        };
        let in_sync = partitions
            .iter()
            .all(|p| p["replicas"].as_array().map(Vec::len) == p["isr"].as_array().map(Vec::len));
        let expected: usize = partitions
            .iter()
            .filter_map(|p| p["replicas"].as_array().map(Vec::len))
            .sum();
        let Some(dirs) = json(tool("kafka-log-dirs").args([
            "--bootstrap-server",
            bootstrap,
            "--describe",
            "--topic-list",
            name,
            "--output",
            "json",
        ])) else {
            return false;
        };
        let present = dirs["brokers"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|b| b["log_dirs"].as_array().into_iter().flatten())
            .flat_map(|d| d["partitions"].as_array().into_iter().flatten())
            .filter(|p| p["topic"] == name)
            .count();
        in_sync && expected > 0 && present == expected
    });
}

/// One of our binaries, with the environment cleared of our variables.
pub fn tool(name: &str) -> Command {
    let path = match name {
        "kafka-topics" => env!("CARGO_BIN_EXE_kafka-topics"),
        "kafka-console-producer" => env!("CARGO_BIN_EXE_kafka-console-producer"),
        "kafka-console-consumer" => env!("CARGO_BIN_EXE_kafka-console-consumer"),
        "kafka-verifiable-producer" => env!("CARGO_BIN_EXE_kafka-verifiable-producer"),
        "kafka-verifiable-consumer" => env!("CARGO_BIN_EXE_kafka-verifiable-consumer"),
        "kafka-verifiable-share-consumer" => {
            env!("CARGO_BIN_EXE_kafka-verifiable-share-consumer")
        }
        "kafka-producer-perf-test" => env!("CARGO_BIN_EXE_kafka-producer-perf-test"),
        "kafka-consumer-perf-test" => env!("CARGO_BIN_EXE_kafka-consumer-perf-test"),
        "kafka-e2e-latency" => env!("CARGO_BIN_EXE_kafka-e2e-latency"),
        "kafka-share-consumer-perf-test" => env!("CARGO_BIN_EXE_kafka-share-consumer-perf-test"),
        "kafka-consumer-groups" => env!("CARGO_BIN_EXE_kafka-consumer-groups"),
        "kafka-share-groups" => env!("CARGO_BIN_EXE_kafka-share-groups"),
        "kafka-replica-verification" => env!("CARGO_BIN_EXE_kafka-replica-verification"),
        "kafka-console-share-consumer" => env!("CARGO_BIN_EXE_kafka-console-share-consumer"),
        "kafka-streams-groups" => env!("CARGO_BIN_EXE_kafka-streams-groups"),
        "kafka-get-offsets" => env!("CARGO_BIN_EXE_kafka-get-offsets"),
        "kafka-configs" => env!("CARGO_BIN_EXE_kafka-configs"),
        "kafka-delete-records" => env!("CARGO_BIN_EXE_kafka-delete-records"),
        "kafka-leader-election" => env!("CARGO_BIN_EXE_kafka-leader-election"),
        "kafka-reassign-partitions" => env!("CARGO_BIN_EXE_kafka-reassign-partitions"),
        "kafka-dump-log" => env!("CARGO_BIN_EXE_kafka-dump-log"),
        "kafka-acls" => env!("CARGO_BIN_EXE_kafka-acls"),
        "kafka-transactions" => env!("CARGO_BIN_EXE_kafka-transactions"),
        "kafka-broker-api-versions" => env!("CARGO_BIN_EXE_kafka-broker-api-versions"),
        "kafka-cluster" => env!("CARGO_BIN_EXE_kafka-cluster"),
        "kafka-log-dirs" => env!("CARGO_BIN_EXE_kafka-log-dirs"),
        "kafka-streams-application-reset" => env!("CARGO_BIN_EXE_kafka-streams-application-reset"),
        "kafka-metadata-quorum" => env!("CARGO_BIN_EXE_kafka-metadata-quorum"),
        "kafka-features" => env!("CARGO_BIN_EXE_kafka-features"),
        "kafka-metadata-shell" => env!("CARGO_BIN_EXE_kafka-metadata-shell"),
        "kafka-client-metrics" => env!("CARGO_BIN_EXE_kafka-client-metrics"),
        "kafka-groups" => env!("CARGO_BIN_EXE_kafka-groups"),
        "kafka-storage" => env!("CARGO_BIN_EXE_kafka-storage"),
        "kafka-delegation-tokens" => env!("CARGO_BIN_EXE_kafka-delegation-tokens"),
        other => panic!("unknown tool {other}"),
    };
    let mut cmd = Command::new(path);
    cmd.env_remove("KAFKA_BOOTSTRAP_SERVERS");
    cmd.stdin(Stdio::null());
    cmd
}

/// The real Java tool from the test bed.
pub fn java(name: &str) -> Command {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/kafka-testbed");
    let mut cmd = Command::new(script);
    cmd.arg("java").arg(name);
    cmd.stdin(Stdio::null());
    cmd
}

/// Runs a command with `input` on its stdin and returns its output.
pub fn with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    // The tool may fail before reading its input; a broken pipe here is its business.
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().expect("command runs")
}

/// Polls `done` every 100 ms until it holds; panics naming `what` after `secs` seconds.
pub fn wait_for(what: &str, secs: u64, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "gave up after {secs} s waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The sum of the end offsets of `topic`'s partitions, per our kafka-get-offsets (0 on error).
pub fn records_in(bootstrap: &str, topic: &str) -> u64 {
    let out =
        run(tool("kafka-get-offsets").args(["--bootstrap-server", bootstrap, "--topic", topic]));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.rsplit(':').next()?.parse::<u64>().ok())
        .sum()
}

/// Runs a command that must end within `secs` seconds; kills it and panics if it does not (a
/// test of "it stops" must fail, not hang). Stdout and stderr are captured (keep them small).
pub fn run_within(secs: u64, cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while child.try_wait().expect("waiting").is_none() {
        if std::time::Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("killed command");
            panic!(
                "{cmd:?} was still running after {secs} s; stdout: {}; stderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("command ran")
}

/// Runs a command and returns its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("command runs")
}

/// Runs a command, asserts it succeeded, and returns its stdout.
pub fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed with {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 stdout")
}

/// Asserts a failure with exit status `code` and exactly one stderr line containing `needle`.
pub fn fails(cmd: &mut Command, code: i32, needle: &str) -> String {
    let out = run(cmd);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{cmd:?}: stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{cmd:?}: not one line: {stderr}");
    assert!(
        stderr.contains(needle),
        "{cmd:?}: {stderr:?} lacks {needle:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Whether the brokers of `bootstrap` create a missing topic on request
/// (`auto.create.topics.enable`, read from broker 1's configuration with our kafka-configs).
///
/// The test bed turns it on in the single-node cluster and off in the three-broker one; a
/// bed started by an older `scripts/kafka-testbed` has it on everywhere, and a test that needs
/// it off fails with what to do.
pub fn auto_create_enabled(bootstrap: &str) -> bool {
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        bootstrap,
        "--entity-type",
        "brokers",
        "--entity-name",
        "1",
        "--describe",
        "--all",
    ]));
    out.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("auto.create.topics.enable="))
        .map(|v| v.split_whitespace().next() == Some("true"))
        .unwrap_or_else(|| panic!("no auto.create.topics.enable in: {out}"))
}

/// The three-broker cluster's bootstrap, asserting that it does not create topics on request.
pub fn three_without_auto_create() -> String {
    let bs = three();
    assert!(
        !auto_create_enabled(&bs),
        "the three-broker cluster creates topics on request (auto.create.topics.enable=true): \
         it was started by an older scripts/kafka-testbed; restart it with \
         `scripts/kafka-testbed stop three && scripts/kafka-testbed start three`"
    );
    bs
}

/// The single-node cluster's bootstrap, asserting that it creates topics on request.
pub fn single_with_auto_create() -> String {
    let bs = single();
    assert!(
        auto_create_enabled(&bs),
        "the single-node cluster does not create topics on request (auto.create.topics.enable)"
    );
    bs
}

/// A free TCP port on 127.0.0.1 (the OS's pick; free when this returns).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// A Java Kafka 4.4 node a test starts on its own storage (outside the shared test bed), killed
/// when dropped (a failing test too). Its output goes to `<dir>/node.log`.
pub struct JavaNode {
    child: std::process::Child,
    /// The node's directory: `server.properties`, `node.log`, its data under `data/`.
    pub dir: PathBuf,
}

impl JavaNode {
    /// Writes `config` to `<dir>/server.properties` and starts the node (storage formatted
    /// already) with a small heap.
    pub fn start(dir: &std::path::Path, config: &str) -> JavaNode {
        std::fs::create_dir_all(dir).expect("node directory");
        let properties = dir.join("server.properties");
        std::fs::write(&properties, config).expect("node config");
        let log = std::fs::File::create(dir.join("node.log")).expect("node log");
        let child = java("kafka-run-class")
            .arg("kafka.Kafka")
            .arg(&properties)
            .env(
                "KAFKA_TESTBED_TOOLS_OPTS",
                "-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            )
            .stdout(log.try_clone().expect("node log"))
            .stderr(log)
            .spawn()
            .expect("the Java node starts");
        JavaNode {
            child,
            dir: dir.to_path_buf(),
        }
    }
}

impl Drop for JavaNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
