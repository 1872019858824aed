//! `kafka-transactions`: the transactional state of producers; finds and aborts hanging
//! transactions (Java's TransactionsCommand).
//!
//! Every subcommand speaks the native path (`client::admin::transactions`); `find-hanging` also
//! reads the topics' replicas from metadata. Tables are Java's `prettyPrintTable`; failures are
//! Java's `<what>: <cause>. Enable debug logging for additional detail.` lines, exit 1.

use std::collections::HashMap;
use std::io::{self, Write};

use anyhow::{anyhow, Result};
use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::client::admin::partitions::TopicPartition;
use crate::client::admin::transactions::{
    self as txn, AbortSpec, ListFilter, ProducerState, ProducersAt,
};
use crate::client::native::Native;
use crate::client::{Admin, SettingsBuilder};
use crate::common::now_ms;
use crate::common::ConnectionArgs;
use crate::error::usage;
use crate::output::java::{hash_order_by, pretty_table, topic_partition_hash, JavaMap};
use crate::output::{table_with_header, Format, OutputArgs, Render};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "List the transactions of every broker",
        "kafka-transactions --bootstrap-server localhost:9092 list",
    ),
    (
        "Describe one transactional id",
        "kafka-transactions --bootstrap-server localhost:9092 describe --transactional-id my-txn",
    ),
    (
        "Find transactions open for more than 15 minutes that no coordinator will finish",
        "kafka-transactions --bootstrap-server localhost:9092 find-hanging --broker-id 1",
    ),
    (
        "Abort the hanging transaction that starts at offset 42 of orders-0",
        "kafka-transactions --bootstrap-server localhost:9092 abort --topic orders --partition 0 --start-offset 42",
    ),
];

/// This tool is used to analyze the transactional state of producers in the cluster. It can be
/// used to detect and recover from hanging transactions.
#[derive(Parser, Debug)]
#[command(name = "kafka-transactions", version)]
pub struct TransactionsArgs {
    #[command(subcommand)]
    command: Command,

    #[command(flatten)]
    output: OutputArgs,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// The subcommands, with Java's names and options.
#[derive(Subcommand, Debug)]
enum Command {
    /// list transactions
    List {
        /// Duration (in millis) to filter by: if < 0, all transactions will be returned;
        /// otherwise, only transactions running longer than this duration will be returned
        #[arg(
            long = "duration-filter",
            value_name = "DURATION_FILTER",
            allow_negative_numbers = true
        )]
        duration_filter: Option<i64>,

        /// Transactional id regular expression pattern to filter by
        #[arg(
            long = "transactional-id-pattern",
            value_name = "TRANSACTIONAL_ID_PATTERN"
        )]
        transactional_id_pattern: Option<String>,
    },

    /// describe the state of an active transactional-id
    Describe {
        /// transactional id
        #[arg(long = "transactional-id", value_name = "TRANSACTIONAL_ID")]
        transactional_id: String,
    },

    /// describe the states of active producers for a topic partition
    #[command(name = "describe-producers")]
    DescribeProducers {
        /// optional broker id to describe the producer state on a specific replica
        #[arg(
            long = "broker-id",
            value_name = "BROKER_ID",
            allow_negative_numbers = true
        )]
        broker_id: Option<i32>,

        /// topic name
        #[arg(long, value_name = "TOPIC")]
        topic: String,

        /// partition number
        #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
        partition: i32,
    },

    /// abort a hanging transaction (requires administrative privileges)
    ///
    /// Brokers on versions 3.0 and above need only --start-offset; older brokers need
    /// --producer-id, --producer-epoch and --coordinator-epoch.
    Abort {
        /// topic name
        #[arg(long, value_name = "TOPIC")]
        topic: String,

        /// partition number
        #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
        partition: i32,

        /// start offset of the transaction to abort
        #[arg(
            long = "start-offset",
            value_name = "START_OFFSET",
            allow_negative_numbers = true,
            help_heading = "Brokers on versions 3.0 and above"
        )]
        start_offset: Option<i64>,

        /// producer id
        #[arg(
            long = "producer-id",
            value_name = "PRODUCER_ID",
            allow_negative_numbers = true,
            help_heading = "Brokers on versions older than 3.0"
        )]
        producer_id: Option<i64>,

        /// producer epoch
        #[arg(
            long = "producer-epoch",
            value_name = "PRODUCER_EPOCH",
            allow_negative_numbers = true,
            help_heading = "Brokers on versions older than 3.0"
        )]
        producer_epoch: Option<i16>,

        /// coordinator epoch
        #[arg(
            long = "coordinator-epoch",
            value_name = "COORDINATOR_EPOCH",
            allow_negative_numbers = true,
            help_heading = "Brokers on versions older than 3.0"
        )]
        coordinator_epoch: Option<i32>,
    },

    /// find hanging transactions
    #[command(name = "find-hanging")]
    FindHanging {
        /// broker id to search for hanging transactions
        #[arg(
            long = "broker-id",
            value_name = "BROKER_ID",
            allow_negative_numbers = true
        )]
        broker_id: Option<i32>,

        /// maximum transaction timeout in minutes to limit the scope of the search (15 minutes
        /// by default)
        #[arg(
            long = "max-transaction-timeout",
            value_name = "MAX_TRANSACTION_TIMEOUT",
            default_value_t = 15,
            allow_negative_numbers = true
        )]
        max_transaction_timeout: i32,

        /// topic name to limit search to (required if --partition is specified)
        #[arg(long, value_name = "TOPIC")]
        topic: Option<String>,

        /// partition number
        #[arg(long, value_name = "PARTITION", allow_negative_numbers = true)]
        partition: Option<i32>,
    },

    /// Force abort an ongoing transaction on transactionalId (requires administrative
    /// privileges)
    #[command(name = "forceTerminateTransaction")]
    ForceTerminateTransaction {
        /// transactional id
        #[arg(long = "transactionalId", value_name = "TRANSACTIONALID")]
        transactional_id: String,
    },
}

/// Java's failure line: `<what>: <cause>. Enable debug logging for additional detail.` A failure
/// to use the cluster at all, or a signal, keeps its own kind (and exit status).
fn failed(what: &str, err: anyhow::Error) -> anyhow::Error {
    if crate::error::is_fatal(&err) || err.downcast_ref::<crate::error::Interrupted>().is_some() {
        return err.context(what.to_string());
    }
    anyhow!("{what}: {err:#}. Enable debug logging for additional detail.")
}

/// A result Java prints as a pretty table: its header and rows as text.
trait Rows: Serialize {
    /// Java's column names.
    const HEADERS: &'static [&'static str];

    /// The cells of each row, as Java prints them.
    fn rows(&self) -> Vec<Vec<String>>;
}

/// A [`Rows`] result to print: Java's table as text, the same table with `--output table`,
/// the result itself as JSON.
#[derive(Serialize)]
#[serde(transparent)]
struct Tabled<'a, T: Rows>(&'a T);

impl<T: Rows> Render for Tabled<'_, T> {
    fn text(&self, w: &mut dyn Write) -> io::Result<()> {
        w.write_all(pretty_table(T::HEADERS, &self.0.rows()).as_bytes())
    }

    fn table(&self) -> Option<comfy_table::Table> {
        let mut t = table_with_header(T::HEADERS.iter().copied());
        for row in self.0.rows() {
            t.add_row(row);
        }
        Some(t)
    }
}

/// One row of `list`.
#[derive(Debug, Serialize)]
struct Listed {
    transactional_id: String,
    coordinator: i32,
    producer_id: i64,
    state: String,
}

/// `list`'s result.
#[derive(Debug, Serialize)]
struct ListReport {
    transactions: Vec<Listed>,
}

const LIST_HEADERS: [&str; 4] = [
    "TransactionalId",
    "Coordinator",
    "ProducerId",
    "TransactionState",
];

impl Rows for ListReport {
    const HEADERS: &'static [&'static str] = &LIST_HEADERS;

    fn rows(&self) -> Vec<Vec<String>> {
        self.transactions
            .iter()
            .map(|t| {
                vec![
                    t.transactional_id.clone(),
                    t.coordinator.to_string(),
                    t.producer_id.to_string(),
                    t.state.clone(),
                ]
            })
            .collect()
    }
}

/// `describe`'s result.
#[derive(Debug, Serialize)]
struct Described {
    coordinator_id: i32,
    transactional_id: String,
    producer_id: i64,
    producer_epoch: i16,
    state: String,
    transaction_timeout_ms: i32,
    current_transaction_start_time_ms: Option<i64>,
    transaction_duration_ms: Option<i64>,
    topic_partitions: Vec<String>,
}

const DESCRIBE_HEADERS: [&str; 9] = [
    "CoordinatorId",
    "TransactionalId",
    "ProducerId",
    "ProducerEpoch",
    "TransactionState",
    "TransactionTimeoutMs",
    "CurrentTransactionStartTimeMs",
    "TransactionDurationMs",
    "TopicPartitions",
];

/// Java's `None` for an absent value.
fn or_none<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "None".to_string(), |v| v.to_string())
}

impl Rows for Described {
    const HEADERS: &'static [&'static str] = &DESCRIBE_HEADERS;

    fn rows(&self) -> Vec<Vec<String>> {
        vec![vec![
            self.coordinator_id.to_string(),
            self.transactional_id.clone(),
            self.producer_id.to_string(),
            self.producer_epoch.to_string(),
            self.state.clone(),
            self.transaction_timeout_ms.to_string(),
            or_none(self.current_transaction_start_time_ms),
            or_none(self.transaction_duration_ms),
            self.topic_partitions.join(","),
        ]]
    }
}

/// `describe-producers`' result.
#[derive(Debug, Serialize)]
struct ProducersReport {
    producers: Vec<ProducerState>,
}

const PRODUCERS_HEADERS: [&str; 6] = [
    "ProducerId",
    "ProducerEpoch",
    "LatestCoordinatorEpoch",
    "LastSequence",
    "LastTimestamp",
    "CurrentTransactionStartOffset",
];

impl Rows for ProducersReport {
    const HEADERS: &'static [&'static str] = &PRODUCERS_HEADERS;

    fn rows(&self) -> Vec<Vec<String>> {
        self.producers
            .iter()
            .map(|p| {
                vec![
                    p.producer_id.to_string(),
                    p.producer_epoch.to_string(),
                    p.coordinator_epoch.unwrap_or(-1).to_string(),
                    p.last_sequence.to_string(),
                    p.last_timestamp.to_string(),
                    or_none(p.current_txn_start_offset),
                ]
            })
            .collect()
    }
}

/// One hanging transaction.
#[derive(Debug, Serialize)]
struct Hanging {
    topic: String,
    partition: i32,
    producer_id: i64,
    producer_epoch: i32,
    coordinator_epoch: i32,
    start_offset: i64,
    last_timestamp: i64,
    duration_minutes: i64,
}

/// `find-hanging`'s result.
#[derive(Debug, Serialize)]
struct HangingReport {
    hanging_transactions: Vec<Hanging>,
}

const HANGING_HEADERS: [&str; 8] = [
    "Topic",
    "Partition",
    "ProducerId",
    "ProducerEpoch",
    "CoordinatorEpoch",
    "StartOffset",
    "LastTimestamp",
    "Duration(min)",
];

impl Rows for HangingReport {
    const HEADERS: &'static [&'static str] = &HANGING_HEADERS;

    fn rows(&self) -> Vec<Vec<String>> {
        self.hanging_transactions
            .iter()
            .map(|h| {
                vec![
                    h.topic.clone(),
                    h.partition.to_string(),
                    h.producer_id.to_string(),
                    h.producer_epoch.to_string(),
                    h.coordinator_epoch.to_string(),
                    h.start_offset.to_string(),
                    h.last_timestamp.to_string(),
                    h.duration_minutes.to_string(),
                ]
            })
            .collect()
    }
}

/// What `abort` and `forceTerminateTransaction` did: Java prints nothing; JSON says what.
#[derive(Debug, Serialize)]
struct Done {
    /// `aborted` or `terminated`.
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partition: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    producer_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    producer_epoch: Option<i16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coordinator_epoch: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transactional_id: Option<String>,
}

impl Render for Done {
    fn text(&self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

impl Tool for TransactionsArgs {
    const NAME: &'static str = "kafka-transactions";

    fn output_format(&self) -> Format {
        self.output.output
    }

    async fn run(self, ctx: &mut Context) -> Result<()> {
        if self.connection.bootstrap_server.is_none() {
            return Err(usage("argument --bootstrap-server is required"));
        }
        // Java's checks that need no cluster come first.
        let abort_by_epochs = match &self.command {
            Command::Abort {
                start_offset: None,
                producer_id,
                producer_epoch,
                coordinator_epoch,
                ..
            } => Some(abort_epochs(
                *producer_id,
                *producer_epoch,
                *coordinator_epoch,
            )?),
            Command::FindHanging {
                broker_id,
                topic,
                partition,
                ..
            } => {
                if topic.is_none() && broker_id.is_none() {
                    return Err(usage(
                        "The `find-hanging` command requires either --topic or --broker-id to \
                         limit the scope of the search",
                    ));
                }
                if partition.is_some() && topic.is_none() {
                    return Err(usage(
                        "The --partition argument requires --topic to be provided",
                    ));
                }
                None
            }
            _ => None,
        };
        let settings = SettingsBuilder::new(&self.connection).build()?;
        let admin = Admin::connect(settings, ctx.shutdown.clone())?;
        let native = admin.native()?;
        match self.command {
            Command::List {
                duration_filter,
                transactional_id_pattern,
            } => {
                let filter = ListFilter {
                    producer_ids: Vec::new(),
                    duration_ms: duration_filter,
                    pattern: transactional_id_pattern,
                };
                let report = list(&native, &filter).await?;
                ctx.out.emit(&Tabled(&report))?;
            }
            Command::Describe { transactional_id } => {
                let report = describe(&native, &transactional_id).await?;
                ctx.out.emit(&Tabled(&report))?;
            }
            Command::DescribeProducers {
                broker_id,
                topic,
                partition,
            } => {
                let tp = TopicPartition::new(topic, partition);
                let at = broker_id.map_or(ProducersAt::Leader, ProducersAt::Broker);
                let clause =
                    broker_id.map_or_else(|| "leader".to_string(), |b| format!("broker {b}"));
                let what = format!("Failed to describe producers for partition {tp} on {clause}");
                let producers = producers_of(&native, at, &tp)
                    .await
                    .map_err(|e| failed(&what, e))?;
                ctx.out.emit(&Tabled(&ProducersReport { producers }))?;
            }
            Command::Abort {
                topic,
                partition,
                start_offset,
                ..
            } => {
                let tp = TopicPartition::new(topic, partition);
                let spec = match (abort_by_epochs, start_offset) {
                    (Some((producer_id, producer_epoch, coordinator_epoch)), _) => AbortSpec {
                        partition: tp,
                        producer_id,
                        producer_epoch,
                        coordinator_epoch,
                    },
                    (None, Some(offset)) => abort_spec_at(&native, tp, offset).await?,
                    (None, None) => return Err(anyhow!("no transaction to abort was named")),
                };
                txn::abort_transaction(&native, &spec)
                    .await
                    .and_then(|r| r.map_err(anyhow::Error::new))
                    .map_err(|e| failed(&format!("Failed to abort transaction {spec}"), e))?;
                ctx.out.emit(&Done {
                    action: "aborted",
                    topic: Some(spec.partition.topic.clone()),
                    partition: Some(spec.partition.partition),
                    producer_id: Some(spec.producer_id),
                    producer_epoch: Some(spec.producer_epoch),
                    coordinator_epoch: Some(spec.coordinator_epoch),
                    transactional_id: None,
                })?;
            }
            Command::FindHanging {
                broker_id,
                max_transaction_timeout,
                topic,
                partition,
            } => {
                let report = find_hanging(
                    &admin,
                    &native,
                    broker_id,
                    i64::from(max_transaction_timeout) * 60_000,
                    topic,
                    partition,
                )
                .await?;
                ctx.out.emit(&Tabled(&report))?;
            }
            Command::ForceTerminateTransaction { transactional_id } => {
                txn::force_terminate(&native, &transactional_id)
                    .await
                    .and_then(|r| r.map_err(anyhow::Error::new))
                    .map_err(|e| {
                        failed(
                            &format!(
                                "Failed to force terminate transactionalId `{transactional_id}`"
                            ),
                            e,
                        )
                    })?;
                ctx.out.emit(&Done {
                    action: "terminated",
                    topic: None,
                    partition: None,
                    producer_id: None,
                    producer_epoch: None,
                    coordinator_epoch: None,
                    transactional_id: Some(transactional_id),
                })?;
            }
        }
        Ok(())
    }
}

/// The producer id, epoch and coordinator epoch of `abort` without `--start-offset`, checked
/// as Java checks them (a negative coordinator epoch becomes 0: a transaction that hung before
/// its first marker shows -1, and 0 is at most any leader epoch).
fn abort_epochs(
    producer_id: Option<i64>,
    producer_epoch: Option<i16>,
    coordinator_epoch: Option<i32>,
) -> Result<(i64, i16, i32)> {
    let Some(producer_id) = producer_id else {
        return Err(usage(
            "The transaction to abort must be identified either with --start-offset (for \
             brokers on 3.0 or above) or with --producer-id, --producer-epoch, and \
             --coordinator-epoch (for older brokers)",
        ));
    };
    let Some(producer_epoch) = producer_epoch else {
        return Err(usage("Missing required argument --producer-epoch"));
    };
    let Some(coordinator_epoch) = coordinator_epoch else {
        return Err(usage("Missing required argument --coordinator-epoch"));
    };
    Ok((producer_id, producer_epoch, coordinator_epoch.max(0)))
}

/// `list`: every broker's transactions, brokers in id order.
async fn list(native: &Native, filter: &ListFilter) -> Result<ListReport> {
    let by_broker = txn::list_transactions(native, filter)
        .await
        .map_err(|e| failed("Failed to list transactions", e))?;
    let transactions = by_broker
        .into_iter()
        .flat_map(|(broker, listings)| {
            listings.into_iter().map(move |l| Listed {
                transactional_id: l.transactional_id,
                coordinator: broker,
                producer_id: l.producer_id,
                state: l.state,
            })
        })
        .collect();
    Ok(ListReport { transactions })
}

/// `describe`: one transactional id at its coordinator.
async fn describe(native: &Native, transactional_id: &str) -> Result<Described> {
    let description = txn::describe_transaction(native, transactional_id)
        .await
        .and_then(|r| r.map_err(anyhow::Error::new))
        .map_err(|e| {
            failed(
                &format!(
                    "Failed to describe transaction state of transactional-id `{transactional_id}`"
                ),
                e,
            )
        })?;
    // Java keeps the partitions in a HashSet.
    let partitions = hash_order_by(description.partitions, JavaMap::Default, |tp| {
        topic_partition_hash(&tp.topic, tp.partition)
    });
    Ok(Described {
        coordinator_id: description.coordinator_id,
        transactional_id: transactional_id.to_string(),
        producer_id: description.producer_id,
        producer_epoch: description.producer_epoch,
        state: description.state,
        transaction_timeout_ms: description.timeout_ms,
        current_transaction_start_time_ms: description.start_time_ms,
        transaction_duration_ms: description.start_time_ms.map(|start| now_ms() - start),
        topic_partitions: partitions.iter().map(ToString::to_string).collect(),
    })
}

/// The active producers of one partition, or the partition's error.
async fn producers_of(
    native: &Native,
    at: ProducersAt,
    tp: &TopicPartition,
) -> Result<Vec<ProducerState>> {
    let answer = txn::describe_producers(native, at, std::slice::from_ref(tp)).await?;
    match answer.into_iter().next() {
        Some((_, result)) => result.map_err(anyhow::Error::new),
        None => Err(anyhow!(
            "DescribeProducers answered nothing for partition {tp}"
        )),
    }
}

/// Java's abort spec for the transaction that starts at `offset` of `tp`, from the leader's
/// producer state.
async fn abort_spec_at(native: &Native, tp: TopicPartition, offset: i64) -> Result<AbortSpec> {
    let producers = producers_of(native, ProducersAt::Leader, &tp)
        .await
        .map_err(|e| {
            failed(
                &format!("Failed to validate producer state for partition {tp}"),
                e,
            )
        })?;
    let Some(producer) = producers
        .iter()
        .find(|p| p.current_txn_start_offset == Some(offset))
    else {
        return Err(anyhow!(
            "Could not find any open transactions starting at offset {offset} on partition {tp}"
        ));
    };
    Ok(AbortSpec {
        producer_id: producer.producer_id,
        // Java narrows the epoch to a short.
        producer_epoch: producer.producer_epoch as i16,
        coordinator_epoch: producer.coordinator_epoch.unwrap_or(0),
        partition: tp,
    })
}

/// Java's batch size for DescribeTopics and DescribeProducers in `find-hanging`.
const MAX_BATCH_SIZE: usize = 500;

/// An open transaction found on a partition.
#[derive(Debug, Clone)]
struct OpenTxn {
    tp: TopicPartition,
    producer: ProducerState,
}

/// `find-hanging`: open transactions older than the longest transaction timeout whose
/// coordinator does not know their partition (or whose transactional id it does not know).
async fn find_hanging(
    admin: &Admin,
    native: &Native,
    broker_id: Option<i32>,
    max_timeout_ms: i64,
    topic: Option<String>,
    partition: Option<i32>,
) -> Result<HangingReport> {
    let partitions = partitions_to_search(admin, broker_id, topic, partition)?;
    let at = broker_id.map_or(ProducersAt::Leader, ProducersAt::Broker);
    let mut candidates = Vec::new();
    for batch in partitions.chunks(MAX_BATCH_SIZE) {
        let what = format!(
            "Failed to describe producers for {} partitions on broker {}",
            batch.len(),
            broker_id.map_or_else(
                || "Optional.empty".to_string(),
                |b| format!("Optional[{b}]")
            )
        );
        let answers = txn::describe_producers(native, at, batch)
            .await
            .map_err(|e| failed(&what, e))?;
        let now = now_ms();
        let mut found = Vec::new();
        for (tp, result) in answers {
            let producers = result.map_err(|e| failed(&what, anyhow::Error::new(e)))?;
            for producer in producers {
                if producer.current_txn_start_offset.is_some()
                    && now - producer.last_timestamp > max_timeout_ms
                {
                    found.push(OpenTxn {
                        tp: tp.clone(),
                        producer,
                    });
                }
            }
        }
        // Java walks its result map (a HashMap by partition).
        candidates.extend(hash_order_by(found, JavaMap::Default, |o| {
            topic_partition_hash(&o.tp.topic, o.tp.partition)
        }));
    }
    let hanging = if candidates.is_empty() {
        Vec::new()
    } else {
        filter_hanging(native, candidates).await?
    };
    let now = now_ms();
    Ok(HangingReport {
        hanging_transactions: hanging
            .into_iter()
            .map(|o| Hanging {
                topic: o.tp.topic,
                partition: o.tp.partition,
                producer_id: o.producer.producer_id,
                producer_epoch: o.producer.producer_epoch,
                coordinator_epoch: o.producer.coordinator_epoch.unwrap_or(-1),
                start_offset: o.producer.current_txn_start_offset.unwrap_or(-1),
                last_timestamp: o.producer.last_timestamp,
                duration_minutes: (now - o.producer.last_timestamp) / 60_000,
            })
            .collect(),
    })
}

/// The partitions `find-hanging` looks at: the one named, a topic's, or every topic's
/// (internal ones too), kept to those with a replica on `broker_id` when given.
fn partitions_to_search(
    admin: &Admin,
    broker_id: Option<i32>,
    topic: Option<String>,
    partition: Option<i32>,
) -> Result<Vec<TopicPartition>> {
    if let (Some(topic), Some(partition)) = (&topic, partition) {
        return Ok(vec![TopicPartition::new(topic.clone(), partition)]);
    }
    let metadata = admin
        .metadata()
        .map_err(|e| failed("Failed to list topics", e))?;
    let topics: Vec<String> = match topic {
        Some(t) => vec![t],
        None => metadata.topics.iter().map(|t| t.name.clone()).collect(),
    };
    let mut out = Vec::new();
    for batch in topics.chunks(MAX_BATCH_SIZE) {
        for name in batch {
            let Some(info) = metadata.topics.iter().find(|t| t.name == *name) else {
                return Err(failed(
                    &format!("Failed to describe {} topics", batch.len()),
                    anyhow!("This server does not host this topic-partition."),
                ));
            };
            for p in &info.partitions {
                if broker_id.is_none_or(|b| p.replicas.contains(&b)) {
                    out.push(TopicPartition::new(name.clone(), p.id));
                }
            }
        }
    }
    Ok(out)
}

/// Java's `Long.hashCode`.
fn long_hash(v: i64) -> i32 {
    (v ^ ((v as u64) >> 32) as i64) as i32
}

/// Keeps the candidates no coordinator will finish: their producer id has no transactional id,
/// the transactional id is unknown, or its transaction does not include the partition.
async fn filter_hanging(native: &Native, candidates: Vec<OpenTxn>) -> Result<Vec<OpenTxn>> {
    // Java groups by producer id in a HashMap.
    let mut by_producer: Vec<(i64, Vec<OpenTxn>)> = Vec::new();
    for c in candidates {
        match by_producer
            .iter_mut()
            .find(|(p, _)| *p == c.producer.producer_id)
        {
            Some((_, list)) => list.push(c),
            None => by_producer.push((c.producer.producer_id, vec![c])),
        }
    }
    let by_producer = hash_order_by(by_producer, JavaMap::Default, |(p, _)| long_hash(*p));
    let producer_ids: Vec<i64> = by_producer.iter().map(|(p, _)| *p).collect();
    let filter = ListFilter {
        producer_ids: producer_ids.clone(),
        ..ListFilter::default()
    };
    let listings = txn::list_transactions(native, &filter).await.map_err(|e| {
        failed(
            &format!(
                "Failed to list transactions for {} producers",
                producer_ids.len()
            ),
            e,
        )
    })?;
    let mut transactional_ids: HashMap<i64, String> = HashMap::new();
    for (_, list) in listings {
        for l in list {
            if producer_ids.contains(&l.producer_id) {
                transactional_ids.insert(l.producer_id, l.transactional_id);
            }
        }
    }
    let mut descriptions: HashMap<String, Option<Vec<TopicPartition>>> = HashMap::new();
    let count = transactional_ids.len();
    for id in transactional_ids.values() {
        let what = format!("Failed to describe {count} transactions");
        match txn::describe_transaction(native, id)
            .await
            .map_err(|e| failed(&what, e))?
        {
            Ok(d) => {
                descriptions.insert(id.clone(), Some(d.partitions));
            }
            // TRANSACTIONAL_ID_NOT_FOUND
            Err(e) if e.code == 105 => {
                descriptions.insert(id.clone(), None);
            }
            Err(e) => return Err(failed(&what, anyhow::Error::new(e))),
        }
    }
    let mut hanging = Vec::new();
    for (producer_id, open) in by_producer {
        let known = transactional_ids
            .get(&producer_id)
            .and_then(|id| descriptions.get(id))
            .and_then(Option::as_ref);
        match known {
            None => hanging.extend(open),
            Some(partitions) => {
                hanging.extend(open.into_iter().filter(|o| !partitions.contains(&o.tp)))
            }
        }
    }
    Ok(hanging)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_hash_is_javas() {
        assert_eq!(long_hash(0), 0);
        assert_eq!(long_hash(5), 5);
        assert_eq!(long_hash(-1), 0);
        assert_eq!(long_hash(1 << 32), 1);
    }

    #[test]
    fn abort_without_start_offset_is_checked_as_java_checks_it() {
        let err = |r: Result<(i64, i16, i32)>| r.unwrap_err().to_string();
        assert!(err(abort_epochs(None, None, None)).starts_with("The transaction to abort must"));
        assert_eq!(
            err(abort_epochs(Some(1), None, Some(0))),
            "Missing required argument --producer-epoch"
        );
        assert_eq!(
            err(abort_epochs(Some(1), Some(0), None)),
            "Missing required argument --coordinator-epoch"
        );
        assert_eq!(abort_epochs(Some(7), Some(2), Some(-1)).unwrap(), (7, 2, 0));
    }

    #[test]
    fn absent_values_print_as_none() {
        assert_eq!(or_none(Some(3)), "3");
        assert_eq!(or_none::<i64>(None), "None");
    }
}
