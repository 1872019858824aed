//! kafka-transactions against the single node, side by side with Java's tool: a live
//! transactional producer's transaction (list, describe, describe-producers), and a hanging
//! transaction found by find-hanging and aborted, after which a read_committed consumer gets
//! past it (issue #14).

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{
    InitProducerIdRequest, ProduceRequest, RequestHeader, ResponseHeader, TopicName,
    TransactionalId,
};
use kafka_protocol::protocol::{Decodable, Encodable, HeaderVersion, Request, StrBytes};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;

use crate::support::{
    create_topic, fails, java, ok, run, single, three, three_shared, tool, unique, wait_for,
};

/// Held while a test switches transaction verification off (two tests doing so at once would
/// switch it back on under each other).
static VERIFICATION: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn ours(bs: &str, args: &[&str]) -> String {
    ok(tool("kafka-transactions")
        .args(["--bootstrap-server", bs])
        .args(args))
}

fn javas(bs: &str, args: &[&str]) -> String {
    ok(java("kafka-transactions")
        .args(["--bootstrap-server", bs])
        .args(args))
}

/// The cells of a pretty-table line (Java ends every cell with a tab).
fn cells(line: &str) -> Vec<String> {
    line.split('\t')
        .map(|c| c.trim_end().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The row of `describe` but its TransactionDurationMs (which moves on between two runs).
fn described(out: &str) -> Vec<String> {
    let mut c = cells(out.lines().nth(1).expect("a row"));
    c.remove(7);
    c
}

/// A transactional librdkafka producer with one transaction open on `topic`'s partition 0.
fn open_transaction(bs: &str, topic: &str, id: &str) -> BaseProducer {
    let producer: BaseProducer = ClientConfig::new()
        .set("bootstrap.servers", bs)
        .set("transactional.id", id)
        .set("transaction.timeout.ms", "600000")
        .create()
        .expect("transactional producer");
    producer
        .init_transactions(Duration::from_secs(30))
        .expect("init_transactions");
    producer.begin_transaction().expect("begin_transaction");
    producer
        .send(BaseRecord::to(topic).partition(0).key("k").payload("open"))
        .map_err(|(e, _)| e)
        .expect("send");
    producer.flush(Duration::from_secs(30)).expect("flush");
    producer
}

#[test]
fn a_live_transaction_is_listed_and_described_as_java_does() {
    let bs = single();
    let topic = create_topic(&bs, "txn-live", 1, &[]);
    let id = unique("txn-live-id");
    let producer = open_transaction(&bs, &topic, &id);
    let pattern = format!("^{id}$");

    // list: the one transaction matching the pattern, as Java lists it.
    let listed = ours(&bs, &["list", "--transactional-id-pattern", &pattern]);
    assert_eq!(
        listed,
        javas(&bs, &["list", "--transactional-id-pattern", &pattern])
    );
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(
        cells(lines[0]),
        [
            "TransactionalId",
            "Coordinator",
            "ProducerId",
            "TransactionState"
        ]
    );
    assert_eq!(lines.len(), 2, "{listed}");
    assert_eq!(cells(lines[1])[0], id);
    assert_eq!(cells(lines[1])[3], "Ongoing");
    assert!(lines.iter().all(|l| l.ends_with('\t')), "{listed:?}");
    // The unfiltered list has it too, and so does a duration filter it passes.
    assert!(ours(&bs, &["list"]).lines().any(|l| cells(l)[0] == id));
    assert!(ours(&bs, &["list", "--duration-filter", "0"])
        .lines()
        .any(|l| cells(l)[0] == id));
    assert!(!ours(&bs, &["list", "--duration-filter", "3600000"])
        .lines()
        .any(|l| cells(l)[0] == id));
    let producer_id = cells(lines[1])[2].clone();

    // describe: the same row but for the duration, which moves on between the two runs.
    let mine = ours(&bs, &["describe", "--transactional-id", &id]);
    let theirs = javas(&bs, &["describe", "--transactional-id", &id]);
    let row = described;
    assert_eq!(row(&mine), row(&theirs), "ours:\n{mine}\njava:\n{theirs}");
    assert_eq!(mine.lines().next(), theirs.lines().next());
    assert_eq!(row(&mine)[4], "Ongoing");
    assert_eq!(row(&mine)[7], format!("{topic}-0"));

    // describe-producers: byte for byte, at the leader and at broker 1.
    for extra in [&[][..], &["--broker-id", "1"][..]] {
        let args: Vec<&str> = ["describe-producers", "--topic", &topic, "--partition", "0"]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        let mine = ours(&bs, &args);
        assert_eq!(mine, javas(&bs, &args));
        let row = cells(mine.lines().nth(1).expect("a producer"));
        assert_eq!(row[0], producer_id);
        assert_eq!(
            row[5], "0",
            "the open transaction starts at offset 0: {mine}"
        );
    }

    // find-hanging: the open transaction is a candidate (older than 0 minutes) but its
    // coordinator has the partition: nothing hangs.
    let args = [
        "find-hanging",
        "--topic",
        &topic,
        "--max-transaction-timeout",
        "0",
    ];
    let mine = ours(&bs, &args);
    assert_eq!(mine, javas(&bs, &args));
    assert_eq!(mine.lines().count(), 1, "{mine}");

    // --output json: one document.
    let json: serde_json::Value = serde_json::from_str(&ok(tool("kafka-transactions").args([
        "--bootstrap-server",
        &bs,
        "--output",
        "json",
        "describe",
        "--transactional-id",
        &id,
    ])))
    .expect("one JSON document");
    assert_eq!(json["state"], "Ongoing");
    assert_eq!(json["topic_partitions"][0], format!("{topic}-0"));

    // forceTerminateTransaction aborts it: the coordinator bumps the epoch.
    let before: i64 = row(&mine_describe(&bs, &id))[3].parse().expect("epoch");
    assert_eq!(
        ours(
            &bs,
            &["forceTerminateTransaction", "--transactionalId", &id]
        ),
        ""
    );
    wait_for("the transaction to be aborted", 30, || {
        let r = row(&mine_describe(&bs, &id));
        r[4] == "CompleteAbort" || r[4] == "Empty"
    });
    let after: i64 = row(&mine_describe(&bs, &id))[3].parse().expect("epoch");
    assert!(after > before, "epoch {before} -> {after}");
    drop(producer);
}

fn mine_describe(bs: &str, id: &str) -> String {
    ours(bs, &["describe", "--transactional-id", id])
}

/// One request on a plain connection, at `version`, and its response.
fn raw<R: Request>(conn: &mut TcpStream, version: i16, request: &R) -> R::Response {
    let header = RequestHeader::default()
        .with_request_api_key(R::KEY)
        .with_request_api_version(version)
        .with_correlation_id(1)
        .with_client_id(Some(StrBytes::from_static_str("e2e-txn")));
    let mut buf = BytesMut::new();
    header
        .encode(&mut buf, R::header_version(version))
        .expect("header");
    request.encode(&mut buf, version).expect("request");
    conn.write_all(&(buf.len() as i32).to_be_bytes()).unwrap();
    conn.write_all(&buf).unwrap();
    let mut size = [0u8; 4];
    conn.read_exact(&mut size).unwrap();
    let mut body = vec![0u8; i32::from_be_bytes(size) as usize];
    conn.read_exact(&mut body).unwrap();
    let mut body = Bytes::from(body);
    ResponseHeader::decode(&mut body, R::Response::header_version(version)).expect("header");
    R::Response::decode(&mut body, version).expect("response")
}

/// Sets `transaction.partition.verification.enable` cluster-wide for as long as it lives,
/// and deletes the setting again when dropped (also when the test fails).
struct Verification {
    bs: String,
}

impl Verification {
    fn off(bs: &str) -> Self {
        let config = |args: &[&str]| {
            ok(tool("kafka-configs")
                .args(["--bootstrap-server", bs, "--entity-type", "brokers"])
                .args(args))
        };
        config(&[
            "--entity-default",
            "--alter",
            "--add-config",
            "transaction.partition.verification.enable=false",
        ]);
        let guard = Self { bs: bs.to_string() };
        wait_for("verification to be off on broker 1", 30, || {
            config(&["--entity-name", "1", "--describe", "--all"])
                .contains("transaction.partition.verification.enable=false")
        });
        guard
    }
}

impl Drop for Verification {
    fn drop(&mut self) {
        let _ = run(tool("kafka-configs").args([
            "--bootstrap-server",
            &self.bs,
            "--entity-type",
            "brokers",
            "--entity-default",
            "--alter",
            "--delete-config",
            "transaction.partition.verification.enable",
        ]));
    }
}

/// Writes a transactional batch to `topic`'s partition 0 for a producer id whose coordinator
/// never heard of the partition, stamped `age_ms` in the past. Returns its offset.
///
/// How a hanging transaction is made: InitProducerId gives transactional id `id` a producer id
/// (state Empty at the coordinator); a Produce request at version 11 (a pre-KIP-890-part-2
/// client, which adds partitions with AddPartitionsToTxn itself) then writes a transactional
/// batch without AddPartitionsToTxn. Kafka 4 brokers normally refuse that (KIP-890 part 1
/// verifies with the coordinator that the partition is in the transaction), so verification
/// is switched off cluster-wide (`transaction.partition.verification.enable`, dynamic) for the
/// write only, and restored at once. The partition then has an open transaction that no
/// coordinator will ever end: its last stable offset stays there, read_committed consumers
/// stop before it, and only an abort marker (kafka-transactions abort) frees them.
fn write_hanging_batch(bs: &str, topic: &str, id: &str, age_ms: i64) -> i64 {
    let addr = bs.split(',').next().unwrap();
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let init = raw(
        &mut conn,
        3,
        &InitProducerIdRequest::default()
            .with_transactional_id(Some(TransactionalId(StrBytes::from_string(id.to_string()))))
            .with_transaction_timeout_ms(600_000)
            .with_producer_id((-1).into())
            .with_producer_epoch(-1),
    );
    assert_eq!(init.error_code, 0, "InitProducerId: {init:?}");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let record = Record {
        transactional: true,
        control: false,
        delete_horizon: false,
        partition_leader_epoch: -1,
        producer_id: init.producer_id.0,
        producer_epoch: init.producer_epoch,
        timestamp_type: TimestampType::Creation,
        offset: 0,
        sequence: 0,
        timestamp: now - age_ms,
        key: Some(Bytes::from_static(b"k")),
        value: Some(Bytes::from_static(b"hanging")),
        headers: Default::default(),
    };
    let mut batch = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut batch,
        [&record],
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        },
    )
    .unwrap();
    let batch = batch.freeze();
    let _serial = VERIFICATION.lock().unwrap_or_else(|e| e.into_inner());
    let _verification = Verification::off(bs);
    let mut offset = None;
    wait_for(
        "the broker to take the unverified transactional batch",
        30,
        || {
            let response = raw(
                &mut conn,
                11,
                &ProduceRequest::default()
                    .with_transactional_id(Some(TransactionalId(StrBytes::from_string(
                        id.to_string(),
                    ))))
                    .with_acks(-1)
                    .with_timeout_ms(30_000)
                    .with_topic_data(vec![TopicProduceData::default()
                        .with_name(TopicName(StrBytes::from_string(topic.to_string())))
                        .with_partition_data(vec![PartitionProduceData::default()
                            .with_index(0)
                            .with_records(Some(batch.clone()))])]),
            );
            let p = &response.responses[0].partition_responses[0];
            if p.error_code == 0 {
                offset = Some(p.base_offset);
            }
            p.error_code == 0
        },
    );
    offset.unwrap()
}

/// The values a read_committed consumer reads from `topic` (it stops at the last stable offset).
fn committed_values(bs: &str, topic: &str) -> Vec<String> {
    ok(tool("kafka-console-consumer").args([
        "--bootstrap-server",
        bs,
        "--topic",
        topic,
        "--from-beginning",
        "--isolation-level",
        "read_committed",
        "--timeout-ms",
        "4000",
    ]))
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn a_hanging_transaction_is_found_aborted_and_read_committed_consumers_get_past_it() {
    let bs = single();
    let topic = create_topic(&bs, "txn-hang", 1, &[]);
    let id = unique("txn-hang-id");
    // 30 minutes old: beyond find-hanging's default 15-minute bound.
    let start = write_hanging_batch(&bs, &topic, &id, 30 * 60_000 + 20_000);
    crate::support::with_stdin(
        tool("kafka-console-producer").args(["--bootstrap-server", &bs, "--topic", &topic]),
        b"after\n",
    );
    assert!(
        committed_values(&bs, &topic).is_empty(),
        "a read_committed consumer stops before the hanging transaction"
    );

    // find-hanging, by topic and by broker, finds it as Java does.
    let args = ["find-hanging", "--topic", &topic];
    let mine = ours(&bs, &args);
    assert_eq!(mine, javas(&bs, &args));
    let lines: Vec<&str> = mine.lines().collect();
    assert_eq!(lines.len(), 2, "{mine}");
    let row = cells(lines[1]);
    assert_eq!(row[0], topic);
    assert_eq!(row[1], "0");
    assert_eq!(row[4], "-1", "no marker was ever written: {mine}");
    assert_eq!(row[5], start.to_string());
    assert_eq!(row[7], "30");
    let by_broker = ours(&bs, &["find-hanging", "--broker-id", "1"]);
    assert!(
        by_broker.lines().any(|l| cells(l) == row),
        "--broker-id 1 finds it too: {by_broker}"
    );
    let producers = ["describe-producers", "--topic", &topic, "--partition", "0"];
    assert_eq!(ours(&bs, &producers), javas(&bs, &producers));

    // A wrong start offset is refused as Java refuses it.
    let wrong = (start + 1).to_string();
    fails(
        tool("kafka-transactions").args([
            "--bootstrap-server",
            &bs,
            "abort",
            "--topic",
            &topic,
            "--partition",
            "0",
            "--start-offset",
            &wrong,
        ]),
        1,
        &format!(
            "Could not find any open transactions starting at offset {wrong} on partition {topic}-0"
        ),
    );

    // abort by start offset: silent, exit 0; then nothing hangs and the consumer gets past it.
    let start_text = start.to_string();
    let aborted = ours(
        &bs,
        &[
            "abort",
            "--topic",
            &topic,
            "--partition",
            "0",
            "--start-offset",
            &start_text,
        ],
    );
    assert_eq!(aborted, "");
    let mine = ours(&bs, &args);
    assert_eq!(
        mine.lines().count(),
        1,
        "nothing hangs after the abort: {mine}"
    );
    assert_eq!(mine, javas(&bs, &args));
    assert_eq!(committed_values(&bs, &topic), ["after"]);
}

#[test]
fn usage_errors_are_one_line_and_exit_1_as_javas() {
    let bs = single();
    let cases: [(&[&str], &str); 4] = [
        (
            &["find-hanging"],
            "The `find-hanging` command requires either --topic or --broker-id to limit the \
             scope of the search",
        ),
        (
            &["find-hanging", "--broker-id", "1", "--partition", "0"],
            "The --partition argument requires --topic to be provided",
        ),
        (
            &["abort", "--topic", "t", "--partition", "0"],
            "The transaction to abort must be identified either with --start-offset",
        ),
        (
            &[
                "abort",
                "--topic",
                "t",
                "--partition",
                "0",
                "--producer-id",
                "5",
            ],
            "Missing required argument --producer-epoch",
        ),
    ];
    for (args, message) in cases {
        fails(
            tool("kafka-transactions")
                .args(["--bootstrap-server", &bs])
                .args(args),
            1,
            message,
        );
        let java_out = run(java("kafka-transactions")
            .args(["--bootstrap-server", &bs])
            .args(args));
        assert_eq!(java_out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&java_out.stderr).contains(message));
    }
    let missing = unique("txn-none");
    let message = format!(
        "Failed to describe transaction state of transactional-id `{missing}`: \
         DescribeTransactions request for transactionalId `{missing}` failed because the ID \
         could not be found. Enable debug logging for additional detail."
    );
    let mine = fails(
        tool("kafka-transactions").args([
            "--bootstrap-server",
            &bs,
            "describe",
            "--transactional-id",
            &missing,
        ]),
        1,
        &message,
    );
    let java_out = run(java("kafka-transactions").args([
        "--bootstrap-server",
        &bs,
        "describe",
        "--transactional-id",
        &missing,
    ]));
    assert_eq!(java_out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&java_out.stderr).trim(),
        message,
        "{mine}"
    );
    // --output json on a failure: one error document, exit 1.
    let out = run(tool("kafka-transactions").args([
        "--bootstrap-server",
        &bs,
        "--output",
        "json",
        "describe",
        "--transactional-id",
        &missing,
    ]));
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(json["error"]
        .as_str()
        .unwrap()
        .contains("could not be found"));
}

#[test]
fn a_hanging_transaction_is_aborted_by_producer_id_and_epochs_as_for_older_brokers() {
    let bs = single();
    let topic = create_topic(&bs, "txn-hang-epochs", 1, &[]);
    let id = unique("txn-hang-epochs-id");
    let start = write_hanging_batch(&bs, &topic, &id, 20 * 60_000);
    let producers = ours(
        &bs,
        &["describe-producers", "--topic", &topic, "--partition", "0"],
    );
    let row = cells(producers.lines().nth(1).expect("a producer"));
    assert_eq!(row[2], "-1", "no coordinator epoch yet: {producers}");
    assert_eq!(row[5], start.to_string());
    // find-hanging with a bound above its age finds nothing; below, it finds it.
    let find = |minutes: &str| {
        ours(
            &bs,
            &[
                "find-hanging",
                "--topic",
                &topic,
                "--partition",
                "0",
                "--max-transaction-timeout",
                minutes,
            ],
        )
    };
    assert_eq!(find("25").lines().count(), 1);
    assert_eq!(find("10").lines().count(), 2);
    // Java's older-broker form: a coordinator epoch of -1 (as describe-producers shows it) is
    // sent as 0.
    let aborted = ours(
        &bs,
        &[
            "abort",
            "--topic",
            &topic,
            "--partition",
            "0",
            "--producer-id",
            &row[0],
            "--producer-epoch",
            &row[1],
            "--coordinator-epoch",
            "-1",
        ],
    );
    assert_eq!(aborted, "");
    assert_eq!(
        find("10").lines().count(),
        1,
        "nothing hangs after the abort"
    );
    let after = ours(
        &bs,
        &["describe-producers", "--topic", &topic, "--partition", "0"],
    );
    let row = cells(after.lines().nth(1).expect("a producer"));
    assert_eq!(row[2], "0", "the marker's coordinator epoch: {after}");
    assert_eq!(row[5], "None");
}

#[test]
fn transactions_of_three_coordinators_are_listed_from_every_broker_as_java_does() {
    let _shared = three_shared();
    let bs = three();
    let topic = create_topic(&bs, "txn-three", 1, &["--replication-factor", "3"]);
    // Transactional ids hash to __transaction_state partitions, led by different brokers.
    let ids: Vec<String> = (0..6).map(|i| unique(&format!("txn-three-{i}"))).collect();
    let producers: Vec<BaseProducer> = ids
        .iter()
        .map(|id| open_transaction(&bs, &topic, id))
        .collect();
    let pattern = format!("^({})$", ids.join("|"));
    let args = ["list", "--transactional-id-pattern", &pattern];
    let mine = ours(&bs, &args);
    assert_eq!(mine, javas(&bs, &args));
    assert_eq!(mine.lines().count(), 1 + ids.len(), "{mine}");
    let coordinators: std::collections::BTreeSet<String> =
        mine.lines().skip(1).map(|l| cells(l)[1].clone()).collect();
    assert!(coordinators.len() > 1, "one coordinator for all: {mine}");
    // describe asks each id's coordinator, and names it as Java does (the duration aside).
    for id in &ids {
        let args = ["describe", "--transactional-id", id.as_str()];
        assert_eq!(
            described(&ours(&bs, &args)),
            described(&javas(&bs, &args)),
            "{id}"
        );
    }
    // Each replica's producer state, as Java reads it from that broker.
    for broker in ["1", "2", "3"] {
        let args = [
            "describe-producers",
            "--topic",
            &topic,
            "--partition",
            "0",
            "--broker-id",
            broker,
        ];
        let mine = ours(&bs, &args);
        assert_eq!(mine, javas(&bs, &args), "broker {broker}");
        assert_eq!(mine.lines().count(), 1 + ids.len(), "{mine}");
    }
    for p in &producers {
        p.abort_transaction(Duration::from_secs(30)).expect("abort");
    }
}
