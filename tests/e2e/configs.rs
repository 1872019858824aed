//! kafka-configs against the real brokers, compared with the real Java tool.

use std::io::Write;

use crate::support::{self, fails, java, ok, run, single, tool, unique};

fn create_topic(bs: &str, partitions: u32) -> String {
    support::create_topic(bs, "cfg", partitions, &[])
}

/// Runs ours and Java's with the same arguments; asserts equal stdout and success.
fn same_as_java(args: &[&str]) -> String {
    let ours = ok(tool("kafka-configs").args(args));
    let theirs = ok(java("kafka-configs").args(args));
    assert_eq!(ours, theirs, "kafka-configs {args:?} differs from Java");
    ours
}

#[test]
fn alter_then_describe_a_topic_like_java() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000,cleanup.policy=[compact,delete]",
    ]));
    assert_eq!(
        out,
        format!("Completed updating config for topic {topic}.\n")
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert_eq!(
        described,
        format!(
            "Dynamic configs for topic {topic} are:\n  \
             cleanup.policy=compact,delete sensitive=false synonyms={{DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}}\n  \
             retention.ms=3600000 sensitive=false synonyms={{DYNAMIC_TOPIC_CONFIG:retention.ms=3600000}}\n"
        )
    );
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "topics",
        "--entity-name",
        &topic,
        "--all",
    ]);
    // Delete one override; Java sees the change.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--delete-config",
        "cleanup.policy",
    ]));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert!(!described.contains("cleanup.policy"), "{described}");
    assert!(described.contains("retention.ms=3600000"), "{described}");
}

#[test]
fn add_config_file_and_json_output() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let path = std::env::temp_dir().join(format!("{topic}.properties"));
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(
        file,
        "# a comment\nmax.message.bytes = 200000\nsegment.ms:7200000"
    )
    .unwrap();
    drop(file);
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config-file",
        path.to_str().unwrap(),
    ]));
    std::fs::remove_file(&path).ok();
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--topic",
        &topic,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entity = &doc["entities"][0];
    assert_eq!(entity["type"], "topic");
    assert_eq!(entity["name"], topic.as_str());
    let configs = entity["configs"].as_array().unwrap();
    let names: Vec<&str> = configs
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["max.message.bytes", "segment.ms"], "{json}");
    assert_eq!(configs[0]["value"], "200000");
    assert_eq!(configs[0]["source"], "DYNAMIC_TOPIC_CONFIG");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
}

#[test]
fn missing_topics_and_bad_changes() {
    let bs = single();
    let missing = unique("cfg-missing");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &missing]);
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &missing,
            "--add-config",
            "retention.ms=1",
        ]),
        1,
        "does not exist",
    );
    let topic = create_topic(&bs, 1);
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--add-config",
            "retention.ms=abc",
        ]),
        1,
        "Invalid value abc for configuration retention.ms",
    );
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--add-config",
            "a=b=c",
        ]),
        1,
        "all configs to be added must be in the format",
    );
}

/// The id of one broker of the cluster at `bs` (from our broker summary).
fn a_broker_id(bs: &str) -> String {
    let summary = ok(tool("kafka-topics").args([
        "--bootstrap-server",
        bs,
        "--describe",
        "--broker-summary",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&summary).unwrap();
    doc["brokers"][0]["broker"].to_string()
}

#[test]
fn brokers_alter_and_describe_like_java() {
    let bs = single();
    let id = a_broker_id(&bs);
    // A per-broker dynamic config that changes nothing for other tests.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--broker",
        &id,
        "--add-config",
        "log.cleaner.backoff.ms=15001",
    ]));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", &id]);
    assert!(
        described.contains("  log.cleaner.backoff.ms=15001 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.backoff.ms=15001, DEFAULT_CONFIG:log.cleaner.backoff.ms=15000}"),
        "{described}"
    );
    // All brokers, then the cluster default (read from a broker's synonyms).
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "brokers",
    ]);
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker-defaults"]);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "brokers",
        "--entity-name",
        &id,
        "--delete-config",
        "log.cleaner.backoff.ms",
    ]));
    assert_eq!(out, format!("Completed updating config for broker {id}.\n"));
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", &id]);
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker", "4242"]);
}

#[test]
fn bad_commands_fail_in_one_line() {
    fails(
        tool("kafka-configs").args(["--bootstrap-server", &single(), "--topic", "t"]),
        1,
        "Command must include exactly one action: --describe, --alter",
    );
    let out = run(tool("kafka-configs").args([
        "--bootstrap-server",
        &single(),
        "--describe",
        "--entity-type",
        "nope",
    ]));
    assert_eq!(out.status.code(), Some(1));
}

/// Runs ours and Java's with the same failing arguments: both exit 1, ours in one line that
/// carries the message Java prints (Java adds "Error while executing ..." and a stack trace for
/// broker errors).
fn fails_like_java(args: &[&str], message: &str) {
    let ours = fails(tool("kafka-configs").args(args), 1, message);
    let theirs = run(java("kafka-configs").args(args));
    assert_eq!(theirs.status.code(), Some(1), "Java {args:?}");
    let java_text = String::from_utf8_lossy(&theirs.stdout).into_owned()
        + &String::from_utf8_lossy(&theirs.stderr);
    assert!(java_text.contains(message), "Java {args:?}: {java_text}");
    assert!(ours.starts_with("kafka-configs: error: "), "{ours}");
}

#[test]
fn user_and_client_quotas_like_java() {
    let bs = single();
    let user = unique("cfg-quser");
    let client = unique("cfg-qclient");
    let alter = |extra: &[&str]| {
        ok(tool("kafka-configs")
            .args(["--bootstrap-server", &bs, "--alter"])
            .args(extra))
    };
    let out = alter(&[
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--add-config",
        "producer_byte_rate=1024,consumer_byte_rate=2048",
    ]);
    assert_eq!(out, format!("Completed updating config for user {user}.\n"));
    // Users and clients together; the first type names the entity in the message.
    let out = alter(&[
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--add-config",
        "request_percentage=50",
    ]);
    assert_eq!(
        out,
        format!("Completed updating config for client {client}.\n")
    );
    alter(&[
        "--client",
        &client,
        "--add-config",
        "producer_byte_rate=10485760,controller_mutation_rate=0.5",
    ]);
    let described = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "users",
        "--entity-name",
        &user,
    ]);
    assert_eq!(
        described,
        format!("Quota configs for user-principal '{user}' are consumer_byte_rate=2048.0, producer_byte_rate=1024.0\n")
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--client", &client]);
    assert!(
        described.starts_with(&format!("Quota configs for client-id '{client}' are ")),
        "{described}"
    );
    assert!(
        described.contains("producer_byte_rate=1.048576E7"),
        "{described}"
    );
    assert!(
        described.contains("controller_mutation_rate=0.5"),
        "{described}"
    );
    let both = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
    ]);
    assert_eq!(
        both,
        format!("Quota configs for user-principal '{user}', client-id '{client}' are request_percentage=50.0\n")
    );
    // Every client of the user: the user's entity with any client id.
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--entity-type",
        "clients",
    ]);
    // Java's changes are ours to see, and the other way round.
    ok(java("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--add-config",
        "request_percentage=25",
    ]));
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--user",
        &user,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["quotas"][0]["entity"],
        serde_json::json!([{"type": "user", "name": user}]),
        "{json}"
    );
    let configs = doc["quotas"][0]["configs"].as_array().unwrap();
    assert!(
        configs.contains(&serde_json::json!({"name": "request_percentage", "value": 25.0})),
        "{json}"
    );
    assert_eq!(doc["scram_credentials"], serde_json::json!([]), "{json}");
    // Deleting: a key that is not set is Java's error; the others go.
    fails_like_java(
        &[
            "--bootstrap-server",
            &bs,
            "--alter",
            "--user",
            &user,
            "--delete-config",
            "controller_mutation_rate",
        ],
        "Invalid config(s): controller_mutation_rate",
    );
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--delete-config",
        "producer_byte_rate,consumer_byte_rate,request_percentage",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["type"], "user", "{json}");
    assert_eq!(doc["name"], user.as_str(), "{json}");
    assert_eq!(
        doc["deleted"],
        serde_json::json!([
            "producer_byte_rate",
            "consumer_byte_rate",
            "request_percentage"
        ])
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--user", &user]);
    assert_eq!(described, "");
    // Clean up the rest.
    alter(&[
        "--client",
        &client,
        "--delete-config",
        "producer_byte_rate,controller_mutation_rate",
    ]);
    alter(&[
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
        "--delete-config",
        "request_percentage",
    ]);
}

#[test]
fn default_quota_entities_pair_like_java() {
    // Defaults scoped to a unique user or client, so no other test is throttled.
    let bs = single();
    let user = unique("cfg-duser");
    let client = unique("cfg-dclient");
    // The default user with one client id: names pair with types in command-line order.
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "users",
        "--entity-default",
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
        "--add-config",
        "consumer_byte_rate=7",
    ]));
    assert_eq!(
        out,
        "Completed updating default config for users in the cluster.\n"
    );
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--client-defaults",
        "--add-config",
        "consumer_byte_rate=8",
    ]));
    let described = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "users",
        "--entity-default",
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
    ]);
    assert_eq!(
        described,
        format!("Quota configs for the default user-principal, client-id '{client}' are consumer_byte_rate=7.0\n")
    );
    let described = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--user",
        &user,
        "--client-defaults",
    ]);
    assert_eq!(
        described,
        format!("Quota configs for user-principal '{user}', the default client-id are consumer_byte_rate=8.0\n")
    );
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--user",
        &user,
        "--client-defaults",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["quotas"][0]["entity"],
        serde_json::json!([{"type": "user", "name": user}, {"type": "client-id", "name": null}]),
        "{json}"
    );
    assert!(doc.get("scram_credentials").is_none(), "{json}");
    ok(java("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "users",
        "--entity-default",
        "--entity-type",
        "clients",
        "--entity-name",
        &client,
        "--delete-config",
        "consumer_byte_rate",
    ]));
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--client-defaults",
        "--delete-config",
        "consumer_byte_rate",
    ]));
    let described = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--user",
        &user,
        "--client-defaults",
    ]);
    assert_eq!(described, "");
}

#[test]
fn ip_quotas_like_java() {
    let bs = single();
    let n = std::process::id() % 250 + 1;
    let ip = format!(
        "10.{}.{}.{}",
        n,
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
            % 250
            + 1,
        7
    );
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "ips",
        "--entity-name",
        &ip,
        "--add-config",
        "connection_creation_rate=10",
    ]));
    assert_eq!(out, format!("Completed updating config for ip {ip}.\n"));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--ip", &ip]);
    assert_eq!(
        described,
        format!("Quota configs for ip '{ip}' are connection_creation_rate=10.0\n")
    );
    fails_like_java(
        &[
            "--bootstrap-server",
            &bs,
            "--alter",
            "--ip",
            &ip,
            "--add-config",
            "producer_byte_rate=1",
            "--delete-config",
            "a,b",
        ],
        "Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: a, b, producer_byte_rate",
    );
    fails_like_java(
        &[
            "--bootstrap-server",
            &bs,
            "--describe",
            "--entity-type",
            "ips",
            "--entity-name",
            "not_an_ip!!",
        ],
        "The entity name for ips must be a valid IP or resolvable host, but it is: not_an_ip!!",
    );
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--ip",
        &ip,
        "--delete-config",
        "connection_creation_rate",
    ]));
    assert_eq!(
        same_as_java(&["--bootstrap-server", &bs, "--describe", "--ip", &ip]),
        ""
    );
}

#[test]
fn quota_and_scram_refusals_like_java() {
    let bs = single();
    let user = unique("cfg-ruser");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--user", &user, "--add-config", "foo=1,bar=2,baz=3"],
            "Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: bar,foo,baz",
        ),
        (
            &["--user", &user, "--delete-config", "request_percentage,foo_bar,xx"],
            "Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: xx,foo_bar",
        ),
        (
            &["--client", "c", "--delete-config", "foo,SCRAM-SHA-256"],
            "Only quota configs can be deleted for 'clients' using --bootstrap-server. Unexpected config names: SCRAM-SHA-256,foo",
        ),
        (
            &["--client", "c", "--add-config", "SCRAM-SHA-256=[password=x]"],
            "Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: SCRAM-SHA-256",
        ),
        (
            &["--user", &user, "--add-config", "producer_byte_rate=abc"],
            "Cannot parse quota configuration value for producer_byte_rate: abc",
        ),
        (
            &["--user", &user, "--add-config", "request_percentage=-5"],
            "org.apache.kafka.common.errors.InvalidRequestException: Quota request_percentage must be greater than 0",
        ),
        (
            &["--user-defaults", "--add-config", "SCRAM-SHA-256=[password=x]"],
            "The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.",
        ),
        (
            &["--user", &user, "--add-config", "SCRAM-SHA-256=[password=x],producer_byte_rate=5"],
            "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.",
        ),
        (
            &["--user", &user, "--add-config", "SCRAM-SHA-256=[iterations=100,password=x]"],
            "Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256",
        ),
        (
            &["--user", &user, "--add-config", "SCRAM-SHA-512=[iterations=100000,password=x]"],
            "org.apache.kafka.common.errors.UnacceptableCredentialException: Too many iterations",
        ),
        (
            &["--user", &user, "--add-config", "SCRAM-SHA-256=[pass=x]"],
            "Invalid credential property SCRAM_SHA_256=pass=x",
        ),
        (
            &["--user", &user, "--delete-config", "SCRAM-SHA-256"],
            "org.apache.kafka.common.errors.ResourceNotFoundException: Attempt to delete a user credential that does not exist",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["--bootstrap-server", bs.as_str(), "--alter"];
        args.extend_from_slice(extra);
        fails_like_java(&args, message);
    }
    // JSON: the failure is one {"error": ...} document.
    let out = run(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--delete-config",
        "SCRAM-SHA-256",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"error": "org.apache.kafka.common.errors.ResourceNotFoundException: Attempt to delete a user credential that does not exist"})
    );
}

/// The secured node's SASL_PLAINTEXT listener and its files.
fn secure_node() -> (String, std::path::PathBuf) {
    let var = |name: &str| {
        std::env::var(name)
            .unwrap_or_else(|_| panic!("{name} is not set: eval \"$(scripts/kafka-testbed env)\""))
    };
    (
        var("KAFKA_SECURE_SASL"),
        std::path::PathBuf::from(var("KAFKA_SECURE_DIR")),
    )
}

/// A properties file logging in as `user` with SCRAM `mechanism`.
fn scram_login(user: &str, mechanism: &str, password: &str) -> String {
    let path = std::env::temp_dir().join(format!("{}.properties", unique("cfg-login")));
    std::fs::write(
        &path,
        format!(
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism={mechanism}\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"{user}\" password=\"{password}\";\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn scram_credentials_made_by_ours_log_in_with_ours_and_javas() {
    let (bs, dir) = secure_node();
    let admin = dir.join("admin.properties").display().to_string();
    let user = unique("cfg-scram");
    let password = "pw-Secret-9";
    let configs = |extra: &[&str]| {
        let mut cmd = tool("kafka-configs");
        cmd.args(["--bootstrap-server", &bs, "--command-config", &admin])
            .args(extra);
        cmd
    };
    // One mechanism per request: Kafka's controller refuses two alterations of one user in
    // one request (Java's kafka-configs fails the same way).
    let out = ok(&mut configs(&[
        "--alter",
        "--entity-type",
        "users",
        "--entity-name",
        &user,
        "--add-config",
        &format!("SCRAM-SHA-256=[iterations=8192,password={password}]"),
    ]));
    assert_eq!(out, format!("Completed updating config for user {user}.\n"));
    let json = ok(&mut configs(&[
        "--alter",
        "--user",
        &user,
        "--add-config",
        &format!("SCRAM-SHA-512=[password={password}]"),
        "--output",
        "json",
    ]));
    assert!(!json.contains(password), "{json}");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["scram_credentials"],
        serde_json::json!([{"mechanism": "SCRAM-SHA-512", "iterations": 4096}]),
        "{json}"
    );
    let describe = [
        "--bootstrap-server",
        bs.as_str(),
        "--command-config",
        admin.as_str(),
        "--describe",
        "--entity-type",
        "users",
        "--entity-name",
        user.as_str(),
    ];
    let described = same_as_java(&describe);
    // Both mechanisms, in the broker's order (which Java keeps; it varies between brokers).
    assert!(
        [
            "SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096",
            "SCRAM-SHA-512=iterations=4096, SCRAM-SHA-256=iterations=8192"
        ]
        .iter()
        .any(|both| described
            == format!("SCRAM credential configs for user-principal '{user}' are {both}\n")),
        "{described}"
    );
    // The credentials log in, with our tools and Java's, over both mechanisms.
    for mechanism in ["SCRAM-SHA-256", "SCRAM-SHA-512"] {
        let login = scram_login(&user, mechanism, password);
        ok(tool("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--command-config",
            &login,
            "--list",
        ]));
        ok(java("kafka-topics").args([
            "--bootstrap-server",
            &bs,
            "--command-config",
            &login,
            "--list",
        ]));
        let wrong = scram_login(&user, mechanism, "not-the-password");
        fails(
            tool("kafka-topics").args([
                "--bootstrap-server",
                &bs,
                "--command-config",
                &wrong,
                "--list",
            ]),
            1,
            "Authentication failed during authentication due to invalid credentials",
        );
        std::fs::remove_file(login).ok();
        std::fs::remove_file(wrong).ok();
    }
    // Our console producer, as that user, to a topic the user may write to.
    let topic = unique("sec-cfg-scram");
    ok(tool("kafka-topics").args([
        "--bootstrap-server",
        &bs,
        "--command-config",
        &admin,
        "--create",
        "--topic",
        &topic,
    ]));
    ok(java("kafka-acls").args([
        "--bootstrap-server",
        &bs,
        "--command-config",
        &admin,
        "--add",
        "--allow-principal",
        &format!("User:{user}"),
        "--operation",
        "Write",
        "--operation",
        "Describe",
        "--topic",
        &topic,
    ]));
    let login = scram_login(&user, "SCRAM-SHA-512", password);
    let produced = crate::support::with_stdin(
        tool("kafka-console-producer").args([
            "--bootstrap-server",
            &bs,
            "--command-config",
            &login,
            "--topic",
            &topic,
        ]),
        b"made-by-scram-user\n",
    );
    assert!(
        produced.status.success(),
        "{}",
        String::from_utf8_lossy(&produced.stderr)
    );
    std::fs::remove_file(login).ok();
    // Deleting one mechanism leaves the other; deleting it again is Java's error.
    ok(&mut configs(&[
        "--alter",
        "--user",
        &user,
        "--delete-config",
        "SCRAM-SHA-256",
    ]));
    let described = same_as_java(&describe);
    assert_eq!(
        described,
        format!("SCRAM credential configs for user-principal '{user}' are SCRAM-SHA-512=iterations=4096\n")
    );
    fails(
        &mut configs(&[
            "--alter",
            "--user",
            &user,
            "--delete-config",
            "SCRAM-SHA-256",
        ]),
        1,
        "ResourceNotFoundException: Attempt to delete a user credential that does not exist",
    );
    ok(&mut configs(&[
        "--alter",
        "--user",
        &user,
        "--delete-config",
        "SCRAM-SHA-512",
    ]));
    assert_eq!(same_as_java(&describe), "");
    // Every user: the same lines as Java for the test bed's own users (other tests add and
    // remove users of their own meanwhile).
    let every = [
        "--bootstrap-server",
        bs.as_str(),
        "--command-config",
        admin.as_str(),
        "--describe",
        "--entity-type",
        "users",
    ];
    let fixed = |text: String| -> Vec<String> {
        let mut lines: Vec<String> = text
            .lines()
            .filter(|l| {
                ["'alice'", "'bob'", "'admin'"]
                    .iter()
                    .any(|u| l.contains(u))
            })
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    let ours = fixed(ok(tool("kafka-configs").args(every)));
    assert_eq!(ours.len(), 3, "{ours:?}");
    assert_eq!(ours, fixed(ok(java("kafka-configs").args(every))));
    // A principal without the cluster ACL: one line, exit 1.
    let alice = dir.join("plain-alice.properties").display().to_string();
    fails(
        tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--command-config",
            &alice,
            "--describe",
            "--entity-type",
            "users",
        ]),
        1,
        "not authorized for this cluster operation (ClusterAuthorizationFailed)",
    );
}

#[test]
fn group_configs_like_java() {
    let bs = single();
    let group = unique("cfg-group");
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--group", &group]);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--group",
        &group,
        "--add-config",
        "consumer.session.timeout.ms=50000",
    ]));
    assert_eq!(
        out,
        format!("Completed updating config for group {group}.\n")
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--group", &group]);
    assert!(
        described.contains(
            "consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:"
        ),
        "{described}"
    );
    // JSON names the source as the text does (Java's DYNAMIC_GROUP_CONFIG).
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--group",
        &group,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let config = &doc["entities"][0]["configs"][0];
    assert_eq!(config["name"], "consumer.session.timeout.ms", "{json}");
    assert_eq!(config["value"], "50000", "{json}");
    assert_eq!(config["source"], "DYNAMIC_GROUP_CONFIG", "{json}");
}

/// Runs ours and Java's with the same arguments; asserts equal stdout and exit codes.
fn same_outcome_as_java(args: &[&str]) -> String {
    let ours = run(tool("kafka-configs").args(args));
    let theirs = run(java("kafka-configs").args(args));
    let stdout = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        (ours.status.code(), stdout(&ours)),
        (theirs.status.code(), stdout(&theirs)),
        "kafka-configs {args:?} differs from Java; our stderr: {}",
        String::from_utf8_lossy(&ours.stderr)
    );
    assert_eq!(ours.status.code(), Some(0), "{args:?}");
    stdout(&ours)
}

#[test]
fn deleting_unset_configs_succeeds_like_java() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let group = unique("cfg-unset-group");
    let id = a_broker_id(&bs);
    // The README example, twice: the second delete finds nothing set and still succeeds.
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000",
    ]));
    for _ in 0..2 {
        let out = ok(tool("kafka-configs").args([
            "--bootstrap-server",
            &bs,
            "--alter",
            "--topic",
            &topic,
            "--delete-config",
            "retention.ms",
        ]));
        assert_eq!(
            out,
            format!("Completed updating config for topic {topic}.\n")
        );
    }
    // Unset known keys and keys that do not exist at all, on every entity type.
    for (entity, name, key) in [
        ("--topic", topic.as_str(), "retention.ms"),
        ("--topic", topic.as_str(), "nonsense.key"),
        ("--broker", id.as_str(), "log.cleaner.io.buffer.load.factor"),
        ("--broker", id.as_str(), "nonsense.key"),
        ("--group", group.as_str(), "consumer.session.timeout.ms"),
        ("--group", group.as_str(), "nonsense.key"),
    ] {
        let out = same_outcome_as_java(&[
            "--bootstrap-server",
            &bs,
            "--alter",
            entity,
            name,
            "--delete-config",
            key,
        ]);
        assert!(
            out.starts_with("Completed updating config for "),
            "{entity} {key}: {out}"
        );
    }
    // Nothing was set by any of it.
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--topic", &topic]);
    assert_eq!(
        described,
        format!("Dynamic configs for topic {topic} are:\n")
    );
}

#[test]
fn alter_with_json_output_is_one_document() {
    let bs = single();
    let topic = create_topic(&bs, 1);
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &topic,
        "--add-config",
        "retention.ms=3600000,cleanup.policy=[compact,delete]",
        "--delete-config",
        "segment.ms",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "type": "topic",
            "name": topic,
            "set": [
                {"name": "retention.ms", "value": "3600000"},
                {"name": "cleanup.policy", "value": "compact,delete"}
            ],
            "deleted": ["segment.ms"]
        })
    );
    // A failure is the central {"error": ...} document with a non-zero exit.
    let missing = unique("cfg-missing");
    let out = run(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--topic",
        &missing,
        "--delete-config",
        "retention.ms",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"error": format!("The topic '{missing}' does not exist.")})
    );
}

#[test]
fn broker_defaults_json_has_a_null_name() {
    let bs = single();
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--broker-defaults",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entity = &doc["entities"][0];
    assert_eq!(entity["type"], "broker", "{json}");
    assert!(entity["name"].is_null(), "{json}");
}

/// The three-node cluster's KRaft controllers (the `three` brokers' CONTROLLER listeners).
static THREE_CONTROLLERS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::support::on_bed("127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194")
});

/// Held by the tests that change broker configs of the three-node cluster and list them all.
static THREE_BROKER_CONFIGS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn broker_loggers_like_java() {
    let _shared = crate::support::three_shared();
    let bs = crate::support::three();
    let describe = [
        "--bootstrap-server",
        bs.as_str(),
        "--describe",
        "--broker-logger",
        "2",
    ];
    let before = same_as_java(&describe);
    assert!(
        before.starts_with("Dynamic configs for broker-logger 2 are:\n"),
        "{before}"
    );
    // A logger every broker has from its start (kafka.cluster.Partition appears only once the
    // broker hosts a partition).
    assert!(before.contains("\n  kafka.server.KafkaApis="), "{before}");
    // Quieter than its INFO default, then back.
    let logger = "kafka.server.KafkaApis";
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "broker-loggers",
        "--entity-name",
        "2",
        "--add-config",
        &format!("{logger}=WARN"),
    ]));
    assert_eq!(out, "Completed updating config for broker-logger 2.\n");
    let during = same_as_java(&describe);
    assert!(
        during.contains(&format!(
            "\n  {logger}=WARN sensitive=false synonyms={{}}\n"
        )),
        "{during}"
    );
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--broker-logger",
        "2",
        "--delete-config",
        logger,
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"type": "broker-logger", "name": "2", "set": [], "deleted": [logger]})
    );
    fails_like_java(
        &[
            "--bootstrap-server",
            &bs,
            "--alter",
            "--broker-logger",
            "2",
            "--add-config",
            "no.such.Logger=INFO",
        ],
        "Invalid broker logger(s): no.such.Logger",
    );
    // A broker that does not exist: Java's line, at once.
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--broker-logger",
        "77",
    ]);
}

#[test]
fn client_metrics_like_java() {
    let _shared = crate::support::three_shared();
    let bs = crate::support::three();
    let name = unique("cfg-metrics");
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "client-metrics",
        "--entity-name",
        &name,
        "--add-config",
        "metrics=[org.apache.kafka.producer.,org.apache.kafka.consumer.coordinator.rebalance.latency.max],interval.ms=15000,match=[client_id=cfg-nobody.*]",
    ]));
    assert_eq!(
        out,
        format!("Completed updating config for client-metric {name}.\n")
    );
    let described = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--client-metrics",
        &name,
    ]);
    assert_eq!(
        described,
        format!(
            "Dynamic configs for client-metric {name} are:\n  \
             interval.ms=15000 sensitive=false synonyms={{DYNAMIC_CLIENT_METRICS_CONFIG:interval.ms=15000}}\n  \
             match=client_id=cfg-nobody.* sensitive=false synonyms={{DYNAMIC_CLIENT_METRICS_CONFIG:match=client_id=cfg-nobody.*}}\n  \
             metrics=org.apache.kafka.producer.,org.apache.kafka.consumer.coordinator.rebalance.latency.max sensitive=false synonyms={{DYNAMIC_CLIENT_METRICS_CONFIG:metrics=org.apache.kafka.producer.,org.apache.kafka.consumer.coordinator.rebalance.latency.max}}\n"
        )
    );
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--client-metrics",
        &name,
        "--all",
    ]);
    let listed = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "client-metrics",
    ]));
    assert!(
        listed.contains(&format!("Dynamic configs for client-metric {name} are:\n")),
        "{listed}"
    );
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--client-metrics",
        &name,
        "--delete-config",
        "metrics,interval.ms,match",
    ]));
    let gone = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--client-metrics",
        &name,
    ]);
    assert_eq!(
        gone,
        format!("The client-metric '{name}' doesn't exist and doesn't have dynamic config.\n")
    );
}

#[test]
fn cluster_wide_broker_defaults_like_java() {
    let _shared = crate::support::three_shared();
    let _configs = THREE_BROKER_CONFIGS
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let bs = crate::support::three();
    // A default no test depends on (the built-in value is 15000).
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--entity-type",
        "brokers",
        "--entity-default",
        "--add-config",
        "log.cleaner.backoff.ms=15005",
    ]));
    assert_eq!(
        out,
        "Completed updating default config for brokers in the cluster.\n"
    );
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker-defaults"]);
    assert!(
        described.contains("\n  log.cleaner.backoff.ms=15005 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.cleaner.backoff.ms=15005}\n"),
        "{described}"
    );
    let all = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "brokers",
        "--entity-default",
        "--all",
    ]);
    assert!(
        all.starts_with("Default configs for brokers in the cluster are:\n"),
        "{all}"
    );
    assert!(all.contains("log.cleaner.backoff.ms=15005"), "{all}");
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "brokers",
    ]);
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--broker-defaults",
        "--delete-config",
        "log.cleaner.backoff.ms",
        "--output",
        "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"type": "broker", "name": null, "set": [], "deleted": ["log.cleaner.backoff.ms"]})
    );
    let after = same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker-defaults"]);
    assert!(!after.contains("log.cleaner.backoff.ms"), "{after}");
}

#[test]
fn bootstrap_controller_like_java() {
    let _shared = crate::support::three_shared();
    let _configs = THREE_BROKER_CONFIGS
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let c = THREE_CONTROLLERS.as_str();
    for args in [
        &["--describe", "--broker", "2"][..],
        &["--describe", "--entity-type", "brokers"][..],
        &["--describe", "--broker-defaults"][..],
        &["--describe", "--broker-logger", "3"][..],
        &["--describe", "--broker-logger", "77"][..],
    ] {
        let mut full = vec!["--bootstrap-controller", c];
        full.extend_from_slice(args);
        same_as_java(&full);
    }
    // Alter through the controllers; the brokers (and Java) see it.
    let out = ok(tool("kafka-configs").args([
        "--bootstrap-controller",
        c,
        "--alter",
        "--broker",
        "3",
        "--add-config",
        "log.cleaner.backoff.ms=15006",
    ]));
    assert_eq!(out, "Completed updating config for broker 3.\n");
    let described = same_as_java(&[
        "--bootstrap-server",
        &crate::support::three(),
        "--describe",
        "--broker",
        "3",
    ]);
    assert!(
        described.contains("log.cleaner.backoff.ms=15006"),
        "{described}"
    );
    let json = ok(tool("kafka-configs").args([
        "--bootstrap-controller",
        c,
        "--describe",
        "--broker",
        "3",
        "--output",
        "json",
    ]));
    assert!(json.contains("\"log.cleaner.backoff.ms\""), "{json}");
    ok(tool("kafka-configs").args([
        "--bootstrap-controller",
        c,
        "--alter",
        "--broker",
        "3",
        "--delete-config",
        "log.cleaner.backoff.ms",
    ]));
    // What controllers do not serve: Java's exception, one line, exit 1; JSON too.
    let message = "org.apache.kafka.common.errors.UnsupportedEndpointTypeException: This Admin API is not yet supported when communicating directly with the controller quorum.";
    fails_like_java(
        &[
            "--bootstrap-controller",
            c,
            "--describe",
            "--entity-type",
            "users",
        ],
        message,
    );
    let out = run(tool("kafka-configs").args([
        "--bootstrap-controller",
        c,
        "--describe",
        "--client",
        "x",
        "--output",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc, serde_json::json!({"error": message}));
    fails(
        tool("kafka-configs").args([
            "--bootstrap-controller",
            c,
            "--bootstrap-server",
            "127.0.0.1:19092",
            "--describe",
            "--broker",
            "1",
        ]),
        1,
        "Only one of --bootstrap-server or --bootstrap-controller can be specified",
    );
}

/// Kafka 3.9 (`KAFKA_BOOTSTRAP_39`): quotas, client metrics (listed there with v0 of
/// ListConfigResources, Kafka 3.x's ListClientMetricsResources) and broker defaults, as Java.
#[test]
fn kafka_3_9_quotas_client_metrics_and_defaults_like_java() {
    let Ok(bs) = std::env::var("KAFKA_BOOTSTRAP_39") else {
        panic!("KAFKA_BOOTSTRAP_39 is not set: eval \"$(scripts/kafka-testbed env)\"");
    };
    let user = unique("cfg-old-user");
    let metrics = unique("cfg-old-metrics");
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--add-config",
        "producer_byte_rate=1000,request_percentage=12.5",
    ]));
    let described = same_as_java(&["--bootstrap-server", &bs, "--describe", "--user", &user]);
    assert!(
        described.starts_with(&format!("Quota configs for user-principal '{user}' are ")),
        "{described}"
    );
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--client-metrics",
        &metrics,
        "--add-config",
        "interval.ms=60000,metrics=[org.apache.kafka.producer.]",
    ]));
    let listed = same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--entity-type",
        "client-metrics",
    ]);
    assert!(
        listed.contains(&format!(
            "Dynamic configs for client-metric {metrics} are:\n"
        )),
        "{listed}"
    );
    same_as_java(&["--bootstrap-server", &bs, "--describe", "--broker-defaults"]);
    same_as_java(&[
        "--bootstrap-server",
        &bs,
        "--describe",
        "--broker-logger",
        "1",
    ]);
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--client-metrics",
        &metrics,
        "--delete-config",
        "interval.ms,metrics",
    ]));
    ok(tool("kafka-configs").args([
        "--bootstrap-server",
        &bs,
        "--alter",
        "--user",
        &user,
        "--delete-config",
        "producer_byte_rate,request_percentage",
    ]));
    assert_eq!(
        same_as_java(&["--bootstrap-server", &bs, "--describe", "--user", &user]),
        ""
    );
}
