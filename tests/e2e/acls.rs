//! kafka-acls against the secured node (StandardAuthorizer; `admin` is a super user, `bob` may
//! use nothing until a test grants it), compared with Java's tool on the same node.
//!
//! Every test works on resources and principals of its own (`unique`), so that it neither sees
//! nor changes what other tests rely on (`sec-*` for alice, nothing for bob). Java prints
//! resources and ACLs in an order that changes with the JVM's identity hash codes, so listings
//! are compared as sets of blocks, each with its set of lines; a block with one ACL is compared
//! byte for byte.

use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{fails, java, ok, run, single, tool, unique, wait_for, with_stdin};

/// The secured node's SASL listener and its properties files.
struct Bed {
    sasl: String,
    admin: String,
    bob: String,
}

fn bed() -> Bed {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: eval \"$(scripts/kafka-testbed env)\" first")
        })
    };
    let dir = std::path::PathBuf::from(var("KAFKA_SECURE_DIR"));
    Bed {
        sasl: var("KAFKA_SECURE_SASL"),
        admin: dir.join("admin.properties").display().to_string(),
        bob: dir.join("plain-bob.properties").display().to_string(),
    }
}

/// Our kafka-acls as admin on the secured node.
fn ours(b: &Bed) -> Command {
    let mut cmd = tool("kafka-acls");
    cmd.args(["--bootstrap-server", &b.sasl, "--command-config", &b.admin]);
    cmd
}

/// Java's kafka-acls as admin on the secured node.
fn theirs(b: &Bed) -> Command {
    let mut cmd = java("kafka-acls");
    cmd.args(["--bootstrap-server", &b.sasl, "--command-config", &b.admin]);
    cmd
}

/// A listing as (resource line, sorted ACL lines), sorted: Java's order is not reproducible.
fn blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(acl) = line.strip_prefix('\t') {
            out.last_mut()
                .expect("an ACL line follows a resource line")
                .1
                .push(acl.to_string());
        } else if !line.is_empty() {
            out.push((line.to_string(), Vec::new()));
        }
    }
    for (_, acls) in &mut out {
        acls.sort();
    }
    out.sort();
    out
}

/// `args` with our tool and with Java's: the same exit status (1), and Java's first line of
/// stderr (its usage message) is ours after the tool's prefix; ours is one line.
fn same_usage_error(b: &Bed, args: &[&str]) {
    let mine = fails(ours(b).args(args), 1, "kafka-acls: error: ");
    let java_out = run(theirs(b).args(args));
    assert_eq!(java_out.status.code(), Some(1), "{args:?}");
    let java_err = String::from_utf8_lossy(&java_out.stderr);
    let java_line = java_err.lines().next().unwrap_or_default().trim_end();
    assert_eq!(
        mine.trim_end().strip_prefix("kafka-acls: error: "),
        Some(java_line),
        "{args:?}"
    );
}

/// Our listing (with `args`) once it shows what `done` wants (ACL changes reach the broker's
/// authorizer shortly after the controller commits them).
fn list_until(b: &Bed, args: &[&str], done: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    wait_for("the listing", 20, || {
        last = ok(ours(b).arg("--list").args(args));
        done(&last)
    });
    last
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bob_is_refused_until_our_acls_let_him_produce_and_consume() {
    let b = bed();
    let topic = unique("acl-bob");
    let group = unique("acl-bob-group");
    let with = |name: &str, config: &str| {
        let mut cmd = tool(name);
        cmd.args(["--bootstrap-server", &b.sasl, "--command-config", config]);
        cmd
    };
    ok(with("kafka-topics", &b.admin).args(["--create", "--topic", &topic]));
    let produce = || {
        with_stdin(
            with("kafka-console-producer", &b.bob).args(["--topic", &topic]),
            b"hello from bob\n",
        )
    };
    let refused = produce();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains(&format!("not authorized for topic '{topic}'")),
        "{refused:?}"
    );

    let added = ok(ours(&b).args([
        "--add",
        "--allow-principal",
        "User:bob",
        "--producer",
        "--topic",
        &topic,
    ]));
    assert!(
        added.starts_with(&format!(
            "Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name={topic}, patternType=LITERAL)`: \n \t(principal=User:bob, host=*, operation=WRITE, permissionType=ALLOW)\n"
        )),
        "{added}"
    );
    assert_eq!(added.matches("(principal=User:bob").count(), 3, "{added}");
    let mut produced = None;
    wait_for("bob's producer to be allowed", 20, || {
        let out = produce();
        let done = out.status.success();
        produced = Some(out);
        done
    });
    assert!(produced.is_some());

    let consume = || {
        run(with("kafka-console-consumer", &b.bob).args([
            "--topic",
            &topic,
            "--group",
            &group,
            "--from-beginning",
            "--max-messages",
            "1",
            "--timeout-ms",
            "20000",
        ]))
    };
    // Read on the topic is not enough without the group.
    let refused = consume();
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    ok(ours(&b).args([
        "--add",
        "--allow-principal",
        "User:bob",
        "--consumer",
        "--topic",
        &topic,
        "--group",
        &group,
    ]));
    let mut consumed = String::new();
    wait_for("bob's consumer to be allowed", 30, || {
        let out = consume();
        consumed = stdout(&out);
        out.status.success()
    });
    assert_eq!(consumed, "hello from bob\n");

    // Java lists what ours added: WRITE, DESCRIBE, CREATE and READ on the topic, READ on the
    // group.
    let args = ["--list", "--topic", &topic, "--group", &group];
    let java_listing = ok(theirs(&b).args(args));
    let our_listing = ok(ours(&b).args(args));
    assert_eq!(blocks(&our_listing), blocks(&java_listing));
    let listed = blocks(&our_listing);
    assert_eq!(listed.len(), 2, "{our_listing}");
    assert_eq!(
        listed.iter().map(|(_, acls)| acls.len()).sum::<usize>(),
        5,
        "{our_listing}"
    );

    for resource in [["--topic", &topic], ["--group", &group]] {
        ok(ours(&b).args(["--remove", "--force"]).args(resource));
    }
    list_until(&b, &args[1..], str::is_empty);
}

#[test]
fn acls_added_by_either_tool_are_listed_alike_by_both() {
    let b = bed();
    let topic = unique("acl-both");
    let group = unique("acl-both-group");
    let txn = unique("acl-both-tx");
    let user = format!("User:{}", unique("acl-both-user"));
    let token = unique("acl-both-token");
    let alice = format!("User:{}", unique("acl-both-alice"));
    let carol = format!("User:{}", unique("acl-both-carol"));

    // Ours adds to the topic, the transactional id and the delegation token...
    ok(ours(&b).args([
        "--add",
        "--allow-principal",
        &alice,
        "--allow-principal",
        &carol,
        "--allow-host",
        "10.0.0.1",
        "--allow-host",
        "10.0.0.2",
        "--deny-principal",
        &carol,
        "--deny-host",
        "10.0.0.3",
        "--operation",
        "Read",
        "--operation",
        "Describe",
        "--topic",
        &topic,
    ]));
    ok(ours(&b).args([
        "--add",
        "--allow-principal",
        &alice,
        "--operation",
        "TwoPhaseCommit",
        "--operation",
        "Write",
        "--transactional-id",
        &txn,
    ]));
    ok(ours(&b).args([
        "--add",
        "--allow-principal",
        &alice,
        "--operation",
        "Describe",
        "--delegation-token",
        &token,
    ]));
    // ... Java to the group (prefixed) and the user principal.
    ok(theirs(&b).args([
        "--add",
        "--allow-principal",
        &carol,
        "--operation",
        "Read",
        "--operation",
        "DescribeConfigs",
        "--group",
        &group,
        "--resource-pattern-type",
        "prefixed",
    ]));
    ok(theirs(&b).args([
        "--add",
        "--allow-principal",
        &alice,
        "--operation",
        "CreateTokens",
        "--operation",
        "DescribeTokens",
        "--user-principal",
        &user,
    ]));

    let literal = [
        "--topic",
        topic.as_str(),
        "--transactional-id",
        &txn,
        "--delegation-token",
        &token,
        "--user-principal",
        &user,
    ];
    let mine = list_until(&b, &literal, |l| blocks(l).len() == 4);
    let java_listing = ok(theirs(&b).arg("--list").args(literal));
    assert_eq!(blocks(&mine), blocks(&java_listing));
    let topic_block = blocks(&mine)
        .into_iter()
        .find(|(r, _)| r.contains("resourceType=TOPIC"))
        .unwrap();
    // 2 principals x 2 operations x 2 hosts allowed, 1 principal x 2 operations x 1 host denied.
    assert_eq!(topic_block.1.len(), 10, "{mine}");
    assert!(mine.contains(&format!(
        "(principal={carol}, host=10.0.0.3, operation=DESCRIBE, permissionType=DENY)"
    )));
    assert!(mine.contains("operation=TWO_PHASE_COMMIT"), "{mine}");
    assert!(mine.contains(&format!(
        "ResourcePattern(resourceType=USER, name={user}, patternType=LITERAL)"
    )));
    assert!(mine.contains(&format!(
        "ResourcePattern(resourceType=DELEGATION_TOKEN, name={token}, patternType=LITERAL)"
    )));

    // The prefixed group, and one principal's ACLs across resources.
    let prefixed = [
        "--group",
        group.as_str(),
        "--resource-pattern-type",
        "prefixed",
    ];
    let mine = list_until(&b, &prefixed, |l| !l.is_empty());
    assert_eq!(
        blocks(&mine),
        blocks(&ok(theirs(&b).arg("--list").args(prefixed)))
    );
    let by_principal = [&literal[..], &["--principal", &alice]].concat();
    let mine = ok(ours(&b).arg("--list").args(&by_principal));
    let java_listing = ok(theirs(&b).arg("--list").args(&by_principal));
    assert_eq!(
        mine.lines().next(),
        Some(format!("ACLs for principal `{alice}`").as_str())
    );
    assert_eq!(blocks(&mine), blocks(&java_listing));
    assert!(!mine.contains(&carol), "{mine}");

    // A one-ACL resource is Java's text byte for byte.
    let one = ["--delegation-token", token.as_str()];
    assert_eq!(
        ok(ours(&b).arg("--list").args(one)),
        ok(theirs(&b).arg("--list").args(one))
    );

    for resource in [
        &literal[0..2],
        &literal[2..4],
        &literal[4..6],
        &literal[6..8],
        &prefixed[..],
    ] {
        ok(ours(&b).args(["--remove", "--force"]).args(resource));
    }
    let all = [&literal[..], &prefixed[..2]].concat();
    list_until(&b, &all, str::is_empty);
    assert_eq!(ok(theirs(&b).arg("--list").args(literal)), "");
}

#[test]
fn add_prints_javas_lines_and_skips_acls_that_exist() {
    let b = bed();
    let principal = format!("User:{}", unique("acl-add"));
    let ours_topic = unique("acl-add-ours");
    let java_topic = unique("acl-add-java");
    let add = |cmd: &mut Command, topic: &str| {
        ok(cmd.args([
            "--add",
            "--allow-principal",
            &principal,
            "--operation",
            "Write",
            "--topic",
            topic,
        ]))
    };
    let mine = add(&mut ours(&b), &ours_topic);
    let java_text = add(&mut theirs(&b), &java_topic);
    assert_eq!(
        mine.replace(&ours_topic, "T"),
        java_text.replace(&java_topic, "T")
    );
    assert_eq!(
        mine,
        format!(
            "Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name={ours_topic}, patternType=LITERAL)`: \n \t(principal={principal}, host=*, operation=WRITE, permissionType=ALLOW)\n\n"
        )
    );
    list_until(&b, &["--topic", &ours_topic], |l| !l.is_empty());
    list_until(&b, &["--topic", &java_topic], |l| !l.is_empty());
    // Again: both say it exists and add nothing.
    let mine = add(&mut ours(&b), &ours_topic);
    let java_text = add(&mut theirs(&b), &java_topic);
    assert_eq!(
        mine.replace(&ours_topic, "T"),
        java_text.replace(&java_topic, "T")
    );
    assert_eq!(
        mine,
        format!(
            "Acl (pattern=ResourcePattern(resourceType=TOPIC, name={ours_topic}, patternType=LITERAL), entry=(principal={principal}, host=*, operation=WRITE, permissionType=ALLOW)) already exists.\n"
        )
    );
    for topic in [&ours_topic, &java_topic] {
        ok(ours(&b).args(["--remove", "--force", "--topic", topic]));
    }
}

#[test]
fn remove_asks_and_removes_only_when_answered_y() {
    let b = bed();
    let topic = unique("acl-rm");
    let principal = format!("User:{}", unique("acl-rm-user"));
    let add = |op: &str| {
        ok(ours(&b).args([
            "--add",
            "--allow-principal",
            &principal,
            "--operation",
            op,
            "--topic",
            &topic,
        ]))
    };
    add("Read");
    add("Write");
    let listed = |l: &str| l.matches("(principal=").count();
    list_until(&b, &["--topic", &topic], |l| listed(l) == 2);
    let remove_read = [
        "--remove",
        "--allow-principal",
        principal.as_str(),
        "--operation",
        "Read",
        "--topic",
        &topic,
    ];
    let question = format!(
        "Are you sure you want to remove ACLs: \n \t(principal={principal}, host=*, operation=READ, permissionType=ALLOW)\n from resource filter `ResourcePattern(resourceType=TOPIC, name={topic}, patternType=LITERAL)`? (y/n)\n"
    );

    // Java asks the same question (then fails to read a piped stdin: it needs a console).
    let java_out = run(theirs(&b).args(remove_read));
    assert!(stdout(&java_out).starts_with(&question), "{java_out:?}");

    for answer in [&b"n\n"[..], b"", b"yes\n"] {
        let out = with_stdin(ours(&b).args(remove_read), answer);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(stdout(&out), question);
    }
    assert_eq!(listed(&ok(ours(&b).args(["--list", "--topic", &topic]))), 2);

    let out = with_stdin(ours(&b).args(remove_read), b"Y\n");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), question);
    let left = list_until(&b, &["--topic", &topic], |l| listed(l) == 1);
    assert!(left.contains("operation=WRITE"), "{left}");

    // Every ACL of the resource: another question, and --force asks none.
    let all = format!(
        "Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=TOPIC, name={topic}, patternType=LITERAL)`? (y/n)\n"
    );
    let out = with_stdin(ours(&b).args(["--remove", "--topic", &topic]), b"n\n");
    assert_eq!(stdout(&out), all);
    assert_eq!(
        ok(ours(&b).args(["--remove", "--force", "--topic", &topic])),
        ""
    );
    list_until(&b, &["--topic", &topic], str::is_empty);
}

#[test]
fn every_pattern_type_lists_and_removes_like_java() {
    let b = bed();
    let prefix = unique("acl-pat");
    let name = format!("{prefix}-orders");
    let principal = format!("User:{}", unique("acl-pat-user"));
    let add = |resource: &str, pattern: &str| {
        ok(ours(&b).args([
            "--add",
            "--allow-principal",
            &principal,
            "--operation",
            "Read",
            "--topic",
            resource,
            "--resource-pattern-type",
            pattern,
        ]))
    };
    add(&name, "literal");
    add(&prefix, "prefixed");
    add(&name, "prefixed");
    let count = |l: &str| blocks(l).len();
    let list = |pattern: &str, resource: &str| {
        let args = ["--topic", resource, "--resource-pattern-type", pattern];
        let mine = ok(ours(&b).arg("--list").args(args));
        let java_listing = ok(theirs(&b).arg("--list").args(args));
        assert_eq!(blocks(&mine), blocks(&java_listing), "{pattern} {resource}");
        mine
    };
    list_until(
        &b,
        &["--topic", &name, "--resource-pattern-type", "any"],
        |l| count(l) == 2,
    );
    list_until(
        &b,
        &["--topic", &prefix, "--resource-pattern-type", "prefixed"],
        |l| count(l) == 1,
    );
    // literal: the literal name only; prefixed: the prefixed pattern of that name only; any:
    // both patterns of that exact name; match: every pattern that applies to the name.
    assert_eq!(count(&list("literal", &name)), 1);
    assert_eq!(count(&list("prefixed", &name)), 1);
    assert_eq!(count(&list("any", &name)), 2);
    assert_eq!(count(&list("match", &name)), 3);
    assert_eq!(count(&list("prefixed", &prefix)), 1);
    assert_eq!(count(&list("any", &prefix)), 1);

    // Adding with a filter type is Java's usage error.
    same_usage_error(
        &b,
        &[
            "--add",
            "--topic",
            &name,
            "--allow-principal",
            &principal,
            "--resource-pattern-type",
            "match",
        ],
    );

    // Removing with match removes all three.
    ok(ours(&b).args([
        "--remove",
        "--force",
        "--topic",
        &name,
        "--resource-pattern-type",
        "MATCH",
    ]));
    list_until(
        &b,
        &["--topic", &name, "--resource-pattern-type", "match"],
        str::is_empty,
    );
}

#[test]
fn bad_combinations_are_javas_usage_errors() {
    let b = bed();
    let t = unique("acl-usage");
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--list", "--add"],
        vec!["--list", "--producer"],
        vec!["--list", "--allow-principal", "User:x"],
        vec!["--add", "--producer", "--topic", &t, "--operation", "Read"],
        vec![
            "--add",
            "--consumer",
            "--topic",
            &t,
            "--group",
            "g",
            "--deny-principal",
            "User:x",
        ],
        vec!["--add", "--topic", &t, "--principal", "User:x"],
        vec!["--add", "--producer", "--allow-principal", "User:x"],
        vec![
            "--add",
            "--idempotent",
            "--topic",
            &t,
            "--allow-principal",
            "User:x",
        ],
        vec![
            "--add",
            "--consumer",
            "--topic",
            &t,
            "--allow-principal",
            "User:x",
        ],
        vec![
            "--add",
            "--consumer",
            "--group",
            "g",
            "--allow-principal",
            "User:x",
        ],
        vec![
            "--add",
            "--consumer",
            "--topic",
            &t,
            "--group",
            "g",
            "--cluster",
        ],
        vec![
            "--add",
            "--consumer",
            "--topic",
            &t,
            "--group",
            "g",
            "--transactional-id",
            "x",
        ],
        vec!["--add", "--topic", &t],
        vec!["--add", "--allow-principal", "User:x"],
        vec![
            "--add",
            "--cluster",
            "--resource-pattern-type",
            "prefixed",
            "--allow-principal",
            "User:x",
        ],
        vec!["--remove", "--producer", "--topic", &t, "--deny-host", "h"],
        vec!["--list", "--bootstrap-controller", "127.0.0.1:1"],
    ];
    for args in &cases {
        same_usage_error(&b, args);
    }
    // Java's message lists the supported operations in an order that changes from run to run:
    // compare the sets.
    for (resource, op) in [
        (["--group", "g"], "Write"),
        (["--user-principal", "User:u"], "Read"),
        (["--delegation-token", "tok"], "Write"),
        (["--transactional-id", "tx"], "Read"),
        (["--topic", "t"], "IdempotentWrite"),
        (["--topic", "t"], "bogus"),
    ] {
        let args = [
            &["--add", "--allow-principal", "User:x", "--operation", op],
            &resource[..],
        ]
        .concat();
        let mine = fails(ours(&b).args(&args), 1, "only supports operations [");
        let java_err = String::from_utf8_lossy(&run(theirs(&b).args(&args)).stderr).into_owned();
        let ops = |line: &str| {
            let (head, list) = line.trim().split_once('[').unwrap();
            let mut ops: Vec<String> = list
                .trim_end_matches(']')
                .split(", ")
                .map(String::from)
                .collect();
            ops.sort();
            (head.to_string(), ops)
        };
        assert_eq!(
            ops(mine.strip_prefix("kafka-acls: error: ").unwrap()),
            ops(java_err.lines().next().unwrap()),
            "{args:?}"
        );
    }
    // Neither bootstrap option.
    let mine = fails(tool("kafka-acls").arg("--list"), 1, "kafka-acls: error: ");
    let java_err =
        String::from_utf8_lossy(&run(java("kafka-acls").arg("--list")).stderr).into_owned();
    assert_eq!(
        mine.trim_end().strip_prefix("kafka-acls: error: "),
        java_err.lines().next()
    );
}

#[test]
fn failures_inside_the_command_are_javas_messages() {
    let b = bed();
    let t = unique("acl-fail");
    // Java prints these on stdout after "Error while executing ACL command: ", with a stack
    // trace; ours is the same line on stderr.
    let java_line = |cmd: &mut Command| {
        let out = run(cmd);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        stdout(&out)
            .lines()
            .find(|l| l.starts_with("Error while executing ACL command: "))
            .unwrap_or_else(|| panic!("{out:?}"))
            .to_string()
    };
    for args in [
        vec!["--add", "--topic", &t, "--allow-principal", "nocolon"],
        vec![
            "--add",
            "--topic",
            &t,
            "--allow-principal",
            "User:x",
            "--operation",
            "Any",
        ],
        vec!["--list", "--resource-pattern-type", "bogus"],
        vec!["--list", "--principal", "nocolon"],
    ] {
        let expected = java_line(theirs(&b).args(&args));
        let mine = fails(ours(&b).args(&args), 1, "kafka-acls: error: ");
        assert_eq!(
            mine.trim_end(),
            format!("kafka-acls: error: {expected}"),
            "{args:?}"
        );
    }
    // An authorization failure: bob may not list ACLs. The broker's message names a connection,
    // so only the exception is compared.
    let bob_list = |cmd: &mut Command| {
        cmd.args([
            "--bootstrap-server",
            &b.sasl,
            "--command-config",
            &b.bob,
            "--list",
        ]);
    };
    let mut java_cmd = java("kafka-acls");
    bob_list(&mut java_cmd);
    let expected = java_line(&mut java_cmd);
    let mut our_cmd = tool("kafka-acls");
    bob_list(&mut our_cmd);
    let mine = fails(&mut our_cmd, 1, "ClusterAuthorizationException");
    let exception = |l: &str| l.split(": Request").next().unwrap_or_default().to_string();
    assert_eq!(
        exception(mine.trim_end().strip_prefix("kafka-acls: error: ").unwrap()),
        exception(&expected)
    );
}

#[test]
fn without_an_authorizer_each_action_fails_as_java_does() {
    let bootstrap = single();
    let t = unique("acl-noauth");
    for args in [
        vec!["--list"],
        vec!["--add", "--topic", &t, "--allow-principal", "User:x"],
        vec!["--remove", "--topic", &t, "--force"],
    ] {
        let java_out = run(java("kafka-acls")
            .args(["--bootstrap-server", &bootstrap])
            .args(&args));
        assert_eq!(java_out.status.code(), Some(1));
        let expected = stdout(&java_out)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(expected.contains("SecurityDisabledException"), "{expected}");
        let mine = fails(
            tool("kafka-acls")
                .args(["--bootstrap-server", &bootstrap])
                .args(&args),
            1,
            "SecurityDisabledException",
        );
        assert_eq!(
            mine.trim_end(),
            format!("kafka-acls: error: {expected}"),
            "{args:?}"
        );
        // JSON: the error document, exit 1.
        let out = run(tool("kafka-acls")
            .args(["--bootstrap-server", &bootstrap, "--output", "json"])
            .args(&args));
        assert_eq!(out.status.code(), Some(1));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["error"].as_str(), Some(expected.as_str()));
    }
}

#[test]
fn json_output_for_add_list_and_remove() {
    let b = bed();
    let topic = unique("acl-json");
    let principal = format!("User:{}", unique("acl-json-user"));
    let json = |cmd: &mut Command| -> Value {
        let out = ok(cmd.args(["--output", "json"]));
        assert_eq!(out.lines().count(), 1, "{out}");
        serde_json::from_str(&out).unwrap()
    };
    let added = json(ours(&b).args([
        "--add",
        "--allow-principal",
        &principal,
        "--producer",
        "--idempotent",
        "--topic",
        &topic,
    ]));
    let resources = added["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2, "{added}");
    assert_eq!(resources[0]["resource_type"], "TOPIC");
    assert_eq!(resources[0]["name"], topic.as_str());
    assert_eq!(resources[0]["pattern_type"], "LITERAL");
    assert_eq!(resources[0]["added"].as_array().unwrap().len(), 3);
    assert_eq!(resources[0]["added"][0]["principal"], principal.as_str());
    assert_eq!(resources[0]["added"][0]["host"], "*");
    assert_eq!(resources[0]["added"][0]["operation"], "WRITE");
    assert_eq!(resources[0]["added"][0]["permission_type"], "ALLOW");
    assert_eq!(resources[1]["resource_type"], "CLUSTER");
    assert_eq!(resources[1]["added"][0]["operation"], "IDEMPOTENT_WRITE");

    list_until(
        &b,
        &["--topic", &topic, "--cluster", "--principal", &principal],
        |l| l.matches("Current ACLs").count() == 2,
    );
    let listed = json(ours(&b).args([
        "--list",
        "--topic",
        &topic,
        "--cluster",
        "--principal",
        &principal,
    ]));
    let theirs_listed = &listed["principals"][0];
    assert_eq!(theirs_listed["principal"], principal.as_str());
    assert_eq!(
        theirs_listed["resources"].as_array().unwrap().len(),
        2,
        "{listed}"
    );
    let listed = json(ours(&b).args(["--list", "--topic", &topic]));
    assert_eq!(
        listed["resources"][0]["acls"].as_array().unwrap().len(),
        3,
        "{listed}"
    );

    // Removing asks on stderr (stdout is the document); "n" removes nothing.
    let out = with_stdin(
        ours(&b).args(["--remove", "--topic", &topic, "--output", "json"]),
        b"n\n",
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Are you sure"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["filters"][0]["confirmed"], false);
    assert_eq!(doc["filters"][0]["acls"], Value::Null);
    assert_eq!(doc["filters"][0]["removed"].as_array().unwrap().len(), 0);

    let removed = json(ours(&b).args([
        "--remove",
        "--force",
        "--allow-principal",
        &principal,
        "--producer",
        "--idempotent",
        "--topic",
        &topic,
    ]));
    let filters = removed["filters"].as_array().unwrap();
    assert_eq!(filters.len(), 2, "{removed}");
    assert_eq!(filters[0]["confirmed"], true);
    assert_eq!(
        filters[0]["removed"].as_array().unwrap().len(),
        3,
        "{removed}"
    );
    assert_eq!(filters[1]["removed"][0]["operation"], "IDEMPOTENT_WRITE");
    assert_eq!(filters[1]["removed"][0]["principal"], principal.as_str());
    list_until(&b, &["--topic", &topic], str::is_empty);
}

#[test]
fn bootstrap_controller_manages_acls_as_brokers_do() {
    let b = bed();
    let controller = crate::support::on_bed("127.0.0.1:9295");
    let controller = controller.as_str();
    let topic = unique("acl-ctl");
    let principal = format!("User:{}", unique("acl-ctl-user"));
    let mut add = tool("kafka-acls");
    add.args(["--bootstrap-controller", controller]).args([
        "--add",
        "--allow-principal",
        &principal,
        "--topic",
        &topic,
    ]);
    ok(&mut add);
    let on_brokers = list_until(&b, &["--topic", &topic], |l| !l.is_empty());
    let mut list = tool("kafka-acls");
    list.args([
        "--bootstrap-controller",
        controller,
        "--list",
        "--topic",
        &topic,
    ]);
    assert_eq!(ok(&mut list), on_brokers);
    let mut java_list = java("kafka-acls");
    java_list.args([
        "--bootstrap-controller",
        controller,
        "--list",
        "--topic",
        &topic,
    ]);
    assert_eq!(ok(&mut java_list), on_brokers);
    let mut remove = tool("kafka-acls");
    remove.args([
        "--bootstrap-controller",
        controller,
        "--remove",
        "--force",
        "--topic",
        &topic,
    ]);
    ok(&mut remove);
    list_until(&b, &["--topic", &topic], str::is_empty);
}
