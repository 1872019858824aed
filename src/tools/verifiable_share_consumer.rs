//! `kafka-verifiable-share-consumer`: consume as a member of a share group and report what
//! happened as JSON events, as Kafka 4.4's VerifiableShareConsumer does.
//!
//! Events, fields and their order are Java's (the Jackson classes of VerifiableShareConsumer):
//! `startup_complete`, `offset_reset_strategy_set` (after IncrementalAlterConfigs of the
//! group's `share.auto.offset.reset`), per poll `record_data` (with `--verbose`) and
//! `records_consumed`, per acknowledgement result `offsets_acknowledged`, then
//! `shutdown_complete`; `shutdown_requested` comes from the shutdown hook: first on a signal,
//! last after a natural end. The run ends once `--max-messages` records were acknowledged
//! successfully (not merely consumed).
//!
//! Acknowledgement modes, as in Java: `auto` leaves the records of a poll to be accepted
//! implicitly with the next one; `sync` and `async` commit after every poll; `--ack-pattern`
//! switches to explicit acknowledgement, one type per record chosen by `offset % length`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use clap::Parser;
use serde_json::{json, Value};

use super::verifiable::emit;
use crate::client::admin::configs::{native as configs, ConfigChange, ResourceKind};
use crate::client::config::ClientSettings;
use crate::client::native::Native;
use crate::client::share::{AckMode, AckResult, AckType, ShareConsumer, ShareRecord};
use crate::client::SettingsBuilder;
use crate::common::{ConnectionArgs, Shutdown};
use crate::error::{is_fatal, usage, Interrupted};
use crate::output::java::{hash_order, JavaMap};
use crate::tools::{Context, Tool};

/// Examples for the man page.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "Consume 1000 records with share group g from the start of the topic, printing each record",
        "kafka-verifiable-share-consumer --bootstrap-server localhost:9092 --topic verify --group-id g --max-messages 1000 --offset-reset-strategy earliest --verbose",
    ),
    (
        "Acknowledge explicitly: accept, release and reject in turn, committing after every poll",
        "kafka-verifiable-share-consumer --bootstrap-server localhost:9092 --topic verify --group-id g --acknowledgement-mode sync --ack-pattern accept,release,reject",
    ),
];

/// How long one poll waits for records (Java polls for 5 s; a shorter wait keeps Ctrl-C
/// prompt, and an idle poll costs one ShareFetch either way).
const POLL_WAIT: Duration = Duration::from_millis(500);

/// Consume messages as a share group member and report events as JSON lines.
#[derive(Parser, Debug)]
#[command(name = "kafka-verifiable-share-consumer", version)]
pub struct VerifiableShareConsumerArgs {
    /// REQUIRED: the topic to consume from
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,

    /// REQUIRED: the share group id
    #[arg(long = "group-id", value_name = "GROUP-ID")]
    group_id: Option<String>,

    /// Stop after this many records were acknowledged (-1: until stopped)
    #[arg(
        long = "max-messages",
        value_name = "MAX-MESSAGES",
        default_value_t = -1,
        allow_negative_numbers = true
    )]
    max_messages: i32,

    /// Also print one record_data event per record
    #[arg(long)]
    verbose: bool,

    /// auto (implicit, with the next poll), sync or async (a commit after every poll)
    #[arg(
        long = "acknowledgement-mode",
        value_name = "ACKNOWLEDGEMENT-MODE",
        default_value = "auto",
        value_parser = crate::tools::Suggest(&["auto", "sync", "async"])
    )]
    acknowledgement_mode: String,

    /// Comma-separated cycle of accept|release|reject applied to each record by offset %
    /// length (explicit acknowledgement; needs --acknowledgement-mode sync or async)
    #[arg(long = "ack-pattern", value_name = "ACK-PATTERN", default_value = "")]
    ack_pattern: String,

    /// Set the group's share.auto.offset.reset first: earliest or latest
    #[arg(
        long = "offset-reset-strategy",
        value_name = "OFFSET-RESET-STRATEGY",
        default_value = "",
        value_parser = crate::tools::Suggest(&["earliest", "latest"])
    )]
    offset_reset_strategy: String,

    /// Deprecated alias of --command-config
    #[arg(long = "consumer.config", value_name = "CONFIG-FILE", value_hint = clap::ValueHint::FilePath)]
    consumer_config: Option<PathBuf>,

    #[command(flatten)]
    connection: ConnectionArgs,
}

/// `--acknowledgement-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Auto,
    Sync,
    Async,
}

/// One entry of `--ack-pattern` (Java's `AcknowledgeType` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PatternAck(AckType);

impl PatternAck {
    /// Java's `AcknowledgeType.name()`.
    fn java_name(self) -> &'static str {
        match self.0 {
            AckType::Accept => "ACCEPT",
            AckType::Release => "RELEASE",
            AckType::Reject => "REJECT",
        }
    }
}

/// Java's `parseAckPattern`: comma-separated names, trimmed, case-insensitive.
fn parse_ack_pattern(pattern: &str) -> Result<Vec<PatternAck>> {
    if pattern.is_empty() {
        return Ok(Vec::new());
    }
    pattern
        .split(',')
        .map(|item| match item.trim().to_uppercase().as_str() {
            "ACCEPT" => Ok(PatternAck(AckType::Accept)),
            "RELEASE" => Ok(PatternAck(AckType::Release)),
            "REJECT" => Ok(PatternAck(AckType::Reject)),
            "RENEW" => Err(usage(
                "--ack-pattern: 'renew' is not supported by this share consumer yet; use accept, release or reject",
            )),
            other => Err(usage(format!(
                "No enum constant org.apache.kafka.clients.consumer.AcknowledgeType.{other}"
            ))),
        })
        .collect()
}

/// What the acknowledgement callbacks need to know about the records acknowledged explicitly.
#[derive(Default)]
struct PatternState {
    pattern: Vec<PatternAck>,
    /// The type each pending offset was acknowledged with, per partition.
    pending: HashMap<(String, i32), HashMap<i64, PatternAck>>,
}

impl PatternState {
    /// The type for `record`: the pattern entry at `offset % length`.
    fn choose(&mut self, record: &ShareRecord) -> Option<PatternAck> {
        let len = i64::try_from(self.pattern.len()).ok().filter(|l| *l > 0)?;
        let index = usize::try_from(record.offset.rem_euclid(len)).ok()?;
        let ack = *self.pattern.get(index)?;
        self.pending
            .entry((record.topic.clone(), record.partition))
            .or_default()
            .insert(record.offset, ack);
        Some(ack)
    }

    /// Counts the acknowledged offsets by their type and forgets them.
    fn count(&mut self, results: &[AckResult], counts: &mut Vec<(String, i64)>) {
        for result in results {
            let key = (result.topic.clone(), result.partition);
            let Some(pending) = self.pending.get_mut(&key) else {
                continue;
            };
            for offset in &result.offsets {
                if let Some(ack) = pending.remove(offset) {
                    let name = ack.java_name();
                    match counts.iter_mut().find(|(n, _)| n == name) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((name.to_string(), 1)),
                    }
                }
            }
            if pending.is_empty() {
                self.pending.remove(&key);
            }
        }
    }
}

impl Tool for VerifiableShareConsumerArgs {
    const NAME: &'static str = "kafka-verifiable-share-consumer";

    async fn run(self, ctx: &mut Context) -> Result<()> {
        let topic = self
            .topic
            .clone()
            .ok_or_else(|| usage("argument --topic is required"))?;
        let group = self
            .group_id
            .clone()
            .ok_or_else(|| usage("argument --group-id is required"))?;
        let mode = match self.acknowledgement_mode.to_uppercase().as_str() {
            "AUTO" => Mode::Auto,
            "SYNC" => Mode::Sync,
            "ASYNC" => Mode::Async,
            other => {
                return Err(usage(format!(
                    "No enum constant org.apache.kafka.tools.VerifiableShareConsumer.AcknowledgementMode.{other}"
                )))
            }
        };
        let pattern = parse_ack_pattern(&self.ack_pattern)?;
        if !pattern.is_empty() && mode == Mode::Auto {
            return Err(usage(
                "--ack-pattern requires --acknowledgement-mode to be 'sync' or 'async', not 'auto'",
            ));
        }
        let reset = self.offset_reset_strategy.to_lowercase();
        if !reset.is_empty() && reset != "earliest" && reset != "latest" {
            return Err(usage(format!(
                "Unknown auto offset reset strategy: {}",
                self.offset_reset_strategy
            )));
        }
        if self.consumer_config.is_some() && self.connection.command_config.is_some() {
            return Err(usage(
                "Options --consumer.config and --command-config are mutually exclusive.",
            ));
        }
        let settings = SettingsBuilder::new(&self.connection)
            .file(self.consumer_config.as_deref())
            .set("group.id", group.clone())
            .build()?;
        let native = Native::new(&settings, ctx.shutdown.clone(), false)?;
        let ack_mode = if pattern.is_empty() {
            AckMode::Implicit
        } else {
            AckMode::Explicit
        };
        let mut run = Run {
            verbose: self.verbose,
            mode,
            patterns: PatternState {
                pattern,
                ..PatternState::default()
            },
            acknowledged: 0,
        };
        emit(ctx, "startup_complete", vec![])?;
        let started: Result<ShareConsumer> = async {
            if !reset.is_empty() {
                set_reset_strategy(&native, &group, &reset).await?;
                emit(
                    ctx,
                    "offset_reset_strategy_set",
                    vec![("offsetResetStrategy", Value::from(reset.clone()))],
                )?;
            }
            join(&settings, &group, &topic, ack_mode, &ctx.shutdown).await
        }
        .await;
        let mut consumer = match started {
            Ok(consumer) => consumer,
            Err(err) => {
                emit(ctx, "shutdown_complete", vec![])?;
                return Err(err);
            }
        };
        let limit = (self.max_messages >= 0).then(|| i64::from(self.max_messages));
        let outcome = run.consume(ctx, &mut consumer, limit).await;
        if let Err(Stop::Signal(_)) = &outcome {
            emit(ctx, "shutdown_requested", vec![])?;
        }
        let closed = consumer.close().await;
        let close_error = match closed {
            Ok(results) => {
                run.acknowledged(ctx, &results)?;
                None
            }
            Err(e) => Some(e),
        };
        emit(ctx, "shutdown_complete", vec![])?;
        match outcome {
            Ok(()) => {
                // Java's shutdown hook runs after a natural end too.
                emit(ctx, "shutdown_requested", vec![])?;
                close_error.map_or(Ok(()), Err)
            }
            Err(Stop::Signal(signal)) => Err(anyhow::Error::new(Interrupted(signal))),
            // A cluster that cannot be used (authentication, TLS, no broker) or a missing ACL
            // fails the run; any other error Java logs, shutting down normally.
            Err(Stop::Failed(err)) if is_fatal(&err) => Err(err),
            Err(Stop::Failed(err)) => {
                ctx.out.error_line(&format!("{err:#}"));
                Ok(())
            }
        }
    }
}

/// Joins `group` as a member subscribed to `topic`, until a shutdown request stops the join.
///
/// The member's client is not stopped by Ctrl-C / SIGTERM itself: a fetch cut off mid-flight
/// loses its share session, and the acknowledgements on the way out then fail ("no share
/// session with the partition's leader"). The tools check for the signal between polls
/// instead (a poll waits at most its timeout).
pub(crate) async fn join(
    settings: &ClientSettings,
    group: &str,
    topic: &str,
    mode: AckMode,
    shutdown: &Shutdown,
) -> Result<ShareConsumer> {
    let native = Native::new(settings, Shutdown::default(), false)?;
    let topics = [topic.to_string()];
    tokio::select! {
        consumer = ShareConsumer::new(native, group, &topics, mode, settings) => consumer,
        () = shutdown.wait() => Err(anyhow::Error::new(Interrupted(
            shutdown.requested().unwrap_or(2),
        ))),
    }
}

/// IncrementalAlterConfigs of the group's `share.auto.offset.reset` (Java's `run()` does this
/// before subscribing, with a 60 s wait).
async fn set_reset_strategy(native: &Native, group: &str, strategy: &str) -> Result<()> {
    let change = [ConfigChange::Set(
        "share.auto.offset.reset".into(),
        strategy.into(),
    )];
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        configs::alter(native, ResourceKind::Group, group, &change),
    )
    .await
    .map_err(|_| anyhow::anyhow!("timed out setting share.auto.offset.reset of group '{group}'"))?;
    match result? {
        None => Ok(()),
        Some((code, message)) => {
            if let Some(refusal) = crate::client::denied(code, None, Some(group)) {
                return Err(refusal);
            }
            Err(anyhow::anyhow!(
                "setting share.auto.offset.reset of group '{group}' failed: {message}"
            ))
        }
    }
}

/// Why the consume loop stopped early.
enum Stop {
    Signal(i32),
    Failed(anyhow::Error),
}

/// The state of one run: options and the acknowledged total.
struct Run {
    verbose: bool,
    mode: Mode,
    patterns: PatternState,
    /// Records acknowledged successfully (Java's `totalAcknowledged`).
    acknowledged: i64,
}

impl Run {
    /// Java's `run()` loop: poll, report, acknowledge, until `limit` records were acknowledged.
    async fn consume(
        &mut self,
        ctx: &mut Context,
        consumer: &mut ShareConsumer,
        limit: Option<i64>,
    ) -> std::result::Result<(), Stop> {
        while limit.is_none_or(|l| self.acknowledged < l) {
            if let Some(signal) = ctx.shutdown.requested() {
                return Err(Stop::Signal(signal));
            }
            let records = match consumer.poll(POLL_WAIT).await {
                Ok(records) => records,
                Err(e) => return Err(self.failed(ctx, e)),
            };
            // Java's callback runs inside poll, for the acknowledgements that went with its
            // fetches (auto mode: the previous poll's records), before the records come back.
            let results = consumer.acknowledged();
            self.acknowledged(ctx, &results).map_err(Stop::Failed)?;
            if records.is_empty() {
                continue;
            }
            self.received(ctx, consumer, &records)
                .map_err(Stop::Failed)?;
            match self.mode {
                Mode::Auto => {}
                // No asynchronous commit in this client: async commits like sync, and its
                // callback's event comes at once.
                Mode::Sync | Mode::Async => {
                    let results = consumer.commit().await.map_err(|e| self.failed(ctx, e))?;
                    self.acknowledged(ctx, &results).map_err(Stop::Failed)?;
                }
            }
        }
        Ok(())
    }

    /// A failed call: a signal if one came meanwhile, else the error (Java logs it and shuts
    /// down).
    fn failed(&self, ctx: &Context, err: anyhow::Error) -> Stop {
        match ctx.shutdown.requested() {
            Some(signal) => Stop::Signal(signal),
            None => Stop::Failed(err),
        }
    }

    /// Java's `onRecordsReceived`: the explicit acknowledgements, `record_data` per record
    /// (verbose), one `records_consumed` for the poll.
    fn received(
        &mut self,
        ctx: &mut Context,
        consumer: &mut ShareConsumer,
        records: &[ShareRecord],
    ) -> Result<()> {
        // Partitions in the order they come, each with its records.
        let mut order: Vec<(String, i32)> = Vec::new();
        let mut by_partition: HashMap<(String, i32), Vec<&ShareRecord>> = HashMap::new();
        for record in records {
            let key = (record.topic.clone(), record.partition);
            by_partition
                .entry(key.clone())
                .or_insert_with(|| {
                    order.push(key);
                    Vec::new()
                })
                .push(record);
        }
        let mut summaries: Vec<Value> = Vec::new();
        for key in &order {
            let Some(list) = by_partition.get(key) else {
                continue;
            };
            let mut offsets: BTreeSet<i64> = BTreeSet::new();
            for record in list {
                offsets.insert(record.offset);
                if let Some(ack) = self.patterns.choose(record) {
                    consumer.acknowledge(record, ack.0)?;
                }
            }
            summaries.push(json!({
                "topic": key.0,
                "partition": key.1,
                "count": offsets.len(),
                "offsets": offsets.iter().collect::<Vec<_>>(),
            }));
            if self.verbose {
                for record in list {
                    emit(ctx, "record_data", record_data(record))?;
                }
            }
        }
        emit(
            ctx,
            "records_consumed",
            vec![
                ("count", Value::from(records.len())),
                ("partitions", Value::Array(summaries)),
            ],
        )?;
        Ok(())
    }

    /// Java's `onComplete` (the acknowledgement commit callback): one `offsets_acknowledged`
    /// per callback, i.e. per commit or close with results; a refusal in any partition makes
    /// the event a failure, as Java's callback gets one exception for the batch.
    fn acknowledged(&mut self, ctx: &mut Context, results: &[AckResult]) -> Result<()> {
        if results.is_empty() {
            return Ok(());
        }
        // One callback per outcome: the successes, then each refusal with its message.
        let mut batches: BTreeMap<Option<String>, Vec<&AckResult>> = BTreeMap::new();
        for result in results {
            batches
                .entry(result.error.clone())
                .or_default()
                .push(result);
        }
        for (error, batch) in batches {
            let count: i64 = batch
                .iter()
                .map(|r| i64::try_from(r.offsets.len()).unwrap_or(i64::MAX))
                .sum();
            let partitions: Vec<Value> = batch
                .iter()
                .map(|r| {
                    json!({
                        "topic": r.topic,
                        "partition": r.partition,
                        "count": r.offsets.len(),
                        "offsets": r.offsets,
                    })
                })
                .collect();
            let owned: Vec<AckResult> = batch.iter().map(|r| (*r).clone()).collect();
            let mut counts: Vec<(String, i64)> = Vec::new();
            self.patterns.count(&owned, &mut counts);
            let mut fields = vec![
                ("count", Value::from(count)),
                ("partitions", Value::Array(partitions)),
                ("success", Value::from(error.is_none())),
            ];
            if let Some(message) = &error {
                fields.push(("error", Value::from(message.clone())));
            } else if !self.patterns.pattern.is_empty() {
                // A HashMap<String, Long> in Java: its iteration order.
                let ordered = hash_order(counts, JavaMap::Default, |(name, _)| name.as_str());
                let map: serde_json::Map<String, Value> = ordered
                    .into_iter()
                    .map(|(name, n)| (name, Value::from(n)))
                    .collect();
                fields.push(("ackTypeCounts", Value::Object(map)));
            }
            emit(ctx, "offsets_acknowledged", fields)?;
            if error.is_none() {
                self.acknowledged += count;
            }
        }
        Ok(())
    }
}

/// The fields of Java's `RecordData` event: key and value as strings (Java's
/// StringDeserializer), topic, partition, offset.
fn record_data(record: &ShareRecord) -> Vec<(&'static str, Value)> {
    let text = |b: &Option<bytes::Bytes>| {
        b.as_ref().map_or(Value::Null, |b| {
            Value::from(String::from_utf8_lossy(b).into_owned())
        })
    };
    vec![
        ("key", text(&record.key)),
        ("value", text(&record.value)),
        ("topic", Value::from(record.topic.clone())),
        ("partition", Value::from(record.partition)),
        ("offset", Value::from(record.offset)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_patterns_parse_like_java() {
        let p = parse_ack_pattern(" Accept,release ,REJECT").unwrap();
        assert_eq!(
            p.iter().map(|a| a.java_name()).collect::<Vec<_>>(),
            vec!["ACCEPT", "RELEASE", "REJECT"]
        );
        assert!(parse_ack_pattern("").unwrap().is_empty());
        let err = parse_ack_pattern("accept,nope").unwrap_err().to_string();
        assert_eq!(
            err,
            "No enum constant org.apache.kafka.clients.consumer.AcknowledgeType.NOPE"
        );
    }

    #[test]
    fn the_pattern_entry_is_chosen_by_offset() {
        let mut state = PatternState {
            pattern: parse_ack_pattern("accept,release,reject").unwrap(),
            ..PatternState::default()
        };
        let record = |offset| ShareRecord {
            topic: "t".into(),
            partition: 0,
            offset,
            timestamp: 0,
            timestamp_type: crate::client::share::TimestampType::Create,
            key: None,
            value: None,
            headers: Vec::new(),
            delivery_count: 1,
            leader_epoch: None,
        };
        let chosen: Vec<&str> = (0..4)
            .filter_map(|o| state.choose(&record(o)))
            .map(|a| a.java_name())
            .collect();
        assert_eq!(chosen, vec!["ACCEPT", "RELEASE", "REJECT", "ACCEPT"]);
        let mut counts = Vec::new();
        state.count(
            &[AckResult {
                topic: "t".into(),
                partition: 0,
                offsets: vec![0, 1, 2, 3],
                error: None,
            }],
            &mut counts,
        );
        assert_eq!(
            counts,
            vec![
                ("ACCEPT".to_string(), 2),
                ("RELEASE".to_string(), 1),
                ("REJECT".to_string(), 1)
            ]
        );
        assert!(state.pending.is_empty());
    }
}
