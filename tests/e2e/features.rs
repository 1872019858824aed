//! kafka-features against the test bed, side by side with the real Java tool. Only dry runs
//! and changes to the level already finalized: the clusters are shared.

use crate::support::{
    fails, java, ok, old, run, single, three, three_exclusive, three_shared, tool,
};

/// The three-node cluster's KRaft controllers.
static THREE_CONTROLLERS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::support::on_bed("127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194")
});

/// describe's lines with the epoch (the metadata offset, which moves) blanked.
fn without_epoch(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let (head, epoch) = line.rsplit_once("Epoch: ").unwrap();
            assert!(epoch == "-" || epoch.parse::<i64>().is_ok(), "{line}");
            format!("{head}Epoch: <n>")
        })
        .collect()
}

#[test]
fn describe_matches_java_on_every_cluster() {
    let _guard = three_shared();
    let cases: Vec<Vec<String>> = vec![
        vec!["--bootstrap-server".into(), single(), "describe".into()],
        vec![
            "--bootstrap-server".into(),
            three(),
            "describe".into(),
            "--node-id".into(),
            "2".into(),
        ],
        vec![
            "--bootstrap-controller".into(),
            THREE_CONTROLLERS.as_str().into(),
            "describe".into(),
        ],
        vec!["--bootstrap-server".into(), old(), "describe".into()],
    ];
    for args in cases {
        let ours = ok(tool("kafka-features").args(&args));
        let theirs = ok(java("kafka-features").args(&args));
        assert_eq!(without_epoch(&ours), without_epoch(&theirs), "{args:?}");
        assert!(
            ours.contains(
                "Feature: metadata.version                          SupportedMinVersion: "
            ),
            "{ours}"
        );
    }
    // The 3.9 node supports metadata.version from level 1, which 4.4 does not name.
    let ours = ok(tool("kafka-features").args(["--bootstrap-server", &old(), "describe"]));
    assert!(ours.contains("SupportedMinVersion: UNKNOWN 1 "), "{ours}");
    let json = ok(tool("kafka-features").args([
        "--bootstrap-server",
        &single(),
        "describe",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mv = doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["feature"] == "metadata.version")
        .unwrap();
    assert_eq!(mv["finalized_version_level"], 33, "{json}");
}

#[test]
fn dry_runs_match_java() {
    let _guard = three_shared();
    let bs = single();
    // Errors name the controller that answered; with several controllers it can differ.
    let local = regex::Regex::new(r"Local controller \d+").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["upgrade", "--feature", "group.version=1", "--dry-run"],
        vec!["upgrade", "--release-version", "4.4-IV2", "--dry-run"],
        vec!["upgrade", "--metadata", "4.4-IV2", "--dry-run"],
        vec!["downgrade", "--feature", "group.version=0", "--dry-run"],
        vec![
            "downgrade",
            "--feature",
            "group.version=0",
            "--unsafe",
            "--dry-run",
        ],
        vec!["disable", "--feature", "share.version", "--dry-run"],
        // Failures: one line per feature on stdout, the count on stderr, exit 1.
        vec!["downgrade", "--release-version", "4.0-IV3", "--dry-run"],
        vec!["upgrade", "--release-version", "4.5-IV0", "--dry-run"],
        vec!["upgrade", "--feature", "group.version=5", "--dry-run"],
        vec!["upgrade", "--feature", "nope.version=1", "--dry-run"],
        vec!["disable", "--feature", "nope.version", "--dry-run"],
    ];
    for case in cases {
        for connection in [
            ["--bootstrap-server", bs.as_str()],
            ["--bootstrap-controller", THREE_CONTROLLERS.as_str()],
        ] {
            let mut args = connection.to_vec();
            args.extend(&case);
            let ours = run(tool("kafka-features").args(&args));
            let theirs = run(java("kafka-features").args(&args));
            assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
            let ours_out = String::from_utf8_lossy(&ours.stdout);
            let theirs_out = String::from_utf8_lossy(&theirs.stdout);
            // Errors name the controller that answered; with several controllers it can differ.
            assert_eq!(
                local.replace_all(&ours_out, "Local controller N"),
                local.replace_all(&theirs_out, "Local controller N"),
                "{args:?}"
            );
            if !theirs.status.success() {
                let java_err = String::from_utf8_lossy(&theirs.stderr);
                let ours_err = String::from_utf8_lossy(&ours.stderr);
                assert_eq!(ours_err.lines().count(), 1, "{ours_err}");
                assert!(
                    ours_err.contains(java_err.trim()),
                    "{ours_err:?} vs {java_err:?}"
                );
            }
        }
    }
    // The 3.9 node knows no group.version: Java's per-feature failure.
    let args = [
        "--bootstrap-server",
        &old(),
        "upgrade",
        "--feature",
        "group.version=1",
        "--dry-run",
    ];
    let ours = run(tool("kafka-features").args(args));
    let theirs = run(java("kafka-features").args(args));
    assert_eq!(ours.status.code(), Some(1));
    assert_eq!(ours.stdout, theirs.stdout);
    // JSON: one document with each outcome.
    let out = run(tool("kafka-features").args([
        "--bootstrap-server",
        &bs,
        "--output",
        "json",
        "downgrade",
        "--release-version",
        "4.0-IV3",
        "--dry-run",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 7, "{doc}");
    assert!(
        doc["results"][0]["error"]
            .as_str()
            .unwrap()
            .contains("kraft.version"),
        "{doc}"
    );
}

#[test]
fn upgrade_to_the_finalized_level_changes_nothing_and_says_so_as_java() {
    // A real UpdateFeatures to the levels already finalized: nothing other tests see changes.
    let _guard = three_exclusive();
    let before = ok(tool("kafka-features").args(["--bootstrap-server", &three(), "describe"]));
    let args = [
        "--bootstrap-server",
        &three(),
        "upgrade",
        "--feature",
        "group.version=1",
        "--feature",
        "transaction.version=2",
    ];
    let ours = ok(tool("kafka-features").args(args));
    assert_eq!(
        ours,
        "group.version was upgraded to 1.\ntransaction.version was upgraded to 2.\n"
    );
    assert_eq!(ok(java("kafka-features").args(args)), ours);
    let after = ok(tool("kafka-features").args(["--bootstrap-server", &three(), "describe"]));
    assert_eq!(without_epoch(&before), without_epoch(&after));
}

#[test]
fn tables_match_java_for_every_release() {
    let releases = [
        "3.3-IV3", "3.6-IV2", "3.7", "3.9-IV0", "4.0-IV0", "4.0-IV1", "4.0-IV2", "4.1-IV0",
        "4.2-IV0", "4.2-IV1", "4.3-IV0", "4.4-IV0", "4.4-IV2", "4.5-IV0",
    ];
    for release in releases {
        let args = ["version-mapping", "--release-version", release];
        assert_eq!(
            ok(tool("kafka-features").args(args)),
            ok(java("kafka-features").args(args)),
            "{release}"
        );
    }
    assert_eq!(
        ok(tool("kafka-features").arg("version-mapping")),
        ok(java("kafka-features").arg("version-mapping"))
    );
    let mut args = vec!["feature-dependencies"];
    for feature in [
        "metadata.version=7",
        "metadata.version=33",
        "metadata.version=34",
        "kraft.version=1",
        "transaction.version=2",
        "group.version=1",
        "eligible.leader.replicas.version=1",
        "share.version=2",
        "streams.version=1",
    ] {
        args.extend(["--feature", feature]);
    }
    let ours = ok(tool("kafka-features").args(&args));
    assert_eq!(ours, ok(java("kafka-features").args(&args)));
    assert!(
        ours.contains(
            "eligible.leader.replicas.version=1 requires:\n    metadata.version=23 (4.0-IV1)\n"
        ),
        "{ours}"
    );
}

#[test]
fn usage_errors_are_javas() {
    let bs = single();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "too few arguments"),
        (vec!["describe"], "You must specify either --bootstrap-controller or --bootstrap-server."),
        (vec!["--bootstrap-server", &bs, "--bootstrap-controller", THREE_CONTROLLERS.as_str(), "describe"], "argument --bootstrap-controller: not allowed with argument --bootstrap-server"),
        (vec!["--bootstrap-server", &bs, "describe", "--node-id", "-1"], "Invalid node id -1: must be non-negative."),
        (vec!["--bootstrap-server", &bs, "upgrade"], "You must specify at least one feature to upgrade"),
        (vec!["--bootstrap-server", &bs, "disable", "--dry-run"], "You must specify at least one feature to disable"),
        (vec!["--bootstrap-server", &bs, "upgrade", "--feature", "foo"], "Can't parse feature=level string foo: equals sign not found."),
        (vec!["--bootstrap-server", &bs, "upgrade", "--feature", "foo=x"], "Can't parse feature=level string foo=x: unable to parse x as a short."),
        (vec!["--bootstrap-server", &bs, "upgrade", "--feature", "group.version=1", "--feature", "group.version=1", "--dry-run"], "Feature group.version was specified more than once."),
        (vec!["--bootstrap-server", &bs, "disable", "--feature", "group.version", "--feature", "group.version", "--dry-run"], "Feature group.version was specified more than once."),
        (vec!["--bootstrap-server", &bs, "upgrade", "--feature", "group.version=1", "--release-version", "4.4-IV2"], "Can not specify `release-version` with other feature flags."),
        (vec!["--bootstrap-server", &bs, "upgrade", "--release-version", "bogus"], "Unknown metadata.version 'bogus'. Supported metadata.version are: 3.3-IV3, 3.4-IV0, "),
        (vec!["--bootstrap-server", &bs, "upgrade", "--feature", "group.version=0", "--dry-run"], "The upgradeType flag should be set to SAFE_DOWNGRADE or UNSAFE_DOWNGRADE when the provided maxVersionLevel:0 is < 1."),
        (vec!["version-mapping", "--release-version", "3.2-IV0"], "Unknown metadata.version '3.2-IV0'. Supported metadata.version are: 3.3-IV3, "),
        (vec!["feature-dependencies"], "argument --feature is required"),
        (vec!["feature-dependencies", "--feature", "foo=1"], "Unknown feature: foo"),
        (vec!["feature-dependencies", "--feature", "kraft.version=2"], "No feature:kraft.version with feature level 2"),
        (vec!["feature-dependencies", "--feature", "metadata.version=6"], "Unknown metadata.version 6"),
    ];
    for (args, message) in cases {
        fails(tool("kafka-features").args(&args), 1, message);
        let theirs = run(java("kafka-features").args(&args));
        assert_eq!(theirs.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&theirs.stderr).contains(message),
            "{args:?}: {theirs:?}"
        );
    }
    // JSON: the error as one document.
    let out = run(tool("kafka-features").args([
        "feature-dependencies",
        "--feature",
        "foo=1",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["error"], "Unknown feature: foo");
}
