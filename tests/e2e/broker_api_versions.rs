//! kafka-broker-api-versions (and kafka-cluster api-versions) against the real brokers, side by
//! side with the Java tools: the same nodes in the same order, the same APIs and ranges; the
//! usable column is compared where our protocol codec knows the same versions as Java 4.4's
//! client (README lists where it does not).

use crate::support::{fails, java, ok, old, on_bed, run, single, three, three_shared, tool};

/// The listing without the usable/unusable column.
fn masked(text: &str) -> String {
    let usable = regex::Regex::new(r" \[(usable: [0-9]+|unusable: [a-z ]+)\]").unwrap();
    usable.replace_all(text, "").into_owned()
}

/// `(api line prefix, usable)` of every line whose usable version both tools print equally
/// often: the lines where they differ must be ones where our codec's newest version is older.
fn compare(java_out: &str, ours: &str) {
    // Java's order of brokers that share a bucket of its HashMap follows the order its metadata
    // shuffled them into, so it varies from run to run: compare node by node, in our order.
    let blocks =
        |text: &str| -> Vec<String> { text.split_inclusive("\n)\n").map(str::to_string).collect() };
    let our_blocks = blocks(ours);
    let mut java_blocks = blocks(java_out);
    assert_eq!(java_blocks.len(), our_blocks.len(), "{java_out}\n{ours}");
    java_blocks.sort_by_key(|b| {
        our_blocks
            .iter()
            .position(|o| o.lines().next() == b.lines().next())
    });
    let java_out = &java_blocks.concat();
    assert_eq!(masked(java_out), masked(ours));
    let usable = regex::Regex::new(r"^\t(\w+)\((\d+)\): .*\[usable: (\d+)\]").unwrap();
    let mut differing = 0;
    for (j, o) in java_out.lines().zip(ours.lines()) {
        if j == o {
            continue;
        }
        let (Some(jc), Some(oc)) = (usable.captures(j), usable.captures(o)) else {
            // Known to Java 4.4, not to our codec: the column is left out, as Java does for
            // keys its client lacks.
            assert!(
                !o.contains("usable") && j.contains("[usable: "),
                "{j:?} vs {o:?}"
            );
            differing += 1;
            continue;
        };
        let (jv, ov): (i32, i32) = (jc[3].parse().unwrap(), oc[3].parse().unwrap());
        assert!(
            ov < jv,
            "ours uses a newer version than Java: {j:?} vs {o:?}"
        );
        differing += 1;
    }
    // Most lines are equal: a systematic error would differ everywhere.
    assert!(
        differing * 4 < ours.lines().count(),
        "{differing} of {} lines differ",
        ours.lines().count()
    );
}

#[test]
fn the_single_node_is_listed_as_java_lists_it() {
    let bs = single();
    let ours = ok(tool("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    let java_out = ok(java("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    compare(&java_out, &ours);
    assert!(ours.starts_with(&format!(
        "127.0.0.1:{} (id: 1 rack: null isFenced: false) -> (\n\tProduce(0): ",
        crate::support::bed_port(9092)
    )));
    assert!(
        ours.contains("\tMetadata(3): 0 to 13 [usable: 13],\n"),
        "{ours}"
    );
    assert!(
        ours.contains("\tGetTelemetrySubscriptions(71): UNSUPPORTED,\n"),
        "{ours}"
    );
    assert!(ours.ends_with("\n)\n"));
}

#[test]
fn three_brokers_come_in_javas_order() {
    let _shared = three_shared();
    let bs = three();
    let ours = ok(tool("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    let java_out = ok(java("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    compare(&java_out, &ours);
    let heads: Vec<&str> = ours.lines().filter(|l| l.contains(" -> (")).collect();
    assert_eq!(heads.len(), 3, "{ours}");
    // kafka-cluster api-versions: the same listing, by id, for brokers and for controllers.
    let controller = on_bed("127.0.0.1:19192");
    for args in [
        ["api-versions", "--bootstrap-server", bs.as_str()],
        [
            "api-versions",
            "--bootstrap-controller",
            controller.as_str(),
        ],
    ] {
        let ours = ok(tool("kafka-cluster").args(args));
        let java_out = ok(java("kafka-cluster").args(args));
        compare(&java_out, &ours);
    }
}

#[test]
fn a_39_broker_is_negotiated_and_listed_as_java_lists_it() {
    let bs = old();
    let ours = ok(tool("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    let java_out = ok(java("kafka-broker-api-versions").args(["--bootstrap-server", &bs]));
    // Kafka 3.9 knows no version our codec lacks: the whole listing is Java's.
    assert_eq!(ours, java_out);
    assert!(ours.contains("\tShareFetch(78): UNSUPPORTED,\n"), "{ours}");
    assert!(
        ours.contains("\tApiVersions(18): 0 to 4 [usable: 4],\n"),
        "{ours}"
    );
}

#[test]
fn json_is_one_document_and_errors_are_one_line() {
    let bs = single();
    let out =
        ok(tool("kafka-broker-api-versions").args(["--bootstrap-server", &bs, "--output", "json"]));
    assert_eq!(out.lines().count(), 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let node = &doc["nodes"][0];
    assert_eq!(node["id"], 1);
    assert_eq!(node["port"], crate::support::bed_port(9092));
    assert!(node["rack"].is_null());
    let apis = node["apis"].as_array().unwrap();
    let metadata = apis.iter().find(|a| a["key"] == 3).unwrap();
    assert_eq!(metadata["name"], "Metadata");
    assert_eq!(metadata["usable"], 13);
    assert_eq!(metadata["status"], "usable");
    let telemetry = apis.iter().find(|a| a["key"] == 71).unwrap();
    assert_eq!(telemetry["status"], "unsupported");
    assert!(telemetry["min"].is_null());

    fails(
        &mut tool("kafka-broker-api-versions"),
        1,
        "Missing required argument \"[bootstrap-server]\"",
    );
    let out = run(tool("kafka-broker-api-versions").args([
        "--bootstrap-server",
        "127.0.0.1:1",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["error"].as_str().unwrap().contains("127.0.0.1:1"),
        "{doc}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}
