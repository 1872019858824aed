//! Secured clusters: every tool with the Java tools' properties files over SASL_PLAINTEXT
//! (PLAIN, SCRAM-SHA-512), SASL_SSL (SCRAM-SHA-256) and SSL with a client certificate, against
//! the test bed's `secure` node (ACLs on: `alice` and the certificate `CN=client` may use topics
//! and groups named `sec-*`, `bob` may use nothing, `admin` is a super user). The refusals —
//! wrong password, unknown user, missing ACL, wrong CA, a JKS truststore — must each be one
//! line that says which, promptly; and no secret may ever be printed.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::support::{fails, java, ok, run, tool, unique, with_stdin};

/// The `secure` node's listeners and its generated files (`scripts/kafka-testbed env`).
struct Secure {
    sasl: String,
    sasl_ssl: String,
    ssl: String,
    dir: PathBuf,
}

fn secure() -> Secure {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: run the tests with scripts/test, or start the test bed \
                 (scripts/kafka-testbed start all) and eval \"$(scripts/kafka-testbed env)\""
            )
        })
    };
    Secure {
        sasl: var("KAFKA_SECURE_SASL"),
        sasl_ssl: var("KAFKA_SECURE_SASL_SSL"),
        ssl: var("KAFKA_SECURE_SSL"),
        dir: PathBuf::from(var("KAFKA_SECURE_DIR")),
    }
}

impl Secure {
    fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// Writes a properties file for one test (a variation of the generated ones).
    fn props(&self, lines: &[String]) -> String {
        let path = std::env::temp_dir().join(format!("{}.properties", unique("sec-props")));
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path.display().to_string()
    }
}

/// A JAAS line as the Java tools take it.
fn jaas(module: &str, user: &str, password: &str) -> String {
    format!(
        "sasl.jaas.config=org.apache.kafka.common.security.{module} required username=\"{user}\" password=\"{password}\";"
    )
}

const PLAIN: &str = "plain.PlainLoginModule";
const SCRAM: &str = "scram.ScramLoginModule";

/// Creates a topic, produces keyed lines, consumes them with a group, and describes the group —
/// each tool with the same Java properties file — and checks the group's lag with Java's tool.
fn whole_flow(bootstrap: &str, config: &str) {
    let topic = unique("sec-flow");
    let group = unique("sec-group");
    let with = |name: &str| {
        let mut cmd = tool(name);
        cmd.args(["--bootstrap-server", bootstrap, "--command-config", config]);
        cmd
    };
    let created =
        ok(with("kafka-topics").args(["--create", "--topic", &topic, "--partitions", "2"]));
    assert_eq!(created, format!("Created topic {topic}.\n"));

    let produced = with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            bootstrap,
            "--command-config",
            config,
            "--topic",
            &topic,
            "--reader-property",
            "parse.key=true",
            "--reader-property",
            "key.separator=:",
        ]),
        b"k1:one\nk2:two\nk3:three\n",
    );
    assert!(produced.status.success(), "{produced:?}");

    let consumed = ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        bootstrap,
        "--command-config",
        config,
        "--topic",
        &topic,
        "--group",
        &group,
        "--from-beginning",
        "--max-messages",
        "3",
        "--timeout-ms",
        "30000",
    ]));
    let mut values: Vec<&str> = consumed.lines().collect();
    values.sort_unstable();
    assert_eq!(values, ["one", "three", "two"]);

    let args = ["--describe", "--group", &group];
    let ours = ok(with("kafka-consumer-groups").args(args));
    let theirs = ok(java("kafka-consumer-groups")
        .args(["--bootstrap-server", bootstrap, "--command-config", config])
        .args(args));
    assert_eq!(ours, theirs, "consumer-groups --describe differs from Java");
    let committed: u64 = ours
        .lines()
        .filter(|l| l.starts_with(&group))
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(cols[3], cols[4], "CURRENT-OFFSET != LOG-END-OFFSET in {l}");
            assert_eq!(cols[5], "0", "LAG in {l}");
            cols[3].parse::<u64>().unwrap()
        })
        .sum();
    assert_eq!(committed, 3, "{ours}");

    // The native protocol path on the same settings: ListOffsets -4 (earliest local) equals
    // librdkafka's earliest, and the topic's description (DescribeTopicPartitions) equals Java's.
    let native = ok(with("kafka-get-offsets").args(["--topic", &topic, "--time", "-4"]));
    let earliest = ok(with("kafka-get-offsets").args(["--topic", &topic, "--time", "-2"]));
    assert_eq!(native, earliest);
    assert_eq!(native.lines().count(), 2, "{native}");
    let args = ["--describe", "--topic", &topic];
    let ours = ok(with("kafka-topics").args(args));
    let theirs = ok(java("kafka-topics")
        .args(["--bootstrap-server", bootstrap, "--command-config", config])
        .args(args));
    assert_eq!(ours, theirs, "kafka-topics --describe differs from Java");
}

#[test]
fn sasl_plaintext_oauthbearer_with_an_unsecured_jwt() {
    let s = secure();
    whole_flow(&s.sasl, &s.file("oauth-alice.properties"));
}

/// A compact JWS with `alg: none` for `sub`, valid for an hour: the secured node accepts
/// unsecured tokens, so it serves as the "static token" a user's identity provider issued.
fn unsecured_token(sub: &str) -> String {
    fn b64url(data: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
            }
        }
        out
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = format!(r#"{{"sub":"{sub}","iat":{now},"exp":{}}}"#, now + 3600);
    format!(
        "{}.{}.",
        b64url(br#"{"alg":"none"}"#),
        b64url(claims.as_bytes())
    )
}

/// A static OAUTHBEARER token read from a `file:` token endpoint (Java 4.x's way): tools on
/// both the librdkafka and the native path authenticate with it; a token file that cannot be
/// read is one line naming it.
#[test]
fn sasl_plaintext_oauthbearer_with_a_static_token_file() {
    let s = secure();
    let token = std::env::temp_dir().join(format!("{}.jwt", unique("sec-token")));
    std::fs::write(&token, unsecured_token("alice") + "\n").unwrap();
    let url = format!("file:{}", token.display());
    let lines = |url: &str| {
        vec![
            "security.protocol=SASL_PLAINTEXT".to_string(),
            "sasl.mechanism=OAUTHBEARER".to_string(),
            "sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler".to_string(),
            format!("sasl.oauthbearer.token.endpoint.url={url}"),
            "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;".to_string(),
        ]
    };
    let config = s.props(&lines(&url));
    // Not whole_flow: Java's client refuses an unsigned token ("expected three sections") and
    // the node's unsecured validator refuses a signed one, so no Java tool can join in here.
    let with = |name: &str| {
        let mut cmd = tool(name);
        cmd.args(["--bootstrap-server", &s.sasl, "--command-config", &config]);
        cmd
    };
    let topic = unique("sec-token");
    ok(with("kafka-topics").args(["--create", "--topic", &topic, "--partitions", "2"]));
    let produced = with_stdin(
        with("kafka-console-producer").args(["--topic", &topic]),
        b"one\ntwo\nthree\n",
    );
    assert!(produced.status.success(), "{produced:?}");
    let consumed = ok(with("kafka-console-consumer").args([
        "--topic",
        &topic,
        "--group",
        &unique("sec-token-group"),
        "--from-beginning",
        "--max-messages",
        "3",
        "--timeout-ms",
        "30000",
    ]));
    let mut values: Vec<&str> = consumed.lines().collect();
    values.sort_unstable();
    assert_eq!(values, ["one", "three", "two"]);
    // The native path: ListOffsets -4 and DescribeTopicPartitions, with the same token.
    let native = ok(with("kafka-get-offsets").args(["--topic", &topic, "--time", "-4"]));
    assert_eq!(native, format!("{topic}:0:0\n{topic}:1:0\n"));
    let described = ok(with("kafka-topics").args(["--describe", "--topic", &topic]));
    assert!(described.contains("Elr: "), "{described}");

    let missing = std::env::temp_dir().join(format!("{}.jwt", unique("sec-no-token")));
    let config = s.props(&lines(&format!("file:{}", missing.display())));
    for cmd in [
        tool("kafka-topics").args(["--list"]),
        tool("kafka-get-offsets").args(["--topic", "sec-any", "--time", "-4"]),
    ] {
        let out = run(cmd.args(["--bootstrap-server", &s.sasl, "--command-config", &config]));
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("cannot read the token file")
                && err.contains(&missing.display().to_string()),
            "{err}"
        );
    }
}

#[test]
fn ssl_with_jks_truststore_and_keystore() {
    let s = secure();
    whole_flow(&s.ssl, &s.file("jks-ssl-client.properties"));
}

#[test]
fn sasl_plaintext_plain() {
    let s = secure();
    whole_flow(&s.sasl, &s.file("plain-alice.properties"));
}

#[test]
fn sasl_plaintext_scram_sha_512() {
    let s = secure();
    whole_flow(&s.sasl, &s.file("scram512-alice.properties"));
}

#[test]
fn sasl_ssl_scram_sha_256() {
    let s = secure();
    whole_flow(&s.sasl_ssl, &s.file("scram256-ssl-alice.properties"));
}

#[test]
fn ssl_with_a_client_certificate() {
    let s = secure();
    whole_flow(&s.ssl, &s.file("ssl-client.properties"));
}

/// Runs `kafka-topics --list` with `config`; asserts a prompt failure, one stderr line with
/// `needle`, and returns that line.
fn refused(bootstrap: &str, config: &str, needle: &str) -> String {
    let start = Instant::now();
    let out = run(tool("kafka-topics").args([
        "--bootstrap-server",
        bootstrap,
        "--command-config",
        config,
        "--list",
    ]));
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.contains(needle), "{stderr:?} lacks {needle:?}");
    assert!(!stderr.contains("timed out"), "{stderr}");
    // Not a speed target: the default API timeout is 60 s, a refusal must not wait for it.
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    assert!(out.stdout.is_empty());
    stderr
}

#[test]
fn a_wrong_password_is_an_authentication_failure() {
    let s = secure();
    for (module, mechanism) in [
        (PLAIN, "PLAIN"),
        (SCRAM, "SCRAM-SHA-256"),
        (SCRAM, "SCRAM-SHA-512"),
    ] {
        let config = s.props(&[
            "security.protocol=SASL_PLAINTEXT".into(),
            format!("sasl.mechanism={mechanism}"),
            jaas(module, "alice", "not-her-password"),
        ]);
        refused(&s.sasl, &config, "authentication failed");
    }
}

#[test]
fn an_unknown_user_is_an_authentication_failure() {
    let s = secure();
    let config = s.props(&[
        "security.protocol=SASL_SSL".into(),
        "sasl.mechanism=SCRAM-SHA-256".into(),
        jaas(SCRAM, "mallory", "whatever"),
        format!("ssl.truststore.location={}", s.file("ca.pem")),
        "ssl.truststore.type=PEM".into(),
    ]);
    refused(&s.sasl_ssl, &config, "authentication failed");
}

#[test]
fn a_server_certificate_from_another_ca_is_refused() {
    let s = secure();
    let config = s.props(&[
        "security.protocol=SSL".into(),
        format!("ssl.truststore.location={}", s.file("other-ca.pem")),
        "ssl.truststore.type=PEM".into(),
        format!("ssl.keystore.location={}", s.file("client.p12")),
        "ssl.keystore.type=PKCS12".into(),
        "ssl.keystore.password=client-secret".into(),
    ]);
    refused(&s.ssl, &config, "certificate verify failed");
}

#[test]
fn a_jks_store_with_a_wrong_password_is_one_line() {
    let s = secure();
    let config = s.props(&[
        "security.protocol=SSL".into(),
        format!("ssl.truststore.location={}", s.file("truststore.jks")),
        "ssl.truststore.password=wrong-secret".into(),
    ]);
    let out = run(tool("kafka-topics").args([
        "--bootstrap-server",
        &s.ssl,
        "--command-config",
        &config,
        "--list",
    ]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("ssl.truststore.location"), "{stderr}");
    assert!(stderr.contains("check ssl.truststore.password"), "{stderr}");
    assert!(!stderr.contains("wrong-secret"), "{stderr}");
}

#[test]
fn missing_acls_are_refused_naming_the_topic_or_group() {
    let s = secure();
    let admin = s.file("admin.properties");
    let bob = s.file("plain-bob.properties");
    let alice = s.file("plain-alice.properties");
    let topic = unique("sec-acl");
    let outside = unique("open-acl");
    for name in [&topic, &outside] {
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &s.sasl,
            "--command-config",
            &admin,
            "--create",
            "--topic",
            name,
        ]));
    }
    // One error line (the console consumer also prints its total, as Java's does).
    let expect_refusal = |out: Output, needle: &str| {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_ne!(out.status.code(), Some(0), "{stderr}");
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("Processed a total of"))
            .collect();
        assert_eq!(errors.len(), 1, "not one line: {stderr}");
        assert!(errors[0].contains(needle), "{stderr:?} lacks {needle:?}");
    };
    let start = Instant::now();
    // bob may not create, produce, consume or describe anything.
    expect_refusal(
        run(tool("kafka-topics").args([
            "--bootstrap-server",
            &s.sasl,
            "--command-config",
            &bob,
            "--create",
            "--topic",
            &unique("sec-bob"),
        ])),
        "not authorized for topic 'sec-bob",
    );
    expect_refusal(
        with_stdin(
            tool("kafka-console-producer").args([
                "--bootstrap-server",
                &s.sasl,
                "--command-config",
                &bob,
                "--topic",
                &topic,
            ]),
            b"x\n",
        ),
        &format!("not authorized for topic '{topic}'"),
    );
    expect_refusal(
        run(tool("kafka-topics").args([
            "--bootstrap-server",
            &s.sasl,
            "--command-config",
            &bob,
            "--describe",
            "--topic",
            &topic,
        ])),
        &format!("not authorized for topic '{topic}'"),
    );
    expect_refusal(
        run(tool("kafka-console-consumer").args([
            "--bootstrap-server",
            &s.sasl,
            "--command-config",
            &bob,
            "--topic",
            &topic,
            "--partition",
            "0",
            "--offset",
            "earliest",
            "--timeout-ms",
            "30000",
        ])),
        &format!("not authorized for topic '{topic}'"),
    );
    // alice may use sec-* only.
    expect_refusal(
        with_stdin(
            tool("kafka-console-producer").args([
                "--bootstrap-server",
                &s.sasl,
                "--command-config",
                &alice,
                "--topic",
                &outside,
            ]),
            b"x\n",
        ),
        &format!("not authorized for topic '{outside}'"),
    );
    let group = unique("open-group");
    expect_refusal(
        run(tool("kafka-console-consumer").args([
            "--bootstrap-server",
            &s.sasl,
            "--command-config",
            &alice,
            "--topic",
            &topic,
            "--group",
            &group,
            "--timeout-ms",
            "30000",
        ])),
        &format!("not authorized for group '{group}'"),
    );
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "refusals took {:?}",
        start.elapsed()
    );
}

/// The test bed's CA goes into the system store (`kafka-testbed trust-ca`); a client that
/// names no CA must then trust the broker through `ssl.ca.location=probe` in the vendored
/// OpenSSL, without SSL_CERT_FILE/SSL_CERT_DIR pointing it anywhere.
#[test]
fn tls_trusts_the_system_store_without_ssl_cert_variables() {
    let s = secure();
    crate::support::testbed(&["trust-ca"]);
    let config = s.props(&[
        "security.protocol=SASL_SSL".into(),
        "sasl.mechanism=SCRAM-SHA-512".into(),
        jaas(SCRAM, "alice", "alice-secret"),
    ]);
    let mut cmd = tool("kafka-topics");
    cmd.env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .args([
            "--bootstrap-server",
            &s.sasl_ssl,
            "--command-config",
            &config,
            "--list",
        ]);
    ok(&mut cmd);
}

/// Every tool, run with a wrong password that is a known string and librdkafka's debug log on,
/// must fail without printing that string anywhere.
#[test]
fn no_tool_ever_prints_the_password() {
    let s = secure();
    const CANARY: &str = "Canary-Pa55word-7f3e";
    let config = s.props(&[
        "security.protocol=SASL_SSL".into(),
        "sasl.mechanism=SCRAM-SHA-256".into(),
        jaas(SCRAM, "alice", CANARY),
        format!("ssl.truststore.location={}", s.file("ca.pem")),
        "ssl.truststore.type=PEM".into(),
    ]);
    let offsets = std::env::temp_dir().join(format!("{}.json", unique("sec-offsets")));
    std::fs::write(
        &offsets,
        r#"{"partitions":[{"topic":"sec-x","partition":0,"offset":0}],"version":1}"#,
    )
    .unwrap();
    let offsets = offsets.display().to_string();
    let runs: [(&str, &[&str]); 10] = [
        ("kafka-topics", &["--list"]),
        ("kafka-console-producer", &["--topic", "sec-x"]),
        (
            "kafka-console-consumer",
            &["--topic", "sec-x", "--timeout-ms", "20000"],
        ),
        ("kafka-consumer-groups", &["--list"]),
        (
            "kafka-verifiable-producer",
            &["--topic", "sec-x", "--max-messages", "1"],
        ),
        (
            "kafka-verifiable-consumer",
            &["--topic", "sec-x", "--group-id", "sec-canary"],
        ),
        ("kafka-get-offsets", &["--topic", "sec-x"]),
        ("kafka-configs", &["--describe", "--topic", "sec-x"]),
        ("kafka-delete-records", &["--offset-json-file", &offsets]),
        (
            "kafka-leader-election",
            &["--election-type", "preferred", "--all-topic-partitions"],
        ),
    ];
    for (name, args) in runs {
        let mut cmd: Command = tool(name);
        cmd.args([
            "--bootstrap-server",
            &s.sasl_ssl,
            "--command-config",
            &config,
        ])
        .args(["--command-property", "debug=all"])
        .args(args);
        let out = with_stdin(&mut cmd, b"x\n");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{name} succeeded: {stderr}");
        assert!(
            stderr.contains("authentication failed"),
            "{name}: {}",
            stderr.lines().last().unwrap_or_default()
        );
        assert!(stderr.lines().count() > 10, "{name}: no debug log");
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.contains(CANARY),
                "{name} printed the password on {stream}"
            );
        }
    }
    // Store passwords: a wrong truststore password, then a wrong keystore password.
    for (trust, key) in [(CANARY, CANARY), ("trust-secret", CANARY)] {
        let config = s.props(&[
            "security.protocol=SSL".into(),
            format!("ssl.truststore.location={}", s.file("truststore.p12")),
            format!("ssl.truststore.password={trust}"),
            format!("ssl.keystore.location={}", s.file("client.p12")),
            format!("ssl.keystore.password={key}"),
            format!("ssl.key.password={key}"),
        ]);
        for name in ["kafka-topics", "kafka-consumer-groups"] {
            let out = run(tool(name)
                .args(["--bootstrap-server", &s.ssl, "--command-config", &config])
                .args(["--command-property", "debug=all", "--list"]));
            let all = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name}: {all}");
            assert!(
                !all.contains(CANARY),
                "{name} printed a store password: {all}"
            );
        }
    }
    for name in [
        "kafka-topics",
        "kafka-console-producer",
        "kafka-verifiable-consumer",
    ] {
        let help = ok(tool(name)
            .arg("--help")
            .env("KAFKA_BOOTSTRAP_SERVERS", CANARY));
        assert!(
            !help.contains(CANARY),
            "{name} --help shows the environment"
        );
    }
}

/// The tools not in [`whole_flow`], each with the SASL_SSL/SCRAM-SHA-256 file (leader election
/// needs ALTER on the cluster, which only `admin` has).
#[test]
fn every_other_tool_works_over_sasl_ssl() {
    let s = secure();
    let config = s.file("scram256-ssl-alice.properties");
    let topic = unique("sec-tools");
    let with = |name: &str| {
        let mut cmd = tool(name);
        cmd.args([
            "--bootstrap-server",
            &s.sasl_ssl,
            "--command-config",
            &config,
        ]);
        cmd
    };
    ok(with("kafka-topics").args(["--create", "--topic", &topic, "--partitions", "2"]));
    let produced =
        ok(with("kafka-verifiable-producer").args(["--topic", &topic, "--max-messages", "10"]));
    assert_eq!(
        produced
            .matches(r#""name":"producer_send_success""#)
            .count(),
        10,
        "{produced}"
    );
    let consumed = ok(with("kafka-verifiable-consumer").args([
        "--topic",
        &topic,
        "--group-id",
        &unique("sec-verify"),
        "--max-messages",
        "10",
    ]));
    assert!(
        consumed.contains(r#""name":"records_consumed""#),
        "{consumed}"
    );
    let offsets = ok(with("kafka-get-offsets").args(["--topic", &topic]));
    let total: u64 = offsets
        .lines()
        .map(|l| l.rsplit(':').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 10, "{offsets}");
    ok(with("kafka-configs").args([
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000",
    ]));
    let described = ok(with("kafka-configs").args(["--describe", "--topic", &topic]));
    assert!(described.contains("retention.ms=3600000"), "{described}");
    let json = std::env::temp_dir().join(format!("{topic}.json"));
    std::fs::write(
        &json,
        format!(
            r#"{{"partitions":[{{"topic":"{topic}","partition":0,"offset":-1}}],"version":1}}"#
        ),
    )
    .unwrap();
    let deleted =
        ok(with("kafka-delete-records").args(["--offset-json-file", &json.display().to_string()]));
    assert!(
        deleted.contains(&format!("partition: {topic}-0\tlow_watermark: ")),
        "{deleted}"
    );
    let elected = ok(tool("kafka-leader-election").args([
        "--bootstrap-server",
        &s.sasl,
        "--command-config",
        &s.file("admin.properties"),
        "--election-type",
        "preferred",
        "--topic",
        &topic,
        "--partition",
        "0",
    ]));
    assert!(
        elected.contains("Valid replica already elected"),
        "{elected}"
    );
}

/// Java truststores are usually PKCS12 (keytool's default type since Java 9): read with the
/// vendored OpenSSL, the same file the Java tools use works here.
#[test]
fn a_pkcs12_truststore_made_by_keytool_works() {
    let s = secure();
    let config = s.props(&[
        "security.protocol=SASL_SSL".into(),
        "sasl.mechanism=SCRAM-SHA-512".into(),
        jaas(SCRAM, "alice", "alice-secret"),
        format!("ssl.truststore.location={}", s.file("truststore.p12")),
        "ssl.truststore.type=PKCS12".into(),
        "ssl.truststore.password=trust-secret".into(),
        "ssl.endpoint.identification.algorithm=https".into(),
    ]);
    let args = [
        "--bootstrap-server",
        &s.sasl_ssl,
        "--command-config",
        &config,
    ];
    let topic = unique("sec-p12");
    ok(tool("kafka-topics")
        .args(args)
        .args(["--create", "--topic", &topic]));
    let ours = ok(tool("kafka-topics")
        .args(args)
        .args(["--list", "--topic", &topic]));
    assert_eq!(ours, format!("{topic}\n"));
    let theirs = ok(java("kafka-topics")
        .args(args)
        .args(["--list", "--topic", &topic]));
    assert_eq!(ours, theirs);
}

/// A JAAS password with a quote and a backslash, escaped as Java's JAAS parser wants it.
#[test]
fn jaas_quoting_and_escapes_reach_the_broker_intact() {
    let s = secure();
    let user = unique("quoted-user");
    let password = r#"pa"ss\word 1"#;
    ok(java("kafka-configs").args([
        "--bootstrap-server",
        &s.sasl,
        "--command-config",
        &s.file("admin.properties"),
        "--alter",
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--add-config",
        &format!("SCRAM-SHA-512=[password={password}]"),
    ]));
    let escaped = password.replace('\\', r"\\").replace('"', r#"\""#);
    // In a properties file a backslash is itself an escape: double each one again.
    let line = jaas(SCRAM, &user, &escaped).replace('\\', r"\\");
    let config = s.props(&[
        "security.protocol=SASL_PLAINTEXT".into(),
        "sasl.mechanism=SCRAM-SHA-512".into(),
        line,
    ]);
    let args = [
        "--bootstrap-server",
        &s.sasl,
        "--command-config",
        &config,
        "--list",
    ];
    // The credential takes a moment to reach the broker's cache.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let out = run(tool("kafka-topics").args(args));
        if out.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("authentication failed"), "{stderr}");
        assert!(Instant::now() < deadline, "never authenticated: {stderr}");
        std::thread::sleep(Duration::from_millis(300));
    }
    // The Java tool reads the same file the same way.
    ok(java("kafka-topics").args(args));
}

/// Every tool, as `bob` (no ACLs), on a topic he may not see: one line naming what was
/// refused, exit 1 — also the tools whose Java original exits 0 on runtime errors.
#[test]
fn every_tool_names_the_refusal_and_fails() {
    let s = secure();
    let topic = unique("sec-refused");
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &s.sasl,
        "--command-config",
        &s.file("admin.properties"),
        "--create",
        "--topic",
        &topic,
    ]));
    let offsets = std::env::temp_dir().join(format!("{topic}.json"));
    std::fs::write(
        &offsets,
        format!(r#"{{"partitions":[{{"topic":"{topic}","partition":0,"offset":0}}],"version":1}}"#),
    )
    .unwrap();
    let offsets = offsets.display().to_string();
    let on_topic = format!("not authorized for topic '{topic}'");
    let runs: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "kafka-topics",
            vec!["--describe", "--topic", &topic],
            &on_topic,
        ),
        (
            "kafka-topics",
            vec!["--delete", "--topic", &topic],
            &on_topic,
        ),
        ("kafka-get-offsets", vec!["--topic", &topic], &on_topic),
        (
            "kafka-configs",
            vec!["--describe", "--topic", &topic],
            &on_topic,
        ),
        (
            "kafka-configs",
            vec![
                "--alter",
                "--topic",
                &topic,
                "--add-config",
                "retention.ms=1",
            ],
            &on_topic,
        ),
        (
            "kafka-delete-records",
            vec!["--offset-json-file", &offsets],
            &on_topic,
        ),
        (
            "kafka-consumer-groups",
            vec!["--describe", "--group", "sec-bob"],
            "not authorized for group 'sec-bob'",
        ),
        (
            "kafka-verifiable-consumer",
            vec![
                "--topic",
                &topic,
                "--group-id",
                "sec-bob",
                "--max-messages",
                "1",
            ],
            "not authorized for group 'sec-bob'",
        ),
        (
            "kafka-verifiable-producer",
            vec!["--topic", &topic, "--max-messages", "1"],
            &on_topic,
        ),
        (
            "kafka-leader-election",
            vec!["--election-type", "preferred", "--all-topic-partitions"],
            "not authorized for this cluster operation",
        ),
    ];
    for (name, args, needle) in runs {
        let out = run(tool(name)
            .args([
                "--bootstrap-server",
                &s.sasl,
                "--command-config",
                &s.file("plain-bob.properties"),
            ])
            .args(&args));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name} {args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name} {args:?}: {stderr}");
        assert!(
            stderr.contains(needle),
            "{name} {args:?}: {stderr:?} lacks {needle:?}"
        );
    }
}

#[test]
fn a_plaintext_client_on_a_secured_port_is_told_to_check_security_protocol() {
    let s = secure();
    for port in [&s.sasl, &s.ssl] {
        for args in [
            &["kafka-topics", "--list"][..],
            &["kafka-get-offsets", "--topic", "sec-x"][..],
            &["kafka-consumer-groups", "--list"][..],
            &["kafka-configs", "--describe", "--entity-type", "topics"][..],
        ] {
            let line = fails(
                tool(args[0])
                    .args(["--bootstrap-server", port])
                    .args(&args[1..]),
                1,
                "security.protocol",
            );
            assert!(!line.contains("brokers are down"), "{line}");
        }
    }
}

#[test]
fn a_refused_port_reads_the_same_from_every_tool() {
    for args in [
        &["kafka-topics", "--list"][..],
        &["kafka-get-offsets", "--topic", "x"][..],
        &["kafka-consumer-groups", "--list"][..],
        &["kafka-configs", "--describe", "--entity-type", "topics"][..],
        &[
            "kafka-leader-election",
            "--election-type",
            "preferred",
            "--all-topic-partitions",
        ][..],
    ] {
        let line = fails(
            tool(args[0]).args(["--bootstrap-server", "127.0.0.1:9"]).args(&args[1..]),
            1,
            "no broker is reachable (last error: 127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused",
        );
        assert!(!line.contains("brokers are down"), "{line}");
    }
}

/// `kafka-configs --describe --entity-type clients` (DescribeClientQuotas) goes through the
/// native protocol path only: each way of failing to use the cluster is one line, exit 1, fast.
#[test]
fn the_native_path_names_each_refusal_in_one_line() {
    let s = secure();
    let quotas = |bootstrap: &str, words: &[String], needle: &str| {
        let mut cmd = tool("kafka-configs");
        cmd.args(["--bootstrap-server", bootstrap]);
        for w in words {
            cmd.args(["--command-property", w]);
        }
        cmd.args(["--describe", "--entity-type", "clients"]);
        let started = Instant::now();
        let out = run(&mut cmd);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{:?}",
            started.elapsed()
        );
        assert!(!stderr.contains("secret"), "{stderr}");
        stderr
    };
    let words = |file: &str, extra: &[String]| -> Vec<String> {
        let mut w: Vec<String> = std::fs::read_to_string(s.file(file))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('='))
            .map(str::to_string)
            .collect();
        w.extend(extra.iter().cloned());
        w
    };
    // PLAINTEXT on a SASL listener, and on a TLS listener.
    quotas(&s.sasl, &[], "is security.protocol right?");
    quotas(&s.ssl, &[], "is security.protocol right?");
    // A wrong password.
    quotas(
        &s.sasl,
        &words(
            "scram512-alice.properties",
            &[jaas(SCRAM, "alice", "not-the-secret")],
        ),
        "authentication failed",
    );
    // A CA that did not sign the broker's certificate (the only CA trusted, even when the
    // system store has the test bed's CA).
    quotas(
        &s.ssl,
        &words(
            "ssl-client.properties",
            &[format!(
                "ssl.truststore.location={}",
                s.file("other-ca.pem")
            )],
        ),
        "certificate verify failed",
    );
    // A principal without the ACL (DescribeConfigs on the cluster).
    quotas(
        &s.sasl,
        &words("plain-bob.properties", &[]),
        "ClusterAuthorizationFailed",
    );
    // The admin's file works; the JKS client (CN=client) gets through TLS with its JKS stores
    // and is then refused by the ACLs, as JSON.
    let json = |bootstrap: &str, file: &str| {
        let out = run(tool("kafka-configs").args([
            "--bootstrap-server",
            bootstrap,
            "--command-config",
            &s.file(file),
            "--describe",
            "--entity-type",
            "clients",
            "--output",
            "json",
        ]));
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let doc: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        (out.status.code(), doc)
    };
    let (code, doc) = json(&s.sasl, "admin.properties");
    assert_eq!(code, Some(0), "{doc}");
    assert!(doc["quotas"].is_array(), "{doc}");
    let (code, doc) = json(&s.ssl, "jks-ssl-client.properties");
    assert_eq!(code, Some(1), "{doc}");
    assert!(
        doc["error"]
            .as_str()
            .is_some_and(|e| e.contains("ClusterAuthorizationFailed")),
        "{doc}"
    );
}
