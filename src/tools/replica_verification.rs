//! `kafka-replica-verification`: checks that every replica of the selected topics holds the same
//! record batches, up to the high watermark, and reports the largest lag of that check.
//!
//! Kafka 4.4's `ReplicaVerificationTool` (deprecated there): in rounds, a Fetch to every broker
//! for the replicas it holds (as the debugging consumer, id -2, which followers serve too), then
//! a walk of each partition's batches on all its replicas at once, comparing last offsets (a
//! mismatch ends the run, exit 1) and checksums (a mismatch is reported); the next round fetches
//! from where all replicas agreed. Every `--report-interval-ms` a round prints the largest lag
//! behind the high watermark. It runs until interrupted, as Java's.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Result};
use bytes::Bytes;
use clap::Parser;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic, ReplicaState};
use kafka_protocol::messages::metadata_request::MetadataRequest;
use kafka_protocol::messages::{FetchRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use serde_json::json;
use uuid::Uuid;

use crate::client::admin::offsets::{IsolationLevel, OffsetSpec};
use crate::client::admin::partitions::TopicPartition;
use crate::client::native::{broker_id, Native, Target};
use crate::client::{Admin, SettingsBuilder};
use crate::common::kafka_log::batch::BatchReader;
use crate::common::ConnectionArgs;
use crate::error::{usage, Interrupted};
use crate::output::java::{hash_order_by, topic_partition_hash, JavaMap};
use crate::output::{Format, OutputArgs};
use crate::tools::pattern::TopicPattern;
use crate::tools::perf::DateFormat;
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Check every topic's replicas, a report every 30 s, until Ctrl-C",
        "kafka-replica-verification --broker-list localhost:9092",
    ),
    (
        "Check two topics from their earliest records, a report every round",
        "kafka-replica-verification --broker-list localhost:9092 --topics-include 'orders|payments' --time -2 --report-interval-ms 0",
    ),
];

/// The fetching consumer id Kafka lets read from followers (`FetchRequest.DEBUGGING_CONSUMER_ID`).
const DEBUGGING_CONSUMER_ID: i32 = -2;

/// Validate that all replicas for a set of topics have the same data.
#[derive(Parser, Debug)]
#[command(name = "kafka-replica-verification", version)]
pub struct ReplicaVerificationArgs {
    /// REQUIRED: the list of hostname and port of the server to connect to (or --bootstrap-server)
    #[arg(long = "broker-list", value_name = "HOST:PORT,...")]
    broker_list: Option<String>,

    /// The fetch size of each request (bytes per partition)
    #[arg(long = "fetch-size", value_name = "BYTES", default_value_t = 1_048_576)]
    fetch_size: i32,

    /// The max amount of time each fetch request waits (ms)
    #[arg(long = "max-wait-ms", value_name = "MS", default_value_t = 1000)]
    max_wait_ms: i32,

    /// The reporting interval (ms)
    #[arg(
        long = "report-interval-ms",
        value_name = "MS",
        default_value_t = 30_000,
        allow_negative_numbers = true
    )]
    report_interval_ms: i64,

    /// Timestamp for getting the initial offsets: a timestamp, -1 (latest) or -2 (earliest)
    #[arg(
        long,
        value_name = "TIMESTAMP",
        default_value_t = -1,
        allow_negative_numbers = true
    )]
    time: i64,

    /// The topics to verify: a Java regex (default: every topic)
    #[arg(long = "topics-include", value_name = "REGEX", default_value = ".*")]
    topics_include: String,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// One partition's replicas and the offset the next round fetches from.
#[derive(Debug)]
struct Partition {
    tp: TopicPartition,
    replicas: Vec<i32>,
    offset: i64,
}

/// What a replica answered for one partition in a round.
#[derive(Debug, Default)]
struct Fetched {
    high_watermark: i64,
    records: Option<Bytes>,
}

/// One batch as the check compares it.
#[derive(Debug, Clone, Copy)]
struct BatchInfo {
    last_offset: i64,
    checksum: u32,
}

/// The largest lag of a round.
#[derive(Debug, Clone)]
struct Lag {
    lag: i64,
    offset: i64,
    partition: Option<String>,
}

impl Tool for ReplicaVerificationArgs {
    const NAME: &'static str = "kafka-replica-verification";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let mut connection = self.connection.clone();
        if connection.bootstrap_server.is_none() {
            connection.bootstrap_server = Some(
                self.broker_list
                    .clone()
                    .ok_or_else(|| usage("Missing required argument \"[broker-list]\""))?,
            );
        }
        let pattern = TopicPattern::parse(&self.topics_include)
            .map_err(|_| usage(format!("{} is an invalid regex", self.topics_include)))?;
        ctx.out
            .stderr_line("This tool is deprecated and may be removed in a future major release.");
        let settings = SettingsBuilder::new(&connection).build()?;
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        let native = admin.native()?;
        let (mut partitions, ids) = partitions(&native, &pattern).await?;
        if partitions.is_empty() {
            return Err(anyhow!(
                "No topics found. [topics-include] if specified, is either filtering out all topics or there is no topic."
            ));
        }
        let spec = match self.time {
            -1 => OffsetSpec::Latest,
            -2 => OffsetSpec::Earliest,
            t => OffsetSpec::Timestamp(t),
        };
        let requests: Vec<(TopicPartition, OffsetSpec)> =
            partitions.iter().map(|p| (p.tp.clone(), spec)).collect();
        for listed in admin.list_offsets(&requests, IsolationLevel::ReadUncommitted)? {
            if let Some((_, text)) = listed.error {
                return Err(anyhow!("{}: {text}", listed.tp));
            }
            if let Some(p) = partitions.iter_mut().find(|p| p.tp == listed.tp) {
                p.offset = listed.offset;
            }
        }
        let dates = DateFormat::parse("yyyy-MM-dd HH:mm:ss,SSS").map_err(|e| anyhow!(e))?;
        let now = || crate::tools::perf::now_ms();
        let json = ctx.out.format() == Format::Json;
        if json {
            crate::tools::perf::json_line(
                ctx,
                &json!({"time": now(), "event": "verification_started"}),
            )?;
        } else {
            ctx.out.line(&format!(
                "{}: verification process is started",
                dates.format(now())
            ))?;
        }
        ctx.out.flush()?;
        let mut last_report = Instant::now();
        let interval = Duration::from_millis(self.report_interval_ms.max(0).unsigned_abs());
        loop {
            if let Some(signal) = ctx.shutdown.requested() {
                return Err(anyhow::Error::new(Interrupted(signal)));
            }
            let fetched = fetch_round(&native, &partitions, &ids, &self).await?;
            let mut max = Lag {
                lag: -1,
                offset: -1,
                partition: None,
            };
            for p in &mut partitions {
                let answers = fetched.get(&p.tp);
                verify(p, answers, &mut max, &mut |line| {
                    let stamp = dates.format(now());
                    ctx.out.line(&format!("{stamp}: {line}"))
                })?;
            }
            if last_report.elapsed() > interval {
                let partition = max.partition.clone().unwrap_or_else(|| "null".into());
                if json {
                    crate::tools::perf::json_line(
                        ctx,
                        &json!({"time": now(), "max_lag": max.lag, "partition": max.partition,
                            "offset": max.offset, "partitions": partitions.len()}),
                    )?;
                } else {
                    ctx.out.line(&format!(
                        "{}: max lag is {} for partition {partition} at offset {} among {} partitions",
                        dates.format(now()),
                        max.lag,
                        max.offset,
                        partitions.len()
                    ))?;
                }
                ctx.out.flush()?;
                last_report = Instant::now();
            }
        }
    }
}

/// The partitions of the topics `pattern` selects (internal ones too, as Java lists them), in
/// the order of Java's HashMap of them, and the topic ids.
async fn partitions(
    native: &Native,
    pattern: &TopicPattern,
) -> Result<(Vec<Partition>, HashMap<String, Uuid>)> {
    let (response, _) = native
        .send::<MetadataRequest, _>(&Target::Any, 10, |_| {
            MetadataRequest::default()
                .with_topics(None)
                .with_allow_auto_topic_creation(false)
        })
        .await?;
    let mut ids = HashMap::new();
    let mut out = Vec::new();
    for topic in response.topics {
        let Some(name) = topic.name.map(|n| n.0.to_string()) else {
            continue;
        };
        if topic.error_code != 0 || !pattern.matches(&name) {
            continue;
        }
        ids.insert(name.clone(), topic.topic_id);
        for p in topic.partitions {
            out.push(Partition {
                tp: TopicPartition::new(&name, p.partition_index),
                replicas: p.replica_nodes.iter().map(|r| r.0).collect(),
                offset: -1,
            });
        }
    }
    let ordered = hash_order_by(out, JavaMap::Default, |p| {
        topic_partition_hash(&p.tp.topic, p.tp.partition)
    });
    Ok((ordered, ids))
}

/// One Fetch to every broker that holds replicas, at once: each partition's answers by broker.
async fn fetch_round(
    native: &Native,
    partitions: &[Partition],
    ids: &HashMap<String, Uuid>,
    args: &ReplicaVerificationArgs,
) -> Result<HashMap<TopicPartition, BTreeMap<i32, Fetched>>> {
    let mut by_broker: BTreeMap<i32, BTreeMap<String, Vec<(i32, i64)>>> = BTreeMap::new();
    for p in partitions {
        for r in &p.replicas {
            by_broker
                .entry(*r)
                .or_default()
                .entry(p.tp.topic.clone())
                .or_default()
                .push((p.tp.partition, p.offset));
        }
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (broker, topics) in by_broker {
        let native = native.clone();
        let ids = ids.clone();
        let (max_wait, fetch_size) = (args.max_wait_ms, args.fetch_size);
        tasks.spawn(async move {
            let answer = native
                .send::<FetchRequest, _>(&Target::Node(broker), 4, |v| {
                    fetch_request(v, &topics, &ids, max_wait, fetch_size)
                })
                .await;
            (broker, answer)
        });
    }
    let names: HashMap<Uuid, String> = ids.iter().map(|(n, id)| (*id, n.clone())).collect();
    let mut out: HashMap<TopicPartition, BTreeMap<i32, Fetched>> = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (broker, answer) = joined.map_err(|e| anyhow!("a fetch task failed: {e}"))?;
        // A broker that does not answer delays its partitions' check (Java: an empty answer).
        let Ok((response, _)) = answer else {
            continue;
        };
        for topic in response.responses {
            let name = if topic.topic_id.is_nil() {
                topic.topic.0.to_string()
            } else {
                names.get(&topic.topic_id).cloned().unwrap_or_default()
            };
            for p in topic.partitions {
                out.entry(TopicPartition::new(&name, p.partition_index))
                    .or_default()
                    .insert(
                        broker,
                        Fetched {
                            high_watermark: p.high_watermark,
                            records: p.records,
                        },
                    );
            }
        }
    }
    Ok(out)
}

/// The Fetch request of one broker at version `version`, as the debugging consumer.
fn fetch_request(
    version: i16,
    topics: &BTreeMap<String, Vec<(i32, i64)>>,
    ids: &HashMap<String, Uuid>,
    max_wait: i32,
    fetch_size: i32,
) -> FetchRequest {
    let mut request = FetchRequest::default()
        .with_max_wait_ms(max_wait)
        .with_min_bytes(1)
        .with_topics(
            topics
                .iter()
                .map(|(name, parts)| {
                    let topic = FetchTopic::default().with_partitions(
                        parts
                            .iter()
                            .map(|(p, offset)| {
                                FetchPartition::default()
                                    .with_partition(*p)
                                    .with_fetch_offset(*offset)
                                    .with_partition_max_bytes(fetch_size)
                            })
                            .collect(),
                    );
                    if version >= 13 {
                        topic.with_topic_id(ids.get(name).copied().unwrap_or_default())
                    } else {
                        topic.with_topic(TopicName(StrBytes::from_string(name.clone())))
                    }
                })
                .collect(),
        );
    if version >= 15 {
        request = request.with_replica_state(
            ReplicaState::default()
                .with_replica_id(broker_id(DEBUGGING_CONSUMER_ID))
                .with_replica_epoch(-1),
        );
    } else {
        request = request.with_replica_id(broker_id(DEBUGGING_CONSUMER_ID));
    }
    request
}

/// The batches of a replica's answer, up to where they can be read.
fn batches(records: Option<&Bytes>) -> Vec<BatchInfo> {
    let Some(bytes) = records else {
        return Vec::new();
    };
    let mut reader = BatchReader::new(&bytes[..], 0, bytes.len() as u64, "fetch response");
    let mut out = Vec::new();
    while let Ok(Some(batch)) = reader.next_batch() {
        out.push(BatchInfo {
            last_offset: batch.last_offset(),
            checksum: batch.checksum(),
        });
    }
    out
}

/// Java's check of one partition: the batches of all replicas in step, up to the high
/// watermark; moves the partition's offset past what all replicas agree on and keeps the round's
/// largest lag. A replica whose last offset differs ends the run.
fn verify(
    p: &mut Partition,
    answers: Option<&BTreeMap<i32, Fetched>>,
    max: &mut Lag,
    println: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> Result<()> {
    let empty = BTreeMap::new();
    let answers = answers.unwrap_or(&empty);
    let max_hw = answers
        .values()
        .map(|f| f.high_watermark)
        .max()
        .unwrap_or(-1);
    // Only a round where every replica answered is checked (Java waits for all fetchers).
    if answers.len() == p.replicas.len() {
        let mut iters: Vec<(i32, i64, std::vec::IntoIter<BatchInfo>)> = answers
            .iter()
            .map(|(r, f)| {
                (
                    *r,
                    f.high_watermark,
                    batches(f.records.as_ref()).into_iter(),
                )
            })
            .collect();
        let mut in_all = true;
        while in_all {
            let mut first: Option<(i32, BatchInfo)> = None;
            for (replica, hw, iter) in &mut iters {
                match iter.next() {
                    Some(batch) if batch.last_offset >= *hw => in_all = false,
                    Some(batch) => match first {
                        None => first = Some((*replica, batch)),
                        Some((first_replica, f)) => {
                            if f.last_offset != batch.last_offset {
                                println(&format!(
                                    "partition {}: replica {first_replica}'s offset {} doesn't match replica {replica}'s offset {}",
                                    p.tp, f.last_offset, batch.last_offset
                                ))?;
                                return Err(anyhow::Error::new(crate::error::Reported(anyhow!(
                                    "the replicas of {} differ",
                                    p.tp
                                ))));
                            }
                            if f.checksum != batch.checksum {
                                println(&format!(
                                    "partition {} has unmatched checksum at offset {}; replica {first_replica}'s checksum {}; replica {replica}'s checksum {}",
                                    p.tp, batch.last_offset, f.checksum, batch.checksum
                                ))?;
                            }
                        }
                    },
                    None => in_all = false,
                }
            }
            if in_all {
                p.offset = first.map_or(-1, |(_, f)| f.last_offset + 1);
            }
        }
    }
    if max_hw - p.offset > max.lag {
        max.offset = p.offset;
        max.lag = max_hw - p.offset;
        max.partition = Some(p.tp.to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::kafka_log::batch::tests::v2_batch;

    fn fetched(hw: i64, batches: &[Vec<u8>]) -> Fetched {
        Fetched {
            high_watermark: hw,
            records: Some(Bytes::from(batches.concat())),
        }
    }

    fn partition() -> Partition {
        Partition {
            tp: TopicPartition::new("t", 0),
            replicas: vec![1, 2],
            offset: 0,
        }
    }

    #[test]
    fn agreeing_replicas_move_the_offset_up_to_the_high_watermark() {
        let a = v2_batch(0, &[(b"k", b"v"), (b"k", b"w")]);
        let b = v2_batch(2, &[(b"k", b"x")]);
        let answers = BTreeMap::from([
            (1, fetched(3, &[a.clone(), b.clone()])),
            (2, fetched(2, &[a, b])),
        ]);
        let mut p = partition();
        let mut max = Lag {
            lag: -1,
            offset: -1,
            partition: None,
        };
        let mut lines = Vec::new();
        verify(&mut p, Some(&answers), &mut max, &mut |l| {
            lines.push(l.to_string());
            Ok(())
        })
        .unwrap();
        // Replica 2's high watermark (2) stops the walk after the first batch.
        assert_eq!(p.offset, 2);
        assert_eq!((max.lag, max.offset), (1, 2));
        assert_eq!(max.partition.as_deref(), Some("t-0"));
        assert!(lines.is_empty());
    }

    #[test]
    fn a_different_last_offset_ends_the_run_and_a_checksum_is_reported() {
        let mut p = partition();
        let mut max = Lag {
            lag: -1,
            offset: -1,
            partition: None,
        };
        let answers = BTreeMap::from([
            (1, fetched(9, &[v2_batch(0, &[(b"k", b"v")])])),
            (2, fetched(9, &[v2_batch(0, &[(b"k", b"other")])])),
        ]);
        let mut lines = Vec::new();
        verify(&mut p, Some(&answers), &mut max, &mut |l| {
            lines.push(l.to_string());
            Ok(())
        })
        .unwrap();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with(
            "partition t-0 has unmatched checksum at offset 0; replica 1's checksum "
        ));
        let answers = BTreeMap::from([
            (1, fetched(9, &[v2_batch(0, &[(b"k", b"v")])])),
            (2, fetched(9, &[v2_batch(0, &[(b"k", b"v"), (b"k", b"v")])])),
        ]);
        let mut p = partition();
        let mut lines = Vec::new();
        assert!(verify(&mut p, Some(&answers), &mut max, &mut |l| {
            lines.push(l.to_string());
            Ok(())
        })
        .is_err());
        assert_eq!(
            lines,
            vec!["partition t-0: replica 1's offset 0 doesn't match replica 2's offset 1"]
        );
    }
}
