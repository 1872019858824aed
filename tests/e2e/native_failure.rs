//! The native protocol path when a broker stops answering in the middle of a request: frozen
//! (SIGSTOP: the connection stays open, nothing comes back) and then killed (SIGKILL while a
//! request waits on it). Either way the tool ends with one clear line within
//! `default.api.timeout.ms`, never a hang, and works again once the broker is back.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{ok, run_within, testbed, three, three_exclusive, tool, unique, wait_for};

/// Whether process `pid` has a TCP connection to 127.0.0.1:`port` (its socket inodes, looked up
/// in the kernel's connection table).
fn connected_to(pid: u32, port: u16) -> bool {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    let inodes: Vec<String> = fds
        .filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .filter_map(|link| {
            let link = link.to_string_lossy().into_owned();
            Some(
                link.strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .to_string(),
            )
        })
        .collect();
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let remote = format!("0100007F:{port:04X}");
    table.lines().skip(1).any(|line| {
        let cols: Vec<&str> = line.split_whitespace().collect();
        cols.len() > 9 && cols[2] == remote && inodes.iter().any(|i| i == cols[9])
    })
}

/// One line on stderr, exit 1, no panic, and the time it took within `limit`.
fn assert_one_line_failure(out: &std::process::Output, took: Duration, limit: Duration) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(took < limit, "took {took:?} (limit {limit:?}): {err}");
    err
}

#[test]
fn a_frozen_then_killed_broker_mid_request_fails_within_the_timeout() {
    let _exclusive = three_exclusive();
    let bs = three();
    let topic = unique("native-kill");
    // One partition, its only replica on broker 3 (port 19094).
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--create",
        "--topic",
        &topic,
        "--replica-assignment",
        "3",
    ]));
    let port: u16 = bs
        .split(',')
        .nth(2)
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .expect("the third broker's port");
    // ListOffsets -4 goes through the native path, to the partition's leader.
    let offsets = || {
        let mut cmd = tool("kafka-get-offsets");
        cmd.args([
            "--bootstrap-server",
            &bs,
            "--topic",
            &topic,
            "--time",
            "-4",
            "--command-property",
            "request.timeout.ms=2000",
            "--command-property",
            "default.api.timeout.ms=6000",
        ]);
        cmd
    };
    let expected = format!("{topic}:0:0\n");
    let mut last = String::new();
    wait_for("the new partition's leader to answer", 30, || {
        last = String::from_utf8_lossy(&offsets().output().unwrap().stdout).into_owned();
        last == expected
    });
    // The limit: the 6 s call timeout, plus start-up and a loaded 2-core CI machine.
    let limit = Duration::from_secs(20);

    /// Brings broker 3 back if the test fails while it is paused or killed.
    struct Restore;
    impl Drop for Restore {
        fn drop(&mut self) {
            if std::thread::panicking() {
                testbed(&["kill-broker", "3"]);
                testbed(&["start-broker", "3"]);
            }
        }
    }
    let _restore = Restore;
    // Killed while a request waits on it (frozen first, so that the request is in flight).
    testbed(&["pause-broker", "3"]);
    let start = Instant::now();
    let child = offsets()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    wait_for("the request to reach broker 3", 20, || {
        connected_to(pid, port)
    });
    testbed(&["kill-broker", "3"]);
    let out = child.wait_with_output().unwrap();
    let killed = assert_one_line_failure(&out, start.elapsed(), limit);
    testbed(&["start-broker", "3"]);
    let back = |last: &mut String| {
        wait_for("broker 3 to lead its partition again", 60, || {
            *last = String::from_utf8_lossy(&offsets().output().unwrap().stdout).into_owned();
            *last == expected
        });
    };
    back(&mut last);

    // Frozen for the whole call: every try times out, and the call ends at its deadline.
    testbed(&["pause-broker", "3"]);
    let start = Instant::now();
    let out = run_within(60, &mut offsets());
    let frozen = assert_one_line_failure(&out, start.elapsed(), limit);
    assert!(
        frozen.contains("ListOffsets") || frozen.contains("timed out"),
        "{frozen}"
    );
    testbed(&["resume-broker", "3"]);
    back(&mut last);
    eprintln!("frozen: {frozen}killed: {killed}");
}
