//! kafka-delegation-tokens against the test bed's secured node (delegation tokens enabled),
//! side by side with the Java tool: tokens made by one are described, renewed and expired by
//! the other, and each side logs in with a token the other made (SCRAM with `tokenauth=true`).
//! Tokens stay on the shared node until they expire: every token here lives minutes at most.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::support::{java, ok, run, single, tool, unique, wait_for};

const TOOL: &str = "kafka-delegation-tokens";

fn sasl() -> String {
    std::env::var("KAFKA_SECURE_SASL").expect("KAFKA_SECURE_SASL (eval scripts/kafka-testbed env)")
}

fn file(name: &str) -> String {
    PathBuf::from(std::env::var("KAFKA_SECURE_DIR").expect("KAFKA_SECURE_DIR"))
        .join(name)
        .display()
        .to_string()
}

/// Ours, on the SASL listener, as the user of `config` (a file of the secure directory).
fn ours(config: &str) -> Command {
    on_sasl(tool(TOOL), config)
}

/// Java's, the same way.
fn theirs(config: &str) -> Command {
    on_sasl(java(TOOL), config)
}

fn on_sasl(mut cmd: Command, config: &str) -> Command {
    cmd.args([
        "--bootstrap-server",
        &sasl(),
        "--command-config",
        &file(config),
    ]);
    cmd
}

/// `(token id, hmac)` from a `--create`'s text output.
fn created(out: &str) -> (String, String) {
    let id = out
        .lines()
        .find_map(|l| l.strip_prefix("Created delegation token with tokenId : "))
        .unwrap_or_else(|| panic!("no token id in {out}"))
        .to_string();
    let hmac = token_line(out, &id)
        .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| panic!("no token line in {out}"));
    (id, hmac)
}

/// The table line of token `id`.
fn token_line(out: &str, id: &str) -> Option<String> {
    out.lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .map(str::to_string)
}

/// Waits until the broker lists token `id` among `owner`'s (as `config`'s user): a token
/// reaches the broker's cache through the metadata log, a moment after CreateDelegationToken
/// answered (a renewal or a login before that finds no such token, with Java's tool too).
fn await_token(config: &str, owner: &str, id: &str, listed: bool) {
    wait_for(&format!("token {id} listed: {listed}"), 30, || {
        let out = ok(ours(config).args(["--describe", "--owner-principal", owner]));
        token_line(&out, id).is_some() == listed
    });
}

/// A properties file that logs in with a token (Java's JAAS for it).
fn token_props(id: &str, hmac: &str, mechanism: &str) -> String {
    let path = std::env::temp_dir().join(format!("{}.properties", unique("dt-token")));
    std::fs::write(
        &path,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism={mechanism}\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
             username=\"{id}\" password=\"{hmac}\" tokenauth=true;\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

/// Java's error line (the first line of its stderr; a stack trace follows it).
fn java_error(out: &Output) -> String {
    text(&out.stderr)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Asserts both failed with status 1, with the same stdout and Java's error line as ours.
fn same_failure(ours: &mut Command, theirs: &mut Command) -> String {
    let (o, j) = (run(ours), run(theirs));
    assert_eq!(o.status.code(), Some(1), "ours: {o:?}");
    assert_eq!(j.status.code(), Some(1), "java: {j:?}");
    assert_eq!(text(&o.stdout), text(&j.stdout), "stdout differs");
    let line = java_error(&j);
    assert_eq!(text(&o.stderr), format!("{TOOL}: error: {line}\n"));
    line
}

#[test]
fn a_token_made_by_ours_is_described_by_java_field_for_field() {
    // Made by admin for an owner of its own, so that the owner's list is this token alone.
    let owner = format!("User:{}", unique("dt-owner"));
    let made = ok(ours("admin.properties").args([
        "--create",
        "--max-life-time-period",
        "120000",
        "--owner-principal",
        &owner,
        "--renewer-principal",
        "User:bob",
        "--renewer-principal",
        "User:alice",
    ]));
    assert!(made.starts_with(
        "Calling create token operation with renewers :[User:bob, User:alice] , max-life-time-period :120000\n\
         Created delegation token with tokenId : "
    ));
    let (id, hmac) = created(&made);
    await_token("admin.properties", &owner, &id, true);
    let args = ["--describe", "--owner-principal", &owner];
    let theirs_out = ok(theirs("admin.properties").args(args));
    let ours_out = ok(ours("admin.properties").args(args));
    assert_eq!(ours_out, theirs_out, "describe differs from Java");
    let line = token_line(&theirs_out, &id).expect("Java lists the token");
    assert_eq!(token_line(&made, &id), Some(line.clone()), "create's line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        &fields[..5],
        [
            id.as_str(),
            hmac.as_str(),
            owner.as_str(),
            "User:admin",
            "[User:bob,"
        ]
    );
    // The current user's tokens: Java's tool sends an empty owner list, which lists none.
    let args = ["--describe"];
    assert_eq!(
        ok(ours("admin.properties").args(args)),
        ok(theirs("admin.properties").args(args))
    );
    // JSON: one document with the same token.
    let json: serde_json::Value = serde_json::from_str(&ok(ours("admin.properties").args([
        "--describe",
        "--owner-principal",
        &owner,
        "--output",
        "json",
    ])))
    .unwrap();
    let token = &json["tokens"][0];
    assert_eq!(token["token_id"], id.as_str());
    assert_eq!(token["hmac"], hmac.as_str());
    assert_eq!(token["owner"], owner.as_str());
    assert_eq!(token["requester"], "User:admin");
    assert_eq!(
        token["renewers"],
        serde_json::json!(["User:bob", "User:alice"])
    );
    assert!(
        token["max_timestamp_ms"].as_i64().unwrap() > token["issue_timestamp_ms"].as_i64().unwrap()
    );
}

/// The EXPIRYDATE of token `id` as Java's --describe shows it (alice's tokens).
fn java_expiry(id: &str) -> Option<String> {
    let out = ok(theirs("plain-alice.properties").args([
        "--describe",
        "--owner-principal",
        "User:alice",
    ]));
    token_line(&out, id).map(|l| l.split_whitespace().nth(6).unwrap().to_string())
}

#[test]
fn renewed_and_expired_by_ours_as_java_sees_it_and_the_other_way() {
    // Ours makes it (alice, renewable by bob), bob renews it with ours, Java sees the date.
    let made = ok(ours("plain-alice.properties").args([
        "--create",
        "--max-life-time-period",
        "300000",
        "--renewer-principal",
        "User:bob",
    ]));
    let (id, hmac) = created(&made);
    await_token("plain-alice.properties", "User:alice", &id, true);
    let renewed = ok(ours("plain-bob.properties").args([
        "--renew",
        "--hmac",
        &hmac,
        "--renew-time-period",
        "60000",
    ]));
    let prefix = format!(
        "Calling renew token operation with hmac :{hmac} , renew-time-period :60000\n\
         Completed renew operation. New expiry date : "
    );
    let date = renewed
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{renewed:?}"));
    assert_eq!(
        date.len(),
        16,
        "no newline after the date, as Java: {renewed:?}"
    );
    wait_for("Java to see the renewal", 60, || {
        java_expiry(&id).as_deref() == Some(date)
    });
    // Ours expires it at once; Java no longer lists it.
    let expired = ok(ours("plain-alice.properties").args([
        "--expire",
        "--hmac",
        &hmac,
        "--expiry-time-period",
        "-1",
    ]));
    assert!(expired.starts_with(&format!(
        "Calling expire token operation with hmac :{hmac} , expire-time-period :-1\n\
         Completed expire operation. New expiry date : "
    )));
    wait_for("Java to see the token gone", 60, || {
        java_expiry(&id).is_none()
    });

    // Java makes one; ours renews it (as Java would print it), Java expires it, ours then
    // finds it gone as Java does.
    let (id, hmac) = created(&ok(theirs("plain-alice.properties").args([
        "--create",
        "--max-life-time-period",
        "300000",
    ])));
    await_token("plain-alice.properties", "User:alice", &id, true);
    let args = ["--renew", "--hmac", &hmac, "--renew-time-period", "120000"];
    let renewed = ok(ours("plain-alice.properties").args(args));
    let date = renewed.rsplit(" : ").next().unwrap().to_string();
    wait_for("Java to see the renewal", 60, || {
        java_expiry(&id).as_deref() == Some(date.as_str())
    });
    let described =
        ok(ours("plain-alice.properties").args(["--describe", "--owner-principal", "User:alice"]));
    assert_eq!(token_line(&described, &id), {
        let java = ok(theirs("plain-alice.properties").args([
            "--describe",
            "--owner-principal",
            "User:alice",
        ]));
        token_line(&java, &id)
    });
    ok(theirs("plain-alice.properties").args([
        "--expire",
        "--hmac",
        &hmac,
        "--expiry-time-period",
        "-1",
    ]));
    await_token("plain-alice.properties", "User:alice", &id, false);
    let line = same_failure(
        ours("plain-alice.properties").args(args),
        theirs("plain-alice.properties").args(args),
    );
    assert_eq!(
        line,
        "org.apache.kafka.common.errors.DelegationTokenNotFoundException: Delegation Token is not found on server."
    );
}

#[test]
fn each_side_logs_in_with_a_token_the_other_made() {
    // Java's client with a token ours made.
    let (id, hmac) = created(&ok(ours("plain-alice.properties").args([
        "--create",
        "--max-life-time-period",
        "120000",
    ])));
    await_token("plain-alice.properties", "User:alice", &id, true);
    let props = token_props(&id, &hmac, "SCRAM-SHA-256");
    let listed = run(java("kafka-topics").args([
        "--bootstrap-server",
        &sasl(),
        "--command-config",
        &props,
        "--list",
    ]));
    assert!(listed.status.success(), "Java with our token: {listed:?}");
    // Ours with a token Java made, with either SCRAM mechanism, on the native path.
    let (id, hmac) = created(&ok(theirs("plain-alice.properties").args([
        "--create",
        "--max-life-time-period",
        "120000",
    ])));
    await_token("plain-alice.properties", "User:alice", &id, true);
    for mechanism in ["SCRAM-SHA-256", "SCRAM-SHA-512"] {
        let props = token_props(&id, &hmac, mechanism);
        let out = ok(tool("kafka-cluster").args([
            "cluster-id",
            "--bootstrap-server",
            &sasl(),
            "--command-config",
            &props,
        ]));
        assert!(out.starts_with("Cluster ID: "), "{out}");
    }
    let props = token_props(&id, &hmac, "SCRAM-SHA-512");
    // Token requests are refused on a token login, as to Java.
    let args = ["--describe", "--owner-principal", "User:alice"];
    let mut o = tool(TOOL);
    o.args(["--bootstrap-server", &sasl(), "--command-config", &props])
        .args(args);
    let mut j = java(TOOL);
    j.args(["--bootstrap-server", &sasl(), "--command-config", &props])
        .args(args);
    let line = same_failure(&mut o, &mut j);
    assert!(
        line.contains("UnsupportedByAuthenticationException"),
        "{line}"
    );
    // A wrong HMAC is refused in one line.
    let wrong = token_props(&id, "AAAA", "SCRAM-SHA-512");
    let out = run(tool("kafka-cluster").args([
        "cluster-id",
        "--bootstrap-server",
        &sasl(),
        "--command-config",
        &wrong,
    ]));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("authentication failed"), "{err}");
    // A tool on librdkafka says it cannot log in with a token, in one line.
    let out = run(tool("kafka-topics").args([
        "--bootstrap-server",
        &sasl(),
        "--command-config",
        &props,
        "--list",
    ]));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("tokenauth=true"), "{err}");
}

#[test]
fn refusals_and_usage_errors_read_as_javas() {
    // An HMAC no token has.
    let args = ["--expire", "--hmac", "AAAA", "--expiry-time-period", "1000"];
    same_failure(
        ours("plain-bob.properties").args(args),
        theirs("plain-bob.properties").args(args),
    );
    // An expired token cannot be renewed.
    let json: serde_json::Value = serde_json::from_str(&ok(ours("plain-alice.properties").args([
        "--create",
        "--max-life-time-period",
        "1500",
        "--output",
        "json",
    ])))
    .unwrap();
    let hmac = json["token"]["hmac"].as_str().unwrap().to_string();
    let id = json["token"]["token_id"].as_str().unwrap().to_string();
    await_token("plain-alice.properties", "User:alice", &id, true);
    let max = json["token"]["max_timestamp_ms"].as_i64().unwrap();
    wait_for("the token's end of life", 30, || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
            > max + 100
    });
    let args = ["--renew", "--hmac", &hmac, "--renew-time-period", "60000"];
    let line = same_failure(
        ours("plain-alice.properties").args(args),
        theirs("plain-alice.properties").args(args),
    );
    assert!(line.contains("DelegationTokenExpiredException"), "{line}");
    // A listener without authentication.
    let args = [
        "--bootstrap-server",
        &single(),
        "--command-config",
        "/dev/null",
        "--describe",
        "--owner-principal",
        "User:alice",
    ];
    let line = same_failure(tool(TOOL).args(args), java(TOOL).args(args));
    assert!(
        line.contains("UnsupportedByAuthenticationException"),
        "{line}"
    );
    // Usage errors: Java's first line, status 1.
    for args in [
        vec!["--bootstrap-server", "h:1", "--describe"],
        vec!["--bootstrap-server", "h:1"],
        vec![
            "--bootstrap-server",
            "h:1",
            "--command-config",
            "/dev/null",
            "--create",
        ],
        vec![
            "--bootstrap-server",
            "h:1",
            "--command-config",
            "/dev/null",
            "--renew",
            "--hmac",
            "x",
            "--max-life-time-period",
            "5",
            "--renew-time-period",
            "5",
        ],
    ] {
        let (o, j) = (run(tool(TOOL).args(&args)), run(java(TOOL).args(&args)));
        assert_eq!(j.status.code(), Some(1), "{args:?}: {j:?}");
        assert_eq!(o.status.code(), Some(1), "{args:?}: {o:?}");
        assert_eq!(
            text(&o.stderr),
            format!("{TOOL}: error: {}\n", java_error(&j)),
            "{args:?}"
        );
    }
    // An HMAC that is not base64: after the first line, as Java.
    let args = ["--renew", "--hmac", "!!!", "--renew-time-period", "5"];
    same_failure(
        ours("plain-alice.properties").args(args),
        theirs("plain-alice.properties").args(args),
    );
    // JSON: a failure is one document too.
    let out = run(ours("plain-bob.properties").args([
        "--expire",
        "--hmac",
        "AAAA",
        "--expiry-time-period",
        "1000",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["error"]
        .as_str()
        .unwrap()
        .contains("DelegationTokenNotFoundException"));
}
